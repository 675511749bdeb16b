"""Input files: which ones cleaner reads, in which format, and how (gzip, JSON Lines).

A file's format comes from its name: ``.txt``, ``.md`` / ``.markdown``, ``.html`` / ``.htm``
and ``.jsonl`` (one record per line), each optionally gzipped (``.gz``). Reading problems
raise `InputError`, which names what went wrong; the caller names the file.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from cleaner import jsontext
from cleaner.errors import InputError

# Document formats by suffix. A .txt file's format is read from its content: scraped text
# often carries Markdown, and plain text is what detection falls back on.
SUFFIX_FORMAT: dict[str, str | None] = {
    ".txt": None,
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
JSONL = ".jsonl"
GZIP = ".gz"
SUFFIXES = (*SUFFIX_FORMAT, JSONL)

# What a broken or unreadable file raises while it is read.
_READ_ERRORS = (OSError, EOFError, zlib.error)


# Everything that means "this input is bad" rather than "cleaner has a bug": the library's
# DecodeError and DocumentTimeout are InputErrors too.
BAD_INPUT = (InputError,)


def kind(path: Path) -> str | None:
    """The format suffix of a supported file (``.gz`` looked through), else None.

    >>> kind(Path("a/b.MD.gz")), kind(Path("c.jsonl")), kind(Path("d.pdf"))
    ('.md', '.jsonl', None)
    """
    name = path.name.lower().removesuffix(GZIP)
    suffix = Path(name).suffix
    return suffix if suffix in SUFFIXES else None


def format_for(path: Path) -> str | None:
    """The pipeline format for a document file; None lets the content decide."""
    return SUFFIX_FORMAT.get(kind(path) or "")


def stem(path: Path) -> str:
    """The name without ``.gz`` and the format suffix: ``b.md.gz`` -> ``b``."""
    name = path.name.removesuffix(GZIP) if path.name.lower().endswith(GZIP) else path.name
    return Path(name).stem


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.lower().endswith(GZIP) else open(path, "rb")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, EOFError):
        return "compressed file ends too soon"
    return str(exc) or type(exc).__name__


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


class TooLarge(InputError):
    """A document (a file, or a record) larger than the size limit; ``size`` is None when
    only "more than the limit" is known (a stream, a compressed file)."""

    def __init__(self, size: int | None, limit: int) -> None:
        most = f"{limit / 1e6:g} MB"
        found = _mb(size) if size is not None else f"more than {most}"
        super().__init__(f"too large: {found} (--max-size {most})")
        self.size, self.limit = size, limit


@dataclass(frozen=True)
class Oversized:
    """A JSON Lines line longer than the limit, in place of its bytes (never held whole)."""

    size: int


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """A document file's bytes, gunzipped when its name ends in ``.gz``. With a ``limit``
    (bytes), a bigger file raises `TooLarge` after reading at most limit + 1 bytes: a link
    to /dev/zero or a gzip bomb is refused fast, in bounded memory."""
    try:
        with _open(path) as handle:
            if limit is None:
                return handle.read()
            if not path.name.lower().endswith(GZIP):
                found = os.fstat(handle.fileno())
                if stat.S_ISREG(found.st_mode) and found.st_size > limit:
                    raise TooLarge(found.st_size, limit)
            data = handle.read(limit + 1)
    except _READ_ERRORS as exc:
        raise InputError(f"cannot read: {_reason(exc)}") from None
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


CHUNK = 1 << 20  # bytes read at a time past an oversized line


def _line(handle: IO[bytes], limit: int) -> bytes | Oversized:
    """The next line, or `Oversized` (the rest of the line read and dropped in chunks)."""
    line = handle.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line
    size = len(line)
    while True:
        rest = handle.readline(CHUNK)
        size += len(rest)
        if not rest or rest.endswith(b"\n"):
            return Oversized(size)


def lines(path: Path, limit: int | None = None) -> Iterator[tuple[int, bytes | Oversized]]:
    """(line number, line) for each non-blank line of a JSON Lines file, read as a stream.
    With a ``limit`` (bytes), a longer line comes as `Oversized` (never given without one)."""
    try:
        with _open(path) as handle:
            if limit is None:
                for number, line in enumerate(handle, 1):
                    if line.strip():
                        yield number, line
                return
            number = 0
            while line := _line(handle, limit):
                number += 1
                if isinstance(line, Oversized) or line.strip():
                    yield number, line
    except _READ_ERRORS as exc:
        raise InputError(f"cannot read: {_reason(exc)}") from None


def parse_record(line: bytes, text_field: str) -> tuple[dict[str, Any], str]:
    """A JSON Lines record and its text; `InputError` says what is wrong with it."""
    try:
        record = jsontext.loads(line)  # numbers kept as written, NaN refused
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise InputError(f"not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise InputError(f"a record is a JSON object, not {type(record).__name__}")
    text = record.get(text_field)
    if not isinstance(text, str):
        problem = "no" if text_field not in record else f"a {type(text).__name__} in the"
        raise InputError(f"{problem} text field {text_field!r}")
    return record, text


@dataclass(frozen=True)
class Source:
    """One input file and its path below the folder it was found in (its name when it was
    named directly), which the output mirrors."""

    path: Path
    relative: Path

    @cached_property
    def kind(self) -> str:  # read several times for every job
        return kind(self.path) or ""


def real(path: Path) -> Path:
    """The path with symlinks followed as far as they go: a dangling link or a link loop
    gives a path (that reading then fails on) rather than an exception."""
    return Path(os.path.realpath(path))


def real_all(paths: Iterable[Path]) -> list[Path]:
    """`real` of each path, each folder resolved once: a path that is not itself a symlink
    is its folder's real path and its name. (realpath is Python code that checks every
    component; on 10,000 files it was a second of the batch's planning.)"""
    folders: dict[str, str] = {}
    found = []
    for path in paths:
        text = os.fspath(path)
        head, name = os.path.split(text)
        if name in ("", ".", "..") or os.path.islink(text):
            found.append(Path(os.path.realpath(text)))
            continue
        if head not in folders:
            folders[head] = os.path.realpath(head or ".")
        found.append(Path(folders[head], name))
    return found


