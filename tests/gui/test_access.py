"""授权/禁用名单 and 锁定名单 in the window: authorisation, the lockout desk; the database is checked after."""

from __future__ import annotations

from typing import Any

from tests.gui.support import (
    GUI_MARKS,
    apply_preview,
    member,
    open_console,
    select_department,
    select_rows,
    wait_applied,
)
from youdu_console.gui.main_window import MainWindow
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.access import AccessService
from youdu_console.services.console import open_uow

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def _lock(url: str, account: str, address: str = "203.0.113.9", device: str = "android") -> None:
    """Five wrong passwords through the policy engine, as the IM server would report them."""
    uow = open_uow(url)
    try:
        policy = LoginPolicy(uow)
        results = [policy.check_login(account, "wrong-password", device, address) for _ in range(5)]
    finally:
        uow.dispose()
    assert results[-1].reason == "bad_password" and results[-1].locked_now


def _locked(url: str) -> dict[str, Any]:
    console = open_console(url)
    try:
        return {r["account"]: r for r in AccessService(console.uow, console.actor).lock_list()}
    finally:
        console.uow.dispose()


def test_authorise_and_revoke_from_the_toolbar_and_the_lists(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "研发部/前端组")
    select_rows(panel.members.view, panel.members.model, lambda m: True)
    panel.members.auth_actions["grant"].trigger()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "lina").authorization == "authorized"
    assert member(gui_org_url, "zhangwei").authorization == "authorized"
    assert {m.account: m.authorization for m in panel.members.model.rows} == {
        "lina": "authorized", "zhangwei": "authorized"}
    lists = main_window.show_panel("directory/access")
    qtbot.waitUntil(lambda: sorted(m.account for m in lists.model.rows) == ["lina", "zhangwei"], timeout=15000)
    assert lists.kinds.item(0).text() == "Authorised list(2)"
    lists.select_accounts(["lina"])
    lists.buttons["revoke"].click()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "lina").authorization == "unauthorized"
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["zhangwei"], timeout=15000)


def test_disable_then_enable(qtbot: Any, main_window: MainWindow, gui_org_url: str) -> None:
    panel = select_department(main_window, "市场部")
    select_rows(panel.members.view, panel.members.model, lambda m: m.account == "zhaolei")
    panel.members.auth_actions["disable"].trigger()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "zhaolei").authorization == "disabled"
    lists = main_window.show_panel("directory/access")
    lists.kinds.setCurrentRow(1)
    qtbot.waitUntil(lambda: [m.account for m in lists.model.rows] == ["zhaolei"], timeout=15000)
    lists.select_accounts(["zhaolei"])
    lists.buttons["enable"].click()
    apply_preview(qtbot, main_window)
    assert member(gui_org_url, "zhaolei").authorization == "unauthorized"


def test_lock_through_the_policy_engine_and_unlock_from_the_desk(
        qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    _lock(gui_org_url, "wangfang")
    assert "wangfang" in _locked(gui_org_url)
    main_window = make_window(gui_org_url)
    desk = main_window.show_panel("directory/lockout")
    assert desk.model.rowCount() == 1
    row = desk.model.row_at(0)
    assert (row["account"], row["failures"], row["last_failure_ip"], row["last_failure_device"]) == (
        "wangfang", 5, "203.0.113.9", "android")
    assert desk.title.text() == "Locked accounts(1)"
    desk.select_accounts(["wangfang"])
    wait_applied(qtbot, main_window, desk.unlock_button.click)  # one account: applied without a preview
    assert _locked(gui_org_url) == {}
    assert desk.model.rowCount() == 0
    uow = open_uow(gui_org_url)
    try:
        # Unlocked means the next attempt is judged on its merits again (a wrong password, not "locked").
        assert LoginPolicy(uow).check_login("wangfang", "wrong-password", "windows", "10.0.0.1").reason == \
            "bad_password"
    finally:
        uow.dispose()


def test_unlock_all_is_previewed(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    _lock(gui_org_url, "wangfang")
    _lock(gui_org_url, "liuyang", address="198.51.100.7", device="ios")
    main_window = make_window(gui_org_url)
    desk = main_window.show_panel("directory/lockout")
    assert sorted(r["account"] for r in desk.model.rows) == ["liuyang", "wangfang"]
    desk.unlock_all_button.click()
    applied = apply_preview(qtbot, main_window)
    assert sorted(op.label for op in applied.operations) == ["liuyang", "wangfang"]
    assert _locked(gui_org_url) == {}
    assert desk.model.rowCount() == 0


def test_a_helpdesk_user_lands_on_the_lockout_desk_and_unlocks(qtbot: Any, make_window: Any, gui_org_url: str) -> None:
    console = open_console(gui_org_url)
    try:
        console.admins.add(console.actor, "desk", "helpdesk", "Desk#2026pw")
    finally:
        console.uow.dispose()
    _lock(gui_org_url, "lina")
    main_window = make_window(gui_org_url, "desk", "Desk#2026pw")
    assert main_window.current_panel() is main_window.panels["directory/lockout"]
    directory = main_window.panels["directory/members"]
    # The helpdesk may read the address book but not change it: no write actions at all.
    assert not directory.members.add_action.isVisible() and not directory.members.resign_action.isVisible()
    assert not directory.departments.add_action.isVisible()
    assert "enterprise/licence" not in main_window.panels  # no settings.read
    desk = main_window.panels["directory/lockout"]
    desk.select_accounts(["lina"])
    wait_applied(qtbot, main_window, desk.unlock_button.click)
    assert _locked(gui_org_url) == {}
    uow = open_uow(gui_org_url)
    try:
        from youdu_console.services import audit

        assert any(e["actor"] == "desk" and e["action"] == "lock.unlock" for e in audit.list_entries(uow, None, 20))
    finally:
        uow.dispose()
