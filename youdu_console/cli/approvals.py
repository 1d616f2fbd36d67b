"""`api approvals list|show|approve|reject`: server API requests held for approval (api.replaceall_approval)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser, show_change_set
from youdu_console.cli.context import Context

COMMANDS = ("api",)  # the command words this group registers (cli/main.py reads them)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("api", parents=[common], help="the server API's requests awaiting approval")
    g = p.add_subparsers(dest="api_command", metavar="TOPIC", required=True)
    a = g.add_parser("approvals", parents=[common], help="org/replaceall requests held for approval")
    q = a.add_subparsers(dest="approvals_command", metavar="ACTION", required=True)
    ls = add_parser(q, common, "list", "requests, newest first", _list)
    ls.add_argument("--status", choices=("pending", "applied", "rejected", "failed"))
    sh = add_parser(q, common, "show", "preview a request: its change set against the directory now", _show)
    sh.add_argument("id", type=int)
    sh.add_argument("--summary", action="store_true", help="counts only, without the operations")
    ap = add_parser(q, common, "approve", "plan the request again and apply it as one change set", _approve)
    ap.add_argument("id", type=int)
    ap.add_argument("--summary", action="store_true", help="counts only, without the operations")
    rj = add_parser(q, common, "reject", "discard the request", _reject)
    rj.add_argument("id", type=int)


def _service(ctx: Context) -> Any:
    from youdu_console.services.approvals import ApprovalService

    return ApprovalService(ctx.uow, ctx.console.actor)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = [a.to_json() for a in _service(ctx).list(args.status)]
    if not ctx.out.as_json:
        for r in rows:
            r["summary"] = ", ".join(f"{k} {v}" for k, v in r["summary"].items() if v)
    ctx.out.table(rows, [("id", "编号", "ID"), ("created_at", "时间", "Time"), ("app_id", "应用", "App"),
                         ("kind", "请求", "Request"), ("status", "状态", "Status"), ("summary", "摘要", "Summary"),
                         ("decided_by", "处理人", "Decided by")])
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.changes import complete

    cs = complete(ctx.uow, _service(ctx).plan(args.id))
    show_change_set(ctx, cs, dry_run=True)
    return 0


def _approve(ctx: Context, args: argparse.Namespace) -> int:
    cs = _service(ctx).approve(args.id)
    show_change_set(ctx, cs)
    return 1 if cs.errors else 0


def _reject(ctx: Context, args: argparse.Namespace) -> int:
    view = _service(ctx).reject(args.id)
    ctx.out.emit(view.to_json(), ctx.out.t(f"已拒绝请求 #{view.id}", f"Rejected request #{view.id}"))
    return 0
