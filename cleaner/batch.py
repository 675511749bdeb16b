"""Batch cleaning: input files to an output tree, in worker processes, resumable.

Each input gets one output path that mirrors its path below the input folder; two inputs
never share one. Outputs are written whole (a temporary file, then a rename) by the main
process alone, so a killed run leaves no half files: a rerun removes the temporary files,
skips the outputs already newer than their inputs and does the rest.

Documents go to the workers in small ordered tasks with a bounded number in flight, so a
large JSON Lines file streams through in constant memory and its records keep their order.
Bad input (an unreadable file, a bad record) is reported in one line and counted; any other
exception is a bug, reported with its traceback, and the batch still goes on.
"""

from __future__ import annotations

import gc
import gzip
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tqdm import tqdm

from cleaner.limits import time_limit
from cleaner.model import CleanResult
from cleaner.pipeline import Cleaner
from cleaner.progress import Ticker
from cleaner.sources import (
    BAD_INPUT,
    JSONL,
    PARQUET,
    STREAMS,
    WARC,
    InputError,
    Item,
    Reading,
    Source,
    format_for,
    parse_record,
    read_bytes,
    real_all,
    records,
)
from cleaner.sources import stem as source_stem

if TYPE_CHECKING:
    from cleaner.parquet import ParquetOutput

OUTPUT_SUFFIX = {"txt": ".txt", "json": ".json"}
STREAM_OUTPUT = {JSONL: JSONL, WARC: JSONL, PARQUET: PARQUET}  # a record stream's output
COMPRESS_SUFFIX = {"gz": ".gz", "zst": ".zst"}  # --compress: outputs but Parquet's
RESULT_KEY = "cleaner"  # a JSON Lines record keeps its fields; the result goes under this key
TMP_SUFFIX = ".cleaner-tmp"
RECORDS_PER_TASK = 32  # JSON Lines records sent to a worker at once
FILES_PER_TASK = 8  # document files sent to a worker at once
WARM_UP = "The council said on Monday that the library will stay open for another year."
TASKS_PER_WORKER = 4  # tasks in flight per worker: enough to keep it busy, few in memory
TIMEOUT = 60.0  # seconds one document may take before it is given up as failed


class PlanError(ValueError):
    """Options or paths that make the batch impossible (the command line's fault)."""


# --- Planning: one output per input -------------------------------------------------------


@dataclass(frozen=True)
class Job:
    source: Source
    output: Path


def _output_name(
    source: Source, output_format: str, whole_name: bool = False, compress: str | None = None
) -> Path:
    suffix = STREAM_OUTPUT.get(source.kind) or OUTPUT_SUFFIX[output_format]
    if compress and suffix != PARQUET:
        suffix += COMPRESS_SUFFIX[compress]
    relative = source.relative
    name = relative.name if whole_name else source_stem(relative)
    return relative.parent / (name + suffix)


def plan(
    sources: list[Source], out_dir: Path, output_format: str, compress: str | None = None
) -> tuple[list[Job], list[str]]:
    """Jobs with their output paths, and a warning for each set of inputs that would have
    written one output: those keep their whole name (``a.md`` -> ``a.md.txt``, ``a.txt`` ->
    ``a.txt.txt``), and any output still taken gets a number (``a-2.txt``)."""
    names = [_output_name(s, output_format, compress=compress) for s in sources]
    shared = Counter(names)
    wanted = [
        _output_name(s, output_format, whole_name=True, compress=compress) if shared[n] > 1 else n
        for s, n in zip(sources, names, strict=True)
    ]
    taken: set[Path] = set()
    final: list[Path] = []
    for name in wanted:
        candidate, number = name, 2
        while candidate in taken:
            candidate = name.with_name(f"{source_stem(name)}-{number}{name.suffix}")
            number += 1
        taken.add(candidate)
        final.append(candidate)
    warnings = []
    for name, count in shared.items():
        if count > 1:
            group = [(s, f) for s, n, f in zip(sources, names, final, strict=True) if n == name]
            inputs = ", ".join(str(s.path) for s, _ in group)
            outputs = ", ".join(str(out_dir / f) for _, f in group)
            warnings.append(f"{inputs} would all be written to {out_dir / name}: writing {outputs}")
    for source, name, final_name in zip(sources, wanted, final, strict=True):
        if name != final_name:
            warnings.append(
                f"{out_dir / name} is taken: writing {source.path} to {out_dir / final_name}"
            )
    jobs = [Job(s, out_dir / f) for s, f in zip(sources, final, strict=True)]
    inputs = set(real_all(s.path for s in sources))
    for job, output in zip(jobs, real_all(job.output for job in jobs), strict=True):
        if output in inputs:
            raise PlanError(f"{job.output} would overwrite an input: choose another output folder")
    return jobs, warnings


