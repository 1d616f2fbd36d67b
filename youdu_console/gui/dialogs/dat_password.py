"""The password of a .dat backup: chosen (optional, typed twice) when exporting, asked for when restoring."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.i18n import error_text, fill, translate


class DatPasswordDialog(RetranslateMixin, QDialog):
    """Non-blocking: listen to `password_entered` ("" = export without encryption)."""

    password_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, export: bool, file_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("dat_password_dialog")
        self.export = export
        self.file_name = file_name
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("dat_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setObjectName("dat_password_repeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password_edit)
        self.repeat_label = QLabel(self)
        self.repeat_label.setBuddy(self.repeat_edit)
        self.error = QLabel(self)
        self.error.setObjectName("dat_password_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #e5534b")
        form = QFormLayout()
        form.addRow(self.password_label, self.password_edit)
        if export:
            form.addRow(self.repeat_label, self.repeat_edit)
        else:
            self.repeat_label.hide()
            self.repeat_edit.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
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
