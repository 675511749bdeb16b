"""The installed `cleaner` command as a real process: a run over a tree, and a run killed
with SIGKILL and started again, which must end with the tree of an uninterrupted run."""

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ARTICLE, SAMPLES, checksums, tree, write_tree

from cleaner import batch, clean

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


def _blocked_writing_stderr(pid: int) -> bool:
    """Whether the process waits in a write to its stderr (file descriptor 2): the first
    field of /proc/PID/syscall is the call's number (it differs between machines), the
    second its first argument; a running process shows "running" there."""
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(call) > 2 and call[1] == "0x2"


def _full_pipe() -> tuple[int, int]:
    """A pipe as small as the system allows, filled: the first write to it blocks until
    its reader reads (a line of stderr is written whole or not at all)."""
    read_end, write_end = os.pipe()
    size = fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    os.write(write_end, b"." * size)
    return read_end, write_end


@pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="reads /proc (Linux)")
def test_killed_run_resumes_to_the_same_tree(tmp_path):
    """The run is killed while it waits to report a bad line in the second task of a JSON
    Lines file: its stderr is a full pipe, so it cannot have gone further, however loaded
    the machine. The first task's records are written and recorded by then; the window of
    tasks in flight (jobs x TASKS_PER_WORKER) ends inside the file, before z/."""
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    files: dict[str, str] = {}
    for i in range(20):  # documents before the JSON Lines file (the root) and after it (z/)
        files[f"a{i:02d}.txt"] = texts[i % len(texts)]
        files[f"z/{i:02d}.txt"] = texts[i % len(texts)]
    count = batch.RECORDS_PER_TASK * (2 * batch.TASKS_PER_WORKER + 2)
    lines = [
        json.dumps({"id": i, "text": ARTICLE.replace("Monday", f"day {i}")}) for i in range(count)
    ]
    bad = batch.RECORDS_PER_TASK + 8
    lines[bad] = "a line that is no JSON record"
    files["m/records.jsonl"] = "".join(line + "\n" for line in lines)
    docs = write_tree(tmp_path / "in", files)
    inputs = checksums(docs)
    bad_line = f"{docs / 'm' / 'records.jsonl'}: line {bad + 1}: not JSON"
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    first = cleaner("clean", docs, "-o", whole, "--jobs", "2")
    assert first.returncode == 1 and first.stderr.startswith(bad_line), first.stderr

    read_end, write_end = _full_pipe()
    run = subprocess.Popen(
        [str(CLEANER), "clean", str(docs), "-o", str(resumed), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=write_end,
    )
    os.close(write_end)
    # A bound on a hang only: the run always comes to the bad line and waits there.
    half_written = resumed / "m" / ".records.jsonl.cleaner-tmp"

    def waits_on_the_bad_line() -> bool:  # past the first task, whose records are flushed
        return half_written.exists() and _blocked_writing_stderr(run.pid)

    # A bound on a hang only: the run always comes to the bad line and waits there.
    assert _wait_for(waits_on_the_bad_line, 300)
    workers = _children(run.pid)
    run.send_signal(signal.SIGKILL)
    assert run.wait(60) == -signal.SIGKILL
    os.close(read_end)
    # Stopped in the middle: the root documents done, a JSON Lines file half written.
    assert half_written.stat().st_size > 0
    assert (resumed / "a19.txt").exists() and not list(resumed.glob("z/*"))
    # Workers notice that the main process is gone and exit instead of waiting forever.
    assert workers
    assert _wait_for(lambda: not any(map(_running, workers)), 60)
    assert checksums(docs) == inputs

    again = cleaner("clean", docs, "-o", resumed, "--jobs", "2")
    assert again.returncode == 1, again.stderr
    assert "up to date 20" in again.stderr  # the root documents were not done again
    # The JSON Lines file goes on after the records of its first task.
    going_on = f"{docs / 'm' / 'records.jsonl'}: going on after its first "
    assert f"{going_on}{batch.RECORDS_PER_TASK} records" in again.stderr
    assert bad_line in again.stderr
    assert tree(resumed) == tree(whole)
    assert not list(resumed.rglob("*.cleaner-tmp"))
    assert checksums(docs) == inputs


def test_a_document_past_its_time_bound_in_a_worker(tmp_path):
    """The bound works in the pool's workers: the slow document fails alone, and the worker
    that gave it up goes on cleaning (its timer is off again)."""
    sentence = ARTICLE.splitlines()[2]
    good = {f"b{i}.txt": ARTICLE.replace("Monday", f"day {i}") for i in range(8)}
    # 77 MB on one line takes several seconds to clean however idle the machine (18 MB took
    # 1 to 2 s, too close to the bound); the worker is stopped long before it is done.
    huge = " ".join([sentence] * 1_000_000)
    docs = write_tree(tmp_path / "in", {"a-huge.txt": huge, **good})
    inputs = checksums(docs)
    out = tmp_path / "out"
    result = cleaner("clean", docs, "-o", out, "--jobs", "2", "--timeout", "1", "--max-size", "100")
    assert result.returncode == 1, result.stderr
    assert f"{docs / 'a-huge.txt'}: timed out after 1 s" in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert "cleaned 8 documents" in result.stderr and "failed 1" in result.stderr
    assert tree(out) == {name: (clean(text).body + "\n").encode() for name, text in good.items()}
    assert checksums(docs) == inputs


# --- Ctrl-C ----------------------------------------------------------------------------------
#
# The input is a named pipe that the test holds open, so the run is still reading its input
# when the interrupt comes: it cannot have finished first, whatever the load. The interrupt
# goes to the whole process group, as Ctrl-C in a terminal does (the workers ignore it).

needs_fifo = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/proc/self/task").exists(),
    reason="named pipes and /proc (Linux)",
)
# A rule whose search runs to its time bound (0.5 s) on "aaa...ab": documents holding that
# line keep the workers busy while the run shuts down.
RUNAWAY = """pack: mine
rules:
  - id: mine.runaway
    category: local_note
    kind: block
    pattern: '^(a|aa)+(?!.)'
    why: A test rule.
    examples:
      remove: ["aaaa"]
      keep: ["aab"]
"""
TRAP = "a" * 40 + "b"


