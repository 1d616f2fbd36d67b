"""`dept …` and `member …`: the address book from the command line."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.cli.queue import add_queue_flag, online_or_queued
from youdu_console.domain.errors import YouduError

MEMBER_COLUMNS = [("account", "帐号", "Account"), ("name", "姓名", "Name"), ("mobile", "手机", "Mobile"),
                  ("email", "邮箱", "E-mail"), ("position", "职务", "Position"), ("weight", "权重", "Weight"),
                  ("status", "状态", "Status"), ("departments", "部门", "Departments")]


COMMANDS = ("dept", "member")  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("dept", parents=[common], help="departments")
    d = p.add_subparsers(dest="dept_command", metavar="ACTION", required=True)
    a = add_parser(d, common, "add", "add a department", _dept_add)
    a.add_argument("path")
    a.add_argument("--parents", action="store_true", help="create missing parent departments")
    a.add_argument("--sort", default=0)
    a.add_argument("--alias")
    add_dry_run(a)
    r = add_parser(d, common, "rename", "rename a department", _dept_rename)
    r.add_argument("path")
    r.add_argument("new_name")
    add_dry_run(r)
    u = add_parser(d, common, "update", "change a department's sort value or alias", _dept_update)
    u.add_argument("path")
    u.add_argument("--sort")
    u.add_argument("--alias")
    add_dry_run(u)
    m = add_parser(d, common, "move", "move a department under another (\"/\" for the top level)", _dept_move)
    m.add_argument("path")
    m.add_argument("new_parent_path")
    add_dry_run(m)
    x = add_parser(d, common, "delete", "delete an empty department", _dept_delete)
    x.add_argument("path")
    x.add_argument("--group", choices=["keep", "delete"], default="keep",
                   help="its department group: keep it as a fixed group (default) or delete it")
    add_dry_run(x)
    ls = add_parser(d, common, "list", "list departments under PATH (all when omitted)", _dept_list)
    ls.add_argument("path", nargs="?")
    ls.add_argument("--tree", action="store_true")
    sh = add_parser(d, common, "show", "one department", _dept_show)
    sh.add_argument("path")

    p = sub.add_parser("member", parents=[common], help="members")
    s = p.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    a = add_parser(s, common, "add", "add a member", _member_add)
    a.add_argument("account")
    a.add_argument("--name", required=True)
    a.add_argument("--dept", required=True, action="append", metavar="PATH")
    _member_fields(a)
    a.add_argument("--password-stdin", action="store_true")
    add_dry_run(a)
    u = add_parser(s, common, "update", "change a member's fields", _member_update)
    u.add_argument("account")
    u.add_argument("--name")
    u.add_argument("--dept", action="append", metavar="PATH", help="replace the member's departments")
    _member_fields(u)
    add_dry_run(u)
    sh = add_parser(s, common, "show", "one member", _member_show)
    sh.add_argument("account")
    ls = add_parser(s, common, "list", "list members", _member_list)
    ls.add_argument("--dept", metavar="PATH")
    ls.add_argument("--recursive", action="store_true")
    ls.add_argument("--search", metavar="TEXT")
    ls.add_argument("--status", choices=["active", "resigned", "all"], default="active")
    ls.add_argument("--limit", type=int)
    mv = add_parser(s, common, "move", "move members to a department", _member_move)
    mv.add_argument("accounts", nargs="+", metavar="ACCOUNT")
    mv.add_argument("--to", required=True, metavar="PATH")
    add_dry_run(mv)
    for name, fn, text in (("resign", _member_resign, "move members to the resigned list"),
                           ("restore", _member_restore, "bring resigned members back"),
                           ("delete", _member_delete, "delete resigned members")):
        c = add_parser(s, common, name, text, fn)
        c.add_argument("accounts", nargs="+", metavar="ACCOUNT")
        add_dry_run(c)
    sp = add_parser(s, common, "set-password", "set a member's password (policy enforced; must change at next login)",
                    _member_set_password)
    sp.add_argument("account")
    sp.add_argument("--password-stdin", action="store_true")
    sp.add_argument("--no-force-change", action="store_true", help="do not require a change at the next login")
    add_dry_run(sp)
    add_queue_flag(sp)
    cf = add_parser(s, common, "confidential", "hide mobile / phone / e-mail from other members", _member_confidential)
    cf.add_argument("accounts", nargs="+", metavar="ACCOUNT")
    for f in ("mobile", "phone", "email"):
        cf.add_argument(f"--{f}", choices=["on", "off"])
    add_dry_run(cf)


def _member_fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gender", choices=["male", "female", "unknown"])
    p.add_argument("--mobile")
    p.add_argument("--phone")
    p.add_argument("--short-number")
    p.add_argument("--email")
    p.add_argument("--position")
    p.add_argument("--weight")
    p.add_argument("--attr", action="append", default=[], metavar="NAME=VALUE",
                   help="custom field (5.3.2), e.g. --attr 工龄=5; an empty value removes it")


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    out = {k: getattr(args, k) for k in ("gender", "mobile", "phone", "short_number", "email", "position", "weight")}
    if out.get("gender") == "unknown":
        out["gender"] = ""
    attributes = {}
    for item in args.attr:
        name, sep, value = item.partition("=")
        if not sep:
            raise YouduError("usage", detail=f"--attr {item}: expected NAME=VALUE")
        attributes[name] = value
    if attributes:
        out["attributes"] = attributes
    return out


# ---------------------------------------------------------------- departments
def _dept_add(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.directory.plan_add_department(args.path, parents=args.parents, sort=args.sort, alias=args.alias)
    return finish(ctx, cs, args.dry_run)


def _dept_rename(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_rename_department(args.path, args.new_name), args.dry_run)


def _dept_update(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.directory.plan_update_department(args.path, sort=args.sort, alias=args.alias)
    return finish(ctx, cs, args.dry_run)


def _dept_move(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_move_department(args.path, args.new_parent_path), args.dry_run)


def _dept_delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.groups.plan_delete_department(args.path, group=args.group), args.dry_run)


def _dept_list(ctx: Context, args: argparse.Namespace) -> int:
    depts = ctx.console.directory.list_departments(args.path, tree_view=args.tree)
    if args.tree:
        data = [d.to_json(nested=True) for d in depts]
        if ctx.out.as_json:
            deepest = _deepest(data)
            if deepest > JSON_TREE_MAX_DEPTH:
                # JSON encoders nest by recursion (orjson stops at 254 levels, two per department); the flat
                # list carries every department's path and parent instead.
                raise YouduError("dept_tree_too_deep", depth=deepest, max=JSON_TREE_MAX_DEPTH)
            ctx.out.emit(data)
        else:
            lines: list[str] = []
            stack: list[tuple[dict[str, Any], int]] = [(n, 0) for n in reversed(data)]
            while stack:  # iterative: no depth limit
                node, depth = stack.pop()
                lines.append(f"{'  ' * depth}{node['name']}({node['member_count']})")
                stack.extend((c, depth + 1) for c in reversed(node["children"]))
            print("\n".join(lines) or ctx.out.t("（无）", "(none)"))
        return 0
    ctx.out.table([d.to_json() for d in depts], [("path", "部门", "Department"), ("member_count", "成员", "Members"),
                                                 ("sort", "排序", "Sort"), ("alias", "别名", "Alias")])
    return 0


JSON_TREE_MAX_DEPTH = 100  # the largest directory.max_depth a setting allows


def _deepest(nodes: list[dict[str, Any]]) -> int:
    best = 0
    stack = [(n, 1) for n in nodes]
    while stack:
        node, depth = stack.pop()
        best = max(best, depth)
        stack.extend((c, depth + 1) for c in node["children"])
    return best


def _dept_show(ctx: Context, args: argparse.Namespace) -> int:
    ctx.out.record(ctx.console.directory.get_department(args.path).to_json())
    return 0


# ---------------------------------------------------------------- members
def _member_add(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=False)
    cs = ctx.console.directory.plan_add_member(args.account, name=args.name, departments=args.dept,
                                               password=password, **_fields(args))
    return finish(ctx, cs, args.dry_run)


def _member_update(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.directory.plan_update_member(args.account, departments=args.dept, name=args.name, **_fields(args))
    return finish(ctx, cs, args.dry_run)


def _member_show(ctx: Context, args: argparse.Namespace) -> int:
    # Its common case is answered by cli/quick.py before this runs (same view, same output, no SQLAlchemy).
    ctx.out.record(ctx.console.directory.get_member(args.account).to_json())
    return 0


def _member_list(ctx: Context, args: argparse.Namespace) -> int:
    members = ctx.console.directory.list_members(args.dept, recursive=args.recursive, search=args.search,
                                                 status=args.status, limit=args.limit)
    ctx.out.table([m.to_json() for m in members], MEMBER_COLUMNS)
    return 0


def _member_move(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_move_members(args.accounts, args.to), args.dry_run)


def _member_resign(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_resign(args.accounts), args.dry_run)


def _member_restore(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_restore(args.accounts), args.dry_run)


def _member_delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.directory.plan_delete_members(args.accounts), args.dry_run)


def _member_confidential(ctx: Context, args: argparse.Namespace) -> int:
    changes = {f: getattr(args, f) == "on" for f in ("mobile", "phone", "email") if getattr(args, f)}
    return finish(ctx, ctx.console.directory.plan_confidential(args.accounts, changes), args.dry_run)


def _member_set_password(ctx: Context, args: argparse.Namespace) -> int:

    password = ctx.read_password() or ""
    force = not args.no_force_change

    def online() -> int:
        return finish(ctx, ctx.console.access.plan_set_password(args.account, password, force_change=force),
                      args.dry_run)

    if args.queue_if_offline and args.dry_run:
        raise YouduError("usage", detail="--queue-if-offline and --dry-run exclude each other")
    return online_or_queued(ctx, online, lambda queue: [queue.queue_set_password(args.account, password,
                                                                                  force_change=force)])
