"""Server API requests held for an administrator's approval: with api.replaceall_approval on, org/replaceall
plans its change set, keeps the request pending (getjobresult answers "pending") and waits. An administrator
previews it (planned again against the directory as it is now), then approves it — planned once more and
applied as one change set, with the app as its actor — or rejects it (discarded). Holding, approving and
rejecting are audited; the window (历史记录 → 待审批) and `api approvals list|show|approve|reject` do the same.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update

from youdu_console.domain.errors import NotFound, ValidationError, YouduError
from youdu_console.services import audit
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import ChangeSet, apply, utcnow
from youdu_console.services.directory import DirectoryService
from youdu_console.store.settings import setting_value
from youdu_console.store.tables_api import API_APPROVALS as A
from youdu_console.store.uow import UnitOfWork

APPROVE = declare_right("api.approve", ("审批服务端 API 请求", "approve server API requests"))
READ = "changes.read"


@dataclass(frozen=True)
class ApprovalView:
    id: int
    job_id: str
    app_id: str
    kind: str
    status: str  # pending | applying | applied | rejected | failed
    created_at: str
    summary: dict[str, Any]
    result: dict[str, Any]
    decided_by: str
    decided_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "job_id": self.job_id, "app_id": self.app_id, "kind": self.kind,
                "status": self.status, "created_at": self.created_at, "summary": self.summary,
                "result": self.result, "decided_by": self.decided_by, "decided_at": self.decided_at}


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def _view(row: Any) -> ApprovalView:
    return ApprovalView(row.id, row.job_id, row.app_id, row.kind, row.status, _iso(row.created_at) or "",
                        json.loads(row.summary), json.loads(row.result), row.decided_by, _iso(row.decided_at))


def needs_approval(uow: UnitOfWork) -> bool:
    with uow.read() as conn:
        return bool(setting_value(conn, "api.replaceall_approval"))


def hold(uow: UnitOfWork, app_id: str, job_id: str, body: Any, summary: dict[str, int]) -> int:
    """Keep a planned org/replaceall pending (the request as sent, to be planned again when decided)."""
    packed = zlib.compress(json.dumps(body, ensure_ascii=False).encode(), 6)
    now = utcnow()
    with uow.write() as conn:
        res = conn.execute(insert(A).values(job_id=job_id, app_id=app_id, kind="org.replaceall", body=packed,
                                            summary=json.dumps(summary), status="pending", result="{}",
                                            decided_by="", created_at=now, decided_at=None))
        new_id = int(res.inserted_primary_key[0])  # type: ignore[index]
        audit.append(conn, actor=f"app:{app_id}", action="api.approval.hold", target=f"#{new_id}",
                     detail={"id": new_id, "job": job_id, "summary": summary}, at=now)
    return new_id


def by_job(uow: UnitOfWork, job_id: str) -> ApprovalView | None:
    with uow.read() as conn:
        row = conn.execute(select(A).where(A.c.job_id == job_id)).first()
    return None if row is None else _view(row)


def pending_exists(uow: UnitOfWork) -> bool:
    with uow.read() as conn:
        return conn.execute(select(A.c.id).where(A.c.status.in_(("pending", "applying"))).limit(1)).first() is not None


class ApprovalService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    def list(self, status: str | None = None, limit: int = 200) -> list[ApprovalView]:
        self.actor.require(READ)
        q = select(A).order_by(A.c.id.desc()).limit(limit)
        if status:
            q = q.where(A.c.status == status)
        with self.uow.read() as conn:
            return [_view(r) for r in conn.execute(q)]

    def get(self, approval_id: int) -> ApprovalView:
        self.actor.require(READ)
        with self.uow.read() as conn:
            row = conn.execute(select(A).where(A.c.id == approval_id)).first()
        if row is None:
            raise NotFound("approval_not_found", id=approval_id)
        return _view(row)

    def plan(self, approval_id: int) -> ChangeSet:
        """The request's change set against the directory as it is now (a preview; nothing is written)."""
        from youdu_console.services import org_replace

        self.actor.require(READ)
        with self.uow.read() as conn:
            row = conn.execute(select(A).where(A.c.id == approval_id)).first()
        if row is None:
            raise NotFound("approval_not_found", id=approval_id)
        body = json.loads(zlib.decompress(row.body))
        app = Actor(f"app:{row.app_id}", "super")
        return org_replace.plan_replace(DirectoryService(self.uow, app), row.app_id, body)

    def _claim(self, approval_id: int, status: str) -> ApprovalView:
        """Move a pending request to `status`, once: a request decided meanwhile is refused."""
        view = self.get(approval_id)
        with self.uow.write() as conn:
            done = conn.execute(update(A).where(A.c.id == approval_id, A.c.status == "pending")
                                .values(status=status, decided_by=self.actor.name, decided_at=utcnow())).rowcount
        if not done:
            raise ValidationError("approval_decided", field="id", id=approval_id, status=self.get(approval_id).status)
        return view

    def _finish(self, approval_id: int, status: str, result: dict[str, Any], action: str) -> None:
        now = utcnow()
        with self.uow.write() as conn:
            conn.execute(update(A).where(A.c.id == approval_id).values(status=status, result=json.dumps(result),
                                                                       decided_at=now))
            audit.append(conn, actor=self.actor.name, action=action, target=f"#{approval_id}",
                         detail={"id": approval_id, **result}, at=now)

    def approve(self, approval_id: int) -> ChangeSet:
        """Plan the request again (the directory may have changed since) and apply it as one change set."""
        self.actor.require(APPROVE)
        view = self._claim(approval_id, "applying")
        try:
            cs = self.plan(approval_id)
            if cs.errors:
                self._finish(approval_id, "failed", {"errors": cs.errors[:100]}, "api.approval.fail")
                return cs
            if not cs.is_empty:
                cs = apply(self.uow, cs, Actor(f"app:{view.app_id}", "super"))
        except YouduError as exc:
            self._finish(approval_id, "failed", {"errors": [exc.to_dict("en")]}, "api.approval.fail")
            raise
        self._finish(approval_id, "applied", {"changeSetId": cs.id, "summary": cs.summary()},
                     "api.approval.approve")
        return cs

    def reject(self, approval_id: int) -> ApprovalView:
        self.actor.require(APPROVE)
        self._claim(approval_id, "rejected")
        self._finish(approval_id, "rejected", {}, "api.approval.reject")
        return self.get(approval_id)
