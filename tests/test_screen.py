"""The screen may only ever say "cannot match" when the rule's own pattern cannot match."""

import functools

import pytest
import re2
import regex
from conftest import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.pipeline import default_rules
from cleaner.rule_examples import examples
from cleaner.rule_kinds import triggers
from cleaner.ruleset import Rule
from cleaner.screen import (
    FEW_SLOTS,
    RE2_MEMORY,
    Screen,
    Untranslatable,
    members,
    translate,
    translate_parts,
)

ICASE = regex.V0 | regex.IGNORECASE

# Constructs that RE2 lacks or reads differently, each with texts that exercise it.
TRICKY = [  # (pattern, flags, texts it matches)
    (r"(?<!\w)photo(?!graph)", ICASE, ["PHOTO: AP", "ſome photos"]),
    (r"\bAP\b", 0, ["(AP)", "AP"]),
    (r"^[^\p{L}\p{N}]+$", 0, ["* * *", "—", "\u00a0|\u00a0"]),
    (r"[.!?”\"]\s*\*\*\p{Lu}[\p{L}.'’-]+\*\*\s*$", 0, ["Done. **Zola**", "”**Émile**"]),
    (r"^(?:photo|foto)s?\s*(?:by\s|:|：)\s*.{1,80}$", ICASE, ["FOTOS： Ana", "Photo by X"]),
    (r"[^\W\d_]{3,200}ing", 0, ["Ελληνικά reading", "sailing"]),
    (r"[^\])\n]{1,60}[\])]\s*$", ICASE, ["x (Reuters)", "[Photo/Agencies] "]),
    (r"(?i:straße)|ǅ|ſ", 0, ["STRASSE straße", "STRAẞE", "ǅ", "ſ"]),
    (r"(?P<value>\d{1,2}\.\d{1,2}\.\d{4})", 0, ["on 3.12.2012", "٣.١٢.٢٠١٢"]),
    (r"(?:a|b)++c|x*+y", 0, ["abac", "xxy", "y"]),
    (r"\x41\u00e9\U0001F600", ICASE, ["aÉ😀"]),
    (r"[[:alpha:]]+\d", 0, ["abc1"]),
    (r"[^a-zé]+", ICASE, ["ı", "12", "É-"]),
    (r"\Aword\Z", ICASE, ["WORD", "Word"]),
    (r"KELVIN|Iİı|(?i)kelvin", 0, ["KELVIN", "Iİı", "KELVIN"]),
    (
        r"^(?=.*\b(?:you|your)\b)(?=.*\bcookies?\b).*$|^(?:more)\s+info(?=rmation)",
        ICASE,
        ["We use COOKIES to help you", "Your cookie", "More information"],
    ),
    (r"x(?=a)?y|(?<=k)z(?!q)|(?:(?=b)b)c", 0, ["xy", "kz", "bc"]),
]
TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("aAbBcxyéÉßſKkǅǆ.!?:：()[]*\"”’'- \n\t\u00a0_1942")),
        st.characters(),
    ),
    max_size=40,
)


TRICKY_PATTERNS = [regex.compile(source, flags) for source, flags, _texts in TRICKY]


def screen_agrees(screen: Screen, pattern: regex.Pattern[str], text: str) -> bool:
    return screen.may_match(pattern, text) or pattern.search(text) is None


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_screen_never_hides_a_match_of_a_tricky_pattern(text):
    screen = tricky_screen()
    for pattern in TRICKY_PATTERNS:
        for piece in (text, "photo " + text, text + " AP", "**Yves Herman**" + text):
            assert screen_agrees(screen, pattern, piece), (pattern.pattern, piece)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_document_screen_never_hides_a_block_match(blocks):
    """One pass over a document's blocks joined by newlines lets through every pattern that
    matches one of them: anchors at each block's start and end, \\A and \\Z included."""
    screen = tricky_screen()
    possible = screen.possible(blocks)
    for pattern in TRICKY_PATTERNS:
        if any(pattern.search(block) for block in blocks):
            assert screen.may_match_any([pattern], possible), (pattern.pattern, blocks)


