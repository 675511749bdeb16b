"""Every example of every shipped rule: ``pytest -k RULE_ID`` runs one rule's. Each guard a
shipped rule carries is defended by an example that fails without it."""

import dataclasses

import pytest

from cleaner.pipeline import default_rules
from cleaner.rule_examples import (
    check_example,
    examples,
    guards,
    problems,
    strip_anchor,
    undefended,
    without_guard,
)

RULES = default_rules().rules
CASES = [
    pytest.param(rule, expect, example, id=f"{rule.id}-{expect}-{number}")
    for rule in RULES
    for expect, number, example in examples(rule)
]


@pytest.mark.parametrize(("rule", "expect", "example"), CASES)
def test_rule_example(rule, expect, example):
    assert check_example(rule, expect, example) is None


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_guard_is_defended(rule):
    """Take away any one guard and some example of the rule fails (the language packs'
    are composed by rules/i18n/make_packs.py from each language's prose)."""
    assert undefended(rule) == []


def test_every_rule_has_both_kinds_of_example_and_says_where_they_come_from():
    assert len(RULES) >= 15
    for rule in RULES:
        assert rule.remove_examples and rule.keep_examples, rule.id
        assert rule.provenance, rule.id


def test_the_shipped_rules_carry_guards_of_every_sort():
    carried = {g.split()[-1] if " " in g else g for r in RULES for g in guards(r)}
    assert carried == {"max_words", "where", "max_blocks", "case_sensitive", "^", "$"}


def test_a_wrong_example_is_caught():
    """The example runner itself can fail: a keep example that the rule removes."""
    rule = next(r for r in RULES if r.id == "donation.support_outlet")
    assert check_example(rule, "keep", "Support The Harbour Gazette!") is not None
    assert check_example(rule, "remove", "Support for the bill fell.") is not None


def test_a_wrong_document_is_caught():
    rule = next(r for r in RULES if r.id == "comments.thread")
    doc = {"text": "The vote passed.\n\nComments are closed.", "body": "The vote passed."}
    assert check_example(rule, "document", doc) is None
    assert check_example(rule, "document", {**doc, "body": doc["text"]}) is not None


def test_a_branch_must_match_its_own_example():
    rule = next(r for r in RULES if r.branch_examples)
    branch = rule.branch_examples[0]
    assert check_example(rule, "branch", branch) is None
    other = next(b["text"] for b in rule.branch_examples[1:] if b["re"] != branch["re"])
    assert "does not match" in check_example(rule, "branch", {**branch, "text": other})


def test_an_undefended_guard_is_reported():
    """A rule stripped of the examples that defend its guards has them all undefended."""
    rule = next(r for r in RULES if r.id == "metadata.byline")
    bare = dataclasses.replace(
        rule,
        keep_examples=("By the end of the year, prices had doubled.",),
        documents=(),
    )
    assert set(undefended(bare)) >= {"where", "pattern ^"}
    assert "where" not in undefended(rule)


def test_without_guard_takes_one_guard_away():
    rule = next(r for r in RULES if r.id == "related.list")
    assert without_guard(rule, "max_blocks").max_blocks > 10**6
    assert without_guard(rule, "max_words").max_words == 0
    loose = without_guard(rule, "start ^")
    assert loose.start.search("She reads the top stories")
    assert not rule.start.search("She reads the top stories")
    assert problems(loose)


@pytest.mark.parametrize(
    ("source", "anchor", "stripped"),
    [
        (r"^a$|^b$", "^", r"a$|b$"),
        (r"^a$|^b$", "$", r"^a|^b"),
        (r"[^x]\^\$", "^", r"[^x]\^\$"),
        (r"[]^$]x$", "$", r"[]^$]x"),
        (r"(?:^|\s)y", "^", r"(?:|\s)y"),
    ],
)
def test_strip_anchor_leaves_classes_and_escapes(source, anchor, stripped):
    assert strip_anchor(source, anchor) == stripped
