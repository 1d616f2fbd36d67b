"""Tick the OUs and people an LDAP sync covers (manual 4.5): the directory's tree, read one level at a time.

Each level is read from the server only when it is expanded (a browse job), and a level of thousands of
people is shown a page at a time as the view scrolls (Qt's fetchMore), so opening the picker on a large
Active Directory costs one small search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.jobs import JobSignals
from youdu_console.gui.models.nodes import NodeTreeModel
from youdu_console.gui.models.rows import Index
from youdu_console.interchange.ldap.dn import dn_key, is_within
from youdu_console.interchange.ldap.search import BrowseNode

PAGE = 200  # rows added per fetchMore: a screenful or three
DN_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
Loader = Callable[[str], JobSignals]  # dn → a browse job whose result is list[BrowseNode]


class _Node:
    __slots__ = ("dn", "key", "name", "kind", "account", "parent", "children", "pending", "state", "row")

    def __init__(self, dn: str, name: str, kind: str, parent: _Node | None, row: int, account: str = "") -> None:
        self.dn = dn
        self.key = dn_key(dn) if dn else ""
        self.name = name
        self.kind = kind  # root | base | ou | container | user
        self.account = account
        self.parent = parent
        self.children: list[_Node] = []
        self.pending: list[BrowseNode] = []  # read from the server, not yet shown
        self.state = "unloaded"  # unloaded | loading | loaded | failed
        self.row = row

    @property
    def expandable(self) -> bool:
        return self.kind not in ("user", "root")


class LdapTreeModel(NodeTreeModel):
    """The base DN at the top; OUs and containers tick as "everything below", people tick one by one."""

    load_failed = Signal(object)  # the exception a browse job failed with
    level_loaded = Signal(str)  # the DN whose children arrived

    def __init__(self, base_dn: str, loader: Loader, *, selected_ous: Iterable[str] = (),
                 selected_users: Iterable[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self._root = _Node("", "", "root", None, 0)
        self._root.state = "loaded"
        self.base = _Node(base_dn, base_dn, "base", self._root, 0)
        self._root.children = [self.base]
        self._ous = {dn_key(d): d for d in selected_ous}
        self._users = {dn_key(d): d for d in selected_users}
        self.jobs: list[JobSignals] = []

    # ------------------------------------------------------------------ the selection
    @property
    def selected_ous(self) -> list[str]:
        return sorted(self._ous.values(), key=str.lower)

    @property
    def selected_users(self) -> list[str]:
        return sorted(self._users.values(), key=str.lower)

    def _implied(self, node: _Node) -> bool:
        """Ticked because an OU above it is: the OU's subtree is synced whole."""
        return any(is_within(node.key, k) and node.key != k for k in self._ous)

    def _state(self, node: _Node) -> Qt.CheckState:
        if node.key in self._ous or node.key in self._users or self._implied(node):
            return Qt.CheckState.Checked
        # Something below is ticked, perhaps in a level not read yet: say so.
        if any(is_within(k, node.key) for k in (*self._ous, *self._users)):
            return Qt.CheckState.PartiallyChecked
        return Qt.CheckState.Unchecked

    def set_checked(self, index: Index, checked: bool) -> bool:
        node = self.node(index)
        if node.kind in ("root", "base") or self._implied(node):
            return False
        chosen = self._users if node.kind == "user" else self._ous
        if checked:
            chosen[node.key] = node.dn
            if node.kind != "user":  # the OU now covers them: keep the selection minimal
                for mine in (self._ous, self._users):
                    for k in [k for k in mine if k != node.key and is_within(k, node.key)]:
                        del mine[k]
        else:
            chosen.pop(node.key, None)
        self._changed_all()
        return True

    def clear(self) -> None:
        """Untick everything, also what is no longer in the directory (and so cannot be shown to untick)."""
        self._ous.clear()
        self._users.clear()
        self._changed_all()

    def _changed_all(self) -> None:
        """Tick states depend on ancestors and descendants: refresh every row that is shown."""
        stack = [self._root]
        while stack:
            node = stack.pop()
            if node.children:
                first = self.createIndex(0, 0, node.children[0])
                last = self.createIndex(len(node.children) - 1, 0, node.children[-1])
                self.dataChanged.emit(first, last, [Qt.ItemDataRole.CheckStateRole])
                stack.extend(node.children)

    # ------------------------------------------------------------------ lookups
    def node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[no-any-return]

    def index_of_dn(self, dn: str) -> QModelIndex:
        """The index of a DN among the rows shown so far (invalid when its level is not shown yet)."""
        key = dn_key(dn)
        stack = [self._root]
        while stack:
            node = stack.pop()
            for child in node.children:
                if child.key == key:
                    return self.createIndex(child.row, 0, child)
                if is_within(key, child.key):
                    stack.append(child)
        return QModelIndex()

    def loading(self) -> bool:
        return any(not j.done for j in self.jobs)

    # ------------------------------------------------------------------ structure
    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        node = self.node(parent)
        if node.children or node.pending:
            return True
        return node.expandable and node.state in ("unloaded", "loading")

    def canFetchMore(self, parent: Index) -> bool:
        node = self.node(parent)
        return bool(node.pending) or (node.expandable and node.state == "unloaded")

    def fetchMore(self, parent: Index) -> None:
        node = self.node(parent)
        if node.pending:
            self._show_page(node)
        elif node.expandable and node.state == "unloaded":
            node.state = "loading"
            job = self.loader(node.dn)
            self.jobs.append(job)
            job.succeeded.connect(lambda children, node=node: self._loaded(node, children))
            job.failed.connect(lambda exc, node=node: self._failed(node, exc))
            job.cancelled.connect(lambda node=node: self._failed(node, None))

    def _index_of(self, node: _Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)

    def _loaded(self, node: _Node, children: list[BrowseNode]) -> None:
        if not isValid(self):
            return  # the picker was closed while the level was being read
        node.state = "loaded"
        node.pending = list(children)
        if node.pending:
            self._show_page(node)
        else:  # an empty OU: its expand arrow goes away
            index = self._index_of(node)
            self.dataChanged.emit(index, index)
        self.level_loaded.emit(node.dn)

    def _failed(self, node: _Node, exc: BaseException | None) -> None:
        if not isValid(self):
            return
        node.state = "unloaded"  # expanding it again tries again
        index = self._index_of(node)
        self.dataChanged.emit(index, index)
        if exc is not None:
            self.load_failed.emit(exc)

    def _show_page(self, node: _Node) -> None:
        page, node.pending = node.pending[:PAGE], node.pending[PAGE:]
        first = len(node.children)
        self.beginInsertRows(self._index_of(node), first, first + len(page) - 1)
        node.children.extend(_Node(b.dn, b.name, b.kind, node, first + i, b.account) for i, b in enumerate(page))
        self.endInsertRows()

    # ------------------------------------------------------------------ data
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            if node.state == "loading" and node.kind == "base":
                return f"{node.name} " + translate("LdapPicker", "(reading…)")
            return f"{node.name} ({node.account})" if node.account and node.account != node.name else node.name
        if role == Qt.ItemDataRole.ToolTipRole or role == DN_ROLE:
            return node.dn
        if role == KIND_ROLE:
            return node.kind
        if role == Qt.ItemDataRole.CheckStateRole and node.kind != "base":
            return self._state(node)
        if role == Qt.ItemDataRole.DecorationRole:
            style = QApplication.style()
            icon = {"user": QStyle.StandardPixmap.SP_FileIcon, "base": QStyle.StandardPixmap.SP_DriveNetIcon}.get(
                node.kind, QStyle.StandardPixmap.SP_DirIcon)
            return style.standardIcon(icon) if style is not None else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        return self.set_checked(index, state == Qt.CheckState.Checked.value)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        node = self.node(index)
        if node.kind != "base" and not self._implied(node):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if not node.expandable:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def header_text(self) -> str:
        return translate("LdapPicker", "Directory")


