"""Worker processes that no document can hold past its time bound.

A document's time bound is first a SIGALRM in its worker (`cleaner.limits.time_limit`), which
ends it cleanly between bytecodes. A call into C that does not return (an XPath query of
lxml on a huge page) cannot be interrupted that way: the main process watches each worker's
document, kills the worker a little after the bound, reports the document as timed out and
starts a new worker for the rest. A worker that dies (killed from outside, out of memory)
costs only the document it held.

Work goes out in tickets, a few documents each; a worker sends back one outcome per
document as it finishes it, so the main process knows which document a worker is on and
since when. Workers start as work needs them, up to the pool's size.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from cleaner import heap

GRACE = 2.0  # seconds past the bound before the worker is killed: the alarm goes first
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def share_with_workers() -> None:
    """Ready what this process holds to be shared with workers forked from it.

    A forked worker shares its parent's pages until either writes to one. Garbage is
    collected first; the heap's free pages go back to the system (building the rules'
    screen leaves about 35 MB of them, which each process would otherwise count, and
    which a worker's first allocations would copy); and what remains is left out of later
    collections (Python's advice for fork), since a collection writes to every object it
    visits. Call ``gc.unfreeze()`` once the workers are gone."""
    gc.collect()
    gc.freeze()
    heap.trim()


@dataclass
class Ticket:
    """Documents sent to a worker together, and their outcomes as they come back."""

    tasks: list[Any]
    outcomes: list[Any] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.outcomes) == len(self.tasks)


@dataclass
class _Worker:
    process: Any  # multiprocessing's Process of the chosen context
    conn: Connection
    ticket: Ticket | None = None
    started: float = 0.0  # when it began its current document (as the main process saw)
    served: int = 0  # tickets sent to it


class Pool:
    """``size`` worker processes running ``serve(conn, *args)``. ``lost(task, reason)`` gives
    the outcome of a document whose worker was killed or died, after cleaning up after it."""

    def __init__(
        self,
        size: int,
        serve: Callable[..., None],
        args: tuple[Any, ...],
        timeout: float | None,
        lost: Callable[[Any, str], Any],
    ) -> None:
        self.size = size
        self._serve, self._args = serve, args
        self.timeout = timeout
        self._lost = lost
        self._context = multiprocessing.get_context(START_METHOD)
        self._workers: list[_Worker] = []
        self._queue: deque[Ticket] = deque()
        self.started = 0  # workers started at most at once

    def submit(self, tasks: list[Any]) -> Ticket:
        ticket = Ticket(tasks)
        if tasks:
            self._queue.append(ticket)
            self._dispatch()
        return ticket

    def result(self, ticket: Ticket) -> list[Any]:
        """The ticket's outcomes, in order, once all are in."""
        while not ticket.done:
            self._dispatch()
            self._pump()
        return ticket.outcomes

    def close(self, kill: bool = False) -> None:
        """Stop the workers: at once with ``kill`` (their documents are lost), else once
        they finish (they are idle when every result was taken)."""
        for worker in self._workers:
            if kill or worker.ticket is not None:
                self._kill(worker)
            else:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(5)
            if worker.process.is_alive():
                self._kill(worker)
            worker.conn.close()
        self._workers = []

    def abandoned(self) -> list[Any]:
        """The documents workers hold now (for cleaning up after an interrupt)."""
        return [w.ticket.tasks[len(w.ticket.outcomes)] for w in self._workers if w.ticket]

    # --- inside ----------------------------------------------------------------------------

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(target=self._serve, args=(theirs, *self._args), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        self._workers.append(worker)
        self.started = max(self.started, len(self._workers))
        return worker

    def _dispatch(self) -> None:
        while self._queue:
            idle = next((w for w in self._workers if w.ticket is None), None)
            if idle is None:
                if len(self._workers) >= self.size:
                    return
                idle = self._start()
            ticket = self._queue.popleft()
            try:
                idle.conn.send(ticket.tasks[len(ticket.outcomes) :])
            except OSError:  # it died while idle: the ticket goes to another worker
                if not idle.served:  # ... unless workers die as they start
                    raise RuntimeError("a worker process died as it started") from None
                self._queue.appendleft(ticket)
                self._kill(idle)
                idle.process.join()
                idle.conn.close()
                self._workers.remove(idle)
                continue
            idle.ticket, idle.started = ticket, time.monotonic()
            idle.served += 1

    def _pump(self) -> None:
        """Wait for outcomes (or a bound to pass) and take them in."""
        busy = [w for w in self._workers if w.ticket is not None]
        now = time.monotonic()
        deadlines = [w.started + self.timeout + GRACE for w in busy] if self.timeout else []
        wait_for = max(0.0, min(deadlines) - now) if deadlines else None
        ready = wait([w.conn for w in busy], wait_for)
        for worker in busy:
            if worker.conn in ready:
                try:
                    outcome = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, self._died(worker))
                    continue
                self._take(worker, outcome)
            elif self.timeout and time.monotonic() > worker.started + self.timeout + GRACE:
                self._replace(worker, f"timed out after {self.timeout:g} s")

    def _take(self, worker: _Worker, outcome: Any) -> None:
        assert worker.ticket is not None
        worker.ticket.outcomes.append(outcome)
        worker.started = time.monotonic()
        if worker.ticket.done:
            worker.ticket = None

    def _died(self, worker: _Worker) -> str:
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"the process cleaning it was killed by {name}{hint}"
        return f"the process cleaning it exited (code {code})"

    def _replace(self, worker: _Worker, reason: str) -> None:
        """The worker's document is lost: kill the worker, give the document's outcome, and
        put the rest of its ticket back in front of the queue."""
        ticket = worker.ticket
        assert ticket is not None
        self._kill(worker)
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)
        ticket.outcomes.append(self._lost(ticket.tasks[len(ticket.outcomes)], reason))
        if not ticket.done:
            self._queue.appendleft(ticket)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.pid is not None and worker.process.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.process.pid, signal.SIGKILL)
