"""The history view (undo any change set), the home figures, and the generated settings pages."""

from __future__ import annotations

from typing import Any

from tests.gui.support import GUI_MARKS, apply_preview, member, open_console, select_department, select_rows
from youdu_console.domain.settings import SETTINGS
from youdu_console.gui.main_window import MainWindow
from youdu_console.services import changes

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _setting(url: str, key: str) -> Any:
    console = open_console(url)
    try:
        return console.settings.get(key)
    finally:
        console.uow.dispose()


def test_history_lists_change_sets_and_undoes_an_older_one(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "产品部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "liuyang")
    panel.members.resign_action.trigger()
    resign = apply_preview(qtbot, main_window)
    panel = select_department(main_window, "市场部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "zhaolei")
    panel.members.resign_action.trigger()
    apply_preview(qtbot, main_window)
    main_window.history_action.trigger()
    history = main_window.current_panel()
    assert history is main_window.panels["tools/history"]
    assert history.model.key_at(0) > resign.id
    history.select_id(resign.id)  # the older one, not the last
    assert history.operations.rowCount() == 1
    assert history.operations.data(history.operations.index(0, 2)) == "liuyang"
    history.undo_button.click()
    undone = apply_preview(qtbot, main_window)
    assert undone.undo_of == resign.id
    assert member(gui_org_url, "liuyang").status == "active"
    assert member(gui_org_url, "zhaolei").status == "resigned"  # the newer change stays
    row = history.model.row_at(history.model.row_of(resign.id))
    assert row["undone_by"] == undone.id
    assert history.model.data(history.model.index(history.model.row_of(resign.id), 4)) == f"Undone by #{undone.id}"


def test_home_shows_the_figures(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    home = main_window.show_panel("home")
    assert home.figures["members"].value.text() == "6"
    assert home.figures["authorized"].value.text() == "0/100"
    assert home.figures["locked"].value.text() == "0"
    assert home.latest.rowCount() == 6  # the seed's change sets (the admin and five)
    console = open_console(gui_org_url)
    try:
        assert home.latest.key_at(0) == changes.list_changes(console.uow, console.actor, 1)[0]["id"]
    finally:
        console.uow.dispose()


def test_settings_pages_follow_the_declarations_and_save_through_a_preview(
        qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    # Every declared page is a page of 我的企业; 我的企业 may have pages of its own too (可见性设置's rules, and
    # 管理员: the administrators with their 5.4.1 permission sets).
    pages = {spec.path: spec for spec in main_window.specs.values() if spec.slug.startswith("enterprise/")}
    declared = {f"我的企业/{s.page}" for s in SETTINGS if not s.section.startswith("4.")}
    assert declared <= set(pages)
    assert set(pages) - declared == {"我的企业/可见性设置", "我的企业/管理员"}
    page = main_window.show_panel("enterprise/licence")
    assert page.editors["licence.seat_limit"].maximum() == 10_000_000
    page.set_value("licence.seat_limit", 250)
    page.set_value("licence.auto_authorize", True)
    page.set_value("licence.expires", "2031-12-31")
    assert page.changed() == {"licence.seat_limit": 250, "licence.auto_authorize": True,
                              "licence.expires": "2031-12-31"}
    page.save_button.click()
    applied = apply_preview(qtbot, main_window)
    assert applied.kind == "settings.set"
    assert _setting(gui_org_url, "licence.seat_limit") == 250
    assert _setting(gui_org_url, "licence.auto_authorize") is True
    assert _setting(gui_org_url, "licence.expires") == "2031-12-31"
    assert page.changed() == {}
    security = main_window.show_panel("enterprise/access")
    security.editors["access.internal_networks"].setPlainText("10.0.0.0/8\n192.168.1.0/24")
    security.save_button.click()
    apply_preview(qtbot, main_window)
    assert _setting(gui_org_url, "access.internal_networks") == ["10.0.0.0/8", "192.168.1.0/24"]
    security.editors["access.internal_networks"].setPlainText("not-a-network")
    assert not security.save_button.isEnabled()  # the line is refused as it is typed, before any plan
    security.save()
    assert main_window.preview_dialog is None and main_window.last_error is None
    assert _setting(gui_org_url, "access.internal_networks") == ["10.0.0.0/8", "192.168.1.0/24"]
