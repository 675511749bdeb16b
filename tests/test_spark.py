"""cleaner.spark on a local[2] Spark: the DataFrame path gives what clean() gives."""

import pytest

from cleaner import Cleaner, clean
from cleaner.spark import RESULT_COLUMNS, clean_dataframe, cleaner_for

ARTICLE = (
    "Council keeps library open\n\n"
    "By Ann Lee and Bo Chan\n\n"
    "Share this article\n\n"
    "The council voted on Monday to keep the public library open for another year.\n\n"
    "Residents had campaigned for months, and the vote was closer than expected.\n\n"
    "Advertisement"
)
PAGE = (
    "<html><head><title>Council keeps library open</title></head><body><article>"
    "<h1>Council keeps library open</h1>"
    "<p>The council voted on Monday to keep the public library open for another year, "
    "after a long campaign by residents and staff.</p>"
    "<p>Residents had campaigned for months, and the vote was closer than expected, "
    "officials said on Tuesday.</p><p>Advertisement</p></article></body></html>"
)


def test_dataframe_rows_are_cleaned_as_clean_does(spark):
    rows = [(1, ARTICLE), (2, PAGE), (3, None), (4, "Short text.\n\nAnother line.")]
    df = spark.createDataFrame(rows, "id long, text string")  # local[2]: two partitions
    out = {r["id"]: r for r in clean_dataframe(df).collect()}
    assert set(out) == {1, 2, 3, 4}
    assert list(out[1].asDict())[:2] == ["id", "text"]  # input columns kept, in front
    for i in (1, 2, 4):
        expected = clean(dict(rows)[i])
        row = out[i]
        assert row["error"] is None
        assert row["body"] == expected.body
        assert row["authors"] == expected.authors
        assert row["removed_categories"] == list(
            dict.fromkeys(r.category for r in expected.removed)
        )
        assert [r["rule"] for r in row["removed"]] == [r.rule for r in expected.removed]
    assert out[1]["authors"] == ["Ann Lee", "Bo Chan"]
    assert "share_widget" in out[1]["removed_categories"]
    assert out[2]["format"] == "html" and out[2]["title"] == "Council keeps library open"
    assert out[3]["body"] is None and out[3]["error"] == "no text"


def test_options_and_prefix_reach_the_executors(spark):
    df = spark.createDataFrame(
        [(ARTICLE, "Council keeps library open")], "text string, title string"
    )
    with pytest.raises(ValueError, match="title"):
        clean_dataframe(df)
    row = clean_dataframe(df, disable={"share_widget"}, prefix="clean_").first()
    assert row["title"] == "Council keeps library open"  # the input's own column
    local = Cleaner(disable={"share_widget"}).clean(ARTICLE)
    assert [r["rule"] for r in row["clean_removed"]] == [r.rule for r in local.removed]
    assert "share_widget" not in row["clean_removed_categories"]
    assert "share_widget" in {r.category for r in clean(ARTICLE).removed}  # it did matter
    assert [c for c in row.asDict() if c.startswith("clean_")] == [
        "clean_" + name for name in RESULT_COLUMNS
    ]


def test_binary_column_is_decoded(spark):
    df = spark.createDataFrame([(ARTICLE.encode("utf-8"),)], "text binary")
    row = clean_dataframe(df).first()
    assert row["body"] == clean(ARTICLE).body


def test_missing_column_is_named():
    class Frame:  # clean_dataframe checks columns before touching Spark
        columns = ("id", "content")

    with pytest.raises(ValueError, match="'text'"):
        clean_dataframe(Frame())  # type: ignore[arg-type]


def test_cleaner_is_built_once_per_worker_and_options():
    options = ((), ("caption",), ())
    assert cleaner_for(options) is cleaner_for(options)
    assert isinstance(cleaner_for(options), Cleaner)
    assert cleaner_for(options) is not cleaner_for(((), (), ()))
