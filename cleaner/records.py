"""What a run leaves in its output folder to know, next time, what is done: completion
records and the folder's lock.

A hidden folder ``OUT/.cleaner/`` holds a journal of completion records, one JSON line per
output, appended as each output is done (the last line for an output wins): the input's
real path and identity (size, mtime and a content hash), a fingerprint of everything that
shaped the output (the options, the rules, cleaner's own code) and the output's size. An
output is up to date only when all of these still match; an mtime newer than the input's
proves nothing (the input may have changed while it was cleaned, or the options since).
A JSON Lines output under way has a partial record, renewed as its records are written
(how many input records, how many bytes of its temporary file): a rerun goes on from there.
The journal is written by the main process alone, under the folder's lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

import cleaner

STATE_DIR = ".cleaner"  # hidden: the walk never reads it as input
JOURNAL = "done.jsonl"
LOCK = "lock"
WHOLE_HASH = 128 * 1024  # files up to this size are hashed whole, larger ones at both ends
END = 64 * 1024  # bytes hashed at each end of a larger file (with its size)


class Busy(OSError):
    """Another run holds the output folder."""


# --- Identity of an input --------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    size: int
    mtime_ns: int
    hash: str


def _stat(path: Path) -> os.stat_result | None:
    """The file's stat when it is a regular file (a pipe or a device has no identity)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def same_file(path: Path, known: Identity) -> bool:
    """Whether the file still has the size and mtime it had (no read)."""
    found = _stat(path)
    return found is not None and (found.st_size, found.st_mtime_ns) == (
        known.size,
        known.mtime_ns,
    )


def identity(path: Path) -> Identity | None:
    """Size, mtime and a cheap content hash (the whole file when small, else both ends and
    the size); None for what is not a regular file or cannot be read."""
    found = _stat(path)
    if found is None:
        return None
    digest = hashlib.blake2b(digest_size=16)
    try:
        with open(path, "rb") as handle:
            if found.st_size <= WHOLE_HASH:
                digest.update(handle.read(WHOLE_HASH + 1))
            else:
                digest.update(handle.read(END))
                handle.seek(-END, os.SEEK_END)
                digest.update(handle.read(END))
                digest.update(str(found.st_size).encode())
    except OSError:
        return None
    return Identity(found.st_size, found.st_mtime_ns, digest.hexdigest())


# --- What shaped the outputs -----------------------------------------------------------------


def code_hash() -> str:
    """A hash of cleaner's own modules and shipped data: a changed cleaner re-cleans."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(cleaner.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".txt") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _value(value: Any) -> Any:
    """A JSON-able, order-independent form of a rule's or config's field."""
    if hasattr(value, "pattern") and hasattr(value, "flags"):  # a compiled regex
        return [value.pattern, int(value.flags)]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _value(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_value(v) for v in value]
    return value


def fingerprint(rules: Iterable[Any], config: Any, **options: Any) -> str:
    """A hash of everything that shapes an output: the rules in force (their patterns and
    word lists, examples aside), the cleaner's config, the run's options and cleaner's
    code."""
    shaped = {
        "rules": [
            {k: v for k, v in _value(rule).items() if not k.endswith("_examples")} for rule in rules
        ],
        "config": _value(config),
        "options": options,
        "code": code_hash(),
    }
    text = json.dumps(shaped, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# --- The journal -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One output (its path below the output folder) and what it was made from."""

    output: str
    input: str  # the input's real path
    size: int
    mtime_ns: int
    hash: str
    options: str
    written: int  # the output's size in bytes
    partial: bool = False  # a JSON Lines output under way: its temporary file goes on
    lines: int = 0  # ... after this many records of the input, which gave `written` bytes

    @property
    def identity(self) -> Identity:
        return Identity(self.size, self.mtime_ns, self.hash)


class Journal:
    """The completion records of an output folder. Each change is one appended line,
    written at once; a line cut off by a kill is dropped on the next load."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / STATE_DIR / JOURNAL
        self.records: dict[str, Record] = {}
        self.lines = 0
        self._handle: IO[bytes] | None = None
        self._load()

    def _load(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        whole = data[: data.rfind(b"\n") + 1]
        for line in whole.splitlines():
            self.lines += 1
            try:
                entry = json.loads(line)
                if entry.get("removed"):
                    self.records.pop(entry["output"], None)
                else:
                    record = Record(**entry)
                    self.records[record.output] = record
            except (ValueError, TypeError, KeyError):
                continue  # a line from another version or damaged: its output is redone
        if len(whole) < len(data):  # a line cut off by a kill: appends start on a new line
            with open(self.path, "r+b") as handle:
                handle.truncate(len(whole))

    def _append(self, entry: dict[str, Any]) -> None:
        if self._handle is None:
            self._handle = open(self.path, "ab", buffering=0)  # noqa: SIM115
        self._handle.write((json.dumps(entry, ensure_ascii=False) + "\n").encode())
        self.lines += 1

    def add(self, record: Record) -> None:
        self.records[record.output] = record
        self._append(asdict(record))

    def drop(self, output: str) -> None:
        if self.records.pop(output, None) is not None:
            self._append({"output": output, "removed": True})

    def close(self) -> None:
        """Close the journal, rewritten with only its live records when most of its lines
        are out of date (so that it does not grow with every run)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self.lines > 2 * len(self.records) + 1000:
            tmp = self.path.with_name(self.path.name + ".tmp")
            try:
                with open(tmp, "wb") as handle:
                    for record in self.records.values():
                        entry = json.dumps(asdict(record), ensure_ascii=False) + "\n"
                        handle.write(entry.encode())
                os.replace(tmp, self.path)
            except OSError:  # a full disk: the journal as it is still holds every record
                tmp.unlink(missing_ok=True)
                return
            self.lines = len(self.records)

    def up_to_date(self, output: str, input_path: str, options: str) -> bool:
        """The output is on disk as it was written, from this input as it is now, with these
        options."""
        record = self.records.get(output)
        if record is None or record.partial:
            return False
        if record.input != input_path or record.options != options:
            return False
        written = _stat(self.out_dir / output)
        if record.written < 0:  # no output, by design (a document of a language left out)
            if written is not None:
                return False
        elif written is None or written.st_size != record.written:
            return False
        return same_file(Path(input_path), record.identity) and (
            identity(Path(input_path)) == record.identity
        )


# --- The lock ----------------------------------------------------------------------------------


def lock(out_dir: Path, wait: bool, waiting: Callable[[str], None]) -> IO[str]:
    """Take the output folder's lock, for as long as the returned file stays open (the
    process's life). Raises `Busy` naming the holder, or waits for it with ``wait``."""
    state = out_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    handle = open(state / LOCK, "a+")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        if not wait:
            handle.close()
            raise Busy(f"another cleaner run (process {holder}) is writing to it") from None
        waiting(f"waiting for another cleaner run (process {holder}) writing to {out_dir}")
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle
