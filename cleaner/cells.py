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
    """A table row with a cell of prose: a page laid out in a table, whose other rows
    are layout too."""
    return line.kind == "table" and any(_prose(cell) for cell in _cells(line.raw))


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
