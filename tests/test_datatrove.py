"""cleaner as a datatrove step: a tiny datatrove pipeline, reader to writer."""

import gzip
import json

import pytest
from conftest import ARTICLE, HTML, write_tree

from cleaner import clean

pytest.importorskip(
    "datatrove", reason="datatrove is not installed (pip install 'cleaner[datatrove]')"
)

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.integrations.datatrove import CleanerStep

TEXTS = {"a": ARTICLE, "b": HTML, "c": "Advertisement", "d": bytes(range(256)).decode("latin-1")}


def test_a_pipeline_reads_cleans_and_writes(tmp_path):
    records = [{"id": key, "text": text, "metadata": {"lang": "en"}} for key, text in TEXTS.items()]
    write_tree(tmp_path / "in", {"part.jsonl": "".join(json.dumps(r) + "\n" for r in records)})
    pipeline = [
        JsonlReader(str(tmp_path / "in")),
        CleanerStep(),
        JsonlWriter(str(tmp_path / "out")),
    ]
    LocalPipelineExecutor(pipeline, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    [written] = (tmp_path / "out").glob("*.jsonl.gz")
    with gzip.open(written, "rt") as lines:
        out = [json.loads(line) for line in lines]
    kept = {r["id"]: r for r in out}
    assert kept["a"]["text"] == clean(ARTICLE).body
    assert kept["b"]["text"] == clean(HTML).body
    assert "c" not in kept  # nothing left of it: dropped, and counted
    meta = kept["a"]["metadata"]
    assert meta["lang"] == "en"
    assert [r["category"] for r in meta["cleaner"]["removed"]] == [
        r.category for r in clean(ARTICLE).removed
    ]
    stats = json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    assert step["stats"]["dropped_empty"] >= 1
    assert step["stats"]["forwarded"] == len(out) == step["stats"]["total"] - 1


def test_the_step_on_its_own_keeps_options_and_empty_documents():
    step = CleanerStep(keep={"advertisement"}, drop_empty=False)
    docs = [Document(text=TEXTS["c"], id="c"), Document(text=ARTICLE, id="a")]
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == ["c", "a"]
    assert out[0].text == "Advertisement"  # kept, as asked


def test_bad_options_fail_when_the_pipeline_is_built():
    with pytest.raises(ValueError, match="captoin"):
        CleanerStep(keep={"captoin"})