def test_document_screen_reads_anchors_at_every_block():
    pattern = regex.compile(r"\A(?:Photo|Image):\s+\w+\Z|^Related$")
    screen = _screen_of([pattern])
    prose = "The council voted to keep the library open."
    for blocks in (
        [prose, "Photo: Reuters"],
        [prose, "Related", prose],
    ):
        assert screen.may_match_any([pattern], screen.possible(blocks)), blocks
    assert not screen.may_match_any([pattern], screen.possible([prose, "A Photo: Reuters"]))


@functools.cache
def tricky_screen() -> Screen:
    return _screen_of(TRICKY_PATTERNS)


def _screen_of(patterns):
    rules = [
        Rule(id=f"t.r{i}", category="t", kind="block", why="-", pack="t", pattern=p)
        for i, p in enumerate(patterns)
    ]
    return Screen(rules)


@pytest.mark.parametrize(("source", "flags", "texts"), TRICKY)
def test_screen_lets_through_what_a_tricky_pattern_matches(source, flags, texts):
    pattern = regex.compile(source, flags)
    for text in texts:
        assert pattern.search(text), (source, text)  # the example is right ...
        assert tricky_screen().may_match(pattern, text), (source, text)  # ... and let through


def shipped_texts():
    """Every example of every shipped rule, and every line of the samples."""
    for rule in default_rules().rules:
        for _expect, _n, example in examples(rule):
            text = example["text"] if isinstance(example, dict) else example
            yield from text.split("\n")
    for path in sorted(SAMPLES.glob("*.txt")):
        yield from path.read_text(encoding="utf-8").splitlines()


def test_shipped_patterns_are_all_screened():
    screen = Screen(default_rules().rules)
    assert screen.problems == [], "unscreened patterns run on every block: " + "; ".join(
        screen.problems
    )


def test_screen_never_hides_a_match_of_a_shipped_pattern():
    rules = default_rules().rules
    screen = Screen(rules)
    texts = [" ".join(line.split()) for line in shipped_texts()]
    checked = 0
    for rule in rules:
        for pattern in (rule.pattern, rule.start, rule.end, rule.cont, rule.next):
            if pattern is None:
                continue
            for text in texts:
                if pattern.search(text):
                    checked += 1
                    assert screen.may_match(pattern, text, rule.match_raw), (rule.id, text)
    assert checked > 50  # the check saw real matches, not only misses


def test_filtered_screen_hits_what_one_re2_set_hits():
    """The screen runs each pattern alone behind RE2's literal prefilter (`re2.Filter`),
    shapes without a literal in a set of their own: what it reports must be exactly what
    one RE2 set of all the patterns reports (the prefilter only skips patterns that cannot
    match), on texts that set rules off and on texts that do not, alone and joined."""
    screen = Screen(default_rules().rules)
    lines = [" ".join(line.split()) for line in shipped_texts()]
    texts = lines + ["\n".join(lines[k : k + 12]) for k in range(0, len(lines), 12)]
    hit = [0, 0]  # texts with a hit, per view (text, raw)
    for raw, view in enumerate(screen.views):
        slot_of: dict[str, int] = {}
        for pattern, branches in view.slots.items():
            for parts, slots in zip(translate_parts(pattern, document=True), branches, strict=True):
                slot_of.update(zip(parts, slots, strict=True))
        options = re2.Options()
        options.max_mem = RE2_MEMORY
        one_set, slots = re2.Set.SearchSet(options), []
        for part, slot in slot_of.items():
            one_set.Add(part)
            slots.append(slot)
        one_set.Compile()
        for text in texts:
            expected = frozenset(slots[k] for k in one_set.Match(text) or ())
            assert view.hits(text) == expected, (raw, text)
            hit[raw] += bool(expected)
    # real hits were compared, not only misses (few rules read raw lines)
    assert hit[0] > len(texts) / 10
    assert hit[1] > 0


