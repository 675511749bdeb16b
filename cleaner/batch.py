"""Batch cleaning: input files to an output tree, in worker processes, resumable.

Each input gets one output path that mirrors its path below the input folder; two inputs
never share one, and every run names them the same. Outputs are written whole (a temporary
file, then a rename), so a killed run leaves no half files. Each output done gets a
completion record (`cleaner.records`); a rerun skips an output only while its record still
matches the input, the options and cleaner itself, and redoes the rest. A JSON Lines file
cut off by an interrupt goes on after the records it had written.

Documents go to worker processes (`cleaner.pool`) in small ordered tasks with a bounded
number in flight, so a large JSON Lines file streams through in constant memory and its
records keep their order; a document past its time bound is ended and its worker replaced.
Bad input (an unreadable, too large or too slow document, a bad record) is reported in one
line and counted; an output that cannot be written (a full disk) stops the run in one line;
any other exception is a bug, reported with its traceback, and the batch goes on.
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
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tqdm import tqdm

from cleaner import jsontext, langid_tables
from cleaner.limits import time_limit
from cleaner.model import CleanResult
from cleaner.pipeline import Cleaner
from cleaner.pool import Pool, Ticket, share_with_workers, work_through
from cleaner.progress import Ticker
from cleaner.records import STATE_DIR, Identity, Journal, Record, identity, same_file
from cleaner.records import fingerprint as options_fingerprint
from cleaner.sites import folder_site, record_site
from cleaner.sources import (
    BAD_INPUT,
    JSONL,
    PARQUET,
    STREAMS,
    WARC,
    InputError,
    Item,
    Oversized,
    Reading,
    Source,
    TooLarge,
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
ORIGINAL_KEY = "cleaner_original"  # where a record's own "cleaner" field is kept
TMP_SUFFIX = ".cleaner-tmp"
RECORDS_PER_TASK = 32  # JSON Lines records sent to a worker at once
FILES_PER_TASK = 8  # document files sent to a worker at once
WARM_UP = "The council said on Monday that the library will stay open for another year."
WARM_UP_PAGE = f"<html><body><article><p>{WARM_UP}</p></article></body></html>"
TASKS_PER_WORKER = 4  # tasks in flight per worker: enough to keep it busy, few in memory
TIMEOUT = 60.0  # seconds one document may take before it is given up as failed
MAX_SIZE = 20_000_000  # bytes: a larger document (or record) is refused unread


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
    ``a.txt.txt``), and any output still taken gets a number (``a-2.txt``), given in the
    order of the inputs' real paths: every run names them the same, whatever the order of
    its arguments."""
    names = [_output_name(s, output_format, compress=compress) for s in sources]
    shared = Counter(names)
    wanted = [
        _output_name(s, output_format, whole_name=True, compress=compress) if shared[n] > 1 else n
        for s, n in zip(sources, names, strict=True)
    ]
    inputs = real_all(s.path for s in sources)
    taken: set[Path] = set(wanted)
    final: list[Path] = list(wanted)
    first: set[Path] = set()
    for i in sorted(range(len(sources)), key=lambda i: (str(wanted[i]), str(inputs[i]))):
        name = wanted[i]
        if name not in first:  # the first input of a name, by real path, keeps it
            first.add(name)
            continue
        candidate, number = name, 2
        while candidate in taken:
            candidate = name.with_name(f"{source_stem(name)}-{number}{name.suffix}")
            number += 1
        taken.add(candidate)
        final[i] = candidate
    warnings = []
    for name, count in shared.items():
        if count > 1:
            group = [(s, f) for s, n, f in zip(sources, names, final, strict=True) if n == name]
            listed = ", ".join(str(s.path) for s, _ in group)
            outputs = ", ".join(str(out_dir / f) for _, f in group)
            warnings.append(f"{listed} would all be written to {out_dir / name}: writing {outputs}")
    for source, name, final_name in zip(sources, wanted, final, strict=True):
        if name != final_name:
            warnings.append(
                f"{out_dir / name} is taken: writing {source.path} to {out_dir / final_name}"
            )
    jobs = [Job(s, out_dir / f) for s, f in zip(sources, final, strict=True)]
    real_inputs = set(inputs)
    for job, output in zip(jobs, real_all(job.output for job in jobs), strict=True):
        if output in real_inputs:
            raise PlanError(f"{job.output} would overwrite an input: choose another output folder")
    return jobs, warnings


