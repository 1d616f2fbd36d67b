"""Bulk import and export (批量导入/导出, 备份和恢复): Excel, Tencent RTX and .dat backups as change sets.

Every import is planned first (nothing written), previewed with its errors, then applied as one change set
that a single undo reverses. By default a plan with any invalid row is refused as a whole; `skip_invalid`
applies the valid rows. Long work is offered as Qt-free jobs `job(progress, cancel) -> result`; a cancel is
honoured until the apply transaction starts, and that transaction is all or nothing.

Who may do what: importing Excel or RTX needs the `import` right and writes only within a scoped
administrator's departments (the planner and the engine enforce it). Excel export needs `export`; a scoped
administrator exports its own departments. Confidential fields (mobile, phone, e-mail a member chose to hide)
are exported to super, scoped and auditor administrators — the roles that manage or audit the directory —
and masked for any other role or on request. A .dat backup holds every password hash and a restore rewrites
enterprise settings, so writing or restoring one is for super administrators only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select

from youdu_console import __version__
from youdu_console.domain import validation as v
from youdu_console.domain.errors import PermissionDenied, ValidationError, ValidationErrors, YouduError
from youdu_console.domain.pinyin import name_pinyin
from youdu_console.domain.settings import BY_KEY
from youdu_console.interchange import dat, excel, rtx
from youdu_console.interchange.common import CancelCheck, Progress, check_cancel, no_progress
from youdu_console.services import entities
from youdu_console.services.auth import Actor, scope_closure
from youdu_console.services.changes import ChangeSet, Operation, apply, bulk_work, complete
from youdu_console.services.directory import DirectoryService, Placeholders
from youdu_console.services.passwords import hash_problem
from youdu_console.services.tree import DeptTree, load_tree
from youdu_console.store import tables
from youdu_console.store.db import connect
from youdu_console.store.uow import UnitOfWork

M = tables.MEMBERS
L = tables.MEMBER_DEPARTMENTS
D = tables.DEPARTMENTS
S = tables.SETTINGS

T = TypeVar("T")
Job = Callable[[Progress, CancelCheck], T]

CONFIDENTIAL_READERS = frozenset({"super", "scoped", "auditor"})
STATUSES = ("active", "resigned")
AUTHORIZATIONS = ("authorized", "unauthorized", "disabled")
# Member columns a .dat backup restores, besides the identity (gid) and the department links.
DAT_MEMBER_FIELDS = ("account", "name", "gender", "mobile", "phone", "short_number", "email", "weight", "status",
                     "authorization", "confidential", "attributes", "password_hash", "password_changed_at",
                     "must_change_password", "resigned_at")
_DATETIMES = ("password_changed_at", "resigned_at", "created_at")


def may_see_confidential(actor: Actor) -> bool:
    return actor.role in CONFIDENTIAL_READERS


def require_backup_right(actor: Actor, restore: bool) -> None:
    """Only a super administrator (every right) may write or restore a .dat backup."""
    if not actor.can("backup"):
        raise PermissionDenied("permission_denied", role=actor.role, right="backup",
                               action="恢复 .dat 备份" if restore else "导出 .dat 备份",
                               action_en="restore a .dat backup" if restore else "export a .dat backup")


# ====================================================================== import

class ImportService:
    """Plans imports from files (nothing written) and applies the previewed change set."""

    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.directory = DirectoryService(uow, actor)

    # ------------------------------------------------------------ Excel and RTX
    def plan_excel(self, path: str | Path, *, dept: str | None = None, create_departments: bool = False,
                   progress: Progress | None = None, cancel: CancelCheck | None = None) -> ChangeSet:
        """Members of the first visible sheet: to their 部门 path, else to `dept`."""
        self._require_import()
        with bulk_work(_rows_hint(path)):
            read = excel.read_members(path, progress=progress, cancel=cancel)
            check_cancel(cancel)
            cs = self.directory.plan_upsert(read.records, kind="import.excel", default_dept=dept,
                                            create_departments=create_departments,
                                            subject=f"{Path(path).name} ({read.sheet})")
        _name_department_fields(cs)
        check_cancel(cancel)
        return cs

    def plan_rtx(self, path: str | Path, *, dept: str | None = None, progress: Progress | None = None,
                 cancel: CancelCheck | None = None) -> ChangeSet:
        """The RTX organisation: its departments are created (the file is the structure), members upserted."""
        self._require_import()
        with bulk_work(_rows_hint(path)):
            read = rtx.read_org(path, progress=progress, cancel=cancel, max_depth=self.directory.rules()[1])
            check_cancel(cancel)
            cs = self.directory.plan_upsert(read.records, kind="import.rtx", default_dept=dept,
                                            create_departments=True, extra_dept_paths=read.departments,
                                            subject=Path(path).name)
        _name_department_fields(cs)
        cs.errors = read.errors + cs.errors
        check_cancel(cancel)
        return cs

    def _require_import(self) -> None:
        self.actor.require("import")
        self.actor.require("directory.write")

    # ------------------------------------------------------------ .dat
    def plan_dat(self, path: str | Path, *, password: str | None = None, progress: Progress | None = None,
                 cancel: CancelCheck | None = None) -> ChangeSet:
        """Restore a backup: exact into an empty directory, else a merge keyed by gid (nothing is removed)."""
        require_backup_right(self.actor, restore=True)
        with bulk_work(_rows_hint(path)), self.uow.read() as conn:
            planner = _DatPlanner(conn, self.actor, Path(path).name)
            for index, record in enumerate(dat.read_dat(path, password=password, progress=progress,
                                                        cancel=cancel), start=1):
                planner.take(index, record)
            cs = planner.change_set()
        check_cancel(cancel)
        return cs

    # ------------------------------------------------------------ apply
    def apply(self, cs: ChangeSet, *, skip_invalid: bool = False, cancel: CancelCheck | None = None) -> ChangeSet:
        """Apply a planned import in one transaction; with errors, refuse unless `skip_invalid`."""
        if cs.errors and not skip_invalid:
            raise ValidationErrors(cs.errors)
        check_cancel(cancel)
        return apply(self.uow, cs, self.actor)

    # ------------------------------------------------------------ jobs for the window
    def plan_job(self, source: str, path: str | Path, **options: Any) -> Job[ChangeSet]:
        """A job planning an import from `source` (excel | rtx | dat); the GUI previews its result."""
        planners: dict[str, Callable[..., ChangeSet]] = {"excel": self.plan_excel, "rtx": self.plan_rtx,
                                                         "dat": self.plan_dat}
        if source not in planners:
            raise YouduError("usage", detail=f"unknown import source {source}")
        plan = planners[source]

        def job(progress: Progress, cancel: CancelCheck) -> ChangeSet:
            # With what it entails (department groups following the members), for the window's preview.
            return complete(self.uow, plan(path, progress=progress, cancel=cancel, **options))

        return job

    def apply_job(self, cs: ChangeSet, *, skip_invalid: bool = False) -> Job[ChangeSet]:
        def job(progress: Progress, cancel: CancelCheck) -> ChangeSet:
            total = len(cs.operations)
            progress(0, total)
            done = self.apply(cs, skip_invalid=skip_invalid, cancel=cancel)
            progress(total, total)
            return done

        return job


def _rows_hint(path: str | Path) -> int:
    """A rough row count for deciding whether reading a file is bulk work (no file row is under ~60 bytes)."""
    try:
        return Path(path).stat().st_size // 60
    except OSError:
        return 0


def _name_department_fields(cs: ChangeSet) -> None:
    """Row errors about a department path come from the 部门 column: name that field, not the path's parts."""
    for err in cs.errors:
        if str(err.get("code", "")).startswith("dept_") or err.get("code") == "permission_out_of_scope":
            err["field"] = "department"


