"""Screening: one pass over a document tells which rules can possibly fire in it.

Every pattern of a rule set is translated into RE2 syntax, and RE2 tells, in linear time,
which of them match a text (`_PatternSet`: a literal prefilter, then each pattern whose
literals are there alone). A document's blocks, joined by newlines, are screened once, and
a rule none of whose trigger patterns can match anywhere is skipped whole: most rules, in
most documents. A rule that may fire runs its own `regex`
pattern (with its timeout) on its candidate blocks, whose patterns mostly fail at the
first character: in a short document, screening each block again would cost more than the
searches it saves. A long one (`GATE_BLOCKS`) is screened block by block instead, and each
rule searches only the blocks its triggers may match: in it every rule's literals occur
somewhere, and each rule searching every block made the cost per MB grow with the length.

The translation only ever widens a pattern, never narrows it: what RE2 cannot say exactly
(lookarounds, ``\\b``, possessive quantifiers, long counted repeats) becomes something that
matches more, and character classes are taken from the `regex` module itself, code point
by code point, so that ``\\w`` means here what it means to the rule. The start and end of
a block are read at each line of the joined text. A pattern that cannot be translated is
never screened out. So a document the screen rules out holds no block the rule's pattern
matches: screening changes how fast rules run, never what they do.
"""

from __future__ import annotations

import array
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

import re2
import regex

from cleaner import heap
from cleaner.model import Block
from cleaner.rule_kinds import EDITS_TEXT, triggers
from cleaner.ruleset import Rule

ANY = r"(?s:.)"  # what an untranslatable single character becomes
MAX_COUNT = 10  # counted repeats above this become * or +: RE2 unrolls them
RE2_MEMORY = 64 << 20  # bytes; the set's DFA must never run short (it would say "no match")
PATTERN_MEMORY = 8 << 20  # bytes, each pattern the filter runs alone (RE2's default)
_SURROGATES = (0xD800, 0xDFFF)
_FLAG_LETTERS = frozenset("ims")  # inline flags that mean the same to RE2
_KNOWN_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.UNICODE | regex.V0
_LITERAL = re.compile(r"[A-Za-z0-9]")
_COUNT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_GROUP_NAME = re.compile(r"[A-Za-z_]\w*>")
_INLINE_FLAGS = re.compile(r"\?([A-Za-z]*)(?:-([A-Za-z]+))?([:)])")
_PROPERTY = re.compile(r"\{\^?[\w:=&. -]+\}|[A-Za-z]")
_HEX = {
    "x": re.compile(r"\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2})"),
    "u": re.compile(r"()([0-9a-fA-F]{4})"),
    "U": re.compile(r"()([0-9a-fA-F]{8})"),
}
_SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11, "a": 7, "e": 27, "b": 8}


class Untranslatable(ValueError):
    """A pattern that uses something with no RE2 equivalent (a backreference, recursion)."""


# --- character sets, taken from the regex module -----------------------------------------


@lru_cache(maxsize=1)
def _every_character() -> tuple[str, str]:
    """All code points but the surrogates, in order, as two strings (below and above them)."""
    below = array.array("I", range(_SURROGATES[0])).tobytes().decode("utf-32")
    above = array.array("I", range(_SURROGATES[1] + 1, 0x110000)).tobytes().decode("utf-32")
    return below, above


@lru_cache(maxsize=512)
def members(item: str, ignore_case: bool) -> tuple[tuple[int, int], ...]:
    """The code point ranges a class item (``\\w``, ``\\P{Lu}``, ``[:alpha:]``) or a whole
    class matches, as the regex module matches it."""
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    source = item if item.startswith("[") and not item.startswith("[:") else f"[{item}]"
    return _runs(regex.compile(f"(?:{source})+", flags), _every_character())


@lru_cache(maxsize=1)
def _cased() -> tuple[str, ...]:
    """Every character with case (the only ones case-insensitive matching can add)."""
    return tuple(
        "".join(chr(c) for c in range(low, high + 1)) for low, high in members(r"\p{Cased}", False)
    )


@lru_cache(maxsize=2048)
def folds(source: str) -> tuple[tuple[int, int], ...]:
    """The cased characters that ``source`` (a literal or a class) matches when case is
    ignored, as the regex module folds: its ``i`` matches ``I`` and ``İ``, its ``I`` ``ı``,
    which RE2's own folding would not say."""
    return _runs(regex.compile(f"(?:{source})+", regex.V0 | regex.IGNORECASE), _cased())


