"""The boundary between rules and heuristics: rules read blocks by position in a view, the
pipeline settles the article in bounded rounds, and each removal names its stage."""

import pytest

from cleaner import pipeline
from cleaner.model import Block, Document
from cleaner.pipeline import STAGE_NAMES, default_cleaner, default_rules
from cleaner.rule_kinds import APPLY, Kind, View

LEAD = (
    "The council voted on Monday to keep the central library open for at least another "
    "year, reversing a plan to close it in the summer after a long campaign."
)
MORE = (
    "Dozens of residents spoke at the meeting, many of them parents who said the reading "
    "room was the only quiet place their families could use after school each day."
)
MENU = "\n\n".join(["Home", "World", "Sport", "Local", "Weather", "Opinion", "Jobs"])
# The byline stands eight blocks down the page, out of its head, but second in the article.
PUSHED_BYLINE = f"{MENU}\n\n{LEAD}\n\nBy Ann Lee\n\n{MORE}\n\n{LEAD}"


def test_stages_show_the_design():
    """Rules on the page, then regions, the two heuristic passes, and the article settled."""
    order = ("rules", "regions", "features", "neighbours", "article", "assemble")
    assert tuple(name for name in STAGE_NAMES if name in order) == order


def test_a_head_rule_reads_the_articles_head_in_the_article_stage():
    doc = default_cleaner().run(PUSHED_BYLINE)
    assert doc.result.authors == ["Ann Lee"]
    assert "By Ann Lee" not in doc.result.body
    byline = next(r for r in doc.result.removed if r.text == "By Ann Lee")
    assert (byline.rule, byline.stage) == ("metadata.byline", "article")
    assert doc.settled == [1, 0]  # one round removed the byline, the next found nothing


def test_the_settling_rounds_are_bounded(monkeypatch):
    monkeypatch.setattr(pipeline, "SETTLE_ROUNDS", 1)
    doc = default_cleaner().run(PUSHED_BYLINE)
    assert doc.settled == [1]


def test_explain_tells_the_rounds():
    from cleaner.explain import explain

    doc = default_cleaner().run(PUSHED_BYLINE)
    lines = list(explain(doc, default_cleaner(), "page"))
    assert "article settled in 2 rounds (blocks removed: 1, 0)" in lines


def _rule(rule_id: str):
    return next(r for r in default_rules().rules if r.id == rule_id)


def test_rule_kinds_read_a_views_blocks_by_position_not_by_index():
    """The view is the article: its blocks keep their places on the page (``index``)."""
    texts = ["Home", "By Ann Lee", LEAD, MORE]
    blocks = [Block(40 + 7 * k, text, text) for k, text in enumerate(texts)]
    doc = Document(data="", blocks=[])
    APPLY["field"](_rule("metadata.byline"), View(doc, blocks, "article"))
    assert doc.meta["authors"] == ["Ann Lee"]
    assert (blocks[1].decided_by, blocks[1].stage) == ("metadata.byline", "article")
    assert [b.index for b in blocks] == [40, 47, 54, 61]  # untouched


def test_a_head_rule_leaves_a_view_past_its_head():
    texts = [LEAD] * 6 + ["By Ann Lee", MORE]
    blocks = [Block(k, text, text) for k, text in enumerate(texts)]
    doc = Document(data="", blocks=blocks)
    APPLY["field"](_rule("metadata.byline"), View.page(doc))
    assert "authors" not in doc.meta and blocks[6].is_open


@pytest.mark.parametrize("keep", [(), ("byline",)])
def test_a_kept_category_does_not_keep_the_rounds_going(keep):
    """A block the user keeps is body but not open; it must not count as a change."""
    cleaner = pipeline.Cleaner(keep=keep)
    doc = cleaner.run(PUSHED_BYLINE)
    assert doc.settled[-1] == 0 and len(doc.settled) <= 2
    assert ("By Ann Lee" in doc.result.body) is bool(keep)


def test_the_article_reads_only_the_rules_the_page_may_set_off(monkeypatch):
    """The rules stage screens the page once for the head and tail rules too
    (``Document.settle_rules``): the article's blocks are the page's, so a rule none of
    whose triggers can match a block of the page is not screened again in each round. The
    results are those of screening every round."""
    from conftest import SAMPLES

    texts = [PUSHED_BYLINE] + [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    docs = [default_cleaner().run(t) for t in texts]
    assert all(doc.settle_rules is not None for doc in docs)
    placed = {id(rule) for rule in default_cleaner().placed_rules}
    assert any(doc.settle_rules < placed for doc in docs)  # most rules are left out
    results = [doc.result.to_dict() for doc in docs]
    monkeypatch.setattr(pipeline, "EDITS_TEXT", frozenset({"no such kind"}))  # off
    again = [default_cleaner().run(t) for t in texts]
    assert all(doc.settle_rules is None for doc in again)
    assert [doc.result.to_dict() for doc in again] == results


class _UnwrapKind(Kind):
    """A kind made for the test that edits text: it takes a bracketed tag off a block's
    start, so that the rules after it read the block without it."""

    name = "unwrap"
    edits_text = True

    def apply(self, rule, view):
        for block in view.blocks:
            if block.is_open and rule.pattern.search(block.text):
                block.text = rule.pattern.sub("", block.text)


@pytest.mark.parametrize("where", ["tail", "head"])
def test_a_rule_after_one_that_edits_text_reads_the_edited_text(monkeypatch, where):
    """The article's head and tail are screened once for all their rules, and again after
    a rule that edits text: a rule that only the edited text sets off still fires."""
    from types import SimpleNamespace

    import regex

    from cleaner.rule_kinds import KINDS
    from cleaner.ruleset import Rule
    from cleaner.screen import Screen

    monkeypatch.setitem(KINDS, "unwrap", _UnwrapKind())
    flags = regex.V0 | regex.IGNORECASE
    unwrap, drop = (
        Rule(
            id=f"t.{kind}",
            category="promo",
            kind=kind,
            why="-",
            pack="t",
            where=where,
            pattern=regex.compile(source, flags),
        )
        for kind, source in (("unwrap", r"^\[promo\] "), ("block", r"^Sponsored link$"))
    )
    texts = [LEAD, MORE] * 2
    texts.insert(0 if where == "head" else len(texts), "[promo] Sponsored link")
    for rules, dropped in (((unwrap, drop), True), ((drop,), False)):
        blocks = [Block(k, text, text) for k, text in enumerate(texts)]
        doc = Document(data="", blocks=blocks)
        cleaner = SimpleNamespace(screen=Screen(rules))
        pipeline._article_rules(doc, cleaner, rules, blocks)
        promo = next(b for b in blocks if "Sponsored" in b.text)
        assert promo.is_open is not dropped, rules
        assert (promo.text == "Sponsored link") is dropped