def test_patterns_searched_alone_hit_what_the_filter_hits():
    """A few patterns are searched alone (`_PatternSet.hits_among`, `FEW_SLOTS`): each
    answers what the whole screen answers for it, on texts alone and joined."""
    screen = Screen(default_rules().rules)
    lines = [" ".join(line.split()) for line in shipped_texts()]
    texts = lines + ["\n".join(lines[k : k + 12]) for k in range(0, len(lines), 12)]
    found = 0
    for view in screen.views:
        every = sorted({slot for branches in view.slots.values() for b in branches for slot in b})
        for k, text in enumerate(texts):
            start = k * FEW_SLOTS % len(every)
            asked = set(every[start : start + FEW_SLOTS])
            expected = view.hits(text)
            assert expected is not None
            assert view.hits_among(asked, text) == expected & asked, text
            found += bool(expected & asked)
    assert found > 100  # hits were compared, not only misses


def test_rules_screened_pattern_by_pattern_clean_the_same(monkeypatch):
    """Whether a list of rules is screened by the whole filter or by its patterns alone
    changes nothing but the time it takes."""
    import cleaner.screen

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    lines = [line for line in shipped_texts() if line.strip()][:600]
    texts += ["\n\n".join(lines[k : k + 40]) for k in range(0, len(lines), 40)]  # short lists
    cleaned = [Cleaner().clean(t).to_dict() for t in texts]
    for few in (0, 10_000):  # never alone; always alone
        monkeypatch.setattr(cleaner.screen, "FEW_SLOTS", few)
        assert [Cleaner().clean(t).to_dict() for t in texts] == cleaned, few


def test_screen_rules_out_most_prose():
    """The point of screening: a plain paragraph sets off few rules."""
    rules = default_rules().rules
    screen = Screen(rules)
    prose = "The council voted on Monday to keep the library open until the end of June."
    patterns = [p for r in rules for p in triggers(r) or ()]
    assert len(patterns) > 25
    assert sum(screen.may_match(p, prose) for p in patterns) < len(patterns) / 4


