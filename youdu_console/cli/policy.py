"""`policy …`: the questions an IM server asks the policy engine (no administrator login needed)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.policy.groups import can_create_group

COMMANDS = ("policy",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("policy", parents=[common], help="ask the policy engine (as an IM server would)")
    q = p.add_subparsers(dest="policy_command", metavar="QUESTION", required=True)
    c = add_parser(q, common, "can-create-group", "may ACCOUNT create a discussion group (讨论组)?", _can_create_group)
    c.add_argument("account")
    c.add_argument("--size", type=int, metavar="N", help="also check a group of N people against the size limit")
    a = add_parser(q, common, "apps-for", "the apps ACCOUNT's work portal shows (the union of its templates)",
                   _apps_for)
    a.add_argument("account")
    a.add_argument("--terminal", choices=("desktop", "mobile"))


def _apps_for(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.cli.apps import apps_for

    return apps_for(ctx, args)


def _can_create_group(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.uow.read() as conn:
        answer = can_create_group(conn, args.account, size=args.size)
    ctx.out.emit(answer.to_json(), f"{'OK' if answer.allowed else ctx.out.t('拒绝', 'refused')}: {answer.reason}")
    return 0 if answer.allowed else 1