# ---------------------------------------------------------------------- .dat planning

@dataclass
class _Existing:
    """The directory as the merge sees it: keyed by gid, with what the uniqueness rules need."""

    tree: DeptTree
    dept_by_gid: dict[str, int]
    members_by_gid: dict[str, Any]
    account_gid: dict[str, str]
    mobile_gid: dict[str, str]
    links: dict[int, list[list[Any]]]
    settings: dict[str, tuple[str, int]]


def _load_existing(conn: Connection) -> _Existing:
    tree = load_tree(conn)
    cols = [M.c.id, M.c.gid, M.c.version, *(M.c[f] for f in DAT_MEMBER_FIELDS)]
    members = {r.gid: r for r in conn.execute(select(*cols))}
    links: dict[int, list[list[Any]]] = {}
    for mid, did, pos in conn.execute(select(L.c.member_id, L.c.dept_id, L.c.position).order_by(L.c.member_id, L.c.seq)):
        links.setdefault(mid, []).append([did, pos])
    return _Existing(
        tree=tree, dept_by_gid={n.gid: n.id for n in tree.nodes.values()}, members_by_gid=members,
        account_gid={r.account: g for g, r in members.items()},
        mobile_gid={r.mobile: g for g, r in members.items() if r.mobile},
        links=links, settings={k: (val, ver) for k, val, ver in conn.execute(select(S.c.key, S.c.value, S.c.version))})


