"""Quality on every corpus in ../shared/bench, in one table, with the worst pages.

    python -m bench.quality [--corpus news-dev,gn1-dev,...] [--worst 5] [--jobs 2]
                            [--digits 3] [--no-baselines] [--bench ../shared/bench]

- news-dev, gn1-dev, dragnet-dev: shingle F1 of the body against the truth (each corpus's
  README gives the metric; gn1-dev and dragnet-dev average precision over pages with output
  and recall over pages with truth). Inputs: recall/ (scraper text), full/ (whole page as
  Markdown) and html/.
- trafilatura-dev: snippet accuracy, must-keep kept, must-drop dropped, also by language.
- gn1-dev also: where each labelled category ends up (share of its shingles left in the
  body, comments found in ``comments``) and title accuracy against the headline.
- dragnet-dev also: F1 on the pages of sites with 5 or more pages, and cleaner with
  ``--sites folder`` (its library equivalent: each site's profile learned from its pages,
  then every page cleaned with it) on recall/ and full/; ``--no-sites`` leaves it out.

Baselines ("nothing removed", trafilatura's default extract on html/) are computed in the
same run unless ``--no-baselines``.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpora import BENCH, CORPORA, FORMATS, Page, load
from cleaner import Cleaner
from cleaner.evaluate import Score, mean_score, score_page, shared_share
from cleaner.language import detect
from cleaner.sites import SiteProfiles

F1_CORPORA = ("news-dev", "gn1-dev", "dragnet-dev")
SKIP_EMPTY = {"gn1-dev": True, "dragnet-dev": True}  # each corpus's own convention
CATEGORIES = ("comments", "supplemental", "related")  # gn1-dev labels besides the body
BIG_SITE = 5  # dragnet-dev: sites with this many pages can teach their furniture
FEW_PAGES = 3  # trafilatura-dev: languages with fewer pages are shown together as "other"


@dataclass(frozen=True)
class Output:
    body: str
    comments: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class System:
    name: str
    inputs: tuple[str, ...]  # the inputs it reads
    run: Callable[..., Output]  # (input, input name[, site]) -> output
    baseline: bool = False
    corpora: tuple[str, ...] = ()  # only these corpora (all when empty); given the site


_cleaners: dict[str, Cleaner] = {}  # one per HTML engine, built once per process


def _clean(text: str | bytes, inp: str, engine: str = "fast") -> Output:
    if engine not in _cleaners:
        _cleaners[engine] = Cleaner(html_engine=engine)
    result = _cleaners[engine].clean(text, FORMATS[inp])
    return Output(result.body, tuple(result.comments), result.title)


# Site profiles learned per input (recall, full) from the pages of SITE_CORPORA, set in
# each worker by the pool's initializer (see `learn_sites`).
SITE_CORPORA = ("dragnet-dev",)
_profiles: dict[str, SiteProfiles] = {}
_site_cleaners: dict[str, Cleaner] = {}  # one per input, built once per worker


def _set_profiles(profiles: dict[str, SiteProfiles]) -> None:
    _profiles.update(profiles)


def _clean_sites(text: str | bytes, inp: str, site: str) -> Output:
    """cleaner with ``--sites folder``: what each site repeats on its pages, learned first."""
    if inp not in _site_cleaners:
        _site_cleaners[inp] = Cleaner(site_profiles=_profiles[inp])
    result = _site_cleaners[inp].clean(text, FORMATS[inp], site=site)
    return Output(result.body, tuple(result.comments), result.title)


def _learn_site(args: tuple[str, str, list[Page]]) -> tuple[str, SiteProfiles]:
    inp, _, pages = args
    return inp, SiteProfiles.learn((p.site, p.read(inp), FORMATS[inp]) for p in pages)


def learn_sites(pages: list[Page], pool: ProcessPoolExecutor) -> dict[str, SiteProfiles]:
    """Each input's site profiles, learned site by site in the pool (what ``cleaner clean
    --sites folder`` learns in its first pass: the pages of a site are in one folder)."""
    by_site: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        if page.corpus in SITE_CORPORA:
            by_site[page.site].append(page)
    work = [(inp, site, ps) for inp in ("recall", "full") for site, ps in sorted(by_site.items())]
    profiles = {inp: SiteProfiles() for inp in ("recall", "full")}
    for inp, learned in pool.map(_learn_site, work):
        profiles[inp].sites.update(learned.sites)
    return profiles


def _clean_trafilatura(text: str | bytes, inp: str) -> Output:
    return _clean(text, inp, "trafilatura")


def _as_is(text: str | bytes, inp: str) -> Output:
    assert isinstance(text, str)
    return Output(text)


def _trafilatura(text: str | bytes, inp: str) -> Output:
    import trafilatura

    return Output(trafilatura.extract(text) or "")


SYSTEMS = (
    System("nothing removed", ("recall", "full"), _as_is, baseline=True),
    System("trafilatura extract", ("html",), _trafilatura, baseline=True),
    System("cleaner", ("recall", "full", "html"), _clean),  # HTML: the fast engine (default)
    System("cleaner --html-engine trafilatura", ("html",), _clean_trafilatura),
    System("cleaner --sites folder", ("recall", "full"), _clean_sites, corpora=SITE_CORPORA),
)


@dataclass
class Row:
    """One system's output on one input of one page, measured."""

    corpus: str
    page: str
    site: str
    input: str
    system: str
    score: Score | None = None  # F1 corpora
    snippets: dict[str, Any] = field(default_factory=dict)  # trafilatura-dev
    shares: dict[str, tuple[int, int]] = field(default_factory=dict)  # gn1-dev categories
    title_ok: bool | None = None  # gn1-dev


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """A text as trafilatura-dev's snippets are compared: runs of white space as one space."""
    return _SPACE.sub(" ", text).strip()