def _runs(
    run: re.Pattern[str] | regex.Pattern[str], texts: Iterable[str]
) -> tuple[tuple[int, int], ...]:
    """Code point ranges of the characters ``run`` matches in texts of consecutive ones."""
    ranges: list[tuple[int, int]] = []
    for text in texts:
        base = ord(text[0])
        for m in run.finditer(text):
            low, high = base + m.start(), base + m.end() - 1
            if ranges and ranges[-1][1] + 1 == low:
                low = ranges.pop()[0]
            ranges.append((low, high))
    return tuple(ranges)


def code_point_ranges(run: re.Pattern[str] | regex.Pattern[str]) -> tuple[tuple[int, int], ...]:
    """The code point ranges whose characters ``run`` (a class repeated: ``[...]+``) matches."""
    return _runs(run, _every_character())


def _char(code: int) -> str:
    ch = chr(code)
    return ch if _LITERAL.match(ch) else f"\\x{{{code:x}}}"


def _ranges(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)


def _either(*classes: str) -> str:
    """Alternatives of RE2 classes, the empty ones left out."""
    kept = [c for c in classes if c not in ("[]", "[^]")]
    if not kept:
        raise Untranslatable("a class that matches nothing")
    return kept[0] if len(kept) == 1 else "(?:" + "|".join(kept) + ")"


# --- the translator ----------------------------------------------------------------------


