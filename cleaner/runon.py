"""Run-on lines: a page section flattened into one line, cut where a comment thread starts.

Some scrapers write a whole cell of a page (the article, then "Comments are now closed",
then every reader's comment, names and all) as one line, with no break between the
parts. Read as one block, the comments stay with the article. A line far longer than any
paragraph is cut where a sentence ends and a comment thread's header starts: a word that
names a thread ("Comments", "Reactions", "Kommentare"), alone or after a count or one
word ("34 Comments", "Reader Comments"), which runs on into the first comment with no
sentence's end soon after it, as a header does and a sentence that starts with the word
does not. The part from the header on is a thread (its lines carry the hint
`THREAD_HINT`, which `cleaner.regions` reads), whatever the records in it look like.

>>> from cleaner.model import Line, cut_paragraphs
>>> thread = "Comments are closed for this story Ann Lee I agree with every word of it. "
>>> text = "The vote went ahead. " * 200 + thread + "Bo Chan Not me, the sums are wrong. " * 9
>>> [(ln.text[:20], sorted(ln.hints)) for ln in split_run_on([Line(text, text)]) if ln.text]
[('The vote went ahead.', []), ('Comments are closed ', ['run_on_thread'])]
"""

from __future__ import annotations

from functools import lru_cache

import regex

from cleaner.model import Line, cut_paragraphs
from cleaner.threads import header_words

THREAD_HINT = "run_on_thread"
RUN_ON_CHARS = 4000  # longer than any paragraph: a page section flattened into one line
THREAD_MIN_CHARS = 300  # a thread cut off holds at least a comment or two
HEADER_RUNS_ON = 15  # words after the header with no sentence's end: it heads, not says
_SENTENCE_END = regex.compile(r"[.!?…。！？]")
_WORD = regex.compile(r"\w+")


@lru_cache(maxsize=1)
def _header_start() -> regex.Pattern[str]:
    """A sentence's end, then a thread header's word, capitalised, first or after a count
    or one capitalised word."""
    names = "|".join(sorted(map(regex.escape, header_words()), key=len, reverse=True))
    return regex.compile(
        rf"(?<=[.!?…\"”’)]\s+)(?:\d{{1,5}}\s+|\p{{Lu}}\p{{L}}+\s+)?(?:{names})\b",
        regex.IGNORECASE,
    )


def _heads(text: str, start: int) -> bool:
    """The header starts with a capital or a count, and the words from ``start`` run on
    for `HEADER_RUNS_ON` words with no sentence end."""
    if not (text[start].isupper() or text[start].isdigit()):
        return False
    stop = _SENTENCE_END.search(text, start, start + 400)
    before = text[start : stop.start()] if stop else text[start : start + 400]
    return len(_WORD.findall(before)) >= HEADER_RUNS_ON


def thread_start(text: str) -> int:
    """Where a comment thread starts in a run-on line, or -1."""
    if len(text) < RUN_ON_CHARS:
        return -1
    for match in _header_start().finditer(text):
        if len(text) - match.start() < THREAD_MIN_CHARS:
            break
        if _heads(text, match.start()):
            return match.start()
    return -1


def split_run_on(lines: list[Line]) -> list[Line]:
    """``lines`` with each run-on paragraph cut where a comment thread starts."""
    return cut_paragraphs(lines, thread_start, THREAD_HINT, on_head=False, strip=None)
