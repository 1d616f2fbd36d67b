"""通讯录 → 通讯录: the department tree on the left, the selected department's members on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QWidget

from youdu_console.gui.i18n import fill, number, translate
from youdu_console.gui.models.members import PAGE
from youdu_console.gui.models.tree import ENTERPRISE
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.widgets.department_pane import DepartmentPane
from youdu_console.gui.widgets.member_pane import MemberPane

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

FIRST_PAGE = PAGE  # rows read before the table first shows; the rest as the table scrolls


class DirectoryPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.departments = DepartmentPane(host, self)
        self.members = MemberPane(host, lambda: self.departments.snapshot, self)
        self._dept_id: int | None = None
        # The manual puts 添加子部门 / 修改名称 / 删除部门 beside the department's title.
        self.dept_buttons: list[QPushButton] = []
        for action in (self.departments.add_action, self.departments.rename_action, self.departments.delete_action):
            button = QPushButton(self)
            button.setObjectName(f"button_{action.objectName().removeprefix('action_')}")
            button.clicked.connect(action.trigger)
            button.setVisible(action.isVisible())
            button.setEnabled(action.isEnabled())
            action.enabledChanged.connect(button.setEnabled)
            self.members.dept_buttons.addWidget(button)
            self.dept_buttons.append(button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("directory_splitter")
        splitter.addWidget(self.departments)
        splitter.addWidget(self.members)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.departments.department_selected.connect(self._department_selected)
        self.departments.snapshot_loaded.connect(self._snapshot_loaded)
        self.departments.search_requested.connect(self.search)
        self.departments.model.members_dropped.connect(self.members.move_to)
        self.members.status_filter_changed.connect(lambda _s: self.show_current())
        self.members.subdepartments_toggled.connect(lambda _on: self.show_current())
        self.members.reload_requested.connect(self.show_current)
        # The member actions' shortcuts work anywhere in the address book, the tree included.
        for action in (*self.members.all_actions(), self.departments.find_action):
            self.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        texts = (translate("DirectoryPanel", "Add sub-department"), translate("DirectoryPanel", "Rename"), translate("DirectoryPanel", "Delete department"))
        for button, text in zip(self.dept_buttons, texts, strict=True):
            button.setText(text)
            button.setAccessibleName(text)
        if self._dept_id == ENTERPRISE and not self.members.search_text:
            self.show_current()

    def reload(self) -> None:
        self.departments.reload()  # a job; the members follow when the tree has arrived

    def _snapshot_loaded(self) -> None:
        self._dept_id = self.departments.current_id()
        self.show_current()

    def _department_selected(self, dept_id: int, path: str) -> None:
        self._dept_id = dept_id
        if self.departments.applying:
            return  # the snapshot is being put in place; the members follow once it is
        if self.departments.search.text().strip():
            self.departments.search.clear()  # choosing a department ends the search
        self.show_current()

    def show_current(self) -> None:
        """The chosen department's members (its sub-departments' too unless the toggle is off), or on
        全部部门 every member: ids of the whole list at once (the true count), rows a page at a time."""
        if self.members.search_text or self.departments.search.text().strip():
            self.search(self.departments.search.text().strip())
            return
        d = self._dept_id
        snapshot = self.departments.snapshot
        status = self.members.status_filter()
        directory, wanted = self.session.directory, None if status == "all" else status
        if d is None or d == ENTERPRISE or d not in snapshot.views:
            ids = directory.member_ids(status=wanted)
            title = fill(translate("DirectoryPanel", "All departments(%1)"), number(len(ids)))
            self.members.show_list(title, ids, directory.members_by_ids, department="")
            self.members.title.setToolTip(translate("DirectoryPanel", "Every member; choose a department to see "
                                                                      "its members only, or search."))
            return
        path = snapshot.path(d)
        ids = directory.member_ids(path, recursive=self.members.include_subdepartments(), status=wanted)
        self.members.show_list(f"{snapshot.views[d].name}({len(ids)})", ids, directory.members_by_ids,
                               department=path)
        self.members.title.setToolTip(path)

    def search(self, text: str) -> None:
        if not text:
            self.members.search_text = ""
            self.show_current()
            return
        status = self.members.status_filter()
        directory = self.session.directory
        ids = directory.member_ids(search=text, status=None if status == "all" else status)
        title = fill(translate("DirectoryPanel", "Search “%1”: %2 found"), text, str(len(ids)))
        self.members.show_list(title, ids, directory.members_by_ids, department=self.departments.current_path(),
                               search=text)


register(PanelSpec("通讯录/通讯录", "directory/members", QT_TRANSLATE_NOOP("Panels", "Address book"), 10,
                   DirectoryPanel, lambda s: s.can("directory.read")))
