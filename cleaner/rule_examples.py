"""Run a rule's own examples: texts it must remove and look-alikes it must keep.

Used by the test suite (one test per example) and by ``cleaner rules test``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleaner.model import BODY, Document
from cleaner.pipeline import Cleaner, Config
from cleaner.ruleset import Rule, RuleSet


def examples(rule: Rule) -> Iterator[tuple[str, int, Any]]:
    """(expectation, number, example) for each of the rule's examples."""
    for expect, items in (("remove", rule.remove_examples), ("keep", rule.keep_examples)):
        for number, example in enumerate(items):
            yield expect, number, example


def run_alone(rule: Rule, text: str) -> Document:
    """The document after this one rule, with no heuristics."""
    cleaner = Cleaner(rules=RuleSet((rule,)), config=Config(heuristics=False))
    return cleaner.run(text)


def check_example(rule: Rule, expect: str, example: Any) -> str | None:
    """None when the rule does what the example says; else what went wrong."""
    text, value = (
        (example["text"], example["value"]) if isinstance(example, dict) else (example, None)
    )
    doc = run_alone(rule, text)
    kept = [b.text for b in doc.blocks if b.label == BODY]
    touched = [b.text for b in doc.blocks if b.label != BODY] + [r.text for r in doc.removed]
    if expect == "remove":
        if rule.kind == "span":
            if not doc.removed:
                return f"{rule.id}: nothing cut from {text!r}"
        elif kept:
            return f"{rule.id}: kept {kept!r} of remove example {text!r}"
        if value is not None and doc.meta.get(rule.field) != value:
            return f"{rule.id}: {rule.field} is {doc.meta.get(rule.field)!r}, expected {value!r}"
    elif touched:
        return f"{rule.id}: removed {touched!r} from keep example {text!r}"
    return None
