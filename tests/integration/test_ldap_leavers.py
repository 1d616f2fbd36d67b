"""Leavers are seen at the next scheduled (incremental) sync, on slapd and on Samba AD, under the removal guard."""

from __future__ import annotations

import secrets
import threading
import time
from pathlib import Path

import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SambaAD, SlapdServer, start_slapd
from tests.ldap_helpers import configure, directory_state, labels, ou, person, preview_and_apply
from youdu_console.domain.errors import YouduError
from youdu_console.interchange.ldap.reader import CLOCK_MARGIN
from youdu_console.services.changes import plan_undo
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService, SyncResult, SyncScheduler

pytestmark = pytest.mark.ldap
N = 50


def scheduled_run(svc: LdapSyncService) -> SyncResult:
    """One run of the automatic sync through the scheduler itself (its thread, trigger "schedule")."""
    seen: list[SyncResult | BaseException] = []
    done = threading.Event()
    scheduler = SyncScheduler(svc, interval_seconds=3600, on_run=lambda r: (seen.append(r), done.set()))
    scheduler.start()
    try:
        scheduler.sync_now()
        assert done.wait(120), "the scheduled sync never ran"
    finally:
        scheduler.stop()
    result = seen[0]
    if isinstance(result, BaseException):
        raise result
    assert result.trigger == "schedule"
    return result


@pytest.fixture
def team(slapd_server: SlapdServer) -> tuple[str, str]:
    base = slapd_server.new_base()
    unit = ou("团队", base)
    slapd_server.add_many([unit, *[person(f"p{i:02d}", unit[0], cn=f"成员{i}") for i in range(N)]])
    return base, unit[0]


@pytest.fixture
def synced(console: Console, slapd_server: SlapdServer, team: tuple[str, str]) -> LdapSyncService:
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=team[0],
                    password=slapd_server.reader_password)
    assert preview_and_apply(svc).mode == "full"
    return svc


# ---------------------------------------------------------------------------- OpenLDAP


