"""Glued tails: a rights notice or a reporting credit run onto the article's last sentence.

Where a page sets the wire's rights notice ("Copyright 2008 Agency. All rights
reserved.") or the reporting credit ("Ann Lee contributed to this report.") in the same
cell or line as the story, a scraper writes them on at the end of its last paragraph.
Read as one block, they stay in the body. The tail starts after a sentence's end with a
rights mark ("©", "(c) 2008", "Copyright 2008", or "Copyright" and a name that closes the
line) or is the paragraph's last sentence and says who contributed reporting
(`cleaner.credits`, in any language's words); it runs to the line's end and is short.
The tail becomes a line of its own, with the hint `TAIL_HINT` that `cleaner.regions`
reads.

>>> from cleaner.model import Line
>>> text = "The storm hit the coast. " * 5 + "© 2008 Harbour Wire. All rights reserved."
>>> [(ln.text[:24], sorted(ln.hints)) for ln in split_tails([Line(text, text)]) if ln.text]
[('The storm hit the coast.', []), ('© 2008 Harbour Wire. All', ['glued_tail'])]
"""

from __future__ import annotations

from functools import lru_cache

import regex

from cleaner.credits import glued_credit, glued_marks
from cleaner.knowledge import pack_dir, phrases_pattern, word_lines
from cleaner.model import Line, cut_paragraphs, words

TAIL_HINT = "glued_tail"
TAIL_CHARS = 400  # the tail sits in the line's last characters
TAIL_WORDS = 45  # a rights notice with its licence sentence, or a credit: no longer
LEAD_MIN_WORDS = 20  # the article's text before the tail: a paragraph, not a label
# A rights mark after a sentence's end: "©" alone is one; "(c)" and "Copyright" need a
# year or "by" after them ("(c) 2008", "Copyright 2008 by ..."), as a sentence has not.
_RIGHTS_MARK = regex.compile(
    r"(?:\(\s*)?(?:©|\(c\)\s*\d{4}|copyright\s*(?:©\s*|\(c\)\s*)?(?:\d{4}|by\s))",
    regex.IGNORECASE,
)
# The mark follows a sentence's end, or a space where the tail goes on to say the rights
# are reserved (`_reserved`): "... near the coast Copyright 2008 Agency. All rights ...".
_RIGHTS = regex.compile(rf"(?<=\s|[.!?\"”’)]){_RIGHTS_MARK.pattern}", regex.IGNORECASE)
# "Copyright" and a name with no year, closing the line after a sentence's end (perhaps
# before a table's empty cells): "... the end. Copyright Harbour Wire Service |  |". In
# prose, "Copyright" capitalised after a full stop opens a sentence that goes on.
_NAMED_RIGHTS = regex.compile(
    r"(?<=[.!?\"”’')]\s+)Copyright(?:\s+\p{Lu}[\p{L}.&'’-]*){1,6}(?=[\s|]*$)"
)
_SENTENCE_END = regex.compile(r"[.!?\"”’)]\s*$")
_RIGHTS_MARKS = ("©", "(c)", "copyright")


def tail_start(text: str) -> int:
    """Where a glued rights notice or reporting credit starts, or -1."""
    start = max(0, len(text) - TAIL_CHARS)
    window = text[start:].lower()
    if not any(mark in window for mark in _marks()):
        return -1
    for pattern in (_RIGHTS, _NAMED_RIGHTS, glued_credit()):
        for match in pattern.finditer(text, start):
            tail = text[match.start() :]
            if len(words(tail)) > TAIL_WORDS:
                continue  # the article goes on after it
            if pattern is _RIGHTS and not (
                _SENTENCE_END.search(text, max(0, match.start() - 3), match.start())
                or _reserved().search(tail)
            ):
                continue  # "the Copyright 1998 Act ..." inside a sentence
            if len(words(text[: match.start()])) < LEAD_MIN_WORDS:
                break  # a notice or a credit alone: the rules read it whole
            return match.start()
    return -1


@lru_cache(maxsize=1)
def _marks() -> tuple[str, ...]:
    """A rights mark or a credit's word: one of them, or no tail."""
    return _RIGHTS_MARKS + glued_marks()


@lru_cache(maxsize=1)
def _reserved() -> regex.Pattern[str]:
    """The rights phrases of every language's ``words/LANG/copyright.txt`` ("All rights
    reserved", "Alle Rechte vorbehalten", "Tous droits réservés", ...): a tail that holds
    one is a rights notice in any language."""
    lists = (pack_dir() / "words").glob("*/copyright.txt")
    names = sorted(f"{path.parent.name}/copyright.txt" for path in lists)
    alternation = phrases_pattern(p for name in names for p in word_lines(name))
    return regex.compile(rf"(?<!\w)(?:{alternation})(?!\w)", regex.IGNORECASE)


def is_rights(text: str) -> bool:
    """The tail is a rights notice, not a reporting credit."""
    return bool(_RIGHTS_MARK.match(text)) or text.startswith("Copyright")


def split_tails(lines: list[Line]) -> list[Line]:
    """``lines`` with each paragraph that ends with a glued tail cut before it."""
    return cut_paragraphs(lines, tail_start, TAIL_HINT, on_head=False, strip=None)
