"""A time limit for one document, so that one pathological document cannot stall a batch.

    with time_limit(30):
        result = cleaner.clean(data)  # raises DocumentTimeout after 30 s

The limit is a SIGALRM timer, so it works only in the main thread of a process on a POSIX
system; that is where batch workers run their tasks (each worker of a
``ProcessPoolExecutor`` is a process of its own). Elsewhere (another thread, Windows) it
does nothing and the document runs unbounded. Python handles signals between bytecodes, and
``re`` and ``regex`` check for them while they match, so a runaway pattern is stopped too;
a single long call into C code that does not check (an lxml parse) finishes first.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from cleaner.errors import InputError


class DocumentTimeout(InputError):
    """The document took longer than its time limit; it is reported, the batch goes on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after the time limit of {seconds:g} s")
        self.seconds = seconds


def can_limit() -> bool:
    """Whether `time_limit` works here: a POSIX system, in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


REPEAT = 0.1  # seconds between alarms once the limit has passed


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` inside the block once it has run for ``seconds``. None or 0:
    no limit. The alarm repeats every `REPEAT` seconds until the block ends, so code that
    swallows exceptions (a library's broad ``except Exception``) cannot keep it running. A
    timer already set outside (an outer limit) is put back, less the time spent; inside,
    this limit governs."""
    if not seconds or seconds <= 0 or not can_limit():
        yield
        return
    armed = True

    def expire(signum: int, frame: object) -> None:
        if armed:
            raise DocumentTimeout(seconds)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        # First, before any call: CPython runs signal handlers at calls and jumps, not
        # between these bytecodes, so no alarm raises once the block has ended.
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # an outer limit keeps running; if it is already due, it fires at once
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))
