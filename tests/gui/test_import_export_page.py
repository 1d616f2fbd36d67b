"""管理工具 → 备份和恢复 driven through its real widgets: Excel / RTX / .dat imports previewed before anything is
applied, cancelling, Excel and .dat exports, the template, and 通讯录's 批量导入导出 button. Every test reads
the database (or the written file) afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QProgressDialog, QPushButton

from tests.fixtures.core import bootstrap, snapshot
from tests.gui.support import (
    ARTIFACTS,
    GUI_MARKS,
    directory_panel,
    member,
    member_or_none,
    open_console,
    select_department,
    wait_jobs,
)
from tests.interchange_helpers import (
    RTX_DEPTS,
    RTX_DETAILS,
    RTX_MEMBERSHIPS,
    RTX_USERS,
    TEMPLATE_HEADER,
    directory_state,
    read_xlsx_rows,
    rtx_xml,
    seed_directory,
    write_rtx,
    write_xlsx,
)
from youdu_console.gui.dialogs.import_preview import ImportOperationsModel
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.import_export import BackupPanel
from youdu_console.interchange.common import Cancelled

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures

BAD_ROW = 6  # the sheet row of the bad mobile below: a title row, the header, then data from row 3


def backup_page(main_window: MainWindow) -> BackupPanel:
    panel = main_window.show_panel("tools/backup")
    assert isinstance(panel, BackupPanel)
    return panel


def choose_file(qtbot: Any, panel: BackupPanel, path: Path) -> None:
    """Pick `path` in the page's file dialog (the real Qt dialog, as a user would) and accept it."""
    qtbot.waitUntil(lambda: panel.file_dialog is not None and panel.file_dialog.isVisible(), timeout=5000)
    dialog = panel.file_dialog
    assert dialog is not None
    dialog.selectFile(str(path))
    dialog.accept()


def wait_preview(qtbot: Any, panel: BackupPanel) -> Any:
    qtbot.waitUntil(lambda: panel.preview_dialog is not None and panel.preview_dialog.isVisible(), timeout=30000)
    return panel.preview_dialog


def messy_sheet(path: Path) -> Path:
    """A real HR sheet: a title row, numbers stored as numbers, one bad mobile, rows with and without 部门."""
    return write_xlsx(path, [
        ["2024 年新员工名单"],
        TEMPLATE_HEADER,
        ["sunli", "孙丽", "女", "13900000011", "", "sunli@example.com", "", "设计师", 5],
        ["zhoujie", "周杰", "男", 13900000012, "", "", "研发部/后端组", "工程师", 0],
        ["zhangwei", "张伟", "男", "13800000001", "", "zw@example.com", "研发部/前端组", "高级工程师", 10],
        ["badrow", "坏行", "男", "12345", "", "", "", "", 0],
        ["liuyang", "刘洋", "", "13800000004", "", "", "市场部", "产品经理", 0],
    ])


def test_a_service_cancellation_arrives_as_cancelled_not_failed(qtbot: Any, job_runner: JobRunner) -> None:
    def job(progress: Any, cancel: Any) -> None:
        raise Cancelled()  # what the importers raise when cancel() turns true

    signals = job_runner.submit(job, show_progress=False)
    with qtbot.assertNotEmitted(signals.failed), qtbot.waitSignal(signals.cancelled, timeout=5000):
        pass
    assert signals.error is None and signals.result is None


