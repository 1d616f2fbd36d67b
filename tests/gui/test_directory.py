"""通讯录 flows through the window; each test checks the database afterwards, not only the widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.support import (
    GUI_MARKS,
    apply_preview,
    departments,
    member,
    member_or_none,
    select_department,
    select_rows,
    wait_applied,
    wait_jobs,
)
from youdu_console.gui.main_window import MainWindow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def test_the_tree_shows_counts_and_the_table_the_department(main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "研发部/前端组")
    assert panel.members.title.text() == "前端组(2)"
    assert [m.account for m in panel.members.model.rows] == ["lina", "zhangwei"]  # larger weight first
    tree = panel.departments.model
    assert tree.data(tree.index_for_path("研发部")) == "研发部(3)"


def test_add_a_sub_department(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "研发部")
    panel.departments.add_action.trigger()
    prompt = panel.departments.prompt
    assert prompt is not None and prompt.isVisible()
    prompt.edit.setText("测试/组")  # a slash is refused, next to the field
    prompt.buttons.button(prompt.buttons.StandardButton.Ok).click()
    assert "may not contain /" in prompt.error.text()
    assert prompt.isVisible()
    prompt.edit.setText("测试组")
    wait_applied(qtbot, main_window, lambda: prompt.buttons.button(prompt.buttons.StandardButton.Ok).click())
    assert "研发部/测试组" in departments(gui_org_url)
    assert panel.departments.current_path() == "研发部/测试组"
    assert panel.departments.model.data(panel.departments.model.index_for_path("研发部")) == "研发部(3)"


def test_rename_and_delete_a_department(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "市场部")
    panel.departments.rename_action.trigger()
    prompt = panel.departments.prompt
    prompt.edit.setText("市场营销部")
    wait_applied(qtbot, main_window, lambda: prompt.buttons.button(prompt.buttons.StandardButton.Ok).click())
    assert "市场营销部" in departments(gui_org_url) and "市场部" not in departments(gui_org_url)
    # Not empty: refused with the coded message, nothing changed.
    panel.departments.select_path("市场营销部")
    panel.departments.delete_action.trigger()
    qtbot.waitUntil(lambda: main_window.last_error is not None, timeout=15000)
    assert main_window.last_error.code == "dept_not_empty"
    assert "市场营销部" in departments(gui_org_url)


def test_add_a_member_with_a_validation_error_then_fixed(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    panel.members.add_action.trigger()
    editor = panel.members.dialog
    assert editor.departments() == ["产品部"]
    editor.set_field("account", "xiaoming")
    editor.set_field("name", "小明")
    editor.set_field("mobile", "12ab")
    assert editor.field_error("mobile").startswith("Mobile number “12ab” is not a valid mobile number")
    editor.save_button.click()
    assert editor.isVisible() and member_or_none(gui_org_url, "xiaoming") is None
    editor.set_field("mobile", "13800000001")  # valid, but zhangwei has it: the service says so
    editor.save_button.click()
    qtbot.waitUntil(lambda: "already used by zhangwei" in editor.field_error("mobile"), timeout=15000)
    assert member_or_none(gui_org_url, "xiaoming") is None
    editor.set_field("mobile", "13900000009")
    assert editor.field_error("mobile") == ""
    wait_applied(qtbot, main_window, editor.save_button.click)
    saved = member(gui_org_url, "xiaoming")
    assert (saved.name, saved.mobile, saved.departments) == ("小明", "13900000009", ("产品部",))
    assert "xiaoming" in [m.account for m in panel.members.model.rows]


def test_edit_a_member(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "liuyang")
    panel.members.edit_action.trigger()
    editor = panel.members.dialog
    assert editor.edits["account"].isReadOnly()
    editor.set_field("position", "高级产品经理")
    editor.set_field("email", "liuyang@example.com")
    editor.add_department("市场部")
    wait_applied(qtbot, main_window, editor.save_button.click)
    saved = member(gui_org_url, "liuyang")
    assert saved.email == "liuyang@example.com" and saved.position == "高级产品经理"
    assert saved.departments == ("产品部", "市场部")


def test_drag_a_member_onto_another_department(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "研发部/前端组")
    members, tree = panel.members.model, panel.departments.model
    row = members.row_of(next(m.id for m in members.rows if m.account == "zhangwei"))
    mime = members.mimeData([members.index(row, 0)])
    # The view hands the drop to the model exactly like this; the move waits for the preview.
    tree.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, tree.index_for_path("研发部/后端组"))
    applied = apply_preview(qtbot, main_window)
    assert applied.summary()["moved"] == 1
    assert member(gui_org_url, "zhangwei").departments == ("研发部/后端组",)
    assert [m.account for m in members.rows] == ["lina"]
    assert tree.data(tree.index_for_path("研发部/后端组")) == "后端组(2)"


def test_move_members_with_the_menu(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: True)
    panel.members.move_action.trigger()
    picker = panel.members.dialog
    picker.select("市场部")
    picker.buttons.button(picker.buttons.StandardButton.Ok).click()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "liuyang").departments == ("市场部",)
    assert member(gui_org_url, "chenjing").departments == ("市场部",)


def test_drag_a_department_and_reorder_siblings(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "市场部")
    tree = panel.departments.model
    mime = tree.mimeData([tree.index_for_path("市场部")])
    tree.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, tree.index_for_path("产品部"))
    apply_preview(qtbot, main_window)
    assert departments(gui_org_url)["产品部/市场部"].parent == "产品部"
    # Drop 研发部 below 产品部 (between rows of the same parent): a new sibling order, no move.
    top = tree.index(0, 0)
    before = [tree.path(tree.index(r, 0, top)) for r in range(tree.rowCount(top))]
    assert before == ["产品部", "研发部"]
    mime = tree.mimeData([tree.index_for_path("研发部")])
    wait_applied(qtbot, main_window, lambda: tree.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, top))
    after = departments(gui_org_url)
    assert after["研发部"].sort > after["产品部"].sort
    top = tree.index(0, 0)
    assert [tree.path(tree.index(r, 0, top)) for r in range(tree.rowCount(top))] == ["研发部", "产品部"]


def test_resign_and_restore(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "chenjing")
    panel.members.resign_action.trigger()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "chenjing").status == "resigned"
    assert "chenjing" not in [m.account for m in panel.members.model.rows]
    lists = main_window.show_panel("directory/access")
    lists.kinds.setCurrentRow(2)  # 离职名单
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["chenjing"], timeout=15000)
    lists.select_accounts(["chenjing"])
    lists.buttons["restore"].click()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "chenjing").status == "active"
    qtbot.waitUntil(lambda: lists.model.rowCount() == 0, timeout=15000)


def test_delete_only_from_the_resigned(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "市场部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "zhaolei")
    panel.members.delete_action.trigger()
    qtbot.waitUntil(lambda: main_window.last_error is not None, timeout=15000)
    assert main_window.last_error.code == "invalid_rows" and main_window.last_error.errors[0]["code"] == "member_not_resigned"
    assert member(gui_org_url, "zhaolei").status == "active"
    panel.members.resign_action.trigger()
    apply_preview(qtbot, main_window)
    panel.members.status_combo.setCurrentIndex(1)  # show the resigned
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "zhaolei")
    panel.members.delete_action.trigger()
    apply_preview(qtbot, main_window)
    assert member_or_none(gui_org_url, "zhaolei") is None


def test_inline_weight_edit_and_confidential(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "研发部/前端组")
    model = panel.members.model
    row = model.row_of(next(m.id for m in model.rows if m.account == "zhangwei"))
    wait_applied(qtbot, main_window, lambda: model.setData(model.index(row, 5), 99))
    assert member(gui_org_url, "zhangwei").weight == 99
    assert [m.account for m in model.rows] == ["zhangwei", "lina"]  # the new weight sorts first
    select_rows(panel.members.view, model, lambda m: m.account == "zhangwei")
    panel.members.confidential_action.trigger()
    dialog = panel.members.dialog
    dialog.boxes["mobile"].setChecked(True)
    dialog.boxes["email"].setChecked(True)
    wait_applied(qtbot, main_window, lambda: dialog.buttons.button(dialog.buttons.StandardButton.Ok).click())
    assert set(member(gui_org_url, "zhangwei").confidential) == {"mobile", "email"}


def test_search_the_whole_directory(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "市场部")
    QTest.keyClicks(panel.departments.search, "zw")  # pinyin initials of 张伟
    qtbot.waitUntil(lambda: [m.account for m in panel.members.model.rows] == ["zhangwei"], timeout=5000)
    assert panel.members.title.text() == "Search “zw”: 1 found"
    panel.departments.search.clear()
    qtbot.waitUntil(lambda: [m.account for m in panel.members.model.rows] == ["zhaolei"], timeout=5000)
    QTest.keyClicks(panel.departments.search, "1380000000")
    qtbot.waitUntil(lambda: panel.members.model.rowCount() == 3, timeout=5000)


def test_undo_with_ctrl_z(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "liuyang")
    panel.members.resign_action.trigger()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "liuyang").status == "resigned"
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)  # window shortcuts need the active window
    panel.members.view.setFocus()
    QTest.keyClick(panel.members.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = apply_preview(qtbot, main_window)
    assert undone.kind == "undo"
    assert member(gui_org_url, "liuyang").status == "active"
    assert "liuyang" in [m.account for m in panel.members.model.rows]


def test_a_conflict_is_shown_and_the_view_reloads(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    from tests.gui.support import open_console

    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "liuyang")
    panel.members.resign_action.trigger()
    qtbot.waitUntil(lambda: main_window.preview_dialog is not None, timeout=15000)
    other = open_console(gui_org_url)  # another administrator changes the row meanwhile
    try:
        other.apply(other.directory.plan_update_member("liuyang", position="总监"))
    finally:
        other.uow.dispose()
    with qtbot.waitSignal(main_window.changes_applied, timeout=15000) as blocker:
        main_window.preview_dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)
    assert blocker.args == [None]  # "reload everything"
    assert main_window.last_error.code == "conflict"
    assert member(gui_org_url, "liuyang").status == "active"
    assert next(m for m in panel.members.model.rows if m.account == "liuyang").position == "总监"


def test_keyboard_reaches_the_actions(qtbot: Any, main_window: MainWindow) -> None:
    panel = select_department(main_window, "产品部")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    tree = panel.departments.view
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_F2)  # rename the department
    qtbot.waitUntil(lambda: panel.departments.prompt is not None and panel.departments.prompt.isVisible(), timeout=5000)
    assert panel.departments.prompt.edit.text() == "产品部"
    panel.departments.prompt.reject()
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # 新增成员, from the tree
    qtbot.waitUntil(lambda: panel.members.dialog is not None and panel.members.dialog.isVisible(), timeout=5000)
    assert panel.members.dialog.departments() == ["产品部"]
    panel.members.dialog.reject()
    for widget in (tree, panel.members.view, panel.departments.search, panel.members.status_combo):
        assert widget.accessibleName(), widget.objectName()


def test_a_big_department_shows_a_first_page_then_the_rest_as_it_scrolls(qtbot: Any, make_window: Any,
                                                                        gui_org_url: str) -> None:
    from tests.gui.support import open_console
    from youdu_console.domain.model import MemberRecord
    from youdu_console.gui.panels.directory import FIRST_PAGE

    console = open_console(gui_org_url)
    try:
        records = [MemberRecord(account=f"user{i:03d}", name=f"成员{i}", departments=["市场部"], weight=i % 7, row=i)
                   for i in range(FIRST_PAGE + 50)]
        console.apply(console.directory.plan_upsert(records, kind="test"))
        expected = [m.account for m in console.directory.list_members("市场部")]
    finally:
        console.uow.dispose()
    main_window = make_window(gui_org_url)
    panel = select_department(main_window, "市场部")
    model = panel.members.model
    assert model.rowCount() == FIRST_PAGE and model.total == FIRST_PAGE + 51
    assert panel.members.title.text() == f"市场部({FIRST_PAGE + 51})"  # the true count at once
    panel.members.view.scrollToBottom()  # the view fetches the next page when it reaches the end
    qtbot.waitUntil(lambda: model.rowCount() == FIRST_PAGE + 51, timeout=15000)
    assert [m.account for m in model.rows] == expected  # the service's order, page and rest


def test_pages_are_built_when_first_shown(qtbot: Any, main_window: MainWindow) -> None:
    slots = main_window.panels.slots
    assert slots["home"].panel is not None and slots["home"].panel.isVisible()
    assert "directory/lockout" in main_window.panels and slots["directory/lockout"].panel is None  # asked, not built
    assert slots["tools/ldap"].panel is None  # no directory server configured: no schedule to run
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=5000)
    index = main_window.top_slugs().index("directory")
    QTest.keyClick(main_window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)  # Go to 通讯录
    qtbot.waitUntil(lambda: slots["directory/members"].panel is not None
                    and slots["directory/members"].panel.isVisible(), timeout=5000)
    panel = main_window.panels["directory/lockout"]  # asked for by name: built, then shown by the window
    assert slots["directory/lockout"].panel is panel and main_window.show_panel("directory/lockout") is panel
    qtbot.waitUntil(panel.isVisible, timeout=5000)
    assert not panel.unlock_button.icon().isNull()  # built late, with its icon like the others
