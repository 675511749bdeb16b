"""Site furniture learned across a site's pages: what recurs on enough of them goes.

A site repeats its furniture on every page (menus, footers, an "About us" blurb, a
newsletter box), and a page alone cannot always tell it from the article. Across the
site's pages it can: a first pass learns, per site, on how many pages each block recurs;
the second cleans each page with that knowledge (`mark`, called after the rules, before
the heuristics, so a block taken here counts against the article's core as a rule's does).

Deterministic and bounded. A block is known by an 8-byte BLAKE2b hash of its normalised
words (links are already undone by markup; numbers, month and day names folded; case and
spaces folded), never by its text. A site's counts are of distinct pages, summed, so the
order of the pages, the number of processes and the run change nothing. A site learns from
at most `SAMPLE_PAGES` pages: those whose content hash is smallest, which is the same set
whatever the order, so memory is bounded per site however many pages it has.

>>> profiles = SiteProfiles.learn(
...     ("example.org", f"Story {n}: the council met.\\n\\nSign up for our weekly letter")
...     for n in range(6))
>>> profiles["example.org"].pages, len(profiles["example.org"].counts)
(6, 2)
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cleaner.model import BODY, BOILERPLATE, Block, Document

if TYPE_CHECKING:
    from cleaner.pipeline import Cleaner

CATEGORY = "site_boilerplate"
STAGE = "sites"
BY = ("folder", "url")  # how documents are grouped into sites

# A site with fewer pages learns nothing: with 4 pages a block on 3 of them could be a
# story series' shared paragraph as easily as furniture, and one odd page moves a share by
# a quarter. From 5 pages on, a block on most of them is the site's, not a story's.
MIN_PAGES = 5
# A block is furniture when it is on at least this share of the site's pages (and on at
# least MIN_REPEAT of them) ...
MIN_SHARE = 0.4
MIN_REPEAT = 3
# ... and prose (a sentence-like block) only when it is on at least this share, and does
# not sit between two article paragraphs the site does not repeat: a standing note on
# some pages, or a quote a story series shares, is the article's; an "About us" blurb on
# every page is the site's.
PROSE_SHARE = 0.7
PROSE_WORDS = 8  # a block this long that ends like a sentence reads as prose
SAMPLE_PAGES = 1000  # pages a site learns from at most (the same ones whatever the order)
PAGE_BLOCKS = 2000  # blocks hashed at each end of a page at most (a page of 100,000 lines)
KEY_BYTES = 8

_DIGITS = re.compile(r"\d")
# English month and day names, as dates print them: folded like numbers.
_DATE_NAMES = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm"
)
_DATE_WORDS = frozenset(_DATE_NAMES.split())
_TERMINAL = frozenset(".!?…。！？\"”’')")


def normalise(words: Iterable[str]) -> str:
    """A block's words, numbers and date words folded, one space between: what is compared.

    >>> normalise(["posted", "on", "march", "3", "2024", "at", "10", "30"])
    'posted on 0 0 0 at 0 0'
    """
    return " ".join("0" if w in _DATE_WORDS or _DIGITS.search(w) else w for w in words)


def block_key(block: Block) -> int | None:
    """The hash of a block's normalised words; None for a block without words."""
    if not block.words:
        return None
    digest = hashlib.blake2b(normalise(block.words).encode(), digest_size=KEY_BYTES).digest()
    return int.from_bytes(digest, "big")


def page_keys(blocks: list[Block]) -> array[int]:
    """The distinct block hashes of a page, sorted (the first and last PAGE_BLOCKS blocks)."""
    ends = (
        blocks if len(blocks) <= 2 * PAGE_BLOCKS else blocks[:PAGE_BLOCKS] + blocks[-PAGE_BLOCKS:]
    )
    keys = {key for key in map(block_key, ends) if key is not None}
    return array("Q", sorted(keys))


def host(url: str) -> str | None:
    """The site of a URL: its host, lower case, without ``www.``.

    >>> host("https://WWW.Example.com:8080/a/b?c"), host("not a url")
    ('example.com', None)
    """
    try:
        name = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not name or "." not in name:
        return None
    return name.removeprefix("www.")


def folder_site(relative: Path) -> str | None:
    """The site of a file found in an input folder: its immediate subfolder (None for a
    file that sits in the input folder itself, or was named on its own)."""
    return relative.parts[0] if len(relative.parts) > 1 else None


