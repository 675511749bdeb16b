"""Speed of the repair stage against plain ``ftfy.fix_text``, on the news-dev scraper texts.

    python bench/repair_speed.py [--shared ../shared] [--repeat 5]

Both are timed in the same run, on the same texts (best of --repeat passes). Then outputs are
compared: our ftfy adapter must give exactly what ``ftfy.fix_text(text, FTFY_CONFIG)`` gives,
and our whole repair stage what plain ftfy gives once ftfy's fixes that change correct text
(curly quotes, full-width forms, ligatures) are turned off and our whitespace fixes applied.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # registers sloppy-windows-1252

from cleaner.repair import FTFY_CONFIG, fix_mojibake, fixes_for, repair_text

ROOT = Path(__file__).resolve().parent.parent
# ftfy's fixes we leave off on purpose: they change correct text.
NOT_OURS = ("uncurl_quotes", "fix_character_width", "fix_latin_ligatures")
# Our fixes that ftfy does not make (it keeps no-break and zero-width spaces).
OURS_ONLY = ("odd_spaces", "zero_width", "soft_hyphens")


def best_time(func: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def ours_only(text: str) -> str:
    return repair_text(text, tuple(f for f in fixes_for("text") if f[0] in OURS_ONLY))[0]


def ftfy_as_we_apply_it(text: str) -> str:
    return ours_only(ftfy.fix_text(text, **{name: False for name in NOT_OURS}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = sorted((args.shared / "bench/news-dev/recall").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no scraper texts under {args.shared}/bench/news-dev/recall")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(map(len, texts))

    def ours(text: str) -> str:
        return repair_text(text)[0]

    def ftfy_same_config(text: str) -> str:
        return ftfy.fix_text(text, FTFY_CONFIG)

    timings = {
        "ftfy.fix_text (defaults)": best_time(ftfy.fix_text, texts, args.repeat),
        "ftfy.fix_text (our FTFY_CONFIG, no gate)": best_time(ftfy_same_config, texts, args.repeat),
        "cleaner repair stage (all fixes)": best_time(ours, texts, args.repeat),
    }
    print(f"{len(texts)} scraper texts, {chars:,} characters, best of {args.repeat} passes\n")
    print(f"| {'what':<42} | {'ms':>7} | {'MB/s':>6} |")
    print(f"|{'-' * 44}|--------:|-------:|")
    for name, seconds in timings.items():
        print(f"| {name:<42} | {seconds * 1000:7.1f} | {chars / seconds / 1e6:6.1f} |")
    base = timings["ftfy.fix_text (defaults)"]
    ratio = base / timings["cleaner repair stage (all fixes)"]
    print(f"\nspeed ratio, ftfy.fix_text / repair stage: {ratio:.1f}x")
    # The other end: every text broken (UTF-8 read as Windows-1252), so every line is repaired.
    broken = [t.encode("utf-8").decode("sloppy-windows-1252") for t in texts]
    slow = best_time(ftfy.fix_text, broken, args.repeat) / best_time(ours, broken, args.repeat)
    print(f"same texts as mojibake (all broken): ftfy.fix_text / repair stage: {slow:.1f}x")

    adapter_same = sum(fix_mojibake(t) == ftfy_same_config(t) for t in texts)
    print(f"ftfy adapter output == ftfy.fix_text(text, FTFY_CONFIG): {adapter_same}/{len(texts)}")
    stage_same = sum(ours(t) == ftfy_as_we_apply_it(t) for t in texts)
    print(
        "repair stage output == ftfy.fix_text without "
        f"{', '.join(NOT_OURS)}, plus {', '.join(OURS_ONLY)}: {stage_same}/{len(texts)}"
    )
    differs = Counter[str]()
    for text in texts:
        if ftfy.fix_text(text) != ftfy_as_we_apply_it(text):
            for name in NOT_OURS:
                if ftfy.fix_text(text, **{name: False}) != ftfy.fix_text(text):
                    differs[name] += 1
    print(
        "texts where plain ftfy.fix_text changes correct text we keep: "
        + (", ".join(f"{name} {n}" for name, n in differs.items()) or "none")
    )


if __name__ == "__main__":
    main()
