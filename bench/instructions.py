"""The fast HTML engine's work on a few news-dev pages, counted in instructions: a figure that
the machine's load does not move (CPU times on a shared 2-core machine swing by a third).

    valgrind --tool=callgrind --toggle-collect='ffi_call*' --callgrind-out-file=OUT \\
        python -m bench.instructions [--pages 30] [--what extract|clean]
    callgrind_annotate OUT | head -40

The pages are read and cleaned once first (packs, the screen's automaton, the class-word
caches: per-process work); the measured pass runs inside a ctypes callback, so that
``--toggle-collect='ffi_call*'`` counts it alone ("Collected" in valgrind's summary). To
compare two checkouts, run each with its own ``PYTHONPATH``. Under valgrind the start-up
(packs, RE2) takes minutes; ``--what extract`` skips it.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
from pathlib import Path

from bench.corpora import BENCH


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=30, help="pages, spread over the corpus")
    parser.add_argument("--what", choices=("extract", "clean"), default="extract")
    parser.add_argument("--data", type=Path, default=BENCH / "news-dev")
    args = parser.parse_args()
    paths = sorted((args.data / "html").glob("*.html.gz"))
    pages = [gzip.decompress(p.read_bytes()) for p in paths[:: max(1, len(paths) // args.pages)]]
    pages = pages[: args.pages]
    if args.what == "extract":
        from cleaner.html_fast import extract

        def run(page: bytes) -> object:
            return extract(page)
    else:
        from cleaner import Cleaner

        cleaner = Cleaner(html_engine="fast")

        def run(page: bytes) -> object:
            return cleaner.clean(page, format="html")

    for page in pages:
        run(page)

    def measured() -> int:
        for page in pages:
            run(page)
        return 0

    ctypes.CFUNCTYPE(ctypes.c_int)(measured)()
    print(f"{len(pages)} pages, {args.what}: the count is valgrind's 'Collected'")


if __name__ == "__main__":
    main()
