"""我的企业's actions: `licence apply`, `cluster verify`, `push-cert set|show`, `rtx regenerate-code|show`,
`device-auth verify` (the settings themselves are `settings get/set`; the test mail is `settings test-mail`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.model import CheckResult
from youdu_console.store import secrets

COMMANDS = ("licence", "cluster", "push-cert", "rtx", "device-auth")  # cli/main.py reads this line
MAX_FILE = 1024 * 1024


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("licence", parents=[common], help="licence file (5.1 更新License)")
    s = p.add_subparsers(dest="licence_command", metavar="ACTION", required=True)
    a = add_parser(s, common, "apply", "verify a signed licence file and apply its seats and expiry", _licence_apply)
    a.add_argument("file")
    add_dry_run(a)
    add_parser(s, common, "show", "seats in use, the limit and the expiry", _licence_show)

    p = sub.add_parser("cluster", parents=[common], help="enterprise cluster (5.7.1 企业集群)")
    s = p.add_subparsers(dest="cluster_command", metavar="ACTION", required=True)
    v = add_parser(s, common, "verify", "验证连接: open a TCP connection to the center server "
                                        "(exit 0 connected, 1 otherwise)", _cluster_verify)
    v.add_argument("--server", help="instead of the cluster.server setting")
    v.add_argument("--port", type=int, help="instead of the cluster.port setting")
    v.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")

    p = sub.add_parser("push-cert", parents=[common], help="iOS push certificate (5.7.2 企业推送服务)")
    s = p.add_subparsers(dest="push_command", metavar="ACTION", required=True)
    st = add_parser(s, common, "set", "check a PKCS#12 (.p12) file and keep it; the password goes to the keyring",
                    _push_set)
    st.add_argument("file")
    st.add_argument("--app-id", required=True, help="the app's bundle id, as in the certificate's UID")
    st.add_argument("--password-stdin", action="store_true", help="read the certificate's password from stdin")
    add_dry_run(st)
    add_parser(s, common, "show", "the kept certificate's AppID, subject and expiry", _push_show)

    p = sub.add_parser("rtx", parents=[common], help="RTX integration (5.7.3 RTX 集成)")
    s = p.add_subparsers(dest="rtx_command", metavar="ACTION", required=True)
    add_parser(s, common, "show", "whether RTX integration is on, and the connection code", _rtx_show)
    r = add_parser(s, common, "regenerate-code", "draw a new connection code", _rtx_regenerate)
    add_dry_run(r)

    p = sub.add_parser("device-auth", parents=[common], help="device authorisation URL (5.5 设备授权验证)")
    s = p.add_subparsers(dest="device_auth_command", metavar="ACTION", required=True)
    d = add_parser(s, common, "verify", "GET the URL (exit 0 on a 2xx answer, 1 otherwise)", _device_verify)
    d.add_argument("--url", help="instead of the security.device_auth_url setting")


def read_file(path: str, limit: int = MAX_FILE) -> bytes:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limit:
            raise ValidationError("file_too_large", field="file", file=path, size=size, max=limit)
        return file.read_bytes()
    except OSError:
        raise ValidationError("file_unreadable", field="file", file=path) from None


def show_check(ctx: Context, result: CheckResult) -> int:
    ctx.out.emit(result.to_dict(ctx.lang), result.message(ctx.lang))
    return 0 if result.ok else 1


def _licence_apply(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.enterprise.plan_licence(read_file(args.file), Path(args.file).name)
    return finish(ctx, cs, args.dry_run)


def _licence_show(ctx: Context, args: argparse.Namespace) -> int:
    info = ctx.console.enterprise.licence()
    ctx.out.emit(info, ctx.out.t(f"已使用/人数上限 {info['used']}/{info['seat_limit']}，到期时间 {info['expires'] or '永不过期'}",
                                 f"Seats in use / limit {info['used']}/{info['seat_limit']}, "
                                 f"expires {info['expires'] or 'never'}"))
    return 0


def _cluster_verify(ctx: Context, args: argparse.Namespace) -> int:
    return show_check(ctx, ctx.console.enterprise.verify_cluster(args.server, args.port, args.timeout))


def _device_verify(ctx: Context, args: argparse.Namespace) -> int:
    return show_check(ctx, ctx.console.enterprise.verify_device_auth(args.url))


def _push_set(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=True)
    assert password is not None
    service = ctx.console.enterprise
    cs = service.plan_push_certificate(read_file(args.file), args.app_id, password)
    backend, usable = secrets.keyring_backend()
    if not args.dry_run and secrets.chosen_store() == "keyring" and not usable:
        # Refused before anything is kept: a certificate whose password nobody has is of no use.
        raise YouduError("secret_keyring_unavailable", backend=backend)
    code = finish(ctx, cs, args.dry_run)
    if not args.dry_run and service.remember_push_password(args.app_id, password) is None:
        raise YouduError("secret_keyring_unavailable", backend=backend)
    return code


def _push_show(ctx: Context, args: argparse.Namespace) -> int:
    info = ctx.console.enterprise.push_certificate()
    text = ctx.out.t("没有推送证书", "No push certificate") if info is None else \
        f"{info['app_id']}  {info['subject']}  {ctx.out.t('有效期至', 'valid until')} {info['not_after']}"
    ctx.out.emit(info, text)
    return 0


def _rtx_show(ctx: Context, args: argparse.Namespace) -> int:
    found = ctx.console.settings.read("rtx.enabled", "rtx.connection_code")
    info = {"enabled": found["rtx.enabled"], "connection_code": found["rtx.connection_code"]}
    state = ctx.out.t("已开启（通讯录只读）", "on (the address book is read-only)") if info["enabled"] else \
        ctx.out.t("未开启", "off")
    ctx.out.emit(info, ctx.out.t(f"RTX 集成：{state}；连接码：{info['connection_code'] or '（未生成）'}",
                                 f"RTX integration: {state}; connection code: {info['connection_code'] or '(none)'}"))
    return 0


def _rtx_regenerate(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.enterprise.plan_rtx_code(), args.dry_run)
