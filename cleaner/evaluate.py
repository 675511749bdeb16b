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
        return Score(1.0, 1.0)
    precision = tp / (tp + fp) if pred else 0.0
    recall = tp / (tp + fn) if true else 0.0
    return Score(precision, recall)


def mean_score(scores: Iterable[Score]) -> Score:
    scores = list(scores)
    return Score(
        sum(s.precision for s in scores) / len(scores), sum(s.recall for s in scores) / len(scores)
    )
