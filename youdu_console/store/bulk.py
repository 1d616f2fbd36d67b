"""Fast bulk INSERTs through the driver's executemany (measured in bench/bench_core.py)."""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Table, insert


def tuple_getter(cols: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """itemgetter that always returns a tuple (itemgetter of one key returns the bare value)."""
    if len(cols) == 1:
        only = cols[0]
        return lambda d: (d[only],)
    return itemgetter(*cols)


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows given as dicts; rows whose keys differ from the first row's go through Core."""
    if not rows:
        return
    cols = list(rows[0])
    pick = tuple_getter(cols)
    try:
        if any(len(r) != len(cols) for r in rows):
            raise KeyError("rows with other columns")
        data = [pick(r) for r in rows]  # by name, so a row's key order never shifts its values
    except KeyError:
        conn.execute(insert(table), rows)
        return
    insert_tuples(conn, table, cols, data)


def insert_tuples(conn: Connection, table: Table, cols: list[str], data: list[tuple[Any, ...]],
                  bound: frozenset[str] = frozenset()) -> None:
    """INSERT through the driver's executemany with plain tuples.

    SQLAlchemy's Core executemany costs ~1.4× the raw driver on 100k rows (per-row parameter
    construction); binding through each column's own bind processor keeps its type conversions.
    Columns in `bound` already hold driver values (constants converted once by the caller).
    """
    if not data:
        return
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    procs = [None if c in bound or _native(dialect.name, table.c[c].type)
             else table.c[c].type._cached_bind_processor(dialect) for c in cols]
    mark = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in cols)}) "
           f"VALUES ({', '.join([mark] * len(cols))})")
    converted = [(i, p) for i, p in enumerate(procs) if p is not None]
    if converted:
        fixed = []
        for row in data:
            values = list(row)
            for i, p in converted:
                if values[i] is not None:
                    values[i] = p(values[i])
            fixed.append(tuple(values))
        data = fixed
    conn.exec_driver_sql(sql, data)


def _native(dialect_name: str, column_type: Any) -> bool:
    """Values the driver stores as the processor would: sqlite3 writes a Python bool as the integer 0 or 1.

    Skipping that one processor spares a 100k-member import a pass that rebuilds every row's tuple.
    """
    return dialect_name == "sqlite" and isinstance(column_type, Boolean)
