"""One writer: the LDAP schedule plans on its own thread but hands its writes to the window's writer, so no
other thread ever applies a change set while the administrator edits."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.gui.support import GUI_MARKS, open_console, wait_jobs
from tests.ldap_helpers import configure, ou, person, preview_and_apply
from youdu_console.gui.jobs import on_writer
from youdu_console.gui.panels.ldap import LdapPanel
from youdu_console.interchange.ldap import keyring_store
from youdu_console.services import changes
from youdu_console.services.directory import DirectoryService
from youdu_console.store import tables

pytestmark = [*GUI_MARKS, pytest.mark.ldap]
pytest_plugins = ["tests.gui.support"]


def test_a_scheduled_sync_applies_on_the_windows_writer_while_the_window_edits(
        qtbot: Any, make_window: Any, tmp_path: Path, slapd_server: SlapdServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'writer.db'}"
    base = slapd_server.new_base()
    rd = ou("研发部", base)
    slapd_server.add_many([rd, person("alice", rd[0], cn="艾丽斯")])
    console = bootstrap(url)
    server = f"ldap://{slapd_server.host}:{slapd_server.port}"
    svc = configure(console, url=server, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password, selected_ous=[rd[0]], schedule_enabled=True)
    preview_and_apply(svc)
    console.uow.dispose()
    keyring_store.set_password(server, slapd_server.reader_password)

    window = make_window(url)
    panel = window.show_panel("tools/ldap")
    assert isinstance(panel, LdapPanel)
    applied: list[tuple[str, bool, str]] = []
    real = changes._apply_ops

    def spy(conn: Any, ops: list[changes.Operation], now: Any) -> None:
        applied.append((threading.current_thread().name, on_writer(), ops[0].entity))
        real(conn, ops, now)

    monkeypatch.setattr(changes, "_apply_ops", spy)

    # A newcomer in the directory for the schedule to bring in, while the window adds departments.
    slapd_server.add(*person("grace", rd[0], cn="格蕾丝"))
    panel.scheduler.stop()
    panel.scheduler.interval_override = 0.2
    panel.scheduler.start()
    session = window.session
    for i in range(6):
        window.run_change(lambda i=i: DirectoryService(session.uow, session.actor).plan_add_department(f"项目{i}"),
                          title="add", preview=False)
        qtbot.wait(50)

    def state() -> tuple[set[str], set[str]]:
        with open_console(url).uow.read() as conn:
            accounts = set(conn.execute(select(tables.MEMBERS.c.account)).scalars())
            depts = set(conn.execute(select(tables.DEPARTMENTS.c.name)).scalars())
        return accounts, depts

    qtbot.waitUntil(lambda: "grace" in state()[0] and {f"项目{i}" for i in range(6)} <= state()[1], timeout=60000)
    panel.scheduler.stop()
    wait_jobs(qtbot, window.runner)

    sync_applies = [a for a in applied if a[2] == "member"]
    assert sync_applies, applied  # the schedule did apply its change set during the window's edits
    assert len([a for a in applied if a[2] == "department"]) >= 6
    assert all(writer for _, writer, _ in applied), applied  # every apply ran on the window's one writer
    assert not any(name == "ldap-sync-schedule" for name, _, _ in applied)
