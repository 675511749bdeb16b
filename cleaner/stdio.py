"""``cleaner clean - -o -``: cleaner as a Unix filter, standard input to standard output.

Inputs are standard input (``-`` or ``/dev/stdin``: one document, format detected, a WARC
stream told by its first bytes, or JSON Lines with ``--input-format jsonl``) or files,
cleaned in order. Out go bodies (``txt``: each followed by a newline), results (``json``:
one JSON object a line) or, for record streams, the records as JSON Lines; errors go to
standard error in one line each. When the reader stops early (``| head``), the run stops
quietly: `PipeClosed`. Tasks run as a batch's do (`cleaner.batch.task_pool`): in this
process, or in workers that no document holds past ``--timeout``.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.batch import (
    RECORDS_PER_TASK,
    TASKS_PER_WORKER,
    Outcome,
    RecordTask,
    Summary,
    TaskPool,
    _filtered,
    compressor,
    interrupts,
    task_pool,
)
from cleaner.pipeline import Cleaner
from cleaner.pool import Ticket
from cleaner.sources import (
    PARQUET,
    STREAMS,
    WARC,
    InputError,
    Source,
    decompressed,
    format_for,
    is_stdin,
    open_raw,
    read_bytes,
    records,
)

INPUT_FORMATS = ("auto", "jsonl", "warc")
DOCUMENTS_PER_TASK = 8


class PipeClosed(Exception):
    """The reader of standard output closed it (``| head`` has what it wanted)."""


@dataclass(frozen=True)
class DocumentTask:
    """Clean one document held in memory; the output is its body, or its result as a JSON
    line."""

    data: bytes
    format: str | None
    output_format: str
    name: str

    def run(self, cleaner: Cleaner) -> Outcome:
        result = cleaner.clean(self.data, self.format)
        if filtered := _filtered(cleaner, result):  # --languages: left out
            return Outcome(size=len(self.data), filtered=filtered)
        if self.output_format == "json":
            line = json.dumps({"path": self.name, **result.to_dict()}, ensure_ascii=False)
            text = line + "\n"
        else:
            text = result.body + "\n" if result.body else ""
        return Outcome.of(result, text.encode("utf-8"), len(self.data))

    def lost(self) -> None:
        """Its worker was killed: nothing of it was written."""


def _stdin_kind(input_format: str) -> tuple[str, Path, bytes | None]:
    """What standard input holds: its kind, where to read it, and its bytes when it is one
    document. A WARC stream is told by its first bytes (and copied to a temporary file, as
    those are read already); JSON Lines only on request."""
    stdin = Path("-")
    if input_format in ("jsonl", "warc"):
        return "." + input_format, stdin, None
    raw = open_raw(stdin)
    with raw, decompressed(raw) as handle:
        start = handle.peek(5)[:5] if hasattr(handle, "peek") else b""
        if start == b"WARC/":
            return WARC, _spool(handle), None
        return "document", stdin, handle.read()


def _units(
    sources: list[Source], input_format: str, output_format: str, text_field: str
) -> Iterator[tuple[str, list[Any], str]]:
    """(where, tasks, error) in output order: tasks to clean, or a file that failed."""
    for source in sources:
        path = source.path
        name = "<stdin>" if is_stdin(path) else str(path)
        kind, path, data = (
            _stdin_kind(input_format) if is_stdin(path) else (source.kind, path, None)
        )
        if kind not in STREAMS:
            try:
                data = read_bytes(path) if data is None else data
            except InputError as exc:
                yield name, [], str(exc)
                continue
            yield name, [DocumentTask(data, format_for(path), output_format, name)], ""
            continue
        if kind == PARQUET:
            yield name, [], "Parquet output is a file: write it to a folder with -o DIR"
            continue
        chunk: list[Any] = []
        html = "html" if kind == WARC else None
        try:
            for number, item in records(path, kind, text_field):
                chunk.append(RecordTask(item, number, text_field, html))
                if len(chunk) == RECORDS_PER_TASK:
                    yield name, chunk, ""
                    chunk = []
        except InputError as exc:
            yield name, chunk, str(exc)
        else:
            yield name, chunk, ""


def _spool(stream: IO[bytes]) -> Path:
    """A stream copied to a temporary file (removed at exit), for a reader that starts at
    its first byte."""
    handle = tempfile.NamedTemporaryFile(suffix=".warc", delete=False)  # noqa: SIM115
    with handle:
        shutil.copyfileobj(stream, handle, 1 << 20)
    atexit.register(os.unlink, handle.name)
    return Path(handle.name)


class Filter:
    """One run of the filter: tasks out to workers in order, outputs in order to ``out``."""

    def __init__(
        self,
        cleaner: Cleaner,
        *,
        output_format: str = "txt",
        input_format: str = "auto",
        text_field: str = "text",
        jobs: int = 1,
        timeout: float | None = None,
        compress: str | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        self.cleaner = cleaner
        self.output_format, self.input_format = output_format, input_format
        self.text_field, self.jobs, self.timeout = text_field, jobs, timeout
        self.compress = compress
        self.say = say
        self.summary = Summary(jobs=jobs)

    def run(self, sources: list[Source], out: IO[bytes]) -> Summary:
        """Clean the sources into ``out``; raise `PipeClosed` when its reader is gone."""
        started = time.perf_counter()
        pool = task_pool(self.cleaner, self.jobs, self.timeout)
        writer = compressor(out, self.compress)
        window: deque[tuple[str, list[Any], str, Ticket]] = deque()
        stopped = True  # until the last output is written: what the workers hold is lost
        with interrupts() as interrupted:
            try:
                units = _units(sources, self.input_format, self.output_format, self.text_field)
                for name, tasks, error in units:
                    window.append((name, tasks, error, pool.submit(tasks)))
                    if len(window) >= self.jobs * TASKS_PER_WORKER:
                        self._finish(writer, pool, *window.popleft())
                while window:
                    self._finish(writer, pool, *window.popleft())
                stopped = False
                if writer is not out:
                    writer.close()
                out.flush()
            except BrokenPipeError:
                # Later writes (and the flush at exit) go nowhere instead of failing again.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, out.fileno())
                raise PipeClosed from None
            finally:
                interrupted.hold()
                pool.close(kill=stopped)
                gc.unfreeze()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _finish(
        self,
        writer: IO[bytes],
        pool: TaskPool,
        name: str,
        tasks: list[Any],
        error: str,
        ticket: Ticket,
    ) -> None:
        for task, outcome in zip(tasks, pool.result(ticket), strict=True):
            where = name if isinstance(task, DocumentTask) else f"{name}: record {task.number}"
            if isinstance(task, RecordTask) and not isinstance(task.line, dict):
                where = f"{name}: line {task.number}"
            self._count(outcome, where)
            writer.write(outcome.data)
        if error:
            self.summary.failed += 1
            self.say(f"{name}: {error}")

    def _count(self, outcome: Outcome, where: str) -> None:
        if outcome.bug or outcome.error:
            self.summary.failed += 1
            self.summary.bugs += bool(outcome.bug)
            problem = outcome.error or f"internal error (a bug in cleaner):\n{outcome.bug}"
            self.say(f"{where}: {problem.rstrip()}")
            return
        if outcome.filtered:
            self.summary.filtered[outcome.filtered] += 1
            return
        self.summary.documents += 1
        self.summary.size += outcome.size
        self.summary.removed.update(outcome.removed)
        self.summary.comments += outcome.comments
