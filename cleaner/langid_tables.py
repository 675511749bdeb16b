"""py3langid's model tables, unpacked once into files and memory-mapped by every process.

py3langid ships its model compressed (4.5 MB of LZMA) and unpacks it in each process that
loads it: 74 MB, of which identifying a 2,000-character sample reads a few pages (the DFA
rows of the byte sequences it meets, the weights of the n-grams it finds). Written once
as .npy files and mapped read-only, a process holds only the pages it reads, and every
process shares them through the page cache: a batch's main process and its workers no
longer count the whole model each, and a new process loads it in milliseconds instead of
a second.

The files go to a folder named for the model file's hash, under the first writable cache
folder (`cache_dirs`); they are written into a temporary folder and renamed into place,
so a reader sees all of them or none. Where no folder can be written (or read back), the
model loads into memory as py3langid loads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import shutil
import tempfile
from array import array
from pathlib import Path
from typing import Any

import numpy as np

LAYOUT = 1  # the files' set and types: a change writes a new folder
# py3langid's tables held as lists of Python ints (its DFA's row offsets and outputs,
# 104,583 each), with the array type that holds their values (for the in-memory model).
INT_TABLES = {"_rowbase": "q", "tk_output": "q"}
_FILES = ("nb_ptc", "nb_pc", "tk_nextmove", "rowbase", "tk_output")


def model_file() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def cache_dirs() -> list[Path]:
    """Where the unpacked model may go, first choice first: the user's cache folder
    (``$XDG_CACHE_HOME``, else ``~/.cache``), then the model's own folder."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return [Path(base) / "cleaner", model_file().parent]


def load(dirs: list[Path] | None = None, model: Path | None = None) -> Any:
    """py3langid's `LanguageIdentifier` (normalised probabilities) with its tables mapped
    from the first of ``dirs`` (default `cache_dirs`) that holds them or can be written,
    else with its tables in memory."""
    model = model or model_file()
    name = f"py3langid-{hashlib.sha256(model.read_bytes()).hexdigest()[:20]}-{LAYOUT}"
    for folder in dirs if dirs is not None else cache_dirs():
        target = folder / name
        try:
            if not target.is_dir():
                _write(target, model)
            return _mapped(target)
        except (OSError, ValueError):  # not writable, or written by something else
            continue
    return in_memory(model)


def in_memory(model: Path) -> Any:
    from py3langid.langid import LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(model, norm_probs=True)
    # The same numbers in arrays: reading a list's int writes the int's reference count, so
    # a batch worker forked after the model loaded copied the pages of the 200,000 ints it
    # read (8 MB per worker, besides 8 MB of objects); an array's numbers are plain memory.
    for name, code in INT_TABLES.items():
        table = getattr(identifier, name, None)
        if isinstance(table, list):
            setattr(identifier, name, array(code, table))
    return identifier


def _write(target: Path, model: Path) -> None:
    """The model's tables as .npy files (and its classes as JSON) in ``target``, whole or
    not at all: written beside it, then renamed. Another process may win the race; its
    folder holds the same files."""
    identifier = in_memory(model)
    tables = {
        "nb_ptc": np.asarray(identifier.nb_ptc),
        "nb_pc": np.asarray(identifier.nb_pc),
        "tk_nextmove": np.asarray(identifier.tk_nextmove),
        "rowbase": np.asarray(identifier._rowbase, dtype=np.int64),
        "tk_output": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=target.parent))
    try:
        for name, table in tables.items():
            _write_synced(scratch / f"{name}.npy", lambda f, t=table: np.save(_ByPage(f), t))
        classes = json.dumps(list(identifier.nb_classes)).encode()
        _write_synced(scratch / "classes.json", lambda f: f.write(classes))
        try:
            scratch.rename(target)
        except OSError:
            if not target.is_dir():  # not a lost race: the folder cannot be written
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class _ByPage:
    """A file written a page at a time. Linux (6.x, ext4) caches what one large write wrote
    in large folios, up to 2 MB, and maps a whole folio into a process that reads a byte
    of it: one identification then mapped 41 MB of the 67, against 19 MB when the files
    are cached a page at a time (64 KB around each page read: the kernel's fault-around)."""

    def __init__(self, file: Any) -> None:
        self._file = file

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data).cast("B")
        for start in range(0, len(view), mmap.PAGESIZE):
            self._file.write(view[start : start + mmap.PAGESIZE])
        return len(view)


def _write_synced(path: Path, write: Any) -> None:
    """Written and on disk before the folder is renamed into place: after a crash, a
    folder in place never holds a file cut short."""
    with path.open("wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())


def _mapped(folder: Path) -> Any:
    """The identifier on the files of ``folder``, mapped read-only. The DFA's tables are
    read one number at a time by py3langid's Python loop: as memoryviews, each read gives a
    Python int, as the arrays of the in-memory model do."""
    from py3langid.langid import LanguageIdentifier

    ptc, pc, nextmove, rowbase, output = (_map(folder / f"{name}.npy") for name in _FILES)
    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    if (
        ptc.shape[1:] != (len(classes),)
        or pc.shape != (len(classes),)
        or len(rowbase) != len(output)
        or int(np.max(output)) >= len(ptc)
        or int(np.max(rowbase)) + 256 > len(nextmove)
    ):
        raise ValueError(f"{folder}: tables that do not fit together")
    identifier = LanguageIdentifier(
        ptc,
        np.array(pc),
        classes,
        memoryview(nextmove),
        memoryview(output),
        norm_probs=True,
        tk_row=(),
    )
    identifier._rowbase = memoryview(rowbase)
    return identifier


_MAPS: list[mmap.mmap] = []  # every file mapped in this process, for `release`


def _map(path: Path) -> np.ndarray[Any, Any]:
    """The array of an .npy file (format 1.0, as `np.save` writes), mapped read-only."""
    with path.open("rb") as f:
        if np.lib.format.read_magic(f) != (1, 0):
            raise ValueError(f"{path}: not an .npy file of format 1.0")
        shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(f)
        if fortran_order or dtype.hasobject:
            raise ValueError(f"{path}: not a plain C-ordered array")
        offset = f.tell()
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    with contextlib.suppress(OSError, AttributeError):  # read what is read, page by page
        mapped.madvise(mmap.MADV_RANDOM)  # (no read-ahead into large folios)
    _MAPS.append(mapped)
    count = int(np.prod(shape))
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)


def release() -> None:
    """Drop this process's hold on the mapped pages it has read (they stay in the page
    cache, and come back when read again): a batch's main process reads the model once,
    to warm up, and then only hands documents to its workers."""
    for mapped in _MAPS:
        with contextlib.suppress(OSError, AttributeError):  # madvise: not on every system
            mapped.madvise(mmap.MADV_DONTNEED)
