"""Opening a database: URLs, engines (SQLite WAL + foreign keys), the refusal of foreign files, migrations."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from youdu_console.domain.errors import DatabaseUnavailable, UsageError, YouduError
from youdu_console.store import tables
from youdu_console.store.models import Meta

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only when a schema is created or migrated: it costs ~0.1 s, and every command
# (a read such as `member show` included) opens the database and checks its revision first.

log = logging.getLogger("youdu.store")
MIGRATIONS = Path(__file__).with_name("migrations")
APP_MARK = "youdu-console"


def default_url() -> str:
    env = os.environ.get("YOUDU_DB")
    if env:
        return env
    import platformdirs

    data = Path(platformdirs.user_data_dir("youdu-console", "Youdu"))
    data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'youdu-console.db'}"


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

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # Writers take the lock at BEGIN so two writers never deadlock upgrading a read lock.
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def check_sqlite_file(path: Path, *, thorough: bool = True) -> None:
    """Refuse a file that is not SQLite, or a SQLite database that is not ours, or one visibly damaged.

    `thorough` adds SQLite's own `PRAGMA quick_check`, which reads every page (88 ms on 100k members):
    done by `db status`/`db upgrade` and before a migration. Every other command relies on the header's
    page count, the schema and SQLite's own refusal of a malformed page when a query reaches one.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(100)
    if header[:16] != b"SQLite format 3\x00" or _truncated(header, path.stat().st_size):
        raise YouduError("db_not_youdu", path=str(path))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return
            if "youdu_meta" not in tables:
                raise YouduError("db_not_youdu", path=str(path))
            row = con.execute("SELECT value FROM youdu_meta WHERE key='app'").fetchone()
            if not row or row[0] != APP_MARK:
                raise YouduError("db_not_youdu", path=str(path))
            if thorough:
                con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise YouduError("db_not_youdu", path=str(path)) from None


def _truncated(header: bytes, size: int) -> bool:
    """The file is shorter than its header says, or not whole pages (a cut-off copy)."""
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return True
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only while the change counter equals "version-valid-for" (SQLite file format §1.3.7).
    counted = header[24:28] == header[92:96] and pages > 0
    return size % page_size != 0 or (counted and size < pages * page_size)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def known_revisions() -> tuple[str, frozenset[str]]:
    """(head, every revision) of the migration scripts, read from their `revision` lines without alembic.

    Falls back to alembic's own script directory when the scripts are not plain files or the history is
    not one line (tests/unit checks both ways agree).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for script in (MIGRATIONS / "versions").glob("*.py"):
            found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
            if "revision" not in found:
                continue
            revisions.add(_quoted(found["revision"]))
            down = found.get("down_revision", "None")
            if down != "None":
                parents.add(_quoted(down))
    except (OSError, ValueError):
        revisions.clear()
    heads = revisions - parents
    if len(heads) == 1 and parents <= revisions:
        return heads.pop(), frozenset(revisions)
    return _alembic_revisions()


def _quoted(text: str) -> str:
    """`"0004"` → `0004`; anything else (a tuple of parents, an expression) is for alembic to read."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" and text[0] not in text[1:-1]:
        return text[1:-1]
    raise ValueError(text)


def _alembic_revisions() -> tuple[str, frozenset[str]]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(cfg)
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(s.revision for s in scripts.walk_revisions())


def head_revision() -> str:
    return known_revisions()[0]


def current_revision(conn: Connection) -> str | None:
    """The schema revision stored in the database (alembic's version table), with one cheap query."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return None
    rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return str(rows[0][0]) if len(rows) == 1 else None if not rows else _alembic_current(conn)


def _alembic_current(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _is_foreign_server_db(conn: Connection) -> bool:
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return False
    if "youdu_meta" not in tables:
        return True
    mark = conn.execute(select(Meta.value).where(Meta.key == "app")).scalar()
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
        check_sqlite_file(path, thorough=False)
    head = head_revision()
    backup: str | None = None
    with connect(engine) as conn:
        current = current_revision(conn)
        if current is None and _is_foreign_server_db(conn):
            raise YouduError("db_not_youdu", path=safe_url(engine.url))
        if current == head:
            return {"migrated": False, "revision": head, "backup": None}
        if current is not None and current not in known_revisions()[1]:
            raise YouduError("db_too_new", version=current)
    if path is not None:
        check_sqlite_file(path)  # every page read before anything is written
    if path is not None and current is not None and path.exists():
        backup_path = path.with_name(f"{path.name}.before-{head}.bak")
        with sqlite3.connect(path) as src, sqlite3.connect(backup_path) as dst:
            src.backup(dst)
        backup = str(backup_path)
    from alembic import command

    with connect(engine) as conn:
        with conn.begin():
            command.upgrade(_alembic_config(conn), "head")
            _mark(conn)
    log.info("database migrated from %s to %s", current, head)
    return {"migrated": True, "revision": head, "from": current, "backup": backup}


def _mark(conn: Connection) -> None:
    from youdu_console.store.models import AuditHead, IdBlock

    if conn.execute(select(Meta.value).where(Meta.key == "app")).scalar() is None:
        conn.execute(tables.META.insert(), [{"key": "app", "value": APP_MARK}])
    if conn.execute(select(AuditHead.id)).scalar() is None:
        conn.execute(tables.AUDIT_HEAD.insert(), [{"id": 1, "last_id": 0, "last_hash": "0" * 64}])
    for name in ("directory", "admin"):
        if conn.execute(select(IdBlock.next_id).where(IdBlock.name == name)).scalar() is None:
            conn.execute(tables.ID_BLOCKS.insert(), [{"name": name, "next_id": 1}])


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """An engine on a migrated database (created on first use); refuses foreign or damaged SQLite files."""
    path = _sqlite_path(url)
    if path is not None:
        if path.exists() and not migrate:  # upgrade() checks it otherwise; once is enough
            check_sqlite_file(path, thorough=False)
        elif not path.exists() and not path.parent.exists():
            raise DatabaseUnavailable("db_unreachable", url=safe_url(url), reason=f"{path.parent} does not exist")
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    else:
        with connect(engine) as conn:
            if current_revision(conn) != head_revision():
                raise YouduError("db_needs_upgrade")
    return engine

