"""The development corpora in ../shared/bench, read the same way by every benchmark.

Each corpus is a list of `Page`s: an id, a site, the inputs it offers (name -> format and a
loader) and its truth. Loaders read lazily, so a worker process reads only its own pages.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"

# Input name -> the format cleaner is told it is.
FORMATS = {"recall": "text", "full": "markdown", "html": "html"}


@dataclass(frozen=True)
class Page:
    corpus: str
    id: str
    site: str
    paths: dict[str, Path]  # input name -> file
    truth: dict[str, Any] = field(hash=False)

    def read_bytes(self, name: str) -> bytes:
        path = self.paths[name]
        data = path.read_bytes()
        return gzip.decompress(data) if path.suffix == ".gz" else data

    def read(self, name: str) -> str:
        return self.read_bytes(name).decode("utf-8", "replace")


def _host(url: str) -> str:
    host = url.split("//", 1)[-1].split("/", 1)[0].lower()
    return host.removeprefix("www.")


def _page_inputs(root: Path, page: str) -> dict[str, Path]:
    """news-dev's and gn1-dev's three inputs of a page, each in its own folder."""
    return {
        "recall": root / "recall" / f"{page}.txt",
        "full": root / "full" / f"{page}.md",
        "html": root / "html" / f"{page}.html.gz",
    }


def news_dev(root: Path) -> list[Page]:
    """98 news pages; truth: the human-written ``articleBody``."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            "news-dev",
            page,
            _host(item["url"]),
            _page_inputs(root, page),
            {"body": item["articleBody"], "url": item["url"]},
        )
        for page, item in sorted(truth.items())
    ]


def gn1_dev(root: Path) -> list[Page]:
    """282 L3S-GN1 pages; truth: body, headline, supplemental, related, comments."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return [
        Page("gn1-dev", page, _host(item["url"]), _page_inputs(root, page), item)
        for page, item in sorted(truth.items())
    ]


def trafilatura_dev(root: Path) -> list[Page]:
    """490 pages with must-keep (``with``) and must-drop (``without``) snippets."""
    cases = json.loads((root / "cases.json").read_text(encoding="utf-8"))
    return [
        Page(
            "trafilatura-dev",
            page,
            _host(item["url"]),
            {"recall": root / "recall" / f"{page}.txt", "html": root / "html" / f"{page}.html.gz"},
            item,
        )
        for page, item in sorted(cases.items())
    ]


def dragnet_dev(root: Path) -> list[Page]:
    """695 pages of 230 sites, one folder a site; truth: the body before the comments."""
    truth = json.loads((root / "truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            "dragnet-dev",
            page,
            item["site"],
            {
                "recall": root / "sites" / item["site"] / f"{page}.txt",
                "full": root / "sites" / item["site"] / f"{page}.md.gz",
                "html": root / "html" / f"{page}.html.gz",
            },
            item,
        )
        for page, item in sorted(truth.items())
    ]


CORPORA = {
    "news-dev": news_dev,
    "gn1-dev": gn1_dev,
    "trafilatura-dev": trafilatura_dev,
    "dragnet-dev": dragnet_dev,
}


def load(name: str, bench: Path = BENCH) -> list[Page]:
    return CORPORA[name](bench / name)
