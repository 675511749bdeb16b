"""The README's Spark snippet runs as written, in a fresh Python with no PYSPARK_PYTHON."""

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import ARTICLE, ROOT

pytest.importorskip("pyspark", reason="the spark extra is not installed")


def snippet(marker: str) -> str:
    """The README's Python block that holds ``marker``."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return next(block for block in blocks if marker in block)


def test_the_spark_snippet_runs_as_written(tmp_path):
    (tmp_path / "news").mkdir()
    records = [{"id": i, "text": ARTICLE.replace("Monday", f"day {i}")} for i in range(3)]
    (tmp_path / "news" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYSPARK")}
    done = subprocess.run(
        [sys.executable, "-c", snippet("clean_dataframe(news")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "news-clean")
    assert sorted(table.column("id").to_pylist()) == [0, 1, 2]
    assert "clean_body" in table.column_names and all(table.column("clean_body").to_pylist())
