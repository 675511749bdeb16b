"""One page of a corpus, block by block, against its truth.

    python -m bench.page ID_PREFIX [recall|full|html] [--corpus news-dev]

Each block is shown with cleaner's verdict and how much of it the truth holds ("in"
share of its 4-token shingles): a kept block with a low share is a false keep, a removed
block with a high share a false removal. For trafilatura-dev the truth is its must-keep
snippets.
"""

from __future__ import annotations

import argparse

from bench.corpora import CORPORA, FORMATS, load
from cleaner import Cleaner
from cleaner.evaluate import score_page, shingles
from cleaner.model import BODY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("input", nargs="?", default="recall", choices=sorted(FORMATS))
    parser.add_argument("--corpus", default="news-dev", choices=sorted(CORPORA))
    args = parser.parse_args()
    page = next(p for p in load(args.corpus) if p.id.startswith(args.prefix))
    truth = page.truth.get("body") or "\n".join(page.truth.get("with", []))
    true_shingles = shingles(truth)
    doc = Cleaner().run(page.read(args.input), FORMATS[args.input])
    for block in doc.blocks:
        mine = shingles(block.text)
        share = sum((mine & true_shingles).values()) / sum(mine.values()) if mine else -1
        keep = block.label == BODY
        flag = "  " if (keep and share != 0) or (not keep and share < 0.5) else "XX"
        verdict = "KEEP" if keep else f"DROP {block.category} {block.decided_by}"
        print(f"{flag} {share:5.2f} {verdict[:50]:50} | {block.text[:110]!r}")
    assert doc.result is not None
    print(score_page(doc.result.body, truth), page.site)


if __name__ == "__main__":
    main()
