"""Rules every change set must keep, checked by the engine inside the apply transaction after its writes.

The engine calls `check_all`; a rule registers here with `@invariant` and says which operations concern
it, so the engine depends on no feature module (licence seats live with access, admins with admins).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from youdu_console.domain.changeset import Operation
from youdu_console.domain.errors import YouduError
from youdu_console.store import tables
from youdu_console.store.settings import setting_value

Check = Callable[[Connection, Sequence[Operation]], None]


@dataclass(frozen=True)
class Invariant:
    name: str
    concerns: Callable[[Operation], bool]
    check: Check


_INVARIANTS: dict[str, Invariant] = {}


def invariant(name: str, concerns: Callable[[Operation], bool]) -> Callable[[Check], Check]:
    """Register `check(conn, ops)`, run when any operation of a change set `concerns` it."""
    def deco(check: Check) -> Check:
        _INVARIANTS[name] = Invariant(name, concerns, check)
        return check
    return deco


def check_all(conn: Connection, ops: Sequence[Operation]) -> None:
    for rule in list(_INVARIANTS.values()):
        if any(rule.concerns(op) for op in ops):
            rule.check(conn, ops)


def seats_in_use(conn: Connection) -> int:
    m = tables.MEMBERS
    return int(conn.execute(select(func.count()).select_from(m).where(
        m.c.authorization == "authorized", m.c.status == "active")).scalar() or 0)


def _grants_a_seat(op: Operation) -> bool:
    return op.entity == "member" and (op.after or {}).get("authorization") == "authorized"


@invariant("licence_seats", _grants_a_seat)
def seat_check(conn: Connection, ops: Sequence[Operation]) -> None:
    """Refuse when authorisations would exceed the licence's seats, or the licence has expired."""
    if not any(_grants_a_seat(op) for op in ops):
        return
    expires = setting_value(conn, "licence.expires")
    if expires and dt.date.fromisoformat(expires) < dt.date.today():
        raise YouduError("licence_expired", date=expires)
    limit = int(setting_value(conn, "licence.seat_limit"))
    used = seats_in_use(conn)
    if used > limit:
        raise YouduError("licence_exhausted", used=used, limit=limit)


@invariant("last_super_admin", lambda op: op.entity == "admin")
def keep_a_super_admin(conn: Connection, ops: Sequence[Operation]) -> None:
    """No change set may leave the console without a super administrator (e.g. undoing the first-run one).

    When the change can take a super administrator away, the super administrators' rows are counted with a
    locking read (FOR UPDATE on a database server; SQLite has one writer anyway): two removals of the last two
    at once would otherwise each count the other's row, not yet deleted, and both commit. Locked, the second
    waits for the first and counts what it left (a locking read sees the latest committed rows, whatever the
    isolation level), or one of the two is refused as a deadlock — either way one super administrator stays."""
    admins = tables.ADMINS
    supers_of = select(admins.c.id).where(admins.c.role == "super")
    if any(op.action == "delete" or "role" in (op.after or {}) for op in ops):
        supers = len(conn.execute(supers_of.with_for_update()).all())
    else:
        supers = conn.execute(select(func.count()).select_from(supers_of.subquery())).scalar() or 0
    if not supers:
        raise YouduError("admin_last_super")
