"""Two consoles on one shared database: an edit in one appears in the other's member table without a reload
(PostgreSQL: LISTEN/NOTIFY through qasync; MariaDB: the polled journal), selection kept (issue #18)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from tests.fixtures.core import bootstrap
from tests.gui.support import GUI_MARKS, WindowFactory, seed, select_department, select_rows, wait_applied
from youdu_console.gui.live import ONLINE, POLL_INTERVAL_KEY, close_event_loop, install_event_loop
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.prefs import preferences

pytestmark = [*GUI_MARKS, pytest.mark.servers]
pytest_plugins = ["tests.gui.support"]
POLL_MS = 300


@pytest.fixture
def live_loop(qapp: QApplication) -> Iterator[Any]:
    loop = install_event_loop(qapp)
    yield loop
    close_event_loop(loop)


@pytest.fixture
def org_url(server_db_url: str) -> str:
    console = bootstrap(server_db_url)
    try:
        seed(console)
    finally:
        console.uow.dispose()
    return server_db_url


@pytest.fixture
def consoles(org_url: str, live_loop: Any, qtbot: Any, make_window: WindowFactory) -> Iterator[list[MainWindow]]:
    """Two windows on the shared database; deleted afterwards (a later test's language switch must not reach
    windows over a database that is gone)."""
    windows = [make_window(org_url), make_window(org_url)]
    yield windows
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


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

    # A change of who is listed (a new member) reloads the list, keeping the selection.
    wait_applied(qtbot, editor, lambda: editor.run_change(
        lambda: session.directory.plan_add_member("newbie", name="新人", departments=["研发部/前端组"]),
        title="add", preview=False))
    qtbot.waitUntil(lambda: any(m.account == "newbie" for m in model.rows), timeout=limit + 2000)
    assert pane.selected_accounts() == ["lina"]
