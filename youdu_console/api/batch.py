"""Group commit for serve-api's writes: change sets planned by concurrent calls of the same kind (user/create
bursts from an HR sync) are applied together as one change set, one transaction, when they arrive while the
writer is busy. If the merged set is refused, each is applied alone, so every call gets its own answer."""

from __future__ import annotations

import copy
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from youdu_console.domain.changeset import ChangeSet, Operation, subject_of
from youdu_console.services.entities import entity

MERGEABLE = frozenset({"member.add"})  # rows that only add: two calls cannot touch one row
MAX_BATCH = 200


def renumber(sets: list[ChangeSet]) -> list[Operation]:
    """Copies of the operations of several sets, each set's placeholder ids (negative) moved apart from the
    others' (the sets themselves are left as planned, to be applied alone if the merged set is refused)."""
    out: list[Operation] = []
    low = 0
    for cs in sets:
        ops = copy.deepcopy(cs.operations)
        keys = [op.key for op in ops if isinstance(op.key, int) and op.key < 0]
        shift = low
        mapping = {k: k + shift for k in keys}

        def fix(v: Any, mapping: dict[int, int] = mapping) -> Any:
            return mapping.get(v, v) if type(v) is int and v < 0 else v

        for op in ops:
            spec = entity(op.entity)
            op.key = fix(op.key)
            for values in (op.before, op.after):
                if not values:
                    continue
                for name in spec.refs:
                    if name in values:
                        values[name] = fix(values[name])
                if spec.rewrite is not None:
                    spec.rewrite(values, fix)
            out.append(op)
        low = min([low, *(k + shift for k in keys)])
    return out


@dataclass
class _Job:
    cs: ChangeSet | None
    fn: Callable[[], Any] | None
    future: Future[Any]


class Writer:
    """The one writer thread (SQLite): jobs in arrival order; mergeable change sets waiting together are
    applied as one."""

    def __init__(self, apply: Callable[[ChangeSet], ChangeSet]) -> None:
        self._apply = apply
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="api-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        job = _Job(None, fn, Future())
        self._jobs.put(job)
        return job.future

    def apply(self, cs: ChangeSet) -> Future[Any]:
        job = _Job(cs, None, Future())
        self._jobs.put(job)
        return job.future

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        pending: list[_Job] = []
        while True:
            job = pending.pop(0) if pending else self._jobs.get()
            if job is None:
                return
            if job.cs is None or job.cs.kind not in MERGEABLE:
                self._one(job)
                continue
            batch = [job]
            while len(batch) < MAX_BATCH:
                try:
                    nxt = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if nxt is not None and nxt.cs is not None and nxt.cs.kind == job.cs.kind:
                    batch.append(nxt)
                else:
                    pending.append(nxt)  # type: ignore[arg-type]
                    break
            self._batch(batch)

    def _one(self, job: _Job) -> None:
        try:
            result = job.fn() if job.fn is not None else self._apply(job.cs)  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)

    def _batch(self, batch: list[_Job]) -> None:
        if len(batch) == 1:
            self._one(batch[0])
            return
        sets = [j.cs for j in batch if j.cs is not None]
        first = sets[0]
        merged = ChangeSet(first.kind, first.actor, subject=subject_of([cs.subject or "" for cs in sets]))
        merged.operations = renumber(sets)
        try:
            done = self._apply(merged)
        except BaseException:  # noqa: BLE001 - refused together: each alone, for its own answer
            for job in batch:
                self._one(job)
            return
        for job in batch:
            job.future.set_result(done)
