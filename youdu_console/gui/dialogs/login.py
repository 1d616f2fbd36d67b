"""Administrator login, and the first-run step that creates the super administrator of an empty database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)

from youdu_console.domain.errors import ValidationError
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.forms.ui_login_form import Ui_LoginForm
from youdu_console.gui.i18n import error_text, translate
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.profiles import describe, location
from youdu_console.gui.session import Session
from youdu_console.services.admins import AdminService
from youdu_console.services.console import login
from youdu_console.store.uow import UnitOfWork


def log_in(uow: UnitOfWork, url: str, name: str, password: str) -> Session:
    return Session(url, login(uow, name, password))


def create_first_super_admin(uow: UnitOfWork, url: str, name: str, password: str) -> Session:
    """AdminService allows exactly one unauthenticated add: the first super administrator."""
    AdminService(uow).add(None, name, "super", password)
    return log_in(uow, url, name, password)


class _AdminDialog(RetranslateMixin, QDialog):
    logged_in = Signal(object)  # Session

    def __init__(self, runner: JobRunner, uow: UnitOfWork, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.uow = uow
        self.url = url
        self.ui = Ui_LoginForm()
        self.ui.setupUi(self)
        self.intro, self.database, self.form, self.error = self.ui.intro, self.ui.database, self.ui.form, self.ui.error
        self.name_edit, self.password_edit = self.ui.name_edit, self.ui.password_edit
        self.name_label, self.password_label = self.ui.name_label, self.ui.password_label
        self.database.setText(describe(url))
        self.database.setToolTip(location(url))  # the name in full sight, the whole path on hover
        self.database.setObjectName("login_database")
        self.name_edit.setObjectName("admin_name")
        self.password_edit.setObjectName("admin_password")
        self.error.setObjectName("login_error")
        self.form.setRowVisible(self.ui.confirm_edit, False)  # the first-run dialog shows it
        self.buttons = self.ui.buttons
        self.ok_button: QPushButton = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("login_ok")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def _base_retranslate(self) -> None:
        self.name_label.setText(translate("LoginDialog", "&Administrator:"))
        self.password_label.setText(translate("LoginDialog", "&Password:"))
        self.cancel_button.setText(translate("LoginDialog", "Cancel"))
        self.name_edit.setAccessibleName(translate("LoginDialog", "Administrator name"))
        self.password_edit.setAccessibleName(translate("LoginDialog", "Password"))
        self.error.setAccessibleName(translate("LoginDialog", "Error"))

    def _run(self, work: object) -> None:
        self.ok_button.setEnabled(False)
        self.error.clear()
        job = self.runner.submit(work, title=self.windowTitle(), show_progress=False)  # type: ignore[arg-type]
        job.succeeded.connect(self._done)
        job.failed.connect(self._failed)

    def _done(self, session: Session) -> None:
        self.ok_button.setEnabled(True)
        self.logged_in.emit(session)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc))
        if not self.isVisible():
            self.show()  # a login from the environment failed: ask, and say why
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def submit(self) -> None:
        raise NotImplementedError


class LoginDialog(_AdminDialog):
    def __init__(self, runner: JobRunner, uow: UnitOfWork, url: str, parent: QWidget | None = None,
                 name: str = "") -> None:
        super().__init__(runner, uow, url, parent)
        self.setObjectName("login_dialog")
        self.name_edit.setText(name)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("LoginDialog", "Administrator login"))
        self.intro.setText(translate("LoginDialog", "Log in to the console database:"))
        self.ok_button.setText(translate("LoginDialog", "&Log in"))
        self._base_retranslate()

    def submit(self) -> None:
        uow, url, name, password = self.uow, self.url, self.name_edit.text().strip(), self.password_edit.text()
        self._run(lambda progress, cancel: log_in(uow, url, name, password))


class FirstRunDialog(_AdminDialog):
    """An empty database has no administrator: create the super administrator, then log in as it."""

    def __init__(self, runner: JobRunner, uow: UnitOfWork, url: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, uow, url, parent)
        self.setObjectName("first_run_dialog")
        self.name_edit.setText("admin")
        self.confirm_edit, self.confirm_label = self.ui.confirm_edit, self.ui.confirm_label
        self.confirm_edit.setObjectName("admin_password_confirm")
        self.form.setRowVisible(self.confirm_edit, True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("LoginDialog", "First run: create the super administrator"))
        self.intro.setText(translate("LoginDialog", "This database has no administrator yet. Create the super "
                                                    "administrator, who can then add the other administrators. "
                                                    "The password needs at least 8 characters."))
        self.ok_button.setText(translate("LoginDialog", "&Create and log in"))
        self.confirm_label.setText(translate("LoginDialog", "&Repeat password:"))
        self.confirm_edit.setAccessibleName(translate("LoginDialog", "Repeat password"))
        self._base_retranslate()

    def submit(self) -> None:
        if self.password_edit.text() != self.confirm_edit.text():
            self.error.setText(translate("LoginDialog", "The two passwords differ."))
            self.confirm_edit.setFocus()
            return
        uow, url, name, password = self.uow, self.url, self.name_edit.text().strip(), self.password_edit.text()
        if not password:
            self.error.setText(error_text(ValidationError("password_required", field="password")))
            return
        self._run(lambda progress, cancel: create_first_super_admin(uow, url, name, password))
