"""Console administrators (5.4.1 用户角色): first-run super admin, roles, logins and recovery."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from youdu_console.domain import validation as v
from youdu_console.domain.errors import (
    AuthenticationError,
    NotFound,
    PermissionDenied,
    ValidationError,
    YouduError,
)
from youdu_console.domain.validation import check_password_policy
from youdu_console.services import audit
from youdu_console.services.auth import (
    ROLES,
    SCOPED_PERMISSIONS,
    SYSTEM,
    Actor,
    actor_of_row,
    check_permissions,
    permissions_from_json,
)
from youdu_console.services.changes import ChangeSet, Operation, apply
from youdu_console.services.passwords import hash_password, verify_password
from youdu_console.services.tree import load_tree
from youdu_console.store import security, tables
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

A = tables.ADMINS
LOCKS = tables.ADMIN_LOGIN_STATE
MIN_ADMIN_PASSWORD = 8


def _check_password(password: str | None, strong: bool = False) -> str:
    """At least 8 characters; with strong passwords on (5.5), the members' strong rule as well."""
    if not password:
        raise ValidationError("password_required", field="password")
    if len(password) < MIN_ADMIN_PASSWORD:
        raise ValidationError("admin_password_weak", field="password")
    if strong:
        check_password_policy({"security.strong_password": True, "security.password_min_length": 0}, password)
    return password


def _sync_login(name: str, password: str | None, role: str) -> Callable[[Connection], None]:
    """A check run inside the apply transaction: the administrator's database login follows the admins row."""

    def check(conn: Connection) -> None:
        if security.installed(conn):
            security.set_login(conn, name, password, role)

    return check