class OutputError(OSError):
    """An output that cannot be written (a full disk, no permission): the run stops."""


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")


# --- Writing whole files --------------------------------------------------------------------


def temporary(path: Path) -> Path:
    """Where an output is written before it is renamed into place."""
    return path.with_name(f".{path.name}{TMP_SUFFIX}")


def remove_leftovers(out_dir: Path, keep: Collection[Path] = ()) -> int:
    """Delete temporary files a killed run left behind, but those in ``keep`` (JSON Lines
    files that go on where they stopped); return how many."""
    count = 0
    for folder, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in files:
            path = Path(folder, name)
            if name.startswith(".") and name.endswith(TMP_SUFFIX) and path not in keep:
                path.unlink(missing_ok=True)
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
    """An output file that appears under its name only when it is complete. With ``keep``,
    the temporary file a stopped run left is kept up to that many bytes and written on
    (uncompressed outputs only: ``written`` counts the bytes given to the file)."""

    def __init__(self, path: Path, compress: str | None = None, keep: int = 0) -> None:
        self.path = path
        self.tmp = temporary(path)
        self.written = keep
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep:
                self.handle: IO[bytes] | None = open(self.tmp, "r+b")  # noqa: SIM115
                self.handle.truncate(keep)
                self.handle.seek(keep)
            else:
                self.handle = open(self.tmp, "wb")  # noqa: SIM115
            self.writer = compressor(self.handle, compress)
        except OSError as exc:
            raise _cannot_write(path, exc) from None

    def write(self, data: bytes) -> None:
        try:
            self.writer.write(data)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None
        self.written += len(data)

    def flush(self) -> None:
        assert self.handle is not None
        try:
            self.writer.flush()
            self.handle.flush()
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def commit(self) -> None:
        assert self.handle is not None
        try:
            if self.writer is not self.handle:
                self.writer.close()
            self.handle.close()
            self.handle = None
            os.replace(self.tmp, self.path)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from None

    def keep(self) -> None:
        """Leave the temporary file for a later run to go on with."""
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                self.tmp.unlink(missing_ok=True)
            self.handle = None

    def abort(self) -> None:
        if self.handle is not None:
            with suppress(OSError):  # the file goes anyway
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
    max_size: int | None = MAX_SIZE
    site: str | None = None  # the document's site, for the cleaner's site profiles

    def run(self, cleaner: Cleaner) -> Outcome:
        before = identity(self.path)  # None for a pipe or a device: nothing to record
        data = read_bytes(self.path, self.max_size)
        fmt = format_for(self.path)  # a site only with --sites: the call is as before without
        result = cleaner.clean(data, fmt, site=self.site) if self.site else cleaner.clean(data, fmt)
        if before is not None and not same_file(self.path, before):
            raise InputError("changed while it was cleaned (no output written; run again)")
        if filtered := _filtered(cleaner, result):  # no output written
            return Outcome(size=len(data), filtered=filtered, identity=before, written=-1)
        if self.output_format == "json":
            text = (
                json.dumps(result.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
            )
        else:  # an empty body is an empty file (``find OUT -empty`` lists them)
            text = result.body + "\n" if result.body else ""
        encoded = text.encode("utf-8")
        with _WRITING:
            try:
                write_whole(self.output, encoded, self.compress)
                written = self.output.stat().st_size
            except OutputError:
                raise
            except OSError as exc:
                raise _cannot_write(self.output, exc) from None
        outcome = Outcome.of(result, b"", len(data))
        outcome.identity, outcome.written = before, written
        return outcome

    def lost(self) -> None:
        """Its worker was killed: no temporary file of it stays."""
        temporary(self.output).unlink(missing_ok=True)


def _keep_own(record: dict[str, Any]) -> None:
    """A record's own RESULT_KEY field moves to the first free of ORIGINAL_KEY,
    ORIGINAL_KEY_2, ...: the result never overwrites what the record held."""
    if RESULT_KEY not in record:
        return
    name, number = ORIGINAL_KEY, 2
    while name in record:
        name, number = f"{ORIGINAL_KEY}_{number}", number + 1
    record[name] = record.pop(RESULT_KEY)


@dataclass(frozen=True)
class RecordTask:
    """Clean one record: a JSON Lines line, or a record read already (a WARC response, a
    Parquet row). The output is the record's line, or the record itself when ``rows``."""

    line: Item
    number: int
    text_field: str
    format: str | None = None  # the format of the record's text: "html" for WARC
    rows: bool = False  # output the record as a dict (a Parquet row), not a JSON line
    oversized: str = ""  # the error of a line too large to be read (its bytes are not here)
    site: str | None = None  # the site of its file's folder (--sites folder)

    def run(self, cleaner: Cleaner) -> Outcome:
        if self.oversized:
            raise InputError(self.oversized)
        record, text = parse_record(self.line, self.text_field)
        profiles = cleaner.site_profiles
        site = record_site(record, profiles.by, self.site) if profiles else None
        fmt = self.format
        result = cleaner.clean(text, fmt, site=site) if site else cleaner.clean(text, fmt)
        if filtered := _filtered(cleaner, result):
            return Outcome(size=len(text), filtered=filtered)  # the line is left out
        data = result.to_dict()
        record[self.text_field] = data.pop("body")
        if isinstance(self.line, dict) and not data["url"]:  # a WARC record's target URL
            data["url"] = record.get("url") if isinstance(record.get("url"), str) else ""
        _keep_own(record)
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
                record = jsontext.loads(self.line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                record = {"line": self.line.decode("utf-8", "replace").rstrip("\r\n")}
        _keep_own(record)
        record[RESULT_KEY] = {"error": error}
        return record if self.rows else json_line(record)

    def lost(self) -> None:
        pass


Task = FileTask | RecordTask


def _filtered(cleaner: Cleaner, result: CleanResult) -> str:
    """The document's language ("-" for none) when the run keeps only other languages;
    "" when the document is kept."""
    wanted = cleaner.config.languages
    return "" if not wanted or result.language in wanted else result.language or "-"


def _jsonable(value: Any) -> Any:
    """What JSON cannot hold as is: bytes as text, anything else (dates) as its string."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def json_line(record: dict[str, Any]) -> bytes:
    """A record as one line of valid JSON, its numbers as they came (`cleaner.jsontext`)."""
    try:
        text = jsontext.dumps(record, ensure_ascii=False, default=_jsonable)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # unpaired surrogates from JSON escapes: keep them escaped
        return (jsontext.dumps(record, ensure_ascii=True, default=_jsonable) + "\n").encode()


@dataclass
class Outcome:
    """What a worker sends back for one document."""

    data: bytes = b""  # the output (a whole file, or one JSON Lines line)
    size: int = 0  # input bytes
    removed: dict[str, int] = field(default_factory=dict)
    comments: int = 0
    error: str = ""  # bad input, in one line
    bug: str = ""  # the traceback of an unexpected exception
    fatal: str = ""  # an output that cannot be written: the run stops
    warnings: list[str] = field(default_factory=list)  # e.g. a rule that timed out
    identity: Identity | None = None  # the input's, before it was read (a document file)
    written: int = 0  # bytes of the output file (a document file); -1: none, by design
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


def init_worker(parent: int) -> None:
    """A worker leaves Ctrl-C to the main process, and exits when the main process is gone
    (killed), instead of waiting for work forever."""
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


def serve(
    conn: Connection, place: Any, cleaner: Cleaner, parent: int, timeout: float | None
) -> None:
    """A worker process: lists of tasks in, their outcomes out (`cleaner.pool`)."""
    init_worker(parent)
    work_through(conn, place, lambda task: _work_one(cleaner, task, timeout))


def _work_one(cleaner: Cleaner, task: Any, timeout: float | None) -> Outcome:
    try:
        with time_limit(timeout):  # DocumentTimeout is bad input: reported in one line
            return task.run(cleaner)
    except BAD_INPUT as exc:
        return _failed(task, Outcome(error=str(exc)), str(exc))
    except OutputError as exc:
        return Outcome(fatal=str(exc))
    except Exception as exc:  # a bug: reported with its traceback, the batch goes on
        return _failed(task, Outcome(bug=traceback.format_exc()), f"internal error: {exc!r}")


def _failed(task: Any, outcome: Outcome, error: str) -> Outcome:
    """A failed task's outcome; a record keeps its place in the output, with the error."""
    if isinstance(task, RecordTask):
        output = task.failed(error)
        if isinstance(output, dict):
            outcome.row = output
        else:
            outcome.data = output
    return outcome


def _lost(task: Task, reason: str) -> Outcome:
    """The outcome of a document whose worker was killed (past its bound) or died."""
    task.lost()
    return _failed(task, Outcome(error=reason), reason)


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
    stale: int = 0
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
        stale = f", stale {self.stale:,}" if self.stale else ""
        return [
            f"cleaned {self.documents:,} documents ({_size(self.size)}) in "
            f"{self.seconds:.1f} s: {rate:,.1f} documents/s, "
            f"{self.jobs} {'process' if self.jobs == 1 else 'processes'}",
            f"removed: {removed or 'nothing'}; comments set apart: {self.comments:,}",
            f"up to date {self.up_to_date:,}, skipped {self.skipped:,}, {failed}{stale}",
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
class Stream:
    """A JSON Lines job under way: its input's identity when it was opened, and the records
    a stopped run had already written (``skip`` lines, ``keep`` bytes of the output)."""

    identity: Identity | None
    skip: int = 0
    keep: int = 0
    read: int = 0  # the input's records written so far, these included


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
    stream: Stream | None = None
    done: int = 0  # bytes of input this unit accounts for, for the progress bar


class _InPlace:
    """Runs tasks in this process (``--jobs 1`` without a time bound), as a `Pool` would."""

    started = 1

    def __init__(self, cleaner: Cleaner, timeout: float | None) -> None:
        self.cleaner, self.timeout = cleaner, timeout

    def submit(self, tasks: list[Any]) -> Ticket:
        return Ticket(tasks, [_work_one(self.cleaner, t, self.timeout) for t in tasks])

    def result(self, ticket: Ticket) -> list[Any]:
        return ticket.outcomes

    def close(self, kill: bool = False) -> None:
        pass

    def abandoned(self) -> list[Any]:
        return []


TaskPool = Pool | _InPlace


def task_pool(cleaner: Cleaner, jobs: int, timeout: float | None) -> TaskPool:
    """Where tasks run: in this process for ``--jobs 1`` without a time bound, else in
    `Pool` workers that no document holds past ``timeout``. The cleaner is warmed up first
    (see `WARM_UP`, `WARM_UP_PAGE`); call ``gc.unfreeze()`` once the pool is closed."""
    # The pipeline loads some data on first use (the stop-word index, the rules' screen:
    # about a second): load it here once, before any document's time bound starts, and
    # so that forked workers start with it.
    cleaner.clean(WARM_UP)
    cleaner.clean(WARM_UP_PAGE, format="html")  # the HTML engine's modules, imported on use
    if jobs == 1 and not timeout:
        return _InPlace(cleaner, timeout)
    # What is loaded by now is shared with the workers (see `share_with_workers`): with
    # gc frozen, workers fault 40% fewer pages and the tree's PSS on JSON Lines fell by 24
    # MB (2026-11-21); with the heap trimmed too, by about 50 MB more (2026-12-02).
    share_with_workers()
    # The language model's tables are mapped files: each worker reads its own pages of
    # them (through the page cache they share), and this process needs none.
    langid_tables.release()
    return Pool(jobs, serve, (cleaner, os.getpid(), timeout), timeout, _lost)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _Interrupts:
    """Ctrl-C during a run: the first raises KeyboardInterrupt; a later one, or one that
    comes once the run shuts down, is held, and raised after the shutdown only if none was
    raised yet. A second Ctrl-C must not stop the shutdown halfway (a half-written file left
    behind, the process and its workers waiting on each other); with Python's own handler a
    second one that came before the shutdown began did. Only the main thread gets signals."""

    def __init__(self) -> None:
        self.raised = self.holding = self.held = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.raised or self.holding:
            self.held = True
            return
        self.raised = True
        raise KeyboardInterrupt

    def hold(self) -> None:
        self.holding = True


@contextmanager
def interrupts() -> Iterator[_Interrupts]:
    state = _Interrupts()
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # nohup, `cmd &`
        yield state
        return
    previous = signal.signal(signal.SIGINT, state)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
    if state.held and not state.raised:
        raise KeyboardInterrupt


class Batch:
    """One run: the cleaner, the options and the running tally. With ``out_dir`` (the
    command line's run, under the folder's lock) outputs get completion records; without,
    every job is done."""

    def __init__(
        self,
        cleaner: Cleaner,
        *,
        out_dir: Path | None = None,
        output_format: str = "txt",
        text_field: str = "text",
        jobs: int = 1,
        force: bool = False,
        prune: bool = False,
        timeout: float | None = TIMEOUT,
        max_size: int | None = MAX_SIZE,
        progress: bool = False,
        progress_every: float | None = None,
        compress: str | None = None,
        on_document: Callable[[Path, int | None, Outcome], None] | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        self.cleaner = cleaner
        self.out_dir = out_dir
        self.output_format = output_format
        self.text_field = text_field
        self.jobs = jobs
        self.force = force
        self.prune = prune
        self.timeout = timeout
        self.max_size = max_size
        self.progress = progress
        self.progress_every = progress_every  # without a bar: a progress line this often (s)
        self.compress = compress
        self.on_document = on_document  # called with (file, record number, outcome) of each
        self._say = say
        self.summary = Summary(jobs=jobs)
        self._open: WholeFile | ParquetOutput | None = None  # the record stream being written
        self._open_resumable = False  # ... and recorded: a rerun can go on with it
        self._jobs: dict[Path, Job] = {}  # by output
        self._bar: tqdm[Any] | Ticker | None = None
        self._journal: Journal | None = None
        self._keys: dict[Path, tuple[str, str]] = {}  # output -> (its record's key, input)
        self._options = {"files": "", "streams": ""}

    def say(self, message: str) -> None:
        if self._bar is not None:
            self._bar.write(message, file=sys.stderr)
        else:
            self._say(message)

    # --- Completion records -------------------------------------------------------------

    def _key(self, job: Job) -> tuple[str, str]:
        return self._keys.get(job.output, ("", ""))

    def _options_of(self, job: Job) -> str:
        return self._options["streams" if job.source.kind in STREAMS else "files"]

    def _resumable(self, job: Job) -> bool:
        """A record stream whose output can go on after a stop: plain JSON Lines."""
        return self._journal is not None and not self.compress and job.source.kind != PARQUET

    def _todo(self, jobs: list[Job]) -> list[Job]:
        """The jobs whose outputs are not up to date; reports (or prunes) stale outputs and
        clears the temporary files of stopped runs."""
        if self.out_dir is None:
            return jobs
        self._journal = Journal(self.out_dir)
        rules, config = self.cleaner.rules.rules, self.cleaner.config
        # What --sites learned shapes outputs too: another profile, another output.
        profiles = self.cleaner.site_profiles
        sites = profiles.digest() if profiles is not None else None
        self._options = {
            "files": options_fingerprint(
                rules, config, output_format=self.output_format, compress=self.compress, sites=sites
            ),
            "streams": options_fingerprint(
                rules, config, text_field=self.text_field, compress=self.compress, sites=sites
            ),
        }
        inputs = real_all(job.source.path for job in jobs)
        keys = [os.path.relpath(job.output, self.out_dir) for job in jobs]
        self._keys = {
            job.output: (key, str(path)) for job, key, path in zip(jobs, keys, inputs, strict=True)
        }
        todo = [
            job
            for job in jobs
            if self.force or not self._journal.up_to_date(*self._key(job), self._options_of(job))
        ]
        self.summary.up_to_date += len(jobs) - len(todo)
        self._stale({key: str(path) for key, path in zip(keys, inputs, strict=True)})
        partial = {
            temporary(self.out_dir / r.output) for r in self._journal.records.values() if r.partial
        }
        remove_leftovers(self.out_dir, keep=partial)
        return todo

    def _stale(self, outputs: dict[str, str]) -> None:
        """Outputs recorded for an input that is gone, or that this run writes elsewhere."""
        assert self._journal is not None and self.out_dir is not None
        written_to = {path: key for key, path in outputs.items()}
        for key, record in list(self._journal.records.items()):
            if key in outputs:
                continue
            if record.input in written_to:
                why = f"{record.input} is now written to {self.out_dir / written_to[record.input]}"
            elif not os.path.lexists(record.input):
                why = f"its input {record.input} is gone"
            else:
                continue  # the output of an input this run was not given
            self.summary.stale += 1
            if self.prune:
                (self.out_dir / key).unlink(missing_ok=True)
                temporary(self.out_dir / key).unlink(missing_ok=True)
                self._journal.drop(key)
                self.say(f"removed {self.out_dir / key}: stale, {why}")
            else:
                self.say(f"stale: {self.out_dir / key}: {why} (--prune removes it)")

    def _done(self, job: Job, found: Identity | None, written: int, partial: int = -1) -> None:
        """Record the job's output: done, or with ``partial`` records of a JSON Lines input
        written so far."""
        if self._journal is None:
            return
        key, path = self._key(job)
        if found is None:  # a pipe or a device: nothing says it is the same next time
            self._journal.drop(key)
            return
        options = self._options_of(job)
        record = Record(key, path, found.size, found.mtime_ns, found.hash, options, written)
        if partial >= 0:
            record = replace(record, partial=True, lines=partial)
        try:
            self._journal.add(record)
        except OSError as exc:
            raise _cannot_write(self._journal.path, exc) from None

    def _forget(self, job: Job) -> None:
        """A job that failed leaves neither an output nor a record."""
        self._remove(job.output)
        if self._journal is not None:
            try:
                self._journal.drop(self._key(job)[0])
            except OSError as exc:
                raise _cannot_write(self._journal.path, exc) from None

    @staticmethod
    def _remove(output: Path) -> None:
        try:
            output.unlink(missing_ok=True)
        except OSError as exc:
            raise _cannot_write(output, exc) from None

    # --- The run ------------------------------------------------------------------------

    def run(self, jobs: list[Job]) -> Summary:
        started = time.perf_counter()
        self._jobs = {job.output: job for job in jobs}
        todo = self._todo(jobs)
        pool = task_pool(self.cleaner, self.jobs, self.timeout)
        streams = any(j.source.kind in STREAMS for j in todo)  # documents not counted ahead
        self._bar = self._progress_bar(todo, None if streams else len(todo))
        stopped: BaseException | None = None
        with interrupts() as interrupted:
            try:
                window: deque[tuple[Unit, Ticket]] = deque()
                for unit in self._units(todo):
                    window.append((unit, pool.submit(unit.tasks)))
                    if len(window) >= self.jobs * TASKS_PER_WORKER:
                        self._finish(*window.popleft(), pool)
                while window:
                    self._finish(*window.popleft(), pool)
            except BaseException as exc:
                stopped = exc
                raise
            finally:
                interrupted.hold()
                self._shut_down(pool, stopped)
                gc.unfreeze()
        self.summary.seconds = time.perf_counter() - started
        self.summary.jobs = max(1, pool.started)
        return self.summary

    def _shut_down(self, pool: Pool, stopped: BaseException | None) -> None:
        held = pool.abandoned()
        pool.close(kill=stopped is not None)  # what the workers hold is lost
        for task in held:
            task.lost()
        if self._open is not None:  # stopped in the middle of a JSON Lines file
            if isinstance(stopped, KeyboardInterrupt) and self._open_resumable:
                self._open.keep()  # a rerun goes on after its records
            else:
                self._open.abort()
        if self._journal is not None:
            self._journal.close()
        if self._bar is not None:
            self._bar.close()
            self._bar = None

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

    def _stream(self, job: Job) -> Stream:
        """A record stream's state: where a stopped run left its output, when it can go on."""
        stream = Stream(identity(job.source.path))
        if self._journal is None or stream.identity is None or self.force:
            return stream
        key, path = self._key(job)
        record = self._journal.records.get(key)
        tmp = temporary(job.output)
        if (
            self._resumable(job)
            and record is not None
            and record.partial
            and (record.input, record.options) == (path, self._options_of(job))
            and record.identity == stream.identity
            and tmp.is_file()
            and tmp.stat().st_size >= record.written
        ):
            stream.skip, stream.keep = record.lines, record.written
        stream.read = stream.skip
        return stream

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
            yield from self._stream_units(job)
        if files:
            yield self._file_unit(files)

    def _stream_units(self, job: Job) -> Iterator[Unit]:
        """The units of one record stream, after the records a stopped run had written."""
        stream = self._stream(job)
        if stream.skip:
            self.say(f"{job.source.path}: going on after its first {stream.skip:,} records")
        first, chunk = True, []
        number, skip = 0, stream.skip
        kind = job.source.kind
        reading, read = Reading(), 0
        html, rows = ("html" if kind == WARC else None), kind == PARQUET
        site = self._site(job)
        try:
            items = records(job.source.path, kind, self.text_field, reading, self.max_size)
            for number, item in items:
                if skip:
                    skip -= 1
                    continue
                chunk.append(self._record_task(item, number, html, rows, site))
                if len(chunk) == RECORDS_PER_TASK:
                    done, read = reading.position() - read, reading.position()
                    yield Unit(job, chunk, first=first, last=False, stream=stream, done=done)
                    first, chunk = False, []
        except InputError as exc:  # a cut-off .gz: the records read so far are kept
            error = f"{exc} after line {number}" if number else str(exc)
            yield Unit(job, chunk, first=first, last=True, error=error, stream=stream)
        else:
            done = _file_size(job.source.path) - read
            yield Unit(job, chunk, first=first, last=True, stream=stream, done=done)

    def _record_task(
        self, item: Item | Oversized, number: int, html: str | None, rows: bool, site: str | None
    ) -> RecordTask:
        if isinstance(item, Oversized):
            assert self.max_size is not None
            too_large = str(TooLarge(item.size, self.max_size))
            return RecordTask(b"", number, self.text_field, html, rows, too_large, site)
        return RecordTask(item, number, self.text_field, html, rows, site=site)

    def _file_unit(self, jobs: list[Job]) -> Unit:
        tasks: list[Task] = [
            FileTask(
                j.source.path,
                j.output,
                self.output_format,
                self.compress,
                self.max_size,
                self._site(j),
            )
            for j in jobs
        ]
        return Unit(jobs[0], tasks, done=sum(_file_size(j.source.path) for j in jobs))

    def _site(self, job: Job) -> str | None:
        """The site of a job's documents when sites are its folders (cleaner.sites)."""
        profiles = self.cleaner.site_profiles
        by_folder = profiles is not None and profiles.by == "folder"
        return folder_site(job.source.relative) if by_folder else None

    def _finish(self, unit: Unit, ticket: Ticket, pool: TaskPool) -> None:
        outcomes = pool.result(ticket)
        if unit.job.source.kind in STREAMS:
            self._records(unit, outcomes)
        else:
            for task, outcome in zip(unit.tasks, outcomes, strict=True):
                assert isinstance(task, FileTask)
                job = self._jobs[task.output]
                if self._count(outcome, str(task.path)):  # the worker wrote its output
                    if outcome.written < 0:  # left out by design: an older output goes too
                        self._remove(job.output)
                    self._done(job, outcome.identity, outcome.written)
                    if not outcome.filtered and self.on_document:
                        self.on_document(task.path, None, outcome)
                else:
                    self._forget(job)
        if self._bar is not None:
            self._bar.update(len(outcomes) if self._bar.unit == "doc" else unit.done)

    def _count(self, outcome: Outcome, where: str) -> bool:
        """Tally one outcome; report it when it failed. True when it succeeded."""
        if outcome.fatal:
            raise OutputError(outcome.fatal)
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
        job, stream = unit.job, unit.stream
        assert stream is not None
        resumable = self._resumable(job) and stream.identity is not None
        if unit.first:
            if resumable:  # recorded before the temporary file is made
                self._done(job, stream.identity, stream.keep, partial=stream.skip)
            self._open = self._output(job, stream.keep)
            self._open_resumable = resumable
        assert self._open is not None
        path = job.source.path
        for task, outcome in zip(unit.tasks, outcomes, strict=True):
            assert isinstance(task, RecordTask)
            where = "record" if isinstance(task.line, dict) else "line"
            cleaned = self._count(outcome, f"{path}: {where} {task.number}")
            if cleaned and not outcome.filtered and self.on_document:
                self.on_document(path, task.number, outcome)
            if isinstance(self._open, WholeFile):
                self._open.write(outcome.data)
            elif outcome.row is not None:  # none for a row left out by --languages
                self._open.write_row(outcome.row)
        stream.read += len(unit.tasks)
        if not unit.last:
            if resumable and isinstance(self._open, WholeFile):
                # Written out, then recorded: a killed run leaves these for the next one.
                self._open.flush()
                self._done(job, stream.identity, self._open.written, partial=stream.read)
            return
        changed = stream.identity is not None and not same_file(path, stream.identity)
        read_nothing = unit.first and not unit.tasks and not stream.skip
        if changed or (unit.error and read_nothing):
            self._open.abort()
            self._forget(job)
        else:
            self._open.commit()
            if unit.error:  # cut off: what was read is written, but the file is not done
                self._forget_record(job)
            else:
                self._done(job, stream.identity, _file_size(job.output))
        self._open = None
        if changed:
            self.summary.failed += 1
            self.say(f"{path}: changed while it was cleaned (no output written; run again)")
        elif unit.error:
            self.summary.failed += 1
            kept = "no output written" if read_nothing else "the records before it are written"
            self.say(f"{path}: {unit.error} ({kept})")

    def _output(self, job: Job, keep: int) -> WholeFile | ParquetOutput:
        """The output of a record stream, open for writing (after ``keep`` bytes of it)."""
        if job.source.kind != PARQUET:
            return WholeFile(job.output, self.compress, keep)
        from cleaner.parquet import ParquetOutput, output_schema

        schema = output_schema(job.source.path, self.text_field, RESULT_KEY)
        try:
            return ParquetOutput(job.output, temporary(job.output), schema, RESULT_KEY)
        except OSError as exc:
            raise _cannot_write(job.output, exc) from None

    def _forget_record(self, job: Job) -> None:
        if self._journal is not None:
            self._journal.drop(self._key(job)[0])


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
