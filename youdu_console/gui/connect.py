"""Qt-free connection work the start-up runs as jobs: test a database URL, open (and migrate) one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from youdu_console.domain.errors import DatabaseUnavailable
from youdu_console.services.admins import AdminService
from youdu_console.store import security
from youdu_console.store.db import check_sqlite_file, make_engine, safe_url, status
from youdu_console.store.uow import UnitOfWork

SHARED_SERVER = -1  # OpenedDatabase.admins on a shared server: the administrators are not counted before login


@dataclass(frozen=True)
class ConnectionReport:
    backend: str
    revision: str | None
    head: str
    exists: bool
    shared: bool = False  # a shared server reached without a user: sign in with your own login

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def test_connection(url: str, progress: Any = None, cancel: Any = None) -> ConnectionReport:
    """Reach the database without changing it: a new SQLite file is reported, not created."""
    parsed = make_url(url)
    if security.needs_console_login(url):
        # No user: the administrator's own login is asked at sign-in; only the server's presence is tested here.
        default_port = 5432 if parsed.get_backend_name() == "postgresql" else 3306
        _probe_server(parsed.host or "127.0.0.1", int(parsed.port or default_port), url)
        from youdu_console.store.db import head_revision

        return ConnectionReport(parsed.get_backend_name(), None, head_revision(), True, shared=True)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        path = Path(parsed.database)
        if not path.parent.is_dir():
            raise DatabaseUnavailable("db_unreachable", url=safe_url(url), reason=f"{path.parent} does not exist")
        if not path.exists():
            from youdu_console.store.db import head_revision

            return ConnectionReport("sqlite", None, head_revision(), False)
        check_sqlite_file(path)
    engine = make_engine(url)
    try:
        info = status(engine)
    finally:
        engine.dispose()
    return ConnectionReport(str(info["backend"]), info["revision"], str(info["head"]), True)


@dataclass
class OpenedDatabase:
    url: str
    uow: UnitOfWork
    admins: int


def open_connection(url: str, progress: Any = None, cancel: Any = None) -> OpenedDatabase:
    """Open the database (created and migrated on first use) and count its administrators.

    A shared server's URL without a user is opened by the administrator's own login at the login dialog
    (services.console.login): nothing connects yet, and `admins` is -1 (unknown, so no first-run step).
    """
    from youdu_console.store.db import open_database

    if security.needs_console_login(url):
        return OpenedDatabase(url, UnitOfWork(make_engine(url)), SHARED_SERVER)
    uow = UnitOfWork(open_database(url))
    return OpenedDatabase(url, uow, AdminService(uow).count())


def _probe_server(host: str, port: int, url: str) -> None:
    import socket

    try:
        with socket.create_connection((host, port), timeout=10):
            pass
    except OSError as exc:
        raise DatabaseUnavailable("db_unreachable", url=safe_url(url), reason=str(exc)) from None
