"""What a member's client shows of 通知公告 (3.5.7), and the read receipts the IM server reports.

Both answer the IM server, not an administrator: no actor. A read is telemetry (one row per member and
announcement, written at most once), not a change set — docs/announcements.md says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BindParameter, Connection, bindparam, select
from sqlalchemy.exc import IntegrityError

from youdu_console.domain import validation as v
from youdu_console.domain.errors import NotFound, ValidationError, YouduError
from youdu_console.services.announcements import iso
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import utcnow
from youdu_console.store import tables
from youdu_console.store.tables_announcements import ANNOUNCEMENT_CATEGORIES as CAT
from youdu_console.store.tables_announcements import ANNOUNCEMENT_READS as READS
from youdu_console.store.tables_announcements import ANNOUNCEMENT_RECIPIENTS as RCPT
from youdu_console.store.tables_announcements import ANNOUNCEMENTS as ANN
from youdu_console.store.uow import UnitOfWork

# Reporting a member's read is the IM server's part; an administrator may do it on the CLI only with this right
# (held by super administrators: an auditor or helpdesk login cannot write receipts).
READS_REPORT = declare_right("announcements.report", ("报告公告已读", "report announcement reads"))

M = tables.MEMBERS
ID_LIMIT = 2**63  # ids are 64-bit integers on every backend


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


@dataclass(frozen=True)
class ReadReceipt:
    """One report of the IM server: `account` (folded) read announcement `announcement_id`."""

    account: str
    announcement_id: int


def read_receipt(account: str, announcement_id: Any) -> ReadReceipt:
    """The receipt, checked for form only (no database): an id that is no number names no announcement."""
    if isinstance(announcement_id, bool):
        raise ValidationError("announcement_not_found", field="id", id=announcement_id)
    try:
        ann_id = int(announcement_id)
    except (TypeError, ValueError):
        raise ValidationError("announcement_not_found", field="id", id=announcement_id) from None
    if not -ID_LIMIT <= ann_id < ID_LIMIT:  # no row has it; the database would refuse the whole burst
        raise ValidationError("announcement_not_found", field="id", id=announcement_id)
    return ReadReceipt(v.fold_account(account), ann_id)


# Built once (reads come by the thousand); the accounts are one expanding parameter, so a burst of any size
# reuses the compiled statement.
_ANN: BindParameter[int] = bindparam("ann")
_ANNOUNCEMENT = select(ANN.c.title, ANN.c.recalled).where(ANN.c.id == _ANN)
_STATE = (select(M.c.account, M.c.id, RCPT.c.member_id.label("recipient"), READS.c.read_at)
          .select_from(M.outerjoin(RCPT, (RCPT.c.announcement_id == _ANN) & (RCPT.c.member_id == M.c.id))
                       .outerjoin(READS, (READS.c.announcement_id == _ANN) & (READS.c.member_id == M.c.id)))
          .where(M.c.account.in_(bindparam("accounts", expanding=True))))
_INSERT = READS.insert()
_CHUNK = 900  # accounts per statement (SQLite's bound-parameter limit on old builds is 999)

Answer = dict[str, Any] | YouduError


def record_read(uow: UnitOfWork, account: str, announcement_id: Any, *, reporter: Actor) -> dict[str, Any]:
    """announcement/read: the member read the announcement. Idempotent: a second report changes nothing and
    answers the first read's time. Refused for a recalled announcement and for a member it was not sent to.
    `reporter`: the IM server (super), or an administrator holding the right to report reads."""
    reporter.require(READS_REPORT)
    answer = record_reads(uow, [read_receipt(account, announcement_id)])[0]
    if isinstance(answer, YouduError):
        raise answer
    return answer


def record_reads(uow: UnitOfWork, receipts: Sequence[ReadReceipt]) -> list[Answer]:
    """A burst of receipts in one transaction (serve-api's group commit, api/batch.py): each its own answer,
    as record_read answers it, or its own refusal (a coded error as a value) — a bad one refuses only itself.
    The same receipt twice in a burst is recorded once; the second answers the first's time."""
    for attempt in (1, 2):
        try:
            with uow.write() as conn:
                return _record(conn, receipts)
        except IntegrityError:
            if attempt == 2:  # pragma: no cover - a second race on the same rows cannot lose again
                raise
            # Another process recorded one of these reads between our check and insert: read again, and that
            # receipt answers the other's row (first: false).
    raise AssertionError("unreachable")  # pragma: no cover


def _record(conn: Connection, receipts: Sequence[ReadReceipt]) -> list[Answer]:
    answers: list[Answer | None] = [None] * len(receipts)
    by_announcement: dict[int, list[int]] = {}
    for i, r in enumerate(receipts):
        by_announcement.setdefault(r.announcement_id, []).append(i)
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    for ann_id, indexes in by_announcement.items():
        accounts = sorted({receipts[i].account for i in indexes if receipts[i].account})
        state: dict[str, tuple[int, Any, Any]] = {}
        for c in range(0, len(accounts), _CHUNK):
            for acc, mid, recipient, read_at in conn.execute(_STATE, {"ann": ann_id,
                                                                      "accounts": accounts[c:c + _CHUNK]}):
                state[acc] = (int(mid), recipient, read_at)
        ann = conn.execute(_ANNOUNCEMENT, {"ann": ann_id}).first() if state else None
        for i in indexes:
            acc = receipts[i].account
            found = state.get(acc)
            if found is None:
                answers[i] = NotFound("member_not_found", account=acc)
            elif ann is None:
                answers[i] = NotFound("announcement_not_found", id=ann_id)
            elif ann.recalled:
                answers[i] = ValidationError("announcement_recalled", field="id", title=ann.title)
            elif found[1] is None:
                answers[i] = ValidationError("announcement_not_recipient", field="account", account=acc,
                                             title=ann.title)
            elif found[2] is not None:
                answers[i] = {"id": ann_id, "account": acc, "read_at": iso(found[2]), "first": False}
            else:
                answers[i] = {"id": ann_id, "account": acc, "read_at": iso(now), "first": True}
                inserts.append({"announcement_id": ann_id, "member_id": found[0], "read_at": now})
                state[acc] = (found[0], found[1], now)  # the same receipt again in this burst: already read
    if inserts:
        conn.execute(_INSERT, inserts)
    return cast("list[Answer]", answers)  # every receipt answered above
