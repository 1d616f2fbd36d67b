"""Administrators' roles and rights: the services, not the window, refuse what a role may not do."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from youdu_console.domain.errors import PermissionDenied

if TYPE_CHECKING:
    from sqlalchemy import Connection

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


def declare_right(right: str, label: tuple[str, str], roles: Iterable[str] = ()) -> str:
    """An area's right, named once: what a refusal calls it (zh_CN, en), and the roles besides super that hold it."""
    ACTION_LABELS[right] = label
    for role in roles:
        if role not in RIGHTS or role == "super":
            raise ValueError(f"unknown role {role!r}")
        RIGHTS[role] = RIGHTS[role] | {right}
    return right


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
    # Imported here: the roles and rights above are read by the quick read, which never loads SQLAlchemy.
    from sqlalchemy import select

    from youdu_console.store import tables

    t = tables.DEPARTMENTS
    return frozenset(descendants(dict(conn.execute(select(t.c.id, t.c.parent_id)).all()), roots))


def descendants(parents: Mapping[Any, Any], roots: Iterable[Any]) -> set[Any]:
    """`roots` and everything under them, given each node's parent (a department tree, as ids)."""
    children: dict[Any, list[Any]] = {}
    for node, parent in parents.items():
        children.setdefault(parent, []).append(node)
    out: set[Any] = set()
    stack = list(roots)
    while stack:
        d = stack.pop()
        if d in out:
            continue
        out.add(d)
        stack.extend(children.get(d, ()))
    return out


def scopes_from_json(text: str) -> frozenset[int]:
    return frozenset(int(x) for x in json.loads(text or "[]"))


def actor_of(admin: Any) -> Actor:
    """The acting administrator of an admins row (name, role, scopes by attribute)."""
    return Actor(admin.name, admin.role, scopes_from_json(admin.scopes))
