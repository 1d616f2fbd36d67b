"""Login authorisation (登录授权), licence seats, the lockout desk (锁定名单) and member passwords."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.model import MemberView
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, Operation, subject_of, utcnow
from youdu_console.services.directory import DirectoryService
from youdu_console.services.invariants import seats_in_use
from youdu_console.services.passwords import hash_new_password
from youdu_console.store import tables
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

M = tables.MEMBERS
LS = tables.LOGIN_STATE
AUTH_ACTIONS = ("grant", "revoke", "disable", "enable")
LIST_KINDS = ("authorized", "disabled", "resigned", "unauthorized")


class AccessService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.directory = DirectoryService(uow, actor)

    # ---------------------------------------------------------------- authorisation lists
    def plan_authorization(self, accounts: Sequence[str], action: str) -> ChangeSet:
        """加入授权名单 / 取消授权 / 加入禁用名单 / 取消禁用 for one or many members."""
        self.actor.require("auth.manage")
        if action not in AUTH_ACTIONS:
            raise YouduError("usage", detail=f"action must be one of {', '.join(AUTH_ACTIONS)}")
        wanted = {"grant": "authorized", "revoke": "unauthorized", "disable": "disabled", "enable": "unauthorized"}[action]

        def decide(conn: Connection, row: Any) -> tuple[dict[str, Any], dict[str, Any], str] | None:
            if row.status == "resigned":
                raise ValidationError("member_resigned", field="status", account=row.account)
            current = row.authorization
            if action == "grant" and current == "disabled":
                raise ValidationError("member_disabled", field="authorization", account=row.account)
            if action == "revoke" and current != "authorized":
                return None
            if action == "enable" and current != "disabled":
                return None
            if current == wanted:
                return None
            return {"authorization": current}, {"authorization": wanted}, "updated"

        cs = self.directory.plan_set_member_fields(f"auth.{action}", None, accounts, decide)
        if action == "grant" and cs.operations:
            with self.uow.read() as conn:
                limit = int(setting_value(conn, "licence.seat_limit"))
                used = seats_in_use(conn)
                expires = setting_value(conn, "licence.expires")
            if expires and dt.date.fromisoformat(expires) < dt.date.today():
                raise YouduError("licence_expired", date=expires)
            if used + len(cs.operations) > limit:
                raise YouduError("licence_exhausted", used=used + len(cs.operations), limit=limit)
        return cs

    def list_by_kind(self, kind: str, search: str | None = None) -> list[MemberView]:
        """授权名单 / 禁用名单 / 离职名单."""
        self.actor.require("auth.read") if kind != "resigned" else self.actor.require("directory.read")
        if kind not in LIST_KINDS:
            raise YouduError("usage", detail=f"--kind must be one of {', '.join(LIST_KINDS)}")
        if kind == "resigned":
            return self.directory.list_members(status="resigned", search=search)
        return self.directory.list_members(status="active", authorization=kind, search=search)

    def member_ids_by_kind(self, kind: str, search: str | None = None) -> list[int]:
        """Ids of a whole list (授权名单 / 禁用名单 / 离职名单), filtered like a search (account, pinyin,
        initials, mobile, e-mail, name), in the member order: the window shows the true count and pages."""
        self.actor.require("auth.read") if kind != "resigned" else self.actor.require("directory.read")
        if kind not in LIST_KINDS:
            raise YouduError("usage", detail=f"--kind must be one of {', '.join(LIST_KINDS)}")
        if kind == "resigned":
            return self.directory.member_ids(status="resigned", search=search)
        return self.directory.member_ids(status="active", authorization=kind, search=search)

    def licence(self) -> dict[str, Any]:
        """Seats in use / limit, expiry, auto-authorisation (every role may read them: the home page shows them)."""
        self.actor.require("auth.read")
        with self.uow.read() as conn:
            return {"seat_limit": int(setting_value(conn, "licence.seat_limit")), "used": seats_in_use(conn),
                    "expires": setting_value(conn, "licence.expires") or None,
                    "auto_authorize": bool(setting_value(conn, "licence.auto_authorize"))}

    # ---------------------------------------------------------------- lockout desk
    def lock_list(self) -> list[dict[str, Any]]:
        self.actor.require("lock.read")
        with self.uow.read() as conn:
            minutes = int(setting_value(conn, "security.lockout_minutes"))
            rows = conn.execute(
                select(M.c.id, M.c.account, M.c.name, LS.c.failures, LS.c.locked_at, LS.c.last_failure_at,
                       LS.c.last_failure_ip, LS.c.last_failure_device)
                .select_from(LS.join(M, M.c.id == LS.c.member_id)).where(LS.c.locked_at.is_not(None))
                .order_by(LS.c.locked_at.desc())).all()
            visible = self._visible_ids(conn, [r.id for r in rows])
            tree = self.directory.tree(conn)
            links = self.directory._positions(conn, [r.id for r in rows if r.id in visible])
        out = []
        for r in rows:
            if r.id not in visible:
                continue
            unlocks = r.locked_at + dt.timedelta(minutes=minutes) if minutes else None
            out.append({"account": r.account, "name": r.name, "failures": r.failures,
                        "locked_at": _iso(r.locked_at), "last_failure_at": _iso(r.last_failure_at),
                        "last_failure_ip": r.last_failure_ip, "last_failure_device": r.last_failure_device,
                        "unlocks_at": _iso(unlocks),
                        "departments": [tree.path(d) for d, _ in links.get(r.id, [])]})
        return out

    def _visible_ids(self, conn: Connection, ids: list[int]) -> set[int]:
        if not self.actor.scoped:
            return set(ids)
        return {i for i in ids if self.directory._visible(conn, i)}

    def plan_unlock(self, accounts: Sequence[str] | None) -> ChangeSet:
        """Unlock some accounts, or every locked one the administrator may manage (accounts=None)."""
        self.actor.require("lock.unlock")
        cs = ChangeSet("lock.unlock", self.actor.name, subject=subject_of(list(accounts)) if accounts else "")
        with self.uow.read() as conn:
            q = (select(M.c.id, M.c.account, LS.c.failures, LS.c.locked_at, LS.c.last_failure_at, LS.c.version)
                 .select_from(LS.join(M, M.c.id == LS.c.member_id)).where(LS.c.locked_at.is_not(None)))
            if accounts is not None:
                rows = {r.account: r for r in conn.execute(q.where(M.c.account.in_([v.fold_account(a) for a in accounts])))}
                errors = []
                for a in accounts:
                    acc = v.fold_account(a)
                    if acc not in rows:
                        # Distinguish "no such account" from "not locked" for the report.
                        exists = conn.execute(select(M.c.id).where(M.c.account == acc)).first()
                        code = "member_not_locked" if exists else "member_not_found"
                        errors.append({"entry": a, "field": "account", "code": code,
                                       "message": YouduError(code, account=a).message()})
                if errors:
                    from youdu_console.domain.errors import ValidationErrors

                    raise ValidationErrors(errors)
                selected = list(rows.values())
            else:
                selected = list(conn.execute(q))
                visible = self._visible_ids(conn, [r.id for r in selected])
                selected = [r for r in selected if r.id in visible]
        for r in selected:
            cs.operations.append(Operation(
                "login_state", "update", r.id,
                before={"failures": r.failures, "locked_at": r.locked_at},
                after={"failures": 0, "locked_at": None}, version=r.version, label=r.account, category="updated"))
        return cs

    # ---------------------------------------------------------------- passwords
    def plan_set_password(self, account: str, password: str, *, force_change: bool = True) -> ChangeSet:
        """Admin reset (5.5): policy enforced, stored as argon2; by default the member must change it at login."""
        self.actor.require("member.password")
        with self.uow.read() as conn:
            new_hash = hash_new_password(conn, password)
        now = utcnow()

        def decide(conn: Connection, row: Any) -> tuple[dict[str, Any], dict[str, Any], str]:
            old = conn.execute(select(M.c.password_hash, M.c.password_changed_at).where(M.c.id == row.id)).one()
            return ({"password_hash": old.password_hash, "password_changed_at": old.password_changed_at,
                     "must_change_password": bool(row.must_change_password)},
                    {"password_hash": new_hash, "password_changed_at": now, "must_change_password": force_change},
                    "updated")

        return self.directory.plan_set_member_fields("member.set_password", None, [account], decide)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None
