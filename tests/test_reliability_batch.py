"""Reliability of `cleaner clean`: one broken file, rule or document among good ones costs
only itself. Each case runs as a batch of good files plus the bad one, and checks what the
user is told, the exit code, the summary and that every good output is written.

Cases already covered in test_cli_clean.py and not repeated here: a JSON Lines file with a
malformed line (order kept, record reported), two inputs for one output name, an output
folder inside the input folder (run twice), a bug shown with its traceback.
"""

import gzip
import json
import random
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, HTML, MARKDOWN, checksums, tree, write_tree

from cleaner import Cleaner, clean
from cleaner.cli import main
from cleaner.limits import DocumentTimeout, time_limit
from cleaner.sources import InputError, format_for, real, real_all

GOOD = {"good/a.txt": ARTICLE, "good/b.md": MARKDOWN, "good/c.html": HTML}
GOOD_OUT = {
    "good/a.txt": clean(ARTICLE).body + "\n",
    "good/b.txt": clean(MARKDOWN, "markdown").body + "\n",
    "good/c.txt": clean(HTML, "html").body + "\n",
}
RUSSIAN = (
    "Совет в понедельник проголосовал за то, чтобы библиотека оставалась открытой ещё год.\n\n"
    "Жители добивались этого несколько месяцев, и голосование оказалось ближе, чем ожидалось."
)


def run(*args: str):
    return CliRunner().invoke(main, ["clean", *args], catch_exceptions=False)


def batch(tmp_path: Path, bad: dict[str, bytes | str], *options: str):
    """Clean the good files plus ``bad`` (name -> content; "-> target" makes a symlink);
    check that the inputs are unchanged and every good output is written."""
    docs = write_tree(tmp_path / "in", GOOD)
    for name, content in bad.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str) and content.startswith("-> "):
            path.symlink_to(content.removeprefix("-> "))
        else:
            write_tree(docs, {name: content})
    before = checksums(docs)
    out = tmp_path / "out"
    result = run(str(docs), "-o", str(out), "--jobs", "1", *options)
    assert checksums(docs) == before
    written = tree(out)
    if "json" in options:
        assert {n.removesuffix(".txt") + ".json" for n in GOOD_OUT} <= set(written)
    else:
        assert {name: written[name].decode() for name in GOOD_OUT} == GOOD_OUT
    assert "Traceback" not in result.stderr
    return result, out


def lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


# --- Files that cannot be cleaned: one line each, counted as failed, exit 1 ----------------

FAILING = {
    # id: (files, the file reported, its problem)
    "binary named .txt": (
        {"photo.txt": b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(8192)},
        "photo.txt",
        "not text: no encoding fits these bytes",
    ),
    "binary named .html": (
        {"page.html": random.Random(8).randbytes(4096)},
        "page.html",
        "not text: no encoding fits these bytes",
    ),
    "truncated gzip": (
        {"cut.md.gz": gzip.compress((MARKDOWN * 50).encode())[:150]},
        "cut.md.gz",
        "cannot read: compressed file ends too soon",
    ),
    "dangling symlink": (
        {"gone.txt": "-> nowhere.txt"},
        "gone.txt",
        "cannot read: No such file or directory",
    ),
    "symlink to itself": (
        {"loop.txt": "-> loop.txt"},
        "loop.txt",
        "cannot read: Too many levels of symbolic links",
    ),
}


@pytest.mark.parametrize("files, name, problem", FAILING.values(), ids=FAILING.keys())
def test_a_bad_file_is_one_line_and_the_rest_is_written(tmp_path, files, name, problem):
    result, out = batch(tmp_path, files)
    assert result.exit_code == 1
    assert lines_naming(result.stderr, name) == [f"{tmp_path / 'in' / name}: {problem}"]
    assert sorted(tree(out)) == sorted(GOOD_OUT)  # nothing written for the bad file
    assert "cleaned 3 documents" in result.stderr and "failed 1" in result.stderr


