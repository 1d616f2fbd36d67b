"""Odd directory values (slapd): a clear report naming each bad entry, and nothing applied unless asked to skip."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.core import Cli, bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import configure, directory_state, ou, person
from youdu_console.domain.errors import ValidationErrors
from youdu_console.interchange.ldap.dn import dn_key
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService

pytestmark = pytest.mark.ldap


@pytest.fixture
def odd(sqlite_url: str, slapd_server: SlapdServer) -> Iterator[tuple[Console, LdapSyncService, dict[str, str]]]:
    base = slapd_server.new_base()
    rd = ou("R,D", base)  # ou=R\,D
    ops = ou("运营+市场", base)  # ou=运营\+市场
    lilei = (rf"cn=Li\, Lei+uid=lilei,{rd[0]}", {"objectClass": ["inetOrgPerson"], "cn": "Li, Lei", "uid": "lilei",
                                                   "sn": "Li", "displayName": "李雷"})
    entries = [
        rd, ops, lilei,
        person("emoji", ops[0], cn="王😀"),
        person("ｗａｎｇ", ops[0], cn="王五"),  # full-width account letters fold to "wang"
        person("ok1", rd[0], cn="正常", mobile="13900000001"),
        person("noname", rd[0], cn="\u200b", displayName="\u200b\u200b"),  # invisible: no name at all
        person("dup1", rd[0], cn="重复一", mobile="13900009999"),
        person("dup2", ops[0], cn="重复二", mobile="+86 139-0000-9999"),  # the same number, written differently
        person("ZhangSan", rd[0], cn="张三"),
        person("zhangsan", ops[0], cn="张三二"),  # differs only in case: the same account
        person("bad account", rd[0], cn="空格帐号"),
    ]
    slapd_server.add_many(entries)
    console = bootstrap(sqlite_url)
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    dns = {"noname": f"uid=noname,{rd[0]}", "dup1": f"uid=dup1,{rd[0]}", "dup2": f"uid=dup2,{ops[0]}",
           "ZhangSan": f"uid=ZhangSan,{rd[0]}", "zhangsan": f"uid=zhangsan,{ops[0]}",
           "bad": f"uid=bad account,{rd[0]}"}
    yield console, svc, dns
    console.uow.dispose()


EXPECTED = {("noname", "name_required"), ("dup1", "ldap_mobile_duplicate"), ("dup2", "ldap_mobile_duplicate"),
            ("ZhangSan", "ldap_account_duplicate"), ("zhangsan", "ldap_account_duplicate"),
            ("bad", "account_invalid")}


def test_odd_values_are_reported_entry_by_entry_and_nothing_is_applied(
        odd: tuple[Console, LdapSyncService, dict[str, str]]) -> None:
    console, svc, dns = odd
    before = directory_state(console)
    for dry_run in (True, False):
        r = svc.sync(dry_run=dry_run)
        assert r.status == "invalid" and isinstance(r.refusal, ValidationErrors)
        by_dn = {dn_key(e["entry"]): e["code"] for e in r.changeset.errors}  # the server writes R\2CD for R\,D
        assert by_dn == {dn_key(dns[k]): code for k, code in EXPECTED}
        assert all(e["message"] and e["field"] for e in r.changeset.errors)
    dup = next(e for e in r.changeset.errors if dn_key(e["entry"]) == dn_key(dns["dup1"]))
    assert "uid=dup2," in dup["message"]  # names the other entry
    assert directory_state(console) == before


def test_skip_invalid_applies_the_valid_entries_escaped_dns_and_emoji_included(
        odd: tuple[Console, LdapSyncService, dict[str, str]]) -> None:
    console, svc, _ = odd
    assert svc.sync(dry_run=True, skip_invalid=True).status == "previewed"
    r = svc.sync(skip_invalid=True)
    assert r.status == "applied" and len(r.changeset.errors) == len(EXPECTED)
    d = console.directory
    assert {m.account for m in d.list_members()} == {"lilei", "emoji", "wang", "ok1"}
    assert d.get_member("lilei").departments == ("R,D",) and d.get_member("lilei").name == "李雷"
    assert d.get_member("emoji").departments == ("运营+市场",) and d.get_member("emoji").name == "王😀"
    assert d.get_member("wang").name == "王五"
    again = svc.sync(full=True, skip_invalid=True)
    assert again.changeset.operations == [] and len(again.changeset.errors) == len(EXPECTED)


def test_the_cli_exits_1_with_every_error_listed(odd: tuple[Console, LdapSyncService, dict[str, str]],
                                                  slapd_server: SlapdServer) -> None:
    console, _, dns = odd
    cli = Cli(str(console.uow.engine.url))
    res = cli("ldap", "sync", "--dry-run", "--password-stdin", input=slapd_server.reader_password + "\n")
    assert res.code == 1
    err = res.data["error"]
    assert err["code"] == "invalid_rows" and len(err["errors"]) == len(EXPECTED)
    assert err["change_set"]["ldap"]["status"] == "invalid"
    assert {dn_key(e["entry"]) for e in err["errors"]} == {dn_key(dn) for dn in dns.values()}