def record_site(record: dict[str, Any], by: str, file_site: str | None) -> str | None:
    """The site of a JSON Lines record: its file's folder, or the host of its ``url``."""
    if by == "folder":
        return file_site
    url = record.get("url")
    return host(url) if isinstance(url, str) else None


# --- Profiles -------------------------------------------------------------------------------


@dataclass
class SiteProfile:
    """What a site repeats: block hash -> number of pages it is on, for the blocks on
    enough pages to count (`threshold`)."""

    site: str
    pages: int  # pages learned from
    counts: dict[int, int] = field(default_factory=dict)
    seen: int = 0  # pages of the site met (more than ``pages`` past SAMPLE_PAGES)

    @property
    def learned(self) -> bool:
        return self.pages >= MIN_PAGES

    def threshold(self, share: float | None = None) -> int:
        """Pages a block must be on to count as the site's, at the given share (by
        default MIN_SHARE)."""
        share = MIN_SHARE if share is None else share
        return max(MIN_REPEAT, math.ceil(share * self.pages - 1e-9))

    def to_json(self, samples: dict[int, str] | None = None) -> dict[str, Any]:
        lines = {f"{key:016x}": count for key, count in sorted(self.counts.items())}
        data: dict[str, Any] = {
            "site": self.site,
            "pages": self.pages,
            "seen": self.seen,
            "min_pages": MIN_PAGES,
            "lines": lines,
        }
        if samples:
            data["samples"] = {f"{k:016x}": samples[k] for k in sorted(samples) if k in self.counts}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteProfile:
        counts = {int(key, 16): int(count) for key, count in data["lines"].items()}
        return cls(str(data["site"]), int(data["pages"]), counts, int(data.get("seen", 0)))


class Learner:
    """Accumulates pages, in any order, into profiles. Per site it keeps the SAMPLE_PAGES
    pages with the smallest content hash (a heap), so what is learned does not depend on
    the order and memory is bounded per site."""

    def __init__(self, sample: int | None = None) -> None:
        self.sample = sample or SAMPLE_PAGES
        self._pages: dict[str, list[tuple[int, bytes]]] = {}  # site -> heap of (-id, keys)
        self._seen: Counter[str] = Counter()

    @staticmethod
    def page_id(keys: array[int]) -> int:
        """A page's place in its site's sample: a hash of its block hashes."""
        return int.from_bytes(hashlib.blake2b(keys.tobytes(), digest_size=8).digest(), "big")

    def add(self, site: str | None, keys: array[int]) -> None:
        if not site:
            return
        data = keys.tobytes()
        page_id = self.page_id(keys)
        heap = self._pages.setdefault(site, [])
        self._seen[site] += 1
        entry = (-page_id, data)  # a max-heap on the id: the largest goes first
        if len(heap) < self.sample:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)

    def profiles(self, by: str) -> SiteProfiles:
        result = {}
        for site, heap in sorted(self._pages.items()):
            counts: Counter[int] = Counter()
            for _, data in heap:
                keys = array("Q")
                keys.frombytes(data)
                counts.update(keys)
            profile = SiteProfile(site, len(heap), seen=self._seen[site])
            least = profile.threshold()
            if profile.learned:
                profile.counts = {k: n for k, n in sorted(counts.items()) if n >= least}
            result[site] = profile
        return SiteProfiles(result, by)


