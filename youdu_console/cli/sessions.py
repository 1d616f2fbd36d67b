"""`session list`: the client sessions the IM server reported through the policy API (在线状态)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context

COMMANDS = ("session",)  # the command words this group registers (cli/main.py reads them)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("session", parents=[common], help="client sessions reported by the IM server (online status)")
    g = p.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    ls = add_parser(g, common, "list", "sessions, newest first (session/start, session/end)", _list)
    ls.add_argument("--account", help="only this member's sessions")
    ls.add_argument("--online", action="store_true", help="only open sessions (members online now)")
    ls.add_argument("--limit", type=int, default=200)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.sessions import list_sessions

    rows = [s.to_json() for s in list_sessions(ctx.uow, ctx.console.actor, args.account, online=args.online,
                                               limit=args.limit)]
    if not ctx.out.as_json:
        for r in rows:
            r["state"] = ctx.out.t("在线", "online") if r["online"] else ctx.out.t("已结束", "ended")
    ctx.out.table(rows, [("session_id", "会话", "Session"), ("account", "帐号", "Account"),
                         ("device", "设备", "Device"), ("address", "地址", "Address"),
                         ("started_at", "开始", "Started"), ("ended_at", "结束", "Ended"),
                         ("state", "状态", "State")])
    return 0
