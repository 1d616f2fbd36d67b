"""`feedback list|show|export|delete`: members' feedback (意见反馈, manual 4.8) sent through the policy API."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context

COMMANDS = ("feedback",)  # the command words this group registers (cli/main.py reads them)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", metavar="TIME", help="submitted at or after (YYYY-MM-DD [HH:MM], UTC)")
    p.add_argument("--until", metavar="TIME", help="submitted at or before (a date: the whole day)")
    p.add_argument("--submitter", metavar="TEXT", help="the submitter's account or name (a part of either)")
    p.add_argument("--department", metavar="PATH", help="from members of this department or below (提交人部门)")
    p.add_argument("--limit", type=int, default=1000)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("feedback", parents=[common], help="members' feedback from the client (意见反馈)")
    g = p.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    _filters(add_parser(g, common, "list", "feedback, newest first", _list))
    sh = add_parser(g, common, "show", "one feedback in full", _show)
    sh.add_argument("id", type=int)
    sh.add_argument("--save-files", metavar="DIR", help="also write its attachments and client log into DIR")
    ex = add_parser(g, common, "export", "the listed feedback into an .xlsx", _export)
    ex.add_argument("file", help="the .xlsx to write")
    _filters(ex)
    d = add_parser(g, common, "delete", "delete feedback (a change set: --dry-run previews, undoable)", _delete)
    d.add_argument("ids", type=int, nargs="+", metavar="ID")
    add_dry_run(d)


def _service(ctx: Context) -> Any:
    from youdu_console.services.feedback import FeedbackService

    return FeedbackService(ctx.uow, ctx.console.actor)


def _views(ctx: Context, args: argparse.Namespace) -> list[Any]:
    return list(_service(ctx).list(since=args.since, until=args.until, submitter=args.submitter,
                                   department=args.department, limit=args.limit))


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = [f.to_json() for f in _views(ctx, args)]
    if not ctx.out.as_json:
        for r in rows:
            r["departments"] = ", ".join(r["departments"])
            r["attachments"] = len(r["attachments"])
    ctx.out.table(rows, [("id", "编号", "ID"), ("submitted_at", "提交时间", "Submitted"),
                         ("account", "提交人", "Account"), ("name", "姓名", "Name"),
                         ("departments", "提交人部门", "Departments"), ("category", "类别", "Category"),
                         ("attachments", "附件", "Attachments")])
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    service = _service(ctx)
    data = service.get(args.id).to_json()
    if args.save_files:
        data["saved"] = [str(p) for p in service.save_files(args.id, args.save_files)]
    t = ctx.out.t
    lines = [f"#{data['id']}  {data['submitted_at']}  {data['account']}（{data['name']}）",
             t("部门：", "Departments: ") + ", ".join(data["departments"]),
             t("类别：", "Category: ") + data["category"], "", data["description"], ""]
    lines += [t("附件：", "Attachment: ") + f"{a['name']} ({a['size']} B)" for a in data["attachments"]]
    lines.append(t("客户端日志：有", "Client log: yes") if data["has_log"] else t("客户端日志：无", "Client log: none"))
    lines += [t("已保存：", "Saved: ") + p for p in data.get("saved", [])]
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _export(ctx: Context, args: argparse.Namespace) -> int:
    service = _service(ctx)
    count = service.export(args.file, _views(ctx, args))
    ctx.out.emit({"file": args.file, "count": count},
                 ctx.out.t(f"已导出 {count} 条反馈到 {args.file}", f"Exported {count} feedback to {args.file}"))
    return 0


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, _service(ctx).plan_delete(args.ids), args.dry_run)
