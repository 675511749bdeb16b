"""The rule kinds, each implemented once. A kind labels blocks; it never deletes them.

Rules only look at open blocks (still body, undecided), so the first rule to claim a
block wins and the order of packs is the order of precedence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator

import regex

from cleaner import dates
from cleaner.model import BOILERPLATE, COMMENT, META, Block, Document, Removed
from cleaner.ruleset import Rule

STAGE = "rules"
REGEX_TIMEOUT = 0.5  # seconds one pattern may run on one block before the rule is dropped
HEAD_BLOCKS = 6  # "head" is the first blocks of the document ...
TAIL_SHARE = 0.34  # ... and "tail" the last third, or at least the last HEAD_BLOCKS

_WORD = re.compile(r"\w+")
_LONG_TEXT = 4096  # chars; shorter texts are counted whole (one findall is fastest)
_VOCAB_TOKEN = re.compile(r"[^\s()\[\]{}|/·•,:;!?]+")
_NUMBER = re.compile(r"^[\d.,+\-#]+$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•·‣◦▪●–]|\d{1,3}[.)])\s+")


class RuleTimeout(Exception):
    """A rule's pattern ran past REGEX_TIMEOUT; the document goes on without that rule."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(f"rule {rule.id} timed out after {REGEX_TIMEOUT}s")
        self.rule = rule


