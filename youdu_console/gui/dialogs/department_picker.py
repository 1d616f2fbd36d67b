"""Choose a department (迁移成员, a member's departments): the lazy tree in a small dialog."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.dialogs.common import RetranslateMixin, Texts, text_of
from youdu_console.gui.i18n import translate
from youdu_console.gui.loaders import DepartmentSnapshot
from youdu_console.gui.models.tree import DepartmentTreeModel


class DepartmentPickerDialog(RetranslateMixin, QDialog):
    department_chosen = Signal(str)  # the department's path

    def __init__(self, snapshot: DepartmentSnapshot, parent: QWidget | None = None, *, title: Texts = "",
                 prompt: Texts = "", current: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("department_picker")
        self._title = title
        self._prompt = prompt
        self.model = DepartmentTreeModel(self, show_enterprise=False, counts=True)
        self.model.set_snapshot(snapshot)
        self.label = QLabel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("department_picker_tree")
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self._accept())
        self.label.setBuddy(self.view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.resize(380, 480)
        if current:
            self.select(current)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(text_of(self._title) or translate("DepartmentPicker", "Choose a department"))
        self.label.setText(text_of(self._prompt) or translate("DepartmentPicker", "&Department:"))
        self.view.setAccessibleName(translate("DepartmentPicker", "Departments"))

    def select(self, path: str) -> None:
        index = self.model.index_for_path(path)
        if index.isValid():
            self.view.scrollTo(index)
            self.view.setCurrentIndex(index)

    def chosen_path(self) -> str:
        index: QModelIndex = self.view.currentIndex()
        return self.model.path(index) if index.isValid() else ""

    def _accept(self) -> None:
        path = self.chosen_path()
        if path:
            self.department_chosen.emit(path)
            self.accept()