def up_to_date(job: Job) -> bool:
    """The output exists and is newer than its input."""
    try:
        return job.output.stat().st_mtime_ns > job.source.path.stat().st_mtime_ns
    except FileNotFoundError:
        return False


# --- Writing whole files --------------------------------------------------------------------


def temporary(path: Path) -> Path:
    """Where an output is written before it is renamed into place."""
    return path.with_name(f".{path.name}{TMP_SUFFIX}")


def remove_leftovers(out_dir: Path) -> int:
    """Delete temporary files a killed run left behind; return how many."""
    count = 0
    for folder, _, files in os.walk(out_dir):
        for name in files:
            if name.startswith(".") and name.endswith(TMP_SUFFIX):
                Path(folder, name).unlink(missing_ok=True)
                count += 1
    return count


def compressor(handle: IO[bytes], compress: str | None) -> IO[bytes]:
    """A writer that compresses into ``handle`` (``gz`` or ``zst``), or ``handle`` itself;
    closing the writer leaves ``handle`` open."""
    if compress == "gz":
        return gzip.GzipFile(fileobj=handle, mode="wb", mtime=0)  # type: ignore[return-value]
    if compress == "zst":
        import zstandard  # the zstd extra: the command line checks it is there

        return zstandard.ZstdCompressor().stream_writer(handle, closefd=False)  # type: ignore[return-value]
    return handle


class WholeFile:
    """An output file that appears under its name only when it is complete."""

    def __init__(self, path: Path, compress: str | None = None) -> None:
        self.path = path
        self.tmp = temporary(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[bytes] | None = open(self.tmp, "wb")  # noqa: SIM115
        self.writer = compressor(self.handle, compress)

    def write(self, data: bytes) -> None:
        self.writer.write(data)

    def commit(self) -> None:
        assert self.handle is not None
        if self.writer is not self.handle:
            self.writer.close()
        self.handle.close()
        self.handle = None
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        self.tmp.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes, compress: str | None = None) -> None:
    out = WholeFile(path, compress)
    try:
        out.write(data)
        out.commit()
    finally:
        out.abort()


# --- Work done in the worker processes ------------------------------------------------------


@dataclass(frozen=True)
class FileTask:
    """Clean one document file and write its output file whole. The worker writes it, so
    the main process, which all workers wait on, only keeps count."""

    path: Path
    output: Path
    output_format: str
    compress: str | None = None

    def run(self, cleaner: Cleaner) -> Outcome:
        data = read_bytes(self.path)
        result = cleaner.clean(data, format_for(self.path))
        if filtered := _filtered(cleaner, result):
            return Outcome(size=len(data), filtered=filtered)  # no output written
        if self.output_format == "json":
            text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:  # an empty body is an empty file (``find OUT -empty`` lists them)
            text = result.body + "\n" if result.body else ""
        with _WRITING:
            write_whole(self.output, text.encode("utf-8"), self.compress)
        return Outcome.of(result, b"", len(data))


