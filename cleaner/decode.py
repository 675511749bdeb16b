"""Bytes to text: byte-order marks, strict UTF-8, then charset detection for legacy encodings."""

from __future__ import annotations

import codecs

import charset_normalizer

from cleaner.model import Document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name).

    >>> decode_bytes("café".encode("utf-8"))
    ('café', 'utf-8')
    """
    for bom, name in _BOMS:  # UTF-32 LE before UTF-16 LE: its BOM starts with UTF-16's
        if data.startswith(bom):
            return data.decode(name), name.removesuffix("-sig")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("not text: no encoding fits these bytes")
    return str(best), best.encoding


def decode(doc: Document) -> None:
    """Stage: turn ``doc.data`` into ``doc.text``."""
    if isinstance(doc.data, bytes):
        doc.text, doc.encoding = decode_bytes(doc.data)
    else:
        doc.text, doc.encoding = doc.data, "str"
