"""`auth …`, `lock …`, `login-check` and `logs …`: authorisation lists, the lockout desk and the policy engine."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.cli.directory import MEMBER_COLUMNS
from youdu_console.cli.queue import add_queue_flag, online_or_queued
from youdu_console.domain.settings import DEVICES
from youdu_console.policy.login import LoginPolicy, event_log, login_log
from youdu_console.services.access import AUTH_ACTIONS, LIST_KINDS

COMMANDS = ("auth", "lock", "login-check", "logs")  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("auth", parents=[common], help="login authorisation (登录授权)")
    a = p.add_subparsers(dest="auth_command", metavar="ACTION", required=True)
    for action in AUTH_ACTIONS:
        c = add_parser(a, common, action, f"{action} login authorisation", _auth_action)
        c.set_defaults(auth_action=action)
        c.add_argument("accounts", nargs="+", metavar="ACCOUNT")
        add_dry_run(c)
    ls = add_parser(a, common, "list", "authorised, disabled or resigned members", _auth_list)
    ls.add_argument("--kind", required=True, choices=LIST_KINDS)
    ls.add_argument("--search")
    add_parser(a, common, "licence", "licence seats in use and the limit", _licence)

    p = sub.add_parser("lock", parents=[common], help="the lockout desk (锁定名单)")
    lk = p.add_subparsers(dest="lock_command", metavar="ACTION", required=True)
    add_parser(lk, common, "list", "locked accounts with forensics", _lock_list)
    u = add_parser(lk, common, "unlock", "unlock accounts (or --all)", _unlock)
    u.add_argument("accounts", nargs="*", metavar="ACCOUNT")
    u.add_argument("--all", action="store_true")
    add_dry_run(u)
    add_queue_flag(u)

    c = add_parser(sub, common, "login-check", "ask the policy engine whether a login is allowed (counts as an attempt)",
                   _login_check)
    c.add_argument("account")
    c.add_argument("--password-stdin", action="store_true")
    c.add_argument("--device", required=True, choices=DEVICES)
    c.add_argument("--ip", metavar="ADDRESS")
    c.add_argument("--sms-code", metavar="CODE", help="the code two-step verification sent (5.5)")
    c.add_argument("--method", choices=("password", "qr"), default="password",
                   help="qr: a scan login, vouched for by the IM server (no password, no SMS step)")

    p = sub.add_parser("logs", parents=[common], help="login log (登录流水) and event log (事件日志)")
    lg = p.add_subparsers(dest="logs_command", metavar="ACTION", required=True)
    for name, fn in (("login", _login_log), ("events", _event_log)):
        x = add_parser(lg, common, name, f"{name} log, newest first", fn)
        x.add_argument("--account")
        x.add_argument("--since", metavar="ISO", help="from this time (ISO 8601; UTC unless it names a zone)")
        x.add_argument("--until", metavar="ISO", help="up to this time (a date alone: to the end of that day)")
        x.add_argument("--export", metavar="FILE.xlsx", help="write the rows to an Excel file (formula-safe cells)")
        x.add_argument("--limit", type=int, help="at most N rows (default 200 on screen, all in an export)")


def _auth_action(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.access.plan_authorization(args.accounts, args.auth_action)
    return finish(ctx, cs, args.dry_run)


def _auth_list(ctx: Context, args: argparse.Namespace) -> int:
    members = ctx.console.access.list_by_kind(args.kind, args.search)
    ctx.out.table([m.to_json() for m in members], MEMBER_COLUMNS)
    return 0


def _licence(ctx: Context, args: argparse.Namespace) -> int:
    data = ctx.console.access.licence()
    ctx.out.emit(data, ctx.out.t(f"已使用/人数上限 {data['used']}/{data['seat_limit']}，到期 {data['expires'] or '不限'}",
                                 f"Seats {data['used']}/{data['seat_limit']}, expires {data['expires'] or 'never'}"))
    return 0


def _lock_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = ctx.console.access.lock_list()
    ctx.out.table(rows, [("account", "帐号", "Account"), ("name", "姓名", "Name"), ("failures", "错误次数", "Failures"),
                         ("locked_at", "锁定时间", "Locked at"), ("last_failure_ip", "来源地址", "Address"),
                         ("last_failure_device", "设备", "Device")])
    return 0


def _unlock(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.domain.errors import YouduError

    if args.all == bool(args.accounts):
        raise YouduError("usage", detail="give ACCOUNT ... or --all")
    if args.queue_if_offline and (args.all or args.dry_run):
        raise YouduError("usage", detail="--queue-if-offline needs ACCOUNT ... and no --dry-run")

    def online() -> int:
        return finish(ctx, ctx.console.access.plan_unlock(None if args.all else args.accounts), args.dry_run)

    return online_or_queued(ctx, online, lambda queue: queue.queue_unlock(args.accounts))


def _login_check(ctx: Context, args: argparse.Namespace) -> int:
    password = (ctx.read_password() or "") if args.method == "password" else ""
    result = LoginPolicy(ctx.uow).check_login(args.account, password, args.device, args.ip,
                                              sms_code=args.sms_code, method=args.method)
    ctx.out.emit(result.to_json(), f"{'OK' if result.ok else ctx.out.t('拒绝', 'refused')}: {result.reason}")
    return 0 if result.ok else 1


def _iso(value: str | None, *, end: bool = False) -> Any:
    """--since/--until: an ISO 8601 time or date, as naive UTC (the logs store UTC); else a usage error."""
    import datetime as dt

    from youdu_console.domain.errors import UsageError

    if not value:
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError("logs_time_invalid", value=value) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    if end and len(text) == 10:  # a date alone: the whole day
        parsed += dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    return parsed


def _log_rows(ctx: Context, args: argparse.Namespace, reader: Any) -> list[dict[str, Any]]:
    from youdu_console.domain.errors import UsageError

    since, until = _iso(args.since), _iso(args.until, end=True)
    if args.export and not args.export.lower().endswith(".xlsx"):
        raise UsageError("logs_export_suffix", path=args.export)
    limit = args.limit if args.limit is not None else (None if args.export else 200)
    return list(reader(ctx.uow, args.account, limit, actor=ctx.console.actor, since=since, until=until))


def _export(ctx: Context, args: argparse.Namespace, title: str, rows: list[dict[str, Any]],
            columns: list[tuple[str, str, str]]) -> int:
    import json

    from youdu_console.interchange.excel import write_sheet

    def cell(value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, (dict, list)) else value

    count = write_sheet(args.export, title, [ctx.out.t(zh, en) for _, zh, en in columns],
                        ([cell(r.get(k)) for k, _, _ in columns] for r in rows))
    ctx.out.emit({"exported": count, "file": str(args.export)},
                 ctx.out.t(f"已导出 {count} 条到 {args.export}", f"Exported {count} rows to {args.export}"))
    return 0


LOGIN_COLUMNS = [("time", "时间", "Time"), ("account", "帐号", "Account"), ("device", "设备", "Device"),
                 ("ip", "地址", "Address"), ("result", "结果", "Result")]
EVENT_COLUMNS = [("time", "时间", "Time"), ("kind", "事件", "Event"), ("account", "帐号", "Account"),
                 ("detail", "详情", "Detail")]


def _login_log(ctx: Context, args: argparse.Namespace) -> int:
    rows = _log_rows(ctx, args, login_log)
    if args.export:
        return _export(ctx, args, ctx.out.t("登录流水", "Login log"), rows, LOGIN_COLUMNS)
    ctx.out.table(rows, LOGIN_COLUMNS)
    return 0


def _event_log(ctx: Context, args: argparse.Namespace) -> int:
    rows = _log_rows(ctx, args, event_log)
    if args.export:
        return _export(ctx, args, ctx.out.t("事件日志", "Event log"), rows, EVENT_COLUMNS)
    ctx.out.table(rows, EVENT_COLUMNS)
    return 0
