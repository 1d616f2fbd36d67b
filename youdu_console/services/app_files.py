"""企业应用导入导出 (manual 3.3, 4.3.2): the apps and portal templates in a file, and back.

The file is the address book's `.dat` container (interchange/dat.py: versioned, checksummed, optionally
AES-256-GCM under a password) holding `row` records, with a meta record naming this format::

    {"type": "meta", "format": "youdu-console-apps", "version": 1, "created_at": …, "secrets": bool}
    {"type": "row", "entity": "app", "values": {app_id, name, kind, intro, icon, logo, terminals, homepage,
     enabled, service_mode, callback_url, auto_replies, menus[, aes_key, callback_token]}}
    {"type": "row", "entity": "portal_template", "values": {name, enabled, apps: [[group, app_id], …],
     members: [account, …], departments: [path, …]}}
    {"type": "end", "counts": {…}}

Secrets (EncodingAESKeys, callback Tokens) are written only into an encrypted file, and only by a super
administrator (audited). An import is one change set — previewed, applied, undone like any other: apps are
matched by AppID (updated, or added), templates by name; an app without a key in the file keeps its own, a
new one gets a fresh key. A file of another kind or product, or of a newer version, is refused unread.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from youdu_console.domain import apps as rules
from youdu_console.domain import service_account as sa
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.services import audit, entities
from youdu_console.services.app_secrets import PUBLIC_COLUMNS
from youdu_console.services.apps import APP_COLUMNS, APPS_READ, APPS_SECRET, APPS_WRITE, _app_values
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.directory import Placeholders
from youdu_console.services.portal import PortalService
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

FORMAT = "youdu-console-apps"
VERSION = 1
PRODUCT = "youdu-console"
SECRETS = ("aes_key", "callback_token")
PORTABLE = tuple(c for c in APP_COLUMNS if c not in ("owner_dept_id", "sort", *SECRETS))
A = tables.APPS


class AppFileService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.portal = PortalService(uow, actor)

    def _records(self, secrets: bool) -> tuple[list[dict[str, Any]], int, int]:
        rows: list[dict[str, Any]] = []
        with self.uow.read() as conn:
            cols = (A,) if secrets else PUBLIC_COLUMNS  # non-super logins may not read the secret columns
            for r in conn.execute(select(*cols).order_by(A.c.kind.desc(), A.c.sort, A.c.name)):
                values = {k: _app_values(r)[k] for k in PORTABLE}
                values["auto_replies"] = json.loads(values["auto_replies"] or "[]")
                values["menus"] = json.loads(values["menus"] or "[]")
                if secrets:
                    values.update(aes_key=r.aes_key, callback_token=r.callback_token)
                rows.append({"type": "row", "entity": "app", "values": values})
            apps = len(rows)
        templates = self.portal.list_templates()
        for t in templates:
            rows.append({"type": "row", "entity": "portal_template", "values": {
                "name": t.name, "enabled": t.enabled, "apps": [[e.group, e.app_id] for e in t.apps],
                "members": list(t.members), "departments": list(t.departments)}})
        return rows, apps, len(templates)

    def export(self, path: str | Path, *, password: str | None = None) -> dict[str, Any]:
        """Write every app and template; with a password (super administrators) the secrets too."""
        from youdu_console import __version__
        from youdu_console.interchange.dat import write_dat

        self.actor.require(APPS_READ)
        secrets = bool(password) and self.actor.can(APPS_SECRET)
        rows, apps, templates = self._records(secrets)
        meta = {"type": "meta", "format": FORMAT, "version": VERSION, "secrets": secrets}
        end = {"type": "end", "counts": {"department": 0, "member": 0, "setting": 0, "row": len(rows)}}
        write_dat(path, [meta, *rows, end], password=password or None, app=f"{PRODUCT} {__version__}")
        if secrets:
            audit.record(self.uow, actor=self.actor.name, action="app.export_secrets", target=str(path),
                         detail={"apps": apps})
        return {"file": str(path), "apps": apps, "templates": templates, "encrypted": bool(password),
                "secrets": secrets}

    def _read(self, path: str | Path, password: str | None) -> Iterator[dict[str, Any]]:
        from youdu_console.interchange.dat import read_dat, read_info

        info = read_info(path)
        if info.app.split(" ")[0] != PRODUCT:  # "youdu-console 1.2.0"
            raise YouduError("apps_file_foreign", file=Path(path).name, product=info.app)
        if info.encrypted and not password:
            raise YouduError("dat_password_required")
        # Secrets are taken only from an encrypted file, and only by an administrator who may see them.
        self._take_secrets = info.encrypted and self.actor.can(APPS_SECRET)
        records = read_dat(path, password=password)
        meta = next(records)
        if meta.get("format") != FORMAT:
            raise YouduError("apps_file_wrong_kind", file=Path(path).name, kind=str(meta.get("format")))
        if int(meta.get("version", 0)) > VERSION:
            raise YouduError("apps_file_version_unsupported", version=meta.get("version"), supported=VERSION)
        for record in records:
            if record["type"] == "row":
                yield record

    def plan_import(self, path: str | Path, *, password: str | None = None) -> ChangeSet:
        """One change set restoring the file's apps and templates (nothing is written until it is applied)."""
        self.actor.require(APPS_WRITE)
        records = list(self._read(path, password))
        cs = ChangeSet("app.import", self.actor.name, subject=Path(path).name)
        ph = Placeholders()
        with self.uow.read() as conn:
            cols = (A,) if getattr(self, "_take_secrets", False) else PUBLIC_COLUMNS
            current = {r.app_id: r for r in conn.execute(select(*cols))}
            names = {r.name: r.app_id for r in current.values()}
            added: set[str] = set()
            for record in records:
                if record.get("entity") == "app":
                    op = self._app_op(record["values"], current, names)
                    if op is not None:
                        cs.operations.append(op)
                        if op.action == "add":
                            added.add(op.key)
            pending = frozenset(added)
            for record in records:
                if record.get("entity") != "portal_template":
                    continue
                v = record["values"]
                apps = [(str(g), str(a)) for g, a in v.get("apps") or []]
                members, depts = list(v.get("members") or []), list(v.get("departments") or [])
                row = conn.execute(select(tables.PORTAL_TEMPLATES).where(
                    tables.PORTAL_TEMPLATES.c.name == rules.normalize_template_name(v.get("name")))).first()
                if row is None:
                    cs.operations += self.portal.add_ops(conn, v.get("name"), apps, members, depts,
                                                         bool(v.get("enabled", True)), ph, pending)
                else:
                    cs.operations += self.portal.update_ops(conn, row, None, bool(v.get("enabled", True)), apps,
                                                            members, depts, ph, pending)
            entities.authorize_ops(conn, self.actor, cs.operations)
        return cs

    def _app_op(self, raw: dict[str, Any], current: dict[str, Any], names: dict[str, str]) -> Operation | None:
        from youdu_console.services.app_logos import builtin_icon

        app_id = str(raw.get("app_id") or "")
        system = rules.is_system_id(app_id)
        if not (system or rules.APP_ID_RE.match(app_id)):
            raise ValidationError("apps_file_bad_app", field="app_id", app=app_id[:40])
        name, _ = rules.normalize_app_name(raw.get("name"))
        values: dict[str, Any] = {
            "name": name, "intro": rules.normalize_intro(raw.get("intro")) if not system else str(raw.get("intro") or ""),
            "icon": builtin_icon(raw["icon"]) if raw.get("icon") else "",
            "logo": _checked_logo(raw.get("logo")),
            "terminals": rules.normalize_terminals(raw.get("terminals") or "desktop,mobile"),
            "homepage": rules.normalize_url(raw.get("homepage")), "enabled": bool(raw.get("enabled", True)),
            "service_mode": bool(raw.get("service_mode")),
            "callback_url": rules.normalize_url(raw.get("callback_url"), field="callback_url"),
            "auto_replies": json.dumps(sa.normalize_replies(raw.get("auto_replies") or []), ensure_ascii=False),
            "menus": json.dumps(sa.normalize_menus(raw.get("menus") or []), ensure_ascii=False)}
        if not getattr(self, "_take_secrets", False):
            raw = {k: v for k, v in raw.items() if k not in SECRETS}
        if raw.get("aes_key"):
            rules.decode_aes_key(str(raw["aes_key"]))
            values["aes_key"] = str(raw["aes_key"])
        if raw.get("callback_token"):
            values["callback_token"] = sa.normalize_token(raw["callback_token"])
        if names.get(name, app_id) != app_id:
            raise ValidationError("app_name_taken", field="name", name=name)
        row = current.get(app_id)
        if row is None:
            if system:  # a system app this database lacks is not created from a file
                raise ValidationError("apps_file_bad_app", field="app_id", app=app_id)
            top = max((r.sort for r in current.values()), default=0)
            after = {"app_id": app_id, "kind": "custom", "sort": top + 1, "owner_dept_id": None,
                     "aes_key": rules.new_aes_key(), "callback_token": "", **values}
            names[name] = app_id
            return Operation("app", "add", app_id, after=after, label=name, category="added")
        now = _app_values(row)
        changed = {k: v for k, v in values.items() if now[k] != v}
        if not changed:
            return None
        return Operation("app", "update", app_id, before={k: now[k] for k in changed}, after=changed,
                         version=row.version, label=name, category="updated")


def _checked_logo(value: Any) -> str | None:
    """A logo carried in the file is decoded and scaled again: the file is as untrusted as an upload."""
    import base64
    import binascii

    from youdu_console.services.app_logos import scaled_logo

    if not value:
        return None
    try:
        raw = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("app_logo_not_image", field="logo") from None
    return scaled_logo(raw)