class _Translator:
    """regex (version 0) syntax to RE2 syntax, widening where it must.

    RE2 never folds case here: where the pattern ignores case, each literal and class is
    spelt out with the characters the regex module itself takes as its case variants.
    """

    def __init__(self, source: str, ignore_case: bool, document: bool = False) -> None:
        self.s, self.i, self.ignore_case = source, 0, ignore_case
        # Screening a whole document at once (blocks joined by newlines): the start and end
        # of the text match at each line, where blocks start and end.
        self.line_start = "(?m:^)" if document else "^"
        self.text_start, self.text_end = ("(?m:^)", "(?m:$)") if document else (r"\A", r"\z")
        self.depth = 0  # group nesting
        self.required: list[str] = []  # lookarounds every match of this branch passes
        self.top_flags = False  # an inline (?m) or (?s) at the top, which spans branches

    def run(self) -> list[tuple[str, list[str]]]:
        """The top-level branches: each its RE2 body, and the bodies of the positive
        lookarounds it cannot match without (``^(?=.*you)(?=.*cookie)`` needs both
        words). RE2 has no lookaround, but each of those must match somewhere too."""
        branches = []
        while True:
            self.required = []
            branches.append((self.sequence(), self.required))
            if self.peek() != "|":
                break
            self.i += 1
        if self.i != len(self.s):
            raise Untranslatable("unbalanced ')'")
        return branches

    def peek(self, n: int = 1) -> str:
        return self.s[self.i : self.i + n]

    def alternation(self) -> str:
        parts = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            parts.append(self.sequence())
        return "|".join(parts)

    def sequence(self) -> str:
        parts: list[str] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            atom = self.atom()
            quantifier = self.quantifier()
            if quantifier and atom:
                parts.append(f"(?:{atom}){quantifier}")
            elif atom:
                parts.append(atom)
        return "".join(parts)

    def quantifier(self) -> str:
        ch = self.peek()
        if ch in ("*", "+", "?"):
            self.i += 1
            out = ch
        elif ch == "{" and (m := _COUNT.match(self.s, self.i)) and (m.group(1) or m.group(3)):
            self.i = m.end()
            low = int(m.group(1) or 0)
            high = int(m.group(3)) if m.group(3) else (None if m.group(2) else low)
            if high is not None and high <= MAX_COUNT:
                out = f"{{{low},{high}}}"
            else:  # wider: RE2 would unroll a long count into a large program
                out = "*" if low == 0 else "+"
        else:
            return ""
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings can match
            self.i += 1
        return out

    def atom(self) -> str:
        ch = self.s[self.i]
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == "\\":
            return self.escape()
        self.i += 1
        if ch == ".":
            return "."
        if ch == "^":
            return self.line_start
        if ch == "$":
            return "(?m:$)"  # also matches before a final newline, as regex's $ does
        if ch in "*+?":
            raise Untranslatable(f"nothing to repeat at {self.i - 1}")
        return self.literal(ord(ch))

    def literal(self, code: int) -> str:
        if not self.ignore_case:
            return _char(code)
        variants = folds(regex.escape(chr(code)))
        return _either(f"[{_char(code)}]", f"[{_ranges(variants)}]") if variants else _char(code)

    def group(self) -> str:
        s, start = self.s, self.i
        self.i += 1
        if s.startswith("?#", self.i):
            end = s.find(")", self.i)
            if end < 0:
                raise Untranslatable("unterminated comment")
            self.i = end + 1
            return ""
        drop = require = False
        prefix = "(?:"
        outer_case = self.ignore_case  # an inline flag lasts to the end of its group
        if s.startswith(("?:", "?>", "?|"), self.i):
            self.i += 2
        elif s.startswith(("?=", "?!"), self.i):
            require = s[self.i + 1] == "="
            self.i, drop = self.i + 2, True
        elif s.startswith(("?<=", "?<!"), self.i):
            require = s[self.i + 2] == "="
            self.i, drop = self.i + 3, True
        elif s.startswith(("?P<", "?<"), self.i) and (
            m := _GROUP_NAME.match(s, self.i + (3 if s[self.i + 1] == "P" else 2))
        ):
            self.i = m.end()
        elif s.startswith("?", self.i):
            m = _INLINE_FLAGS.match(s, self.i)
            if not m or not set(m.group(1) + (m.group(2) or "")) <= _FLAG_LETTERS:
                raise Untranslatable(f"unsupported group at {start}")
            self.i = m.end()
            on, off = m.group(1), m.group(2) or ""
            case = True if "i" in on else False if "i" in off else self.ignore_case
            flags = on.replace("i", "") + (f"-{off.replace('i', '')}" if off.strip("i") else "")
            if m.group(3) == ")":  # to the end of the enclosing group
                self.ignore_case = case
                self.top_flags |= bool(flags) and self.depth == 0
                return f"(?{flags})" if flags else ""
            self.ignore_case = case
            prefix = f"(?{flags}:" if flags else "(?:"
        self.depth += 1
        inner = self.alternation()
        self.depth -= 1
        self.ignore_case = outer_case
        if self.peek() != ")":
            raise Untranslatable(f"unterminated group at {start}")
        self.i += 1
        if require and self.depth == 0 and self.peek() not in ("?", "*", "{"):
            self.required.append(inner)  # not optional: the branch needs it
        return "" if drop else f"{prefix}{inner})"

    def escape(self) -> str:
        s = self.s
        if self.i + 1 >= len(s):
            raise Untranslatable("pattern ends with a backslash")
        ch = s[self.i + 1]
        self.i += 2
        if ch in "dDwWsSpP":
            return f"[{self.set_escape(ch)}]"
        if ch in "bB":
            return ""  # word boundaries: dropped (RE2's are ASCII-only)
        if ch == "A":
            return self.text_start
        if ch == "Z":
            return self.text_end
        return self.literal(self.escaped_char(ch))

    def set_escape(self, ch: str) -> str:
        """The ranges of ``\\w``, ``\\p{Lu}`` and the like (just read), without brackets."""
        item = "\\" + ch
        if ch in "pP":
            m = _PROPERTY.match(self.s, self.i)
            if not m:
                raise Untranslatable(f"bad property at {self.i}")
            self.i = m.end()
            item += m.group(0)
        return _ranges(members(item, self.ignore_case))

    def escaped_char(self, ch: str) -> int:
        """The code point of a one-character escape whose letter ``ch`` was just read."""
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch in _HEX:
            m = _HEX[ch].match(self.s, self.i)
            if not m:
                raise Untranslatable(f"bad \\{ch} escape")
            self.i = m.end()
            return int(m.group(1) or m.group(2), 16)
        if ch.isascii() and ch.isalnum():  # backreferences, \G, \X, \N{...}, ...
            raise Untranslatable(f"unsupported escape \\{ch}")
        return ord(ch)

    def char_class(self) -> str:
        s, start = self.s, self.i
        self.i += 1
        negate = self.peek() == "^"
        if negate:
            self.i += 1
        items: list[str] = []
        first = True
        while True:
            if self.i >= len(s):
                raise Untranslatable(f"unterminated class at {start}")
            if s[self.i] == "]" and not first:
                self.i += 1
                break
            first = False
            items.append(self.class_item())
        listed = "".join(items)
        if not self.ignore_case:
            return _either(f"[{'^' if negate else ''}{listed}]")
        # Case ignored: uncased characters match as listed; the cased ones are whatever the
        # regex module says this very class matches among them.
        cased = f"[{_ranges(folds(s[start : self.i]))}]"
        if negate:
            every_cased = _ranges(members(r"\p{Cased}", False))
            return _either(f"[^{listed}{every_cased}]", cased)
        return _either(f"[{listed}]", cased)

    def class_item(self) -> str:
        """One item of a class: a character, a range, a set escape or a POSIX class."""
        s = self.s
        if s.startswith("[:", self.i):
            end = s.find(":]", self.i)
            if end < 0:
                raise Untranslatable(f"bad POSIX class at {self.i}")
            item, self.i = s[self.i : end + 2], end + 2
            return _ranges(members(item, self.ignore_case))
        if s[self.i] == "\\" and s[self.i + 1 : self.i + 2] in tuple("dDwWsSpP"):
            ch = s[self.i + 1]
            self.i += 2
            return self.set_escape(ch)
        low = self.class_char()
        if s.startswith("-", self.i) and s[self.i + 1 : self.i + 2] not in ("]", ""):
            self.i += 1
            if s[self.i] == "\\" and s[self.i + 1 : self.i + 2] in tuple("dDwWsSpP"):
                raise Untranslatable("a range that ends in a set")
            high = self.class_char()
            if high < low:
                raise Untranslatable("a range that runs backwards")
            return f"{_char(low)}-{_char(high)}"
        return _char(low)

    def class_char(self) -> int:
        ch = self.s[self.i]
        if ch != "\\":
            self.i += 1
            return ord(ch)
        if self.i + 1 >= len(self.s):
            raise Untranslatable("pattern ends with a backslash")
        letter = self.s[self.i + 1]
        self.i += 2
        return 8 if letter == "b" else self.escaped_char(letter)


