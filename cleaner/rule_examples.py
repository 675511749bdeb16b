"""Run a rule's own examples, and find the guards no example defends.

A rule's examples are texts it must remove, look-alikes it must keep, whole documents with
the exact body it leaves (cleaned again, that body is unchanged), and the texts that single
branches of a pattern stand for. Each is run on the rule alone, without heuristics.

A guard (``max_words``, ``where``, ``max_blocks``, ``case_sensitive``, the ``^`` and ``$``
anchors of a pattern) is defended when taking it away makes some example fail: an example
shows what it is there for. Used by the test suite and by ``cleaner rules test``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from cleaner.model import BODY, Document
from cleaner.pipeline import Cleaner, Config
from cleaner.ruleset import FIELD_OF_KEY, UNBOUNDED, Rule, RuleSet, compile_source

REMOVE, KEEP, DOCUMENT, BRANCH = "remove", "keep", "document", "branch"


def examples(rule: Rule) -> Iterator[tuple[str, int, Any]]:
    """(expectation, number, example) for each of the rule's examples."""
    for expect, items in (
        (REMOVE, rule.remove_examples),
        (KEEP, rule.keep_examples),
        (DOCUMENT, rule.documents),
        (BRANCH, rule.branch_examples),
    ):
        for number, example in enumerate(items):
            yield expect, number, example


def _cleaner(rule: Rule) -> Cleaner:
    return Cleaner(rules=RuleSet((rule,)), config=Config(heuristics=False))


def run_alone(rule: Rule, text: str, cleaner: Cleaner | None = None) -> Document:
    """The document after this one rule, with no heuristics."""
    return (cleaner or _cleaner(rule)).run(text)


def check_example(
    rule: Rule, expect: str, example: Any, cleaner: Cleaner | None = None
) -> str | None:
    """None when the rule does what the example says; else what went wrong."""
    cleaner = cleaner or _cleaner(rule)
    if expect == DOCUMENT:
        return _check_document(rule, example, cleaner)
    if expect == BRANCH:
        return _check_branch(rule, example, cleaner)
    text, value = (
        (example["text"], example.get("value")) if isinstance(example, dict) else (example, None)
    )
    doc = run_alone(rule, text, cleaner)
    kept = [b.text for b in doc.blocks if b.label == BODY]
    touched = [b.text for b in doc.blocks if b.label != BODY] + [r.text for r in doc.removed]
    if expect == REMOVE:
        if kept:
            return f"{rule.id}: kept {kept!r} of remove example {text!r}"
        if value is not None and doc.meta.get(rule.field) != value:
            return f"{rule.id}: {rule.field} is {doc.meta.get(rule.field)!r}, expected {value!r}"
    elif touched:
        return f"{rule.id}: removed {touched!r} from keep example {text!r}"
    return None


def _body(rule: Rule, text: str, cleaner: Cleaner) -> str:
    result = run_alone(rule, text, cleaner).result
    assert result is not None
    return result.body


def _check_document(rule: Rule, document: dict[str, Any], cleaner: Cleaner) -> str | None:
    expected = document.get("body", document["text"]).strip()
    body = _body(rule, document["text"], cleaner)
    if body != expected:
        return f"{rule.id}: document {document['text'][:40]!r}... gave body {body!r}"
    if (again := _body(rule, body, cleaner)) != body:
        return f"{rule.id}: its body cleaned again changed: {again!r}"
    return None


def _check_branch(rule: Rule, branch: dict[str, str], cleaner: Cleaner) -> str | None:
    """The branch's text is removed by the rule and matched by the branch alone."""
    key, source, text = branch["key"], branch["re"], branch["text"]
    if not compile_source(source, rule.case_sensitive).search(text):
        return f"{rule.id}: {key} branch {source[:40]!r} does not match its example {text!r}"
    return check_example(rule, REMOVE, text, cleaner)


def problems(rule: Rule) -> list[str]:
    """What goes wrong with the rule's examples (nothing: an empty list)."""
    cleaner = _cleaner(rule)
    found = (check_example(rule, expect, ex, cleaner) for expect, _, ex in examples(rule))
    return [p for p in found if p]


# --- guards ---------------------------------------------------------------------------


def strip_anchor(source: str, anchor: str) -> str:
    """``source`` without its ``anchor`` (``^`` or ``$``) assertions; escaped characters and
    character classes (where ``^`` negates) are left as they are."""
    out, i, first = [], 0, -1  # first: where the open class's members start (-1: no class)
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if first >= 0:
            if ch == "]" and i > first:  # a "]" first in a class is a member
                first = -1
        elif ch == "[":
            first = i + 1 + (source[i + 1 : i + 2] == "^")
        elif ch == anchor:
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def guards(rule: Rule) -> list[str]:
    """The guards the rule carries: its keys, then each pattern's anchors (``KEY ^``)."""
    anchored = [
        f"{key} {anchor}"
        for key, source in rule.sources
        for anchor in "^$"
        if strip_anchor(source, anchor) != source
    ]
    return [*rule.guards, *anchored]


def without_guard(rule: Rule, guard: str) -> Rule:
    """The rule with one guard taken away (in memory)."""
    if guard == "max_words":
        return replace(rule, max_words=0)
    if guard == "where":
        return replace(rule, where="any")
    if guard == "max_blocks":
        return replace(rule, max_blocks=UNBOUNDED)
    if guard == "case_sensitive":
        return _recompiled(replace(rule, case_sensitive=False), rule.sources)
    key, anchor = guard.split()
    sources = tuple((k, strip_anchor(s, anchor) if k == key else s) for k, s in rule.sources)
    return _recompiled(rule, sources)


def _recompiled(rule: Rule, sources: tuple[tuple[str, str], ...]) -> Rule:
    patterns = {FIELD_OF_KEY[k]: compile_source(s, rule.case_sensitive) for k, s in sources}
    return replace(rule, sources=sources, **patterns)


def undefended(rule: Rule) -> list[str]:
    """The guards of the rule that no example defends: without any one of them, every
    example still passes."""
    before = set(problems(rule))  # examples that fail anyway defend nothing
    return [g for g in guards(rule) if set(problems(without_guard(rule, g))) <= before]
