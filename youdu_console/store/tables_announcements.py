"""通知公告 (manual 3.5.7): categories, announcements with the recipients resolved at send time, and reads.

`announcements.recipients` holds the member ids the audience resolved to when the announcement was sent (a
JSON list, the change set's record of it); `announcement_recipients` is the same list as rows, written from it
by the change engine (services/announcements.py), so "what does member X see" and "who has not read it" are
indexed queries. `announcement_reads` is telemetry the IM server reports through the policy API: rows written
directly, not change sets (docs/announcements.md says why). Member ids carry no foreign key: a member deleted
later leaves the count "共N人" as it was sent.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text

from youdu_console.store.tables import METADATA, Id, Table, col, id_col, time_col

# MariaDB's TEXT holds 64 KiB; the recipients of a 100,000-member audience are about 800 KB.
LongText = Text().with_variant(Text(2**32 - 1), "mysql", "mariadb")

ANNOUNCEMENT_CATEGORIES = Table("announcement_categories", METADATA,
                                id_col(),
                                col("name", String(32), nullable=False, unique=True),
                                col("position", Integer, nullable=False, default=0),
                                col("version", Integer, nullable=False, default=1),
                                time_col("created_at"), time_col("updated_at"))

ANNOUNCEMENTS = Table("announcements", METADATA,
                      id_col(),
                      id_col("category_id", ForeignKey("announcement_categories.id"), primary_key=False,
                             index=True),
                      col("title", String(100), nullable=False),
                      col("body", Text, nullable=False, default=""),
                      col("sender", String(64), nullable=False),
                      col("audience", Text, nullable=False, default="{}"),  # {"all", "members", "departments"}
                      col("recipients", LongText, nullable=False, default="[]"),  # member ids, as sent
                      col("recipient_count", Integer, nullable=False, default=0),
                      time_col("sent_at", index=True),
                      col("pinned", Boolean, nullable=False, default=False),
                      col("recalled", Boolean, nullable=False, default=False),
                      col("version", Integer, nullable=False, default=1),
                      time_col("created_at"), time_col("updated_at"))

ANNOUNCEMENT_RECIPIENTS = Table("announcement_recipients", METADATA,
                                col("announcement_id", Id, ForeignKey("announcements.id"), primary_key=True),
                                col("member_id", Id, primary_key=True, autoincrement=False),
                                Index("ix_announcement_recipients_member", "member_id"))

ANNOUNCEMENT_READS = Table("announcement_reads", METADATA,
                           col("announcement_id", Id, ForeignKey("announcements.id"), primary_key=True),
                           col("member_id", Id, primary_key=True, autoincrement=False),
                           time_col("read_at"))