def _translator(source: str, flags: int, document: bool) -> tuple[_Translator, str]:
    if flags & ~_KNOWN_FLAGS:
        raise Untranslatable("unsupported flags")
    inline = "".join(
        letter for letter, flag in (("m", regex.MULTILINE), ("s", regex.DOTALL)) if flags & flag
    )
    translator = _Translator(source, bool(flags & regex.IGNORECASE), document)
    return translator, f"(?{inline})" if inline else ""


def translate(pattern: regex.Pattern[str]) -> str:
    r"""The RE2 form of a compiled `regex` pattern: it matches every string the pattern
    matches, and perhaps more. Raises `Untranslatable`.

    >>> print(translate(regex.compile(r"(?<!\w)A\.?P\b")))
    A(?:\x{2e})?P
    """
    translator, flags = _translator(pattern.pattern, pattern.flags, document=False)
    return flags + "|".join(body for body, _ in translator.run())


def translate_parts(pattern: regex.Pattern[str], document: bool = False) -> list[list[str]]:
    """The pattern as RE2 patterns in disjunctive form: it can match only where, for some
    branch, all of that branch's patterns match. Raises `Untranslatable`. With
    ``document``, they match in a document of blocks joined by newlines wherever the
    pattern matches one of its blocks.

    >>> translate_parts(regex.compile(r"^(?=.*you)(?=.*cookie).*$|^Terms"))
    [['^(?:.)*(?m:$)', '(?:.)*you', '(?:.)*cookie'], ['^Terms']]
    """
    return [list(branch) for branch in _parts(pattern.pattern, pattern.flags, document)]


@lru_cache(maxsize=4096)
def _parts(source: str, flags: int, document: bool) -> tuple[tuple[str, ...], ...]:
    """`translate_parts`, worked out once per pattern and flags: translating was most of
    what building a `Screen` cost (1.0 of 1.3 s for the shipped rules), and a `Cleaner`
    whose rules differ from others' (a rule disabled, a user's pack) still screens
    mostly the same patterns."""
    translator, inline = _translator(source, flags, document)
    branches = translator.run()
    if translator.top_flags or not any(required for _, required in branches):
        return ((inline + "|".join(body for body, _ in branches),),)
    return tuple((inline + body, *(inline + r for r in required)) for body, required in branches)


# --- the screen --------------------------------------------------------------------------


