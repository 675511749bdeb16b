"""An HTML report people can look at: what cleaner removed, where, and why.

One self-contained page (inline CSS and SVG, no script, nothing fetched): for a document,
its text block by block, each removed block shown in place, coloured by category and
labelled with the rule or heuristic that removed it; for a batch, a summary, charts of
what was removed by category and by site, the documents with the most removed, and those
documents in detail.

    cleaner explain page.html --html > page-report.html
    cleaner clean crawl/ -o clean/ --report report.html
"""

from __future__ import annotations

import html
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.explain import _verdict
from cleaner.model import BODY, COMMENT, META, Block, Document
from cleaner.pipeline import Cleaner

TOP_DOCUMENTS = 20  # documents listed (and shown in detail) by what was removed from them
TOP_SITES = 15  # sites in the chart by site
# Colour-blind-friendly hues (Okabe-Ito, then Tol's muted), one per category in a page.
PALETTE = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#88ccee",
    "#44aa99",
    "#999933",
    "#aa4499",
    "#882255",
    "#117733",
    "#332288",
    "#ddcc77",
)
STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem 2rem;
color:#222;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #ccc;
padding-top:1rem}h3{font-size:1rem}
.meta,.why{color:#555;font-size:.85rem}
.block{margin:.4rem 0;padding:.3rem .6rem;border-left:4px solid transparent}
.block p{margin:0;white-space:pre-wrap}
.kept{border-left-color:#ccc}
.removed{background:color-mix(in srgb,var(--c) 22%,white);border-left-color:var(--c)}
.removed p{color:#444;text-decoration:line-through;text-decoration-color:#0005}
.metadata{background:#eef3fb;border-left-color:#7aa0d6}
.comment{background:#f4f4f4;border-left-color:#999}
.label{display:inline-block;font-size:.75rem;font-weight:600;padding:0 .4rem;
border-radius:3px;margin-bottom:.2rem;background:var(--c,#7aa0d6);color:var(--ink,#000)}
.legend span{display:inline-block;margin:.1rem .5rem .1rem 0;font-size:.8rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;background:var(--c);
margin-right:.25rem;vertical-align:-1px}
table{border-collapse:collapse;font-size:.85rem}td,th{padding:.2rem .6rem;text-align:left;
border-bottom:1px solid #ddd}td.n{text-align:right}
svg text{font:12px system-ui,sans-serif}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def colours(categories: Iterable[str]) -> dict[str, str]:
    """A colour per category: the first ones in order get distinct colours; any past the
    palette's length get one by hash (stable from page to page)."""
    found = {}
    for index, category in enumerate(dict.fromkeys(categories)):
        spare = zlib.crc32(category.encode()) % len(PALETTE)
        found[category] = PALETTE[index] if index < len(PALETTE) else PALETTE[spare]
    return found


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (#rrggbb)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#fff"


def _style(colour: str) -> str:
    return f"--c:{colour};--ink:{ink(colour)}"


def site_of(url: str, relative: Path) -> str:
    """The host of a document's URL, else the top folder it was found in."""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return relative.parts[0] + "/" if len(relative.parts) > 1 else "(top folder)"


# --- One document ----------------------------------------------------------------------------


def _block(block: Block, cleaner: Cleaner, palette: dict[str, str]) -> str:
    text = f"<p>{_e(block.text or '(empty)')}</p>"
    kept = block.label == BODY or block.category in cleaner.config.keep
    who, why = _verdict(block, cleaner)
    if block.label == BODY:
        return f'<div class="block kept">{text}</div>'
    css = {META: "metadata", COMMENT: "comment"}.get(block.label, "removed")
    if kept:
        css = "kept"
    colour = palette.get(block.category, "#999")
    state = (
        "kept"
        if kept
        else {META: "metadata", COMMENT: "comment set apart"}.get(block.label, "removed")
    )
    label = f"{state}: {block.category or '-'} · {who or 'no rule'}"
    return (
        f'<div class="block {css}" style="{_style(colour)}" data-category="{_e(block.category)}" '
        f'data-decided-by="{_e(block.decided_by)}" title="{_e(why)}">'
        f'<span class="label">{_e(label)}</span>{text}'
        f'<div class="why">why: {_e(why)}</div></div>'
    )


def removed_chars(doc: Document) -> Counter[str]:
    """Characters taken out of the body, by category (comments set apart included)."""
    counts: Counter[str] = Counter()
    for block in doc.blocks:
        if block.label != BODY:
            counts[block.category or block.label] += len(block.text)
    for cut in doc.removed:
        counts[cut.category] += len(cut.text)
    return counts


def document_section(
    doc: Document, cleaner: Cleaner, name: str, palette: dict[str, str], anchor: str = ""
) -> str:
    """The HTML of one document: its fields, then every block in place."""
    result = doc.result
    assert result is not None
    gone = removed_chars(doc)
    total = sum(len(b.text) for b in doc.blocks) or 1
    parts = [
        f'<section class="doc" id="{_e(anchor)}">' if anchor else '<section class="doc">',
        f"<h2>{_e(name)}</h2>",
        f'<p class="meta">format {_e(doc.format)}, encoding {_e(doc.encoding)}: '
        f"{len(doc.blocks)} blocks, {result.stats['body_blocks']} kept; "
        f"{sum(gone.values()):,} of {total:,} characters removed "
        f"({sum(gone.values()) / total:.0%})</p>",
        _legend(palette, gone),
    ]
    fields = [(f, getattr(result, f)) for f in ("title", "authors", "date", "source", "url")]
    if any(value for _, value in fields):
        parts.append('<p class="meta">')
        parts += [
            f"<b>{f}</b>: {_e(', '.join(v) if isinstance(v, list) else v)}<br>"
            for f, v in fields
            if v
        ]
        parts.append("</p>")
    parts += [_block(block, cleaner, palette) for block in doc.blocks]
    if doc.removed:
        parts.append("<h3>Cut out of kept blocks</h3>")
        for cut in doc.removed:
            colour = palette.get(cut.category, "#999")
            label = f"removed: {cut.category} · rule {cut.rule}"
            parts.append(
                f'<div class="block removed" style="{_style(colour)}" '
                f'data-category="{_e(cut.category)}" data-decided-by="{_e(cut.rule)}">'
                f'<span class="label">{_e(label)}</span><p>{_e(cut.text)}</p></div>'
            )
    parts.append("</section>")
    return "\n".join(parts)


def _legend(palette: dict[str, str], counts: Counter[str]) -> str:
    items = "".join(
        f'<span style="--c:{palette.get(c, "#999")}"><i></i>{_e(c)} {n:,}</span>'
        for c, n in counts.most_common()
    )
    return f'<p class="legend">{items}</p>' if items else ""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n{body}\n</body></html>\n"
    )


def document_page(doc: Document, cleaner: Cleaner, name: str) -> str:
    """``cleaner explain FILE --html``: one document's page."""
    palette = colours(c for c, _ in removed_chars(doc).most_common())
    return page(f"cleaner: {name}", document_section(doc, cleaner, name, palette))


# --- A batch ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """What the report keeps of each cleaned document: enough to rank and chart it."""

    name: str
    site: str
    kept: int
    removed: dict[str, int]
    ref: tuple[Path, int | None, str | None]  # (file, record number, format) to read it again

    @property
    def removed_total(self) -> int:
        return sum(self.removed.values())


@dataclass
class BatchReport:
    entries: list[Entry] = field(default_factory=list)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def by_category(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for entry in self.entries:
            counts.update(entry.removed)
        return counts

    def by_site(self) -> dict[str, Counter[str]]:
        sites: dict[str, Counter[str]] = {}
        for entry in self.entries:
            sites.setdefault(entry.site, Counter()).update(entry.removed)
        return sites

    def top(self, count: int = TOP_DOCUMENTS) -> list[Entry]:
        return sorted(self.entries, key=lambda e: (-e.removed_total, e.name))[:count]

    def html(self, details: dict[str, str], palette: dict[str, str]) -> str:
        """The page; ``details`` holds each top document's section by name."""
        categories = self.by_category()
        kept = sum(e.kept for e in self.entries)
        removed = sum(categories.values())
        share = removed / (kept + removed) if kept + removed else 0.0
        parts = [
            f'<p class="meta">{len(self.entries):,} documents: {kept + removed:,} characters '
            f"read, {removed:,} removed ({share:.0%}), {kept:,} kept as body.</p>",
            "<h2>Removed, by category</h2>",
            bar_chart(categories, palette),
            "<h2>Removed, by site</h2>",
            stacked_chart(self.by_site(), palette, TOP_SITES),
            "<h2>Documents with the most removed</h2>",
            self._table(details),
            *details.values(),
        ]
        return page("cleaner report", "\n".join(parts))

    def _table(self, details: dict[str, str]) -> str:
        rows = [
            "<table><tr><th>document</th><th>site</th><th>removed</th><th>share</th>"
            "<th>mostly</th></tr>"
        ]
        for number, entry in enumerate(self.top(), 1):
            total = entry.removed_total + entry.kept or 1
            mostly = ", ".join(c for c, _ in Counter(entry.removed).most_common(3))
            link = (
                f'<a href="#doc-{number}">{_e(entry.name)}</a>'
                if entry.name in details
                else _e(entry.name)
            )
            rows.append(
                f"<tr><td>{link}</td><td>{_e(entry.site)}</td>"
                f'<td class="n">{entry.removed_total:,}</td>'
                f'<td class="n">{entry.removed_total / total:.0%}</td><td>{_e(mostly)}</td></tr>'
            )
        rows.append("</table>")
        return "\n".join(rows)


def write_batch_report(report: BatchReport, path: Path, cleaner: Cleaner, text_field: str) -> None:
    """Clean the top documents again, for their blocks, and write the page to ``path``."""
    from cleaner import sources  # the report reads inputs only for the batch's page

    palette = colours(c for c, _ in report.by_category().most_common())
    details: dict[str, str] = {}
    wanted: dict[Path, dict[int, tuple[int, Entry]]] = {}
    for rank, entry in enumerate(report.top(), 1):
        file, number, fmt = entry.ref
        if number is None:
            try:
                doc = cleaner.run(sources.read_bytes(file), fmt)
            except sources.BAD_INPUT:
                continue
            details[entry.name] = document_section(doc, cleaner, entry.name, palette, f"doc-{rank}")
        else:
            wanted.setdefault(file, {})[number] = (rank, entry)
    for file, numbers in wanted.items():
        kind = sources.kind(file) or ""
        html_format = "html" if kind == sources.WARC else None
        try:
            for number, item in sources.records(file, kind, text_field):
                if number in numbers:
                    rank, entry = numbers[number]
                    _, text = sources.parse_record(item, text_field)
                    doc = cleaner.run(text, html_format)
                    anchor = f"doc-{rank}"
                    details[entry.name] = document_section(
                        doc, cleaner, entry.name, palette, anchor
                    )
        except sources.BAD_INPUT:
            continue
    ordered = {e.name: details[e.name] for e in report.top() if e.name in details}
    path.write_text(report.html(ordered, palette), encoding="utf-8")


# --- Charts (inline SVG) ---------------------------------------------------------------------

_BAR = 18  # px per bar
_LABEL = 190  # px for the labels on the left
_WIDTH = 720


def bar_chart(counts: Counter[str], palette: dict[str, str]) -> str:
    """A horizontal bar per category, its length the characters removed."""
    if not counts:
        return '<p class="meta">Nothing was removed.</p>'
    most = max(counts.values())
    span = _WIDTH - _LABEL - 90
    rows = []
    for row, (category, count) in enumerate(counts.most_common()):
        y = row * (_BAR + 6)
        width = max(1.0, span * count / most)
        rows.append(
            f'<text x="{_LABEL - 8}" y="{y + 13}" text-anchor="end">{_e(category)}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{width:.1f}" height="{_BAR}" '
            f'fill="{palette.get(category, "#999")}"><title>{_e(category)}: {count:,} '
            f"characters</title></rect>"
            f'<text x="{_LABEL + width + 6:.1f}" y="{y + 13}">{count:,}</text>'
        )
    height = len(counts) * (_BAR + 6)
    return (
        f'<svg class="chart" role="img" aria-label="characters removed by category" '
        f'width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}">'
        + "".join(rows)
        + "</svg>"
    )


def stacked_chart(sites: dict[str, Counter[str]], palette: dict[str, str], top: int) -> str:
    """A bar per site (the ``top`` with most removed), in segments by category."""
    ranked = sorted(sites.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:top]
    if not ranked or not any(sum(c.values()) for _, c in ranked):
        return '<p class="meta">Nothing was removed.</p>'
    most = max(sum(c.values()) for _, c in ranked)
    span = _WIDTH - _LABEL - 90
    rows = []
    for row, (site, counts) in enumerate(ranked):
        y = row * (_BAR + 6)
        x = float(_LABEL)
        rows.append(f'<text x="{_LABEL - 8}" y="{y + 13}" text-anchor="end">{_e(site)}</text>')
        for category, count in counts.most_common():
            width = span * count / most
            rows.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_BAR}" '
                f'fill="{palette.get(category, "#999")}"><title>{_e(site)}, {_e(category)}: '
                f"{count:,} characters</title></rect>"
            )
            x += width
        rows.append(f'<text x="{x + 6:.1f}" y="{y + 13}">{sum(counts.values()):,}</text>')
    height = len(ranked) * (_BAR + 6)
    legend = _legend(palette, Counter({c: 0 for c in palette}))
    return (
        f'<svg class="chart" role="img" aria-label="characters removed by site" '
        f'width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}">'
        + "".join(rows)
        + "</svg>"
        + legend.replace(" 0</span>", "</span>")
    )
