"""可见性设置 (manual 5.3.1): the address book's visibility rules, one row per rule.

A rule's subjects, whitelist and extra-visible items name departments (with their sub-departments) and
members by id, as JSON lists of "d:ID" / "m:ID": a rename or a move keeps the rule pointing at the same
department, and a `.dat` backup carries them by gid (services/visibility.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from youdu_console.store.models import Base, Id, Timestamp


class VisibilityRule(Base):
    """One rule: `kind` hide (隐藏部门/成员) | restrict (限制查看外部门) | forbid (禁止查看所有人)."""

    __tablename__ = "visibility_rules"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    subjects: Mapped[str] = mapped_column(Text, default="[]")
    whitelist: Mapped[str] = mapped_column(Text, default="[]")
    extra: Mapped[str] = mapped_column(Text, default="[]")  # restrict only: extra visible departments/members
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
