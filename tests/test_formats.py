"""Inputs in the formats crawls and datasets come in: JSON Lines under other names and
compressions, WARC, Parquet; and compressed outputs. Each output is compared with what
the library makes of the same text."""

import bz2
import gzip
import io
import json
import lzma

import pytest
import zstandard
from click.testing import CliRunner
from conftest import ARTICLE, HTML, tree, write_tree

from cleaner import clean
from cleaner.cli import main
from cleaner.sources import kind, read_bytes

COMPRESS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
    ".zst": lambda data: zstandard.ZstdCompressor().compress(data),
}
TEXTS = [ARTICLE, ARTICLE.replace("Monday", "Tuesday"), "Advertisement\n\nA short note."]


def run(*args: str):
    return CliRunner().invoke(main, ["clean", *args, "--jobs", "1"], catch_exceptions=False)


def jsonl(texts=TEXTS, field="text") -> bytes:
    return "".join(json.dumps({"id": i, field: t}) + "\n" for i, t in enumerate(texts)).encode()


def bodies(path) -> list[str]:
    return [json.loads(line)["text"] for line in read_bytes(path).splitlines()]


@pytest.mark.parametrize("name", ["a.jsonl", "a.ndjson", "a.json"])
@pytest.mark.parametrize("suffix", ["", *COMPRESS])
def test_record_streams_under_any_name_and_compression(tmp_path, name, suffix):
    data = COMPRESS[suffix](jsonl()) if suffix else jsonl()
    write_tree(tmp_path / "in", {name + suffix: data})
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert bodies(tmp_path / "out" / "a.jsonl") == [clean(t).body for t in TEXTS]


def test_compression_is_read_from_the_bytes_when_the_name_says_nothing(tmp_path):
    write_tree(tmp_path / "in", {"a.txt": gzip.compress(ARTICLE.encode())})
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "out")).exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text() == clean(ARTICLE).body + "\n"


def test_text_that_starts_like_a_compression_marker_is_text(tmp_path):
    text = "BZh is what the lab called its new enzyme, the report said on Monday."
    write_tree(tmp_path / "in", {"a.txt": text})
    assert run(str(tmp_path / "in"), "-o", str(tmp_path / "out")).exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text() == clean(text).body + "\n"


