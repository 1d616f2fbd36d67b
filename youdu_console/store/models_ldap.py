"""LDAP sync run history: each run's outcome, counts, errors and the cursor the next incremental run starts from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from youdu_console.store.models import Base, Timestamp


class LdapSyncRun(Base):
    """One sync attempt (applied, previewed, refused or failed). The newest applied or "nothing to do" run
    with a cursor is where the next incremental sync starts; `plan_hash` tells whether a preview is due."""

    __tablename__ = "ldap_sync_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    trigger: Mapped[str] = mapped_column(String(16))  # manual | schedule
    mode: Mapped[str] = mapped_column(String(16))  # full | incremental
    status: Mapped[str] = mapped_column(String(24), index=True)
    admin: Mapped[str] = mapped_column(String(64), default="")
    server: Mapped[str] = mapped_column(String(255), default="")
    server_id: Mapped[str] = mapped_column(String(255), default="")
    plan_hash: Mapped[str] = mapped_column(String(64), default="")
    cursor: Mapped[str | None] = mapped_column(String(64))
    counts: Mapped[str] = mapped_column(Text, default="{}")
    errors: Mapped[str] = mapped_column(Text, default="[]")
    notices: Mapped[str] = mapped_column(Text, default="[]")
    message: Mapped[str] = mapped_column(Text, default="")
    change_id: Mapped[int | None] = mapped_column(Integer)