class _PatternSet:
    """The translated patterns that run on one view of the blocks (their text, or their raw
    lines), read as a whole document.

    Not one RE2 set: a set's automaton tracks every pattern at once, and its states are the
    combinations of where each pattern stands, which on text it has not read before fill
    any memory budget (a 277-pattern set cost 12 ms a document on varied text, resetting
    its cache over and over, against 0.2 on a corpus read again). Instead each pattern's
    required literals ("atoms", RE2's own prefilter) are looked for in one literal pass,
    and only the patterns whose atoms are there run, each alone, on the text (`re2.Filter`,
    RE2's FilteredRE2): a literal automaton and one small automaton per pattern stay warm.
    The patterns with no atom to require (shapes: a line of capitals, a bullet before any
    word) run together in a small set of their own. The hits are the same as one set's."""

    def __init__(self, patterns: Iterable[regex.Pattern[str]]) -> None:
        # pattern -> branches, each the slots (RE2 patterns in the screen) that must all match
        self.slots: dict[regex.Pattern[str], tuple[tuple[int, ...], ...]] = {}
        self.problems: list[str] = []
        # Every part in one filter first: it tells which parts have no atom (`_split`).
        parts: dict[str, int] = {}  # RE2 pattern -> its slot
        probe = re2.Filter()
        for pattern in dict.fromkeys(patterns):
            try:
                branches = translate_parts(pattern, document=True)
                for part in {p for branch in branches for p in branch} - parts.keys():
                    parts[part] = probe.Add(part, _options(PATTERN_MEMORY))
            except (Untranslatable, re2.error) as exc:
                self.problems.append(f"{pattern.pattern!r}: {exc}")
                continue
            self.slots[pattern] = tuple(tuple(parts[p] for p in branch) for branch in branches)
        self._parts = list(parts)  # slot -> its RE2 pattern
        self._alone: dict[int, re2._Regexp] = {}  # slot -> its pattern compiled alone
        self._filter: re2.Filter | None = None
        self._set: re2.Set | None = None
        self._filtered: tuple[int, ...] = ()  # the filter's slots, by its own numbers
        self._shapes: tuple[int, ...] = ()  # the set's slots, by its own numbers
        if parts:
            try:
                self._split(probe, list(parts))
            except re2.error as exc:  # nothing is screened rather than something wrongly
                self.problems.append(f"set: {exc}")
                self.slots = {}

    def _split(self, probe: re2.Filter, parts: list[str]) -> None:
        """The filter for the parts RE2's prefilter finds atoms in, and a set for the others
        (a filter would run each of those alone on every text)."""
        probe.Compile()
        self._shapes = tuple(sorted(probe.Match(b"", True) or ()))  # pass with no atom
        shapes = set(self._shapes)
        self._filtered = tuple(k for k in range(len(parts)) if k not in shapes)
        if not shapes:
            self._filter = probe
            return
        if self._filtered:
            self._filter = re2.Filter()
            for k in self._filtered:
                self._filter.Add(parts[k], _options(PATTERN_MEMORY))
            self._filter.Compile()
        self._set = re2.Set.SearchSet(_options(RE2_MEMORY))
        for k in self._shapes:
            self._set.Add(parts[k])
        self._set.Compile()

    def hits(self, text: str) -> frozenset[int] | None:
        """Slots of the patterns that may match ``text``; None when it cannot be screened."""
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
            return None
        found: list[int] = []
        if self._filter is not None:
            found += map(self._filtered.__getitem__, self._filter.Match(data) or ())
        if self._set is not None:
            found += map(self._shapes.__getitem__, self._set.Match(data) or ())
        return frozenset(found)

    def hits_among(self, slots: Iterable[int], text: str) -> frozenset[int] | None:
        """Those of ``slots`` that `hits` would give for ``text``, each pattern searched
        alone: for a few patterns, cheaper than the literal pass and the verification of
        every pattern whose literals are there."""
        try:
            data = text.encode()
        except UnicodeEncodeError:
            return None
        return frozenset(slot for slot in slots if self._compiled(slot).search(data))

    def _compiled(self, slot: int) -> re2._Regexp:
        pattern = self._alone.get(slot)
        if pattern is None:  # the options the filter verifies with: the same matches
            pattern = self._alone[slot] = re2.compile(self._parts[slot], _options(PATTERN_MEMORY))
        return pattern


def _options(memory: int) -> re2.Options:
    options = re2.Options()
    options.max_mem = memory
    options.log_errors = False
    return options


@lru_cache(maxsize=4)
def _pattern_set(patterns: tuple[regex.Pattern[str], ...]) -> _PatternSet:
    """One `_PatternSet` per list of patterns in a process, shared by the screens built
    from it: every `Cleaner` builds a screen, most of them of the same compiled patterns
    (the shipped rules, `default_rules`), and RE2 takes 0.8 s of CPU to build the shipped
    rules' filters and sets even with their translations known (`_parts`). Sharing is
    safe: a pattern set's fields do not change once it is built, and RE2's matching is
    thread-safe. Four are kept, two screens' views."""
    return _PatternSet(patterns)


def _any_branch(branches: tuple[tuple[int, ...], ...], hits: frozenset[int]) -> bool:
    return any(map(hits.issuperset, branches))  # in C: long documents ask this per block


# Blocks from which a list of blocks is screened one block at a time (`Screen.gate`): what a
# rule may fire on is then the union of the blocks' hits, and each rule searches only the
# blocks its triggers may match. Screening the joined text costs about as much per MB, but
# on a long document every pattern's literals occur somewhere, so every rule would search
# every block (the cost per MB grew with the document). A block's RE2 pass costs about
# what one `regex` search does, so short documents (27 blocks in a news text, where under
# one rule fires) are screened whole only.
GATE_BLOCKS = 200
# Texts whose screening is remembered, per view: a document's blocks, its head, its tail.
# Few: a memo across documents would flatter a benchmark that repeats its corpus.
RECENT_TEXTS = 4


