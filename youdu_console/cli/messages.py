"""`message send | list`: 管理工具 → 系统消息 (manual 4.1), a notice from the administrator to everyone or to
the members online, queued in the same outbox as the messages apps send (`sysmsg list`)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import UsageError

COMMANDS = ("message",)  # the command words this group registers (cli/main.py reads them)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("message", parents=[common], help="system messages (系统消息, 4.1)")
    m = p.add_subparsers(dest="message_command", metavar="ACTION", required=True)
    s = add_parser(m, common, "send", "send a system message as sysMsgAssistant (super administrators); implicit "
                                      "links in the content: [title|URL|ACTION], ACTION 1 adds the client's token",
                   _send)
    s.add_argument("--title", required=True, help="消息标题 (at most 190 characters)")
    s.add_argument("--content", required=True, help="消息内容 (at most 2000 characters)")
    to = s.add_mutually_exclusive_group()
    to.add_argument("--all", action="store_true", help="所有用户: everyone")
    to.add_argument("--online", action="store_true", help="在线用户: the members online")
    stay = s.add_mutually_exclusive_group()
    stay.add_argument("--display", type=int, metavar="SECONDS", help="the window stays this long (6 to 3600)")
    stay.add_argument("--persistent", action="store_true", help="the window stays until closed (不消失, the default)")
    s.add_argument("--dry-run", action="store_true", help="check and show the message without sending it")
    ls = add_parser(m, common, "list", "the outbox (every system message, the administrators' and the apps'), "
                                       "newest first", _list)
    ls.add_argument("--limit", type=int, default=100)


def _send(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.sysmsg import SystemMessageService

    if not (args.all or args.online):
        raise UsageError("sysmsg_recipients_usage")
    service = SystemMessageService(ctx.uow, ctx.console.actor)
    display = None if args.persistent else args.display
    message = service.compose(args.title, args.content, online_only=args.online, display=display)
    data: dict[str, Any] = {"id": None, "app_id": "sysMsgAssistant", "to_all": True, "online_only": message.online_only,
                            "title": message.title, "body": message.body, "status": "preview"}
    if not args.dry_run:
        data["id"] = service.send_admin(args.title, args.content, online_only=args.online, display=display)
        data["status"] = "queued"
    head = ctx.out.t("预览（未发送）", "Preview (not sent)") if args.dry_run else \
        ctx.out.t(f"已发送系统消息 #{data['id']}", f"Sent system message #{data['id']}")
    ctx.out.emit(data, f"{head}\n{message.preview(ctx.lang)}")
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.cli.api import _list as outbox

    return outbox(ctx, args)
