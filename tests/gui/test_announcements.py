"""企业应用 → 通知公告 in the window: categories, the records with the manual's 状态 ("共N人 未读M人"), sending with
the department picker through the preview, pin/unpin and recall, and who has not read it; readers only read."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QDialogButtonBox

from tests.fixtures.core import bootstrap
from tests.gui.support import GUI_MARKS, apply_preview, open_console
from youdu_console.domain.model import MemberRecord
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.announcements import AnnouncementsPanel, ReadStatusDialog
from youdu_console.policy.announcements import read_receipt, record_read, record_reads
from youdu_console.services.admins import AdminService
from youdu_console.services.announcements import AnnouncementService, ReaderView

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
        record_read(console.uow, "zhangwei", sent.id, reporter=console.actor)
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
    assert status is not None
    qtbot.waitUntil(lambda: status.readers is not None and not status.loading, timeout=5000)
    assert status.summary.text() == "3 people, 2 unread"
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


MEMBERS = 3000  # a few thousand: the rows come in a chunk or so, enough to see the dialog before them


def _big_org(tmp_path: Path) -> tuple[str, int]:
    """MEMBERS members in five departments, an announcement to everyone, every third member has read it."""
    url = f"sqlite:///{tmp_path / 'big.db'}"
    console = bootstrap(url)
    try:
        console.apply(console.directory.plan_upsert(
            [MemberRecord(account=f"m{i:05d}", name=f"成员{i}", departments=[f"总部/部门{i % 5}"])
             for i in range(MEMBERS)], create_departments=True))
        cs = console.apply(console.announcements.plan_send("全员大会", "周一 9:00", everyone=True))
        ann = int(cs.operations[0].key)
        answers = record_reads(console.uow, [read_receipt(f"m{i:05d}", ann) for i in range(0, MEMBERS, 3)])
        assert all(isinstance(a, dict) for a in answers)
    finally:
        console.uow.dispose()
    return url, ann


def _read_status(panel: AnnouncementsPanel, ann: int) -> ReadStatusDialog:
    panel.select(ann)
    dialog = panel.show_read_status()
    assert dialog is not None
    return dialog


def test_read_status_opens_at_once_and_fills_off_the_gui_thread(qtbot: Any, qtmodeltester: Any, make_window: Any,
                                                                tmp_path: Path) -> None:
    url, ann = _big_org(tmp_path)
    panel = make_window(url).show_panel("apps/notices")
    dialog = _read_status(panel, ann)
    # Open, with no rows yet: they come from the job pool, never inside show_read_status.
    assert dialog.isVisible() and dialog.loading and dialog.model.rowCount() == 0
    assert dialog.progress.isVisibleTo(dialog) and dialog.summary.text() == "Loading the recipients…"
    assert dialog.job is not None
    reports: list[tuple[int, int]] = []
    dialog.job.progressed.connect(lambda done, total, _text: reports.append((done, total)))
    with qtbot.waitSignal(dialog.loaded, timeout=15000):
        pass
    unread = MEMBERS - len(range(0, MEMBERS, 3))
    assert reports and reports[-1] == (MEMBERS, MEMBERS)
    assert not dialog.progress.isVisibleTo(dialog)
    assert dialog.summary.text() == f"{MEMBERS:,} people, {unread:,} unread"
    m = dialog.model
    qtmodeltester.check(m, force_py=True)
    assert m.rowCount() == unread
    assert [m.index(r, 0).data() for r in range(3)] == ["m00001", "m00002", "m00004"]
    assert {m.index(r, 2).data() for r in range(m.rowCount())} == {"Unread"}

    dialog.unread_only.setChecked(False)  # every recipient: the unread first, then those who read it
    assert m.rowCount() == MEMBERS
    assert m.index(unread - 1, 2).data() == "Unread" and m.index(unread, 2).data() != "Unread"
    assert m.index(unread, 0).data() == "m00000"
    dialog.search.setText("成员29")  # by name, once typing pauses
    qtbot.waitUntil(lambda: m.rowCount() == len([i for i in range(MEMBERS) if f"成员{i}".startswith("成员29")]),
                    timeout=5000)
    dialog.search.setText("M0299")  # by account, whatever the case
    dialog.apply_filter()
    assert sorted(m.index(r, 0).data() for r in range(m.rowCount())) == [f"m0299{d}" for d in range(10)]


class _GatedService(AnnouncementService):
    """The real service, whose recipient list waits for the test's word (to close the dialog mid-load)."""

    def __init__(self, real: AnnouncementService) -> None:
        super().__init__(real.uow, real.actor)
        self.started = threading.Event()
        self.release = threading.Event()
        self.answered: list[int] = []

    def read_status(self, announcement_id: int, **options: Any) -> list[ReaderView]:
        self.started.set()
        assert self.release.wait(30)
        rows = super().read_status(announcement_id)  # to the end, whatever was asked: a late answer
        self.answered.append(len(rows))
        return rows


def test_read_status_closed_while_loading_drops_the_late_rows(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    url, ann = _big_org(tmp_path)
    window = make_window(url)
    panel = window.show_panel("apps/notices")

    # closed before its job began: the job stops at once, nothing reaches the deleted dialog
    dialog = _read_status(panel, ann)
    job = dialog.job
    assert job is not None
    dialog.close()
    assert job.cancel_requested
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(dialog)
    assert window.runner.wait_for_done()
    QCoreApplication.processEvents()

    # closed while the rows are being read, and deleted before they arrive: the late answer is dropped
    gated = _GatedService(panel.service)
    panel.select(ann)
    late = ReadStatusDialog(gated, panel.selected(), window.runner, panel)
    late.show()
    qtbot.waitUntil(gated.started.is_set, timeout=5000)
    assert late.loading and late.model.rowCount() == 0 and late.job is not None
    delivered: list[Any] = []
    late.job.succeeded.connect(delivered.append)
    late.reject()
    late.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(late)
    gated.release.set()
    assert window.runner.wait_for_done()
    QCoreApplication.processEvents()  # the late outcome arrives here, at a job nobody waits for
    assert gated.answered == [MEMBERS] and delivered == []

    # the page still works: opened again, it loads
    again = _read_status(panel, ann)
    with qtbot.waitSignal(again.loaded, timeout=15000):
        pass
    assert again.model.rowCount() == MEMBERS - len(range(0, MEMBERS, 3))
    again.close()
