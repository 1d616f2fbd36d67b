"""企业应用 (manual ch. 3, 3.5.9): the app registry — rights, entities, queries and planners.

System apps exist from `db init` (migration 0008) with the manual's ids and cannot be deleted; only a super
administrator changes them. Self-built apps get an AppID and an EncodingAESKey (domain.apps); a scoped
administrator manages a self-built app only when its department and its audience (the portal templates
that list it) lie inside its subtrees. The EncodingAESKey is stored (the server API decrypts with it), shown
only to super administrators, and every reveal is audited.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain import apps as rules
from youdu_console.domain.apps import AppCredentials, AppView
from youdu_console.domain.errors import NotFound, PermissionDenied, ValidationError
from youdu_console.services import audit, entities
from youdu_console.services.app_secrets import PUBLIC_COLUMNS
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

A = tables.APPS
PT = tables.PORTAL_TEMPLATES
PA = tables.PORTAL_APPS
PU = tables.PORTAL_AUDIENCE
L = tables.MEMBER_DEPARTMENTS

APPS_READ = declare_right("apps.read", ("查看企业应用", "view apps"), roles=("scoped", "auditor"))
APPS_WRITE = declare_right("apps.write", ("管理企业应用", "manage apps"), roles=("scoped",))
APPS_SYSTEM = declare_right("apps.system", ("管理系统应用", "manage system apps"))  # super only
APPS_SECRET = declare_right("apps.secret", ("查看应用密钥", "reveal app secrets"))  # super only

# The columns a plan writes and journals; the secrets among them are redacted in previews (domain.changeset).
APP_COLUMNS = ("app_id", "name", "kind", "intro", "icon", "logo", "terminals", "homepage", "enabled", "sort",
               "aes_key", "service_mode", "callback_url", "callback_token", "auto_replies", "menus",
               "owner_dept_id")


def app_credentials(conn: Connection, app_id: str) -> AppCredentials | None:
    """The app's id, name and raw EncodingAESKey for the server API; None for an unknown app."""
    row = conn.execute(select(A.c.app_id, A.c.name, A.c.aes_key, A.c.enabled, A.c.kind)
                       .where(A.c.app_id == app_id)).first()
    if row is None:
        return None
    return AppCredentials(app_id=row.app_id, name=row.name, aes_key=rules.decode_aes_key(row.aes_key),
                          enabled=bool(row.enabled), system=row.kind == "system")


# ---------------------------------------------------------------- scope: whose apps a scoped admin manages

def audience_departments(conn: Connection, template_ids: Sequence[Any]) -> set[Any]:
    """The departments the audiences of these templates touch: named departments and members' departments."""
    ids = [t for t in template_ids if isinstance(t, int) and t > 0]
    if not ids:
        return set()
    out = {r[0] for r in conn.execute(select(PU.c.dept_id).where(PU.c.template_id.in_(ids),
                                                                  PU.c.dept_id.is_not(None)))}
    members = select(PU.c.member_id).where(PU.c.template_id.in_(ids), PU.c.member_id.is_not(None))
    out |= {r[0] for r in conn.execute(select(L.c.dept_id).where(L.c.member_id.in_(members)).distinct())}
    return out


def app_departments(conn: Connection, app_id: Any, owner_dept: Any = None) -> set[Any]:
    """An app's department (where a scoped administrator made it) and the departments of its audience."""
    row = conn.execute(select(A.c.owner_dept_id).where(A.c.app_id == app_id)).first()
    depts: set[Any] = set()
    if row is not None and row.owner_dept_id is not None:
        depts.add(row.owner_dept_id)
    if owner_dept is not None:
        depts.add(owner_dept)
    templates = [r[0] for r in conn.execute(select(PA.c.template_id).where(PA.c.app_id == app_id))]
    return depts | audience_departments(conn, templates)


def _app_op_departments(conn: Connection, op: Operation) -> set[Any]:
    values = op.after or op.before or {}
    return app_departments(conn, op.key, values.get("owner_dept_id"))


def _app_right(op: Operation) -> str | None:
    if rules.is_system_id(str(op.key)):
        return APPS_SYSTEM
    if op.action == "update" and any(c in (op.after or {}) for c in ("aes_key", "callback_token")):
        return APPS_SECRET  # setting a key or Token: super administrators only (docs/app-secrets.md)
    return None


def _is_new(key: Any) -> bool:
    return isinstance(key, int) and key < 0


def _template_op_departments(conn: Connection, op: Operation) -> set[Any] | None:
    """A template's audience; a new template's is checked through its own audience operations."""
    return None if op.action == "add" else audience_departments(conn, [op.key])


