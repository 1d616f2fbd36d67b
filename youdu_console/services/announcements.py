"""通知公告 (manual 3.5.7): announcements sent to members, departments (with their subtrees) or everyone.

An announcement's audience is resolved to its recipients when it is sent and stored with it, so "共51人 未读50人"
counts the people it reached then, whoever joins or leaves afterwards. Sending, pinning (设为置顶/取消置顶),
recalling (撤回) and category edits are change sets; super administrators do everything, a scoped administrator
only announcements whose audience lies inside its subtrees (never "everyone"), helpdesk and auditors read.
Category edits are enterprise-wide: super administrators only.

Reads are not change sets: the IM server reports them through the policy API (policy/announcements.py), one row
each in `announcement_reads` — see docs/announcements.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import ConflictError, NotFound, ValidationError
from youdu_console.domain.validation import clean_text
from youdu_console.interchange.common import CancelCheck, Progress, check_cancel, never_cancel, no_progress
from youdu_console.services import entities
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import ChangeSet, Operation, utcnow
from youdu_console.services.directory import Placeholders
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.bulk import insert_tuples
from youdu_console.store.tables_announcements import (
    ANNOUNCEMENT_CATEGORIES as CAT,
)
from youdu_console.store.tables_announcements import (
    ANNOUNCEMENT_READS as READS,
)
from youdu_console.store.tables_announcements import (
    ANNOUNCEMENT_RECIPIENTS as RCPT,
)
from youdu_console.store.tables_announcements import (
    ANNOUNCEMENTS as ANN,
)
from youdu_console.store.uow import UnitOfWork

ANN_READ = declare_right("announcements.read", ("查看通知公告", "read announcements"),
                         roles=("scoped", "helpdesk", "auditor"))
ANN_WRITE = declare_right("announcements.write", ("发送与管理通知公告", "send and manage announcements"),
                          roles=("scoped",))
ANN_CATEGORIES = declare_right("announcements.categories", ("管理公告分类", "manage announcement categories"))

TITLE_MAX = 64  # the manual is silent; a client's list line holds about this many characters
BODY_MAX = 5000
CATEGORY_MAX = 16
READ_STATUS_CHUNK = 5000  # rows between two progress reports (and cancel checks) of read_status
ALL_CATEGORY = "所有公告"  # the list's first entry, not a stored category
M = tables.MEMBERS
L = tables.MEMBER_DEPARTMENTS


# ---------------------------------------------------------------- the engine's view of the rows

def _audience_of(conn: Connection, op: Operation) -> dict[str, Any]:
    values = op.after if op.action == "add" else op.before
    if values and "audience" in values:
        return dict(json.loads(values["audience"]))
    row = conn.execute(select(ANN.c.audience).where(ANN.c.id == op.key)).scalar()
    return dict(json.loads(row)) if row else {}


def audience_departments(conn: Connection, audience: dict[str, Any]) -> set[Any]:
    """The departments an audience touches: its departments and its members' departments; none for everyone
    (an empty set, which a scoped administrator is refused: everyone is nobody's subtree)."""
    if audience.get("all"):
        return set()
    out: set[Any] = set(audience.get("departments") or [])
    members = list(audience.get("members") or [])
    for i in range(0, len(members), 900):
        out |= {r[0] for r in conn.execute(select(L.c.dept_id).where(L.c.member_id.in_(members[i:i + 900])))}
    if members and not out:
        out.add(None)  # a member in no department lies in nobody's subtree
    return out


def _recipients_added(conn: Connection, batch: list[Operation]) -> None:
    rows = [(op.key, int(mid)) for op in batch for mid in json.loads((op.after or {}).get("recipients") or "[]")]
    insert_tuples(conn, RCPT, ["announcement_id", "member_id"], rows)


def _delete_announcements(conn: Connection, batch: list[Operation]) -> None:
    """An undone send: its reads and recipients go with it (versions checked first)."""
    ids = [op.key for op in batch]
    found = dict(conn.execute(select(ANN.c.id, ANN.c.version).where(ANN.c.id.in_(ids)).with_for_update()).all())
    for op in batch:
        if found.get(op.key) != op.version:
            raise ConflictError("conflict", entity="announcement", key=op.label or op.key)
    conn.execute(delete(READS).where(READS.c.announcement_id.in_(ids)))
    conn.execute(delete(RCPT).where(RCPT.c.announcement_id.in_(ids)))
    conn.execute(delete(ANN).where(ANN.c.id.in_(ids)))


entities.register(entities.Entity(
    "announcement_category", CAT, id_block="directory", right=ANN_CATEGORIES, label=("公告分类", "announcement category")))
entities.register(entities.Entity(
    "announcement", ANN, id_block="directory", right=ANN_WRITE, refs=("id", "category_id"),
    after_insert=_recipients_added, delete_batch=_delete_announcements,
    departments_of=lambda conn, op: audience_departments(conn, _audience_of(conn, op)),
    label=("公告", "announcement")))


# ---------------------------------------------------------------- views

@dataclass(frozen=True)
class CategoryView:
    id: int
    name: str
    count: int
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "count": self.count}


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    category: str  # "" for none
    title: str
    body: str
    sender: str
    sent_at: str  # ISO, UTC, "Z"
    pinned: bool
    recalled: bool
    recipients: int
    read: int
    everyone: bool
    members: tuple[str, ...]
    departments: tuple[str, ...]
    version: int

    @property
    def unread(self) -> int:
        return self.recipients - self.read

    @property
    def status(self) -> str:
        """The manual's 状态 column, as a code: recalled, all_read, none_read or partly read."""
        if self.recalled:
            return "recalled"
        if self.unread <= 0:
            return "all_read"
        return "none_read" if self.read == 0 else "partly_read"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "category": self.category, "title": self.title, "body": self.body,
                "sender": self.sender, "sent_at": self.sent_at, "pinned": self.pinned, "recalled": self.recalled,
                "recipients": self.recipients, "read": self.read, "unread": self.unread, "status": self.status,
                "audience": {"all": self.everyone, "members": list(self.members),
                             "departments": list(self.departments)}}


