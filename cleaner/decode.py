"""Bytes to text: byte-order marks, strict UTF-8, an HTML page's declared charset, then
charset detection for legacy encodings.

The order is by how much each source of evidence can be trusted: a BOM is unambiguous; bytes
that are valid UTF-8 and not plain ASCII are UTF-8 (legacy text almost never is, so they
overrule a page's declaration); a declared charset is taken when the bytes decode in it and
read as text; only then is the encoding guessed.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from cleaner.errors import InputError
from cleaner.model import Document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the head of the page only (browsers look at the first 1024 bytes; pages with
# long inline scripts push it further).
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]{2,40})", re.I
)
_SNIFF_BYTES = 16384

# Labels a browser reads as a wider encoding (WHATWG Encoding Standard): pages that declare
# Latin-1 or GB2312 are written in the superset, and decoding with the narrow codec would
# fail or leave C1 control characters where curly quotes belong.
_LABEL_ALIASES = {
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "iso8859_9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "utf_16": "utf_8",  # a declaration readable as ASCII cannot be UTF-16
    "utf_16_le": "utf_8",
    "utf_16_be": "utf_8",
}

# Labels browsers know that Python's codec registry does not.
_EXTRA_LABELS = {"x-sjis": "cp932", "x-gbk": "gb18030", "x-euc-jp": "euc_jp", "x-cp1251": "cp1251"}

# When charset detection finds several encodings equally plausible (Portuguese reads as well
# in Windows-1250 as in Windows-1252, but "ã" becomes "ă"), take the one the web uses most.
_PREFERRED = ("cp1252", "cp1251", "gb18030", "big5", "cp932", "shift_jis", "cp949", "euc_kr")
_CHAOS_TOLERANCE = 0.01
_COHERENCE_TOLERANCE = 0.02
# A declared single-byte charset whose text reads this messy is contradicted by the bytes
# (Windows-1251 Russian declared as Windows-1252 reads as "Ïðàâèòåëüñòâî").
_DECLARED_MESS = 0.2
# Bytes that are UTF-8 but for a few broken sequences (a truncated tail, one stray byte) stay
# UTF-8 with U+FFFD for the broken bytes, rather than being re-read whole in a wrong encoding.
# Legacy text almost never forms a valid multibyte sequence by chance, so twice as many valid
# multibyte characters as broken bytes is evidence enough (an English page with a few curly
# quotes and one stray byte is still UTF-8, not "It‚Äôs" throughout).
_STRAY_SHARE = 0.5
# Share of printable characters UTF-16 bytes must decode to (read in the wrong byte order,
# spaces and line breaks become unprintable U+2000 and U+0A00).
_READABLE = 0.95


class DecodeError(InputError):
    """The bytes are not text in any encoding we can recognise."""


def _codec(label: str) -> str | None:
    """Python's codec name for an encoding label, or None when Python has no such codec."""
    for name in (label, label.lower().replace("windows-", "cp"), _EXTRA_LABELS.get(label.lower())):
        try:
            return codecs.lookup(name).name.replace("-", "_") if name else None
        except LookupError:
            continue
    return None


def _display(codec: str) -> str:
    """The name reported in results: 'utf-8', 'cp1251', 'koi8-r', 'gb18030'."""
    return codec.replace("_", "-")


