"""`youdu-console ldap …` against slapd: the documented commands, flags, exit codes and JSON keys."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy import select

from tests.fixtures.core import Cli
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import ou, person
from youdu_console.services.console import open_uow
from youdu_console.store.models import SettingRow

pytestmark = pytest.mark.ldap
CHANGE_SET_KEYS = {"id", "kind", "actor", "created_at", "summary", "operations", "errors"}


@pytest.fixture
def team(slapd_server: SlapdServer) -> tuple[str, str]:
    base = slapd_server.new_base()
    unit = ou("客服部", base)
    slapd_server.add_many([unit, *[person(f"c{i}", unit[0], cn=f"客服{i}") for i in range(12)]])
    return base, unit[0]


def config_args(s: SlapdServer, base: str) -> list[str]:
    return ["ldap", "config", "--server", s.url, "--bind-dn", s.reader_dn, "--base-dn", base]


@pytest.fixture
def configured(cli: Cli, slapd_server: SlapdServer, team: tuple[str, str]) -> Iterator[Cli]:
    res = cli(*config_args(slapd_server, team[0]), "--password-stdin", input=slapd_server.reader_password + "\n")
    assert res.code == 0, res.out + res.err
    yield cli
    keyring.delete_password("youdu-console", f"ldap:{slapd_server.url}")


def test_config_detects_the_flavor_and_keeps_the_password_only_in_the_keyring(
        configured: Cli, slapd_server: SlapdServer) -> None:
    assert configured("settings", "get", "ldap.flavor").data["value"] == "openldap"
    assert keyring.get_password("youdu-console", f"ldap:{slapd_server.url}") == slapd_server.reader_password
    uow = open_uow(configured.url)
    with uow.read() as conn:
        stored = " ".join(v for (v,) in conn.execute(select(SettingRow.__table__.c.value)))
    uow.dispose()
    assert slapd_server.reader_password not in stored
    info = configured("ldap", "test").data
    assert info["ok"] and info["flavor"] == "openldap" and info["paged_results"]


def test_sync_needs_a_preview_then_applies_and_prints_a_change_set(configured: Cli) -> None:
    refused = configured("ldap", "sync")
    assert refused.code == 1 and refused.data["error"]["code"] == "ldap_preview_required"
    preview = configured("ldap", "sync", "--dry-run")
    assert preview.code == 0
    data = preview.data
    assert CHANGE_SET_KEYS <= set(data) and data["id"] is None and data["actor"] == "ldap-sync"
    assert data["summary"]["added"] == 13 and data["ldap"]["status"] == "previewed"
    applied = configured("ldap", "sync")
    assert applied.code == 0 and applied.data["id"] is not None and applied.data["ldap"]["status"] == "applied"
    assert len(configured("member", "list", "--dept", "客服部").data) == 12
    again = configured("ldap", "sync")
    assert again.code == 0 and again.data["operations"] == [] and again.data["ldap"]["mode"] == "incremental"
    text = configured("ldap", "history", as_json=False)
    assert text.code == 0 and "applied" in text.out and "previewed" in text.out


def test_removals_over_the_guard_exit_1_until_confirmed(configured: Cli, slapd_server: SlapdServer,
                                                        team: tuple[str, str]) -> None:
    assert configured("ldap", "sync", "--dry-run").code == 0
    assert configured("ldap", "sync").code == 0
    for i in range(4):  # a third of the members
        slapd_server.delete(f"uid=c{i},{team[1]}")
    res = configured("ldap", "sync", "--full")
    assert res.code == 1 and res.data["error"]["code"] == "ldap_removals_over_threshold"
    assert res.data["error"]["change_set"]["ldap"]["removals"] == 4
    assert len(configured("member", "list", "--status", "resigned").data) == 0
    ok = configured("ldap", "sync", "--full", "--confirm-removals")
    assert ok.code == 0 and ok.data["summary"]["resigned"] == 4
    assert {m["account"] for m in configured("member", "list", "--status", "resigned").data} == {"c0", "c1", "c2", "c3"}


def test_schedule_on_off_status(configured: Cli) -> None:
    status = configured("ldap", "schedule", "status").data
    assert status["enabled"] is True and status["interval_minutes"] == 10
    assert configured("ldap", "schedule", "off").code == 0
    assert configured("ldap", "schedule", "status").data["enabled"] is False
    assert configured("ldap", "schedule", "on").code == 0
    assert configured("settings", "set", "ldap.interval_minutes", "5").code == 0
    assert configured("ldap", "schedule", "status").data == {**status, "interval_minutes": 5}


def test_browse_lists_ous_and_users(configured: Cli, team: tuple[str, str]) -> None:
    top = configured("ldap", "browse").data
    assert [(n["kind"], n["name"]) for n in top] == [("ou", "客服部")]
    inside = configured("ldap", "browse", team[1]).data
    assert len(inside) == 12 and {n["kind"] for n in inside} == {"user"}


def test_exit_codes_for_unreachable_wrong_password_and_usage(configured: Cli, slapd_server: SlapdServer,
                                                             team: tuple[str, str]) -> None:
    wrong = configured("ldap", "test", "--password-stdin", input="wrong\n")
    assert wrong.code == 1 and wrong.data["error"]["code"] == "ldap_bad_credentials"
    res = configured("ldap", "config", "--server", "ldap://127.0.0.1:1", "--bind-dn", "cn=x", "--base-dn", team[0],
                     "--password-stdin", input="x\n")
    assert res.code == 3 and res.data["error"]["code"] == "ldap_unreachable"
    assert configured("ldap", "config", "--server", slapd_server.url).code == 2
    assert configured("ldap", "sync", "--frobnicate").code == 2


def test_without_a_keyring_the_password_is_asked_each_time(cli: Cli, slapd_server: SlapdServer,
                                                         team: tuple[str, str]) -> None:
    saved = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        res = cli(*config_args(slapd_server, team[0]), "--password-stdin", input=slapd_server.reader_password + "\n",
                  as_json=False)
        assert res.code == 0 and "keyring" in res.err
        missing = cli("ldap", "test")
        assert missing.code == 1 and missing.data["error"]["code"] == "ldap_password_missing"
        given = cli("ldap", "test", "--password-stdin", input=slapd_server.reader_password + "\n")
        assert given.code == 0 and given.data["ok"]
    finally:
        keyring.set_keyring(saved)
