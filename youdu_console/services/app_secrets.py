"""Apps' secrets and the journal: the change_sets payload never holds an EncodingAESKey or a callback Token.

Before a change set touching apps is journalled, each secret value of its app operations is replaced by
"secret:<ref>" (128 random bits: it tells nothing about the value, unlike a hash of a typed Token) and the
clear value is written to `app_secret_history` (store/tables.py), which on a secured server only super
administrators can read. When an undo replays such an operation, the reference is read back here. Design and
limits: docs/app-secrets.md.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from sqlalchemy import Connection, insert, select

from youdu_console.domain import apps as rules
from youdu_console.domain.changeset import Operation
from youdu_console.domain.errors import PermissionDenied
from youdu_console.store import tables

SECRET_COLUMNS = ("aes_key", "callback_token")
PREFIX = "secret:"
H = tables.APP_SECRET_HISTORY
# The apps' columns every console login may read (the secured server grants no more to non-super logins).
PUBLIC_COLUMNS = tuple(c for c in tables.APPS.c if c.name not in SECRET_COLUMNS)


def is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def for_journal(conn: Connection, ops: list[Operation], now: Any) -> list[Operation]:
    """The operations as they are journalled: app secrets replaced by references stored in the history."""
    out: list[Operation] = []
    rows: list[dict[str, Any]] = []
    for op in ops:
        if op.entity != "app" or not any(c in (v or {}) for v in (op.before, op.after) for c in SECRET_COLUMNS):
            out.append(op)
            continue
        sides: list[dict[str, Any] | None] = []
        for values in (op.before, op.after):
            if values is None:
                sides.append(None)
                continue
            values = dict(values)
            for c in SECRET_COLUMNS:
                v = values.get(c)
                if v and not is_ref(v):
                    ref = PREFIX + secrets.token_hex(16)
                    rows.append({"ref": ref[len(PREFIX):], "secret": v, "created_at": now})
                    values[c] = ref
            sides.append(values)
        out.append(dataclasses.replace(op, before=sides[0], after=sides[1]))
    if rows:
        conn.execute(insert(H), rows)
    return out


def resolve(conn: Connection, ops: list[Operation]) -> None:
    """Replace references in the values an undo writes by the journalled secrets (super administrators only
    can read them on a secured server). An app re-created without a key (a deletion journalled by a login
    that could not read the key) gets a new one."""
    for op in ops:
        if op.entity != "app" or op.after is None:
            continue
        after = dict(op.after)
        for c in SECRET_COLUMNS:
            if is_ref(after.get(c)):
                ref = after[c][len(PREFIX):]
                # a login that may not read the history is refused by the server (store.security maps it)
                value = conn.execute(select(H.c.secret).where(H.c.ref == ref)).scalar()
                if value is None:
                    raise PermissionDenied("db_permission_denied", reason=f"app secret {ref[:8]}… not found")
                after[c] = value
        if op.action == "add":
            after.setdefault("aes_key", rules.new_aes_key())
            after.setdefault("callback_token", "")
        op.after = after
