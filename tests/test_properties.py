"""Properties of `clean` on generated input (hypothesis): it never raises, it is idempotent,
it invents no text, and it gives the same result in every process.

Documents are built from realistic pieces (news sentences, the rules' own remove and keep
examples, Markdown bits, short lines, blank lines) as well as from arbitrary text and bytes.
"""

import html
import json
import os
import re
import subprocess
import sys
from itertools import chain

import pytest
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean, language
from cleaner.decode import DecodeError
from cleaner.errors import InputError
from cleaner.heuristics import Thresholds, _headline_run, _headline_text
from cleaner.model import BODY, Block, Document
from cleaner.pipeline import default_cleaner, default_rules
from cleaner.repair import fixes_for, repair_text

WORD = re.compile(r"\w+")

SUBJECTS = (
    "The council",
    "The minister",
    "Residents of the town",
    "The central bank",
    "Police",
    "A spokesman for the company",
    "Le gouvernement",
    "Die Regierung",
    "O presidente",
)
VERBS = ("said on Monday that", "announced", "denied reports that", "warned that", "expects")
OBJECTS = (
    "the library would stay open for another year.",
    "prices rose 3% in the quarter.",
    "talks with the union would resume next week.",
    "the bridge will be closed until March.",
    "no one was hurt in the fire.",
)


def _examples() -> list[str]:
    texts = []
    for rule in default_rules().rules:
        for example in (*rule.remove_examples, *rule.keep_examples):
            texts.append(example if isinstance(example, str) else example["text"])
    return texts


