"""The window shows only what the role may do; a scoped administrator sees only its subtrees."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.support import GUI_MARKS, apply_preview, directory_panel, member, open_console, select_rows

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _add_admin(url: str, name: str, role: str, scope: list[str] | None = None) -> None:
    console = open_console(url)
    try:
        console.admins.add(console.actor, name, role, "Admin#2026pw", scope or [])
    finally:
        console.uow.dispose()


def test_a_scoped_administrator_cannot_see_outside_its_subtree(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    _add_admin(gui_org_url, "rd-admin", "scoped", ["研发部"])
    main_window = make_window(gui_org_url, "rd-admin", "Admin#2026pw")
    panel = directory_panel(main_window)
    tree = panel.departments.model
    # Its subtree is its top level: no enterprise row, no 产品部 or 市场部 anywhere.
    assert tree.rowCount() == 1 and tree.path(tree.index(0, 0)) == "研发部"
    assert set(tree.snapshot.paths) == {"研发部", "研发部/前端组", "研发部/后端组"}
    assert tree.index_for_path("产品部").isValid() is False
    assert panel.departments.current_path() == "研发部"
    QTest.keyClicks(panel.departments.search, "liu")  # 刘洋 of 产品部: outside, never found
    qtbot.waitUntil(lambda: panel.members.title.text().startswith("Search “liu”"), timeout=5000)
    assert panel.members.model.rowCount() == 0
    panel.departments.search.clear()
    QTest.keyClicks(panel.departments.search, "zw")
    qtbot.waitUntil(lambda: [m.account for m in panel.members.model.rows] == ["zhangwei"], timeout=5000)
    # It may change its own subtree.
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "zhangwei")
    panel.members.resign_action.trigger()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "zhangwei").status == "resigned"
    # Settings are readable but not writable for it; the lock desk only lists its own members.
    settings = main_window.show_panel("enterprise/security")
    assert not settings.save_button.isVisible()
    assert not settings.editors["security.lockout_threshold"].isEnabled()
    lists = main_window.show_panel("directory/access")
    lists.kinds.setCurrentRow(2)
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["zhangwei"], timeout=15000)


def test_an_auditor_only_reads(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    _add_admin(gui_org_url, "reader", "auditor")
    main_window = make_window(gui_org_url, "reader", "Admin#2026pw")
    panel = directory_panel(main_window)
    assert panel.departments.select_path("产品部")
    assert panel.members.model.rowCount() == 2
    members = panel.members
    for action in (members.add_action, members.move_action, members.resign_action, members.delete_action,
                   members.confidential_action, *members.auth_actions.values()):
        assert not action.isVisible()
    assert not members.model.flags(members.model.index(0, 5)) & Qt.ItemFlag.ItemIsEditable
    assert not panel.departments.model.droppable
    assert not main_window.undo_action.isEnabled()
    history = main_window.show_panel("tools/history")
    assert not history.undo_button.isVisible() and history.model.rowCount() > 0
    assert main_window.show_panel("directory/lockout") is not None  # auditors may read the lock list
    assert not main_window.panels["directory/lockout"].unlock_all_button.isVisible()
