"""`ldap config | test | sync | schedule | history | browse`: LDAP / Active Directory integration (manual 4.5)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import queue
import signal
import sys
import threading
from typing import Any

from youdu_console.cli.common import add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.domain.errors import ValidationError, ValidationErrors, YouduError
from youdu_console.domain.messages import render
from youdu_console.services.ldap_sync import LdapSyncService, SyncResult, SyncScheduler
from youdu_console.store import secrets

HIDDEN_FIELDS = ("attributes", "name_pinyin", "name_initials")


COMMANDS = ("ldap",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("ldap", parents=[common], help="LDAP / Active Directory sync (LDAP 集成)")
    s = p.add_subparsers(dest="ldap_command", metavar="ACTION", required=True)
    c = add_parser(s, common, "config", "set the server, bind account and base DN (password: OS keyring)", _config)
    c.add_argument("--server", required=True, metavar="URL", help="ldap://HOST:389, ldaps://HOST:636 or IP:PORT")
    c.add_argument("--bind-dn", required=True, metavar="DN", help="bind account (DN, DOMAIN\\user or user@domain)")
    c.add_argument("--base-dn", required=True, metavar="DN", help="where the sync starts, e.g. dc=xinda,dc=im")
    c.add_argument("--password-stdin", action="store_true", help="read the bind password from standard input")
    c.add_argument("--start-tls", action="store_true", help="upgrade a port-389 connection with StartTLS")
    c.add_argument("--ca-file", metavar="PEM", help="CA certificate(s) that signed the server's certificate")
    c.add_argument("--flavor", choices=["ad", "openldap"], help="default: detected from the server")
    c.add_argument("--no-verify-tls", action="store_true",
                   help="do NOT check the server certificate (insecure; for tests only)")
    c.add_argument("--ou", action="append", metavar="DN", help="sync only this OU (with all below it); repeatable")
    c.add_argument("--user", action="append", metavar="DN", help="also sync this one user; repeatable")
    c.add_argument("--map", action="append", metavar="FIELD=ATTR",
                   help="mapping override, e.g. name=displayName|cn or disabled=userAccountControl&2")
    c.add_argument("--dry-run", action="store_true", help="show the settings change without saving it")
    c.add_argument("--password-store", choices=["keyring", "file"],
                   help="where this user keeps the bind password: the OS keyring, or (a server without one) "
                        "the 0600 secrets file — the same as `secrets use`")
    t = add_parser(s, common, "test", "verify the connection (验证): reachability, TLS, credentials, base DN", _test)
    t.add_argument("--password-stdin", action="store_true")
    y = add_parser(s, common, "sync", "sync now: preview with --dry-run; removals above the guard need "
                                      "--confirm-removals", _sync)
    y.add_argument("--dry-run", action="store_true", help="show the change set without applying it (a preview)")
    y.add_argument("--confirm-removals", action="store_true", help="allow more resignations than the guard permits")
    y.add_argument("--skip-invalid", action="store_true", help="apply the valid entries, skip and list the invalid")
    y.add_argument("--full", action="store_true", help="compare everything (default: incremental when possible)")
    y.add_argument("--overwrite-manual", action="store_true",
                   help="let the directory's values replace fields edited in the console")
    y.add_argument("--password-stdin", action="store_true")
    sc = add_parser(s, common, "schedule", "automatic sync every interval: on | off | status | run "
                                            "(run: the schedule itself, in the foreground, for a service)", _schedule)
    sc.add_argument("state", choices=["on", "off", "status", "run"])
    sc.add_argument("--once", action="store_true", help="with run: one scheduled sync now, then exit (cron)")
    h = add_parser(s, common, "history", "recent sync runs", _history)
    h.add_argument("--limit", type=int, default=20)
    b = add_parser(s, common, "browse", "OUs, containers and users directly below DN (default: the base DN)",
                   _browse)
    b.add_argument("dn", nargs="?")
    b.add_argument("--password-stdin", action="store_true")


def _service(ctx: Context) -> LdapSyncService:
    return ctx.console.ldap


def _config(ctx: Context, args: argparse.Namespace) -> int:
    out = ctx.out
    password = ctx.read_password(required=False)
    svc = _service(ctx)
    if args.no_verify_tls:
        print(out.t("警告：已关闭服务器证书校验，连接可被冒充，密码可能泄露",
                    "Warning: certificate checking is off; anyone can impersonate the server and read the password"),
              file=sys.stderr)
    if args.password_store and not args.dry_run:
        secrets.use_store(args.password_store)  # the administrator's explicit choice, before anything is kept
    cs = svc.plan_config(server=args.server, bind_dn=args.bind_dn, base_dn=args.base_dn, flavor=args.flavor,
                         start_tls=True if args.start_tls else None, ca_file=args.ca_file,
                         verify_tls=False if args.no_verify_tls else None, selected_ous=args.ou,
                         selected_users=args.user, mapping=args.map, password=password)
    code = finish(ctx, cs, args.dry_run)
    if args.dry_run:
        return code
    if password and svc.keep_password(args.server, password) is None:
        print(out.t("系统钥匙串不可用，LDAP 密码未保存；每次测试或同步都需用 --password-stdin 提供。"
                    "无人值守的服务器请用 --password-store file（或 secrets use file）保存到仅本用户可读的文件",
                    "No OS keyring is available, so the LDAP password was not stored; give it with "
                    "--password-stdin at every test or sync. On an unattended server keep it in a file only "
                    "this user can read: --password-store file (or secrets use file)"), file=sys.stderr)
    return code


def _test(ctx: Context, args: argparse.Namespace) -> int:
    out = ctx.out
    info = _service(ctx).test(ctx.read_password(required=False))
    text = out.t(f"验证通过：{info['server']}（{info['flavor']}，{info['tls']}），域名 {info['base_dn']} 存在",
                 f"Verified: {info['server']} ({info['flavor']}, {info['tls']}), base DN {info['base_dn']} exists")
    out.emit(info, text)
    return 0


def _sync(ctx: Context, args: argparse.Namespace) -> int:
    svc = _service(ctx)
    result = svc.sync(dry_run=args.dry_run, confirm_removals=args.confirm_removals, skip_invalid=args.skip_invalid,
                      full=args.full, overwrite_manual=args.overwrite_manual,
                      password=ctx.read_password(required=False))
    return _report(ctx, result)


def _report(ctx: Context, result: SyncResult) -> int:
    out = ctx.out
    data = result.to_dict(ctx.lang)
    if result.refusal is not None:
        extra: dict[str, Any] = {"change_set": data}
        if isinstance(result.refusal, ValidationErrors):
            extra["errors"] = result.refusal.errors
        if not out.as_json:
            print(_describe(ctx, result), file=sys.stderr)
        out.error(result.refusal.code, result.refusal.message(ctx.lang), extra)
        return result.refusal.exit_code
    out.emit(data, _describe(ctx, result))
    return 0


def _describe(ctx: Context, result: SyncResult) -> str:
    out = ctx.out
    cs = result.changeset
    s = cs.summary()
    mode = out.t("完整比对", "full comparison") if result.mode == "full" else out.t("增量", "incremental")
    head = {"applied": out.t(f"已应用变更集 #{cs.id}", f"Applied change set #{cs.id}"),
            "nothing": out.t("没有需要修改的内容", "Nothing to change"),
            "previewed": out.t("预览（未应用）", "Preview (not applied)")}.get(result.status,
                                                                         out.t("未应用", "Not applied"))
    lines = [f"{head} — LDAP {mode}: {result.stats.get('users', 0)} " + out.t("人", "people") +
             f", {result.stats.get('ous', 0)} OU",
             out.t(f"  新增 {s['added']}，修改 {s['updated']}，迁移 {s['moved']}，离职 {s['resigned']}，删除 {s['deleted']}，错误 {s['errors']}",
                   f"  added {s['added']}, updated {s['updated']}, moved {s['moved']}, resigned {s['resigned']}, "
                   f"deleted {s['deleted']}, errors {s['errors']}")]
    if result.removals:
        lines.append(out.t(f"  转入离职 {result.removals} 人（保护上限 {result.removal_limit}）",
                           f"  {result.removals} to resign (guard allows {result.removal_limit})"))
    for op in cs.to_dict()["operations"][:50]:
        detail = op.get("changes") or {}
        desc = ", ".join(f"{k}: {b} → {a}" for k, (b, a) in detail.items() if k not in HIDDEN_FIELDS)
        lines.append(f"  {op['action']:9} {op['entity']:10} {op['label']} {desc}".rstrip())
    if len(cs.operations) > 50:
        lines.append(out.t(f"  … 共 {len(cs.operations)} 项", f"  … {len(cs.operations)} operations in all"))
    for n in result.notices[:50]:
        lines.append(out.t("  提示：", "  note: ") + render(n["code"], ctx.lang, n.get("params") or {}))
    for e in cs.errors[:200]:
        lines.append(f"  {out.t('错误', 'error')}: {e.get('entry') or ''} {e.get('field') or ''}: {e['message']}")
    return "\n".join(lines)


def _schedule(ctx: Context, args: argparse.Namespace) -> int:
    svc = _service(ctx)
    out = ctx.out
    if args.state == "run":
        return _run_schedule(ctx, svc, once=args.once)
    if args.state in ("on", "off"):
        return finish(ctx, svc.plan_schedule(args.state == "on"), False)
    st = svc.schedule_status()
    last = st["last_run"]
    text = out.t(f"自动同步：{'开启' if st['enabled'] else '关闭'}，每 {st['interval_minutes']} 分钟",
                 f"Automatic sync: {'on' if st['enabled'] else 'off'}, every {st['interval_minutes']} minutes")
    if last:
        text += out.t(f"\n上次同步：{last['started_at']} {last['status']}", f"\nLast run: {last['started_at']} {last['status']}")
    if st["next_run"]:
        text += out.t(f"\n下次同步（控制台窗口打开或 ldap schedule run 运行时）：{st['next_run']}",
                      f"\nNext run (while the window or `ldap schedule run` is running): {st['next_run']}")
    out.emit(st, text)
    return 0


def _history(ctx: Context, args: argparse.Namespace) -> int:
    rows = _service(ctx).history(limit=args.limit)
    for r in rows:
        c = r["counts"]
        r["summary"] = (f"+{c.get('added', 0)} ~{c.get('updated', 0)} >{c.get('moved', 0)} "
                        f"-{c.get('resigned', 0)} !{c.get('errors', 0)}") if c else ""
    ctx.out.table(rows, [("id", "编号", "ID"), ("started_at", "开始", "Started"), ("finished_at", "结束", "Finished"),
                         ("trigger", "触发", "Trigger"), ("mode", "方式", "Mode"), ("status", "结果", "Status"),
                         ("summary", "数量", "Counts"), ("change_id", "变更集", "Change set"),
                         ("message", "说明", "Message")])
    return 0


def _browse(ctx: Context, args: argparse.Namespace) -> int:
    nodes = [n.to_dict() for n in _service(ctx).browse(args.dn, ctx.read_password(required=False))]
    ctx.out.table(nodes, [("kind", "类型", "Kind"), ("name", "名称", "Name"), ("account", "帐号", "Account"),
                          ("dn", "DN", "DN")])
    return 0


def _run_schedule(ctx: Context, svc: LdapSyncService, *, once: bool) -> int:
    """The automatic sync without a window: the same SyncScheduler the window runs, in the foreground.

    Runs once at start (when the schedule is on), then every ldap.interval_minutes, until SIGTERM or Ctrl+C
    (exit 0). Each run prints one line (under --json: one JSON object per line). With --once: one scheduled
    sync, then exit with its code. The bind password comes from the secret store (see `secrets`).
    """
    out = ctx.out
    cfg = svc.config()
    if not cfg.configured:
        raise ValidationError("ldap_not_configured", field="ldap.server")
    if once and not cfg.schedule_enabled:
        out.emit({"status": "off", "ran": False}, render("ldap_schedule_is_off", ctx.lang, {}))
        return 0
    runs: queue.Queue[SyncResult | BaseException] = queue.Queue()
    scheduler = SyncScheduler(svc, on_run=runs.put)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    last = 0
    try:
        scheduler.start()
        if cfg.schedule_enabled:
            scheduler.sync_now()
        while not stop.is_set():
            try:
                result = runs.get(timeout=0.5)
            except queue.Empty:
                continue
            last = _report_run(ctx, result)
            if once:
                break
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.stop()
        signal.signal(signal.SIGTERM, previous)
    return last if once else 0


def _report_run(ctx: Context, result: SyncResult | BaseException) -> int:
    out = ctx.out
    if isinstance(result, YouduError):
        data: dict[str, Any] = {"status": "failed", "error": result.to_dict(ctx.lang)}
        text = out.t("自动同步失败：", "Scheduled sync failed: ") + result.message(ctx.lang)
        code = result.exit_code
    elif isinstance(result, BaseException):
        data = {"status": "failed", "error": {"code": "internal", "message": type(result).__name__}}
        text = out.t("自动同步失败：", "Scheduled sync failed: ") + type(result).__name__
        code = 1
    else:
        data = {"status": result.status, "mode": result.mode, "run_id": result.run_id,
                "summary": result.changeset.summary(), "removals": result.removals,
                "refusal": result.refusal.to_dict(ctx.lang) if result.refusal else None}
        text = " ".join(line.strip() for line in _describe(ctx, result).splitlines()[:2])
        if result.refusal is not None:
            text += " — " + result.refusal.message(ctx.lang)
        code = result.refusal.exit_code if result.refusal else 0
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if out.as_json:
        print(json.dumps({"at": stamp, **data}, ensure_ascii=False), flush=True)
    else:
        print(f"{stamp} {text}", flush=True)
    return code
