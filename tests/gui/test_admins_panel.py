"""我的企业 → 管理员: a super administrator gives a scoped administrator its permissions (5.4.1); the scoped
administrator's window then offers only what they allow."""

from __future__ import annotations

from typing import Any

from tests.gui.support import GUI_MARKS, directory_panel, open_console, wait_applied

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
