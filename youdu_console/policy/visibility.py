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

`decide` works on departments and the rules' few named members only (independent of the number of members).
The default answer, `VisibleAddressBook` (spec/CLI.md: `{"departments": [paths], "members": [accounts]}`),
lists every shown account, computed from the decision by `visible_accounts` in a few set-based queries;
`CompactAddressBook` (`--summary`) describes the same members exactly without listing them (department
subtrees, the subtrees cut out of them, the hidden and the extra visible members), so its size follows the
rules, not the organisation.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, func, select
from sqlalchemy import exists as sa_exists

from youdu_console.domain.errors import NotFound, YouduError
from youdu_console.domain.validation import fold_account
from youdu_console.domain.visibility import parse_refs
from youdu_console.policy.asking import check_asker
from youdu_console.services.auth import Actor, scope_closure
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
    """One member as the detailed answer lists it (a tuple: an answer may hold 100,000 of them)."""

    id: int
    account: str
    name: str
    depts: tuple[int, ...]


@dataclass
class VisibleAddressBook:
    """The answer to `policy visible-to`: the decision, the departments' paths and every shown account (with
    `details` also each shown member's name and departments, with `explain` each hidden item and its rule)."""

    account: str
    name: str
    decision: Decision
    paths: Mapping[int, str]
    accounts: list[str]  # every shown member's account, sorted
    members: list[ShownMember] | None = None  # with `details`: the shown members, in account order
    hidden_members: list[tuple[ShownMember, Because]] | None = None  # with `explain`
    path_order: Sequence[int] | None = None  # every department id in the order of its path (the snapshot's)

    def _sorted_paths(self, ids: set[int]) -> list[str]:
        """The paths of `ids`, sorted: picked from the snapshot's ordered ids when known (thousands of
        Chinese paths compared once per change set, not once per answer)."""
        paths = self.paths
        if self.path_order is None:
            return sorted(paths[i] for i in ids if i in paths)
        return [paths[i] for i in self.path_order if i in ids and i in paths]

    def within(self, scope: frozenset[int]) -> VisibleAddressBook:
        """The answer cut to a scoped administrator's departments: their paths, the shown members with a
        department among them, and (explained) the hidden ones likewise. Needs the members' details."""
        assert self.members is not None, "cut to a scope from the detailed answer"
        members = [m for m in self.members if not scope.isdisjoint(m.depts)]
        hidden = None if self.hidden_members is None else \
            [(m, b) for m, b in self.hidden_members if not scope.isdisjoint(m.depts)]
        paths = {i: p for i, p in self.paths.items() if i in scope}
        return VisibleAddressBook(self.account, self.name, self.decision, paths, [m.account for m in members],
                                  members, hidden, self.path_order)

    def to_json(self, explain: bool = False, details: bool = False) -> dict[str, Any]:
        """The documented shape `{"departments": [paths], "members": [accounts]}`, with extra keys: who asked,
        the rule limiting the viewer, `path_only` (departments drawn only as the path to shown ones)."""
        d, paths = self.decision, self.paths
        drawn = d.shown | d.path
        out: dict[str, Any] = {
            "account": self.account, "name": self.name, "form": "full",
            "restricted_by": d.out_of_scope.to_json() if d.out_of_scope else None,
            "departments": self._sorted_paths(drawn),
            "path_only": self._sorted_paths(d.path - d.shown),
            "members": self.accounts,
        }
        if details and self.members is not None:
            out["member_details"] = [{"account": m.account, "name": m.name,
                                      "departments": sorted(paths[x] for x in m.depts if x in drawn and x in paths)}
                                     for m in self.members]
        if explain:
            hidden = sorted((i for i in paths if i not in drawn), key=paths.__getitem__)
            out["hidden_departments"] = [{"path": paths[i], **(d.dept_reason(i) or Because("", "")).to_json()}
                                         for i in hidden]
            out["hidden_members"] = [{"account": m.account, "name": m.name,
                                      "departments": sorted(paths[x] for x in m.depts if x in paths),
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
    memo: dict[str, Any] = field(default_factory=dict, compare=False)  # what is read from it once, lazily

    def active_accounts(self, conn: Connection) -> list[str]:
        """Every active member's account, sorted: read once per change set (a member joins, leaves or is
        renamed only by one), so an unrestricted viewer's answer does not read 100,000 rows each time."""
        found = self.memo.get("active")
        if found is None:
            m = tables.MEMBERS
            found = self.memo["active"] = sorted(_accounts(conn, select(m.c.account).where(m.c.status == "active")))
        return found

    def path_order(self) -> list[int]:
        """Every department id, in the order of its path: computed once per change set."""
        found = self.memo.get("path_order")
        if found is None:
            found = self.memo["path_order"] = sorted(self.paths, key=self.paths.__getitem__)
        return found

    def named(self, conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, str, tuple[int, ...]]]:
        """`named_members`, each member read once per change set (the rules name the same few hundred for
        every viewer)."""
        known: dict[int, tuple[str, str, tuple[int, ...]] | None] = self.memo.setdefault("named", {})
        wanted = set(ids)
        missing = [i for i in wanted if i not in known]
        if missing:
            found = named_members(conn, missing)
            for i in missing:
                known[i] = found.get(i)  # None: not an active member
        return {i: row for i in wanted if (row := known[i]) is not None}

    def _kept(self, name: str, key: Any, read: Callable[[], Any]) -> Any:
        """`read()`, kept under `key` for the last few keys asked (viewers whom the same rules limit ask the
        same): at most 32 per name, all dropped when full."""
        cache: dict[Any, Any] = self.memo.setdefault(name, {})
        found = cache.get(key)
        if found is None:
            if len(cache) >= 32:
                cache.clear()
            found = cache[key] = read()
        return found

    def linked(self, conn: Connection, column: str, ids: Iterable[int]) -> list[tuple[int, int]]:
        """`_linked`, kept for the last few sets of ids asked."""
        wanted = frozenset(ids)
        return self._kept("linked", (column, wanted), lambda: _linked(conn, column, wanted))  # type: ignore[no-any-return]

    def accounts_of(self, conn: Connection, ids: Iterable[int]) -> set[str]:
        """The accounts of these member ids (the members of departments not shown), kept like `linked`."""
        wanted = frozenset(ids)
        return self._kept("accounts_of", wanted, lambda: _accounts_by_id(conn, wanted))  # type: ignore[no-any-return]


_SNAPSHOTS: dict[str, Snapshot] = {}


def drop_snapshots() -> None:
    """Forget every kept snapshot: the next question reads the tree, the rules and the accounts again (as
    after a change set; the benchmark times that)."""
    _SNAPSHOTS.clear()


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
    rows = {i: (n, p) for i, n, p in _raw_rows(conn, select(d.c.id, d.c.name, d.c.parent_id))}
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


def _member_rows(conn: Connection) -> dict[int, ShownMember]:
    """Every active member with all its departments (the detailed answer and `explain` read them all)."""
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    depts_of: dict[int, list[int]] = {}
    for member, dept in _raw_rows(conn, select(links.c.member_id, links.c.dept_id)):
        known = depts_of.get(member)
        if known is None:
            depts_of[member] = [dept]
        else:
            known.append(dept)
    return {i: ShownMember(i, a, n, tuple(depts_of.get(i, ())))
            for i, a, n in _raw_rows(conn, select(m.c.id, m.c.account, m.c.name).where(m.c.status == "active"))}


def _raw_rows(conn: Connection, statement: Any) -> list[Any]:
    """All rows of a parameterless statement as the driver's tuples (no Row object for 100,000 rows)."""
    return _raw_sql(conn, str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))


