"""The member editor applies the services' input rules: the same mobile, name and region rules as every importer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.core import snapshot
from tests.gui.support import GUI_MARKS, member, member_or_none, select_department, select_rows, wait_applied
from youdu_console.gui.main_window import MainWindow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


@pytest.mark.parametrize("mobile", ["1390000", "139000000001", "85291234567"], ids=["7-digit", "12-digit", "no-plus"])
def test_the_editor_refuses_a_bad_mobile_and_saves_nothing(qtbot: Any, main_window: MainWindow, gui_org_url: str,
                                                            mobile: str) -> None:
    before = snapshot(gui_org_url)
    panel = select_department(main_window, "产品部")
    panel.members.add_action.trigger()
    editor = panel.members.dialog
    editor.set_field("account", "xiaoming")
    editor.set_field("name", "小明")
    editor.set_field("mobile", mobile)
    assert editor.field_error("mobile").startswith(f"Mobile number “{mobile}” is not a valid mobile number")
    editor.save_button.click()
    assert editor.isVisible() and member_or_none(gui_org_url, "xiaoming") is None
    assert snapshot(gui_org_url) == before
    editor.set_field("mobile", "+852 9123 4567")
    assert editor.field_error("mobile") == ""
    wait_applied(qtbot, main_window, editor.save_button.click)
    assert member(gui_org_url, "xiaoming").mobile == "+85291234567"


def test_the_editor_refuses_control_characters_in_names(qtbot: Any, main_window: MainWindow,
                                                         gui_org_url: str) -> None:
    before = snapshot(gui_org_url)
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "liuyang")
    panel.members.edit_action.trigger()
    editor = panel.members.dialog
    editor.set_field("name", "刘\x1b[2J洋")
    assert "\\u001b" in editor.field_error("name") and "\x1b" not in editor.field_error("name")
    editor.set_field("position", "经理\u202e")
    assert editor.field_error("position")
    editor.save_button.click()
    assert editor.isVisible() and snapshot(gui_org_url) == before


def test_the_editor_uses_the_default_region_setting(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    from tests.fixtures.core import bootstrap

    console = bootstrap(gui_org_url)
    console.apply(console.settings.plan_set({"directory.mobile_region": "HK"}))
    console.uow.dispose()
    panel = select_department(main_window, "产品部")
    panel.members.add_action.trigger()
    editor = panel.members.dialog
    editor.set_field("account", "hkstaff")
    editor.set_field("name", "陈大文")
    editor.set_field("mobile", "13900000123")  # a mainland number needs +86 once the region is Hong Kong
    assert editor.field_error("mobile")
    editor.set_field("mobile", "9123 4567")
    assert editor.field_error("mobile") == ""
    wait_applied(qtbot, main_window, editor.save_button.click)
    assert member(gui_org_url, "hkstaff").mobile == "+85291234567"
