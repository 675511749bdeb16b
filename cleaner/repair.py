"""Conservative text repair: fix what is broken, leave correct typography alone.

Each fix is a small str -> str function that returns its input unchanged (and cheaply) when
there is nothing to fix, so a clean document pays a few scans, not the price of every repair.
Mojibake and control characters go through ftfy (one adapter, one frozen config), and only
on the lines that ftfy's own badness test or a control character marks; the whitespace and
invisible-character fixes are ours because ftfy keeps non-breaking and zero-width spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from operator import ne

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-1251 codec
from ftfy.badness import MOJIBAKE_CATEGORIES
from ftfy.fixes import uncurl_quotes

from cleaner import badness
from cleaner.model import Document, Edit, Line

# ftfy with everything that changes correct text turned off: curly quotes, full-width forms,
# ligatures and CJK punctuation stay as they are. Entities, line breaks and normalization are
# ours (entities depend on the format, normalization on the options).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)

Fix = Callable[[str], str]
FORMS = ("NFC", "NFKC")

# --- line breaks --------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
_BREAKS = {"\u2029": "\n\n"}  # a paragraph separator ends a paragraph; the rest end a line


def fix_line_breaks(text: str) -> str:
    """CRLF, CR and the Unicode line and paragraph separators become LF."""
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        return text  # `in` is far faster than a regex scan that finds nothing
    return _LINE_BREAK.sub(lambda m: _BREAKS.get(m.group(0), "\n"), text)


# --- entities -----------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
_ENTITY_PASSES = 3  # "&amp;#8217;" (escaped twice) needs a second pass


def _entity_fix(keep: str) -> Fix:
    """Unescape character references, except those that stand for a character in ``keep``:
    in HTML, ``&lt;`` and ``&amp;`` are markup the parser must still see; in Markdown, an
    unescaped ``&lt;b&gt;`` would be read as a tag and dropped."""

    def char(match: re.Match[str]) -> str:
        ch = html.unescape(match.group(0))
        return match.group(0) if ch in keep else ch

    def unescape_entities(text: str) -> str:
        for _ in range(_ENTITY_PASSES):
            if "&" not in text:
                break
            fixed = _ENTITY.sub(char, text)
            if fixed == text:
                break
            text = fixed
        return text

    return unescape_entities


# --- NUL characters -----------------------------------------------------------------------


def fix_nul(text: str) -> str:
    """A NUL stands between words (fields written by C code, padding): it becomes a space.
    ftfy would drop it and join the words on either side ("The\\x00vote" -> "Thevote")."""
    return text.replace("\x00", " ") if "\x00" in text else text


# --- mojibake and control characters (ftfy) -------------------------------------------------

# Everything ftfy (with FTFY_CONFIG) changes outside its mojibake test: C0/C1 controls,
# terminal escapes, surrogates, and the format characters it removes.
_CONTROLS = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff"
_FTFY_CONTROLS = re.compile(f"[{_CONTROLS}]")
# Every alternative of ftfy's badness pattern needs one character of these categories, or one
# of the listed letters; text without any is not bad, and skips the costly pattern.
_BADNESS_NEEDS = "".join(
    MOJIBAKE_CATEGORIES[name]
    for name in ("bad", "law", "currency", "numeric", "upper_accented", "lower_accented", "box")
)
# ... plus the Cyrillic letters that start UTF-8 read as Windows-1251 (В-ф, see below).
_SUSPECT = re.compile(f"[{_CONTROLS}{_BADNESS_NEEDS}ÙŒœ‚βΒΓΞΟ\u0412-\u0444]")


# UTF-8 read as Windows-1251 turns each lead byte into a Cyrillic letter (В-Я for two-byte
# characters, а-ф for longer ones) followed by characters of the continuation range: "ã"
# reads "ГЈ", "の" reads "гЃ®". ftfy's badness test misses many of these, so lines holding
# them are tried here. Correct Russian text never
# re-encodes to valid UTF-8 (two Cyrillic letters in a row are two lead bytes), so the strict
# round trip is the test.
_CP1251_CONTINUATION = (
    "\u0401-\u040c\u040e\u040f\u0451-\u045c\u045e\u045f\u0490\u0491"
    "\u00a0\u00a4\u00a6\u00a7\u00a9\u00ab-\u00ae\u00b0\u00b1\u00b5-\u00b7\u00bb"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2116\u2122"
)
_CP1251_PAIR = re.compile(f"[\u0412-\u042f\u0430-\u0444][{_CP1251_CONTINUATION}]")
# A short Russian line like "В…" or "И»" re-encodes to valid UTF-8 too, by chance. So one
# pair is taken as mojibake only beside a Latin letter ("CafГ©"); otherwise it takes two,
# and the repaired text must not hold what such chance gives (C1 controls, IPA, NKo, ...).
_CP1251_IN_LATIN = re.compile(
    f"[A-Za-z][\u0412-\u042f][{_CP1251_CONTINUATION}]|"
    f"[\u0412-\u042f][{_CP1251_CONTINUATION}][A-Za-z]"
)
_IMPLAUSIBLE = re.compile("[\x80-\x9f\u0180-\u036f\u0460-\u048f\u0492-\u07ff]")


def _undo_cp1251(segment: str) -> str:
    pairs = len(_CP1251_PAIR.findall(segment))
    if not pairs or (pairs == 1 and not _CP1251_IN_LATIN.search(segment)):
        return segment
    if "\ufffd" in segment:
        return segment  # the sloppy codec writes U+FFFD as byte 0x1A: not a round trip
    try:
        fixed = segment.encode("sloppy-windows-1251").decode("utf-8")
    except UnicodeError:
        return segment
    return segment if _IMPLAUSIBLE.search(fixed) else fixed


def _ftfy_may_change(segment: str) -> bool:
    return bool(_FTFY_CONTROLS.search(segment)) or badness.is_bad(segment)


def fix_mojibake(text: str) -> str:
    """``ftfy.fix_text(text, FTFY_CONFIG)``, but only on the lines it could change.

    ftfy itself works line by line, so skipping the lines it would leave alone gives its
    output exactly; most clean text skips it altogether after one scan.

    >>> fix_mojibake("The governorâ€™s office")
    'The governor’s office'
    """
    if not _SUSPECT.search(text):
        return text
    if not (_FTFY_CONTROLS.search(text) or _CP1251_PAIR.search(text) or badness.may_be_bad(text)):
        return text  # one pass over the whole text says no line needs either fix
    # Only the lines that hold a suspect character are read again, found by searching on
    # from the last one (a loop over every line cost large documents 20 ms/MB).
    out = []
    done = 0  # text before this is copied or fixed
    while suspect := _SUSPECT.search(text, done):
        start = text.rfind("\n", 0, suspect.start()) + 1
        end = text.find("\n", suspect.start()) + 1 or len(text)  # ftfy's segments end with LF
        segment = text[start:end]
        if _ftfy_may_change(segment):
            segment = ftfy.fix_text(segment, FTFY_CONFIG)
        out += (text[done:start], _undo_cp1251(segment))
        done = end
    out.append(text[done:])
    return "".join(out)


# --- spaces and invisible characters -------------------------------------------------------

# No-break, figure, narrow and other fixed-width spaces, and the vertical tab and form feed
# (read as spaces later anyway; left in, they hide "Â " mojibake from ftfy until then). U+3000
# is the ordinary space of CJK text and stays.
_ODD_SPACES = re.compile("[\x0b\x0c\u00a0\u2000-\u200a\u202f\u205f]")

_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{_INVISIBLES}]+")
_ZWSP, _ZWNJ, _ZWJ = "\u200b", "\u200c", "\u200d"
# A zero-width space after these and before a letter stands where a space was lost.
_BREAK_AFTER = frozenset(".,;:!?)]}\"'”’»")
_BREAK_BEFORE = frozenset("([{\"'“‘«")


def _spaceless(ch: str) -> bool:
    """Scripts written without spaces between words (CJK, kana, Thai, Lao, Khmer, ...)."""
    cp = ord(ch)
    return (
        0x0E00 <= cp <= 0x0FFF
        or 0x1000 <= cp <= 0x109F
        or 0x1780 <= cp <= 0x17FF
        or 0x2E80 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
        or cp >= 0x20000
    )


def _joining(ch: str) -> bool:
    """Scripts whose shaping uses ZWNJ and ZWJ: Arabic, Persian, Syriac, Indic, Mongolian."""
    cp = ord(ch)
    return 0x0600 <= cp <= 0x0DFF or 0x1800 <= cp <= 0x18AF or 0xFB50 <= cp <= 0xFEFC


def _emoji(ch: str) -> bool:
    return ch == "\ufe0f" or unicodedata.category(ch) in ("So", "Sk")


def _word_break(before: str, after: str) -> bool:
    """A zero-width space between these two characters separates two words."""
    if not before or not after or _spaceless(before) or _spaceless(after):
        return False
    return (before.isalnum() or before in _BREAK_AFTER) and (
        after.isalnum() or after in _BREAK_BEFORE
    )


def _kept(ch: str, before: str, after: str) -> bool:
    if ch == _ZWJ:  # joins emoji into one (👨‍👩‍👧) and shapes Indic conjuncts
        return bool(before and after) and (
            (_emoji(before) and _emoji(after)) or _joining(before) or _joining(after)
        )
    if ch == _ZWNJ:  # keeps Persian and Indic letters apart (می‌خواهم)
        return bool(before and after) and (_joining(before) or _joining(after))
    return False


def _zero_width(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    run = match.group(0)
    if _ZWSP in run and _word_break(before, after):
        return " "
    return "".join(ch for ch in run if _kept(ch, before, after))


_INNER_TABS = re.compile(r"(?<=\S)\t+")  # a tab between words; leading tabs are indent


def fix_spaces(text: str) -> str:
    """Odd spaces, and tabs inside a line, become plain spaces, as the text's words will be
    joined later anyway: left in, a tab hides "Â " mojibake from ftfy until then."""
    text = _ODD_SPACES.sub(" ", text) if _ODD_SPACES.search(text) else text
    return _INNER_TABS.sub(" ", text) if "\t" in text else text


def fix_zero_width(text: str) -> str:
    """Zero-width characters go; one that stands between two words becomes a space, so the
    words are not glued together; joiners stay where emoji or a script need them."""
    if not any(ch in text for ch in _INVISIBLES):
        return text
    return _ZERO_WIDTH.sub(_zero_width, text)


def remove_soft_hyphens(text: str) -> str:
    return text.replace("\u00ad", "") if "\u00ad" in text else text


def _normalizer(form: str) -> Fix:
    def normalize(text: str) -> str:
        return text if unicodedata.is_normalized(form, text) else unicodedata.normalize(form, text)

    normalize.__name__ = form.lower()
    return normalize


# --- the fixes, per format ---------------------------------------------------------------

# Markup that an unescaped entity would invent, per format.
_ENTITY_KEEP = {"text": "", "markdown": "<>", "html": "<>&\"'"}


@lru_cache(maxsize=8)
def fixes_for(fmt: str | None = "text") -> tuple[tuple[str, Fix], ...]:
    """The repair stage's fixes for one input format, in order. Order matters: entities can
    hide mojibake (``&acirc;&#128;&#153;``) and invisible characters; mojibake can hide odd
    spaces (``Â\\xa0``)."""
    return (
        ("line_breaks", fix_line_breaks),
        ("entities", _entity_fix(_ENTITY_KEEP.get(fmt or "text", ""))),
        ("nul", fix_nul),
        ("mojibake", fix_mojibake),
        ("odd_spaces", fix_spaces),
        ("zero_width", fix_zero_width),
        ("soft_hyphens", remove_soft_hyphens),
        ("nfc", _normalizer("NFC")),
    )


FIXES = fixes_for("text")


def _changed_chars(before: str, after: str) -> int:
    """How many characters a fix touched: those it replaced, or where it removed or added
    some, those it removed or added, whichever is more (a three-character mojibake sequence
    fixed into one character counts three). Only the changed part is read: the common
    start and end, then (where the fix kept the lines) the unchanged lines, are left out,
    which changes neither count, so that a large document costs what its changes cost."""
    start = _common_prefix(before, after)
    end = _common_suffix(before, after, min(len(before), len(after)) - start)
    before, after = before[start : len(before) - end], after[start : len(after) - end]
    # Lines compared and counted by C loops (map, compress): a large document's changes
    # spread over most of its lines.
    if len(before) == len(after):  # the same positions line up in the middle part
        old_lines, new_lines = before.split("\n"), after.split("\n")
        if list(map(len, old_lines)) == list(map(len, new_lines)):
            pairs = zip(old_lines, new_lines, strict=True)
            changed = compress(pairs, map(ne, old_lines, new_lines))
            return sum(sum(map(ne, o, n)) for o, n in changed)
        return sum(map(ne, before, after))
    old_lines, new_lines = before.split("\n"), after.split("\n")
    if len(old_lines) == len(new_lines):  # an unchanged line is in both: it cancels
        differ = list(map(ne, old_lines, new_lines))
        before, after = "".join(compress(old_lines, differ)), "".join(compress(new_lines, differ))
    old, new = Counter(before), Counter(after)
    return max((old - new).total(), (new - old).total())


_PREFIX_STEP = 64  # characters compared at once before bisecting


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common start of ``a`` and ``b``, found by comparing slices
    (in C) rather than character by character."""
    limit = min(len(a), len(b))
    low, step = 0, _PREFIX_STEP
    while low + step <= limit and a[low : low + step] == b[low : low + step]:
        low += step
        step *= 2
    high = min(low + step, limit)  # the first difference is in [low, high]
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common end of ``a`` and ``b``, at most ``limit``, found as
    `_common_prefix` finds a start (without reversed copies of the two)."""
    low, step = 0, _PREFIX_STEP
    while (
        low + step <= limit
        and a[len(a) - low - step : len(a) - low] == b[len(b) - low - step : len(b) - low]
    ):
        low += step
        step *= 2
    high = min(low + step, limit)  # the last difference is in [low, high] from the end
    while low < high:
        mid = (low + high + 1) // 2
        if a[len(a) - mid : len(a) - low] == b[len(b) - mid : len(b) - low]:
            low = mid
        else:
            high = mid - 1
    return low


REPAIR_ROUNDS = 3  # one fix can uncover work for an earlier one; text settles in two


def repair_text(text: str, fixes=FIXES) -> tuple[str, list[Edit]]:
    """Apply each fix in turn, and the whole chain again while it still changes something
    (a soft hyphen inside mojibake hides it from ftfy until it is removed), so that
    repairing repaired text changes nothing. One edit per fix that changed the text.

    >>> repair_text("a\\u00a0b&amp;c")[0]
    'a b&c'
    """
    counts: dict[str, int] = {}
    for _ in range(REPAIR_ROUNDS):
        before = text
        for name, fix in fixes:
            fixed = fix(text)
            if fixed != text:
                counts[name] = counts.get(name, 0) + _changed_chars(text, fixed)
                text = fixed
        if text == before or _settled(before, text, fixes):
            break
    return text, [Edit("repair", name, count) for name, count in counts.items()]


def _settled(before: str, after: str, fixes: tuple[tuple[str, Fix], ...]) -> bool:
    """True when another round of ``fixes`` would leave ``after`` as it is, found on the
    lines the last round changed only. Each fix reads a line and the line breaks around it,
    never another line (a test checks it on every fix), so the lines a round left alone the
    next leaves alone too: a large document, all of whose fixes change some line, does not
    pay a second round over all of it. False when that cannot be told so (the round changed
    the lines' count, or most of the text): the round is run."""
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return False
    changed = list(compress(range(len(new)), map(ne, old, new)))
    part = "\n".join(map(new.__getitem__, changed))
    if 2 * len(part) > len(after):
        return False
    # The part's first and last lines read the line breaks around them as in the text.
    part = "\n" * (changed[0] > 0) + part + "\n" * (changed[-1] < len(new) - 1)
    return all(fix(part) == part for _, fix in fixes)


def repair(doc: Document) -> None:
    """Stage: repair ``doc.text`` in place, record the edits, and count the characters that
    were already lost (U+FFFD) before the text reached us: they cannot be restored."""
    doc.text, edits = repair_text(doc.text, fixes_for(doc.format))
    doc.edits.extend(edits)
    doc.lost_chars = doc.text.count("\ufffd")


# --- options applied to the plain text lines, after markup --------------------------------


@lru_cache(maxsize=4)
def option_fixes(ascii_quotes: bool, form: str) -> tuple[tuple[str, Fix], ...]:
    """Fixes a user asks for that change correct text. They run on the lines markup has read,
    not on the source: in HTML or Markdown a straightened quote or an NFKC "<" (from "＜")
    would change the markup."""
    if form not in FORMS:
        raise ValueError(f"normalization must be one of {', '.join(FORMS)}, not {form!r}")
    fixes: list[tuple[str, Fix]] = []
    if ascii_quotes:
        fixes.append(("ascii_quotes", uncurl_quotes))
    if form != "NFC":  # the repair stage has already normalized to NFC
        fixes.append((form.lower(), _normalizer(form)))
    return tuple(fixes)


def apply_options(doc: Document, ascii_quotes: bool = False, form: str = "NFC") -> None:
    """Apply the optional fixes to every line's text; one edit per fix for the document."""
    fixes = option_fixes(ascii_quotes, form)
    if not fixes:
        return
    counts = Counter[str]()
    for line in doc.lines:
        line.text = _apply_to_line(line, fixes, counts)
    doc.edits.extend(Edit("repair", name, n) for name, n in counts.items())


def _apply_to_line(line: Line, fixes: tuple[tuple[str, Fix], ...], counts: Counter[str]) -> str:
    text, edits = repair_text(line.text, fixes)
    for edit in edits:
        counts[edit.fix] += edit.count
    return text
