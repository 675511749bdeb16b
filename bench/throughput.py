"""Throughput and memory of cleaner, each figure next to its baseline in the same run.

    python bench/throughput.py                      # all figures, full sizes (several minutes)
    python bench/throughput.py --quick              # small sizes, a minute or so
    python bench/throughput.py --only text --profile 25
    python bench/throughput.py --only html --profile 25   # the fast HTML engine's profile

Figures (see bench/THROUGHPUT.md for what they mean and the latest results):
  text    `clean` on the news-dev scraper texts (recall/*.txt) repeated to --text-mb, next to
          `ftfy.fix_text` alone on the same documents; the two alternate in rounds so that a
          busy machine slows both alike.
  varied  the same, on the recall texts of the other corpora beside --data (gn1-dev,
          trafilatura-dev, dragnet-dev), each read once, shuffled: text the cleaner has
          not seen, as in a crawl (the text figure's repeats let caches warm); with the
          CPU ms per document spent in the rules' screen (`cleaner.screen`).
  html    `clean(page, format="html")` with each HTML engine on news-dev html/*.html.gz,
          next to trafilatura's `extract` with its default options on the same bytes, and
          resiliparse's main-content extraction where it is installed.
  scale   CPU ms per MB by document size (--scale-kb): the texts joined into documents of
          10 KB to 10 MB, with the costly stages apart; ftfy on the same documents beside.
  cli     `cleaner clean DIR --jobs 2` against `--jobs 1` on --cli-docs documents.
  memory  peak memory of `cleaner clean FILE.jsonl --jobs N` (the whole process tree) at each
          --memory-mb and --memory-jobs.
The cli and memory figures need a CLI with ``--jobs`` and JSON Lines input; where the
installed one lacks them, the script says so and goes on.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import ftfy
import trafilatura

import cleaner
from cleaner import Cleaner
from cleaner.language_id import _identifier
from cleaner.markup import HTML_ENGINES
from cleaner.pipeline import STAGE_NAMES

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: the bench package is the repository's
    sys.path.insert(0, str(ROOT))
from bench.corpora import load  # noqa: E402

VARIED_CORPORA = ("gn1-dev", "trafilatura-dev", "dragnet-dev")
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "news-dev"
ROUNDS = 10  # text path: clean and ftfy alternate this many times over the corpus
POLL_SECONDS = 0.05  # how often the memory figure samples the process tree
CLI_ROUNDS = 2  # runs of each --jobs value; the best is the figure


def table(header: Sequence[str], rows: list[Sequence[object]]) -> str:
    """A Markdown table, so that the output pastes into the note as it is."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def mb(n_bytes: float) -> float:
    return n_bytes / 1e6


# --- data -------------------------------------------------------------------------------


def read_texts(data: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "recall").glob("*.txt"))]
    if not texts:
        sys.exit(f"no recall/*.txt under {data}: pass --data news-dev folder")
    return texts


