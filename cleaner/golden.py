"""Golden outputs: one readable file per pipeline step per document, plus the body and a
record of what was removed. The project's golden tests and ``cleaner check`` both use
`snapshot`, so they always agree on what a golden file holds.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from cleaner.model import Block, Document
from cleaner.pipeline import Cleaner, default_cleaner
from cleaner.sources import BAD_INPUT, SUFFIX_FORMAT, InputError, format_for, kind, read_bytes, stem


def _indent_rest(text: str) -> str:
    return text.replace("\n", "\n        | ")


def _render_text(doc: Document) -> str:
    edits = ", ".join(f"{e.fix}={e.count}" for e in doc.edits) or "none"
    return f"# format: {doc.format}  encoding: {doc.encoding}  edits: {edits}\n{doc.text}\n"


def _render_lines(doc: Document) -> str:
    rows = []
    for line in doc.lines:
        level = str(line.level) if line.level else ""
        rows.append(f"{line.kind}{level}: {line.text}" if line.kind != "blank" else "")
    return "\n".join(rows) + "\n"


def _block_head(block: Block) -> str:
    level = str(block.level) if block.level else ""
    return f"[{block.index:02d}] {block.kind}{level}"


def _render_segments(doc: Document) -> str:
    rows = [f"{_block_head(b)}: {_indent_rest(b.text)}" for b in doc.blocks]
    return "\n".join(rows) + "\n"


def _render_labels(doc: Document) -> str:
    rows = []
    for b in doc.blocks:
        verdict = f"{b.label} {b.category} {b.decided_by}".strip() if b.decided_by else b.label
        rows.append(f"{_block_head(b)} {verdict}: {_indent_rest(b.text)}")
    return "\n".join(rows) + "\n"


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _render_result(doc: Document) -> dict[str, str]:
    result = doc.result
    assert result is not None
    removed = [
        {"category": r.category, "rule": r.rule, "stage": r.stage, "text": r.text}
        for r in result.removed
    ]
    meta = {
        **result.metadata(),
        "comments": result.comments,
        "edits": [{"fix": e.fix, "count": e.count} for e in result.edits],
    }
    return {"body.txt": result.body + "\n", "removed.yml": _yaml(removed), "meta.yml": _yaml(meta)}


# Golden file name for each stage, in pipeline order, and how that stage is shown.
STEP_FILES: dict[str, tuple[str, Callable[[Document], str]]] = {
    "decode": ("1-decode.txt", _render_text),
    "repair": ("2-repair.txt", _render_text),
    "markup": ("3-markup.txt", _render_lines),
    "segment": ("4-segment.txt", _render_segments),
    "rules": ("5-rules.txt", _render_labels),
    "article": ("6-heuristics.txt", _render_labels),  # the labels once the article settled
}


def snapshot(path: Path, cleaner: Cleaner | None = None) -> dict[str, str]:
    """Every golden file of one sample document: name -> content."""
    files: dict[str, str] = {}

    def trace(stage: str, doc: Document) -> None:
        if stage in STEP_FILES:
            name, render = STEP_FILES[stage]
            files[name] = render(doc)

    doc = (cleaner or default_cleaner()).run(read_bytes(path), format_for(path), trace=trace)
    files.update(_render_result(doc))
    return files


def samples(directory: Path) -> list[Path]:
    """The documents (any format but JSON Lines, gzipped or not) below a folder."""
    return sorted(p for p in directory.rglob("*") if p.is_file() and kind(p) in SUFFIX_FORMAT)


def golden_dir(golden_root: Path, samples_root: Path, sample: Path) -> Path:
    """golden/<sample path without suffix>/, so each sample's files sit together."""
    relative = sample.relative_to(samples_root)
    return golden_root / relative.parent / stem(relative)


@dataclass
class Difference:
    sample: Path
    golden: Path
    diff: str  # unified diff, empty when the golden file is missing


def compare(
    samples_root: Path, golden_root: Path, cleaner: Cleaner | None = None, update: bool = False
) -> Iterator[Difference]:
    """Yield every golden file that differs from what the code now produces; with
    ``update``, rewrite it."""
    for sample in samples(samples_root):
        folder = golden_dir(golden_root, samples_root, sample)
        try:
            files = snapshot(sample, cleaner)
        except BAD_INPUT as exc:
            raise InputError(f"{sample}: {exc}") from None
        for name, content in files.items():
            target = folder / name
            old = target.read_text(encoding="utf-8") if target.exists() else None
            if old == content:
                continue
            diff = "".join(
                difflib.unified_diff(
                    (old or "").splitlines(keepends=True),
                    content.splitlines(keepends=True),
                    fromfile=str(target),
                    tofile=f"{sample} (now)",
                )
            )
            if update:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
            yield Difference(sample, target, diff)
