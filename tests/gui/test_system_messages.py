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