def repeat_to(texts: list[str], target_mb: float) -> list[str]:
    """The texts repeated, in order, until they hold at least ``target_mb`` of UTF-8.
    Repeats are the same string objects: nothing in cleaner or ftfy caches by content."""
    size = sum(len(t.encode()) for t in texts)
    copies = max(1, -(-int(target_mb * 1e6) // size))
    return texts * copies


def read_pages(data: Path) -> list[bytes]:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((data / "html").glob("*.html.gz"))]
    if not pages:
        sys.exit(f"no html/*.html.gz under {data}")
    return pages


# --- text path --------------------------------------------------------------------------


def alternate(
    jobs: dict[str, Callable[[str], object]], docs: list[str], rounds: int
) -> dict[str, float]:
    """Seconds each job took over ``docs``, run in alternating slices."""
    spent = dict.fromkeys(jobs, 0.0)
    step = -(-len(docs) // rounds)
    for start in range(0, len(docs), step):
        chunk = docs[start : start + step]
        for name, job in jobs.items():
            began = time.process_time()
            for doc in chunk:
                job(doc)
            spent[name] += time.process_time() - began
    return spent


def warm_cleaner() -> Cleaner:
    """A Cleaner with what loads once per process loaded (packs, screen, the language
    models): that is not per-document time. py3langid's model (about 1 s) loads on the
    first document the stop words leave undecided, wherever it falls in the run."""
    cleaner = Cleaner()
    cleaner.clean("Warm-up text, in a language the stop words do not decide: 12:30.")
    _identifier()
    return cleaner


def bench_text(texts: list[str], target_mb: float) -> None:
    docs = repeat_to(texts, target_mb)
    size = mb(sum(len(d.encode()) for d in docs))
    cleaner = warm_cleaner()
    spent = alternate({"clean": cleaner.clean, "ftfy.fix_text": ftfy.fix_text}, docs, ROUNDS)
    rows = [
        [
            name,
            len(docs),
            f"{size:.1f}",
            f"{secs:.1f}",
            f"{len(docs) / secs:.0f}",
            f"{size / secs:.2f}",
        ]
        for name, secs in spent.items()
    ]
    print(f"\n## Text path, one core ({len(texts)} news-dev texts repeated to {size:.1f} MB)\n")
    print(table(["what", "docs", "MB", "s", "docs/s", "MB/s"], rows))
    ratio = spent["ftfy.fix_text"] / spent["clean"]
    print(f"\nclean is {ratio:.2f}x the speed of ftfy.fix_text alone (goal: >= 3x)")


def read_varied(data: Path) -> list[str]:
    """The recall texts of the corpora beside ``data`` other than its own, shuffled (a fixed
    seed) so that no corpus comes in one run."""
    texts = [
        page.read("recall")
        for name in VARIED_CORPORA
        if (data.parent / name).is_dir()
        for page in load(name, data.parent)
        if "recall" in page.paths
    ]
    if not texts:
        sys.exit(f"none of {', '.join(VARIED_CORPORA)} beside {data}")
    random.Random(17).shuffle(texts)
    return texts


def bench_varied(texts: list[str]) -> None:
    """`bench_text` on documents read once each, and the share of the rules' screen."""
    size = mb(sum(len(t.encode()) for t in texts))
    cleaner = warm_cleaner()
    screened = [0.0]
    for view in cleaner.screen.views:  # each view's RE2 calls, timed where they run
        for name in ("hits", "hits_among"):  # the whole filter, and patterns searched alone
            setattr(view, name, _timed(getattr(view, name), screened))
    spent = alternate({"clean": cleaner.clean, "ftfy.fix_text": ftfy.fix_text}, texts, ROUNDS)
    n = len(texts)
    rows = [
        [
            name,
            n,
            f"{size:.1f}",
            f"{s:.1f}",
            f"{n / s:.0f}",
            f"{size / s:.2f}",
            f"{s / n * 1e3:.2f}",
        ]
        for name, s in spent.items()
    ]
    names = ", ".join(VARIED_CORPORA)
    print(f"\n## Varied text, one core ({len(texts)} recall texts of {names}, each once)\n")
    print(table(["what", "docs", "MB", "s", "docs/s", "MB/s", "ms/doc"], rows))
    ratio = spent["ftfy.fix_text"] / spent["clean"]
    print(f"\nclean is {ratio:.2f}x the speed of ftfy.fix_text alone (goal: >= 3x)")
    per_doc = screened[0] * 1e3 / len(texts)
    share = screened[0] / spent["clean"]
    print(f"the rules' screen: {per_doc:.2f} ms a document, {share:.0%} of clean's time")


def _timed(call: Callable[..., object], spent: list[float]) -> Callable[..., object]:
    def timed(*args: object) -> object:
        began = time.process_time()
        try:
            return call(*args)
        finally:
            spent[0] += time.process_time() - began

    return timed


def stage_times(
    cleaner: Cleaner,
    docs: Sequence[str | bytes],
    format: str | None = None,
    kept: list[int] | None = None,
) -> dict[str, float]:
    """Seconds per pipeline stage, read off the trace hook (no profiler overhead); the
    characters of each body are appended to ``kept`` when given."""
    spent = dict.fromkeys(STAGE_NAMES, 0.0)
    for doc in docs:
        last = time.process_time()

        def trace(stage: str, _doc: object) -> None:
            nonlocal last
            now = time.process_time()
            spent[stage] += now - last
            last = now

        result = cleaner.run(doc, format, trace=trace).result
        if kept is not None and result is not None:
            kept.append(len(result.body))
    return spent


def profile_text(texts: list[str], top: int) -> None:
    cleaner = warm_cleaner()
    docs = repeat_to(texts, 5)
    spent = stage_times(cleaner, docs)
    total = sum(spent.values())
    size = mb(sum(len(d.encode()) for d in docs))
    print(f"\n## Where the text path's time goes ({size:.1f} MB)\n")
    rows = [[s, f"{t * 1e3 / size:.1f}", f"{100 * t / total:.0f}%"] for s, t in spent.items()]
    print(table(["stage", "ms per MB", "share"], rows))
    print_profile(cleaner, docs, None, top)


def print_profile(
    cleaner: Cleaner, docs: Sequence[str | bytes], format: str | None, top: int
) -> None:
    """cProfile's top ``top`` functions by own time over one more pass of ``docs``."""
    # CPU time, not wall time: on a busy machine a wall-clock profile charges whatever runs
    # when the process is descheduled (a long C call most: the screen's RE2 pass looked
    # ten times its cost), and the pass before has built the RE2 automaton's states.
    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(lambda: [cleaner.clean(d, format) for d in docs])
    stats = pstats.Stats(profiler)
    entries = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]  # type: ignore[attr-defined]
    total_profiled = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, calls, own, cum, _callers) in entries:
        where = f"{Path(file).name}:{line}({func})" if line else func
        rows.append(
            [where, calls, f"{own:.3f}", f"{100 * own / total_profiled:.1f}%", f"{cum:.3f}"]
        )
    print(f"\ncProfile, top {top} by own time (s, over the same documents):\n")
    print(table(["function", "calls", "own s", "own share", "cumulative s"], rows))


