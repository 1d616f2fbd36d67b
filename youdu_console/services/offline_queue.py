"""The helpdesk's offline queue: unlock and password-reset requests queued while the shared database is
unreachable, replayed as change sets when it is back, and the local read-only snapshot used meanwhile.

Offline (no database): `OfflineQueue(url, admin)` looks members up in the snapshot and queues requests, each
signed with the administrator's key from the secret store and time-stamped. Online: `refresh_snapshot` writes
the snapshot (only what helpdesk may see, never a password hash) and makes the keys; `replay` takes each
request in turn, checks it still makes sense and applies it as its own change set (all or nothing), recording
every outcome — applied, skipped, refused, expired — in the audit log with the request's original time and the
replay time, and in the queue file for the window's queue view and `queue list`.

A request is refused when it was altered (its HMAC fails), signed with another key or queued by another
administrator, already applied (the audit log says so: a copied-back or restored queue file replays nothing),
for an account deleted meanwhile, or time-stamped in the future (a clock far off). It is skipped when its
situation moved on: the account is no longer locked, or its password was reset by someone else since.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import (
    ConflictError,
    DatabaseUnavailable,
    NotFound,
    ValidationErrors,
    YouduError,
)
from youdu_console.domain.messages import render
from youdu_console.domain.validation import check_password_policy
from youdu_console.services import audit
from youdu_console.services.changes import ChangeSet, apply, utcnow
from youdu_console.services.console import Console
from youdu_console.services.passwords import hash_password, hash_problem
from youdu_console.store import tables
from youdu_console.store.offline_store import OfflineError, OfflineFiles
from youdu_console.store.settings import setting_value

KINDS = ("unlock", "set_password")
CLOCK_TOLERANCE = dt.timedelta(minutes=5)  # a request stamped later than this after the replay is refused
KEPT_OUTCOMES = 200  # the queue view's memory of past outcomes
AUDIT_ACTION = "offline.replay"
_ID = re.compile(r"^[0-9a-f]{32}$")
M = tables.MEMBERS


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds") + "Z"


def _parse(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value).removesuffix("Z"))
    except ValueError:
        return None


class OfflineQueue:
    """One administrator's queue and snapshot for one database, on this desktop (works without the server)."""

    def __init__(self, url: str, admin: str) -> None:
        self.url = url
        self.admin = admin
        self.files = OfflineFiles(url, admin)

    # ------------------------------------------------------------------ reading
    def requests(self) -> list[dict[str, Any]]:
        """Queued requests, without their secrets (the encrypted password hash)."""
        return [{k: r.get(k) for k in ("id", "kind", "account", "admin", "requested_at")}
                for r in self.files.read_queue()["requests"]]

    def outcomes(self) -> list[dict[str, Any]]:
        return list(self.files.read_queue()["outcomes"])

    def snapshot_info(self, now: dt.datetime | None = None) -> dict[str, Any] | None:
        """When the snapshot was taken and how old it is (the views show its age), or None."""
        snap = self.files.read_snapshot() if self.files.has_keys() else None
        if snap is None:
            return None
        taken = _parse(snap.get("taken_at"))
        age = ((now or utcnow()) - taken).total_seconds() if taken else None
        return {"taken_at": snap.get("taken_at"), "age_seconds": age, "members": len(snap.get("members", []))}

    def lookup(self, search: str = "") -> list[dict[str, Any]]:
        """Members from the snapshot: account or name containing `search` (case-insensitive)."""
        snap = self.files.read_snapshot()
        if snap is None:
            raise OfflineError("offline_no_snapshot")
        needle = search.strip().casefold()
        return [m for m in snap.get("members", [])
                if not needle or needle in m["account"].casefold() or needle in m["name"].casefold()]

    # ------------------------------------------------------------------ queueing (offline)
    def queue_unlock(self, accounts: Sequence[str], now: dt.datetime | None = None) -> list[dict[str, Any]]:
        return [self._queue("unlock", a, now=now) for a in accounts]

    def queue_set_password(self, account: str, password: str, *, force_change: bool = True,
                           now: dt.datetime | None = None) -> dict[str, Any]:
        snap = self.files.read_snapshot()
        # The enterprise's password rule as the snapshot recorded it: a reset the server would refuse is
        # refused now, while the helpdesk is still talking to the member.
        check_password_policy((snap or {}).get("policy", {}), password)
        return self._queue("set_password", account, password=self.files.encrypt(hash_password(password).encode()),
                           force_change=force_change, now=now)

    def _queue(self, kind: str, account: str, *, password: str | None = None, force_change: bool = True,
               now: dt.datetime | None = None) -> dict[str, Any]:
        acc = v.fold_account(account)
        snap = self.files.read_snapshot()
        if snap is not None and acc not in {m["account"] for m in snap.get("members", [])}:
            raise NotFound("member_not_found", account=account)
        request: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": kind, "account": acc, "admin": self.admin,
                                   "db": self.files.db, "requested_at": _iso(now or utcnow()),
                                   "password": password, "force_change": force_change,
                                   "key_id": self.files.key_id()}
        request["sig"] = self.files.sign(request)
        data = self.files.read_queue()
        data["requests"].append(request)
        self.files.write_queue(data)
        return {k: request[k] for k in ("id", "kind", "account", "admin", "requested_at")}