class _DatPlanner:
    """Turns backup records into operations: adds keep the backup's gids; existing gids are updated."""

    def __init__(self, conn: Connection, actor: Actor, file_name: str) -> None:
        from youdu_console.store.settings import setting_value

        self.ex = _load_existing(conn)
        self.region = setting_value(conn, "directory.mobile_region")
        self.max_depth = setting_value(conn, "directory.max_depth")
        self.depth_of: dict[int, int] = {}  # department id (real or placeholder) → depth, as planned
        empty = not self.ex.tree.nodes and not self.ex.members_by_gid
        # A restore into an empty directory and a merge into a populated one read differently in history.
        self.cs = ChangeSet("import.dat" if empty else "import.dat.merge", actor.name, subject=file_name)
        self.ph = Placeholders()
        self.dept_ids: dict[str, int] = {}  # backup gid -> id (real or placeholder)
        self.new_paths: dict[str, int] = {}  # path of a department this plan adds -> placeholder
        self.new_path_of: dict[int, str] = {}
        self.seen_accounts: set[str] = set()
        self.seen_gids: set[str] = set()
        self.dept_ops: list[Operation] = []
        self.member_ops: list[Operation] = []
        self.setting_ops: list[Operation] = []
        self.member_ids: dict[str, int] = {}  # backup gid -> id (real or placeholder)
        self.rows = entities.RowRestorer(conn, self.ph.take, self._planned_gid)
        self.row_ops: list[Operation] = []

    def take(self, index: int, record: dict[str, Any]) -> None:
        kind = record["type"]
        try:
            if kind == "department":
                self._department(record)
            elif kind == "member":
                self._member(record)
            elif kind == "setting":
                self._setting(record)
            elif kind == "row":
                op = self.rows.plan(record)
                if op is not None:
                    self.row_ops.append(op)
        except YouduError as exc:
            self.cs.errors.append({"row": index, "entry": record.get("account") or record.get("name")
                                   or record.get("key") or record.get("gid"),
                                   "field": getattr(exc, "field", None), "code": exc.code, "params": exc.params, "message": exc.message()})
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            err = ValidationError("dat_record_invalid", field=None, reason=f"{kind}: {exc!s}"[:200])
            self.cs.errors.append({"row": index, "entry": record.get("gid"), "field": None, "code": err.code,
                                   "message": err.message()})

    def _planned_gid(self, entity: str, gid: str) -> int | None:
        """Departments and members of this backup, for rows (groups) that reference them by gid."""
        return {"department": self.dept_ids, "member": self.member_ids}.get(entity, {}).get(gid)

    def change_set(self) -> ChangeSet:
        self.cs.operations = self.dept_ops + self.member_ops + self.setting_ops + self.row_ops
        return self.cs

    # ------------------------------------------------------------ departments
    def _department(self, rec: dict[str, Any]) -> None:
        gid = _gid(rec["gid"])
        name = v.normalize_dept_name(rec["name"])
        parent_gid = rec.get("parent")
        parent: int | None = None
        if parent_gid:
            if parent_gid not in self.dept_ids:
                raise ValidationError("dat_parent_missing", field="parent", gid=parent_gid, name=name)
            parent = self.dept_ids[parent_gid]
        sort = v.normalize_sort(rec.get("sort"))
        alias = v.clean_text(rec.get("alias")) or None
        tree = self.ex.tree
        depth = self._depth(parent) + 1
        v.check_depth(depth, self.max_depth, f"{self._path(parent)}/{name}" if parent is not None else name)
        existing = self.ex.dept_by_gid.get(gid)
        if existing is None and (parent is None or parent >= 0):
            # Same place, same name, another gid (the directory was built separately): adopt it, keep its gid.
            existing = tree.child_named(parent, name)
        if existing is not None:
            self.dept_ids[gid] = existing
            self.depth_of[existing] = depth
            self._update_department(existing, name, parent, sort, alias)
            return
        path = f"{self._path(parent)}/{name}" if parent is not None else name
        if path in self.new_paths:
            self.dept_ids[gid] = self.new_paths[path]
            return
        if alias and alias in tree.by_alias:
            raise ValidationError("dept_alias_taken", field="alias", value=alias)
        new_id = self.ph.take()
        self.dept_ids[gid] = self.new_paths[path] = new_id
        self.new_path_of[new_id] = path
        self.depth_of[new_id] = depth
        self.dept_ops.append(Operation("department", "add", new_id, after={
            "id": new_id, "gid": gid, "name": name, "parent_id": parent, "sort": sort, "alias": alias,
            **({"created_at": _datetime(rec["created_at"])} if rec.get("created_at") else {})},
            label=path, category="added"))

    def _depth(self, dept_id: int | None) -> int:
        if dept_id is None:
            return 0
        return self.depth_of.get(dept_id) or self.ex.tree.depth(dept_id)

    def _path(self, dept_id: int) -> str:
        return self.ex.tree.path(dept_id) if dept_id >= 0 else self.new_path_of[dept_id]

    def _update_department(self, dept_id: int, name: str, parent: int | None, sort: int, alias: str | None) -> None:
        node = self.ex.tree.nodes[dept_id]
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for key, old, new in (("name", node.name, name), ("parent_id", node.parent_id, parent), ("sort", node.sort, sort),
                              ("alias", node.alias, alias)):
            if old != new:
                before[key], after[key] = old, new
        if "alias" in after and alias and self.ex.tree.by_alias.get(alias, dept_id) != dept_id:
            raise ValidationError("dept_alias_taken", field="alias", value=alias)
        if after:
            category = "moved" if set(after) == {"parent_id"} else "updated"
            self.dept_ops.append(Operation("department", "update", dept_id, before=before, after=after,
                                           version=node.version, label=self.ex.tree.path(dept_id), category=category))

    # ------------------------------------------------------------ members
    def _member(self, rec: dict[str, Any]) -> None:
        gid = _gid(rec["gid"])
        values = _member_values(rec, self.region)
        account = values["account"]
        if gid in self.seen_gids or account in self.seen_accounts:
            raise ValidationError("account_taken", field="account", value=account)
        owner = self.ex.account_gid.get(account)
        if owner is not None and owner != gid:
            raise ValidationError("dat_account_conflict", field="account", account=account)
        mobile = values["mobile"]
        if mobile:
            mobile_owner = self.ex.mobile_gid.get(mobile)
            if mobile_owner is not None and mobile_owner != gid:
                other = self.ex.members_by_gid[mobile_owner].account if mobile_owner in self.ex.members_by_gid \
                    else mobile_owner
                raise ValidationError("mobile_taken", field="mobile", value=mobile, owner=other)
        depts = []
        for link in rec.get("departments") or []:
            dgid = link["dept"]
            if dgid not in self.dept_ids:
                raise ValidationError("dat_member_dept_missing", field="departments", gid=dgid)
            depts.append([self.dept_ids[dgid], v.normalize_position(link.get("position") or "")])
        if not depts:
            raise ValidationError("member_needs_department", field="departments")
        self.seen_gids.add(gid)
        self.seen_accounts.add(account)
        if mobile:
            self.ex.mobile_gid[mobile] = gid
        row = self.ex.members_by_gid.get(gid)
        if row is None:
            self.member_ids[gid] = self._add_member(gid, values, depts, rec.get("created_at"))
        else:
            self.member_ids[gid] = row.id
            self._update_member(row, values, depts)

    def _add_member(self, gid: str, values: dict[str, Any], depts: list[list[Any]], created_at: Any) -> int:
        mid = self.ph.take()
        full, initials = name_pinyin(values["name"])
        after = {"id": mid, "gid": gid, **values, "name_pinyin": full, "name_initials": initials, "depts": depts}
        if created_at:
            after["created_at"] = _datetime(created_at)
        self.member_ops.append(Operation("member", "add", mid, after=after, label=values["account"], category="added"))
        return mid

    def _update_member(self, row: Any, values: dict[str, Any], depts: list[list[Any]]) -> None:
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for key, new in values.items():
            old = getattr(row, key)
            if key == "mobile":
                old = old or None
            if key in _DATETIMES and old is not None:
                old = old.isoformat(timespec="microseconds")
            if old != new:
                before[key], after[key] = old, new
        if "name" in after:
            before["name_pinyin"], before["name_initials"] = name_pinyin(row.name)
            after["name_pinyin"], after["name_initials"] = name_pinyin(values["name"])
        links = self.ex.links.get(row.id, [])
        if depts != links:
            before["depts"], after["depts"] = links, depts
        if not after:
            return
        category = "updated"
        if set(after) == {"depts"}:
            category = "moved"
        elif set(after) <= {"status", "resigned_at", "authorization"} and after.get("status") == "resigned":
            category = "resigned"
        self.member_ops.append(Operation("member", "update", row.id, before=before, after=after, version=row.version,
                                         label=row.account, category=category))

    # ------------------------------------------------------------ settings
    def _setting(self, rec: dict[str, Any]) -> None:
        key = rec["key"]
        setting = BY_KEY.get(key)
        if setting is None:
            return  # a setting this version does not know (a newer backup): not restorable, not an error
        value = setting.parse(rec["value"])
        current = self.ex.settings.get(key)
        if current is None and value == setting.default:
            return
        if current is not None and setting.parse(json.loads(current[0])) == value:
            return
        before = {"value": current[0] if current else json.dumps(setting.default)}
        self.setting_ops.append(Operation("setting", "set", key, before=before, after={"value": json.dumps(value)},
                                          version=current[1] if current else None, label=key))


