"""管理工具 → LDAP 集成 driven through its real widgets against a real slapd: 验证, saving (password to the
keyring), ticking OUs and people, 立即同步 with its preview and guard-rails, the schedule and the run history.
Every test reads the database afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.gui.support import ARTIFACTS, GUI_MARKS, apply_preview, open_console, wait_jobs
from tests.ldap_helpers import configure, directory_state, ou, person
from youdu_console.domain.messages import render
from youdu_console.gui.dialogs.ldap_picker import PAGE
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.ldap import LdapPanel
from youdu_console.gui.panels.outcome import ERROR_STYLE, OK_STYLE
from youdu_console.services.ldap_sync import LdapSyncService

pytestmark = [*GUI_MARKS, pytest.mark.ldap]
pytest_plugins = ["tests.gui.support"]  # the window fixtures


@dataclass
class Team:
    base: str
    rd: str  # ou=研发部
    frontend: str  # ou=前端组,ou=研发部
    sales: str  # ou=销售部
    admin: str  # ou=行政部 (never ticked)


@pytest.fixture
def team(slapd_server: SlapdServer) -> Team:
    base = slapd_server.new_base()
    rd, sales, admin = ou("研发部", base), ou("销售部", base), ou("行政部", base)
    frontend = ou("前端组", rd[0])
    slapd_server.add_many([
        rd, frontend, sales, admin,
        person("alice", frontend[0], cn="艾丽斯", mail="alice@example.test", mobile="13900000001", title="工程师"),
        person("bob", rd[0], cn="鲍勃", telephoneNumber="010-1234"),
        person("erin", rd[0], cn="艾琳"),
        person("carol", sales[0], cn="卡罗尔"),
        person("dave", sales[0], cn="戴夫"),
        person("frank", admin[0], cn="弗兰克"),
    ])
    return Team(base, rd[0], frontend[0], sales[0], admin[0])


@pytest.fixture
def ldap_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'ldap.db'}"
    bootstrap(url).uow.dispose()
    yield url


def ldap_page(window: MainWindow) -> LdapPanel:
    panel = window.show_panel("tools/ldap")
    assert isinstance(panel, LdapPanel)
    return panel


def fill_form(panel: LdapPanel, server: SlapdServer, base: str, password: str) -> None:
    panel.tabs.setCurrentIndex(0)
    panel.connection.server.setText(f"{server.host}:{server.port}")
    panel.connection.encryption.setCurrentIndex(0)
    panel.connection.bind_dn.setText(server.reader_dn)
    panel.connection.password.setText(password)
    panel.connection.base_dn.setText(base)
    panel.connection.flavor.setCurrentIndex(0)  # ask the server


def setting(url: str, key: str) -> Any:
    console = open_console(url)
    try:
        return console.settings.get(key)
    finally:
        console.uow.dispose()


def state(url: str) -> dict[str, Any]:
    console = open_console(url)
    try:
        return directory_state(console)
    finally:
        console.uow.dispose()


def members(url: str) -> dict[str, Any]:
    console = open_console(url)
    try:
        return {m.account: m for m in console.directory.list_members(status=None)}
    finally:
        console.uow.dispose()


def save(qtbot: Any, window: MainWindow, panel: LdapPanel) -> None:
    panel.connection.save_button.click()
    apply_preview(qtbot, window)  # a settings change set, previewed like any other
    qtbot.waitUntil(lambda: not panel.connection.password.text() and not window.runner.busy, timeout=15000)
    assert panel.connection.verify_result.styleSheet() == OK_STYLE, panel.connection.verify_result.text()  # "Saved. The password …"


def wait_sync_preview(qtbot: Any, panel: LdapPanel) -> Any:
    qtbot.waitUntil(lambda: panel.preview_dialog is not None and panel.preview_dialog.isVisible(), timeout=60000)
    return panel.preview_dialog


def tick(model: Any, index: Any) -> None:
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)


def configure_and_sync_scope(qtbot: Any, window: MainWindow, panel: LdapPanel, slapd: SlapdServer, team: Team,
                             qtmodeltester: Any = None) -> Any:
    """验证, save, tick 研发部 and carol in the picker, confirm: the sync's preview opens."""
    fill_form(panel, slapd, team.base, slapd.reader_password)
    panel.connection.verify_button.click()
    qtbot.waitUntil(lambda: panel.connection.verify_result.styleSheet() in (OK_STYLE, ERROR_STYLE), timeout=30000)
    assert panel.connection.verify_result.styleSheet() == OK_STYLE, panel.connection.verify_result.text()
    assert team.base in panel.connection.verify_result.text()
    assert panel.connection.flavor.currentData() == "openldap"  # asked the server, and it said so
    save(qtbot, window, panel)

    panel.tabs.setCurrentIndex(1)
    assert panel.choose_button.isEnabled()
    panel.choose_button.click()
    picker = panel.picker
    assert picker is not None and picker.isVisible()
    model = picker.model
    qtbot.waitUntil(lambda: model.rowCount(model.index(0, 0)) == 3, timeout=30000)  # 研发部, 销售部, 行政部
    if qtmodeltester is not None:
        qtmodeltester.check(model, force_py=True)
    tick(model, model.index_of_dn(team.rd))
    assert picker.expand_dn(team.sales)
    qtbot.waitUntil(lambda: model.index_of_dn(f"uid=carol,{team.sales}").isValid(), timeout=30000)
    tick(model, model.index_of_dn(f"uid=carol,{team.sales}"))
    assert picker.expand_dn(team.rd)
    qtbot.waitUntil(lambda: model.index_of_dn(f"uid=bob,{team.rd}").isValid(), timeout=30000)
    bob = model.index_of_dn(f"uid=bob,{team.rd}")
    # Inside a ticked OU everyone is ticked already, and cannot be unticked one by one.
    assert model.data(bob, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not model.flags(bob) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(model.index_of_dn(team.sales), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert (model.selected_ous, model.selected_users) == ([team.rd], [f"uid=carol,{team.sales}"])
    assert picker.summary.text() in ("Ticked: 1 OU and 1 person.", "已勾选：1 个 OU，1 名人员。")
    picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return wait_sync_preview(qtbot, panel)


def test_verify_save_choose_and_sync_now(qtbot: Any, qtmodeltester: Any, make_window: Any, ldap_url: str,
                                         slapd_server: SlapdServer, team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team, qtmodeltester)

    # Saved: the settings in the database, the password only in the OS keyring.
    server_url = f"ldap://{slapd_server.host}:{slapd_server.port}"
    assert setting(ldap_url, "ldap.server") == server_url and setting(ldap_url, "ldap.flavor") == "openldap"
    assert setting(ldap_url, "ldap.selected_ous") == [team.rd]
    assert setting(ldap_url, "ldap.selected_users") == [f"uid=carol,{team.sales}"]
    assert keyring.get_password("youdu-console", f"ldap:{server_url}") == slapd_server.reader_password
    assert slapd_server.reader_password not in repr(state(ldap_url))

    # The first sync is previewed; nothing is written until Apply.
    assert members(ldap_url) == {}
    people = {op.label for op in dialog.change_set.operations if op.entity == "member"}
    assert people == {"alice", "bob", "erin", "carol"}
    assert dialog.apply_button.isEnabled() and not dialog.guard.isVisibleTo(dialog)
    with qtbot.waitSignal(window.changes_applied, timeout=60000) as applied:
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    cs = applied.args[0]
    assert cs.actor == "ldap-sync" and f"#{cs.id}" in panel.sync_status.text()

    synced = members(ldap_url)
    assert set(synced) == {"alice", "bob", "erin", "carol"}  # dave and frank were not ticked
    assert (synced["alice"].name, synced["alice"].departments, synced["alice"].mobile) == (
        "艾丽斯", ("研发部/前端组",), "13900000001")
    assert synced["bob"].departments == ("研发部",) and synced["bob"].phone == "010-1234"

    # The run history shows the preview and the applied run.
    panel.tabs.setCurrentIndex(2)
    panel.refresh()
    statuses = [panel.runs.row_at(r)["status"] for r in range(panel.runs.rowCount())]
    assert statuses[:2] == ["applied", "previewed"]
    qtmodeltester.check(panel.runs, force_py=True)
    panel.runs_view.setCurrentIndex(panel.runs.index(0, 0))
    assert panel.runs.data(panel.runs.index(0, 5)) == "Applied"

    # Syncing again plans nothing (idempotent).
    panel.tabs.setCurrentIndex(1)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: "Nothing to change" in panel.sync_status.text(), timeout=60000)
    assert panel.preview_dialog is None


def test_removals_over_the_guard_wait_for_an_explicit_confirmation(qtbot: Any, make_window: Any, ldap_url: str,
                                                                   slapd_server: SlapdServer,
                                                                   team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team)
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    slapd_server.delete(f"uid=bob,{team.rd}")
    slapd_server.delete(f"uid=erin,{team.rd}")
    before = state(ldap_url)

    panel.full_check.setChecked(True)  # deletions are seen by a full comparison
    panel.sync_button.click()
    dialog = wait_sync_preview(qtbot, panel)
    assert {op.label for op in dialog.change_set.operations if op.category == "resigned"} == {"bob", "erin"}
    assert dialog.guard.isVisibleTo(dialog) and "2 members" in dialog.guard.text()
    assert not dialog.apply_button.isEnabled()  # 2 of 4 is over the 10 % guard
    assert state(ldap_url) == before
    dialog.confirm_removals.setChecked(True)
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    after = members(ldap_url)
    assert after["bob"].status == after["erin"].status == "resigned"  # resigned, never deleted
    assert after["alice"].status == "active"


def test_a_wrong_bind_password_shows_the_coded_error_and_changes_nothing(
        qtbot: Any, make_window: Any, ldap_url: str, slapd_server: SlapdServer, team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    before = state(ldap_url)
    fill_form(panel, slapd_server, team.base, "not-the-password")
    panel.connection.verify_button.click()
    expected = render("ldap_bad_credentials", "en", {"bind_dn": slapd_server.reader_dn})
    qtbot.waitUntil(lambda: panel.connection.verify_result.text() == expected, timeout=30000)
    assert getattr(panel.connection.last_error, "code", "") == "ldap_bad_credentials"
    assert panel.connection.verify_result.toolTip() == "ldap_bad_credentials"

    # Saving asks the server its type with that password: refused the same way, nothing saved.
    panel.connection.save_button.click()
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=30000)
    assert getattr(window.last_error, "code", "") == "ldap_bad_credentials"
    assert setting(ldap_url, "ldap.server") == ""

    # Settings saved with the directory type given, but the keyring holds a wrong password: the sync fails
    # with the coded reason, before anything is planned or changed.
    panel.connection.flavor.setCurrentIndex(2)  # OpenLDAP, so saving does not connect
    save(qtbot, window, panel)
    panel.tabs.setCurrentIndex(1)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: panel.sync_status.text() == expected, timeout=30000)
    wait_jobs(qtbot, window.runner)
    assert panel.preview_dialog is None
    after = state(ldap_url)
    assert after["members"] == before["members"] == [] and after["departments"] == []
    console = open_console(ldap_url)
    try:
        runs = LdapSyncService(console.uow, console.actor).history()
    finally:
        console.uow.dispose()
    assert (runs[0]["status"], runs[0]["errors"][0]["code"]) == ("failed", "ldap_bad_credentials")


