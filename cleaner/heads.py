"""Glued heads: an article's head (headline, byline, date) run into its first sentence.

Where a page sets its headline, byline and date in cells or spans that a scraper joins
without a break, the article's first paragraph opens with them: "Storm Closes Port By ANN
LEE, Staff Writer 40 minutes ago HARBOUR CITY - The storm ...". Read as one block, the
byline and the date stay in the body. The head ends at a date or an age ("40 minutes
ago") that is not a sentence's (a few words before it, the last of them capitalised or a
label's colon, as "on", "in", "am" or "le" before a date in a sentence are not), and
the article starts right after it with a capital. The head becomes a line of its own,
with the hint `HEAD_HINT` that `cleaner.regions` reads.

>>> from cleaner.model import Line
>>> text = "By ANN LEE, Staff Writer 40 minutes ago HARBOUR CITY - " + "The storm hit. " * 20
>>> [(ln.text[:30], sorted(ln.hints)) for ln in split_heads([Line(text, text)]) if ln.text]
[('By ANN LEE, Staff Writer 40 mi', ['glued_head']), ('HARBOUR CITY - The storm hit. ', [])]
>>> text = "In January 2008 Apple " + "sold more phones than before. " * 10
>>> len(split_heads([Line(text, text)]))
1
"""

from __future__ import annotations

import regex

from cleaner.model import Line, cut_paragraphs, words
from cleaner.threads import DATE_TIME, date_in

HEAD_HINT = "glued_head"
HEAD_CHARS = 240  # the head sits in the block's first characters
HEAD_MIN_WORDS = 2  # words before the date: a name, a label, a headline
HEAD_SEPARATORS = " -–—|·•"  # what a page sets between a head's parts
LEAD_MIN_WORDS = 25  # the article's text after the head: a paragraph, not a caption
AGO = regex.compile(
    r"\b\d{1,3}\s+(?:minutes?|mins?|hours?|hrs?|days?)(?:,?\s+\d{1,2}\s+(?:minutes?|mins?))?"
    r"\s+ago\b",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"\b\d{4}\b")
_MORE_DATE = regex.compile(rf"[\s,]*(?:{DATE_TIME.pattern})")
# The article's first word, perhaps set in bold that Markdown could not undo because the
# date runs into it ("... 2008**Harbour City --** The storm ..."): the bold goes with it.
_LEAD_START = regex.compile(r"\s*[|·•]?\s*(?=(?:\*\*|__)?[\p{Lu}\"“‘(])")


_DIGIT = regex.compile(r"\d")
_SENTENCE_BREAK = regex.compile(r"[.!?]\s+\p{Lu}")  # a sentence ends, the next starts


def _anchor(text: str) -> regex.Match[str] | None:
    head = text[:HEAD_CHARS]
    if _DIGIT.search(head) is None:
        return None  # both anchors hold a digit; most paragraphs open without one
    found = [m for m in (AGO.search(head), date_in(head)) if m is not None]
    return min(found, key=lambda m: m.end()) if found else None


def _head_before(before: str, date: str) -> bool:
    """What stands before the date is a head: a few words, no sentence, the last of them
    capitalised, a label's ("Posted:") or a number; or a weekday alone before a date with
    its year ("Tuesday, May 3, 2019 The board ..."), which no sentence opens with."""
    if not before:
        return False
    if _SENTENCE_BREAK.search(before):
        return False  # a sentence before the date: the date is in the article's text
    # A separator may stand between the head's words and its date ("Agency - May 3, 2019").
    last = (before.rstrip(HEAD_SEPARATORS) or before).split()[-1]
    if len(words(before)) < HEAD_MIN_WORDS:
        weekday = before == last and last.endswith(",") and bool(_YEAR.search(date))
        return weekday or last.endswith(":")  # not "In May 2019 the board ..."
    return last[0].isupper() or last.endswith(":") or last[-1].isdigit()


def head_end(text: str) -> int:
    """Where the article starts after a glued head, or -1 when the text opens with none."""
    match = _anchor(text)
    if match is None:
        return -1
    before = text[: match.start()].rstrip()
    if not _head_before(before, match.group(0)):
        return -1
    end = match.end()
    while more := _MORE_DATE.match(text, end):  # "11:54 pm EST January 9, 2008": one date
        end = more.end()
    lead = _LEAD_START.match(text, end)
    if lead is None or len(words(text[lead.end() :])) < LEAD_MIN_WORDS:
        return -1
    if text.startswith(("**", "__"), lead.end()) and ("*" in before or "_" in before):
        return -1  # bold cells on both sides of the date: a teaser's, not an article's head
    return lead.end()


def split_heads(lines: list[Line]) -> list[Line]:
    """``lines`` with each paragraph that opens with a glued head cut after it."""
    return cut_paragraphs(lines, head_end, HEAD_HINT, on_head=True, strip=" |·•")


# A dateline: the place an article was filed from, perhaps with its state or country and
# the agency in brackets, before a dash ("MILLBROOK, Ore. --", "ELM CITY (AP) —", "Bonn -"),
# or a place and the date ("Bonn, 3. Mai 2021 – ..."). It opens the article's first
# paragraph; a scraper may set it on a line of its own, or before a lead of one line.
_PLACE = r"\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,2}"
_DATELINE_DASH = r" ?(?:--|[-–—])"
_LONE_DATELINE = regex.compile(
    rf"{_PLACE}(?:, {_PLACE})?(?: \(\p{{Lu}}[\p{{L}}.-]*\))?{_DATELINE_DASH}"
)
_PLACE_COMMA = regex.compile(rf"{_PLACE}, ")
_AFTER_DATE = regex.compile(rf"{_DATELINE_DASH}\s")
DATE_CHARS = 40  # a dateline's date is written in this many characters at most


def lone_dateline(text: str) -> bool:
    """Whether the line is a dateline alone, the article's first words cut off its lead.

    >>> lone_dateline("MILLBROOK, Ore. --"), lone_dateline("Bad Homburg –")
    (True, True)
    >>> lone_dateline("Port reopens after storm"), lone_dateline("Ann Lee -- 3 May")
    (False, False)
    """
    return _LONE_DATELINE.fullmatch(text.strip()) is not None


def opens_with_dateline(text: str) -> bool:
    """Whether the line opens with a dateline (`lone_dateline`, or a place, a comma, a date
    and a dash): the article's lead, as no headline opens.

    >>> opens_with_dateline("Linz, 14.03.2021 - Address by the mayor at the fair")
    True
    >>> opens_with_dateline("Paris, Texas - the film at forty")
    False
    """
    text = text.strip()
    if lone_dateline(text):
        return True
    place = _PLACE_COMMA.match(text)
    if place is None:
        return False
    rest = text[place.end() : place.end() + DATE_CHARS + 4]
    date = date_in(rest)
    if date is None or date.start() > 0:
        return False
    return _AFTER_DATE.match(rest + " ", date.end()) is not None
