"""The import preview (issue #10, point 9): every bad cell of a row is reported, a changed position reads 职务
(not 部门), and the success message names the undo menu item the window really has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gui.support import GUI_MARKS, member, wait_jobs
from tests.gui.test_import_export_page import backup_page, choose_file, wait_preview
from tests.interchange_helpers import TEMPLATE_HEADER, write_xlsx
from youdu_console.gui.i18n import Language
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.import_export import menu_text

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]


def test_every_error_of_a_row_a_position_change_and_the_undo_hint(qtbot: Any, main_window: MainWindow,
                                                                  gui_org_url: str, gui_language: Language,
                                                                  tmp_path: Path) -> None:
    gui_language.choose("zh_CN")
    sheet = write_xlsx(tmp_path / "hr.xlsx", [
        TEMPLATE_HEADER,
        # zhangwei is 工程师 in 研发部/前端组: only the position changes.
        ["zhangwei", "张伟", "", "13800000001", "", "zw@example.com", "研发部/前端组", "高级工程师", 10],
        # Four bad cells: gender, mobile, e-mail, weight.
        ["badrow", "坏行", "x", "12345", "", "not-an-email", "市场部", "", "heavy"],
    ])
    panel = backup_page(main_window)
    panel.buttons["import_excel"].click()
    choose_file(qtbot, panel, sheet)
    dialog = wait_preview(qtbot, panel)

    errors = [(dialog.errors.data(dialog.errors.index(r, 0)), dialog.errors.data(dialog.errors.index(r, 1)))
              for r in range(dialog.errors.rowCount())]
    assert sorted(errors) == sorted([("3", "性别"), ("3", "手机"), ("3", "邮箱"), ("3", "权重")]), errors
    details = {dialog.operations.data(dialog.operations.index(r, 2)): dialog.operations.data(dialog.operations.index(r, 3))
               for r in range(dialog.operations.rowCount())}
    assert details["zhangwei"] == "职务（研发部/前端组）：工程师 → 高级工程师", details
    assert "部门" not in details["zhangwei"].split("（")[0]

    dialog.skip_invalid.setChecked(True)
    dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)
    qtbot.waitUntil(lambda: "已导入" in panel.result.text(), timeout=15000)
    assert member(gui_org_url, "zhangwei").position == "高级工程师"
    edit, undo = menu_text(main_window.edit_menu.title()), menu_text(main_window.undo_action.text())
    assert edit == "编辑" and undo == "撤销上一次变更"
    assert f"“{edit} ▸ {undo}”" in panel.result.text(), panel.result.text()
