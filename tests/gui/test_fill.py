"""Numbered arguments are filled in one pass: an argument that holds "%2" is shown as typed."""

from __future__ import annotations

from typing import Any

from tests.gui.support import GUI_MARKS
from youdu_console.gui.i18n import fill, translate

pytestmark = GUI_MARKS


def test_fill_is_one_pass_and_leaves_missing_numbers() -> None:
    assert fill("%1 (%2) · %3", "研发%2部", "超级管理员", 3) == "研发%2部 (超级管理员) · 3"
    assert fill("%2 before %1", "a", "b") == "b before a"
    assert fill("%1 and %3", "x") == "x and %3"
    # Chained .replace() calls, which this replaces, would have turned the first argument's "%2" into "b".
    assert "%1 (%2)".replace("%1", "a%2").replace("%2", "b") == "ab (b)"


def test_a_translated_text_is_filled_in_the_current_language(gui_language: Any) -> None:
    gui_language.use("zh_CN")
    assert fill(translate("MainWindow", "Undo change set #%1"), 42) == "撤销变更集 #42"


def test_counted_texts_take_their_plural_form(gui_language: Any) -> None:
    gui_language.use("en")
    assert translate("LdapPanel", "%n OU(s)", None, 1) == "1 OU"
    assert translate("LdapPanel", "%n OU(s)", None, 3) == "3 OUs"
    assert translate("MemberPane", "Move %n member(s) to:", None, 1) == "Move 1 member to:"
    assert translate("MemberPane", "Move %n member(s) to:", None, 2) == "Move 2 members to:"
    gui_language.use("zh_CN")
    assert translate("LdapPicker", "%n person(s)", None, 2) == "2 名人员"
