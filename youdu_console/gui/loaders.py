"""Qt-free loaders the window runs (often as jobs): plain snapshots read through the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from youdu_console.domain.model import DepartmentView
from youdu_console.gui.session import Session


@dataclass(frozen=True)
class DepartmentSnapshot:
    """Every department the administrator may see, with subtree member counts like 产品部(11)."""

    views: dict[int, DepartmentView]
    children: dict[int | None, list[int]]  # None: the top of what this administrator sees
    counts: dict[int, int]
    total: int
    scoped: bool = False
    paths: dict[str, int] = field(default_factory=dict)

    def kids(self, dept_id: int | None) -> list[int]:
        return self.children.get(dept_id, [])

    def path(self, dept_id: int) -> str:
        return self.views[dept_id].path

    def find(self, path: str) -> int | None:
        return self.paths.get(path.strip("/"))

    def label(self, dept_id: int) -> str:
        return f"{self.views[dept_id].name}({self.counts.get(dept_id, 0):,})"  # 12,345 in both languages (Qt-free here)


def load_departments(session: Session) -> DepartmentSnapshot:
    directory = session.directory
    views = directory.list_departments()  # tree order; a scoped administrator gets only its subtrees
    with session.uow.read() as conn:
        tree = directory.tree(conn)
        counts = directory.subtree_counts(conn, tree)
    by_id = {v.id: v for v in views}
    children: dict[int | None, list[int]] = {}
    for v in views:
        parent = v.parent_id if v.parent_id in by_id else None
        children.setdefault(parent, []).append(v.id)
    tops = children.get(None, [])
    if session.actor.scoped:
        total = sum(counts.get(d, 0) for d in tops)
    else:
        total = directory.count_members()["active"]
    return DepartmentSnapshot(by_id, children, counts, total, session.actor.scoped,
                              {v.path: v.id for v in views})


def department_paths(session: Session) -> dict[int, str]:
    """Department id → path, to show moves in previews by name instead of by id."""
    with session.uow.read() as conn:
        tree = session.directory.tree(conn)
        return {d: tree.path(d) for d in tree.nodes}
