"""How close a body is to a human-written one: the article-extraction-benchmark's metric.

Tokens are ``\\w+`` matches; each text is a multiset of 4-token shingles. Per page,
precision = TP/(TP+FP) and recall = TP/(TP+FN) (1 when FP = FN = 0, 0 when one side is
empty); the reported precision and recall are means over pages and F1 is computed from
those two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(len(tokens) - n + 1, 0)))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    has_prediction: bool = True  # the prediction has a shingle
    has_truth: bool = True  # the truth has a shingle

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(prediction: str, truth: str) -> Score:
    """Shingle precision and recall of one page.

    >>> score_page("a b c d e", "a b c d e").f1
    1.0
    >>> score_page("", "a b c d").f1
    0.0
    >>> round(score_page("a b c d e f", "a b c d").precision, 2)
    0.33
    """
    pred, true = shingles(prediction), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    if fp == fn == 0:
        return Score(1.0, 1.0, bool(pred), bool(true))
    precision = tp / (tp + fp) if pred else 0.0
    recall = tp / (tp + fn) if true else 0.0
    return Score(precision, recall, bool(pred), bool(true))


def mean_score(scores: Iterable[Score], skip_empty: bool = False) -> Score:
    """Means over pages. With ``skip_empty`` (the L3S-GN1 and Dragnet convention) precision
    is averaged over the pages whose prediction has a shingle and recall over those whose
    truth has one; otherwise an empty side counts 0 (the news benchmark's convention).

    >>> pages = [Score(1.0, 0.5), Score(0.0, 0.0, has_prediction=False)]
    >>> mean_score(pages), mean_score(pages, skip_empty=True)
    (Score(precision=0.5, recall=0.25, ...), Score(precision=1.0, recall=0.25, ...))
    """
    scores = list(scores)
    p = [s.precision for s in scores if s.has_prediction or not skip_empty]
    r = [s.recall for s in scores if s.has_truth or not skip_empty]
    return Score(sum(p) / len(p) if p else 0.0, sum(r) / len(r) if r else 0.0)


def shared_share(part: str, whole: str, exclude: str = "") -> tuple[int, int]:
    """(shingles of ``part`` found in ``whole``, shingles of ``part``), leaving out shingles
    that ``exclude`` also holds: how much of a labelled category ended up in an output.

    >>> shared_share("a b c d e", "x a b c d y")
    (1, 2)
    """
    mine = shingles(part) - shingles(exclude) if exclude else shingles(part)
    return sum((mine & shingles(whole)).values()), sum(mine.values())