def _portal_app_op_departments(conn: Connection, op: Operation) -> set[Any] | None:
    values = op.after or op.before or {}
    template = values.get("template_id")
    if template is None:
        template = conn.execute(select(PA.c.template_id).where(PA.c.id == op.key)).scalar()
    if _is_new(template):
        return None  # an app placed in a template this change set creates: its audience operations decide
    return audience_departments(conn, [template]) if template is not None else set()


def _portal_app_right(op: Operation) -> str | None:
    """System apps are placed in portals by super administrators only."""
    app_id = (op.after or op.before or {}).get("app_id")
    return APPS_SYSTEM if app_id is not None and rules.is_system_id(str(app_id)) else None


def _audience_op_departments(conn: Connection, op: Operation) -> set[Any]:
    values = op.after or op.before or {}
    if "template_id" not in values:
        row = conn.execute(select(PU).where(PU.c.id == op.key)).first()
        values = dict(row._mapping) if row is not None else {}
    depts = audience_departments(conn, [values.get("template_id")])
    if values.get("dept_id") is not None:
        depts.add(values["dept_id"])
    member = values.get("member_id")
    if member is not None:
        depts |= {r[0] for r in conn.execute(select(L.c.dept_id).where(L.c.member_id == member))}
    return depts


APP = entities.register(entities.Entity(
    "app", A, key="app_id", right=APPS_WRITE, right_for=_app_right, refs=("owner_dept_id",),
    departments_of=_app_op_departments, label=("企业应用", "app")))
PORTAL_TEMPLATE = entities.register(entities.Entity(
    "portal_template", PT, id_block="directory", right=APPS_WRITE, departments_of=_template_op_departments,
    label=("应用门户模板", "portal template")))
PORTAL_APP = entities.register(entities.Entity(
    "portal_app", PA, id_block="directory", right=APPS_WRITE, right_for=_portal_app_right, refs=("id", "template_id"),
    departments_of=_portal_app_op_departments, label=("模板中的应用", "app in a template")))
PORTAL_AUDIENCE = entities.register(entities.Entity(
    "portal_audience", PU, id_block="directory", right=APPS_WRITE, refs=("id", "template_id", "member_id", "dept_id"),
    departments_of=_audience_op_departments, label=("模板使用人员", "template audience")))


def _app_values(row: Any) -> dict[str, Any]:
    # a row read without its secrets (PUBLIC_COLUMNS: what a non-super login may read) journals none
    values = {c: row._mapping[c] for c in APP_COLUMNS if c in row._mapping}
    values["enabled"] = bool(values["enabled"])
    values["service_mode"] = bool(values["service_mode"])
    return values


def app_view(row: Any) -> AppView:
    return AppView(app_id=row.app_id, name=row.name, kind=row.kind, intro=row.intro, icon=row.icon,
                   terminals=tuple(t for t in row.terminals.split(",") if t), homepage=row.homepage,
                   enabled=bool(row.enabled), has_logo=bool(row.logo), service_mode=bool(row.service_mode),
                   callback_url=row.callback_url, version=row.version)


_UNSET: Any = object()


