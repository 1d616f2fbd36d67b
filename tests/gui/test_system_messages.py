"""管理工具 → 系统消息: the outbox that msg/send fills, listed in the window."""

from __future__ import annotations

from typing import Any

from tests.gui.support import GUI_MARKS, open_console
from youdu_console.gui.i18n import current_lang
from youdu_console.gui.main_window import MainWindow
from youdu_console.services.sysmsg import SystemMessageService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def test_outbox_lists_messages_apps_sent(qtbot: Any, qtmodeltester: Any, main_window: MainWindow,
                                         gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        service = SystemMessageService(console.uow, console.actor)
        service.send("sysMsgAssistant", to_users=["liuyang"], to_depts=[], to_all=False, online_only=False,
                     title="升级通知", body={"title": "升级通知", "msg": [{"text": {"content": "今晚升级"}}]})
        service.send("sysMsgAssistant", to_users=[], to_depts=[], to_all=True, online_only=True,
                     title="全员", body={"title": "全员", "msg": []})
    finally:
        console.uow.dispose()
    panel = main_window.show_panel("tools/sysmsg")
    assert panel is not None
    panel.refresh()
    qtmodeltester.check(panel.model, force_py=True)
    model = panel.model
    rows = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == [
        ("sysMsgAssistant", "全员", "Members online" if current_lang() == "en" else "在线成员", ""),
        ("sysMsgAssistant", "升级通知", "liuyang", "今晚升级")]


def test_send_dialog_previews_checks_and_sends(qtbot: Any, main_window: MainWindow) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    panel = main_window.show_panel("tools/sysmsg")
    assert panel is not None and panel.send_button.isVisible() and "&" in panel.send_button.text()
    panel.refresh()
    before = panel.model.rowCount()
    dialog = panel.send()
    qtbot.waitUntil(dialog.isVisible)
    ui = dialog.ui
    # every field is reachable by Tab, in the order they are shown
    chain, w = [], ui.title_edit
    for _ in range(8):
        chain.append(w.objectName())
        w = w.nextInFocusChain()
        while not w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            w = w.nextInFocusChain()
    assert chain[:3] == ["title_edit", "content_edit", "everyone_radio"]
    qtbot.keyClicks(ui.title_edit, "Upgrade")  # typed (QTest types Latin keys only); the rest is set
    ui.title_edit.setText(ui.title_edit.text() + " 维护通知")
    ui.content_edit.setPlainText("今晚维护 [详情|ftp://x/|1]")
    assert ui.error_message.isVisible() and not ui.preview_text.toPlainText()
    ok = ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: nothing sent, nothing typed lost
    ui.content_edit.setPlainText("今晚维护 [详情|https://example.com/x|0]")
    ui.online_radio.setChecked(True)
    ui.timed_radio.setChecked(True)
    assert ui.seconds_spin.isEnabled() and ui.everyone_radio.isChecked() is False
    ui.seconds_spin.setValue(60)
    preview = ui.preview_text.toPlainText()
    assert "Upgrade 维护通知" in preview and "https://example.com/x" in preview and "60" in preview
    assert not ui.error_message.isVisible()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == before + 1, timeout=5000)
    sent = max(panel.model.rows, key=lambda m: m.id)
    assert (sent.app_id, sent.title, sent.to_all, sent.online_only, sent.body["popDuration"]) == (
        "sysMsgAssistant", "Upgrade 维护通知", True, True, 60)
