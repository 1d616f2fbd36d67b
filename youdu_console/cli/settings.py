"""`settings list | get | set`."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.domain.settings import get_setting

COMMANDS = ("settings",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("settings", parents=[common], help="enterprise settings (我的企业)")
    s = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    ls = add_parser(s, common, "list", "settings with their values", _list)
    ls.add_argument("--section", help="manual section (5.3.4), page (通讯录管理) or key prefix (security)")
    g = add_parser(s, common, "get", "one setting's value", _get)
    g.add_argument("key")
    st = add_parser(s, common, "set", "change a setting", _set)
    st.add_argument("key")
    st.add_argument("value")
    st.add_argument("--dry-run", action="store_true")
    tm = add_parser(s, common, "test-mail", "send a test mail through the SMTP settings (5.5 配置邮箱服务); "
                                            "the password comes from the keyring (secrets set smtp:SERVER)", _test_mail)
    tm.add_argument("to", metavar="TO")


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.console.settings.list(args.section, ctx.lang)
    ctx.out.table(rows, [("key", "设置项", "Key"), ("value", "值", "Value"), ("label", "说明", "Label"),
                         ("section", "章节", "Section")])
    return 0


def _get(ctx: Context, args: argparse.Namespace) -> int:
    setting = get_setting(args.key)
    value = ctx.console.settings.read(args.key)[args.key]
    ctx.out.emit({"key": setting.key, "value": value, "default": setting.default, "type": setting.type,
                  "label": setting.label(ctx.lang), "section": setting.section}, str(value))
    return 0


def _set(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.settings.plan_set({args.key: args.value})
    return finish(ctx, cs, args.dry_run)


def _test_mail(ctx: Context, args: argparse.Namespace) -> int:
    result = ctx.console.enterprise.send_test_mail(args.to)
    ctx.out.emit(result.to_dict(ctx.lang), result.message(ctx.lang))
    return 0