@dataclass(frozen=True)
class RecordTask:
    """Clean one record: a JSON Lines line, or a record read already (a WARC response, a
    Parquet row). The output is the record's line, or the record itself when ``rows``."""

    line: Item
    number: int
    text_field: str
    format: str | None = None  # the format of the record's text: "html" for WARC
    rows: bool = False  # output the record as a dict (a Parquet row), not a JSON line

    def run(self, cleaner: Cleaner) -> Outcome:
        record, text = parse_record(self.line, self.text_field)
        result = cleaner.clean(text, self.format)
        if filtered := _filtered(cleaner, result):
            return Outcome(size=len(text), filtered=filtered)  # the line is left out
        data = result.to_dict()
        record[self.text_field] = data.pop("body")
        if isinstance(self.line, dict) and not data["url"]:  # a WARC record's target URL
            data["url"] = record.get("url") if isinstance(record.get("url"), str) else ""
        record[RESULT_KEY] = data
        outcome = Outcome.of(result, b"", len(text))
        if not outcome.url and isinstance(record.get("url"), str):  # the report's site
            outcome.url = record["url"]
        return self._outcome(outcome, record)

    def _outcome(self, outcome: Outcome, record: dict[str, Any]) -> Outcome:
        if self.rows:
            outcome.row = record
        else:
            outcome.data = json_line(record)
        return outcome

    def failed(self, error: str) -> bytes | dict[str, Any]:
        """The output of a record that could not be cleaned: the record unchanged when it
        is JSON, else its line as a string, with the error under RESULT_KEY."""
        if isinstance(self.line, dict):
            record: Any = dict(self.line)
            text = record.get(self.text_field)
            if isinstance(text, bytes):  # a row's binary text, kept in a string column
                record[self.text_field] = text.decode("utf-8", "replace")
        else:
            try:
                record = json.loads(self.line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                record = {"line": self.line.decode("utf-8", "replace").rstrip("\r\n")}
        record[RESULT_KEY] = {"error": error}
        return record if self.rows else json_line(record)


Task = FileTask | RecordTask


def _jsonable(value: Any) -> Any:
    """What JSON cannot hold as is: bytes as text, anything else (dates) as its string."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _filtered(cleaner: Cleaner, result: CleanResult) -> str:
    """The document's language ("-" for none) when the run keeps only other languages;
    "" when the document is kept."""
    wanted = cleaner.config.languages
    return "" if not wanted or result.language in wanted else result.language or "-"


def json_line(record: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(record, ensure_ascii=False, default=_jsonable) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # unpaired surrogates from JSON escapes: keep them escaped
        return (json.dumps(record, default=_jsonable) + "\n").encode("ascii")


@dataclass
class Outcome:
    """What a worker sends back for one document."""

    data: bytes = b""  # the output (a whole file, or one JSON Lines line)
    size: int = 0  # input bytes
    removed: dict[str, int] = field(default_factory=dict)
    comments: int = 0
    error: str = ""  # bad input, in one line
    bug: str = ""  # the traceback of an unexpected exception
    warnings: list[str] = field(default_factory=list)  # e.g. a rule that timed out
    filtered: str = ""  # the language of a document left out by --languages
    row: dict[str, Any] | None = None  # the output record of a Parquet row
    # For the report (--report): characters removed by category and kept, and the URL.
    removed_chars: dict[str, int] = field(default_factory=dict)
    kept_chars: int = 0
    url: str = ""

    @classmethod
    def of(cls, result: CleanResult, data: bytes, size: int) -> Outcome:
        removed = Counter(r.category for r in result.removed)
        warnings = list(result.stats.get("warnings", []))
        chars: Counter[str] = Counter()
        for cut in result.removed:
            chars[cut.category] += len(cut.text)
        if result.comments:
            chars["comments"] += sum(map(len, result.comments))
        outcome = cls(data, size, dict(removed), len(result.comments), warnings=warnings)
        outcome.removed_chars, outcome.kept_chars = dict(chars), len(result.body)
        outcome.url = result.url
        return outcome


_cleaner: Cleaner | None = None  # built once per worker process, by init_worker


def init_worker(cleaner: Cleaner, parent: int | None = None) -> None:
    """Pool initializer. A worker leaves Ctrl-C to the main process, and exits when the
    main process is gone (killed), instead of waiting for work forever."""
    global _cleaner
    _cleaner = cleaner
    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


# Held while a worker writes an output, so that a worker whose main process was killed
# exits between files, never halfway through one.
_WRITING = threading.Lock()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    with _WRITING:
        os._exit(1)


def work(tasks: list[Task], timeout: float | None = None) -> list[Outcome]:
    """Clean tasks in order, each within ``timeout`` seconds (None: no bound)."""
    assert _cleaner is not None, "init_worker was not called"
    return [_work_one(_cleaner, task, timeout) for task in tasks]


def _work_one(cleaner: Cleaner, task: Task, timeout: float | None) -> Outcome:
    try:
        with time_limit(timeout):  # DocumentTimeout is bad input: reported in one line
            return task.run(cleaner)
    except BAD_INPUT as exc:
        return _failed(task, Outcome(error=str(exc)), str(exc))
    except Exception as exc:  # a bug: reported with its traceback, the batch goes on
        return _failed(task, Outcome(bug=traceback.format_exc()), f"internal error: {exc!r}")


def _failed(task: Task, outcome: Outcome, error: str) -> Outcome:
    """A failed task's outcome; a record keeps its place in the output, with the error."""
    if isinstance(task, RecordTask):
        output = task.failed(error)
        if isinstance(output, dict):
            outcome.row = output
        else:
            outcome.data = output
    return outcome


# --- The main process: tasks out, outcomes in, in order -------------------------------------


@dataclass
class Summary:
    documents: int = 0
    size: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    comments: int = 0
    up_to_date: int = 0
    skipped: int = 0
    failed: int = 0
    bugs: int = 0
    warnings: Counter[str] = field(default_factory=Counter)  # warning -> documents
    filtered: Counter[str] = field(default_factory=Counter)  # language -> documents left out
    seconds: float = 0.0
    jobs: int = 1

    def lines(self) -> list[str]:
        rate = (self.documents + self.failed) / self.seconds if self.seconds else 0.0
        removed = ", ".join(f"{n:,} {category}" for category, n in self.removed.most_common())
        failed = f"failed {self.failed:,}"
        if self.bugs:
            failed += f" (internal errors: {self.bugs:,}, please report them)"
        return [
            f"cleaned {self.documents:,} documents ({_size(self.size)}) in "
            f"{self.seconds:.1f} s: {rate:,.1f} documents/s, "
            f"{self.jobs} {'process' if self.jobs == 1 else 'processes'}",
            f"removed: {removed or 'nothing'}; comments set apart: {self.comments:,}",
            f"up to date {self.up_to_date:,}, skipped {self.skipped:,}, {failed}",
            *(
                [f"filtered by language: {_documents(sum(self.filtered.values()))} ({left})"]
                if (left := ", ".join(f"{n:,} {lang}" for lang, n in self.filtered.most_common()))
                else []
            ),
            *(
                f"warning: {warning} in {_documents(n)}"
                for warning, n in sorted(self.warnings.items())
            ),
        ]


def _documents(count: int) -> str:
    return f"{count:,} document" if count == 1 else f"{count:,} documents"


def _size(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size / 1e3:,.1f} kB"


@dataclass
class Unit:
    """Tasks sent to a worker together: a few document files, or records of one JSON Lines
    job, which comes in several units: the first opens its output, the last commits it (or
    drops it when the file broke)."""

    job: Job
    tasks: list[Task]
    first: bool = True
    last: bool = True
    error: str = ""
    done: int = 0  # bytes of input this unit accounts for, for the progress bar


class _Inline:
    """Runs tasks in this process (``--jobs 1``), through the same interface as a pool."""

    def __init__(self, cleaner: Cleaner) -> None:
        init_worker(cleaner)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold Ctrl-C back until the pool has shut down, then raise it. A KeyboardInterrupt
    inside the pool's shutdown (a second Ctrl-C while the workers finish their documents,
    or the first one as the run ends) stops the wait for the pool's manager thread halfway:
    CPython 3.11 then takes that thread for finished, and the exit waits forever on workers
    that were never told to stop. Only the main thread can hold a signal back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if held:
        raise KeyboardInterrupt


