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
        a.add_argument("name", help="the rule's name; for add also the kind itself (hide|restrict|forbid, "
                                    "the documented form), the rule then getting a generated name KIND-N"
                       if name == "add" else "the rule's name (or its id)")
        a.add_argument("--kind", choices=("hide", "restrict", "forbid"),
                       help="hide: 隐藏部门/成员; restrict: 限制查看外部门; forbid: 禁止查看所有人")
        _targets(a, "", "whom the rule names (hidden ones for hide, limited viewers otherwise)")
        _targets(a, "whitelist-", "a viewer the rule does not apply to")
        _targets(a, "extra-", "restrict: an extra department or member they may see")
        a.add_argument("--except", dest="except_", action="append", metavar="ACCOUNT|PATH",
                       help="a viewer the rule does not apply to: a member's account if one exists, else a "
                            "department path (repeat for more)")
        a.add_argument("--also-visible", action="append", metavar="ACCOUNT|PATH",
                       help="restrict only: an extra member (account) or department (path) they may see")
        if name == "update":
            a.add_argument("--rename", metavar="NAME")
        add_dry_run(a)
    for word, help_text in (("delete", "delete rules"), ("remove", "remove rules by id (visibility list) or name")):
        d = add_parser(v, common, word, help_text, _delete)
        d.add_argument("names", nargs="+", metavar="ID|NAME")
        add_dry_run(d)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rules = ctx.console.visibility.rules()
    rows = [{"id": r.id, **r.to_json()} for r in rules]  # the id `visibility remove ID` takes
    if ctx.out.as_json:
        ctx.out.emit(rows)
        return 0

    def show(part: dict[str, list[str]]) -> str:
        return ", ".join([*part["departments"], *part["members"]])

    ctx.out.table([{"id": r["id"], "name": r["name"], "kind": r["kind"], "subjects": show(r["subjects"]),
                    "whitelist": show(r["whitelist"]), "extra": show(r["extra"])} for r in rows],
                  [("id", "编号", "ID"), ("name", "规则", "Rule"), ("kind", "类型", "Kind"), ("subjects", "部门/成员", "Departments/members"),
                   ("whitelist", "白名单", "Whitelist"), ("extra", "额外可见", "Extra visible")])
    return 0


def _given(ctx: Context, args: argparse.Namespace, prefix: str, mixed: str | None = None) -> Any:
    from youdu_console.services.visibility import Targets

    depts, members = getattr(args, f"{prefix}dept"), getattr(args, f"{prefix}member")
    values = getattr(args, mixed) if mixed else None
    if depts is None and members is None and values is None:
        return None
    resolved = ctx.console.visibility.resolve(values) if values else Targets()
    return Targets((*(depts or ()), *resolved.depts), (*(members or ()), *resolved.members))


def _add(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.domain.errors import UsageError
    from youdu_console.services.visibility import Targets

    service = ctx.console.visibility
    name, kind = args.name, args.kind
    if kind is None:
        if name.strip().lower() not in ("hide", "restrict", "forbid"):
            raise UsageError("visibility_kind_required")
        kind = name.strip().lower()
        name = service.generated_name(kind)
    cs = service.plan_add(name, kind, _given(ctx, args, "") or Targets(),
                          _given(ctx, args, "whitelist_", "except_") or Targets(),
                          _given(ctx, args, "extra_", "also_visible") or Targets())
    return finish(ctx, cs, args.dry_run)


def _update(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.visibility.plan_update(args.name, args.kind, _given(ctx, args, ""),
                                            _given(ctx, args, "whitelist_", "except_"),
                                            _given(ctx, args, "extra_", "also_visible"), new_name=args.rename)
    return finish(ctx, cs, args.dry_run)


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.visibility.plan_delete(args.names), args.dry_run)
