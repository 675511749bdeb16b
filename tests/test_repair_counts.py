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


# Lines of what the fixes act on: breaks, entities, mojibake, odd and zero-width spaces,
# joiners beside Arabic and emoji, soft hyphens, tabs, combining marks.
PIECES = [
    "a",
    "b",
    " ",
    "\t",
    "\r",
    "\u2028",
    "\u2029",
    "&amp;",
    "&#8217;",
    "&lt;",
    "\u00c3\u00a9",
    "\u00e2\u20ac\u2122",
    "\u00a0",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u0628",
    "\U0001f468",
    "\u00ad",
    "e\u0301",
    "\u0301",
    ".",
    "\x00",
    "\u0413\u0403",
]
LINE = st.lists(st.sampled_from(PIECES), max_size=10).map("".join)


@given(st.lists(LINE, min_size=1, max_size=6), st.sampled_from(["text", "markdown", "html"]))
def test_each_fix_reads_a_line_and_the_breaks_around_it_only(lines, fmt):
    """What `repair_text` relies on to skip a second round over lines the first left alone:
    each fix gives a text what it gives each of its lines, read between its line breaks."""
    from cleaner.repair import fixes_for

    text, last = "\n".join(lines), len(lines) - 1
    for name, fix in fixes_for(fmt):
        alone = []
        for k, line in enumerate(lines):
            fixed = fix("\n" * (k > 0) + line + "\n" * (k < last))
            alone.append(fixed[k > 0 : len(fixed) - (k < last)])
        assert fix(text) == "\n".join(alone), name


def test_a_long_text_repairs_each_line_as_alone():
    """A second round reads only the lines the first changed: in a long text, a line that
    needs one (a soft hyphen hid mojibake from ftfy) and one that does not are repaired, and
    counted, as each alone."""
    lines = ["caf\u00ad\u00c3\u00a9s open", "a\u00a0space"]
    for changed in (lines, lines[1:]):
        text = "\n".join(["Plain prose here."] * 300 + changed + ["More prose."] * 300)
        fixed, edits = repair_text(text)
        assert repair_text(fixed) == (fixed, [])  # settled: nothing left for another round
        alone = [repair_text(line) for line in changed]
        assert fixed.split("\n")[300 : 300 + len(changed)] == [t for t, _ in alone]
        counts = Counter()
        for _, line_edits in alone:
            counts.update({e.fix: e.count for e in line_edits})
        assert {e.fix: e.count for e in edits} == counts
