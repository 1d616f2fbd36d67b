"""Reset a member's password (helpdesk): typed twice, the policy checked by the access service."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.forms.ui_password_form import Ui_PasswordForm
from youdu_console.gui.i18n import error_text, fill, translate


class PasswordDialog(RetranslateMixin, QDialog):
    password_entered = Signal(str, bool)  # password, must change at next login

    def __init__(self, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.account = account
        self.ui = Ui_PasswordForm()
        self.ui.setupUi(self)
        self.ui.intro.hide()
        self.password_edit, self.repeat_edit = self.ui.password_edit, self.ui.repeat_edit
        self.password_label, self.repeat_label = self.ui.password_label, self.ui.repeat_label
        self.force_check, self.error, self.buttons = self.ui.force_check, self.ui.error, self.ui.buttons
        self.password_edit.setObjectName("new_password")
        self.repeat_edit.setObjectName("new_password_repeat")
        self.force_check.setObjectName("force_change")
        self.force_check.setChecked(True)
        self.error.setObjectName("password_error")
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
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