def _raw_sql(conn: Connection, sql: str) -> list[Any]:
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _linked(conn: Connection, column: str, ids: Iterable[int]) -> list[tuple[int, int]]:
    """(member id, department id) links whose `column` ("member_id" or "dept_id") is one of `ids` (integers,
    written into the statement: compiling 900 literal binds costs more than the query)."""
    assert column in ("member_id", "dept_id")
    wanted = sorted({int(i) for i in ids})
    out: list[tuple[int, int]] = []
    for i in range(0, len(wanted), CHUNK):
        listed = ",".join(map(str, wanted[i:i + CHUNK]))
        out.extend(_raw_sql(conn, f"SELECT member_id, dept_id FROM member_departments WHERE {column} IN ({listed})"))
    return out


def _accounts(conn: Connection, statement: Any) -> list[str]:
    """The accounts one `SELECT account …` finds, in its order. On SQLite they come as one JSON array built by
    the database (json_group_array): no row object per member — half the time of fetching 100,000 rows."""
    if conn.dialect.name == "sqlite":
        inner = statement.subquery()
        value = conn.execute(select(func.json_group_array(inner.c.account))).scalar()
        return list(orjson.loads(value)) if value else []
    return [r[0] for r in _raw_rows(conn, statement)]


def _accounts_by_id(conn: Connection, ids: Iterable[int]) -> set[str]:
    """The accounts of these member ids (any status: the caller's set decides), a few queries of 900 ids."""
    m = tables.MEMBERS
    ordered = sorted(ids)
    found: set[str] = set()
    for i in range(0, len(ordered), CHUNK):
        found.update(_accounts(conn, select(m.c.account).where(m.c.id.in_(ordered[i:i + CHUNK]))))
    return found


