"""Heuristics for what no rule names, in the manner of jusText.

Each open block gets measured features (length, stop-word density, link density, terminal
punctuation, position, repetition). Classification runs in two visible passes: a
context-free class from the features alone, then a revision of the uncertain blocks by
their neighbours. Both classes stay on the block (``scores``) for ``cleaner explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner import language
from cleaner.model import BODY, BOILERPLATE, META, Block, Document

STAGE = "heuristics"
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
_TERMINAL = re.compile(r"[.!?…。！？」』\"”’')\]]\s*$")
_TITLE_END = re.compile(r"[.,;:]$")  # a headline does not end like a sentence or a clause


@dataclass(frozen=True)
class Thresholds:
    """Named thresholds; lengths are in characters (words would fail unspaced scripts)."""

    short_chars: int = 40  # below: too short to judge alone, neighbours decide
    long_chars: int = 150  # above: long enough to be body on its own words
    stop_low: float = 0.20  # stop-word share of body-like prose ...
    stop_high: float = 0.30  # ... and of prose beyond doubt
    max_link_density: float = 0.5  # more of the text inside links than this: a link list
    title_max_words: int = 25  # a longer first block is a paragraph, not a headline
    title_head_blocks: int = 3  # the headline is among the first open blocks


GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"
CATEGORIES = ("title", "repeated", "link_list", "low_text")  # what heuristics label blocks as


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def measure(block: Block, stops: frozenset[str], unspaced: bool) -> dict[str, float]:
    text = block.text
    words = _WORD.findall(text.lower())
    length = len(text) * (2 if unspaced else 1)  # one CJK character carries about a word's worth
    return {
        "chars": float(length),
        "words": float(len(words)),
        "stop_density": (sum(w in stops for w in words) / len(words)) if words and stops else -1.0,
        "link_density": block.link_chars / len(text) if text else 0.0,
        "terminal": float(bool(_TERMINAL.search(text))),
        "letters": float(len(_LETTER.findall(text))),
    }


def classify(scores: dict[str, float], t: Thresholds) -> str:
    """Context-free class from a block's own features."""
    if scores["letters"] == 0 or scores["link_density"] > t.max_link_density:
        return BAD
    if scores["chars"] < t.short_chars:
        return SHORT
    stop = scores["stop_density"]
    if stop < 0:  # no stop list for this language: length and punctuation must do
        return GOOD if scores["chars"] >= t.long_chars and scores["terminal"] else NEAR
    if scores["chars"] >= t.long_chars and stop >= t.stop_high:
        return GOOD
    return NEAR if stop >= t.stop_low or scores["terminal"] else SHORT


def _anchor(blocks: list[Block], classes: list[str], start: int, step: int) -> str:
    """The nearest decided neighbour: good or bad. Rule-removed blocks and the document's
    edges count as bad."""
    i = start + step
    while 0 <= i < len(blocks):
        if blocks[i].label != BODY:
            return BAD
        if classes[i] in (GOOD, BAD):
            return classes[i]
        i += step
    return BAD


def revise(blocks: list[Block], classes: list[str]) -> list[str]:
    """Second pass: uncertain blocks take the class their neighbours agree on."""
    if GOOD not in classes:  # nothing to anchor on: keep what is not plainly bad
        return [BAD if c == BAD else GOOD for c in classes]
    revised = list(classes)
    for i, cls in enumerate(classes):
        if cls not in (SHORT, NEAR) or blocks[i].label != BODY:
            continue
        before, after = _anchor(blocks, classes, i, -1), _anchor(blocks, classes, i, 1)
        if before == after == BAD:
            revised[i] = BAD
        else:
            revised[i] = GOOD
    return revised


def _mark(block: Block, label: str, category: str, name: str) -> None:
    block.mark(label, category, f"heuristic:{name}", STAGE)


def find_title(doc: Document, t: Thresholds) -> None:
    """The headline: a known title (from HTML metadata) where it stands in the head, or
    else the first open block when it is shaped like a headline."""
    head = [b for b in doc.blocks if b.is_open][: t.title_head_blocks]
    known = _key(doc.meta.get("title", ""))
    if known:
        for block in head:
            key = _key(block.text)
            if key and (known == key or known.startswith(key + " ") or known.endswith(" " + key)):
                _mark(block, META, "title", "known_title")
                return
        return
    if not head:
        return
    first = head[0]
    words = len(_WORD.findall(first.text))
    headline_shaped = (first.kind == "heading" and first.level <= 2) or (
        first.kind == "paragraph"
        and 2 <= words <= t.title_max_words
        and not _TITLE_END.search(first.text)
    )
    if headline_shaped and first is not doc.blocks[-1]:
        doc.set_meta("title", first.text)
        _mark(first, META, "title", "headline")


def drop_repeats(doc: Document) -> None:
    """A block that says again what an earlier block said (the headline repeated in the
    text, a line duplicated by the scraper) goes; the first one stays."""
    seen = {_key(doc.meta.get("title", ""))} - {""}
    for block in doc.blocks:
        key = _key(block.text)
        if not key:
            continue
        if block.is_open and key in seen:
            _mark(block, BOILERPLATE, "repeated", "repeated")
        seen.add(key)


def heuristics(doc: Document, t: Thresholds | None = None) -> None:
    """Stage: title, repetition, then the two classification passes over open blocks."""
    t = t or Thresholds()
    find_title(doc, t)
    drop_repeats(doc)
    body_text = "\n".join(b.text for b in doc.blocks if b.is_open)
    doc.language = language.detect(body_text)
    stops = language.stopwords(doc.language)
    unspaced = language.is_unspaced(body_text)
    blocks = doc.blocks
    classes: list[str] = []
    for block in blocks:
        if block.label != BODY:
            classes.append(BAD)
            continue
        block.scores = measure(block, stops, unspaced)
        classes.append(classify(block.scores, t))
    final = revise(blocks, classes)
    for block, first, second in zip(blocks, classes, final, strict=True):
        if not block.is_open:
            continue
        block.scores["pass1"] = first  # kept for explain
        block.scores["pass2"] = second
        if second == BAD:
            category = (
                "link_list" if block.scores["link_density"] > t.max_link_density else "low_text"
            )
            _mark(block, BOILERPLATE, category, first if first == BAD else "neighbours")
