"""`admin add | set | remove | list | reset-password | unlock | locked`."""

from __future__ import annotations

import argparse
import getpass
import os
import socket
from typing import Any

from youdu_console.cli.common import add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.domain import presentation
from youdu_console.domain.errors import AuthenticationError, PermissionDenied, YouduError
from youdu_console.services.admins import AdminService
from youdu_console.services.auth import ROLES
from youdu_console.store import db as store_db
from youdu_console.store import security

COMMANDS = ("admin",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("admin", parents=[common], help="console administrators")
    asub = p.add_subparsers(dest="admin_command", metavar="ACTION", required=True)
    a = add_parser(asub, common, "add", "add an administrator (the first one needs no login)", _add)
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument("--scope", action="append", default=[], metavar="DEPT_PATH")
    a.add_argument("--password-stdin", action="store_true")
    a.add_argument("--permissions", type=_permissions, metavar="directory,apps",
                   help="a scoped administrator's permissions (5.4.1; default: the setting "
                        "access.scoped_admin_permissions; 'none' for neither)")
    s = add_parser(asub, common, "set", "change an administrator's role, or a scoped one's permissions or departments",
                   _set)
    s.add_argument("name")
    s.add_argument("--role", choices=ROLES,
                   help="the new role; scoped needs --scope unless it is scoped already (the last super admin "
                        "cannot be demoted, nor your own role changed)")
    s.add_argument("--permissions", type=_permissions, metavar="directory,apps",
                   help="通讯录 directory, 企业应用 apps, comma-separated; 'none' for neither")
    s.add_argument("--scope", action="append", metavar="DEPT_PATH", help="replace its departments (repeatable)")
    s.add_argument("--dry-run", action="store_true")
    m = add_parser(asub, common, "remove", "remove an administrator (on a secured server its database login is "
                   "disabled and its sessions end; `changes undo` brings both back)", _remove)
    m.add_argument("name")
    m.add_argument("--dry-run", action="store_true")
    add_parser(asub, common, "list", "list administrators", _list)
    r = add_parser(asub, common, "reset-password", "reset an administrator's password", _reset)
    r.add_argument("name")
    r.add_argument("--password-stdin", action="store_true")
    r.add_argument("--recover", action="store_true",
                   help="when no super admin can log in: reset with the database's own credentials (audited)")
    u = add_parser(asub, common, "unlock", "unlock an administrator locked after wrong passwords", _unlock)
    u.add_argument("name")
    add_parser(asub, common, "locked", "administrators locked after wrong passwords", _locked)


def _permissions(text: str) -> list[str]:
    """`directory,apps` → its items; `none` (or nothing) → no permission."""
    items = [x.strip() for x in text.split(",") if x.strip()]
    return [] if items == ["none"] else items


def _add(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password()
    svc = AdminService(ctx.uow)
    actor = None if svc.count() == 0 else ctx.console.actor
    cs = svc.add(actor, args.name, args.role, password or "", args.scope, args.permissions)
    return _done(ctx, cs, args.name)


def _set(ctx: Context, args: argparse.Namespace) -> int:
    if args.permissions is None and args.scope is None and args.role is None:
        raise YouduError("usage", detail="give --role, --permissions and/or --scope")
    cs = AdminService(ctx.uow).plan_set(ctx.console.actor, args.name, permissions=args.permissions,
                                        scope_paths=args.scope, role=args.role)
    return finish(ctx, cs, args.dry_run)


def _remove(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, AdminService(ctx.uow).plan_remove(ctx.console.actor, args.name), args.dry_run)


def _done(ctx: Context, cs: Any, name: str) -> int:
    ctx.out.emit(cs.to_dict(lang=ctx.lang), ctx.out.t(f"已添加管理员 {name}", f"Administrator {name} added"))
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = AdminService(ctx.uow).list(ctx.console.actor)
    if not ctx.out.as_json:  # the manual's words for people; JSON keeps the codes for scripts
        rows = [{**r, "role": presentation.role_name(r["role"], ctx.out.lang),
                 "permissions": presentation.admin_permissions_text(r["permissions"], ctx.out.lang)
                 if r["permissions"] is not None else ""} for r in rows]
    ctx.out.table(rows, [("name", "管理员", "Name"), ("role", "角色", "Role"), ("scope", "管辖部门", "Scope"),
                         ("permissions", "权限", "Permissions")])
    return 0


def _proves_ownership(ctx: Context) -> bool:
    """--recover: the owner's credentials on a server (a URL naming a user that is no console login), or
    write access to the SQLite file. With no credentials, or as a console login, it is refused."""
    url = ctx.url
    if store_db._sqlite_path(url) is not None:
        path = store_db._sqlite_path(url)
        return path is not None and path.exists() and os.access(path, os.W_OK)
    if security.needs_console_login(url) or not security.is_server(url):
        return False
    with ctx.uow.read() as conn:
        return security.is_owner_session(conn)


def _reset(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password() or ""
    if args.recover:
        # Checked before the database is opened: without the owner's credentials nothing is touched.
        if not _proves_ownership(ctx):
            raise PermissionDenied("recover_needs_owner")
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):
            operator = "unknown"
        operator = f"{operator}@{socket.gethostname()}"
        cs = AdminService(ctx.uow).recover(args.name, password, operator=operator, owner=True)
    else:
        try:
            actor = ctx.console.actor
        except AuthenticationError:
            raise YouduError("login_required") from None
        cs = AdminService(ctx.uow).reset_password(actor, args.name, password)
    ctx.out.emit(cs.to_dict(lang=ctx.lang), ctx.out.t(f"已重置管理员 {args.name} 的密码", f"Password of {args.name} reset"))
    return 0


def _unlock(ctx: Context, args: argparse.Namespace) -> int:
    result = AdminService(ctx.uow).unlock(ctx.console.actor, args.name)
    ctx.out.emit(result, ctx.out.t(f"已解锁管理员 {args.name}", f"Administrator {args.name} unlocked"))
    return 0


def _locked(ctx: Context, args: argparse.Namespace) -> int:
    rows = AdminService(ctx.uow).locked(ctx.console.actor)
    ctx.out.table(rows, [("name", "管理员", "Name"), ("failures", "错误次数", "Failures"), ("locked_at", "锁定时间", "Locked at")])
    return 0
