"""企业应用 → 通知公告 in the window: categories, the records with the manual's 状态 ("共N人 未读M人"), sending with
the department picker through the preview, pin/unpin and recall, and who has not read it; readers only read."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.support import GUI_MARKS, apply_preview, open_console
from youdu_console.gui.main_window import MainWindow
from youdu_console.policy.announcements import record_read
from youdu_console.services.admins import AdminService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _rows(panel: Any) -> list[tuple[str, str]]:
    m = panel.model
    return [(m.index(r, 0).data(), m.index(r, 4).data()) for r in range(m.rowCount())]


def test_announcements_panel_sends_pins_recalls_and_shows_unread(qtbot: Any, qtmodeltester: Any,
                                                                 make_window: Any, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.apply(console.announcements.plan_add_category("放假公告"))
        AdminService(console.uow).add(console.actor, "audit", "auditor", "Audit#12345")
    finally:
        console.uow.dispose()
    main_window: MainWindow = make_window(gui_org_url)
    panel = main_window.show_panel("apps/notices")
    assert panel is not None
    assert [panel.categories.item(i).text() for i in range(panel.categories.count())] == ["All announcements",
                                                                                          "放假公告"]
    panel.select_category("放假公告")

    # send to 研发部 (its subtree: three members), picked with the department picker, through the preview
    dialog = panel.send()
    dialog.ui.title_edit.setText("端午节放假通知")
    dialog.ui.body_edit.setPlainText("6 月 22 日至 24 日放假")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.ui.error_message.isVisibleTo(dialog)  # no audience: said beside the fields
    dialog.pick_department()
    assert dialog.picker is not None
    dialog.picker.department_chosen.emit("研发部")
    dialog.picker.close()
    assert dialog.departments() == ["研发部"]
    assert dialog.ui.category_combo.currentData() == "放假公告"
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    apply_preview(qtbot, main_window)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=5000)
    qtmodeltester.check(panel.model, force_py=True)
    assert _rows(panel) == [("端午节放假通知", "3 people, none read")]
    sent = panel.model.rows[0]

    console = open_console(gui_org_url)
    try:
        record_read(console.uow, "zhangwei", sent.id)
    finally:
        console.uow.dispose()
    panel.refresh()
    assert _rows(panel) == [("端午节放假通知", "3 people, 2 unread")]

    panel.select(sent.id)
    assert panel.pin_button.text() == "&Pin to top"
    panel.pin_button.click()
    apply_preview(qtbot, main_window)
    qtbot.waitUntil(lambda: _rows(panel)[0][0] == "[Pinned] 端午节放假通知", timeout=5000)

    panel.select(sent.id)
    status = panel.show_read_status()
    assert status is not None and status.summary.text() == "3 people, 2 unread"
    m = status.model
    unread = [(m.index(r, 0).data(), m.index(r, 2).data()) for r in range(m.rowCount())]
    assert unread == [("lina", "Unread"), ("wangfang", "Unread")]  # zhangwei read it
    status.unread_only.setChecked(False)
    assert [m.index(r, 0).data() for r in range(m.rowCount())] == ["lina", "wangfang", "zhangwei"]
    assert m.index(2, 2).data() not in ("", "Unread")
    status.close()

    panel.select(sent.id)
    panel.recall_button.click()
    apply_preview(qtbot, main_window)
    qtbot.waitUntil(lambda: _rows(panel) == [("端午节放假通知", "Recalled")], timeout=5000)
    panel.select(sent.id)
    assert not panel.pin_button.isEnabled() and not panel.recall_button.isEnabled()

    # an auditor reads: no send, pin, recall or category buttons
    reader = make_window(gui_org_url, "audit", "Audit#12345").show_panel("apps/notices")
    assert reader is not None and reader.model.rowCount() == 1
    assert not any(b.isVisibleTo(reader) for b in (reader.send_button, reader.pin_button, reader.recall_button,
                                                   reader.add_category_button))
    assert reader.status_button.isVisibleTo(reader)
