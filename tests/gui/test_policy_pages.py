"""我的企业's policy pages in the window: 可见性设置 (the rules editor and "see the address book as member X"),
敏感信息保护 (the live test box) and 文件传输权限 (the question box); readers only read."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.support import GUI_MARKS, apply_preview, open_console, wait_jobs
from youdu_console.gui.main_window import MainWindow
from youdu_console.services.admins import AdminService
from youdu_console.services.visibility import Targets

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _rules(url: str) -> list[dict[str, Any]]:
    console = open_console(url)
    try:
        return [r.to_json() for r in console.visibility.rules()]
    finally:
        console.uow.dispose()


def test_visibility_rules_and_see_as_member(qtbot: Any, qtmodeltester: Any, main_window: MainWindow,
                                            gui_org_url: str) -> None:
    panel = main_window.show_panel("enterprise/visibility")
    assert panel is not None and panel.rules.model.rowCount() == 0
    # a new rule through the dialog, applied like every change
    panel.rules.add_rule()
    qtbot.waitUntil(lambda: panel.rules.dialog is not None and panel.rules.dialog.isVisible(), timeout=5000)
    dialog = panel.rules.dialog
    dialog.name.setText("市场部只看本部门")  # setText: QTest.keyClicks cannot type CJK characters
    dialog.kind.setCurrentIndex(dialog.kind.findData("restrict"))
    assert dialog.boxes[("extra", "depts")].isEnabled()
    dialog.boxes[("subjects", "depts")].setPlainText("市场部")
    dialog.boxes[("extra", "members")].setPlainText("zhangwei")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: len(_rules(gui_org_url)) == 1, timeout=15000)
    console = open_console(gui_org_url)
    try:
        console.apply(console.visibility.plan_add("隐藏产品部", "hide", Targets(("产品部",)),
                                                  whitelist=Targets(members=("lina",))))
    finally:
        console.uow.dispose()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.rules.model.rowCount() == 2, timeout=5000)
    cells = [[panel.rules.model.index(r, c).data() for c in range(5)] for r in range(2)]
    assert cells == [["市场部只看本部门", "Restrict to own department", "市场部", "", "zhangwei"],
                     ["隐藏产品部", "Hide departments/members", "产品部", "lina", ""]]
    # see the address book as zhaolei (市场部, restricted; zhangwei is an extra visible member)
    panel.see_as_member("zhaolei")
    wait_jobs(qtbot, main_window.runner)
    see = panel.see_as
    qtmodeltester.check(see.model, force_py=True)
    assert "Limited by rule 市场部只看本部门 (Restrict to own department)" in see.summary.text()
    shown = {(m.account, m.rule) for m in see.model.rows}
    assert ("zhaolei", "") in shown and ("zhangwei", "") in shown
    assert ("liuyang", "隐藏产品部 (Hide departments/members)") in shown  # hidden: the rule that hid it
    assert ("wangfang", "市场部只看本部门 (Restrict to own department)") in shown
    grey = see.model.index(next(i for i, m in enumerate(see.model.rows) if m.account == "liuyang"), 0)
    assert not see.model.flags(grey) & Qt.ItemFlag.ItemIsEnabled  # greyed
    assert see.model.flags(see.model.index(0, 0)) & Qt.ItemFlag.ItemIsEnabled
    assert grey.data(3) == "隐藏产品部 (Hide departments/members)"  # Qt.ToolTipRole
    tops = {see.tree.topLevelItem(i).text(0): see.tree.topLevelItem(i).text(1)
            for i in range(see.tree.topLevelItemCount())}
    assert tops["市场部"] == "" and tops["研发部"] == "(path only)"
    assert tops["产品部"] == "隐藏产品部 (Hide departments/members)"
    see.hidden_box.setChecked(False)
    wait_jobs(qtbot, main_window.runner)
    assert {m.account for m in see.model.rows} == {"zhaolei", "zhangwei"}
    # lina is on the hide rule's whitelist: she sees 产品部
    panel.see_as_member("lina")
    wait_jobs(qtbot, main_window.runner)
    assert "liuyang" in {m.account for m in see.model.rows if not m.rule}
    panel.see_as_member("ghost")
    wait_jobs(qtbot, main_window.runner)
    assert "ghost" in see.summary.text() and see.model.rowCount() == 0

    # delete through the preview
    panel.tabs.setCurrentIndex(0)
    panel.rules.view.selectRow(1)
    panel.rules.delete_rules()
    apply_preview(qtbot, main_window)
    assert [r["name"] for r in _rules(gui_org_url)] == ["市场部只看本部门"]


def test_sensitive_words_test_box_and_transfer_question(qtbot: Any, main_window: MainWindow) -> None:
    page = main_window.show_panel("enterprise/sensitive")
    assert page is not None
    page.set_value("sensitive.enabled", True)
    page.set_value("sensitive.words", ["工资", "工资条", "ABC"])
    page.test_input.setPlainText("本月工资条和ａｂｃ")
    assert page.test_output.text() == "Sent as: 本月***和***"
    page.set_value("sensitive.mode", "block")
    assert page.test_output.text() == "Blocked: the message holds 工资、工资条、ABC and is not sent."
    page.set_value("sensitive.enabled", False)
    assert page.test_output.text().startswith("Protection is off")
    page.set_value("sensitive.enabled", True)
    page.save()
    apply_preview(qtbot, main_window)
    console = open_console(main_window.session.url)
    try:
        assert console.settings.get("sensitive.words") == ["工资", "工资条", "ABC"]
    finally:
        console.uow.dispose()

    transfer = main_window.show_panel("enterprise/transfer")
    assert transfer is not None
    transfer.account.setText("zhaolei")
    transfer.mode.setCurrentIndex(transfer.mode.findData("interconnect"))
    transfer.size.setValue(150)
    transfer.check.click()
    assert transfer.answer.text() == "Refused: larger than this mode's limit (limit 100 MB)"
    transfer.mode.setCurrentIndex(transfer.mode.findData("p2p"))
    transfer.check.click()
    assert transfer.answer.text() == "Allowed (limit 2048 MB)"
    transfer.address.setText("not-an-address")
    transfer.check.click()
    assert "not-an-address" in transfer.answer.text()


def test_readers_see_the_rules_but_no_actions(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.apply(console.visibility.plan_add("隐藏产品部", "hide", Targets(("产品部",))))
        AdminService(console.uow).add(console.actor, "reader", "auditor", "Admin#2026pw")
    finally:
        console.uow.dispose()
    window = make_window(gui_org_url, "reader", "Admin#2026pw")
    panel = window.show_panel("enterprise/visibility")
    assert panel.rules.model.rowCount() == 1
    for button in (panel.rules.add_button, panel.rules.edit_button, panel.rules.delete_button):
        assert not button.isVisible()
    panel.see_as_member("zhaolei")
    wait_jobs(qtbot, window.runner)
    assert "liuyang" not in {m.account for m in panel.see_as.model.rows if not m.rule}
    page = window.show_panel("enterprise/sensitive")
    assert not page.save_button.isVisible()
