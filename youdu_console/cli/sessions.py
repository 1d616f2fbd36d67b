"""`session start|end|list` and `online list`: the client sessions the IM server reports through the policy
API (session/start, session/end) — the same answers from the command line (在线状态)."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.settings import DEVICES

COMMANDS = ("session", "online")  # the command words this group registers (cli/main.py reads them)
COLUMNS = [("session_id", "会话", "Session"), ("account", "帐号", "Account"), ("device", "设备", "Device"),
           ("address", "地址", "Address"), ("started_at", "开始", "Started"), ("ended_at", "结束", "Ended"),
           ("state", "状态", "State")]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("session", parents=[common], help="client sessions reported by the IM server (online status)")
    g = p.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    st = add_parser(g, common, "start", "a member's client session began (as session/start: the login rules apply)",
                    _start)
    st.add_argument("account")
    st.add_argument("--device", required=True, choices=DEVICES)
    st.add_argument("--ip", metavar="ADDRESS", help="the client's address")
    st.add_argument("--session-id", metavar="ID", help="the IM server's id of the session (default: a new one)")
    en = add_parser(g, common, "end", "the member's open sessions on that device end (or --session-id ID)", _end)
    en.add_argument("account")
    en.add_argument("--device", required=True, choices=DEVICES)
    en.add_argument("--session-id", metavar="ID", help="end this session only (answers as session/end with it)")
    ls = add_parser(g, common, "list", "sessions, newest first", _list)
    ls.add_argument("--account", help="only this member's sessions")
    ls.add_argument("--online", action="store_true", help="only open sessions (members online now)")
    ls.add_argument("--limit", type=int, default=200)
    o = sub.add_parser("online", parents=[common], help="terminals online now (as reported by the IM server)")
    og = o.add_subparsers(dest="online_command", metavar="ACTION", required=True)
    ol = add_parser(og, common, "list", "open sessions, newest first (session list --online)", _list)
    ol.set_defaults(online=True, account=None)
    ol.add_argument("--limit", type=int, default=200)


def _rows(ctx: Context, rows: list[dict[str, Any]]) -> None:
    if not ctx.out.as_json:
        for r in rows:
            r["state"] = ctx.out.t("在线", "online") if r["online"] else ctx.out.t("已结束", "ended")
    ctx.out.table(rows, COLUMNS)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.sessions import list_sessions

    _rows(ctx, [s.to_json() for s in list_sessions(ctx.uow, ctx.console.actor, args.account, online=args.online,
                                                   limit=args.limit)])
    return 0


def _start(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.sessions import start

    sid = args.session_id or f"cli-{secrets.token_hex(8)}"
    answer = start(ctx.uow, "cli", sid, args.account, args.device, args.ip, actor=ctx.console.actor)
    if answer["ok"]:
        text = ctx.out.t(f"会话 {sid} 已开始：{args.account}", f"Session {sid} started: {args.account}")
    else:
        text = ctx.out.t(f"拒绝：{answer['reason']}", f"refused: {answer['reason']}")
    ctx.out.emit(answer, text)
    return 0 if answer["ok"] else 1


def _end(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.sessions import end, end_device

    if args.session_id:
        answer = end(ctx.uow, args.session_id, actor=ctx.console.actor)
        ctx.out.emit(answer, ctx.out.t(f"会话 {args.session_id} 已结束", f"Session {args.session_id} ended"))
        return 0
    answer = end_device(ctx.uow, args.account, args.device, actor=ctx.console.actor)
    n = len(answer["sessions"])
    ctx.out.emit(answer, ctx.out.t(f"已结束 {n} 个会话", f"{n} sessions ended"))
    return 0
