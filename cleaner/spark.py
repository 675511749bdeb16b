"""Clean a text column of a Spark DataFrame, on as many executors as the cluster has.

    from cleaner.spark import clean_dataframe
    cleaned = clean_dataframe(spark.read.json("news/*.jsonl"), "text")

Rows go through ``mapInPandas`` a batch at a time. Each executor's Python worker builds
its `Cleaner` once, on the first batch, and keeps it for every batch after (building one
loads and compiles the rule packs). The input columns are kept; the result's fields are
added beside them. A row that cannot be cleaned keeps its input, gets nulls in the added
columns and the reason in ``error``: one bad document does not stop the job.

Needs the ``spark`` extra (``pip install 'cleaner[spark]'``) on the driver and on every
executor.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cleaner.pipeline import Cleaner

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructField

# The columns clean_dataframe adds, in order.
RESULT_COLUMNS = (
    "body",
    "title",
    "authors",
    "date",
    "source",
    "url",
    "comments",
    "removed_categories",
    "removed",
    "format",
    "language",
    "error",
)
_LISTS = frozenset({"authors", "comments", "removed_categories"})  # array<string>

Options = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_CLEANERS: dict[Options, Cleaner] = {}  # per Python worker process: built once, reused


def cleaner_for(options: Options) -> Cleaner:
    """The worker's `Cleaner` for these options (packs, keep, disable), built on first use."""
    cleaner = _CLEANERS.get(options)
    if cleaner is None:
        packs, keep, disable = options
        cleaner = _CLEANERS[options] = Cleaner(packs=packs, keep=keep, disable=disable)
    return cleaner


def clean_row(cleaner: Cleaner, data: Any, format: str | None) -> dict[str, Any]:
    """The added columns for one document (str or bytes); nulls and ``error`` when the
    document cannot be cleaned."""
    if data is None or (isinstance(data, float) and math.isnan(data)):  # pandas' null
        return {"error": "no text"}
    if not isinstance(data, str | bytes | bytearray):
        return {"error": f"not text: a {type(data).__name__}"}
    try:
        result = cleaner.clean(bytes(data) if isinstance(data, bytearray) else data, format)
    except Exception as exc:  # one bad row must not fail the partition
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "body": result.body,
        **result.metadata(),
        "comments": result.comments,
        "removed_categories": list(dict.fromkeys(r.category for r in result.removed)),
        "removed": [
            {"text": r.text, "category": r.category, "rule": r.rule} for r in result.removed
        ],
        "format": result.format,
        "language": result.stats.get("language", ""),
        "error": None,
    }


def clean_batches(
    batches: Iterable[pd.DataFrame],
    text_col: str,
    options: Options,
    format: str | None,
    prefix: str = "",
) -> Iterator[pd.DataFrame]:
    """The function mapInPandas runs on each partition: every batch with its added columns."""
    import pandas as pd

    cleaner = cleaner_for(options)
    names = [prefix + name for name in RESULT_COLUMNS]
    for batch in batches:
        rows = [clean_row(cleaner, data, format) for data in batch[text_col]]
        added = pd.DataFrame.from_records(
            [[row.get(name) for name in RESULT_COLUMNS] for row in rows],
            columns=names,
            index=batch.index,
        )
        yield pd.concat([batch, added], axis=1)


def result_fields(prefix: str = "") -> list[StructField]:
    """The Spark fields of the added columns."""
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    text = StringType()
    removed = ArrayType(
        StructType([StructField(name, text) for name in ("text", "category", "rule")])
    )
    kinds = {"removed": removed, **{name: ArrayType(text) for name in _LISTS}}
    return [StructField(prefix + name, kinds.get(name, text)) for name in RESULT_COLUMNS]


def clean_dataframe(
    df: DataFrame,
    text_col: str = "text",
    *,
    packs: Iterable[str] = (),
    keep: Iterable[str] = (),
    disable: Iterable[str] = (),
    format: str | None = None,
    prefix: str = "",
) -> DataFrame:
    """``df`` with the cleaning of ``text_col`` (string or binary) in added columns: body,
    title, authors, date, source, url, comments, removed_categories, removed, format,
    language and error (see `RESULT_COLUMNS`), each name preceded by ``prefix``.

    ``packs`` are paths every executor can read. Raises ValueError when ``text_col`` is
    missing or an added column would overwrite one of ``df``'s (pass a ``prefix``).
    """
    from pyspark.sql.types import StructType

    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in the DataFrame (it has {df.columns})")
    clashes = sorted({prefix + name for name in RESULT_COLUMNS} & set(df.columns))
    if clashes:
        raise ValueError(
            f"the DataFrame already has {', '.join(clashes)}: pass prefix='clean_' or another"
        )
    options: Options = (
        tuple(str(p) for p in packs),
        tuple(sorted(keep)),
        tuple(sorted(disable)),
    )
    Cleaner(packs=options[0], keep=options[1], disable=options[2])  # bad packs fail here, once
    schema = StructType(df.schema.fields + result_fields(prefix))
    return df.mapInPandas(
        lambda batches: clean_batches(batches, text_col, options, format, prefix), schema
    )
