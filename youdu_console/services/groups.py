"""群管理 (manual ch. 2): fixed groups and department groups — rights, entities, queries and planners.

A department group's members follow its department: the derivation registered here runs on every change set
(an edit, an import, an LDAP sync, a `.dat` restore), so whoever plans a member's move, resignation, restoration
or deletion gets the "joins / leaves group X" operations in the same change set, and one undo reverses both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import NotFound, PermissionDenied, ValidationError
from youdu_console.domain.groups import GroupMemberView, GroupView, normalize_group_name, space_label
from youdu_console.services import entities
from youdu_console.services.auth import Actor, declare_right, descendants, scope_closure
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.directory import DirectoryService, Placeholders, new_gid
from youdu_console.services.tree import DeptTree, load_tree
from youdu_console.store import tables
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

G = tables.GROUPS
GM = tables.GROUP_MEMBERS
M = tables.MEMBERS
L = tables.MEMBER_DEPARTMENTS
D = tables.DEPARTMENTS

GROUPS_READ = declare_right("groups.read", ("查看群", "view groups"), roles=("scoped", "helpdesk", "auditor"))
GROUPS_WRITE = declare_right("groups.write", ("管理群", "manage groups"), roles=("scoped",))
CHUNK = 900  # members per IN (…) list: SQLite's default limit on bound parameters is 999


def _chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def member_departments(conn: Connection, member_ids: Iterable[Any]) -> dict[Any, set[Any]]:
    """The departments each (real) member is linked to now."""
    ids = [m for m in set(member_ids) if isinstance(m, int) and m > 0]
    out: dict[Any, set[Any]] = {}
    for chunk in _chunks(ids):
        for mid, did in conn.execute(select(L.c.member_id, L.c.dept_id).where(L.c.member_id.in_(chunk))):
            out.setdefault(mid, set()).add(did)
    return out


# ---------------------------------------------------------------- scope: whose groups a scoped admin manages

def _group_departments(conn: Connection, group_id: Any) -> set[Any]:
    """A department group: its department. A fixed group: every department its members are in."""
    if not (isinstance(group_id, int) and group_id > 0):
        return set()
    row = conn.execute(select(G.c.kind, G.c.dept_id, G.c.owner_id).where(G.c.id == group_id)).first()
    if row is None:
        return set()
    if row.kind == "department":
        return {row.dept_id}
    q = select(L.c.dept_id).select_from(GM.join(L, L.c.member_id == GM.c.member_id)).where(GM.c.group_id == group_id)
    depts = {r[0] for r in conn.execute(q.distinct())}
    if row.owner_id is not None:
        depts |= member_departments(conn, [row.owner_id]).get(row.owner_id, set())
    return depts


def _group_op_departments(conn: Connection, op: Operation) -> set[Any]:
    values = op.after or op.before or {}
    if op.action == "add":
        if values.get("kind") == "department":
            return {values.get("dept_id")}
        owner = values.get("owner_id")
        return member_departments(conn, [owner]).get(owner, set()) if owner is not None else set()
    depts = _group_departments(conn, op.key)
    if op.after and op.after.get("dept_id") is not None:
        depts.add(op.after["dept_id"])
    return depts


def _group_member_op_departments(conn: Connection, op: Operation) -> set[Any]:
    values = op.after if op.action == "add" else op.before
    if values is None or "group_id" not in values:
        row = conn.execute(select(GM.c.group_id, GM.c.member_id).where(GM.c.id == op.key)).first()
        values = dict(row._mapping) if row is not None else {}
    group_id, member_id = values.get("group_id"), values.get("member_id")
    kind = conn.execute(select(G.c.kind, G.c.dept_id).where(G.c.id == group_id)).first() if group_id else None
    if kind is not None and kind.kind == "department":
        return {kind.dept_id}
    return _group_departments(conn, group_id) | member_departments(conn, [member_id]).get(member_id, set())


# ---------------------------------------------------------------- .dat: groups and members carried by gid

def _dump_groups(conn: Connection) -> Iterator[dict[str, Any]]:
    dept_gid = dict(conn.execute(select(D.c.id, D.c.gid)).all())
    owners = select(G.c.owner_id).where(G.c.owner_id.is_not(None))
    member_gid = dict(conn.execute(select(M.c.id, M.c.gid).where(M.c.id.in_(owners))).all())
    for r in conn.execute(select(G).order_by(G.c.id)):
        yield {"id": r.id, "gid": r.gid, "name": r.name, "kind": r.kind, "recursive": bool(r.recursive),
               "department": dept_gid.get(r.dept_id) if r.dept_id is not None else None,
               "owner": member_gid.get(r.owner_id) if r.owner_id is not None else None}


def _gid_of(lookup: entities.GidLookup, entity: str, gid: Any, what: tuple[str, str]) -> Any:
    found = lookup(entity, str(gid))
    if found is None:
        raise ValidationError("dat_group_ref_missing", field=entity, what=what[0], what_en=what[1], gid=gid)
    return found


def _load_group(conn: Connection, values: dict[str, Any], lookup: entities.GidLookup) -> dict[str, Any]:
    kind = values.get("kind") if values.get("kind") in ("fixed", "department") else "fixed"
    dept = values.get("department")
    owner = values.get("owner")
    return {"gid": str(values["gid"]), "name": normalize_group_name(values.get("name")), "kind": kind,
            "recursive": bool(values.get("recursive")),
            "dept_id": _gid_of(lookup, "department", dept, ("部门", "department")) if dept else None,
            "owner_id": _gid_of(lookup, "member", owner, ("成员", "member")) if owner else None}


def _dump_group_members(conn: Connection) -> Iterator[dict[str, Any]]:
    group_gid = dict(conn.execute(select(G.c.id, G.c.gid)).all())
    q = (select(GM.c.id, GM.c.group_id, GM.c.admin, M.c.gid).select_from(GM.join(M, M.c.id == GM.c.member_id))
         .order_by(GM.c.id))
    for r in conn.execution_options(yield_per=5000).execute(q):
        group = group_gid[r.group_id]
        yield {"id": r.id, "key": f"{group}/{r.gid}", "group": group, "member": r.gid, "admin": bool(r.admin)}


def _load_group_member(conn: Connection, values: dict[str, Any], lookup: entities.GidLookup) -> dict[str, Any]:
    return {"group_id": _gid_of(lookup, "group", values["group"], ("群", "group")),
            "member_id": _gid_of(lookup, "member", values["member"], ("成员", "member")),
            "admin": bool(values.get("admin"))}


GROUP = entities.register(entities.Entity(
    "group", G, id_block="directory", right=GROUPS_WRITE, refs=("id", "dept_id", "owner_id"),
    departments_of=_group_op_departments, label=("群", "group"),
    backup=entities.Backup(natural_key="gid", dump=_dump_groups, load=_load_group)))
GROUP_MEMBER = entities.register(entities.Entity(
    "group_member", GM, id_block="directory", right=GROUPS_WRITE, refs=("id", "group_id", "member_id"),
    departments_of=_group_member_op_departments, label=("群成员", "group member"),
    backup=entities.Backup(natural_key="key", dump=_dump_group_members, load=_load_group_member)))


# ---------------------------------------------------------------- department groups follow the address book

@dataclass
class _DeptGroup:
    id: int
    name: str
    dept_id: int
    recursive: bool


def _post_parents(conn: Connection, ops: Sequence[Operation]) -> tuple[dict[Any, Any], set[Any]]:
    """Each department's parent once the change set is applied, and the departments it moves."""
    parents: dict[Any, Any] = dict(conn.execute(select(D.c.id, D.c.parent_id)).all())
    moved: set[Any] = set()
    for op in ops:
        if op.entity != "department":
            continue
        if op.action == "add":
            parents[op.key] = (op.after or {}).get("parent_id")
        elif op.action == "delete":
            parents.pop(op.key, None)
        elif op.action == "update" and "parent_id" in (op.after or {}):
            parents[op.key] = (op.after or {})["parent_id"]
            moved.add(op.key)
    return parents, moved


