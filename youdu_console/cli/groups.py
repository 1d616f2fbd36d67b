"""`group …`: fixed groups and department groups (群管理), per spec/CLI.md."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context

GROUP_COLUMNS = [("gid", "群 gid", "gid"), ("name", "群名称", "Name"), ("kind", "类型", "Kind"),
                 ("department", "部门", "Department"), ("owner", "群主", "Owner"),
                 ("member_count", "人数", "Members"), ("space_limit", "群空间", "Space")]


COMMANDS = ("group",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("group", parents=[common], help="fixed groups and department groups (群管理)")
    g = p.add_subparsers(dest="group_command", metavar="ACTION", required=True)
    a = add_parser(g, common, "add", "a fixed group, or with --dept a department group", _add)
    a.add_argument("name")
    a.add_argument("--owner", metavar="ACCOUNT")
    a.add_argument("--member", action="append", default=[], metavar="ACCOUNT")
    a.add_argument("--admin", action="append", default=[], metavar="ACCOUNT")
    a.add_argument("--dept", metavar="PATH", help="a department group: its members follow the department")
    a.add_argument("--recursive", action="store_true", help="with --dept: sub-departments' members too")
    add_dry_run(a)
    r = add_parser(g, common, "rename", "rename a group", _rename)
    r.add_argument("group")
    r.add_argument("new_name")
    add_dry_run(r)
    d = add_parser(g, common, "delete", "delete a group", _delete)
    d.add_argument("group")
    add_dry_run(d)
    for name, handler, what in (("members", _members, "members"), ("admins", _admins, "group administrators")):
        m = add_parser(g, common, name, f"add or remove {what} (lists them without --add/--remove)", handler)
        m.add_argument("group")
        m.add_argument("--add", action="append", default=[], metavar="ACCOUNT")
        m.add_argument("--remove", action="append", default=[], metavar="ACCOUNT")
        add_dry_run(m)
    ls = add_parser(g, common, "list", "groups (those ACCOUNT belongs to with --member)", _list)
    ls.add_argument("--member", metavar="ACCOUNT")
    ls.add_argument("--search", metavar="TEXT", help="groups whose name contains TEXT")
    sh = add_parser(g, common, "show", "one group with its members and admins", _show)
    sh.add_argument("group")
    x = add_parser(g, common, "export", "a group's members to an Excel file (the import template's columns)",
                   _export)
    x.add_argument("group")
    x.add_argument("file")


def _add(ctx: Context, args: argparse.Namespace) -> int:
    groups = ctx.console.groups
    if args.dept is not None:
        cs = groups.plan_add_department(args.dept, recursive=args.recursive, name=args.name)
    else:
        cs = groups.plan_add(args.name, owner=args.owner, members=args.member, admins=args.admin)
    return finish(ctx, cs, args.dry_run)


def _rename(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.groups.plan_rename(args.group, args.new_name), args.dry_run)


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.groups.plan_delete(args.group), args.dry_run)


def _members(ctx: Context, args: argparse.Namespace) -> int:
    groups = ctx.console.groups
    if not args.add and not args.remove:
        rows = [{"account": m.account, "name": m.name, "status": m.status, "admin": m.admin, "owner": m.owner}
                for m in groups.members(args.group)]
        ctx.out.table(rows, [("account", "帐号", "Account"), ("name", "姓名", "Name"), ("status", "状态", "Status"),
                             ("admin", "群管理员", "Admin"), ("owner", "群主", "Owner")])
        return 0
    return finish(ctx, groups.plan_members(args.group, add=args.add, remove=args.remove), args.dry_run)


def _admins(ctx: Context, args: argparse.Namespace) -> int:
    groups = ctx.console.groups
    if not args.add and not args.remove:
        view = groups.get(args.group)
        ctx.out.emit(list(view.admins), "\n".join(view.admins) or ctx.out.t("（无）", "(none)"))
        return 0
    return finish(ctx, groups.plan_admins(args.group, add=args.add, remove=args.remove), args.dry_run)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    views = ctx.console.groups.list_groups(member=args.member, search=args.search, with_members=ctx.out.as_json)
    ctx.out.table([v.to_json() for v in views], GROUP_COLUMNS)
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    view = ctx.console.groups.get(args.group)
    data = view.to_json()
    t = ctx.out.t
    kind = t("部门群", "department group") if view.kind == "department" else t("固定群", "fixed group")
    lines = [f"{view.name}  [{kind}]  gid {view.gid}",
             f"{t('部门', 'Department')}: {view.department or '-'}{' (+)' if view.recursive else ''}",
             f"{t('群主', 'Owner')}: {view.owner or '-'}",
             f"{t('群管理员', 'Admins')}: {', '.join(view.admins) or '-'}",
             f"{t('成员', 'Members')} ({view.member_count}): {', '.join(view.members[:50])}"
             + (" …" if view.member_count > 50 else ""),
             f"{t('群空间容量', 'Group space')}: {view.space_limit}"]
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _export(ctx: Context, args: argparse.Namespace) -> int:
    result = ctx.console.groups.export_excel(args.group, args.file)
    ctx.out.emit(result, ctx.out.t(f"已导出 {result['members']} 名成员到 {result['file']}",
                                   f"Exported {result['members']} members to {result['file']}"))
    return 0
