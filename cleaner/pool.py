"""Worker processes that no document can hold past its time bound.

A document's time bound is first a SIGALRM in its worker (`cleaner.limits.time_limit`), which
ends it cleanly between bytecodes. A call into C that does not return (an XPath query of
lxml on a huge page) cannot be interrupted that way: the main process watches each worker's
document, kills the worker a little after the bound, reports the document as timed out and
starts a new worker for the rest. A worker that dies (killed from outside, out of memory)
costs only the document it held.

Work goes out in tickets, a few documents each; a worker sends a ticket's outcomes back
together once it has done them all, so that the main process wakes once a ticket, not once
a document (on two cores its wake-ups took CPU from the workers). Which document a worker
is on, and since when, it writes into memory it shares with the main process. Each worker
holds up to `AHEAD` tickets, so that it starts the next without waiting for the main
process to take the last one in. Workers start as work needs them, up to the pool's size.
"""

from __future__ import annotations

import contextlib
import gc
import mmap
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
AHEAD = 2  # tickets a worker holds at once: the one it works on and the next
# A worker's place, in memory shared with the main process: how many documents it has
# started since it began, and when it started the last one (time.monotonic, one clock for
# every process on the machine).
STARTED, STARTED_AT = 0, 1
_MISSING: Any = object()  # an outcome not in yet


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


def work_through(conn: Connection, place: Any, work: Callable[[Any], Any]) -> None:
    """A worker's loop: lists of tasks in, each list's outcomes out together. ``place`` is
    the shared array the main process reads the worker's document and its start from."""
    while True:
        try:
            tasks = conn.recv()
        except (EOFError, OSError):
            return
        if tasks is None:
            return
        outcomes = []
        for task in tasks:
            place[STARTED_AT] = time.monotonic()  # the time first: it is read second
            place[STARTED] += 1
            outcomes.append(work(task))
        conn.send(outcomes)


@dataclass
class Ticket:
    """Documents sent to a worker together, and their outcomes as they come back."""

    tasks: list[Any]
    outcomes: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.outcomes:
            self.outcomes = [_MISSING] * len(self.tasks)

    @property
    def done(self) -> bool:
        return _MISSING not in self.outcomes

    def pending(self) -> list[int]:
        return [i for i, outcome in enumerate(self.outcomes) if outcome is _MISSING]


@dataclass
class _Worker:
    process: Any  # multiprocessing's Process of the chosen context
    conn: Connection
    place: Any  # the shared array of STARTED and STARTED_AT
    sent: deque[tuple[Ticket, list[int]]] = field(default_factory=deque)  # outcomes not in
    received: int = 0  # documents whose outcomes came back
    served: int = 0  # tickets sent to it

    def current(self) -> tuple[Ticket, int]:
        """The ticket and index of the document it is on (or will start next)."""
        position = max(0, int(self.place[STARTED]) - 1 - self.received)
        sent = [(ticket, i) for ticket, indices in self.sent for i in indices]
        return sent[min(position, len(sent) - 1)]


class Pool:
    """``size`` worker processes running ``serve(conn, place, *args)``, which hands its
    tasks to `work_through`. ``lost(task, reason)`` gives the outcome of a document whose
    worker was killed or died, after cleaning up after it."""

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
            if kill or worker.sent:
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
        return [ticket.tasks[i] for ticket, i in (w.current() for w in self._workers if w.sent)]

    # --- inside ----------------------------------------------------------------------------

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        place = self._place()
        process = self._context.Process(
            target=self._serve, args=(theirs, place, *self._args), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine, place)
        self._workers.append(worker)
        self.started = max(self.started, len(self._workers))
        return worker

    def _place(self) -> Any:
        """Two doubles shared with a worker. Forked, an anonymous shared map: multiprocessing's
        shared arrays are backed by a file, which a full disk (or a file size limit) refuses."""
        if START_METHOD != "fork":
            return self._context.RawArray("d", 2)
        return memoryview(mmap.mmap(-1, 16)).cast("d")

    def _next_worker(self) -> _Worker | None:
        """An idle worker, else a new one while there is room, else one with room ahead."""
        idle = next((w for w in self._workers if not w.sent), None)
        if idle is None and len(self._workers) < self.size:
            return self._start()
        return idle or next((w for w in self._workers if len(w.sent) < AHEAD), None)

    def _dispatch(self) -> None:
        while self._queue:
            worker = self._next_worker()
            if worker is None:
                return
            ticket = self._queue.popleft()
            indices = ticket.pending()
            try:
                worker.conn.send([ticket.tasks[i] for i in indices])
            except OSError:  # it died: its tickets go to another worker
                if not worker.served:  # ... unless workers die as they start
                    raise RuntimeError("a worker process died as it started") from None
                self._queue.appendleft(ticket)
                if worker.sent:
                    self._replace(worker, self._died(worker))
                else:
                    self._remove(worker)
                continue
            if not worker.sent:  # idle until now: its document's clock starts now
                worker.place[STARTED_AT] = time.monotonic()
            worker.sent.append((ticket, indices))
            worker.served += 1

    def _deadline(self, worker: _Worker) -> float:
        assert self.timeout
        return worker.place[STARTED_AT] + self.timeout + GRACE

    def _overdue(self, worker: _Worker) -> bool:
        """Past its document's bound, and its outcomes did not come in meanwhile."""
        if not self.timeout or time.monotonic() <= self._deadline(worker):
            return False
        return not worker.conn.poll()

    def _pump(self) -> None:
        """Wait for outcomes (or a bound to pass) and take them in."""
        busy = [w for w in self._workers if w.sent]
        deadlines = [self._deadline(w) for w in busy] if self.timeout else []
        wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = wait([w.conn for w in busy], wait_for)
        for worker in busy:
            if worker.conn in ready:
                try:
                    outcomes = worker.conn.recv()
                except (EOFError, OSError):
                    self._replace(worker, self._died(worker))
                    continue
                self._take(worker, outcomes)
            elif self._overdue(worker):
                self._replace(worker, f"timed out after {self.timeout:g} s")

    @staticmethod
    def _take(worker: _Worker, outcomes: list[Any]) -> None:
        ticket, indices = worker.sent.popleft()
        for i, outcome in zip(indices, outcomes, strict=True):
            ticket.outcomes[i] = outcome
        worker.received += len(indices)

    def _died(self, worker: _Worker) -> str:
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = " (out of memory?)" if -code == signal.SIGKILL else ""
            return f"the process cleaning it was killed by {name}{hint}"
        return f"the process cleaning it exited (code {code})"

    def _replace(self, worker: _Worker, reason: str) -> None:
        """The worker's document is lost: kill the worker and give the document's outcome.
        The rest of its tickets go back in front of the queue, the documents it had done
        among them (their outcomes were still with it; doing them again writes the same)."""
        ticket, index = worker.current()
        self._kill(worker)
        self._remove(worker)
        ticket.outcomes[index] = self._lost(ticket.tasks[index], reason)
        for held, _ in reversed(worker.sent):
            if not held.done:
                self._queue.appendleft(held)

    def _remove(self, worker: _Worker) -> None:
        self._kill(worker)
        worker.process.join()
        worker.conn.close()
        self._workers.remove(worker)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.pid is not None and worker.process.exitcode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.process.pid, signal.SIGKILL)
