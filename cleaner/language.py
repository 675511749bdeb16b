"""Which language a document is in, judged by stop words, and that language's stop words.

The lists are jusText's (about 100 languages), read once per process from its package's
files: importing jusText itself would load lxml's HTML cleaner, which nothing here uses.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path

from cleaner.model import words

# Scripts written without spaces between words: length is measured in characters there.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Languages that write every noun with a capital: a line's capitals say nothing of its
# being a headline there.
NOUN_CASE = frozenset({"German", "Luxembourgish"})
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


# Votes are counted in one integer, _FIELD bits per language, so that a stop word listed
# by 78 languages ("the") costs one addition, not 78.
_FIELD = 16  # DETECT_TOKENS < 2**16: a language's count never spills into the next field


_LATIN_LISTS: list[bool] = []  # per language of `_index`, filled with it: a Latin list?
# Positions in `_index` of the non-Latin lists and of the Latin ones, filled with it: a
# leader's rivals are read off its script's list, not found by testing 100 languages a vote.
_SCRIPT_PEERS: list[list[int]] = []


def _stoplist_dir() -> Path:
    spec = importlib.util.find_spec("justext")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jusText's stop lists are missing: pip install justext")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@lru_cache(maxsize=1)
def stoplist_names() -> frozenset[str]:
    """The languages jusText has a stop list for (as its ``get_stoplists``)."""
    return frozenset(p.stem for p in _stoplist_dir().glob("*.txt"))


def _stoplist(language: str) -> frozenset[str]:
    """jusText's stop words for ``language``, lower-cased (as its ``get_stoplist``)."""
    data = (_stoplist_dir() / f"{language}.txt").read_bytes()
    return frozenset(w.decode("utf8").lower() for w in data.splitlines())


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[str, ...], dict[str, int]]:
    """The languages, and stop word -> packed vote (one in the field of each language that
    lists it)."""
    languages = tuple(sorted(stoplist_names() - _ALIASES))
    packed: dict[str, int] = {}
    # 154,000 words, most listed by one or a few languages: words with the same languages
    # share one integer (each is 200 bytes), which took the index from 35 MB to 19.
    shared: dict[int, int] = {}
    _LATIN_LISTS.clear()
    for i, language in enumerate(languages):
        vote = 1 << (_FIELD * i)
        listed = _stoplist(language)
        for word in listed:
            votes = packed.get(word, 0) | vote
            packed[word] = shared.setdefault(votes, votes)
        # Mostly Latin letters (counted as Latin-1's: accented letters beyond it are few)?
        text = "".join(listed)
        _LATIN_LISTS.append(2 * len(text.encode("latin-1", "ignore")) >= len(text))
    _SCRIPT_PEERS[:] = [
        [k for k, other in enumerate(_LATIN_LISTS) if other == latin] for latin in (False, True)
    ]
    return languages, packed


@lru_cache(maxsize=128)
def stopwords(language: str) -> frozenset[str]:
    return _stoplist(language) if language else frozenset()


UNSPACED_SAMPLE = 5000  # characters read to judge the script


def is_unspaced(text: str) -> bool:
    head = text[:UNSPACED_SAMPLE]
    if not _UNSPACED.search(head):  # the common case, decided without counting letters
        return False
    letters = sum(map(str.isalpha, head))  # in C: a generator cost 5 ms/MB at 10 KB
    return letters > 0 and len(_UNSPACED.findall(head)) >= UNSPACED_SHARE * letters


def detect(text: str) -> str:
    """The jusText language name with most stop-word hits, or "" when unsure.

    >>> detect("The minister said that the talks would go on for as long as they had to.")
    'English'
    """
    return detect_words(words(text))


# Each run's vote (a block's words), by the run's identity, with the run kept so that its id
# stays its own: a document's blocks are voted on by the rules stage, the features and each
# settling round, mostly the same blocks, and adding one packed vote per stop word (ints of
# 1,600 bits) was most of a vote's cost.
_RUN_VOTES: dict[int, tuple[Sequence[str], int]] = {}
_RUNS_KEPT = 4096  # runs remembered: a few documents' first blocks


def _run_vote(run: Sequence[str]) -> int:
    entry = _RUN_VOTES.get(id(run))
    if entry is None or entry[0] is not run:
        if len(_RUN_VOTES) >= _RUNS_KEPT:
            _RUN_VOTES.clear()
        entry = _RUN_VOTES[id(run)] = (run, sum(filter(None, map(_index()[1].get, run))))
    return entry[1]


def _votes(runs: Iterable[Sequence[str]]) -> tuple[memoryview | None, int]:
    """Each language's stop-word hits among the first DETECT_TOKENS words of ``runs`` (each
    a block's lower-cased words, in order), in the order of `_index`'s languages (None
    when no word is a stop word), and how many words were read."""
    languages, packed = _index()
    total = read = 0
    for run in runs:
        if read + len(run) <= DETECT_TOKENS:
            total += _run_vote(run)  # each stop word adds its packed vote
            read += len(run)
        else:  # the run the count ends in
            total += sum(filter(None, map(packed.get, run[: DETECT_TOKENS - read])))
            read = DETECT_TOKENS
        if read >= DETECT_TOKENS:
            break
    if not total:
        return None, read
    return memoryview(total.to_bytes(2 * len(languages), sys.byteorder)).cast("H"), read


def leader(runs: Iterable[Sequence[str]], hits: int, lead: int, share: float) -> str:
    """The language with most stop-word hits among the first DETECT_TOKENS lower-cased
    words of ``runs`` (each a block's, in order) when it has at least ``hits``, at least
    ``share`` of the words read, and ``lead`` more than any other language written in the
    same script; else "". Lists in another script are no rivals: several (Marathi's,
    Nepali's) hold English words too.

    >>> text = "She told us that she would not be there when they came back, but she was. " * 3
    >>> leader([words(text)], 30, 5, 0.2), leader([words(text)], 30, 50, 0.2)
    ('English', '')
    """
    fields, read = _votes(runs)
    if fields is None:
        return ""
    counts = list(fields)
    first = max(counts)
    best = counts.index(first)
    counts[best] = 0  # no rival of itself (counts are never negative)
    rival = max(map(counts.__getitem__, _SCRIPT_PEERS[_LATIN_LISTS[best]]))
    if first < hits or first < share * read or first - rival < lead:
        return ""
    return _index()[0][best]


def detect_words(words: Iterable[str]) -> str:
    """`detect` on lower-cased tokens; reads the first DETECT_TOKENS of them."""
    return detect_runs([list(islice(words, DETECT_TOKENS))])


def detect_runs(runs: Iterable[Sequence[str]]) -> str:
    """`detect_words` on the words of ``runs`` (each a block's words, in order), each
    run's vote remembered for the next reading of the same blocks."""
    languages = _index()[0]
    fields, _read = _votes(runs)
    if fields is None:
        return ""
    counts = list(fields)
    best = max(counts)
    if best < MIN_HITS:
        return ""
    if counts.count(best) == 1:  # no tie: most votes
        return languages[counts.index(best)]
    # Neighbours tie often (Portuguese and Galician share most stop words): a widely
    # published language wins a tie, then the name decides, so the answer is stable.
    tied = [languages[i] for i, count in enumerate(counts) if count == best]
    return max(tied, key=lambda lang: (lang in _MAJOR, lang))