class BlockGate:
    """One block's text screened alone: tells which patterns cannot match it (the text it
    was screened for, not a later edit of it)."""

    __slots__ = ("hits", "index", "text", "view")

    def __init__(self, view: _PatternSet, text: str) -> None:
        self.view, self.text, self.hits = view, text, view.hits(text)
        self.index: GateIndex | None = None  # the latest list screened with it

    def rules_out(self, pattern: regex.Pattern[str], text: str) -> bool:
        """True only when ``pattern`` cannot match ``text`` (the screened one)."""
        if text is not self.text or self.hits is None:
            return False
        branches = self.view.slots.get(pattern)
        return branches is not None and not _any_branch(branches, self.hits)


def _gate_of(block: Block, view: _PatternSet, raw: bool) -> BlockGate:
    """The block's gate for its text as it reads now, screened where not done yet."""
    text = block.raw if raw else block.text
    gate = block.raw_gate if raw else block.gate
    if gate is None or gate.text is not text or gate.view is not view:
        gate = BlockGate(view, text)
        if raw:
            block.raw_gate = gate
        else:
            block.gate = gate
    return gate


class GateIndex:
    """A list of blocks screened one by one together (`Screen.gate`), by the slots each
    hit: the blocks some patterns may match, found without asking every block."""

    _LISTS = 4  # lists read by position through it (`positions`): a page and an article

    def __init__(self, view: _PatternSet, raw: bool, blocks: list[Block]) -> None:
        self.view, self.raw, self.blocks = view, raw, blocks
        self.gates = [_gate_of(block, view, raw) for block in blocks]
        self.by_slot: dict[int, set[int]] = {}  # slot -> positions of the blocks that hit it
        self.unscreened: set[int] = set()  # positions of blocks RE2 could not read
        for k, gate in enumerate(self.gates):
            gate.index = self
            if gate.hits is None:
                self.unscreened.add(k)
            for slot in gate.hits or ():
                self.by_slot.setdefault(slot, set()).add(k)
        # The slots some block hit: what the list's rules may fire on (None: some block
        # could not be screened, so any rule may).
        self.hits = None if self.unscreened else frozenset(self.by_slot)
        self._lists: dict[int, tuple[list[Block], list[int], list[int]]] = {}

    def current(self, blocks: list[Block]) -> bool:
        """Whether this index screened ``blocks`` as they read now."""
        return (
            self.blocks is blocks
            and len(blocks) == len(self.gates)
            and all(map(self._reads, blocks, self.gates))
        )

    def _reads(self, block: Block, gate: BlockGate) -> bool:
        return gate.text is (block.raw if self.raw else block.text)

    def may_match(self, patterns: Iterable[regex.Pattern[str]]) -> set[int] | None:
        """Positions of the blocks one of ``patterns`` may match (the others it cannot); None
        when a pattern is not screened (any block may match it)."""
        found = set(self.unscreened)
        for pattern in patterns:
            branches = self.view.slots.get(pattern)
            if branches is None:
                return None
            for branch in branches:
                if not branch:
                    return None  # a branch with no slot is no test
                found |= set.intersection(*(self.by_slot.get(slot, set()) for slot in branch))
        return found

    def positions(
        self, patterns: Iterable[regex.Pattern[str]], blocks: list[Block], span: range
    ) -> list[int] | None:
        """The positions in ``span`` of ``blocks`` (a list holding the screened ones, such
        as the page they came from) whose block one of ``patterns`` may match, ascending,
        open blocks the index did not screen included; None when any may (`may_match`), or
        when the span is short (the head of an article): read whole, it costs less than
        placing the index in the list."""
        found = self.may_match(patterns) if len(span) >= GATE_BLOCKS else None
        if found is None:
            return None
        placed, unscreened = self._placed(blocks)
        kept = [k for k in map(placed.__getitem__, found) if k in span]  # -1 never is
        kept += unscreened[bisect_left(unscreened, span.start) : bisect_left(unscreened, span.stop)]
        return sorted(kept)

    def _placed(self, blocks: list[Block]) -> tuple[list[int], list[int]]:
        """Where each screened block stands in ``blocks`` (-1: not there), and the positions
        of the open blocks there that it did not screen; worked out once per list, not per
        rule (blocks only close; a block whose text changed since counts as not screened,
        and a rule that edits text has its blocks screened again, as a new index)."""
        entry = self._lists.get(id(blocks))
        if entry is None or entry[0] is not blocks:
            if len(self._lists) >= self._LISTS:
                del self._lists[next(iter(self._lists))]
            at = {id(b): k for k, b in enumerate(blocks)}
            placed = [
                at.get(id(b), -1) if self._reads(b, gate) else -1
                for b, gate in zip(self.blocks, self.gates, strict=True)
            ]
            screened = set(placed)
            unscreened = [k for k, b in enumerate(blocks) if b.is_open and k not in screened]
            entry = self._lists[id(blocks)] = (blocks, placed, unscreened)
        return entry[1], entry[2]


