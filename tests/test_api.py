"""The library API: clean(str | bytes, format=...), the result, the Cleaner object."""

import json
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from cleaner import STAGE_NAMES, Cleaner, clean

TEXT = (
    "Share this article\n\n"
    "The council voted on Monday to keep the public library open for another year.\n\n"
    "Residents had campaigned for months, and the vote was closer than expected.\n\n"
    "Advertisement"
)


def test_stages_declared_in_order():
    assert STAGE_NAMES == (
        "decode",
        "extract",
        "repair",
        "markup",
        "segment",
        "rules",
        "regions",
        "features",
        "neighbours",
        "article",
        "assemble",
    )


def test_str_and_bytes_give_the_same_result():
    assert clean(TEXT).body == clean(TEXT.encode("utf-8")).body
    assert clean(TEXT.encode("utf-8")).encoding == "utf-8"


def test_removed_blocks_carry_category_and_rule():
    result = clean(TEXT)
    assert result.body.startswith("The council voted")
    assert {(r.category, r.rule) for r in result.removed} >= {
        ("share_widget", "share.prompt"),
        ("advertisement", "junk.advertisement"),
    }


def test_to_dict_is_json_ready():
    data = clean(TEXT).to_dict()
    assert json.loads(json.dumps(data))["body"] == data["body"]
    assert {"title", "authors", "date", "source", "url", "comments", "removed", "edits"} <= set(
        data
    )


def test_explicit_format_wins():
    md = "Read **this** [now](https://x.org) please, the mayor told the council on Monday."
    assert "**" in clean(md, format="text").body
    assert "**" not in clean(md, format="markdown").body


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="format"):
        clean("x", format="pdf")


def test_html_goes_through_the_adapter():
    html = (
        "<html><head><title>Council keeps library open</title></head><body><article>"
        "<h1>Council keeps library open</h1>"
        + "".join(
            f"<p>The council voted on Monday to keep the public library open, "
            f"residents said, in paragraph {i} of the story.</p>"
            for i in range(6)
        )
        + "<p>Advertisement</p></article></body></html>"
    )
    result = clean(html)
    assert result.format == "html"
    assert result.title == "Council keeps library open"
    assert "paragraph 5 of the story" in result.body
    assert "Advertisement" not in result.body


def test_keep_and_disable():
    assert "Advertisement" in Cleaner(keep={"advertisement"}).clean(TEXT).body

    def rules_used(cleaner):
        return {r.rule for r in cleaner.clean(TEXT).removed}

    assert "junk.advertisement" in rules_used(Cleaner())
    for name in ("junk.advertisement", "advertisement", "junk"):  # id, category, pack
        assert "junk.advertisement" not in rules_used(Cleaner(disable={name}))
    assert "share.prompt" not in rules_used(Cleaner(disable={"share"}))


def test_nbsp_becomes_space_and_is_recorded():
    result = clean("The vote\u00a0was close on Monday, officials of the council said.")
    assert "\u00a0" not in result.body
    assert [e.fix for e in result.edits] == ["odd_spaces"]


def _body(text: str) -> str:
    return clean(text).body


def test_works_in_worker_processes():
    cleaner = Cleaner()
    assert pickle.loads(pickle.dumps(cleaner)).clean(TEXT).body == clean(TEXT).body
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(_body, [TEXT, TEXT])) == [clean(TEXT).body] * 2


def test_idempotent_on_seed_like_text():
    once = clean(TEXT).body
    assert clean(once).body == once


@pytest.mark.parametrize("data", [b"", "", "\n\n", "   ", "-"])
def test_empty_and_blank_documents_give_an_empty_body(data):
    assert clean(data).body == ""


KEEP_LEAD = (
    "The regional council approved a new budget on Tuesday evening, raising spending on "
    "rural schools, by about a fifth again."
)
KEEP_CAPTION = (
    "Farmers gather outside the council building on Tuesday morning as members arrive for "
    "the vote on the budget, which had been delayed twice this year because of disagreements "
    "over the cost of repairing rural roads and bridges in the hills, officials said. Many "
    "stayed until late."
)
KEEP_REST = (
    "Officials said the money would come from a reserve fund built up over the last decade, "
    "and that taxes would not rise this year."
)


# A credit a rule takes (in the rules stage), and one the caption's shape gives away (regions).
@pytest.mark.parametrize(
    ("credit", "stage"), [("(Photo: Agency)", "rules"), ("(Ann Lee / Agency)", "regions")]
)
@pytest.mark.parametrize("rest", [[], [KEEP_REST]], ids=["alone", "before more text"])
def test_keep_applies_before_the_page_is_weighed(credit, stage, rest):
    """A 121-character lead above a 280-character caption: the caption goes (by a rule or
    by its shape); kept, it stays where it stood, and the lead above it stays either way."""
    caption = f"{KEEP_CAPTION[: 279 - len(credit)].rstrip()} {credit}"
    assert (len(KEEP_LEAD), len(caption)) == (121, 280)
    text = "\n\n".join([KEEP_LEAD, caption, *rest])
    removed = Cleaner().clean(text)
    assert removed.body == "\n\n".join([KEEP_LEAD, *rest])
    assert [(r.category, r.stage, r.text) for r in removed.removed] == [("caption", stage, caption)]
    kept = Cleaner(keep={"caption"}).clean(text)
    assert (kept.body, kept.removed) == (text, [])
