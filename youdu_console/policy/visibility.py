"""The question an IM client asks when it draws the address book: what may member X see? (manual 5.3.1)

Three kinds of rule, each naming departments (with their sub-departments) and members, each with a whitelist
of viewers it does not apply to (appendix 1 Q7: 支持白名单, combined freely):

  hide      隐藏部门/成员    its departments and members are not shown in anyone's address book
  restrict  限制查看外部门  its departments' members see only their own departments (with sub-departments),
                            plus the rule's extra visible departments and members
  forbid    禁止查看所有人  its departments' members see nobody

Combined for one viewer (decided here where the manual is silent; README, 可见性设置):
- a viewer always sees itself; a viewer inside a hidden department still sees that department (a hide rule
  hides a department from the rest of the enterprise, not from its own people);
- forbid beats restrict; several restrict rules add up (own departments plus the union of their extras);
- hide beats everything: an extra visible item that a hide rule hides stays hidden, unless the viewer is on
  that hide rule's whitelist;
- a member is shown when it is not hidden itself and one of its departments is shown (or it is an extra
  visible member); the ancestors of a shown department are drawn as the path to it, without their own members.

`decide` works on departments and the rules' few named members only (the fast path, independent of the
number of members). The answer's default form, `CompactAddressBook`, describes the visible members exactly
without listing them (department subtrees, the subtrees cut out of them, the hidden and the extra visible
members), so its size follows the rules, not the organisation; `VisibleAddressBook` (`--members`) lists every
shown member.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select

from youdu_console.domain.errors import NotFound
from youdu_console.domain.validation import fold_account
from youdu_console.domain.visibility import parse_refs
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

CHUNK = 900  # ids per IN (…): SQLite's default limit on bound parameters is 999


@dataclass(frozen=True)
class Rule:
    id: int
    name: str
    kind: str
    depts: frozenset[int]
    members: frozenset[int]
    white_depts: frozenset[int] = frozenset()
    white_members: frozenset[int] = frozenset()
    extra_depts: frozenset[int] = frozenset()
    extra_members: frozenset[int] = frozenset()

    @classmethod
    def from_row(cls, row: Any) -> Rule:
        d, m = parse_refs(row.subjects)
        wd, wm = parse_refs(row.whitelist)
        ed, em = parse_refs(row.extra)
        return cls(row.id, row.name, row.kind, d, m, wd, wm, ed, em)


@dataclass(frozen=True)
class Because:
    """Why an item is not shown: the rule (name and kind) that hid it."""

    rule: str
    kind: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "kind": self.kind}


@dataclass
class Decision:
    """What one viewer may see, at department level, and why the rest is hidden."""

    viewer: int
    everything: bool  # no restrict/forbid rule applies: every department not hidden is in scope
    shown: set[int]  # departments shown with their members
    path: set[int]  # ancestors drawn only as the path to a shown department
    hidden_depts: dict[int, Because]  # departments a hide rule hides
    out_of_scope: Because | None  # the restrict/forbid rule that limits the viewer, if any
    hidden_members: dict[int, Because]  # members a hide rule names
    extra_members: set[int] = field(default_factory=set)

    def dept_reason(self, dept: int) -> Because | None:
        if dept in self.shown:
            return None
        return self.hidden_depts.get(dept) or self.out_of_scope

    def member_visible(self, member: int, depts: Iterable[int]) -> bool:
        if member == self.viewer:
            return True
        if member in self.hidden_members:
            return False
        dept_list = list(depts)
        if member in self.extra_members and not (dept_list and all(d in self.hidden_depts for d in dept_list)):
            return True
        if not dept_list:
            return self.everything
        return any(d in self.shown for d in dept_list)

    def member_reason(self, member: int, depts: Iterable[int]) -> Because | None:
        if self.member_visible(member, depts):
            return None
        if member in self.hidden_members:
            return self.hidden_members[member]
        for d in depts:
            because = self.dept_reason(d)
            if because is not None:
                return because
        return self.out_of_scope


def _ancestors(parent: Mapping[int, int | None], depts: Iterable[int]) -> set[int]:
    out: set[int] = set()
    for d in depts:
        cur: int | None = d
        while cur is not None and cur not in out and cur in parent:
            out.add(cur)
            cur = parent[cur]
    return out


def _subtrees(children: Mapping[int, list[int]], roots: Iterable[int]) -> set[int]:
    out: set[int] = set()
    stack = list(roots)
    while stack:
        d = stack.pop()
        if d not in out:
            out.add(d)
            stack.extend(children.get(d, ()))
    return out


def children_of(parent: Mapping[int, int | None]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for d, p in parent.items():
        if p is not None:
            out.setdefault(p, []).append(d)
    return out


def decide(parent: Mapping[int, int | None], rules: Iterable[Rule], viewer: int, viewer_depts: Iterable[int],
           children: Mapping[int, list[int]] | None = None) -> Decision:
    """What `viewer` (a member id in `viewer_depts`) may see, by the rules in order (first rule names a reason)."""
    kids = children if children is not None else children_of(parent)
    own = set(viewer_depts)
    inside = _ancestors(parent, own)  # the departments the viewer is in, with sub-departments counted upwards

    def names_viewer(depts: frozenset[int], members: frozenset[int]) -> bool:
        return viewer in members or not inside.isdisjoint(depts)

    forbid: Rule | None = None
    restricts: list[Rule] = []
    hides: list[Rule] = []
    for rule in rules:
        if names_viewer(rule.white_depts, rule.white_members):
            continue  # the whitelist: this rule does not apply to this viewer
        if rule.kind == "hide":
            hides.append(rule)
        elif names_viewer(rule.depts, rule.members):
            if rule.kind == "forbid" and forbid is None:
                forbid = rule
            elif rule.kind == "restrict":
                restricts.append(rule)

    hidden_depts: dict[int, Because] = {}
    hidden_members: dict[int, Because] = {}
    for rule in hides:
        because = Because(rule.name, rule.kind)
        for d in _subtrees(kids, (d for d in rule.depts if d not in inside)):
            hidden_depts.setdefault(d, because)
        for m in rule.members:
            if m != viewer:
                hidden_members.setdefault(m, because)

    extra_members: set[int] = set()
    if forbid is not None:
        scope: set[int] | None = set()
        limiter: Because | None = Because(forbid.name, forbid.kind)
    elif restricts:
        roots = set(own)
        for rule in restricts:
            roots |= rule.extra_depts
            extra_members |= rule.extra_members
        scope = _subtrees(kids, roots)
        limiter = Because(restricts[0].name, restricts[0].kind)
    else:
        scope, limiter = None, None
    if scope is None:
        shown = {d for d in parent if d not in hidden_depts}
    else:
        shown = {d for d in scope if d in parent and d not in hidden_depts}
    # Without a limit every ancestor of a shown department is shown (hide rules hide whole subtrees).
    path = set() if scope is None else _ancestors(parent, shown) - shown
    return Decision(viewer, scope is None, shown, path, hidden_depts, limiter, hidden_members, extra_members)


# ---------------------------------------------------------------- reading the database

class ShownMember(NamedTuple):
    """One member as the answer lists it (a tuple: an answer may hold 100,000 of them)."""

    id: int
    account: str
    name: str
    depts: tuple[int, ...]


@dataclass
class VisibleAddressBook:
    """The answer to `policy visible-to`: the decision, with the departments' paths and the shown members."""

    account: str
    name: str
    decision: Decision
    paths: dict[int, str]
    members: list[ShownMember]
    hidden_members: list[tuple[ShownMember, Because]] | None = None  # with `explain`
    listed: list[dict[str, Any]] | None = None  # the members as the answer lists them, when read as raw rows

    def _member_paths(self, depts: tuple[int, ...], d: Decision) -> list[str]:
        paths = self.paths
        if len(depts) == 1:  # the common case, without a sort
            x = depts[0]
            return [paths[x]] if x in d.shown or x in d.path else []
        return sorted(paths[x] for x in depts if x in d.shown or x in d.path)

    def to_json(self, explain: bool = False) -> dict[str, Any]:
        d = self.decision
        order = sorted(d.shown | d.path, key=lambda i: self.paths.get(i, ""))
        shown = {i: self.paths[i] for i in order}  # the departments drawn: a member is listed under these
        out: dict[str, Any] = {
            "account": self.account, "name": self.name,
            "restricted_by": d.out_of_scope.to_json() if d.out_of_scope else None,
            "departments": [{"path": self.paths[i], "members_shown": i in d.shown} for i in order],
            "members": self.listed if self.listed is not None else [
                {"account": m.account, "name": m.name,
                 "departments": ([shown[m.depts[0]]] if m.depts[0] in shown else [])
                 if len(m.depts) == 1 else sorted(shown[x] for x in m.depts if x in shown)}
                for m in self.members],
        }
        if explain:
            hidden = sorted((i for i in self.paths if i not in d.shown and i not in d.path), key=self.paths.__getitem__)
            out["hidden_departments"] = [{"path": self.paths[i], **(d.dept_reason(i) or Because("", "")).to_json()}
                                         for i in hidden]
            out["hidden_members"] = [{"account": m.account, "name": m.name,
                                      "departments": sorted(self.paths[x] for x in m.depts if x in self.paths),
                                      **because.to_json()} for m, because in self.hidden_members or []]
        return out


