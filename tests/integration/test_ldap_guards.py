"""Guard-rails of the LDAP sync against real slapd servers: whatever goes wrong, nobody is removed by mistake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer, start_slapd
from tests.ldap_helpers import configure, directory_state, labels, ou, person, preview_and_apply
from youdu_console.domain.errors import YouduError
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService

pytestmark = pytest.mark.ldap
N = 50


@pytest.fixture
def console(sqlite_url: str) -> Iterator[Console]:
    c = bootstrap(sqlite_url)
    yield c
    c.uow.dispose()


@pytest.fixture
def team(slapd_server: SlapdServer) -> tuple[str, str]:
    """A fresh base with one OU of N people: (base DN, OU DN)."""
    base = slapd_server.new_base()
    unit = ou("团队", base)
    slapd_server.add_many([unit, *[person(f"p{i:02d}", unit[0], cn=f"成员{i}") for i in range(N)]])
    return base, unit[0]


@pytest.fixture
def synced(console: Console, slapd_server: SlapdServer, team: tuple[str, str]) -> LdapSyncService:
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=team[0],
                    password=slapd_server.reader_password)
    preview_and_apply(svc)
    return svc


def _refused(call: object) -> YouduError:
    with pytest.raises(YouduError) as err:
        call()  # type: ignore[operator]
    return err.value


def test_a_wrong_bind_password_changes_nothing(console: Console, slapd_server: SlapdServer,
                                               synced: LdapSyncService, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=p01,{team[1]}")
    before = directory_state(console)
    wrong = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: "not-the-password")
    err = _refused(lambda: wrong.sync(full=True, confirm_removals=True))
    assert (err.code, err.exit_code) == ("ldap_bad_credentials", 1)
    assert directory_state(console) == before
    assert wrong.history(1)[0]["status"] == "failed"


def test_an_unreachable_server_and_a_missing_base_change_nothing(console: Console, slapd_server: SlapdServer,
                                                                 synced: LdapSyncService) -> None:
    before = directory_state(console)
    console.settings.set({"ldap.server": "ldap://127.0.0.1:1"})
    err = _refused(lambda: synced.sync(full=True, confirm_removals=True))
    assert (err.code, err.exit_code) == ("ldap_unreachable", 3)
    console.settings.set({"ldap.server": slapd_server.url, "ldap.base_dn": "ou=nowhere,dc=example,dc=test"})
    assert _refused(lambda: synced.sync(full=True, confirm_removals=True)).code == "ldap_base_not_found"
    assert _refused(synced.test).code == "ldap_base_not_found"
    after = directory_state(console)
    assert {k: v for k, v in after.items() if k != "audit_log" and k != "change_sets"} == \
        {k: v for k, v in before.items() if k != "audit_log" and k != "change_sets"}
    assert all(m.status == "active" for m in console.directory.list_members(status="all"))


def test_starttls_against_a_server_without_tls_is_a_tls_failure(console: Console, slapd_server: SlapdServer,
                                                               team: tuple[str, str]) -> None:
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=team[0],
                    password=slapd_server.reader_password, start_tls=True)
    err = _refused(svc.test)
    assert (err.code, err.exit_code) == ("ldap_tls_failed", 3)


def test_an_empty_base_removes_nobody(console: Console, slapd_server: SlapdServer, synced: LdapSyncService,
                                      team: tuple[str, str]) -> None:
    for i in range(N):
        slapd_server.delete(f"uid=p{i:02d},{team[1]}")
    before = directory_state(console)
    r = synced.sync(full=True, confirm_removals=True)
    assert (r.status, r.refusal and r.refusal.code) == ("blocked", "ldap_empty_result")
    assert directory_state(console) == before
    # Pointing the sync at an empty OU is refused the same way, even after its preview.
    empty = slapd_server.new_base()
    console.settings.set({"ldap.base_dn": empty})
    before = directory_state(console)
    r = synced.sync(dry_run=True)
    assert (r.status, r.refusal and r.refusal.code) == ("blocked", "ldap_empty_result")
    assert directory_state(console) == before


def test_removing_30_percent_stops_until_confirmed_and_then_only_resigns(console: Console, slapd_server: SlapdServer,
                                                                       synced: LdapSyncService,
                                                                       team: tuple[str, str]) -> None:
    gone = [f"p{i:02d}" for i in range(0, N, 3)][:15]
    for account in gone:
        slapd_server.delete(f"uid={account},{team[1]}")
    before = directory_state(console)
    r = synced.sync(full=True)
    assert (r.status, r.refusal and r.refusal.code) == ("blocked", "ldap_removals_over_threshold")
    assert (r.removals, r.removal_limit, r.synced_members) == (15, 5, N)
    assert directory_state(console) == before
    assert synced.history(1)[0]["status"] == "blocked"
    r = synced.sync(full=True, confirm_removals=True)
    assert r.status == "applied" and labels(r, "resigned") == sorted(gone)
    assert {m.account for m in console.directory.list_members(status="resigned")} == set(gone)
    assert len(console.directory.list_members(status="all")) == N  # resigned, never deleted


def test_a_partial_read_removes_nobody(tmp_path: Path, console: Console) -> None:
    """A server that stops a paged search after 1,500 entries (sizeLimitExceeded on the second page)."""
    server = start_slapd(tmp_path / "slapd", sizelimit="size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=1500")
    try:
        base = server.new_base("big")
        server.add_many([person(f"u{i}", base) for i in range(2000)])
        svc = configure(console, url=server.url, bind_dn=server.admin_dn, base_dn=base, password=server.admin_password)
        preview_and_apply(svc)  # the rootdn has no limits: 2,000 members
        console.settings.set({"ldap.bind_dn": server.reader_dn})
        before = directory_state(console)
        capped = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: server.reader_password)
        err = _refused(lambda: capped.sync(full=True, confirm_removals=True))
        assert err.code == "ldap_search_incomplete"
        assert directory_state(console) == before
    finally:
        server.stop()


def test_a_missing_selected_ou_changes_nothing(console: Console, slapd_server: SlapdServer,
                                               synced: LdapSyncService, team: tuple[str, str]) -> None:
    extra = ou("临时组", team[0])
    slapd_server.add_many([extra, person("t1", extra[0])])
    console.settings.set({"ldap.selected_ous": [team[1], extra[0]]})
    preview_and_apply(synced)
    slapd_server.delete(f"uid=t1,{extra[0]}")
    slapd_server.delete(extra[0])
    before = directory_state(console)
    err = _refused(lambda: synced.sync(full=True, confirm_removals=True))
    assert err.code == "ldap_selection_missing" and extra[0] in err.message("en")
    assert directory_state(console) == before


def test_after_a_settings_change_a_preview_is_required(console: Console, synced: LdapSyncService,
                                                       slapd_server: SlapdServer, team: tuple[str, str]) -> None:
    console.settings.set({"ldap.mapping": ["name=sn|cn"]})
    slapd_server.modify(f"uid=p02,{team[1]}", {"cn": "新名字"})
    before = directory_state(console)
    r = synced.sync()
    assert (r.status, r.refusal and r.refusal.code) == ("needs_preview", "ldap_preview_required")
    assert directory_state(console) == before
    preview = synced.sync(dry_run=True)
    assert preview.status == "previewed" and len(preview.changeset.operations) == N
    applied = synced.apply_preview(preview)
    assert applied.status == "applied"
    assert console.directory.get_member("p02").name == "-"  # sn, as the new mapping says


def test_manual_edits_are_reported_and_kept_not_silently_overwritten(console: Console, synced: LdapSyncService,
                                                                     slapd_server: SlapdServer,
                                                                     team: tuple[str, str]) -> None:
    console.apply(console.directory.plan_update_member("p05", mobile="13511112222", name="手工改名"))
    for _ in range(2):
        r = synced.sync(full=True)
        assert r.status == "nothing"
        assert sorted(n["field"] for n in r.notices) == ["mobile", "name"]
        assert all(n["code"] == "ldap_manual_edit" and n["account"] == "p05" for n in r.notices)
    slapd_server.modify(f"uid=p05,{team[1]}", {"cn": "目录里的新名字"})
    r = synced.sync()
    assert r.changeset.operations == [] and any(n["field"] == "name" for n in r.notices)
    m = console.directory.get_member("p05")
    assert (m.name, m.mobile) == ("手工改名", "13511112222")
    r = synced.sync(full=True, overwrite_manual=True)
    assert labels(r, "updated") == ["p05"]
    assert {n["code"] for n in r.notices} == {"ldap_manual_edit_overwritten"}
    m = console.directory.get_member("p05")
    assert (m.name, m.mobile) == ("目录里的新名字", "")
    again = synced.sync(full=True)
    assert (again.status, again.notices) == ("nothing", [])


def test_a_member_resigned_by_hand_stays_resigned(console: Console, synced: LdapSyncService) -> None:
    console.apply(console.directory.plan_resign(["p07"]))
    r = synced.sync(full=True)
    assert r.status == "nothing" and [n["code"] for n in r.notices] == ["ldap_resigned_manually"]
    assert console.directory.get_member("p07").status == "resigned"


def test_a_member_resigned_by_the_sync_is_restored_when_back(console: Console, synced: LdapSyncService,
                                                             slapd_server: SlapdServer, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=p08,{team[1]}")
    assert labels(synced.sync(full=True), "resigned") == ["p08"]
    slapd_server.add(*person("p08", team[1], cn="成员8"))
    r = synced.sync(full=True)
    assert labels(r, "restored") == ["p08"]
    assert console.directory.get_member("p08").status == "active"


def test_the_sync_job_reports_progress_and_a_cancelled_one_changes_nothing(
        console: Console, slapd_server: SlapdServer, synced: LdapSyncService, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=p09,{team[1]}")
    before = directory_state(console)
    seen: list[tuple[int, int, str]] = []
    job = synced.sync_job(full=True)
    err = _refused(lambda: job(lambda done, total, text="": seen.append((done, total, text)), lambda: bool(seen)))
    assert err.code == "job_cancelled" and seen
    assert directory_state(console) == before
    assert synced.history(1)[0]["status"] == "cancelled"
    texts: list[str] = []
    result = synced.sync_job(full=True)(lambda done, total, text="": texts.append(text), lambda: False)
    assert result.status == "applied" and labels(result, "resigned") == ["p09"]
    assert texts[0].startswith("Reading the directory") and texts[-1] == f"Comparing {N - 1} people"


def test_a_member_changed_between_preview_and_apply_makes_the_apply_fail_whole(
        console: Console, slapd_server: SlapdServer, synced: LdapSyncService, team: tuple[str, str]) -> None:
    slapd_server.modify(f"uid=p10,{team[1]}", {"cn": "目录改名"})
    slapd_server.add(*person("p99", team[1], cn="新人"))
    preview = synced.sync(dry_run=True)
    assert sorted(op.label for op in preview.changeset.operations) == ["p10", "p99"]
    console.apply(console.directory.plan_update_member("p10", phone="010-1234"))  # another administrator
    before = directory_state(console)
    err = _refused(lambda: synced.apply_preview(preview))
    assert err.code == "conflict"
    assert directory_state(console) == before  # not even the new member was added
    assert synced.history(1)[0]["status"] == "failed"
    assert synced.sync().status == "applied"  # planned again, it goes through


def test_no_stored_password_is_a_recorded_failure(console: Console, synced: LdapSyncService) -> None:
    nothing = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: None)
    assert _refused(nothing.sync).code == "ldap_password_missing"
    assert nothing.history(1)[0]["status"] == "failed"
