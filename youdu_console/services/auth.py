"""Administrators' roles and rights: the services, not the window, refuse what a role may not do."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from youdu_console.domain.errors import PermissionDenied
from youdu_console.store import tables

if TYPE_CHECKING:
    from youdu_console.services.changes import Operation

ROLES = ("super", "scoped", "helpdesk", "auditor")

READ = {"directory.read", "changes.read", "audit.read", "settings.read", "auth.read", "lock.read", "admin.read",
        "logs.read"}
RIGHTS: dict[str, frozenset[str]] = {
    "super": frozenset({"*"}),
    "scoped": frozenset(READ | {"directory.write", "auth.manage", "lock.unlock", "member.password",
                                "changes.undo", "import", "export"}),
    "helpdesk": frozenset({"directory.read", "lock.read", "lock.unlock", "member.password", "auth.read",
                           "changes.read", "logs.read"}),
    "auditor": frozenset(READ | {"export"}),
}
ACTION_LABELS = {
    "directory.write": ("修改通讯录", "change the address book"),
    "settings.write": ("修改企业设置", "change enterprise settings"),
    "admin.manage": ("管理管理员", "manage administrators"),
    "lock.unlock": ("解锁帐号", "unlock accounts"),
    "auth.manage": ("登录授权", "authorise logins"),
    "member.password": ("重置成员密码", "reset member passwords"),
    "changes.undo": ("撤销变更", "undo change sets"),
    "audit.read": ("查看审计日志", "read the audit log"),
    "import": ("导入通讯录", "import the address book"),
    "export": ("导出通讯录", "export the address book"),
    "ldap.manage": ("管理 LDAP 同步", "manage LDAP synchronisation"),
}


@dataclass(frozen=True)
class Actor:
    """The acting administrator. `scope` holds the root department ids of a scoped administrator."""

    name: str
    role: str
    scope: frozenset[int] = field(default_factory=frozenset)

    def can(self, right: str) -> bool:
        rights = RIGHTS.get(self.role, frozenset())
        return "*" in rights or right in rights

    def require(self, right: str) -> None:
        if not self.can(right):
            self.deny(right)

    def refusal(self, right: str) -> PermissionDenied | None:
        """None when this administrator may exercise `right`; else the refusal the services would raise
        (the window shows its message as the reason an action is hidden or disabled)."""
        if self.can(right):
            return None
        zh, en = ACTION_LABELS.get(right, (right, right))
        return PermissionDenied("permission_denied", role=self.role, action=zh, action_en=en, right=right)

    def deny(self, right: str) -> None:
        refusal = self.refusal(right)
        if refusal is not None:
            raise refusal

    @property
    def scoped(self) -> bool:
        return self.role == "scoped"


SYSTEM = Actor("system", "super")


def scope_closure(conn: Connection, roots: Iterable[int]) -> frozenset[int]:
    """All department ids in the subtrees under `roots`."""
    t = tables.DEPARTMENTS
    children: dict[int | None, list[int]] = {}
    for did, parent in conn.execute(select(t.c.id, t.c.parent_id)):
        children.setdefault(parent, []).append(did)
    out: set[int] = set()
    stack = list(roots)
    while stack:
        d = stack.pop()
        if d in out:
            continue
        out.add(d)
        stack.extend(children.get(d, ()))
    return frozenset(out)


def _member_depts(conn: Connection, member_id: int) -> list[int]:
    t = tables.MEMBER_DEPARTMENTS
    return [r[0] for r in conn.execute(select(t.c.dept_id).where(t.c.member_id == member_id))]


def _dept_parent(conn: Connection, dept_id: int) -> int | None:
    t = tables.DEPARTMENTS
    return conn.execute(select(t.c.parent_id).where(t.c.id == dept_id)).scalar()


def authorize_ops(conn: Connection, actor: Actor, ops: list[Operation]) -> None:
    """The last line of defence, inside the apply transaction: every operation within the actor's rights.

    A scoped administrator may touch a member only when all of the member's departments (before and after)
    lie in its subtrees, and a department only when it and its parent do (so its own scope roots are fixed).
    """
    if actor.role == "super":
        return
    needs = {"department": "directory.write", "member": "directory.write", "setting": "settings.write",
             "admin": "admin.manage", "login_state": "lock.unlock"}
    for op in ops:
        right = needs[op.entity]
        if op.entity == "member" and op.action == "update" and set(op.after or {}) <= {"password_hash",
                                                                                       "must_change_password",
                                                                                       "password_changed_at"}:
            right = "member.password"
        if op.entity == "member" and op.action == "update" and set(op.after or {}) <= {"authorization"}:
            right = "auth.manage"
        actor.require(right)
    if not actor.scoped:
        return
    allowed = scope_closure(conn, actor.scope)
    new_depts = {op.key for op in ops if op.entity == "department" and op.action == "add"}
    allowed = allowed | new_depts
    for op in ops:
        if op.entity == "member" or op.entity == "login_state":
            member_id = op.key
            depts: set[int] = set()
            for values in (op.before, op.after):
                if values and values.get("depts") is not None:
                    depts.update(d for d, _ in values["depts"])
            if op.action != "add":
                depts.update(_member_depts(conn, member_id))
            if not depts or not depts <= allowed:
                raise PermissionDenied("permission_out_of_scope", what="成员", what_en="member", key=op.label or member_id)
        elif op.entity == "department":
            ids: set[Any] = set()
            if op.action == "add":
                ids.add((op.after or {}).get("parent_id"))
            else:
                ids.update({op.key, _dept_parent(conn, op.key)})
                if op.after and "parent_id" in op.after:
                    ids.add(op.after["parent_id"])
            if not ids <= allowed:
                raise PermissionDenied("permission_out_of_scope", what="部门", what_en="department", key=op.label or op.key)


def scopes_from_json(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in json.loads(text or "[]"))
