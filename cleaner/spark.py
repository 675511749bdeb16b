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
from copy import copy
from typing import TYPE_CHECKING, Any

from cleaner.pipeline import Cleaner
from cleaner.sites import SAMPLE_PAGES, Learner, SiteProfile, SiteProfiles, host, read_page

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


def clean_row(
    cleaner: Cleaner, data: Any, format: str | None, site: str | None = None
) -> dict[str, Any]:
    """The added columns for one document (str or bytes); nulls and ``error`` when the
    document cannot be cleaned."""
    if data is None or (isinstance(data, float) and math.isnan(data)):  # pandas' null
        return {"error": "no text"}
    if not isinstance(data, str | bytes | bytearray):
        return {"error": f"not text: a {type(data).__name__}"}
    try:
        data = bytes(data) if isinstance(data, bytearray) else data
        result = cleaner.clean(data, format, site=site)
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
    profiles: SiteProfiles | None = None,
    site_col: str | None = None,
) -> Iterator[pd.DataFrame]:
    """The function mapInPandas runs on each partition: every batch with its added columns."""
    import pandas as pd

    cleaner = cleaner_for(options)
    if profiles is not None:
        cleaner = copy(cleaner)  # the worker's Cleaner, with this job's site profiles
        cleaner.site_profiles = profiles
    names = [prefix + name for name in RESULT_COLUMNS]
    for batch in batches:
        sites = _sites(batch, site_col, profiles)
        rows = [
            clean_row(cleaner, d, format, s) for d, s in zip(batch[text_col], sites, strict=True)
        ]
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
    sites: str | None = None,
    site_profiles: SiteProfiles | None = None,
) -> DataFrame:
    """``df`` with the cleaning of ``text_col`` (string or binary) in added columns: body,
    title, authors, date, source, url, comments, removed_categories, removed, format,
    language and error (see `RESULT_COLUMNS`), each name preceded by ``prefix``.

    ``packs`` are paths every executor can read. Raises ValueError when ``text_col`` is
    missing or an added column would overwrite one of ``df``'s (pass a ``prefix``).

    ``sites`` cleans with what each site repeats on its pages (`cleaner.sites`), learned
    first from ``df`` itself by grouping on the site (`learn_profiles`), unless
    ``site_profiles`` are given: ``sites="url"`` takes a site as the host of the row's
    ``url`` column, or of the URL found in its text; any other value names the column that
    holds each row's site.
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
    site_col = None if sites in (None, "url") else sites
    if sites is not None and site_profiles is None:
        site_profiles = learn_profiles(df, text_col, sites=sites, options=options, format=format)
    return df.mapInPandas(
        lambda batches: clean_batches(
            batches, text_col, options, format, prefix, site_profiles, site_col
        ),
        schema,
    )


def _sites(batch: pd.DataFrame, site_col: str | None, profiles: SiteProfiles | None) -> list[Any]:
    """Each row's site: its site column, the host of its url column, or None (found in
    the document)."""
    if profiles is None:
        return [None] * len(batch)
    if site_col is not None:
        return [s if isinstance(s, str) and s else None for s in batch[site_col]]
    if "url" in batch:
        return [host(u) if isinstance(u, str) else None for u in batch["url"]]
    return [None] * len(batch)


def _page_batches(
    batches: Iterable[pd.DataFrame],
    text_col: str,
    options: Options,
    format: str | None,
    site_col: str | None,
    by: str,
) -> Iterator[pd.DataFrame]:
    """Each row's site, page id and block hashes (signed 64-bit, as Spark stores longs)."""
    import pandas as pd

    cleaner = cleaner_for(options)
    marker = SiteProfiles(by=by)
    for batch in batches:
        rows = []
        for data, given in zip(batch[text_col], _sites(batch, site_col, marker), strict=True):
            if not isinstance(data, str | bytes | bytearray):
                continue
            text = bytes(data) if isinstance(data, bytearray) else data
            try:
                site, keys = read_page(cleaner, text, format, given, by)
            except Exception:  # a bad row is the cleaning pass's to report
                continue
            if site:
                page = Learner.page_id(keys)
                rows.append((site, f"{page:016x}", [k - (1 << 63) for k in keys]))
        yield pd.DataFrame.from_records(rows, columns=["site", "page", "keys"])


def learn_profiles(
    df: DataFrame,
    text_col: str = "text",
    *,
    sites: str = "url",
    options: Options = ((), (), ()),
    format: str | None = None,
) -> SiteProfiles:
    """Site profiles learned from ``df`` by grouping on the site: the same profiles
    `SiteProfiles.learn` gives on the same pages (the same sample of pages per site, the
    same counts), computed by Spark; only the recurring hashes reach the driver."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    site_col = None if sites == "url" else sites
    by = "url" if sites == "url" else "folder"
    pages = df.mapInPandas(
        lambda batches: _page_batches(batches, text_col, options, format, site_col, by),
        "site string, page string, keys array<long>",
    )
    ranked = pages.withColumn(
        "rank", F.row_number().over(Window.partitionBy("site").orderBy("page", "keys"))
    )
    seen = {r["site"]: r["n"] for r in pages.groupBy("site").agg(F.count("*").alias("n")).collect()}
    sample = ranked.where(F.col("rank") <= SAMPLE_PAGES)
    sizes = sample.groupBy("site").agg(F.count("*").alias("pages"))
    counts = (
        sample.select("site", F.explode("keys").alias("key"))
        .groupBy("site", "key")
        .agg(F.count("*").alias("count"))
        .join(sizes, "site")
    )
    profiles = {site: SiteProfile(site, 0, seen=n) for site, n in seen.items()}
    for row in sizes.collect():
        profiles[row["site"]].pages = row["pages"]
    least = {site: p.threshold() for site, p in profiles.items()}
    for row in counts.collect():
        profile = profiles[row["site"]]
        if profile.learned and row["count"] >= least[row["site"]]:
            profile.counts[row["key"] + (1 << 63)] = row["count"]
    for profile in profiles.values():
        profile.counts = dict(sorted(profile.counts.items()))
    return SiteProfiles(dict(sorted(profiles.items())), by)