def _bom(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark data starts with, and the codec it names."""
    for bom, name in _BOMS:  # UTF-32 LE before UTF-16 LE: its BOM starts with UTF-16's
        if data.startswith(bom):
            return bom, name
    return None


def _by_bom(data: bytes, codec: str) -> tuple[str, str] | None:
    """The text in the encoding a BOM names. A few broken sequences (a cut-off tail, a stray
    byte) become U+FFFD; more mean that the BOM is wrong (a UTF-8 BOM put before Windows-1251
    bytes), and None lets the rest of the evidence decide."""
    name = codec.removesuffix("-sig")
    try:
        return data.decode(codec), name
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
    return (text, name) if text.count("\ufffd") <= _STRAY_SHARE * len(text) else None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: text never holds NUL bytes, UTF-16 has one in the high byte of
    every ASCII character. Such bytes are valid UTF-8 too (Cyrillic in UTF-16 LE is even all
    ASCII bytes), so this is tried before UTF-8, and taken only when the text reads."""
    sample = data[:4000]
    if b"\x00" not in sample or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if min(even, odd) > 0.1 * max(even, odd):  # NULs on both sides: not UTF-16 text
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    head = text[:2000]
    readable = sum(ch.isprintable() or ch in "\n\r\t" for ch in head)
    return (text, codec) if readable >= _READABLE * len(head) else None


def _utf8(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - broken
    if multibyte > 0 and broken <= _STRAY_SHARE * multibyte:
        return text, "utf-8"
    return None


def declared_charset(data: bytes) -> str | None:
    """The Python codec an HTML page declares in a meta tag, or None.

    >>> declared_charset(b'<html><head><meta charset="ISO-8859-1"><title>')
    'cp1252'
    """
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    codec = _codec(match.group(1).decode("ascii"))
    return _LABEL_ALIASES.get(codec, codec) if codec else None


def _declared(data: bytes, codec: str) -> tuple[str, str] | None:
    """Decode with the declared charset, unless the bytes contradict it."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    single_byte = len(text) == len(data)
    if single_byte and mess_ratio(text, maximum_threshold=1.0) > _DECLARED_MESS:
        return None
    return text, _display(codec)


def _detect(data: bytes) -> tuple[str, str]:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError("not text: no encoding fits these bytes")
    best = matches[0]
    near = [
        m
        for m in matches
        if m.chaos <= best.chaos + _CHAOS_TOLERANCE
        and m.coherence >= best.coherence - _COHERENCE_TOLERANCE
    ]
    for name in _PREFERRED:
        for match in near:
            if name == match.encoding or name in match.could_be_from_charset:
                try:
                    return data.decode(name), _display(name)
                except UnicodeDecodeError:  # the match was judged on a sample of the bytes
                    continue
    return str(best), _display(best.encoding)


def decode_bytes(data: bytes, html: bool = True) -> tuple[str, str]:
    """Return (text, encoding name). With ``html``, a page's declared charset is honoured.

    >>> decode_bytes("café".encode("utf-8"))
    ('café', 'utf-8')
    >>> decode_bytes("Привет, мир! Как дела у всех вас сегодня?".encode("cp1251"))[1]
    'cp1251'
    """
    if mark := _bom(data):
        if found := _by_bom(data, mark[1]):
            return found
        data = data[len(mark[0]) :]  # the bytes contradict the BOM: judge them without it
    found = _utf16_without_bom(data) or _utf8(data)
    if found:
        return found
    codec = declared_charset(data) if html else None
    return (codec and _declared(data, codec)) or _detect(data)


def utf8_bytes(doc: Document) -> bytes | None:
    """The document's bytes when its text is exactly their UTF-8 reading (no byte-order
    mark, no broken sequence read as U+FFFD), else None: a parser that reads UTF-8 takes
    them as they are instead of the text encoded again (a tenth of the fast HTML engine's
    parse).

    >>> doc = Document("café".encode("utf-8")); decode(doc); utf8_bytes(doc) == doc.data
    True
    >>> doc = Document(b"caf\\xe9 \\xc3\\xa9t\\xc3\\xa9"); decode(doc); utf8_bytes(doc) is None
    True
    """
    data = doc.data
    if not isinstance(data, bytes) or doc.encoding != "utf-8" or _bom(data):
        return None
    # A broken sequence is read as U+FFFD (`_utf8`); without one, the strict reading held.
    return data if "\ufffd" not in doc.text else None


def decode(doc: Document) -> None:
    """Stage: turn ``doc.data`` into ``doc.text``."""
    if isinstance(doc.data, bytes):
        doc.text, doc.encoding = decode_bytes(doc.data, html=doc.format in (None, "html"))
    else:
        doc.text, doc.encoding = doc.data, "str"