def visible_accounts(conn: Connection, decision: Decision, parent: Mapping[int, int | None],
                     named: Mapping[int, tuple[str, str, tuple[int, ...]]], snap: Snapshot | None = None) -> list[str]:
    """Every shown member's account, sorted, in a few set-based queries whatever the organisation's size.

    From the department side, a member is shown when one of its departments is shown (or, without any, when
    nothing limits the viewer). When the shown departments are the smaller side, the accounts of their members
    are read (through the (dept_id, member_id) index); otherwise every active account is read once and the
    members none of whose departments is shown are taken out (found through the same index from the few
    departments not shown). Then the members a rule names (`named`: hidden, extra visible, the viewer) are
    decided one by one."""
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    shown = decision.shown
    not_shown = [d for d in parent if d not in shown]
    active = select(m.c.account).where(m.c.status == "active")
    lone = select(m.c.id).where(m.c.status == "active", ~sa_exists().where(links.c.member_id == m.c.id))
    found: list[str]
    gone: set[str] = set()  # accounts taken out
    if len(shown) <= len(not_shown):
        seen: set[str] = set()
        ordered = sorted(shown)
        for i in range(0, len(ordered), CHUNK):
            inside = select(links.c.member_id).where(links.c.dept_id.in_(ordered[i:i + CHUNK]))
            seen.update(_accounts(conn, active.where(m.c.id.in_(inside))))
        if decision.everything:  # members without a department are shown too
            seen.update(_accounts(conn, active.where(m.c.id.in_(lone))))
        found = list(seen)
    else:
        linked = snap.linked if snap is not None else _linked
        outside = {member for member, _d in linked(conn, "dept_id", not_shown)}
        out = set(outside)
        for member, dept in linked(conn, "member_id", outside):
            if dept in shown:
                out.discard(member)
        if not decision.everything:
            out.update(r[0] for r in _raw_rows(conn, lone))
        gone.update(snap.accounts_of(conn, out) if snap is not None else _accounts_by_id(conn, out))
        # every active account, sorted (from the change set's snapshot when given); filtered into a new list below
        found = snap.active_accounts(conn) if snap is not None else sorted(_accounts(conn, active))
    add: list[str] = []
    for ident, (account, _name, depts) in named.items():
        if decision.member_visible(ident, depts):
            add.append(account)
        else:
            gone.add(account)
    found = list(filterfalse(gone.__contains__, found)) if gone else list(found)
    if snap is None or len(shown) <= len(not_shown):
        found.sort()  # the department side's accounts come as a set
    for account in add:  # the few named members a rule shows, put in their place (`found` is sorted)
        at = bisect_left(found, account)
        if at == len(found) or found[at] != account:
            found.insert(at, account)
    return found


def _named_paths(decision: Decision, parent: Mapping[int, int | None],
                 named: Mapping[int, tuple[str, str, tuple[int, ...]]]) -> None:
    """An extra visible member (or the viewer) is drawn under its departments: their path is shown."""
    for ident, (_a, _n, depts) in named.items():
        if ident == decision.viewer or ident in decision.extra_members and decision.member_visible(ident, depts):
            decision.path |= _ancestors(parent, depts) - decision.shown


