"""我的企业 → 管理员: a super administrator gives a scoped administrator its permissions (5.4.1); the scoped
administrator's window then offers only what they allow."""

from __future__ import annotations

from typing import Any

from tests.gui.support import GUI_MARKS, apply_preview, directory_panel, open_console, wait_applied
from youdu_console.domain.errors import YouduError
from youdu_console.gui.i18n import error_text

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _permissions(url: str, name: str) -> list[str] | None:
    console = open_console(url)
    try:
        return {r["name"]: r for r in console.admins.list(console.actor)}[name]["permissions"]
    finally:
        console.uow.dispose()


def test_super_admin_sets_a_scoped_admins_permissions(qtbot: Any, make_window: Any, gui_org_url: str,
                                                       qtmodeltester: Any) -> None:
    console = open_console(gui_org_url)
    try:
        console.admins.add(console.actor, "rd-admin", "scoped", "Admin#2026pw", ["研发部"])
    finally:
        console.uow.dispose()
    main_window = make_window(gui_org_url)
    panel = main_window.show_panel("enterprise/admins")
    qtmodeltester.check(panel.model)
    assert [r["name"] for r in panel.model.rows] == ["rd-admin", "root"]
    panel.select_admin("root")
    assert not panel.save_button.isEnabled() and not panel.boxes["apps"].isEnabled()  # only scoped ones
    panel.select_admin("rd-admin")
    assert panel.boxes["directory"].isChecked() and panel.boxes["apps"].isChecked()
    panel.boxes["directory"].setChecked(False)
    cs = wait_applied(qtbot, main_window, panel.save_button.click)
    assert cs.kind == "admin.set"
    assert _permissions(gui_org_url, "rd-admin") == ["apps"]
    qtbot.waitUntil(lambda: any(r["permissions"] == ["apps"] for r in panel.model.rows), timeout=5000)

    scoped = make_window(gui_org_url, "rd-admin", "Admin#2026pw")
    members = directory_panel(scoped).members
    assert not members.add_action.isVisible() and not members.resign_action.isVisible()
    mine = scoped.show_panel("enterprise/admins")
    assert mine is None or not mine.save_button.isVisible()


def _rows(url: str) -> dict[str, dict[str, Any]]:
    console = open_console(url)
    try:
        return {r["name"]: r for r in console.admins.list(console.actor)}
    finally:
        console.uow.dispose()


def test_the_toolbar_adds_changes_resets_and_removes_administrators(qtbot: Any, make_window: Any,
                                                                     gui_org_url: str) -> None:
    main_window = make_window(gui_org_url)
    panel = main_window.show_panel("enterprise/admins")
    buttons = (panel.add_button, panel.edit_button, panel.password_button, panel.remove_button)
    assert all(b.isVisible() and "&" in b.text() for b in buttons)  # keyboard reachable, with mnemonics
    assert not panel.edit_button.isEnabled()  # nothing selected yet

    # 添加管理员…: a scoped administrator of 研发部; a wrong repeat and a missing department are said in the dialog.
    panel.add_button.click()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible() and dialog.ui.name_label.buddy() is dialog.ui.name_edit
    ui = dialog.ui
    ui.name_edit.setText("rd-lead")
    ui.password_edit.setText("Lead#2026pw")
    ui.repeat_edit.setText("Lead#2026px")
    ui.buttons.button(ui.buttons.StandardButton.Ok).click()
    assert ui.error.text() and dialog.isVisible()
    ui.repeat_edit.setText("Lead#2026pw")
    ui.buttons.button(ui.buttons.StandardButton.Ok).click()
    assert ui.error.text() == error_text(YouduError("admin_scope_required"))  # coded, translated message
    assert "rd-lead" not in _rows(gui_org_url)
    dialog.add_department("研发部")
    ui.apps_check.setChecked(False)
    cs = wait_applied(qtbot, main_window, lambda: ui.buttons.button(ui.buttons.StandardButton.Ok).click())
    assert cs.kind == "admin.add"
    row = _rows(gui_org_url)["rd-lead"]
    assert (row["role"], row["scope"], row["permissions"]) == ("scoped", ["研发部"], ["directory"])

    # 修改…: the role becomes helpdesk — previewed first, then applied.
    qtbot.waitUntil(lambda: "rd-lead" in [r["name"] for r in panel.model.rows], timeout=5000)
    panel.select_admin("rd-lead")
    panel.edit_button.click()
    dialog = panel.dialog
    assert dialog.ui.name_edit.isReadOnly() and not dialog.ui.password_edit.isVisible()
    assert dialog.ui.departments_list.count() == 1 and not dialog.ui.apps_check.isChecked()
    dialog.ui.role_combo.setCurrentIndex(dialog.ui.role_combo.findData("helpdesk"))
    assert not dialog.ui.directory_check.isEnabled()  # only a scoped administrator has permissions
    dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Ok).click()
    cs = apply_preview(qtbot, main_window)
    assert cs.kind == "admin.set_role" and _rows(gui_org_url)["rd-lead"]["role"] == "helpdesk"

    # 重置密码…: the new password logs in.
    panel.select_admin("rd-lead")
    panel.password_button.click()
    dialog = panel.dialog
    assert not dialog.force_check.isVisible()
    dialog.password_edit.setText("Desk#2026new")
    dialog.repeat_edit.setText("Desk#2026new")
    wait_applied(qtbot, main_window, lambda: dialog.buttons.button(dialog.buttons.StandardButton.Ok).click())
    open_console(gui_org_url, "rd-lead", "Desk#2026new").uow.dispose()

    # 删除: not offered for yourself; for another, previewed, then removed; Ctrl+Z brings it back.
    panel.select_admin("root")
    assert not panel.remove_button.isEnabled()
    panel.select_admin("rd-lead")
    panel.remove_button.click()
    qtbot.waitUntil(lambda: main_window.preview_dialog is not None and main_window.preview_dialog.isVisible(),
                    timeout=15000)
    assert [op["label"] for _, op in main_window.preview_dialog.operations.rows] == ["rd-lead"]
    assert "rd-lead" in _rows(gui_org_url)  # nothing removed before Apply
    cs = apply_preview(qtbot, main_window)
    assert cs.kind == "admin.remove" and "rd-lead" not in _rows(gui_org_url)
    qtbot.waitUntil(lambda: "rd-lead" not in [r["name"] for r in panel.model.rows], timeout=5000)
    main_window.undo_last()
    apply_preview(qtbot, main_window)
    assert _rows(gui_org_url)["rd-lead"]["role"] == "helpdesk"


def test_a_refusal_is_shown_as_a_coded_message(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    main_window = make_window(gui_org_url)
    panel = main_window.show_panel("enterprise/admins")
    panel.select_admin("root")
    panel.edit_button.click()
    dialog = panel.dialog
    dialog.ui.role_combo.setCurrentIndex(dialog.ui.role_combo.findData("auditor"))
    dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "root" in _rows(gui_org_url) and _rows(gui_org_url)["root"]["role"] == "super"
    assert dialog.ui.error.text() == error_text(YouduError("admin_own_role"))


def test_roles_that_may_not_manage_admins_get_no_toolbar(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.admins.add(console.actor, "auditor1", "auditor", "Audit#2026pw")
    finally:
        console.uow.dispose()
    panel = make_window(gui_org_url, "auditor1", "Audit#2026pw").show_panel("enterprise/admins")
    assert panel is not None and panel.model.rowCount() == 2
    assert not any(b.isVisible() for b in (panel.add_button, panel.edit_button, panel.password_button,
                                            panel.remove_button))
