"""Quality of site learning on dragnet-dev: cleaner with and without ``--sites folder``.

    python -m bench.sites_quality [--data ../shared/bench/dragnet-dev] [--half dev|check|all]

Each site's pages are learned from (the library's `SiteProfiles.learn`, grouped by folder
as ``--sites folder`` does), then cleaned with what was learned. Prints F1 for pages of
sites with 5 or more pages and for all pages, on scraper text (``ID.txt``) and whole-page
Markdown (``ID.md.gz``), and how much of the text the learned profiles recognise the truth
keeps. ``--half`` takes half of the sites (split by a hash of the site's name, not by
anything in its pages): develop on one, check on the other.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from cleaner import Cleaner, sites
from cleaner.evaluate import Score, mean_score, score_page, shingles
from cleaner.sites import CATEGORY, MIN_PAGES, SiteProfiles, block_key

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "dragnet-dev"
INPUTS = {"txt": ("{id}.txt", "text"), "md": ("{id}.md.gz", "markdown")}


def half_of(site: str) -> str:
    return "dev" if hashlib.blake2b(site.encode(), digest_size=1).digest()[0] % 2 else "check"


def read(path: Path) -> str:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return data.decode("utf-8")


def run_site(args: tuple[Path, str, list[str], dict[str, str]]) -> list[tuple[str, str, Any]]:
    data, site, pages, truth = args
    rows = []
    for name, (pattern, fmt) in INPUTS.items():
        texts = {p: read(data / "sites" / site / pattern.format(id=p)) for p in pages}
        profiles = SiteProfiles.learn((site, texts[p], fmt) for p in pages)
        plain, learned = Cleaner(), Cleaner(site_profiles=profiles)
        for page in pages:
            base = plain.clean(texts[page], fmt).body
            doc = learned.run(texts[page], fmt, site=site)
            body = doc.result.body
            # What the profile recognises on this page, and how much the truth keeps.
            profile = profiles.get(site)
            known = kept = gone = gone_kept = 0
            if profile is not None and profile.learned:
                gold = shingles(truth[page])
                for block in doc.blocks:
                    key = block_key(block)
                    if key is not None and key in profile.counts:
                        own = shingles(block.text)
                        known += sum(own.values())
                        kept += sum((own & gold).values())
                        if block.category == CATEGORY:
                            gone += sum(own.values())
                            gone_kept += sum((own & gold).values())
            rows.append(
                (
                    name,
                    page,
                    score_page(base, truth[page]),
                    score_page(body, truth[page]),
                    known,
                    kept,
                    len(pages),
                    gone,
                    gone_kept,
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=["dev", "check", "all"], default="all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--worst", type=int, default=0)
    parser.add_argument("--inputs", default="txt,md")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE in cleaner.sites")
    args = parser.parse_args()
    for setting in args.set:  # e.g. --set MIN_SHARE=0.3: the workers fork with it
        name, value = setting.split("=")
        setattr(sites, name, type(getattr(sites, name))(value))
    for name in set(INPUTS) - set(args.inputs.split(",")):
        del INPUTS[name]
    truth = json.loads((args.data / "truth.json").read_text("utf-8"))
    by_site: dict[str, list[str]] = defaultdict(list)
    for page, entry in sorted(truth.items()):
        if args.half == "all" or half_of(entry["site"]) == args.half:
            by_site[entry["site"]].append(page)
    bodies = {p: e["body"] for p, e in truth.items()}
    started = time.perf_counter()
    work = [(args.data, s, ps, {p: bodies[p] for p in ps}) for s, ps in sorted(by_site.items())]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = [row for site_rows in pool.map(run_site, work) for row in site_rows]
    pages = sum(len(ps) for ps in by_site.values())
    print(
        f"dragnet-dev ({args.half}): {len(by_site)} sites, {pages} pages, "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print("| input | pages | cleaner F1 | --sites F1 | --sites P | --sites R |")
    print("|---|---|---|---|---|---|")
    for name in INPUTS:
        for label, least in (("sites with 5+ pages", MIN_PAGES), ("all", 0)):
            chosen = [r for r in rows if r[0] == name and r[6] >= least]
            base: Score = mean_score(r[2] for r in chosen)
            new: Score = mean_score(r[3] for r in chosen)
            print(
                f"| {name} | {label} ({len(chosen)}) | {base.f1:.3f} | {new.f1:.3f} | "
                f"{new.precision:.3f} | {new.recall:.3f} |"
            )
    for name in INPUTS:
        known = sum(r[4] for r in rows if r[0] == name)
        kept = sum(r[5] for r in rows if r[0] == name)
        gone = sum(r[7] for r in rows if r[0] == name)
        gone_kept = sum(r[8] for r in rows if r[0] == name)
        print(
            f"{name}: recurring text (shingles) {known:,}, of it in the truth {kept:,} "
            f"({kept / max(known, 1):.1%}); removed as {CATEGORY} {gone:,}, of it in the "
            f"truth {gone_kept:,} ({gone_kept / max(gone, 1):.1%})"
        )
    if args.worst:
        for name in INPUTS:
            chosen = sorted((r for r in rows if r[0] == name), key=lambda r: r[3].f1 - r[2].f1)
            print(f"\n{name}: pages site learning hurt most (before after id)")
            for r in chosen[: args.worst]:
                print(f"  {r[2].f1:.3f} {r[3].f1:.3f} {r[1]} {truth[r[1]]['site']}")


if __name__ == "__main__":
    main()