def decision_of(conn: Connection, account: str) -> tuple[tuple[int, str, list[int]], Snapshot, Decision,
                                                      dict[int, tuple[str, str, tuple[int, ...]]]] | None:
    """The viewer, the snapshot, the decision and the members its rules name (hidden, extra visible, the viewer
    itself); None for no such active member."""
    viewer = viewer_of(conn, account)
    if viewer is None:
        return None
    snap = snapshot(conn)
    decision = decide(snap.parent, snap.rules, viewer[0], viewer[2], snap.children)
    return viewer, snap, decision, snap.named(conn, {*decision.hidden_members, *decision.extra_members, viewer[0]})


def visible_to(conn: Connection, account: str, *, explain: bool = False,
               details: bool = False) -> VisibleAddressBook | None:
    """Exactly what this member's client may show: the departments and every shown account (with `details`
    each shown member's name and departments too, with `explain` each hidden item and the rule that hid it)."""
    decided = decision_of(conn, account)
    if decided is None:
        return None
    viewer, snap, decision, named = decided
    _named_paths(decision, snap.parent, named)
    folded = fold_account(account)
    if not (explain or details):
        accounts = visible_accounts(conn, decision, snap.parent, named, snap)
        return VisibleAddressBook(folded, viewer[1], decision, snap.paths, accounts, path_order=snap.path_order())
    shown, hidden = [], []
    for member in _member_rows(conn).values():
        if decision.member_visible(member.id, member.depts):
            shown.append(member)
        elif explain:
            hidden.append((member, decision.member_reason(member.id, member.depts) or Because("", "")))
    shown.sort(key=lambda s: s.account)
    hidden.sort(key=lambda h: h[0].account)
    return VisibleAddressBook(folded, viewer[1], decision, snap.paths, [s.account for s in shown],
                              shown if details else None, hidden if explain else None, snap.path_order())


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


def named_members(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, str, tuple[int, ...]]]:
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
    decided = decision_of(conn, account)
    if decided is None:
        return None
    viewer, snap, decision, named = decided
    form = compact_form(decision, snap.parent, snap.children, {i: m[2] for i, m in named.items()})
    return CompactAddressBook(fold_account(account), viewer[1], decision, form, snap.paths, named)


def ask(uow: UnitOfWork, account: str, *, actor: Actor, explain: bool = False,
        details: bool = False) -> VisibleAddressBook:
    """`visible_to` in a read of its own, for an administrator who may read the rules (settings.read; the API's
    app is a super administrator). A scoped administrator asks only about members in its departments and is
    answered only with its departments and their members (the rest of the address book stays out of its
    reach, as everywhere else). No such active member (or one out of scope) is a coded `member_not_found`."""
    actor.require("settings.read")
    with uow.read() as conn:
        check_asker(conn, actor, account)  # a scoped one: only about its own members
        scope = scope_closure(conn, actor.scope) if actor.scoped else None
        answer = visible_to(conn, account, explain=explain, details=details or scope is not None)
    if answer is None:
        raise NotFound("member_not_found", account=fold_account(account))
    return answer if scope is None else answer.within(scope)


def answer_json(uow: UnitOfWork, account: str, *, actor: Actor, summary: bool = False, explain: bool = False,
                details: bool = False) -> dict[str, Any]:
    """The answer as the CLI and the policy API give it: by default the documented shape (every department
    and every account the member's client may show); with `details` each shown member's name and departments
    too, with `explain` each hidden item with its rule; with `summary` the compact form instead (not for a
    scoped administrator: its subtrees would name departments outside its own)."""
    if summary and (explain or details):
        raise YouduError("usage", detail="--summary cannot be combined with --explain or --details")
    if not summary:
        return ask(uow, account, actor=actor, explain=explain, details=details).to_json(explain=explain,
                                                                                         details=details)
    actor.require("settings.read")
    if actor.scoped:
        raise YouduError("usage", detail="--summary is for administrators of the whole enterprise; "
                                         "a scoped administrator gets the full form, within its departments")
    with uow.read() as conn:
        answer = compact_visible_to(conn, account)
    if answer is None:
        raise NotFound("member_not_found", account=fold_account(account))
    return answer.to_json()
