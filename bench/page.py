"""One news-dev page, block by block, against its human-written body.

    python -m bench.page ID_PREFIX [recall|full|html]

Each block is shown with cleaner's verdict and how much of it the truth holds ("in"
share of its 4-token shingles): a kept block with a low share is a false keep, a removed
block with a high share a false removal.
"""

from __future__ import annotations

import json
import sys

from bench.quality import DEFAULT_DATA, read_inputs
from cleaner import Cleaner
from cleaner.evaluate import score_page, shingles
from cleaner.model import BODY

FORMATS = {"recall": "text", "full": "markdown", "html": "html"}


def main() -> None:
    prefix, inp = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "recall")
    truth_all = json.loads((DEFAULT_DATA / "ground-truth.json").read_text(encoding="utf-8"))
    page = next(p for p in truth_all if p.startswith(prefix))
    truth = truth_all[page]["articleBody"]
    true_shingles = shingles(truth)
    doc = Cleaner().run(read_inputs(DEFAULT_DATA, page)[inp], FORMATS[inp])
    for block in doc.blocks:
        mine = shingles(block.text)
        share = sum((mine & true_shingles).values()) / sum(mine.values()) if mine else -1
        keep = block.label == BODY
        flag = "  " if (keep and share != 0) or (not keep and share < 0.5) else "XX"
        verdict = "KEEP" if keep else f"DROP {block.category} {block.decided_by}"
        print(f"{flag} {share:5.2f} {verdict[:50]:50} | {block.text[:110]!r}")
    print(score_page(doc.result.body, truth), truth_all[page]["url"])


if __name__ == "__main__":
    main()
