"""Live refresh: what other consoles learn of an applied change set, and how they learn it.

On PostgreSQL every apply sends `NOTIFY youdu_changes` with a small JSON payload (the change set's id, actor,
kind and the rows it touched) from inside its transaction: PostgreSQL delivers a notification only when the
transaction commits, so a rolled-back apply announces nothing and a committed one always does — the engine's
own apply rather than a trigger on the journal, because the touched rows are known there (the journal stores
them compressed) and no migration or grant is needed (`pg_notify` is open to every login). On MariaDB and
SQLite there is no such channel: consoles poll the journal's `max(id)` (its primary key: one index probe) and
read the few new change sets when it moves.

Locks the login policy makes after wrong passwords, and its automatic unlocks, are no change sets: they are
written to login_state and the event log (policy.login). They are announced the same way — `pg_notify` in the
login attempt's own transaction, and the event log's `max(id)` polled beside the journal's — as notices marked
`event` (their id is the event log's), touching the member's `login_state`: the lockout desk and the member
table's lock column follow them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.store import tables

CHANNEL = "youdu_changes"
MAX_PAYLOAD = 7000  # PostgreSQL refuses payloads of 8000 bytes or more: a bigger set says only "everything"
LOCK_EVENTS = ("locked", "auto_unlock")  # event log kinds that change who is locked
MAX_KEYS = 500  # a change set touching more rows than this (an import) makes views reload whole


@dataclass(frozen=True)
class ChangeNotice:
    """One change set applied somewhere: which rows of which entity it touched, or everything (a big one)."""

    id: int
    actor: str
    kind: str
    keys: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    everything: bool = False
    reshaped: bool = False  # rows were added, deleted or moved: lists change shape, not only values
    event: bool = False  # a login policy's lock or automatic unlock: `id` is the event log's, not a change set's

    def touched(self, entity: str) -> set[Any]:
        return set(self.keys.get(entity, ()))

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "actor": self.actor, "kind": self.kind,
                           "keys": {k: list(v) for k, v in self.keys.items()}, "all": self.everything,
                           "reshaped": self.reshaped, "event": self.event}, ensure_ascii=False,
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> ChangeNotice | None:
        try:
            data = json.loads(text)
            return cls(int(data["id"]), str(data.get("actor", "")), str(data.get("kind", "")),
                       {str(k): tuple(v) for k, v in (data.get("keys") or {}).items()}, bool(data.get("all")),
                       bool(data.get("reshaped")), bool(data.get("event")))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def notice_of(change_id: int, actor: str, kind: str, ops: list[Operation]) -> ChangeNotice:
    if len(ops) > MAX_KEYS:
        return ChangeNotice(change_id, actor, kind, everything=True, reshaped=True)
    keys: dict[str, list[Any]] = {}
    reshaped = False
    for op in ops:
        keys.setdefault(op.entity, []).append(op.key)
        reshaped = reshaped or op.action in ("add", "delete") or op.category in ("moved", "resigned", "restored")
    return ChangeNotice(change_id, actor, kind, {k: tuple(v) for k, v in keys.items()}, reshaped=reshaped)


def announce(conn: Connection, cs: ChangeSet, actor: str) -> None:
    """Inside the apply's transaction: tell the other consoles (PostgreSQL; delivered at commit)."""
    if conn.dialect.name != "postgresql" or cs.id is None:
        return
    notice = notice_of(cs.id, actor, cs.kind, cs.operations)
    payload = notice.to_json()
    if len(payload.encode("utf-8")) > MAX_PAYLOAD:
        payload = ChangeNotice(cs.id, actor, cs.kind, everything=True, reshaped=True).to_json()
    conn.exec_driver_sql("SELECT pg_notify(%(channel)s, %(payload)s)", {"channel": CHANNEL, "payload": payload})


def announce_lock(conn: Connection, event_id: int, kind: str, member_id: int) -> None:
    """Inside a login attempt's transaction: a lock (or automatic unlock) of `member_id` (PostgreSQL)."""
    if conn.dialect.name != "postgresql":
        return
    payload = ChangeNotice(event_id, "", kind, {"login_state": (member_id,)}, event=True).to_json()
    conn.exec_driver_sql("SELECT pg_notify(%(channel)s, %(payload)s)", {"channel": CHANNEL, "payload": payload})


def heads(conn: Connection) -> tuple[int, int]:
    """The journal's and the event log's newest ids (0 for none), in one query: what polling consoles compare."""
    ev = tables.EVENT_LOG
    row = conn.execute(select(select(func.max(tables.CHANGE_SETS.c.id)).scalar_subquery(),
                              select(func.max(ev.c.id)).scalar_subquery())).one()
    return int(row[0] or 0), int(row[1] or 0)


def events_after(conn: Connection, after: int, limit: int = 50) -> list[ChangeNotice]:
    """Notices of the locks and automatic unlocks logged after event `after`, oldest first."""
    ev, m = tables.EVENT_LOG, tables.MEMBERS
    rows = conn.execute(select(ev.c.id, ev.c.kind, m.c.id.label("member_id"))
                        .select_from(ev.outerjoin(m, m.c.account == ev.c.account))
                        .where(ev.c.id > after, ev.c.kind.in_(LOCK_EVENTS)).order_by(ev.c.id).limit(limit + 1)).all()
    if len(rows) > limit:
        return [ChangeNotice(rows[-1].id, "", "", everything=True, event=True)]
    return [ChangeNotice(r.id, "", r.kind, {"login_state": (r.member_id,)}, event=True)
            for r in rows if r.member_id is not None]


def latest_change(conn: Connection) -> int:
    """The newest change set's id (0 for none): what the polling consoles compare."""
    return int(conn.execute(select(func.max(tables.CHANGE_SETS.c.id))).scalar() or 0)


def changes_after(conn: Connection, after: int, limit: int = 50) -> list[ChangeNotice]:
    """Notices of the change sets after `after`, oldest first; more than `limit` new ones: one "everything"."""
    from youdu_console.services.changes import decode_operations

    t = tables.CHANGE_SETS
    rows = conn.execute(select(t.c.id, t.c.actor, t.c.kind, t.c.summary).where(t.c.id > after)
                        .order_by(t.c.id).limit(limit + 1)).all()
    if len(rows) > limit:
        return [ChangeNotice(latest_change(conn), "", "", everything=True, reshaped=True)]
    out = []
    for r in rows:
        if sum(v for v in json.loads(r.summary).values() if isinstance(v, int)) > MAX_KEYS:
            out.append(ChangeNotice(r.id, r.actor, r.kind, everything=True, reshaped=True))  # never decoded
            continue
        payload = conn.execute(select(t.c.payload).where(t.c.id == r.id)).scalar_one()
        out.append(notice_of(r.id, r.actor, r.kind, decode_operations(payload)))
    return out