def _snippets(output: str, truth: dict[str, Any], source: str, language: str) -> dict[str, Any]:
    text, given = normalize(output), normalize(source)
    keep = [normalize(s) for s in truth["with"]]
    drop = [normalize(s) for s in truth["without"]]
    present = [s for s in drop if s in given]
    return {
        "kept": sum(s in text for s in keep),
        "keep": len(keep),
        "dropped": sum(s not in text for s in drop),
        "drop": len(drop),
        "present_dropped": sum(s not in text for s in present),
        "present": len(present),
        "language": language,
    }


def _measure(page: Page, inp: str, system: str, out: Output, source: str, language: str) -> Row:
    row = Row(page.corpus, page.id, page.site, inp, system)
    if page.corpus == "trafilatura-dev":
        row.snippets = _snippets(out.body, page.truth, source, language)
        return row
    row.score = score_page(out.body, page.truth["body"])
    if page.corpus == "gn1-dev":
        body = page.truth["body"]
        for category in CATEGORIES:
            if page.truth.get(category):
                row.shares[category] = shared_share(page.truth[category], out.body, body)
        if page.truth.get("comments"):
            found = shared_share(page.truth["comments"], "\n".join(out.comments), body)
            row.shares["comments_found"] = found
        if page.truth.get("headline") and system != "nothing removed":
            row.title_ok = _words(out.title) == _words(page.truth["headline"])
    return row


def run_page(args: tuple[Page, bool]) -> list[Row]:
    page, baselines = args
    rows = []
    # The page's language, judged on its scraper text (on html/ it would read the markup).
    language = detect(page.read("recall")) or "unknown"
    for inp in page.paths:
        # HTML goes in as bytes: each system reads the page's own charset declaration.
        data = page.read_bytes(inp) if inp == "html" else page.read(inp)
        source = page.read(inp)
        for system in SYSTEMS:
            if system.corpora and (page.corpus not in system.corpora or not _profiles):
                continue
            if inp in system.inputs and (baselines or not system.baseline):
                out = system.run(data, inp, page.site) if system.corpora else system.run(data, inp)
                rows.append(_measure(page, inp, system.name, out, source, language))
    return rows


