"""Tables of the server API: the system-message outbox (系统消息) that msg/send fills."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from youdu_console.store.models import Base, Timestamp


class SystemMessage(Base):
    """A system message an app sent (msg/send, msgType sysMsg), waiting for the IM server to deliver it."""

    __tablename__ = "system_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    app_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    to_users: Mapped[str] = mapped_column(Text, default="")  # accounts, "|"-separated as the vendor sends them
    to_depts: Mapped[str] = mapped_column(Text, default="")  # department ids, "|"-separated
    to_all: Mapped[bool] = mapped_column(Boolean, default=False)
    online_only: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(190), default="")
    body: Mapped[str] = mapped_column(Text)  # the sysMsg object as JSON
    status: Mapped[str] = mapped_column(String(12), default="queued")
