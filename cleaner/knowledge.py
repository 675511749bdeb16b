"""Knowledge about news text that is data, not code: read from ``rules/data/*.yaml``.

Windows of the head and tail, bullet characters, the words that join authors' names, date
forms and the reasons ``cleaner explain`` gives. Read once per process.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


def pack_dir() -> Path:
    """The packs beside this code: ``rules/`` when it runs from a source checkout, else the
    ones shipped inside the installed package. The checkout comes first because an editable
    install maps ``cleaner.packs`` to the checkout it was installed from: a second checkout
    run through the same environment (``PYTHONPATH=other``) read the first one's rules."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "rules").is_dir():
        return checkout / "rules"
    return Path(str(importlib.resources.files("cleaner.packs")))


# libyaml's parser where PyYAML was built with it: the shipped packs (350 KB) load in 0.09 s
# of CPU instead of 1.1 s with the pure-Python one (every CLI start paid it), same data.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """YAML text as data, as `yaml.safe_load` reads it; raises `yaml.YAMLError`."""
    return yaml.load(text, Loader=_YAML_LOADER)  # a safe loader, C or Python


@lru_cache(maxsize=8)
def data(name: str) -> dict[str, Any]:
    """One data file beside the packs, ``data/NAME.yaml``."""
    path = pack_dir() / "data" / f"{name}.yaml"
    return read_yaml(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def window(name: str) -> Any:
    """``head_blocks`` or ``tail_share``: where rules bound to the head or tail look."""
    return data("text")["windows"][name]


def bullets() -> str:
    """The characters that start a list item (besides a number)."""
    return str(data("text")["bullets"])


def dialogue_dash() -> str:
    """A pattern for a dash that opens a line of dialogue: a dash, then a quotation mark."""
    text = data("text")
    return rf"[{re.escape(text['dialogue_dashes'])}]\s+[{re.escape(text['quotation_marks'])}]"


@lru_cache(maxsize=32)
def word_lines(name: str) -> tuple[str, ...]:
    """The entries of the word list ``words/NAME``: its lines stripped, without blank lines
    and ``#`` comments (every reader of ``rules/words/`` reads them so)."""
    lines = (pack_dir() / "words" / name).read_text(encoding="utf-8").splitlines()
    return tuple(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def languages_with(name: str) -> tuple[str, ...]:
    """The languages whose folder of ``words/`` holds the list ``name``."""
    return tuple(sorted(p.parent.name for p in (pack_dir() / "words").glob(f"*/{name}")))


def language_lines(name: str, languages: Iterable[str]) -> tuple[str, ...]:
    """The entries of the list ``name`` of each of ``languages`` that has one."""
    words_dir = pack_dir() / "words"
    return tuple(
        entry
        for language in languages
        if (words_dir / language / name).exists()
        for entry in word_lines(f"{language}/{name}")
    )


def phrases_pattern(phrases: Iterable[str]) -> str:
    """An alternation of ``phrases``, longest first, each space matching any run of them."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@lru_cache(maxsize=1)
def emoticons() -> frozenset[str]:
    """The emoticons of ``words/emoticons.txt``: punctuation that is a writer's word."""
    return frozenset(word_lines("emoticons.txt"))


@lru_cache(maxsize=1)
def list_marker() -> re.Pattern[str]:
    """A list item's marker at the start of a line: a bullet or a number."""
    return re.compile(rf"^\s*(?:[{re.escape(bullets())}]|\d{{1,3}}[.)])\s+")


@lru_cache(maxsize=1)
def vocabulary_token() -> re.Pattern[str]:
    """A token of a widget row: what lies between spaces and separators."""
    return re.compile(rf"[^\s{re.escape(data('text')['row_separators'])}]+")


@lru_cache(maxsize=1)
def author_separator() -> re.Pattern[str]:
    """What separates names in a byline: punctuation, or a conjunction of any language."""
    words = sorted({w for ws in data("text")["author_conjunctions"].values() for w in ws})
    joined = "|".join(rf"\b{re.escape(w)}\b" for w in words)
    return re.compile(rf"\s*(?:,|;|&|{joined})\s*")


def date_formats() -> tuple[str, ...]:
    return tuple(data("text")["date_formats"])


def day_ordinals() -> tuple[str, ...]:
    """Endings written after a day's number: "3rd", "1er", "1º"."""
    return tuple(data("text")["day_ordinals"])


def months() -> dict[str, list[str]]:
    """Month names by language, January first."""
    return dict(data("text")["months"])


def reasons() -> dict[str, dict[str, str]]:
    """What ``cleaner explain`` says of a heuristic's decision, by its name."""
    return data("reasons")
