"""Opening a database: URLs, engines (SQLite WAL + foreign keys), the refusal of foreign files, migrations."""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.pool import NullPool

from youdu_console.domain.errors import DatabaseUnavailable, UsageError, YouduError
from youdu_console.store import tables

# The file checks and the schema head need no SQLAlchemy: they live in store.lite, for the quick reads too.
from youdu_console.store.lite import (  # noqa: F401 - re-exported: the places that open databases use store.db
    APP_MARK,
    MIGRATIONS,
    _alembic_head,
    check_sqlite_file,
    default_url,
    head_revision,
)

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("youdu.store")


# Query parameters that carry a secret (`?password=…`, `&PWD=…`, `sslpassword`, `token`), in any case.
_SECRET_KEY = re.compile(r"pass|pwd|secret|token", re.IGNORECASE)
_USERINFO_SECRET = re.compile(r"(?P<head>[A-Za-z][\w+.-]*://[^:/@\s]*:)(?P<secret>[^\s/]*)(?=@)")
_PARAM_SECRET = re.compile(r"(?P<head>\b[\w-]*(?:pass|pwd|secret|token)[\w-]*\s*=\s*)(?P<secret>'[^']*'|\"[^\"]*\"|[^\s&;,'\"]+)",
                           re.IGNORECASE)


def parse_url(url: str) -> URL:
    """The database URL, or a coded usage error that never repeats a secret it might hold."""
    try:
        return make_url(url)
    except (ArgumentError, ValueError, TypeError):
        raise UsageError("db_url_invalid", url=mask_secrets(str(url)), reason="not an SQLAlchemy URL") from None


def safe_url(url: str | URL) -> str:
    """The URL without its secrets (the userinfo password and any password-like query parameter)."""
    try:
        u = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError, TypeError):
        return "<invalid URL>"
    masked = {k: ("***" if _SECRET_KEY.search(k) else v) for k, v in u.query.items()}
    return mask_secrets(u.set(query=masked).render_as_string(hide_password=True))


def mask_secrets(text: str) -> str:
    """Free text (an error from a driver, a URL) with every password-like value replaced by ***."""
    text = _USERINFO_SECRET.sub(lambda m: m["head"] + ("***" if m["secret"] else ""), text)
    return _PARAM_SECRET.sub(lambda m: m["head"] + "***", text)


def _sqlite_path(url: str) -> Path | None:
    u = parse_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_files(url: str) -> list[Path]:
    """A SQLite database's file and its companions (WAL, WAL index, rollback journal); none for a server."""
    try:
        path = _sqlite_path(url)
    except ArgumentError:
        return []
    if path is None:
        return []
    bases = {path.absolute(), path.resolve()}
    return [base.with_name(base.name + suffix) for base in sorted(bases) for suffix in SQLITE_COMPANIONS]


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # 64 MiB page cache instead of 2 MiB: a 100k-member import's index pages stay in memory (2× faster).
    cur.execute("PRAGMA cache_size=-65536")
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
    if mode and str(mode[0]).lower() == "wal":
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _sqlite_files(path: Path) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The identity (device, inode) of the database file and of its WAL index (`-shm`)."""
    name = str(path)
    return _file_identity(name), _file_identity(name + "-shm")


def _guard_sqlite_files(engine: Engine, path: Path) -> None:
    """Replace a pooled connection whose database or WAL index another process deleted or replaced.

    POSIX advisory locks belong to the process: any open()/close() of the database file or its `-shm` by
    this process (a file dialog's MIME sniff, an icon lookup) silently drops every lock SQLite holds. The
    next program to close the database then believes it is the last user, checkpoints, and deletes the
    WAL and unlinks the `-shm` under our open connections, which go on reading their stale, unlinked WAL
    index and overwrite the other program's commits (measured: a CLI write lost, window showing stale
    data). The files our connection opened stay alive while it holds them, so their inodes cannot be
    reused: a different inode (or none) at the path means the connection is orphaned. Checked at every
    checkout (two stat calls, a few µs); the pool then opens a fresh connection that sees the real files.
    """

    @event.listens_for(engine, "connect")
    def _remember(_dbapi_conn: Any, record: Any) -> None:
        record.info["sqlite_files"] = _sqlite_files(path)

    @event.listens_for(engine, "checkout")
    def _check(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        known, now = record.info.get("sqlite_files"), _sqlite_files(path)
        if known is not None and known[1] is None and now[0] == known[0]:
            record.info["sqlite_files"] = known = now  # a new database's WAL index appears at its first write
        if known != now:
            log.warning("%s: its WAL index was replaced by another process; reconnecting", path)
            # Every idle connection goes first: SQLite shares one lock state per file among a process's
            # connections, so a new one takes real locks only when no orphan is left open beside it.
            engine.pool.dispose()
            raise DisconnectionError("the SQLite files were replaced by another process")


def make_engine(url: str) -> Engine:
    u = parse_url(url)
    backend = u.get_backend_name()
    kwargs: dict[str, Any] = {"future": True}
    if backend == "sqlite":
        kwargs["poolclass"] = NullPool if u.database in (None, "", ":memory:") else None
        if kwargs["poolclass"] is None:
            del kwargs["poolclass"]
    elif backend == "mysql" or backend == "mariadb":
        kwargs["pool_pre_ping"] = True
        kwargs["pool_recycle"] = 3600
        if "charset" not in u.query:
            u = u.update_query_dict({"charset": "utf8mb4"})
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(u, **kwargs)
    except (ArgumentError, ImportError, TypeError, ValueError) as exc:  # unknown dialect or driver, bad option
        raise UsageError("db_url_invalid", url=safe_url(u), reason=mask_secrets(_first_line(exc))) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        path = _sqlite_path(url)
        if path is not None:
            _guard_sqlite_files(engine, path.resolve())

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the lock at BEGIN so two writers never deadlock upgrading a read lock.
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def create_private(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (0600): for SQLite, file access is ownership.

    SQLite gives the -wal and -shm files the permissions of the database file.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(conn: Connection) -> str | None:
    """The database's revision, as Alembic records it (one row in alembic_version), None when unversioned."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()  # raises: several heads
    return str(rows[0]) if rows else None


