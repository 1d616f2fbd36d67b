"""What a member's client shows of 通知公告 (3.5.7), and the read receipts the IM server reports.

Both answer the IM server, not an administrator: no actor. A read is telemetry (one row per member and
announcement, written at most once), not a change set — docs/announcements.md says why.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.exc import IntegrityError

from youdu_console.domain import validation as v
from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.services.announcements import iso
from youdu_console.services.changes import utcnow
from youdu_console.store import tables
from youdu_console.store.tables_announcements import ANNOUNCEMENT_CATEGORIES as CAT
from youdu_console.store.tables_announcements import ANNOUNCEMENT_READS as READS
from youdu_console.store.tables_announcements import ANNOUNCEMENT_RECIPIENTS as RCPT
from youdu_console.store.tables_announcements import ANNOUNCEMENTS as ANN
from youdu_console.store.uow import UnitOfWork

M = tables.MEMBERS


def _member(conn: Connection, account: str) -> tuple[int, str]:
    acc = v.fold_account(account)
    mid = conn.execute(select(M.c.id).where(M.c.account == acc)).scalar() if acc else None
    if mid is None:
        raise NotFound("member_not_found", account=acc)
    return int(mid), acc


def announcements_for(conn: Connection, account: str) -> dict[str, Any]:
    """policy announcements-for: the announcements the member received and that are not recalled, pinned first
    then the newest, each with whether (and when) the member read it."""
    mid, acc = _member(conn, account)
    q = (select(ANN.c.id, ANN.c.title, ANN.c.body, ANN.c.sender, ANN.c.sent_at, ANN.c.pinned, CAT.c.name,
                READS.c.read_at)
         .select_from(RCPT.join(ANN, ANN.c.id == RCPT.c.announcement_id)
                      .outerjoin(CAT, CAT.c.id == ANN.c.category_id)
                      .outerjoin(READS, (READS.c.announcement_id == ANN.c.id) & (READS.c.member_id == mid)))
         .where(RCPT.c.member_id == mid, ANN.c.recalled.is_(False))
         .order_by(ANN.c.pinned.desc(), ANN.c.sent_at.desc(), ANN.c.id.desc()))
    items = [{"id": r.id, "title": r.title, "body": r.body, "category": r.name or "", "sender": r.sender,
              "sent_at": iso(r.sent_at), "pinned": bool(r.pinned), "read": r.read_at is not None,
              "read_at": iso(r.read_at)} for r in conn.execute(q)]
    return {"account": acc, "unread": sum(1 for i in items if not i["read"]), "announcements": items}


# One statement answers everything a read receipt checks (built once: reads come by the thousand): the member,
# the announcement, whether it was sent to the member, and the member's earlier read.
_STATE = (select(M.c.id.label("member_id"), ANN.c.id.label("ann_id"), ANN.c.title, ANN.c.recalled,
                 RCPT.c.member_id.label("recipient"), READS.c.read_at)
          .select_from(M.outerjoin(ANN, ANN.c.id == bindparam("ann"))
                       .outerjoin(RCPT, (RCPT.c.announcement_id == ANN.c.id) & (RCPT.c.member_id == M.c.id))
                       .outerjoin(READS, (READS.c.announcement_id == ANN.c.id) & (READS.c.member_id == M.c.id)))
          .where(M.c.account == bindparam("acc")))
_INSERT = READS.insert()


def record_read(uow: UnitOfWork, account: str, announcement_id: Any) -> dict[str, Any]:
    """announcement/read: the member read the announcement. Idempotent: a second report changes nothing and
    answers the first read's time. Refused for a recalled announcement and for a member it was not sent to."""
    try:
        ann_id = int(announcement_id)
    except (TypeError, ValueError):
        raise ValidationError("announcement_not_found", field="id", id=announcement_id) from None
    acc = v.fold_account(account)
    for attempt in (1, 2):
        try:
            with uow.write() as conn:
                row = conn.execute(_STATE, {"ann": ann_id, "acc": acc}).first() if acc else None
                if row is None:
                    raise NotFound("member_not_found", account=acc)
                if row.ann_id is None:
                    raise NotFound("announcement_not_found", id=ann_id)
                if row.recalled:
                    raise ValidationError("announcement_recalled", field="id", title=row.title)
                if row.recipient is None:
                    raise ValidationError("announcement_not_recipient", field="account", account=acc,
                                          title=row.title)
                if row.read_at is not None:
                    return {"id": ann_id, "account": acc, "read_at": iso(row.read_at), "first": False}
                now = utcnow()
                conn.execute(_INSERT, {"announcement_id": ann_id, "member_id": row.member_id, "read_at": now})
                return {"id": ann_id, "account": acc, "read_at": iso(now), "first": True}
        except IntegrityError:
            if attempt == 2:  # pragma: no cover - a second race on the same row cannot lose again
                raise
            # Another worker recorded the same read between our check and insert: answer its row.
    raise AssertionError("unreachable")  # pragma: no cover
