"""Segment: group lines into blocks, the units that rules and heuristics label.

A block is a paragraph. Scraped text usually has one paragraph per line, with or without
blank lines between, so each line is a block; only hard-wrapped text (lines broken at a
fixed width) has its lines joined back into paragraphs.
"""

from __future__ import annotations

import itertools
from collections import Counter

from cleaner.captions import split_captions
from cleaner.cells import split_layout_rows
from cleaner.heads import split_heads
from cleaner.model import Block, Document, Edit, Line
from cleaner.repair import Fix, repair_text
from cleaner.runon import split_run_on
from cleaner.tails import split_tails

# Hard wrapping: lines of a paragraph end near one width. Judged on the whole document.
WRAP_MAX_WIDTH = 100  # chars; wrapped text is rarely wider
WRAP_FILL = 0.7  # a wrapped line fills at least this share of the widest line
WRAP_SHARE = 0.6  # share of non-final paragraph lines that must be filled to call it wrapped
WRAP_MIN_LINES = 4  # too few continuation lines to judge: treat as not wrapped

# Kinds whose consecutive lines form one block (a table is one unit, not one row per block).
_GROUPED = ("table", "code")


def is_hard_wrapped(lines: list[Line]) -> bool:
    """True when multi-line paragraphs look broken at a fixed width."""
    widths = [len(ln.text) for ln in lines if ln.kind == "paragraph"]
    if not widths or max(widths) > WRAP_MAX_WIDTH:
        return False
    widest = max(widths)
    continued = [
        len(a.text) for a, b in itertools.pairwise(lines) if a.kind == b.kind == "paragraph"
    ]
    if len(continued) < WRAP_MIN_LINES:
        return False
    filled = sum(w >= WRAP_FILL * widest for w in continued)
    return filled >= WRAP_SHARE * len(continued)


def _block(group: list[Line], index: int, blank_before: bool) -> Block:
    """One block of consecutive lines of one kind, joined once (joining line by line is
    quadratic: 100,000 short lines read as hard-wrapped took seconds per line's worth)."""
    first = group[0]
    if len(group) == 1:  # most blocks: one line, whose fields it takes as they are
        return Block(
            index=index,
            raw=first.raw,
            text=first.text,
            kind=first.kind,
            level=first.level,
            indent=first.indent,
            link_chars=first.link_chars,
            blank_before=blank_before,
            hints=first.hints,
        )
    sep = "\n" if first.kind in _GROUPED else " "
    return Block(
        index=index,
        raw="\n".join(ln.raw for ln in group),
        text=sep.join(ln.text for ln in group),
        kind=first.kind,
        level=first.level,
        indent=first.indent,
        link_chars=sum(ln.link_chars for ln in group),
        blank_before=blank_before,
        hints=first.hints.union(*(ln.hints for ln in group[1:])),
    )


def segment_lines(lines: list[Line]) -> list[Block]:
    wrapped = is_hard_wrapped(lines)
    groups: list[tuple[list[Line], bool]] = []  # lines of each block, blank line before it
    blank_before = False
    prev: Line | None = None
    for line in lines:
        if line.kind in ("blank", "rule") or not line.text:
            blank_before, prev = True, None
            continue
        joins = prev is not None and (
            (line.kind == prev.kind and line.kind in _GROUPED)
            or (wrapped and line.kind == prev.kind == "paragraph")
        )
        if joins:
            groups[-1][0].append(line)
        else:
            groups.append(([line], blank_before or not groups))
        blank_before, prev = False, line
    return [_block(group, i, blank) for i, (group, blank) in enumerate(groups)]


def segment(doc: Document, fixes: tuple[tuple[str, Fix], ...] = ()) -> None:
    """Stage: ``doc.lines`` to ``doc.blocks``; a layout table's rows first become their
    cells (`cleaner.cells`), a run-on line is cut where a comment thread starts
    (`cleaner.runon`), a picture's caption (`cleaner.captions`) and a head glued to the
    article's first sentence are cut off it (`cleaner.heads`), and a rights notice or a
    reporting credit glued to its last sentence (`cleaner.tails`); hard-wrapped lines
    joined into one paragraph are repaired with ``fixes`` (`repair_joined`)."""
    lines = split_run_on(split_layout_rows(doc.lines, doc.format))
    lines = split_tails(split_heads(split_captions(lines)))
    doc.blocks = segment_lines(lines)
    if fixes:
        repair_joined(doc, fixes)


def repair_joined(doc: Document, fixes: tuple[tuple[str, Fix], ...]) -> None:
    """Repair again each paragraph joined from several lines. Repair reads a line at a
    time, and the join puts a space where a line ended: mojibake before it ("Ã " for "à")
    reads as such only now. The body holds the joined line, and cleaned again it would be
    repaired there; so it is repaired here, and the edits are this stage's."""
    counts = Counter[str]()
    for block in doc.blocks:
        if block.kind == "paragraph" and "\n" in block.raw:  # joined from lines
            block.text, edits = repair_text(block.text, fixes)
            counts.update({edit.fix: edit.count for edit in edits})
    doc.edits.extend(Edit("segment", fix, count) for fix, count in counts.items())