def _search(
    rule: Rule, pattern: regex.Pattern[str] | None, block: Block
) -> regex.Match[str] | None:
    if pattern is None:
        return None
    try:
        return pattern.search(block.raw if rule.match_raw else block.text, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(rule) from None


def _words_at_most(text: str, limit: int) -> bool:
    """Whether ``text`` has no more than ``limit`` words. A long text is counted only up to
    the limit, so that a 20 MB block costs no more than a short one."""
    if len(text) < _LONG_TEXT:
        return len(_WORD.findall(text)) <= limit
    return sum(1 for _ in itertools.islice(_WORD.finditer(text), limit + 1)) <= limit


def _in_place(rule: Rule, block: Block, total: int) -> bool:
    if rule.where == "head":
        return block.index < HEAD_BLOCKS
    if rule.where == "tail":
        return block.index >= min(total - HEAD_BLOCKS, int(total * (1 - TAIL_SHARE)))
    return True


def _candidate(rule: Rule, block: Block, total: int) -> bool:
    return (
        block.is_open
        and _in_place(rule, block, total)
        and (not rule.max_words or _words_at_most(block.text, rule.max_words))
    )


def _drop(block: Block, rule: Rule, label: str = BOILERPLATE) -> None:
    # What was removed is read off the block labels when the result is assembled.
    block.mark(label, rule.category, rule.id, STAGE)


def apply_block(rule: Rule, doc: Document) -> None:
    """Drop each block the pattern matches."""
    for block in doc.blocks:
        if _candidate(rule, block, len(doc.blocks)) and _search(rule, rule.pattern, block):
            _drop(block, rule)


def apply_section(rule: Rule, doc: Document) -> None:
    """Drop a start block and what belongs to it: through the first run of ``end`` blocks
    found within ``max_blocks``, else the following blocks that match ``continue`` /
    ``continue_kinds`` / ``continue_links``."""
    blocks, i = doc.blocks, 0
    while i < len(blocks):
        start = blocks[i]
        if not (_candidate(rule, start, len(blocks)) and _search(rule, rule.start, start)):
            i += 1
            continue
        section = [start]
        window = blocks[i + 1 : i + 1 + rule.max_blocks]
        end = next(
            (k for k, b in enumerate(window) if b.is_open and _search(rule, rule.end, b)), None
        )
        if end is not None:
            # End markers often come in a run (a widget's buttons): take the whole run.
            while (
                end + 1 < len(window)
                and window[end + 1].is_open
                and _search(rule, rule.end, window[end + 1])
            ):
                end += 1
            section += [b for b in window[: end + 1] if b.is_open]
        else:
            for block in window:
                if not block.is_open or not _continues(rule, block):
                    break
                section.append(block)
        for block in section:
            _drop(block, rule)
        i = section[-1].index + 1


LINK_BLOCK = 0.8  # share of a block's text inside links that makes it a link, not prose


def _continues(rule: Rule, block: Block) -> bool:
    if rule.continue_kinds and block.kind in rule.continue_kinds:
        return True
    if rule.continue_links and block.text and block.link_chars >= LINK_BLOCK * len(block.text):
        return True
    return _search(rule, rule.cont, block) is not None


def apply_tail(rule: Rule, doc: Document) -> None:
    """From a marker in the second half of the document, everything after it goes."""
    half = len(doc.blocks) // 2
    for block in doc.blocks[half:]:
        if _candidate(rule, block, len(doc.blocks)) and _search(rule, rule.pattern, block):
            for rest in doc.blocks[block.index :]:
                if rest.is_open:
                    _drop(rest, rule)
            return


def apply_span(rule: Rule, doc: Document) -> None:
    """Cut the matched span out of a block; the block stays body unless nothing is left."""
    for block in doc.blocks:
        if not _candidate(rule, block, len(doc.blocks)):
            continue
        while match := _search(rule, rule.pattern, block):
            span = match.group(0)
            if not span:
                break
            doc.removed.append(Removed(span.strip(), rule.category, rule.id, STAGE))  # spans only
            block.text = " ".join(
                (block.text[: match.start()] + " " + block.text[match.end() :]).split()
            )
            block.raw = block.text
        if not block.text:
            block.mark(BOILERPLATE, rule.category, rule.id, STAGE)


def field_value(rule: Rule, match: regex.Match[str]) -> object:
    """The metadata value a field rule found, normalised for its field."""
    groups = match.groupdict()
    raw = (groups.get("value") or match.group(0)).strip()
    if rule.field == "authors":
        return split_authors(raw)
    if rule.field == "date":
        return dates.normalize(raw)
    return raw


def split_authors(value: str) -> list[str]:
    """Names from a byline.

    >>> split_authors("Ann Lee, Bo Chan and Cy Dee")
    ['Ann Lee', 'Bo Chan', 'Cy Dee']
    """
    parts = re.split(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", value)
    return [p.strip(" .") for p in parts if p.strip(" .")]


def apply_field(rule: Rule, doc: Document) -> None:
    """Take a metadata field (byline, date, source, url) out of the body into ``doc.meta``.
    When the block only announces the value (``Original url:``), the next block holds it."""
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if not _candidate(rule, block, len(blocks)) or not (
            match := _search(rule, rule.pattern, block)
        ):
            continue
        has_value = bool(match.groupdict().get("value", "x"))
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if not has_value:
            if rule.next is None or nxt is None or not nxt.is_open:
                continue
            if not (match := _search(rule, rule.next, nxt)):
                continue
            _drop(nxt, rule, META)
        doc.set_meta(rule.field, field_value(rule, match))
        _drop(block, rule, META)


def vocabulary_tokens(text: str) -> Iterator[str]:
    return (m.group(0).lower().strip(".'\"") for m in _VOCAB_TOKEN.finditer(text))


def _only_vocabulary(rule: Rule, text: str) -> bool:
    """At least ``min_tokens`` tokens and at least one listed word, nothing else; stops at
    the first unlisted word, so prose is rejected after a few tokens whatever its length."""
    tokens = words = 0
    for token in vocabulary_tokens(text):
        if not token:
            continue
        tokens += 1
        if _NUMBER.match(token):  # counts ("0", "12") go with any row
            continue
        if token not in rule.words:
            return False
        words += 1
    return tokens >= rule.min_tokens and words > 0


def apply_vocabulary(rule: Rule, doc: Document) -> None:
    """Drop a block made only of words from a list (share rows, gallery controls)."""
    for block in doc.blocks:
        if not _candidate(rule, block, len(doc.blocks)):
            continue
        if _only_vocabulary(rule, block.text):
            _drop(block, rule)


def _comment_shaped(block: Block) -> bool:
    """Comment threads arrive as (nested) list items or indented replies."""
    return block.kind in ("list_item", "quote") or block.indent > 0


def apply_comments(rule: Rule, doc: Document) -> None:
    """Reader comments go to ``doc.comments``, one entry per block; the thread's header and
    footer are dropped. Without a header, the thread is the run of comment-shaped blocks
    just before the footer."""
    blocks = doc.blocks
    total = len(blocks)
    header = next(
        (
            b
            for b in blocks
            if _candidate(rule, b, total)
            and rule.start is not None
            and _search(rule, rule.start, b)
        ),
        None,
    )
    after = header.index + 1 if header else total // 2
    footer = next(
        (
            b
            for b in blocks[after:]
            if _candidate(rule, b, total) and rule.end is not None and _search(rule, rule.end, b)
        ),
        None,
    )
    if header is None and footer is None:
        return
    if header is not None:
        items = blocks[header.index + 1 : footer.index if footer else total]
    else:
        items = []
        for block in reversed(blocks[: footer.index]):
            if not (block.is_open and _comment_shaped(block)):
                break
            items.insert(0, block)
    for marker in (header, footer):
        if marker is not None:
            _drop(marker, rule)
    for block in items:
        if block.is_open:
            _drop(block, rule, COMMENT)
            doc.comments.append(_LIST_MARKER.sub("", block.text, count=1))


APPLY: dict[str, Callable[[Rule, Document], None]] = {
    "block": apply_block,
    "section": apply_section,
    "tail": apply_tail,
    "span": apply_span,
    "field": apply_field,
    "vocabulary": apply_vocabulary,
    "comments": apply_comments,
}
