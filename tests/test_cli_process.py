"""The installed `cleaner` command as a real process: a run over a tree, and a run killed
with SIGKILL and started again, which must end with the tree of an uninterrupted run."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ARTICLE, SAMPLES, checksums, tree, write_tree

from cleaner import clean

CLEANER = Path(sys.executable).parent / "cleaner"
pytestmark = pytest.mark.skipif(not CLEANER.exists(), reason="the cleaner command is not installed")


def cleaner(*args: str | Path, **kwargs):
    return subprocess.run(
        [str(CLEANER), *map(str, args)], capture_output=True, text=True, timeout=300, **kwargs
    )


def test_installed_command(tmp_path):
    docs = write_tree(
        tmp_path / "in",
        {
            "a.txt": ARTICLE,
            "sub/b.txt": ARTICLE.replace("Monday", "Friday"),
            "c.txt": bytes(range(256)),
        },
    )
    out = tmp_path / "out"
    result = cleaner("clean", docs, "-o", out, "--jobs", "2")
    assert result.returncode == 1  # c.txt is not text
    assert result.stdout == ""
    assert f"{docs / 'c.txt'}: not text" in result.stderr and "Traceback" not in result.stderr
    assert "cleaned 2 documents" in result.stderr and "\r" not in result.stderr  # no bar
    assert (out / "sub" / "b.txt").read_text() == clean(
        ARTICLE.replace("Monday", "Friday")
    ).body + "\n"
    assert cleaner("--help").returncode == 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killed_run_resumes_to_the_same_tree(tmp_path):
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    files: dict[str, str] = {}
    for i in range(20):  # documents before the JSON Lines file (the root) and after it (z/)
        files[f"a{i:02d}.txt"] = texts[i % len(texts)]
        files[f"z/{i:02d}.txt"] = texts[i % len(texts)]
    records = [{"id": i, "text": texts[i % len(texts)]} for i in range(160)]
    files["m/records.jsonl"] = "".join(json.dumps(r) + "\n" for r in records)
    docs = write_tree(tmp_path / "in", files)
    inputs = checksums(docs)
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert cleaner("clean", docs, "-o", whole, "--jobs", "2").returncode == 0

    with open(tmp_path / "log", "w") as log:
        run = subprocess.Popen(
            [str(CLEANER), "clean", str(docs), "-o", str(resumed), "--jobs", "2"],
            stdout=log,
            stderr=log,
        )
    half_written = resumed / "m" / ".records.jsonl.cleaner-tmp"
    assert _wait_for(half_written.exists, 120), (tmp_path / "log").read_text()
    workers = _children(run.pid)
    run.send_signal(signal.SIGKILL)
    assert run.wait(10) == -signal.SIGKILL
    # The kill came in the middle: some outputs done, a JSON Lines file half written.
    assert half_written.exists() and (resumed / "a00.txt").exists()
    assert not (resumed / "z" / "19.txt").exists()
    # Workers notice that the main process is gone and exit instead of waiting forever.
    assert workers
    assert _wait_for(lambda: not any(map(_running, workers)), 10)
    assert checksums(docs) == inputs

    again = cleaner("clean", docs, "-o", resumed, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert "up to date 20" in again.stderr  # the root documents were not done again
    assert tree(resumed) == tree(whole)
    assert not [p for p in resumed.rglob(".*")]
    assert checksums(docs) == inputs


def test_a_document_past_its_time_bound_in_a_worker(tmp_path):
    """The bound works in the pool's workers: the slow document fails alone, and the worker
    that gave it up goes on cleaning (its timer is off again)."""
    sentence = ARTICLE.splitlines()[2]
    good = {f"b{i}.txt": ARTICLE.replace("Monday", f"day {i}") for i in range(8)}
    docs = write_tree(tmp_path / "in", {"a-huge.txt": " ".join([sentence] * 260_000), **good})
    inputs = checksums(docs)
    out = tmp_path / "out"
    result = cleaner("clean", docs, "-o", out, "--jobs", "2", "--timeout", "1")
    assert result.returncode == 1, result.stderr
    assert f"{docs / 'a-huge.txt'}: timed out after 1 s" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert "cleaned 8 documents" in result.stderr and "failed 1" in result.stderr
    assert tree(out) == {name: (clean(text).body + "\n").encode() for name, text in good.items()}
    assert checksums(docs) == inputs


def test_interrupt_leaves_no_half_file(tmp_path):
    """Ctrl-C: the main process drops the file it was writing and says how to go on."""
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    lines = "".join(json.dumps({"text": texts[i % len(texts)]}) + "\n" for i in range(200))
    docs = write_tree(tmp_path / "in", {"r.jsonl": lines})
    out = tmp_path / "out"
    run = subprocess.Popen(
        [str(CLEANER), "clean", str(docs), "-o", str(out), "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for((out / ".r.jsonl.cleaner-tmp").exists, 120)
    os.kill(run.pid, signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "interrupted: run the same command again to go on" in stderr
    assert "Traceback" not in stderr
    assert tree(out) == {}
