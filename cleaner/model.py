"""Plain data carried through the pipeline: lines, blocks, edits and the final result."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

# Block labels. A block starts as BODY; rules and heuristics move it elsewhere.
BODY = "body"
BOILERPLATE = "boilerplate"
COMMENT = "comment"
META = "meta"  # headline, byline, date, source, url: kept as metadata, not in the body

FIELDS = ("title", "authors", "date", "source", "url")

_WORD = re.compile(r"\w+")
# Fast path for text whose word characters are all ASCII (most lines of most news text,
# curly quotes and dashes notwithstanding): one bytes.translate lower-cases the letters and
# blanks every other character, then split() cuts the words, the same ones \w+ finds.
_ASCII_TOKENS = bytes(
    ord(c.lower()) if c.isascii() and (c.isalnum() or c == "_") else ord(" ")
    for c in map(chr, range(256))
)
# ASCII, and characters that are no part of a word and have no case (quotes, dashes, ...).
_ASCII_OR_NOT_WORD = frozenset(map(chr, range(128))) | frozenset(
    c
    for c in map(chr, range(128, 0x3000))
    if not _WORD.match(c) and not (c.isalpha() or c.isupper() or c.islower())
)


def _char_class(chars: frozenset[str]) -> str:
    """A regex class item for ``chars``, as ranges of consecutive code points."""
    codes, ranges = sorted(map(ord, chars)), []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(
        re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges
    )


# A character outside `_ASCII_OR_NOT_WORD`: a search finds one in C, where testing the set
# for each character cost twice the time on the non-ASCII blocks (curly quotes, dashes).
_NOT_ASCII_WORD = re.compile(f"[^{_char_class(_ASCII_OR_NOT_WORD)}]")


def ascii_words(text: str) -> bool:
    """True when every word character of ``text``, and every character with case, is ASCII
    (other characters may not be)."""
    return text.isascii() or _NOT_ASCII_WORD.search(text) is None


def words(text: str) -> list[str]:
    """The lower-cased ``\\w+`` tokens of a text: what cleaner counts as its words.

    >>> words("İstanbul, 3 May"), words("“Don’t,” she said")
    (['i̇stanbul', '3', 'may'], ['don', 't', 'she', 'said'])
    """
    if ascii_words(text):
        return text.encode("ascii", "replace").translate(_ASCII_TOKENS).decode("ascii").split()
    tokens = _WORD.findall(text)
    # Tokens are cut before lower-casing: "İ" lower-cases to two code points, the second
    # of which is not a word character.
    return " ".join(tokens).lower().split() if tokens else []


@dataclass(slots=True)
class Line:
    """One source line after markup was read: its kind and its plain text."""

    raw: str
    text: str
    kind: str = "paragraph"  # paragraph | heading | list_item | quote | table | code | blank | rule
    level: int = 0  # heading level, or list nesting depth
    indent: int = 0  # leading spaces in the source
    link_chars: int = 0  # characters of text that sit inside links
    hints: frozenset[str] = frozenset()  # where the DOM put it (html_fast): "nav", "comment", ...


def cut_paragraphs(
    lines: list[Line], where: Callable[[str], int], hint: str, *, on_head: bool, strip: str | None
) -> list[Line]:
    """``lines`` with each paragraph cut in two where ``where`` says (-1: not cut), a blank
    line between the parts, ``hint`` on the head part or on the tail part, and the head
    stripped of ``strip`` at its end."""
    out: list[Line] = []
    for line in lines:
        cut = where(line.text) if line.kind == "paragraph" else -1
        if cut < 0:
            out.append(line)
            continue
        head, tail = line.text[:cut].rstrip(strip), line.text[cut:]
        hinted = line.hints | {hint}
        out.append(
            replace(
                line, raw=head, text=head, link_chars=0, hints=hinted if on_head else line.hints
            )
        )
        out.append(Line("", "", "blank"))
        out.append(
            replace(
                line, raw=tail, text=tail, link_chars=0, hints=line.hints if on_head else hinted
            )
        )
    return out


@dataclass(slots=True)
class Block:
    """A paragraph (or a line, where the source has no blank lines between paragraphs)."""

    index: int
    raw: str
    text: str
    kind: str = "paragraph"
    level: int = 0
    indent: int = 0
    link_chars: int = 0
    blank_before: bool = False
    hints: frozenset[str] = frozenset()  # its lines' DOM hints (html_fast), none for text
    label: str = BODY
    category: str = ""
    decided_by: str = ""  # rule id or heuristic name
    stage: str = ""
    scores: dict[str, Any] = field(default_factory=dict)  # features and pass classes
    # Cache behind `words`: the text it was computed for, and its tokens.
    _words_of: str | None = field(default=None, init=False, repr=False, compare=False)
    _words: list[str] = field(default_factory=list, init=False, repr=False, compare=False)
    # The screen's verdict on this block alone, per view (text, raw), set on long documents
    # only (`cleaner.screen.BlockGate`): which rule patterns cannot match it.
    gate: Any = field(default=None, init=False, repr=False, compare=False)
    raw_gate: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def words(self) -> list[str]:
        """`words` of ``text``, computed once per text: rules, language detection and the
        heuristics all count words, and tokenizing is the costly part."""
        if self._words_of is not self.text:
            self._words = words(self.text)
            self._words_of = self.text
        return self._words

    def mark(self, label: str, category: str, decided_by: str, stage: str) -> None:
        self.label, self.category, self.decided_by, self.stage = label, category, decided_by, stage

    @property
    def is_open(self) -> bool:
        """Still undecided body text: rules and heuristics only touch open blocks."""
        return self.label == BODY and not self.decided_by


@dataclass(slots=True)
class Edit:
    """One repair: which fix, in which stage, how many characters it touched."""

    stage: str
    fix: str
    count: int
    detail: str = ""


@dataclass(slots=True)
class Removed:
    """Text taken out of the body, with what took it out."""

    text: str
    category: str
    rule: str
    stage: str


@dataclass
class CleanResult:
    """What `clean` returns. ``body`` is the article text, paragraphs separated by a blank line."""

    body: str = ""
    title: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    source: str = ""
    url: str = ""
    comments: list[str] = field(default_factory=list)
    # One dict per entry of ``comments``, in the same order: {"author", "date", "text"};
    # author and date are empty when the comment's record names none.
    comment_records: list[dict[str, str]] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    language: str = ""  # ISO 639-1 code ("" when the text has too few letters to say)
    language_score: float = 0.0  # py3langid's probability, or 1.0 when the stop-word vote decides
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def metadata(self) -> dict[str, Any]:
        """The metadata fields (title, authors, date, source, url), in that order."""
        return {name: getattr(self, name) for name in FIELDS}


@dataclass
class Document:
    """The working state one document carries through the stages."""

    data: str | bytes
    format: str | None = None
    site: str | None = None  # the site the document belongs to, for learned site furniture
    encoding: str = ""
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    dom_lines: list[Line] | None = None  # the fast HTML engine's lines, until markup
    comment_lines: int = 0  # trafilatura engine: the text's last lines, the page's comments
    html_captions: frozenset[str] = frozenset()  # trafilatura engine: marked captions' texts
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    comment_records: list[dict[str, str]] = field(default_factory=list)  # see CleanResult
    removed: list[Removed] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    language: str = ""  # jusText's language name, from stop words (heuristics)
    language_code: str = ""  # ISO 639-1, from the language identifier (rules)
    language_score: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a rule that timed out
    settled: list[int] = field(default_factory=list)  # blocks each settling round removed
    # Ids of the rules bound to a head or tail whose triggers may match a block of the page
    # (screened in the rules stage): no other can match the article's head or tail, which
    # are blocks of the page. None: not known (the user keeps a category, whose blocks come
    # back to the body unscreened).
    settle_rules: frozenset[int] | None = None
    lost_chars: int = 0  # U+FFFD in the repaired text: characters lost before we got it
    result: CleanResult | None = None

    def set_meta(self, name: str, value: Any) -> None:
        """Fill a metadata field once: the first source to find it wins."""
        if value and not self.meta.get(name):
            self.meta[name] = value