@dataclass(frozen=True)
class Snapshot:
    """The department tree and the rules as of one change set: what every viewer's decision reads."""

    stamp: tuple[str, int, int]
    parent: dict[int, int | None]
    children: dict[int, list[int]]
    rules: list[Rule]
    paths: dict[int, str]


_SNAPSHOTS: dict[str, Snapshot] = {}


def snapshot(conn: Connection) -> Snapshot:
    """The tree and the parsed rules, reused while no change set has been applied since (every write to
    departments or rules is one), so a server answering many viewers reads them once."""
    cs, d = tables.CHANGE_SETS, tables.DEPARTMENTS
    url = conn.engine.url.render_as_string(hide_password=True)
    stamp = (url, conn.execute(select(func.max(cs.c.id))).scalar() or 0,
             conn.execute(select(func.count()).select_from(d)).scalar() or 0)
    known = _SNAPSHOTS.get(url)
    if known is not None and known.stamp == stamp:
        return known
    d = tables.DEPARTMENTS
    rows = {r.id: (r.name, r.parent_id) for r in conn.execute(select(d.c.id, d.c.name, d.c.parent_id))}
    parent = {i: p for i, (_n, p) in rows.items()}
    made = Snapshot(stamp, parent, children_of(parent), load_rules(conn), paths_of(rows))
    _SNAPSHOTS[url] = made
    return made


