"""Every action a role may not take is hidden, or disabled saying why, in every view and menu (issue #10,
point 4) — for the super, scoped, helpdesk and auditor roles. The rights come from the services
(`Actor.refusal`); the helpdesk gets its own path (reset password, unlock) instead of the member editor."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QToolButton

from tests.fixtures.core import ROOT
from tests.gui.support import GUI_MARKS, directory_panel, open_console, select_rows, wait_jobs
from youdu_console.gui import rights
from youdu_console.gui.dialogs.member_editor import MemberEditorDialog
from youdu_console.gui.main_window import MainWindow
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.access import AccessService
from youdu_console.services.console import open_uow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]
PASSWORD = "Admin#2026pw"


def add_admin(url: str, name: str, role: str, scope: list[str] | None = None) -> None:
    console = open_console(url)
    try:
        console.admins.add(console.actor, name, role, PASSWORD, scope or [])
    finally:
        console.uow.dispose()


def login_as(make_window: Any, url: str, role: str) -> MainWindow:
    if role == "super":
        return make_window(url, *ROOT)
    add_admin(url, role, role, ["研发部"] if role == "scoped" else None)
    return make_window(url, role, PASSWORD)


def lock(url: str, account: str) -> None:
    uow = open_uow(url)
    try:
        for _ in range(5):
            LoginPolicy(uow).check_login(account, "wrong-password", "android", "203.0.113.9")
    finally:
        uow.dispose()


@pytest.mark.parametrize("role", ["super", "scoped", "helpdesk", "auditor"])
def test_every_control_follows_the_services_rights(qtbot: Any, make_window: Any, gui_org_url: str,
                                                   role: str) -> None:
    window = login_as(make_window, gui_org_url, role)
    actor = window.session.actor
    panel = directory_panel(window)
    assert panel.departments.select_path("研发部/前端组")
    select_rows(panel.members.view, panel.members.model, lambda m: True)
    checked = 0
    for slug in list(window.panels):
        window.show_panel(slug)
        wait_jobs(qtbot, window.runner)
        controls: list[Any] = [*window.findChildren(QAction), *window.findChildren(QAbstractButton)]
        for control in controls:
            right = rights.HIDE.get(control.objectName()) or rights.DISABLE.get(control.objectName())
            if right is None:
                continue
            checked += 1
            offered = control.isVisible() if isinstance(control, QAction) else control.isVisibleTo(window)
            if actor.can(right):
                continue
            # Not offered, or offered disabled with the services' own refusal as the reason.
            assert not offered or (not control.isEnabled() and actor.refusal(right).message("en") in
                                   control.toolTip()), (role, control.objectName(), right)
    assert checked > 10

    members = panel.members
    window.show_panel("directory/members")
    # No control of the member pane floats outside its toolbar (the stray 登录授权 button of the issue).
    for button in members.findChildren(QToolButton):
        if button.isVisibleTo(members) and button.objectName().startswith("button_"):
            assert members.toolbar.isAncestorOf(button), (role, button.objectName())
    assert members.auth_button.isVisibleTo(window) == actor.can("auth.manage")
    assert window.undo_action.isEnabled() == actor.can("changes.undo")
    if not actor.can("changes.undo"):
        assert "may not undo change sets" in window.undo_action.toolTip()


@pytest.mark.parametrize("role", ["helpdesk", "auditor"])
def test_a_member_opens_read_only_with_the_helpdesks_own_path(qtbot: Any, make_window: Any, gui_org_url: str,
                                                              role: str) -> None:
    lock(gui_org_url, "lina")
    window = login_as(make_window, gui_org_url, role)
    panel = directory_panel(window)
    assert panel.departments.select_path("研发部/前端组")
    members = panel.members
    assert not members.edit_action.isVisible()
    row = next(i for i, m in enumerate(members.model.rows) if m.account == "lina")
    select_rows(members.view, members.model, lambda m: m.account == "lina")
    members.view.activated.emit(members.model.index(row, 0))  # a double-click / Enter on the member
    editor = members.dialog
    assert isinstance(editor, MemberEditorDialog) and editor.isVisible()
    assert not editor.save_button.isVisible()
    assert all(edit.isReadOnly() for edit in editor.edits.values()) and not editor.dept_add.isEnabled()
    assert "may not change the address book" in editor.form_error.text()
    if role == "auditor":
        assert editor.reset_password_button is None and editor.unlock_button is None
        return

    assert editor.unlock_button is not None and editor.reset_password_button is not None
    editor.unlock_button.click()
    qtbot.waitUntil(lambda: "Unlocked" in editor.form_error.text(), timeout=15000)
    console = open_console(gui_org_url)
    try:
        assert "lina" not in {r["account"] for r in AccessService(console.uow, console.actor).lock_list()}
    finally:
        console.uow.dispose()

    editor.reset_password_button.click()
    dialog = editor.password_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password_edit.setText("Fresh#Passw0rd9")
    dialog.repeat_edit.setText("Fresh#Passw0rd9")
    dialog.force_check.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    # The dialog deletes itself on close (WA_DeleteOnClose): gone or hidden, the reset is applied.
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=15000)
    uow = open_uow(gui_org_url)
    try:
        assert LoginPolicy(uow).check_login("lina", "Fresh#Passw0rd9", "windows", "10.0.0.1").reason != "bad_password"
    finally:
        uow.dispose()
