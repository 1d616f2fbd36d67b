"""Administrators' roles and rights: the services, not the window, refuse what a role may not do."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from youdu_console.domain.errors import AuthenticationError, PermissionDenied, ValidationError

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


# 5.4.1 分级管理员: "单独分配管理员权限（即通讯录和企业应用权限）" — each scoped administrator holds its own set
# of these two permissions (admins.permissions); each names the rights it carries. Reads stay as the role has them.
SCOPED_PERMISSIONS: dict[str, frozenset[str]] = {
    "directory": frozenset({"directory.write", "import", "auth.manage", "member.password", "lock.unlock"}),
    "apps": frozenset({"apps.write"}),
}
PERMISSION_LABELS = {"directory": ("通讯录", "address book"), "apps": ("企业应用", "enterprise apps")}
ALL_SCOPED_PERMISSIONS = frozenset(SCOPED_PERMISSIONS)


def permission_of(right: str) -> str | None:
    """The scoped permission (directory, apps) a right belongs to; None for rights no permission gates."""
    for permission, rights in SCOPED_PERMISSIONS.items():
        if right in rights:
            return permission
    return None


def check_permissions(values: Iterable[str]) -> frozenset[str]:
    """A scoped administrator's permission set from user input (directory, apps); unknown names are refused."""
    out = frozenset(str(x).strip() for x in values if str(x).strip())
    unknown = sorted(out - ALL_SCOPED_PERMISSIONS)
    if unknown:
        raise ValidationError("admin_permission_invalid", field="permissions", value=", ".join(unknown))
    return out


@dataclass(frozen=True)
class Actor:
    """The acting administrator. `scope` holds the root department ids of a scoped administrator, `permissions`
    the scoped administrator's permission set (5.4.1: directory, apps)."""

    name: str
    role: str
    scope: frozenset[int] = field(default_factory=frozenset)
    permissions: frozenset[str] = ALL_SCOPED_PERMISSIONS
    # An administrator who logged in (from its admins row), as opposed to the console's own actors (system,
    # LDAP sync, an API app, recovery): each write checks its row again (see current_actor).
    logged_in: bool = False

    def can(self, right: str) -> bool:
        rights = RIGHTS.get(self.role, frozenset())
        if "*" in rights:
            return True
        if right not in rights:
            return False
        permission = permission_of(right) if self.role == "scoped" else None
        return permission is None or permission in self.permissions

    def require(self, right: str) -> None:
        if not self.can(right):
            self.deny(right)

    def refusal(self, right: str) -> PermissionDenied | None:
        """None when this administrator may exercise `right`; else the refusal the services would raise
        (the window shows its message as the reason an action is hidden or disabled)."""
        if self.can(right):
            return None
        zh, en = ACTION_LABELS.get(right, (right, right))
        permission = permission_of(right) if self.role == "scoped" else None
        if permission is not None and right in RIGHTS["scoped"]:
            pzh, pen = PERMISSION_LABELS[permission]
            return PermissionDenied("permission_not_assigned", name=self.name, permission=pzh, permission_en=pen,
                                    action=zh, action_en=en, right=right)
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


def permissions_from_json(text: str | None) -> frozenset[str]:
    """The stored permission set (a JSON list); a row from before 5.4.1's sets were stored holds both."""
    if text is None:
        return ALL_SCOPED_PERMISSIONS
    return frozenset(str(x) for x in json.loads(text or "[]")) & ALL_SCOPED_PERMISSIONS


def actor_of_row(row: Any) -> Actor:
    """The Actor of an admins row (name, role, scopes, permissions), logged in."""
    return Actor(row.name, row.role, scopes_from_json(row.scopes), permissions_from_json(row.permissions),
                 logged_in=True)


def current_actor(conn: Connection, actor: Actor) -> Actor:
    """A logged-in administrator as its admins row stands now, inside the writing transaction: removed since
    it logged in is refused (`admin_removed`); a changed role, departments or permission set take effect at
    once (an open window or a long-running command keeps no right its administrator has lost)."""
    if not actor.logged_in:
        return actor
    from sqlalchemy import select

    from youdu_console.store import tables

    a = tables.ADMINS
    row = conn.execute(select(a.c.name, a.c.role, a.c.scopes, a.c.permissions).where(a.c.name == actor.name)).first()
    if row is None:
        raise AuthenticationError("admin_removed", name=actor.name)
    return actor_of_row(row)
