"""Reading one declared setting inside a caller's transaction (stored value, else its declared default)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain.settings import get_setting
from youdu_console.store import tables


def setting_value(conn: Connection, key: str) -> Any:
    """One setting's effective value inside the caller's transaction (stored, else the default)."""
    setting = get_setting(key)
    s = tables.SETTINGS
    raw = conn.execute(select(s.c.value).where(s.c.key == key)).scalar()
    return setting.default if raw is None else setting.parse(json.loads(raw))
