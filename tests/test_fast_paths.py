"""The fast paths of tokenizing, letter counting, reading text lines, the vocabulary
rules' pre-check, the nearest decided neighbours and the fast HTML engine's class words give
exactly what the plain definitions give, for any input (cleaner/model.py,
cleaner/heuristics.py, cleaner/language.py, cleaner/markup.py, cleaner/rule_kinds.py,
cleaner/html_fast.py)."""

import re
from collections import Counter

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import language
from cleaner.heuristics import (
    BAD,
    GOOD,
    LINKS,
    NEAR,
    SHORT,
    _anchors,
    _ends_unlike_a_title,
    count_letters,
)
from cleaner.html_fast import _CLASS_WORD, _WORD_HINTS, class_hints
from cleaner.markup import _LIST, _TABLE, read_text_line
from cleaner.model import BODY, BOILERPLATE, META, Block, Line, words
from cleaner.pipeline import default_rules
from cleaner.rule_kinds import _may_be_vocabulary, only_vocabulary

WORD = re.compile(r"\w+")
LETTER = re.compile(r"[^\W\d_]")
TRICKY = "aZ_09 .,“”’—…«»\u00a0\u200bÉéßİıſKǅ²½Ⅻ一二Ⓐⓐϒ𝐀Ωω٣ØøСлово"
TEXTS = st.text(alphabet=st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=60)


def plain_words(text: str) -> list[str]:
    return " ".join(WORD.findall(text)).lower().split()


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_words_are_the_lowered_word_tokens(text):
    assert words(text) == plain_words(text)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_letter_counts_match_their_definitions(text):
    expected = (
        len(LETTER.findall(text)),
        sum(ch.isupper() for ch in text),
        sum(ch.isalpha() for ch in text),
    )
    assert count_letters(text) == expected


def test_language_votes_match_a_plain_count():
    text = (
        "The minister said that the talks would go on for as long as they had to, and that "
        "the government would not be rushed into a decision it might later regret. " * 3
    )
    tokens = words(text)[: language.DETECT_TOKENS]
    languages, _ = language._index()
    votes = Counter(
        lang for token in tokens for lang in languages if token in language.stopwords(lang)
    )
    best = max(votes.values())
    tied = sorted(lang for lang, n in votes.items() if n == best)
    assert language.detect(text) in tied
    assert language.detect(text) == "English"


VOCABULARY_RULES = [r for r in default_rules().rules if r.kind == "vocabulary"]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_vocabulary_precheck_never_drops_a_row(data):
    """The cheap test on a block's cached words never rules out a row the rule would drop."""
    rule = data.draw(st.sampled_from(VOCABULARY_RULES))
    tokens = st.one_of(
        st.sampled_from(sorted(rule.words)).flatmap(
            lambda w: st.sampled_from([w, w.upper(), w.title(), f'"{w}.'])
        ),
        st.sampled_from(["0", "12", "1,024", "#3", "·", "|", "(", ")", "İ", "K", "“", "…"]),
        st.text(alphabet=TRICKY, max_size=4),
    )
    text = " ".join(data.draw(st.lists(tokens, min_size=1, max_size=6)))
    block = Block(index=0, raw=text, text=text)
    if only_vocabulary(rule, text):
        assert _may_be_vocabulary(rule, block), text


def test_vocabulary_precheck_rules_out_prose():
    prose = Block(index=0, raw="", text="Share the cost of the new library, the council said.")
    assert not any(_may_be_vocabulary(rule, prose) for rule in VOCABULARY_RULES)


