"""Captions and credits beside the article, found by their shape.

A caption is a short block at the article's head or between its paragraphs that describes
a picture and ends with its credit: a parenthesised name or agency with a slash or a
capitalised source ("(Ann Lee / Agency)", "(AP Photo/Ann Lee)"), a credit line alone
("Ann Lee/Agency", "© Agency"), or a line that names itself a picture ("... file photo",
"Photo: ...", "Submitted photo"). Reporting credits ("Ann Lee contributed reporting",
"(Reporting by ...; Editing by ...)") go the same way: they are about the article, not in
it.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import regex

from cleaner import credits, dates, screen
from cleaner.knowledge import phrases_pattern, word_lines
from cleaner.model import BOILERPLATE, META, Block, Document, Line, cut_paragraphs, words
from cleaner.threads import DATE_TIME, date_in, may_hold_date

# A credit in parentheses or brackets at the end: a slash between names ("AP Photo/Ann Lee",
# "Ann Lee / Agency") or capitalised words then a comma and a source ("ANN LEE, Sun Media").
_END_CREDIT = regex.compile(
    r"[(\[](?:[^()\[\]]{0,40}/[^()\[\]]{1,60}"
    r"|\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,4},\s*\p{Lu}[^()\[\]]{1,40})[)\]]\s*\.?$"
)
# A line that is only a credit: "Ann Lee/Agency", "© 2020 Agency", "Credit: ...".
_CREDIT_LINE = regex.compile(
    r"^(?:©|\(c\)|copyright\b)|^\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){1,3}\s*/\s*\p{Lu}"
    r"[\p{L}.'’ -]{1,40}$",
    regex.IGNORECASE,
)
# The picture words of captions and credits, in the languages most news comes in.
_PICTURE = regex.compile(
    r"\b(?:photo|photograph|picture|image|file|submitted|credit|courtesy|foto|bild|imagen|"
    r"fotografia|crédit|credito|crédito|getty|reuters|afp|epa|ap)\b",
    regex.IGNORECASE,
)
# "in this June 3, 2007, file photo", "in a May 2019 photo", "Photo: ...", "Submitted photo",
# a caption led by its picture's control ("Click photo to enlarge", "Enlarge this image").
_NAMES_PICTURE = regex.compile(
    r"\b(?:file|submitted|handout|staff)\s+(?:photo|picture|image)\b"
    r"|^(?:click|tap)\s+(?:on\s+)?(?:the\s+)?(?:photo|image|picture)\s+to\s+(?:enlarge|zoom)"
    r"|^(?:enlarge|zoom)\s+(?:this\s+)?(?:photo|image|picture)"
    r"|\bin\s+(?:this|an?)\s+(?:undated\s+|\p{L}+\.?\s+(?:\d{1,2},?\s+)?\d{4},?\s+)"
    r"(?:photo|picture|image)\b|^(?:photo|image|picture|"
    r"foto|bild)\s*(?:by|:|/)|\b(?:photo|image|picture)\s+(?:by|courtesy|credit)\b",
    regex.IGNORECASE,
)
_NAME_SLASH = regex.compile(r"\p{Lu}[\p{L}.'’-]*\s*/\s*\p{Lu}")  # "AP Photo/Ann Lee", not "MB/s"
CAPTION_WORDS = 70  # a caption is shorter than most paragraphs
FILE_PHOTO_WORDS = 110  # a caption that says it is a photo may run on with the story
DATE_LINE_REST = 4  # words beside a date in a dateline ("Published on", "Last modified:")
DATES_IN_LINE = 2  # a dateline gives the first publication and the last update at most
_A_DAY = regex.compile(r"\d{4}|\p{L}{3,}")  # a year or a month's name: a date, not a time
_YEAR = regex.compile(r"\d{4}")  # of a time and a date in one line, the date is the day's
DATELINE_WORDS = 24  # two dates with their words: longer is prose
FILED_DATELINE_WORDS = 80  # ... unless a list of the tags it is filed under makes it long
CREDIT_WORDS = 8  # a credit line alone is a few names
CREDIT_MIN_WORDS = 3  # a parenthesised credit names a person and a source, or says "photo"


def is_caption(block: Block, languages: tuple[str, ...] | None = None) -> bool:
    """A picture's caption or credit, or a reporting credit (`cleaner.credits`, in the
    words of ``languages``: every language's when None), by its shape."""
    text = block.text.strip()
    words = len(block.words)
    if not text or "](" in text or words > FILE_PHOTO_WORDS:  # longer: no test below holds
        return False
    lowered = _lowered(text)  # once: patterns that need a word it lacks are not run
    if words <= CAPTION_WORDS and _reporting_credit(text, lowered, languages):
        return True  # a page may set its reporting credit as a heading
    if block.kind == "heading":
        return False
    if words > CAPTION_WORDS:
        return _names_picture(text, lowered)
    # The end credit closes a bracket; a credit line holds a slash or opens with "©" or
    # "(c)" or "copyright".
    closes = ")" in text or "]" in text
    if closes and _END_CREDIT.search(text) and _credit_names_picture(text):
        return True
    credit_line = "/" in text or text[0] in "©(cC"
    if words <= CREDIT_WORDS and credit_line and _CREDIT_LINE.search(text):
        return True
    return _names_picture(text, lowered)


