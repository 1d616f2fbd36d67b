"""管理工具 → 意见反馈: feedback submitted by members, filtered, exported and deleted (previewed, undoable) in the
window; the delete button only for super administrators."""

from __future__ import annotations

import base64
from typing import Any

from tests.fixtures.core import Cli
from tests.gui.support import GUI_MARKS, apply_preview, open_console, wait_jobs
from youdu_console.gui.main_window import MainWindow
from youdu_console.services import changes
from youdu_console.services.feedback import FeedbackService

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def test_feedback_page_lists_filters_exports_and_deletes(qtbot: Any, qtmodeltester: Any, make_window: Any,
                                                        gui_org_url: str, tmp_path: Any) -> None:
    console = open_console(gui_org_url)
    try:
        service = FeedbackService(console.uow, console.actor)
        first = service.submit("im", "zhangwei", "意见反馈", "=1+1 不能发图",
                               [{"name": "a.txt", "data": base64.b64encode(b"hello").decode()}])
        second = service.submit("im", "liuyang", "bug", "崩溃")
    finally:
        console.uow.dispose()
    assert Cli(gui_org_url)("admin", "add", "fb-auditor", "--role", "auditor", "--password-stdin",
                            input="Audit#1234\n").code == 0
    main_window: MainWindow = make_window(gui_org_url)
    panel = main_window.show_panel("tools/feedback")
    assert panel is not None
    panel.refresh()
    qtmodeltester.check(panel.model, force_py=True)
    assert [f.id for f in panel.model.rows] == [second.id, first.id]
    assert panel.delete_button.isVisibleTo(panel)

    panel.department.setText("研发部")
    panel.search_button.click()
    assert [f.id for f in panel.model.rows] == [first.id]
    assert panel.model.data(panel.model.index(0, 2)) == "研发部/前端组"

    target = tmp_path / "fb.xlsx"
    with qtbot.waitSignal(main_window.statusBar().messageChanged, timeout=15000):
        panel.export_to(str(target))
    wait_jobs(qtbot, main_window.runner)
    import openpyxl

    cell = openpyxl.load_workbook(target).active.cell(2, 6)
    assert (cell.value, cell.quotePrefix) == ("=1+1 不能发图", True)

    panel.select_ids([first.id])
    assert panel.view_button.isEnabled()
    panel.delete_selected()
    applied = apply_preview(qtbot, main_window)
    assert applied.kind == "feedback.delete"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=15000)
    changes.undo(main_window.session.uow, main_window.session.actor, applied.id)
    panel.refresh()
    assert [f.id for f in panel.model.rows] == [first.id]

    auditor_window: MainWindow = make_window(gui_org_url, "fb-auditor", "Audit#1234")
    readonly = auditor_window.show_panel("tools/feedback")
    assert readonly is not None
    readonly.refresh()
    assert len(readonly.model.rows) == 2 and not readonly.delete_button.isVisibleTo(readonly)


def test_members_online_show_so_and_come_first_when_the_sort_rule_asks(make_window: Any, gui_org_url: str) -> None:
    from tests.gui.support import select_department
    from youdu_console.gui.i18n import translate
    from youdu_console.policy import sessions

    console = open_console(gui_org_url)
    try:
        console.apply(console.access.plan_authorization(["zhangwei"], "grant"))
        assert sessions.start(console.uow, "im", "gui-1", "zhangwei", "mac", None, actor=console.actor)["ok"]
        console.apply(console.settings.plan_set({"directory.sort_rule": "online_first"}))
    finally:
        console.uow.dispose()
    main_window: MainWindow = make_window(gui_org_url)
    panel = select_department(main_window, "研发部/前端组")
    members = panel.members.model
    assert [m.account for m in members.rows] == ["zhangwei", "lina"]  # online first, though lighter
    status = members.data(members.index(0, 6))
    assert status.endswith(translate("MemberStatus", ", online"))
    assert not members.data(members.index(1, 6)).endswith(translate("MemberStatus", ", online"))


def test_a_held_replace_is_previewed_and_approved_or_rejected_in_the_window(qtbot: Any, make_window: Any,
                                                                             gui_org_url: str) -> None:
    from youdu_console.services import approvals

    body = {"deptList": [{"id": 900, "name": "新总部", "parentId": 0}],
            "userList": [{"userId": "hr1", "name": "人事一", "dept": [900]}]}
    console = open_console(gui_org_url)
    try:
        first = approvals.hold(console.uow, "sysOrgAssistant", "job-a", body, {"added": 2})
    finally:
        console.uow.dispose()
    main_window: MainWindow = make_window(gui_org_url)
    panel = main_window.show_panel("tools/approvals")
    assert panel is not None
    panel.refresh()
    panel.view.selectRow(0)
    assert panel.preview_button.isEnabled()
    panel.preview_selected()
    applied = apply_preview(qtbot, main_window)
    assert (applied.kind, applied.actor) == ("org.replaceall", "app:sysOrgAssistant")
    assert main_window.session.console.directory.get_member("hr1").departments == ("新总部",)
    qtbot.waitUntil(lambda: panel.model.rows[0].status == "applied", timeout=15000)

    console = open_console(gui_org_url)
    try:
        second = approvals.hold(console.uow, "sysOrgAssistant", "job-b", body, {})
    finally:
        console.uow.dispose()
    panel.refresh()
    panel.reject(second)
    qtbot.waitUntil(lambda: [a.status for a in panel.model.rows] == ["rejected", "applied"], timeout=15000)
    assert [a.id for a in panel.model.rows] == [second, first]
