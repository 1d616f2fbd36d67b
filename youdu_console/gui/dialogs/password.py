"""Reset a member's password (helpdesk): typed twice, the policy checked by the access service."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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


class PasswordDialog(RetranslateMixin, QDialog):
    password_entered = Signal(str, bool)  # password, must change at next login

    def __init__(self, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.account = account
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("new_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(self)
        self.repeat_edit.setObjectName("new_password_repeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.force_check = QCheckBox(self)
        self.force_check.setObjectName("force_change")
        self.force_check.setChecked(True)
        self.password_label = QLabel(self)
        self.password_label.setBuddy(self.password_edit)
        self.repeat_label = QLabel(self)
        self.repeat_label.setBuddy(self.repeat_edit)
        self.error = QLabel(self)
        self.error.setObjectName("password_error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.repeat_label, self.repeat_edit)
        form.addRow("", self.force_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(fill(translate("PasswordDialog", "Reset the password of %1"), self.account))
        self.password_label.setText(translate("PasswordDialog", "&New password:"))
        self.repeat_label.setText(translate("PasswordDialog", "&Repeat:"))
        self.force_check.setText(translate("PasswordDialog", "&Must change it at the next login"))
        self.password_edit.setAccessibleName(translate("PasswordDialog", "New password"))
        self.repeat_edit.setAccessibleName(translate("PasswordDialog", "Repeat the new password"))

    def _submit(self) -> None:
        if self.password_edit.text() != self.repeat_edit.text():
            self.error.setText(translate("PasswordDialog", "The two passwords differ."))
            return
        self.error.clear()
        self.password_entered.emit(self.password_edit.text(), self.force_check.isChecked())

    def show_error(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