class AppService:
    """The app registry's queries and planners (add, update, regenerate the key, delete)."""

    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    # ------------------------------------------------------------ queries
    def _row(self, conn: Connection, app_id: str, *, secrets: bool = False) -> Any:
        """The app's row; its secret columns only when asked (a secured server lets super logins alone read
        them: docs/app-secrets.md)."""
        ref = (app_id or "").strip()
        cols = (A,) if secrets else PUBLIC_COLUMNS
        row = conn.execute(select(*cols).where(A.c.app_id == ref)).first()
        if row is None:
            row = conn.execute(select(*cols).where(A.c.name == ref)).first()  # an exact name is accepted too
        if row is None:
            raise NotFound("app_not_found", app=ref)
        return row

    def _manageable(self, conn: Connection, row: Any) -> bool:
        if self.actor.role == "super":
            return True
        if row.kind == "system" or not self.actor.scoped:
            return False
        from youdu_console.services.auth import scope_closure

        depts = app_departments(conn, row.app_id)
        return bool(depts) and depts <= scope_closure(conn, self.actor.scope)

    def list_apps(self, *, kind: str | None = None) -> list[AppView]:
        """System apps first (in the manual's order), then self-built ones by name."""
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            q = select(*PUBLIC_COLUMNS).order_by(A.c.kind.desc(), A.c.sort, A.c.name)
            if kind is not None:
                q = q.where(A.c.kind == kind)
            return [app_view(r) for r in conn.execute(q)]

    def get(self, app_id: str) -> AppView:
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            return app_view(self._row(conn, app_id))

    def manageable(self, app_id: str) -> bool:
        """Whether this administrator may change the app (the window disables the editor otherwise)."""
        with self.uow.read() as conn:
            return self.actor.can(APPS_WRITE) and self._manageable(conn, self._row(conn, app_id))

    def logo(self, app_id: str) -> bytes | None:
        """An uploaded logo's PNG bytes (None when the app shows a built-in icon)."""
        import base64

        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            row = self._row(conn, app_id)
            return base64.b64decode(row.logo) if row.logo else None

    def service_config(self, app_id: str) -> dict[str, Any]:
        """Service-account mode (3.5.9.4): replies, menus and the callback URL (secrets left out)."""
        self.actor.require(APPS_READ)
        with self.uow.read() as conn:
            row = self._row(conn, app_id)
            return {"service_mode": bool(row.service_mode), "callback_url": row.callback_url,
                    "auto_replies": json.loads(row.auto_replies or "[]"), "menus": json.loads(row.menus or "[]")}

    def reveal_secret(self, app_id: str) -> dict[str, str]:
        """The EncodingAESKey (and callback Token): super administrators only, each reveal audited."""
        self.actor.require(APPS_SECRET)
        with self.uow.write() as conn:
            row = self._row(conn, app_id, secrets=True)
            audit.append(conn, actor=self.actor.name, action="app.reveal_secret", target=row.app_id,
                         detail={"app": row.app_id, "name": row.name})
            return {"encoding_aes_key": row.aes_key, "callback_token": row.callback_token}

    @staticmethod
    def name_warning(name: str) -> bool:
        """True when the name is longer than the manual advises (it shows cut off in the portal)."""
        return rules.normalize_app_name(name)[1]

    # ------------------------------------------------------------ planners
    def _check_name(self, conn: Connection, name: str, app_id: str | None = None) -> None:
        taken = conn.execute(select(A.c.app_id).where(A.c.name == name)).scalar()
        if taken is not None and taken != app_id:
            raise ValidationError("app_name_taken", field="name", name=name)

    def _owner_dept(self, conn: Connection, dept: str | None) -> int | None:
        if dept:
            return int(load_tree(conn).find(dept))
        if self.actor.scoped:
            if len(self.actor.scope) != 1:
                raise ValidationError("app_dept_required", field="dept")
            return int(next(iter(self.actor.scope)))
        return None

    def _finish(self, conn: Connection, cs: ChangeSet) -> ChangeSet:
        entities.authorize_ops(conn, self.actor, cs.operations)
        return cs

    def plan_add(self, name: str, *, intro: str, terminals: Sequence[str] | str = rules.TERMINALS,
                 homepage: str = "", icon: str = "", logo: bytes | None = None, enabled: bool = True,
                 dept: str | None = None) -> ChangeSet:
        """A self-built app with a new AppID and EncodingAESKey (a logo is validated and scaled first)."""
        self.actor.require(APPS_WRITE)
        app_name, _ = rules.normalize_app_name(name)
        values: dict[str, Any] = {
            "name": app_name, "kind": "custom", "intro": rules.normalize_intro(intro),
            "terminals": rules.normalize_terminals(terminals), "homepage": rules.normalize_url(homepage),
            "enabled": bool(enabled), "aes_key": rules.new_aes_key(), "service_mode": False, "callback_url": "",
            "callback_token": "", "auto_replies": "[]", "menus": "[]"}
        values.update(self._logo_values(icon, logo))
        with self.uow.read() as conn:
            self._check_name(conn, app_name)
            app_id = rules.new_app_id()
            while conn.execute(select(A.c.app_id).where(A.c.app_id == app_id)).first() is not None:
                app_id = rules.new_app_id()  # 128 random bits: never in practice, but never twice either
            top = conn.execute(select(A.c.sort).order_by(A.c.sort.desc()).limit(1)).scalar() or 0
            values.update(app_id=app_id, sort=int(top) + 1, owner_dept_id=self._owner_dept(conn, dept))
            cs = ChangeSet("app.add", self.actor.name, subject=app_name)
            cs.operations.append(Operation("app", "add", app_id, after=values, label=app_name, category="added"))
            return self._finish(conn, cs)

    @staticmethod
    def _logo_values(icon: str, logo: bytes | None) -> dict[str, Any]:
        from youdu_console.services.app_logos import builtin_icon, scaled_logo

        if logo is not None:
            return {"icon": "", "logo": scaled_logo(logo)}
        return {"icon": builtin_icon(icon), "logo": None}

    def plan_update(self, app_id: str, *, name: Any = _UNSET, intro: Any = _UNSET, terminals: Any = _UNSET,
                    homepage: Any = _UNSET, icon: Any = _UNSET, logo: Any = _UNSET, enabled: Any = _UNSET,
                    **service: Any) -> ChangeSet:
        """Change an app's fields (only those given). `service` takes the service-account fields:
        service_mode, callback_url, callback_token, auto_replies (list), menus (list)."""
        from youdu_console.domain import service_account as sa

        self.actor.require(APPS_WRITE)
        if "callback_token" in service:  # a secret: written (and journalled) by super administrators only
            self.actor.require(APPS_SECRET)
        with self.uow.read() as conn:
            row = self._row(conn, app_id, secrets="callback_token" in service)
            after: dict[str, Any] = {}
            if name is not _UNSET:
                after["name"] = rules.normalize_app_name(name)[0]
                self._check_name(conn, after["name"], row.app_id)
            if intro is not _UNSET:
                after["intro"] = rules.normalize_intro(intro)
            if terminals is not _UNSET:
                after["terminals"] = rules.normalize_terminals(terminals)
            if homepage is not _UNSET:
                after["homepage"] = rules.normalize_url(homepage)
            if enabled is not _UNSET:
                after["enabled"] = bool(enabled)
            if logo is not _UNSET or icon is not _UNSET:
                after.update(self._logo_values(row.icon if icon is _UNSET else icon, None if logo is _UNSET else logo))
            for key, value in service.items():
                if key == "service_mode":
                    after[key] = bool(value)
                elif key == "callback_url":
                    after[key] = rules.normalize_url(value, field="callback_url")
                elif key == "callback_token":
                    after[key] = sa.normalize_token(value)
                elif key == "auto_replies":
                    after[key] = json.dumps(sa.normalize_replies(value), ensure_ascii=False)
                elif key == "menus":
                    after[key] = json.dumps(sa.normalize_menus(value), ensure_ascii=False)
                else:
                    raise TypeError(f"unknown app field {key!r}")
            current = _app_values(row)
            changed = {k: v for k, v in after.items() if current[k] != v}
            cs = ChangeSet("app.update", self.actor.name, subject=row.name)
            if changed:
                cs.operations.append(Operation("app", "update", row.app_id, before={k: current[k] for k in changed},
                                               after=changed, version=row.version, label=row.name))
            return self._finish(conn, cs)

    def plan_regenerate_key(self, app_id: str) -> ChangeSet:
        """随机生成: a new EncodingAESKey; once applied, the old one decrypts nothing. Super administrators
        only (a key chosen by a scoped login would let it call the server API as that app)."""
        self.actor.require(APPS_WRITE)
        self.actor.require(APPS_SECRET)
        with self.uow.read() as conn:
            row = self._row(conn, app_id, secrets=True)
            cs = ChangeSet("app.regenerate_key", self.actor.name, subject=row.name)
            cs.operations.append(Operation("app", "update", row.app_id, before={"aes_key": row.aes_key},
                                           after={"aes_key": rules.new_aes_key()}, version=row.version,
                                           label=row.name))
            return self._finish(conn, cs)

    def plan_regenerate_token(self, app_id: str) -> ChangeSet:
        """A new callback Token (随机生成 beside the Token field)."""
        return self.plan_update(app_id, callback_token=rules.new_token())

    def plan_delete(self, app_id: str) -> ChangeSet:
        """Delete a self-built app, and its place in every portal template; system apps cannot be deleted."""
        self.actor.require(APPS_WRITE)
        with self.uow.read() as conn:
            # a non-super login reads (and journals) no secrets: undoing its deletion gives the app a new key
            row = self._row(conn, app_id, secrets=self.actor.can(APPS_SECRET))
            if row.kind == "system":
                raise ValidationError("app_system_undeletable", field="app", app=row.app_id, name=row.name)
            if not self._manageable(conn, row) and self.actor.scoped:
                raise PermissionDenied("permission_out_of_scope", what="企业应用", what_en="app", key=row.name)
            cs = ChangeSet("app.delete", self.actor.name, subject=row.name)
            for r in conn.execute(select(PA).where(PA.c.app_id == row.app_id).order_by(PA.c.id)):
                cs.operations.append(Operation("portal_app", "delete", r.id, before=dict(r._mapping),
                                               version=r.version, label=f"{row.name} → {r.template_id}",
                                               category="deleted"))
            cs.operations.append(Operation("app", "delete", row.app_id, before=_app_values(row), version=row.version,
                                           label=row.name, category="deleted"))
            return self._finish(conn, cs)