def test_a_symlink_loop_between_files_and_folders(tmp_path):
    """Two links to each other fail one line each; a folder linking to its parent is not
    followed (the walk would never end)."""
    result, out = batch(tmp_path, {"x.txt": "-> y.txt", "y.txt": "-> x.txt", "good/up": "-> .."})
    assert result.exit_code == 1
    for name in ("x.txt", "y.txt"):
        assert lines_naming(result.stderr, f"/{name}") == [
            f"{tmp_path / 'in' / name}: cannot read: Too many levels of symbolic links"
        ]
    assert sorted(tree(out)) == sorted(GOOD_OUT)
    assert "cleaned 3 documents" in result.stderr and "failed 2" in result.stderr


# --- Files that are odd but text: cleaned, exit 0 -------------------------------------------

UTF8_STRAY_BYTE = RUSSIAN.encode().replace(" год".encode(), b"\xff" + " год".encode(), 1)

CLEANED = {
    # id: (file name, bytes, the body expected)
    "invalid UTF-8 (a stray byte)": (
        "stray.txt",
        UTF8_STRAY_BYTE,
        RUSSIAN.replace("ещё год", "ещё\ufffd год"),
    ),
    "UTF-16 with a BOM": ("bom16.txt", ARTICLE.encode("utf-16"), clean(ARTICLE).body),
    "UTF-16 LE without a BOM": ("le16.txt", ARTICLE.encode("utf-16-le"), clean(ARTICLE).body),
    "UTF-16 BE without a BOM": ("be16.txt", ARTICLE.encode("utf-16-be"), clean(ARTICLE).body),
    "Windows-1251, no declaration": ("ru.txt", RUSSIAN.encode("cp1251"), RUSSIAN),
    "UTF-8 BOM, then a stray byte": (
        "bomstray.txt",
        b"\xef\xbb\xbf" + UTF8_STRAY_BYTE,
        RUSSIAN.replace("ещё год", "ещё\ufffd год"),
    ),
    "UTF-8 BOM before Windows-1251": (
        "bomru.txt",
        b"\xef\xbb\xbf" + RUSSIAN.encode("cp1251"),
        RUSSIAN,
    ),
    "UTF-16 BOM, cut off mid-character": (
        "cut16.txt",
        ARTICLE.encode("utf-16")[:-1],
        clean(ARTICLE[:-1] + "\ufffd").body,
    ),
    "empty file": ("empty.txt", b"", ""),
    "whitespace only": ("blank.md", b" \n\n\t \r\n   ", ""),
    '"HTML" that is plain text': (
        "plain.html",
        b"The council voted on Monday to keep the library open.\n\nIt costs 3 < 4 & so on.",
        "The council voted on Monday to keep the library open.\n\nIt costs 3 < 4 & so on.",
    ),
}


@pytest.mark.parametrize("name, data, body", CLEANED.values(), ids=CLEANED.keys())
def test_an_odd_file_is_cleaned_with_the_rest(tmp_path, name, data, body):
    result, out = batch(tmp_path, {name: data})
    assert result.exit_code == 0, result.stderr
    output = (out / name).with_suffix(".txt").read_text(encoding="utf-8")
    assert output == (body + "\n" if body else "")  # an empty body is an empty file
    assert "cleaned 4 documents" in result.stderr and "failed 0" in result.stderr


def test_a_20_mb_single_line(tmp_path):
    """Just under the default --max-size (20 MB)."""
    line = " ".join([ARTICLE.splitlines()[2]] * 256_000)
    assert 19_900_000 < len(line) <= 20_000_000 and "\n" not in line
    result, out = batch(tmp_path, {"huge.txt": line})
    assert result.exit_code == 0
    assert (out / "huge.txt").read_text() == line + "\n"


def test_100_000_tiny_lines(tmp_path):
    data = "".join(f"item {i}\n" for i in range(100_000)).encode()
    result, out = batch(tmp_path, {"tiny.txt": data})
    assert result.exit_code == 0
    expected = clean(data).body
    assert (out / "tiny.txt").read_text() == (expected + "\n" if expected else "")
    assert "cleaned 4 documents" in result.stderr


