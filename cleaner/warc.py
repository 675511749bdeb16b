"""WARC files (Common Crawl, CC-NEWS, any archiving crawler) as streams of records.

Each response record that holds an HTML page becomes one record to clean: ``id`` (the
WARC-Record-ID), ``url`` (the WARC-Target-URI), ``warc_date`` and the page's bytes as its
text. Other records (requests, metadata, images, robots.txt) are passed over. Needs the
``warc`` extra (warcio), which reads plain and gzipped WARC files alike.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from cleaner.errors import InputError
from cleaner.sources import Reading, open_raw

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(_HTML_TYPES)


def warc_records(
    path: Path, text_field: str = "text", reading: Reading | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(number, record) for each HTML response in a WARC file, numbered from 1 among the
    file's records of every type (so a number points back into the file)."""
    try:
        with open_raw(path) as raw:
            if reading is not None and raw.seekable():
                reading.position = raw.tell
            for number, record in enumerate(ArchiveIterator(raw), 1):
                if record.format != "warc":  # warcio reads anything else as an old ARC file
                    raise InputError("not a WARC file: it does not start with a WARC record")
                if not _is_html(record):
                    continue
                headers = record.rec_headers
                yield (
                    number,
                    {
                        "id": headers.get_header("WARC-Record-ID"),
                        "url": headers.get_header("WARC-Target-URI"),
                        "warc_date": headers.get_header("WARC-Date"),
                        text_field: record.content_stream().read(),
                    },
                )
    except ArchiveLoadFailed as exc:
        raise InputError(f"not a WARC file: {str(exc).splitlines()[0]}") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read: {exc or 'the file ends inside a record'}") from None