# --- HTML path --------------------------------------------------------------------------


def _resiliparse() -> Callable[[bytes], object] | None:
    """resiliparse's main-content text extraction, where it is installed (it is no
    dependency of cleaner: a baseline only)."""
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        return None
    return lambda page: extract_plain_text(HTMLTree.parse_from_bytes(page), main_content=True)


def bench_html(pages: list[bytes], rounds: int, top: int = 0) -> None:
    engines = {name: Cleaner(html_engine=name) for name in HTML_ENGINES}
    jobs: dict[str, Callable[[bytes], object]] = {
        f"clean, --html-engine {name}": partial(cleaner.clean, format="html")
        for name, cleaner in engines.items()
    }
    jobs["trafilatura.extract"] = trafilatura.extract
    if (resiliparse := _resiliparse()) is not None:
        jobs["resiliparse extract_plain_text(main_content=True)"] = resiliparse
    for job in jobs.values():
        job(pages[0])  # packs load once per process; that is not per-page time
    # The first round apart: its pages are new to the cleaner, whose rules' screen builds
    # its automaton's states on the text it reads, as it does on every page of a crawl;
    # later rounds read pages it has seen (see THROUGHPUT.md, "Pages seen once").
    first, spent = dict.fromkeys(jobs, 0.0), dict.fromkeys(jobs, 0.0)
    for round_ in range(rounds):
        for page in pages:  # page by page, alternating, so load affects all alike
            for name, job in jobs.items():
                began = time.process_time()
                job(page)
                (first if round_ == 0 else spent)[name] += time.process_time() - began
    n = len(pages) * rounds
    base = first["trafilatura.extract"] + spent["trafilatura.extract"]
    print(f"\n## HTML path ({len(pages)} news-dev pages x {rounds} rounds)\n")
    rows = []
    for name in jobs:
        secs = first[name] + spent[name]
        row = [name, n, f"{secs:.1f}", f"{secs * 1e3 / n:.1f}", f"{secs / base:.2f}x"]
        ratios = [first[name] / first["trafilatura.extract"]]
        if rounds > 1:
            ratios.append(spent[name] / spent["trafilatura.extract"])
        rows.append([*row, " / ".join(f"{r:.2f}x" for r in ratios)])
    header = ["what", "pages", "CPU s", "ms/page", "of trafilatura's time"]
    print(table([*header, "first round / later rounds"], rows))
    if resiliparse is None:
        print("\n(resiliparse is not installed: `pip install resiliparse` adds its row)")
    print(
        "\ngoals: --html-engine fast <= 0.15x trafilatura.extract's time, "
        "--html-engine trafilatura <= 1.15x"
    )
    profile_html(engines, pages, base / n)
    if top:  # the fast engine's, after the stage pass that warmed it
        print_profile(engines["fast"], pages, "html", top)