class AdminService:
    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    def count(self) -> int:
        with self.uow.read() as conn:
            return int(conn.execute(select(func.count()).select_from(A)).scalar() or 0)

    def _strong(self) -> bool:
        with self.uow.read() as conn:
            return bool(setting_value(conn, "security.strong_password"))

    def login(self, name: str, password: str) -> Actor:
        """Check an administrator's password; failures are audited (the name, never the password).

        Wrong passwords are counted per name; at the lockout setting's threshold the administrator is locked
        until a super admin unlocks it (or the automatic unlock time passes), like a member.
        """
        name = v.clean_text(name)
        with self.uow.read() as conn:
            row = conn.execute(select(A).where(A.c.name == name)).first()
            state = conn.execute(select(LOCKS).where(LOCKS.c.name == name)).first()
            threshold = int(setting_value(conn, "security.lockout_threshold"))
            minutes = int(setting_value(conn, "security.lockout_minutes"))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        locked = state is not None and state.locked_at is not None and not (
            minutes and now - state.locked_at >= dt.timedelta(minutes=minutes))
        good = verify_password(row.password_hash if row else None, password or "") and row is not None
        if locked:
            audit.record(self.uow, actor=name[:64] or "?", action="admin.login_locked", target=name[:255])
            raise AuthenticationError("admin_locked", name=name)
        if not good:
            self._count_failure(name, state, threshold, now)
            raise AuthenticationError("login_failed")
        if state is not None:
            with self.uow.write() as conn:
                conn.execute(delete(LOCKS).where(LOCKS.c.name == name))
        assert row is not None
        return actor_of_row(row)

    def _count_failure(self, name: str, state: Any, threshold: int, now: dt.datetime) -> None:
        failures = (state.failures if state is not None and state.locked_at is None else 0) + 1
        lock = failures >= threshold
        with self.uow.write() as conn:
            values = {"failures": failures, "last_failure_at": now, "locked_at": now if lock else None}
            if state is None:
                conn.execute(insert(LOCKS).values(name=name[:64], **values))
            else:
                conn.execute(update(LOCKS).where(LOCKS.c.name == name).values(**values))
            audit.append(conn, actor=name[:64] or "?", action="admin.login_failed", target=name[:255],
                         detail={"failures": failures})
            if lock:
                audit.append(conn, actor=name[:64] or "?", action="admin.locked", target=name[:255],
                             detail={"failures": failures})

    def locked(self, actor: Actor) -> list[dict[str, Any]]:
        actor.require("admin.read")
        with self.uow.read() as conn:
            rows = conn.execute(select(LOCKS).where(LOCKS.c.locked_at.is_not(None)).order_by(LOCKS.c.name)).all()
        return [{"name": r.name, "failures": r.failures,
                 "locked_at": r.locked_at.isoformat(timespec="seconds") + "Z"} for r in rows]

    def unlock(self, actor: Actor, name: str) -> dict[str, Any]:
        """A super admin lifts an administrator's lock (audited)."""
        actor.require("admin.manage")
        with self.uow.write() as conn:
            row = conn.execute(select(LOCKS).where(LOCKS.c.name == name, LOCKS.c.locked_at.is_not(None))).first()
            if row is None:
                raise YouduError("admin_not_locked", name=name)
            conn.execute(delete(LOCKS).where(LOCKS.c.name == name))
            audit.append(conn, actor=actor.name, action="admin.unlock", target=name, detail={"failures": row.failures})
        return {"name": name, "unlocked": True}

    def list(self, actor: Actor) -> list[dict[str, Any]]:
        actor.require("admin.read")
        with self.uow.read() as conn:
            tree = load_tree(conn)
            rows = conn.execute(select(A.c.name, A.c.role, A.c.scopes, A.c.permissions, A.c.created_at)
                                .order_by(A.c.name)).all()
        return [{"name": r.name, "role": r.role,
                 "scope": [tree.path(d) for d in json.loads(r.scopes) if d in tree.nodes],
                 "permissions": _ordered(permissions_from_json(r.permissions)) if r.role == "scoped" else None,
                 "created_at": r.created_at.isoformat(timespec="seconds") + "Z"} for r in rows]

    def plan_add(self, actor: Actor | None, name: str, role: str, password: str,
                 scope_paths: Sequence[str] = (), permissions: Sequence[str] | None = None) -> ChangeSet:
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
        _check_password(password, self._strong())
        with self.uow.read() as conn:
            if conn.execute(select(A.c.id).where(A.c.name == name)).first():
                raise ValidationError("admin_exists", field="name", name=name)
            if security.installed(conn):
                security.check_name(name)
            tree = load_tree(conn)
            scope_ids = [tree.find(p) for p in scope_paths]
            default = setting_value(conn, "access.scoped_admin_permissions")
        if role == "scoped" and not scope_ids:
            raise ValidationError("admin_scope_required", field="scope")
        if role != "scoped":
            if permissions is not None:
                raise ValidationError("admin_permissions_scoped_only", field="permissions")
            scope_ids = []
        chosen = check_permissions(default if permissions is None else permissions)
        cs = ChangeSet("admin.add", actor.name, subject=f"{name} ({role})")
        cs.operations.append(Operation("admin", "add", -1, after={
            "id": -1, "name": name, "role": role, "password_hash": hash_password(password),
            "scopes": json.dumps(scope_ids),
            "permissions": json.dumps(_ordered(chosen)) if role == "scoped" else None}, label=name, category="added"))
        cs.checks.append(_sync_login(name, password, role))
        return cs

    def add(self, actor: Actor | None, name: str, role: str, password: str,
            scope_paths: Sequence[str] = (), permissions: Sequence[str] | None = None) -> ChangeSet:
        first_run = self.count() == 0
        cs = self.plan_add(actor, name, role, password, scope_paths, permissions)
        return apply(self.uow, cs, SYSTEM if first_run else actor)  # type: ignore[arg-type]

    def plan_set(self, actor: Actor, name: str, *, permissions: Sequence[str] | None = None,
                 scope_paths: Sequence[str] | None = None, role: str | None = None) -> ChangeSet:
        """Change an administrator's role, or a scoped administrator's permission set (5.4.1) and/or departments
        (super admins only).

        A new role of scoped needs departments (its current ones when it is scoped already) and takes the
        default permission set unless given one; any other role has neither. The last super administrator
        cannot be demoted, nor can anyone change its own role. On a secured server the login's group follows
        (entities._admin_logins, in the same transaction).
        """
        actor.require("admin.manage")
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.role, A.c.scopes, A.c.permissions, A.c.version)
                               .where(A.c.name == name)).first()
            if row is None:
                raise NotFound("admin_not_found", name=name)
            scope_ids = [load_tree(conn).find(p) for p in scope_paths] if scope_paths is not None else None
            default = setting_value(conn, "access.scoped_admin_permissions")
            supers = self._supers(conn)
        new_role = row.role if role is None else role
        if new_role not in ROLES:
            raise ValidationError("admin_role_invalid", field="role", value=new_role)
        target: dict[str, Any] = {}
        if new_role != row.role:
            if name == actor.name:
                raise ValidationError("admin_own_role", field="role", name=name)
            if row.role == "super" and supers <= 1:
                raise YouduError("admin_last_super")
            target["role"] = new_role
        if new_role != "scoped":
            if permissions is not None:
                raise ValidationError("admin_permissions_scoped_only", field="permissions")
            if scope_ids is not None:
                code = "admin_scope_scoped_only" if role is not None else "admin_permissions_scoped_only"
                raise ValidationError(code, field="scope")
            target.update(scopes="[]", permissions=None)
        else:
            if scope_ids is not None or row.role != "scoped":
                if not scope_ids:
                    raise ValidationError("admin_scope_required", field="scope")
                target["scopes"] = json.dumps(scope_ids)
            if permissions is not None or row.role != "scoped":
                chosen = default if permissions is None else permissions
                target["permissions"] = json.dumps(_ordered(check_permissions(chosen)))
        current = {"role": row.role, "scopes": row.scopes, "permissions": row.permissions}
        after = {k: value for k, value in target.items() if value != current[k]}
        if "role" in after:  # a role change writes role, departments and permissions: its undo puts back all three
            after = dict(target)
        before = {k: current[k] for k in after}
        kind = "admin.set_role" if "role" in after else "admin.set"
        subject = f"{name} ({row.role} → {new_role})" if "role" in after else name
        cs = ChangeSet(kind, actor.name, subject=subject)
        if after:
            cs.operations.append(Operation("admin", "update", row.id, before=before, after=after,
                                           version=row.version, label=name))
        return cs

    def plan_remove(self, actor: Actor, name: str) -> ChangeSet:
        """Remove an administrator (a leaver): its row goes, and on a secured server its database login is
        disabled and its open sessions end in the same apply. Undo puts both back (docs/administrators.md)."""
        actor.require("admin.manage")
        name = v.clean_text(name)
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.name, A.c.role, A.c.password_hash, A.c.scopes, A.c.permissions,
                                      A.c.created_at, A.c.version).where(A.c.name == name)).first()
            supers = self._supers(conn)
        if row is None:
            raise NotFound("admin_not_found", name=name)
        if name == actor.name:
            raise ValidationError("admin_remove_self", field="name", name=name)
        if row.role == "super" and supers <= 1:
            raise YouduError("admin_last_super")
        cs = ChangeSet("admin.remove", actor.name, subject=f"{name} ({row.role})")
        cs.operations.append(Operation("admin", "delete", row.id, before={
            "id": row.id, "name": row.name, "role": row.role, "password_hash": row.password_hash,
            "scopes": row.scopes, "permissions": row.permissions,
            "created_at": row.created_at.isoformat(timespec="microseconds")},
            version=row.version, label=name, category="deleted"))
        return cs

    def remove(self, actor: Actor, name: str) -> ChangeSet:
        return apply(self.uow, self.plan_remove(actor, name), actor)

    @staticmethod
    def _supers(conn: Connection) -> int:
        return int(conn.execute(select(func.count()).select_from(A).where(A.c.role == "super")).scalar() or 0)

    def plan_reset_password(self, actor: Actor, name: str, password: str) -> ChangeSet:
        actor.require("admin.manage") if actor.name != name else None
        _check_password(password, self._strong())
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.role, A.c.password_hash, A.c.version).where(A.c.name == name)).first()
        if row is None:
            raise NotFound("admin_not_found", name=name)
        cs = ChangeSet("admin.reset_password", actor.name, subject=name)
        cs.operations.append(Operation("admin", "update", row.id, before={"password_hash": row.password_hash},
                                       after={"password_hash": hash_password(password)}, version=row.version,
                                       label=name))
        cs.checks.append(_sync_login(name, password, row.role))
        return cs

    def reset_password(self, actor: Actor, name: str, password: str) -> ChangeSet:
        cs = self.plan_reset_password(actor, name, password)
        own = actor.name == name
        return apply(self.uow, cs, actor if not own else Actor(actor.name, "super"))

    def recover(self, name: str, password: str, *, operator: str, owner: bool) -> ChangeSet:
        """Reset a super admin's password by the database's owner (audited as a recovery, with OS user and host).

        `owner` is the caller's proof of ownership: the schema owner's credentials on a server (not a console
        login, not none), write access to the file for SQLite. Without it the recovery is refused.
        """
        if not owner:
            raise PermissionDenied("recover_needs_owner")
        with self.uow.read() as conn:
            row = conn.execute(select(A.c.id, A.c.role, A.c.password_hash, A.c.version).where(A.c.name == name)).first()
        if row is None:
            raise NotFound("admin_not_found", name=name)
        if row.role != "super":
            raise YouduError("admin_role_invalid", value=row.role)
        _check_password(password, self._strong())
        recovery = Actor(f"recovery:{operator}"[:64], "super")
        cs = ChangeSet("admin.recover", recovery.name, subject=name)
        cs.operations.append(Operation("admin", "update", row.id, before={"password_hash": row.password_hash},
                                       after={"password_hash": hash_password(password)}, version=row.version,
                                       label=name))
        cs.checks.append(_sync_login(name, password, row.role))
        cs.checks.append(lambda conn: _unlock_quietly(conn, name))
        return apply(self.uow, cs, recovery)


def _ordered(permissions: frozenset[str]) -> list[str]:
    return [p for p in SCOPED_PERMISSIONS if p in permissions]


def _unlock_quietly(conn: Connection, name: str) -> None:
    """A recovered administrator starts with no wrong-password count (the recovery itself is audited)."""
    conn.execute(delete(LOCKS).where(LOCKS.c.name == name))
