"""The SQLite file without SQLAlchemy: where it is, the checks that refuse a foreign or damaged one, the schema
head, and a read-only connection with the SQL text of the quick reads (services.quick_read).

Importing SQLAlchemy costs a command ~0.2 s here (2.1 loads its whole package, asyncio and importlib.metadata
with it): a read that a user types (`member show`) answers its common case through this module instead, and
everything else — any doubt included — goes the full way through store.db. Nothing here writes.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from youdu_console.domain.errors import YouduError

MIGRATIONS = Path(__file__).with_name("migrations")
APP_MARK = "youdu-console"


def default_url(*, create_folder: bool = True) -> str:
    """`$YOUDU_DB`, else a SQLite file in the platform's user data directory (made when `create_folder`)."""
    env = os.environ.get("YOUDU_DB")
    if env:
        return env
    import platformdirs

    data = Path(platformdirs.user_data_dir("youdu-console", "Youdu"))
    if create_folder:
        data.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{data / 'youdu-console.db'}"


# `sqlite:///PATH` as SQLAlchemy reads it when PATH has nothing it would decode or take as an option.
_PLAIN_SQLITE_URL = re.compile(r"sqlite:///(?P<path>[^?#%]+)\Z")


def plain_sqlite_path(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (a server, options, escapes, memory),
    which the caller leaves to SQLAlchemy's own parsing."""
    found = _PLAIN_SQLITE_URL.match(url)
    if found is None or found["path"] == ":memory:":
        return None
    return Path(found["path"])


def check_sqlite_file(path: Path, *, integrity: bool = False) -> None:
    """Refuse a file that is not SQLite, a cut-off one, or a SQLite database that is not ours.

    `integrity` adds SQLite's quick_check, which reads the whole file (90 ms on 100,000 members, a tenth
    of the window's start-up): it runs before a migration rewrites the file, not at every open.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    # Read through SQLite only: a plain open()/close() of the file would drop every POSIX lock this process's
    # open connections hold on it (see store.db._guard_sqlite_files). SQLite refuses a foreign file as "not a
    # database".
    try:
        con = sqlite3.connect(_probe_uri(path), uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                return
            if "youdu_meta" not in tables:
                raise YouduError("db_not_youdu", path=str(path))
            row = con.execute("SELECT value FROM youdu_meta WHERE key='app'").fetchone()
            if not row or row[0] != APP_MARK:
                raise YouduError("db_not_youdu", path=str(path))
            if integrity:
                check = con.execute("PRAGMA quick_check(1)").fetchone()
                if not check or check[0] != "ok":
                    raise YouduError("db_not_youdu", path=str(path))
            elif _cut_off(con, path):
                raise YouduError("db_not_youdu", path=str(path))
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise YouduError("db_not_youdu", path=str(path)) from None


def _cut_off(con: sqlite3.Connection, path: Path) -> bool:
    """A file shorter than the pages its header counts was cut off (a cheap check; quick_check reads it all).

    With a -wal file beside it the main file may legitimately be shorter: the newest pages are in the WAL.
    """
    if path.with_name(path.name + "-wal").exists():
        return False
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    return bool(path.stat().st_size < pages * size)


def _probe_uri(path: Path) -> str:
    """A read-only URI for inspecting `path` without creating anything beside it.

    `mode=ro` alone still creates `-wal` and `-shm` files for a WAL database (measured); `immutable=1` does not.
    Immutable is safe only while nobody writes, so it is used when no `-wal` file exists (no open writer,
    or the file is not in use at all); with one, a plain read-only open finds the files already there.
    """
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    return f"{uri}?mode=ro" if wal.exists() else f"{uri}?mode=ro&immutable=1"


_REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*["']([^"']+)["']""", re.MULTILINE)


@cache
def head_revision() -> str:
    """The newest migration, read from the scripts' `revision` / `down_revision` lines.

    Alembic itself is imported only to migrate: importing it and loading every script to learn the head
    cost a fifth of the window's start-up (0.1-0.4 s). A test checks this agrees with Alembic's answer.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            if "down_revision" in found:
                parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        return _alembic_head()  # branches or unusual scripts: let Alembic decide (and complain)
    return heads.pop()


def _alembic_head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(cfg)
    head = scripts.get_current_head()
    assert head is not None
    return head


# ---------------------------------------------------------------- the quick reads' connection and SQL


class Row(tuple):  # type: ignore[type-arg]
    """A result row with attribute access by column name, as SQLAlchemy's rows have (the view builders that
    DirectoryService shares with the quick read take either). Lighter than a namedtuple class per query."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    def _replace(self, **values: Any) -> Row:
        items = list(self)
        for name, value in values.items():
            items[self._index[name]] = value
        return type(self)(items)


