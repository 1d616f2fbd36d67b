"""The automatic sync (every N minutes; here a fraction of a second): it fires, records its runs, pauses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import configure, ou, person, preview_and_apply
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService, SyncResult, SyncScheduler

pytestmark = pytest.mark.ldap
INTERVAL = 0.3


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def setup(sqlite_url: str, slapd_server: SlapdServer) -> Iterator[tuple[Console, LdapSyncService, str]]:
    console = bootstrap(sqlite_url)
    base = slapd_server.new_base()
    unit = ou("部门", base)
    slapd_server.add_many([unit, *[person(f"s{i}", unit[0]) for i in range(5)]])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    preview_and_apply(svc)
    yield console, svc, unit[0]
    console.uow.dispose()


def scheduled_runs(svc: LdapSyncService) -> list[dict[str, object]]:
    return [h for h in svc.history(limit=200) if h["trigger"] == "schedule"]


def test_the_schedule_fires_records_its_runs_and_applies_changes(setup: tuple[Console, LdapSyncService, str],
                                                                 slapd_server: SlapdServer) -> None:
    console, svc, unit = setup
    seen: list[SyncResult | BaseException] = []
    done = threading.Event()
    scheduler = SyncScheduler(svc, interval_seconds=INTERVAL, on_run=lambda r: (seen.append(r), done.set()))
    scheduler.start()
    try:
        assert done.wait(30), "the scheduled sync never ran"
        assert isinstance(seen[0], SyncResult) and seen[0].trigger == "schedule"
        assert wait_for(lambda: len(scheduled_runs(svc)) >= 2)
        slapd_server.add(*person("late", unit, cn="后来的人"))
        assert wait_for(lambda: any(h["status"] == "applied" for h in scheduled_runs(svc)))
        assert console.directory.get_member("late").name == "后来的人"
        status = scheduler.status()
        assert status["enabled"] and not status["paused"] and status["next_run"] is not None
        assert status["history"][0]["trigger"] in ("schedule", "manual")
    finally:
        scheduler.stop()
    assert svc.schedule_status()["last_scheduled_run"]["trigger"] == "schedule"


def test_a_paused_or_switched_off_schedule_does_not_run_but_sync_now_does(
        setup: tuple[Console, LdapSyncService, str]) -> None:
    console, svc, _ = setup
    scheduler = SyncScheduler(svc, interval_seconds=INTERVAL)
    scheduler.pause()
    scheduler.start()
    try:
        time.sleep(INTERVAL * 5)
        assert scheduler.runs == 0 and scheduled_runs(svc) == []
        assert scheduler.status()["paused"] and scheduler.status()["next_run"] is None
        scheduler.sync_now()  # "sync now" works while paused
        assert wait_for(lambda: scheduler.runs == 1)
        scheduler.resume()
        assert wait_for(lambda: scheduler.runs >= 3)
        console.apply(svc.plan_schedule(False))  # `ldap schedule off`, shared by every administrator
        time.sleep(INTERVAL * 2)
        runs = scheduler.runs
        time.sleep(INTERVAL * 5)
        assert scheduler.runs == runs
    finally:
        scheduler.stop()
    assert svc.schedule_status()["enabled"] is False


def test_a_failing_scheduled_run_is_recorded_and_the_schedule_goes_on(setup: tuple[Console, LdapSyncService, str]
                                                                       ) -> None:
    console, svc, _ = setup
    broken = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: "wrong")
    results: list[SyncResult | BaseException] = []
    scheduler = SyncScheduler(broken, interval_seconds=INTERVAL, on_run=results.append)
    scheduler.start()
    try:
        assert wait_for(lambda: len(results) >= 2)
    finally:
        scheduler.stop()
    assert all(getattr(r, "code", None) == "ldap_bad_credentials" for r in results)
    assert {h["status"] for h in scheduled_runs(svc)} == {"failed"}