def test_guard_rails_refuse_clearly_and_change_nothing(qtbot: Any, make_window: Any, ldap_url: str,
                                                        slapd_server: SlapdServer, team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team)
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    for dn in (f"uid=alice,{team.frontend}", f"uid=bob,{team.rd}", f"uid=erin,{team.rd}", f"uid=carol,{team.sales}"):
        slapd_server.delete(dn)
    before = state(ldap_url)

    # A person ticked one by one is gone from the directory: the sync stops and says who.
    panel.full_check.setChecked(True)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: getattr(panel.last_error, "code", "") == "ldap_selection_missing", timeout=30000)
    wait_jobs(qtbot, window.runner)
    assert "uid=carol" in panel.sync_status.text() and panel.sync_status.text() == panel.last_error.message("en")
    assert panel.preview_dialog is None and state(ldap_url) == before

    # Only 研发部 ticked now, and everyone in it gone at once: that looks like a broken search, not like
    # everyone leaving. Refused, said, nothing done.
    panel.choose_button.click()
    picker = panel.picker
    model = picker.model
    qtbot.waitUntil(lambda: model.rowCount(model.index(0, 0)) == 3, timeout=30000)
    picker.clear_button.click()
    assert model.selected_ous == [] and model.selected_users == []
    tick(model, model.index_of_dn(team.rd))
    picker.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: getattr(panel.last_error, "code", "") == "ldap_empty_result", timeout=30000)
    wait_jobs(qtbot, window.runner)
    assert panel.sync_status.text() == panel.last_error.message("en")
    assert panel.preview_dialog is None
    after = state(ldap_url)
    assert after["members"] == before["members"] and after["departments"] == before["departments"]
    assert all(m.status == "active" for m in members(ldap_url).values())


