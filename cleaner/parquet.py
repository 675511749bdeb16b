"""Parquet files in and out: a row is a record, its ``text`` column the document.

The output keeps every input column, the text column holding the body (as a string), and
adds one struct column ``cleaner`` with the rest of the result, as a JSON Lines record
keeps it under that key: title, authors, date, source, url, comments, removed, format,
encoding, language, language_score, stats (a JSON string) and error (null unless the row
could not be cleaned; such a row keeps its input). Needs the ``parquet`` extra (pyarrow).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.errors import InputError
from cleaner.sources import Reading

ROWS_PER_GROUP = 10_000  # rows buffered before a row group is written
_TEXT = pa.string()
_REMOVED = pa.list_(pa.struct([(name, _TEXT) for name in ("text", "category", "rule", "stage")]))
RESULT_TYPE = pa.struct(
    [
        ("title", _TEXT),
        ("authors", pa.list_(_TEXT)),
        ("date", _TEXT),
        ("source", _TEXT),
        ("url", _TEXT),
        ("comments", pa.list_(_TEXT)),
        ("removed", _REMOVED),
        ("format", _TEXT),
        ("encoding", _TEXT),
        ("language", _TEXT),
        ("language_score", pa.float64()),
        ("stats", _TEXT),
        ("error", _TEXT),
    ]
)


def parquet_records(
    path: Path, reading: Reading | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, row) for each row of a Parquet file, read a batch at a time."""
    try:
        table = pq.ParquetFile(path)
        total = max(table.metadata.num_rows, 1)
        size = os.path.getsize(path)
        number = 0
        if reading is not None:
            reading.position = lambda: size * number // total
        for batch in table.iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read Parquet: {exc}") from None


def result_struct(result: dict[str, Any]) -> dict[str, Any]:
    """A result (`CleanResult.to_dict` without the body, or ``{"error": ...}``) as the
    ``cleaner`` column's value."""
    value = {name: result.get(name) for name in RESULT_TYPE.names}
    if "stats" in result:
        value["stats"] = json.dumps(result["stats"], ensure_ascii=False, default=str)
    return value


def output_schema(path: Path, text_field: str, result_key: str) -> pa.Schema:
    """The input file's schema with the text column as strings and the result column."""
    schema = pq.read_schema(path)
    fields = [
        pa.field(f.name, _TEXT) if f.name == text_field else f
        for f in schema
        if f.name != result_key
    ]
    return pa.schema([*fields, pa.field(result_key, RESULT_TYPE)])


class ParquetOutput:
    """A Parquet file written a row group at a time to a temporary name, and renamed into
    place when it is complete (as `batch.WholeFile` does for other outputs)."""

    def __init__(self, path: Path, tmp: Path, schema: pa.Schema, result_key: str) -> None:
        self.path, self.tmp, self.schema, self.result_key = path, tmp, schema, result_key
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer: pq.ParquetWriter | None = pq.ParquetWriter(tmp, schema)
        self.rows: list[dict[str, Any]] = []

    def write_row(self, row: dict[str, Any]) -> None:
        row = dict(row)
        row[self.result_key] = result_struct(row.get(self.result_key) or {})
        self.rows.append(row)
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        assert self.writer is not None
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, self.schema))
            self.rows = []

    def commit(self) -> None:
        self._flush()
        assert self.writer is not None
        self.writer.close()
        self.writer = None
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.tmp.unlink(missing_ok=True)
