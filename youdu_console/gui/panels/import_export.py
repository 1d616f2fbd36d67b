"""管理工具 → 备份和恢复 (and 通讯录's 批量导入导出): import .dat / RTX / Excel, export .dat / Excel, the template.

Every import is planned as a cancellable job, previewed with its per-row errors, and only then applied (the
valid rows only when the administrator explicitly says so); exports are jobs that write whole files or none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from youdu_console.domain.errors import YouduError
from youdu_console.gui.dialogs.common import Texts, follow_language
from youdu_console.gui.dialogs.dat_password import DatPasswordDialog
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.dialogs.files import database_files, file_dialog
from youdu_console.gui.dialogs.import_preview import ImportPreviewDialog
from youdu_console.gui.forms.ui_import_export import Ui_BackupPage
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.jobs import JobSignals
from youdu_console.gui.loaders import DepartmentSnapshot, load_departments
from youdu_console.gui.models.lists import summary_text
from youdu_console.gui.operations import ChangeOp
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.outcome import ERROR_STYLE, OK_STYLE
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.prefs import preferences
from youdu_console.gui.session import Session
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

SLUG = "tools/backup"
LAST_DIR = "interchange/last_dir"
PASSWORD_CODES = ("dat_password_required", "dat_wrong_password")


def menu_text(text: str) -> str:
    """A menu or action title as people read it: without its mnemonic (`&Edit`, `编辑(&E)`)."""
    return re.sub(r"\(&.\)|&(?=.)", "", text).strip()


class BackupPanel(Panel):
    """The manual's 备份和恢复 page: one button per format, each with the manual's one-line explanation."""

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.can_import = self.session.can("import") and self.session.can("directory.write")
        self.can_export = self.session.can("export")
        self.can_backup = self.session.can("backup")
        self.importer = self.session.console.imports
        self.exporter = self.session.console.exports
        self.department = ""
        self.file_dialog: QFileDialog | None = None
        self.password_dialog: DatPasswordDialog | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.picker: DepartmentPickerDialog | None = None
        self.job: JobSignals | None = None
        self.buttons: dict[str, QPushButton] = {}
        self.hints: dict[str, QLabel] = {}
        self._build()
        self.retranslate()

    # ------------------------------------------------------------------ building (ui/import_export.ui)
    def _build(self) -> None:
        self.ui = Ui_BackupPage()
        self.ui.setupUi(self)
        ui = self.ui
        self.title, self.back_button, self.prompt, self.group = ui.title, ui.backup_back, ui.prompt, ui.backup_address_book
        self.import_heading, self.export_heading = ui.import_heading, ui.export_heading
        self.create_departments, self.mask_confidential = ui.backup_create_departments, ui.backup_mask_confidential
        self.scope_label, self.scope_value, self.scope_hint = ui.scope_caption, ui.backup_department, ui.scope_hint
        self.choose_button, self.clear_button, self.result = (ui.backup_choose_department, ui.backup_whole_directory,
                                                              ui.backup_result)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        for note in (self.scope_hint, ui.hint_import_dat, ui.hint_import_rtx, ui.hint_import_excel,
                     ui.hint_export_dat, ui.hint_export_excel):
            note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for name, slot, visible in (("import_dat", self.import_dat, self.can_backup),
                                    ("import_rtx", self.import_rtx, self.can_import),
                                    ("import_excel", self.import_excel, self.can_import),
                                    ("template", self.download_template, self.can_import),
                                    ("export_dat", self.export_dat, self.can_backup),
                                    ("export_excel", self.export_excel, self.can_export)):
            button: QPushButton = getattr(ui, f"backup_{name}")
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            button.setVisible(visible)
            self.buttons[name] = button
            hint: QLabel | None = getattr(ui, f"hint_{name}", None)
            if hint is not None:
                hint.setVisible(visible)
                self.hints[name] = hint
        self.import_heading.setVisible(self.can_import or self.can_backup)
        self.export_heading.setVisible(self.can_export or self.can_backup)
        self.create_departments.setVisible(self.can_import)
        self.mask_confidential.setVisible(self.can_export)
        self.back_button.clicked.connect(self.back_to_directory)
        self.choose_button.clicked.connect(self.choose_department)
        self.clear_button.clicked.connect(lambda: self.set_department(""))

    def retranslate(self) -> None:
        self.title.setText(translate("BackupPanel", "Backup and restore"))
        self.back_button.setText(translate("BackupPanel", "< &Back to the address book"))
        self.prompt.setText(translate("BackupPanel", "Choose what to back up or restore:"))
        self.group.setTitle(translate("BackupPanel", "Address book"))
        self.import_heading.setText(translate("BackupPanel", "Import the address book"))
        self.export_heading.setText(translate("BackupPanel", "Export the address book"))
        texts = {
            "import_dat": (
                translate("BackupPanel", "Import a .&dat backup…"),
                translate("BackupPanel", "Restores a backup made here: exact into an empty address book (global ids "
                                         "kept), otherwise merged by global id; nothing is removed.")),
            "import_rtx": (
                translate("BackupPanel", "Import the &RTX organisation…"),
                translate("BackupPanel", "The .xml (or .xms) export of RTX 2005 or later: its departments are created "
                                         "and its users added or updated.")),
            "import_excel": (
                translate("BackupPanel", "Import &Excel (.xls, .xlsx)…"),
                translate("BackupPanel", "Fill in the template (帐号 and 姓名 required). Rows without a 部门 go to the "
                                         "department chosen above.")),
            "template": (translate("BackupPanel", "Download the &template…"), ""),
            "export_dat": (
                translate("BackupPanel", "Export a .d&at backup…"),
                translate("BackupPanel", "Choose this format to back up the organisation: departments, members with "
                                         "their global ids, states and password hashes, and the settings.")),
            "export_excel": (
                translate("BackupPanel", "Export E&xcel…"),
                translate("BackupPanel", "Choose this format to look the address book over: the department chosen "
                                         "above (with its sub-departments) or the whole address book, in the "
                                         "template's columns.")),
        }
        for name, (text, hint) in texts.items():
            self.buttons[name].setText(text)
            self.buttons[name].setAccessibleName(text.replace("&", "").rstrip("…"))
            if name in self.hints:
                self.hints[name].setText(hint)
        self.create_departments.setText(translate("BackupPanel", "Create the departments named in the 部门 column"))
        self.mask_confidential.setText(translate("BackupPanel", "Hide the fields members marked confidential"))
        self.scope_label.setText(translate("BackupPanel", "Department:"))
        self.choose_button.setText(translate("BackupPanel", "&Choose…"))
        self.clear_button.setText(translate("BackupPanel", "&Whole address book"))
        self.scope_hint.setText(translate("BackupPanel", "Excel imports put rows without a 部门 here; Excel exports "
                                                         "export this department with its sub-departments."))
        self._show_department()

    def _show_department(self) -> None:
        self.scope_value.setText(self.department or translate("BackupPanel", "(whole address book)"))
        self.clear_button.setEnabled(bool(self.department))

    # ------------------------------------------------------------------ the department
    def set_department(self, path: str) -> None:
        self.department = path.strip("/")
        self._show_department()

    def open_for_department(self, path: str) -> None:
        """通讯录 → 批量导入导出: this page for the department chosen there, with a way back."""
        self.set_department(path)
        self.back_button.setVisible(True)

    def back_to_directory(self) -> None:
        self.back_button.setVisible(False)
        self.host.show_panel("directory/members")

    def choose_department(self) -> None:
        session = self.session
        job = self.host.runner.submit(lambda progress, cancel: load_departments(session), show_progress=False)
        job.succeeded.connect(self._open_picker)
        job.failed.connect(self.host.report_error)

    def _open_picker(self, snapshot: DepartmentSnapshot) -> None:
        picker = DepartmentPickerDialog(snapshot, self, title=lambda: translate("BackupPanel", "Choose a department"),
                                        current=self.department)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(self.set_department)
        self._keep("picker", picker)
        picker.open()

    # ------------------------------------------------------------------ files
    def _ask_file(self, *, save: bool, title: Texts, name_filter: Texts, on_chosen: Callable[[str], object],
                  suffix: str = "", name: str = "") -> QFileDialog:
        dialog = file_dialog(self, "", hide=database_files(self.session.url))  # title: follow_language below
        dialog.setObjectName("backup_file_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
        follow_language(dialog, setWindowTitle=title, setNameFilter=name_filter)
        if suffix:
            dialog.setDefaultSuffix(suffix)
        folder = str(preferences().value(LAST_DIR, "") or "")
        if folder and Path(folder).is_dir():
            dialog.setDirectory(folder)
        if name:
            dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self._chosen(path, on_chosen))
        self._keep("file_dialog", dialog)
        dialog.open()
        return dialog

    def _chosen(self, path: str, on_chosen: Callable[[str], object]) -> None:
        if path:
            preferences().setValue(LAST_DIR, str(Path(path).parent))
            on_chosen(path)

    def _keep(self, name: str, dialog: QWidget) -> None:
        """Remember an open dialog (tests and the next step reach it) until Qt deletes it on close."""
        setattr(self, name, dialog)
        dialog.destroyed.connect(lambda *_: self._forget(name, dialog))

    def _forget(self, name: str, dialog: QWidget) -> None:
        if getattr(self, name) is dialog:
            setattr(self, name, None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    # ------------------------------------------------------------------ imports
    def import_excel(self) -> None:
        self._ask_file(save=False, title=lambda: translate("BackupPanel", "Import Excel"),
                       name_filter=lambda: translate("BackupPanel", "Excel files (*.xlsx *.xls)"),
                       on_chosen=lambda path: self.start_import("excel", path))

    def import_rtx(self) -> None:
        self._ask_file(save=False, title=lambda: translate("BackupPanel", "Import the RTX organisation"),
                       name_filter=lambda: translate("BackupPanel", "RTX exports (*.xml *.xms)"),
                       on_chosen=lambda path: self.start_import("rtx", path))

    def import_dat(self) -> None:
        self._ask_file(save=False, title=lambda: translate("BackupPanel", "Import a .dat backup"),
                       name_filter=lambda: translate("BackupPanel", "Backups (*.dat)"),
                       on_chosen=lambda path: self.start_import("dat", path))

    def _import_options(self, source: str, password: str | None) -> dict[str, Any]:
        if source == "dat":
            return {"password": password}
        options: dict[str, Any] = {"dept": self.department or None}
        if source == "excel":
            options["create_departments"] = self.create_departments.isChecked()
        return options

    def start_import(self, source: str, path: str, password: str | None = None) -> JobSignals:
        """Plan the import of `path` as a cancellable job, preview it with its per-row errors, apply it."""
        name = Path(path).name
        op = ChangeOp(self.host, fill(translate("BackupPanel", "Import %1"), name),
                      job=self.importer.plan_job(source, path, **self._import_options(source, password)),
                      label=fill(translate("BackupPanel", "Reading and checking %1…"), name))
        op.preview(lambda cs, rows: self._preview(source, cs, rows))
        # Only the valid rows when the administrator explicitly said so in the preview.
        op.apply_with(lambda cs, dialog: self.importer.apply_job(
            cs, skip_invalid=isinstance(dialog, ImportPreviewDialog) and dialog.apply_valid_only),
                      label=translate("BackupPanel", "Applying the import…"), title=translate("BackupPanel", "Import"))
        op.empty(lambda _cs: self._say(translate("BackupPanel", "Nothing to change: the address book already "
                                                                "matches the file.")),
                 when=lambda cs: not cs.operations and not cs.errors)
        op.rejected(lambda: self._say(translate("BackupPanel", "Not applied; nothing was changed.")))
        op.cancelled(self._cancelled).success(self._applied).failure(lambda exc: self._failed(source, path, exc))
        job = op.run().job
        assert job is not None  # the plan's, submitted by run()
        self.job = job
        return job

    def _cancelled(self) -> None:
        self._say(translate("BackupPanel", "Cancelled; nothing was changed."))
        self.host.statusBar().showMessage(translate("BackupPanel", "Cancelled; nothing was changed."), 5000)

    def _failed(self, source: str, path: str, exc: BaseException) -> None:
        if source == "dat" and isinstance(exc, YouduError) and exc.code in PASSWORD_CODES:
            self._ask_restore_password(path, exc if exc.code == "dat_wrong_password" else None)
            return
        self._say(error_text(exc), error=True)
        self.host.report_error(exc)

    def _ask_restore_password(self, path: str, error: BaseException | None) -> None:
        dialog = DatPasswordDialog(self, export=False, file_name=Path(path).name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if error is not None:
            dialog.show_error(error)
        dialog.password_entered.connect(lambda password: self.start_import("dat", path, password))
        self._keep("password_dialog", dialog)
        dialog.open()

    def _preview(self, source: str, cs: ChangeSet, data: dict[str, Any] | None) -> ImportPreviewDialog:
        missing = source == "excel" and not self.create_departments.isChecked() and any(
            e.get("code") == "dept_not_found" for e in cs.errors)
        dialog = ImportPreviewDialog(cs, self.host, self.host.dept_paths, data=data,
                                     missing_departments_hint=missing)
        self._keep("preview_dialog", dialog)
        return dialog

    def _applied(self, cs: ChangeSet) -> None:
        """After the window reported it (status bar, views): say here what was imported, and how to undo it."""
        text = fill(translate("BackupPanel", "Imported as change set #%1: %2."), str(cs.id), summary_text(cs.summary()))
        if self.host.undo_action.isEnabled():
            # The menu item as the window names it now, so the hint can never name one that does not exist.
            where = f"{menu_text(self.host.edit_menu.title())} ▸ {menu_text(self.host.undo_action.text())}"
            text += " " + fill(translate("BackupPanel", "“%1” reverses the whole import."), where)
        self._say(text)

    # ------------------------------------------------------------------ exports
    def download_template(self) -> None:
        self._ask_file(save=True, title=lambda: translate("BackupPanel", "Save the import template"),
                       name_filter=lambda: translate("BackupPanel", "Excel files (*.xlsx)"), suffix="xlsx",
                       name=translate("BackupPanel", "address-book-template.xlsx"), on_chosen=self._write_template)

    def _write_template(self, path: str) -> None:
        try:
            written = self.exporter.write_template(path)
        except YouduError as exc:
            self._say(error_text(exc), error=True)
            self.host.report_error(exc)
            return
        self._say(fill(translate("BackupPanel", "Template saved to %1."), str(written)))

    def export_excel(self) -> None:
        stem = self.department.replace("/", "-") if self.department else translate("BackupPanel", "address-book")
        self._ask_file(save=True, title=lambda: translate("BackupPanel", "Export Excel"),
                       name_filter=lambda: translate("BackupPanel", "Excel files (*.xlsx)"), suffix="xlsx",
                       name=f"{stem}.xlsx", on_chosen=self.start_excel_export)

    def start_excel_export(self, path: str) -> JobSignals:
        mask = True if self.mask_confidential.isChecked() else None  # None: what the role may see
        job = self.host.runner.submit(self.exporter.excel_job(path, dept=self.department or None,
                                                              mask_confidential=mask),
                                      title=translate("BackupPanel", "Export Excel"),
                                      label=fill(translate("BackupPanel", "Writing %1…"), Path(path).name))
        job.succeeded.connect(lambda result: self._say(
            fill(translate("BackupPanel", "Exported %1 members to %2."), str(result["members"]), str(result["file"]))))
        self._export_outcomes(job)
        return job

    def export_dat(self) -> None:
        self._ask_file(save=True, title=lambda: translate("BackupPanel", "Export a .dat backup"),
                       name_filter=lambda: translate("BackupPanel", "Backups (*.dat)"), suffix="dat",
                       name=translate("BackupPanel", "address-book.dat"), on_chosen=self._ask_backup_password)

    def _ask_backup_password(self, path: str) -> None:
        dialog = DatPasswordDialog(self, export=True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_entered.connect(lambda password: self.start_dat_export(path, password or None))
        self._keep("password_dialog", dialog)
        dialog.open()

    def start_dat_export(self, path: str, password: str | None) -> JobSignals:
        job = self.host.runner.submit(self.exporter.dat_job(path, password=password),
                                      title=translate("BackupPanel", "Export a .dat backup"),
                                      label=fill(translate("BackupPanel", "Writing %1…"), Path(path).name))
        job.succeeded.connect(self._dat_written)
        self._export_outcomes(job)
        return job

    def _dat_written(self, result: dict[str, Any]) -> None:
        text = (fill(translate("BackupPanel", "Backed up %1 departments, %2 members and %3 settings to %4."), str(result["departments"]), str(result["members"]), str(result["settings"]), str(result["file"])))
        if not result["encrypted"]:
            text += " " + translate("BackupPanel", "Not encrypted: it holds password hashes, keep it safe.")
        self._say(text)

    def _export_outcomes(self, job: JobSignals) -> None:
        def failed(exc: BaseException) -> None:
            self._say(error_text(exc), error=True)
            self.host.report_error(exc)

        job.failed.connect(failed)
        job.cancelled.connect(lambda: self._say(translate("BackupPanel", "Cancelled; no file was written.")))
        self.job = job


def _available(session: Session) -> bool:
    return any(session.can(right) for right in ("import", "export", "backup"))


register(PanelSpec("管理工具/备份和恢复", SLUG, QT_TRANSLATE_NOOP("Panels", "Backup and restore"), 300,
                   BackupPanel, _available))
