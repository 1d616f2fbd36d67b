"""The audit log: append-only and hash-chained, so a modified, inserted or deleted entry is detectable."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

LOG = tables.AUDIT_LOG
HEAD = tables.AUDIT_HEAD
GENESIS = "0" * 64


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry_hash(prev_hash: str, entry_id: int, at: dt.datetime, actor: str, action: str, target: str,
               detail: str, change_id: int | None) -> str:
    canonical = json.dumps([prev_hash, entry_id, at.isoformat(timespec="microseconds"), actor, action, target,
                            detail, change_id], ensure_ascii=False, separators=(",", ":"))
    return sha256_hex(canonical.encode("utf-8"))


def append(conn: Connection, *, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None,
           change_id: int | None = None, at: dt.datetime | None = None) -> int:
    """Append one entry inside the caller's transaction. Locking the head row serialises writers."""
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    head = conn.execute(select(HEAD.c.last_id, HEAD.c.last_hash).where(HEAD.c.id == 1).with_for_update()).one()
    entry_id = int(head.last_id) + 1
    detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    target = target[:255]
    h = entry_hash(head.last_hash, entry_id, at, actor, action, target, detail_text, change_id)
    conn.execute(insert(LOG).values(id=entry_id, at=at, actor=actor, action=action, target=target,
                                    detail=detail_text, change_id=change_id, prev_hash=head.last_hash, hash=h))
    conn.execute(update(HEAD).where(HEAD.c.id == 1).values(last_id=entry_id, last_hash=h))
    return entry_id


def record(uow: UnitOfWork, **kwargs: Any) -> int:
    """Append an entry in its own transaction (events with no change set, e.g. a failed admin login)."""
    with uow.write() as conn:
        return append(conn, **kwargs)


def verify(uow: UnitOfWork) -> dict[str, Any]:
    """Walk the chain; the first entry whose id, link or hash does not hold is named.

    A damaged entry (a value the database cannot return as its column's type, bytes where text belongs)
    is a broken link like any other, never a crash.
    """
    prev = GENESIS
    expected_id = 1
    count = 0
    with uow.read() as conn:
        head = conn.execute(select(HEAD.c.last_id, HEAD.c.last_hash).where(HEAD.c.id == 1)).first()
        result = conn.execution_options(yield_per=5000).execute(
            select(LOG.c.id, LOG.c.at, LOG.c.actor, LOG.c.action, LOG.c.target, LOG.c.detail, LOG.c.change_id,
                   LOG.c.prev_hash, LOG.c.hash).order_by(LOG.c.id))
        rows = iter(result)
        while True:
            try:
                r = next(rows)
            except StopIteration:
                break
            except (ValueError, TypeError, OverflowError):  # the row after the last good one cannot be read
                result.close()
                bad = conn.execute(select(LOG.c.id).where(LOG.c.id > expected_id - 1).order_by(LOG.c.id)
                                   .limit(1)).scalar()
                return {"ok": False, "entries": count + 1, "first_bad": _entry_id(bad, expected_id)}
            count += 1
            if not _entry_holds(r, prev, expected_id):
                result.close()
                return {"ok": False, "entries": count, "first_bad": _entry_id(r.id, expected_id)}
            prev = r.hash
            expected_id += 1
    if head is None or head.last_id != expected_id - 1 or head.last_hash != prev:
        # Entries were removed from the end: the head still remembers them.
        return {"ok": False, "entries": count, "first_bad": int(expected_id)}
    return {"ok": True, "entries": count, "first_bad": None}


def _entry_holds(r: Any, prev: str, expected_id: int) -> bool:
    if r.id != expected_id or r.prev_hash != prev or not isinstance(r.hash, str):
        return False
    try:
        return entry_hash(prev, r.id, r.at, r.actor, r.action, r.target, r.detail, r.change_id) == r.hash
    except (AttributeError, TypeError, ValueError):  # garbage where a timestamp or text belongs
        return False


def _entry_id(value: Any, fallback: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback


def list_entries(uow: UnitOfWork, since: dt.datetime | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    q = select(LOG).order_by(LOG.c.id.desc()).limit(limit)
    if since is not None:
        q = q.where(LOG.c.at >= since)
    with uow.read() as conn:
        rows = conn.execute(q).all()
    return [{"id": r.id, "at": r.at.isoformat(timespec="seconds") + "Z", "actor": r.actor, "action": r.action,
             "target": r.target, "detail": json.loads(r.detail), "change_id": r.change_id} for r in rows]