def test_a_user_deleted_in_slapd_is_resigned_by_the_next_scheduled_sync(
        console: Console, slapd_server: SlapdServer, synced: LdapSyncService, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=p03,{team[1]}")
    slapd_server.modify(f"uid=p04,{team[1]}", {"cn": "改了名"})
    r = scheduled_run(synced)
    assert (r.status, r.mode) == ("applied", "incremental")
    sweep = r.stats["departures"]
    assert (sweep["method"], sweep["entries"]) == ("sweep", N - 1)
    # The leaver and the change arrive in one change set.
    assert labels(r, "resigned") == ["p03"] and labels(r, "updated") == ["p04"]
    assert (r.removals, r.synced_members) == (1, N)
    gone = console.directory.get_member("p03")
    assert (gone.status, gone.authorization) == ("resigned", "unauthorized")
    assert console.directory.get_member("p04").name == "改了名"
    assert len(console.directory.list_members(status="all")) == N  # resigned, never deleted
    again = scheduled_run(synced)
    assert (again.mode, again.status) == ("incremental", "nothing")
    undo = plan_undo(console.uow, console.actor, r.changeset.id)  # undoable like every change set
    assert any(op.label == "p03" for op in undo.operations)


def test_deleting_30_percent_stops_the_incremental_run_and_changes_nothing(
        console: Console, slapd_server: SlapdServer, synced: LdapSyncService, team: tuple[str, str]) -> None:
    gone = [f"p{i:02d}" for i in range(0, N, 3)][:15]
    for account in gone:
        slapd_server.delete(f"uid={account},{team[1]}")
    slapd_server.add(*person("newbie", team[1], cn="新人"))  # even the harmless part waits
    before = directory_state(console)
    r = scheduled_run(synced)
    assert (r.mode, r.status, r.refusal and r.refusal.code) == ("incremental", "blocked",
                                                                "ldap_removals_over_threshold")
    assert (r.removals, r.removal_limit, r.synced_members) == (15, 5, N)
    assert directory_state(console) == before
    assert synced.history(1)[0]["status"] == "blocked" and synced.history(1)[0]["mode"] == "incremental"
    # The next scheduled run stops again (its cursor did not move past the deletions) ...
    assert scheduled_run(synced).status == "blocked"
    assert directory_state(console) == before
    # ... until an administrator confirms: then they are resigned, never deleted.
    r = synced.sync(confirm_removals=True)
    assert (r.mode, r.status) == ("incremental", "applied")
    assert labels(r, "resigned") == sorted(gone) and labels(r, "added") == ["newbie"]
    assert {m.account for m in console.directory.list_members(status="resigned")} == set(gone)


def test_a_user_moved_out_of_the_selected_ou_is_resigned_incrementally(
        console: Console, slapd_server: SlapdServer, synced: LdapSyncService, team: tuple[str, str]) -> None:
    elsewhere = ou("别处", team[0])
    slapd_server.add(*elsewhere)
    console.settings.set({"ldap.selected_ous": [team[1]]})
    preview_and_apply(synced)
    slapd_server.move(f"uid=p05,{team[1]}", new_superior=elsewhere[0])
    r = scheduled_run(synced)
    assert (r.mode, labels(r, "resigned")) == ("incremental", ["p05"])


def test_an_empty_sweep_removes_nobody(console: Console, slapd_server: SlapdServer, synced: LdapSyncService,
                                       team: tuple[str, str]) -> None:
    for i in range(N):
        slapd_server.delete(f"uid=p{i:02d},{team[1]}")
    before = directory_state(console)
    r = synced.sync(confirm_removals=True)
    assert (r.mode, r.status, r.refusal and r.refusal.code) == ("incremental", "blocked", "ldap_empty_result")
    assert directory_state(console) == before


def test_a_partial_sweep_removes_nobody(tmp_path: Path, console: Console) -> None:
    """The sync's bind may read 1,500 entries per search. The incremental read of the 200 changed entries
    succeeds; the sweep of all 1,599 is cut off: nobody is resigned, nothing else is applied either."""
    server = start_slapd(tmp_path / "slapd", sizelimit="size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=1500")
    try:
        base = server.new_base("big")
        server.add_many([person(f"u{i}", base) for i in range(1400)])
        time.sleep(CLOCK_MARGIN.total_seconds() + 1)  # so the incremental read does not re-read these
        svc = configure(console, url=server.url, bind_dn=server.reader_dn, base_dn=base,
                        password=server.reader_password)
        preview_and_apply(svc)
        server.add_many([person(f"v{i}", base) for i in range(200)])
        server.delete(f"uid=u7,{base}")
        before = directory_state(console)
        with pytest.raises(YouduError) as err:
            scheduled_run(svc)
        assert err.value.code == "ldap_search_incomplete"
        assert directory_state(console) == before
        run = svc.history(1)[0]
        assert (run["status"], run["trigger"]) == ("failed", "schedule")
    finally:
        server.stop()


# ---------------------------------------------------------------------------- Active Directory (Samba)


def _ad_user_with_password(ad: SambaAD, sam: str, parent: str) -> tuple[str, str]:
    """An ordinary (non-administrator) account that may bind: (DN, password)."""
    password = "Rd-" + secrets.token_hex(6) + "!x"
    dn = f"CN={sam},{parent}"
    with ad._session() as conn:  # LDAPS: AD sets passwords only over an encrypted connection
        conn.add(dn, attributes={"objectClass": ["top", "person", "organizationalPerson", "user"], "cn": sam,
                                 "sAMAccountName": sam, "userPrincipalName": f"{sam}@example.test",
                                 "unicodePwd": f'"{password}"'.encode("utf-16-le"), "userAccountControl": "512"})
        assert conn.result["result"] == 0, conn.result
    return dn, password


@pytest.fixture(scope="module")
def ad_people(samba_ad: SambaAD) -> tuple[str, list[str]]:
    """An OU of 20 people in the AD: (OU DN, their sAMAccountNames)."""
    top = samba_ad.add_ou("离职检查")
    names = [f"leaver{i:02d}" for i in range(20)]
    for name in names:
        samba_ad.add_user(name, top, cn=name, displayName=f"员工{name[-2:]}")
    return top, names


def _ad_sync(console: Console, ad: SambaAD, top: str, bind_dn: str, password: str) -> LdapSyncService:
    svc = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: password)
    console.apply(svc.plan_config(server=ad.ldaps_url, bind_dn=bind_dn, base_dn=ad.base_dn, ca_file=str(ad.ca_file),
                                  selected_ous=[top], password=password))
    assert preview_and_apply(svc).mode == "full"
    return svc


