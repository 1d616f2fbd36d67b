"""Start-up connection dialog: saved profiles, a local SQLite file or a PostgreSQL / MySQL-MariaDB server."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from youdu_console.gui.connect import ConnectionReport, OpenedDatabase, open_connection, test_connection
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.dialogs.files import file_dialog
from youdu_console.gui.forms.ui_connection import Ui_ConnectionForm
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.jobs import JobRunner, JobSignals
from youdu_console.gui.profiles import DEFAULT_PORTS, KINDS, Profile, ProfileStore, Secrets, default_profile


class ConnectionDialog(RetranslateMixin, QDialog):
    """Emits `connected(OpenedDatabase)` once the chosen database is open; the dialog then closes."""

    connected = Signal(object)

    def __init__(self, runner: JobRunner, parent: QWidget | None = None, *, store: ProfileStore | None = None,
                 secrets: Secrets | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_dialog")
        self.runner = runner
        self.store = store or ProfileStore()
        self.secrets = secrets or Secrets()
        self.profiles = self.store.load()
        self._busy = False
        self.job: JobSignals | None = None
        self._build()
        self._fill_list(select=self.store.last())
        self.retranslate()

    # ------------------------------------------------------------------ layout (ui/connection.ui)
    def _build(self) -> None:
        self.ui = Ui_ConnectionForm()
        self.ui.setupUi(self)
        ui = self.ui
        self.profiles_label, self.profile_list = ui.profiles_label, ui.profile_list
        self.new_button, self.delete_button = ui.profile_new, ui.profile_delete
        self.name_label, self.name_edit, self.kind_label, self.kind_combo = (ui.name_label, ui.profile_name,
                                                                            ui.kind_label, ui.profile_kind)
        self.pages, self.sqlite_form, self.server_form = ui.pages, ui.sqlite_form, ui.server_form
        self.path_label, self.path_edit, self.browse_button = ui.path_label, ui.profile_path, ui.profile_browse
        self.host_label, self.host_edit, self.port_label, self.port_spin = (ui.host_label, ui.profile_host,
                                                                            ui.port_label, ui.profile_port)
        self.database_label, self.database_edit = ui.database_label, ui.profile_database
        self.user_label, self.user_edit = ui.user_label, ui.profile_user
        self.password_label, self.password_edit = ui.password_label, ui.profile_password
        self.remember_check, self.keyring_note = ui.profile_remember, ui.keyring_note
        self.shared_note = ui.shared_server_note  # what a shared deployment needs (README "Shared server")
        self.status_label = ui.connection_status
        self.test_button, self.connect_button, self.cancel_button = (ui.connection_test, ui.connection_connect,
                                                                     ui.connection_cancel)
        for kind in KINDS:
            self.kind_combo.addItem("", kind)
        self.remember_check.setChecked(self.secrets.available)
        self.remember_check.setEnabled(self.secrets.available)
        self.keyring_note.setVisible(not self.secrets.available)
        self.profile_list.currentRowChanged.connect(self._on_profile_selected)
        self.new_button.clicked.connect(self.new_profile)
        self.delete_button.clicked.connect(self.delete_profile)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.browse_button.clicked.connect(self._browse)
        self.test_button.clicked.connect(self.test)
        self.connect_button.clicked.connect(self.connect_database)
        self.cancel_button.clicked.connect(self._cancel_clicked)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("ConnectionDialog", "Connect to a database"))
        self.profiles_label.setText(translate("ConnectionDialog", "Saved &connections"))
        self.new_button.setText(translate("ConnectionDialog", "&New"))
        self.delete_button.setText(translate("ConnectionDialog", "&Delete"))
        self.name_label.setText(translate("ConnectionDialog", "Na&me:"))
        self.kind_label.setText(translate("ConnectionDialog", "&Type:"))
        kinds = {"sqlite": translate("ConnectionDialog", "Local SQLite file"), "postgresql": translate("ConnectionDialog", "PostgreSQL server"),
                 "mysql": translate("ConnectionDialog", "MySQL / MariaDB server")}
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, kinds[self.kind_combo.itemData(i)])
        self.path_label.setText(translate("ConnectionDialog", "&File:"))
        self.browse_button.setText(translate("ConnectionDialog", "&Browse…"))
        self.host_label.setText(translate("ConnectionDialog", "&Host:"))
        self.port_label.setText(translate("ConnectionDialog", "&Port:"))
        self.database_label.setText(translate("ConnectionDialog", "&Database:"))
        self.user_label.setText(translate("ConnectionDialog", "&User:"))
        self.password_label.setText(translate("ConnectionDialog", "Pass&word:"))
        self.remember_check.setText(translate("ConnectionDialog", "&Remember the password in the system keyring"))
        self.keyring_note.setText(translate("ConnectionDialog", "No system keyring is available: the password is asked for at "
                                                 "every connection and never stored."))
        self.shared_note.setText(translate(
            "ConnectionDialog",
            "Shared server: leave User and Password empty and sign in with your own administrator name and "
            "password: each administrator is a database login of the same name, and the server itself enforces "
            "its role. The database owner sets the server up once (db init, db secure, the first super "
            "administrator); the owner's credentials are only for that, upgrades and recovery, and are not "
            "saved in everyday connections."))
        self.test_button.setText(translate("ConnectionDialog", "&Test connection"))
        self.connect_button.setText(translate("ConnectionDialog", "C&onnect"))
        self.cancel_button.setText(translate("ConnectionDialog", "Cancel"))
        for widget, name in ((self.profile_list, translate("ConnectionDialog", "Saved connections")),
                             (self.name_edit, translate("ConnectionDialog", "Connection name")),
                             (self.kind_combo, translate("ConnectionDialog", "Database type")),
                             (self.path_edit, translate("ConnectionDialog", "SQLite file")),
                             (self.host_edit, translate("ConnectionDialog", "Server host")),
                             (self.port_spin, translate("ConnectionDialog", "Server port")),
                             (self.database_edit, translate("ConnectionDialog", "Database name")),
                             (self.user_edit, translate("ConnectionDialog", "User name")),
                             (self.password_edit, translate("ConnectionDialog", "Password")),
                             (self.status_label, translate("ConnectionDialog", "Connection status"))):
            widget.setAccessibleName(name)
        self._fill_list_names()

    # ------------------------------------------------------------------ profiles
    def _fill_list(self, select: str = "") -> None:
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        if not self.profiles:
            self.profiles = [default_profile()]
        for _ in self.profiles:
            self.profile_list.addItem("")
        self._fill_list_names()
        self.profile_list.blockSignals(False)
        names = [p.name for p in self.profiles]
        row = names.index(select) if select in names else 0
        self.profile_list.setCurrentRow(row)
        self._on_profile_selected(row)

    def _fill_list_names(self) -> None:
        for i, p in enumerate(self.profiles):
            item = self.profile_list.item(i)
            if item is not None:
                item.setText(p.name or translate("ConnectionDialog", "Local database"))

    def _on_profile_selected(self, row: int) -> None:
        if not (0 <= row < len(self.profiles)):
            return
        p = self.profiles[row]
        self.name_edit.setText(p.name)
        self.kind_combo.setCurrentIndex(KINDS.index(p.kind))
        self.path_edit.setText(p.path)
        self.host_edit.setText(p.host or "127.0.0.1")
        self.port_spin.setValue(p.port or DEFAULT_PORTS.get(p.kind, 5432))
        self.database_edit.setText(p.database)
        self.user_edit.setText(p.user)
        stored = self.secrets.get(p) if p.needs_password else None
        self.password_edit.setText(stored or "")
        self._on_kind_changed()
        self.status_label.clear()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.pages.setCurrentIndex(0 if kind == "sqlite" else 1)
        if kind in DEFAULT_PORTS and self.port_spin.value() in DEFAULT_PORTS.values():
            self.port_spin.setValue(DEFAULT_PORTS[kind])

    def current_profile(self) -> Profile:
        kind = str(self.kind_combo.currentData())
        return Profile(name=self.name_edit.text().strip(), kind=kind, path=self.path_edit.text().strip(),
                       host=self.host_edit.text().strip() if kind != "sqlite" else "",
                       port=self.port_spin.value() if kind != "sqlite" else 0,
                       database=self.database_edit.text().strip() if kind != "sqlite" else "",
                       user=self.user_edit.text().strip() if kind != "sqlite" else "")

    def new_profile(self) -> None:
        p = default_profile()
        p.name = fill(translate("ConnectionDialog", "New connection %1"), str(len(self.profiles) + 1))
        self.profiles.append(p)
        self._fill_list(select=p.name)
        self.name_edit.setFocus()

    def delete_profile(self) -> None:
        row = self.profile_list.currentRow()
        if not (0 <= row < len(self.profiles)):
            return
        gone = self.profiles.pop(row)
        if gone.needs_password:
            self.secrets.delete(gone)
        self.store.save([p for p in self.profiles if p.name])
        self._fill_list()

    def _browse(self) -> None:
        dialog = file_dialog(self, translate("ConnectionDialog", "SQLite database file"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        dialog.setNameFilter(translate("ConnectionDialog", "SQLite databases (*.db *.sqlite);;All files (*)"))
        if self.path_edit.text():
            dialog.selectFile(self.path_edit.text())
        if dialog.exec() and dialog.selectedFiles():
            self.path_edit.setText(dialog.selectedFiles()[0])

    # ------------------------------------------------------------------ actions
    def _password(self, profile: Profile) -> str | None:
        """The profile's database password: none without a user (the administrator's own login signs in)."""
        return self.password_edit.text() if profile.needs_password and profile.user else None

    def _url(self) -> str:
        p = self.current_profile()
        return p.url(self._password(p))

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for w in (self.test_button, self.connect_button, self.profile_list, self.new_button, self.delete_button):
            w.setEnabled(not busy)
        if text:
            self.status_label.setText(text)

    def _cancel_clicked(self) -> None:
        """While a test or connection waits, Cancel stops the waiting at once (the server may take its
        timeout to answer; the job runs out in the background); otherwise it closes the dialog."""
        job = self.job
        if self._busy and job is not None and not job.done:
            job.abandon(late_result=_dispose_late)
            self._set_busy(False, translate("ConnectionDialog", "Cancelled."))
            return
        self.reject()

    def test(self) -> None:
        """Runs on the job pool: a slow or unreachable server never freezes the dialog."""
        if self._busy:
            return
        url = self._url()
        self._set_busy(True, translate("ConnectionDialog", "Testing the connection…"))
        job = self.runner.submit(lambda progress, cancel: test_connection(url), title=translate("ConnectionDialog", "Testing"),
                                 show_progress=False)
        self.job = job
        job.succeeded.connect(self._tested)
        job.failed.connect(self._failed)

    def _tested(self, report: ConnectionReport) -> None:
        self._set_busy(False)
        if report.shared:
            text = translate("ConnectionDialog", "The server answers: sign in with your own administrator login.")
        elif not report.exists:
            text = translate("ConnectionDialog", "The file does not exist yet: it will be created as a new database.")
        elif report.revision is None:
            text = translate("ConnectionDialog", "Connected: the database is empty and will be set up on first use.")
        elif report.up_to_date:
            text = fill(translate("ConnectionDialog", "Connected: a Youdu Console database, schema %1."), report.head)
        else:
            text = fill(translate("ConnectionDialog", "Connected: the schema %1 will be upgraded to %2 (a copy is kept first)."), str(report.revision), report.head)
        self.status_label.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status_label.setText(error_text(exc))

    def connect_database(self) -> None:
        if self._busy:
            return
        profile = self.current_profile()
        if not profile.name:
            profile.name = "" if profile.kind == "sqlite" else f"{profile.user}@{profile.host}/{profile.database}"
        password = self._password(profile)
        url = profile.url(password)
        self._set_busy(True, translate("ConnectionDialog", "Opening the database…"))
        job = self.runner.submit(lambda progress, cancel: open_connection(url), title=translate("ConnectionDialog", "Connecting"),
                                 label=translate("ConnectionDialog", "Opening the database…"), show_progress=False)
        self.job = job
        job.succeeded.connect(lambda opened: self._opened(profile, password, opened))
        job.failed.connect(self._failed)

    def _opened(self, profile: Profile, password: str | None, opened: OpenedDatabase) -> None:
        self._set_busy(False)
        self.store.upsert(profile)
        if profile.needs_password and password:
            if self.remember_check.isChecked():
                self.secrets.set(profile, password)
            else:
                self.secrets.delete(profile)
        self.connected.emit(opened)
        self.accept()

    def select_profile(self, name: str) -> None:
        self._fill_list(select=name)

    def profile_names(self) -> list[str]:
        return [p.name for p in self.profiles]

    def fill(self, **fields: Any) -> None:
        """Set form fields by name (kind, path, host, port, database, user, password, name)."""
        if "kind" in fields:
            self.kind_combo.setCurrentIndex(KINDS.index(fields["kind"]))
        edits = {"name": self.name_edit, "path": self.path_edit, "host": self.host_edit,
                 "database": self.database_edit, "user": self.user_edit, "password": self.password_edit}
        for key, edit in edits.items():
            if key in fields:
                edit.setText(str(fields[key]))
        if "port" in fields:
            self.port_spin.setValue(int(fields["port"]))


def _dispose_late(result: object) -> None:
    """A database opened after its connection was cancelled: closed again, nobody uses it."""
    if isinstance(result, OpenedDatabase):
        result.uow.dispose()
