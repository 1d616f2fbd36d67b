"""The window on a secured shared server (issue #12): a profile without a user, the administrator's own login."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy.engine import make_url

from tests.fixtures.secured import PASSWORDS, Server
from tests.gui.support import GUI_MARKS
from youdu_console.gui.app import Startup
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.profiles import KEYRING_SERVICE, ProfileStore

pytestmark = [*GUI_MARKS, pytest.mark.servers]
pytest_plugins = ["tests.gui.support"]


def test_the_window_connects_as_the_administrators_own_login(
        qtbot: Any, secured_server: Server, job_runner: JobRunner, gui_language: Language,
        gui_preferences: Path) -> None:
    url = make_url(secured_server.login_url)
    kind = "postgresql" if url.get_backend_name() == "postgresql" else "mysql"
    startup = Startup(gui_language, job_runner)
    startup.start()
    dialog = startup.connection_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.new_profile()
    dialog.fill(name="office", kind=kind, host=url.host, port=url.port, database=url.database, user="",
                password="")
    # The dialog says what a shared deployment needs.
    note = dialog.shared_note.text()
    assert "own administrator" in note and "db secure" in note and "owner" in note
    dialog.test_button.click()
    qtbot.waitUntil(lambda: "own administrator login" in dialog.status_label.text(), timeout=30000)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: startup.login_dialog is not None and startup.login_dialog.isVisible(), timeout=30000)
    login = startup.login_dialog
    name = secured_server.names["scoped"]
    login.name_edit.setText(name)
    login.password_edit.setText("Wrong#Pass99")
    login.ok_button.click()
    qtbot.waitUntil(lambda: name in login.error.text(), timeout=30000)  # the server refused that login
    login.password_edit.setText(PASSWORDS["scoped"])
    login.ok_button.click()
    qtbot.waitUntil(lambda: startup.window is not None, timeout=30000)
    window = startup.window
    qtbot.addWidget(window, before_close_func=lambda w: w.session.close())
    session = window.session
    assert session.actor.name == name and session.actor.role == "scoped"
    assert session.uow.engine.url.username == name  # the connection is the administrator's own login
    assert [m.account for m in session.directory.list_members()] == ["inside"]
    # Nothing secret was stored for a profile without a user.
    profile = next(p for p in ProfileStore().load() if p.name == "office")
    assert profile.user == "" and keyring.get_password(KEYRING_SERVICE, profile.secret_name()) is None