def plain_read_text_line(raw: str) -> Line:
    """read_text_line as first written: both shape patterns tried on every line."""
    if not raw.strip():
        return Line(raw, "", "blank")
    indent = len(raw) - len(raw.lstrip(" \t"))
    text = " ".join(raw.split())
    if _TABLE.match(raw):
        return Line(raw, text, "table", indent=indent)
    if m := _LIST.match(raw):
        bullet = not m.group(2)[0].isdigit()
        text = " ".join(m.group(3).split()) if bullet else text
        return Line(raw, text, "list_item", level=indent // 2, indent=indent)
    return Line(raw, text, "paragraph", indent=indent)


LINE_PIECES = st.sampled_from(
    [" ", "\t", "\u3000", "\u00a0", "|", "-", "*", "•", "–", "1.", "12)", "٣.", "²", "a", "Word"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(LINE_PIECES, TEXTS), max_size=6).map("".join))
def test_text_lines_read_as_by_both_patterns(raw):
    assert read_text_line(raw) == plain_read_text_line(raw)


ASCII_TEXTS = st.text(alphabet=st.characters(max_codepoint=127), max_size=80)


@settings(max_examples=500, deadline=None)
@given(ASCII_TEXTS, st.integers(min_value=0, max_value=12))
def test_ascii_thread_tokens_are_the_unicode_patterns(text, most):
    """threads reads ASCII text with `re`'s ASCII classes: the same tokens, and the same
    answer to "more than ``most`` tokens", as its Unicode pattern gives."""
    from cleaner import threads

    assert threads._tokens(text) == " ".join(threads._TOKEN.findall(text)).lower().split()
    unicode_over = threads._tokens_over(most, False).match(text) is not None
    assert threads._more_tokens_than(text, most) == unicode_over


TOKEN_PIECES = st.sampled_from(
    ["’", "'", "don’t", "“", "”", "—", "\u00a0", "e\u0301", "é", "٣", "²", "3", "x_y", "İ", "ſ"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(TOKEN_PIECES, TEXTS, ASCII_TEXTS), max_size=8).map("".join))
def test_thread_tokens_are_the_unicode_pattern(text):
    """threads reads text whose only characters beyond ASCII are no part of a token (or
    "’") with `re`'s classes: the same tokens as its Unicode pattern."""
    from cleaner import threads

    assert threads._tokens(text) == " ".join(threads._TOKEN.findall(text)).lower().split()


RECORD_PIECES = st.sampled_from(
    [" ", ", ", ": ", "#", "No. ", "12", "3 May 2019", "9:30", "pm", "Ann", "wrote", "reply",
     "report", "like", "the", "storm", "’s", "é", "٣", "—", "(@ann)"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(RECORD_PIECES, TEXTS), max_size=24).map("".join))
def test_short_texts_ruled_out_are_no_record_nor_control(text):
    """`threads._key` reads a short text told to be neither (`_neither`) no further: its
    tokens make no record and no control row."""
    from cleaner import threads

    text = text.strip()
    if text and threads._neither(text):
        tokens = threads._tokens(text)
        assert threads._record_key(text, tokens) == ""
        assert not threads._controls(tokens)


def test_controls_are_read_as_by_their_count():
    """A row with no control word is none, read before the count."""
    from cleaner import threads

    listed = sorted(threads.control_words())[:3]
    for tokens in (listed, [*listed, "12", "ann"], ["ann", "lee", "12"], ["3"], listed[:1]):
        words = [t for t in tokens if not t.isdigit()]
        hits = sum(t in threads.control_words() for t in words)
        expected = bool(words) and hits * 2 >= len(words) and hits >= 1
        assert threads._controls(tokens) == expected


DATE_PIECES = st.sampled_from(
    [" ", "  ", "\u00a0", ", ", ".", ":", "/", "-", "|", "@", "3", "12", "2019", "07:45",
     "9:30", "pm", "a.m.", "PM", "Uhr", "GMT", "st", "de", "um", "May", "März", "Sept",
     "janvier", "Tue", "x_", "é", "e\u0301", "٣", "²", "\U00016130"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(DATE_PIECES, TEXTS), max_size=10).map("".join))
def test_dates_found_as_by_the_plain_search(text):
    """`threads.date_in` tries DATE_TIME only where a date can start, after a cue every
    shape holds: the same first date as a search of the whole text."""
    from cleaner import threads

    found, plain = threads.date_in(text), threads.DATE_TIME.search(text)
    assert (found and (found.span(), found.group(0))) == (plain and (plain.span(), plain.group(0)))


STOP_WORDS = ["the", "and", "der", "und", "le", "et", "de", "la", "is", "zwei", "xyz", "3"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(STOP_WORDS), max_size=150), max_size=8))
def test_votes_over_runs_count_the_first_words_once(runs):
    """Each run's vote is remembered (`language._run_vote`): voting again on the same runs,
    or on the runs after one was taken out, counts what a plain count of the first
    DETECT_TOKENS words counts."""
    languages, _ = language._index()

    def plain(runs):
        flat = [w for run in runs for w in run][: language.DETECT_TOKENS]
        counts = [0] * len(languages)
        for lang_index, lang in enumerate(languages):
            listed = language.stopwords(lang)
            counts[lang_index] = sum(w in listed for w in flat)
        return counts if any(counts) else None, len(flat)

    for voted in (runs, runs, runs[1:]):
        fields, read = language._votes(voted)
        assert (None if fields is None else list(fields), read) == plain(voted)


