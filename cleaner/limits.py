"""A time bound on one document, so that one pathological input cannot stall a batch.

The bound is a SIGALRM timer whose handler raises `DocumentTimeout` in the main thread,
where batch workers clean their documents. Python runs the handler between bytecodes: a
single long call into C (one regular-expression match in ``re``, an lxml parse) is
interrupted only when it returns. Where there is no SIGALRM (Windows) or off the main
thread, the bound is not enforced.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from cleaner.errors import InputError


class DocumentTimeout(InputError):
    """A document took longer than its time bound: bad input for the batch, not a bug."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def can_limit() -> bool:
    """Whether `time_limit` works here: a POSIX system, in the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


REPEAT = 0.1  # seconds between alarms once the bound has passed


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in the body once it has run ``seconds``; None or 0: no bound.

    The alarm repeats every `REPEAT` seconds until the body ends, so code that swallows
    exceptions (a library's broad ``except Exception``) cannot keep it running, and a body
    that swallowed it and then ended raises it on the way out. An
    enclosing bound that ends sooner is left to fire; a later one is restored after.
    """
    if not seconds or seconds <= 0 or not can_limit():
        yield
        return
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    if outer and outer <= seconds:  # a tighter bound is already running
        yield
        return
    armed, fired = True, False

    def expire(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if armed:
            fired = True
            raise DocumentTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield
    finally:
        # First, before any call: CPython runs signal handlers at calls and jumps, so no
        # alarm raises once the body has ended.
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the enclosing bound goes on counting from where it was
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))
    if fired:  # code swallowed the alarm and then finished: the document still overran
        raise DocumentTimeout(seconds)