# ---------------------------------------------------------------------- online


def refresh_snapshot(console: Console, url: str) -> dict[str, Any]:
    """Write this administrator's snapshot (and make its keys on this desktop): the fields helpdesk sees."""
    files = OfflineFiles(url, console.actor.name)
    files.ensure_keys()
    members = console.directory.list_members(status="active")
    locks = {r["account"]: r for r in console.access.lock_list()} if console.actor.can("lock.read") else {}
    with console.uow.read() as conn:
        policy = {k: setting_value(conn, k) for k in ("security.strong_password", "security.password_min_length")}
    snapshot = {"taken_at": _iso(utcnow()), "admin": console.actor.name, "policy": policy,
                "members": [{"account": m.account, "name": m.name, "departments": list(m.departments),
                             "position": m.position, "authorization": m.authorization, "locked": m.locked,
                             "locked_at": (locks.get(m.account) or {}).get("locked_at")} for m in members]}
    files.write_snapshot(snapshot)
    return {"taken_at": snapshot["taken_at"], "members": len(members)}


def _already_applied(conn: Connection, request_id: str) -> bool:
    replays = tables.OFFLINE_REPLAYS
    if conn.execute(select(replays.c.request_id).where(replays.c.request_id == request_id)).first() is not None:
        return True
    log = tables.AUDIT_LOG  # requests applied before offline_replays existed
    return conn.execute(select(log.c.id).where(
        log.c.action == AUDIT_ACTION, log.c.detail.like(f'%"request_id":"{request_id}"%'),
        log.c.detail.like('%"outcome":"applied"%')).limit(1)).first() is not None


