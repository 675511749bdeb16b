"""ftfy's mojibake test (`ftfy.badness.is_bad`), run by RE2.

ftfy decides whether a line may hold mojibake with one large pattern of alternatives, most
of which start with a common letter or a space, so Python's backtracking engine tries it at
nearly every position: on text in Cyrillic, Greek or Portuguese it was most of the repair
stage's time. RE2 runs the same pattern as one automaton in linear time. The pattern is
read from the installed ftfy and rewritten item by item, with every character class spelt
out as Python's ``re`` matches it, so the answer is ftfy's own; a pattern this module cannot
rewrite (a later ftfy that uses other syntax) falls back to ftfy's function.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from re import _constants as sre  # the parser's own names (Python 3.11)
from re import _parser as sre_parse

import re2
from ftfy.badness import BADNESS_RE
from ftfy.badness import is_bad as ftfy_is_bad

from cleaner.screen import RE2_MEMORY, code_point_ranges


class Unsupported(ValueError):
    """Syntax in ftfy's pattern that the rewrite does not handle."""


@lru_cache(maxsize=4)
def _category(name: str) -> tuple[tuple[int, int], ...]:
    """Code point ranges of ``\\s`` or ``\\w`` as Python's ``re`` (Unicode) matches them."""
    return code_point_ranges(re.compile(r"\s+" if name == "space" else r"\w+"))


_CATEGORIES = {
    sre.CATEGORY_UNI_SPACE: "space",
    sre.CATEGORY_SPACE: "space",
    sre.CATEGORY_UNI_WORD: "word",
    sre.CATEGORY_WORD: "word",
}


def _class(items: list[tuple[object, object]]) -> str:
    """An RE2 class for the items of an ``IN`` node."""
    negate, ranges = False, []
    for op, arg in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            ranges.append((arg, arg))
        elif op is sre.RANGE:
            ranges.append(arg)
        elif op is sre.CATEGORY and arg in _CATEGORIES:
            ranges.extend(_category(_CATEGORIES[arg]))
        else:
            raise Unsupported(f"class item {op}")
    body = "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in sorted(ranges))
    return f"[{'^' if negate else ''}{body}]"


def _rewrite(nodes: sre_parse.SubPattern | list, line_starts: bool) -> str:
    out = []
    for op, arg in nodes:
        if op is sre.LITERAL:
            out.append(f"\\x{{{arg:x}}}")
        elif op is sre.IN:
            out.append(_class(arg))
        elif op is sre.ANY:
            out.append("[^\\n]")  # no DOTALL in ftfy's flags (checked below)
        elif op is sre.AT and arg is sre.AT_BEGINNING:
            out.append("(?m:^)" if line_starts else "^")
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_rewrite(b, line_starts) for b in arg[1]) + ")")
        elif op is sre.SUBPATTERN:
            out.append("(?:" + _rewrite(arg[-1], line_starts) + ")")
        elif op is sre.MAX_REPEAT:
            low, high, inner = arg
            top = "" if high is sre.MAXREPEAT else str(high)
            out.append(f"(?:{_rewrite(inner, line_starts)}){{{low},{top}}}")
        else:
            raise Unsupported(f"node {op}")
    return "".join(out)


@lru_cache(maxsize=2)
def _searcher(line_starts: bool) -> Callable[[str], bool] | None:
    """RE2's search for ftfy's pattern; None when the pattern cannot be rewritten."""
    if BADNESS_RE.flags & (re.IGNORECASE | re.DOTALL | re.MULTILINE | re.ASCII):
        return None
    try:
        source = _rewrite(sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags), line_starts)
        options = re2.Options()
        options.max_mem = RE2_MEMORY
        compiled = re2.compile(source, options)
    except (Unsupported, re2.error):
        return None
    return lambda text: compiled.search(text) is not None


def is_bad(line: str) -> bool:
    """``ftfy.badness.is_bad(line)``, answered by RE2."""
    search = _searcher(False)
    try:
        return search(line) if search else ftfy_is_bad(line)
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
        return ftfy_is_bad(line)


def may_be_bad(text: str) -> bool:
    """False when no line of ``text`` is bad: one pass over all of it, where ``^`` matches
    at each line's start (a match across lines only makes it say True more often)."""
    search = _searcher(True)
    try:
        return search(text) if search else True
    except UnicodeEncodeError:
        return True
