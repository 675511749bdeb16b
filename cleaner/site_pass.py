"""The learning pass over input files: every document's site and block hashes, in worker
processes, summed into `SiteProfiles` in the main process (`cleaner.sites`).

Workers return hashes, never texts; the main process adds them to a `Learner`, whose
result does not depend on the order they come back in. A document that cannot be read or
parsed is passed over here: the cleaning pass reports it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from cleaner.errors import InputError
from cleaner.limits import time_limit
from cleaner.pipeline import Cleaner
from cleaner.sites import Learner, SiteProfiles, folder_site, read_page, record_site
from cleaner.sources import (
    STREAMS,
    WARC,
    Source,
    format_for,
    parse_record,
    read_bytes,
    records,
)
from cleaner.sources import (
    Item as Record,
)

ITEMS_PER_TASK = 16
TASKS_PER_WORKER = 4

# One item: a file (path, site, format) or a record of a stream (JSON Lines, WARC,
# Parquet), with the site of its file and the format of its text.
Item = tuple[Path, str | None, str | None] | tuple[Record, str | None, str | None]

_state: tuple[Cleaner, str, str, float | None] | None = None


def _init(cleaner: Cleaner, by: str, text_field: str, timeout: float | None) -> None:
    global _state
    _state = (cleaner, by, text_field, timeout)


def _read(items: list[Item]) -> list[tuple[str | None, bytes]]:
    assert _state is not None
    cleaner, by, text_field, timeout = _state
    found = []
    for what, site, fmt in items:
        try:
            with time_limit(timeout):
                if isinstance(what, Path):
                    data: str | bytes = read_bytes(what)
                else:
                    record, data = parse_record(what, text_field)
                    site = record_site(record, by, site)
                page_site, keys = read_page(cleaner, data, fmt, site, by)
        except InputError:
            continue
        found.append((page_site, keys.tobytes()))
    return found


def _items(sources: list[Source], by: str, text_field: str) -> Iterator[Item]:
    for source in sources:
        site = folder_site(source.relative) if by == "folder" else None
        if source.kind not in STREAMS:
            yield source.path, site, format_for(source.path)
            continue
        fmt = "html" if source.kind == WARC else None
        try:
            for _, item in records(source.path, source.kind, text_field):
                yield item, site, fmt
        except InputError:
            continue  # the records read so far count; the cleaning pass reports the file


def _chunks(items: Iterator[Item]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == ITEMS_PER_TASK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def learn_sources(
    sources: list[Source],
    cleaner: Cleaner,
    by: str,
    *,
    text_field: str = "text",
    jobs: int = 1,
    timeout: float | None = None,
) -> SiteProfiles:
    """Profiles of the sites among ``sources``, grouped ``by`` "folder" or "url"."""
    from array import array

    learner = Learner()

    def add(found: list[tuple[str | None, bytes]]) -> None:
        for site, data in found:
            keys = array("Q")
            keys.frombytes(data)
            learner.add(site, keys)

    args = (cleaner, by, text_field, timeout)
    if jobs == 1:
        _init(*args)
        for chunk in _chunks(_items(sources, by, text_field)):
            add(_read(chunk))
        return learner.profiles(by)
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=args) as pool:
        window: deque[Future[list[tuple[str | None, bytes]]]] = deque()
        for chunk in _chunks(_items(sources, by, text_field)):
            window.append(pool.submit(_read, chunk))
            if len(window) >= jobs * TASKS_PER_WORKER:
                add(window.popleft().result())
        while window:
            add(window.popleft().result())
    return learner.profiles(by)
