"""Helpers shared by the LDAP tests: directories to sync, configured sync services, the address book's state."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService, SyncResult
from youdu_console.store.models import Base

DIRECTORY_TABLES = ("departments", "members", "member_departments", "change_sets", "audit_log", "login_state")


def person(uid: str, parent: str, cn: str | None = None, **attrs: Any) -> tuple[str, dict[str, Any]]:
    """An inetOrgPerson entry `uid=…,parent`."""
    return f"uid={uid},{parent}", {"objectClass": ["inetOrgPerson"], "uid": uid, "cn": cn or uid, "sn": "-", **attrs}


def ou(name: str, parent: str) -> tuple[str, dict[str, Any]]:
    from ldap3.utils.dn import escape_rdn

    return f"ou={escape_rdn(name)},{parent}", {"objectClass": ["organizationalUnit"], "ou": name}


def configure(console: Console, *, url: str, bind_dn: str, base_dn: str, password: str, flavor: str = "openldap",
              **settings: Any) -> LdapSyncService:
    """Save the LDAP settings (as the super admin) and return a sync service that knows the bind password."""
    values = {"ldap.server": url, "ldap.bind_dn": bind_dn, "ldap.base_dn": base_dn, "ldap.flavor": flavor,
              **{f"ldap.{k}": v for k, v in settings.items()}}
    console.settings.set(values)
    return LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: password)


def preview_and_apply(svc: LdapSyncService, **kwargs: Any) -> SyncResult:
    """The first sync: a preview, then the sync itself (the guard-rail requires the preview first)."""
    preview = svc.sync(dry_run=True, **kwargs)
    assert preview.status == "previewed", (preview.status, preview.refusal)
    result = svc.sync(**kwargs)
    assert result.status in ("applied", "nothing"), (result.status, result.refusal, result.changeset.errors[:5])
    return result


def directory_state(console: Console) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the address book, the journal and the audit log: equal before and after = nothing changed."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with console.uow.read() as conn:
        for name in DIRECTORY_TABLES:
            table = Base.metadata.tables[name]
            out[name] = sorted((tuple(r) for r in conn.execute(select(table)).all()), key=repr)
    return out


def ops_by(result: SyncResult) -> list[tuple[str, str, str]]:
    """(entity, category, label) of each planned operation."""
    return [(op.entity, op.category or op.action, op.label) for op in result.changeset.operations]


def labels(result: SyncResult, category: str) -> list[str]:
    return sorted(op.label for op in result.changeset.operations if (op.category or op.action) == category)


def member_rows(console: Console, accounts: Iterable[str]) -> dict[str, Any]:
    return {a: console.directory.get_member(a) for a in accounts}