sentences = st.builds(
    lambda s, v, o: f"{s} {v} {o}",
    st.sampled_from(SUBJECTS),
    st.sampled_from(VERBS),
    st.sampled_from(OBJECTS),
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
markdown_bits = st.sampled_from(
    (
        "# Council keeps library open",
        "## Background",
        "- first point",
        "  - nested point",
        "1. numbered point",
        "> a quoted line",
        "**Bold lead** of a paragraph.",
        "Read [the report](https://example.org/report) here.",
        "![a photo](https://example.org/a.jpg)",
        "| a | b |",
        "---",
        "`code`",
    )
)
short_lines = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
)
pieces = st.one_of(
    paragraphs, paragraphs, st.sampled_from(_examples()), markdown_bits, short_lines, st.just("")
)
documents = st.tuples(
    st.lists(pieces, min_size=1, max_size=14), st.sampled_from(("\n\n", "\n"))
).map(lambda parts_sep: parts_sep[1].join(parts_sep[0]))
# News-shaped documents: a headline run, then paragraphs of sentences with inline Markdown,
# headings and list items between them.
inline = st.sampled_from(("**{}**", "*{}*", "[{}](https://example.org/x)", "{}"))
headlines = st.builds(
    lambda s, o: f"{s} {o}".rstrip("."), st.sampled_from(SUBJECTS), st.sampled_from(OBJECTS)
)
prose = st.builds(lambda p, fmt: fmt.format(p), paragraphs, inline)
article_pieces = st.one_of(prose, prose, prose, markdown_bits, headlines.map(lambda h: "## " + h))
articles = st.builds(
    lambda head, body, sep: sep.join([*head, *body]),
    st.lists(headlines, max_size=3),
    st.lists(article_pieces, min_size=1, max_size=10),
    st.sampled_from(("\n\n", "\n")),
)
# Markdown as converters from HTML write it: a bullet that opens a line of text escaped
# ("\- Weather"), among prose and names censored with asterisks (which
# make the body, cleaned again, read as Markdown).
escaped_items = st.builds(
    lambda marker, text: f"{marker} {text}",
    st.sampled_from(("\\-", "\\*", "\\+", "  \\-")),
    st.one_of(headlines, sentences, st.sampled_from(("Home", "World", "Weather", "Sport"))),
)
CENSORED = "Ro**** Le** Ma**** was named in the ruling the court published on Friday."
escaped_documents = st.builds(
    lambda head, body, sep: sep.join([*head, *body]),
    st.lists(headlines, max_size=2),
    st.lists(
        st.one_of(prose, escaped_items, escaped_items, markdown_bits, st.just(CENSORED)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(("\n\n", "\n")),
)
# Any string at all, surrogates and control characters included.
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=400)
texts = st.one_of(articles, documents, any_text)


@given(any_text)
def test_never_raises_on_any_string(text):
    result = clean(text)
    assert isinstance(result.body, str)
    assert json.dumps(result.to_dict())  # JSON-ready whatever came in


@given(st.binary(max_size=600))
def test_on_any_bytes_raises_nothing_but_decode_error(data):
    try:
        result = clean(data)
    except DecodeError as exc:
        assert isinstance(exc, InputError) and str(exc)
    else:
        assert isinstance(result.body, str)


@given(any_text)
def test_idempotent_on_any_text(text):
    once = clean(text).body
    assert clean(once).body == once


def _lines(body: str) -> list[str]:
    return [line for line in body.split("\n") if line]


@given(st.one_of(articles, documents))
def test_cleaning_again_only_removes(text):
    """A second pass never rewrites or reorders a line the first one kept: its body is the
    first body with some lines left out (text read as text stays text, repairs are
    stable). It may split a paragraph: a table's rows come out as lines without their
    outer pipes and are read again as paragraphs."""
    once = clean(text).body
    rest = iter(_lines(once))
    assert all(line in rest for line in _lines(clean(once).body))


def _known_differences(doc: Document) -> list[str]:
    """What makes a second pass differ for a reason this property leaves out: the body's
    stop words pointing to another language than the page's. The article stage settles
    that on the blocks it reads (not on those the user keeps), so it is not expected."""
    assert doc.result is not None
    kept = [b for b in doc.blocks if b.label == BODY]
    if language.detect_words(chain.from_iterable(b.words for b in kept)) != doc.language:
        return ["language"]
    return []


@settings(phases=[Phase.generate])  # report the class, do not spend time shrinking
@given(st.one_of(articles, documents))
def test_idempotent_on_news_shaped_documents(text):
    """Cleaning the body again gives the same body: what the first pass decided by where
    a block stands holds once the blocks it removed are gone."""
    doc = default_cleaner().run(text)
    assume(not _known_differences(doc))
    once = doc.result.body
    assert clean(once).body == once


def _short_list_items(doc: Document) -> bool:
    """A short list item kept for its list's sake: the body writes it without its marker,
    so a second pass judges it alone (pinned by test_a_short_list_item_keeps_its_list)."""
    t = Thresholds()
    return any(
        b.kind == "list_item"
        and b.label == BODY
        and (len(b.text) < t.short_chars or len(b.text.split()) < t.short_words)
        for b in doc.blocks
    )


@settings(phases=[Phase.generate])
@given(escaped_documents)
def test_idempotent_with_escaped_list_markers(text):
    """An escaped bullet read as plain text would stay in the body as a bullet, which a
    second pass reads as a list's and drops."""
    doc = default_cleaner().run(text, "markdown")
    assume(not _known_differences(doc) and not _short_list_items(doc))
    once = doc.result.body
    assert clean(once).body == once


@given(escaped_documents)
def test_an_escaped_list_marker_reads_as_the_list_item(text):
    """Escaped or not, a list marker that opens a line gives the same result."""
    plain = re.sub(r"(?m)^(\s*)\\", r"\1", text)
    assert clean(text, "markdown").body == clean(plain, "markdown").body


# The classes of second-pass removals fixed so far, each pinned by an example. The rule
# behind them: a decision that depends on where a block stands is settled on the blocks
# that stay, since those are all a second pass sees.

DEK = "N.Y. completes frantic comeback to extend unbeaten streak to 15"
PROSE = (
    "Brock Nelson's second goal of the game 2:55 into overtime capped a frantic comeback "
    "to lift the Islanders over the Penguins 5-4 on Tuesday night."
)
PROSE_2 = (
    "The Islanders trailed by two late in the third period before they tied it, and the "
    "crowd in Pittsburgh fell silent as the home side lost its lead."
)


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Nelson's OT goal lifts Isles", True),
        (DEK, True),  # "N.Y. c": an abbreviation, not a sentence break
        ("Is Football Violence a Crime?", True),
        ("U.S. Senate passes the budget bill", True),
        ("報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。", False),
        ("Nesta página você terá sempre a classificação atualizada da NASCAR!", False),
        ("Compensated by an advertiser. All opinions are mine alone", False),
        ("The council voted on Monday.", False),
        ("Pittsburgh", False),
    ],
)
def test_what_is_worded_like_a_headline(text, headline):
    assert _headline_text(text, Thresholds()) is headline


@pytest.mark.parametrize(
    ("shape", "run"),
    [("HP", 1), ("HHP", 2), ("HHHP", 0), ("H", 0), ("HH", 0), ("PH", 0), ("", 0)],
)
def test_a_headline_run_is_one_or_two_lines_before_text(shape, run):
    """Longer runs of short lines are lists; a run with nothing after it is all there is."""
    texts = {"H": "Nelson's OT goal lifts Isles", "P": PROSE}
    blocks = [Block(i, texts[c], texts[c]) for i, c in enumerate(shape)]
    assert _headline_run(blocks, Thresholds()) == run


