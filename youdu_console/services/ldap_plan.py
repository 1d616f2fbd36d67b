"""Planning an LDAP sync: a directory snapshot + the address book → one change set, with notices and guard figures.

Departments are matched by alias (the OU's GUID), so renamed and moved OUs stay the same department. Members
are matched by the GUID recorded at their last sync, else by account. Each synced member carries, in its
`attributes`, the values the last sync wrote (`{"_ldap": {"synced": [name, email, mobile, phone, position, OU
GUID, disabled]}}`, plus `"guid"` unless the member's gid is that GUID): a field whose value differs from that
record was edited in the console, and is reported instead of silently overwritten.
Nobody is ever deleted: people gone from the directory go to the resigned list — seen by a full comparison
directly, and by an incremental sync through the snapshot's `departures` (the identifier sweep or AD's
deleted-objects view), so a leaver loses access at the next sync, under the same removal guard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import YouduError
from youdu_console.domain.pinyin import name_pinyin
from youdu_console.interchange.ldap.mapping import LdapUser
from youdu_console.interchange.ldap.reader import DirectorySnapshot
from youdu_console.services.changes import ChangeSet, Operation, utcnow
from youdu_console.services.directory import Placeholders, new_gid
from youdu_console.services.tree import DeptTree, load_tree
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

M = tables.MEMBERS
L = tables.MEMBER_DEPARTMENTS
D = tables.DEPARTMENTS

SYNCED_FIELDS = ("name", "email", "mobile", "phone", "position")
FIELD_LABELS = {"name": ("姓名", "name"), "email": ("邮箱", "e-mail"), "mobile": ("手机", "mobile"),
                "phone": ("座机", "phone"), "position": ("职务", "position"), "department": ("部门", "department"),
                "disabled": ("禁用状态", "disabled state"), "account": ("帐号", "account")}
_GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MISSING = object()
_ROW_COLS = [M.c.id, M.c.account, M.c.gid, M.c.name, M.c.mobile, M.c.phone, M.c.email, M.c.status,
             M.c.authorization, M.c.attributes, M.c.version, M.c.resigned_at]
_CHUNK = 500
_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(…, ensure_ascii=False) builds one per call


def is_synced_alias(alias: str | None) -> bool:
    """Departments the sync owns carry a GUID (or the base's `base:` key) as alias."""
    return bool(alias) and (bool(_GUID_RE.match(alias or "")) or (alias or "").startswith("base:"))


@dataclass
class SyncPlan:
    changeset: ChangeSet
    mode: str
    notices: list[dict[str, Any]] = field(default_factory=list)
    removals: int = 0
    synced_members: int = 0  # active members a previous sync created or adopted
    removal_limit: int = 0
    over_threshold: bool = False
    empty_result: bool = False
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Existing:
    """One member row as the planner needs it, with its departments and its last-sync record."""

    row: Any
    links: list[list[Any]]
    ldap: dict[str, Any]

    @property
    def synced(self) -> dict[str, Any]:
        return self.ldap.get("synced") or {}


# Members' attributes also hold custom fields (5.3.2); the leading underscore marks this key as internal.
RECORD_KEY = "_ldap"
# The record is a list, not a dict: on 100,000 members the keys alone cost ~1.5 s of every full apply.
RECORD_FIELDS = ("name", "email", "mobile", "phone", "position", "dept", "disabled", "resigned")


def _ldap_record(attributes: str | None, gid: str = "") -> dict[str, Any]:
    """{"guid": …, "synced": {field: value}} from a member's attributes ({} when no sync wrote it)."""
    if not attributes or f'"{RECORD_KEY}"' not in attributes:
        return {}
    try:
        data = json.loads(attributes)
    except ValueError:
        return {}
    rec = data.get(RECORD_KEY) if isinstance(data, dict) else None
    if not isinstance(rec, dict):
        return {}
    values = rec.get("synced") or []
    synced = {f: values[i] for i, f in enumerate(RECORD_FIELDS) if i < len(values)}
    synced["disabled"] = bool(synced.get("disabled"))
    if not synced.get("resigned"):
        synced.pop("resigned", None)
    guid = rec.get("guid") or (_hex_to_guid(gid) if gid else "")
    return {"guid": guid, "synced": synced}


def _hex_to_guid(gid: str) -> str:
    return f"{gid[:8]}-{gid[8:12]}-{gid[12:16]}-{gid[16:20]}-{gid[20:]}" if len(gid) == 32 else ""


def _record(guid: str, gid: str, synced: dict[str, Any]) -> dict[str, Any]:
    values = [synced.get(f) for f in RECORD_FIELDS[:6]] + [1 if synced.get("disabled") else 0]
    if synced.get("resigned"):
        values.append(1)
    out: dict[str, Any] = {"synced": values}
    if guid.replace("-", "") != gid:
        out = {"guid": guid, **out}
    return out


def _error(entry: str, field_name: str | None, exc: YouduError) -> dict[str, Any]:
    return {"row": None, "entry": entry, "field": field_name or getattr(exc, "field", None), "code": exc.code,
            "params": exc.params, "message": exc.message()}


def _notice(code: str, field_name: str | None = None, **params: Any) -> dict[str, Any]:
    """A report that changes nothing: its code, its message, and its parameters to render it in any language."""
    out = {"code": code, "message": YouduError(code, **params).message(), "params": params}
    if "account" in params:
        out["account"] = params["account"]
    if field_name:
        out["field"] = field_name
    return out


class SyncPlanner:
    """Reads the address book once and plans the whole sync; writes nothing."""

    def __init__(self, uow: UnitOfWork, actor_name: str, *, removal_percent: int, removal_count: int,
                 overwrite_manual: bool = False) -> None:
        self.uow = uow
        self.actor_name = actor_name
        self.removal_percent = removal_percent
        self.removal_count = removal_count
        self.overwrite_manual = overwrite_manual
        self.ph = Placeholders()
        self.ops_dept_add: list[Operation] = []
        self.ops_dept_update: list[Operation] = []
        self.ops_member_update: list[Operation] = []
        self.ops_member_add: list[Operation] = []
        self.ops_dept_delete: list[Operation] = []
        self.errors: list[dict[str, Any]] = []
        self.notices: list[dict[str, Any]] = []
        self.now = utcnow()
        self.region = v.DEFAULT_MOBILE_REGION
        self.max_depth = v.DEFAULT_MAX_DEPTH

    # ------------------------------------------------------------------ entry point
    def plan(self, snap: DirectorySnapshot, description: str) -> SyncPlan:
        full = snap.mode == "full"
        with self.uow.read() as conn:
            from youdu_console.store.settings import setting_value

            self.region = setting_value(conn, "directory.mobile_region")
            self.max_depth = setting_value(conn, "directory.max_depth")
            tree = load_tree(conn, self.uow.engine.url.render_as_string(hide_password=True))
            dept_of = self._plan_departments(snap, tree)
            existing, by_guid, mobile_owner = self._load_members(conn, snap, full)
            matched = self._plan_members(conn, snap, tree, dept_of, existing, by_guid, mobile_owner)
            synced_active = [e for e in existing.values() if e.ldap and e.row.status == "active"]
            synced = len(synced_active)
            removals = 0
            empty = full and not snap.users and bool(synced_active)
            if full and not empty:
                removals = self._plan_resignations(synced_active, matched)
                self._plan_department_deletions(conn, tree, snap, dept_of, existing)
            elif snap.departures is not None:
                identities = self._synced_identities(conn)
                synced = len(identities)
                sweep = snap.departures
                # A sweep that found no one at all, while people are synced, is a wrong scope or a broken
                # directory, not everybody leaving: the same guard as an empty full read.
                empty = sweep.present is not None and not sweep.present and not snap.users and bool(identities)
                if not empty:
                    gone = [mid for mid, guid in identities.items() if mid not in matched and sweep.has_left(guid)]
                    removals = self._plan_resignations(self._existing_rows(conn, gone), set())
        cs = ChangeSet("ldap.sync", self.actor_name, description=description, errors=self.errors)
        cs.operations = (self.ops_dept_add + self.ops_dept_update + self.ops_member_update + self.ops_member_add
                         + self.ops_dept_delete)
        limit = min(self.removal_count, self.removal_percent * synced // 100)
        over = removals > limit  # same as: more than the count, or more than the share of synced members
        return SyncPlan(changeset=cs, mode=snap.mode, notices=self.notices, removals=removals, synced_members=synced,
                        removal_limit=limit, over_threshold=over, empty_result=empty,
                        stats={**snap.stats, "members_known": len(existing)})

    # ------------------------------------------------------------------ departments
    def _plan_departments(self, snap: DirectorySnapshot, tree: DeptTree) -> dict[str, int]:
        """OU GUID (and the base's) → department id, planning adds, renames, moves and alias adoptions."""
        dept_of: dict[str, int] = {}
        depth_of: dict[int, int] = {}  # department id → its depth once this plan is applied
        wanted = [(o.guid, o.name, snap.ou_parent.get(o.guid), o.dn) for o in snap.ous]
        if any(snap.user_ou.get(u.guid) is None for u in snap.users):
            wanted.insert(0, (snap.base_guid, snap.base_name, None, snap.base_dn))
        taken_aliases = {g for g, *_ in wanted}
        for guid, raw_name, parent_guid, dn in wanted:
            if not guid:
                self.errors.append(_error(dn, "guid", YouduError("ldap_guid_missing", dn=dn, attr="GUID")))
                continue
            try:
                name = v.normalize_dept_name(raw_name)
            except YouduError as exc:
                self.errors.append(_error(dn, "department", exc))
                continue
            if parent_guid is not None and parent_guid not in dept_of:
                continue  # its parent OU could not be synced; reported there
            parent = dept_of.get(parent_guid) if parent_guid else None
            depth = (depth_of[parent] if parent is not None and parent in depth_of
                     else tree.depth(parent) if parent is not None else 0) + 1
            try:
                v.check_depth(depth, self.max_depth, self._label(tree, parent, name, dept_of))
            except YouduError as exc:
                self.errors.append(_error(dn, "department", exc))
                continue
            current = tree.by_alias.get(guid)
            clash = self._sibling(tree, parent, name, exclude=current)
            if clash is not None and tree.nodes[clash].alias not in taken_aliases:
                if current is None and tree.nodes[clash].alias is None:
                    dept_of[guid] = clash  # first sync over a hand-made tree: adopt the department of that name
                    depth_of[clash] = depth
                    self.ops_dept_update.append(Operation(
                        "department", "update", clash, before={"alias": None}, after={"alias": guid},
                        version=tree.nodes[clash].version, label=tree.path(clash), category="updated"))
                    continue
                self.errors.append(_error(dn, "department", YouduError("ldap_dept_name_conflict", name=name,
                                                                       path=tree.path(clash))))
                continue
            if current is None:
                new_id = self.ph.take()
                self.ops_dept_add.append(Operation("department", "add", new_id, after={
                    "id": new_id, "gid": new_gid(), "name": name, "parent_id": parent, "sort": 0, "alias": guid},
                    label=self._label(tree, parent, name, dept_of), category="added"))
                dept_of[guid] = new_id
                depth_of[new_id] = depth
                continue
            node = tree.nodes[current]
            dept_of[guid] = current
            depth_of[current] = depth
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            if node.name != name:
                before["name"], after["name"] = node.name, name
            if node.parent_id != parent:
                before["parent_id"], after["parent_id"] = node.parent_id, parent
            if after:
                self.ops_dept_update.append(Operation(
                    "department", "update", current, before=before, after=after, version=node.version,
                    label=tree.path(current), category="moved" if set(after) == {"parent_id"} else "updated"))
        return dept_of

    def _sibling(self, tree: DeptTree, parent: int | None, name: str, exclude: int | None) -> int | None:
        if parent is not None and parent < 0:
            return None  # a department this plan creates has no children yet
        for c in tree.roots if parent is None else tree.nodes[parent].children:
            if c != exclude and tree.nodes[c].name == name:
                return c
        return None

    def _label(self, tree: DeptTree, parent: int | None, name: str, dept_of: dict[str, int]) -> str:
        if parent is None:
            return name
        if parent >= 0:
            return f"{tree.path(parent)}/{name}"
        for op in self.ops_dept_add:
            if op.key == parent:
                return f"{op.label}/{name}"
        return name

    # ------------------------------------------------------------------ members: loading
    def _load_members(self, conn: Connection, snap: DirectorySnapshot,
                      full: bool) -> tuple[dict[int, _Existing], dict[str, int], dict[str, str]]:
        """Members the snapshot may touch (all of them for a full comparison), by id, by GUID, and mobile owners."""
        if full:
            rows = conn.execute(select(*_ROW_COLS)).all()
        else:
            accounts = {v.clean_text(u.account).lower() for u in snap.users if u.account}
            gids = {u.guid.replace("-", "") for u in snap.users if _GUID_RE.match(u.guid)}
            rows = self._rows_where(conn, M.c.account, accounts) + self._rows_where(conn, M.c.gid, gids)
            found = {r.id for r in rows}
            known_guids = {_ldap_record(r.attributes, r.gid).get("guid") for r in rows}
            missing = [u.guid for u in snap.users if u.guid and u.guid not in known_guids]
            rows += [r for r in self._rows_by_recorded_guid(conn, missing) if r.id not in found]
        rows = list({r.id: r for r in rows}.values())
        links = self._links(conn, [r.id for r in rows], full)
        existing = {r.id: _Existing(r, links.get(r.id, []), _ldap_record(r.attributes, r.gid)) for r in rows}
        by_guid = {e.ldap["guid"]: mid for mid, e in existing.items() if e.ldap.get("guid")}
        if full:
            mobile_owner = {r.mobile: r.account for r in rows if r.mobile}
        else:
            mobiles = {m for m in (self._clean_mobile(u.mobile) for u in snap.users) if m}
            mobile_owner = {}
            for chunk in _chunks(sorted(mobiles)):
                mobile_owner.update({m: a for a, m in conn.execute(select(M.c.account, M.c.mobile)
                                                                   .where(M.c.mobile.in_(chunk)))})
        return existing, by_guid, mobile_owner

    @staticmethod
    def _synced_identities(conn: Connection) -> dict[int, str]:
        """Member id → directory GUID of every active member a sync brought in (the removal guard's base).
        Most carry the GUID as their gid, so only adopted members' attributes need parsing."""
        out: dict[int, str] = {}
        marker = f'"{RECORD_KEY}"'
        q = select(M.c.id, M.c.gid, M.c.attributes).where(M.c.status == "active",
                                                          M.c.attributes.contains(marker, autoescape=True))
        for mid, gid, attributes in conn.execute(q):
            if '"guid"' in attributes:
                guid = _ldap_record(attributes, gid).get("guid")
            else:
                guid = _hex_to_guid(gid)
            if guid:
                out[mid] = guid
        return out

    def _existing_rows(self, conn: Connection, ids: Iterable[int]) -> list[_Existing]:
        out = []
        for r in self._rows_where(conn, M.c.id, ids):
            rec = _ldap_record(r.attributes, r.gid)
            if rec.get("guid"):  # a damaged record is not resigned on a guess (a full comparison decides)
                out.append(_Existing(r, [], rec))
        return out

    def _rows_where(self, conn: Connection, column: Any, values: Iterable[Any]) -> list[Any]:
        out: list[Any] = []
        for chunk in _chunks(sorted(values)):
            out.extend(conn.execute(select(*_ROW_COLS).where(column.in_(chunk))).all())
        return out

    def _rows_by_recorded_guid(self, conn: Connection, guids: Sequence[str]) -> list[Any]:
        """Members adopted by an earlier sync whose account changed in the directory since (a rare case):
        their GUID is only in `attributes`, so look for it there — a few scans for the whole batch."""
        out: list[Any] = []
        explicit = M.c.attributes.like('%"guid": "%')  # only adopted members store their GUID: a cheap first test
        for chunk in _chunks(sorted(set(guids)), 50):
            cond = and_(explicit, or_(*[M.c.attributes.like(f"%{g}%") for g in chunk]))
            for r in conn.execute(select(*_ROW_COLS).where(cond)):
                if _ldap_record(r.attributes, r.gid).get("guid") in chunk:
                    out.append(r)
        return out

    def _links(self, conn: Connection, ids: list[int], full: bool) -> dict[int, list[list[Any]]]:
        out: dict[int, list[list[Any]]] = {}
        q = select(L.c.member_id, L.c.dept_id, L.c.position).order_by(L.c.member_id, L.c.seq)
        if full:
            for mid, did, pos in conn.execute(q):
                out.setdefault(mid, []).append([did, pos])
            return out
        for chunk in _chunks(ids):
            for mid, did, pos in conn.execute(q.where(L.c.member_id.in_(chunk))):
                out.setdefault(mid, []).append([did, pos])
        return out

    def _clean_mobile(self, raw: str) -> str | None:
        if not raw:
            return None
        try:
            return v.normalize_mobile(raw, self.region)
        except YouduError:
            return None

    # ------------------------------------------------------------------ members: planning
    def _plan_members(self, conn: Connection, snap: DirectorySnapshot, tree: DeptTree, dept_of: dict[str, int],
                      existing: dict[int, _Existing], by_guid: dict[str, int],
                      mobile_owner: dict[str, str]) -> set[int]:
        """Plan adds, updates, moves, restores; returns the ids of members the directory still has."""
        by_account = {e.row.account: mid for mid, e in existing.items()}
        accounts: dict[str, list[LdapUser]] = {}
        mobiles: dict[str, list[LdapUser]] = {}
        mobile_of: dict[int, str | None] = {}
        matches: list[tuple[LdapUser, int | None]] = []
        for u in snap.users:
            account = v.fold_account(u.account)
            accounts.setdefault(account, []).append(u)
            m = mobile_of[id(u)] = self._clean_mobile(u.mobile)
            if m:
                mobiles.setdefault(m, []).append(u)
            mid = by_guid.get(u.guid) if u.guid else None
            matches.append((u, by_account.get(account) if mid is None else mid))
        # A mobile number its current holder gives up in this same sync may go to someone else.
        releasing = {existing[mid].row.mobile for u, mid in matches
                     if mid is not None and existing[mid].row.mobile
                     and mobile_of[id(u)] != existing[mid].row.mobile}
        owners = {m: a for m, a in mobile_owner.items() if m not in releasing}
        for u, mid in matches:
            try:
                self._plan_user(u, mid, snap, tree, dept_of, existing, by_account, accounts, mobiles, owners)
            except YouduError as exc:
                self.errors.append(_error(u.dn, None, exc))
        # Updates that give a mobile number up run before the adds and updates that take it.
        self.ops_member_update.sort(key=lambda op: 0 if "mobile" in (op.after or {}) else 1)
        return {mid for _, mid in matches if mid is not None}  # present: never resigned, even if invalid

    def _plan_user(self, u: LdapUser, mid: int | None, snap: DirectorySnapshot, tree: DeptTree,
                   dept_of: dict[str, int], existing: dict[int, _Existing], by_account: dict[str, int],
                   accounts: dict[str, list[LdapUser]], mobiles: dict[str, list[LdapUser]],
                   mobile_owner: dict[str, str]) -> None:
        if not u.guid:
            raise YouduError("ldap_guid_missing", dn=u.dn, attr="GUID")
        account = v.normalize_account(u.account)
        twins = accounts.get(account, [])
        if len(twins) > 1:
            others = "; ".join(t.dn for t in twins if t is not u)
            raise _field_error("account", "ldap_account_duplicate", value=account, other=others)
        values = {"name": v.normalize_name(u.name), "email": v.normalize_email(u.email),
                  "mobile": v.normalize_mobile(u.mobile, self.region), "phone": v.normalize_phone(u.phone),
                  "position": v.normalize_position(u.position)}
        mobile = values["mobile"]
        if mobile and len(mobiles.get(mobile, [])) > 1:
            others = "; ".join(t.dn for t in mobiles[mobile] if t is not u)
            raise _field_error("mobile", "ldap_mobile_duplicate", value=mobile, other=others)
        ou_guid = snap.user_ou.get(u.guid) or snap.base_guid
        dept = dept_of.get(ou_guid)
        if dept is None:
            raise _field_error("department", "dept_not_found", path=u.dn)
        current = existing.get(mid) if mid is not None else None
        if mobile:
            owner = mobile_owner.get(mobile)
            mine = current.row.account if current else account
            if owner is not None and owner != mine:
                raise _field_error("mobile", "mobile_taken", value=mobile, owner=owner)
        synced = {**values, "dept": ou_guid, "disabled": u.disabled}
        if current is None:
            self._add(u, account, values, dept, synced)
        else:
            self._update(u, account, current, values, dept, ou_guid, synced, tree, by_account)

    def _add(self, u: LdapUser, account: str, values: dict[str, Any], dept: int, synced: dict[str, Any]) -> None:
        new_id = self.ph.take()
        full, initials = name_pinyin(values["name"])
        gid = u.guid.replace("-", "") if _GUID_RE.match(u.guid) else new_gid()
        after = {"id": new_id, "gid": gid, "account": account, "name": values["name"], "gender": "",
                 "mobile": values["mobile"], "phone": values["phone"], "short_number": "", "email": values["email"],
                 "weight": 0, "name_pinyin": full, "name_initials": initials, "status": "active",
                 "authorization": "disabled" if u.disabled else "unauthorized", "confidential": "",
                 "attributes": _JSON.encode({RECORD_KEY: _record(u.guid, gid, synced)}),
                 "password_hash": None, "must_change_password": False,
                 "depts": [[dept, values["position"]]]}
        self.ops_member_add.append(Operation("member", "add", new_id, after=after, label=account, category="added"))

    def _decide(self, account: str, field_name: str, db_value: Any, ldap_value: Any, recorded: Any,
                show: tuple[Any, Any] | None = None) -> bool:
        """True when the directory's value should be written. A value edited in the console since the last
        sync (it differs from what that sync wrote) is kept and reported, unless overwriting was asked for."""
        if db_value == ldap_value:
            return False
        if recorded is _MISSING or db_value == recorded:
            return True
        zh, en = FIELD_LABELS[field_name]
        console, directory = show or (db_value, ldap_value)
        code = "ldap_manual_edit_overwritten" if self.overwrite_manual else "ldap_manual_edit"
        self.notices.append(_notice(code, field_name, account=account, field=zh, field_en=en,
                                    console=_show(console), directory=_show(directory)))
        return self.overwrite_manual

    def _update(self, u: LdapUser, account: str, cur: _Existing, values: dict[str, Any], dept: int, ou_guid: str,
                synced: dict[str, Any], tree: DeptTree, by_account: dict[str, int]) -> None:
        row = cur.row
        rec = cur.synced if cur.ldap else {}
        had = bool(cur.ldap)

        def recorded(key: str) -> Any:
            return rec.get(key, _MISSING) if had else _MISSING

        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        category = "updated"
        if row.status == "resigned":
            if not rec.get("resigned"):
                self.notices.append(_notice("ldap_resigned_manually", account=row.account))
                return
            before.update(status="resigned", resigned_at=row.resigned_at)
            after.update(status="active", resigned_at=None)
            category = "restored"
        if row.account != account:  # renamed in the directory (matched by GUID)
            other = by_account.get(account)
            if other is not None and other != row.id:
                raise _field_error("account", "account_taken", value=account)
            before["account"], after["account"] = row.account, account
        new_record = dict(synced)
        for f in ("name", "email", "phone"):
            if self._decide(row.account, f, getattr(row, f), values[f], recorded(f)):
                before[f], after[f] = getattr(row, f), values[f]
            elif getattr(row, f) != values[f]:
                new_record[f] = rec.get(f, values[f])
        if self._decide(row.account, "mobile", row.mobile or None, values["mobile"], recorded("mobile")):
            before["mobile"], after["mobile"] = row.mobile or None, values["mobile"]
        elif (row.mobile or None) != values["mobile"]:
            new_record["mobile"] = rec.get("mobile", values["mobile"])
        if "name" in after:
            before["name_pinyin"], before["name_initials"] = name_pinyin(row.name)
            after["name_pinyin"], after["name_initials"] = name_pinyin(values["name"])
        links = cur.links
        position = links[0][1] if links else ""
        depts = [d for d, _ in links]
        new_pos = position
        if self._decide(row.account, "position", position, values["position"], recorded("position")):
            new_pos = values["position"]
        elif position != values["position"]:
            new_record["position"] = rec.get("position", values["position"])
        new_depts = depts
        if self._decide(row.account, "department", depts, [dept], self._recorded_depts(recorded("dept"), tree),
                        show=(", ".join(tree.path(d) for d in depts if d in tree.nodes), u.dn)):
            new_depts = [dept]
        elif depts != [dept]:
            new_record["dept"] = rec.get("dept", ou_guid)
        new_links = [[d, new_pos] for d in new_depts]
        if new_links != links:
            before["depts"], after["depts"] = links, new_links
            if category == "updated" and [d for d, _ in new_links] != depts and not after.keys() - {"depts", "attributes"}:
                category = "moved"
        disabled_now = row.authorization == "disabled"
        target_auth = after.get("authorization", row.authorization)
        if self._decide(row.account, "disabled", disabled_now, u.disabled, recorded("disabled")):
            target_auth = "disabled" if u.disabled else "unauthorized"
        elif disabled_now != u.disabled:
            new_record["disabled"] = rec.get("disabled", u.disabled)
        if category == "restored" and target_auth == "authorized":
            target_auth = "unauthorized"  # resigning freed the seat; restoring does not take one back
        if target_auth != row.authorization:
            before["authorization"], after["authorization"] = row.authorization, target_auth
        if cur.ldap.get("guid") != u.guid or rec != new_record:
            attrs = _merge_attributes(row.attributes, _record(u.guid, row.gid, new_record))
            before["attributes"], after["attributes"] = row.attributes, attrs
        if not after:
            return
        self.ops_member_update.append(Operation("member", "update", row.id, before=before, after=after,
                                                version=row.version, label=row.account, category=category))

    @staticmethod
    def _recorded_depts(recorded: Any, tree: DeptTree) -> Any:
        """The department the last sync put a member in, as [id]; _MISSING when unknown or since deleted."""
        if isinstance(recorded, str) and recorded in tree.by_alias:
            return [tree.by_alias[recorded]]
        return _MISSING

    # ------------------------------------------------------------------ removals
    def _plan_resignations(self, synced_active: list[_Existing], matched: set[int]) -> int:
        """People a sync brought in who are no longer in the directory go to the resigned list — never deleted."""
        count = 0
        for e in synced_active:
            if e.row.id in matched:
                continue
            rec = _record(e.ldap["guid"], e.row.gid, {**e.synced, "resigned": True})
            self.ops_member_update.append(Operation(
                "member", "update", e.row.id,
                before={"status": "active", "authorization": e.row.authorization, "resigned_at": None,
                        "attributes": e.row.attributes},
                after={"status": "resigned", "authorization": "unauthorized", "resigned_at": self.now,
                       "attributes": _merge_attributes(e.row.attributes, rec)},
                version=e.row.version, label=e.row.account, category="resigned"))
            count += 1
        return count

    def _plan_department_deletions(self, conn: Connection, tree: DeptTree, snap: DirectorySnapshot,
                                   dept_of: dict[str, int], existing: dict[int, _Existing]) -> None:
        """Departments of OUs gone from the directory: deleted when nothing is left in them, else kept."""
        wanted = set(dept_of.values())
        gone = [d for d, n in tree.nodes.items() if is_synced_alias(n.alias) and d not in wanted]
        if not gone:
            return
        members_in: dict[int, int] = {}
        planned = {op.key: op.after["depts"] for op in self.ops_member_update if op.after and "depts" in op.after}
        for mid, e in existing.items():
            for d, _ in planned.get(mid, e.links):
                members_in[d] = members_in.get(d, 0) + 1
        moved_parent = {op.key: op.after["parent_id"] for op in self.ops_dept_update
                        if op.after and "parent_id" in op.after}
        children: dict[int, set[int]] = {}
        for d, n in tree.nodes.items():
            parent = moved_parent.get(d, n.parent_id)
            if parent is not None:
                children.setdefault(parent, set()).add(d)
        deleted: set[int] = set()
        for d in sorted(gone, key=lambda x: -tree.path(x).count("/")):  # deepest first
            if members_in.get(d) or (children.get(d, set()) - deleted):
                self.notices.append(_notice("ldap_dept_kept", path=tree.path(d)))
                continue
            row = conn.execute(select(D).where(D.c.id == d)).one()
            self.ops_dept_delete.append(Operation("department", "delete", d, before=dict(row._mapping),
                                                  version=tree.nodes[d].version, label=tree.path(d),
                                                  category="deleted"))
            deleted.add(d)


def _field_error(field_name: str, code: str, **params: Any) -> YouduError:
    from youdu_console.domain.errors import ValidationError

    return ValidationError(code, field=field_name, **params)


def _merge_attributes(current: str | None, record: dict[str, Any]) -> str:
    try:
        data = json.loads(current or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[RECORD_KEY] = record
    return _JSON.encode(data)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    items = list(values)
    for i in range(0, len(items), size):
        yield items[i:i + size]
