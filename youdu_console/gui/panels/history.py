"""管理工具 → 变更历史: the journal of change sets, each one's operations, and undo of any of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget

from youdu_console.gui.i18n import current_lang, translate
from youdu_console.gui.models.lists import ChangeListModel, OperationsModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services import changes

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow



class HistoryPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.model = ChangeListModel(self)
        self.view = list_view(self, "history_table", multi=False)
        self.view.setModel(self.model)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.operations = OperationsModel(self, host.dept_paths)
        self.operations_view = list_view(self, "history_operations", sortable=False)
        self.operations_view.setModel(self.operations)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.limit_label = QLabel(self)
        self.limit = QSpinBox(self)
        self.limit.setObjectName("history_limit")
        self.limit.setRange(10, 10_000)
        self.limit.setValue(200)
        self.limit_label.setBuddy(self.limit)
        self.limit.editingFinished.connect(self.refresh)
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("history_undo")
        self.undo_button.clicked.connect(self.undo_selected)
        self.undo_button.setVisible(self.session.can("changes.undo"))
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("history_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.limit_label)
        bar.addWidget(self.limit)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.refresh_button)
        self.details = QLabel(self)
        self.details.setObjectName("history_details")
        self.details.setWordWrap(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        lower_layout.addWidget(self.operations_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setSizes([400, 250])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        self.title.setText(translate("HistoryPanel", "Change history"))
        self.limit_label.setText(translate("HistoryPanel", "&Show the latest:"))
        self.limit.setAccessibleName(translate("HistoryPanel", "How many change sets to show"))
        self.undo_button.setText(translate("HistoryPanel", "&Undo selected"))
        self.undo_button.setAccessibleName(translate("HistoryPanel", "Undo the selected change set"))
        self.refresh_button.setText(translate("HistoryPanel", "&Refresh"))
        self.view.setAccessibleName(translate("HistoryPanel", "Change sets"))
        self.operations_view.setAccessibleName(translate("HistoryPanel", "Operations of the selected change set"))
        self.model.retranslate()
        self.operations.retranslate()

    def reload(self) -> None:
        selected = self.selected_id()
        self.model.set_rows(changes.list_changes(self.session.uow, self.session.actor, self.limit.value(), current_lang()))
        self.view.resizeColumnsToContents()
        if selected is not None and self.model.row_of(selected) is not None:
            self.select_id(selected)
        elif self.model.rowCount():
            self.select_id(self.model.key_at(0))  # the newest, with its operations below
        else:
            self.operations.set_operations([])
            self.details.clear()
        self._update_enabled()

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(self.model.key_at(index.row())) if index.isValid() else None

    def select_id(self, change_id: int) -> None:
        row = self.model.row_of(change_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.selectRow(row)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_enabled()
        if not current.isValid():
            return
        data = changes.show(self.session.uow, self.session.actor, int(self.model.key_at(current.row())), current_lang())
        self.operations.set_operations(data["operations"])
        self.operations_view.resizeColumnsToContents()
        self.details.setText(f"#{data['id']} {data.get('description') or data['kind']} — {data['actor']}")

    def _update_enabled(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        # An undo can itself be undone (a redo); a change set already undone cannot be undone twice.
        self.undo_button.setEnabled(row is not None and not row["undone_by"])

    def undo_selected(self) -> None:
        change_id = self.selected_id()
        if change_id is not None:
            self.host.undo_change(change_id)


register(PanelSpec("管理工具/变更历史", "tools/history", QT_TRANSLATE_NOOP("Panels", "Change history"), 200,
                   HistoryPanel, lambda s: s.can("changes.read")))
