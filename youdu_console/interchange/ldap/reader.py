"""Reading what a sync needs from the directory: the OU tree and the selected people, full or changed since a cursor."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import ldap3

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.messages import render
from youdu_console.interchange.ldap import dn as dnlib
from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import RootDse, check_base
from youdu_console.interchange.ldap.deletions import (
    Departures,
    deleted_objects_container,
    deleted_since,
    show_deleted_refusal,
    sweep,
)
from youdu_console.interchange.ldap.mapping import (
    LdapOU,
    LdapUser,
    Mapping,
    lower_keys,
    map_ou,
    map_user,
    pick_guid,
)
from youdu_console.interchange.ldap.search import Cancel, NoSuchEntry, Progress, paged_search


@dataclass
class DirectorySnapshot:
    """The part of the directory a sync covers, as plain records. Never partial: a partial read raises."""

    mode: str  # full | incremental
    base_dn: str
    base_guid: str
    base_name: str  # the department for people outside every OU
    ous: list[LdapOU]  # in scope, parents before children
    ou_parent: dict[str, str | None]  # OU guid → parent OU guid (None: top level)
    users: list[LdapUser]
    user_ou: dict[str, str | None]  # user guid → OU guid (None: directly under the base)
    cursor: str | None  # where the next incremental read starts (USN or modifyTimestamp)
    server_id: str
    stats: dict[str, Any] = field(default_factory=dict)
    departures: Departures | None = None  # incremental reads: who left the scope (full reads see it directly)


def _incremental_filter(mapping: Mapping, since: str) -> str:
    return f"(&{mapping.user_filter}({mapping.cursor_attr}>={since}))"


CLOCK_MARGIN = dt.timedelta(seconds=5)


def next_cursor(mapping: Mapping, dse: RootDse, started: dt.datetime) -> str | None:
    """Where the next incremental read starts.

    AD: the highestCommittedUSN read before searching, +1 — exact. OpenLDAP: the time this read started,
    a few seconds early, as a modifyTimestamp. Not the newest timestamp seen: an entry changed while a long
    read is running may carry an older stamp than one read later, and a bulk-loaded directory shares one
    stamp, which would be read again in full every time. This trusts the two clocks to agree within the
    margin; the periodic full comparison catches anything a skewed clock lets slip.
    """
    if mapping.cursor_attr.lower() == "usnchanged":
        return str(dse.highest_usn + 1) if dse.highest_usn is not None else None
    return (started.astimezone(dt.UTC) - CLOCK_MARGIN).strftime("%Y%m%d%H%M%SZ")


def _base_entry(conn: ldap3.Connection, cfg: LdapConfig, mapping: Mapping) -> tuple[str, str]:
    attrs = list(dict.fromkeys([*mapping.guid, "ou", "dc", "o", "cn"]))
    conn.search(cfg.base_dn, "(objectClass=*)", ldap3.BASE, attributes=attrs)
    raw = lower_keys(conn.response[0]["raw_attributes"]) if conn.response else {}
    guid = pick_guid(raw, mapping.guid) or "base:" + dnlib.dn_key(cfg.base_dn)
    return guid, dnlib.first_value(cfg.base_dn)


def read_directory(conn: ldap3.Connection, cfg: LdapConfig, mapping: Mapping, dse: RootDse, *,
                   since: str | None = None, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> DirectorySnapshot:
    """Read OUs (always all of them: cheap, and renames/moves/deletions of OUs show at once) and people
    (all, or only those changed since `since`). Selected OUs are read with everything below them."""
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC)
    check_base(conn, cfg)
    base_guid, base_value = _base_entry(conn, cfg, mapping)
    base_key = dnlib.dn_key(cfg.base_dn)
    seen = {"entries": 0}

    def tick(n: int) -> None:
        seen["entries"] += n
        if progress is not None:
            progress(seen["entries"], 0, render("ldap_progress_read", None, {"count": seen["entries"]}))

    all_ous = [map_ou(e, mapping) for e in paged_search(conn, cfg, cfg.base_dn, mapping.ou_filter,
                                                         mapping.ou_attributes(), cancel=cancel, on_page=tick)]
    all_ous = [o for o in all_ous if o.key != base_key]
    ou_by_key = {o.key: o for o in all_ous}
    sel_ous = [dnlib.dn_key(d) for d in cfg.selected_ous]
    sel_users = [dnlib.dn_key(d) for d in cfg.selected_users]
    for d, k in zip(cfg.selected_ous, sel_ous, strict=True):
        if k not in ou_by_key and k != base_key:
            raise ValidationError("ldap_selection_missing", field="ldap.selected_ous", dn=d)
    for d, k in zip(cfg.selected_users, sel_users, strict=True):
        if not dnlib.is_within(k, base_key):
            raise ValidationError("ldap_selection_missing", field="ldap.selected_users", dn=d)

    selective = bool(sel_ous or sel_users)
    roots = _outermost(sel_ous) if selective else [base_key]
    in_scope: set[str] = set()
    for o in all_ous:
        if not selective or any(dnlib.is_within(o.key, r) for r in roots):
            in_scope.add(o.key)
    for k in [*sel_ous, *sel_users]:
        in_scope.update(a for a in dnlib.ancestors(k, base_key) if a in ou_by_key)
    ous = sorted((o for o in all_ous if o.key in in_scope), key=lambda o: o.key.count(","))

    def nearest_ou(key: str) -> str | None:
        for a in dnlib.ancestors(key, base_key):
            o = ou_by_key.get(a)
            if o is not None and a in in_scope:
                return o.guid
        return None

    ou_parent = {o.guid: nearest_ou(o.key) for o in ous}
    user_filter = _incremental_filter(mapping, since) if since else mapping.user_filter
    attrs = mapping.user_attributes()
    users: list[LdapUser] = []
    for search_base in roots:
        base_dn = cfg.base_dn if search_base == base_key else ou_by_key[search_base].dn
        for e in paged_search(conn, cfg, base_dn, user_filter, attrs, cancel=cancel, on_page=tick):
            users.append(map_user(e, mapping))
    for d, k in zip(cfg.selected_users, sel_users, strict=True):
        if any(dnlib.is_within(k, r) for r in roots if r in sel_ous):
            continue  # already read with its OU
        try:
            found = list(paged_search(conn, cfg, d, user_filter, attrs, scope=ldap3.BASE, cancel=cancel))
        except NoSuchEntry:
            raise ValidationError("ldap_selection_missing", field="ldap.selected_users", dn=d) from None
        users.extend(map_user(e, mapping) for e in found)
    user_ou = {u.guid: nearest_ou(u.key) for u in users}
    departures = None
    if since:
        singles = [d for d, k in zip(cfg.selected_users, sel_users, strict=True)
                   if not any(dnlib.is_within(k, r) for r in roots if r in sel_ous)]
        bases = [cfg.base_dn if r == base_key else ou_by_key[r].dn for r in roots]
        departures = _departures(conn, cfg, mapping, dse, since, bases, singles, roots, set(sel_users),
                                 cancel=cancel, on_page=tick)
    stats: dict[str, Any] = {"entries": seen["entries"], "ous": len(ous), "users": len(users),
                             "seconds": round(time.perf_counter() - started, 3)}
    if departures is not None:
        stats["departures"] = departures.stats()
    return DirectorySnapshot(
        mode="incremental" if since else "full", base_dn=cfg.base_dn, base_guid=base_guid,
        base_name=cfg.root_department or base_value, ous=ous, ou_parent=ou_parent, users=users, user_ou=user_ou,
        cursor=next_cursor(mapping, dse, started_at), server_id=dse.server_id, stats=stats, departures=departures)


def _departures(conn: ldap3.Connection, cfg: LdapConfig, mapping: Mapping, dse: RootDse, since: str,
                bases: list[str], singles: list[str], roots: list[str], sel_users: set[str], *,
                cancel: Cancel | None, on_page: Any) -> Departures:
    """Who left since `since`: AD's deleted-objects view where this bind may read it, else the sweep."""
    refused = ""
    if dse.flavor == "ad" and mapping.cursor_attr.lower() == "usnchanged":
        refused = show_deleted_refusal(conn, deleted_objects_container(dse, cfg))
        if not refused:
            def in_scope(key: str) -> bool:
                return key in sel_users or any(dnlib.is_within(key, r) for r in roots)

            return deleted_since(conn, cfg, mapping, dse, since, in_scope, cancel=cancel, on_page=on_page)
    found = sweep(conn, cfg, mapping, bases, singles, cancel=cancel, on_page=on_page)
    found.fallback = refused
    return found


def _outermost(keys: list[str]) -> list[str]:
    """Selected OUs without those inside another selected OU (each subtree is read once)."""
    return [k for k in dict.fromkeys(keys) if not any(o != k and dnlib.is_within(k, o) for o in keys)]
