"""Plain data carried through the pipeline: lines, blocks, edits and the final result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Block labels. A block starts as BODY; rules and heuristics move it elsewhere.
BODY = "body"
BOILERPLATE = "boilerplate"
COMMENT = "comment"
META = "meta"  # headline, byline, date, source, url: kept as metadata, not in the body

FIELDS = ("title", "authors", "date", "source", "url")


@dataclass(slots=True)
class Line:
    """One source line after markup was read: its kind and its plain text."""

    raw: str
    text: str
    kind: str = "paragraph"  # paragraph | heading | list_item | quote | table | code | blank | rule
    level: int = 0  # heading level, or list nesting depth
    indent: int = 0  # leading spaces in the source
    link_chars: int = 0  # characters of text that sit inside links


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
    label: str = BODY
    category: str = ""
    decided_by: str = ""  # rule id or heuristic name
    stage: str = ""
    scores: dict[str, Any] = field(default_factory=dict)  # features and pass classes

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
    removed: list[Removed] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    format: str = ""
    encoding: str = ""
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """The working state one document carries through the stages."""

    data: str | bytes
    format: str | None = None
    encoding: str = ""
    text: str = ""
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    language: str = ""
    warnings: list[str] = field(default_factory=list)  # e.g. a rule that timed out
    lost_chars: int = 0  # U+FFFD in the repaired text: characters lost before we got it
    result: CleanResult | None = None

    def set_meta(self, name: str, value: Any) -> None:
        """Fill a metadata field once: the first source to find it wins."""
        if value and not self.meta.get(name):
            self.meta[name] = value