def test_excel_import_previews_the_bad_row_then_applies_only_the_valid_rows(
        qtbot: Any, qtmodeltester: Any, main_window: MainWindow, gui_org_url: str, tmp_path: Path) -> None:
    sheet = messy_sheet(tmp_path / "hr.xlsx")
    panel = backup_page(main_window)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)
    # Rows without a 部门 need a target department: none is chosen, so the first row fails too. Start again
    # with one chosen through the department picker.
    assert {(e["row"], e["field"]) for e in dialog.change_set.errors} >= {(BAD_ROW, "mobile")}
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Not applied" in panel.result.text(), timeout=5000)

    panel.choose_button.click()
    qtbot.waitUntil(lambda: panel.picker is not None and panel.picker.isVisible(), timeout=5000)
    panel.picker.select("市场部")
    panel.picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert panel.department == "市场部" and panel.scope_value.text() == "市场部"
    before = snapshot(gui_org_url)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)

    # The preview: adds, updates and moves with what changes, and the one bad row with its row and field.
    kinds = {op.label: op.category for op in dialog.change_set.operations}
    assert kinds == {"sunli": "added", "zhoujie": "added", "zhangwei": "updated", "liuyang": "moved"}
    assert dialog.errors.rowCount() == 1 and dialog.errors_view.isVisibleTo(dialog)
    assert dialog.errors.data(dialog.errors.index(0, 0)) == str(BAD_ROW)
    assert dialog.errors.data(dialog.errors.index(0, 1)) == "Mobile"
    assert "12345" in dialog.errors.data(dialog.errors.index(0, 2))
    details = {dialog.operations.data(dialog.operations.index(r, 2)): dialog.operations.data(dialog.operations.index(r, 3))
               for r in range(dialog.operations.rowCount())}
    assert "高级工程师" in details["zhangwei"]
    assert "2 added" in dialog.summary.text() and "1 errors" in dialog.summary.text()
    # The preview's own model goes with the dialog; the tester needs one that outlives the test.
    operations = ImportOperationsModel(main_window, main_window.dept_paths, dialog.change_set)
    operations.set_rows(dialog.operations.rows)
    qtmodeltester.check(operations, force_py=True)
    assert {operations.data(operations.index(r, 2)): operations.data(operations.index(r, 3))
            for r in range(operations.rowCount())} == details
    # With a bad row nothing is applied until the administrator explicitly chooses the valid rows.
    assert dialog.apply_button is not None and not dialog.apply_button.isEnabled()
    assert dialog.skip_invalid is not None and dialog.skip_invalid.isVisibleTo(dialog)
    assert snapshot(gui_org_url) == before
    dialog.skip_invalid.setChecked(True)
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(main_window.changes_applied, timeout=15000) as applied:
        dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)

    cs = applied.args[0]
    assert cs.id and cs.kind == "import.excel" and main_window.last_applied is cs
    assert f"#{cs.id}" in panel.result.text()
    sunli, zhoujie = member(gui_org_url, "sunli"), member(gui_org_url, "zhoujie")
    assert (sunli.name, sunli.departments, sunli.mobile, sunli.weight) == ("孙丽", ("市场部",), "13900000011", 5)
    assert (zhoujie.departments, zhoujie.mobile) == (("研发部/后端组",), "13900000012")
    assert member(gui_org_url, "zhangwei").position == "高级工程师"
    assert member(gui_org_url, "liuyang").departments == ("市场部",)
    assert member_or_none(gui_org_url, "badrow") is None


def test_cancel_during_planning_plans_nothing_and_changes_nothing(
        qtbot: Any, main_window: MainWindow, gui_org_url: str, tmp_path: Path) -> None:
    import xlsxwriter

    big = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(big), {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, TEMPLATE_HEADER)
    for i in range(50_000):  # long enough to plan that the Cancel lands while it runs
        sheet.write_row(i + 1, 0, [f"bulk{i:05d}", f"成员{i}", "", f"139{i:08d}", "", "", "市场部", "", 0])
    book.close()
    before = snapshot(gui_org_url)
    panel = backup_page(main_window)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, big)
    job = panel.job
    assert job is not None
    with qtbot.waitSignal(job.progressed, timeout=30000):
        pass  # the file is being read
    progress = next(d for d in main_window.findChildren(QProgressDialog) if d.objectName() == "job_progress")
    with qtbot.assertNotEmitted(job.succeeded), qtbot.waitSignal(job.cancelled, timeout=30000):
        progress.findChild(QPushButton).click()  # the progress dialog's own Cancel
    wait_jobs(qtbot, main_window.runner)
    assert panel.preview_dialog is None  # no change set to preview
    assert "Cancelled" in panel.result.text()
    assert snapshot(gui_org_url) == before


def test_cancelling_the_preview_changes_nothing(qtbot: Any, main_window: MainWindow, gui_org_url: str,
                                                tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "one.xlsx", [TEMPLATE_HEADER, ["xinren", "新人", "", "", "", "", "产品部", "", 0]])
    before = snapshot(gui_org_url)
    panel = backup_page(main_window)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)
    assert not dialog.change_set.errors and dialog.apply_button.isEnabled()
    assert not dialog.skip_invalid.isVisibleTo(dialog)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: "Not applied" in panel.result.text(), timeout=5000)
    assert snapshot(gui_org_url) == before and member_or_none(gui_org_url, "xinren") is None