@cache
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in enumerate(names)}})


def _named_rows(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Row:
    return _row_class(tuple(c[0] for c in cursor.description))(row)


def open_read_only(path: Path) -> sqlite3.Connection | None:
    """A connection that reads `path` as the application's would, and cannot write; None when the file is
    not one this module answers for (missing, foreign, damaged, not in WAL mode — the full path decides).

    Opened read-write without creating (`mode=rw`) and made `query_only`: a `mode=ro` connection leaves the
    `-wal` and `-shm` files behind (it may not remove them at close), a read-write one removes them as the
    window's and the full CLI's connections do. Set up like store.db's connect hook: foreign keys, the same
    busy timeout, autocommit (the caller opens the transaction). The journal mode is only read: turning a
    file to WAL is a write, left to the full path.
    """
    if not path.is_file():
        return None
    try:
        check_sqlite_file(path)
    except YouduError:
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA busy_timeout=30000")
        con.execute("PRAGMA query_only=ON")
        mode = con.execute("PRAGMA journal_mode").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            con.close()
            return None
    except sqlite3.Error:
        con.close()
        return None
    con.row_factory = _named_rows
    return con


def schema_revision(con: sqlite3.Connection) -> str | None:
    """The one revision in alembic_version (None: none, several, or no table)."""
    if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone() is None:
        return None
    rows = con.execute("SELECT version_num FROM alembic_version").fetchall()
    return str(rows[0].version_num) if len(rows) == 1 else None


def admin_row(con: sqlite3.Connection, name: str) -> Any:
    return con.execute("SELECT name, role, password_hash, scopes, permissions FROM admins WHERE name = ?", (name,)).fetchone()


def admin_has_login_state(con: sqlite3.Connection, name: str) -> bool:
    """Any row of failure counting or lock for the administrator (the full login clears or refuses it)."""
    return con.execute("SELECT 1 FROM admin_login_state WHERE name = ?", (name,)).fetchone() is not None


# The columns of DirectoryService's member rows (services.directory._ROW_COLS), by the same names.
_MEMBER_COLUMNS = ("id, account, gid, name, gender, mobile, phone, short_number, email, weight, status, "
                   "authorization, confidential, attributes, version, must_change_password, resigned_at")


def member_row(con: sqlite3.Connection, account: str) -> Any:
    return con.execute(f"SELECT {_MEMBER_COLUMNS} FROM members WHERE account = ?", (account,)).fetchone()


def member_positions(con: sqlite3.Connection, member_id: int) -> list[tuple[int, str]]:
    """(department id, position) of each of the member's departments, in their order."""
    rows = con.execute("SELECT dept_id, position FROM member_departments WHERE member_id = ? "
                       "ORDER BY member_id, seq", (member_id,)).fetchall()
    return [(r.dept_id, r.position) for r in rows]


def member_online(con: sqlite3.Connection, account: str) -> bool:
    """services.presence.online_accounts for one account: an open client session."""
    return con.execute("SELECT 1 FROM client_sessions WHERE account = ? AND ended_at IS NULL LIMIT 1",
                       (account,)).fetchone() is not None


def member_locked(con: sqlite3.Connection, member_id: int) -> bool:
    return con.execute("SELECT 1 FROM login_state WHERE member_id = ? AND locked_at IS NOT NULL",
                       (member_id,)).fetchone() is not None


def department_branches(con: sqlite3.Connection, dept_ids: Iterable[int]) -> list[Any]:
    """The departments and all their ancestors (id, gid, name, parent_id, sort, alias, version), one query
    per level, as services.tree.load_branches reads them."""
    rows: dict[int, Any] = {}
    wanted = set(dept_ids)
    while wanted:
        ids = sorted(wanted)
        marks = ",".join("?" * len(ids))
        found = con.execute("SELECT id, gid, name, parent_id, sort, alias, version FROM departments "
                            f"WHERE id IN ({marks})", ids).fetchall()
        rows.update((r.id, r) for r in found)
        wanted = {r.parent_id for r in found if r.parent_id is not None} - rows.keys()
    return list(rows.values())


def department_parents(con: sqlite3.Connection) -> dict[int, int | None]:
    """Every department's parent id (a scoped administrator's scope is computed from it)."""
    return {r.id: r.parent_id for r in con.execute("SELECT id, parent_id FROM departments")}
