"""Switching the language retranslates the open window, both ways; the choice is remembered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.support import GUI_MARKS, select_department
from youdu_console.gui.i18n import current_lang, translations_dir
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.prefs import preferences

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _texts(main_window: MainWindow) -> dict[str, Any]:
    directory = main_window.panels["directory/members"]
    model = directory.members.model
    licence = main_window.panels["enterprise/licence"]
    return {
        "tabs": main_window.top_titles(),
        "sub_tabs": [main_window.findChild(type(main_window.tabs), "directory_tabs").tabText(i) for i in range(3)],
        "menu": main_window.file_menu.title(),
        "undo": main_window.undo_action.text(),
        "add_dept": directory.dept_buttons[0].text(),
        "search": directory.departments.search.placeholderText(),
        "header": [model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(model.columns))],
        "status": model.data(model.index(0, 6)),
        "title": directory.members.title.text(),
        "setting": licence.labels["licence.seat_limit"].text(),
        "role": main_window.status_user.text(),
    }


def test_switch_to_chinese_and_back(qtbot: Any, main_window: MainWindow) -> None:
    select_department(main_window, "研发部/前端组")
    english = _texts(main_window)
    assert english["tabs"] == ["Home", "Address book", "Groups", "Enterprise apps", "Management tools", "My enterprise"]
    assert english["header"][:3] == ["Account", "Name", "Mobile"]
    assert english["status"] == "Not authorised"
    main_window.set_language("zh_CN")
    qtbot.waitUntil(lambda: main_window.top_titles()[0] == "首页", timeout=5000)
    chinese = _texts(main_window)
    assert current_lang() == "zh_CN"
    assert chinese["tabs"] == ["首页", "通讯录", "群管理", "企业应用", "管理工具", "我的企业"]
    assert chinese["sub_tabs"] == ["通讯录", "授权/禁用名单", "锁定名单"]
    assert chinese["menu"] == "文件(&F)" and chinese["undo"] == "撤销上一次变更(&U)"
    assert chinese["add_dept"] == "添加子部门"
    assert chinese["search"] == "帐号/用户名/拼音/手机/邮箱"
    assert chinese["header"] == ["帐号", "姓名", "手机", "邮箱", "职务", "权重", "状态", "部门"]
    assert chinese["status"] == "未授权"
    assert chinese["title"] == "前端组(2)"
    assert chinese["setting"] == "授权人数上限："
    assert "超级管理员" in chinese["role"]
    assert main_window.language_actions["zh_CN"].isChecked()
    assert preferences().value("ui/language") == "zh_CN"
    main_window.set_language("en")
    qtbot.waitUntil(lambda: main_window.top_titles()[0] == "Home", timeout=5000)
    assert _texts(main_window) == english
    assert current_lang() == "en"


def test_errors_follow_the_language(qtbot: Any, main_window: MainWindow) -> None:
    panel = select_department(main_window, "产品部")
    main_window.set_language("zh_CN")
    qtbot.waitUntil(lambda: main_window.top_titles()[0] == "首页", timeout=5000)
    panel.departments.delete_action.trigger()
    qtbot.waitUntil(lambda: main_window.last_error is not None, timeout=15000)
    box = next(b for b in main_window.findChildren(QMessageBox) if b.objectName() == "error_box")
    assert box.text() == "部门“产品部”下还有子部门或成员，不能删除"
    box.close()


def test_both_catalogues_are_installed_as_package_data() -> None:
    assert (translations_dir() / "youdu_console_zh_CN.qm").stat().st_size > 10_000
    assert (translations_dir() / "youdu_console_en.qm").exists()
