"""Console administrators (5.4.1 用户角色): first-run super admin, roles, logins and recovery."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import AuthenticationError, NotFound, ValidationError, YouduError
from youdu_console.services import audit
from youdu_console.services.auth import ROLES, SYSTEM, Actor, scopes_from_json
from youdu_console.services.changes import ChangeSet, Operation, apply
from youdu_console.services.passwords import hash_password, verify_password
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

A = tables.ADMINS
MIN_ADMIN_PASSWORD = 8


def _check_password(password: str | None) -> str:
    if not password:
        raise ValidationError("password_required", field="password")
    if len(password) < MIN_ADMIN_PASSWORD:
        raise ValidationError("admin_password_weak", field="password")
    return password


class AdminService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def count(self) -> int:
        with self.uow.read() as conn:
            return int(conn.execute(select(func.count()).select_from(A)).scalar() or 0)

    def login(self, name: str, password: str) -> Actor:
        """Check an administrator's password; failures are audited (the name, never the password)."""
        with self.uow.read() as conn:
            row = conn.execute(select(A).where(A.c.name == v.clean_text(name))).first()
        if not verify_password(row.password_hash if row else None, password or "") or row is None:
            audit.record(self.uow, actor=v.clean_text(name)[:64] or "?", action="admin.login_failed",
                         target=v.clean_text(name)[:255])
            raise AuthenticationError("login_failed")
        return Actor(row.name, row.role, scopes_from_json(row.scopes))

    def list(self, actor: Actor) -> list[dict[str, Any]]:
        actor.require("admin.read")
        with self.uow.read() as conn:
            tree = load_tree(conn)
            rows = conn.execute(select(A.c.name, A.c.role, A.c.scopes, A.c.created_at).order_by(A.c.name)).all()
        return [{"name": r.name, "role": r.role,
                 "scope": [tree.path(d) for d in json.loads(r.scopes) if d in tree.nodes],
                 "created_at": r.created_at.isoformat(timespec="seconds") + "Z"} for r in rows]

    def plan_add(self, actor: Actor | None, name: str, role: str, password: str,
                 scope_paths: Sequence[str] = ()) -> ChangeSet:
        """Plan a new administrator. With no administrator yet, anyone may create the first super admin."""
        first_run = self.count() == 0
        if first_run:
            if role != "super":
                raise ValidationError("admin_role_invalid", field="role", value=role)
            actor = SYSTEM
        elif actor is None:
            raise AuthenticationError("login_required")
        else:
            actor.require("admin.manage")
        name = v.normalize_admin_name(name)
        if role not in ROLES:
            raise ValidationError("admin_role_invalid", field="role", value=role)
        _check_password(password)
        with self.uow.read() as conn:
            if conn.execute(select(A.c.id).where(A.c.name == name)).first():
                raise ValidationError("admin_exists", field="name", name=name)
            tree = load_tree(conn)
            scope_ids = [tree.find(p) for p in scope_paths]
        if role == "scoped" and not scope_ids:
            raise ValidationError("admin_scope_required", field="scope")
        if role != "scoped":
            scope_ids = []
        cs = ChangeSet("admin.add", actor.name, subject=f"{name} ({role})")
        cs.operations.append(Operation("admin", "add", -1, after={
            "id": -1, "name": name, "role": role, "password_hash": hash_password(password),
            "scopes": json.dumps(scope_ids)}, label=name, category="added"))
        return cs

    def add(self, actor: Actor | None, name: str, role: str, password: str,
            scope_paths: Sequence[str] = ()) -> ChangeSet:
        first_run = self.count() == 0
        cs = self.plan_add(actor, name, role, password, scope_paths)
        return apply(self.uow, cs, SYSTEM if first_run else actor)  # type: ignore[arg-type]

    def plan_reset_password(self, actor: Actor, name: str, password: str) -> ChangeSet:
        actor.require("admin.manage") if actor.name != name else None
        _check_password(password)
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.password_hash, A.c.version).where(A.c.name == name)).first()
        if row is None:
            raise NotFound("admin_not_found", name=name)
        cs = ChangeSet("admin.reset_password", actor.name, subject=name)
        cs.operations.append(Operation("admin", "update", row.id, before={"password_hash": row.password_hash},
                                       after={"password_hash": hash_password(password)}, version=row.version,
                                       label=name))
        return cs

    def reset_password(self, actor: Actor, name: str, password: str) -> ChangeSet:
        cs = self.plan_reset_password(actor, name, password)
        own = actor.name == name
        return apply(self.uow, cs, actor if not own else Actor(actor.name, "super"))

    def recover(self, name: str, password: str, *, operator: str) -> ChangeSet:
        """Reset a super admin's password with only the database's own credentials (audited as recovery).

        Whoever can open the database can already rewrite any row, so this grants nothing new; it makes
        the recovery explicit and leaves a trace in the hash-chained audit log.
        """
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.role, A.c.password_hash, A.c.version).where(A.c.name == name)).first()
        if row is None:
            raise NotFound("admin_not_found", name=name)
        if row.role != "super":
            raise YouduError("admin_role_invalid", value=row.role)
        _check_password(password)
        recovery = Actor(f"recovery:{operator}"[:64], "super")
        cs = ChangeSet("admin.recover", recovery.name, subject=name)
        cs.operations.append(Operation("admin", "update", row.id, before={"password_hash": row.password_hash},
                                       after={"password_hash": hash_password(password)}, version=row.version,
                                       label=name))
        return apply(self.uow, cs, recovery)
