"""`db init | upgrade | status`."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import DatabaseUnavailable
from youdu_console.store import db as store_db
from youdu_console.store import security

COMMANDS = ("db",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", parents=[common], help="database: init, upgrade, status")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_parser(dsub, common, "init", "create (or migrate) the database", _upgrade)
    add_parser(dsub, common, "upgrade", "migrate the database to this version's schema", _upgrade)
    add_parser(dsub, common, "status", "schema revision and connection", _status)
    sec = add_parser(dsub, common, "secure",
                     "server only, with the schema owner's credentials: install the group roles, grants, row rules "
                     "and triggers that hold every administrator's own database login to its role", _secure)
    sec.add_argument("--print", dest="print_only", action="store_true",
                     help="print the SQL statements instead of running them")


def _upgrade(ctx: Context, args: argparse.Namespace) -> int:
    engine = store_db.make_engine(ctx.url)
    try:
        result = store_db.upgrade(engine)
        if result["migrated"] and security.is_server(ctx.url):
            with store_db.connect(engine) as conn, conn.begin():
                secured = security.installed(conn)
            if secured:  # new tables get their grants and rules too
                result["secured"] = security.install(engine)["installed"]
    finally:
        engine.dispose()
    result["url"] = store_db.safe_url(ctx.url)
    text = (ctx.out.t(f"数据库已是最新（{result['revision']}）", f"Database is up to date ({result['revision']})")
            if not result["migrated"] else ctx.out.t(f"数据库已升级到 {result['revision']}", f"Database migrated to {result['revision']}"))
    if result.get("backup"):
        text += ctx.out.t(f"；原文件备份在 {result['backup']}", f"; the previous file was copied to {result['backup']}")
    ctx.out.emit(result, text)
    return 0


def _status(ctx: Context, args: argparse.Namespace) -> int:
    path = store_db._sqlite_path(ctx.url)
    if path is not None:
        # A status query only reads: a missing file is reported, never created (exit 3, like any
        # database that cannot be reached).
        if not path.exists():
            raise DatabaseUnavailable("db_not_found", path=str(path))
        store_db.check_sqlite_file(path)
    engine = store_db.make_engine(ctx.url)
    try:
        result = store_db.status(engine)
    finally:
        engine.dispose()
    ctx.out.emit(result, f"{result['url']}  {result['revision']} / {result['head']}  "
                 + (ctx.out.t("最新", "up to date") if result["up_to_date"] else ctx.out.t("需要升级", "needs upgrade")))
    return 0


def _secure(ctx: Context, args: argparse.Namespace) -> int:
    engine = store_db.open_database(ctx.url)
    try:
        if args.print_only:
            if engine.url.get_backend_name() == "sqlite":
                raise store_db.YouduError("db_secure_sqlite")
            with store_db.connect(engine) as conn:
                sql = security.statements(conn)
            ctx.out.emit({"statements": sql}, ";\n\n".join(sql) + ";")
            return 0
        result = security.install(engine)
    finally:
        engine.dispose()
    text = ctx.out.t(f"已安装服务器端权限（{result['statements']} 条语句）", f"Server-side rights installed ({result['statements']} statements)")
    if result["admins_without_login"]:
        names = ", ".join(result["admins_without_login"])
        text += ctx.out.t(f"；以下管理员还没有数据库登录，请重置其密码以创建：{names}",
                          f"; these administrators have no database login yet (reset their passwords to create one): {names}")
    ctx.out.emit(result, text)
    return 0
