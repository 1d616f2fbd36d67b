"""A member's view built from plain rows, and whether a scoped administrator may see the member: the rules
DirectoryService and the quick read (services.quick_read) share, written once, with no database access."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable
from typing import Any

from youdu_console.domain.model import MemberView


def public_attributes(text: str | None) -> dict[str, Any]:
    """Custom fields for display; keys starting with "_" are the console's own bookkeeping (sync records)."""
    if not text or text == "{}":
        return {}
    return {k: val for k, val in json.loads(text).items() if not k.startswith("_")}


def iso_utc(value: Any) -> str | None:
    """A stored UTC time as ISO text with a Z (what the window and the CLI show in local time)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value.replace(tzinfo=None).isoformat(timespec="seconds")) + "Z"


def stored_time(text: str | None) -> dt.datetime | None:
    """A time as SQLite holds it, read as SQLAlchemy's SQLite dialect reads it (`datetime.fromisoformat`)."""
    return None if text is None else dt.datetime.fromisoformat(text)


def visible_in_scope(dept_ids: Iterable[int], scope: Collection[int] | None) -> bool:
    """A member is within an administrator's scope when one of its departments is (None: no limit)."""
    return scope is None or any(d in scope for d in dept_ids)


def member_view(row: Any, positions: list[tuple[int, str]], path: Callable[[int], str], locked: bool,
                online: bool | None = None) -> MemberView:
    """The view of one member row (DirectoryService's columns, by attribute), its (department id, position)
    pairs in order, the departments' paths, its lock state and, when asked, whether it has an open session."""
    return MemberView(
        id=row.id, account=row.account, gid=row.gid, name=row.name, gender=row.gender, mobile=row.mobile or "",
        phone=row.phone, short_number=row.short_number, email=row.email,
        position=positions[0][1] if positions else "", weight=row.weight,
        departments=tuple(path(d) for d, _ in positions), status=row.status,
        authorization=row.authorization, locked=locked,
        confidential=tuple(c for c in row.confidential.split(",") if c),
        attributes=public_attributes(row.attributes),
        version=row.version,
        must_change_password=bool(row.must_change_password), positions=tuple(p for _, p in positions),
        resigned_at=iso_utc(row.resigned_at), online=online)
