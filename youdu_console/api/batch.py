"""The writer of serve-api, with group commit: new members sent by concurrent user/create calls (an HR sync's
burst) that wait together are planned in one read (DirectoryService.plan_add_members, each checked as one
add is) and applied as one change set in one transaction. A refused member gets its own refusal; if the
set as a whole is refused (a conflict), each is planned and applied alone, so every call gets its own answer."""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.model import NewMember

MAX_BATCH = 500
LINGER_SECONDS = 0.002  # at most this long for the rest of a burst (see Writer._run)


@dataclass
class _Job:
    future: Future[Any]
    fn: Callable[[], Any] | None = None
    new: NewMember | None = None
    console: Any = None  # the app's session object (Console) for a new member


class Writer:
    """One thread that does every write handed to it, in arrival order (SQLite's one writer)."""

    def __init__(self, apply: Callable[[Any, ChangeSet], ChangeSet]) -> None:
        self._apply = apply
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._last_size = 1
        self.batch_sizes: Counter[int] = Counter()  # how many new members each group commit took (the log)
        self._thread = threading.Thread(target=self._run, name="api-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        job = _Job(Future(), fn=fn)
        self._jobs.put(job)
        return job.future

    def add_member(self, console: Any, new: NewMember) -> Future[Any]:
        job = _Job(Future(), new=new, console=console)
        self._jobs.put(job)
        return job.future

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        held: list[_Job | None] = []  # a job taken while draining a batch, done next
        while True:
            job = held.pop() if held else self._jobs.get()
            if job is None:
                return
            if job.new is None:
                self._one(job)
                continue
            batch = [job]
            deadline = time.monotonic() + LINGER_SECONDS
            while len(batch) < MAX_BATCH:
                try:
                    nxt = self._jobs.get_nowait()
                except queue.Empty:
                    # Fewer calls wait now than waited with the last batch: the others are most likely on
                    # their way (their answers just went out), so give them a moment rather than pay a whole
                    # transaction for a few. A lone caller (last batch of one) never waits.
                    wait = deadline - time.monotonic()
                    if len(batch) >= self._last_size or wait <= 0:
                        break
                    try:
                        nxt = self._jobs.get(timeout=wait)
                    except queue.Empty:
                        break
                if nxt is not None and nxt.new is not None and nxt.console.actor == job.console.actor:
                    batch.append(nxt)
                else:
                    held.append(nxt)
                    break
            self.batch_sizes[len(batch)] += 1
            self._last_size = len(batch)
            self._add_members(batch)

    @staticmethod
    def _one(job: _Job) -> None:
        try:
            assert job.fn is not None
            result = job.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)

    def _add_members(self, batch: list[_Job]) -> None:
        console = batch[0].console
        try:
            cs, refusals = console.directory.plan_add_members([j.new for j in batch])
        except BaseException as exc:  # noqa: BLE001 - the same refusal for all (e.g. no right)
            for job in batch:
                job.future.set_exception(exc)
            return
        good = []
        for job, refusal in zip(batch, refusals, strict=True):
            if refusal is not None:
                job.future.set_exception(refusal)
            else:
                good.append(job)
        if not good:
            return
        try:
            done = self._apply(console, cs)
        except BaseException:  # noqa: BLE001 - refused together: each alone, for its own answer
            if len(good) == 1:
                self._alone(good[0])
                return
            for job in good:
                self._alone(job)
            return
        for job in good:
            job.future.set_result(done)

    def _alone(self, job: _Job) -> None:
        try:
            cs, refusals = job.console.directory.plan_add_members([job.new])
            if refusals[0] is not None:
                raise refusals[0]
            job.future.set_result(self._apply(job.console, cs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            job.future.set_exception(exc)
