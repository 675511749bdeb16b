"""The repair's count of touched characters reads only the changed part of a text: it must
count what the whole-text formula counts."""

from collections import Counter
from operator import ne

from hypothesis import given
from hypothesis import strategies as st

from cleaner.repair import _changed_chars, _common_prefix, repair_text

TEXT = st.text(alphabet="ab \nc\u00e9\u00ad", max_size=40)


def _whole_text_count(before: str, after: str) -> int:
    if len(before) == len(after):
        return sum(map(ne, before, after))
    old, new = Counter(before), Counter(after)
    return max((old - new).total(), (new - old).total())


@given(TEXT, TEXT, TEXT)
def test_the_count_is_the_whole_text_count(head, middle, tail):
    before = head + middle + tail
    for after in (head + middle[::-1] + tail, head + tail, head + middle + middle + tail):
        assert _changed_chars(before, after) == _whole_text_count(before, after)
        assert _changed_chars(after, before) == _whole_text_count(after, before)


@given(TEXT, TEXT)
def test_common_prefix(a, b):
    n = _common_prefix(a, b)
    assert a[:n] == b[:n]
    assert n == min(len(a), len(b)) or a[n] != b[n]


def test_a_long_text_with_one_repair_counts_that_repair():
    text = "A line of plain text.\n" * 5000 + "caf\u00c3\u00a9\n" + "More text.\n" * 5000
    fixed, edits = repair_text(text)
    assert "café" in fixed
    assert [(e.fix, e.count) for e in edits] == [("mojibake", 2)]
