"""Input files: which ones cleaner reads, in which format, and how (compression, records).

A file's format comes from its name: ``.txt``, ``.md`` / ``.markdown``, ``.html`` / ``.htm``
(one document each); ``.jsonl``, ``.ndjson`` and ``.json`` (one JSON record a line, as Dolma
writes ``.json.gz``); ``.warc`` (each HTML response a record) and ``.parquet`` (a row a
record). Any of them but Parquet may be compressed: ``.gz``, ``.bz2``, ``.xz`` or ``.zst``,
read by what the bytes start with. Reading problems raise `InputError`, which names what
went wrong; the caller names the file.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import re
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from cleaner import jsontext
from cleaner.errors import InputError

try:  # the zstd extra: 24 MB installed, so not part of the light install
    import zstandard
except ImportError:  # pragma: no cover - exercised with the extra missing
    zstandard = None

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
WARC = ".warc"
PARQUET = ".parquet"
# Streams of records, each cleaned as a document and written back as a record; by suffix,
# the kind each stands for.
RECORD_SUFFIXES = {".jsonl": JSONL, ".ndjson": JSONL, ".json": JSONL, WARC: WARC, PARQUET: PARQUET}
STREAMS = frozenset(RECORD_SUFFIXES.values())
GZIP = ".gz"
COMPRESSED = (GZIP, ".bz2", ".xz", ".zst", ".zstd")
SUFFIXES = (*SUFFIX_FORMAT, *RECORD_SUFFIXES)
STDIN = "-"  # the input name that means standard input

# What a broken or unreadable file raises while it is read.
_READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError) + (
    (zstandard.ZstdError,) if zstandard is not None else ()
)
NEEDS_ZSTD = "zstd data needs the 'zstd' extra: pip install 'cleaner[zstd]'"


# Everything that means "this input is bad" rather than "cleaner has a bug": the library's
# DecodeError and DocumentTimeout are InputErrors too.
BAD_INPUT = (InputError,)


def _uncompressed_name(path: Path) -> str:
    name = path.name.lower()
    for suffix in COMPRESSED:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def kind(path: Path) -> str | None:
    """The format suffix of a supported file (compression looked through; every record
    stream of JSON lines is ``.jsonl``), else None.

    >>> kind(Path("a/b.MD.gz")), kind(Path("c.ndjson.zst")), kind(Path("d.warc.gz"))
    ('.md', '.jsonl', '.warc')
    >>> kind(Path("e.json.gz")), kind(Path("f.parquet")), kind(Path("g.pdf"))
    ('.jsonl', '.parquet', None)
    """
    suffix = Path(_uncompressed_name(path)).suffix
    if suffix in SUFFIX_FORMAT:
        return suffix
    return RECORD_SUFFIXES.get(suffix)


def format_for(path: Path) -> str | None:
    """The pipeline format for a document file; None lets the content decide."""
    return SUFFIX_FORMAT.get(kind(path) or "")


def stem(path: Path) -> str:
    """The name without compression and the format suffix: ``b.md.gz`` -> ``b``."""
    name = path.name[: len(_uncompressed_name(path))]
    return Path(name).stem


def is_stdin(path: Path | str) -> bool:
    return str(path) in (STDIN, "/dev/stdin")


# Compressed data, told by its first bytes (a suffix can be missing or wrong, and standard
# input has none).
_MAGIC = (
    (re.compile(rb"\x1f\x8b"), "gz"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "bz2"),  # block size and block magic: not "BZh..." text
    (re.compile(rb"\xfd7zXZ\x00"), "xz"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "zst"),
)


class _Zstd(io.RawIOBase):
    """A zstd stream, frame after frame, that raises EOFError when it ends inside a frame
    (zstandard's own reader ends there quietly)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.frame = zstandard.ZstdDecompressor().decompressobj()
        self.pending = b""
        self.started = False  # the current frame has had input

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.raw.read(1 << 16)
            if not chunk:
                if self.started and not self.frame.eof:
                    raise EOFError("compressed file ends too soon")
                return 0
            while chunk:
                self.started = True
                self.pending += self.frame.decompress(chunk)
                chunk = b""
                if self.frame.eof:  # the next frame starts in what is left over
                    chunk = self.frame.unused_data
                    self.frame = zstandard.ZstdDecompressor().decompressobj()
                    self.started = False
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def compression(path: Path) -> str | None:
    """The compression a file's name says: "gz", "bz2", "xz", "zst" or None."""
    name = path.name.lower()
    suffix = next((s for s in COMPRESSED if name.endswith(s)), None)
    return suffix.lstrip(".").replace("zstd", "zst") if suffix else None


def decompressed(raw: IO[bytes], named: str | None = None) -> IO[bytes]:
    """``raw`` read through the decompressor its first bytes call for (as is if none). A
    file whose name says it is compressed (``named``) must be: else it is likely cut short
    or not what it claims, and `InputError` says so."""
    buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)  # type: ignore[arg-type]
    start = buffered.peek(10)[:10]  # type: ignore[attr-defined]
    method = next((name for magic, name in _MAGIC if magic.match(start)), None)
    if named and method != named:
        raise InputError(f"cannot read: not {named} data, though the name ends in .{named}")
    if method == "gz":
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    if method == "bz2":
        return bz2.BZ2File(buffered)  # type: ignore[return-value]
    if method == "xz":
        return lzma.LZMAFile(buffered)  # type: ignore[return-value]
    if method == "zst":
        if zstandard is None:
            raise InputError(f"cannot read: {NEEDS_ZSTD}")
        return io.BufferedReader(_Zstd(buffered), 1 << 16)  # type: ignore[return-value]
    return buffered  # type: ignore[return-value]