_RULE_LISTS = 32  # rule lists whose index is kept: one per language and place in use


class _RuleIndex:
    """A list of rules by the screen's slots: for each view, the rules a branch of whose
    starts with each slot, and the rules never screened out."""

    def __init__(self, screen: Screen, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.branches = [screen.branches(rule) for rule in rules]
        self.always: list[int] = []  # positions of rules that may always fire
        # per view: slot -> positions of the rules one of whose branches starts with it
        self.by_slot: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})
        self.views: set[bool] = set()  # the views some screened rule reads
        for k, (rule, branches) in enumerate(zip(rules, self.branches, strict=True)):
            if branches is None or any(not branch for branch in branches):
                self.always.append(k)
                continue
            self.views.add(rule.match_raw)
            for first in {branch[0] for branch in branches}:
                self.by_slot[rule.match_raw].setdefault(first, []).append(k)
        # (view, start) -> `_slots`: the rules stage and each settling round ask again
        self._slots_from: dict[tuple[bool, int], set[int]] = {}

    def firing(self, screen: Screen, blocks: list[Block], start: int) -> list[int]:
        """Positions from ``start`` on of the rules that may fire on ``blocks``."""
        found = set(self.always)
        for raw in self.views:
            possible = screen.possible_in(blocks, raw, self._slots(raw, start))
            if possible is None:  # not screened: each rule of the view may fire
                found.update(k for k, r in enumerate(self.rules) if r.match_raw == raw)
                continue
            by_slot = self.by_slot[raw]
            for slot in possible:
                for k in by_slot.get(slot, ()):
                    if k not in found and _any_branch(self.branches[k], possible):
                        found.add(k)
        return sorted(k for k in found if k >= start)

    def _slots(self, raw: bool, start: int) -> set[int]:
        """The slots the screened rules of the view from ``start`` on read, worked out once
        per list (not per document: a list of 300 rules cost 30 us a call). Not to be
        changed by the caller."""
        found = self._slots_from.get((raw, start))
        if found is None:
            found = self._slots_from[raw, start] = {
                slot
                for k in range(start, len(self.rules))
                if self.rules[k].match_raw == raw and k not in self.always
                for branch in self.branches[k] or ()
                for slot in branch
            }
        return found


# Slots from which a short list of blocks is screened by the whole filter (`_PatternSet.hits`);
# below, each slot's pattern is searched alone (`_PatternSet.hits_among`). The article's head
# and tail are screened for the one or two rules the page left (`settle`): the filter's
# literal pass and its verification of every pattern whose literals are there cost four to
# five times those few searches (27.7 against 5.9 ms/MB on 10 KB documents). A pattern
# searched alone costs about a twentieth of the filter on a news text.
FEW_SLOTS = 6


