"""The left side of 通讯录: search box and the lazy department tree with its context menu and drag and drop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from youdu_console.domain.validation import normalize_dept_name
from youdu_console.gui.dialogs.common import PromptDialog, RetranslateMixin, Texts, text_of
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.loaders import DepartmentSnapshot, load_departments
from youdu_console.gui.models.tree import ENTERPRISE, DepartmentTreeModel
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

SEARCH_DELAY_MS = 40  # long enough to skip the keystrokes of fast typing, short enough to feel immediate


def plan_sibling_order(host: MainWindow, path: str, position: int) -> ChangeSet:
    """Put department `path` at `position` among its siblings (the rule lives in DirectoryService)."""
    return host.session.directory.plan_reorder_department(path, position)


# Other areas add department actions here without this pane knowing them: make(pane) -> QAction | None.
MENU_EXTENSIONS: list[Callable[[DepartmentPane], QAction | None]] = []


class DepartmentPane(RetranslateMixin, QWidget):
    department_selected = Signal(int, str)  # id (0 = the enterprise row), path ("" at the top)
    snapshot_loaded = Signal()
    search_requested = Signal(str)  # "" when the search box is cleared

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.session = host.session
        self.writable = self.session.can("directory.write")
        self.snapshot = DepartmentSnapshot({}, {}, {}, 0)
        self.applying = False  # True while a new snapshot is put in place (selections are restored)
        self._generation = 0
        self._applied_generation = 0
        self._wanted_path = ""
        self.prompt: PromptDialog | None = None
        self.picker: DepartmentPickerDialog | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("directory_search")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_requested.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        # Ctrl+F anywhere in the address book goes to the search box (the panel adds the action to itself);
        # Esc in the box clears it, which brings the department back.
        self.find_action = QAction(self)
        self.find_action.setObjectName("action_find_member")
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.clear_search_action = QAction(self.search)
        self.clear_search_action.setObjectName("action_clear_search")
        self.clear_search_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_search_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_search_action.triggered.connect(self.clear_search)
        self.search.addAction(self.clear_search_action)
        self.model = DepartmentTreeModel(self, show_enterprise=True, droppable=self.writable)
        self.view = QTreeView(self)
        self.view.setObjectName("department_tree")
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        if self.writable:
            self.view.setDragEnabled(True)
            self.view.setAcceptDrops(True)
            self.view.setDropIndicatorShown(True)
            self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
            self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.department_dropped.connect(self.department_dropped)
        self._make_actions()
        self._update_enabled()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        """Esc: end the search at once (no debounce), back to the chosen department."""
        if self.search.text():
            self.search.clear()
            self._search_timer.stop()
            self.search_requested.emit("")

    # ------------------------------------------------------------------ actions
    def _action(self, name: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        action.setVisible(self.writable)
        return action

    def _make_actions(self) -> None:
        self.add_action = self._action("action_add_department", self.add_department, "Ins")
        self.rename_action = self._action("action_rename_department", self.rename_department, "F2")
        self.delete_action = self._action("action_delete_department", self.delete_department, "Del")
        self.move_action = self._action("action_move_department", self.move_department)
        self.up_action = self._action("action_department_up", lambda: self.shift(-1), "Ctrl+Up")
        self.down_action = self._action("action_department_down", lambda: self.shift(1), "Ctrl+Down")

    def retranslate(self) -> None:
        self.search.setPlaceholderText(translate("DepartmentPane", "Account / name / pinyin / mobile / e-mail"))
        self.search.setAccessibleName(translate("DepartmentPane", "Search the address book"))
        self.search.setToolTip(fill(translate("DepartmentPane", "Search the address book (%1); Esc clears the search"), self.find_action.shortcut().toString(
                                   QKeySequence.SequenceFormat.NativeText)))
        self.find_action.setText(translate("DepartmentPane", "&Find member"))
        self.clear_search_action.setText(translate("DepartmentPane", "Clear the search"))
        self.view.setAccessibleName(translate("DepartmentPane", "Departments"))
        self.add_action.setText(translate("DepartmentPane", "&Add sub-department…"))
        self.rename_action.setText(translate("DepartmentPane", "&Rename…"))
        self.delete_action.setText(translate("DepartmentPane", "&Delete department"))
        self.move_action.setText(translate("DepartmentPane", "&Move to…"))
        self.up_action.setText(translate("DepartmentPane", "Move &up"))
        self.down_action.setText(translate("DepartmentPane", "Move do&wn"))
        self.model.retranslate()

    def _context_menu(self, pos: QPoint) -> None:
        if not self.writable:
            return
        self.context_menu().popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("department_menu")
        for action in (self.add_action, self.rename_action, self.delete_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.move_action, self.up_action, self.down_action):
            menu.addAction(action)
        extra = [a for a in (make(self) for make in MENU_EXTENSIONS) if a is not None]
        if extra:  # other areas' department actions (群管理: create a department group)
            menu.addSeparator()
            for action in extra:
                menu.addAction(action)
        return menu

    def _update_enabled(self) -> None:
        # The enterprise row is the top level itself: it can get sub-departments but not be renamed or moved.
        real = bool(self.current_id())
        for action in (self.rename_action, self.delete_action, self.move_action, self.up_action, self.down_action):
            action.setEnabled(real)
        self.add_action.setEnabled(self.current_id() is not None)

    # ------------------------------------------------------------------ loading and selection
    @property
    def loading(self) -> bool:
        return self._generation != self._applied_generation

    def reload(self) -> None:
        """Read the tree and its counts as a job (0.5 s on 5,000 departments / 100,000 members)."""
        self._generation += 1
        generation, session = self._generation, self.session
        job = self.host.runner.submit(lambda progress, cancel: load_departments(session), show_progress=False)
        job.succeeded.connect(lambda snapshot: self._loaded(generation, snapshot))
        job.failed.connect(lambda exc: self._load_failed(generation, exc))

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._applied_generation = generation
            self.host.report_error(exc)

    def _loaded(self, generation: int, snapshot: DepartmentSnapshot) -> None:
        if generation != self._generation:
            return  # a newer reload is on its way; this snapshot is already stale
        expanded = self._expanded_ids()
        selected = self.current_id()
        self.applying = True
        try:
            self.snapshot = snapshot
            self.model.set_snapshot(snapshot)
            for d in expanded:
                index = self.model.index_for(d)
                if index.isValid():
                    self.view.expand(index)
            if not expanded and self.model.rowCount() == 1 and \
                    self.model.dept_id(self.model.index(0, 0)) == ENTERPRISE:
                self.view.expand(self.model.index(0, 0))
            wanted = snapshot.find(self._wanted_path) if self._wanted_path else None
            self._wanted_path = ""
            if wanted is not None:
                target: int | None = wanted
            elif selected is not None and (selected == ENTERPRISE or selected in snapshot.views):
                target = selected
            else:
                target = self._first_id()
            if target is not None:
                self.select_id(target)
        finally:
            self.applying = False
            self._applied_generation = generation
        self.snapshot_loaded.emit()

    def want_path(self, path: str) -> None:
        """Select `path` now, or as soon as the tree that has it arrives (a department just added)."""
        if self.loading:
            self._wanted_path = path
        else:
            self.select_path(path)

    def _first_id(self) -> int | None:
        """The first real department (under the enterprise row when there is one), else that row."""
        first = self.model.index(0, 0)
        if not first.isValid():
            return None
        if self.model.canFetchMore(first):
            self.model.fetchMore(first)  # the view fetches on its next layout; we need the rows now
        if self.model.dept_id(first) == ENTERPRISE and self.model.rowCount(first) > 0:
            return self.model.dept_id(self.model.index(0, 0, first))
        return self.model.dept_id(first)

    def _expanded_ids(self) -> list[int]:
        out: list[int] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                if self.view.isExpanded(index):
                    d = self.model.dept_id(index)
                    if d is not None:
                        out.append(d)
                    stack.append(index)
        return out

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.dept_id(index) if index.isValid() else None

    def current_path(self) -> str:
        return self.model.path(self.view.currentIndex())

    def select_id(self, dept_id: int) -> bool:
        index = self.model.index_for(dept_id)
        if not index.isValid():
            return False
        self.view.scrollTo(index)
        self.view.setCurrentIndex(index)
        return True

    def select_path(self, path: str) -> bool:
        d = self.snapshot.find(path)
        return d is not None and self.select_id(d)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_enabled()
        d = self.model.dept_id(current)
        if d is not None:
            self.department_selected.emit(d, self.model.path(current))

    # ------------------------------------------------------------------ department changes
    def add_department(self) -> None:
        parent = self.current_path()
        self._prompt(lambda: translate("DepartmentPane", "Add sub-department"),
                     lambda: fill(translate("DepartmentPane", "Name of the new department under %1:"), parent or translate("DepartmentPane", "the top level")), "",
                     lambda name: self._plan_add(parent, name),
                     select_new=lambda name: f"{parent}/{name.strip()}" if parent else name.strip())

    def _plan_add(self, parent: str, name: str) -> ChangeSet:
        # The prompt asks for one name: a "/" is refused as a name, never read as a path.
        name = normalize_dept_name(name)
        return self.session.directory.plan_add_department(f"{parent}/{name}" if parent else name)

    def rename_department(self) -> None:
        path = self.current_path()
        if not path:
            return
        self._prompt(lambda: translate("DepartmentPane", "Rename department"),
                     lambda: fill(translate("DepartmentPane", "New name of %1:"), path),
                     path.rsplit("/", 1)[-1], lambda name: self.session.directory.plan_rename_department(path, name))

    def _prompt(self, title: Texts, label: Texts, text: str, plan: object, select_new: object = None) -> None:
        """Ask for a name; the plan's refusal shows in the prompt, which stays open until it is fixed."""
        dialog = PromptDialog(self, title, label, text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def submit(name: str) -> None:
            try:
                cs = plan(name)  # type: ignore[operator]
            except Exception as exc:  # noqa: BLE001 - every refusal is shown beside the field
                dialog.set_error(error_text(exc))
                return
            if cs.is_empty:
                dialog.accept()
                return

            def applied(_cs: ChangeSet) -> None:
                dialog.accept()
                if select_new:
                    self.want_path(select_new(name))  # type: ignore[operator]

            self.host.apply_planned(cs, title=text_of(title), preview=False, on_applied=applied,
                                    on_failed=lambda exc: dialog.set_error(error_text(exc)))

        dialog.text_accepted.connect(submit)
        self.prompt = dialog
        dialog.open()

    def delete_department(self) -> None:
        path = self.current_path()
        if path:
            self.host.run_change(lambda: self.session.directory.plan_delete_department(path),
                                 title=translate("DepartmentPane", "Delete department"))

    def move_department(self) -> None:
        path = self.current_path()
        if not path:
            return
        self.picker = DepartmentPickerDialog(self.snapshot, self, title=lambda: translate("DepartmentPane", "Move department"),
                                             prompt=lambda: fill(translate("DepartmentPane", "Move %1 under:"), path))
        self.picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.picker.department_chosen.connect(lambda target: self.department_dropped(path, target, -1))
        self.picker.open()

    def department_dropped(self, path: str, new_parent: str, row: int) -> None:
        """Onto a department: move under it. Between siblings of the same parent: a new sibling order."""
        current_parent = path.rsplit("/", 1)[0] if "/" in path else ""
        directory = self.session.directory
        if row >= 0 and new_parent == current_parent:
            self.host.run_change(lambda: plan_sibling_order(self.host, path, row),
                                 title=translate("DepartmentPane", "Department order"), preview=False)
            return
        if new_parent == current_parent:
            return
        self.host.run_change(lambda: directory.plan_move_department(path, new_parent or None),
                             title=translate("DepartmentPane", "Move department"))

    def shift(self, step: int) -> None:
        path = self.current_path()
        index = self.view.currentIndex()
        if not path or not index.isValid():
            return
        position = index.row() + (step if step < 0 else step + 1)
        if position < 0 or position > self.model.rowCount(index.parent()):
            return
        self.host.run_change(lambda: plan_sibling_order(self.host, path, position),
                             title=translate("DepartmentPane", "Department order"), preview=False)
