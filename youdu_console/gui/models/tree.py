"""Department tree: a lazy QAbstractItemModel over a DepartmentSnapshot; children are made on expansion.

Drops of members (a move) and of departments (a move under, or a new sibling order) are not applied
here: the model reports them as signals and the panel plans, previews and applies the change set.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QObject, Qt, Signal

from youdu_console.gui.i18n import number, translate
from youdu_console.gui.loaders import DepartmentSnapshot
from youdu_console.gui.models.members import MEMBERS_MIME, accounts_from_mime
from youdu_console.gui.models.nodes import NodeTreeModel
from youdu_console.gui.models.rows import Index

DEPARTMENT_MIME = "application/x-youdu-department"
DEPT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
ENTERPRISE = 0  # the enterprise root row; its "path" is the top level


class _Node:
    __slots__ = ("dept_id", "parent", "children", "fetched", "row")

    def __init__(self, dept_id: int | None, parent: _Node | None, row: int) -> None:
        self.dept_id = dept_id
        self.parent = parent
        self.children: list[_Node] = []
        self.fetched = False
        self.row = row


class DepartmentTreeModel(NodeTreeModel):
    members_dropped = Signal(list, str)  # accounts, target department path
    department_dropped = Signal(str, str, int)  # department path, new parent path ("" = top), row (-1 = onto)

    def __init__(self, parent: QObject | None = None, *, show_enterprise: bool = True,
                 droppable: bool = False, counts: bool = True) -> None:
        super().__init__(parent)
        self.show_enterprise = show_enterprise
        self.droppable = droppable
        self.show_counts = counts
        self.snapshot = DepartmentSnapshot({}, {}, {}, 0)
        self._by_id: dict[int, _Node] = {}
        self._root = _Node(None, None, 0)
        self._build_root()

    # ------------------------------------------------------------------ our API
    def set_snapshot(self, snapshot: DepartmentSnapshot) -> None:
        self.beginResetModel()
        self.snapshot = snapshot
        self._build_root()
        self.endResetModel()

    def _build_root(self) -> None:
        for node in self._by_id.values():
            node.parent = None  # parent <-> children cycles: break them so refcounting frees old trees
            node.children = []
        self._root = _Node(None, None, 0)
        self._root.fetched = True
        self._by_id = {}
        if self._has_enterprise_row():
            ent = _Node(ENTERPRISE, self._root, 0)
            self._root.children = [ent]
        else:
            self._root.children = [self._make(d, self._root, i) for i, d in enumerate(self.snapshot.kids(None))]

    def _has_enterprise_row(self) -> bool:
        # A scoped administrator has no enterprise root: its subtrees are its top level.
        return self.show_enterprise and not self.snapshot.scoped

    def _make(self, dept_id: int, parent: _Node, row: int) -> _Node:
        node = _Node(dept_id, parent, row)
        self._by_id[dept_id] = node
        return node

    def _snapshot_kids(self, node: _Node) -> list[int]:
        if node.dept_id == ENTERPRISE:
            return self.snapshot.kids(None)
        if node.dept_id is None:
            return []
        return self.snapshot.kids(node.dept_id)

    def node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[no-any-return]

    def dept_id(self, index: Index) -> int | None:
        """The department's id, ENTERPRISE (0) for the enterprise row, None for no index."""
        return self.node(index).dept_id if index.isValid() else None

    def path(self, index: Index) -> str:
        d = self.dept_id(index)
        return self.snapshot.path(d) if d else ""

    def index_for(self, dept_id: int) -> QModelIndex:
        """The index of a department, fetching its ancestors' children on the way (for selection)."""
        if dept_id == ENTERPRISE and self._has_enterprise_row():
            return self.index(0, 0)
        if dept_id not in self.snapshot.views:
            return QModelIndex()
        chain: list[int] = []
        cur: int | None = dept_id
        while cur is not None and cur in self.snapshot.views:
            chain.append(cur)
            parent = self.snapshot.views[cur].parent_id
            cur = parent if parent in self.snapshot.views else None
        parent_index = self.index(0, 0) if self._has_enterprise_row() else QModelIndex()
        for d in reversed(chain):
            if self.canFetchMore(parent_index):
                self.fetchMore(parent_index)
            node = self._by_id.get(d)
            if node is None:
                return QModelIndex()
            parent_index = self.createIndex(node.row, 0, node)
        return parent_index

    def index_for_path(self, path: str) -> QModelIndex:
        d = self.snapshot.find(path)
        return self.index_for(d) if d is not None else QModelIndex()

    def retranslate(self) -> None:
        if self._has_enterprise_row():
            top = self.index(0, 0)
            self.dataChanged.emit(top, top)

    # ------------------------------------------------------------------ structure
    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        node = self.node(parent)
        if node.children:
            return True
        return not node.fetched and bool(self._snapshot_kids(node))

    def canFetchMore(self, parent: Index) -> bool:
        node = self.node(parent)
        return not node.fetched and bool(self._snapshot_kids(node))

    def fetchMore(self, parent: Index) -> None:
        node = self.node(parent)
        if node.fetched:
            return
        kids = self._snapshot_kids(node)
        node.fetched = True
        if not kids:
            return
        self.beginInsertRows(parent, 0, len(kids) - 1)
        node.children = [self._make(d, node, i) for i, d in enumerate(kids)]
        self.endInsertRows()

    # ------------------------------------------------------------------ data
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.node(index).dept_id
        if role == Qt.ItemDataRole.DisplayRole:
            if d == ENTERPRISE:
                name = translate("DepartmentTree", "All departments")
                return f"{name}({number(self.snapshot.total)})" if self.show_counts else name
            assert d is not None
            return self.snapshot.label(d) if self.show_counts else self.snapshot.views[d].name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.snapshot.path(d) if d else translate("DepartmentTree", "The whole enterprise")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == DEPT_ID_ROLE:
            return d
        if role == PATH_ROLE:
            return self.snapshot.path(d) if d else ""
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Dropping on the empty area below the tree means "to the top level".
            return Qt.ItemFlag.ItemIsDropEnabled if self.droppable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.droppable:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if self.node(index).dept_id != ENTERPRISE:
                flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def header_text(self) -> str:
        return translate("DepartmentTree", "Department")

    # ------------------------------------------------------------------ drag and drop
    def mimeTypes(self) -> list[str]:
        return [DEPARTMENT_MIME, MEMBERS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        paths = [self.path(i) for i in indexes if i.isValid() and self.dept_id(i)]
        mime = QMimeData()
        mime.setData(DEPARTMENT_MIME, json.dumps(paths[:1]).encode("utf-8"))
        mime.setText("\n".join(paths[:1]))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        if not self.droppable or action not in (Qt.DropAction.MoveAction, Qt.DropAction.CopyAction):
            return False
        if data.hasFormat(MEMBERS_MIME):
            # Members go into a real department, never "between" rows or onto the enterprise row.
            return bool(self.dept_id(parent)) and row == -1
        return data.hasFormat(DEPARTMENT_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if data.hasFormat(MEMBERS_MIME):
            accounts = accounts_from_mime(data)
            if accounts:
                self.members_dropped.emit(accounts, self.path(parent))
            return False  # nothing moves until the change set is applied; the view must not remove rows
        try:
            paths = json.loads(bytes(data.data(DEPARTMENT_MIME).data()).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return False
        if paths:
            self.department_dropped.emit(str(paths[0]), self.path(parent), row)
        return False