def test_deeply_nested_markdown(tmp_path):
    sentence = "voted on Monday to keep the public library open for another year."
    lists = "".join("  " * i + f"- Level {i} {sentence}\n" for i in range(1000))
    quotes = "".join("> " * i + f"Quote {i} {sentence}\n" for i in range(1, 300))
    brackets = "![" * 3000 + "[" * 3000 + sentence + "](x)" * 3000 + "\n"
    result, out = batch(tmp_path, {"deep.md": lists + "\n" + quotes + "\n" + brackets})
    assert result.exit_code == 0
    body = (out / "deep.txt").read_text()
    # Every level's text is kept, its markers gone: list items and quotes are markup.
    assert all(f"Level {i} {sentence}" in body for i in range(1000))
    assert all(f"Quote {i} {sentence}" in body for i in range(1, 300))
    assert "- Level" not in body


# --- JSON Lines cut off, and outputs beside the inputs ---------------------------------------


def test_a_truncated_jsonl_gz_keeps_the_records_before_the_cut(tmp_path):
    records = [{"id": i, "text": ARTICLE.replace("Monday", f"day {i}")} for i in range(200)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    result, out = batch(tmp_path, {"crawl.jsonl.gz": data[: len(data) // 2]})
    assert result.exit_code == 1
    reported = lines_naming(result.stderr, "crawl.jsonl.gz")
    assert len(reported) >= 1 and "Traceback" not in result.stderr
    assert reported[-1].startswith(f"{tmp_path / 'in' / 'crawl.jsonl.gz'}: cannot read: ")
    assert reported[-1].endswith("(the records before it are written)")
    kept = [json.loads(line) for line in (out / "crawl.jsonl").read_text().splitlines()]
    whole = [r for r in kept if "error" not in r["cleaner"]]
    assert 10 < len(whole) < len(records)
    assert [r["id"] for r in whole] == list(range(len(whole)))  # the first ones, in order
    assert all(r["text"] == clean(records[r["id"]]["text"]).body for r in whole)
    assert len(kept) - len(whole) <= 1  # at most the line the cut went through, kept as is


def test_an_unreadable_jsonl_writes_nothing(tmp_path):
    result, out = batch(tmp_path, {"gone.jsonl": "-> nowhere.jsonl"})
    assert result.exit_code == 1
    assert lines_naming(result.stderr, "gone.jsonl") == [
        f"{tmp_path / 'in' / 'gone.jsonl'}: cannot read: No such file or directory "
        "(no output written)"
    ]
    assert sorted(tree(out)) == sorted(GOOD_OUT)


def test_output_inside_the_input_named_through_a_symlink_is_not_read_back(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "r.jsonl": json.dumps({"text": ARTICLE})})
    (docs / "out").mkdir()
    (tmp_path / "link").symlink_to(docs / "out")
    for _ in range(2):  # the rerun neither reads the outputs nor redoes them
        result = run(str(docs), "-o", str(tmp_path / "link"), "--jobs", "1")
        assert result.exit_code == 0
    assert "up to date 2" in result.stderr and "cleaned 0 documents" in result.stderr
    assert sorted(tree(docs)) == ["a.txt", "out/a.txt", "out/r.jsonl", "r.jsonl"]


# --- Rule packs --------------------------------------------------------------------------------

RULE = """
  - id: mine.{name}
    category: local_note
    kind: block
    pattern: '{pattern}'
    why: A test rule.
    examples:
      remove: ["{remove}"]
      keep: ["{keep}"]
"""


def pack(*rules: str, head: str = "pack: mine\nrules:") -> str:
    return head + "".join(rules)


ONE = RULE.format(name="one", pattern="^Residents", remove="Residents said so.", keep="No.")
BAD_PACKS = {
    # id: (pack text, what the message must name)
    "YAML error": (pack(ONE) + "\n  - id: [unclosed", ["rule -", "key 'line", "YAML error"]),
    "unknown key": (
        pack(ONE.replace("why:", "colour: red\n    why:")),
        ["rule mine.one", "key 'colour'", "unknown key"],
    ),
    "duplicate id": (pack(ONE, ONE), ["rule mine.one", "key 'id'", "duplicate id"]),
    "id of a shipped rule": (
        pack(ONE.replace("mine.one", "junk.advertisement")),
        ["rule junk.advertisement", "key 'id'", "duplicate id (also in the shipped packs)"],
    ),
    "invalid regex": (
        pack(ONE.replace("^Residents", "^(Residents")),
        ["rule mine.one", "key 'pattern'", "invalid regex"],
    ),
}


@pytest.mark.parametrize("text, named", BAD_PACKS.values(), ids=BAD_PACKS.keys())
def test_a_broken_pack_stops_the_run_before_any_document(tmp_path, text, named):
    docs = write_tree(tmp_path / "in", GOOD)
    packs = write_tree(tmp_path / "packs", {"mine.yaml": text})
    result = run(str(docs), "-o", str(tmp_path / "out"), "--rules", str(packs))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())  # click wraps nothing, but be safe
    assert str(packs / "mine.yaml") in message
    for part in named:
        assert part in message
    assert not (tmp_path / "out").exists()


def test_a_folder_without_packs_is_a_usage_error(tmp_path):
    docs = write_tree(tmp_path / "in", GOOD)
    (tmp_path / "packs").mkdir()
    result = run(str(docs), "-o", str(tmp_path / "out"), "--rules", str(tmp_path / "packs"))
    assert result.exit_code == 2 and "no *.yaml packs in this folder" in result.stderr
    assert not (tmp_path / "out").exists()


# The negative lookahead keeps cleaner.screen from ruling the pattern out, so the
# backtracking search itself must hit its time bound.

RUNAWAY = RULE.format(name="runaway", pattern="^(a|aa)+(?!.)", remove="aaaa", keep="aab")


def test_a_runaway_rule_is_reported_once_and_the_documents_are_cleaned(tmp_path):
    """A pattern with catastrophic backtracking is stopped by its time bound; each document
    it ran away on is cleaned without it; the user is told once, and the summary counts."""
    trap = "a" * 40 + "b"
    packs = write_tree(tmp_path / "packs", {"mine.yaml": pack(RUNAWAY)})
    bad = {f"trap{i}.txt": ARTICLE.replace("Advertisement", trap) for i in range(2)}
    result, out = batch(tmp_path, bad, "--rules", str(packs))
    assert result.exit_code == 0
    for name in bad:
        assert (out / name).read_text() == clean(bad[name]).body + "\n"  # shipped rules only
    warnings = [line for line in result.stderr.splitlines() if "mine.runaway" in line]
    assert len(warnings) == 2  # the first document's line, then the summary's count
    assert (
        warnings[0].startswith("warning: ")
        and "trap0.txt: rule mine.runaway timed out" in (warnings[0])
    )
    assert warnings[1] == "warning: rule mine.runaway timed out after 0.5s in 2 documents"
    assert "cleaned 5 documents" in result.stderr


# --- A document that takes too long ----------------------------------------------------------


@pytest.fixture
def stalling(monkeypatch):
    """Documents holding STALL never finish (unless the time bound stops them)."""
    real = Cleaner.clean

    def clean_or_stall(self, data, format=None):
        if "STALL" in (data if isinstance(data, str) else data.decode("utf-8", "replace")):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                pass
            raise AssertionError("the time bound did not stop the document")
        return real(self, data, format)

    monkeypatch.setattr(Cleaner, "clean", clean_or_stall)


def test_a_document_past_its_time_bound_fails_alone(tmp_path, stalling):
    records = [{"id": i, "text": "STALL" if i == 1 else ARTICLE} for i in range(3)]
    bad = {
        "slow.txt": "STALL " + ARTICLE,
        "r.jsonl": "".join(json.dumps(r) + "\n" for r in records),
    }
    result, out = batch(tmp_path, bad, "--timeout", "3")
    assert result.exit_code == 1
    assert lines_naming(result.stderr, "slow.txt") == [
        f"{tmp_path / 'in' / 'slow.txt'}: timed out after 3 s"
    ]
    assert lines_naming(result.stderr, "r.jsonl") == [
        f"{tmp_path / 'in' / 'r.jsonl'}: line 2: timed out after 3 s"
    ]
    assert not (out / "slow.txt").exists()
    got = [json.loads(line) for line in (out / "r.jsonl").read_text().splitlines()]
    assert [r["id"] for r in got] == [0, 1, 2]
    assert got[1]["cleaner"] == {"error": "timed out after 3 s"} and got[1]["text"] == "STALL"
    assert got[2]["text"] == clean(ARTICLE).body  # the bound was lifted after the record
    assert "cleaned 5 documents" in result.stderr and "failed 2" in result.stderr


def test_timeout_option_is_checked(tmp_path):
    docs = write_tree(tmp_path / "in", GOOD)
    result = run(str(docs), "-o", str(tmp_path / "out"), "--timeout", "-1")
    assert result.exit_code == 2 and "--timeout" in result.stderr


def test_time_limit_raises_in_the_body_and_leaves_no_timer():
    previous = signal.getsignal(signal.SIGALRM)
    with pytest.raises(DocumentTimeout, match=r"timed out after 0\.05 s"), time_limit(0.05):
        time.sleep(5)
    assert isinstance(DocumentTimeout(1), InputError)  # bad input to the batch, not a bug
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is previous
    with time_limit(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_nested_keeps_the_tighter_bound_and_restores_the_outer():
    # A looser bound inside a running one leaves it be: the outer one fires.
    with pytest.raises(DocumentTimeout, match=r"after 0\.1 s"), time_limit(0.1), time_limit(30):
        time.sleep(5)
    with pytest.raises(DocumentTimeout, match=r"after 0\.3 s"), time_limit(0.3):
        with time_limit(0.05):
            pass
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.3
        time.sleep(5)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize("seconds", [None, 0])
def test_time_limit_none_or_zero_is_no_bound(seconds):
    with time_limit(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_limit_off_the_main_thread_is_no_bound():
    seen = []

    def body():
        with time_limit(0.01):
            time.sleep(0.05)
            seen.append(signal.getitimer(signal.ITIMER_REAL))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [(0.0, 0.0)]


# --- Faults: inputs never change ------------------------------------------------------------


def test_inputs_are_unchanged_by_a_run_that_fails(tmp_path):
    """batch() checks the checksums; here with every kind of bad file in one run."""
    bad = {name: content for files, _, _ in FAILING.values() for name, content in files.items()}
    bad |= {name: data for name, data, _ in CLEANED.values()}
    result, out = batch(tmp_path, bad, "--format", "json")
    assert result.exit_code == 1
    assert f"failed {len(FAILING)}" in result.stderr
    assert len(tree(out)) == len(GOOD_OUT) + len(CLEANED)
    for name, data, body in CLEANED.values():
        output = json.loads((out / name).with_suffix(".json").read_text())
        assert output["body"] == body
        assert output == json.loads(json.dumps(clean(data, format_for(Path(name))).to_dict()))


def test_paths_resolved_in_bulk_as_one_by_one(tmp_path, monkeypatch):
    """real_all, which resolves each folder once, gives what realpath gives path by path:
    plain files, linked files and folders, dangling links, loops, outputs not yet written."""
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("a")
    (tmp_path / "in" / "sub" / "b.txt").write_text("b")
    (tmp_path / "linked").symlink_to(tmp_path / "in" / "sub")
    (tmp_path / "in" / "to-a.txt").symlink_to(tmp_path / "in" / "a.txt")
    (tmp_path / "in" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "in" / "loop.txt").symlink_to(tmp_path / "in" / "loop.txt")
    monkeypatch.chdir(tmp_path)
    paths = [
        tmp_path / "in" / "a.txt",
        tmp_path / "linked" / "b.txt",
        tmp_path / "in" / "to-a.txt",
        tmp_path / "in" / "dangling.txt",
        tmp_path / "in" / "loop.txt",
        tmp_path / "linked" / "not-yet.txt",
        Path("in") / "a.txt",
        Path("a-file-here.txt"),
        tmp_path / "in" / "sub" / "..",
    ]
    assert real_all(paths) == [real(p) for p in paths]
    assert real_all(paths)[1] == tmp_path / "in" / "sub" / "b.txt"