def _gid(value: Any) -> str:
    gid = v.clean_text(value).lower()
    if not gid or len(gid) > 32 or not all(c in "0123456789abcdef-" for c in gid):
        raise ValidationError("dat_record_invalid", field="gid", reason=f"gid {value!r}")
    return gid


def _datetime(value: Any) -> str | None:
    """An ISO timestamp from a backup, normalised to naive UTC microseconds (how the store keeps it)."""
    if value in (None, ""):
        return None
    import datetime as dt

    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed.isoformat(timespec="microseconds")


def _member_values(rec: dict[str, Any], region: str = v.DEFAULT_MOBILE_REGION) -> dict[str, Any]:
    """The restorable columns of a backup's member record, validated like any input."""
    status = rec.get("status", "active")
    if status not in STATUSES:
        raise ValidationError("dat_record_invalid", field="status", reason=f"status {status!r}")
    authorization = rec.get("authorization", "unauthorized")
    if authorization not in AUTHORIZATIONS:
        raise ValidationError("dat_record_invalid", field="authorization", reason=f"authorization {authorization!r}")
    password_hash = rec.get("password_hash")
    if password_hash is not None and (not isinstance(password_hash, str) or len(password_hash) > 200):
        raise ValidationError("dat_record_invalid", field="password_hash", reason="password hash")
    if password_hash:
        # Hashes costlier than the console allows are refused; weaker ones are kept and replaced with the
        # console's parameters at the member's next successful login (policy/login.py).
        problem = hash_problem(password_hash)
        if problem is not None:
            raise ValidationError("dat_password_hash_refused", field="password_hash",
                                  account=v.clean_text(rec.get("account"))[:64], reason=problem)
    attributes = rec.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise ValidationError("dat_record_invalid", field="attributes", reason="attributes")
    return {
        "account": v.normalize_account(rec["account"]), "name": v.normalize_name(rec["name"]),
        "gender": v.normalize_gender(rec.get("gender") or ""), "mobile": v.normalize_mobile(rec.get("mobile"), region),
        "phone": v.normalize_phone(rec.get("phone")), "short_number": v.normalize_short_number(rec.get("short_number")),
        "email": v.normalize_email(rec.get("email")), "weight": v.normalize_weight(rec.get("weight")),
        "status": status, "authorization": authorization,
        "confidential": ",".join(v.normalize_confidential(rec.get("confidential") or [])),
        "attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True),
        "password_hash": password_hash, "password_changed_at": _datetime(rec.get("password_changed_at")),
        "must_change_password": bool(rec.get("must_change_password")), "resigned_at": _datetime(rec.get("resigned_at")),
    }


