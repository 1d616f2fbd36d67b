"""Paged searches that never pass off a partial result as complete, and lazy one-level browsing of the OU tree."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import ldap3
from ldap3.core import exceptions as lx

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.interchange.common import Cancelled
from youdu_console.interchange.ldap import dn as dnlib
from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import PAGED_RESULTS, DirectoryUnavailable, _reason
from youdu_console.interchange.ldap.mapping import Mapping, format_guid

PAGE_SIZE = 1000  # Active Directory's MaxPageSize: it never returns more per page
BROWSE_PAGE_SIZE = 500
# Result codes meaning "you got only part of it": a sync must then change nothing.
PARTIAL_CODES = {3: "timeLimitExceeded", 4: "sizeLimitExceeded", 11: "adminLimitExceeded", 51: "busy",
                 52: "unavailable"}

Progress = Callable[[int, int, str], None]  # (done, total or 0 when unknown, message)
Cancel = Callable[[], bool]


class NoSuchEntry(YouduError):
    """The search base does not exist (the caller turns it into base-DN or selection errors)."""

    def __init__(self, dn: str) -> None:
        self.dn = dn
        super().__init__("ldap_base_not_found", base_dn=dn)


def paged_search(conn: ldap3.Connection, cfg: LdapConfig, base: str, search_filter: str, attributes: list[str], *,
                 scope: str = ldap3.SUBTREE, page_size: int = PAGE_SIZE, cancel: Cancel | None = None,
                 on_page: Callable[[int], None] | None = None,
                 controls: list[tuple[str, bool, Any]] | None = None) -> Iterator[dict[str, Any]]:
    """Every entry, page by page (Simple Paged Results). Raises instead of returning a partial result.
    `controls` go with every page (e.g. Active Directory's show-deleted control).

    ldap3 does not raise on sizeLimitExceeded for a search (it only sets conn.result), so each page's
    result code is checked here: a capped, timed-out or refused page aborts the whole search.
    """
    cookie: bytes | None = None
    while True:
        if cancel is not None and cancel():
            raise Cancelled()
        try:
            conn.search(base, search_filter, scope, attributes=attributes, paged_size=page_size, paged_cookie=cookie,
                        controls=list(controls) if controls else None)
        except lx.LDAPException as exc:
            raise DirectoryUnavailable("ldap_search_interrupted", server=cfg.server, reason=_reason(exc)) from None
        result = conn.result or {}
        code = result.get("result")
        if code == 32:
            raise NoSuchEntry(base)
        if code in PARTIAL_CODES:
            raise YouduError("ldap_search_incomplete", reason=PARTIAL_CODES[code], base=base)
        if code == 87 or code == 34:  # filterError / invalidDNSyntax: a bad mapping filter or DN setting
            raise ValidationError("ldap_search_failed", field="ldap.mapping",
                                  reason=f"{result.get('description')}: {search_filter} @ {base}")
        if code != 0:
            raise YouduError("ldap_search_failed", reason=f"{result.get('description')} {result.get('message', '')}".strip())
        entries = [e for e in conn.response or [] if e.get("type") == "searchResEntry"]
        yield from entries
        if on_page is not None:
            on_page(len(entries))
        cookie = (((result.get("controls") or {}).get(PAGED_RESULTS) or {}).get("value") or {}).get("cookie")
        if not cookie:
            return


@dataclass(frozen=True)
class BrowseNode:
    """One child in the OU picker: an OU or container (expandable) or a user (tickable)."""

    dn: str
    name: str
    kind: str  # ou | container | user
    guid: str
    account: str = ""

    @property
    def expandable(self) -> bool:
        return self.kind != "user"

    def to_dict(self) -> dict[str, Any]:
        return {"dn": self.dn, "name": self.name, "kind": self.kind, "guid": self.guid, "account": self.account,
                "expandable": self.expandable}


def browse(conn: ldap3.Connection, cfg: LdapConfig, mapping: Mapping, dn: str | None = None,
           cancel: Cancel | None = None) -> list[BrowseNode]:
    """The OUs, containers and users directly below `dn` (the base DN when None), OUs first, by name."""
    base = dn or cfg.base_dn
    user_filter = mapping.user_filter
    filt = f"(|{mapping.ou_filter}(objectClass=container){user_filter})"
    attrs = list(dict.fromkeys(["objectClass", "ou", "cn", *mapping.account, *mapping.name, *mapping.guid]))
    out: list[BrowseNode] = []
    for entry in paged_search(conn, cfg, base, filt, attrs, scope=ldap3.LEVEL, page_size=BROWSE_PAGE_SIZE,
                              cancel=cancel):
        raw = entry["raw_attributes"]
        classes = {bytes(c).decode("utf-8", "replace").lower() for c in raw.get("objectClass") or []}
        if "organizationalunit" in classes:
            kind = "ou"
        elif "container" in classes or "builtindomain" in classes:
            kind = "container"
        else:
            kind = "user"
        guid = next((format_guid(raw[a][0]) for a in mapping.guid if raw.get(a)), "")
        name_attrs = mapping.name if kind == "user" else ("ou", "cn")
        name = next((bytes(raw[a][0]).decode("utf-8", "replace") for a in name_attrs if raw.get(a)), "")
        account = next((bytes(raw[a][0]).decode("utf-8", "replace") for a in mapping.account if raw.get(a)), "")
        out.append(BrowseNode(dn=entry["dn"], name=name or dnlib.first_value(entry["dn"]), kind=kind, guid=guid,
                              account=account if kind == "user" else ""))
    order = {"ou": 0, "container": 1, "user": 2}
    out.sort(key=lambda n: (order[n.kind], n.name.lower()))
    return out