# Words of several lists and scripts: "и" and "на" (Cyrillic lists) next to Latin ones, "de"
# and "la" in many Latin lists, so that leaders, rivals and ties all come up.
VOTED_WORDS = [*STOP_WORDS, "и", "на", "что", "el", "que", "het", "een", "och"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(VOTED_WORDS), max_size=60), max_size=6),
    st.integers(0, 40),
    st.integers(0, 30),
)
def test_leader_and_detected_language_are_their_plain_definitions(runs, hits, lead):
    """`leader` reads its rivals off its script's list (`_SCRIPT_PEERS`), and `detect_runs`
    skips the tie-break when no language ties: both as read from every language's count."""
    languages, _ = language._index()
    fields, read = language._votes(runs)
    expected_leader = expected_detected = ""
    if fields is not None:
        counts = list(fields)
        first = max(counts)
        best = counts.index(first)
        latin = language._LATIN_LISTS
        rival = max(
            (c for i, c in enumerate(counts) if i != best and latin[i] == latin[best]), default=0
        )
        if first >= hits and first >= 0.2 * read and first - rival >= lead:
            expected_leader = languages[best]
        tied = [languages[i] for i, count in enumerate(counts) if count == first]
        chosen = max(tied, key=lambda lang: (lang in language._MAJOR, lang))
        expected_detected = chosen if first >= language.MIN_HITS else ""
    assert language.leader(runs, hits, lead, 0.2) == expected_leader
    assert language.detect_runs(runs) == expected_detected


# What `heuristics._ends_unlike_a_title` reads in two parts, as one pattern.
TITLE_END = regex.compile(r"[.,;:!…。！]$|[.…][\"”’»«]\d?$|\p{Ll}{3}[.!?] +\p{Lu}")
TITLE_CHARS = 'aZé. ,;:!?…。！"”’»«1\n\tÉß'


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(TITLE_CHARS), st.characters()), max_size=40))
def test_title_ends_are_read_as_by_one_pattern(text):
    assert _ends_unlike_a_title(text) == (TITLE_END.search(text) is not None)


def walked_anchor(blocks: list[Block], classes: list[str], start: int, step: int) -> str:
    """The nearest decided neighbour, found by walking from ``start`` (the definition)."""
    i = start + step
    while 0 <= i < len(blocks):
        if blocks[i].label == META:
            i += step
        elif blocks[i].label != BODY:
            return BAD
        elif classes[i] in (GOOD, BAD, LINKS):
            return GOOD if classes[i] == GOOD else BAD
        else:
            i += step
    return BAD


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([BODY, BODY, BODY, META, BOILERPLATE]),
            st.sampled_from([GOOD, BAD, LINKS, NEAR, SHORT]),
        ),
        max_size=30,
    )
)
def test_nearest_anchors_are_those_walked_to(rows):
    blocks = [Block(i, "", "", label=label) for i, (label, _) in enumerate(rows)]
    classes = [cls for _, cls in rows]
    for step in (-1, 1):
        walked = [walked_anchor(blocks, classes, i, step) for i in range(len(blocks))]
        assert _anchors(blocks, classes, step) == walked


