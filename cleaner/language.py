"""Which language a document is in, judged by stop words, and that language's stop words.

The lists are jusText's (about 100 languages), read once per process.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import justext

_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: length is measured in characters there.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
UNSPACED_SHARE = 0.3  # share of letters from unspaced scripts that marks a document as such
DETECT_TOKENS = 400  # tokens read to detect the language
MIN_HITS = 5  # fewer stop-word hits than this: language unknown
_ALIASES = {"Simple_English"}  # a copy of English that would split its votes
_MAJOR = frozenset(
    [
        "English",
        "Spanish",
        "Portuguese",
        "French",
        "German",
        "Italian",
        "Russian",
        "Dutch",
        "Polish",
        "Turkish",
        "Korean",
        "Arabic",
        "Indonesian",
        "Ukrainian",
        "Swedish",
        "Czech",
        "Romanian",
        "Greek",
        "Hindi",
        "Vietnamese",
        "Persian",
    ]
)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """Stop word -> languages that list it."""
    by_word: dict[str, list[str]] = {}
    for language in sorted(justext.get_stoplists() - _ALIASES):
        for word in justext.get_stoplist(language):
            by_word.setdefault(word, []).append(language)
    return {word: tuple(langs) for word, langs in by_word.items()}


@lru_cache(maxsize=128)
def stopwords(language: str) -> frozenset[str]:
    return frozenset(justext.get_stoplist(language)) if language else frozenset()


def is_unspaced(text: str) -> bool:
    letters = sum(ch.isalpha() for ch in text[:5000])
    return letters > 0 and len(_UNSPACED.findall(text[:5000])) >= UNSPACED_SHARE * letters


def _tokens(text: str) -> Iterator[str]:
    """Lower-cased words, read lazily: detection looks at the first few hundred only.
    Lowering can split a word ("İ" gains a combining dot), hence the second findall."""
    for match in _WORD.finditer(text):
        yield from _WORD.findall(match.group(0).lower())


def detect(text: str) -> str:
    """The jusText language name with most stop-word hits, or "" when unsure.

    >>> detect("The minister said that the talks would go on for as long as they had to.")
    'English'
    """
    index = _index()
    votes: Counter[str] = Counter()
    for token in itertools.islice(_tokens(text), DETECT_TOKENS):
        votes.update(index.get(token, ()))
    if not votes:
        return ""
    # Neighbours tie often (Portuguese and Galician share most stop words): a widely
    # published language wins a tie.
    language, count = max(votes.items(), key=lambda kv: (kv[1] + 0.5 * (kv[0] in _MAJOR), kv[0]))
    return language if count >= MIN_HITS else ""
