"""应用门户模板 (manual 3.1): templates with ordered apps in groups and an audience of members and departments.

A department in an audience covers its sub-departments; a member covered by several templates sees the union
of their apps (policy.apps answers for one member). The rows follow the address book: deleting a member or a
department drops it from every audience in the same change set (the derivation registered here), and an app
whose department goes loses that department.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain import apps as rules
from youdu_console.domain.apps import PortalEntry, TemplateView
from youdu_console.domain.errors import NotFound, PermissionDenied, ValidationError
from youdu_console.domain.validation import clean_text
from youdu_console.services import entities
from youdu_console.services.apps import APPS_READ, APPS_WRITE, audience_departments
from youdu_console.services.auth import Actor, scope_closure
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.directory import Placeholders
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

A = tables.APPS
PT = tables.PORTAL_TEMPLATES
PA = tables.PORTAL_APPS
PU = tables.PORTAL_AUDIENCE
M = tables.MEMBERS


def parse_app_ref(text: str) -> tuple[str, str]:
    """`APP` or `GROUP:APP` (the CLI's --app): (group, app)."""
    group, sep, app = text.rpartition(":")
    return (group.strip(), app.strip()) if sep else ("", text.strip())


class PortalService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    # ------------------------------------------------------------ queries
    def _row(self, conn: Connection, name: str) -> Any:
        ref = rules.normalize_template_name(name)
        row = conn.execute(select(PT).where(PT.c.name == ref)).first()
        if row is None:
            raise NotFound("portal_not_found", template=ref)
        return row

    def _views(self, conn: Connection, rows: Sequence[Any]) -> list[TemplateView]:
        ids = [r.id for r in rows]
        if not ids:
            return []
        tree = load_tree(conn)
        apps: dict[int, list[PortalEntry]] = {}
        for r in conn.execute(select(PA).where(PA.c.template_id.in_(ids)).order_by(PA.c.position, PA.c.id)):
            apps.setdefault(r.template_id, []).append(PortalEntry(r.app_id, r.group_name, r.position))
        members: dict[int, list[str]] = {}
        depts: dict[int, list[str]] = {}
        q = select(PU.c.template_id, PU.c.dept_id, M.c.account).select_from(
            PU.outerjoin(M, M.c.id == PU.c.member_id)).where(PU.c.template_id.in_(ids)).order_by(PU.c.id)
        for r in conn.execute(q):
            if r.account is not None:
                members.setdefault(r.template_id, []).append(r.account)
            elif r.dept_id is not None and r.dept_id in tree.nodes:
                depts.setdefault(r.template_id, []).append(tree.path(r.dept_id))
        return [TemplateView(id=r.id, name=r.name, enabled=bool(r.enabled), apps=tuple(apps.get(r.id, ())),
                             members=tuple(sorted(members.get(r.id, ()))), departments=tuple(depts.get(r.id, ())),
                             version=r.version) for r in rows]

    def list_templates(self) -> list[TemplateView]:
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            return self._views(conn, conn.execute(select(PT).order_by(PT.c.name)).all())

    def get(self, name: str) -> TemplateView:
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            return self._views(conn, [self._row(conn, name)])[0]

    # ------------------------------------------------------------ planners
    def _apps(self, conn: Connection, entries: Iterable[tuple[str, str] | str],
              pending: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """(app id, group) in order, each app once; an app may be named by its AppID or its exact name."""
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for entry in entries:
            group, ref = parse_app_ref(entry) if isinstance(entry, str) else entry
            if ref in pending:
                app_id = ref
            else:
                row = conn.execute(select(A.c.app_id).where(A.c.app_id == ref)).first() or \
                    conn.execute(select(A.c.app_id).where(A.c.name == ref)).first()
                if row is None:
                    raise NotFound("app_not_found", app=ref)
                app_id = row.app_id
            if app_id in seen:
                raise ValidationError("portal_app_twice", field="app", app=ref)
            seen.add(app_id)
            out.append((app_id, rules.normalize_group_label(group)))
        return out

    def _audience(self, conn: Connection, members: Iterable[str], depts: Iterable[str]) -> set[tuple[str, int]]:
        out: set[tuple[str, int]] = set()
        for account in members:
            acc = clean_text(account).lower()
            mid = conn.execute(select(M.c.id).where(M.c.account == acc)).scalar()
            if mid is None:
                raise NotFound("member_not_found", account=acc)
            out.add(("member", int(mid)))
        tree = load_tree(conn) if depts else None
        for path in depts:
            assert tree is not None
            out.add(("dept", int(tree.find(path))))
        return out

    def _finish(self, conn: Connection, cs: ChangeSet, template_id: Any = None) -> ChangeSet:
        entities.authorize_ops(conn, self.actor, cs.operations)
        if self.actor.scoped:
            self._check_scope(conn, cs, template_id)
        return cs

    def _check_scope(self, conn: Connection, cs: ChangeSet, template_id: Any) -> None:
        """A scoped admin's template: its whole audience after the change inside the admin's subtrees, and
        only self-built apps (system apps are placed in portals by super admins)."""
        allowed = scope_closure(conn, self.actor.scope)
        depts = audience_departments(conn, [template_id]) if template_id is not None else set()
        for op in cs.operations:
            values = op.after or {}
            if op.entity == "portal_audience" and op.action == "add":
                if values.get("dept_id") is not None:
                    depts.add(values["dept_id"])
            if op.entity == "portal_app" and op.action == "add" and rules.is_system_id(str(values.get("app_id"))):
                raise PermissionDenied("permission_denied", role=self.actor.role, action="管理系统应用",
                                       action_en="manage system apps", right="apps.system")
        if not depts or not depts <= allowed:
            raise PermissionDenied("permission_out_of_scope", what="应用门户模板", what_en="portal template",
                                   key=cs.subject or "")

    def plan_add(self, name: str, *, apps: Sequence[tuple[str, str] | str] = (), members: Sequence[str] = (),
                 depts: Sequence[str] = (), enabled: bool = True) -> ChangeSet:
        self.actor.require(APPS_WRITE)
        template_name = rules.normalize_template_name(name)
        with self.uow.read() as conn:
            cs = ChangeSet("portal.add", self.actor.name, subject=template_name)
            cs.operations = self.add_ops(conn, template_name, apps, members, depts, enabled, Placeholders())
            return self._finish(conn, cs)

    def add_ops(self, conn: Connection, name: str, apps: Sequence[tuple[str, str] | str], members: Sequence[str],
                depts: Sequence[str], enabled: bool, ph: Placeholders,
                pending: frozenset[str] = frozenset()) -> list[Operation]:
        """A new template's operations (`pending`: AppIDs the same change set adds, for an import)."""
        template_name = rules.normalize_template_name(name)
        if conn.execute(select(PT.c.id).where(PT.c.name == template_name)).first() is not None:
            raise ValidationError("portal_name_taken", field="name", name=template_name)
        tid = ph.take()
        ops = [Operation("portal_template", "add", tid, after={"id": tid, "name": template_name,
                                                              "enabled": bool(enabled)},
                         label=template_name, category="added")]
        for pos, (app_id, group) in enumerate(self._apps(conn, apps, pending)):
            key = ph.take()
            ops.append(Operation("portal_app", "add", key, after={
                "id": key, "template_id": tid, "app_id": app_id, "group_name": group, "position": pos},
                label=f"{app_id} → {template_name}", category="added"))
        for kind, ref in sorted(self._audience(conn, members, depts)):
            key = ph.take()
            ops.append(Operation("portal_audience", "add", key, after={
                "id": key, "template_id": tid, "member_id": ref if kind == "member" else None,
                "dept_id": ref if kind == "dept" else None}, label=template_name, category="added"))
        return ops

    def plan_update(self, name: str, *, new_name: str | None = None, enabled: bool | None = None,
                    apps: Sequence[tuple[str, str] | str] | None = None, members: Sequence[str] | None = None,
                    depts: Sequence[str] | None = None) -> ChangeSet:
        """Change a template; `apps`, `members` and `depts` replace the lists given (order and groups too)."""
        self.actor.require(APPS_WRITE)
        with self.uow.read() as conn:
            row = self._row(conn, name)
            cs = ChangeSet("portal.update", self.actor.name, subject=row.name)
            cs.operations = self.update_ops(conn, row, new_name, enabled, apps, members, depts, Placeholders())
            return self._finish(conn, cs, row.id)

    def update_ops(self, conn: Connection, row: Any, new_name: str | None, enabled: bool | None,
                   apps: Sequence[tuple[str, str] | str] | None, members: Sequence[str] | None,
                   depts: Sequence[str] | None, ph: Placeholders,
                   pending: frozenset[str] = frozenset()) -> list[Operation]:
        """The operations changing template `row` (each list given replaces the current one)."""
        cs = ChangeSet("portal.update", self.actor.name)
        after: dict[str, Any] = {}
        if new_name is not None and rules.normalize_template_name(new_name) != row.name:
            after["name"] = rules.normalize_template_name(new_name)
            if conn.execute(select(PT.c.id).where(PT.c.name == after["name"])).first() is not None:
                raise ValidationError("portal_name_taken", field="name", name=after["name"])
        if enabled is not None and bool(enabled) != bool(row.enabled):
            after["enabled"] = bool(enabled)
        if after:
            cs.operations.append(Operation("portal_template", "update", row.id,
                                           before={k: row._mapping[k] for k in after}, after=after,
                                           version=row.version, label=row.name))
        if apps is not None:
            self._replace_apps(conn, cs, row, self._apps(conn, apps, pending), ph)
        if members is not None or depts is not None:
            current = {(("member", r.member_id) if r.member_id is not None else ("dept", r.dept_id)): r
                       for r in conn.execute(select(PU).where(PU.c.template_id == row.id))}
            keep_members = [k for k in current if k[0] == "member"] if members is None else []
            keep_depts = [k for k in current if k[0] == "dept"] if depts is None else []
            wanted = self._audience(conn, members or (), depts or ()) | set(keep_members) | set(keep_depts)
            for k, r in sorted(current.items(), key=lambda item: item[1].id):
                if k not in wanted:
                    cs.operations.append(Operation("portal_audience", "delete", r.id, before=dict(r._mapping),
                                                   version=r.version, label=row.name, category="deleted"))
            for kind, ref in sorted(wanted - current.keys()):
                key = ph.take()
                cs.operations.append(Operation("portal_audience", "add", key, after={
                    "id": key, "template_id": row.id, "member_id": ref if kind == "member" else None,
                    "dept_id": ref if kind == "dept" else None}, label=row.name, category="added"))
        return cs.operations

    @staticmethod
    def _replace_apps(conn: Connection, cs: ChangeSet, row: Any, wanted: list[tuple[str, str]],
                      ph: Placeholders) -> None:
        current = {r.app_id: r for r in conn.execute(select(PA).where(PA.c.template_id == row.id))}
        places = {app_id: (group, pos) for pos, (app_id, group) in enumerate(wanted)}
        for app_id, old in current.items():
            if app_id not in places:
                cs.operations.append(Operation("portal_app", "delete", old.id, before=dict(old._mapping),
                                               version=old.version, label=f"{app_id} → {row.name}", category="deleted"))
        for app_id, (group, pos) in places.items():
            r = current.get(app_id)
            if r is None:
                key = ph.take()
                cs.operations.append(Operation("portal_app", "add", key, after={
                    "id": key, "template_id": row.id, "app_id": app_id, "group_name": group, "position": pos},
                    label=f"{app_id} → {row.name}", category="added"))
            elif (r.group_name, r.position) != (group, pos):
                cs.operations.append(Operation("portal_app", "update", r.id,
                                               before={"group_name": r.group_name, "position": r.position},
                                               after={"group_name": group, "position": pos}, version=r.version,
                                               label=f"{app_id} → {row.name}"))

    def plan_delete(self, name: str) -> ChangeSet:
        self.actor.require(APPS_WRITE)
        with self.uow.read() as conn:
            row = self._row(conn, name)
            cs = ChangeSet("portal.delete", self.actor.name, subject=row.name)
            for table, entity in ((PA, "portal_app"), (PU, "portal_audience")):
                for r in conn.execute(select(table).where(table.c.template_id == row.id).order_by(table.c.id)):
                    cs.operations.append(Operation(entity, "delete", r.id, before=dict(r._mapping),
                                                   version=r.version, label=row.name, category="deleted"))
            cs.operations.append(Operation("portal_template", "delete", row.id,
                                           before={k: row._mapping[k] for k in ("id", "name", "enabled", "created_at",
                                                                                "updated_at")},
                                           version=row.version, label=row.name, category="deleted"))
            return self._finish(conn, cs, row.id)


# ---------------------------------------------------------------- audiences follow the address book

def follow_address_book(conn: Connection, ops: list[Operation]) -> list[Operation]:
    """A deleted member or department leaves every audience; a deleted department's apps lose it."""
    members = [op.key for op in ops if op.entity == "member" and op.action == "delete"]
    depts = [op.key for op in ops if op.entity == "department" and op.action == "delete"]
    if not members and not depts:
        return []
    planned = {(op.entity, op.key) for op in ops}
    out: list[Operation] = []
    conds = []
    if members:
        conds.append(PU.c.member_id.in_(members))
    if depts:
        conds.append(PU.c.dept_id.in_(depts))
    from sqlalchemy import or_

    for r in conn.execute(select(PU).where(or_(*conds)).order_by(PU.c.id)):
        if ("portal_audience", r.id) not in planned:
            out.append(Operation("portal_audience", "delete", r.id, before=dict(r._mapping), version=r.version,
                                 label=str(r.template_id), category="deleted"))
    if depts:
        for r in conn.execute(select(A.c.app_id, A.c.name, A.c.owner_dept_id, A.c.version)
                              .where(A.c.owner_dept_id.in_(depts))):
            out.append(Operation("app", "update", r.app_id, before={"owner_dept_id": r.owner_dept_id},
                                 after={"owner_dept_id": None}, version=r.version, label=r.name))
    return out


entities.register_derivation("portal_audience", follow_address_book)