def test_headline_and_subtitle_both_leave_the_body():
    text = f"Nelson's OT goal lifts Isles\n\n{DEK}\n\n{PROSE}\n\n{PROSE_2}"
    result = clean(text)
    assert result.title == "Nelson's OT goal lifts Isles"
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert ("title", "heuristic:subtitle", DEK) in {
        (r.category, r.rule, r.text) for r in result.removed
    }
    assert clean(result.body).body == result.body


# --- No invented text, no dependence on the process -----------------------------------------


def _words(text: str) -> set[str]:
    return set(WORD.findall(text))


# Markdown characters whose removal joins or splits words ("A\\_" is "A_", "__A__" is "A").
_JOINING_MARKUP = re.compile(r"[\\*_`~]")


@given(texts)
def test_no_invented_text(text):
    """Every word of the body is a word of the input once repaired (and, for HTML, with its
    entities read; for Markdown, with escapes and emphasis marks read): cleaning only
    removes."""
    result = clean(text)
    repaired, _ = repair_text(text, fixes_for(result.format))
    readings = (repaired, html.unescape(repaired), _JOINING_MARKUP.sub("", repaired))
    assert _words(result.body) <= set().union(*map(_words, readings))


_CHILD = """
import json, sys
from cleaner import clean
print(json.dumps([clean(t).to_dict() for t in json.load(sys.stdin)]))
"""


@settings(max_examples=1)
@given(st.lists(texts, min_size=30, max_size=30))
def test_same_result_in_other_processes(batch):
    """No dependence on hash order or timing: fresh processes with different hash seeds give
    the same results as this one."""
    here = json.loads(json.dumps([clean(t).to_dict() for t in batch]))
    for seed in ("1", "4242"):
        child = subprocess.run(
            [sys.executable, "-c", _CHILD],
            input=json.dumps(batch),
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        assert json.loads(child.stdout) == here


# --- Idempotence: each class of second-pass removals, pinned --------------------------------

ROUNDS = "\n\n".join(
    f"Round {i}: {day}"
    for i, day in enumerate(
        (
            "10 March, Interlagos",
            "8 April, Curitiba",
            "22 April, Velopark",
            "6 May, Londrina",
            "20 May, Santa Cruz",
        ),
        1,
    )
)


def test_no_headline_above_a_run_of_short_lines():
    """A line above three or more short lines is not taken for the headline: cleaned again,
    the run's first line would be, and the one after it, one per pass."""
    text = f"Stock car calendar 2018\n\n{ROUNDS}"
    result = clean(text)
    assert (result.title, result.body) == ("", text)
    assert clean(result.body).body == result.body


def test_a_headline_above_its_date_is_the_headline_above_a_list():
    text = f"Stock car calendar 2018\n\nUpdated: 2018-01-22 00:13\n\n{ROUNDS}"
    result = clean(text)
    assert (result.title, result.date, result.body) == (
        "Stock car calendar 2018",
        "2018-01-22 00:13",
        ROUNDS,
    )
    assert clean(result.body).body == result.body


def test_a_fragment_at_the_edge_of_the_core_goes_once_the_subtitle_has():
    """The subtitle opened the article's core and carried the fragment under it into the
    body; without the subtitle, the core starts at the prose."""
    text = f"Nelson's OT goal lifts Isles\n\n{DEK}\n\nPittsburgh\n\n{PROSE}\n\n{PROSE_2}"
    result = clean(text)
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert ("heuristic:neighbours", "Pittsburgh") in {(r.rule, r.text) for r in result.removed}
    assert clean(result.body).body == result.body


FURNITURE = "Share this article\n\nAdvertisement\n\nSkip to content\n\nSign up for our newsletter"


def test_a_date_line_below_page_furniture_is_in_the_articles_head():
    """Four lines of furniture push the date out of the page's first six blocks; it is the
    third block of the article, where a second pass would find it."""
    standfirst = "The Islanders came back from two goals down."
    text = (
        f"{FURNITURE}\n\nNelson's OT goal lifts Isles\n\n{standfirst}\n\n"
        f"November 19, 2019\n\n{PROSE}\n\n{PROSE_2}"
    )
    doc = Cleaner().run(text)
    result = doc.result
    assert (result.title, result.date) == ("Nelson's OT goal lifts Isles", "2019-11-19")
    assert result.body == f"{standfirst}\n\n{PROSE}\n\n{PROSE_2}"
    assert clean(result.body).body == result.body
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))  # places restored


