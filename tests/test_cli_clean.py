"""`cleaner clean` through click's CliRunner: formats, output tree, JSON Lines, collisions,
resuming, bad input and exit codes. Outputs are compared with the library's own result."""

import gzip
import json
import os
from collections import Counter
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, HTML, MARKDOWN, tree, write_tree

from cleaner import Cleaner, clean
from cleaner.batch import Batch, plan
from cleaner.cli import main
from cleaner.sources import discover

UNDECODABLE = bytes(range(256))  # no encoding fits these bytes


def run(*args: str):
    return CliRunner().invoke(main, ["clean", *args], catch_exceptions=False)


@pytest.fixture
def docs(tmp_path):
    return write_tree(
        tmp_path / "in",
        {
            "a.txt": ARTICLE,
            "news/b.md": MARKDOWN,
            "news/deep/c.html": HTML,
            "news/d.txt.gz": gzip.compress(ARTICLE.encode()),
            "notes.pdf": b"%PDF-1.4",
        },
    )


def test_mirrors_the_tree_with_bodies(docs, tmp_path):
    out = tmp_path / "out"
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(tree(out)) == ["a.txt", "news/b.txt", "news/d.txt", "news/deep/c.txt"]
    assert (out / "a.txt").read_text() == clean(ARTICLE).body + "\n"
    assert (out / "news/d.txt").read_text() == clean(ARTICLE).body + "\n"
    # The suffix names the format: Markdown is undone, HTML goes through the adapter.
    assert (out / "news/b.txt").read_text() == clean(MARKDOWN, "markdown").body + "\n"
    assert "**" not in (out / "news/b.txt").read_text()
    assert (out / "news/deep/c.txt").read_text() == clean(HTML, "html").body + "\n"
    assert "Advertisement" not in (out / "a.txt").read_text()


def test_other_files_are_skipped_with_a_note(docs, tmp_path):
    result = run(str(docs), "-o", str(tmp_path / "out"), "--jobs", "1")
    notes = [line for line in result.stderr.splitlines() if "notes.pdf" in line]
    assert len(notes) == 1 and notes[0].startswith("skipped")
    assert "skipped 1" in result.stderr


def test_inputs_are_never_modified(docs, tmp_path):
    before = tree(docs)
    stamps = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    run(str(docs), "-o", str(tmp_path / "out"), "--jobs", "1", "--format", "json")
    assert tree(docs) == before
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == stamps


def test_json_format_holds_every_field(docs, tmp_path):
    out = tmp_path / "out"
    assert run(str(docs), "-o", str(out), "--jobs", "1", "--format", "json").exit_code == 0
    data = json.loads((out / "a.json").read_text())
    assert data == json.loads(json.dumps(clean(ARTICLE.encode()).to_dict()))
    assert {"title", "authors", "date", "source", "url", "body", "comments", "removed"} <= set(data)
    assert {"category", "rule"} <= set(data["removed"][0])
    assert not (out / "a.txt").exists()


def test_single_files_and_folders_together(docs, tmp_path):
    out = tmp_path / "out"
    result = run(str(docs / "news" / "b.md"), str(docs / "news" / "deep"), "-o", str(out))
    assert result.exit_code == 0
    assert sorted(tree(out)) == ["b.txt", "c.txt"]


# --- JSON Lines ---------------------------------------------------------------------------


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_keeps_records_in_order_with_the_result_under_one_key(tmp_path):
    records = [{"id": i, "text": ARTICLE if i % 2 else MARKDOWN, "lang": "en"} for i in range(70)]
    write_tree(tmp_path / "in", {"part.jsonl": jsonl(*records)})
    out = tmp_path / "out"
    assert run(str(tmp_path / "in"), "-o", str(out), "--jobs", "1").exit_code == 0
    lines = (out / "part.jsonl").read_text().splitlines()
    assert len(lines) == len(records)  # more than one task's worth of records
    for record, line in zip(records, lines, strict=True):
        got = json.loads(line)
        expected = clean(record["text"]).to_dict()
        assert got["text"] == expected.pop("body")
        assert got["id"] == record["id"] and got["lang"] == "en"
        assert got["cleaner"] == json.loads(json.dumps(expected))
        assert list(got) == ["id", "text", "lang", "cleaner"]


