"""LDAP 验证 and the connection dialog's test against servers that are down, silent or not LDAP at all
(issue #10, point 2): coded errors in the window's language, timeouts, Cancel that stops the waiting at once,
and settings that can be saved while the server is down. The servers are real sockets on localhost."""

from __future__ import annotations

import re
import socket
from typing import Any

from PySide6.QtWidgets import QProgressDialog, QPushButton

from tests.gui.support import GUI_MARKS, apply_preview, open_console, wait_jobs
from youdu_console.gui.dialogs.connection import ConnectionDialog
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.ldap import LdapPanel

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]

# SEQUENCE { messageID 1, [APPLICATION 20] {} }: looks like LDAP, but no such operation exists; ldap3's
# decoder raised the raw `KeyError: (1, 20)` on it.
NOT_LDAP = bytes([0x30, 0x05, 0x02, 0x01, 0x01, 0x74, 0x00])
ENGLISH = re.compile(r"Error|error|timed out|terminated|socket|index|\(1, 20\)")


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connection_form(window: MainWindow, port: int) -> Any:
    panel = window.show_panel("tools/ldap")
    assert isinstance(panel, LdapPanel)
    form = panel.connection
    panel.tabs.setCurrentIndex(0)
    form.server.setText(f"127.0.0.1:{port}")
    form.encryption.setCurrentIndex(0)
    form.bind_dn.setText("cn=reader,dc=example,dc=test")
    form.password.setText("reader-secret")
    form.base_dn.setText("dc=example,dc=test")
    form.flavor.setCurrentIndex(0)  # ask the server
    return form


def set_timeout(url: str, seconds: int) -> None:
    console = open_console(url)
    try:
        console.settings.set({"ldap.timeout_seconds": seconds})
    finally:
        console.uow.dispose()


def test_a_server_that_is_not_ldap_is_a_coded_chinese_error(qtbot: Any, main_window: MainWindow,
                                                            gui_language: Language, tcp_server: Any) -> None:
    gui_language.choose("zh_CN")
    for reply in (NOT_LDAP, b"\x30\x03\x02\x01\x14"):  # KeyError (1, 20); IndexError in ldap3's decoder
        form = connection_form(main_window, tcp_server(reply).port)
        form.verify()
        wait_jobs(qtbot, main_window.runner)
        error = form.last_error
        assert getattr(error, "code", None) == "ldap_unreachable", repr(error)
        assert error.params["cause"] == "cause.not_ldap"
        text = form.verify_result.text()
        assert "没有按 LDAP 协议应答" in text and "389" in text, text
        assert not ENGLISH.search(text), text


def test_a_silent_server_times_out_and_cancel_stops_the_wait_at_once(qtbot: Any, main_window: MainWindow,
                                                                      gui_org_url: str, gui_language: Language,
                                                                      tcp_server: Any) -> None:
    gui_language.choose("zh_CN")
    silent = tcp_server(None)
    set_timeout(gui_org_url, 1)
    form = connection_form(main_window, silent.port)
    job = form.verify()
    assert job is not None
    qtbot.waitUntil(lambda: job.done, timeout=10000)  # ldap3's own receive wait was 120 s
    assert form.last_error.params["cause"] == "cause.timeout"
    assert "1 秒内没有应答" in form.verify_result.text() and not ENGLISH.search(form.verify_result.text())

    set_timeout(gui_org_url, 15)  # long enough that the progress dialog is up well before, even on a busy machine
    job = form.verify()
    assert job is not None
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main_window.findChildren(QProgressDialog)), timeout=12000)
    dialog = next(d for d in main_window.findChildren(QProgressDialog) if d.isVisible())
    button = dialog.findChild(QPushButton)
    assert button is not None
    button.click()
    # At once, not when the server's timeout runs out: the window is no longer waiting.
    assert job.done and job.abandoned and not main_window.runner.busy
    assert form.verify_result.text() == "已取消。"
    main_window.runner.wait_for_done()  # the worker's socket wait ends in the background …
    qtbot.wait(50)
    assert form.verify_result.text() == "已取消。"  # … and its late failure touches nothing


def test_the_settings_are_saved_while_the_server_is_down(qtbot: Any, main_window: MainWindow,
                                                         gui_org_url: str) -> None:
    port = closed_port()
    form = connection_form(main_window, port)
    form.save_settings()
    apply_preview(qtbot, main_window)
    console = open_console(gui_org_url)
    try:
        values = console.settings.values()
    finally:
        console.uow.dispose()
    assert values["ldap.server"] == f"ldap://127.0.0.1:{port}"
    assert values["ldap.base_dn"] == "dc=example,dc=test"


def test_the_intro_is_plain_text(main_window: MainWindow) -> None:
    panel = main_window.show_panel("tools/ldap")
    assert isinstance(panel, LdapPanel)
    assert "youdu-console ldap sync" in panel.intro.text() and "`" not in panel.intro.text()


def test_cancel_stops_a_database_connection_test_at_once(qtbot: Any, job_runner: JobRunner,
                                                         gui_language: Language, tcp_server: Any) -> None:
    gui_language.choose("zh_CN")
    silent = tcp_server(None)  # accepts, never speaks: PostgreSQL's client waits for its connect_timeout
    dialog = ConnectionDialog(job_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fill(kind="postgresql", host="127.0.0.1", port=silent.port, database="youdu", user="u", password="p")
    dialog.test()
    qtbot.waitUntil(lambda: len(silent.clients) > 0, timeout=5000)
    assert not dialog.test_button.isEnabled()
    dialog.cancel_button.click()
    assert dialog.isVisible() and dialog.test_button.isEnabled() and not job_runner.busy
    assert dialog.status_label.text() == "已取消。"
    job_runner.wait_for_done()
    qtbot.wait(50)
    assert dialog.status_label.text() == "已取消。"
