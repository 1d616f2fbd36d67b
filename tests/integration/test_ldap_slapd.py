"""LDAP sync against a real OpenLDAP (slapd) with Active Directory's 1,000-entry cap and more than 2,500 users."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ldap3
import pytest
from sqlalchemy import func, select

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import configure, labels, ou, person, preview_and_apply
from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import open_connection
from youdu_console.interchange.ldap.search import paged_search
from youdu_console.services import audit, changes
from youdu_console.services.console import Console
from youdu_console.services.ldap_sync import LdapSyncService
from youdu_console.store.models import ChangeSetRow, Member

pytestmark = pytest.mark.ldap

N_USERS = 2600
OUS = ["研发部", "研发部/前端组", "研发部/后端组", "销售部", "行政部"]


@dataclass
class World:
    slapd: SlapdServer
    base: str
    console: Console
    svc: LdapSyncService
    ou_dn: dict[str, str]  # department path → OU DN

    def user_dn(self, i: int) -> str:
        return f"uid=u{i:04d},{self.ou_dn[OUS[i % len(OUS)]]}"


def _ou_dns(base: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in OUS:
        parent = out[path.rsplit("/", 1)[0]] if "/" in path else base
        out[path] = ou(path.rsplit("/", 1)[-1], parent)[0]
    return out


def _user(i: int, parent: str) -> tuple[str, dict[str, Any]]:
    return person(f"u{i:04d}", parent, cn=f"用户{i:04d}", mail=f"u{i:04d}@example.test", mobile=f"139{i:08d}",
                  telephoneNumber=f"010-{i:06d}", title="工程师" if i % 2 else "经理")


@pytest.fixture(scope="module")
def world(slapd_server: SlapdServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base = slapd_server.new_base()
    dns = _ou_dns(base)
    entries = [ou(p.rsplit("/", 1)[-1], dns[p.rsplit("/", 1)[0]] if "/" in p else base) for p in OUS]
    entries += [_user(i, dns[OUS[i % len(OUS)]]) for i in range(N_USERS)]
    entries += [person("boss", base, cn="老板")]  # directly under the base: the base's own department
    slapd_server.add_many(entries)
    console = bootstrap(f"sqlite:///{tmp_path_factory.mktemp('ldap') / 'youdu.db'}")
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    yield World(slapd_server, base, console, svc, dns)
    console.uow.dispose()


@pytest.fixture(scope="module")
def synced(world: World) -> World:
    preview_and_apply(world.svc)
    return world


def test_the_reader_is_capped_at_1000_entries_but_paging_reads_all(world: World) -> None:
    s = world.slapd
    conn = ldap3.Connection(ldap3.Server(s.host, s.port), s.reader_dn, s.reader_password, auto_bind=True)
    conn.search(world.base, "(objectClass=inetOrgPerson)", attributes=["uid"])
    assert len(conn.response) == 1000 and conn.result["result"] == 4  # sizeLimitExceeded, and no exception
    conn.unbind()
    cfg = LdapConfig(server=s.url, bind_dn=s.reader_dn, base_dn=world.base)
    conn = open_connection(cfg, s.reader_password)
    pages: list[int] = []
    found = list(paged_search(conn, cfg, world.base, "(objectClass=inetOrgPerson)", ["uid"], on_page=pages.append))
    conn.unbind()
    assert len(found) == N_USERS + 1
    assert max(pages) == 1000 and len(pages) == 3


def test_full_sync_is_correct(synced: World) -> None:
    c = synced.console
    depts = {d.path: d for d in c.directory.list_departments()}
    base_name = synced.base.split(",", 1)[0].split("=", 1)[1]
    assert set(depts) == {*OUS, base_name}
    assert sum(d.member_count for d in depts.values()) == N_USERS + 1
    assert depts["研发部/前端组"].member_count == N_USERS // len(OUS)
    assert depts[base_name].member_count == 1
    with c.uow.read() as conn:
        assert conn.execute(select(func.count()).select_from(Member.__table__)).scalar() == N_USERS + 1
        actors = {r[0] for r in conn.execute(select(ChangeSetRow.__table__.c.actor)
                                             .where(ChangeSetRow.__table__.c.kind == "ldap.sync"))}
    assert actors == {"ldap-sync"}
    m = c.directory.get_member("u0007")
    assert (m.name, m.email, m.mobile, m.phone, m.position) == ("用户0007", "u0007@example.test", "13900000007",
                                                                  "010-000007", "工程师")
    assert m.departments == (OUS[7 % len(OUS)],) and m.status == "active" and m.authorization == "unauthorized"
    # Departments carry the OU's entryUUID as alias, so renames and moves are recognised.
    s = synced.slapd
    conn = ldap3.Connection(ldap3.Server(s.host, s.port), s.admin_dn, s.admin_password, auto_bind=True)
    conn.search(synced.ou_dn["研发部/前端组"], "(objectClass=*)", ldap3.BASE, attributes=["entryUUID"])
    assert depts["研发部/前端组"].alias == str(conn.entries[0].entryUUID)
    conn.unbind()
    assert audit.verify(c.uow)["ok"]


def test_a_second_sync_plans_nothing(synced: World) -> None:
    incremental = synced.svc.sync()
    assert (incremental.status, incremental.mode, incremental.changeset.operations) == ("nothing", "incremental", [])
    full = synced.svc.sync(full=True)
    assert (full.status, full.mode, full.changeset.operations, full.notices) == ("nothing", "full", [], [])
    assert full.stats["users"] == N_USERS + 1


def test_a_rename_updates_only_the_name(synced: World) -> None:
    synced.slapd.modify(synced.user_dn(11), {"cn": "张三丰"})
    r = synced.svc.sync()
    assert r.status == "applied" and r.mode == "incremental"
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [("member", "updated", "u0011")]
    assert set(r.changeset.operations[0].after or {}) == {"name", "name_pinyin", "name_initials", "attributes"}
    m = synced.console.directory.get_member("u0011")
    assert m.name == "张三丰" and synced.console.directory.search("zsf")[0].account == "u0011"


def test_a_move_between_ous_moves_the_member(synced: World) -> None:
    synced.slapd.move(synced.user_dn(12), new_superior=synced.ou_dn["销售部"])
    r = synced.svc.sync()
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [("member", "moved", "u0012")]
    assert synced.console.directory.get_member("u0012").departments == ("销售部",)


def test_a_new_user_is_added_in_its_department(synced: World) -> None:
    synced.slapd.add(*person("newbie", synced.ou_dn["研发部/后端组"], cn="新同事", mobile="13712345678"))
    r = synced.svc.sync()
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [("member", "added", "newbie")]
    m = synced.console.directory.get_member("newbie")
    assert (m.name, m.mobile, m.departments) == ("新同事", "13712345678", ("研发部/后端组",))


def test_a_disabled_user_goes_to_the_disabled_list_and_back(synced: World) -> None:
    synced.slapd.modify(synced.user_dn(13), {"pwdAccountLockedTime": "000001010000Z"})
    r = synced.svc.sync()
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [("member", "updated", "u0013")]
    assert (r.changeset.operations[0].after or {})["authorization"] == "disabled"
    assert synced.console.directory.get_member("u0013").authorization == "disabled"
    synced.slapd.modify(synced.user_dn(13), {"pwdAccountLockedTime": None})
    r = synced.svc.sync()
    assert labels(r, "updated") == ["u0013"]
    assert synced.console.directory.get_member("u0013").authorization == "unauthorized"


def test_a_deleted_user_is_resigned_at_the_next_sync_even_an_incremental_one(synced: World) -> None:
    synced.slapd.delete(synced.user_dn(14))
    r = synced.svc.sync()  # the identifier sweep over 1,000-entry pages sees who is gone
    assert r.mode == "incremental" and r.stats["departures"]["entries"] == r.synced_members - 1
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [("member", "resigned", "u0014")]
    assert synced.svc.sync(full=True).changeset.operations == []
    m = synced.console.directory.get_member("u0014")
    assert m.status == "resigned" and m.departments  # kept on the resigned list, not deleted


def test_an_ou_rename_renames_the_same_department(synced: World) -> None:
    before = synced.console.directory.get_department("行政部")
    new_dn = synced.slapd.move(synced.ou_dn["行政部"], new_rdn="ou=综合部")
    synced.ou_dn["行政部"] = new_dn
    r = synced.svc.sync()
    assert [(op.entity, op.category, op.label) for op in r.changeset.operations] == [
        ("department", "updated", "行政部")]
    after = synced.console.directory.get_department("综合部")
    assert (after.id, after.alias, after.member_count) == (before.id, before.alias, before.member_count)


def test_a_sync_can_be_undone_and_the_next_sync_applies_it_again(synced: World) -> None:
    synced.slapd.modify(synced.user_dn(15), {"cn": "改过的名字"})
    r = synced.svc.sync()
    assert r.changeset.id is not None
    changes.undo(synced.console.uow, synced.console.actor, r.changeset.id)
    assert synced.console.directory.get_member("u0015").name == "用户0015"
    again = synced.svc.sync(full=True)
    assert labels(again, "updated") == ["u0015"]
    assert synced.console.directory.get_member("u0015").name == "改过的名字"


def test_sync_on_every_database_backend(any_console: Console, slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    team = ou("团队", base)
    slapd_server.add_many([team, *[person(f"p{i}", team[0], cn=f"成员{i}😀", mobile=f"136{i:08d}") for i in range(40)]])
    svc = configure(any_console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    first = preview_and_apply(svc)
    assert first.changeset.summary()["added"] == 41
    assert svc.sync(full=True).status == "nothing"
    slapd_server.modify(f"uid=p3,{team[0]}", {"cn": "改名"})
    slapd_server.delete(f"uid=p4,{team[0]}")
    r = svc.sync(full=True)
    assert (labels(r, "updated"), labels(r, "resigned")) == (["p3"], ["p4"])
    assert any_console.directory.get_member("p0").name == "成员0😀"
    history = svc.history()
    assert [h["status"] for h in history[:3]] == ["applied", "nothing", "applied"]