def test_a_user_deleted_in_samba_ad_is_resigned_through_the_deleted_objects_view(
        samba_ad: SambaAD, ad_people: tuple[str, list[str]], tmp_path: Path) -> None:
    top, names = ad_people
    console = bootstrap(f"sqlite:///{tmp_path / 'ad.db'}")
    try:
        svc = _ad_sync(console, samba_ad, top, samba_ad.admin_dn, samba_ad.admin_password)
        samba_ad.delete(f"CN={names[0]},{top}")
        r = scheduled_run(svc)
        assert (r.mode, r.status) == ("incremental", "applied")
        assert r.stats["departures"]["method"] == "deleted-objects"  # the administrator may read tombstones
        assert labels(r, "resigned") == [names[0]]
        assert console.directory.get_member(names[0]).status == "resigned"
        assert scheduled_run(svc).status == "nothing"
        samba_ad.add_user(names[0], top, cn=names[0], displayName="回来了")  # a new entry, a new GUID
        back = scheduled_run(svc)
        assert labels(back, "restored") == [names[0]]
    finally:
        console.uow.dispose()


def test_a_user_moved_out_of_the_selected_ou_in_samba_ad_is_resigned(
        samba_ad: SambaAD, ad_people: tuple[str, list[str]], tmp_path: Path) -> None:
    top, names = ad_people
    console = bootstrap(f"sqlite:///{tmp_path / 'ad.db'}")
    try:
        svc = _ad_sync(console, samba_ad, top, samba_ad.admin_dn, samba_ad.admin_password)
        samba_ad.move(f"CN={names[2]},{top}", new_superior=samba_ad.add_ou("调出"))
        r = scheduled_run(svc)
        assert (r.mode, r.stats["departures"]["method"]) == ("incremental", "deleted-objects")
        assert labels(r, "resigned") == [names[2]]
    finally:
        console.uow.dispose()


def test_an_ad_bind_without_the_show_deleted_right_falls_back_to_the_sweep(
        samba_ad: SambaAD, ad_people: tuple[str, list[str]], tmp_path: Path) -> None:
    top, names = ad_people
    reader_dn, reader_password = _ad_user_with_password(samba_ad, "sync-reader", samba_ad.add_ou("服务帐号"))
    console = bootstrap(f"sqlite:///{tmp_path / 'ad.db'}")
    try:
        svc = _ad_sync(console, samba_ad, top, reader_dn, reader_password)
        samba_ad.delete(f"CN={names[1]},{top}")
        r = scheduled_run(svc)
        departures = r.stats["departures"]
        assert (departures["method"], departures["entries"]) == ("sweep", r.synced_members - 1)
        assert departures["fallback"]  # why the deleted-objects view was not used
        assert (r.mode, labels(r, "resigned")) == ("incremental", [names[1]])
    finally:
        console.uow.dispose()


def test_deleting_30_percent_in_samba_ad_stops_the_incremental_run(samba_ad: SambaAD, tmp_path: Path) -> None:
    top = samba_ad.add_ou("大批离职")
    names = [f"mass{i:02d}" for i in range(20)]
    for name in names:
        samba_ad.add_user(name, top, cn=name)
    console = bootstrap(f"sqlite:///{tmp_path / 'ad.db'}")
    try:
        svc = _ad_sync(console, samba_ad, top, samba_ad.admin_dn, samba_ad.admin_password)
        for name in names[:6]:
            samba_ad.delete(f"CN={name},{top}")
        before = directory_state(console)
        r = scheduled_run(svc)
        assert (r.mode, r.status, r.refusal and r.refusal.code) == ("incremental", "blocked",
                                                                    "ldap_removals_over_threshold")
        assert (r.removals, r.removal_limit) == (6, 2)
        assert directory_state(console) == before
    finally:
        console.uow.dispose()