def test_schedule_switch_interval_pause_and_a_scheduled_run(qtbot: Any, make_window: Any, ldap_url: str,
                                                             slapd_server: SlapdServer, team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team)
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    assert panel.schedule_enabled.isChecked()
    assert "Next automatic sync" in panel.next_run.text() and "every 10 minutes" in panel.next_run.text()

    panel.interval.setValue(15)
    panel.interval_button.click()
    qtbot.waitUntil(lambda: setting(ldap_url, "ldap.interval_minutes") == 15, timeout=15000)
    wait_jobs(qtbot, window.runner)
    qtbot.waitUntil(lambda: "every 15 minutes" in panel.next_run.text(), timeout=15000)

    panel.pause_button.click()
    assert panel.scheduler.status()["paused"] and "paused" in panel.next_run.text()
    panel.pause_button.click()
    assert not panel.scheduler.status()["paused"]

    panel.schedule_enabled.click()  # off
    qtbot.waitUntil(lambda: setting(ldap_url, "ldap.schedule_enabled") is False, timeout=15000)
    wait_jobs(qtbot, window.runner)
    qtbot.waitUntil(lambda: "off" in panel.next_run.text(), timeout=15000)
    panel.schedule_enabled.click()  # on again
    qtbot.waitUntil(lambda: setting(ldap_url, "ldap.schedule_enabled") is True, timeout=15000)
    wait_jobs(qtbot, window.runner)

    # A run of the schedule (its interval shortened here) applies a newcomer; the window hears of it.
    slapd_server.add(*person("grace", team.frontend, cn="格蕾丝"))
    panel.scheduler.stop()
    panel.scheduler.interval_override = 0.3
    with qtbot.waitSignal(window.changes_applied, timeout=60000) as applied:
        panel.scheduler.start()
    panel.scheduler.stop()
    assert applied.args[0].actor == "ldap-sync"
    assert members(ldap_url)["grace"].departments == ("研发部/前端组",)
    panel.refresh()
    assert panel.runs.row_at(0)["trigger"] == "schedule"

    # Pages are built when first shown, but this one runs the schedule: a window opened on a database whose
    # schedule may run builds it as soon as it shows, without the page being visited.
    window.close()
    again = make_window(ldap_url)
    qtbot.waitUntil(lambda: again.panels.slots["tools/ldap"].panel is not None, timeout=5000)
    again_panel = again.panels.slots["tools/ldap"].panel
    assert isinstance(again_panel, LdapPanel) and not again_panel.isVisible()
    assert again.panels.slots["directory/lockout"].panel is None
    again_panel.scheduler.stop()


