"""企业应用 in the window: the app list with logos and the editor (add through the preview, a long name warned,
a secret shown only to super admins), a template's apps reordered by drag and drop and saved in that order,
"see the portal as member X", and a scoped administrator's read-only view of system apps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.gui.support import GUI_MARKS, apply_preview, open_console
from youdu_console.gui.main_window import MainWindow
from youdu_console.services.admins import AdminService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _seed(url: str) -> dict[str, str]:
    console = open_console(url)
    try:
        ids = {}
        for name in ("OA", "报销", "代码库"):
            ids[name] = console.apply(console.apps.plan_add(name, intro=f"{name}系统入口")).operations[0].key
        console.apply(console.portal.plan_add("全员", apps=[ids["OA"], ids["报销"], ids["代码库"]], depts=["研发部"]))
        return ids
    finally:
        console.uow.dispose()


def test_apps_panel_lists_logos_and_edits(qtbot: Any, qtmodeltester: Any, main_window: MainWindow,
                                          gui_org_url: str) -> None:
    ids = _seed(gui_org_url)
    panel = main_window.show_panel("apps/apps")
    assert panel is not None
    qtbot.waitUntil(lambda: panel.custom_model.rowCount() == 3, timeout=15000)
    qtmodeltester.check(panel.custom_model, force_py=True)
    assert panel.system_model.rowCount() == 11
    icon = panel.custom_model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()  # a logo for every app (the built-in icon when none was uploaded)

    panel.new_app()
    panel.name_edit.setText("人事管理系统入口")  # more than 6 characters: warned, still accepted
    assert panel.name_warning.isVisibleTo(panel) and "6" in panel.name_warning.text()
    panel.intro_edit.setPlainText("人事系统的入口")
    panel.mobile_box.setChecked(False)
    panel.homepage_edit.setText("https://hr.example.com/?t=$TOKEN$")
    panel.save_button.click()
    apply_preview(qtbot, main_window)
    console = open_console(gui_org_url)
    try:
        made = next(a for a in console.apps.list_apps() if a.name == "人事管理系统入口")
        assert made.terminals == ("desktop",)
        qtbot.waitUntil(lambda: panel.current is not None and panel.current.app_id == made.app_id, timeout=5000)
        panel.reveal_button.click()  # a super admin sees the key, and the reveal is audited
        assert panel.key_label.text() == console.apps.reveal_secret(made.app_id)["encoding_aes_key"]
    finally:
        console.uow.dispose()

    # the portal: drag the last app to the top, save, and the member's portal follows the new order
    portal = main_window.show_panel("apps/portal")
    qtbot.waitUntil(lambda: portal.chosen.count() == 3, timeout=15000)
    view = portal.chosen
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    # what an internal drag-and-drop does to the view's model (a synthetic QDropEvent carries no source widget
    # offscreen, so Qt would treat it as a drop from outside): move the last row to the top
    assert view.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert [app_id for _g, app_id in portal.entries()] == [ids["代码库"], ids["OA"], ids["报销"]]
    portal.save_button.click()
    apply_preview(qtbot, main_window)
    portal.preview_account.setText("zhangwei")
    portal.preview()
    assert [portal.preview_list.item(i).text() for i in range(portal.preview_list.count())] == ["代码库", "OA", "报销"]
    assert "zhangwei" in portal.preview_status.text()
    portal.preview_account.setText("liuyang")  # 产品部 uses no template
    portal.preview()
    assert portal.preview_list.count() == 0


def test_scoped_admins_cannot_edit_system_apps_or_see_secrets(qtbot: Any, make_window: Any,
                                                             gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        AdminService(console.uow).add(console.actor, "rd", "scoped", "Scoped#2026pw", ["研发部"])
    finally:
        console.uow.dispose()
    window = make_window(gui_org_url, "rd", "Scoped#2026pw")
    panel = window.show_panel("apps/apps")
    qtbot.waitUntil(lambda: panel.system_model.rowCount() == 11, timeout=15000)
    panel.select_app("sysMsgAssistant")
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.app_id == "sysMsgAssistant", timeout=5000)
    assert not panel.save_button.isEnabled() and not panel.name_edit.isEnabled()
    assert not panel.reveal_button.isVisible() and not panel.copy_button.isVisible()
    assert panel.add_button.isVisible()  # self-built apps of its own department: allowed
