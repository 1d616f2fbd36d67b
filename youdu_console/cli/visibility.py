"""`visibility …`: the address book's visibility rules (可见性设置, manual 5.3.1)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context

COMMANDS = ("visibility",)  # the command words this group registers (cli/main.py reads them)


def _targets(p: argparse.ArgumentParser, prefix: str, what: str) -> None:
    p.add_argument(f"--{prefix}dept", action="append", metavar="PATH",
                   help=f"{what}: a department, with its sub-departments (repeat for more)")
    p.add_argument(f"--{prefix}member", action="append", metavar="ACCOUNT", help=f"{what}: a member (repeat for more)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("visibility", parents=[common], help="the address book's visibility rules (可见性设置)")
    v = p.add_subparsers(dest="visibility_command", metavar="ACTION", required=True)
    add_parser(v, common, "list", "the rules", _list)
    for name, handler, help_text in (("add", _add, "add a rule"), ("update", _update, "change a rule (what is "
                                                                                      "given replaces what it had)")):
        a = add_parser(v, common, name, help_text, handler)
        a.add_argument("name")
        a.add_argument("--kind", required=name == "add", choices=("hide", "restrict", "forbid"),
                       help="hide: 隐藏部门/成员; restrict: 限制查看外部门; forbid: 禁止查看所有人")
        _targets(a, "", "whom the rule names (hidden ones for hide, limited viewers otherwise)")
        _targets(a, "whitelist-", "a viewer the rule does not apply to")
        _targets(a, "extra-", "restrict: an extra department or member they may see")
        if name == "update":
            a.add_argument("--rename", metavar="NAME")
        add_dry_run(a)
    d = add_parser(v, common, "delete", "delete rules", _delete)
    d.add_argument("names", nargs="+", metavar="NAME")
    add_dry_run(d)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rules = ctx.console.visibility.rules()
    rows = [r.to_json() for r in rules]
    if ctx.out.as_json:
        ctx.out.emit(rows)
        return 0

    def show(part: dict[str, list[str]]) -> str:
        return ", ".join([*part["departments"], *part["members"]])

    ctx.out.table([{"name": r["name"], "kind": r["kind"], "subjects": show(r["subjects"]),
                    "whitelist": show(r["whitelist"]), "extra": show(r["extra"])} for r in rows],
                  [("name", "规则", "Rule"), ("kind", "类型", "Kind"), ("subjects", "部门/成员", "Departments/members"),
                   ("whitelist", "白名单", "Whitelist"), ("extra", "额外可见", "Extra visible")])
    return 0


def _given(args: argparse.Namespace, prefix: str) -> Any:
    from youdu_console.services.visibility import Targets

    depts, members = getattr(args, f"{prefix}dept"), getattr(args, f"{prefix}member")
    if depts is None and members is None:
        return None
    return Targets(tuple(depts or ()), tuple(members or ()))


def _add(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.visibility import Targets

    cs = ctx.console.visibility.plan_add(args.name, args.kind, _given(args, "") or Targets(),
                                         _given(args, "whitelist_") or Targets(), _given(args, "extra_") or Targets())
    return finish(ctx, cs, args.dry_run)


def _update(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.visibility.plan_update(args.name, args.kind, _given(args, ""), _given(args, "whitelist_"),
                                            _given(args, "extra_"), new_name=args.rename)
    return finish(ctx, cs, args.dry_run)


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.visibility.plan_delete(args.names), args.dry_run)
