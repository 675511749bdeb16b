"""Runs that are never silently wrong: what a rerun calls "up to date" is, a second run into
one output folder is refused, a document cannot outlive its time bound, a failure on the
output side stops the run in one line, and a JSON Lines file goes on where it stopped.

Processes, signals, locks and resource limits are real (the installed `cleaner` command in a
subprocess); changes made to an input while it is cleaned come from a patched Cleaner.
"""

import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ARTICLE, MARKDOWN, checksums, tree, write_tree

from cleaner import Cleaner, batch, clean, records
from cleaner.cli import main

CLEANER = Path(sys.executable).parent / "cleaner"
needs_command = pytest.mark.skipif(not CLEANER.exists(), reason="cleaner is not installed")


def run(*args: str | Path):
    """`cleaner clean` in this process, without worker processes unless the test asks for
    them with --jobs or --timeout (the subprocess tests cover them)."""
    args_ = ["clean", "--timeout", "0", *map(str, args)]  # a later --timeout wins
    return CliRunner().invoke(main, args_, catch_exceptions=False)


def cleaner(*args: str | Path, **kwargs):
    return subprocess.run(
        [str(CLEANER), "clean", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def body(text: str, format: str | None = None) -> bytes:
    cleaned = clean(text, format).body
    return (cleaned + "\n").encode() if cleaned else b""


def temporary_files(out: Path) -> list[Path]:
    return list(out.rglob("*.cleaner-tmp"))


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def variant(n: int) -> str:
    return ARTICLE.replace("Monday", f"day {n}")


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


# --- 1. An input changed while it was cleaned -------------------------------------------------


@pytest.fixture
def changing(monkeypatch):
    """A document holding CHANGE gets a paragraph appended to its file while it is cleaned
    (in the worker, as a writer outside would)."""
    real = Cleaner.clean

    def clean_and_change(self, data, format=None):
        text = data if isinstance(data, str) else data.decode("utf-8", "replace")
        if "CHANGE" in text and "CHANGED" not in text:
            with open(os.environ["CHANGE_FILE"], "a") as handle:
                handle.write("\n\nA paragraph added later, after the vote. CHANGED\n")
        return real(self, data, format)

    monkeypatch.setattr(Cleaner, "clean", clean_and_change)
    return monkeypatch


def test_a_file_changed_while_it_is_cleaned_is_not_recorded(tmp_path, changing):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.txt": "CHANGE\n\n" + ARTICLE})
    changing.setenv("CHANGE_FILE", str(docs / "b.txt"))
    out = tmp_path / "out"
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert f"{docs / 'b.txt'}: changed while it was cleaned (no output written; run again)" in (
        result.stderr.splitlines()
    )
    assert sorted(tree(out)) == ["a.txt"]
    again = run(docs, "-o", out, "--jobs", "1")  # the rerun cleans what the file holds now
    assert again.exit_code == 0, again.stderr
    assert "up to date 1" in again.stderr and "cleaned 1 documents" in again.stderr
    assert (out / "b.txt").read_bytes() == body((docs / "b.txt").read_text())
    assert (docs / "b.txt").read_text().endswith("CHANGED\n")


def test_a_jsonl_file_changed_while_it_is_cleaned_is_not_recorded(tmp_path, monkeypatch):
    records_ = [{"id": i, "text": variant(i)} for i in range(40)]
    docs = write_tree(tmp_path / "in", {"r.jsonl": jsonl(*records_)})
    real = Cleaner.clean

    def clean_and_append(self, data, format=None):
        if "day 39" in data:  # the last record: a writer appends one more
            with open(docs / "r.jsonl", "a") as handle:
                handle.write(json.dumps({"id": 40, "text": variant(40)}) + "\n")
        return real(self, data, format)

    monkeypatch.setattr(Cleaner, "clean", clean_and_append)
    out = tmp_path / "out"
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert f"{docs / 'r.jsonl'}: changed while it was cleaned" in result.stderr
    assert tree(out) == {}  # neither the output nor its temporary file
    monkeypatch.undo()
    again = run(docs, "-o", out, "--jobs", "1")
    assert again.exit_code == 0 and "cleaned 41 documents" in again.stderr


# --- 2. Options, rules or the input changed between runs ---------------------------------------


def test_changed_options_rules_or_input_clean_again(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "b.md": MARKDOWN})
    rule = (
        "pack: mine\nrules:\n  - id: mine.residents\n    category: local_note\n"
        "    kind: block\n    pattern: '^Residents {word}'\n    why: A test rule.\n"
        "    examples:\n      remove: ['Residents {word} it.']\n      keep: ['No.']\n"
    )
    packs = write_tree(tmp_path / "packs", {"mine.yaml": rule.format(word="had")})
    out = tmp_path / "out"

    def again(*options: str | Path) -> str:
        result = run(docs, "-o", out, "--jobs", "1", *options)
        assert result.exit_code == 0, result.stderr
        return result.stderr

    assert "cleaned 2 documents" in again()
    assert "up to date 2" in again()
    assert "cleaned 2 documents" in again("--keep", "advertisement")
    assert "Advertisement" in (out / "a.txt").read_text()
    assert "cleaned 2 documents" in again("--disable", "share")
    assert "cleaned 2 documents" in again("--rules", packs)
    assert "Residents had" not in (out / "a.txt").read_text()
    assert "up to date 2" in again("--rules", packs)
    write_tree(packs, {"mine.yaml": rule.format(word="voted")})  # the pack's content changed
    assert "cleaned 2 documents" in again("--rules", packs)
    assert "Residents had" in (out / "a.txt").read_text()
    # The same size and mtime, other bytes: the content hash tells.
    stamp = (docs / "a.txt").stat()
    (docs / "a.txt").write_text(ARTICLE.replace("Monday", "Sunday"))
    os.utime(docs / "a.txt", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert "up to date 1" in again("--rules", packs)
    assert "Sunday" in (out / "a.txt").read_text()


def test_compressed_outputs_are_up_to_date_on_a_rerun(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "r.jsonl": jsonl({"text": MARKDOWN})})
    out = tmp_path / "out"
    assert run(docs, "-o", out, "--compress", "gz").exit_code == 0
    again = run(docs, "-o", out, "--compress", "gz")
    assert "up to date 2" in again.stderr
    plain = run(docs, "-o", out)  # other outputs, and the compressed ones are now stale
    assert "up to date 0" in plain.stderr and "stale 2" in plain.stderr


def test_text_field_change_cleans_jsonl_again_but_not_documents(tmp_path):
    docs = write_tree(
        tmp_path / "in",
        {"a.txt": ARTICLE, "r.jsonl": jsonl({"text": ARTICLE, "body": MARKDOWN})},
    )
    out = tmp_path / "out"
    assert run(docs, "-o", out, "--jobs", "1").exit_code == 0
    result = run(docs, "-o", out, "--jobs", "1", "--text-field", "body")
    assert "up to date 1" in result.stderr and "cleaned 1 documents" in result.stderr
    record = json.loads((out / "r.jsonl").read_text())
    assert record["body"] == clean(MARKDOWN).body and record["text"] == ARTICLE


GERMAN = (
    "Der Stadtrat hat am Montag beschlossen, die öffentliche Bibliothek ein weiteres Jahr "
    "offen zu halten.\n\nDie Bewohner hatten monatelang dafür gekämpft, und die Abstimmung "
    "war knapper, als viele erwartet hatten."
)


def test_a_document_left_out_by_language_is_up_to_date_on_a_rerun(tmp_path):
    docs = write_tree(tmp_path / "in", {"de.txt": GERMAN, "en.txt": ARTICLE})
    out = tmp_path / "out"
    (out).mkdir()
    (out / "en.txt").write_text("an output of an earlier run\n")
    first = run(docs, "-o", out, "--jobs", "1", "--languages", "de")
    assert "filtered by language: 1 document (1 en)" in first.stderr
    assert sorted(tree(out)) == ["de.txt"]  # the earlier output went: it has none now
    again = run(docs, "-o", out, "--jobs", "1", "--languages", "de")
    assert "up to date 2" in again.stderr and "filtered" not in again.stderr
    every = run(docs, "-o", out, "--jobs", "1")
    assert "up to date 0" in every.stderr and sorted(tree(out)) == ["de.txt", "en.txt"]


# --- 3. Output names, whatever the order of the arguments; stale outputs -----------------------


def test_output_names_do_not_depend_on_argument_order(tmp_path):
    d1 = write_tree(tmp_path / "d1", {"x.txt": variant(1)})
    d2 = write_tree(tmp_path / "d2", {"x.txt": variant(2), "x.md": MARKDOWN})
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    first = run(d1, d2, "-o", out, "--jobs", "1")
    assert first.exit_code == 0
    written = tree(out)
    rerun = run(d2, d1, "-o", out, "--jobs", "1")
    assert "up to date 3" in rerun.stderr and "cleaned 0 documents" in rerun.stderr
    assert tree(out) == written
    assert run(d2, d1, "-o", fresh, "--jobs", "1").exit_code == 0
    assert tree(fresh) == written  # the same names from either order
    # Each output holds its own input's body.
    by_body = {content: name for name, content in written.items()}
    assert set(by_body) == {body(variant(1)), body(variant(2)), body(MARKDOWN, "markdown")}
    assert by_body[body(MARKDOWN, "markdown")] == "x.md.txt"


def test_a_file_added_beside_an_output_leaves_a_stale_output_reported_then_pruned(tmp_path):
    docs = write_tree(tmp_path / "in", {"x.txt": ARTICLE, "y.txt": variant(1)})
    out = tmp_path / "out"
    assert run(docs, "-o", out, "--jobs", "1").exit_code == 0
    write_tree(docs, {"x.md": MARKDOWN})  # x.txt and x.md now share a name: both take their whole
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 0
    assert (
        f"stale: {out / 'x.txt'}: {docs / 'x.txt'} is now written to {out / 'x.txt.txt'} "
        "(--prune removes it)"
    ) in result.stderr.splitlines()
    assert "stale 1" in result.stderr
    assert sorted(tree(out)) == ["x.md.txt", "x.txt", "x.txt.txt", "y.txt"]
    (docs / "y.txt").unlink()  # an input gone
    result = run(docs, "-o", out, "--jobs", "1", "--prune")
    assert result.exit_code == 0
    assert f"removed {out / 'y.txt'}: stale, its input {docs / 'y.txt'} is gone" in result.stderr
    assert sorted(tree(out)) == ["x.md.txt", "x.txt.txt"]
    assert "stale" not in run(docs, "-o", out, "--jobs", "1").stderr


def test_outputs_of_other_inputs_in_the_folder_are_left_alone(tmp_path):
    d1 = write_tree(tmp_path / "d1", {"a.txt": ARTICLE})
    d2 = write_tree(tmp_path / "d2", {"b.txt": variant(2)})
    out = tmp_path / "out"
    assert run(d1, "-o", out, "--jobs", "1").exit_code == 0
    result = run(d2, "-o", out, "--jobs", "1", "--prune")
    assert "stale" not in result.stderr and f"removed {out}" not in result.stderr
    assert sorted(tree(out)) == ["a.txt", "b.txt"]


# --- 4. Two runs into one output folder ---------------------------------------------------------


@needs_command
def test_a_second_run_into_a_busy_output_folder_exits_2_or_waits(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    out = tmp_path / "out"
    held = records.lock(out, wait=False, waiting=print)  # as a run in progress would
    try:
        busy = run(docs, "-o", out)  # a lock is one per open file, in one process too
        assert busy.exit_code == 2
        assert busy.stderr.splitlines() == [
            f"Error: {out}: another cleaner run (process {os.getpid()}) is writing to it; "
            "wait for it, or add --wait"
        ]
        assert tree(out) == {}
        waiting = subprocess.Popen(
            [str(CLEANER), "clean", str(docs), "-o", str(out), "--wait"],
            stderr=subprocess.PIPE,
            text=True,
        )
        first = waiting.stderr.readline()  # once it has tried the lock
        assert (
            first == f"waiting for another cleaner run (process {os.getpid()}) writing to {out}\n"
        )
        time.sleep(0.5)
        assert waiting.poll() is None and tree(out) == {}
    finally:
        held.close()
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert tree(out) == {"a.txt": body(ARTICLE)}


@needs_command
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_two_real_runs_into_one_folder(tmp_path):
    """The first run reads a pipe that stays open, so it is still running."""
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    first = subprocess.Popen(
        [str(CLEANER), "clean", str(fifo), "-o", str(out), "--jobs", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    with open(fifo, "w") as pipe:
        pipe.write(jsonl({"text": ARTICLE}))
        pipe.flush()
        assert _wait_for(lambda: (out / ".cleaner" / "lock").exists(), 60)
        second = cleaner(write_tree(tmp_path / "in", {"a.txt": ARTICLE}), "-o", out)
        assert second.returncode == 2
        assert f"another cleaner run (process {first.pid}) is writing to it" in second.stderr
    _, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    assert json.loads((out / "in.jsonl").read_text())["text"] == clean(ARTICLE).body


# --- 6. A hard time bound, a size bound -------------------------------------------------------

# Loaded into the subprocess through PYTHONPATH: a document holding HANG blocks the alarm and
# spins, as a call into C that never returns would (an lxml XPath query on a huge page); one
# holding DIE kills its own process, as the kernel's out-of-memory killer would; one holding
# SLOW takes a minute.
HOOK = """
import os, signal, time
from cleaner import pipeline

_real = pipeline.Cleaner.clean

def clean(self, data, format=None):
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    if "HANG" in text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(0.05)
    if "DIE" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "SLOW" in text:
        time.sleep(60)
    return _real(self, data, format)

pipeline.Cleaner.clean = clean
"""


@pytest.fixture
def hooked(tmp_path) -> dict[str, str]:
    write_tree(tmp_path / "hook", {"sitecustomize.py": HOOK})
    return {**os.environ, "PYTHONPATH": str(tmp_path / "hook")}


@needs_command
def test_timeout_ends_a_document_whatever_it_is_doing(tmp_path, hooked):
    good = {f"b{i}.txt": variant(i) for i in range(5)}
    stuck = [{"id": 0, "text": ARTICLE}, {"id": 1, "text": "HANG"}, {"id": 2, "text": MARKDOWN}]
    docs = write_tree(
        tmp_path / "in", {"a-hang.txt": "HANG\n\n" + ARTICLE, "r.jsonl": jsonl(*stuck), **good}
    )
    out = tmp_path / "out"
    started = time.monotonic()
    result = cleaner(docs, "-o", out, "--jobs", "2", "--timeout", "1", env=hooked)
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert f"{docs / 'a-hang.txt'}: timed out after 1 s" in lines
    assert f"{docs / 'r.jsonl'}: line 2: timed out after 1 s" in lines
    assert "Traceback" not in result.stderr
    assert "cleaned 7 documents" in result.stderr and "failed 2" in result.stderr
    written = tree(out)
    assert {name: written[name] for name in good} == {n: body(t) for n, t in good.items()}
    assert "a-hang.txt" not in written and not temporary_files(out)
    got = [json.loads(line) for line in written["r.jsonl"].splitlines()]
    assert [r["id"] for r in got] == [0, 1, 2]
    assert got[1]["cleaner"] == {"error": "timed out after 1 s"}
    assert got[2]["text"] == clean(MARKDOWN).body


@needs_command
def test_a_worker_that_dies_costs_only_its_document(tmp_path, hooked):
    good = {f"b{i}.txt": variant(i) for i in range(5)}
    docs = write_tree(tmp_path / "in", {"a-die.txt": "DIE", **good})
    out = tmp_path / "out"
    result = cleaner(docs, "-o", out, "--jobs", "2", env=hooked)
    assert result.returncode == 1
    assert (
        f"{docs / 'a-die.txt'}: the process cleaning it was killed by SIGKILL (out of memory?)"
    ) in result.stderr.splitlines()
    assert sorted(tree(out)) == sorted(good)


@needs_command
def test_a_worker_that_dies_mid_ticket_costs_only_its_document(tmp_path, hooked):
    # A worker sends a ticket's outcomes together once it has done them all: what it had
    # done before it died is done again by another worker, and only its document is lost.
    good = {f"{letter}.txt": variant(i) for i, letter in enumerate("abcfgh")}
    records = [{"id": i, "text": "DIE" if i == 3 else variant(i)} for i in range(6)]
    docs = write_tree(tmp_path / "in", {"d-die.txt": "DIE", "r.jsonl": jsonl(*records), **good})
    out = tmp_path / "out"
    result = cleaner(docs, "-o", out, "--jobs", "2", env=hooked)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    killed = "the process cleaning it was killed by SIGKILL (out of memory?)"
    assert f"{docs / 'd-die.txt'}: {killed}" in lines
    assert f"{docs / 'r.jsonl'}: line 4: {killed}" in lines
    assert "cleaned 11 documents" in result.stderr and "failed 2" in result.stderr
    written = tree(out)
    assert {name: written[name] for name in good} == {n: body(t) for n, t in good.items()}
    got = [json.loads(line) for line in written["r.jsonl"].splitlines()]
    assert [r["id"] for r in got] == list(range(6))
    assert got[3]["cleaner"] == {"error": killed}
    assert [r["text"] for r in got[4:]] == [clean(variant(i)).body for i in (4, 5)]


@needs_command
def test_max_size_refuses_big_inputs_unread(tmp_path):
    big = "\n\n".join(f"Paragraph {i}: {ARTICLE}" for i in range(6000))  # about 1.4 MB
    docs = write_tree(
        tmp_path / "in",
        {
            "a.txt": ARTICLE,
            "big.txt": big,
            "bomb.txt.gz": gzip.compress(big.encode()),
            "r.jsonl": jsonl({"id": 0, "text": ARTICLE}, {"id": 1, "text": big}, {"id": 2}),
        },
    )
    (docs / "zero.txt").symlink_to("/dev/zero")
    out = tmp_path / "out"
    result = cleaner(docs, "-o", out, "--jobs", "1", "--max-size", "1")
    assert result.returncode == 1
    size = len(big.encode()) / 1e6
    lines = result.stderr.splitlines()
    assert f"{docs / 'big.txt'}: too large: {size:.1f} MB (--max-size 1 MB)" in lines
    assert f"{docs / 'bomb.txt.gz'}: too large: more than 1 MB (--max-size 1 MB)" in lines
    assert f"{docs / 'zero.txt'}: too large: more than 1 MB (--max-size 1 MB)" in lines
    assert any(line.startswith(f"{docs / 'r.jsonl'}: line 2: too large: ") for line in lines)
    got = [json.loads(line) for line in (out / "r.jsonl").read_text().splitlines()]
    assert len(got) == 3 and got[0]["text"] == clean(ARTICLE).body
    assert got[1]["cleaner"]["error"].startswith("too large: ")
    assert sorted(tree(out)) == ["a.txt", "r.jsonl"]
    usage = CliRunner().invoke(main, ["clean", "--help"]).output
    assert "--max-size MB" in usage and "[default: 20;" in usage


# --- 5 and 7. The output side failing, and folders the walk cannot read -----------------------


# Loaded into the subprocess through PYTHONPATH: files cannot grow past 3,000 bytes, as on a
# full disk (Python ignores SIGXFSZ: a write past the limit fails with EFBIG). The language
# model, which its library unpacks into a temporary file, is loaded first.
FULL_DISK = """
import resource
from cleaner.language_id import _identifier

_identifier()
resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))
"""


LONG = "\n\n".join(f"Paragraph {i} of the story: {ARTICLE.splitlines()[2]}" for i in range(60))


@needs_command
@pytest.mark.parametrize("kind", ["documents", "jsonl"])
def test_a_full_disk_stops_the_run_in_one_line(tmp_path, kind):
    files = (
        {f"d{i:02d}.txt": LONG.replace("story", f"story {i}") for i in range(12)}
        if kind == "documents"
        else {"r.jsonl": jsonl(*({"text": LONG, "n": i} for i in range(12)))}
    )
    docs = write_tree(tmp_path / "in", files)
    inputs = checksums(docs)
    out = tmp_path / "out"
    write_tree(tmp_path / "hook", {"sitecustomize.py": FULL_DISK})
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "hook")}
    result = cleaner(docs, "-o", out, "--jobs", "2", env=env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert errors[0].startswith(f"Error: cannot write {out}/")
    assert errors[0].endswith(": File too large (the run stopped)")
    assert "cleaned" not in result.stderr  # stopped early: no summary
    assert not temporary_files(out)
    assert checksums(docs) == inputs


def test_an_injected_enospc_stops_the_run(tmp_path, monkeypatch):
    def full(path, data, compress=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(batch, "write_whole", full)
    docs = write_tree(tmp_path / "in", {f"d{i}.txt": variant(i) for i in range(30)})
    out = tmp_path / "out"
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot write {out / 'd0.txt'}: No space left on device (the run stopped)"
    ]


def test_an_output_folder_that_cannot_be_made(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "file": "x"})
    result = run(docs / "a.txt", "-o", docs / "file" / "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot write to {docs / 'file' / 'out'}: Not a directory"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_reported_and_counted(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE, "locked/b.txt": ARTICLE})
    (docs / "locked").chmod(0)
    try:
        result = run(docs, "-o", tmp_path / "out", "--jobs", "1")
    finally:
        (docs / "locked").chmod(0o755)
    assert result.exit_code == 1
    assert f"{docs / 'locked'}: cannot read folder: Permission denied" in result.stderr
    assert "cleaned 1 documents" in result.stderr and "failed 1" in result.stderr


def test_a_folder_deeper_than_path_max_is_reported_and_counted(tmp_path):
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    name = "d" * 250
    fd = os.open(docs, os.O_RDONLY)
    try:
        for _ in range(18):  # 18 x 251 characters: past PATH_MAX (4,096)
            os.mkdir(name, dir_fd=fd)
            deeper = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as handle:
            handle.write(ARTICLE)
    finally:
        os.close(fd)
    result = run(docs, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    reported = [line for line in result.stderr.splitlines() if name in line]
    assert len(reported) == 1 and reported[0].endswith(": File name too long"), reported
    assert "Traceback" not in result.stderr
    assert "cleaned 1 documents" in result.stderr and "failed 1" in result.stderr


def test_a_pack_that_is_not_utf8_is_one_line(tmp_path):
    packs = write_tree(tmp_path / "packs", {"bin.yaml": b"pack: x\nrules:\n\xff\xfe\x00\x9c"})
    result = CliRunner().invoke(main, ["rules", "validate", str(packs)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error {packs / 'bin.yaml'}: rule -: key '-': not UTF-8 text: byte 0xff at offset 15"
    ]
    docs = write_tree(tmp_path / "in", {"a.txt": ARTICLE})
    result = run(docs, "-o", tmp_path / "out", "--rules", packs)
    assert result.exit_code == 2 and "not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr


# --- 6. JSON Lines goes on where it stopped -------------------------------------------------------


@needs_command
def test_an_interrupted_jsonl_file_goes_on_after_its_records(tmp_path, hooked):
    """Record 70 holds SLOW, which takes a minute (the hook): the first two tasks' records
    are written, the third waits on it when Ctrl-C comes. The rerun runs without the hook."""
    records_ = [{"id": i, "text": ("SLOW " if i == 70 else "") + variant(i)} for i in range(100)]
    docs = write_tree(tmp_path / "in", {"r.jsonl": jsonl(*records_)})
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert run(docs, "-o", whole, "--jobs", "1").exit_code == 0
    half = resumed / ".r.jsonl.cleaner-tmp"
    run_ = subprocess.Popen(
        [str(CLEANER), "clean", str(docs), "-o", str(resumed), "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env=hooked,
        # Ctrl-C as in a terminal, even where the tests run with it ignored (a background job)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    written = 2 * batch.RECORDS_PER_TASK
    assert _wait_for(lambda: half.exists() and half.read_bytes().count(b"\n") == written, 60)
    run_.send_signal(signal.SIGINT)
    _, stderr = run_.communicate(timeout=60)
    assert run_.returncode == 130, stderr
    assert half.read_bytes().count(b"\n") == written and not (resumed / "r.jsonl").exists()
    again = cleaner(docs, "-o", resumed, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    going_on = f"{docs / 'r.jsonl'}: going on after its first {written} records"
    assert going_on in again.stderr.splitlines()
    assert f"cleaned {len(records_) - written} documents" in again.stderr
    assert tree(resumed) == tree(whole)
    assert not temporary_files(resumed)


def test_a_jsonl_file_cut_by_a_kill_mid_line_goes_on_from_its_last_whole_record(tmp_path):
    """What a kill -9 leaves: a temporary file ending in half a line, and its record."""
    records_ = [{"id": i, "text": variant(i)} for i in range(50)]
    docs = write_tree(tmp_path / "in", {"r.jsonl": jsonl(*records_)})
    whole, out = tmp_path / "whole", tmp_path / "out"
    assert run(docs, "-o", whole, "--jobs", "1").exit_code == 0
    done = (whole / "r.jsonl").read_bytes().splitlines(keepends=True)
    assert run(docs, "-o", out, "--jobs", "1").exit_code == 0
    journal = records.Journal(out)
    record = journal.records["r.jsonl"]
    kept = len(b"".join(done[:20]))
    journal.add(
        records.Record(**{**record.__dict__, "partial": True, "lines": 20, "written": kept})
    )
    journal.close()
    (out / "r.jsonl").unlink()
    (out / ".r.jsonl.cleaner-tmp").write_bytes(b"".join(done[:20]) + done[20][:15])
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 0
    assert f"{docs / 'r.jsonl'}: going on after its first 20 records" in result.stderr
    assert "cleaned 30 documents" in result.stderr
    assert tree(out) == tree(whole)


# --- 8. Smaller: workers, a record's own "cleaner" field, numbers ------------------------------


@pytest.mark.parametrize("count, processes", [(3, "1 process"), (40, "2 processes")])
def test_jobs_are_capped_at_the_work_there_is(tmp_path, count, processes):
    docs = write_tree(
        tmp_path / "in", {"r.jsonl": jsonl(*({"text": variant(i)} for i in range(count)))}
    )
    result = run(docs, "-o", tmp_path / "out", "--jobs", "100")
    assert result.exit_code == 0
    assert f"documents/s, {processes}" in result.stderr


def test_a_record_keeps_its_own_cleaner_field_and_its_numbers(tmp_path):
    text = json.dumps(ARTICLE)
    lines = [
        f'{{"id": 1, "text": {text}, "cleaner": "mine", "big": 1e400, "small": -2E999}}',
        '{"id": 2, "text": "x", "score": NaN}',
        f'{{"id": 3, "text": {text}, "cleaner": {{"v": 1}}, "cleaner_original": 0}}',
    ]
    docs = write_tree(tmp_path / "in", {"r.jsonl": "\n".join(lines) + "\n"})
    out = tmp_path / "out"
    result = run(docs, "-o", out, "--jobs", "1")
    assert result.exit_code == 1  # the NaN record is not JSON
    assert f"{docs / 'r.jsonl'}: line 2: not JSON: NaN is not a JSON value" in result.stderr

    def strict(name):
        raise ValueError(name)

    text = (out / "r.jsonl").read_text()
    got = [json.loads(line, parse_constant=strict) for line in text.splitlines()]  # valid JSON
    assert '"big": 1e400, "small": -2E999' in text.splitlines()[0]
    assert got[0]["cleaner_original"] == "mine" and got[0]["text"] == clean(ARTICLE).body
    assert "removed" in got[0]["cleaner"]
    assert got[1]["line"] == lines[1] and "error" in got[1]["cleaner"]
    assert got[2]["cleaner_original"] == 0 and got[2]["cleaner_original_2"] == {"v": 1}
