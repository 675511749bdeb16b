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
from typing import IO, Any

from tqdm import tqdm

from cleaner.limits import time_limit
from cleaner.model import CleanResult
from cleaner.pipeline import Cleaner
from cleaner.sources import (
    BAD_INPUT,
    JSONL,
    InputError,
    Source,
    format_for,
    lines,
    parse_record,
    read_bytes,
    real_all,
)
from cleaner.sources import stem as source_stem

OUTPUT_SUFFIX = {"txt": ".txt", "json": ".json"}
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


def _output_name(source: Source, output_format: str, whole_name: bool = False) -> Path:
    suffix = JSONL if source.kind == JSONL else OUTPUT_SUFFIX[output_format]
    relative = source.relative
    name = relative.name if whole_name else source_stem(relative)
    return relative.parent / (name + suffix)


def plan(sources: list[Source], out_dir: Path, output_format: str) -> tuple[list[Job], list[str]]:
    """Jobs with their output paths, and a warning for each set of inputs that would have
    written one output: those keep their whole name (``a.md`` -> ``a.md.txt``, ``a.txt`` ->
    ``a.txt.txt``), and any output still taken gets a number (``a-2.txt``)."""
    names = [_output_name(s, output_format) for s in sources]
    shared = Counter(names)
    wanted = [
        _output_name(s, output_format, whole_name=True) if shared[n] > 1 else n
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


class WholeFile:
    """An output file that appears under its name only when it is complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = temporary(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle: IO[bytes] | None = open(self.tmp, "wb")  # noqa: SIM115

    def write(self, data: bytes) -> None:
        assert self.handle is not None
        self.handle.write(data)

    def commit(self) -> None:
        assert self.handle is not None
        self.handle.close()
        self.handle = None
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
        self.tmp.unlink(missing_ok=True)


def write_whole(path: Path, data: bytes) -> None:
    out = WholeFile(path)
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
            write_whole(self.output, text.encode("utf-8"))
        return Outcome.of(result, b"", len(data))


@dataclass(frozen=True)
class RecordTask:
    """Clean one JSON Lines record; the output is the record's line."""

    line: bytes
    number: int
    text_field: str

    def run(self, cleaner: Cleaner) -> Outcome:
        record, text = parse_record(self.line, self.text_field)
        result = cleaner.clean(text)
        if filtered := _filtered(cleaner, result):
            return Outcome(size=len(self.line), filtered=filtered)  # the line is left out
        data = result.to_dict()
        record[self.text_field] = data.pop("body")
        record[RESULT_KEY] = data
        return Outcome.of(result, json_line(record), len(self.line))

    def failed(self, error: str) -> bytes:
        """The output line of a record that could not be cleaned: the record unchanged when
        it is JSON, else its line as a string, with the error under RESULT_KEY."""
        try:
            record = json.loads(self.line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            record = {"line": self.line.decode("utf-8", "replace").rstrip("\r\n")}
        record[RESULT_KEY] = {"error": error}
        return json_line(record)


Task = FileTask | RecordTask


def _filtered(cleaner: Cleaner, result: CleanResult) -> str:
    """The document's language ("-" for none) when the run keeps only other languages;
    "" when the document is kept."""
    wanted = cleaner.config.languages
    return "" if not wanted or result.language in wanted else result.language or "-"


def json_line(record: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # unpaired surrogates from JSON escapes: keep them escaped
        return (json.dumps(record) + "\n").encode("ascii")


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

    @classmethod
    def of(cls, result: CleanResult, data: bytes, size: int) -> Outcome:
        removed = Counter(r.category for r in result.removed)
        warnings = list(result.stats.get("warnings", []))
        return cls(data, size, dict(removed), len(result.comments), warnings=warnings)


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
        error = str(exc)
        data = task.failed(error) if isinstance(task, RecordTask) else b""
        return Outcome(data, error=error)
    except Exception as exc:  # a bug: reported with its traceback, the batch goes on
        data = task.failed(f"internal error: {exc!r}") if isinstance(task, RecordTask) else b""
        return Outcome(data, bug=traceback.format_exc())


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
        say: Callable[[str], None] = print,
    ) -> None:
        self.cleaner = cleaner
        self.output_format = output_format
        self.text_field = text_field
        self.jobs = jobs
        self.force = force
        self.timeout = timeout
        self.progress = progress
        self._say = say
        self.summary = Summary(jobs=jobs)
        self._open: WholeFile | None = None  # the JSON Lines output being written
        self._bar: tqdm[Any] | None = None

    def say(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            self._say(message)

    def run(self, jobs: list[Job]) -> Summary:
        started = time.perf_counter()
        todo = [job for job in jobs if self.force or not up_to_date(job)]
        self.summary.up_to_date += len(jobs) - len(todo)
        streams = any(j.source.kind == JSONL for j in todo)  # documents not counted ahead
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
        self._bar = (
            tqdm(total=known, unit="doc", file=sys.stderr, dynamic_ncols=True)
            if (self.progress and todo)
            else None
        )
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

    def _units(self, jobs: list[Job]) -> Iterator[Unit]:
        files: list[Job] = []  # small documents go to a worker a few at a time
        for job in jobs:
            if job.source.kind != JSONL:
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
            try:
                for number, line in lines(job.source.path):
                    chunk.append(RecordTask(line, number, self.text_field))
                    if len(chunk) == RECORDS_PER_TASK:
                        yield Unit(job, chunk, first=first, last=False)
                        first, chunk = False, []
            except InputError as exc:  # a cut-off .gz: the records read so far are kept
                error = f"{exc} after line {number}" if number else str(exc)
                yield Unit(job, chunk, first=first, last=True, error=error)
            else:
                yield Unit(job, chunk, first=first, last=True)
        if files:
            yield self._file_unit(files)

    def _file_unit(self, jobs: list[Job]) -> Unit:
        tasks: list[Task] = [FileTask(j.source.path, j.output, self.output_format) for j in jobs]
        return Unit(jobs[0], tasks)

    def _finish(self, unit: Unit, future: Future[list[Outcome]] | None) -> None:
        outcomes = future.result() if future is not None else []
        if unit.job.source.kind == JSONL:
            self._records(unit, outcomes)
        else:
            for task, outcome in zip(unit.tasks, outcomes, strict=True):
                self._count(outcome, str(task.path))  # the worker wrote its output
        if self._bar is not None:
            self._bar.update(len(outcomes))

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
            self._open = WholeFile(unit.job.output)
        assert self._open is not None
        for task, outcome in zip(unit.tasks, outcomes, strict=True):
            assert isinstance(task, RecordTask)
            self._count(outcome, f"{unit.job.source.path}: line {task.number}")
            self._open.write(outcome.data)
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