def profile_html(engines: dict[str, Cleaner], pages: list[bytes], base: float) -> None:
    """Each engine's CPU ms per page by pipeline stage, one more pass over the pages."""
    times = {name: stage_times(cleaner, pages, "html") for name, cleaner in engines.items()}
    print("\nWhere each engine's time goes (CPU ms per page, trace hook):\n")
    rows = [
        [stage, *(f"{spent[stage] * 1e3 / len(pages):.2f}" for spent in times.values())]
        for stage in STAGE_NAMES
    ]
    totals = [sum(spent.values()) * 1e3 / len(pages) for spent in times.values()]
    rows.append(["total", *(f"{t:.2f}" for t in totals)])
    rows.append(["of trafilatura.extract's time", *(f"{t / 1e3 / base:.2f}x" for t in totals)])
    print(table(["stage", *(f"--html-engine {name}" for name in times)], rows))


# --- CLI and memory ---------------------------------------------------------------------


def cleaner_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("cleaner")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cleaner.cli"]


def cli_help() -> str:
    return subprocess.run(
        [*cleaner_cmd(), "clean", "--help"], capture_output=True, text=True, check=False
    ).stdout


def write_jsonl(path: Path, texts: list[str], target_mb: float) -> int:
    """A JSON Lines corpus of at least ``target_mb``, written as a stream."""
    written = n = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target_mb * 1e6:
            for text in texts:
                line = json.dumps({"id": f"doc{n}", "text": text}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode())
                n += 1
    return n


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids += [int(k) for k in task.read_text().split()]
        except OSError:
            continue
    return kids


def _kb(path: Path, field: str) -> int:
    try:
        text = path.read_text()
    except OSError:  # the process ended meanwhile
        return 0
    for line in text.splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    return 0


def tree_memory(pid: int) -> tuple[int, int]:
    """Resident bytes of a process and all its descendants, from /proc: RSS summed (pages a
    forked worker shares with its parent count in both) and PSS summed (shared pages
    divided among their sharers: what the tree really holds)."""
    rss = pss = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        rss += _kb(Path(f"/proc/{current}/status"), "VmRSS:")
        pss += _kb(Path(f"/proc/{current}/smaps_rollup"), "Pss:")
        todo += _children(current)
    return rss, pss


