"""The planner of org/replaceall (the server API's whole-organisation replace): the vendor's department and
user lists planned as one change set the way an Excel import plans one (plan_upsert: departments created by
path, members matched by account); members absent from the list resign (kept, restorable).

Here, below the front ends, because the server API plans it when it is called and the window and the CLI
plan it again when an administrator previews or approves a request held for approval (services/approvals.py).
A malformed list is refused with the vendor's code (ReplaceRefused.errcode)."""

from __future__ import annotations

from typing import Any

from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.model import MemberRecord
from youdu_console.services.changes import utcnow
from youdu_console.services.directory import DirectoryService
from youdu_console.services.entities import entity
from youdu_console.store import tables
from youdu_console.store.uow import allocate_ids

ROOT = 0  # the vendor's root department id
GENDER_IN = {0: "male", 1: "female"}  # the vendor: 0 male, 1 female


class ReplaceRefused(ValidationError):
    """A list the vendor's server would refuse, with the vendor's error code."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__("org_replace_invalid", field="body", errcode=errcode, detail=errmsg)
        self.errcode = errcode
        self.errmsg = errmsg


def _paths(depts: list[Any]) -> tuple[dict[int, str], list[str]]:
    """The vendor's department list (id, name, parentId) as paths, parents first."""
    rows: dict[int, tuple[str, int]] = {}
    for d in depts:
        if not isinstance(d, dict) or not isinstance(d.get("id"), int) or not isinstance(d.get("name"), str):
            raise ReplaceRefused(300302, "无效的部门格式 / invalid department in deptList")
        rows[d["id"]] = (d["name"], int(d.get("parentId") or ROOT))
    out: dict[int, str] = {}

    def path(dept_id: int, depth: int = 0) -> str:
        if dept_id in out:
            return out[dept_id]
        if depth > 64 or dept_id not in rows:
            raise ReplaceRefused(300308, f"父部门不存在 / parent of department {dept_id} is missing")
        name, parent = rows[dept_id]
        out[dept_id] = name if parent == ROOT else f"{path(parent, depth + 1)}/{name}"
        return out[dept_id]

    for dept_id in rows:
        path(dept_id)
    return out, sorted(out.values(), key=lambda p: p.count("/"))


def _gender(value: Any) -> str | None:
    return None if value is None else GENDER_IN.get(value if isinstance(value, int) else -1, "")


def _records(users: list[Any], paths: dict[int, str]) -> list[MemberRecord]:
    out = []
    for i, u in enumerate(users):
        if not isinstance(u, dict):
            raise ReplaceRefused(300303, "无效的用户格式 / invalid user in userList")
        detail: dict[Any, Any] = {d.get("deptId"): d for d in u.get("deptDetail") or [] if isinstance(d, dict)}
        depts = [paths[d] for d in u.get("dept") or [] if d in paths]
        if len(depts) != len(u.get("dept") or []):
            raise ReplaceRefused(300307, f"部门不存在 / a department of {u.get('userId')} is not in deptList")
        listed = u.get("dept") or []
        first: dict[str, Any] = detail.get(listed[0], {}) if listed else {}
        out.append(MemberRecord(account=u.get("userId"), name=u.get("name"),
                                gender=_gender(u.get("gender")),
                                mobile=u.get("mobile"), phone=u.get("phone"), email=u.get("email"),
                                short_number=u.get("shortCode"), position=first.get("position"),
                                weight=first.get("weight"), departments=depts, row=i + 1))
    return out


def _keep_vendor_ids(cs: ChangeSet, vendor_ids: dict[str, int], taken: set[int]) -> None:
    """New departments take the HR system's ids where those are free (so its later calls by id work)."""
    mapping: dict[int, int] = {}
    for op in cs.operations:
        if op.entity == "department" and op.action == "add" and isinstance(op.key, int) and op.key < 0:
            wanted = vendor_ids.get(op.label or "")
            if wanted is not None and wanted > 0 and wanted not in taken:
                mapping[op.key] = wanted
                taken.add(wanted)
    if not mapping:
        return

    def fix(v: Any) -> Any:
        return mapping.get(v, v) if type(v) is int and v < 0 else v

    for op in cs.operations:
        spec = entity(op.entity)
        op.key = fix(op.key)
        for values in (op.before, op.after):
            if values:
                for name in spec.refs:
                    if name in values:
                        values[name] = fix(values[name])
                if spec.rewrite is not None:
                    spec.rewrite(values, fix)
    keep_ids_past(cs, max(mapping.values()))


def keep_ids_past(cs: ChangeSet, highest: int) -> None:
    """At apply, the directory's id block moves past `highest` (an id a caller chose, such as the vendor's
    department id), so ids handed out later never collide with it."""

    def past_block(conn: Any) -> None:
        ids = tables.ID_BLOCKS
        current = conn.execute(ids.select().where(ids.c.name == "directory")).first()
        if current is not None and current.next_id <= highest:
            allocate_ids(conn, "directory", highest + 1 - current.next_id)

    cs.checks.append(past_block)


def plan_replace(d: DirectoryService, app_id: str, body: Any) -> ChangeSet:
    depts = body.get("deptList") if isinstance(body, dict) else None
    users = body.get("userList") if isinstance(body, dict) else None
    if not isinstance(depts, list) or not isinstance(users, list):
        raise ReplaceRefused(300301, "需要 deptList 与 userList / deptList and userList are required")
    vendor_paths, ordered = _paths(depts)
    records = _records(users, vendor_paths)
    cs = d.plan_upsert(records, kind="org.replaceall", description="org.replaceall", subject=app_id,
                       create_departments=True, extra_dept_paths=ordered)
    if cs.errors:
        return cs
    with d.uow.read() as conn:
        taken = {r[0] for r in conn.execute(tables.DEPARTMENTS.select().with_only_columns(tables.DEPARTMENTS.c.id))}
    _keep_vendor_ids(cs, {p: i for i, p in vendor_paths.items()}, taken)
    # Members the list leaves out resign (the manual keeps a leaver's data; delete from the resigned list).
    listed = {str(r.account).strip().lower() for r in records}
    members = tables.MEMBERS
    now = utcnow()
    with d.uow.read() as conn:
        gone = conn.execute(members.select().with_only_columns(
            members.c.id, members.c.account, members.c.version, members.c.authorization)
            .where(members.c.status == "active")).all()
    for row in gone:
        if row.account not in listed:
            cs.operations.append(Operation(
                "member", "update", row.id, before={"status": "active", "resigned_at": None,
                                                    "authorization": row.authorization},
                after={"status": "resigned", "resigned_at": now, "authorization": "unauthorized"},
                version=row.version, label=row.account, category="resigned"))
    return cs
