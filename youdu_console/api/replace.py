"""org/replaceall + getjobresult: the whole organisation from an HR system, planned as one change set the way
an Excel import plans one (services/org_replace.py), then applied by the writer in the background; members
absent from the list resign (kept, restorable). With api.replaceall_approval on, the planned request is held
(services/approvals.py) and getjobresult answers "pending" until an administrator approves or rejects it."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from youdu_console.api.endpoints import Call, endpoint
from youdu_console.api.protocol import ApiError
from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.errors import YouduError
from youdu_console.services import approvals, org_replace

EXIST_REPLACEALL = 300312
NOTEXIST_JOBID = 300311


@dataclass
class Job:
    job_id: str
    status: str = "running"  # running, pending (held for approval), done, failed
    change_set: int | None = None
    summary: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"jobId": self.job_id, "status": self.status, "changeSetId": self.change_set,
                "summary": self.summary, "errors": self.errors[:100]}


_lock = threading.Lock()


def plan_replace(call: Call, body: Any) -> ChangeSet:
    try:
        return org_replace.plan_replace(call.console.directory, call.app_id, body)
    except org_replace.ReplaceRefused as exc:
        raise ApiError(exc.errcode, exc.errmsg) from None


def _run(server: Any, call: Call, body: Any, job: Job) -> None:
    try:
        cs = plan_replace(call, body)
        if cs.errors:
            job.errors = [e if isinstance(e, dict) else {"message": str(e)} for e in cs.errors]
            job.status = "failed"
            return
        if cs.is_empty:
            job.status = "done"
            return
        if approvals.needs_approval(server.uow):
            job.summary = cs.summary()
            hold = lambda: approvals.hold(server.uow, call.app_id, job.job_id, body, job.summary)  # noqa: E731
            # Through the one writer on SQLite, as the apply would have gone.
            server.batcher.submit(hold).result() if server.single_writer else hold()
            job.status = "pending"
            return
        done = server.apply_change(cs)
        job.change_set, job.summary, job.status = done.id, done.summary(), "done"
    except ApiError as exc:
        job.errors, job.status = [{"code": exc.errcode, "message": exc.errmsg}], "failed"
    except YouduError as exc:
        job.errors, job.status = [{"code": exc.code, "message": exc.message()}], "failed"
    except Exception as exc:  # noqa: BLE001 - reported through getjobresult, never a traceback
        job.errors, job.status = [{"code": "internal", "message": type(exc).__name__}], "failed"


@endpoint("/cgi/org/replaceall", who="org", big_body=True)
def org_replaceall(call: Call) -> dict[str, Any]:
    server = call.extras["server"]
    with _lock:
        if any(j.status == "running" for j in server.jobs.values()) or approvals.pending_exists(server.uow):
            raise ApiError(EXIST_REPLACEALL, "已存在同步请求 / a replaceall is already running or awaiting approval")
        job = Job(secrets.token_hex(12))
        server.jobs[job.job_id] = job
    threading.Thread(target=_run, args=(server, call, call.body, job), name="api-replaceall", daemon=True).start()
    return {"jobId": job.job_id}


@endpoint("/cgi/getjobresult")
def getjobresult(call: Call) -> dict[str, Any]:
    server = call.extras["server"]
    job_id = call.param("jobId") or call.field("jobId")
    job = server.jobs.get(job_id)
    if job is None or job.status == "pending":
        # A held request is decided in the window or the CLI (another process): the approvals table knows.
        held = approvals.by_job(server.uow, str(job_id)) if isinstance(job_id, str) else None
        if held is None:
            if job is None:
                raise ApiError(NOTEXIST_JOBID, "jobId 不存在 / unknown jobId")
            return job.to_json()  # type: ignore[no-any-return]
        return held_result(held)
    return job.to_json()  # type: ignore[no-any-return]


def held_result(held: approvals.ApprovalView) -> dict[str, Any]:
    """getjobresult of a held request: pending (still in progress, for the vendor's pollers), done, failed."""
    status = {"pending": "pending", "applying": "pending", "applied": "done"}.get(held.status, "failed")
    errors = list(held.result.get("errors", []))
    if held.status == "rejected":
        errors = [{"code": "rejected", "message": f"管理员 {held.decided_by} 拒绝了此同步 / rejected by "
                                                  f"{held.decided_by}"}]
    return {"jobId": held.job_id, "status": status, "changeSetId": held.result.get("changeSetId"),
            "summary": held.result.get("summary", held.summary), "errors": errors[:100],
            "approvalId": held.id}
