"""Boxes of recent comments on other stories, found by their shape in any language.

Many sites show, beside or under every article, the latest comments readers left anywhere
on the site: a run of short entries, each a commenter's name, a joining word and the title
of the story commented on ("Ann Lee on Port Reopens After the Storm"), often after an
excerpt of the comment cut off ("I never thought the ferry would ... Ann Lee, Leeds on Port
Reopens"). The title is a link to the other story. These are no part of the article, and
no comments on it either: they leave the body as removed text of the category
``comments``, and ``result.comments`` keeps the comments on the article alone.

The joining words are data, per language (``rules/words/LANG/comment_joiners.txt``).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from cleaner import knowledge
from cleaner.model import BOILERPLATE, Block, Document, words

JOINERS = "comment_joiners.txt"
ENTRY_RUN = 3  # entries of one joiner, one after another, that make a box
NAME_WORDS = 6  # a commenter's name, perhaps with a place ("Ann Lee, Leeds")
TITLE_WORDS = (2, 16)  # the other story's title: a headline
EXCERPT_WORDS = 60  # a comment's excerpt is cut short
LINKED_TITLE = 0.9  # share of the title's characters that the block's links cover, at least
_CUT = regex.compile(r"(?:\.{3,}|…)\s*")  # where an excerpt was cut off
_NAME_STOP = frozenset("!?:;\n")
_TITLE_END = frozenset(".,;:")


@lru_cache(maxsize=1)
def _joiner() -> regex.Pattern[str]:
    """A joining word of any language, between spaces."""
    phrases = knowledge.language_lines(JOINERS, knowledge.languages_with(JOINERS))
    return regex.compile(rf"\s({knowledge.phrases_pattern(phrases)})\s+")


def _name(text: str) -> bool:
    return 0 < len(words(text)) <= NAME_WORDS and _NAME_STOP.isdisjoint(text)


def _title(text: str) -> bool:
    first = text[:1]
    return (
        TITLE_WORDS[0] <= len(words(text)) <= TITLE_WORDS[1]
        and (first.isupper() or first.isdigit() or first in "\"“«„'‘")
        and text[-1:] not in _TITLE_END
    )


def entry_joiner(block: Block) -> str:
    """The joining word of a box entry ("NAME on TITLE", perhaps after an excerpt cut off),
    "" when the block is none. The title is a link, or an excerpt stands before the name:
    a line of an article's list ("Ann Lee on the budget") has neither.

    >>> from cleaner.model import Block
    >>> text = "The ferry was late again today and ... Ann Lee, Leeds on Port Reopens After Storm"
    >>> entry_joiner(Block(0, text, text))
    'on'
    >>> entry_joiner(Block(0, "Ann Lee on Port Reopens After Storm", "Ann Lee on Port Reopens"))
    ''
    """
    text = block.text.strip()
    if len(block.words) > EXCERPT_WORDS + NAME_WORDS + TITLE_WORDS[1] or "\n" in text:
        return ""
    if text[-1:] in _TITLE_END:  # the block ends where its title would: a sentence's end
        return ""
    if block.link_chars >= len(text) - 1:  # one link holds it all: a headline ("X on Y")
        return ""
    cuts = list(_CUT.finditer(text))  # the name starts after the excerpt's last cut
    cut = cuts[-1] if cuts else None
    start = cut.end() if cut is not None else 0
    for match in _joiner().finditer(text, start):
        name, title = text[start : match.start()], text[match.end() :].strip()
        if not _name(name):
            return ""
        if _title(title):
            linked = block.link_chars >= LINKED_TITLE * len(title)
            return match.group(1) if linked or cut is not None else ""
    return ""


def boxes(blocks: list[Block]) -> list[tuple[int, int]]:
    """(first, last) of each run of at least `ENTRY_RUN` open entries of one joiner, one
    after another (a block a rule took may stand between them, or the excerpt of the next
    entry on its own line)."""
    joiners = [entry_joiner(b) if b.is_open else "" for b in blocks]
    found: list[tuple[int, int]] = []
    k = 0
    while k < len(blocks):
        if not joiners[k]:
            k += 1
            continue
        first = last = k
        count = 1
        nxt = k + 1
        while nxt < len(blocks):
            if joiners[nxt] == joiners[k]:
                last, count = nxt, count + 1
            elif not _between(blocks, joiners, nxt):
                break
            nxt += 1
        if count >= ENTRY_RUN:
            found.append((first, last))
        k = last + 1
    return found


def _between(blocks: list[Block], joiners: list[str], k: int) -> bool:
    """What may stand between two entries: a block a rule took, or a short open block
    right before an entry (its excerpt on a line of its own)."""
    block = blocks[k]
    if not block.is_open:
        return True
    return (
        k + 1 < len(blocks)
        and bool(joiners[k + 1])
        and len(block.words) <= EXCERPT_WORDS
        and "\n" not in block.text.strip()
    )


def mark_boxes(doc: Document, stage: str) -> None:
    """Each box's open blocks leave the body: removed text of the category ``comments``."""
    blocks = doc.blocks
    for first, last in boxes(blocks):
        for block in blocks[first : last + 1]:
            if block.is_open:
                block.mark(BOILERPLATE, "comments", "region:recent_comments", stage)
