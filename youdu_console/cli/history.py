"""`changes list | show | undo` and `audit list | verify`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from youdu_console.cli.common import add_parser, add_summary, finish, show_change_set
from youdu_console.cli.context import Context
from youdu_console.domain.errors import YouduError
from youdu_console.services import audit, changes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("changes", parents=[common], help="change sets: list, show, undo")
    c = p.add_subparsers(dest="changes_command", metavar="ACTION", required=True)
    ls = add_parser(c, common, "list", "recent change sets", _list)
    ls.add_argument("--limit", type=int, default=100)
    sh = add_parser(c, common, "show", "one change set with its operations", _show)
    sh.add_argument("id", type=int)
    add_summary(sh)
    u = add_parser(c, common, "undo", "undo a change set (its inverse is itself a change set)", _undo)
    u.add_argument("id", type=int)
    u.add_argument("--dry-run", action="store_true")
    add_summary(u)

    p = sub.add_parser("audit", parents=[common], help="the hash-chained audit log")
    a = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    al = add_parser(a, common, "list", "audit entries, newest first", _audit_list)
    al.add_argument("--since", metavar="ISO_TIME")
    al.add_argument("--limit", type=int, default=1000)
    add_parser(a, common, "verify", "check the hash chain", _audit_verify)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = changes.list_changes(ctx.uow, ctx.console.actor, args.limit, ctx.lang)
    for r in rows:
        s = r["summary"]
        r["counts"] = f"+{s['added']} ~{s['updated']} →{s['moved']} ⇢{s['resigned']} -{s['deleted']}"
    ctx.out.table(rows, [("id", "编号", "ID"), ("created_at", "时间", "Time"), ("actor", "操作人", "Actor"),
                         ("kind", "类型", "Kind"), ("counts", "变更", "Changes"), ("undone_by", "已撤销于", "Undone by"),
                         ("description", "说明", "Description")])
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    cs = changes.get(ctx.uow, ctx.console.actor, args.id)
    title = ctx.out.t(f"变更集 #{cs.id}（{cs.actor}，{cs.created_at:%Y-%m-%d %H:%M:%S}）",
                      f"Change set #{cs.id} ({cs.actor}, {cs.created_at:%Y-%m-%d %H:%M:%S})") if cs.created_at else None
    show_change_set(ctx, cs, title=title)
    return 0


def _undo(ctx: Context, args: argparse.Namespace) -> int:
    cs = changes.plan_undo(ctx.uow, ctx.console.actor, args.id)
    return finish(ctx, cs, args.dry_run)


def _audit_list(ctx: Context, args: argparse.Namespace) -> int:
    ctx.console.actor.require("audit.read")
    since = None
    if args.since:
        try:
            since = dt.datetime.fromisoformat(args.since.replace("Z", "+00:00"))
        except ValueError:
            raise YouduError("usage", detail=f"--since {args.since}") from None
        if since.tzinfo is not None:
            since = since.astimezone(dt.UTC).replace(tzinfo=None)
    rows = audit.list_entries(ctx.uow, since, args.limit)
    ctx.out.table(rows, [("id", "编号", "ID"), ("at", "时间", "Time"), ("actor", "操作人", "Actor"),
                         ("action", "操作", "Action"), ("target", "对象", "Target")])
    return 0


def _audit_verify(ctx: Context, args: argparse.Namespace) -> int:
    ctx.console.actor.require("audit.read")
    result = audit.verify(ctx.uow)
    text = (ctx.out.t(f"审计日志完整（{result['entries']} 条）", f"Audit log intact ({result['entries']} entries)")
            if result["ok"] else ctx.out.t(f"审计日志被篡改：第一个异常条目 #{result['first_bad']}",
                                            f"Audit log tampered: first bad entry #{result['first_bad']}"))
    ctx.out.emit(result, text)
    return 0 if result["ok"] else 1