# ====================================================================== export

class ExportService:
    """Excel exports of the directory and .dat backups, streamed to a file that appears only when complete."""

    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    @staticmethod
    def write_template(path: str | Path) -> Path:
        """The Excel import template (no login needed: it holds no data)."""
        return excel.write_template(path)

    # ------------------------------------------------------------ Excel
    def export_excel(self, path: str | Path, *, dept: str | None = None, mask_confidential: bool | None = None,
                     progress: Progress | None = None, cancel: CancelCheck | None = None) -> dict[str, Any]:
        """Active members of `dept` (recursive) or of the whole directory, in the template's columns."""
        self.actor.require("export")
        self.actor.require("directory.read")
        mask = not may_see_confidential(self.actor) if mask_confidential is None else mask_confidential
        with bulk_work(self._member_count()), self.uow.read() as conn:
            tree = load_tree(conn)
            allowed = self._export_scope(conn, tree, dept)
            total = int(conn.execute(select(func.count()).select_from(M).where(M.c.status == "active")).scalar() or 0)
            rows = _export_rows(conn, tree, allowed, mask)
            count = excel.write_members(path, rows, total=total, progress=progress, cancel=cancel)
        return {"file": str(path), "members": count, "masked": mask, "department": dept}

    def _member_count(self) -> int:
        with self.uow.read() as conn:
            return int(conn.execute(select(func.count()).select_from(M)).scalar() or 0)

    def _export_scope(self, conn: Connection, tree: DeptTree, dept: str | None) -> set[int] | None:
        scope = scope_closure(conn, self.actor.scope) if self.actor.scoped else None
        if dept:
            d = tree.find(dept)
            if scope is not None and d not in scope:
                raise PermissionDenied("permission_out_of_scope", what="部门", what_en="department", key=dept)
            return set(tree.subtree(d))
        return set(scope) if scope is not None else None

    def excel_job(self, path: str | Path, **options: Any) -> Job[dict[str, Any]]:
        def job(progress: Progress, cancel: CancelCheck) -> dict[str, Any]:
            return self.export_excel(path, progress=progress, cancel=cancel, **options)

        return job

    # ------------------------------------------------------------ .dat
    def export_dat(self, path: str | Path, *, password: str | None = None, progress: Progress | None = None,
                   cancel: CancelCheck | None = None) -> dict[str, Any]:
        """The whole directory (every member, resigned ones too, with gids and password hashes) and settings."""
        require_backup_right(self.actor, restore=False)
        with bulk_work(self._member_count()), _snapshot(self.uow) as conn:
            counts = {
                "department": int(conn.execute(select(func.count()).select_from(D)).scalar() or 0),
                "member": int(conn.execute(select(func.count()).select_from(M)).scalar() or 0),
                "setting": int(conn.execute(select(func.count()).select_from(S)).scalar() or 0),
            }
            rows = entities.count_backup_rows(conn)
            if rows:  # only files that carry them count them: older readers' files stay byte-compatible
                counts["row"] = rows
            total = sum(counts.values()) + 2
            records = _backup_records(conn, counts)
            written = dat.write_dat(path, records, password=password, app=f"youdu-console {__version__}",
                                    total=total, progress=progress or no_progress, cancel=cancel)
        return {"file": str(path), **{f"{k}s": n for k, n in counts.items()}, "records": written,
                "encrypted": bool(password)}

    def dat_job(self, path: str | Path, *, password: str | None = None) -> Job[dict[str, Any]]:
        def job(progress: Progress, cancel: CancelCheck) -> dict[str, Any]:
            return self.export_dat(path, password=password, progress=progress, cancel=cancel)

        return job