def run_measured(cmd: list[str], sample: bool = True) -> tuple[float, int, int]:
    """Wall seconds, and peak RSS and PSS of the process tree (sampled; see tree_memory).
    Sampling reads /proc/PID/smaps_rollup, which costs CPU that the command's own processes
    then lack: speed is timed with ``sample=False`` (the memory figures are then 0)."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: it cannot fill and block
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        peak_rss = peak_pss = 0
        while sample and proc.poll() is None:
            rss, pss = tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(POLL_SECONDS)
        proc.wait()
        seconds = time.perf_counter() - began
        if proc.returncode != 0:
            errors.seek(0)
            err = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    return seconds, peak_rss, peak_pss


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_ceiling(n: int = 5_000_000, parts: int = 4) -> float:
    """How much faster two processes do pure-Python work than one, on this machine now:
    the most --jobs 2 could gain here (other sessions may be using the cores)."""
    began = time.perf_counter()
    for _ in range(parts):
        _burn(n)
    one = time.perf_counter() - began
    with ProcessPoolExecutor(2) as pool:
        began = time.perf_counter()
        list(pool.map(_burn, [n] * parts))
        two = time.perf_counter() - began
    return one / two


def bench_cli(texts: list[str], n_docs: int, work: Path) -> None:
    print(f"\n## CLI, {n_docs} documents\n")
    if "--jobs" not in cli_help():
        print("not measured: this `cleaner clean` has no --jobs option yet")
        return
    corpus = work / "cli-docs"
    corpus.mkdir()
    for i in range(n_docs):
        (corpus / f"{i:06d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    before = parallel_ceiling()
    runs: dict[int, list[float]] = {1: [], 2: []}
    for round_ in range(CLI_ROUNDS):  # alternating, so that a busy spell slows both alike
        for jobs in (1, 2):
            out = work / f"cli-out-{jobs}-{round_}"
            cmd = [*cleaner_cmd(), "clean", str(corpus), "-o", str(out), "--jobs", str(jobs)]
            runs[jobs].append(run_measured([*cmd, "-q"], sample=False)[0])
    wall = {jobs: min(times) for jobs, times in runs.items()}
    rows = [
        [
            f"--jobs {jobs}",
            n_docs,
            " / ".join(f"{t:.1f}" for t in runs[jobs]),
            f"{n_docs / wall[jobs]:.0f}",
        ]
        for jobs in (1, 2)
    ]
    print(table(["run", "docs", "s (each round)", "docs/s (best round)"], rows))
    ceiling = (before + parallel_ceiling()) / 2
    print(f"\n--jobs 2 is {wall[1] / wall[2]:.2f}x faster than --jobs 1 (goal: >= 1.8x)")
    print(
        f"control: two processes of pure-Python arithmetic ran {ceiling:.2f}x faster than one"
        " (mean of a run before and after the CLI's), the ceiling on this machine now"
    )


def jsonl_supported(work: Path, texts: list[str]) -> bool:
    probe = work / "probe.jsonl"
    write_jsonl(probe, texts[:2], 1e-6)  # one pass: two records
    out = work / "probe-out"
    done = subprocess.run(
        [*cleaner_cmd(), "clean", str(probe), "-o", str(out)], capture_output=True, check=False
    )
    return done.returncode == 0 and out.exists() and any(out.iterdir())


def bench_memory(texts: list[str], sizes_mb: list[float], jobs: list[int], work: Path) -> None:
    print("\n## Memory, `cleaner clean FILE.jsonl -o OUT --jobs N`\n")
    if not jsonl_supported(work, texts):
        print("not measured: this `cleaner clean` does not read JSON Lines yet")
        return
    rows = []
    for size in sizes_mb:
        corpus = work / f"corpus-{size:g}MB.jsonl"
        n = write_jsonl(corpus, texts, size)
        for n_jobs in jobs:
            out = work / f"mem-out-{size:g}-{n_jobs}"
            seconds, rss, pss = run_measured(
                [*cleaner_cmd(), "clean", str(corpus), "-o", str(out), "--jobs", str(n_jobs), "-q"]
            )
            size_out = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
            rows.append(
                [
                    f"{mb(corpus.stat().st_size):.0f}",
                    n_jobs,
                    n,
                    f"{seconds:.0f}",
                    f"{mb(size_out):.0f}",
                    f"{mb(rss):.0f}",
                    f"{mb(pss):.0f}",
                ]
            )
            shutil.rmtree(out)  # the disk is needed more than the output
        corpus.unlink()
    header = ["JSONL MB", "jobs", "records", "s", "output MB", "peak RSS MB (sum)", "peak PSS MB"]
    print(table(header, rows))
    print(
        "\ngoal: peak RSS under 300 MB, and the same at every size (streaming). RSS sums count"
        "\nthe pages forked workers share with the main process once per process; PSS shares"
        "\nthem out, so it is what the process tree really holds."
    )


# --- main -------------------------------------------------------------------------------


# --- cost by document size ---------------------------------------------------------------


def join_to(texts: list[str], size_kb: float) -> list[str]:
    """Documents of about ``size_kb`` each, made of whole texts joined by blank lines, the
    texts taken in turn so that every size holds the same mix; enough documents to hold
    at least 1 MB (one document for larger sizes)."""
    docs, parts, length, i = [], [], 0, 0
    while not docs or (sum(len(d) for d in docs) < 1e6 and len(docs) < 10_000):
        text = texts[i % len(texts)]
        i += 1
        parts.append(text)
        length += len(text.encode())
        if length >= size_kb * 1e3:
            docs.append("\n\n".join(parts))
            parts, length = [], 0
    return docs


_SCALE_STAGES = tuple(
    s
    for s in ("repair", "rules", "regions", "heuristics", "features", "article")
    if s in STAGE_NAMES
)


def bench_scale(texts: list[str], sizes_kb: list[float]) -> None:
    """ms per MB by document size, per stage: cost that grows faster than the text shows
    as a larger figure for larger documents."""
    cleaner = warm_cleaner()
    # The screen's RE2 automaton builds its states on the text it first reads (about 0.2 s
    # on these texts): read them once first, or the first size pays it alone (10 KB read
    # 689 ms/MB against 430 warm).
    for text in texts:
        cleaner.clean(text)
    rows, totals = [], []
    for size_kb in sizes_kb:
        docs = join_to(texts, size_kb)
        size = mb(sum(len(d.encode()) for d in docs))
        began = time.process_time()
        ftfy_docs = [ftfy.fix_text(d) for d in docs]
        ftfy_secs = time.process_time() - began
        del ftfy_docs
        kept: list[int] = []
        spent = stage_times(cleaner, docs, kept=kept)
        total = sum(spent.values())
        # The heuristics' stages, together as before they were split.
        spent["heuristics"] = sum(spent[s] for s in ("features", "neighbours", "article"))
        totals.append(total / size)
        rows.append(
            [
                f"{size_kb:g}",
                len(docs),
                f"{size:.1f}",
                f"{sum(kept) / sum(map(len, docs)):.2f}",
                f"{total * 1e3 / size:.0f}",
                f"{ftfy_secs * 1e3 / size:.0f}",
                *(f"{spent[s] * 1e3 / size:.0f}" for s in _SCALE_STAGES),
            ]
        )
    print("\n## Cost by document size (CPU ms per MB; ftfy.fix_text on the same documents)\n")
    header = ["doc KB", "docs", "MB", "body share", "clean", "ftfy", *_SCALE_STAGES]
    print(table(header, rows))
    spread = max(totals) / min(totals)
    print(f"\nclean's ms/MB, largest over smallest: {spread:.2f}x (goal: within 1.3x)")
    # Joined news texts read from 100 KB on as one article followed by a thread of others:
    # the larger sizes do less work per MB, so the spread compares unlike work.
    print("body share: the characters kept in the body over those read")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-dev folder")
    parser.add_argument(
        "--only", default="text,varied,html,cli,memory", help="figures to run, comma-separated"
    )
    parser.add_argument("--text-mb", type=float, default=50.0, help="text path corpus size")
    parser.add_argument("--html-rounds", type=int, default=2, help="passes over the HTML pages")
    parser.add_argument("--cli-docs", type=int, default=10_000, help="documents for --jobs")
    parser.add_argument("--memory-mb", default="100,1000", help="JSONL sizes, comma-separated")
    parser.add_argument("--memory-jobs", default="1,2", help="--jobs values for the memory runs")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print the top N profile entries of each path run (text, html's fast engine)",
    )
    parser.add_argument(
        "--scale-kb", default="10,100,1000,10000", help="document sizes for the scale figure"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes for a quick look")
    args = parser.parse_args(argv)
    if args.quick:
        args.text_mb, args.html_rounds, args.cli_docs, args.memory_mb = 5.0, 1, 1000, "10,50"
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    only = set(args.only.split(","))
    texts = read_texts(args.data)
    print(f"# cleaner throughput (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    print(f"cleaner from {Path(cleaner.__file__).parent}")  # which checkout is measured
    if "text" in only:
        bench_text(texts, args.text_mb)
    if "varied" in only:
        bench_varied(read_varied(args.data))
    if args.profile and "text" in only:
        profile_text(texts, args.profile)
    if "scale" in only:
        bench_scale(texts, [float(k) for k in args.scale_kb.split(",")])
    if "html" in only:
        bench_html(read_pages(args.data), args.html_rounds, args.profile)
    if only & {"cli", "memory"}:
        with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
            if "cli" in only:
                bench_cli(texts, args.cli_docs, Path(tmp))
            if "memory" in only:
                sizes = [float(s) for s in args.memory_mb.split(",")]
                jobs = [int(j) for j in args.memory_jobs.split(",")]
                bench_memory(texts, sizes, jobs, Path(tmp))


if __name__ == "__main__":
    main()