class Screen:
    """The trigger patterns of some rules (`triggers`), screened together. Build once, use
    for every document."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        # Only the patterns that set a rule off: a section's end or continuation patterns
        # are searched only once it has started. Each pattern in the set multiplies the
        # states of its automaton; with those in, whole-page documents made it thrash.
        views: tuple[list[regex.Pattern[str]], list[regex.Pattern[str]]] = ([], [])
        for rule in rules:
            views[rule.match_raw].extend(triggers(rule) or ())
        self._views = (_pattern_set(tuple(views[False])), _pattern_set(tuple(views[True])))
        heap.trim()  # RE2's compile scratch, freed but kept resident
        # rule id -> (rule, its triggers' branches, or None when it is never screened out)
        self._branches: dict[int, tuple[Rule, tuple[tuple[int, ...], ...] | None]] = {}
        # The last texts screened in each view, and their hits: the rules stage and the rules
        # that look again at the body's head or tail (in turn) ask about the same blocks.
        self._last: tuple[dict[str, frozenset[int] | None], ...] = ({}, {})
        self._indexes: dict[int, _RuleIndex] = {}  # id of a rule list -> its index

    @property
    def views(self) -> tuple[_PatternSet, _PatternSet]:
        """The patterns screened on blocks' text, and those on their raw lines."""
        return self._views

    @property
    def problems(self) -> list[str]:
        """Patterns left unscreened, and why."""
        return self._views[False].problems + self._views[True].problems

    def possible(self, texts: Iterable[str], raw: bool = False) -> frozenset[int] | None:
        """Slots of the patterns that may match at least one of ``texts``, found in one pass
        over them all; None when they cannot be screened."""
        text = "\n".join(texts)
        last = self._last[raw]
        if text in last:
            return last[text]
        if len(last) >= RECENT_TEXTS:
            del last[next(iter(last))]
        hits = last[text] = self._views[raw].hits(text)
        return hits

    def may_match(self, pattern: regex.Pattern[str], text: str, raw: bool = False) -> bool:
        """False only when ``pattern`` cannot match anywhere in ``text``."""
        return self.may_match_any([pattern], self.possible([text], raw), raw)

    def firing(
        self, rules: tuple[Rule, ...], blocks: list[Block], start: int = 0
    ) -> Iterator[Rule]:
        """The ``rules`` from position ``start`` on that may fire on ``blocks``, in order: none
        of the others' triggers can match any of the blocks (a kind without triggers always
        may). Found from one screening per view: the slots the blocks hit name the rules one
        of whose branches starts with them (`_RuleIndex`), so that a document's 50 rules are
        not asked one by one. A rule that edits text has its blocks screened again for the
        rules after it."""
        index = self._rule_index(rules)
        while start < len(rules):
            for k in index.firing(self, blocks, start):
                yield rules[k]
                if rules[k].kind in EDITS_TEXT:
                    start = k + 1
                    break
            else:
                return

    def _rule_index(self, rules: tuple[Rule, ...]) -> _RuleIndex:
        entry = self._indexes.get(id(rules))
        if entry is None or entry.rules is not rules:  # kept with the tuple: its id is its own
            if len(self._indexes) >= _RULE_LISTS:
                del self._indexes[next(iter(self._indexes))]
            entry = self._indexes[id(rules)] = _RuleIndex(self, rules)
        return entry

    def branches(self, rule: Rule) -> tuple[tuple[int, ...], ...] | None:
        """The rule's triggers' branches (`_rule_branches`), worked out once per rule."""
        entry = self._branches.get(id(rule))
        if entry is None or entry[0] is not rule:
            entry = self._branches[id(rule)] = (rule, self._rule_branches(rule))
        return entry[1]

    def _rule_branches(self, rule: Rule) -> tuple[tuple[int, ...], ...] | None:
        """The branches of all of a rule's triggers (one whose slots all match may set it
        off); None for a rule that is never screened out: a kind without triggers, or a
        trigger left out of the set."""
        gates = triggers(rule)
        if gates is None:
            return None
        slots = self._views[rule.match_raw].slots
        branches: list[tuple[int, ...]] = []
        for pattern in gates:
            if pattern not in slots:
                return None
            branches.extend(slots[pattern])
        return tuple(branches)

    def possible_in(
        self, blocks: list[Block], raw: bool = False, slots: set[int] | None = None
    ) -> frozenset[int] | None:
        """Slots of the patterns that may match one of ``blocks``: from their joined text,
        or, from `GATE_BLOCKS` blocks on, from each block screened alone (`gate`), which the
        rules' searches then read; None when they cannot be screened. Given the ``slots``
        asked about, the joined text may be searched for those alone (`FEW_SLOTS`): then
        only they are answered for."""
        if len(blocks) >= GATE_BLOCKS:
            return self.gate(blocks, raw).hits
        texts = [b.raw if raw else b.text for b in blocks]
        if slots is not None and len(slots) <= FEW_SLOTS:
            return self._views[raw].hits_among(slots, "\n".join(texts))
        return self.possible(texts, raw)

    def gate(self, blocks: list[Block], raw: bool = False) -> GateIndex:
        """Screen each of ``blocks`` alone (`BlockGate`), where not done for its text yet:
        the index of their hits (`GateIndex`), by which the rules' searches skip the blocks
        their patterns cannot match."""
        first = (blocks[0].raw_gate if raw else blocks[0].gate) if blocks else None
        if first is not None and first.index is not None and first.index.current(blocks):
            return first.index  # screened for an earlier list of rules
        return GateIndex(self._views[raw], raw, blocks)

    def may_match_any(
        self,
        patterns: Iterable[regex.Pattern[str]],
        possible: frozenset[int] | None,
        raw: bool = False,
    ) -> bool:
        """False only when none of ``patterns`` is among the ``possible`` ones."""
        if possible is None:
            return True
        view = self._views[raw]
        for pattern in patterns:
            branches = view.slots.get(pattern)
            if branches is None or _any_branch(branches, possible):
                return True
        return False
