"""`db init | upgrade | status`."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context
from youdu_console.domain.errors import DatabaseUnavailable
from youdu_console.store import db as store_db


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", parents=[common], help="database: init, upgrade, status")
    dsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_parser(dsub, common, "init", "create (or migrate) the database", _upgrade)
    add_parser(dsub, common, "upgrade", "migrate the database to this version's schema", _upgrade)
    add_parser(dsub, common, "status", "schema revision and connection", _status)


def _upgrade(ctx: Context, args: argparse.Namespace) -> int:
    engine = store_db.make_engine(ctx.url)
    try:
        result = store_db.upgrade(engine)
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
