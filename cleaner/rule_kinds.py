"""The rule kinds, one class each. A kind labels blocks; it never deletes them.

Each kind owns (as Vale's check types do) the keys a rule of its kind accepts and their
types (`Kind.keys`; any other key is an error), the keys it needs, which of them are
patterns, what sets it off (`Kind.triggers`, read by the screen), whether it edits text,
and its `Kind.apply`. A new kind is one new class here, added to `KINDS`.

A kind applies to a `View`: a list of blocks (the whole page, or the article the
heuristics found) read by their positions in it, never by ``Block.index``, so the same
rule reads a page's head and an article's head alike. Rules only look at open blocks
(still body, undecided), so the first rule to claim a block wins and the order of packs
is the order of precedence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import regex

from cleaner import dates, knowledge, threads
from cleaner.model import BOILERPLATE, COMMENT, META, Block, Document, words

if TYPE_CHECKING:
    from cleaner.ruleset import Rule

STAGE = "rules"
REGEX_TIMEOUT = 0.5  # seconds one pattern may run on one block before the rule is dropped
PLACED = ("head", "tail")  # the places that depend on the document's length
LINK_BLOCK = 0.8  # share of a block's text inside links that makes it a link, not prose

_NUMBER = re.compile(r"^[\d.,+\-#]+$")

# JSON Schema of the values keys take; a pattern is one regex or a list of branches.
PATTERN: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "array",
            "minItems": 1,
            "items": {
                "oneOf": [
                    {"type": "string", "minLength": 1},
                    {
                        "type": "object",
                        "properties": {
                            "re": {"type": "string", "minLength": 1},
                            "remove": {"type": "string", "minLength": 1},
                        },
                        "required": ["re", "remove"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
    ]
}
_FLAG = {"type": "boolean"}
_COUNT = {"type": "integer", "minimum": 1}
# Named lists of phrases (regexes), each able to carry its example; ``{phrases:NAME}`` in a
# pattern stands for their alternation.
PHRASES: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
    "additionalProperties": PATTERN["oneOf"][1],
}
_PATTERN_OPTIONS = {"case_sensitive": _FLAG, "match_raw": _FLAG, "phrases": PHRASES}


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
    gate = block.raw_gate if rule.match_raw else block.gate  # long documents: screened alone
    if gate is not None and gate.rules_out(pattern, text):
        return None
    try:
        return pattern.search(text, timeout=REGEX_TIMEOUT)
    except TimeoutError:
        raise RuleTimeout(rule) from None


@dataclass(frozen=True)
class View:
    """What a rule reads: blocks of ``doc`` in order (all of them, or the article's), by
    position; its removals record ``stage``, the stage that applies it."""

    doc: Document
    blocks: list[Block]
    stage: str = STAGE

    @classmethod
    def page(cls, doc: Document) -> View:
        return cls(doc, doc.blocks)


def place(rule: Rule, total: int) -> range:
    """Positions of the blocks a rule looks at, of ``total``: all, the head or the tail."""
    head = knowledge.window("head_blocks")
    if rule.where == "head":
        return range(min(head, total))
    if rule.where == "tail":
        share = knowledge.window("tail_share")
        return range(max(0, min(total - head, int(total * (1 - share)))), total)
    return range(total)


def positions(rule: Rule, blocks: list[Block], start: int = 0) -> list[int]:
    """The positions from ``start`` on, in the rule's place, of open blocks within its
    ``max_words`` (most body paragraphs fail it), but those none of the rule's triggers can
    match where the screen read the blocks one by one (`screened`)."""
    where, most = place(rule, len(blocks)), rule.max_words
    span = range(max(start, where.start), where.stop)
    return [
        k
        for k in screened(rule, blocks, span)
        if blocks[k].is_open and (not most or len(blocks[k].words) <= most)
    ]


def screened(rule: Rule, blocks: list[Block], span: range) -> Sequence[int]:
    """The positions of ``span`` whose blocks the rule's triggers may match, where the screen
    read the blocks one by one (`cleaner.screen.GateIndex`, long documents): found from the
    blocks the triggers hit, so that a rule's cost follows its hits, not the document's
    length (a long document sets off every rule). Elsewhere, all of them. The index is the
    one the first open block was last screened with."""
    patterns = triggers(rule)
    if patterns is None:
        return span
    for k in span:
        if blocks[k].is_open:
            gate = blocks[k].raw_gate if rule.match_raw else blocks[k].gate
            if gate is None or gate.index is None:
                return span
            found = gate.index.positions(patterns, blocks, span)
            return span if found is None else found
    return ()


def candidates(rule: Rule, blocks: list[Block]) -> list[Block]:
    """The blocks at `positions`."""
    return [blocks[k] for k in positions(rule, blocks)]


def _drop(block: Block, rule: Rule, view: View, label: str = BOILERPLATE) -> None:
    # What was removed is read off the block labels when the result is assembled.
    block.mark(label, rule.category, rule.id, view.stage)


class Kind:
    """What every kind shares; subclasses say what is theirs."""

    name: ClassVar[str]
    keys: ClassVar[dict[str, Any]] = {}  # the kind's own keys, with their JSON types
    required: ClassVar[tuple[str, ...]] = ()  # keys a rule of this kind must have
    one_of: ClassVar[tuple[str, ...]] = ()  # at least one of these keys
    patterns: ClassVar[tuple[str, ...]] = ()  # keys holding regexes
    edits_text: ClassVar[bool] = False  # changes a block's text (others only label it)

    def compile(self, spec: dict[str, Any], read_words: Callable[[str], frozenset[str]]) -> dict:
        """The rule's values of the kind's own keys that are not patterns (the packs' loader
        compiles those): a Rule field each, or kept in ``Rule.extra`` for a kind whose key
        no field holds."""
        return {
            key: tuple(spec[key]) if isinstance(spec[key], list) else spec[key]
            for key in self.keys
            if key in spec and key not in self.patterns and key not in _PATTERN_OPTIONS
        }

    def triggers(self, rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
        """Patterns one of which must match some block before the rule does anything;
        None for a kind that acts without one."""
        return (rule.pattern,) if rule.pattern else ()

    def apply(self, rule: Rule, view: View) -> None:
        raise NotImplementedError


class BlockKind(Kind):
    """Drop each block the pattern matches."""

    name = "block"
    keys: ClassVar[dict[str, Any]] = {"pattern": PATTERN, **_PATTERN_OPTIONS}
    required = ("pattern",)
    patterns = ("pattern",)

    def apply(self, rule: Rule, view: View) -> None:
        for block in candidates(rule, view.blocks):
            if _search(rule, rule.pattern, block):
                _drop(block, rule, view)


class SectionKind(Kind):
    """Drop a start block and what belongs to it: through the first run of ``end`` blocks
    found within ``max_blocks``, else the following blocks that match ``continue`` /
    ``continue_kinds`` / ``continue_links``."""

    name = "section"
    keys: ClassVar[dict[str, Any]] = {
        "start": PATTERN,
        "end": PATTERN,
        "continue": PATTERN,
        "continue_kinds": {"type": "array", "items": {"type": "string"}},
        "continue_links": _FLAG,
        "max_blocks": _COUNT,
        **_PATTERN_OPTIONS,
    }
    required = ("start",)
    patterns = ("start", "end", "continue")

    def triggers(self, rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
        return (rule.start,) if rule.start else ()

    def apply(self, rule: Rule, view: View) -> None:
        blocks, i = view.blocks, 0
        for k in positions(rule, blocks):
            # A block the section before took is behind ``i``, and closed.
            if k < i or not blocks[k].is_open or not _search(rule, rule.start, blocks[k]):
                continue
            rest, read = self._rest(rule, blocks[k + 1 : k + 1 + rule.max_blocks])
            for block in (blocks[k], *rest):
                _drop(block, rule, view)
            i = k + 1 + read

    def _rest(self, rule: Rule, window: list[Block]) -> tuple[list[Block], int]:
        """The open blocks of ``window`` the section takes, and how many of the window's
        positions it spans (its last block's position + 1)."""
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
            return [b for b in window[: end + 1] if b.is_open], end + 1
        rest = []
        for block in window:
            if not block.is_open or not self._continues(rule, block):
                break
            rest.append(block)
        return rest, len(rest)

    @staticmethod
    def _continues(rule: Rule, block: Block) -> bool:
        if rule.continue_kinds and block.kind in rule.continue_kinds:
            return True
        if rule.continue_links and block.text and block.link_chars >= LINK_BLOCK * len(block.text):
            return True
        return _search(rule, rule.cont, block) is not None


def field_value(rule: Rule, match: regex.Match[str]) -> object:
    """The metadata value a field rule found, normalised for its field."""
    groups = match.groupdict()
    raw = (groups.get("value") or match.group(0)).strip()
    if rule.field == "authors":
        return split_authors(raw)
    if rule.field == "date":
        return dates.normalize(raw)
    return raw


_ISO_DATE = regex.compile(r"\d{4}-\d{2}(?:-\d{2})?(?: \d{2}:\d{2}(?::\d{2})?)?")


def trailing_date(match: regex.Match[str]) -> str:
    """The date a byline gives after its names ("By Ann Lee | May 3, 2024"), in ISO form;
    empty when what follows the names is no date a known form reads (an outlet, a role)."""
    if "value" not in match.groupdict() or match.end("value") < 0:
        return ""
    tail = match.string[match.end("value") : match.end()].strip(" |·•—–-,")
    value = dates.normalize(tail) if tail else ""
    return value if _ISO_DATE.fullmatch(value) else ""


def split_authors(value: str) -> list[str]:
    """Names from a byline; the words that join names are listed in rules/data.

    >>> split_authors("Ann Lee, Bo Chan and Cy Dee")
    ['Ann Lee', 'Bo Chan', 'Cy Dee']
    """
    parts = knowledge.author_separator().split(value)
    return [p.strip(" .") for p in parts if p.strip(" .")]


class FieldKind(Kind):
    """Take a metadata field (byline, date, source, url) out of the body into ``doc.meta``.
    When the block only announces the value (``Original url:``), the next block holds it."""

    name = "field"
    FIELDS = ("authors", "date", "source", "url")
    keys: ClassVar[dict[str, Any]] = {
        "field": {"enum": list(FIELDS)},
        "pattern": PATTERN,
        "next": PATTERN,
        **_PATTERN_OPTIONS,
    }
    required = ("pattern", "field")
    patterns = ("pattern", "next")

    def apply(self, rule: Rule, view: View) -> None:
        blocks, doc = view.blocks, view.doc
        for i in positions(rule, blocks):
            block = blocks[i]  # closed since when the value before it was taken
            if not block.is_open or not (match := _search(rule, rule.pattern, block)):
                continue
            has_value = bool(match.groupdict().get("value", "x"))
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if not has_value:
                if rule.next is None or nxt is None or not nxt.is_open:
                    continue
                if not (match := _search(rule, rule.next, nxt)):
                    continue
                _drop(nxt, rule, view, META)
            doc.set_meta(rule.field, field_value(rule, match))
            if rule.field == "authors":
                doc.set_meta("date", trailing_date(match))
            _drop(block, rule, view, META)


def only_vocabulary(rule: Rule, text: str) -> bool:
    """True when every token of ``text`` is in the rule's list or a count ("0", "12" go with
    any row), with at least one listed word and ``min_tokens`` tokens. Tokens are read one at
    a time: prose fails on its first word."""
    tokens = listed = 0
    for match in knowledge.vocabulary_token().finditer(text):
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
    for w in block.words:  # noqa: SIM110  (a loop, not all() over a generator: half the time)
        if w not in pieces and w.isascii() and not w.isdigit():
            return False
    return True


class VocabularyKind(Kind):
    """Drop a block made only of words from a list (share rows, gallery controls)."""

    name = "vocabulary"
    keys: ClassVar[dict[str, Any]] = {
        "words": {"type": "string", "pattern": r"^(?:[a-z]{2}/)?[\w.-]+\.txt$"},
        "min_tokens": _COUNT,
    }
    required = ("words",)

    def compile(self, spec: dict[str, Any], read_words: Callable[[str], frozenset[str]]) -> dict:
        return {**super().compile(spec, read_words), "words": read_words(spec["words"])}

    def triggers(self, rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
        return None

    def apply(self, rule: Rule, view: View) -> None:
        for block in candidates(rule, view.blocks):
            if _may_be_vocabulary(rule, block) and only_vocabulary(rule, block.text):
                _drop(block, rule, view)


def _comment_shaped(block: Block) -> bool:
    """Comment threads arrive as (nested) list items or indented replies."""
    return block.kind in ("list_item", "quote") or block.indent > 0


class CommentsKind(Kind):
    """Reader comments go to ``doc.comments``, one entry per block; the thread's header and
    footer are dropped. From a header, the thread runs to the footer (or the page's end),
    unless an article starts before (`threads.thread_end`); without a header, it is the
    run of comment-shaped blocks just before the footer."""

    name = "comments"
    keys: ClassVar[dict[str, Any]] = {"start": PATTERN, "end": PATTERN, **_PATTERN_OPTIONS}
    one_of = ("start", "end")
    patterns = ("start", "end")

    def triggers(self, rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
        return tuple(p for p in (rule.start, rule.end) if p is not None)

    def apply(self, rule: Rule, view: View) -> None:
        blocks = view.blocks
        total = len(blocks)
        header = next(
            (k for k in positions(rule, blocks) if _search(rule, rule.start, blocks[k])), None
        )
        after = header + 1 if header is not None else total // 2
        footer = next(
            (k for k in positions(rule, blocks, after) if _search(rule, rule.end, blocks[k])),
            None,
        )
        if header is None and footer is None:
            return
        if header is not None:
            end = threads.thread_end(blocks, header + 1, footer if footer is not None else total)
            items = blocks[header + 1 : end]
        else:
            assert footer is not None
            items = []
            for block in reversed(blocks[:footer]):
                if not (block.is_open and _comment_shaped(block)):
                    break
                items.insert(0, block)
        for marker in (header, footer):
            if marker is not None:
                _drop(blocks[marker], rule, view)
        list_marker = knowledge.list_marker()
        for block in items:
            if block.is_open:
                _drop(block, rule, view, COMMENT)
                view.doc.comments.append(list_marker.sub("", block.text, count=1))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (BlockKind(), SectionKind(), FieldKind(), VocabularyKind(), CommentsKind())
}
"""The closed set of rule kinds, by the name a pack gives in ``kind:``."""


def triggers(rule: Rule) -> tuple[regex.Pattern[str], ...] | None:
    """What sets the rule off (see `Kind.triggers`)."""
    return KINDS[rule.kind].triggers(rule)


class _Apply(Mapping[str, Callable[["Rule", View], None]]):
    """Each kind's apply, by name, read from `KINDS` when asked (the pipeline's entry)."""

    def __getitem__(self, name: str) -> Callable[[Rule, View], None]:
        return KINDS[name].apply

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


class _EditsText(Set[str]):
    """The kinds that change a block's text (others only label it), read from `KINDS`."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in KINDS and KINDS[name].edits_text

    def __iter__(self) -> Iterator[str]:
        return (name for name, kind in KINDS.items() if kind.edits_text)

    def __len__(self) -> int:
        return sum(1 for _ in self)


APPLY = _Apply()
EDITS_TEXT = _EditsText()
