"""Quality on news-dev: precision, recall and F1 of cleaner against the human-written bodies.

    python -m bench.quality [--data ../shared/bench/news-dev] [--worst 10]

Three inputs: recall/ (scraper text), full/ (whole page as Markdown) and html/ (through
cleaner's HTML path), each beside "nothing removed" and, for HTML, trafilatura's default
extract. Prints one table and the worst pages by F1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura

from cleaner import Cleaner
from cleaner.evaluate import Score, mean_score, score_page

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "news-dev"

_cleaner: Cleaner | None = None


def _clean(text: str, fmt: str) -> str:
    global _cleaner
    if _cleaner is None:
        _cleaner = Cleaner()
    return _cleaner.clean(text, fmt).body


def _trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


def read_inputs(data: Path, page: str) -> dict[str, str]:
    return {
        "recall": (data / "recall" / f"{page}.txt").read_text(encoding="utf-8"),
        "full": (data / "full" / f"{page}.md").read_text(encoding="utf-8"),
        "html": gzip.decompress((data / "html" / f"{page}.html.gz").read_bytes()).decode(
            "utf-8", "replace"
        ),
    }


# (input folder, system name, how to get a body from that input)
SYSTEMS: list[tuple[str, str, Callable[[str], str]]] = [
    ("recall", "nothing removed", lambda text: text),
    ("recall", "cleaner", lambda text: _clean(text, "text")),
    ("full", "nothing removed", lambda text: text),
    ("full", "cleaner", lambda text: _clean(text, "markdown")),
    ("html", "trafilatura extract", _trafilatura),
    ("html", "cleaner", lambda text: _clean(text, "html")),
]


def score_one(args: tuple[Path, str, str]) -> list[tuple[str, str, Score]]:
    data, page, truth = args
    inputs = read_inputs(data, page)
    return [(inp, name, score_page(run(inputs[inp]), truth)) for inp, name, run in SYSTEMS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = sorted(truth)
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(score_one, [(args.data, p, truth[p]["articleBody"]) for p in pages]))
    print(f"news-dev: {len(pages)} pages, {time.perf_counter() - started:.0f} s\n")
    print("| input | system | F1 | precision | recall |\n|---|---|---|---|---|")
    for i, (inp, name, _) in enumerate(SYSTEMS):
        s = mean_score(row[i][2] for row in rows)
        print(f"| {inp} | {name} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} |")
    for i, (inp, name, _) in enumerate(SYSTEMS):
        if name != "cleaner":
            continue
        worst = sorted(zip(pages, (row[i][2] for row in rows), strict=True), key=lambda x: x[1].f1)
        print(f"\nworst {args.worst} pages, cleaner on {inp}/ (F1 precision recall id url)")
        for page, s in worst[: args.worst]:
            print(f"  {s.f1:.3f} {s.precision:.3f} {s.recall:.3f} {page[:12]} {truth[page]['url']}")


if __name__ == "__main__":
    main()
