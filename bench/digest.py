"""A digest of every result cleaner gives on some corpora, to show that a speed change
or a refactor leaves the output as it was.

    python bench/digest.py                     # news-dev recall/ and full/, gn1-dev recall/
    python bench/digest.py --all --jobs 2      # every input of every corpus in ../shared/bench
    python bench/digest.py --show out.tsv      # also write one line per document
    python bench/digest.py --no-stage          # leave out the stage each removal names

Each document's body, removed blocks, comments and edits are hashed (its language and
language score beside them, apart, since a change may move those on purpose); the script
prints one digest per corpus input and one for all, so that two runs compare at a glance,
and with ``--show`` writes per-document hashes that `diff` can compare.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.corpora import BENCH, CORPORA, FORMATS, Page, load
from cleaner import Cleaner

INPUTS = ("news-dev/recall", "news-dev/full", "gn1-dev/recall")


def _hash(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_cleaner: Cleaner | None = None
_no_stage = False  # a refactor that renames the pipeline's stages compares without them


def _start(no_stage: bool) -> None:
    global _no_stage
    _no_stage = no_stage


def _row(item: tuple[Page, str]) -> tuple[str, str, str]:
    """(page id, output hash, language) of one page's input."""
    global _cleaner
    page, name = item
    _cleaner = _cleaner or Cleaner()
    result = _cleaner.clean(page.read_bytes(name), format=FORMATS[name])
    d = result.to_dict()
    if _no_stage:
        d["removed"] = [{k: v for k, v in r.items() if k != "stage"} for r in d["removed"]]
    output = {k: d[k] for k in ("body", "removed", "comments", "edits")}
    return page.id, _hash(output), f"{result.language}:{result.language_score}"


def _inputs(every: bool, bench: Path) -> dict[str, list[tuple[Page, str]]]:
    """Corpus/input name -> the pages offering it, with the input's name."""
    groups: dict[str, list[tuple[Page, str]]] = {}
    for corpus in CORPORA:
        for page in load(corpus, bench):
            for name in page.paths:
                key = f"{corpus}/{name}"
                if every or key in INPUTS:
                    groups.setdefault(key, []).append((page, name))
    return groups if every else {key: groups[key] for key in INPUTS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--all", action="store_true", help="every input of every corpus")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--show", type=Path, help="write per-document hashes here")
    parser.add_argument("--no-stage", action="store_true", help="leave out removals' stages")
    args = parser.parse_args()
    lines, overall = [], hashlib.sha256()
    with ProcessPoolExecutor(args.jobs, initializer=_start, initargs=(args.no_stage,)) as pool:
        for key, items in _inputs(args.all, args.bench).items():
            rows = list(pool.map(_row, items, chunksize=8))
            outputs = _hash([r[1] for r in rows])
            languages = _hash([r[2] for r in rows])
            overall.update(outputs.encode())
            print(f"{key}: {len(rows)} documents, output {outputs}, language {languages}")
            lines += [f"{key}/{page}\t{out}\t{lang}" for page, out, lang in rows]
    print(f"all outputs: {overall.hexdigest()[:16]}")
    if args.show:
        args.show.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
