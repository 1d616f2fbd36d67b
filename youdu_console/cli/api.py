"""`serve-api` (the Youdu-compatible server API and the policy API) and `sysmsg list` (its outbox)."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import UsageError

COMMANDS = ("serve-api", "sysmsg")  # the command words this group registers (cli/main.py reads them)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("serve-api", parents=[common],
                       help="serve the Youdu server API (org sync, sysMsg, identify) and the policy API over HTTP(S)")
    s.set_defaults(handler=_serve)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=7080, help="port (default 7080, the vendor's)")
    s.add_argument("--cert", metavar="PEM", help="TLS certificate (with --key: HTTPS)")
    s.add_argument("--key", metavar="PEM", help="TLS private key")
    s.add_argument("--buin", type=int, help="the enterprise number (企业总机号) requests must carry; any if omitted")
    s.add_argument("--max-body", type=int, default=1 << 20, metavar="BYTES", help="request size cap (default 1 MiB)")
    s.add_argument("--rate", type=float, default=5000.0, metavar="N", help="requests per second per app (default 5000)")
    m = sub.add_parser("sysmsg", parents=[common], help="system messages apps sent through the server API (系统消息)")
    g = m.add_subparsers(dest="sysmsg_command", metavar="ACTION", required=True)
    ls = add_parser(g, common, "list", "the outbox, newest first", _list)
    ls.add_argument("--limit", type=int, default=100)


def _serve(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.api.protocol import Limits
    from youdu_console.api.serve import serve

    if bool(args.cert) != bool(args.key):
        raise UsageError("api_tls_incomplete")
    uow = ctx.uow
    limits = Limits(max_body=args.max_body, rate_per_app=args.rate)
    scheme = "https" if args.cert else "http"

    def ready(port: int) -> None:
        ctx.out.emit({"listening": f"{scheme}://{args.host}:{port}"},
                     ctx.out.t(f"服务端 API 已启动：{scheme}://{args.host}:{port}", f"Serving the API on {scheme}://{args.host}:{port}"))

    serve(uow, registry_lookup(uow), host=args.host, port=args.port, cert=args.cert, key=args.key,
          buin=args.buin, limits=limits, ready=ready)
    return 0


def registry_lookup(uow: Any) -> Any:
    """The app registry's credentials (企业应用: appId → EncodingAESKey)."""
    from youdu_console.services.apps import app_credentials

    def lookup(app_id: str) -> Any:
        with uow.read() as conn:
            return app_credentials(conn, app_id)

    return lookup


def _list(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.services.sysmsg import SystemMessageService

    rows = [m.to_json() for m in SystemMessageService(ctx.uow, ctx.console.actor).list(args.limit)]
    for r in rows:
        r["recipients"] = ("ONLINE" if r["online_only"] else "ALL") if r["to_all"] else " ".join(r["to_users"] + [f"dept:{d}" for d in r["to_depts"]])
    ctx.out.table(rows, [("id", "编号", "ID"), ("created_at", "时间", "Time"), ("app_id", "应用", "App"),
                         ("title", "标题", "Title"), ("recipients", "接收人", "Recipients"),
                         ("status", "状态", "Status")])
    return 0
