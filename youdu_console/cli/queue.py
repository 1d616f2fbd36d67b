"""`queue list | replay`: the helpdesk's offline queue, and `--queue-if-offline` for `lock unlock` and
`member set-password` (requests queued while the database is unreachable, replayed when it is back)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import AuthenticationError, DatabaseUnavailable
from youdu_console.domain.messages import render

COMMANDS = ("queue",)  # the command words this group registers (cli/main.py reads them)

OUTCOME_WORDS = {"applied": ("已执行", "applied"), "skipped": ("已跳过", "skipped"), "refused": ("已拒绝", "refused"),
                 "expired": ("已过期", "expired")}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("queue", parents=[common], help="the offline helpdesk queue (离线请求队列)")
    q = p.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    add_parser(q, common, "list", "queued requests, recent outcomes and the snapshot's age (works offline)", _list)
    add_parser(q, common, "replay", "apply the queued requests now that the database is reachable", _replay)


def add_queue_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--queue-if-offline", action="store_true",
                   help="when the database cannot be reached, queue the request (signed) to replay later")


def admin_name() -> str:
    """Who queues: the administrator named for this command (offline there is nobody to ask the server)."""
    name = os.environ.get("YOUDU_ADMIN")
    if not name:
        raise AuthenticationError("login_required")
    return name


def online_or_queued(ctx: Context, online: Callable[[], int], queue: Callable[[Any], list[dict[str, Any]]]) -> int:
    """Run the command; when the database is unreachable and --queue-if-offline was given, queue it instead."""
    try:
        return online()
    except DatabaseUnavailable:
        if not getattr(ctx.args, "queue_if_offline", False):
            raise
    from youdu_console.services.offline_queue import OfflineQueue

    queued = queue(OfflineQueue(ctx.url, admin_name()))
    accounts = ", ".join(r["account"] for r in queued)
    ctx.out.emit({"queued": queued}, ctx.out.t(f"数据库不可达，已排队 {len(queued)} 个请求：{accounts}",
                                               f"The database is unreachable; queued {len(queued)} request(s): {accounts}"))
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.offline_queue import OfflineQueue

    queue = OfflineQueue(ctx.url, admin_name())
    data: dict[str, Any] = {"snapshot": queue.snapshot_info(), "requests": queue.requests(),
            "outcomes": [_localized(ctx, o) for o in queue.outcomes()]}
    if ctx.out.as_json:
        ctx.out.emit(data)
        return 0
    snap = data["snapshot"]
    lines = [ctx.out.t(f"快照：{snap['taken_at']}（{int(snap['age_seconds'] // 60)} 分钟前），{snap['members']} 个成员",
                       f"Snapshot: {snap['taken_at']} ({int(snap['age_seconds'] // 60)} min old), {snap['members']} members")
             if snap else ctx.out.t("本机没有快照", "No snapshot on this computer")]
    lines.append(ctx.out.t(f"排队中的请求：{len(data['requests'])}", f"Queued requests: {len(data['requests'])}"))
    lines += [f"  {r['requested_at']} {r['kind']} {r['account']}" for r in data["requests"]]
    lines += [_outcome_line(ctx, o) for o in data["outcomes"][-20:]]
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _replay(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.offline_queue import replay

    results = [_localized(ctx, r) for r in replay(ctx.console, ctx.url)]
    ctx.out.emit(results, "\n".join([_outcome_line(ctx, r) for r in results]
                                    or [ctx.out.t("队列为空", "The queue is empty")]))
    return 1 if any(r["outcome"] == "refused" for r in results) else 0


def _localized(ctx: Context, result: dict[str, Any]) -> dict[str, Any]:
    if result.get("reason"):
        return {**result, "message": render(result["reason"], ctx.out.lang, result.get("params") or {})}
    return result


def _outcome_line(ctx: Context, r: dict[str, Any]) -> str:
    zh, en = OUTCOME_WORDS.get(r["outcome"], (r["outcome"], r["outcome"]))
    change = f" #{r['change_id']}" if r.get("change_id") else ""
    return (f"  {ctx.out.t(zh, en)}{change} {r['kind']} {r['account']} "
            f"({ctx.out.t('排队于', 'queued')} {r['requested_at']}, {ctx.out.t('执行于', 'replayed')} {r['replayed_at']})"
            + (f": {r['message']}" if r.get("message") else ""))
