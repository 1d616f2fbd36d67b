"""Client sessions (在线状态): the IM server reports each member's client session through the policy API
(session/start, session/end). They are telemetry records, as the login log is — written as reported, not
change sets (nothing to preview or undo) — idempotent on the IM server's session id, and pruned once ended
longer ago than the declared retention (sessions.retention_days). A member with an open session is online:
the window shows it, and the address book's "online first" order (5.3.5) sorts by it.

A session starts only for a member who may log in now: the login policy's rules that need no password
(policy/login.py `may_hold_session`), answered with the login policy's reason codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.domain.validation import fold_account
from youdu_console.policy.login import LoginPolicy, normalize_address, normalize_device
from youdu_console.services.auth import Actor, declare_right, scope_closure
from youdu_console.services.changes import utcnow
from youdu_console.store import tables
from youdu_console.store.settings import setting_value
from youdu_console.store.tables_api import CLIENT_SESSIONS as S
from youdu_console.store.uow import UnitOfWork

# Reporting sessions is the IM server's (the policy API); from the command line, super administrators only.
SESSIONS_REPORT = declare_right("sessions.report", ("报告客户端会话", "report client sessions"))
SESSION_ID_MAX = 64
ACCOUNT_MAX = 64
LIST_LIMIT = 200


@dataclass(frozen=True)
class SessionView:
    session_id: str
    account: str
    device: str
    address: str
    app_id: str
    started_at: str
    ended_at: str | None

    @property
    def online(self) -> bool:
        return self.ended_at is None

    def to_json(self) -> dict[str, Any]:
        return {"session_id": self.session_id, "account": self.account, "device": self.device,
                "address": self.address, "started_at": self.started_at, "ended_at": self.ended_at,
                "online": self.online}


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def _view(row: Any) -> SessionView:
    return SessionView(row.session_id, row.account, row.device, row.address, row.app_id, _iso(row.started_at) or "",
                       _iso(row.ended_at))


def check_session_id(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= SESSION_ID_MAX or not value.isprintable():
        raise ValidationError("session_id_invalid", field="sessionId")
    return value


def start(uow: UnitOfWork, app_id: str, session_id: Any, account: str, device: str,
          address: str | None, *, actor: Actor) -> dict[str, Any]:
    """session/start: the login policy's answer; when it is ok, the session is recorded (once per id). The
    reporter (`actor`: the API's app, or an administrator on the CLI) needs the right to report sessions."""
    actor.require(SESSIONS_REPORT)
    sid = check_session_id(session_id)
    if len(account) > ACCOUNT_MAX:
        return {"ok": False, "reason": "no_such_account", "session": None}
    answer = LoginPolicy(uow).may_hold_session(account, device, address)
    if not answer.ok:
        return {"ok": False, "reason": answer.reason, "session": None}
    acc, dev, addr = fold_account(account), normalize_device(device), normalize_address(address)
    with uow.write() as conn:
        row = conn.execute(select(S).where(S.c.session_id == sid)).first()
        if row is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(S).values(session_id=sid, account=acc, device=dev, address=addr,
                                                  app_id=app_id[:64], started_at=utcnow(), ended_at=None))
            except IntegrityError:
                pass  # the same report, twice at once: the first one's row is the session
            row = conn.execute(select(S).where(S.c.session_id == sid)).one()
        if (row.account, row.device) != (acc, dev):
            raise ValidationError("session_id_reused", field="sessionId", session=sid)
    return {"ok": True, "reason": "ok", "session": _view(row).to_json()}


def end(uow: UnitOfWork, session_id: Any, *, actor: Actor) -> dict[str, Any]:
    """session/end: the session ends (again: the first end stands); sessions ended before the retention go."""
    actor.require(SESSIONS_REPORT)
    sid = check_session_id(session_id)
    now = utcnow()
    with uow.write() as conn:
        conn.execute(update(S).where(S.c.session_id == sid, S.c.ended_at.is_(None)).values(ended_at=now))
        row = conn.execute(select(S).where(S.c.session_id == sid)).first()
        if row is None:
            raise NotFound("session_not_found", session=sid)
        prune(conn, now)
    return {"session": _view(row).to_json()}


def end_device(uow: UnitOfWork, account: str, device: str, *, actor: Actor) -> dict[str, Any]:
    """`session end ACCOUNT --device D` (and session/end without a sessionId): every open session of the
    member on that device type ends."""
    actor.require(SESSIONS_REPORT)
    acc, dev = fold_account(account), normalize_device(device)
    now = utcnow()
    with uow.write() as conn:
        ids = [r[0] for r in conn.execute(select(S.c.session_id).where(
            S.c.account == acc, S.c.device == dev, S.c.ended_at.is_(None)))]
        if ids:
            conn.execute(update(S).where(S.c.session_id.in_(ids)).values(ended_at=now))
        rows = conn.execute(select(S).where(S.c.session_id.in_(ids)).order_by(S.c.started_at, S.c.session_id)).all()
        prune(conn, now)
    return {"sessions": [_view(r).to_json() for r in rows]}


def prune(conn: Connection, now: dt.datetime | None = None) -> int:
    """Delete the sessions that ended more than sessions.retention_days ago."""
    days = int(setting_value(conn, "sessions.retention_days"))
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    return int(conn.execute(delete(S).where(S.c.ended_at.is_not(None), S.c.ended_at < cutoff)).rowcount or 0)


def accounts_in_scope(conn: Connection, actor: Actor) -> Any:
    """A subquery of the accounts a scoped administrator sees (members of its subtrees); None for others."""
    if not actor.scoped:
        return None
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    closure = sorted(scope_closure(conn, actor.scope))
    return select(m.c.account).where(m.c.id.in_(select(links.c.member_id).where(links.c.dept_id.in_(closure))))


def list_sessions(uow: UnitOfWork, actor: Actor, account: str | None = None, *, online: bool = False,
                  limit: int = LIST_LIMIT) -> list[SessionView]:
    """The newest sessions first (a scoped administrator: its subtrees' members only)."""
    actor.require("logs.read")
    q = select(S).order_by(S.c.started_at.desc(), S.c.session_id).limit(limit)
    if account:
        q = q.where(S.c.account == fold_account(account))
    if online:
        q = q.where(S.c.ended_at.is_(None))
    with uow.read() as conn:
        scope = accounts_in_scope(conn, actor)
        if scope is not None:
            q = q.where(S.c.account.in_(scope))
        return [_view(r) for r in conn.execute(q)]