def load_rules(conn: Connection) -> list[Rule]:
    r = tables.VISIBILITY_RULES
    return [Rule.from_row(row) for row in conn.execute(select(r).order_by(r.c.name, r.c.id))]


def load_parents(conn: Connection) -> dict[int, int | None]:
    d = tables.DEPARTMENTS
    return dict(conn.execute(select(d.c.id, d.c.parent_id)).all())


def viewer_of(conn: Connection, account: str) -> tuple[int, str, list[int]] | None:
    """The viewer's member id, name and departments; None for no such active member."""
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    row = conn.execute(select(m.c.id, m.c.name, m.c.status).where(m.c.account == fold_account(account))).first()
    if row is None or row.status != "active":
        return None
    depts = [r[0] for r in conn.execute(select(links.c.dept_id).where(links.c.member_id == row.id))]
    return row.id, row.name, depts


def decide_for(conn: Connection, account: str, *, cached: bool = True) -> Decision | None:
    """The fast path: the decision for one account, reading the tree, the rules and the viewer only
    (the tree and the rules from the snapshot of the last change set unless `cached` is False)."""
    viewer = viewer_of(conn, account)
    if viewer is None:
        return None
    if not cached:
        parent = load_parents(conn)
        return decide(parent, load_rules(conn), viewer[0], viewer[2])
    snap = snapshot(conn)
    return decide(snap.parent, snap.rules, viewer[0], viewer[2], snap.children)


