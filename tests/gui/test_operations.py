"""The window's change operation (gui/operations.py): plan on the pool → preview → apply on the writer → report
and refresh. Each test checks the database afterwards, not only the widgets."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui.support import GUI_MARKS, member, select_department, wait_jobs
from youdu_console.domain.errors import YouduError
from youdu_console.gui.i18n import error_text
from youdu_console.gui.jobs import on_writer
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.operations import ChangeOp
from youdu_console.services import changes
from youdu_console.services.changes import ChangeSet

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def test_a_refused_plan_shows_the_coded_message_and_changes_nothing(qtbot: Any, main_window: MainWindow,
                                                                    gui_org_url: str) -> None:
    directory = main_window.session.directory
    with qtbot.assertNotEmitted(main_window.changes_applied):
        ChangeOp(main_window, "Delete", plan=lambda: directory.plan_delete_department("市场部")).run()
        qtbot.waitUntil(lambda: main_window.last_error is not None, timeout=15000)
        wait_jobs(qtbot, main_window.runner)
    exc = main_window.last_error
    assert isinstance(exc, YouduError) and exc.code == "dept_not_empty"
    box = next(b for b in main_window.findChildren(QMessageBox) if b.objectName() == "error_box")
    assert box.text() == error_text(exc) and "市场部" in box.text()
    assert main_window.preview_dialog is None and main_window.last_applied is None
    assert member(gui_org_url, "zhaolei").departments == ("市场部",)

    # With a failure handler the handler gets the same coded error instead of a message box.
    got: list[BaseException] = []
    ChangeOp(main_window, "Delete", plan=lambda: directory.plan_delete_department("市场部")).failure(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=15000)
    assert isinstance(got[0], YouduError) and got[0].code == "dept_not_empty"


def test_closing_the_preview_applies_nothing(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    directory = main_window.session.directory
    done: list[Any] = []
    with qtbot.assertNotEmitted(main_window.changes_applied):
        op = ChangeOp(main_window, "Resign", plan=lambda: directory.plan_resign(["liuyang"])).success(done.append)
        op.run()
        qtbot.waitUntil(lambda: main_window.preview_dialog is not None and main_window.preview_dialog.isVisible(),
                        timeout=15000)
        main_window.preview_dialog.reject()
        wait_jobs(qtbot, main_window.runner)
    assert main_window.statusBar().currentMessage() == "Not applied."
    assert done == [] and main_window.last_applied is None and op.dialog is None
    assert member(gui_org_url, "liuyang").status == "active"


def test_an_apply_names_the_action_in_the_status_bar_and_the_views_reload(
        qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    assert "liuyang" in [m.account for m in panel.members.model.rows]
    directory = main_window.session.directory
    done: list[ChangeSet] = []
    op = ChangeOp(main_window, "Move", plan=lambda: directory.plan_move_members(["liuyang"], "市场部"))
    op.preview(False).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    wait_jobs(qtbot, main_window.runner)
    cs = done[0]
    assert main_window.last_applied is cs and cs.id
    status = main_window.statusBar().currentMessage()
    assert status.startswith(f"Applied change set #{cs.id}: ") and "liuyang" in status
    assert member(gui_org_url, "liuyang").departments == ("市场部",)
    # Every view reloads: the address book's member list no longer shows liuyang under 产品部.
    qtbot.waitUntil(lambda: "liuyang" not in [m.account for m in panel.members.model.rows], timeout=15000)


def test_the_plan_runs_on_the_pool_and_only_the_writer_applies(qtbot: Any, main_window: MainWindow,
                                                               gui_org_url: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    directory = main_window.session.directory
    gui_thread = threading.current_thread()
    planned_on: list[tuple[threading.Thread, bool]] = []
    applied_on: list[tuple[threading.Thread, bool]] = []
    real = changes._apply_ops

    def spy(conn: Any, ops: list[changes.Operation], now: Any) -> None:
        applied_on.append((threading.current_thread(), on_writer()))
        real(conn, ops, now)

    monkeypatch.setattr(changes, "_apply_ops", spy)

    def plan() -> ChangeSet:
        planned_on.append((threading.current_thread(), on_writer()))
        return directory.plan_resign(["zhaolei"])

    with qtbot.waitSignal(main_window.changes_applied, timeout=15000):
        ChangeOp(main_window, "Resign", plan=plan).preview(False).run()
    wait_jobs(qtbot, main_window.runner)
    assert len(planned_on) == 1 and planned_on[0][0] is not gui_thread and planned_on[0][1] is False
    assert applied_on and all(thread is not gui_thread and writer for thread, writer in applied_on)
    assert member(gui_org_url, "zhaolei").status == "resigned"


def test_an_op_needs_exactly_one_way_to_plan(main_window: MainWindow) -> None:
    with pytest.raises(TypeError):
        ChangeOp(main_window, "Nothing")
    with pytest.raises(TypeError):
        ChangeOp(main_window, "Both", plan=lambda: ChangeSet(kind="x", actor="root"), planned=ChangeSet(kind="x", actor="root"))
