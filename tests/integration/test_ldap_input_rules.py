"""LDAP sync (slapd) applies the same input rules as every other path: mobiles, names, department depth."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import configure, directory_state, ou, person
from youdu_console.domain.errors import ValidationErrors
from youdu_console.interchange.ldap.dn import dn_key
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService

pytestmark = pytest.mark.ldap


@pytest.fixture
def directory(sqlite_url: str, slapd_server: SlapdServer) -> Iterator[tuple[Console, LdapSyncService, dict[str, str]]]:
    base = slapd_server.new_base()
    staff = ou("员工", base)
    chain = [ou("L1", base)]
    for i in range(2, 34):  # 33 nested OUs: one more than the default limit of 32 levels
        chain.append(ou(f"L{i}", chain[-1][0]))
    entries = [
        staff, *chain,
        person("m7", staff[0], cn="七位", mobile="1390000"),
        person("m12", staff[0], cn="十二位", mobile="139000000001"),
        person("bidi", staff[0], cn="bidi", displayName="abc\u202edef"),
        person("hk", staff[0], cn="陈大文", mobile="+852 9123 4567"),
        person("cn86", staff[0], cn="李四", mobile="+86 139 0000 0005"),
        person("deep", chain[-1][0], cn="深处"),
        person("ok32", chain[-2][0], cn="三十二级"),
    ]
    slapd_server.add_many(entries)
    console = bootstrap(sqlite_url)
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    dns = {"m7": f"uid=m7,{staff[0]}", "m12": f"uid=m12,{staff[0]}", "bidi": f"uid=bidi,{staff[0]}",
           "L33": chain[-1][0], "deep": f"uid=deep,{chain[-1][0]}"}
    yield console, svc, dns
    console.uow.dispose()


EXPECTED = {"m7": "mobile_invalid", "m12": "mobile_invalid", "bidi": "name_invalid", "L33": "dept_too_deep",
            "deep": "dept_not_found"}


def test_bad_mobiles_names_and_depth_are_refused_entry_by_entry(
        directory: tuple[Console, LdapSyncService, dict[str, str]]) -> None:
    console, svc, dns = directory
    before = directory_state(console)
    for dry_run in (True, False):
        r = svc.sync(dry_run=dry_run)
        assert r.status == "invalid" and isinstance(r.refusal, ValidationErrors)
        got = {dn_key(e["entry"]): e["code"] for e in r.changeset.errors}
        assert got == {dn_key(dns[k]): code for k, code in EXPECTED.items()}
    assert directory_state(console) == before


def test_skip_invalid_applies_the_rest_in_the_normal_form(
        directory: tuple[Console, LdapSyncService, dict[str, str]]) -> None:
    console, svc, _ = directory
    assert svc.sync(dry_run=True, skip_invalid=True).status == "previewed"
    assert svc.sync(skip_invalid=True).status == "applied"
    d = console.directory
    assert {m.account for m in d.list_members()} == {"hk", "cn86", "ok32"}
    assert d.get_member("hk").mobile == "+85291234567" and d.get_member("cn86").mobile == "13900000005"
    assert len(d.get_member("ok32").departments[0].split("/")) == 32
