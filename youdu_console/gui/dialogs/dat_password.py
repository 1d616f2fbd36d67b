"""The password of a .dat backup: chosen (optional, typed twice) when exporting, asked for when restoring."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.forms.ui_password_form import Ui_PasswordForm
from youdu_console.gui.i18n import error_text, fill, translate


class DatPasswordDialog(RetranslateMixin, QDialog):
    """Non-blocking: listen to `password_entered` ("" = export without encryption)."""

    password_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, export: bool, file_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("dat_password_dialog")
        self.export = export
        self.file_name = file_name
        self.ui = Ui_PasswordForm()
        self.ui.setupUi(self)
        self.intro, self.error, self.buttons = self.ui.intro, self.ui.error, self.ui.buttons
        self.password_edit, self.repeat_edit = self.ui.password_edit, self.ui.repeat_edit
        self.password_label, self.repeat_label = self.ui.password_label, self.ui.repeat_label
        self.password_edit.setObjectName("dat_password")
        self.repeat_edit.setObjectName("dat_password_repeat")
        self.error.setObjectName("dat_password_error")
        self.error.setStyleSheet("color: #e5534b")
        self.ui.form.setRowVisible(self.ui.force_check, False)  # a backup password has nothing to force
        self.ui.form.setRowVisible(self.repeat_edit, export)  # restoring asks once
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.resize(460, 0)
        self.retranslate()

    def retranslate(self) -> None:
        if self.export:
            self.setWindowTitle(translate("DatPassword", "Encrypt the backup"))
            self.intro.setText(translate("DatPassword", "The backup holds every member's password hash. Give a "
                                         "password to encrypt it, or leave both fields empty to write it "
                                         "unencrypted (then keep the file safe)."))
        else:
            self.setWindowTitle(translate("DatPassword", "Backup password"))
            self.intro.setText(fill(translate("DatPassword", "The backup “%1” is encrypted. Enter its password:"), self.file_name))
        self.password_label.setText(translate("DatPassword", "&Password:"))
        self.repeat_label.setText(translate("DatPassword", "&Repeat:"))
        self.password_edit.setAccessibleName(translate("DatPassword", "Backup password"))
        self.repeat_edit.setAccessibleName(translate("DatPassword", "Repeat the backup password"))

    def _submit(self) -> None:
        password = self.password_edit.text()
        if self.export and password != self.repeat_edit.text():
            self.error.setText(translate("DatPassword", "The two passwords differ."))
            return
        if not self.export and not password:
            self.error.setText(translate("DatPassword", "Enter the password."))
            return
        self.error.clear()
        self.accept()
        self.password_entered.emit(password)

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