def _groups(rows: Iterable[Row]) -> dict[tuple[str, str, str], list[Row]]:
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.corpus, row.input, row.system].append(row)
    return groups


def _accuracy(rows: list[Row]) -> tuple[float, str, str]:
    kept = sum(r.snippets["kept"] for r in rows)
    keep = sum(r.snippets["keep"] for r in rows)
    dropped = sum(r.snippets["dropped"] for r in rows)
    drop = sum(r.snippets["drop"] for r in rows)
    return (kept + dropped) / max(keep + drop, 1), f"{kept}/{keep}", f"{dropped}/{drop}"


def print_table(groups: dict[tuple[str, str, str], list[Row]], digits: int = 3) -> None:
    print(
        "| corpus | input | system | pages | F1 / accuracy | precision / kept | recall / dropped |"
    )
    print("|---|---|---|---|---|---|---|")
    for (corpus, inp, system), rows in groups.items():
        if corpus == "trafilatura-dev":
            acc, kept, dropped = _accuracy(rows)
            cells = f"{acc:.{digits}f} | {kept} | {dropped}"
        else:
            s = mean_score((r.score for r in rows if r.score), SKIP_EMPTY.get(corpus, False))
            cells = f"**{s.f1:.{digits}f}** | {s.precision:.{digits}f} | {s.recall:.{digits}f}"
            if system != "cleaner":
                cells = cells.replace("**", "")
        print(f"| {corpus} | {inp} | {system} | {len(rows)} | {cells} |")


def _of(
    groups: dict[tuple[str, str, str], list[Row]], corpus: str
) -> Iterator[tuple[str, str, list[Row]]]:
    """(input, system, rows) of one corpus's groups."""
    for (name, inp, system), rows in groups.items():
        if name == corpus:
            yield inp, system, rows


def _pooled(rows: list[Row], key: str, digits: int) -> str:
    found = sum(r.shares[key][0] for r in rows if key in r.shares)
    total = sum(r.shares[key][1] for r in rows if key in r.shares)
    pages = sum(key in r.shares for r in rows)
    return f"{found / total:.{digits}f} ({pages} pages)" if total else "-"


def print_gn1(groups: dict[tuple[str, str, str], list[Row]], digits: int = 2) -> None:
    print("\ngn1-dev: where each labelled category ends up (pooled shingle shares; lower is")
    print("better for 'in body', higher for 'comments found'); title = headline exactly")
    print(
        "| input | system | comments in body | comments found | supplemental in body "
        "| related in body | title |"
    )
    print("|---|---|---|---|---|---|---|")
    for inp, system, rows in _of(groups, "gn1-dev"):
        titled = [r.title_ok for r in rows if r.title_ok is not None]
        title = f"{sum(titled) / len(titled):.{digits}f}" if titled else "-"
        cells = [_pooled(rows, k, digits) for k in ("comments", "comments_found", *CATEGORIES[1:])]
        print(f"| {inp} | {system} | {' | '.join(cells)} | {title} |")


