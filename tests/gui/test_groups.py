"""群管理 in the window: the tab appears, the list filters and counts, the detail pane edits members and admins
through previews, the address book's department menu creates a department group; readers only read."""

from __future__ import annotations

from typing import Any

from PySide6.QtTest import QTest

from tests.gui.support import GUI_MARKS, apply_preview, directory_panel, open_console, select_rows
from youdu_console.gui.main_window import MainWindow
from youdu_console.services.admins import AdminService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _groups(url: str) -> dict[str, Any]:
    console = open_console(url)
    try:
        return {g.name: g for g in console.groups.list_groups(with_members=True)}
    finally:
        console.uow.dispose()


def _seed_groups(url: str) -> None:
    console = open_console(url)
    try:
        console.apply(console.groups.plan_add("项目群", owner="lina", members=["zhangwei", "liuyang"]))
        console.apply(console.groups.plan_add_department("研发部", recursive=True))
    finally:
        console.uow.dispose()


def test_groups_panel_lists_filters_and_edits(qtbot: Any, qtmodeltester: Any, main_window: MainWindow,
                                              gui_org_url: str) -> None:
    _seed_groups(gui_org_url)
    panel = main_window.show_panel("groups")
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=15000)
    qtmodeltester.check(panel.model, force_py=True)
    assert panel.title.text() == "Groups(2)"
    shown = {panel.model.index(i, 0).data(): (panel.model.index(i, 1).data(), panel.model.index(i, 2).data(),
                                              panel.model.index(i, 3).data()) for i in range(2)}
    assert shown == {"项目群": ("Fixed group", "", "3"), "研发部": ("Department group", "研发部 (+)", "3")}

    panel.select_group("研发部")
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.name == "研发部", timeout=5000)
    assert [m.account for m in panel.members_model.rows] == ["lina", "wangfang", "zhangwei"]
    assert panel.badge.text() == "Department group"
    assert not panel.add_account_button.isEnabled()  # its members follow the department
    assert "follow" in panel.add_account_button.toolTip()

    panel.filter.setText("项目")  # typed text: QTest.keyClicks cannot type CJK characters
    qtbot.waitUntil(lambda: [g.name for g in panel.model.rows] == ["项目群"], timeout=5000)
    panel.filter.clear()
    panel.by_member.setChecked(True)
    QTest.keyClicks(panel.filter, "liuyang")
    qtbot.waitUntil(lambda: [g.name for g in panel.model.rows] == ["项目群"], timeout=5000)
    panel.by_member.setChecked(False)
    panel.filter.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)

    # members from the department tree picker, through the preview
    panel.select_group("项目群")
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.name == "项目群", timeout=5000)
    panel.add_department_members("产品部")
    apply_preview(qtbot, main_window)
    assert _groups(gui_org_url)["项目群"].members == ("chenjing", "lina", "liuyang", "zhangwei")
    qtbot.waitUntil(lambda: panel.members_model.rowCount() == 4, timeout=5000)

    select_rows(panel.members_view, panel.members_model, lambda m: m.account == "zhangwei")
    panel.make_admin_button.click()
    apply_preview(qtbot, main_window)
    assert _groups(gui_org_url)["项目群"].admins == ("zhangwei",)
    qtbot.waitUntil(lambda: panel.admins_label.text() == "zhangwei", timeout=5000)
    select_rows(panel.members_view, panel.members_model, lambda m: m.account == "chenjing")
    panel.remove_button.click()
    apply_preview(qtbot, main_window)
    assert _groups(gui_org_url)["项目群"].member_count == 3

    panel.new_fixed_group()
    qtbot.waitUntil(lambda: panel.prompt is not None and panel.prompt.isVisible(), timeout=5000)
    panel.prompt.edit.setText("新群")
    panel.prompt.buttons.accepted.emit()
    apply_preview(qtbot, main_window)
    assert "新群" in _groups(gui_org_url)

    # the address book's department menu: create the department's group; the preview lists who joins
    tree = directory_panel(main_window).departments
    assert tree.select_path("产品部")
    action = next(a for a in tree.context_menu().actions() if a.objectName() == "action_create_department_group")
    assert action.text() == "Create department &group"
    action.trigger()
    apply_preview(qtbot, main_window)
    assert _groups(gui_org_url)["产品部"].members == ("chenjing", "liuyang")

    # a move planned by the address book: the window's preview shows the group it leaves, and applies both
    session = main_window.session
    main_window.run_change(lambda: session.directory.plan_move_members(["liuyang"], "市场部"), title="Move")
    qtbot.waitUntil(lambda: main_window.preview_dialog is not None and main_window.preview_dialog.isVisible(),
                    timeout=15000)
    ops = main_window.preview_dialog.operations
    texts = {ops.index(r, c).data() for r in range(ops.rowCount()) for c in range(ops.columnCount())}
    assert "Leaves group" in texts and "liuyang → 产品部" in texts
    apply_preview(qtbot, main_window)
    assert _groups(gui_org_url)["产品部"].members == ("chenjing",)

    # a department with a group offers to delete both; the ordinary delete keeps the group as a fixed one
    assert tree.select_path("研发部")
    names = {a.objectName() for a in tree.context_menu().actions()}
    assert "action_delete_department_and_group" in names
    assert tree.select_path("市场部")
    assert "action_delete_department_and_group" not in {a.objectName() for a in tree.context_menu().actions()}


def test_readers_see_groups_but_no_actions(qtbot: Any, qtmodeltester: Any, make_window: Any,
                                           gui_org_url: str) -> None:
    _seed_groups(gui_org_url)
    console = open_console(gui_org_url)
    try:
        AdminService(console.uow).add(console.actor, "reader", "auditor", "Admin#2026pw")
    finally:
        console.uow.dispose()
    main_window = make_window(gui_org_url, "reader", "Admin#2026pw")
    panel = main_window.show_panel("群管理")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=15000)
    panel.select_group("项目群")
    qtbot.waitUntil(lambda: panel.members_model.rowCount() == 3, timeout=5000)
    qtmodeltester.check(panel.members_model, force_py=True)  # one model per tester: it keeps the last one
    assert [(m.account, panel.members_model.index(i, 2).data()) for i, m in enumerate(panel.members_model.rows)] \
        == [("lina", "Owner"), ("liuyang", ""), ("zhangwei", "")]
    for button in (panel.new_button, panel.new_dept_button, panel.rename_button, panel.delete_button,
                   panel.add_dept_button, panel.add_account_button, panel.make_admin_button):
        assert not button.isVisible()
    tree = directory_panel(main_window).departments
    assert tree.select_path("产品部")
    assert all(a.objectName() != "action_create_department_group" for a in tree.context_menu().actions())
