"""`cleaner clean - -o -`: a Unix filter in real shell pipelines (subprocesses with pipes)."""

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ARTICLE, HTML, write_tree

from cleaner import clean

CLEANER = Path(sys.executable).parent / "cleaner"


def cleaner(*args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CLEANER), "clean", *args], input=data, capture_output=True, timeout=120
    )


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_a_document_from_stdin_to_stdout(name):
    done = cleaner(name, "-o", "-", data=HTML.encode())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == clean(HTML).body + "\n"
    assert b"Traceback" not in done.stderr


def test_json_lines_from_stdin_compressed_or_not():
    records = [{"id": i, "text": ARTICLE.replace("Monday", f"day {i}")} for i in range(40)]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    for payload in (data, gzip.compress(data)):
        done = cleaner("-", "-o", "-", "--input-format", "jsonl", "-q", data=payload)
        assert done.returncode == 0, done.stderr
        out = [json.loads(line) for line in done.stdout.splitlines()]
        assert [r["id"] for r in out] == list(range(40))
        assert out[7]["text"] == clean(records[7]["text"]).body
        assert done.stderr == b""  # -q: nothing but errors


def test_files_to_stdout_in_order_with_errors_on_stderr(tmp_path):
    write_tree(tmp_path, {"a.txt": ARTICLE, "b.txt": bytes(range(256)), "c.html": HTML})
    done = cleaner(str(tmp_path), "-o", "-", "--format", "json", "--jobs", "2")
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["path"]).name for r in out] == ["a.txt", "c.html"]
    assert out[1]["body"] == clean(HTML, "html").body
    assert f"{tmp_path / 'b.txt'}: not text" in done.stderr.decode()


def test_head_closing_early_stops_quietly(tmp_path):
    records = "".join(
        json.dumps({"text": ARTICLE.replace("Monday", f"day {i}")}) + "\n" for i in range(3000)
    )
    (tmp_path / "big.jsonl").write_text(records)
    shell = f"'{CLEANER}' clean - -o - --input-format jsonl < big.jsonl | head -n 2"
    done = subprocess.run(
        ["bash", "-c", shell + "; echo ${PIPESTATUS[0]} >&2"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    assert len(done.stdout.splitlines()) == 2
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception" not in stderr
    assert stderr.strip().splitlines()[-1] == "141"  # as `cat` killed by SIGPIPE


def test_a_warc_stream_on_stdin_is_told_by_its_bytes():
    pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")
    from test_formats import PAGES, make_warc

    done = cleaner("-", "-o", "-", "-q", data=make_warc(PAGES))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["url"] for r in out] == list(PAGES)


def test_stdin_needs_stdout():
    done = cleaner("-", "-o", "out", data=b"text")
    assert done.returncode == 2 and b"-o -" in done.stderr


def test_every_input_skipped_is_an_error(tmp_path):
    write_tree(tmp_path / "in", {"a.pdf": b"%PDF", "b.docx": b"PK"})
    done = cleaner(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "nothing to clean: every input was skipped (2 files)" in done.stderr.decode()
    empty = tmp_path / "empty"
    empty.mkdir()
    done = cleaner(str(empty), "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and b"nothing to clean" in done.stderr


def test_languages_filter_the_stream():
    german = (
        "Der Gemeinderat hat am Montag beschlossen, die Bibliothek für ein weiteres Jahr "
        "offen zu halten, nachdem die Bürger monatelang dafür gekämpft hatten."
    )
    records = [{"id": 0, "text": ARTICLE}, {"id": 1, "text": german}]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    done = cleaner("-", "-o", "-", "--input-format", "jsonl", "--languages", "de", data=data)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [1]
    assert b"filtered by language: 1 document" in done.stderr


def test_compressed_standard_output():
    done = cleaner("-", "-o", "-", "--compress", "gz", "-q", data=HTML.encode())
    assert done.returncode == 0, done.stderr
    assert gzip.decompress(done.stdout).decode() == clean(HTML).body + "\n"


# 77 MB on one line takes several seconds to clean however idle the machine (as in
# test_cli_process's time-bound test): the bound stops it long before it is done.
HUGE = " ".join([ARTICLE.splitlines()[2]] * 1_000_000)


def test_a_slow_document_is_bounded_as_in_a_batch(tmp_path):
    """`-o -` runs documents in the batch's workers: one past --timeout fails alone, in
    one line, and the others come out in order."""
    docs = write_tree(tmp_path, {"a.txt": ARTICLE, "b-huge.txt": HUGE, "c.html": HTML})
    done = cleaner(
        str(docs),
        "-o",
        "-",
        "--format",
        "json",
        "--jobs",
        "2",
        "--timeout",
        "1",
        "--max-size",
        "100",
    )
    assert done.returncode == 1
    assert f"{docs / 'b-huge.txt'}: timed out after 1 s" in done.stderr.decode().splitlines()
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["path"]).name for r in out] == ["a.txt", "c.html"]
    assert b"Traceback" not in done.stderr


def test_a_slow_document_on_stdin_is_bounded_with_one_job():
    done = cleaner(
        "-", "-o", "-", "--jobs", "1", "--timeout", "1", "--max-size", "100", data=HUGE.encode()
    )
    assert done.returncode == 1
    assert "<stdin>: timed out after 1 s" in done.stderr.decode().splitlines()
    assert done.stdout == b""
