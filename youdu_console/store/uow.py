"""Unit of work: read connections and single-transaction write connections over one engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import DBAPIError

from youdu_console.store import tables
from youdu_console.store.db import connect
from youdu_console.store.security import refusal


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal by the server (grant, row rule, trigger) becomes the same coded error a service raises."""
    try:
        yield
    except DBAPIError as exc:
        coded = refusal(exc)
        if coded is None:
            raise
        raise coded from None


class UnitOfWork:
    """Hands out connections; services never see an engine or a Session."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.url.get_backend_name()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _refusals(), connect(self.engine) as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction, committed on success and rolled back on any exception."""
        with _refusals(), connect(self.engine) as conn:
            if self.backend == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()


class HeldUnitOfWork(UnitOfWork):
    """A unit of work whose reads and writes all happen in one transaction already open (the caller commits)."""

    def __init__(self, uow: UnitOfWork, conn: Connection) -> None:
        super().__init__(uow.engine)
        self._conn = conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        yield self._conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        yield self._conn


def allocate_ids(conn: Connection, name: str, count: int) -> int:
    """Reserve `count` consecutive ids from a named block inside the caller's transaction; returns the first."""
    table = tables.ID_BLOCKS
    first = conn.execute(select(table.c.next_id).where(table.c.name == name).with_for_update()).scalar_one()
    conn.execute(update(table).where(table.c.name == name).values(next_id=first + count))
    return int(first)
