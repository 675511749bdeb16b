"""The encoding corpus (issue 5): every damaged copy cleans to the original's body, every
correct original comes out unchanged, and the same text gives the same body in every format.

`python tests/encoding_corpus.py` prints the table per mechanism.
"""

import pytest
from encoding_corpus import (
    LEGACY,
    cases,
    damageable,
    mechanisms,
    originals,
    run_case,
    same_body_across_formats,
    unchanged,
)

CASES = cases()


def _first_difference(expected: str, got: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), None)
    at = min(len(expected), len(got)) if at is None else at
    return f"at {at}: expected {expected[at - 30 : at + 30]!r}, got {got[at - 30 : at + 30]!r}"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_damage_is_restored(case):
    outcome = run_case(case)
    assert outcome.restored, _first_difference(outcome.expected, outcome.got)


@pytest.mark.parametrize("orig", originals(), ids=lambda o: o.name)
def test_correct_original_is_left_alone(orig):
    same, repaired = unchanged(orig)
    assert same, _first_difference(orig.text, repaired)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
@pytest.mark.parametrize("orig", damageable(), ids=lambda o: o.name)
def test_same_body_in_every_format(orig, fmt):
    assert same_body_across_formats(orig)[fmt]


def test_every_mechanism_has_cases():
    counted = {case.mechanism for case in CASES}
    assert counted == set(mechanisms())


def test_corpus_covers_the_issue_languages_and_encodings():
    scripts = {o.script for o in damageable()}
    assert {"latin", "ru", "zh", "zh-Hant", "ja", "ko"} <= scripts
    assert any(o.name.startswith("own/de") for o in damageable())
    legacy = {c.mechanism.removeprefix("legacy: ") for c in CASES if "legacy: " in c.mechanism}
    assert legacy == {codec for codecs in LEGACY.values() for codec in codecs}
