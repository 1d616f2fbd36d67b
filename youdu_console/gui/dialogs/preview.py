"""Change-set preview (DESIGN §3 step 2): what will be added, changed, moved, resigned or deleted, then apply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.i18n import current_lang, fill, translate
from youdu_console.gui.models.lists import ErrorsModel, OperationsModel, summary_text
from youdu_console.services.changes import ChangeSet


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class ChangeSetPreviewDialog(RetranslateMixin, QDialog):
    """Shows a planned change set; Apply accepts the dialog (the caller then applies it as a job)."""

    def __init__(self, cs: ChangeSet, parent: QWidget | None = None,
                 dept_paths: Callable[[], Mapping[int, str]] | None = None, *, applied: bool = False,
                 data: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_dialog")
        self.change_set = cs
        # `data` is cs.to_dict(), made on the job thread for big sets (an import's 100,000 operations).
        data = data if data is not None else cs.to_dict()
        self._summary = data["summary"]
        self.description = QLabel(self)
        self.description.setObjectName("preview_description")
        self.description.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("preview_summary")
        self.operations = OperationsModel(self, dept_paths)
        self.operations.set_operations(data["operations"])
        self.operations_view = _table(self, "preview_operations")
        self.operations_view.setModel(self.operations)
        self.errors_label = QLabel(self)
        self.errors = ErrorsModel(self)
        self.errors.set_errors(cs.errors)
        self.errors_view = _table(self, "preview_errors")
        self.errors_view.setModel(self.errors)
        self.errors_label.setVisible(bool(cs.errors))
        self.errors_view.setVisible(bool(cs.errors))
        self.buttons = QDialogButtonBox(self)
        self.apply_button: QPushButton | None = None
        if not applied:
            self.apply_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
            self.apply_button.setObjectName("preview_apply")
            self.apply_button.setEnabled(bool(cs.operations))
            self.apply_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("preview_cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.description)
        layout.addWidget(self.summary)
        layout.addWidget(self.operations_view, 3)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_view, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("PreviewDialog", "Review changes"))
        self.description.setText(self.change_set.describe(current_lang()))
        self.summary.setText(fill(translate("PreviewDialog", "Will change: %1"), summary_text(self._summary)))
        self.errors_label.setText(translate("PreviewDialog", "Errors (these entries will not be changed):"))
        if self.apply_button is not None:
            self.apply_button.setText(translate("PreviewDialog", "&Apply"))
            self.apply_button.setAccessibleName(translate("PreviewDialog", "Apply the changes"))
        self.cancel_button.setText(translate("PreviewDialog", "&Cancel") if self.apply_button else
                                   translate("PreviewDialog", "&Close"))
        self.operations_view.setAccessibleName(translate("PreviewDialog", "Operations"))
        self.errors_view.setAccessibleName(translate("PreviewDialog", "Errors"))
        self.operations.retranslate()
        self.errors.retranslate()
        self.operations_view.resizeColumnsToContents()