def test_cleaning_is_the_same_with_and_without_the_screen(monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [line for line in shipped_texts() if line.strip()][:300]
    cleaner = Cleaner()
    screened = [cleaner.clean(t).to_dict() for t in texts]
    nothing_screened = Screen([])
    monkeypatch.setattr(Cleaner, "screen", property(lambda self: nothing_screened))
    unscreened = Cleaner()
    assert [unscreened.clean(t).to_dict() for t in texts] == screened


@pytest.mark.parametrize("item", [r"\w", r"\s", r"\d", r"\p{Lu}", r"\p{L}"])
def test_class_translation_is_exact(item):
    """Classes are copied from the regex module code point by code point: no drift between
    regex's Unicode \\w and RE2's ASCII one."""
    pattern = regex.compile(item)
    wanted = set(members(item, False))
    assert wanted
    translated = re2.compile(translate(pattern))
    for low, high in list(wanted)[:: max(1, len(wanted) // 200)]:
        for code in {low, high}:
            assert translated.fullmatch(chr(code)), (item, hex(code))
        if high + 1 < 0xD800 or high + 1 > 0xDFFF:
            beyond = chr(min(high + 1, 0x10FFFF))
            assert bool(translated.fullmatch(beyond)) == bool(pattern.fullmatch(beyond))


def test_case_insensitive_literals_fold_at_least_as_widely_as_regex():
    cased = [chr(c) for c in range(0x2000) if chr(c).lower() != chr(c) or chr(c).upper() != chr(c)]
    for ch in cased:
        pattern = regex.compile(regex.escape(ch), ICASE)
        translated = re2.compile(translate(pattern))
        for other in {ch.lower(), ch.upper(), ch.casefold(), ch.swapcase(), "ſ", "K", "ǅ"}:
            if len(other) == 1 and pattern.fullmatch(other):
                assert translated.fullmatch(other), (ch, other)


def test_untranslatable_pattern_is_never_screened_out():
    pattern = regex.compile(r"(\w+) \1")
    with pytest.raises(Untranslatable):
        translate(pattern)
    screen = _screen_of([pattern])
    assert screen.problems and "\\1" in screen.problems[0]
    assert screen.may_match(pattern, "no repeat here")


def test_text_re2_cannot_read_is_not_screened_out():
    pattern = regex.compile("photo")
    screen = _screen_of([pattern])
    assert not screen.may_match(pattern, "no such word")
    assert screen.may_match(pattern, "lone surrogate \udc80")


def test_blocks_screened_one_by_one_clean_the_same(monkeypatch):
    """Long documents are screened block by block (`GATE_BLOCKS`), each rule searching only
    the blocks its triggers may match; with every document so screened, the results are
    those of documents screened whole."""
    import cleaner.screen

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    lines = [line for line in shipped_texts() if line.strip()][:300]
    texts += ["\n\n".join(lines)]  # one long document of many rules' examples
    screened = [Cleaner().clean(t).to_dict() for t in texts]
    monkeypatch.setattr(cleaner.screen, "GATE_BLOCKS", 0)
    assert [Cleaner().clean(t).to_dict() for t in texts] == screened


def test_block_gate_rules_out_only_what_cannot_match():
    from cleaner.model import Block
    from cleaner.screen import GATE_BLOCKS

    rules = default_rules().rules
    screen = Screen(rules)
    texts = [" ".join(line.split()) for line in shipped_texts()][:400]
    blocks = [Block(i, t, t) for i, t in enumerate(texts)]
    screen.gate(blocks)
    ruled_out = 0
    for block in blocks:
        for pattern in (p for r in rules if not r.match_raw for p in triggers(r) or ()):
            if block.gate.rules_out(pattern, block.text):
                ruled_out += 1
                assert pattern.search(block.text) is None, (pattern.pattern, block.text)
    assert ruled_out > len(blocks)  # most patterns are ruled out of most blocks
    edited = blocks[0].text + " "  # a gate speaks for the text it screened only
    assert not any(blocks[0].gate.rules_out(p, edited) for r in rules for p in triggers(r) or ())
    assert GATE_BLOCKS > 27  # a news text's blocks are screened whole only


def test_positions_in_a_screened_list_skip_only_blocks_no_trigger_matches():
    """In a list screened block by block (`Screen.gate`), a rule's `positions` are read off
    the index of the blocks its triggers hit: every block a trigger matches is still there,
    ascending, and most rules read fewer blocks. The rules read the page, which also holds
    closed blocks that were not screened."""
    from cleaner.model import BOILERPLATE, Block
    from cleaner.rule_kinds import positions

    rules = default_rules().rules
    screen = Screen(rules)
    texts = [" ".join(line.split()) for line in shipped_texts() if line.strip()][:400]
    page = [Block(i, t, t) for i, t in enumerate(texts)]
    for block in page[::7]:
        block.mark(BOILERPLATE, "test", "test", "test")
    unscreened = {id(rule): positions(rule, page) for rule in rules}
    open_blocks = [b for b in page if b.is_open]
    for raw in (False, True):
        screen.gate(open_blocks, raw)
    narrowed = 0
    for rule in rules:
        found, every = positions(rule, page), unscreened[id(rule)]
        assert found == sorted(set(found)) and set(found) <= set(every), rule.id
        for k in set(every) - set(found):
            text = page[k].raw if rule.match_raw else page[k].text
            assert not any(p.search(text) for p in triggers(rule) or ()), (rule.id, text)
        narrowed += len(found) < len(every)
    assert narrowed > len(rules) / 2


def test_firing_names_the_rules_whose_triggers_may_match():
    """`Screen.firing` reads each document's blocks once for all its rules: the rules it
    names, in order, are those one of whose triggers the screen lets through, asked rule by
    rule (and every rule of a kind without triggers)."""
    from cleaner.model import Block

    rules = default_rules().rules
    screen = Screen(rules)
    lines = [" ".join(line.split()) for line in shipped_texts() if line.strip()]
    documents = [lines[k : k + 9] for k in range(0, 360, 9)]
    documents.append(["The council voted to keep the library open."])
    fired = 0
    for texts in documents:
        blocks = [Block(i, t, t) for i, t in enumerate(texts)]
        possible = {raw: screen.possible(texts, raw) for raw in (False, True)}
        expected = [
            rule
            for rule in rules
            if (gates := triggers(rule)) is None
            or screen.may_match_any(gates, possible[rule.match_raw], rule.match_raw)
        ]
        assert list(screen.firing(rules, blocks)) == expected
        assert list(screen.firing(rules, blocks, 5)) == [r for r in expected if r in rules[5:]]
        fired += len(expected) < len(rules)
    assert fired > 30  # most documents leave rules out