@dataclass(frozen=True, slots=True)
class ReaderView:
    account: str
    name: str
    read_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {"account": self.account, "name": self.name, "read": self.read_at is not None,
                "read_at": self.read_at}


def _reader_order(r: ReaderView) -> tuple[bool, str]:
    """Unread first, then by account."""
    return r.read_at is not None, r.account


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def normalize_title(title: str) -> str:
    text = clean_text(title)
    if not text or len(text) > TITLE_MAX:
        raise ValidationError("announcement_title_invalid", field="title", max=TITLE_MAX)
    return text


def normalize_body(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text or len(text) > BODY_MAX:
        raise ValidationError("announcement_body_invalid", field="body", max=BODY_MAX)
    return text


def normalize_category(name: str) -> str:
    text = clean_text(name)
    if not text or len(text) > CATEGORY_MAX or text in (ALL_CATEGORY, "all"):
        raise ValidationError("announcement_category_invalid", field="category", max=CATEGORY_MAX)
    return text


class AnnouncementService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    # ------------------------------------------------------------ queries
    def categories(self) -> list[CategoryView]:
        self.actor.require(ANN_READ)
        with self.uow.read() as conn:
            counts: dict[Any, int] = dict(conn.execute(
                select(ANN.c.category_id, func.count()).group_by(ANN.c.category_id)).all())
            return [CategoryView(r.id, r.name, int(counts.get(r.id, 0)), r.version)
                    for r in conn.execute(select(CAT).order_by(CAT.c.position, CAT.c.id))]

    def _category_row(self, conn: Connection, name: str) -> Any:
        row = conn.execute(select(CAT).where(CAT.c.name == clean_text(name))).first()
        if row is None:
            raise NotFound("announcement_category_not_found", name=clean_text(name))
        return row

    def _views(self, conn: Connection, rows: Sequence[Any]) -> list[AnnouncementView]:
        ids = [r.id for r in rows]
        reads: dict[int, int] = {}
        for i in range(0, len(ids), 900):
            reads.update(conn.execute(select(READS.c.announcement_id, func.count())
                                      .where(READS.c.announcement_id.in_(ids[i:i + 900]))
                                      .group_by(READS.c.announcement_id)).all())
        cats = dict(conn.execute(select(CAT.c.id, CAT.c.name)).all())
        audiences = {r.id: json.loads(r.audience) for r in rows}
        member_ids = sorted({m for a in audiences.values() for m in a.get("members") or []})
        accounts: dict[int, str] = {}
        for i in range(0, len(member_ids), 900):
            accounts.update(conn.execute(select(M.c.id, M.c.account).where(M.c.id.in_(member_ids[i:i + 900]))).all())
        tree = load_tree(conn) if any(a.get("departments") for a in audiences.values()) else None
        out = []
        for r in rows:
            a = audiences[r.id]
            depts = tuple(tree.path(d) if tree is not None and d in tree.nodes else f"#{d}"
                          for d in a.get("departments") or [])
            members = tuple(accounts.get(m, f"#{m}") for m in a.get("members") or [])
            out.append(AnnouncementView(
                r.id, cats.get(r.category_id, ""), r.title, r.body, r.sender, iso(r.sent_at) or "", bool(r.pinned),
                bool(r.recalled), int(r.recipient_count), int(reads.get(r.id, 0)), bool(a.get("all")), members,
                depts, r.version))
        return out

    def list_announcements(self, category: str | None = None) -> list[AnnouncementView]:
        """Pinned first, then the newest; `category` a category's name (None or 所有公告: all)."""
        self.actor.require(ANN_READ)
        with self.uow.read() as conn:
            q = select(ANN).order_by(ANN.c.pinned.desc(), ANN.c.sent_at.desc(), ANN.c.id.desc())
            if category and clean_text(category) not in (ALL_CATEGORY, "all"):
                q = q.where(ANN.c.category_id == self._category_row(conn, category).id)
            return self._views(conn, conn.execute(q).all())

    def _row(self, conn: Connection, announcement_id: int) -> Any:
        row = conn.execute(select(ANN).where(ANN.c.id == announcement_id)).first()
        if row is None:
            raise NotFound("announcement_not_found", id=announcement_id)
        return row

    def get(self, announcement_id: int) -> AnnouncementView:
        self.actor.require(ANN_READ)
        with self.uow.read() as conn:
            return self._views(conn, [self._row(conn, announcement_id)])[0]

    def read_status(self, announcement_id: int, *, unread_only: bool = False, progress: Progress = no_progress,
                    cancel: CancelCheck = never_cancel) -> list[ReaderView]:
        """The recipients who are still members, with when each read it; `unread_only`: those who have not.
        Unread first, then by account. A job (DESIGN §5): everyone is 100,000 rows and seconds, so the rows
        come a chunk at a time, each reported to `progress(done, total)`, and `cancel()` stops between chunks."""
        self.actor.require(ANN_READ)
        with self.uow.read() as conn:
            total = int(self._row(conn, announcement_id).recipient_count)
            q = (select(M.c.account, M.c.name, READS.c.read_at)
                 .select_from(RCPT.join(M, M.c.id == RCPT.c.member_id)
                              .outerjoin(READS, (READS.c.announcement_id == RCPT.c.announcement_id)
                                         & (READS.c.member_id == RCPT.c.member_id)))
                 .where(RCPT.c.announcement_id == announcement_id))
            if unread_only:
                q = q.where(READS.c.read_at.is_(None))
            # Sorted by the database, outside Python's interpreter lock (a list.sort of 100,000 tuples held it
            # for 130 ms: the window's thread stalled meanwhile). One object per row, made as the rows come:
            # every object that survives brings the collector's full pass (which holds the lock too) nearer.
            q = q.order_by(READS.c.read_at.is_not(None), M.c.account)
            readers: list[ReaderView] = []
            progress(0, total)
            result = conn.execute(q)
            while chunk := result.fetchmany(READ_STATUS_CHUNK):
                check_cancel(cancel)
                readers.extend([ReaderView(account, name, None if read_at is None else iso(read_at))
                                for account, name, read_at in chunk])
                progress(min(len(readers), total), total)
        # The same order on every backend (a server's collation may differ from code-point order): checked in
        # one pass, sorted only when it differs.
        if any(_reader_order(a) > _reader_order(b) for a, b in itertools.pairwise(readers)):
            readers.sort(key=_reader_order)
        return readers

    # ------------------------------------------------------------ planners
    def resolve(self, conn: Connection, members: Iterable[str] = (), departments: Iterable[str | int] = (),
                everyone: bool = False) -> tuple[dict[str, Any], list[int]]:
        """The audience as stored (member and department ids) and its recipients: members not resigned."""
        member_ids: list[int] = []
        for account in members:
            acc = v.fold_account(account)
            if not acc:
                continue
            mid = conn.execute(select(M.c.id).where(M.c.account == acc)).scalar()
            if mid is None:
                raise NotFound("member_not_found", account=acc)
            if int(mid) not in member_ids:
                member_ids.append(int(mid))
        dept_ids: list[int] = []
        tree = load_tree(conn)
        for ref in departments:
            did = ref if isinstance(ref, int) else tree.find(str(ref))
            if did not in tree.nodes:
                raise NotFound("dept_not_found", path=f"#{did}")
            if did not in dept_ids:
                dept_ids.append(did)
        if not (everyone or member_ids or dept_ids):
            raise ValidationError("announcement_no_audience", field="audience")
        active = M.c.status != "resigned"
        if everyone:
            found = {r[0] for r in conn.execute(select(M.c.id).where(active))}
        else:
            found = set()
            for i in range(0, len(member_ids), 900):
                found |= {r[0] for r in conn.execute(select(M.c.id).where(M.c.id.in_(member_ids[i:i + 900]), active))}
            covered = sorted({d for root in dept_ids for d in tree.subtree(root)})
            for i in range(0, len(covered), 900):
                found |= {r[0] for r in conn.execute(
                    select(L.c.member_id).select_from(L.join(M, M.c.id == L.c.member_id))
                    .where(L.c.dept_id.in_(covered[i:i + 900]), active).distinct())}
        audience = {"all": bool(everyone), "members": [] if everyone else member_ids,
                    "departments": [] if everyone else dept_ids}
        return audience, sorted(int(x) for x in found)

    def plan_send(self, title: str, body: str, *, category: str | None = None, members: Iterable[str] = (),
                  departments: Iterable[str | int] = (), everyone: bool = False) -> ChangeSet:
        self.actor.require(ANN_WRITE)
        text_title, text_body = normalize_title(title), normalize_body(body)
        key = Placeholders().take()
        with self.uow.read() as conn:
            cat_id = None
            if category and clean_text(category) not in (ALL_CATEGORY, "all"):
                cat_id = self._category_row(conn, category).id
            audience, recipients = self.resolve(conn, members, departments, everyone)
            if not recipients:
                raise ValidationError("announcement_no_recipient", field="audience")
            cs = ChangeSet("announcement.send", self.actor.name, subject=text_title)
            cs.operations.append(Operation("announcement", "add", key, after={
                "id": key, "category_id": cat_id, "title": text_title, "body": text_body,
                "sender": self.actor.name[:64], "audience": json.dumps(audience, sort_keys=True),
                "recipients": json.dumps(recipients, separators=(",", ":")), "recipient_count": len(recipients),
                "sent_at": utcnow().isoformat(timespec="microseconds"), "pinned": False, "recalled": False},
                label=text_title, category="added"))
            entities.authorize_ops(conn, self.actor, cs.operations)  # a scoped admin learns it before the preview
        return cs

    def _update(self, kind: str, announcement_id: int, after: dict[str, Any]) -> ChangeSet:
        self.actor.require(ANN_WRITE)
        with self.uow.read() as conn:
            row = self._row(conn, announcement_id)
            if row.recalled:
                raise ValidationError("announcement_recalled", field="id", title=row.title)
            cs = ChangeSet(kind, self.actor.name, subject=row.title)
            changed = {k: val for k, val in after.items() if row._mapping[k] != val}
            if changed:
                cs.operations.append(Operation("announcement", "update", row.id,
                                               before={k: bool(row._mapping[k]) for k in changed}, after=changed,
                                               version=row.version, label=row.title, category="updated"))
                entities.authorize_ops(conn, self.actor, cs.operations)
        return cs

    def plan_pin(self, announcement_id: int, pinned: bool = True) -> ChangeSet:
        """设为置顶 / 取消置顶."""
        return self._update("announcement.pin" if pinned else "announcement.unpin", announcement_id,
                            {"pinned": pinned})

    def plan_recall(self, announcement_id: int) -> ChangeSet:
        """撤回: members' clients no longer show it, and no more reads are taken."""
        return self._update("announcement.recall", announcement_id, {"recalled": True, "pinned": False})

    def plan_add_category(self, name: str) -> ChangeSet:
        self.actor.require(ANN_CATEGORIES)
        text = normalize_category(name)
        with self.uow.read() as conn:
            if conn.execute(select(CAT.c.id).where(CAT.c.name == text)).first() is not None:
                raise ValidationError("announcement_category_taken", field="category", name=text)
            top = conn.execute(select(func.max(CAT.c.position))).scalar()
        key = Placeholders().take()
        cs = ChangeSet("announcement.category_add", self.actor.name, subject=text)
        cs.operations.append(Operation("announcement_category", "add", key,
                                       after={"id": key, "name": text, "position": (top or 0) + 1},
                                       label=text, category="added"))
        return cs

    def plan_rename_category(self, name: str, new_name: str) -> ChangeSet:
        self.actor.require(ANN_CATEGORIES)
        text = normalize_category(new_name)
        with self.uow.read() as conn:
            row = self._category_row(conn, name)
            other = conn.execute(select(CAT.c.id).where(CAT.c.name == text)).scalar()
            if other is not None and other != row.id:
                raise ValidationError("announcement_category_taken", field="category", name=text)
        cs = ChangeSet("announcement.category_rename", self.actor.name, subject=f"{row.name} → {text}")
        if text != row.name:
            cs.operations.append(Operation("announcement_category", "update", row.id, before={"name": row.name},
                                           after={"name": text}, version=row.version, label=row.name,
                                           category="updated"))
        return cs

    def plan_delete_category(self, name: str) -> ChangeSet:
        self.actor.require(ANN_CATEGORIES)
        with self.uow.read() as conn:
            row = self._category_row(conn, name)
            used = int(conn.execute(select(func.count()).select_from(ANN).where(ANN.c.category_id == row.id))
                       .scalar() or 0)
        if used:
            raise ValidationError("announcement_category_in_use", field="category", name=row.name, count=used)
        cs = ChangeSet("announcement.category_delete", self.actor.name, subject=row.name)
        cs.operations.append(Operation("announcement_category", "delete", row.id,
                                       before={"id": row.id, "name": row.name, "position": row.position},
                                       version=row.version, label=row.name, category="deleted"))
        return cs
