"""Presence: a member with an open client session (policy/sessions.py records them) is online."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, exists, select

from youdu_console.store.tables_api import CLIENT_SESSIONS as S


def online_accounts(conn: Connection, accounts: Iterable[str]) -> set[str]:
    """Which of `accounts` have an open session."""
    wanted = list(accounts)
    out: set[str] = set()
    for i in range(0, len(wanted), 900):
        out.update(r[0] for r in conn.execute(select(S.c.account).where(
            S.c.account.in_(wanted[i:i + 900]), S.c.ended_at.is_(None)).distinct()))
    return out


def online_expression(account_column: Any) -> Any:
    """True for a member with an open session (the "online first" order, 5.3.5)."""
    return exists(select(S.c.session_id).where(and_(S.c.account == account_column, S.c.ended_at.is_(None))))