def paths_of(rows: Mapping[int, tuple[str, int | None]]) -> dict[int, str]:
    """Every department's path, from (name, parent id) by id."""
    out: dict[int, str] = {}

    def path(i: int) -> str:
        known = out.get(i)
        if known is not None:
            return known
        chain: list[int] = []
        cur: int | None = i
        while cur is not None and cur in rows and cur not in out:
            chain.append(cur)
            cur = rows[cur][1]
        prefix = out.get(cur, "") if cur is not None else ""
        for node in reversed(chain):
            prefix = f"{prefix}/{rows[node][0]}" if prefix else rows[node][0]
            out[node] = prefix
        return out[i]

    for i in rows:
        path(i)
    return out


def _member_rows(conn: Connection, depts: list[int] | None, ids: Iterable[int] = ()) -> dict[int, ShownMember]:
    """Active members (of these departments; of all when None, and those ids), with all their departments."""
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    q = (select(m.c.id, m.c.account, m.c.name, links.c.dept_id)
         .select_from(m.outerjoin(links, links.c.member_id == m.c.id)).where(m.c.status == "active"))
    rows: list[Any] = []
    if depts is None:
        rows = list(conn.execute(q).all())
    else:
        wanted: set[int] = set(ids)
        for i in range(0, len(depts), CHUNK):
            inner = select(links.c.member_id).where(links.c.dept_id.in_(depts[i:i + CHUNK]))
            wanted.update(conn.execute(inner).scalars())
        ordered = sorted(wanted)
        for i in range(0, len(ordered), CHUNK):
            rows.extend(conn.execute(q.where(m.c.id.in_(ordered[i:i + CHUNK]))).all())
    # Plain tuples (named access on 100,000 rows costs more than the query).
    found: dict[int, tuple[str, str, list[int]]] = {}
    for ident, account, name, dept in rows:
        known = found.get(ident)
        if known is None:
            found[ident] = (account, name, [] if dept is None else [dept])
        elif dept is not None:
            known[2].append(dept)
    return {i: ShownMember(i, a, n, tuple(d)) for i, (a, n, d) in found.items()}


def visible_to(conn: Connection, account: str, *, explain: bool = False) -> VisibleAddressBook | None:
    """Exactly what this member's client may show (and, with `explain`, why each other item is hidden)."""
    viewer = viewer_of(conn, account)
    if viewer is None:
        return None
    snap = snapshot(conn)
    parent = snap.parent
    decision = decide(parent, snap.rules, viewer[0], viewer[2], snap.children)
    if not explain:
        listed = _listing(conn, decision, snap, viewer[0])
        return VisibleAddressBook(fold_account(account), viewer[1], decision, snap.paths, [], listed=listed)
    wanted = None if decision.everything or explain else sorted(decision.shown)
    rows = _member_rows(conn, wanted, decision.extra_members | {viewer[0]})
    shown, hidden = [], []
    for member in rows.values():
        if decision.member_visible(member.id, member.depts):
            shown.append(member)
            if member.id in decision.extra_members or member.id == viewer[0]:
                # An extra visible member (or the viewer) is drawn under its departments: their path is shown.
                decision.path |= _ancestors(parent, member.depts) - decision.shown
        elif explain:
            hidden.append((member, decision.member_reason(member.id, member.depts) or Because("", "")))
    shown.sort(key=lambda s: s.account)
    hidden.sort(key=lambda h: h[0].account)
    return VisibleAddressBook(fold_account(account), viewer[1], decision, snap.paths, shown,
                              hidden if explain else None)