def _is_foreign_server_db(conn: Connection) -> bool:
    names = set(inspect(conn).get_table_names())
    if not names:
        return False
    if "youdu_meta" not in names:
        return True
    mark = conn.execute(select(tables.META.c.value).where(tables.META.c.key == "app")).scalar()
    return mark != APP_MARK


def status(engine: Engine) -> dict[str, Any]:
    with connect(engine) as conn:
        current = current_revision(conn)
    head = head_revision()
    return {"url": safe_url(engine.url),
            "backend": engine.url.get_backend_name(), "revision": current, "head": head,
            "up_to_date": current == head}


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    try:
        conn = engine.connect()
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseUnavailable("db_unreachable", url=safe_url(engine.url),
                                  reason=mask_secrets(_first_line(exc))) from None
    except (TypeError, ValueError, ArgumentError) as exc:  # the driver refused a URL option (`?PASSWORD=…`)
        raise UsageError("db_url_invalid", url=safe_url(engine.url), reason=mask_secrets(_first_line(exc))) from None
    try:
        yield conn
    finally:
        conn.close()


def upgrade(engine: Engine) -> dict[str, Any]:
    """Create or migrate the schema to head. SQLite files are copied aside before an existing one changes."""
    path = _sqlite_path(str(engine.url.render_as_string(hide_password=False)))
    if path is not None:
        check_sqlite_file(path)
        if not path.exists() and path.parent.exists():
            create_private(path)
    head = head_revision()
    backup: str | None = None
    with connect(engine) as conn:
        current = current_revision(conn)
        if current is None and _is_foreign_server_db(conn):
            raise YouduError("db_not_youdu", path=safe_url(engine.url))
        if current == head:
            return {"migrated": False, "revision": head, "backup": None}
        if path is not None and current is not None:
            check_sqlite_file(path, integrity=True)  # before anything rewrites it
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        scripts = ScriptDirectory.from_config(_alembic_config(conn))
        try:
            known = current is None or scripts.get_revision(current) is not None
        except CommandError:  # Alembic raises for a revision it has no script for rather than return None
            known = False
        if not known:
            raise YouduError("db_too_new", version=current)
    if path is not None:
        check_sqlite_file(path)  # every page read before anything is written
    if path is not None and current is not None and path.exists():
        backup_path = path.with_name(f"{path.name}.before-{head}.bak")
        create_private(backup_path)
        with sqlite3.connect(path) as src, sqlite3.connect(backup_path) as dst:
            src.backup(dst)
        backup = str(backup_path)
    from alembic import command

    with connect(engine) as conn:
        with conn.begin():
            from alembic import command

            command.upgrade(_alembic_config(conn), "head")
            _mark(conn)
    log.info("database migrated from %s to %s", current, head)
    return {"migrated": True, "revision": head, "from": current, "backup": backup}


def _mark(conn: Connection) -> None:
    if conn.execute(select(tables.META.c.value).where(tables.META.c.key == "app")).scalar() is None:
        conn.execute(tables.META.insert(), [{"key": "app", "value": APP_MARK}])
    if conn.execute(select(tables.AUDIT_HEAD.c.id)).scalar() is None:
        conn.execute(tables.AUDIT_HEAD.insert(), [{"id": 1, "last_id": 0, "last_hash": "0" * 64}])
    for name in ("directory", "admin", "departments"):
        if conn.execute(select(tables.ID_BLOCKS.c.next_id).where(tables.ID_BLOCKS.c.name == name)).scalar() is None:
            conn.execute(tables.ID_BLOCKS.insert(), [{"name": name, "next_id": first_id(name)}])


def first_id(block: str) -> int:
    """An id block's first value: 1, except the departments' stamp (services/tree.py), which starts anywhere in
    2^52 so that two databases (a test's fresh one, a file put in place of another) never share a stamp that
    a process's cached tree could be taken for."""
    return secrets.randbits(52) + 1 if block == "departments" else 1


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """An engine on a migrated database (created on first use); refuses foreign or damaged SQLite files."""
    path = _sqlite_path(url)
    if path is not None:
        if path.exists() and not migrate:  # upgrade() checks it otherwise; once is enough
            check_sqlite_file(path)
        elif not path.exists() and not path.parent.exists():
            raise DatabaseUnavailable("db_unreachable", url=safe_url(url), reason=f"{path.parent} does not exist")
    if path is not None and not path.exists() and path.parent.exists():
        create_private(path)
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    else:
        with connect(engine) as conn:
            if current_revision(conn) != head_revision():
                raise YouduError("db_needs_upgrade")
    return engine

