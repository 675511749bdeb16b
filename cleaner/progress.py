"""Progress without a terminal: a line now and then, for logs (stderr piped or redirected).

On a terminal the batch shows tqdm's bar; a log would get its carriage returns, or nothing
until the end. `Ticker` takes the same calls as the bar and says one line every few
seconds: how far, of what total, at what rate, and the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable

EVERY = 30.0  # seconds between progress lines


def _amount(value: float, unit: str) -> str:
    if unit != "B":
        return f"{value:,.0f} {'document' if value == 1 else 'documents'}"
    for size, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "kB")):
        if value >= size:
            return f"{value / size:,.1f} {name}"
    return f"{value:,.0f} B"


def duration(seconds: float) -> str:
    """``42 s``, ``3 min 05 s``, ``2 h 07 min``.

    >>> duration(42.4), duration(185), duration(7620)
    ('42 s', '3 min 05 s', '2 h 07 min')
    """
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Ticker:
    """A progress line every ``every`` seconds (the first after ``every`` seconds)."""

    def __init__(
        self,
        total: int,
        unit: str,
        say: Callable[[str], None],
        every: float = EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.unit, self.say, self.every, self.clock = total, unit, say, every, clock
        self.done = 0
        self.started = self.last = clock()

    def update(self, amount: int) -> None:
        self.done += amount
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self.say(self.line(now - self.started))

    def line(self, elapsed: float) -> str:
        done = min(self.done, self.total)
        share = done / self.total if self.total else 1.0
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate else None
        return (
            f"progress: {share:.0%} ({_amount(done, self.unit)} of "
            f"{_amount(self.total, self.unit)}) in {duration(elapsed)}, "
            f"{_amount(rate, self.unit)}/s, "
            f"ETA {duration(left) if left is not None else '?'}"
        )

    def write(self, message: str, file: object = None) -> None:
        self.say(message)

    def close(self) -> None:
        pass
