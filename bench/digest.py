"""A digest of every result cleaner gives on some corpora, to show that a speed change
leaves the output as it was.

    python bench/digest.py                     # news-dev recall/ and full/, gn1-dev recall/
    python bench/digest.py --show out.tsv      # also write one line per document

Each document's body, removed blocks, comments and edits are hashed (its language and
language score beside them, apart, since a change may move those on purpose); the script
prints one digest per corpus input and one for all, so that two runs compare at a glance,
and with ``--show`` writes per-document hashes that `diff` can compare.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from cleaner import Cleaner

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
INPUTS = ("news-dev/recall", "news-dev/full", "gn1-dev/recall")
FORMATS = {"recall": "text", "full": "markdown"}


def _hash(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def digest(cleaner: Cleaner, folder: Path) -> list[tuple[str, str, str]]:
    """(file name, output hash, language hash) for each file of ``folder``."""
    rows = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        result = cleaner.clean(path.read_bytes(), format=FORMATS[folder.name])
        d = result.to_dict()
        output = {k: d[k] for k in ("body", "removed", "comments", "edits")}
        rows.append((path.name, _hash(output), f"{result.language}:{result.language_score}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--show", type=Path, help="write per-document hashes here")
    args = parser.parse_args()
    cleaner = Cleaner()
    lines, overall = [], hashlib.sha256()
    for name in INPUTS:
        rows = digest(cleaner, args.bench / name)
        outputs = _hash([r[1] for r in rows])
        languages = _hash([r[2] for r in rows])
        overall.update(outputs.encode())
        print(f"{name}: {len(rows)} documents, output {outputs}, language {languages}")
        lines += [f"{name}/{file}\t{out}\t{lang}" for file, out, lang in rows]
    print(f"all outputs: {overall.hexdigest()[:16]}")
    if args.show:
        args.show.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