class _Outcome(Exception):
    """A request that ends without a change set: skipped, refused or expired, with its coded reason."""

    def __init__(self, outcome: str, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason
        self.params = params


class Replay:
    """Replays one administrator's queue with its online console (its own database login on a server)."""

    def __init__(self, console: Console, url: str, now: dt.datetime | None = None) -> None:
        self.console = console
        self.actor = console.actor
        self.queue = OfflineQueue(url, console.actor.name)
        self.files = self.queue.files
        self.now = now

    def run(self) -> list[dict[str, Any]]:
        data = self.files.read_queue()
        with self.console.uow.read() as conn:
            max_days = int(setting_value(conn, "security.offline_request_max_days"))
        results = []
        remaining = list(data["requests"])
        try:
            while remaining:
                request = remaining[0]
                results.append(self._one(request, max_days))
                remaining.pop(0)
                # Each outcome is written down at once: a replay cut short never runs a request twice.
                data["requests"] = remaining
                data["outcomes"] = (data["outcomes"] + [results[-1]])[-KEPT_OUTCOMES:]
                self.files.write_queue(data)
        except DatabaseUnavailable:
            pass  # the rest waits for the next connection
        return results

    def _one(self, request: dict[str, Any], max_days: int) -> dict[str, Any]:
        replayed_at = self.now or utcnow()
        result: dict[str, Any] = {"id": str(request.get("id", "")), "kind": str(request.get("kind", "")),
                  "account": str(request.get("account", "")), "admin": str(request.get("admin", "")),
                  "requested_at": str(request.get("requested_at", "")), "replayed_at": _iso(replayed_at),
                  "outcome": "applied", "reason": None, "params": {}, "message": "", "change_id": None}
        try:
            cs = self._plan(request, max_days, replayed_at, result)
            try:
                applied = apply(self.console.uow, cs, self.actor)
            except ConflictError:
                # The same request replayed from another desktop at the same moment: its row in offline_replays
                # (or its writes) came first, and this transaction rolled back whole.
                with self.console.uow.read() as conn:
                    if _already_applied(conn, result["id"]):
                        raise _Outcome("refused", "offline_request_replayed") from None
                raise _Outcome("skipped", "offline_request_changed_since", account=result["account"]) from None
            result["change_id"] = applied.id
        except DatabaseUnavailable:
            raise  # the request stays queued for the next connection
        except YouduError as exc:  # refused by a rule or by the server (its own login's rights): said, not stuck
            outcome = _Outcome("refused", exc.code, **{k: v for k, v in exc.params.items() if k != "account"})
            return self._close(result, outcome, replayed_at)
        except _Outcome as outcome:
            return self._close(result, outcome, replayed_at)
        return result

    def _close(self, result: dict[str, Any], outcome: _Outcome, replayed_at: dt.datetime) -> dict[str, Any]:
        """A request that ends without a change set: its outcome and reason, in the audit log too."""
        params = {"account": result["account"], **outcome.params}
        result.update(outcome=outcome.outcome, reason=outcome.reason, params=params,
                      message=render(outcome.reason, None, params))
        audit.record(self.console.uow, actor=self.actor.name, action=AUDIT_ACTION, target=result["account"],
                     detail=self._detail(result), at=replayed_at)
        return result

    def _detail(self, result: dict[str, Any]) -> dict[str, Any]:
        return {"request_id": result["id"], "kind": result["kind"], "account": result["account"],
                "queued_by": result["admin"], "requested_at": result["requested_at"],
                "replayed_at": result["replayed_at"], "outcome": result["outcome"], "reason": result["reason"]}

    def _plan(self, request: dict[str, Any], max_days: int, now: dt.datetime, result: dict[str, Any]) -> ChangeSet:
        rid = result["id"]
        if not _ID.match(rid) or request.get("kind") not in KINDS or not result["account"]:
            raise _Outcome("refused", "offline_request_tampered")
        if request.get("admin") != self.actor.name or request.get("db") != self.files.db:
            raise _Outcome("refused", "offline_request_foreign", admin=result["admin"])
        if request.get("key_id") != self.files.key_id():
            raise _Outcome("refused", "offline_request_foreign_key")
        if not self.files.signature_holds(request):
            raise _Outcome("refused", "offline_request_tampered")
        with self.console.uow.read() as conn:
            if _already_applied(conn, rid):
                raise _Outcome("refused", "offline_request_replayed")
        requested = _parse(request.get("requested_at"))
        if requested is None:
            raise _Outcome("refused", "offline_request_tampered")
        if requested > now + CLOCK_TOLERANCE:
            raise _Outcome("refused", "offline_request_clock_far_off", time=result["requested_at"])
        if requested < now - dt.timedelta(days=max_days):
            raise _Outcome("expired", "offline_request_expired", days=max_days)
        cs = self._unlock(result["account"]) if request["kind"] == "unlock" \
            else self._set_password(request, requested)

        def record(conn: Connection) -> None:  # inside the apply: the outcome and the change, or neither
            if _already_applied(conn, rid):
                raise YouduError("offline_request_replayed")
            audit.append(conn, actor=self.actor.name, action=AUDIT_ACTION, target=result["account"],
                         detail=self._detail(result), at=now)

        def once(conn: Connection) -> None:  # the journalled change set's id under the request's unique key
            conn.execute(insert(tables.OFFLINE_REPLAYS).values(request_id=rid, change_id=cs.id, replayed_at=now))

        cs.checks.append(record)
        cs.journalled.append(once)
        return cs

    def _unlock(self, account: str) -> ChangeSet:
        try:
            return self.console.access.plan_unlock([account])
        except ValidationErrors as exc:
            code = exc.errors[0].get("code") if exc.errors else None
            if code == "member_not_locked":
                raise _Outcome("skipped", "offline_request_not_locked") from None
            raise _Outcome("refused", "offline_request_account_deleted") from None

    def _set_password(self, request: dict[str, Any], requested: dt.datetime) -> ChangeSet:
        account = request["account"]
        try:
            new_hash = self.files.decrypt(str(request.get("password") or "")).decode("ascii")
        except (OfflineError, UnicodeDecodeError):
            raise _Outcome("refused", "offline_request_tampered") from None
        if hash_problem(new_hash) is not None:
            raise _Outcome("refused", "offline_request_tampered")
        self.actor.require("member.password")
        with self.console.uow.read() as conn:
            row = conn.execute(select(M.c.id, M.c.password_changed_at).where(M.c.account == account)).first()
        if row is None:
            raise _Outcome("refused", "offline_request_account_deleted")
        if row.password_changed_at is not None and row.password_changed_at > requested:
            raise _Outcome("skipped", "offline_request_reset_since")
        force = bool(request.get("force_change", True))
        now = utcnow()

        def decide(conn: Connection, member: Any) -> tuple[dict[str, Any], dict[str, Any], str]:
            old = conn.execute(select(M.c.password_hash, M.c.password_changed_at).where(M.c.id == member.id)).one()
            return ({"password_hash": old.password_hash, "password_changed_at": old.password_changed_at,
                     "must_change_password": bool(member.must_change_password)},
                    {"password_hash": new_hash, "password_changed_at": now, "must_change_password": force},
                    "updated")

        try:
            return self.console.directory.plan_set_member_fields("member.set_password", None, [account], decide)
        except NotFound:
            raise _Outcome("refused", "offline_request_account_deleted") from None


def replay(console: Console, url: str, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Replay the queue, then refresh the snapshot (this is a connection)."""
    results = Replay(console, url, now).run()
    refresh_snapshot(console, url)
    return results
