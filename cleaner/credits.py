"""Reporting credits in the words of each language: who reported, wrote or edited a story.

A credit opens with its words before the names ("Reporting by Ann Lee; Editing by Bo Chan")
or closes with them after the names ("Ann Lee in Rome contributed to this report."). The
words are data, one pair of lists per language: ``words/LANG/credit_openers.txt`` and
``words/LANG/credit_closers.txt``; adding a language is adding its lists. A document's
language selects its lists as it selects the rules written for it (`selects`: every
language's when the language is unsure).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from cleaner.knowledge import language_lines, languages_with, phrases_pattern
from cleaner.language_id import selects

OPENERS = "credit_openers.txt"
CLOSERS = "credit_closers.txt"
FOLLOWED = "…"  # a closer ending so may be followed by a few words ("... from Rome")
CREDIT_CHARS = 200  # the names of a credit (and the sentence a closer ends): no longer
PLACE_CHARS = 60  # the few words after a closer that FOLLOWED allows


@lru_cache(maxsize=1)
def credit_languages() -> tuple[str, ...]:
    """The languages with credit words: a folder of ``words/`` with either list."""
    return tuple(sorted({*languages_with(OPENERS), *languages_with(CLOSERS)}))


def for_document(language: str, score: float) -> tuple[str, ...]:
    """The credit languages whose words a document in ``language`` is read with."""
    return tuple(code for code in credit_languages() if selects((code,), language, score))


def _closers(languages: tuple[str, ...]) -> str:
    """The closers' alternation: each closer, and each FOLLOWED one with its few words."""
    entries = language_lines(CLOSERS, languages)
    bare = [e for e in entries if not e.endswith(FOLLOWED)]
    followed = [e.removesuffix(FOLLOWED).strip() for e in entries if e.endswith(FOLLOWED)]
    parts = [f"(?:{phrases_pattern(bare)})"] if bare else []
    if followed:
        parts.append(rf"(?:{phrases_pattern(followed)})\s+.{{0,{PLACE_CHARS}}}")
    return "|".join(parts)


@lru_cache(maxsize=64)
def credit_block(languages: tuple[str, ...]) -> regex.Pattern[str] | None:
    """A block that is a reporting credit in one of ``languages``: opened by a credit's
    words, or closed by them; None when none of them has credit words."""
    openers, closers = language_lines(OPENERS, languages), _closers(languages)
    branches = []
    if openers:
        branches.append(rf"^\(?(?:{phrases_pattern(openers)})(?!\w).{{0,{CREDIT_CHARS}}}\)?$")
    if closers:
        branches.append(rf"^.{{0,{CREDIT_CHARS}}}\b(?:{closers})\.?$")
    return regex.compile("|".join(branches), regex.IGNORECASE) if branches else None


@lru_cache(maxsize=64)
def needed_words(languages: tuple[str, ...]) -> tuple[str, ...]:
    """Lower-cased words one of which every credit of `credit_block` holds: each entry's
    longest word, so that text without any needs no pattern run."""
    return _longest_words(language_lines(OPENERS, languages) + language_lines(CLOSERS, languages))


def _longest_words(entries: tuple[str, ...]) -> tuple[str, ...]:
    """Each entry's longest word, lower-cased: text holding none of them holds no entry."""
    stems = (e.removesuffix(FOLLOWED).split() for e in entries)
    return tuple(sorted({max(stem, key=len).lower() for stem in stems}))


@lru_cache(maxsize=1)
def glued_credit() -> regex.Pattern[str]:
    """Where a reporting credit starts that closes a paragraph's last sentence ("... the
    coast. Ann Lee in Rome contributed to this report."), in any language's words: the
    paragraph is read before its language is known."""
    stems = [e.removesuffix(FOLLOWED).strip() for e in language_lines(CLOSERS, credit_languages())]
    return regex.compile(
        rf"(?<=[.!?\"”’]\s+)(?=[^.!?]{{3,{CREDIT_CHARS}}}\b(?:{phrases_pattern(stems)})\b"
        r"[^.!?]{0,80}[.!?]?\)?\s*$)",
        regex.IGNORECASE,
    )


@lru_cache(maxsize=1)
def glued_marks() -> tuple[str, ...]:
    """Lower-cased words one of which every match of `glued_credit` holds."""
    return _longest_words(language_lines(CLOSERS, credit_languages()))
