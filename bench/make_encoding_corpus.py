"""Copy a small, clean selection of news-dev article bodies into tests/data/encoding/news-dev/.

The encoding tests damage these texts and check that cleaning restores them, so they must be
clean to begin with: no character that the repair stage would change. A body qualifies when
it has none of those characters; it is cut at a paragraph boundary to keep the corpus small.

    python bench/make_encoding_corpus.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "data" / "encoding" / "news-dev"
MAX_CHARS = 1500
ENGLISH = 20  # English bodies, those with the most non-ASCII characters (quotes, dashes)
# Characters a clean original must not hold: what the repair stage turns into something else.
_NOT_CLEAN = re.compile(
    "[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00a0\u00ad\u2000-\u200f\u2028\u2029\u202f"
    "\u205f\u2060\ufeff\ufffd]|&#?\\w+;"
)


def trimmed(body: str) -> str:
    """The body's first paragraphs, up to MAX_CHARS (at least one paragraph)."""
    kept: list[str] = []
    for para in body.strip().split("\n"):
        if kept and len("\n".join([*kept, para])) > MAX_CHARS:
            break
        kept.append(para)
    return "\n".join(kept).strip() + "\n"


def is_clean(text: str) -> bool:
    return not _NOT_CLEAN.search(text) and unicodedata.is_normalized("NFC", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    truth = json.loads((args.shared / "bench/news-dev/ground-truth.json").read_text("utf-8"))
    bodies = {key: trimmed(v["articleBody"]) for key, v in sorted(truth.items())}
    bodies = {key: body for key, body in bodies.items() if is_clean(body)}
    non_ascii = {key: sum(ord(c) > 127 for c in body) for key, body in bodies.items()}
    foreign = [key for key in bodies if non_ascii[key] > 0.02 * len(bodies[key])]
    english = sorted(
        (key for key in bodies if key not in foreign), key=lambda k: (-non_ascii[k], k)
    )[:ENGLISH]
    TARGET.mkdir(parents=True, exist_ok=True)
    for old in TARGET.glob("*.txt"):
        old.unlink()
    for key in sorted(english + foreign):
        (TARGET / f"{key[:12]}.txt").write_text(bodies[key], encoding="utf-8")
    print(f"{len(english)} English and {len(foreign)} other bodies written to {TARGET}")


if __name__ == "__main__":
    main()