@pytest.mark.parametrize("suffix", [".gz", ".zst", ".xz", ".bz2"])
def test_a_cut_off_compressed_stream_keeps_the_records_before_the_cut(tmp_path, suffix):
    data = COMPRESS[suffix](jsonl(TEXTS * 400) * 8)  # several blocks of each format
    write_tree(tmp_path / "in", {"a.jsonl" + suffix: data[: len(data) * 2 // 3]})
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "a.jsonl" + suffix in result.stderr and "ends too soon" in result.stderr
    kept = bodies(tmp_path / "out" / "a.jsonl")
    assert 0 < len(kept) < 9600 and kept == [clean(t).body for t in (TEXTS * 3200)[: len(kept)]]


@pytest.mark.parametrize("method", ["gz", "zst"])
def test_compressed_outputs(tmp_path, method):
    write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.jsonl": jsonl()})
    out = tmp_path / "out"
    result = run(str(tmp_path / "in"), "-o", str(out), "--compress", method)
    assert result.exit_code == 0, result.stderr
    assert sorted(tree(out)) == [f"a.txt.{method}", f"b.jsonl.{method}"]
    assert read_bytes(out / f"a.txt.{method}").decode() == clean(ARTICLE).body + "\n"
    assert bodies(out / f"b.jsonl.{method}") == [clean(t).body for t in TEXTS]
    # A rerun sees the compressed outputs as up to date.
    assert "up to date 2" in run(str(tmp_path / "in"), "-o", str(out), "--compress", method).stderr


def test_kinds_by_name():
    from pathlib import Path

    assert [kind(Path(n)) for n in ("a.json.gz", "a.jsonl.xz", "a.warc.gz", "a.htm.bz2")] == [
        ".jsonl",
        ".jsonl",
        ".warc",
        ".htm",
    ]


# --- WARC -----------------------------------------------------------------------------------


def make_warc(pages: dict[str, str], gzipped: bool = True) -> bytes:
    """A WARC file with a metadata record and a response per page, and a non-HTML response."""
    warcio = pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    assert warcio
    for url, html in [*pages.items(), ("https://example.org/robots.txt", "User-agent: *")]:
        content_type = "text/plain" if url.endswith(".txt") else "text/html; charset=utf-8"
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
        fields = io.BytesIO(b"fetchTimeMs: 120\r\n")
        writer.write_record(
            writer.create_warc_record(
                url, "metadata", payload=fields, warc_content_type="application/warc-fields"
            )
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


PAGES = {
    "https://news.example.org/a": HTML,
    "https://news.example.org/b": HTML.replace("Monday", "Friday"),
}


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_records(tmp_path, name):
    write_tree(tmp_path / "in", {name: make_warc(PAGES, gzipped=name.endswith(".gz"))})
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "crawl.jsonl").open()]
    assert [r["url"] for r in records] == list(PAGES)  # the robots.txt response is passed over
    assert all(r["id"].startswith("<urn:uuid:") and r["warc_date"] for r in records)
    assert [r["text"] for r in records] == [clean(p, "html").body for p in PAGES.values()]
    assert [r["cleaner"]["url"] for r in records] == list(PAGES)
    assert records[0]["cleaner"]["format"] == "html"


def test_a_file_named_warc_that_is_not_one_is_one_line(tmp_path):
    pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")
    write_tree(tmp_path / "in", {"bad.warc": "not a warc at all\n", "a.txt": ARTICLE})
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "bad.warc: " in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "a.txt").exists()


def test_a_missing_extra_is_named(tmp_path, monkeypatch):
    import cleaner.sources

    monkeypatch.setitem(cleaner.sources.EXTRAS, ".warc", ("warc", "no_such_module_here"))
    write_tree(tmp_path / "in", {"crawl.warc": b"WARC/1.0\r\n"})
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "pip install 'cleaner[warc]'" in result.stderr


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_in_and_out_keeps_the_other_columns(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
    import pyarrow.parquet as pq

    texts = [*TEXTS, None]
    table = pa.table(
        {"id": [1, 2, 3, 4], "text": texts, "lang": ["en", "en", "en", "de"]},
    )
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "part-0.parquet")
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1  # the row without text
    assert "part-0.parquet: record 4: the text field 'text' is null" in result.stderr
    out = pq.read_table(tmp_path / "out" / "part-0.parquet")
    assert out.column_names == ["id", "text", "lang", "cleaner"]
    rows = out.to_pylist()
    assert [r["id"] for r in rows] == [1, 2, 3, 4] and rows[3]["lang"] == "de"
    assert [r["text"] for r in rows[:3]] == [clean(t).body for t in TEXTS]
    first = clean(TEXTS[0])
    assert [r["category"] for r in rows[0]["cleaner"]["removed"]] == [
        r.category for r in first.removed
    ]
    assert rows[0]["cleaner"]["error"] is None
    assert rows[3]["cleaner"]["error"] and rows[3]["text"] is None


def test_parquet_binary_text(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
    import pyarrow.parquet as pq

    (tmp_path / "in").mkdir()
    table = pa.table({"text": pa.array([HTML.encode(), b"\xff\xfe\x00"], pa.binary())})
    pq.write_table(table, tmp_path / "in" / "pages.parquet")
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    rows = pq.read_table(tmp_path / "out" / "pages.parquet").to_pylist()
    assert rows[0]["text"] == clean(HTML.encode()).body
    assert len(rows) == 2 and result.exit_code in (0, 1)


def test_explain_reads_a_record_of_any_stream(tmp_path):
    write_tree(tmp_path, {"a.ndjson.zst": COMPRESS[".zst"](jsonl())})
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "a.ndjson.zst"), "--line", "2"])
    assert result.exit_code == 0, result.stderr
    assert "Tuesday" in result.stdout and "Monday" not in result.stdout
    missing = CliRunner().invoke(main, ["explain", str(tmp_path / "a.ndjson.zst"), "--line", "9"])
    assert missing.exit_code == 1 and "no record on line 9" in missing.stderr


def test_explain_a_warc_record_as_html(tmp_path):
    pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")
    write_tree(tmp_path, {"crawl.warc.gz": make_warc(PAGES)})
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "crawl.warc.gz"), "--line", "4"])
    assert result.exit_code == 0, result.stderr
    assert "Friday" in result.stdout  # the second page: records 3 and 4
    page = CliRunner().invoke(
        main, ["explain", str(tmp_path / "crawl.warc.gz"), "--line", "2", "--html"]
    )
    assert page.stdout.startswith("<!DOCTYPE html>") and "Monday" in page.stdout


def test_zstd_without_its_extra_is_one_clear_line(tmp_path, monkeypatch):
    import cleaner.sources

    write_tree(tmp_path / "in", {"a.jsonl.zst": COMPRESS[".zst"](jsonl()), "b.txt": ARTICLE})
    monkeypatch.setattr(cleaner.sources, "zstandard", None)
    result = run(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "a.jsonl.zst: cannot read: zstd data needs the 'zstd' extra" in result.stderr
    assert (tmp_path / "out" / "b.txt").exists()
    refused = run(str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--compress", "zst")
    assert refused.exit_code == 2 and "pip install 'cleaner[zstd]'" in refused.stderr