def test_jsonl_text_field_and_gzip(tmp_path):
    write_tree(
        tmp_path / "in",
        {"p.jsonl.gz": gzip.compress(jsonl({"content": ARTICLE, "text": "untouched"}).encode())},
    )
    out = tmp_path / "out"
    result = run(str(tmp_path / "in"), "-o", str(out), "--text-field", "content", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    record = json.loads((out / "p.jsonl").read_text())
    assert record["content"] == clean(ARTICLE).body and record["text"] == "untouched"


def test_a_bad_record_is_reported_and_the_others_cleaned_in_order(tmp_path):
    lines = [
        {"id": 1, "text": ARTICLE},
        "{not json",
        {"id": 3, "body": "x"},
        {"id": 4, "text": MARKDOWN},
    ]
    write_tree(tmp_path / "in", {"r.jsonl": jsonl(*lines)})
    out = tmp_path / "out"
    result = run(str(tmp_path / "in"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "r.jsonl" in line]
    assert len(errors) == 2
    assert "line 2: not JSON" in errors[0] and "line 3: no text field 'text'" in errors[1]
    got = [json.loads(line) for line in (out / "r.jsonl").read_text().splitlines()]
    assert [r.get("id") for r in got] == [1, None, 3, 4]
    assert got[0]["text"] == clean(ARTICLE).body and got[3]["text"] == clean(MARKDOWN).body
    assert got[1] == {"line": "{not json", "cleaner": {"error": got[1]["cleaner"]["error"]}}
    assert got[2]["body"] == "x" and "error" in got[2]["cleaner"]  # nothing of it lost
    assert "failed 2" in result.stderr and "cleaned 2 documents" in result.stderr
    assert "Traceback" not in result.stderr


# --- Outputs never collide ----------------------------------------------------------------


def test_two_inputs_for_one_output_are_both_kept_and_named(tmp_path):
    write_tree(
        tmp_path / "in", {"a.md": MARKDOWN, "a.txt": ARTICLE, "a.txt.gz": gzip.compress(b"")}
    )
    out = tmp_path / "out"
    result = run(str(tmp_path / "in"), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0
    assert sorted(tree(out)) == ["a.md.txt", "a.txt.gz.txt", "a.txt.txt"]
    assert (out / "a.md.txt").read_text() == clean(MARKDOWN, "markdown").body + "\n"
    assert (out / "a.txt.txt").read_text() == clean(ARTICLE).body + "\n"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1 and "a.md" in warnings[0] and "a.txt.txt" in warnings[0]


def test_names_still_taken_get_a_number(tmp_path):
    write_tree(tmp_path / "one", {"a.txt": ARTICLE})
    write_tree(tmp_path / "two", {"a.txt": MARKDOWN})
    found, _ = discover([tmp_path / "one", tmp_path / "two"])
    jobs, warnings = plan(found, tmp_path / "out", "txt")
    assert [j.output.name for j in jobs] == ["a.txt.txt", "a.txt-2.txt"]
    assert len({j.output for j in jobs}) == 2 and len(warnings) == 2


def test_output_folder_inside_the_input_is_not_read_back(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    for _ in range(2):
        result = run(str(docs), "-o", str(docs / "out"), "--jobs", "1")
        assert result.exit_code == 0
    assert sorted(tree(docs)) == ["a.txt", "out/a.txt"]


# --- Resuming -----------------------------------------------------------------------------


def test_rerun_skips_outputs_whose_record_matches(docs, tmp_path):
    out = tmp_path / "out"
    run(str(docs), "-o", str(out), "--jobs", "1")
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 0
    assert "up to date 4" in result.stderr and "cleaned 0 documents" in result.stderr
    (out / "a.txt").write_text("marker\n")  # not what was written: done again
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert "up to date 3" in result.stderr and "cleaned 1 documents" in result.stderr
    assert (out / "a.txt").read_text() == clean(ARTICLE).body + "\n"
    result = run(str(docs), "-o", str(out), "--force", "--jobs", "1")
    assert result.exit_code == 0 and "cleaned 4 documents" in result.stderr


def test_an_input_changed_since_is_cleaned_again(docs, tmp_path):
    out = tmp_path / "out"
    run(str(docs), "-o", str(out), "--jobs", "1")
    (docs / "a.txt").write_text(MARKDOWN)
    later = (out / "a.txt").stat().st_mtime_ns + 10**9
    os.utime(docs / "a.txt", ns=(later, later))
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert "cleaned 1 documents" in result.stderr
    assert (out / "a.txt").read_text() == clean(MARKDOWN).body + "\n"


def test_leftover_temporary_files_are_removed(docs, tmp_path):
    out = write_tree(tmp_path / "out", {"news/.b.txt.cleaner-tmp": "half a bo"})
    assert run(str(docs), "-o", str(out), "--jobs", "1").exit_code == 0
    assert not [p for p in out.rglob("*") if p.name.endswith(".cleaner-tmp")]
    assert (out / "news/b.txt").read_text() == clean(MARKDOWN, "markdown").body + "\n"


# --- Bad input, bugs and exit codes -------------------------------------------------------


def test_bad_files_give_one_line_each_and_the_batch_goes_on(docs, tmp_path):
    write_tree(docs, {"bad/undecodable.txt": UNDECODABLE, "bad/broken.md.gz": b"not gzip"})
    out = tmp_path / "out"
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "bad/" in line]
    assert len(errors) == 2
    assert "broken.md.gz: cannot read" in errors[0]
    assert "undecodable.txt: not text" in errors[1]
    assert "Traceback" not in result.stderr
    assert sorted(tree(out)) == ["a.txt", "news/b.txt", "news/d.txt", "news/deep/c.txt"]
    assert "failed 2" in result.stderr and "cleaned 4 documents" in result.stderr


def test_a_bug_shows_its_traceback_and_other_outputs_are_kept(docs, tmp_path, monkeypatch):
    real = Cleaner.clean

    def broken(self, data, format=None):
        if format == "markdown":
            raise RuntimeError("a bug in a stage")
        return real(self, data, format)

    monkeypatch.setattr(Cleaner, "clean", broken)
    out = tmp_path / "out"
    result = run(str(docs), "-o", str(out), "--jobs", "1")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "RuntimeError: a bug in a stage" in result.stderr
    assert "news/b.md: internal error" in result.stderr
    assert sorted(tree(out)) == ["a.txt", "news/d.txt", "news/deep/c.txt"]
    assert "internal errors: 1" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["IN"],  # no -o
        ["IN/missing.txt", "-o", "OUT"],
        ["IN", "-o", "OUT", "--jobs", "0"],
        ["IN", "-o", "OUT", "--keep", "captions"],
        ["IN", "-o", "OUT", "--disable", "no_such_rule"],
        ["IN", "-o", "OUT", "--format", "xml"],
        ["IN", "-o", "IN"],
        ["IN/a.txt", "-o", "IN"],  # would write IN/a.txt over its input
    ],
)
def test_usage_errors_exit_2(docs, tmp_path, args):
    args = [a.replace("IN", str(docs)).replace("OUT", str(tmp_path / "out")) for a in args]
    before = tree(docs)
    result = run(*args)
    assert result.exit_code == 2, result.stderr
    assert "Error" in result.stderr and "Traceback" not in result.stderr
    assert tree(docs) == before and not (tmp_path / "out").exists()


def test_quiet_prints_errors_only(docs, tmp_path):
    write_tree(docs, {"bad.txt": UNDECODABLE})
    result = run(str(docs), "-o", str(tmp_path / "out"), "--quiet", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{docs / 'bad.txt'}: not text: no encoding fits these bytes"
    ]


def test_summary_counts_documents_bytes_categories_and_time(docs, tmp_path):
    result = run(str(docs), "-o", str(tmp_path / "out"), "--jobs", "1")
    first, removed, counts = result.stderr.splitlines()[-3:]
    size = sum(len(t.encode()) for t in (ARTICLE, MARKDOWN, HTML, ARTICLE)) / 1e3
    assert first.startswith(f"cleaned 4 documents ({size:.1f} kB) in ")
    assert "documents/s, 1 process" in first
    results = [clean(ARTICLE), clean(MARKDOWN, "markdown"), clean(HTML, "html"), clean(ARTICLE)]
    expected = Counter(r.category for result in results for r in result.removed)
    assert len(expected) >= 2
    assert removed == "removed: " + ", ".join(f"{n} {c}" for c, n in expected.most_common()) + (
        "; comments set apart: 0"
    )
    assert counts == "up to date 0, skipped 1, failed 0"


def test_no_progress_bar_when_not_a_terminal(docs, tmp_path):
    result = run(str(docs), "-o", str(tmp_path / "out"), "--jobs", "1")
    assert "doc/s" not in result.stderr and "\r" not in result.stderr


def test_progress_bar_counts_documents(docs, tmp_path, capsys):
    found, _ = discover([docs])
    jobs, _ = plan(found, tmp_path / "out", "txt")
    Batch(Cleaner(), progress=True).run(jobs)
    assert "4/4" in capsys.readouterr().err


# --- Options that tune the run, and workers -----------------------------------------------


def test_keep_disable_and_own_rules(docs, tmp_path):
    pack = write_tree(
        tmp_path / "packs",
        {
            "mine.yaml": """
pack: mine
rules:
  - id: mine.residents_line
    category: local_note
    kind: block
    pattern: '^Residents had campaigned'
    why: A test rule that takes out one kind of sentence.
    examples:
      remove: ["Residents had campaigned for months."]
      keep: ["The residents said they had campaigned."]
"""
        },
    )

    def result(*option: str) -> dict:
        out = tmp_path / "out"
        args = [str(docs / "a.txt"), "-o", str(out), "--format", "json", "--force", *option]
        assert run(*args).exit_code == 0
        return json.loads((out / "a.json").read_text())

    def rules_used(data: dict) -> set[str]:
        return {r["rule"] for r in data["removed"]}

    default = result()
    assert "Advertisement" not in default["body"] and "Residents had" in default["body"]
    assert "junk.advertisement" in rules_used(default)
    assert "Advertisement" in result("--keep", "advertisement")["body"]
    assert "junk.advertisement" not in rules_used(result("--disable", "junk.advertisement"))
    mine = result("--rules", str(pack))
    assert "Residents had" not in mine["body"] and "mine.residents_line" in rules_used(mine)


def test_workers_give_the_same_tree(docs, tmp_path):
    write_tree(docs, {f"more/{i}.txt": ARTICLE.replace("Monday", f"day {i}") for i in range(9)})
    write_tree(docs, {"r.jsonl": jsonl(*({"text": ARTICLE, "n": i} for i in range(40)))})
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(str(docs), "-o", str(one), "--jobs", "1").exit_code == 0
    result = run(str(docs), "-o", str(two), "--jobs", "2")
    assert result.exit_code == 0
    assert "2 processes" in result.stderr
    assert tree(one) == tree(two)


def test_workers_fork_from_a_trimmed_frozen_heap_which_the_run_thaws(docs, tmp_path, monkeypatch):
    # What the main process loaded is shared with the workers (pool.share_with_workers):
    # collected, frozen out of gc and the free heap pages returned before they fork.
    import gc

    from cleaner import pool

    seen = []
    trim = SimpleNamespace(trim=lambda: seen.append(gc.get_freeze_count()))
    monkeypatch.setattr(pool, "heap", trim)  # the pool's trim, not the screen's
    assert run(str(docs), "-o", str(tmp_path / "out"), "--jobs", "2").exit_code == 0
    assert len(seen) == 1 and seen[0] > 0  # trimmed once, the heap frozen by then
    assert gc.get_freeze_count() == 0  # thawed when the run ended


def test_the_main_process_lets_go_of_the_model_pages_before_workers_fork(
    docs, tmp_path, monkeypatch
):
    # The main process only hands documents out: the language model's mapped pages it
    # read to warm up are released (langid_tables.release); workers read their own.
    from cleaner import batch

    released = []
    monkeypatch.setattr(batch.langid_tables, "release", lambda: released.append(True))
    assert run(str(docs), "-o", str(tmp_path / "two"), "--jobs", "2").exit_code == 0
    assert released == [True]
    assert (
        run(str(docs), "-o", str(tmp_path / "one"), "--jobs", "1", "--timeout", "0").exit_code == 0
    )
    assert released == [True]  # cleaned in this process: the pages are its own to read


def test_one_jsonl_file_is_spread_over_the_workers(tmp_path):
    records = ({"text": ARTICLE.replace("Monday", f"day {i}")} for i in range(80))
    docs = write_tree(tmp_path / "in", {"r.jsonl": jsonl(*records)})
    one, two = tmp_path / "one", tmp_path / "two"
    assert run(str(docs), "-o", str(one), "--jobs", "1").exit_code == 0
    result = run(str(docs), "-o", str(two), "--jobs", "2")
    assert "cleaned 80 documents" in result.stderr and "2 processes" in result.stderr
    assert tree(one) == tree(two)
