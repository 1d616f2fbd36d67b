"""意见反馈 (manual 4.8): what members submit from the client — a category, a description, attachments and
the client's log — through the policy API (feedback/submit), listed, viewed, exported and deleted in 管理工具
→ 意见反馈 and with `feedback list|show|export|delete`.

A submission is a record, inserted as reported (as the login log is); deleting feedback is an administrator's
write, so it is a change set: previewed, applied in one transaction, journalled (with the rows, attachments
included, so that undo brings them back) and audited. Super administrators and auditors read all feedback,
scoped administrators that of members in their subtrees; only super administrators delete.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.services import entities
from youdu_console.services.auth import Actor, declare_right, scope_closure
from youdu_console.services.changes import ChangeSet, Operation, utcnow
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.tables_api import FEEDBACK as FB
from youdu_console.store.uow import UnitOfWork, allocate_ids

FEEDBACK_READ = declare_right("feedback.read", ("查看意见反馈", "read feedback"), roles=("scoped", "auditor"))
FEEDBACK_DELETE = declare_right("feedback.delete", ("删除意见反馈", "delete feedback"))

CATEGORY_MAX = 32
DESCRIPTION_MAX = 2000
NAME_MAX = 100
# Caps on what one submission carries (decoded bytes): well inside the server API's 1 MiB request cap once
# base64-encoded twice (the attachment, then the envelope), so a client past them gets the coded refusal.
ATTACHMENTS_MAX = 5
ATTACHMENT_BYTES_MAX = 384 * 1024  # all attachments together
LOG_BYTES_MAX = 128 * 1024
LIST_LIMIT = 1000
_LIST_COLS = [FB.c.id, FB.c.account, FB.c.name, FB.c.departments, FB.c.category, FB.c.description,
              FB.c.attachments, FB.c.app_id, FB.c.submitted_at, FB.c.version]

entities.register(entities.Entity("feedback", FB, id_block="directory", right=FEEDBACK_DELETE,
                                  label=("意见反馈", "feedback")))


@dataclass(frozen=True)
class FeedbackView:
    id: int
    submitted_at: str  # ISO UTC
    account: str
    name: str
    departments: tuple[str, ...]  # paths of the member's departments when submitted (as named now)
    category: str
    description: str
    attachments: tuple[dict[str, Any], ...]  # {"name", "size"}
    has_log: bool
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "submitted_at": self.submitted_at, "account": self.account, "name": self.name,
                "departments": list(self.departments), "category": self.category,
                "description": self.description, "attachments": [dict(a) for a in self.attachments],
                "has_log": self.has_log}


def _decode(data: Any, name: str) -> bytes:
    if not isinstance(data, str):
        raise ValidationError("feedback_attachment_invalid", field="attachments", name=name)
    try:
        return base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValidationError("feedback_attachment_invalid", field="attachments", name=name) from None


def parse_time(value: str | None, *, end: bool = False) -> dt.datetime | None:
    """A bound of the time range, as typed (local dates are taken as UTC: the stored times are UTC)."""
    if not value:
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = dt.datetime.strptime(text.removesuffix("Z"), fmt)
        except ValueError:
            continue
        if end and fmt == "%Y-%m-%d":
            parsed += dt.timedelta(days=1) - dt.timedelta(microseconds=1)
        return parsed
    raise ValidationError("feedback_time_invalid", field="time", value=value)


class FeedbackService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    # ------------------------------------------------------------------ intake (the policy API)
    def submit(self, app_id: str, account: str, category: Any, description: Any,
               attachments: Any = None, client_log: Any = None) -> FeedbackView:
        """Record one submission; over a cap or malformed, a coded refusal and nothing stored."""
        if not isinstance(category, str) or not 0 < len(category.strip()) <= CATEGORY_MAX:
            raise ValidationError("feedback_category_invalid", field="category")
        if not isinstance(description, str) or not 0 < len(description.strip()) <= DESCRIPTION_MAX:
            raise ValidationError("feedback_description_invalid", field="description", max=DESCRIPTION_MAX)
        items = attachments or []
        if not isinstance(items, list):
            raise ValidationError("feedback_attachment_invalid", field="attachments", name="attachments")
        if len(items) > ATTACHMENTS_MAX:
            raise ValidationError("feedback_too_many_attachments", field="attachments", max=ATTACHMENTS_MAX)
        listed, files, total = [], [], 0
        for i, item in enumerate(items):
            name = item.get("name") if isinstance(item, dict) else None
            name = name if isinstance(name, str) and 0 < len(name) <= NAME_MAX else f"attachment-{i + 1}"
            raw = _decode(item.get("data") if isinstance(item, dict) else None, name)
            total += len(raw)
            if total > ATTACHMENT_BYTES_MAX:
                raise ValidationError("feedback_attachment_too_large", field="attachments", max=ATTACHMENT_BYTES_MAX)
            listed.append({"name": v.clean_text(name) or f"attachment-{i + 1}", "size": len(raw)})
            files.append(base64.b64encode(raw).decode("ascii"))
        log = b""
        if client_log:
            log = _decode(client_log, "clientLog")
            if len(log) > LOG_BYTES_MAX:
                raise ValidationError("feedback_log_too_large", field="clientLog", max=LOG_BYTES_MAX)
        acc = v.fold_account(account)
        members, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
        now = utcnow()
        with self.uow.write() as conn:
            member = conn.execute(select(members.c.id, members.c.name).where(members.c.account == acc)).first()
            if member is None:
                raise NotFound("member_not_found", account=account)
            depts = sorted(r[0] for r in conn.execute(select(links.c.dept_id).where(links.c.member_id == member.id)))
            new_id = allocate_ids(conn, "directory", 1)
            conn.execute(insert(FB).values(
                id=new_id, account=acc, name=member.name, departments=json.dumps(depts), category=category.strip(),
                description=description.strip(), attachments=json.dumps(listed, ensure_ascii=False),
                files=json.dumps(files), client_log=base64.b64encode(log).decode("ascii") if log else "",
                app_id=app_id[:64], version=1, submitted_at=now))
            tree = load_tree(conn)
            paths = tuple(tree.path(d) for d in depts if d in tree.nodes)
        return FeedbackView(new_id, _iso(now), acc, member.name, paths, category.strip(), description.strip(),
                            tuple(listed), bool(log), 1)

    # ------------------------------------------------------------------ reading
    def _scope(self, conn: Connection) -> frozenset[int] | None:
        return scope_closure(conn, self.actor.scope) if self.actor.scoped else None

    def list(self, *, since: str | None = None, until: str | None = None, submitter: str | None = None,
             department: str | None = None, limit: int = LIST_LIMIT) -> list[FeedbackView]:
        """Newest first: submitted within [since, until], by a submitter (account or name, a part of either),
        from a department (its subtree, by the departments the member was in when submitting)."""
        self.actor.require(FEEDBACK_READ)
        start, stop = parse_time(since), parse_time(until, end=True)
        q = select(*_LIST_COLS).order_by(FB.c.submitted_at.desc(), FB.c.id.desc())
        if start is not None:
            q = q.where(FB.c.submitted_at >= start)
        if stop is not None:
            q = q.where(FB.c.submitted_at <= stop)
        who = (submitter or "").strip()
        if who:
            like = "%" + who.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            q = q.where(FB.c.account.like(like, escape="\\") | FB.c.name.like("%" + who + "%"))
        with self.uow.read() as conn:
            tree = load_tree(conn)
            allowed = self._scope(conn)
            if department:
                wanted = frozenset(tree.subtree(tree.find(department)))
                allowed = wanted if allowed is None else allowed & wanted
            out = []
            for row in conn.execute(q):
                depts = json.loads(row.departments)
                if allowed is not None and not allowed.intersection(depts):
                    continue
                out.append(self._view(row, depts, tree))
                if len(out) >= limit:
                    break
            return out

    @staticmethod
    def _view(row: Any, depts: Sequence[int], tree: Any) -> FeedbackView:
        return FeedbackView(row.id, _iso(row.submitted_at), row.account, row.name,
                            tuple(tree.path(d) for d in depts if d in tree.nodes), row.category, row.description,
                            tuple(json.loads(row.attachments)), bool(getattr(row, "has_log", False)), row.version)

    def _row(self, conn: Connection, feedback_id: int, columns: Iterable[Any] = ()) -> Any:
        row = conn.execute(select(*_LIST_COLS, (FB.c.client_log != "").label("has_log"), *columns)
                           .where(FB.c.id == feedback_id)).first()
        if row is None:
            raise NotFound("feedback_not_found", id=feedback_id)
        allowed = self._scope(conn)
        if allowed is not None and not allowed.intersection(json.loads(row.departments)):
            raise NotFound("feedback_not_found", id=feedback_id)  # outside the subtrees: as if absent
        return row

    def get(self, feedback_id: int) -> FeedbackView:
        self.actor.require(FEEDBACK_READ)
        with self.uow.read() as conn:
            row = self._row(conn, feedback_id)
            return self._view(row, json.loads(row.departments), load_tree(conn))

    def save_files(self, feedback_id: int, folder: str | Path) -> Sequence[Path]:
        """Write one feedback's attachments and client log into `folder`; returns the files written."""
        self.actor.require(FEEDBACK_READ)
        with self.uow.read() as conn:
            row = self._row(conn, feedback_id, (FB.c.files, FB.c.client_log))
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for i, (meta, data) in enumerate(zip(json.loads(row.attachments), json.loads(row.files), strict=False)):
            safe = Path(str(meta.get("name", ""))).name or f"attachment-{i + 1}"
            path = target / f"{feedback_id}-{i + 1}-{safe}"
            path.write_bytes(base64.b64decode(data))
            written.append(path)
        if row.client_log:
            path = target / f"{feedback_id}-client.log"
            path.write_bytes(base64.b64decode(row.client_log))
            written.append(path)
        return written

    def export(self, path: str | Path, views: Sequence[FeedbackView]) -> int:
        """The listed feedback into an .xlsx (text cells, formula-safe: interchange.excel.write_sheet)."""
        from youdu_console.interchange.excel import write_sheet

        self.actor.require(FEEDBACK_READ)
        headers = ("提交时间 / Submitted (UTC)", "提交人 / Account", "姓名 / Name", "提交人部门 / Departments",
                   "类别 / Category", "问题描述 / Description", "附件 / Attachments")
        rows = [(f.submitted_at, f.account, f.name, "; ".join(f.departments), f.category, f.description,
                 "; ".join(str(a.get("name", "")) for a in f.attachments)) for f in views]
        return write_sheet(path, "意见反馈", headers, rows)

    # ------------------------------------------------------------------ deleting (a change set)
    def plan_delete(self, ids: Iterable[int]) -> ChangeSet:
        self.actor.require(FEEDBACK_DELETE)
        wanted = sorted(set(ids))
        cs = ChangeSet("feedback.delete", self.actor.name)
        with self.uow.read() as conn:
            rows = {r.id: r for i in range(0, len(wanted), 900)
                    for r in conn.execute(select(FB).where(FB.c.id.in_(wanted[i:i + 900])))}
        for fid in wanted:
            row = rows.get(fid)
            if row is None:
                raise NotFound("feedback_not_found", id=fid)
            cs.operations.append(Operation("feedback", "delete", fid, before=dict(row._mapping), version=row.version,
                                           label=f"#{fid} {row.account}", category="deleted"))
        cs.subject = ", ".join(f"#{i}" for i in wanted[:5]) + ("…" if len(wanted) > 5 else "")
        return cs


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds") + "Z"