def test_an_auditor_reads_the_settings_and_history_but_cannot_change_or_sync(
        qtbot: Any, make_window: Any, ldap_url: str, slapd_server: SlapdServer, team: Team) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team)
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    console = open_console(ldap_url)
    try:
        console.admins.add(console.actor, "reader", "auditor", "Admin#2026pw", [])
    finally:
        console.uow.dispose()
    reader = ldap_page(make_window(ldap_url, "reader", "Admin#2026pw"))
    assert reader.read_only_note.isVisibleTo(reader)
    assert reader.connection.base_dn.text() == team.base and not reader.connection.base_dn.isEnabled()
    for widget in (reader.connection.verify_button, reader.connection.save_button, reader.sync_button, reader.choose_button,
                   reader.connection.password, reader.pause_button):
        assert not widget.isVisibleTo(reader)
    assert reader.runs.rowCount() == 2  # the run history is readable
    assert not reader.scheduler.status()["running"] and reader.scheduler.runs == 0


@pytest.fixture
def no_keyring() -> Iterator[None]:
    saved = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(saved)


def test_without_a_keyring_the_password_lives_only_in_this_window(
        qtbot: Any, make_window: Any, ldap_url: str, slapd_server: SlapdServer, team: Team,
        no_keyring: None) -> None:
    window = make_window(ldap_url)
    panel = ldap_page(window)
    fill_form(panel, slapd_server, team.base, slapd_server.reader_password)
    save(qtbot, window, panel)
    assert "No system keyring" in panel.connection.verify_result.text()
    assert slapd_server.reader_password not in repr(state(ldap_url))  # not in the database either
    # This window still knows it: verifying and syncing need no retyping.
    panel.connection.verify_button.click()
    qtbot.waitUntil(lambda: panel.connection.verify_result.styleSheet() in (OK_STYLE, ERROR_STYLE), timeout=30000)
    assert panel.connection.verify_result.styleSheet() == OK_STYLE, panel.connection.verify_result.text()
    panel.tabs.setCurrentIndex(1)
    panel.sync_button.click()
    assert wait_sync_preview(qtbot, panel).change_set.operations
    # A new window (as after a restart) has to be given it again.
    other = ldap_page(make_window(ldap_url))
    other.connection.verify_button.click()
    qtbot.waitUntil(lambda: other.connection.last_error is not None, timeout=30000)
    assert other.connection.last_error.code == "ldap_password_needed"  # the window's words: no --password-stdin
    assert "--password-stdin" not in other.connection.verify_result.text()