def _raw_rows(conn: Connection, statement: Any) -> list[Any]:
    """All rows of a parameterless statement as the driver's tuples (no Row object for 100,000 rows)."""
    sql = str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _listing(conn: Connection, decision: Decision, snap: Snapshot, viewer: int) -> list[dict[str, Any]]:
    """Every shown member as the answer lists it, from raw rows in account order (no object per member:
    100,000 of them are listed for a viewer who sees everything)."""
    named = _named_members(conn, {*decision.extra_members, viewer})
    for ident, (_a, _n, depts) in named.items():  # an extra member (or the viewer) is drawn under its departments
        if ident == viewer or ident in decision.extra_members and decision.member_visible(ident, depts):
            decision.path |= _ancestors(snap.parent, depts) - decision.shown
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    people = select(m.c.id, m.c.account, m.c.name).where(m.c.status == "active")
    member_links = select(links.c.member_id, links.c.dept_id)
    if decision.everything:  # two plain scans: a join ordered by account costs twice as much (SQLite, 100,000)
        rows = _raw_rows(conn, people)
        link_rows = _raw_rows(conn, member_links)
    else:
        wanted: set[int] = set(named)
        shown_list = sorted(decision.shown)
        for i in range(0, len(shown_list), CHUNK):
            inner = select(links.c.member_id).where(links.c.dept_id.in_(shown_list[i:i + CHUNK]))
            wanted.update(conn.execute(inner).scalars())
        ordered = sorted(wanted)
        rows, link_rows = [], []
        for i in range(0, len(ordered), CHUNK):
            part = ordered[i:i + CHUNK]
            rows.extend(conn.execute(people.where(m.c.id.in_(part))))
            link_rows.extend(conn.execute(member_links.where(links.c.member_id.in_(part))))
    depts_of: dict[int, list[int]] = {}
    for member, dept in link_rows:
        known = depts_of.get(member)
        if known is None:
            depts_of[member] = [dept]
        else:
            known.append(dept)
    rows.sort(key=lambda row: row[1])
    paths, shown, path = snap.paths, decision.shown, decision.path
    special = {*decision.hidden_members, *decision.extra_members, viewer}
    everything, visible = decision.everything, decision.member_visible
    out: list[dict[str, Any]] = []
    append = out.append
    none: list[int] = []
    for ident, account, name in rows:
        member_depts = depts_of.get(ident, none)
        one = len(member_depts) == 1
        if ident in special:
            seen = visible(ident, member_depts)
        elif one:
            seen = member_depts[0] in shown
        else:
            seen = any(d in shown for d in member_depts) if member_depts else everything
        if not seen:
            continue
        if one:
            x = member_depts[0]
            drawn = [paths[x]] if x in shown or x in path else []
        else:
            drawn = sorted(paths[x] for x in member_depts if x in shown or x in path)
        append({"account": account, "name": name, "departments": drawn})
    return out


# ---------------------------------------------------------------- the compact answer

@dataclass(frozen=True)
class CompactForm:
    """Exactly which members a viewer's client shows, without listing them (department and member ids).

    A member is shown when it is not in `except_members` and either it is in `extra_members`, or one of its
    departments lies in one of the `subtrees` but not in one of the `except_subtrees` (each `except` root lies
    inside a subtree), or it has no department and `members_without_department` is true. `path_only` are the
    departments drawn only as the path to shown ones. Its size follows the rules, not the organisation.
    """

    subtrees: frozenset[int]
    except_subtrees: frozenset[int]
    path_only: frozenset[int]
    except_members: frozenset[int]
    extra_members: frozenset[int]
    members_without_department: bool

    def shows_department(self, parent: Mapping[int, int | None], dept: int) -> bool:
        cur: int | None = dept
        while cur is not None:
            if cur in self.except_subtrees:
                return False
            if cur in self.subtrees:
                return True
            cur = parent.get(cur)
        return False

    def shows(self, parent: Mapping[int, int | None], member: int, depts: Iterable[int]) -> bool:
        """How a client reads the form: is this member shown?"""
        if member in self.except_members:
            return False
        if member in self.extra_members:
            return True
        dept_list = list(depts)
        if not dept_list:
            return self.members_without_department
        return any(self.shows_department(parent, d) for d in dept_list)


def compact_form(decision: Decision, parent: Mapping[int, int | None], children: Mapping[int, list[int]],
                 named: Mapping[int, Iterable[int]]) -> CompactForm:
    """The compact form of a decision. `named` gives the departments of the active members a rule names as
    hidden or extra visible, and of the viewer (the only members whose answer differs from their departments')."""
    shown = decision.shown
    roots = frozenset(d for d in shown if parent.get(d) not in shown)
    cuts = frozenset(c for d in shown for c in children.get(d, ()) if c not in shown)
    path = set(decision.path)
    hidden: set[int] = set()
    extra: set[int] = set()
    for member, depts in named.items():
        dept_list = list(depts)
        by_departments = any(d in shown for d in dept_list) if dept_list else decision.everything
        visible = decision.member_visible(member, dept_list)
        if by_departments and not visible:
            hidden.add(member)
        elif visible and not by_departments:
            extra.add(member)
            path |= _ancestors(parent, dept_list)  # an extra member is drawn under its departments
    return CompactForm(roots, cuts, frozenset(path - shown), frozenset(hidden), frozenset(extra),
                       decision.everything)