# A picture's credit in brackets right after a sentence's end, with a slash between names
# ("(Ann Lee/Agency)"), and a capital after it: a caption's end, the article going on.
_GLUED_CREDIT = regex.compile(
    r"(?<=[.!?\"”’]\s*)[(\[][^()\[\]]{0,40}/[^()\[\]]{1,60}[)\]]\s+(?=\p{Lu})"
)
GLUED_CAPTION_CHARS = 500  # a caption (`CAPTION_WORDS` at most) sits in the first characters
CAPTION_LEAD_WORDS = 25  # the article's text after the caption: a paragraph, not a label
CAPTION_HINT = "glued_caption"


def glued_caption_end(text: str) -> int:
    """Where the article starts after a picture's caption and credit run into its first
    paragraph ("A crowd at the quay on Monday. (Ann Lee/Agency) The ferry ..."), or -1:
    the part before is a caption (`is_caption`), the part after a paragraph."""
    window = text[:GLUED_CAPTION_CHARS]
    if "/" not in window or (")" not in window and "]" not in window):
        return -1  # most paragraphs: no credit's slash and bracket
    for match in _GLUED_CREDIT.finditer(window):
        head = text[: match.end()].rstrip()
        if len(words(text[match.end() :])) < CAPTION_LEAD_WORDS:
            return -1
        if is_caption(Block(0, head, head)):
            return match.end()
    return -1


def split_captions(lines: list[Line]) -> list[Line]:
    """``lines`` with each paragraph that opens with a glued caption cut after it."""
    return cut_paragraphs(lines, glued_caption_end, CAPTION_HINT, on_head=True, strip=None)


# Words one of which each pattern needs, whatever the case: text without any is ruled out
# before the pattern runs (most blocks).
_PICTURE_WORDS = ("photo", "picture", "image", "foto", "bild")  # _NAMES_PICTURE


@lru_cache(maxsize=1)
def _folding_to_ascii() -> re.Pattern[str]:
    """The characters beyond ASCII that match an ASCII letter when case is ignored, as the
    patterns ignore it ("İ", "ſ", the Kelvin sign)."""
    ranges = [(low, high) for low, high in screen.folds("[a-z]") if high > 0x7F]
    return re.compile("[" + "".join(f"{chr(max(a, 0x80))}-{chr(b)}" for a, b in ranges) + "]")


def _lowered(text: str) -> str | None:
    """The text lower-cased, for the word tests of `_may_hold`; None when a character
    could match an ASCII letter of those words ignoring case, which lower-casing would not
    give."""
    if not text.isascii() and _folding_to_ascii().search(text):
        return None
    return text.lower()


def _may_hold(lowered: str | None, needed: tuple[str, ...]) -> bool:
    """False only when ``lowered`` (`_lowered`) holds none of the ``needed`` words: the
    pattern cannot match then."""
    if lowered is None:
        return True
    for word in needed:  # noqa: SIM110  (a loop, not any() over a generator: a third of the time)
        if word in lowered:
            return True
    return False


def _reporting_credit(text: str, lowered: str | None, languages: tuple[str, ...] | None) -> bool:
    languages = credits.credit_languages() if languages is None else languages
    pattern = credits.credit_block(languages)
    return (
        pattern is not None
        and _may_hold(lowered, credits.needed_words(languages))
        and bool(pattern.match(text))
    )


def _names_picture(text: str, lowered: str | None) -> bool:
    return _may_hold(lowered, _PICTURE_WORDS) and bool(_NAMES_PICTURE.search(text))


def _credit_names_picture(text: str) -> bool:
    """The parenthesised credit names a photographer or agency: a slash between names, a
    picture word, or a name in capitals."""
    credit = text[text.rfind("(") :] if "(" in text else text[text.rfind("[") :]
    if len(words(credit)) < CREDIT_MIN_WORDS:  # "(Whitelist/Blacklist)" names no one ...
        said = f" {' '.join(words(credit))} "  # ... "(Ann Lee/Getty)" does
        return any(f" {agency} " in said for agency in agencies())
    return (
        bool(_NAME_SLASH.search(credit)) or bool(_PICTURE.search(credit)) or _capitals_name(credit)
    )


@lru_cache(maxsize=1)
def agencies() -> frozenset[str]:
    """The agencies in ``words/agencies.txt``, each as its lower-cased words."""
    return frozenset(" ".join(words(line)) for line in word_lines("agencies.txt"))