CLASS_VALUES = st.text(alphabet=st.sampled_from("navbrcomesiduplt-_ 09ABNRéİK"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(CLASS_VALUES)
def test_class_hints_are_the_class_words_hints(value):
    """Lower-case ASCII values are split by a byte table, the others by the word pattern."""
    expected = {
        hint for word in _CLASS_WORD.findall(value) if (hint := _WORD_HINTS.get(word.lower()))
    }
    assert class_hints.__wrapped__(value) == expected


# Lines of the shapes `regions.dated_teasers` reads, invented: dates, headlines, prose.
TEASER_LINES = [
    "Friday 9 June 2023",
    "9 June 2023, 14:05",
    "Posted by Ida Marsh on 9 June 2023",
    "Lighthouse keepers return to the northern island chain",
    "Ferry timetable changes for the winter months are published",
    "New bridge opens across the valley 12. Juni 2023",
    "The council met on Monday and agreed that the market square would be repaved "
    "over the summer, with the stalls moved to the car park until the work is done.",
    "Traders said they had not been asked, and several wrote to the mayor to ask for "
    "the work to wait until after the autumn fair had closed its doors for the year.",
    "Ask the readers",
    "",
]


def plain_dated_teasers(blocks: list[Block], start: int) -> list[tuple[int, int]]:
    """`regions.dated_teasers` as first written: every test on every block once a date
    stands above, the date line below read again."""
    from cleaner import captions, regions

    def bare_date(block: Block) -> bool:
        date = captions.dateline(block)
        rest = captions.DATE_TIME.sub(" ", block.text)
        return bool(date and regions._YEAR.search(date)) and len(words(rest)) <= 1

    datelines = captions.datelines(blocks)
    found, dated = [], False
    for k, block in enumerate(blocks[:-1]):
        if (
            dated
            and k >= start
            and regions._dated_head(block)
            and bare_date(blocks[k + 1])
            and any(regions._prose(b) for b in blocks[k + 2 : k + 3])
        ):
            found.append((k, k + 1))
        dated = dated or block.category == "date" or bool(block.is_open and datelines[k])
    return found


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(TEASER_LINES), st.sampled_from(["", "", "", "date", "ad"])),
        max_size=14,
    ),
    st.integers(0, 6),
)
def test_dated_teasers_are_found_as_by_the_plain_definition(lines, start):
    """`regions.dated_teasers` reads the date line below first (from the open blocks'
    datelines): the same teasers as every test on every block after a date."""
    from cleaner.regions import dated_teasers

    blocks = []
    for i, (text, closed) in enumerate(lines):
        block = Block(i, text, text)
        if closed:  # a rule's date field, or a block some rule took
            block.mark(META if closed == "date" else BOILERPLATE, closed, "rule", "rules")
        blocks.append(block)
    assert dated_teasers(blocks, start) == plain_dated_teasers(blocks, start)


FILING_PIECES = st.sampled_from(
    [" ", "|", "·", ",", ";", "/", ":", "：", " : ", "Tags", "TAGS", "filed under", "Posted in",
     "Kategorie", "catégorie", "ſ", "K", "3 May 2021", "x", "\n"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(FILING_PIECES, TEXTS), max_size=10).map("".join))
def test_filing_labels_are_cut_as_by_the_pattern(text):
    """`captions._unfiled` reads no further a text with no colon (every label ends in
    one); `dateline` asks `threads.date_in` before `DATE_TIME`'s whole search, which
    `test_dates_found_as_by_the_plain_search` holds to the same first date."""
    from cleaner import captions

    assert captions._unfiled(text) == captions.filed_under().sub(" ", text, count=1)
