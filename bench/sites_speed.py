"""Throughput of ``cleaner clean --sites folder`` beside a plain run, on the same files.

    python bench/sites_speed.py [--data ../shared/bench/dragnet-dev] [--jobs 1] [--input md]

Copies the pages of sites with 5 or more pages (whole-page Markdown, ``--input md``, or
scraper text, ``txt``) into a temporary folder, then times a plain run and a run with
``--sites folder`` (learning pass included), alternately, ``--rounds`` times each, and
prints the best time of each and their ratio.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dragnet-dev"
CLEANER = Path(sys.executable).parent / "cleaner"


def copy_pages(data: Path, folder: Path, suffix: str) -> int:
    truth = json.loads((data / "truth.json").read_text("utf-8"))
    sizes = Counter(entry["site"] for entry in truth.values())
    count = 0
    for page, entry in sorted(truth.items()):
        if sizes[entry["site"]] >= 5:
            target = folder / entry["site"]
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(data / "sites" / entry["site"] / f"{page}{suffix}", target)
            count += 1
    return count


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([str(CLEANER), *args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--input", choices=["md", "txt"], default="md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = copy_pages(args.data, root / "in", ".md.gz" if args.input == "md" else ".txt")
        common = ["clean", str(root / "in"), "--force", "-q", "--jobs", str(args.jobs)]
        plain, sites = [], []
        for _ in range(args.rounds):
            plain.append(timed([*common, "-o", str(root / "plain")]))
            sites.append(timed([*common, "-o", str(root / "sites"), "--sites", "folder"]))
    best_plain, best_sites = min(plain), min(sites)
    print(f"{pages} pages ({args.input}), --jobs {args.jobs}, best of {args.rounds}:")
    print(f"  plain          {best_plain:6.1f} s  {pages / best_plain:6.1f} pages/s")
    print(f"  --sites folder {best_sites:6.1f} s  {pages / best_sites:6.1f} pages/s")
    print(f"  ratio (throughput with --sites / plain): {best_plain / best_sites:.2f}")


if __name__ == "__main__":
    main()
