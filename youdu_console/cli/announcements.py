"""`announcement …`: 通知公告 (3.5.7) — send, list, show, pin/unpin, recall, read status and categories."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish, read_text
from youdu_console.cli.context import Context
from youdu_console.domain.errors import YouduError

COMMANDS = ("announcement",)  # the command words this group registers (cli/main.py reads them)
STATUS_WORDS = {"recalled": ("已撤回", "recalled"), "all_read": ("全部已读", "all read"),
                "none_read": ("全部未读", "none read")}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("announcement", parents=[common], help="announcements to members (通知公告, 3.5.7)")
    g = p.add_subparsers(dest="announcement_command", metavar="ACTION", required=True)
    s = add_parser(g, common, "send", "send an announcement to members, departments (with their sub-departments) "
                                      "or everyone", _send)
    s.add_argument("--title", required=True)
    s.add_argument("--body", help="the text (or --body-file, or stdin when neither is given)")
    s.add_argument("--body-file", metavar="FILE", help="read the text from FILE (UTF-8)")
    s.add_argument("--category", metavar="NAME", help="an announcement category (default: none)")
    s.add_argument("--member", action="append", default=[], metavar="ACCOUNT")
    s.add_argument("--dept", action="append", default=[], metavar="PATH", help="a department and its subtree")
    s.add_argument("--all", action="store_true", dest="everyone", help="every member")
    add_dry_run(s)
    ls = add_parser(g, common, "list", "announcements, pinned first, then the newest", _list)
    ls.add_argument("--category", metavar="NAME", help="only this category's (所有公告: all)")
    sh = add_parser(g, common, "show", "one announcement with its audience and read counts", _show)
    sh.add_argument("id", type=int)
    for name, handler, text in (("pin", _pin, "设为置顶: pin to the top of members' lists"),
                                ("unpin", _unpin, "取消置顶: unpin"),
                                ("recall", _recall, "撤回: members' clients no longer show it")):
        a = add_parser(g, common, name, text, handler)
        a.add_argument("id", type=int)
        add_dry_run(a)
    rs = add_parser(g, common, "read-status", "who read it and when (共N人 未读M人)", _read_status)
    rs.add_argument("id", type=int)
    rs.add_argument("--unread", action="store_true", help="only the recipients who have not read it")
    c = add_parser(g, common, "category", "announcement categories (list without ACTION)", _categories)
    c.add_argument("action", nargs="?", choices=("list", "add", "rename", "delete"), default="list")
    c.add_argument("name", nargs="?")
    c.add_argument("new_name", nargs="?", help="rename: the new name")
    add_dry_run(c)


def _send(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.announcements.plan_send(args.title, read_text(args.body, args.body_file, "--body or --body-file"), category=args.category, members=args.member,
                                             departments=args.dept, everyone=args.everyone)
    return finish(ctx, cs, args.dry_run)


def status_text(ctx: Context, data: dict[str, Any]) -> str:
    """The manual's 状态 column: 共51人 未读50人, 全部已读, 共9人 全部未读, 已撤回."""
    t = ctx.out.t
    words = STATUS_WORDS.get(data["status"])
    if data["status"] == "none_read":
        assert words is not None
        return t(f"共{data['recipients']}人 {words[0]}", f"{data['recipients']} people, {words[1]}")
    if words is not None:
        return t(*words)
    return t(f"共{data['recipients']}人 未读{data['unread']}人", f"{data['recipients']} people, {data['unread']} unread")


def _list(ctx: Context, args: argparse.Namespace) -> int:
    views = ctx.console.announcements.list_announcements(args.category)
    rows = [{**v.to_json(), "state": status_text(ctx, v.to_json()),
             "shown_title": (ctx.out.t("【置顶】", "[pinned] ") if v.pinned else "") + v.title} for v in views]
    if ctx.out.as_json:
        ctx.out.emit([v.to_json() for v in views])
        return 0
    ctx.out.table(rows, [("id", "编号", "No."), ("category", "分类", "Category"), ("shown_title", "公告标题", "Title"),
                         ("sender", "发送人", "Sender"), ("sent_at", "发送时间", "Sent"), ("state", "状态", "Status")])
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    view = ctx.console.announcements.get(args.id)
    data = view.to_json()
    t = ctx.out.t
    audience = t("全体成员", "everyone") if view.everyone else "、".join([*view.departments, *view.members])
    lines = [f"#{view.id}  {view.title}" + (t("  【置顶】", "  [pinned]") if view.pinned else ""),
             f"{t('分类', 'Category')}: {view.category or '-'}",
             f"{t('发送人', 'Sender')}: {view.sender}   {t('发送时间', 'Sent')}: {view.sent_at}",
             f"{t('发送范围', 'Audience')}: {audience}",
             f"{t('状态', 'Status')}: {status_text(ctx, data)}", "", view.body]
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _pin(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.announcements.plan_pin(args.id, True), args.dry_run)


def _unpin(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.announcements.plan_pin(args.id, False), args.dry_run)


def _recall(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.announcements.plan_recall(args.id), args.dry_run)


def _read_status(ctx: Context, args: argparse.Namespace) -> int:
    service = ctx.console.announcements
    view = service.get(args.id)
    readers = service.read_status(args.id, unread_only=args.unread)
    data = {"id": view.id, "title": view.title, "recipients": view.recipients, "read": view.read,
            "unread": view.unread, "status": view.status, "members": [r.to_json() for r in readers]}
    if ctx.out.as_json:
        ctx.out.emit(data)
        return 0
    t = ctx.out.t
    lines = [f"#{view.id}  {view.title}: {status_text(ctx, view.to_json())}"]
    lines += [f"  {r.account}  {r.name}  {r.read_at or t('未读', 'unread')}" for r in readers]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _categories(ctx: Context, args: argparse.Namespace) -> int:
    service = ctx.console.announcements
    if args.action == "list":
        ctx.out.table([c.to_json() for c in service.categories()],
                      [("name", "公告分类", "Category"), ("count", "公告数", "Announcements")])
        return 0
    if not args.name or (args.action == "rename") != bool(args.new_name):
        raise YouduError("usage", detail="category add|delete NAME, category rename NAME NEW_NAME")
    if args.action == "add":
        cs = service.plan_add_category(args.name)
    elif args.action == "rename":
        cs = service.plan_rename_category(args.name, args.new_name)
    else:
        cs = service.plan_delete_category(args.name)
    return finish(ctx, cs, args.dry_run)