@dataclass
class CompactAddressBook:
    """The default answer to `policy visible-to`: the compact form with paths and accounts."""

    account: str
    name: str
    decision: Decision
    form: CompactForm
    paths: Mapping[int, str]
    members: Mapping[int, tuple[str, str, tuple[int, ...]]]  # the named members: account, name, departments

    def to_json(self) -> dict[str, Any]:
        f, paths = self.form, self.paths
        d = self.decision

        def sorted_paths(ids: Iterable[int]) -> list[str]:
            return sorted(paths[i] for i in ids if i in paths)

        extras = sorted((self.members[i] for i in f.extra_members), key=lambda m: m[0])
        return {
            "account": self.account, "name": self.name, "form": "compact",
            "restricted_by": d.out_of_scope.to_json() if d.out_of_scope else None,
            "subtrees": sorted_paths(f.subtrees), "except_subtrees": sorted_paths(f.except_subtrees),
            "path_only": sorted_paths(f.path_only),
            "except_members": sorted(self.members[i][0] for i in f.except_members),
            "extra_members": [{"account": a, "name": n, "departments": sorted_paths(ds)} for a, n, ds in extras],
            "members_without_department": f.members_without_department,
        }


def _named_members(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, str, tuple[int, ...]]]:
    """Account, name and departments of these members, if active (a rule names a few hundred at most)."""
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    wanted = sorted(set(ids))
    found: dict[int, tuple[str, str, list[int]]] = {}
    for i in range(0, len(wanted), CHUNK):
        q = (select(m.c.id, m.c.account, m.c.name, links.c.dept_id)
             .select_from(m.outerjoin(links, links.c.member_id == m.c.id))
             .where(m.c.status == "active", m.c.id.in_(wanted[i:i + CHUNK])))
        for ident, account, name, dept in conn.execute(q):
            known = found.setdefault(ident, (account, name, []))
            if dept is not None:
                known[2].append(dept)
    return {i: (a, n, tuple(ds)) for i, (a, n, ds) in found.items()}


def compact_visible_to(conn: Connection, account: str) -> CompactAddressBook | None:
    """The compact answer: the decision and the few members the rules name; no member list is read."""
    viewer = viewer_of(conn, account)
    if viewer is None:
        return None
    snap = snapshot(conn)
    decision = decide(snap.parent, snap.rules, viewer[0], viewer[2], snap.children)
    named = _named_members(conn, {*decision.hidden_members, *decision.extra_members, viewer[0]})
    form = compact_form(decision, snap.parent, snap.children, {i: m[2] for i, m in named.items()})
    return CompactAddressBook(fold_account(account), viewer[1], decision, form, snap.paths, named)


def ask(uow: UnitOfWork, account: str, *, explain: bool = False) -> VisibleAddressBook:
    """`visible_to` in a read of its own; no such active member is a coded `member_not_found`."""
    with uow.read() as conn:
        answer = visible_to(conn, account, explain=explain)
    if answer is None:
        raise NotFound("member_not_found", account=fold_account(account))
    return answer


def answer_json(uow: UnitOfWork, account: str, *, members: bool = False, explain: bool = False) -> dict[str, Any]:
    """The answer as the CLI and the policy API give it: the compact form by default; with `members` (or
    `explain`) every shown member listed (and with `explain` every hidden item with its rule)."""
    if members or explain:
        return {**ask(uow, account, explain=explain).to_json(explain=explain), "form": "members"}
    with uow.read() as conn:
        answer = compact_visible_to(conn, account)
    if answer is None:
        raise NotFound("member_not_found", account=fold_account(account))
    return answer.to_json()
