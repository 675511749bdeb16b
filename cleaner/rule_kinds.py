"""The rule kinds, each implemented once. A kind labels blocks; it never deletes them.

Rules only look at open blocks (still body, undecided), so the first rule to claim a
block wins and the order of packs is the order of precedence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import regex

from cleaner import dates
from cleaner.model import BOILERPLATE, COMMENT, META, Block, Document, Removed, words
from cleaner.ruleset import Rule

STAGE = "rules"
REGEX_TIMEOUT = 0.5  # seconds one pattern may run on one block before the rule is dropped
HEAD_BLOCKS = 6  # "head" is the first blocks of the document ...
TAIL_SHARE = 0.34  # ... and "tail" the last third, or at least the last HEAD_BLOCKS
PLACED = ("head", "tail")  # the places that depend on the document's length

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
    text = block.raw if rule.match_raw else block.text
    try:
        return pattern.search(text, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(rule) from None


def place(rule: Rule, total: int) -> range:
    """Indices of the blocks a rule looks at: all of them, the head or the tail."""
    if rule.where == "head":
        return range(min(HEAD_BLOCKS, total))
    if rule.where == "tail":
        return range(max(0, min(total - HEAD_BLOCKS, int(total * (1 - TAIL_SHARE)))), total)
    return range(total)


def _candidate(rule: Rule, block: Block, total: int) -> bool:
    """Cheap tests before the pattern runs: most body paragraphs fail ``max_words``."""
    return (
        block.is_open
        and block.index in place(rule, total)
        and (not rule.max_words or len(block.words) <= rule.max_words)
    )


def candidates(rule: Rule, blocks: list[Block], start: int = 0) -> list[Block]:
    """The blocks from ``start`` on that pass `_candidate`, found in one sweep."""
    where, most = place(rule, len(blocks)), rule.max_words
    return [
        b
        for b in blocks[max(start, where.start) : where.stop]
        if b.is_open and (not most or len(b.words) <= most)
    ]


def _drop(block: Block, rule: Rule, label: str = BOILERPLATE) -> None:
    # What was removed is read off the block labels when the result is assembled.
    block.mark(label, rule.category, rule.id, STAGE)


def apply_block(rule: Rule, doc: Document) -> None:
    """Drop each block the pattern matches."""
    for block in candidates(rule, doc.blocks):
        if _search(rule, rule.pattern, block):
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
            (k for k, b in enumerate(window) if b.is_open and _search(rule, rule.end, b)),
            None,
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
    for block in candidates(rule, doc.blocks, start=len(doc.blocks) // 2):
        if _search(rule, rule.pattern, block):
            for rest in doc.blocks[block.index :]:
                if rest.is_open:
                    _drop(rest, rule)
            return


def apply_span(rule: Rule, doc: Document) -> None:
    """Cut the matched span out of a block; the block stays body unless nothing is left."""
    for block in candidates(rule, doc.blocks):
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


def only_vocabulary(rule: Rule, text: str) -> bool:
    """True when every token of ``text`` is in the rule's list or a count ("0", "12" go with
    any row), with at least one listed word and ``min_tokens`` tokens. Tokens are read one at
    a time: prose fails on its first word."""
    tokens = listed = 0
    for match in _VOCAB_TOKEN.finditer(text):
        token = match.group(0).lower().strip(".'\"")
        if not token:
            continue
        tokens += 1
        if _NUMBER.match(token):
            continue
        if token not in rule.words:
            return False
        listed += 1
    return tokens >= rule.min_tokens and listed > 0


@lru_cache(maxsize=32)
def _word_pieces(listed: frozenset[str]) -> frozenset[str]:
    """The `words` (``\\w+`` runs) of the listed entries: a block made of listed entries has
    no other words but numbers."""
    return frozenset(piece for entry in listed for piece in words(entry))


def _may_be_vocabulary(rule: Rule, block: Block) -> bool:
    """False when a word of the block is in no listed entry, without reading its tokens
    again (the block's words are cached). Only ASCII words are judged: lower-casing the
    token or the word alone can split others differently ("İ" -> "i̇")."""
    pieces = _word_pieces(rule.words)
    return all(w in pieces or w.isdigit() or not w.isascii() for w in block.words)


def apply_vocabulary(rule: Rule, doc: Document) -> None:
    """Drop a block made only of words from a list (share rows, gallery controls)."""
    for block in candidates(rule, doc.blocks):
        if _may_be_vocabulary(rule, block) and only_vocabulary(rule, block.text):
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
    header = next((b for b in candidates(rule, blocks) if _search(rule, rule.start, b)), None)
    after = header.index + 1 if header else total // 2
    footer = next((b for b in candidates(rule, blocks, after) if _search(rule, rule.end, b)), None)
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


def triggers(rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
    """Patterns one of which must match some block before the rule does anything; None
    for a kind that acts without one."""
    if rule.kind == "vocabulary":
        return None
    if rule.kind == "section":
        return (rule.start,) if rule.start else ()
    if rule.kind == "comments":
        return tuple(p for p in (rule.start, rule.end) if p is not None)
    return (rule.pattern,) if rule.pattern else ()


EDITS_TEXT = frozenset({"span"})  # kinds that change a block's text (others only label it)

APPLY: dict[str, Callable[[Rule, Document], None]] = {
    "block": apply_block,
    "section": apply_section,
    "tail": apply_tail,
    "span": apply_span,
    "field": apply_field,
    "vocabulary": apply_vocabulary,
    "comments": apply_comments,
}