def test_missing_departments_are_created_only_when_ticked(qtbot: Any, main_window: MainWindow, gui_org_url: str,
                                                          tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "new-dept.xlsx", [TEMPLATE_HEADER,
                                                    ["xinren", "新人", "", "", "", "", "客服部/一线", "", 0]])
    panel = backup_page(main_window)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)
    assert [e["field"] for e in dialog.change_set.errors] == ["department"]
    assert dialog.hint is not None and dialog.hint.isVisibleTo(dialog)
    assert dialog.errors.data(dialog.errors.index(0, 1)) == "Department"
    dialog.cancel_button.click()
    panel.create_departments.setChecked(True)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)
    assert not dialog.change_set.errors
    details = {dialog.operations.data(dialog.operations.index(r, 2)): dialog.operations.data(dialog.operations.index(r, 3))
               for r in range(dialog.operations.rowCount())}
    assert set(details) == {"客服部", "客服部/一线", "xinren"}
    assert "Department: 客服部/一线" in details["xinren"]  # a department the same import creates, by its path
    with qtbot.waitSignal(main_window.changes_applied, timeout=15000):
        dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)
    assert member(gui_org_url, "xinren").departments == ("客服部/一线",)


def test_rtx_import_through_the_page(qtbot: Any, main_window: MainWindow, gui_org_url: str, tmp_path: Path) -> None:
    xml = write_rtx(tmp_path / "rtx.xml", rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, RTX_DETAILS))
    panel = backup_page(main_window)
    panel.buttons["import_rtx"].click()
    choose_file(qtbot, panel, xml)
    dialog = wait_preview(qtbot, panel)
    assert {op.label for op in dialog.change_set.operations if op.entity == "member"} == {
        "zhurongji", "lizhe", "wang.fang"}
    with qtbot.waitSignal(main_window.changes_applied, timeout=15000):
        dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)
    zhu = member(gui_org_url, "zhurongji")
    assert zhu.name == "朱镕基" and set(zhu.departments) == {"总公司/研发中心/前端组", "总公司/市场部"}


def test_directory_button_opens_the_page_for_the_department_and_excel_exports_it(
        qtbot: Any, main_window: MainWindow, tmp_path: Path) -> None:
    directory = select_department(main_window, "研发部")
    assert directory.members.bulk_action.isVisible()
    directory.members.bulk_action.trigger()
    panel = main_window.current_panel()
    assert isinstance(panel, BackupPanel) and panel.department == "研发部" and panel.back_button.isVisible()

    out = tmp_path / "rd.xlsx"
    panel.buttons["export_excel"].click()
    choose_file(qtbot, panel, out)
    wait_jobs(qtbot, main_window.runner)
    rows = read_xlsx_rows(out)
    assert rows[0] == TEMPLATE_HEADER
    assert sorted(r[0] for r in rows[1:]) == ["lina", "wangfang", "zhangwei"]
    lina = next(r for r in rows if r[0] == "lina")
    assert (lina[1], str(lina[3]), lina[6]) == ("李娜", "13800000002", "研发部/前端组")
    assert "Exported 3 members" in panel.result.text()

    panel.clear_button.click()  # the whole address book
    everything = tmp_path / "all.xlsx"
    panel.buttons["export_excel"].click()
    choose_file(qtbot, panel, everything)
    wait_jobs(qtbot, main_window.runner)
    assert len(read_xlsx_rows(everything)) == 1 + 6

    panel.back_button.click()
    assert main_window.current_panel() is directory_panel(main_window)


def _add_admin(url: str, name: str, role: str, scope: list[str] | None = None) -> None:
    console = open_console(url)
    try:
        console.admins.add(console.actor, name, role, "Admin#2026pw", scope or [])
    finally:
        console.uow.dispose()


def test_each_role_sees_only_the_formats_it_may_use(make_window: Any, gui_org_url: str, tmp_path: Path,
                                                     qtbot: Any) -> None:
    _add_admin(gui_org_url, "reader", "auditor")
    _add_admin(gui_org_url, "rd-admin", "scoped", ["研发部"])
    auditor = backup_page(make_window(gui_org_url, "reader", "Admin#2026pw"))
    shown = {name for name, button in auditor.buttons.items() if button.isVisibleTo(auditor)}
    assert shown == {"export_excel"}  # an auditor exports to look; it imports nothing and restores nothing
    scoped_window = make_window(gui_org_url, "rd-admin", "Admin#2026pw")
    scoped = backup_page(scoped_window)
    shown = {name for name, button in scoped.buttons.items() if button.isVisibleTo(scoped)}
    assert shown == {"import_rtx", "import_excel", "template", "export_excel"}  # .dat backups: super only
    out = tmp_path / "mine.xlsx"
    scoped.buttons["export_excel"].click()
    choose_file(qtbot, scoped, out)
    wait_jobs(qtbot, scoped_window.runner)
    assert sorted(r[0] for r in read_xlsx_rows(out)[1:]) == ["lina", "wangfang", "zhangwei"]  # its subtree only


