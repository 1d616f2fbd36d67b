"""管理工具 → 意见反馈 (4.8): what members submitted from the client (policy API feedback/submit). Filters by
time range, submitter and submitter's department; view one (with its attachments saved to a folder), export
the list to .xlsx, delete the selected rows (a change set: previewed, undoable from history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.dialogs.files import file_dialog
from youdu_console.gui.i18n import fill, number, translate
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services.feedback import FEEDBACK_DELETE, FEEDBACK_READ, FeedbackService, FeedbackView

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow


def _departments(f: FeedbackView) -> str:
    return "、".join(f.departments)


class FeedbackModel(RowTableModel):
    """Feedback, newest first (FeedbackView rows), as the manual's list: time, submitter, department, category."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("submitted_at", QT_TRANSLATE_NOOP("Columns", "Submitted"), lambda f: local_time(f.submitted_at),
                   sort_key=lambda f: f.submitted_at),
            Column("submitter", QT_TRANSLATE_NOOP("Columns", "Submitter"), lambda f: f"{f.name} ({f.account})"),
            Column("departments", QT_TRANSLATE_NOOP("Columns", "Submitter's department"), _departments,
                   tooltip=_departments),
            Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), lambda f: f.category),
            Column("description", QT_TRANSLATE_NOOP("Columns", "Description"), lambda f: f.description,
                   tooltip=lambda f: f.description),
        ], key=lambda f: f.id, parent=parent)


class FeedbackPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.model = FeedbackModel(self)
        self.view = list_view(self, "feedback_table")
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _index: self.show_selected())
        self.title = QLabel(self)
        self.since_label, self.until_label = QLabel(self), QLabel(self)
        self.submitter_label, self.department_label = QLabel(self), QLabel(self)
        self.since, self.until = QLineEdit(self), QLineEdit(self)
        self.submitter, self.department = QLineEdit(self), QLineEdit(self)
        for name, edit in (("feedback_since", self.since), ("feedback_until", self.until),
                           ("feedback_submitter", self.submitter), ("feedback_department", self.department)):
            edit.setObjectName(name)
            edit.returnPressed.connect(self.refresh)
        self.since_label.setBuddy(self.since)
        self.until_label.setBuddy(self.until)
        self.submitter_label.setBuddy(self.submitter)
        self.department_label.setBuddy(self.department)
        self.search_button = QPushButton(self)
        self.view_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        for name, button, slot in (("feedback_search", self.search_button, self.refresh),
                                   ("feedback_view", self.view_button, self.show_selected),
                                   ("feedback_export", self.export_button, self.ask_export),
                                   ("feedback_delete", self.delete_button, self.delete_selected)):
            button.setObjectName(name)
            button.clicked.connect(slot)
        # Only super administrators delete: the button is not there for readers.
        self.delete_button.setVisible(self.session.can(FEEDBACK_DELETE))
        filters = QHBoxLayout()
        for label, edit in ((self.since_label, self.since), (self.until_label, self.until),
                            (self.submitter_label, self.submitter), (self.department_label, self.department)):
            filters.addWidget(label)
            filters.addWidget(edit, 1)
        filters.addWidget(self.search_button)
        actions = QHBoxLayout()
        actions.addWidget(self.title, 1)
        for button in (self.view_button, self.export_button, self.delete_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        self.title.setText(translate("FeedbackPanel", "Feedback members submitted from the client"))
        self.since_label.setText(translate("FeedbackPanel", "&From:"))
        self.until_label.setText(translate("FeedbackPanel", "&To:"))
        self.submitter_label.setText(translate("FeedbackPanel", "Su&bmitter:"))
        self.department_label.setText(translate("FeedbackPanel", "Submitter's de&partment:"))
        for edit in (self.since, self.until):
            edit.setPlaceholderText(translate("FeedbackPanel", "YYYY-MM-DD"))
        self.department.setPlaceholderText(translate("FeedbackPanel", "Department path, e.g. Sales/East"))
        self.search_button.setText(translate("FeedbackPanel", "&Search"))
        self.view_button.setText(translate("FeedbackPanel", "&View"))
        self.export_button.setText(translate("FeedbackPanel", "E&xport…"))
        self.delete_button.setText(translate("FeedbackPanel", "&Delete"))
        self.view.setAccessibleName(translate("FeedbackPanel", "Feedback"))
        self.model.retranslate()

    @property
    def service(self) -> FeedbackService:
        return FeedbackService(self.session.uow, self.session.actor)

    def reload(self) -> None:
        try:
            rows = self.service.list(since=self.since.text() or None, until=self.until.text() or None,
                                     submitter=self.submitter.text() or None,
                                     department=self.department.text().strip() or None)
        except Exception as exc:  # noqa: BLE001 - a coded refusal (a bad date, an unknown department): shown
            self.host.report_error(exc)
            return
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self._update_enabled()

    def _update_enabled(self) -> None:
        chosen = len(self.view.selectionModel().selectedRows())
        self.view_button.setEnabled(chosen == 1)
        self.delete_button.setEnabled(chosen > 0)
        self.export_button.setEnabled(self.model.rowCount() > 0)

    def selected(self) -> list[FeedbackView]:
        return list(self.model.rows_for(self.view.selectionModel().selectedRows()))

    def select_ids(self, ids: list[int]) -> None:
        flags = self.view.selectionModel().SelectionFlag
        self.view.clearSelection()
        for i, f in enumerate(self.model.rows):
            if f.id in ids:
                self.view.selectionModel().select(self.model.index(i, 0), flags.Select | flags.Rows)

    def show_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        f = chosen[0]
        box = QMessageBox(QMessageBox.Icon.Information, translate("FeedbackPanel", "Feedback"),
                          fill(translate("FeedbackPanel", "%1 (%2), %3 — %4"), f.name, f.account,
                               local_time(f.submitted_at), f.category), parent=self)
        box.setObjectName("feedback_detail")
        box.setInformativeText(f.description)
        files = [fill(translate("FeedbackPanel", "Attachment: %1 (%2 bytes)"), a.get("name", ""),
                      number(int(a.get("size", 0)))) for a in f.attachments]
        if f.has_log:
            files.append(translate("FeedbackPanel", "Client log attached"))
        if files:
            box.setDetailedText("\n".join(files))
            save = box.addButton(translate("FeedbackPanel", "Save attachments…"), QMessageBox.ButtonRole.ActionRole)
            save.clicked.disconnect()
            save.clicked.connect(lambda: self._ask_save_files(f.id))
        box.addButton(QMessageBox.StandardButton.Close)
        self.detail = box
        box.open()

    def _ask_save_files(self, feedback_id: int) -> None:
        folder = QFileDialog.getExistingDirectory(self, translate("FeedbackPanel", "Save attachments to"))
        if folder:
            self.save_files(feedback_id, folder)

    def save_files(self, feedback_id: int, folder: str) -> None:
        try:
            written = self.service.save_files(feedback_id, folder)
        except Exception as exc:  # noqa: BLE001 - a coded refusal or a file error: shown
            self.host.report_error(exc)
            return
        self.host.statusBar().showMessage(fill(translate("FeedbackPanel", "%1 files saved to %2"),
                                               number(len(written)), folder), 5000)

    def ask_export(self) -> None:
        dialog = file_dialog(self, translate("FeedbackPanel", "Export feedback"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.setNameFilter(translate("FeedbackPanel", "Excel workbooks (*.xlsx)"))
        dialog.fileSelected.connect(self.export_to)
        self.export_dialog = dialog
        dialog.open()

    def export_to(self, path: str) -> None:
        """The rows listed now (the filters applied) into `path`, on the job pool."""
        service, rows = self.service, list(self.model.rows)
        signals = self.host.runner.submit(lambda progress, cancel: service.export(path, rows),
                                          title=translate("FeedbackPanel", "Export feedback"))
        signals.succeeded.connect(lambda count: self.host.statusBar().showMessage(
            fill(translate("FeedbackPanel", "%1 feedback exported to %2"), number(count), path), 5000))
        signals.failed.connect(self.host.report_error)

    def delete_selected(self) -> None:
        ids = [f.id for f in self.selected()]
        if not ids:
            return
        service = self.service
        self.host.run_change(lambda: service.plan_delete(ids), title=translate("FeedbackPanel", "Delete feedback"),
                             on_applied=lambda _cs: self.refresh())


def _available(session: Any) -> bool:
    return bool(session.can(FEEDBACK_READ))


register(PanelSpec("管理工具/意见反馈", "tools/feedback", QT_TRANSLATE_NOOP("Panels", "Feedback"), 800,
                   FeedbackPanel, _available))
