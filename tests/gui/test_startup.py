"""Start-up: a connection profile is created and connected, the first-run super admin, and logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy.engine import make_url

from tests.fixtures.core import ROOT
from tests.gui.support import GUI_MARKS
from youdu_console.gui.app import Startup
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.profiles import KEYRING_SERVICE, ProfileStore
from youdu_console.services import audit
from youdu_console.services.admins import AdminService
from youdu_console.services.console import open_uow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _opened_window(qtbot: Any, startup: Startup) -> Any:
    qtbot.waitUntil(lambda: startup.window is not None, timeout=20000)
    main_window = startup.window
    qtbot.addWidget(main_window, before_close_func=lambda w: w.session.close())  # closing deletes it
    return main_window


def _first_run(qtbot: Any, startup: Startup, name: str, password: str) -> Any:
    qtbot.waitUntil(lambda: startup.first_run_dialog is not None and startup.first_run_dialog.isVisible(),
                    timeout=20000)
    dialog = startup.first_run_dialog
    dialog.name_edit.setText(name)
    dialog.password_edit.setText(password)
    dialog.confirm_edit.setText(password + "x")
    dialog.ok_button.click()
    assert dialog.error.text() == "The two passwords differ."
    dialog.password_edit.setText("short")
    dialog.confirm_edit.setText("short")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "at least 8 characters" in dialog.error.text(), timeout=20000)
    dialog.password_edit.setText(password)
    dialog.confirm_edit.setText(password)
    dialog.ok_button.click()
    return _opened_window(qtbot, startup)


def test_create_a_sqlite_profile_connect_and_create_the_super_admin(
        qtbot: Any, tmp_path: Path, job_runner: JobRunner, gui_language: Language) -> None:
    startup = Startup(gui_language, job_runner)
    startup.start()
    dialog = startup.connection_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.new_profile()
    db = tmp_path / "office.db"
    dialog.fill(name="办公室", kind="sqlite", path=str(db))
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "will be created" in dialog.status_label.text(), timeout=20000)
    assert not db.exists()  # testing never creates anything
    dialog.connect_button.click()
    main_window = _first_run(qtbot, startup, "boss", "Boss#2026pw")
    assert main_window.session.actor.name == "boss" and main_window.session.actor.role == "super"
    # The database has the super administrator, and the profile was saved (without any secret).
    uow = open_uow(f"sqlite:///{db}")
    try:
        assert AdminService(uow).count() == 1
        assert AdminService(uow).login("boss", "Boss#2026pw").role == "super"
    finally:
        uow.dispose()
    saved = {p.name: p for p in ProfileStore().load()}
    assert saved["办公室"].kind == "sqlite" and saved["办公室"].path == str(db)
    assert ProfileStore().last() == "办公室"


@pytest.mark.servers
def test_a_server_profile_keeps_its_password_in_the_keyring(
        qtbot: Any, server_db_url: str, job_runner: JobRunner, gui_language: Language,
        gui_preferences: Path) -> None:
    url = make_url(server_db_url)
    kind = "postgresql" if url.get_backend_name() == "postgresql" else "mysql"
    password = url.password or "trust-ignores-it"
    startup = Startup(gui_language, job_runner)
    startup.start()
    dialog = startup.connection_dialog
    qtbot.addWidget(dialog)
    dialog.new_profile()
    dialog.fill(name="shared", kind=kind, host=url.host, port=url.port, database=url.database,
                user=url.username, password=password)
    assert dialog.remember_check.isEnabled() and dialog.remember_check.isChecked()
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "Connected" in dialog.status_label.text(), timeout=30000)
    dialog.connect_button.click()
    _first_run(qtbot, startup, "boss", "Boss#2026pw")
    profile = next(p for p in ProfileStore().load() if p.name == "shared")
    assert keyring.get_password(KEYRING_SERVICE, profile.secret_name()) == password
    settings_text = "".join(p.read_text("utf-8") for p in gui_preferences.rglob("*.ini"))
    assert "shared" in settings_text and password not in settings_text  # never in a file of ours
    uow = open_uow(server_db_url)
    try:
        assert AdminService(uow).login("boss", "Boss#2026pw").role == "super"
    finally:
        uow.dispose()


def test_login_refused_then_accepted(qtbot: Any, gui_org_url: str, job_runner: JobRunner, gui_language: Language) -> None:
    startup = Startup(gui_language, job_runner, url=gui_org_url)
    startup.start()
    qtbot.waitUntil(lambda: startup.login_dialog is not None and startup.login_dialog.isVisible(), timeout=20000)
    dialog = startup.login_dialog
    dialog.name_edit.setText(ROOT[0])
    dialog.password_edit.setText("not-the-password")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.error.text() == "Wrong administrator name or password", timeout=20000)
    uow = open_uow(gui_org_url)
    try:
        assert any(e["action"] == "admin.login_failed" for e in audit.list_entries(uow, None, 50))
    finally:
        uow.dispose()
    dialog.password_edit.setText(ROOT[1])
    dialog.ok_button.click()
    main_window = _opened_window(qtbot, startup)
    assert main_window.session.actor.name == ROOT[0]


def test_environment_credentials_log_in_without_asking(qtbot: Any, gui_org_url: str, job_runner: JobRunner,
                                                       gui_language: Language) -> None:
    startup = Startup(gui_language, job_runner, url=gui_org_url, admin=ROOT[0], password=ROOT[1])
    startup.start()
    main_window = _opened_window(qtbot, startup)
    assert main_window.top_slugs() == ["home", "directory", "groups", "apps", "tools", "enterprise"]
    assert main_window.top_titles() == ["Home", "Address book", "Groups", "Enterprise apps", "Management tools",
                                         "My enterprise"]


def test_without_a_keyring_the_password_is_asked_every_time(qtbot: Any, job_runner: JobRunner) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    from youdu_console.gui.dialogs.connection import ConnectionDialog
    from youdu_console.gui.profiles import Profile, Secrets

    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        secrets = Secrets()
        assert not secrets.available
        profile = Profile(name="srv", kind="postgresql", host="db.example", port=5432, database="youdu", user="u")
        assert secrets.set(profile, "pw") is False and secrets.get(profile) is None
        dialog = ConnectionDialog(job_runner, secrets=secrets)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.fill(kind="postgresql")
        assert not dialog.remember_check.isEnabled() and not dialog.remember_check.isChecked()
        assert dialog.keyring_note.isVisible() and "never stored" in dialog.keyring_note.text()
    finally:
        keyring.set_keyring(before)


def test_switch_database_returns_to_the_connection_dialog(qtbot: Any, gui_org_url: str, job_runner: JobRunner,
                                                          gui_language: Language) -> None:
    startup = Startup(gui_language, job_runner, url=gui_org_url, admin=ROOT[0], password=ROOT[1])
    finished: list[bool] = []
    startup.finished.connect(lambda: finished.append(True))
    startup.start()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=20000)
    window = startup.window
    window.switch_action.trigger()
    assert startup.window is None and not finished  # switching is not quitting
    dialog = startup.connection_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    dialog.reject()
    assert finished == [True]