def open_raw(path: Path) -> IO[bytes]:
    """The file's bytes as stored (standard input for ``-``)."""
    if is_stdin(path):
        return os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    return open(path, "rb")


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
    """A document file's bytes, decompressed when they are compressed. With a ``limit``
    (bytes), a bigger document raises `TooLarge` after reading at most limit + 1 bytes: a
    link to /dev/zero or a compression bomb is refused fast, in bounded memory."""
    try:
        with open_raw(path) as raw, decompressed(raw, compression(path)) as handle:
            if limit is None:
                return handle.read()
            if handle is raw:  # not compressed: its size on disk is the document's
                found = os.fstat(raw.fileno())
                if stat.S_ISREG(found.st_mode) and found.st_size > limit:
                    raise TooLarge(found.st_size, limit)
            data = handle.read(limit + 1)
    except _READ_ERRORS as exc:
        raise InputError(f"cannot read: {_reason(exc)}") from None
    if len(data) > limit:
        raise TooLarge(None, limit)
    return data


class Reading:
    """Where a stream of records stands in its file: bytes of the file (as stored) read
    so far, for a progress bar."""

    def __init__(self) -> None:
        self.position: Callable[[], int] = lambda: 0


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


def lines(
    path: Path, reading: Reading | None = None, limit: int | None = None
) -> Iterator[tuple[int, bytes | Oversized]]:
    """(line number, line) for each non-blank line of a JSON Lines file, read as a stream.
    With a ``limit`` (bytes), a longer line comes as `Oversized` (never given without one)."""
    try:
        with open_raw(path) as raw, decompressed(raw, compression(path)) as handle:
            if reading is not None and raw.seekable():
                reading.position = raw.tell
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


Item = bytes | dict[str, Any]  # a JSON line, or a record read already (WARC, Parquet)


class MissingExtra(RuntimeError):
    """A format whose reader is an optional extra that is not installed."""


# The optional extra, and the module it brings, that each record format needs.
EXTRAS = {WARC: ("warc", "warcio"), PARQUET: ("parquet", "pyarrow")}


def missing_extra(kind: str) -> str | None:
    """What to install to read files of this kind, or None when nothing is missing."""
    if kind not in EXTRAS:
        return None
    extra, module = EXTRAS[kind]
    try:
        __import__(module)
    except ImportError:
        return f"reading {kind} files needs the {extra!r} extra: pip install 'cleaner[{extra}]'"
    return None


def records(
    path: Path,
    kind: str,
    text_field: str = "text",
    reading: Reading | None = None,
    limit: int | None = None,
) -> Iterator[tuple[int, Item | Oversized]]:
    """(number, item) for each record of a record stream: its line number and line for JSON
    Lines, its record number and record (a dict, its text under ``text_field``) for WARC
    and Parquet. A JSON line longer than ``limit`` bytes comes as `Oversized`. Raises
    `MissingExtra` when the format's extra is not installed."""
    if problem := missing_extra(kind):
        raise MissingExtra(problem)
    if kind == WARC:
        from cleaner.warc import warc_records

        return warc_records(path, text_field, reading)
    if kind == PARQUET:
        from cleaner.parquet import parquet_records

        return parquet_records(path, reading)
    return lines(path, reading, limit)


def parse_record(line: Item, text_field: str) -> tuple[dict[str, Any], str | bytes]:
    """A record and its text (a WARC record's is bytes); `InputError` says what is wrong."""
    if isinstance(line, dict):
        record = dict(line)
    else:
        try:
            record = jsontext.loads(line)  # numbers kept as written, NaN refused
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            raise InputError(f"not JSON: {exc}") from None
    if not isinstance(record, dict):
        raise InputError(f"a record is a JSON object, not {type(record).__name__}")
    text = record.get(text_field)
    if not isinstance(text, str | bytes):
        if text is None and text_field in record:
            raise InputError(f"the text field {text_field!r} is null")
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