def _member_deletes(conn: Connection, ops: Sequence[Operation], deleted_rows: set[Any],
                    deleted_groups: set[Any]) -> list[Operation]:
    """A deleted member leaves every group (fixed ones too) and owns none."""
    gone = {op.key: op.label for op in ops if op.entity == "member" and op.action == "delete"}
    if not gone:
        return []
    out: list[Operation] = []
    names = dict(conn.execute(select(G.c.id, G.c.name)).all())
    ids = list(gone)
    for chunk in _chunks(ids):
        for r in conn.execute(select(GM).where(GM.c.member_id.in_(chunk)).order_by(GM.c.id)):
            if r.id in deleted_rows or r.group_id in deleted_groups:
                continue
            out.append(Operation("group_member", "delete", r.id, before=_gm_values(r), version=r.version,
                                 label=f"{gone[r.member_id]} → {names.get(r.group_id, r.group_id)}", category="left"))
        for r in conn.execute(select(G.c.id, G.c.name, G.c.owner_id, G.c.version).where(G.c.owner_id.in_(chunk))):
            if r.id not in deleted_groups:
                out.append(Operation("group", "update", r.id, before={"owner_id": r.owner_id},
                                     after={"owner_id": None}, version=r.version, label=r.name, category="updated"))
    return out


