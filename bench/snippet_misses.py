"""trafilatura-dev: every snippet cleaner gets wrong, with the block and what decided it.

    python -m bench.snippet_misses [recall|html] [--engine fast|trafilatura] [--jobs 2]
                                   [--only lost|kept] [--language de]

Lists, page by page, the must-keep snippets present in the input that the body no longer
holds ("LOST", with the removed block that held the snippet's start and the rule or
heuristic that removed it), and the must-drop snippets present in the input that the body
still holds ("KEPT", with the kept block). A summary counts the deciders of lost snippets,
so the causes can be fixed by kind.
"""

from __future__ import annotations

import argparse
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bench.corpora import FORMATS, Page, load
from bench.quality import normalize
from cleaner import Cleaner
from cleaner.language import detect
from cleaner.model import BODY

_cleaners: dict[str, Cleaner] = {}


def _holder(blocks: list[Any], snippet: str) -> Any:
    """The block holding the snippet, else the one holding its first words."""
    for size in (len(snippet), 40, 20):
        part = snippet[:size]
        for block in blocks:
            if part in normalize(block.text):
                return block
    return None


def misses(args: tuple[Page, str, str]) -> list[tuple[str, str, str, str, str, str]]:
    page, inp, engine = args
    if engine not in _cleaners:
        _cleaners[engine] = Cleaner(html_engine=engine)
    data = page.read_bytes(inp) if inp == "html" else page.read(inp)
    doc = _cleaners[engine].run(data, FORMATS[inp])
    assert doc.result is not None
    body, given = normalize(doc.result.body), normalize(data if isinstance(data, str) else "")
    language = detect(page.read("recall")) or "unknown"
    rows = []
    for snippet in map(normalize, page.truth["with"]):
        if snippet not in body and (inp == "html" or snippet in given):
            block = _holder(doc.blocks, snippet)
            why = f"{block.category} {block.decided_by}".strip() if block else "(not in a block)"
            why = why or "(spans blocks)"
            text = block.text if block else ""
            rows.append((page.id, language, "LOST", snippet, why, text))
    for snippet in map(normalize, page.truth["without"]):
        if snippet in body:
            kept = [b for b in doc.blocks if b.label == BODY]
            block = _holder(kept, snippet)
            rows.append((page.id, language, "KEPT", snippet, "", block.text if block else ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", nargs="?", default="recall", choices=("recall", "html"))
    parser.add_argument("--engine", default="fast", choices=("fast", "trafilatura"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", choices=("lost", "kept"))
    parser.add_argument("--language")
    args = parser.parse_args()
    pages = load("trafilatura-dev")
    with ProcessPoolExecutor(args.jobs) as pool:
        results = pool.map(misses, [(p, args.input, args.engine) for p in pages], chunksize=4)
        rows = [row for page_rows in results for row in page_rows]
    causes: Counter[str] = Counter()
    for page, language, what, snippet, why, block in rows:
        if (args.only and what.lower() != args.only) or args.language not in (None, language):
            continue
        causes[why.split()[-1] if what == "LOST" and why else what] += 1
        print(f"{page} {language} {what} {why}\n    snippet: {snippet[:160]!r}")
        print(f"    block:   {block[:240]!r}")
    print("\n" + ", ".join(f"{n} {cause}" for cause, n in causes.most_common()))


if __name__ == "__main__":
    main()
