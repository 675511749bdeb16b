"""Assemble: the labelled blocks become a `CleanResult`."""

from __future__ import annotations

from collections import Counter

from cleaner.markup import fenced
from cleaner.model import BODY, COMMENT, CleanResult, Document, Removed

PARAGRAPH_SEP = "\n\n"


def assemble(doc: Document, keep: frozenset[str] = frozenset()) -> None:
    """Stage: body from the blocks still labelled body (plus kept categories), the rest
    recorded in ``removed`` with its category and the rule or heuristic that took it."""
    body: list[str] = []
    removed: list[Removed] = []
    comments = list(doc.comments)
    records = _records(doc)
    for block in doc.blocks:
        if block.label == BODY or block.category in keep:
            body.append(fenced(block.text) if block.kind == "code" else block.text)
        elif block.label != COMMENT:
            removed.append(Removed(block.text, block.category, block.decided_by, block.stage))
    if "comments" in keep:
        comments, records = [], []
    removed += [r for r in doc.removed if r.category not in keep]
    meta = doc.meta
    doc.result = CleanResult(
        body=PARAGRAPH_SEP.join(body),
        title=meta.get("title", ""),
        authors=list(meta.get("authors", [])),
        date=meta.get("date", ""),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        comments=comments,
        comment_records=records,
        removed=removed,
        edits=list(doc.edits),
        format=doc.format or "",
        encoding=doc.encoding,
        language=doc.language_code,
        language_score=doc.language_score,
        stats={
            "blocks": len(doc.blocks),
            "body_blocks": len(body),
            "language": doc.language,
            "removed_by_category": dict(Counter(r.category for r in removed)),
            "warnings": list(doc.warnings),
            "lost_chars": doc.lost_chars,
        },
    )


def _records(doc: Document) -> list[dict[str, str]]:
    """A record for each comment: those found by their record's shape carry an author and
    a date; those a rule took carry the text alone."""
    found = {r["text"]: r for r in doc.comment_records}
    return [found.get(text) or {"author": "", "date": "", "text": text} for text in doc.comments]