class Batch:
    """One run: the cleaner, the options and the running tally."""

    def __init__(
        self,
        cleaner: Cleaner,
        *,
        output_format: str = "txt",
        text_field: str = "text",
        jobs: int = 1,
        force: bool = False,
        timeout: float | None = TIMEOUT,
        progress: bool = False,
        progress_every: float | None = None,
        compress: str | None = None,
        on_document: Callable[[Path, int | None, Outcome], None] | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        self.cleaner = cleaner
        self.output_format = output_format
        self.text_field = text_field
        self.jobs = jobs
        self.force = force
        self.timeout = timeout
        self.progress = progress
        self.progress_every = progress_every  # without a bar: a progress line this often (s)
        self.compress = compress
        self.on_document = on_document  # called with (file, record number, outcome) of each
        self._say = say
        self.summary = Summary(jobs=jobs)
        self._open: WholeFile | ParquetOutput | None = None  # the record stream being written
        self._bar: tqdm[Any] | Ticker | None = None

    def say(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            self._say(message)

    def run(self, jobs: list[Job]) -> Summary:
        started = time.perf_counter()
        todo = [job for job in jobs if self.force or not up_to_date(job)]
        self.summary.up_to_date += len(jobs) - len(todo)
        streams = any(j.source.kind in STREAMS for j in todo)  # documents not counted ahead
        known = None if streams else len(todo)
        workers = self.jobs if streams else max(1, min(self.jobs, len(todo)))
        # The pipeline loads some data on first use (the stop-word index, the rules' screen:
        # about a second): load it here once, before any document's time bound starts, and
        # so that forked workers start with it.
        self.cleaner.clean(WARM_UP)
        if workers > 1:
            # Forked workers share the parent's pages until they write to them, and a
            # garbage collection writes to every object it visits: what is loaded by now is
            # left out of collections until the pool is done (Python's advice for fork).
            # Workers fault 40% fewer pages; the tree's PSS on JSON Lines fell by 24 MB.
            gc.freeze()
        pool = (
            _Inline(self.cleaner)
            if workers == 1
            else ProcessPoolExecutor(
                workers, initializer=init_worker, initargs=(self.cleaner, os.getpid())
            )
        )
        self._bar = self._progress_bar(todo, known)
        try:
            window: deque[tuple[Unit, Future[list[Outcome]] | None]] = deque()
            for unit in self._units(todo):
                future = pool.submit(work, unit.tasks, self.timeout) if unit.tasks else None
                window.append((unit, future))
                if len(window) >= workers * TASKS_PER_WORKER:
                    self._finish(*window.popleft())
            while window:
                self._finish(*window.popleft())
        finally:
            with _interrupt_held():
                if self._open is not None:  # interrupted in the middle of a JSON Lines file
                    self._open.abort()
                pool.shutdown(wait=True, cancel_futures=True)
                if self._bar is not None:
                    self._bar.close()
                    self._bar = None
            gc.unfreeze()
        self.summary.seconds = time.perf_counter() - started
        self.summary.jobs = workers
        return self.summary

    def _progress_bar(self, todo: list[Job], known: int | None) -> tqdm[Any] | Ticker | None:
        """Documents counted, or with record streams, whose documents are not counted
        ahead, the bytes of the input files read: a total, a percentage and an ETA."""
        if not todo or not (self.progress or self.progress_every is not None):
            return None
        total = known if known is not None else sum(_file_size(j.source.path) for j in todo)
        unit = "doc" if known is not None else "B"
        if not self.progress:
            assert self.progress_every is not None
            return Ticker(total, unit, self._say, self.progress_every)
        scale = {"unit_scale": True, "unit_divisor": 1024} if unit == "B" else {}
        return tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True, **scale)

    def _units(self, jobs: list[Job]) -> Iterator[Unit]:
        files: list[Job] = []  # small documents go to a worker a few at a time
        for job in jobs:
            if job.source.kind not in STREAMS:
                files.append(job)
                if len(files) == FILES_PER_TASK:
                    yield self._file_unit(files)
                    files = []
                continue
            if files:
                yield self._file_unit(files)
                files = []
            first, chunk = True, []
            number = 0
            kind = job.source.kind
            reading, read = Reading(), 0
            html, rows = ("html" if kind == WARC else None), kind == PARQUET
            try:
                for number, item in records(job.source.path, kind, self.text_field, reading):
                    chunk.append(RecordTask(item, number, self.text_field, html, rows))
                    if len(chunk) == RECORDS_PER_TASK:
                        done, read = reading.position() - read, reading.position()
                        yield Unit(job, chunk, first=first, last=False, done=done)
                        first, chunk = False, []
            except InputError as exc:  # a cut-off .gz: the records read so far are kept
                error = f"{exc} after line {number}" if number else str(exc)
                yield Unit(job, chunk, first=first, last=True, error=error)
            else:
                done = _file_size(job.source.path) - read
                yield Unit(job, chunk, first=first, last=True, done=done)
        if files:
            yield self._file_unit(files)

    def _file_unit(self, jobs: list[Job]) -> Unit:
        tasks: list[Task] = [
            FileTask(j.source.path, j.output, self.output_format, self.compress) for j in jobs
        ]
        return Unit(jobs[0], tasks, done=sum(_file_size(j.source.path) for j in jobs))

    def _finish(self, unit: Unit, future: Future[list[Outcome]] | None) -> None:
        outcomes = future.result() if future is not None else []
        if unit.job.source.kind in STREAMS:
            self._records(unit, outcomes)
        else:
            for task, outcome in zip(unit.tasks, outcomes, strict=True):
                assert isinstance(task, FileTask)
                cleaned = self._count(outcome, str(task.path))  # and written
                if cleaned and not outcome.filtered and self.on_document:
                    self.on_document(task.path, None, outcome)
        if self._bar is not None:
            self._bar.update(len(outcomes) if self._bar.unit == "doc" else unit.done)

    def _count(self, outcome: Outcome, where: str) -> bool:
        """Tally one outcome; report it when it failed. True when it succeeded."""
        if outcome.bug:
            self.summary.failed += 1
            self.summary.bugs += 1
            self.say(f"{where}: internal error (a bug in cleaner):\n{outcome.bug.rstrip()}")
            return False
        if outcome.error:
            self.summary.failed += 1
            self.say(f"{where}: {outcome.error}")
            return False
        for warning in outcome.warnings:
            if warning not in self.summary.warnings:  # once per kind; the summary counts
                self.say(
                    f"warning: {where}: {warning} (the document was cleaned; "
                    "later ones with this warning are counted in the summary)"
                )
            self.summary.warnings[warning] += 1
        if outcome.filtered:
            self.summary.filtered[outcome.filtered] += 1
            return True
        self.summary.documents += 1
        self.summary.size += outcome.size
        self.summary.removed.update(outcome.removed)
        self.summary.comments += outcome.comments
        return True

    def _records(self, unit: Unit, outcomes: list[Outcome]) -> None:
        if unit.first:
            self._open = self._output(unit.job)
        assert self._open is not None
        for task, outcome in zip(unit.tasks, outcomes, strict=True):
            assert isinstance(task, RecordTask)
            where = "record" if isinstance(task.line, dict) else "line"
            path = unit.job.source.path
            cleaned = self._count(outcome, f"{path}: {where} {task.number}")
            if cleaned and not outcome.filtered and self.on_document:
                self.on_document(path, task.number, outcome)
            if isinstance(self._open, WholeFile):
                self._open.write(outcome.data)
            elif outcome.row is not None:  # none for a row left out by --languages
                self._open.write_row(outcome.row)
        if unit.last:
            read_nothing = unit.first and not unit.tasks
            if unit.error and read_nothing:
                self._open.abort()
            else:
                self._open.commit()
            self._open = None
            if unit.error:
                self.summary.failed += 1
                kept = "no output written" if read_nothing else "the records before it are written"
                self.say(f"{unit.job.source.path}: {unit.error} ({kept})")

    def _output(self, job: Job) -> WholeFile | ParquetOutput:
        """The output of a record stream, open for writing."""
        if job.source.kind != PARQUET:
            return WholeFile(job.output, self.compress)
        from cleaner.parquet import ParquetOutput, output_schema

        schema = output_schema(job.source.path, self.text_field, RESULT_KEY)
        return ParquetOutput(job.output, temporary(job.output), schema, RESULT_KEY)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
