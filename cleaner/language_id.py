"""Which language a document is written in, as an ISO 639-1 code and a probability.

py3langid (langid.py's model, 97 languages, shipped inside the package: nothing is
downloaded at run time) reads character n-grams, so it needs neither spaces nor a stop-word
list and tells Chinese from Japanese. The model loads once per process, on first use,
its tables mapped from files unpacked once (`cleaner.langid_tables`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from typing import Any

from cleaner.language import leader
from cleaner.model import Block
from cleaner.ruleset import Rule

SAMPLE_CHARS = 2000  # chars read: on 870 bench texts, 6,000 changed 1 answer, at 2x the time
PROSE_CHARS = 40  # blocks at least this long are read first: menus and buttons mislead
MIN_PROSE = 200  # ... when they hold this much; else every block is read
MIN_LETTERS = 20  # fewer letters than this: no language is named
SURE = 0.9  # probability from which the language selects its rules alone
# Stop words decide without py3langid (1 ms a document) when one of these languages leads
# the jusText stop-word vote by far: on the 1,565 bench texts (news-dev, gn1-dev, dragnet-dev,
# trafilatura-dev) the vote was this decisive for 86% of them, and py3langid named the same
# language for every one (probability 1.0, rounded, for all but a few: 0.99 and above).
STOP_WORD_CODES = {
    "English": "en",
    "German": "de",
    "French": "fr",
    "Spanish": "es",
    "Italian": "it",
    "Portuguese": "pt",
    "Polish": "pl",
    "Russian": "ru",
}
VOTE_HITS = 30  # stop-word hits of the leading language (of the first 400 words), ...
VOTE_SHARE = 0.2  # ... this share of the words read at least, ...
VOTE_LEAD = 12  # ... and its lead over the next language in the same script


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from cleaner.langid_tables import load

    return load()


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language; ("", 0.0) when it has too few
    letters to say.

    >>> identify("Die Regierung will das Gesetz noch vor dem Sommer beschließen.")[0]
    'de'
    >>> identify("政府表示，新的规定将在明年一月开始实施，各地已经开始准备。")[0]
    'zh'
    >>> identify("12:30 — 1:0")
    ('', 0.0)
    """
    sample = text[:SAMPLE_CHARS]
    # Stop at the MIN_LETTERS-th letter: counting them all cost a tenth of the identification.
    if next(islice(filter(str.isalpha, sample), MIN_LETTERS - 1, None), None) is None:
        return "", 0.0
    code, probability = _identifier().classify(sample)
    return str(code), round(float(probability), 3)


def identify_blocks(blocks: list[Block]) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the language of a document's ``blocks``: by their
    stop words when the vote is decisive (probability 1.0), else by `identify` on their
    `sample`. The words are the blocks' own, tokenized once for the later stages too."""
    name = leader((b.words for b in blocks), VOTE_HITS, VOTE_LEAD, VOTE_SHARE)
    if name in STOP_WORD_CODES:
        return STOP_WORD_CODES[name], 1.0
    return identify(sample(b.text for b in blocks))


def sample(texts: Iterable[str]) -> str:
    """The text to identify a document by: its longer blocks (prose) up to SAMPLE_CHARS,
    or all its blocks when the longer ones are too few."""
    texts = list(texts)
    for minimum in (PROSE_CHARS, 0):
        parts, total = [], 0
        for text in texts:
            if len(text) >= minimum and total < SAMPLE_CHARS:
                parts.append(text)
                total += len(text) + 1
        if total >= MIN_PROSE or minimum == 0:
            return "\n".join(parts)[:SAMPLE_CHARS]
    return ""  # not reached: the last pass returns


def selects(rule_languages: tuple[str, ...], language: str, score: float) -> bool:
    """Whether a rule for ``rule_languages`` (empty: every language) runs on a document in
    ``language``. A document whose language is unsure gets every language's rules.

    >>> selects(("de",), "de", 0.99), selects(("de",), "fr", 0.99), selects(("de",), "fr", 0.5)
    (True, False, True)
    """
    return not rule_languages or score < SURE or language in rule_languages


_SELECTIONS: dict[int, tuple[tuple[Rule, ...], dict[str, tuple[Rule, ...]]]] = {}
_RULE_LISTS = 8  # rule lists whose selections are kept (one per Cleaner in use)


def selected(rules: tuple[Rule, ...], language: str, score: float) -> tuple[Rule, ...]:
    """The ``rules`` that run on a document in ``language``, in order (see `selects`):
    worked out once per language and rule list, so that a pack written for another
    language is not walked rule by rule for each document."""
    entry = _SELECTIONS.get(id(rules))
    if entry is None or entry[0] is not rules:  # kept with the list: its id stays its own
        if len(_SELECTIONS) >= _RULE_LISTS:
            del _SELECTIONS[next(iter(_SELECTIONS))]
        entry = _SELECTIONS[id(rules)] = (rules, {})
    by_language = entry[1]
    key = f"{language}:{score >= SURE}"
    if key not in by_language:
        by_language[key] = tuple(r for r in rules if selects(r.languages, language, score))
    return by_language[key]