class LdapPickerDialog(RetranslateMixin, QDialog):
    """Non-blocking: `selection_chosen(ous, users)` when the administrator confirms (确定)."""

    selection_chosen = Signal(list, list)

    def __init__(self, base_dn: str, loader: Loader, *, selected_ous: Iterable[str] = (),
                 selected_users: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ldap_picker")
        self.model = LdapTreeModel(base_dn, loader, selected_ous=selected_ous, selected_users=selected_users,
                                   parent=self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.view = QTreeView(self)
        self.view.setObjectName("ldap_picker_tree")
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)  # with fetchMore paging, scrolling stays cheap on big levels
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.model)
        self.error = QLabel(self)
        self.error.setObjectName("ldap_picker_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e5534b")
        self.summary = QLabel(self)
        self.summary.setObjectName("ldap_picker_summary")
        self.model.load_failed.connect(lambda exc: self.error.setText(error_text(exc)))
        self.model.dataChanged.connect(lambda *_: self._show_summary())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.clear_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setObjectName("ldap_picker_clear")
        self.clear_button.clicked.connect(self.model.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(520, 560)
        self.view.expand(self.model.index(0, 0))  # the base DN's level is read at once
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("LdapPicker", "Choose the departments and people to sync"))
        self.intro.setText(translate("LdapPicker", "Tick an OU to sync it with everything below it, or tick people "
                                     "one by one. With nothing ticked, everything under the base DN is synced."))
        self.view.setAccessibleName(translate("LdapPicker", "Directory tree"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("LdapPicker", "OK, sync now"))
        self.clear_button.setText(translate("LdapPicker", "&Untick all"))
        self._show_summary()

    def _show_summary(self) -> None:
        ous, users = self.model.selected_ous, self.model.selected_users
        if not ous and not users:
            self.summary.setText(translate("LdapPicker", "Nothing ticked: everything under the base DN."))
        else:
            n_ous, n_people = len(ous), len(users)  # (lupdate reads plain names only)
            self.summary.setText(fill(translate("LdapPicker", "Ticked: %1 and %2."),
                                      translate("LdapPicker", "%n OU(s)", None, n_ous),
                                      translate("LdapPicker", "%n person(s)", None, n_people)))

    def expand_dn(self, dn: str) -> bool:
        """Expand a row that is shown (its level is then read); False when it is not shown yet."""
        index = self.model.index_of_dn(dn)
        if index.isValid():
            self.view.expand(index)
        return index.isValid()

    def _accept(self) -> None:
        self.selection_chosen.emit(self.model.selected_ous, self.model.selected_users)
        self.accept()
