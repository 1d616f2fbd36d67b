"""Two consoles on one shared database: an edit in one appears in the other's member table without a reload
(PostgreSQL: LISTEN/NOTIFY through qasync; MariaDB: the polled journal), selection kept (issue #18)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.fixtures.core import bootstrap
from tests.gui.support import (
    GUI_MARKS,
    WindowFactory,
    open_console,
    seed,
    select_department,
    select_rows,
    wait_applied,
)
from youdu_console.gui.live import ONLINE, POLL_INTERVAL_KEY
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.prefs import preferences
from youdu_console.policy.login import LoginPolicy
from youdu_console.store import tables

pytestmark = [*GUI_MARKS, pytest.mark.servers]
pytest_plugins = ["tests.gui.support"]
POLL_MS = 300


@pytest.fixture
def org_url(server_db_url: str) -> str:
    console = bootstrap(server_db_url)
    try:
        seed(console)
    finally:
        console.uow.dispose()
    return server_db_url


@pytest.fixture
def consoles(org_url: str, windows: WindowFactory) -> list[MainWindow]:
    """Two windows on the shared database."""
    return [windows(org_url), windows(org_url)]


def _member_pane(window: MainWindow, path: str) -> Any:
    return select_department(window, path).members


@pytest.fixture(autouse=True)
def _poll_often(gui_preferences: Any) -> None:
    preferences().setValue(POLL_INTERVAL_KEY, POLL_MS)


def test_an_edit_in_one_console_appears_in_the_others_member_table(qtbot: Any, consoles: list[MainWindow]) -> None:
    editor, watcher = consoles
    qtbot.waitUntil(lambda: watcher.live.ready and editor.live.ready, timeout=10_000)
    assert watcher.live.state == ONLINE and watcher.status_connection.text()
    pane = _member_pane(watcher, "研发部")
    model = pane.model
    select_rows(pane.view, model, lambda m: m.account == "zhangwei")
    pane.edit_member()  # an editor open on the member the other console is about to change
    dialog = pane.dialog
    select_rows(pane.view, model, lambda m: m.account == "lina")
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    session = editor.session
    wait_applied(qtbot, editor, lambda: editor.run_change(
        lambda: session.directory.plan_update_member("zhangwei", position="架构师"), title="edit", preview=False))
    row = model.row_of(session.directory.get_member("zhangwei").id)
    # Within a second on PostgreSQL; within the polling interval (plus the read) on MariaDB.
    limit = 1000 if session.uow.backend == "postgresql" else POLL_MS + 700
    qtbot.waitUntil(lambda: model.row_at(row).position == "架构师", timeout=limit)
    assert resets == []  # the row was read again in place, not the list
    assert pane.selected_accounts() == ["lina"]
    assert watcher.live_views.last_notice.actor == "root"
    assert dialog.form_error.isVisible() and "change set #" in dialog.form_error.text()  # before its apply fails
    dialog.reject()

    # A change of who is listed (a new member) reloads the list, keeping the selection.
    wait_applied(qtbot, editor, lambda: editor.run_change(
        lambda: session.directory.plan_add_member("newbie", name="新人", departments=["研发部/前端组"]),
        title="add", preview=False))
    qtbot.waitUntil(lambda: any(m.account == "newbie" for m in model.rows), timeout=limit + 2000)
    assert pane.selected_accounts() == ["lina"]


def test_a_helpdesk_window_queues_while_offline_and_replays_when_back(
        own_postgres_server: Any, qtbot: Any, windows: WindowFactory) -> None:
    from youdu_console.policy.login import LoginPolicy
    from youdu_console.services.offline_queue import OfflineQueue

    url = own_postgres_server.create_database("youdu")
    console = bootstrap(url)
    try:
        seed(console)
        for _ in range(5):
            LoginPolicy(console.uow).check_login("lina", "Wrong#Pass9", "windows", None)
        assert [r["account"] for r in console.access.lock_list()] == ["lina"]
    finally:
        console.uow.dispose()
    window = windows(url)
    queue = OfflineQueue(url, "root")
    qtbot.waitUntil(lambda: window.live.state == ONLINE and queue.snapshot_info() is not None, timeout=15_000)
    panel = window.show_panel("directory/offline")
    assert panel is not None and not panel.unlock_button.isEnabled()  # online: unlock on the lockout desk

    own_postgres_server.stop()
    qtbot.waitUntil(lambda: window.live.state == "offline", timeout=15_000)
    panel.search.setText("lina")
    qtbot.waitUntil(lambda: panel.members.rowCount() == 1)
    panel.member_view.selectRow(0)
    panel.unlock_button.click()
    assert [r["account"] for r in queue.requests()] == ["lina"]
    assert "1" in window.status_connection.text() and panel.requests.rowCount() == 1

    own_postgres_server.start()
    with qtbot.waitSignal(window.live_views.replayed, timeout=30_000) as replayed:
        pass
    assert [(o["account"], o["outcome"]) for o in replayed.args[0]] == [("lina", "applied")]
    assert queue.requests() == [] and window.live.state == ONLINE
    qtbot.waitUntil(lambda: "Applied" in panel.requests.data(panel.requests.index(0, 4)))
    assert window.session.access.lock_list() == []


def test_a_lock_by_the_login_policy_appears_on_the_other_consoles_lockout_desk(
        qtbot: Any, org_url: str, windows: WindowFactory) -> None:
    """Wrong passwords lock an account (the login policy: no change set) and a late attempt unlocks it again
    (automatic unlock): another console's lockout desk and member table follow both without a reload."""
    server = open_console(org_url)  # the IM server's process: its own connections
    try:
        server.apply(server.settings.plan_set({"security.lockout_minutes": 30}))
        watcher = windows(org_url)
        qtbot.waitUntil(lambda: watcher.live.ready, timeout=10_000)
        pane = _member_pane(watcher, "研发部")
        model = pane.model
        zhangwei = server.directory.get_member("zhangwei").id
        row = model.row_of(zhangwei)
        assert not model.row_at(row).locked
        desk = watcher.show_panel("directory/lockout")
        assert [r["account"] for r in desk.model.rows] == []
        limit = 1000 if server.uow.backend == "postgresql" else POLL_MS + 700

        policy = LoginPolicy(server.uow)
        results = [policy.check_login("zhangwei", "Wrong#Pass9", "windows") for _ in range(5)]
        assert results[-1].locked_now and not any(r.locked_now for r in results[:-1])
        qtbot.waitUntil(lambda: [r["account"] for r in desk.model.rows] == ["zhangwei"], timeout=limit)
        qtbot.waitUntil(lambda: model.row_at(row).locked, timeout=limit)  # the member table's status, in place
        assert watcher.live_views.last_notice.event and watcher.live_views.last_notice.kind == "locked"

        # Half an hour later (the lock made older): the next attempt unlocks it automatically.
        ls = tables.LOGIN_STATE
        with server.uow.write() as conn:
            locked_at = conn.execute(select(ls.c.locked_at).where(ls.c.member_id == zhangwei)).scalar_one()
            conn.execute(update(ls).where(ls.c.member_id == zhangwei)
                         .values(locked_at=locked_at - dt.timedelta(minutes=31)))
        assert policy.check_login("zhangwei", "Wrong#Pass9", "windows").reason == "bad_password"
        qtbot.waitUntil(lambda: desk.model.rows == [], timeout=limit)
        qtbot.waitUntil(lambda: not model.row_at(row).locked, timeout=limit)
        assert watcher.live_views.last_notice.kind == "auto_unlock"
    finally:
        server.uow.dispose()
