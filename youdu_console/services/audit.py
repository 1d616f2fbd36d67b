"""The audit log: append-only and hash-chained, so a modified, inserted or deleted entry is detectable."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from youdu_console.store import security, tables
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


def entry_hash_v2(prev_hash: str, entry_id: int, at: dt.datetime, actor: str, action: str, target: str,
                  detail: str, change_id: int | None) -> str:
    """The hash a secured server computes itself (trigger): each free-text field hashed, so no escaping rules."""
    parts = ["v2", prev_hash, str(entry_id), at.isoformat(timespec="microseconds"), sha256_hex(actor.encode()),
             sha256_hex(action.encode()), sha256_hex(target.encode()), sha256_hex(detail.encode()),
             "" if change_id is None else str(change_id)]
    return sha256_hex("\n".join(parts).encode("utf-8"))


def append(conn: Connection, *, actor: str, action: str, target: str = "", detail: dict[str, Any] | None = None,
           change_id: int | None = None, at: dt.datetime | None = None) -> int:
    """Append one entry inside the caller's transaction. Locking the head row serialises writers.

    On a secured server (store.security) the server's trigger locks the head, sets id, link, hash and
    actor and moves the head: the client's values are only proposals.
    """
    at = at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if security.installed(conn):
        detail_text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        conn.execute(insert(LOG).values(id=0, at=at, actor=actor, action=action, target=target[:255],
                                        detail=detail_text, change_id=change_id, prev_hash="", hash=""))
        return int(conn.execute(select(HEAD.c.last_id).where(HEAD.c.id == 1)).scalar_one())
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


def verify(uow: UnitOfWork, checkpoint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Walk the chain; the first entry whose id, link or hash does not hold is named.

    Then cross-check the journal: every change set must have its audit entry with the hash of its stored
    payload (a wiped or truncated log, or an edited journal, is caught), and, given a checkpoint, the entry
    it names must still carry the hash it recorded (a chain rewritten from scratch is caught). A damaged
    entry (a value the database cannot return as its column's type, bytes where text belongs) is a broken
    link like any other, never a crash.
    """
    prev = GENESIS
    expected_id = 1
    count = 0
    audited: dict[int, str | None] = {}
    first_bad: int | None = None
    unreadable = False
    with uow.read() as conn:
        head = conn.execute(select(HEAD.c.last_id, HEAD.c.last_hash).where(HEAD.c.id == 1)).first()
        hashes_at: dict[int, str] = {}
        want = int(checkpoint["entries"]) if checkpoint else None
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
                unreadable = True
                if first_bad is None:
                    count += 1
                    bad = conn.execute(select(LOG.c.id).where(LOG.c.id > expected_id - 1).order_by(LOG.c.id)
                                       .limit(1)).scalar()
                    first_bad = _entry_id(bad, expected_id)
                break
            if first_bad is None:
                count += 1
                if not _entry_holds(r, prev, expected_id):
                    first_bad = _entry_id(r.id, expected_id)
                prev = r.hash
                expected_id += 1
            change_id = _entry_id(r.change_id, -1) if r.change_id is not None else None
            if change_id is not None:
                audited[change_id] = _payload_hash(r.detail)
            if want is not None and r.id == want:
                hashes_at[want] = r.hash
        unaudited = []
        if not unreadable:
            journal = conn.execution_options(yield_per=500).execute(
                select(tables.CHANGE_SETS.c.id, tables.CHANGE_SETS.c.payload).order_by(tables.CHANGE_SETS.c.id))
            for cid, payload in journal:
                if cid not in audited or audited[cid] != sha256_hex(payload):
                    unaudited.append(int(cid))
    # The chain's own faults are named by first_bad; `problems` lists what the cross-checks found.
    problems: list[dict[str, Any]] = []
    if first_bad is None and (head is None or head.last_id != expected_id - 1 or head.last_hash != prev):
        # Entries were removed from the end: the head still remembers them.
        first_bad = int(expected_id)
    if unaudited:
        problems.append({"problem": "journal_unaudited", "change_sets": unaudited[:20], "count": len(unaudited)})
    if checkpoint is not None:
        want = int(checkpoint["entries"])
        if hashes_at.get(want) != checkpoint["head_hash"]:
            problems.append({"problem": "checkpoint_mismatch", "entry": want})
    out: dict[str, Any] = {"ok": not problems and first_bad is None, "entries": count, "first_bad": first_bad}
    if problems:
        out["problems"] = problems
    if checkpoint is not None:
        out["checkpoint"] = {"entries": int(checkpoint["entries"]), "ok": not any(
            p["problem"] == "checkpoint_mismatch" for p in problems)}
    return out


def _entry_holds(r: Any, prev: str, expected_id: int) -> bool:
    if r.id != expected_id or r.prev_hash != prev or not isinstance(r.hash, str):
        return False
    fields = (prev, r.id, r.at, r.actor, r.action, r.target, r.detail, r.change_id)
    try:
        return entry_hash(*fields) == r.hash or entry_hash_v2(*fields) == r.hash
    except (AttributeError, TypeError, ValueError):  # garbage where a timestamp or text belongs
        return False


def _entry_id(value: Any, fallback: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return fallback


def _payload_hash(detail: str) -> str | None:
    try:
        value = json.loads(detail).get("payload_sha256")
    except (ValueError, AttributeError):
        return None
    return str(value) if value else None


def payload_audited(conn: Connection, change_id: int, payload: bytes) -> bool:
    """True when the change set's audit entry records exactly this journal payload."""
    details = conn.execute(select(LOG.c.detail).where(LOG.c.change_id == change_id)).scalars().all()
    digest = sha256_hex(payload)
    return any(_payload_hash(d) == digest for d in details)


def head(uow: UnitOfWork) -> dict[str, Any]:
    """The chain's head, for a checkpoint: entry count and the last entry's hash."""
    with uow.read() as conn:
        row = conn.execute(select(HEAD.c.last_id, HEAD.c.last_hash).where(HEAD.c.id == 1)).one()
    return {"entries": int(row.last_id), "head_hash": str(row.last_hash)}


def sign_checkpoint(record: dict[str, Any], key: bytes) -> str:
    message = json.dumps({k: record[k] for k in ("entries", "head_hash", "database")}, sort_keys=True).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def list_entries(uow: UnitOfWork, since: dt.datetime | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    q = select(LOG).order_by(LOG.c.id.desc()).limit(limit)
    if since is not None:
        q = q.where(LOG.c.at >= since)
    with uow.read() as conn:
        rows = conn.execute(q).all()
    return [{"id": r.id, "at": r.at.isoformat(timespec="seconds") + "Z", "actor": r.actor, "action": r.action,
             "target": r.target, "detail": json.loads(r.detail), "change_id": r.change_id} for r in rows]