@contextmanager
def _snapshot(uow: UnitOfWork) -> Iterator[Connection]:
    """A read transaction that sees one consistent state of the whole directory for the length of a backup.

    SQLite read transactions and MySQL/MariaDB's default REPEATABLE READ already are; PostgreSQL's default
    READ COMMITTED is not, and a backup spanning a concurrent change would otherwise mix two states.
    """
    if uow.backend != "postgresql":
        with uow.read() as conn:
            yield conn
        return
    with connect(uow.engine) as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def _links(conn: Connection) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for mid, did, pos in conn.execute(select(L.c.member_id, L.c.dept_id, L.c.position).order_by(L.c.member_id, L.c.seq)):
        out.setdefault(mid, []).append((did, pos))
    return out


def _export_rows(conn: Connection, tree: DeptTree, allowed: set[int] | None, mask: bool) -> Iterator[excel.ExportRow]:
    links = _links(conn)
    q = (select(M.c.id, M.c.account, M.c.name, M.c.gender, M.c.mobile, M.c.phone, M.c.email, M.c.weight,
                M.c.confidential)
         .where(M.c.status == "active").order_by(M.c.weight.desc(), M.c.account))
    for r in conn.execution_options(yield_per=5000).execute(q):
        mine = links.get(r.id, [])
        if allowed is not None:
            mine = [(d, p) for d, p in mine if d in allowed]
            if not mine:
                continue
        hidden = set(r.confidential.split(",")) if mask and r.confidential else set()
        yield excel.ExportRow(
            account=r.account, name=r.name, gender=r.gender,
            mobile="" if "mobile" in hidden else (r.mobile or ""), phone="" if "phone" in hidden else r.phone,
            email="" if "email" in hidden else r.email, departments=tuple(tree.path(d) for d, _ in mine),
            position=mine[0][1] if mine else "", weight=int(r.weight))