def test_a_comments_policy_above_page_furniture_is_in_the_articles_tail():
    policy = "Comments are moderated and will appear after approval."
    text = f"{PROSE}\n\n{PROSE_2}\n\n{policy}\n\n{FURNITURE}\n\nNext article\n\n{FURNITURE}"
    result = clean(text)
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert ("comments.policy", policy) in {(r.rule, r.text) for r in result.removed}
    assert clean(result.body).body == result.body


def test_a_comments_footer_above_page_furniture_closes_the_thread():
    """The thread's footer is looked for in the document's second half; on the page, the
    furniture below made the article's last line fall in the first."""
    text = f"{PROSE}\n\n{PROSE_2}\n\nComments are closed.\n\n{FURNITURE}\n\nNext article"
    result = clean(text)
    assert result.body == f"{PROSE}\n\n{PROSE_2}"
    assert ("comments.thread", "Comments are closed.") in {(r.rule, r.text) for r in result.removed}
    assert clean(result.body).body == result.body


# --- Idempotence: what differed once for a reason outside the heuristics, pinned ---------


def test_a_tables_rows_are_read_again_as_a_table():
    """A Markdown table is one block whose rows keep their outer pipes, so that the body,
    read again as plain text, still holds one table."""
    table = "| Team | Goals |\n| Islanders | 5 |\n| Penguins | 4 |"
    once = clean(f"# Nelson's OT goal lifts Isles\n\n{PROSE}\n\n{table}\n\n{PROSE_2}").body
    assert "\n\n| Team | Goals |\n| Islanders | 5 |\n| Penguins | 4 |\n\n" in once
    assert clean(once).body == once


@pytest.mark.parametrize("fence", ["```", "~~~", "```python"])
def test_a_code_block_is_read_again_as_one_code_block(fence):
    """The body gives a code block between fences, which text and Markdown both read:
    without them its lines came back as one paragraph each."""
    code = f"{fence}\nfor team in teams:\n    print(team.goals)\n{fence[:3]}"
    once = clean(f"# Nelson's OT goal lifts Isles\n\n{PROSE}\n\n{code}\n\n{PROSE_2}").body
    assert once == f"{PROSE}\n\n```\nfor team in teams:\nprint(team.goals)\n```\n\n{PROSE_2}"
    assert clean(once).body == once
    assert clean(once, "text").body == clean(once, "markdown").body == once


@pytest.mark.xfail(strict=True, reason="known: Markdown drops a list's number, text keeps it")
def test_an_escaped_number_is_read_again_as_it_was():
    """An escaped number ("2\\. Step") stays text, number and all, as plain text keeps a
    numbered line's number; a body that reads as Markdown again (a censored name in it)
    reads the number as a list's, which Markdown drops. Markdown keeping the numbers of
    its lists, as text does, would end this; it changes every page with a numbered list,
    and is not yet measured."""
    text = f"{PROSE}\n\n1\\. Log in to the club's site\n\n{PROSE_2}\n\n{CENSORED}"
    once = clean(text, "markdown").body
    assert "1. Log in to the club's site" in once
    assert clean(once).body == once


@pytest.mark.xfail(strict=True, reason="known: the body writes list items without markers")
def test_a_short_list_item_keeps_its_list():
    """A two-word item closing a Markdown list is kept with its list; the body writes it as
    a line of its own, which a second pass judges alone and drops as too short. Writing
    list items with their markers would end this; it changes every page with a list."""
    text = f"{PROSE}\n\n- {PROSE_2}\n- Late trains\n\n# Other news"
    once = clean(text, "markdown").body
    assert once.endswith("Late trains")
    assert clean(once).body == once


def test_a_fence_without_its_pair_opens_no_code_block():
    """A lone fence would turn the rest of the document into code (Markdown's own rule),
    and the rest of the body would come out between fences."""
    doc = default_cleaner().run(f"{PROSE}\n\n```\n\n{PROSE_2}\n\n**{PROSE}**", "markdown")
    assert "code" not in {b.kind for b in doc.blocks}
    assert doc.result.body == f"{PROSE}\n\n{PROSE_2}\n\n{PROSE}"


def test_repair_reads_the_body_as_the_document_read():
    """Lines joined into one paragraph put "RåÃ" before a space, where repair reads
    mojibake that it did not read at the end of a line: the joined line is repaired
    when it is joined (an edit of the segment stage), so the body holds nothing more to
    repair."""
    line = "»2ńĻץB1LFø²Ħ"
    text = f"{line}\n\n{line}\n> a quoted line\n{line}\n\nRåÃ\n{line}\nRåÃ\n> a quoted line\n"
    result = clean(text)
    assert repair_text(result.body, fixes_for("text"))[0] == result.body
    assert "Råà" in result.body and ("segment", "mojibake") in {
        (e.stage, e.fix) for e in result.edits
    }
    assert clean(result.body).body == result.body
