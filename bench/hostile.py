"""Time `clean` on hostile documents: huge, deep, broken, binary. Prints one table.

    python -m bench.hostile [--only NAME ...]

Each case runs once in this process after a warm-up; times are wall-clock seconds on
whatever machine runs it (the suite asserts outcomes, never times).
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Callable

from cleaner import Cleaner
from cleaner.errors import InputError

SENTENCE = "The council voted on Monday to keep the public library open for another year. "
TINY = ("a", "bb", "ccc", "1", "--", "ok", "x y")
P = "<p>" + SENTENCE * 3 + "</p>"

# name -> (format or None, make the input)
CASES: dict[str, tuple[str | None, Callable[[], str | bytes]]] = {
    "20 MB single line": (None, lambda: SENTENCE * (20_000_000 // len(SENTENCE))),
    "20 MB of one character": (None, lambda: "x" * 20_000_000),
    "100,000 tiny lines": (
        None,
        lambda: "\n".join(TINY[i % 7] + TINY[i % 5] for i in range(10**5)),
    ),
    "100,000 identical lines": (None, lambda: "\n".join([SENTENCE.strip()] * 100_000)),
    "100,000 paragraphs (7.9 MB)": (None, lambda: "\n\n".join([SENTENCE * 1] * 100_000)),
    "10,000 levels of >": ("markdown", lambda: "> " * 10_000 + "deep"),
    "1,000 nested list levels": (
        "markdown",
        lambda: "\n".join("  " * i + "- x" for i in range(1000)),
    ),
    "'[' x 100,000": ("markdown", lambda: "[" * 100_000),
    "'[a](' x 25,000": ("markdown", lambda: "[a](" * 25_000),
    "'**a ' x 25,000": ("markdown", lambda: "**a " * 25_000),
    "'<http://x' x 10,000": ("markdown", lambda: "<http://x" * 10_000),
    "'# a' + 100,000 spaces": ("markdown", lambda: "# a" + " " * 100_000 + "b"),
    "HTML nested 5,000 deep": ("html", lambda: "<div>" * 5_000 + P + "</div>" * 5_000),
    "HTML: 5 MB of paragraphs": ("html", lambda: "<html><body>" + P * 20_000 + "</body></html>"),
    "HTML: 45,000 adjacent <b>": ("html", lambda: "<p>" + "<b>x</b> " * 45_000 + "</p>"),
    "not HTML (3 closing tags)": (None, lambda: "Use </p>, </div> or </span>.\n\n" + SENTENCE),
    "binary (gzip bytes)": (None, lambda: gzip.compress(SENTENCE.encode() * 1000)),
    "1 MB of NUL bytes": (None, lambda: b"\x00" * 1_000_000),
    "UTF-16 LE, no BOM, 2 MB": (None, lambda: (SENTENCE * 13_000).encode("utf-16-le")),
}


def run(name: str, cleaner: Cleaner) -> str:
    fmt, make = CASES[name]
    data = make()
    started = time.perf_counter()
    try:
        result = cleaner.clean(data, fmt)
        outcome = f"body {len(result.body):,} chars, {result.stats['blocks']:,} blocks"
        if result.stats["warnings"]:
            outcome += f"; warning: {result.stats['warnings'][0][:50]}"
    except InputError as exc:
        outcome = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    return f"| {name} | {len(data):,} | {seconds:.2f} | {outcome} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CASES), default=sorted(CASES))
    args = parser.parse_args()
    cleaner = Cleaner()
    cleaner.clean(SENTENCE)  # load rules and stop-word lists before timing
    print("| case | input size | seconds | outcome |\n|---|---|---|---|")
    for name in CASES:
        if name in args.only:
            print(run(name, cleaner), flush=True)


if __name__ == "__main__":
    main()
