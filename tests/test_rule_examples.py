"""Every example of every shipped rule: ``pytest -k RULE_ID`` runs one rule's."""

import pytest

from cleaner.pipeline import default_rules
from cleaner.rule_examples import check_example, examples

CASES = [
    pytest.param(rule, expect, example, id=f"{rule.id}-{expect}-{number}")
    for rule in default_rules().rules
    for expect, number, example in examples(rule)
]


@pytest.mark.parametrize(("rule", "expect", "example"), CASES)
def test_rule_example(rule, expect, example):
    assert check_example(rule, expect, example) is None


def test_every_rule_has_both_kinds_of_example():
    rules = default_rules().rules
    assert len(rules) >= 15
    for rule in rules:
        assert rule.remove_examples and rule.keep_examples, rule.id


def test_a_wrong_example_is_caught():
    """The example runner itself can fail: a keep example that the rule removes."""
    rule = next(r for r in default_rules().rules if r.id == "donation.support_outlet")
    assert check_example(rule, "keep", "Support The Moscow Times!") is not None
    assert check_example(rule, "remove", "Support for the bill fell.") is not None