WalkError = Callable[[Path, str], None]


def _walk(root: Path, prune: Path | None, on_error: WalkError | None = None) -> Iterator[Path]:
    """Files below root, sorted, without hidden entries and without the pruned folder
    (given resolved). A folder that cannot be listed goes to ``on_error``."""

    def failed(exc: OSError) -> None:
        if on_error is not None:
            on_error(Path(exc.filename or root), f"cannot read folder: {_reason(exc)}")

    for folder, dirs, files in os.walk(root, onerror=failed):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (prune is None or real(here / d) != prune)
        )
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def discover(
    inputs: Iterable[Path], prune: Path | None = None, on_error: WalkError | None = None
) -> tuple[list[Source], list[Path]]:
    """Supported files among the inputs (files or folders, searched recursively), and the
    files passed over. ``prune`` is a folder not to look in (the output folder);
    ``on_error(folder, problem)`` hears of each folder that cannot be read."""
    found: list[Source] = []
    passed: list[Path] = []
    seen: set[Path] = set()
    prune = real(prune) if prune is not None else None
    for root in inputs:
        pairs = (
            [(p, p.relative_to(root)) for p in _walk(root, prune, on_error)]
            if root.is_dir()
            else [(root, Path(root.name))]
        )
        for (path, relative), resolved in zip(pairs, real_all(p for p, _ in pairs), strict=True):
            if resolved in seen:
                continue
            seen.add(resolved)
            source = Source(path, relative)
            if source.kind:
                found.append(source)
            else:
                passed.append(path)
    return found, passed