def _capitals_name(credit: str) -> bool:
    letters = [c for c in credit if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.5 * len(letters)


def dateline(block: Block) -> str:
    """The date of a short line that holds a date and a few words at most ("Published on
    Saturday, Dec 29, 2007", "Last modified: 10.01.2008 12:00"), else ""."""
    text = block.text.strip()
    if (
        len(block.words) > FILED_DATELINE_WORDS
        or block.kind not in ("paragraph", "heading")
        or "(@" in text
    ):
        return ""  # "— Ann (@ann) May 3, 2019" credits a post the article quotes
    if not may_hold_date(text):
        return ""
    if len(block.words) > DATELINE_WORDS:  # long with the tags it is filed under, perhaps
        text = _unfiled(text)
        if len(words(text)) > DATELINE_WORDS:
            return ""
    if date_in(text) is None:  # the first date, found where one can start: most lines
        return ""  # with a date's digits hold none, and `DATE_TIME`'s search reads all
    found = list(itertools.islice(DATE_TIME.finditer(text), DATES_IN_LINE + 1))
    if not found or len(found) > DATES_IN_LINE:
        return ""
    # A time may stand before the date it belongs to ("2:18pm Tuesday 3rd May 2008"); two
    # times with no day ("9.30 A.M. / 7.00 P.M.") are opening hours, not a publication's.
    dated = [m.group(0) for m in found if _A_DAY.search(m.group(0))]
    if len(found) > 1 and not dated:
        return ""
    rest = DATE_TIME.sub(" ", text)  # "Posted: DATE Last updated: DATE" is one dateline
    # The category or tags the page is filed under may close it: "DATE | Tags: a, b".
    rest = _unfiled(rest)
    if len(words(rest)) > DATE_LINE_REST:
        return ""
    return next((d for d in dated if _YEAR.search(d)), (dated or [found[0].group(0)])[0])


def _unfiled(text: str) -> str:
    """``text`` without the labels it is filed under (`filed_under`). Each label ends in a
    colon: a text with none is read no further (the pattern is tried at every position)."""
    if ":" not in text and "：" not in text:
        return text
    return filed_under().sub(" ", text, count=1)


@lru_cache(maxsize=1)
def filed_under() -> regex.Pattern[str]:
    """A label of ``words/filing_labels.txt`` and a colon, after a separator or a space,
    with the values that follow it to the line's end ("| Category: Press releases")."""
    alternation = phrases_pattern(word_lines("filing_labels.txt"))
    return regex.compile(rf"(?:^|(?<=[\s|·•,;/]))(?:{alternation})\s*[:：].*$", regex.IGNORECASE)


MAX_DATELINES = 3  # more lines made of a date: a schedule or an archive, which may be the page


def datelines(blocks: list[Block]) -> list[str]:
    """Each open block's `dateline` ("" for the others)."""
    return [dateline(b) if b.is_open else "" for b in blocks]


def mark_captions(doc: Document, stage: str, found: list[str] | None = None) -> None:
    """Captions, credits and datelines among the open blocks (``found``: `datelines` of
    ``doc.blocks`` read when the blocks open now were open, where the caller has them)."""
    # Each open block's dateline, read once: marking a block changes no other block's.
    if found is None:
        found = datelines(doc.blocks)
    else:
        found = [date if b.is_open else "" for b, date in zip(doc.blocks, found, strict=True)]
    lone = sum(map(bool, found)) <= MAX_DATELINES
    languages = credits.for_document(doc.language_code, doc.language_score)
    for block, date in zip(doc.blocks, found, strict=True):
        if not block.is_open:
            continue
        if is_caption(block, languages):
            block.mark(BOILERPLATE, "caption", "region:caption", stage)
        elif lone and date:
            doc.set_meta("date", dates.normalize(date))
            block.mark(META, "date", "region:dateline", stage)
    for k, block in enumerate(doc.blocks):
        if _credit_alone(block):
            for side in doc.blocks[k - 1 : k] + doc.blocks[k + 1 : k + 2]:
                if _unfinished_caption(side):
                    side.mark(BOILERPLATE, "caption", "region:credited_caption", stage)


CAPTION_MIN_WORDS = 14  # shorter, a line without a full stop may be a headline or a label
_FINISHED = regex.compile(r"[.!?…。！？:;\"”’'»)\]][*_\s]*$")


def _credit_alone(block: Block) -> bool:
    """A photo credit on a line of its own ("Ann Lee/Agency", "Photo: Agency"), already
    removed as a caption: the picture it credits sits just above or below it."""
    text = block.text
    return (
        block.category == "caption"
        and len(block.words) <= CREDIT_WORDS
        and ("/" in text or "©" in text or bool(_PICTURE.search(text)))
    )


def _unfinished_caption(block: Block) -> bool:
    """A sentence too long for a headline, in prose (few links, few capitalised words, no
    separators of a menu or a dateline row), with no full stop at its end: as captions are
    set and article paragraphs are not."""
    text = block.text
    if not (
        block.is_open
        and block.kind == "paragraph"
        and CAPTION_MIN_WORDS <= len(block.words) <= CAPTION_WORDS
        and 2 * block.link_chars < len(text)
        and not _FINISHED.search(text)
        and not any(mark in text for mark in "|·•")
    ):
        return False
    capitalised = sum(word[:1].isupper() for word in text.split())
    return 2 * capitalised <= len(block.words)
