"""The writer of serve-api, with group commit: new members sent by concurrent user/create calls (an HR sync's
burst) that wait together are planned together (DirectoryService.plan_add_members, each checked as one add
is) and applied as one change set, plan and apply in one transaction. A refused member gets its own refusal;
if the set as a whole is refused (a conflict), each is planned and applied alone, so every call gets its own
answer. Read receipts of 通知公告 (announcement/read) waiting together are recorded in one transaction the
same way (policy.announcements.record_reads): a receipt is a record, not a change set, and each call gets its
own answer or refusal."""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.model import NewMember
from youdu_console.policy.announcements import ReadReceipt, record_reads

MAX_BATCH = 500
LINGER_SECONDS = 0.010  # at most this long for the rest of a burst (see Writer._run)


@dataclass
class _Job:
    future: Future[Any]
    fn: Callable[[], Any] | None = None
    item: Any = None  # what the call brings to a burst: a NewMember, a ReadReceipt
    group: tuple[Any, ...] | None = None  # jobs of one group that wait together are done together
    console: Any = None  # the app's session object (Console)


class Writer:
    """One thread that does every write handed to it, in arrival order (SQLite's one writer)."""

    def __init__(self, apply: Callable[[Any, ChangeSet], ChangeSet], within: Callable[[Any, Connection], Any]) -> None:
        """`apply(console, cs)` applies a planned set; `within(console, conn)` is the console working inside
        the transaction `conn` (store.uow.HeldUnitOfWork), where a burst of new members is planned and applied."""
        self._apply = apply
        self._within = within
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._last_size: dict[str, int] = {}  # per kind of burst (see _run)
        self.batch_sizes: Counter[int] = Counter()  # how many new members each group commit took (the log)
        self.read_batch_sizes: Counter[int] = Counter()  # how many read receipts each group commit took
        self._thread = threading.Thread(target=self._run, name="api-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        job = _Job(Future(), fn=fn)
        self._jobs.put(job)
        return job.future

    def add(self, console: Any, item: NewMember | ReadReceipt) -> Future[Any]:
        """A grouped endpoint's item, done in a burst with the others waiting beside it: a new member (the
        future's result: the applied change set) or a read receipt (its answer)."""
        if isinstance(item, NewMember):
            return self.add_member(console, item)
        return self.record_read(console, item)

    def add_member(self, console: Any, new: NewMember) -> Future[Any]:
        # Only the same app's members share a change set (its actor is the app).
        job = _Job(Future(), item=new, group=("member", console.actor), console=console)
        self._jobs.put(job)
        return job.future

    def record_read(self, console: Any, receipt: ReadReceipt) -> Future[Any]:
        # A receipt has no actor: any app's receipts share a transaction.
        job = _Job(Future(), item=receipt, group=("read",), console=console)
        self._jobs.put(job)
        return job.future

    def waiting(self) -> int:
        """How many jobs wait for the writer (approximately: another thread may be adding one)."""
        return self._jobs.qsize()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        held: list[_Job | None] = []  # a job taken while draining a batch, done next
        while True:
            job = held.pop() if held else self._jobs.get()
            if job is None:
                return
            if job.group is None:
                self._one(job)
                continue
            kind = job.group[0]
            last_size = self._last_size.get(kind, 1)
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
                    if len(batch) >= last_size or wait <= 0:
                        break
                    try:
                        nxt = self._jobs.get(timeout=wait)
                    except queue.Empty:
                        break
                if nxt is not None and nxt.group == job.group:
                    batch.append(nxt)
                else:
                    held.append(nxt)
                    break
            self._last_size[kind] = len(batch)
            if kind == "read":
                self.read_batch_sizes[len(batch)] += 1
                self._record_reads(batch)
            else:
                self.batch_sizes[len(batch)] += 1
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
        refusals: list[Any] | None = None
        try:
            # Planned and applied in one transaction: the plan's reads cost no transaction of their own, and
            # no other writer can come between them (SQLite: the write lock is taken first).
            with console.uow.write() as conn:
                held = self._within(console, conn)
                cs, refusals = held.directory.plan_add_members([j.item for j in batch])
                done = self._apply(held, cs) if any(r is None for r in refusals) else None
        except BaseException as exc:  # noqa: BLE001 - handed to the callers
            if refusals is None:  # the plan itself was refused (e.g. no right): the same answer for all
                for job in batch:
                    job.future.set_exception(exc)
                return
            # The set was refused as a whole (a conflict) and rolled back: each alone, for its own answer.
            for job, refusal in zip(batch, refusals, strict=True):
                if refusal is not None:
                    job.future.set_exception(refusal)
                else:
                    self._alone(job)
            return
        for job, refusal in zip(batch, refusals, strict=True):
            if refusal is not None:
                job.future.set_exception(refusal)
            else:
                job.future.set_result(done)

    def _alone(self, job: _Job) -> None:
        try:
            cs, refusals = job.console.directory.plan_add_members([job.item])
            if refusals[0] is not None:
                raise refusals[0]
            job.future.set_result(self._apply(job.console, cs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            job.future.set_exception(exc)

    @staticmethod
    def _record_reads(batch: list[_Job]) -> None:
        try:
            answers = record_reads(batch[0].console.uow, [j.item for j in batch])
        except BaseException as exc:  # noqa: BLE001 - the transaction failed (the database): the same for all
            for job in batch:
                job.future.set_exception(exc)
            return
        for job, answer in zip(batch, answers, strict=True):
            if isinstance(answer, BaseException):
                job.future.set_exception(answer)
            else:
                job.future.set_result(answer)
