"""The department tree in memory: paths, children, subtrees — loaded in one query, cached until departments change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from youdu_console.domain.collation import collation_key
from youdu_console.domain.errors import NotFound
from youdu_console.domain.validation import split_path

if TYPE_CHECKING:
    from sqlalchemy import Connection

# The loaders below import SQLAlchemy and the tables when called: the tree itself (paths) serves the quick
# read (services.quick_read), which never loads SQLAlchemy.


@dataclass
class DeptNode:
    id: int
    gid: str
    name: str
    parent_id: int | None
    sort: int
    alias: str | None
    version: int
    children: list[int] = field(default_factory=list)


class DeptTree:
    def __init__(self, nodes: list[DeptNode], *, ordered: bool = True) -> None:
        """`ordered=False` leaves children in id order: for a partial tree that only answers paths, which then
        need not load the pinyin table the natural order reads (a third of `member show`'s own work)."""
        self.nodes: dict[int, DeptNode] = {n.id: n for n in nodes}
        self.roots: list[int] = []
        self.by_alias: dict[str, int] = {}
        for n in nodes:
            if n.alias:
                self.by_alias[n.alias] = n.id
            if n.parent_id is None or n.parent_id not in self.nodes:
                self.roots.append(n.id)
            else:
                self.nodes[n.parent_id].children.append(n.id)
        if ordered:
            key = self._sort_key
            self.roots.sort(key=key)
            for n in nodes:
                n.children.sort(key=key)
        self._paths: dict[int, str] = {}
        self._by_path: dict[str, int] | None = None

    def _sort_key(self, dept_id: int) -> tuple[int, str, str, int]:
        # Larger `sort` first, like weights; equal ones in natural order (三部 before 七部, 第2组 before
        # 第10组, pinyin for Chinese), then by the name's code points, then by age (id).
        n = self.nodes[dept_id]
        return (-n.sort, collation_key(n.name), n.name, n.id)

    def path(self, dept_id: int) -> str:
        cached = self._paths.get(dept_id)
        if cached is not None:
            return cached
        parts = []
        cur: int | None = dept_id
        seen = set()
        while cur is not None and cur in self.nodes and cur not in seen:
            seen.add(cur)
            parts.append(self.nodes[cur].name)
            cur = self.nodes[cur].parent_id
        path = "/".join(reversed(parts))
        self._paths[dept_id] = path
        return path

    def depth(self, dept_id: int) -> int:
        """1 for a top-level department, 2 for its children, …"""
        depth = 0
        cur: int | None = dept_id
        while cur is not None and cur in self.nodes and depth <= len(self.nodes):
            depth += 1
            cur = self.nodes[cur].parent_id
        return depth

    def height(self, dept_id: int) -> int:
        """Levels in the subtree of `dept_id`, itself included (1 for a department without children)."""
        best = 0
        stack = [(dept_id, 1)]
        while stack:
            d, level = stack.pop()
            best = max(best, level)
            stack.extend((c, level + 1) for c in self.nodes[d].children)
        return best

    def lookup(self, path: str) -> int | None:
        if self._by_path is None:
            self._by_path = {self.path(i): i for i in self.nodes}
        return self._by_path.get("/".join(split_path(path)))

    def find(self, path: str) -> int:
        found = self.lookup(path)
        if found is None:
            raise NotFound("dept_not_found", path=path)
        return found

    def child_named(self, parent_id: int | None, name: str) -> int | None:
        siblings = self.roots if parent_id is None else self.nodes[parent_id].children
        for c in siblings:
            if self.nodes[c].name == name:
                return c
        return None

    def subtree(self, dept_id: int) -> list[int]:
        out = []
        stack = [dept_id]
        while stack:
            d = stack.pop()
            out.append(d)
            stack.extend(reversed(self.nodes[d].children))
        return out

    def preorder(self, start: list[int] | None = None) -> list[int]:
        out: list[int] = []
        for r in start if start is not None else self.roots:
            out.extend(self.subtree(r))
        return out

    def is_within(self, dept_id: int, ancestor_id: int) -> bool:
        cur: int | None = dept_id
        while cur is not None:
            if cur == ancestor_id:
                return True
            cur = self.nodes[cur].parent_id if cur in self.nodes else None
        return False


# A counter in id_blocks that every change set touching departments moves on, in its own transaction (see
# `bump_stamp`): so a process notices another process's change to the tree, and a change set that touches no
# department (a burst of member creates) leaves the tree cached. id_blocks because every login that may write
# departments (super and scoped) may already update it on a secured server.
STAMP_BLOCK = "departments"
# The entities whose rows the tree is made of.
TREE_ENTITIES = frozenset({"department"})
# Trees read from the database by `load_tree` in this process (tests count them).
STATS = {"loads": 0}

_CACHE: dict[str, tuple[tuple[int, ...], DeptTree]] = {}


def bump_stamp(conn: Connection) -> None:
    """Move the departments' stamp on, inside the caller's (change set's) transaction.

    The change engine calls it before its first write and again after its last one, so a tree read inside
    the transaction (under the first value) is never taken for the committed one, and a rolled-back change
    set leaves the stamp where it was.
    """
    from sqlalchemy import update

    from youdu_console.store import tables

    ids = tables.ID_BLOCKS
    conn.execute(update(ids).where(ids.c.name == STAMP_BLOCK).values(next_id=ids.c.next_id + 1))


def tree_stamp(conn: Connection) -> tuple[int, ...]:
    """What the cached tree is keyed by: the departments' stamp, one indexed read.

    A database without the stamp's row (not yet upgraded to 0016) falls back to the newest change set and the
    number of departments: any change set then reloads the tree, as before the stamp."""
    from sqlalchemy import func, select

    from youdu_console.store import tables

    ids = tables.ID_BLOCKS
    found = conn.execute(select(ids.c.next_id).where(ids.c.name == STAMP_BLOCK)).scalar()
    if found is not None:
        return (int(found),)
    newest = conn.execute(select(func.max(tables.CHANGE_SETS.c.id))).scalar() or 0
    count = conn.execute(select(func.count()).select_from(tables.DEPARTMENTS)).scalar() or 0
    return (-1, int(newest), int(count))


def load_tree(conn: Connection, cache_key: str = "") -> DeptTree:
    """The whole tree; reused while no change set has touched a department since (every write is a change set,
    and each one that adds, renames, moves, re-sorts or deletes a department moves the stamp on)."""
    from sqlalchemy import select

    from youdu_console.store import tables

    stamp = tree_stamp(conn)  # before the rows: a change committed in between makes the next read reload
    if cache_key:  # one cache per database, whatever the caller calls it
        cache_key = f"{conn.engine.url.render_as_string(hide_password=True)}#{cache_key}"
    hit = _CACHE.get(cache_key)
    if cache_key and hit and hit[0] == stamp:
        return hit[1]
    t = tables.DEPARTMENTS
    rows = conn.execute(select(t.c.id, t.c.gid, t.c.name, t.c.parent_id, t.c.sort, t.c.alias, t.c.version)).all()
    tree = DeptTree([DeptNode(*r) for r in rows])
    STATS["loads"] += 1
    if cache_key:
        _CACHE[cache_key] = (stamp, tree)
    return tree


def is_cached(cache_key: str) -> bool:
    """Whether this process holds a tree for the database (it is refreshed by `load_tree` when stale)."""
    return bool(cache_key) and cache_key in _CACHE


def load_branches(conn: Connection, dept_ids: set[int]) -> DeptTree:
    """Only the given departments and their ancestors: enough for their paths (siblings are not in order).

    One short indexed query per level, instead of reading every department (5,000 of them cost a one-off
    command such as `member show` more than the rest of its work).
    """
    from sqlalchemy import select

    from youdu_console.store import tables

    t = tables.DEPARTMENTS
    cols = (t.c.id, t.c.gid, t.c.name, t.c.parent_id, t.c.sort, t.c.alias, t.c.version)
    rows: dict[int, DeptNode] = {}
    wanted = set(dept_ids)
    while wanted:
        found = conn.execute(select(*cols).where(t.c.id.in_(sorted(wanted)))).all()
        rows.update((r.id, DeptNode(*r)) for r in found)
        wanted = {r.parent_id for r in found if r.parent_id is not None} - rows.keys()
    return DeptTree(list(rows.values()), ordered=False)