def print_trafilatura(groups: dict[tuple[str, str, str], list[Row]]) -> None:
    print("\ntrafilatura-dev by language (jusText's name for the input's language); 'present")
    print("dropped': must-drop snippets found in the input that the output no longer holds")
    print(
        "| input | system | language | pages | accuracy | must-keep kept | must-drop dropped "
        "| present dropped |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for inp, system, rows in _of(groups, "trafilatura-dev"):
        by_language: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            by_language[row.snippets["language"]].append(row)
        for language in [k for k, v in by_language.items() if len(v) < FEW_PAGES]:
            by_language["other"] += by_language.pop(language)
        for language, these in sorted(by_language.items(), key=lambda kv: -len(kv[1])):
            acc, kept, dropped = _accuracy(these)
            present = sum(r.snippets["present"] for r in these)
            gone = sum(r.snippets["present_dropped"] for r in these)
            rate = f"{gone}/{present} ({gone / present:.2f})" if present else "-"
            print(
                f"| {inp} | {system} | {language} | {len(these)} | {acc:.3f} | {kept} "
                f"| {dropped} | {rate} |"
            )


def print_dragnet(groups: dict[tuple[str, str, str], list[Row]]) -> None:
    print(f"\ndragnet-dev: F1 on sites with {BIG_SITE}+ pages and on all pages")
    print("| input | system | F1, big sites (pages) | F1, all pages (pages) |")
    print("|---|---|---|---|")
    for inp, system, rows in _of(groups, "dragnet-dev"):
        per_site: dict[str, int] = defaultdict(int)
        for row in rows:
            per_site[row.site] += 1
        big = [r for r in rows if per_site[r.site] >= BIG_SITE]
        f1_big = mean_score((r.score for r in big if r.score), True).f1
        f1_all = mean_score((r.score for r in rows if r.score), True).f1
        print(f"| {inp} | {system} | {f1_big:.3f} ({len(big)}) | {f1_all:.3f} ({len(rows)}) |")


def print_worst(groups: dict[tuple[str, str, str], list[Row]], worst: int) -> None:
    for (corpus, inp, system), rows in groups.items():
        if system != "cleaner" or worst <= 0:
            continue
        print(f"\nworst {worst}, cleaner on {corpus} {inp}/ ", end="")
        if corpus == "trafilatura-dev":
            print("(snippets missed: keep lost, drop left; id site)")
            ranked = sorted(
                rows,
                key=lambda r: (
                    -(r.snippets["keep"] - r.snippets["kept"])
                    - (r.snippets["drop"] - r.snippets["dropped"])
                ),
            )
            for r in ranked[:worst]:
                lost = r.snippets["keep"] - r.snippets["kept"]
                left = r.snippets["drop"] - r.snippets["dropped"]
                print(f"  keep lost {lost}, drop left {left}  {r.page} {r.site}")
            continue
        print("(F1 precision recall id site)")
        for r in sorted(rows, key=lambda r: r.score.f1 if r.score else 0.0)[:worst]:
            s = r.score or Score(0.0, 0.0)
            print(f"  {s.f1:.3f} {s.precision:.3f} {s.recall:.3f} {r.page[:12]} {r.site}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--corpus", default=",".join(CORPORA), help="comma-separated names")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--digits", type=int, default=3, help="decimals in the main table (4: a change below 0.001)"
    )
    parser.add_argument("--no-baselines", dest="baselines", action="store_false")
    parser.add_argument(
        "--no-sites", dest="sites", action="store_false", help="no `cleaner --sites` rows"
    )
    args = parser.parse_args()
    names = [n.strip() for n in args.corpus.split(",") if n.strip()]
    pages = [page for name in names for page in load(name, args.bench)]
    started = time.perf_counter()
    profiles: dict[str, SiteProfiles] = {}
    if args.sites and set(names) & set(SITE_CORPORA):
        with ProcessPoolExecutor(args.jobs) as pool:
            profiles = learn_sites(pages, pool)
    with ProcessPoolExecutor(args.jobs, initializer=_set_profiles, initargs=(profiles,)) as pool:
        work = [(page, args.baselines) for page in pages]
        rows = [row for page_rows in pool.map(run_page, work, chunksize=4) for row in page_rows]
    counts = ", ".join(f"{n} {sum(p.corpus == n for p in pages)}" for n in names)
    print(f"pages: {counts}; {time.perf_counter() - started:.0f} s on {args.jobs} processes\n")
    groups = _groups(rows)
    print_table(groups, args.digits)
    if "gn1-dev" in names:
        print_gn1(groups, args.digits)
    if "trafilatura-dev" in names:
        print_trafilatura(groups)
    if "dragnet-dev" in names:
        print_dragnet(groups)
    print_worst(groups, args.worst)


if __name__ == "__main__":
    main()