@dataclass
class SiteProfiles:
    """Every site's profile, and how documents are grouped into sites (``by``: "folder",
    the name given with each document, or "url", the host of its URL when none is given)."""

    sites: dict[str, SiteProfile] = field(default_factory=dict)
    by: str = "folder"

    def __getitem__(self, site: str) -> SiteProfile:
        return self.sites[site]

    def get(self, site: str | None) -> SiteProfile | None:
        return self.sites.get(site) if site else None

    @classmethod
    def learn(
        cls,
        docs: Iterable[tuple[str | None, str | bytes] | tuple[str | None, str | bytes, str | None]],
        cleaner: Cleaner | None = None,
        by: str = "folder",
    ) -> SiteProfiles:
        """Profiles from ``(site, text)`` or ``(site, text, format)`` pairs, in any order.
        With ``by="url"``, a None site is the host of the URL found in the document."""
        from cleaner.pipeline import default_cleaner

        cleaner = cleaner or default_cleaner()
        learner = Learner()
        for doc in docs:
            site, data = doc[0], doc[1]
            fmt = doc[2] if len(doc) > 2 else None  # type: ignore[misc]
            learner.add(*read_page(cleaner, data, fmt, site, by))
        return learner.profiles(by)

    def digest(self) -> str:
        """A hash of what was learned: outputs cleaned with other profiles are not up to date
        (cleaner.records)."""
        data = {"by": self.by, "sites": {s: p.to_json() for s, p in sorted(self.sites.items())}}
        text = json.dumps(data, sort_keys=True)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def save(self, folder: Path, samples: dict[str, dict[int, str]] | None = None) -> list[Path]:
        """One JSON file per site (``SITE.json``) in ``folder``; returns the paths."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for site, profile in sorted(self.sites.items()):
            path = folder / f"{_file_name(site)}.json"
            data = {"by": self.by, **profile.to_json((samples or {}).get(site))}
            path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
            written.append(path)
        return written

    @classmethod
    def load(cls, folder: Path) -> SiteProfiles:
        """The profiles `save` wrote; raises ValueError naming a file that is not one."""
        sites, by = {}, None
        for path in sorted(folder.glob("*.json")):
            try:
                data = json.loads(path.read_text("utf-8"))
                profile = SiteProfile.from_json(data)
                file_by = data.get("by", "folder")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}: not a site profile: {exc}") from None
            if by is not None and file_by != by:
                raise ValueError(f"{path}: grouped by {file_by}, the others by {by}")
            by = file_by
            sites[profile.site] = profile
        return cls(sites, by or "folder")


def _file_name(site: str) -> str:
    return re.sub(r"[^\w.-]", "-", site) or "-"


# --- The learning pass ----------------------------------------------------------------------


def read_page(
    cleaner: Cleaner, data: str | bytes, fmt: str | None, site: str | None, by: str
) -> tuple[str | None, array[int]]:
    """The site of a document and its block hashes: the pipeline up to the blocks (through
    the rules when the site must come from a URL found in the text)."""
    from cleaner.pipeline import STAGES

    doc = Document(data=data, format=fmt)
    for name, stage in STAGES:
        stage(doc, cleaner)
        if name == "segment" and (site or by != "url" or doc.meta.get("url")):
            break
        if name == "rules":
            break
    if not site and by == "url":
        site = host(doc.meta.get("url", ""))
    return site, page_keys(doc.blocks)


# --- The cleaning pass ----------------------------------------------------------------------


def _prose(block: Block) -> bool:
    return len(block.words) >= PROSE_WORDS and block.text.rstrip()[-1:] in _TERMINAL


def _between_article(blocks: list[Block], i: int, recurring: set[int]) -> bool:
    """Whether the nearest open blocks on both sides that the site does not repeat are
    prose: the block stands inside an article, not among furniture."""

    def nearest(step: int) -> bool:
        j = i + step
        while 0 <= j < len(blocks):
            if blocks[j].is_open and j not in recurring:
                return _prose(blocks[j])
            j += step
        return False

    return nearest(-1) and nearest(1)


def mark(
    doc: Document, profiles: SiteProfiles, for_rules: Callable[[Block], bool] | None = None
) -> None:
    """Label the open blocks the document's site repeats on enough of its pages as
    ``site_boilerplate``. Short, link-like or heading blocks go at MIN_SHARE; prose only at
    PROSE_SHARE, and not when it stands between article paragraphs; a block ``for_rules``
    keeps for a rule stays too. When nothing open would be left, nothing goes: site
    learning never empties a page by itself."""
    site = doc.site or (host(doc.meta.get("url", "")) if profiles.by == "url" else None)
    profile = profiles.get(site)
    if profile is None or not profile.learned or not profile.counts:
        return
    seen: dict[int, int] = {}
    for block in doc.blocks:
        if block.is_open:
            key = block_key(block)
            count = profile.counts.get(key, 0) if key is not None else 0
            if count:
                seen[block.index] = count
    if not seen:
        return
    prose_least, recurring = profile.threshold(PROSE_SHARE), set(seen)
    chosen = []
    for index, count in seen.items():
        block = doc.blocks[index]
        if for_rules is not None and for_rules(block):
            continue
        if _prose(block) and (
            count < prose_least or _between_article(doc.blocks, index, recurring)
        ):
            block.scores["site_pages"] = count  # left to the heuristics
            continue
        chosen.append((block, count))
    if not chosen or all(b.index in seen for b in doc.blocks if b.is_open):
        return
    for block, count in chosen:
        block.mark(BOILERPLATE, CATEGORY, f"site:{site}", STAGE)
        block.scores["why"] = f"on {count} of {profile.pages} pages of {site}"


def removed_any(doc: Document) -> bool:
    return any(b.category == CATEGORY and b.label != BODY for b in doc.blocks)
