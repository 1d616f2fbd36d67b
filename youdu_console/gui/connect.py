"""Qt-free connection work the start-up runs as jobs: test a database URL, open (and migrate) one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from youdu_console.domain.errors import DatabaseUnavailable
from youdu_console.services.admins import AdminService
from youdu_console.store.db import check_sqlite_file, make_engine, safe_url, status
from youdu_console.store.uow import UnitOfWork


@dataclass(frozen=True)
class ConnectionReport:
    backend: str
    revision: str | None
    head: str
    exists: bool

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def test_connection(url: str, progress: Any = None, cancel: Any = None) -> ConnectionReport:
    """Reach the database without changing it: a new SQLite file is reported, not created."""
    parsed = make_url(url)
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
    """Open the database (created and migrated on first use) and count its administrators."""
    from youdu_console.store.db import open_database

    uow = UnitOfWork(open_database(url))
    return OpenedDatabase(url, uow, AdminService(uow).count())
