"""How the sync plan meets an existing address book (slapd): adoption, conflicts, renames, vanished OUs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import configure, labels, ou, person, preview_and_apply
from youdu_console.services.console import Console

pytestmark = pytest.mark.ldap


@pytest.fixture
def console(sqlite_url: str) -> Iterator[Console]:
    c = bootstrap(sqlite_url)
    yield c
    c.uow.dispose()


def test_the_first_sync_adopts_a_hand_made_department_and_member(console: Console,
                                                               slapd_server: SlapdServer) -> None:
    console.apply(console.directory.plan_add_department("研发部"))
    console.apply(console.directory.plan_add_member("u1", name="手工建的", departments=["研发部"], mobile="13600000001"))
    base = slapd_server.new_base()
    dev = ou("研发部", base)
    slapd_server.add_many([dev, person("u1", dev[0], cn="目录里的名字", mobile="13600000001"), person("u2", dev[0])])
    dept_id = console.directory.get_department("研发部").id
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    r = preview_and_apply(svc)
    assert sorted((op.entity, op.category, op.label) for op in r.changeset.operations) == [
        ("department", "updated", "研发部"), ("member", "added", "u2"), ("member", "updated", "u1")]
    dept = console.directory.get_department("研发部")
    assert dept.id == dept_id and dept.alias and dept.member_count == 2
    assert console.directory.get_member("u1").name == "目录里的名字"  # never synced before: the directory wins
    # The adopted member keeps its own gid, so a later account rename is found through the recorded GUID.
    new_dn = slapd_server.move(f"uid=u1,{dev[0]}", new_rdn="uid=u1new")
    slapd_server.modify(new_dn, {"uid": "u1new"})
    r = svc.sync()
    assert r.mode == "incremental" and [(op.category, op.label) for op in r.changeset.operations] == [
        ("updated", "u1")]
    assert console.directory.get_member("u1new").mobile == "13600000001"


def test_an_ou_named_like_a_department_with_another_alias_is_a_reported_conflict(console: Console,
                                                                              slapd_server: SlapdServer) -> None:
    console.apply(console.directory.plan_add_department("销售部", alias="ERP-0042"))
    base = slapd_server.new_base()
    sales = ou("销售部", base)
    slapd_server.add_many([sales, person("s1", sales[0])])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    r = svc.sync(dry_run=True)
    assert r.status == "invalid"
    assert [e["code"] for e in r.changeset.errors] == ["ldap_dept_name_conflict", "dept_not_found"]


def test_an_account_renamed_in_the_directory_renames_the_same_member(console: Console,
                                                                   slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    team = ou("组", base)
    slapd_server.add_many([team, person("lisi", team[0], cn="李四", mobile="13600000002")])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    preview_and_apply(svc)
    old = console.directory.get_member("lisi")
    new_dn = slapd_server.move(f"uid=lisi,{team[0]}", new_rdn="uid=lisi2")
    slapd_server.modify(new_dn, {"uid": "lisi2"})
    r = svc.sync()
    assert r.mode == "incremental"
    assert [(op.category, op.label) for op in r.changeset.operations] == [("updated", "lisi")]
    assert (r.changeset.operations[0].after or {})["account"] == "lisi2"
    assert svc.sync(full=True).status == "nothing"
    renamed = console.directory.get_member("lisi2")
    assert (renamed.id, renamed.gid, renamed.mobile) == (old.id, old.gid, old.mobile)
    assert len(console.directory.list_members(status="all")) == 1


def test_a_vanished_ou_is_deleted_when_empty_and_kept_while_people_remain(console: Console,
                                                                        slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    a, b, c = ou("甲", base), ou("乙", base), ou("丙", base)
    slapd_server.add_many([a, b, c, person("x1", a[0]), person("x2", b[0]), person("x3", c[0])])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password, removal_threshold_percent=100)
    preview_and_apply(svc)
    slapd_server.move(f"uid=x1,{a[0]}", new_superior=c[0])  # 甲 is emptied, then removed
    slapd_server.delete(a[0])
    slapd_server.delete(f"uid=x2,{b[0]}")  # 乙 goes with its member, who stays on the resigned list
    slapd_server.delete(b[0])
    r = svc.sync(full=True)
    assert (labels(r, "deleted"), labels(r, "moved"), labels(r, "resigned")) == (["甲"], ["x1"], ["x2"])
    assert [n["code"] for n in r.notices] == ["ldap_dept_kept"]
    assert {d.path for d in console.directory.list_departments()} == {"乙", "丙"}


def test_a_mobile_number_can_pass_from_one_person_to_another_in_one_sync(console: Console,
                                                                       slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    team = ou("组", base)
    slapd_server.add_many([team, person("old", team[0], mobile="13600000009"), person("new", team[0])])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    preview_and_apply(svc)
    slapd_server.modify(f"uid=old,{team[0]}", {"mobile": None})
    slapd_server.modify(f"uid=new,{team[0]}", {"mobile": "13600000009"})
    r = svc.sync()
    assert r.status == "applied" and labels(r, "updated") == ["new", "old"]
    assert console.directory.get_member("new").mobile == "13600000009"
    assert console.directory.get_member("old").mobile == ""


def test_custom_fields_live_beside_the_sync_record(console: Console, slapd_server: SlapdServer) -> None:
    base = slapd_server.new_base()
    team = ou("组", base)
    slapd_server.add_many([team, person("cf", team[0], cn="自定义"), person("cf2", team[0])])
    svc = configure(console, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password, removal_threshold_percent=100)
    preview_and_apply(svc)
    console.apply(console.directory.plan_update_member("cf", attributes={"工龄": "5"}))
    assert svc.sync(full=True).status == "nothing"
    slapd_server.delete(f"uid=cf,{team[0]}")
    assert labels(svc.sync(full=True), "resigned") == ["cf"]  # still known as synced
    assert console.directory.get_member("cf").attributes["工龄"] == "5"