def _backup_records(conn: Connection, counts: dict[str, int]) -> Iterable[dict[str, Any]]:
    from youdu_console.services.changes import utcnow

    yield {"type": "meta", "format": dat.FORMAT, "version": dat.VERSION,
           "created_at": utcnow().isoformat(timespec="seconds") + "Z", "counts": counts}
    actual = {"department": 0, "member": 0, "setting": 0}
    tree = load_tree(conn)
    created = dict(conn.execute(select(D.c.id, D.c.created_at)).all())
    for d in tree.preorder():
        actual["department"] += 1
        n = tree.nodes[d]
        yield {"type": "department", "gid": n.gid, "name": n.name,
               "parent": tree.nodes[n.parent_id].gid if n.parent_id is not None else None,
               "sort": n.sort, "alias": n.alias, "created_at": created.get(d)}
    links = _links(conn)
    cols = [M.c.id, M.c.gid, M.c.created_at, *(M.c[f] for f in DAT_MEMBER_FIELDS)]
    for r in conn.execution_options(yield_per=5000).execute(select(*cols).order_by(M.c.id)):
        record: dict[str, Any] = {"type": "member", "gid": r.gid}
        for f in DAT_MEMBER_FIELDS:
            record[f] = getattr(r, f)
        record["mobile"] = r.mobile or ""
        record["confidential"] = [c for c in r.confidential.split(",") if c]
        record["attributes"] = json.loads(r.attributes or "{}")
        record["must_change_password"] = bool(r.must_change_password)
        record["created_at"] = r.created_at
        record["departments"] = [{"dept": tree.nodes[d].gid, "position": p} for d, p in links.get(r.id, [])]
        actual["member"] += 1
        yield record
    for key, value in conn.execute(select(S.c.key, S.c.value).order_by(S.c.key)):
        actual["setting"] += 1
        yield {"type": "setting", "key": key, "value": json.loads(value)}
    for row in entities.backup_rows(conn):
        actual["row"] = actual.get("row", 0) + 1
        yield row
    yield {"type": "end", "counts": actual}
