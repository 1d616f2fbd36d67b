"""`sensitive-words set | list`: 敏感信息保护 (manual 5.6.2) over the declared settings sensitive.words,
sensitive.mode and sensitive.enabled — one settings change set, undoable like any `settings set`."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context

COMMANDS = ("sensitive-words",)  # the command words this group registers (cli/main.py reads them)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sensitive-words", parents=[common], help="sensitive words (敏感信息保护, 5.6.2)")
    s = p.add_subparsers(dest="sensitive_command", metavar="ACTION", required=True)
    st = add_parser(s, common, "set", "replace the word list, set the treatment and turn the protection on", _set)
    st.add_argument("words", nargs="+", metavar="WORD")
    st.add_argument("--action", required=True, choices=("mask", "block"),
                    help="mask: 显示星号 (the words are shown as *); block: 消息拦截 (the message is not sent)")
    add_dry_run(st)
    add_parser(s, common, "list", "the protection's state, treatment and words", _list)


def _set(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.settings.plan_set({"sensitive.words": list(args.words), "sensitive.mode": args.action,
                                       "sensitive.enabled": True})
    return finish(ctx, cs, args.dry_run)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    values = ctx.console.settings.read("sensitive.enabled", "sensitive.mode", "sensitive.words")
    data = {"enabled": bool(values["sensitive.enabled"]), "action": values["sensitive.mode"],
            "words": list(values["sensitive.words"])}
    state = ctx.out.t("开启" if data["enabled"] else "关闭", "on" if data["enabled"] else "off")
    ctx.out.emit(data, ctx.out.t(f"敏感信息保护：{state}，处理方式：{data['action']}\n敏感词：{'、'.join(data['words'])}",
                                 f"Sensitive-word protection: {state}, treatment: {data['action']}\n"
                                 f"Words: {', '.join(data['words'])}"))
    return 0