def _records(texts: list[str]) -> bytes:
    return "".join(json.dumps({"text": text}) + "\n" for text in texts).encode()


def _start_on_pipe(tmp_path: Path, data: bytes, *args: str | Path):
    """Run `cleaner clean` on a named pipe r.jsonl that receives ``data`` and then stays
    open; returns the process, its output folder and an event that closes the pipe."""
    fifo = tmp_path / "r.jsonl"
    os.mkfifo(fifo)
    out, close = tmp_path / "out", threading.Event()

    def feed() -> None:
        try:
            with open(fifo, "wb") as pipe:
                pipe.write(data)
                pipe.flush()
                close.wait(120)
        except BrokenPipeError:  # the run stopped reading
            pass

    threading.Thread(target=feed, daemon=True).start()
    run = subprocess.Popen(
        [str(CLEANER), "clean", str(fifo), "-o", str(out), "--jobs", "2", *map(str, args)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to send Ctrl-C to
        # Ctrl-C as in a terminal, even where the tests run with it ignored (a background job)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return run, out, close


def _finish(run: subprocess.Popen, close: threading.Event, seconds: float) -> str:
    """Stderr of the run once it exits; a run still there after ``seconds`` hangs: it is
    killed with its workers and the test fails."""
    try:
        _, stderr = run.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail(f"the interrupted run hung for {seconds} s")
    finally:
        close.set()
    return stderr


def _interrupted_cleanly(run: subprocess.Popen, stderr: str, out: Path, workers: list[int]):
    assert run.returncode == 130, stderr
    assert "interrupted: run the same command again to go on" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert tree(out) == {}  # the half-written JSON Lines file was dropped
    assert workers and _wait_for(lambda: not any(map(_running, workers)), 10)


@needs_fifo
def test_interrupt_leaves_no_half_file(tmp_path):
    """Ctrl-C while a JSON Lines file is half written: the main process drops the file and
    says how to go on. Ten tasks' worth of records: the eight in flight are sent, the first
    comes back and opens the output, and the run waits on the pipe for more."""
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    data = _records([texts[i % len(texts)] for i in range(320)])
    run, out, close = _start_on_pipe(tmp_path, data)
    assert _wait_for((out / ".r.jsonl.cleaner-tmp").exists, 120)
    workers = _children(run.pid)
    os.killpg(run.pid, signal.SIGINT)
    _interrupted_cleanly(run, _finish(run, close, 60), out, workers)


@needs_fifo
def test_a_second_interrupt_while_the_run_stops_does_not_hang(tmp_path):
    """Ctrl-C stops the workers at once (the documents they hold are lost, done again by
    the next run); a second Ctrl-C while the run stops once left the process and its
    workers waiting on each other for ever. Every task after the first holds two documents
    that take 0.5 s each, so the workers are busy when the interrupts come."""
    packs = write_tree(tmp_path / "packs", {"mine.yaml": RUNAWAY})
    slow = [TRAP if i % 16 == 0 else ARTICLE for i in range(32 * 9)]
    run, out, close = _start_on_pipe(
        tmp_path, _records([ARTICLE] * 32 + slow), "--rules", packs, "--timeout", "0"
    )
    assert _wait_for((out / ".r.jsonl.cleaner-tmp").exists, 120)
    workers = _children(run.pid)
    os.killpg(run.pid, signal.SIGINT)
    time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):  # it may have stopped already
        os.killpg(run.pid, signal.SIGINT)
    _interrupted_cleanly(run, _finish(run, close, 60), out, workers)


# --- Ctrl-C while a run shuts down -----------------------------------------------------------
#
# The race above, without processes: a second Ctrl-C that came after the first had been
# raised, but before the shutdown began, used to raise again and skip the shutdown.


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # Python runs the handler at the next bytecode, in the main thread


@pytest.fixture
def ctrl_c_raises():
    """Python's own Ctrl-C handler, whatever the test run was started with (a job started
    in the background of a shell without job control ignores Ctrl-C)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("ctrl_c_raises")
def test_the_first_interrupt_raises_and_a_second_is_held():
    shut_down = []
    with pytest.raises(KeyboardInterrupt), batch.interrupts() as interrupted:
        try:
            _ctrl_c()
        except KeyboardInterrupt:
            _ctrl_c()  # the run is stopping but its shutdown has not begun yet
            interrupted.hold()
            shut_down.append(True)
            raise
    assert shut_down == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.usefixtures("ctrl_c_raises")
def test_an_interrupt_during_a_normal_shutdown_is_raised_after_it():
    steps = []
    with pytest.raises(KeyboardInterrupt), batch.interrupts() as interrupted:
        steps.append("work")
        interrupted.hold()
        _ctrl_c()
        steps.append("shut down")
    assert steps == ["work", "shut down"]


@pytest.mark.usefixtures("ctrl_c_raises")
def test_no_interrupt_no_exception():
    with batch.interrupts() as interrupted:
        interrupted.hold()
    assert not interrupted.raised and not interrupted.held


def test_a_run_that_ignores_ctrl_c_goes_on_ignoring_it():
    """Started with Ctrl-C ignored (nohup, a background job), a run is not stopped by it."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with batch.interrupts():
            _ctrl_c()
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
