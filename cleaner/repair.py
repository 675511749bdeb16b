"""Conservative text repair: fix what is broken, leave correct typography alone.

Mojibake and control characters go through ftfy (one adapter, one frozen config); the
whitespace fixes are ours because ftfy keeps non-breaking and zero-width spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import ftfy

from cleaner.model import Document, Edit

# ftfy with everything that changes correct text turned off: curly quotes, full-width
# forms, ligatures and CJK punctuation stay as they are.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # plain text entities are handled below, HTML by the markup stage
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization="NFC",
    explain=True,
)

_CRLF = re.compile(r"\r\n?")
# No-break, figure, narrow and other fixed-width spaces become plain spaces.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# Characters that suggest mojibake or control junk; text without any skips ftfy entirely.
_SUSPECT = re.compile("[\u0080-\u00ff\u0400-\u045f\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _ideographic_space(match: re.Match[str]) -> str:
    # U+3000 is the normal space of CJK text: keep it there, it is not a stray.
    return match.group(0) if match.group(0) == "\u3000" else " "


def fix_line_breaks(text: str) -> str:
    return _CRLF.sub("\n", text)


def fix_spaces(text: str) -> str:
    return _ODD_SPACES.sub(_ideographic_space, text)


def remove_zero_width(text: str) -> str:
    return _ZERO_WIDTH.sub("", text)


def unescape_entities(text: str) -> str:
    """Entities left in plain text (``&amp;``, ``&#8217;``) become their characters."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def fix_mojibake(text: str) -> str:
    if not _SUSPECT.search(text):
        return text
    return ftfy.fix_text(text, FTFY_CONFIG)


def normalize_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Order matters: entities can hide mojibake, and mojibake can hide odd spaces.
FIXES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("line_breaks", fix_line_breaks),
    ("entities", unescape_entities),
    ("mojibake", fix_mojibake),
    ("odd_spaces", fix_spaces),
    ("zero_width", remove_zero_width),
    ("nfc", normalize_nfc),
)


def _changed_chars(before: str, after: str) -> int:
    """A cheap measure of how much a fix touched: differing positions plus the length change."""
    return sum(a != b for a, b in zip(before, after, strict=False)) + abs(len(before) - len(after))


def repair_text(text: str, fixes=FIXES) -> tuple[str, list[Edit]]:
    """Apply each fix in turn; record an edit only where the text changed.

    >>> repair_text("a\\u00a0b&amp;c")[0]
    'a b&c'
    """
    edits: list[Edit] = []
    for name, fix in fixes:
        fixed = fix(text)
        if fixed != text:
            edits.append(Edit("repair", name, _changed_chars(text, fixed)))
            text = fixed
    return text, edits


# HTML keeps its entities: the parser reads them, and unescaping first could invent markup.
HTML_FIXES = tuple((name, fix) for name, fix in FIXES if name != "entities")


def repair(doc: Document) -> None:
    """Stage: repair ``doc.text`` in place and record the edits."""
    doc.text, edits = repair_text(doc.text, HTML_FIXES if doc.format == "html" else FIXES)
    doc.edits.extend(edits)