def _gm_values(r: Any) -> dict[str, Any]:
    return {"id": r.id, "group_id": r.group_id, "member_id": r.member_id, "admin": bool(r.admin)}


def follow_departments(conn: Connection, ops: list[Operation]) -> list[Operation]:
    """The group operations a change set entails (entities.register_derivation).

    Adding a member to a department, moving one in or out (or moving a department under a recursive group's
    department), resigning or restoring one changes its department groups; deleting a department turns its
    group into a fixed group (unless the change set deletes the group); deleting a member takes it out of every
    group. Groups the change set itself adds, deletes or edits by hand are left to it.
    """
    group_ops = [op for op in ops if op.entity in ("group", "group_member")]
    deleted_groups = {op.key for op in group_ops if op.entity == "group" and op.action == "delete"}
    touched_groups = {op.key for op in group_ops if op.entity == "group"}
    deleted_rows = {op.key for op in group_ops if op.entity == "group_member" and op.action == "delete"}
    out = _member_deletes(conn, ops, deleted_rows, deleted_groups)

    groups = [_DeptGroup(r.id, r.name, r.dept_id, bool(r.recursive)) for r in conn.execute(
        select(G.c.id, G.c.name, G.c.dept_id, G.c.recursive).where(G.c.kind == "department"))
        if r.id not in touched_groups]
    if not groups:
        return out
    dept_deletes = {op.key for op in ops if op.entity == "department" and op.action == "delete"}
    for g in groups:
        if g.dept_id in dept_deletes:
            row = conn.execute(select(G.c.version).where(G.c.id == g.id)).one()
            out.append(Operation("group", "update", g.id, before={"kind": "department", "dept_id": g.dept_id,
                                                                  "recursive": g.recursive},
                                 after={"kind": "fixed", "dept_id": None, "recursive": False}, version=row.version,
                                 label=g.name, category="updated"))
    groups = [g for g in groups if g.dept_id not in dept_deletes]

    # Who may change group: members the change set adds, moves, resigns or restores, and members of moved
    # departments when a recursive group covers them.
    new_depts: dict[Any, list[Any] | None] = {}
    new_status: dict[Any, str | None] = {}
    labels: dict[Any, str] = {}
    for op in ops:
        if op.entity != "member" or op.action == "delete":
            continue
        after = op.after or {}
        if op.action == "add":
            new_depts[op.key] = [d for d, _ in after.get("depts") or []]
            new_status[op.key] = after.get("status") or "active"
        elif "depts" in after or "status" in after:
            new_depts[op.key] = [d for d, _ in after["depts"]] if "depts" in after else None
            new_status[op.key] = after.get("status")
        else:
            continue
        labels[op.key] = op.label
    parents, moved = _post_parents(conn, ops)
    if moved and any(g.recursive for g in groups):
        subtree = descendants(parents, moved)
        for chunk in _chunks(list(subtree)):
            for mid in conn.execute(select(L.c.member_id).where(L.c.dept_id.in_(chunk))).scalars():
                new_depts.setdefault(mid, None)
                new_status.setdefault(mid, None)
    if not new_depts:
        return out

    covers: dict[Any, list[_DeptGroup]] = {}
    for g in groups:
        for d in (descendants(parents, [g.dept_id]) if g.recursive else {g.dept_id}):
            covers.setdefault(d, []).append(g)

    real = [m for m in new_depts if isinstance(m, int) and m > 0]
    unknown_depts = [m for m in real if new_depts[m] is None]
    current_depts = member_departments(conn, unknown_depts)
    for m in unknown_depts:
        new_depts[m] = list(current_depts.get(m, ()))
    need_status = [m for m in real if new_status[m] is None or m not in labels]
    for chunk in _chunks(need_status):
        for mid, status, account in conn.execute(select(M.c.id, M.c.status, M.c.account).where(M.c.id.in_(chunk))):
            if new_status.get(mid) is None:
                new_status[mid] = status
            labels.setdefault(mid, account)

    by_id = {g.id: g for g in groups}
    current: dict[Any, dict[Any, Any]] = {}  # member -> its department groups' rows, by group
    for chunk in _chunks(real):
        for r in conn.execute(select(GM).where(GM.c.member_id.in_(chunk), GM.c.group_id.in_(list(by_id)))):
            if r.id not in deleted_rows:
                current.setdefault(r.member_id, {})[r.group_id] = r
    planned = {((op.after or {}).get("group_id"), (op.after or {}).get("member_id"))
               for op in group_ops if op.entity == "group_member" and op.action == "add"}

    take = entities.placeholders_after(ops)
    for mid, depts in new_depts.items():
        wanted: set[Any] = set()
        if new_status.get(mid) == "active":
            for d in depts or ():
                wanted.update(g.id for g in covers.get(d, ()))
        mine = current.get(mid, {})
        for gid, row in mine.items():
            if gid not in wanted:
                out.append(Operation("group_member", "delete", row.id, before=_gm_values(row), version=row.version,
                                     label=f"{labels.get(mid, mid)} → {by_id[gid].name}", category="left"))
        for gid in sorted(wanted):
            if gid in mine or (gid, mid) in planned:
                continue
            ph = take()
            out.append(Operation("group_member", "add", ph,
                                 after={"id": ph, "group_id": gid, "member_id": mid, "admin": False},
                                 label=f"{labels.get(mid, mid)} → {by_id[gid].name}", category="joined"))
    return out