def test_template_download(qtbot: Any, main_window: MainWindow, tmp_path: Path) -> None:
    panel = backup_page(main_window)
    panel.buttons["template"].click()
    target = tmp_path / "template.xlsx"
    choose_file(qtbot, panel, target)
    assert read_xlsx_rows(target)[0][:len(TEMPLATE_HEADER)] == TEMPLATE_HEADER
    assert str(target) in panel.result.text()


def test_dat_backup_and_restore_into_an_empty_database_through_the_page(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    source_url, target_url = f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'target.db'}"
    source = bootstrap(source_url)
    seed_directory(source)
    source.uow.dispose()
    bootstrap(target_url).uow.dispose()
    backup = tmp_path / "backup.dat"

    window = make_window(source_url)
    panel = backup_page(window)
    panel.buttons["export_dat"].click()
    choose_file(qtbot, panel, backup)
    qtbot.waitUntil(lambda: panel.password_dialog is not None and panel.password_dialog.isVisible(), timeout=5000)
    prompt = panel.password_dialog
    prompt.password_edit.setText("备份 pw#1")
    prompt.repeat_edit.setText("备份 pw#2")
    prompt.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert prompt.isVisible() and "differ" in prompt.error.text()  # typed twice, and they must match
    prompt.repeat_edit.setText("备份 pw#1")
    prompt.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_jobs(qtbot, window.runner)
    assert backup.is_file() and "Backed up 5 departments, 3 members" in panel.result.text()

    target_window = make_window(target_url)
    panel = backup_page(target_window)
    panel.buttons["import_dat"].click()
    choose_file(qtbot, panel, backup)
    # Encrypted: the page asks for the password; a wrong one is refused with the coded message.
    qtbot.waitUntil(lambda: panel.password_dialog is not None and panel.password_dialog.isVisible(), timeout=15000)
    panel.password_dialog.password_edit.setText("wrong")
    first = panel.password_dialog
    first.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: panel.password_dialog is not first and panel.password_dialog is not None
                    and panel.password_dialog.isVisible(), timeout=15000)
    assert panel.password_dialog.error.text() == "Wrong password for the backup"
    assert directory_state(target_url)["members"] == {}
    panel.password_dialog.password_edit.setText("备份 pw#1")
    panel.password_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    dialog = wait_preview(qtbot, panel)
    assert dialog.change_set.summary()["added"] == 5 + 3 and not dialog.change_set.errors
    with qtbot.waitSignal(target_window.changes_applied, timeout=15000):
        dialog.apply_button.click()
    wait_jobs(qtbot, target_window.runner)
    restored = directory_state(target_url)
    assert restored == directory_state(source_url)  # gids, states, password hashes and settings included
    assert len(restored["members"]) == 3


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots_of_the_page_and_the_import_preview(qtbot: Any, main_window: MainWindow, gui_language: Any,
                                                        tmp_path: Path, lang: str) -> None:
    gui_language.choose(lang)
    panel = backup_page(main_window)
    panel.set_department("市场部")
    qtbot.wait(50)  # LanguageChange reaches the widgets through the event queue
    assert panel.title.text() == ("备份和恢复" if lang == "zh_CN" else "Backup and restore")
    ARTIFACTS.mkdir(exist_ok=True)
    assert main_window.grab().save(str(ARTIFACTS / f"gui-tools-backup-{lang}.png"))
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, messy_sheet(tmp_path / "hr.xlsx"))
    dialog = wait_preview(qtbot, panel)
    dialog.skip_invalid.setChecked(True)
    assert dialog.grab().save(str(ARTIFACTS / f"gui-import-preview-{lang}.png"))
    assert dialog.errors.data(dialog.errors.index(0, 1)) == ("手机" if lang == "zh_CN" else "Mobile")
    dialog.cancel_button.click()
