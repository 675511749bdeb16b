"""Layout tables: a table row that lays out a page, split into its cells.

Older pages lay out the whole page with one table: a row holds the menu, the headline, a
dateline, a picture's caption and the article, each in a cell of its own, and a scraper
writes the row as one line ("| | Home | | News | | Storm hits the coast | | Updated 5 May
| | The storm reached ... |"). Read as one block, such a row is kept or dropped whole:
the menu and the caption stay with the article, or the article goes with the menu. A row
with a cell of prose is a layout row, not data (a data table's cells are short): each of
its cells becomes a line of its own, judged alone like any paragraph. Rows of short cells
stay the table they are.

>>> from cleaner.model import Line
>>> row = "| | Home | | Sport | | Ann Lee / Agency | | " + "The match went on. " * 8 + "|"
>>> [ln.text[:20] for ln in split_layout_rows([Line(row, row, "table")], "text") if ln.text]
['Home', 'Sport', 'Ann Lee / Agency', 'The match went on. T']
"""

from __future__ import annotations

import itertools

import regex

from cleaner.markup import strip_inline
from cleaner.model import Line, words

LAYOUT_PROSE_WORDS = 30  # a cell this long, with sentences in it, holds prose, not data
LAYOUT_SENTENCES = 2  # sentence breaks in a prose cell (it may end on a credit or a link)
_SENTENCE_END = frozenset(".!?…。！？\"”’'")
_CELL_SEP = regex.compile(r"(?<!\\)\|")  # "\|" is a pipe the page wrote inside a cell
_SENTENCE_BREAK = regex.compile(r"[.!?…。！？][\"”’')]?\s+[\"“‘(]?\p{Lu}|[。！？]")


def _cells(raw: str) -> list[str]:
    inner = raw.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip() for cell in _CELL_SEP.split(inner) if cell.strip()]


def _prose(cell: str) -> bool:
    if len(words(cell)) < LAYOUT_PROSE_WORDS:
        return False
    breaks = _SENTENCE_BREAK.finditer(cell)
    return sum(1 for _ in itertools.islice(breaks, LAYOUT_SENTENCES)) >= LAYOUT_SENTENCES


def is_layout_row(line: Line) -> bool:
    """A table row with a cell of prose (a page laid out in a table, whose other rows are
    layout too), or a row of records: cells that end alike (`same_ending`)."""
    if line.kind != "table":
        return False
    cells = _cells(line.raw)
    return any(_prose(cell) for cell in cells) or same_ending(cells)


RECORDS = 3  # cells, or blocks, that end alike make a list of records
RECORD_WORDS = 80  # a record (a teaser: headline, summary, its link) is no longer
ENDING_WORDS = 3  # the shared ending is a link's label: a few words
RECORD_MIN_WORDS = 12  # a teaser holds a summary; a list's items ("DATE - CITY @ HALL") less


def ending(text: str, count: int | None = None) -> tuple[str, ...]:
    """The last words of a text that may end a record, up to `ENDING_WORDS`: none when
    the text is long or ends like a sentence ('"...," he said.' ends paragraphs alike; a
    link's label ends no sentence). ``count``: the text's `words`, when counted already."""
    tail = text.rstrip()
    if not tail or tail[-1] in _SENTENCE_END:
        return ()
    if (len(words(text)) if count is None else count) > RECORD_WORDS:
        return ()
    return tuple(words(tail[-60:])[-ENDING_WORDS:])


def common_ending(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """The words both endings end with."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :]


def same_ending(texts: list[str]) -> bool:
    """At least `RECORDS` texts, each short and longer than its ending, that all end in the
    same word or words that end no sentence ("... Full story", "... Read on"): records of
    one template, as a teaser list's items are."""
    if len(texts) < RECORDS:
        return False
    shared = ending(texts[0])
    for text in texts[1:]:
        shared = common_ending(shared, ending(text))
    return bool(shared) and all(is_record(t, shared) for t in texts)


def is_record(text: str, shared: tuple[str, ...], count: int | None = None) -> bool:
    """Long enough to be a teaser with its summary, beside the ending it shares
    (``count``: the text's `words`, when counted already)."""
    count = len(words(text)) if count is None else count
    return count >= max(len(shared) + 2, RECORD_MIN_WORDS)


def _cell_line(cell: str, fmt: str | None) -> Line:
    if fmt == "text":
        return Line(cell, " ".join(cell.split()), "paragraph")
    text, links = strip_inline(cell)
    return Line(cell, text, "paragraph", link_chars=links)


def split_layout_rows(lines: list[Line], fmt: str | None) -> list[Line]:
    """``lines`` with each layout table (a run of table rows, one of them a layout row:
    `is_layout_row`) replaced by its rows' cells, each a paragraph line of its own (a
    blank line between them keeps them apart)."""
    if not any(line.kind == "table" for line in lines):
        return lines
    out: list[Line] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and lines[end].kind == "table":
            end += 1
        if end == k:
            out.append(lines[k])
            k += 1
            continue
        rows = lines[k:end]
        if any(map(is_layout_row, rows)):
            for row in rows:
                for cell in _cells(row.raw):
                    out.append(Line("", "", "blank"))
                    out.append(_cell_line(cell, fmt))
            out.append(Line("", "", "blank"))
        else:
            out.extend(rows)
        k = end
    return out