entities.register_derivation("department_groups", follow_departments)


# ---------------------------------------------------------------- the service

def _members_sql(conn: Connection) -> str:
    """A group's members, as driver SQL: through Core, compiling and wrapping 5,000 rows doubled the time of
    listing them (measured in bench/bench_groups.py: 56 ms → 25 ms median on a loaded machine)."""
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"
    gm, m = quote(GM.name), quote(M.name)
    return (f"SELECT {m}.id, {m}.account, {m}.name, {m}.status, {gm}.{quote('admin')} FROM {gm} "
            f"JOIN {m} ON {m}.id = {gm}.member_id WHERE {gm}.group_id = {mark}")


class GroupService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self._cache_key = uow.engine.url.render_as_string(hide_password=True)

    def _tree(self, conn: Connection) -> DeptTree:
        return load_tree(conn, self._cache_key)

    # ------------------------------------------------------------ queries
    def _space(self, conn: Connection) -> str:
        return space_label(str(setting_value(conn, "chat.group_space")),
                           int(setting_value(conn, "chat.group_space_custom_mb")))

    def _resolve(self, conn: Connection, ref: str) -> Any:
        """A GROUP of the CLI: its gid, or its exact name when that is unique."""
        text = v.clean_text(ref)
        row = conn.execute(select(G).where(G.c.gid == text.lower())).first()
        if row is not None:
            return row
        rows = conn.execute(select(G).where(G.c.name == text)).all()
        if not rows:
            raise NotFound("group_not_found", group=text)
        if len(rows) > 1:
            raise ValidationError("group_name_ambiguous", field="group", group=text, count=len(rows))
        return rows[0]

    def _views(self, conn: Connection, rows: Sequence[Any], *, with_members: bool = True) -> list[GroupView]:
        tree = self._tree(conn)
        ids = [r.id for r in rows]
        counts: dict[int, int] = {}
        members: dict[int, list[tuple[str, bool]]] = {}
        for chunk in _chunks(ids):
            counts.update(conn.execute(select(GM.c.group_id, func.count()).where(GM.c.group_id.in_(chunk))
                                       .group_by(GM.c.group_id)).all())
            if with_members:
                q = (select(GM.c.group_id, M.c.account, GM.c.admin).select_from(GM.join(M, M.c.id == GM.c.member_id))
                     .where(GM.c.group_id.in_(chunk)).order_by(M.c.account))
                for gid, account, admin in conn.execute(q):
                    members.setdefault(gid, []).append((account, bool(admin)))
        owners = [r.owner_id for r in rows if r.owner_id is not None]
        owner_account: dict[int, str] = {}
        for chunk in _chunks(owners):
            owner_account.update(conn.execute(select(M.c.id, M.c.account).where(M.c.id.in_(chunk))).all())
        space = self._space(conn)
        out = []
        for r in rows:
            mine = members.get(r.id, [])
            out.append(GroupView(
                id=r.id, gid=r.gid, name=r.name, kind=r.kind,
                department=tree.path(r.dept_id) if r.dept_id is not None and r.dept_id in tree.nodes else None,
                recursive=bool(r.recursive), owner=owner_account.get(r.owner_id) if r.owner_id else None,
                admins=tuple(a for a, admin in mine if admin), members=tuple(a for a, _ in mine),
                member_count=counts.get(r.id, 0), space_limit=space, version=r.version))
        return out

    def _in_scope(self, conn: Connection, rows: Sequence[Any]) -> list[Any]:
        """Groups a scoped administrator sees: those it may manage (see the module's rule)."""
        if not self.actor.scoped:
            return list(rows)
        allowed = scope_closure(conn, self.actor.scope)
        return [r for r in rows if (depts := _group_departments(conn, r.id)) and depts <= allowed]

    def list_groups(self, *, member: str | None = None, search: str | None = None,
                    with_members: bool = False) -> list[GroupView]:
        """Groups by name; `member` keeps those an account belongs to, `search` those whose name contains it."""
        self.actor.require(GROUPS_READ)
        with self.uow.read() as conn:
            q = select(G).order_by(G.c.name, G.c.id)
            if member is not None:
                mid = self._member_id(conn, member)
                q = q.where(G.c.id.in_(select(GM.c.group_id).where(GM.c.member_id == mid)))
            if search:
                q = q.where(G.c.name.contains(v.clean_text(search), autoescape=True))
            rows = self._in_scope(conn, conn.execute(q).all())
            return self._views(conn, rows, with_members=with_members)

    def get(self, ref: str) -> GroupView:
        self.actor.require(GROUPS_READ)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            if not self._in_scope(conn, [row]):
                raise PermissionDenied("permission_out_of_scope", what="群", what_en="group", key=row.name)
            return self._views(conn, [row])[0]

    def members(self, ref: str) -> list[GroupMemberView]:
        """A group's members with names and statuses, admins flagged: one query, sorted by account."""
        self.actor.require(GROUPS_READ)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            if not self._in_scope(conn, [row]):
                raise PermissionDenied("permission_out_of_scope", what="群", what_en="group", key=row.name)
            rows = conn.exec_driver_sql(_members_sql(conn), (row.id,)).fetchall()
            owner = row.owner_id
            out = [GroupMemberView(account, name, status, bool(admin), mid == owner)
                   for mid, account, name, status, admin in rows]
            out.sort()  # by account (unique), in Python: cheaper than the database's temporary sort here
            return out

    def export_excel(self, ref: str, path: str | Path) -> dict[str, Any]:
        """A group's members in the Excel template's columns; confidential fields masked as in any export."""
        from youdu_console.interchange import excel
        from youdu_console.services.interchange import may_see_confidential

        self.actor.require("export")
        self.actor.require(GROUPS_READ)
        mask = not may_see_confidential(self.actor)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            if not self._in_scope(conn, [row]):
                raise PermissionDenied("permission_out_of_scope", what="群", what_en="group", key=row.name)
            tree = self._tree(conn)
            q = (select(M.c.id, M.c.account, M.c.name, M.c.gender, M.c.mobile, M.c.phone, M.c.email, M.c.weight,
                        M.c.confidential).select_from(GM.join(M, M.c.id == GM.c.member_id))
                 .where(GM.c.group_id == row.id).order_by(M.c.weight.desc(), M.c.account))
            rows = conn.execute(q).all()
            links: dict[int, list[tuple[int, str]]] = {}
            for chunk in _chunks([r.id for r in rows]):
                for mid, did, pos in conn.execute(select(L.c.member_id, L.c.dept_id, L.c.position)
                                                  .where(L.c.member_id.in_(chunk)).order_by(L.c.member_id, L.c.seq)):
                    links.setdefault(mid, []).append((did, pos))

        def export_rows() -> Iterator[excel.ExportRow]:
            for r in rows:
                mine = links.get(r.id, [])
                hidden = set(r.confidential.split(",")) if mask and r.confidential else set()
                yield excel.ExportRow(
                    account=r.account, name=r.name, gender=r.gender,
                    mobile="" if "mobile" in hidden else (r.mobile or ""), phone="" if "phone" in hidden else r.phone,
                    email="" if "email" in hidden else r.email, departments=tuple(tree.path(d) for d, _ in mine),
                    position=mine[0][1] if mine else "", weight=int(r.weight))

        count = excel.write_members(path, export_rows(), total=len(rows))
        return {"file": str(path), "group": row.name, "gid": row.gid, "members": count, "masked": mask}

    def department_group(self, path: str) -> GroupView | None:
        """The department group of a department, if it has one."""
        self.actor.require(GROUPS_READ)
        with self.uow.read() as conn:
            d = self._tree(conn).find(path)
            rows = conn.execute(select(G).where(G.c.dept_id == d)).all()
            return self._views(conn, rows, with_members=False)[0] if rows else None

    # ------------------------------------------------------------ planners
    def _member_id(self, conn: Connection, account: str) -> int:
        acc = v.clean_text(account).lower()
        mid = conn.execute(select(M.c.id).where(M.c.account == acc)).scalar()
        if mid is None:
            raise NotFound("member_not_found", account=acc)
        return int(mid)

    def _members(self, conn: Connection, accounts: Iterable[str], *, joining: bool) -> dict[str, int]:
        """Accounts to ids, in order, without repeats; a resigned account cannot join."""
        out: dict[str, int] = {}
        for account in accounts:
            acc = v.clean_text(account).lower()
            row = conn.execute(select(M.c.id, M.c.status).where(M.c.account == acc)).first()
            if row is None:
                raise NotFound("member_not_found", account=acc)
            if joining and row.status != "active":
                raise ValidationError("group_member_resigned", field="member", account=acc)
            out[acc] = row.id
        return out

    def _finish(self, conn: Connection, cs: ChangeSet) -> ChangeSet:
        """Refuse at planning what the apply would refuse: the role's right and a scoped admin's subtrees."""
        entities.authorize_ops(conn, self.actor, cs.operations)
        return cs

    def plan_add(self, name: str, *, owner: str | None = None, members: Sequence[str] = (),
                 admins: Sequence[str] = ()) -> ChangeSet:
        """A fixed group: the owner (the first member when not named) is a member; admins must be members."""
        self.actor.require(GROUPS_WRITE)
        group_name = normalize_group_name(name)
        ph = Placeholders()
        with self.uow.read() as conn:
            joined = self._members(conn, [*([owner] if owner else []), *members], joining=True)
            admin_ids = self._members(conn, admins, joining=True)
            for acc in admin_ids:
                if acc not in joined:
                    raise ValidationError("group_admin_not_member", field="admin", account=acc, group=group_name)
            gid_ph = ph.take()
            owner_id = next(iter(joined.values()), None)
            cs = ChangeSet("group.add", self.actor.name, subject=group_name)
            cs.operations.append(Operation("group", "add", gid_ph, after={
                "id": gid_ph, "gid": new_gid(), "name": group_name, "kind": "fixed", "dept_id": None,
                "recursive": False, "owner_id": owner_id}, label=group_name, category="added"))
            for acc, mid in joined.items():
                key = ph.take()
                cs.operations.append(Operation("group_member", "add", key, after={
                    "id": key, "group_id": gid_ph, "member_id": mid, "admin": acc in admin_ids},
                    label=f"{acc} → {group_name}", category="joined"))
            return self._finish(conn, cs)

    def plan_add_department(self, path: str, *, recursive: bool = False, name: str | None = None) -> ChangeSet:
        """A department group, named after its department unless named; its members are the department's."""
        self.actor.require(GROUPS_WRITE)
        with self.uow.read() as conn:
            tree = self._tree(conn)
            d = tree.find(path)
            dept_path = tree.path(d)
            group_name = normalize_group_name(name if name is not None else tree.nodes[d].name)
            taken = conn.execute(select(G.c.name).where(G.c.dept_id == d)).scalar()
            if taken is not None:
                raise ValidationError("group_dept_taken", field="dept", path=dept_path, group=taken)
            depts = list(descendants({n.id: n.parent_id for n in tree.nodes.values()}, [d])) if recursive else [d]
            member_rows: dict[int, str] = {}
            for chunk in _chunks(depts):
                q = (select(M.c.id, M.c.account).select_from(L.join(M, M.c.id == L.c.member_id))
                     .where(L.c.dept_id.in_(chunk), M.c.status == "active"))
                member_rows.update(conn.execute(q).all())
            ph = Placeholders()
            gid_ph = ph.take()
            cs = ChangeSet("group.add_department", self.actor.name, subject=f"{group_name} ({dept_path})")
            cs.operations.append(Operation("group", "add", gid_ph, after={
                "id": gid_ph, "gid": new_gid(), "name": group_name, "kind": "department", "dept_id": d,
                "recursive": recursive, "owner_id": None}, label=group_name, category="added"))
            for mid, acc in sorted(member_rows.items(), key=lambda item: item[1]):
                key = ph.take()
                cs.operations.append(Operation("group_member", "add", key, after={
                    "id": key, "group_id": gid_ph, "member_id": mid, "admin": False},
                    label=f"{acc} → {group_name}", category="joined"))
            return self._finish(conn, cs)

    def plan_rename(self, ref: str, new_name: str) -> ChangeSet:
        self.actor.require(GROUPS_WRITE)
        name = normalize_group_name(new_name)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            cs = ChangeSet("group.rename", self.actor.name, subject=f"{row.name} → {name}")
            if name != row.name:
                cs.operations.append(Operation("group", "update", row.id, before={"name": row.name},
                                               after={"name": name}, version=row.version, label=row.name))
            return self._finish(conn, cs)

    def _delete_ops(self, conn: Connection, row: Any) -> list[Operation]:
        ops = []
        q = (select(GM, M.c.account).select_from(GM.join(M, M.c.id == GM.c.member_id))
             .where(GM.c.group_id == row.id).order_by(GM.c.id))
        for r in conn.execute(q):
            ops.append(Operation("group_member", "delete", r.id, before=_gm_values(r), version=r.version,
                                 label=f"{r.account} → {row.name}", category="left"))
        before = {k: row._mapping[k] for k in ("id", "gid", "name", "kind", "dept_id", "recursive", "owner_id",
                                                 "created_at", "updated_at")}
        before["recursive"] = bool(before["recursive"])
        ops.append(Operation("group", "delete", row.id, before=before, version=row.version, label=row.name,
                             category="deleted"))
        return ops

    def plan_delete(self, ref: str) -> ChangeSet:
        self.actor.require(GROUPS_WRITE)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            cs = ChangeSet("group.delete", self.actor.name, subject=row.name, operations=self._delete_ops(conn, row))
            return self._finish(conn, cs)

    def plan_delete_department(self, path: str, *, group: str = "keep") -> ChangeSet:
        """删除部门, saying what becomes of its department group: `keep` it as a fixed group, or `delete` it."""
        if group not in ("keep", "delete"):
            raise ValidationError("group_dept_choice_invalid", field="group", value=group)
        cs = DirectoryService(self.uow, self.actor).plan_delete_department(path)
        if group == "delete":
            with self.uow.read() as conn:
                d = self._tree(conn).find(path)
                row = conn.execute(select(G).where(G.c.dept_id == d)).first()
                if row is not None:
                    self.actor.require(GROUPS_WRITE)
                    cs.operations[:0] = self._delete_ops(conn, row)
                    self._finish(conn, cs)
        return cs

    def _current(self, conn: Connection, group_id: int) -> dict[str, Any]:
        q = (select(GM, M.c.account).select_from(GM.join(M, M.c.id == GM.c.member_id))
             .where(GM.c.group_id == group_id))
        return {r.account: r for r in conn.execute(q)}

    def plan_members(self, ref: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> ChangeSet:
        """Add and remove members of a fixed group (a department group's follow its department)."""
        self.actor.require(GROUPS_WRITE)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            if row.kind == "department":
                raise ValidationError("group_follows_department", field="member", group=row.name)
            current = self._current(conn, row.id)
            joining = self._members(conn, add, joining=True)
            leaving = self._members(conn, remove, joining=False)
            cs = ChangeSet("group.members", self.actor.name, subject=row.name)
            ph = Placeholders()
            for acc, mid in joining.items():
                if acc in current:
                    raise ValidationError("group_member_exists", field="member", account=acc, group=row.name)
                key = ph.take()
                cs.operations.append(Operation("group_member", "add", key, after={
                    "id": key, "group_id": row.id, "member_id": mid, "admin": False},
                    label=f"{acc} → {row.name}", category="joined"))
            for acc, mid in leaving.items():
                if acc not in current:
                    raise ValidationError("group_not_member", field="member", account=acc, group=row.name)
                if mid == row.owner_id:
                    raise ValidationError("group_owner_leaves", field="member", account=acc, group=row.name)
                r = current[acc]
                cs.operations.append(Operation("group_member", "delete", r.id, before=_gm_values(r),
                                               version=r.version, label=f"{acc} → {row.name}", category="left"))
            return self._finish(conn, cs)

    def plan_admins(self, ref: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> ChangeSet:
        """Group administrators: members flagged as such (a department group may have them too)."""
        self.actor.require(GROUPS_WRITE)
        with self.uow.read() as conn:
            row = self._resolve(conn, ref)
            current = self._current(conn, row.id)
            cs = ChangeSet("group.admins", self.actor.name, subject=row.name)
            for accounts, flag in ((add, True), (remove, False)):
                for acc in self._members(conn, accounts, joining=False):
                    r = current.get(acc)
                    if r is None:
                        raise ValidationError("group_admin_not_member", field="admin", account=acc, group=row.name)
                    if bool(r.admin) == flag:
                        code = "group_admin_exists" if flag else "group_not_admin"
                        raise ValidationError(code, field="admin", account=acc, group=row.name)
                    cs.operations.append(Operation("group_member", "update", r.id, before={"admin": bool(r.admin)},
                                                   after={"admin": flag}, version=r.version,
                                                   label=f"{acc} → {row.name}"))
            return self._finish(conn, cs)