def test_the_picker_reads_a_level_only_when_opened_and_shows_big_levels_a_page_at_a_time(
        qtbot: Any, make_window: Any, ldap_url: str, slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    big, nested = ou("大部门", base), ou("小组", base)
    slapd_server.add_many([big, nested, ou("更深", nested[0]),
                           *[person(f"p{i:03d}", big[0], cn=f"人员{i:03d}") for i in range(450)]])
    console = open_console(ldap_url)
    try:
        configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                  password=slapd_server.reader_password)
    finally:
        console.uow.dispose()
    keyring.set_password("youdu-console", f"ldap:{slapd_server.url}", slapd_server.reader_password)
    window = make_window(ldap_url)
    panel = ldap_page(window)
    panel.tabs.setCurrentIndex(1)
    picker = panel.choose_scope()
    model = picker.model
    top = model.index(0, 0)
    qtbot.waitUntil(lambda: model.rowCount(top) == 2, timeout=30000)
    reads = len(model.jobs)
    assert reads == 1  # the base's own level only: nothing below it is read before it is opened
    rows = {model.data(model.index(r, 0, top)): model.index(r, 0, top) for r in range(2)}
    assert model.hasChildren(rows["小组"]) and model.rowCount(rows["小组"]) == 0
    assert picker.expand_dn(big[0])
    big_row = rows["大部门"]
    qtbot.waitUntil(lambda: model.rowCount(big_row) >= PAGE, timeout=30000)
    shown = model.rowCount(big_row)
    # Whole pages, as many as the view asked for to fill itself; the rest waits until it scrolls down.
    assert shown % PAGE == 0 and shown < 450 and model.canFetchMore(big_row)
    while model.canFetchMore(big_row):
        model.fetchMore(big_row)
    assert model.rowCount(big_row) == 450
    assert len(model.jobs) == reads + 1  # one read for the whole level, shown in pages
    assert model.data(model.index(0, 0, big_row)) == "人员000 (p000)"
    picker.reject()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_screenshots_of_the_ldap_page(qtbot: Any, make_window: Any, ldap_url: str, gui_language: Any,
                                      slapd_server: SlapdServer, team: Team, lang: str) -> None:
    gui_language.choose(lang)
    window = make_window(ldap_url)
    panel = ldap_page(window)
    dialog = configure_and_sync_scope(qtbot, window, panel, slapd_server, team)
    qtbot.wait(50)  # LanguageChange reaches the widgets through the event queue
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / f"gui-ldap-preview-{lang}.png"))
    with qtbot.waitSignal(window.changes_applied, timeout=60000):
        dialog.apply_button.click()
    wait_jobs(qtbot, window.runner, timeout=60000)
    panel.connection.no_verify.setChecked(True)  # shows its warning
    panel.tabs.setCurrentIndex(0)
    assert panel.connection.verify_warning.isVisibleTo(panel)
    qtbot.wait(50)  # the layout makes room for the warning
    assert window.grab().save(str(ARTIFACTS / f"gui-tools-ldap-{lang}.png"))
    panel.tabs.setCurrentIndex(1)
    assert window.grab().save(str(ARTIFACTS / f"gui-tools-ldap-sync-{lang}.png"))
    panel.tabs.setCurrentIndex(2)
    panel.refresh()
    panel.runs_view.setCurrentIndex(panel.runs.index(0, 0))
    assert window.grab().save(str(ARTIFACTS / f"gui-tools-ldap-history-{lang}.png"))
    panel.tabs.setCurrentIndex(3)
    assert window.grab().save(str(ARTIFACTS / f"gui-tools-ldap-advanced-{lang}.png"))
    assert panel.tabs.tabText(0) == ("连接设置" if lang == "zh_CN" else "Connection")
