"""群管理 on SQLite, PostgreSQL and MariaDB: fixed groups, department groups that follow the address book in the
same change set (and are undone with it), the `.dat` round trip, scoped refusals and the discussion group policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.core import snapshot
from tests.interchange_helpers import write_xlsx
from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError, YouduError
from youdu_console.policy.groups import can_create_group
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.services.interchange import ExportService, ImportService


def _apply(c: Console, plan: ChangeSet) -> ChangeSet:
    return c.apply(changes.complete(c.uow, plan))


def _org(c: Console) -> None:
    d = c.directory
    for path in ("公司", "公司/产品部", "公司/研发部", "公司/研发部/前端组", "外部"):
        c.apply(d.plan_add_department(path))
    for acc, dept in (("alice", "公司/产品部"), ("bob", "公司/产品部"), ("carol", "公司/研发部"),
                      ("dave", "公司/研发部/前端组"), ("erin", "外部")):
        c.apply(d.plan_add_member(acc, name=acc.title(), departments=[dept]))


@pytest.fixture
def org(any_console: Console) -> Console:
    _org(any_console)
    return any_console


def _members(c: Console, group: str) -> list[str]:
    return sorted(m.account for m in c.groups.members(group))


def _group_ops(cs: ChangeSet) -> list[tuple[str, str]]:
    return sorted((op.category, op.label) for op in cs.operations if op.entity == "group_member")


def _undo(c: Console, cs: ChangeSet) -> ChangeSet:
    return changes.undo(c.uow, c.actor, cs.id or 0)


def test_fixed_group_life_cycle(org: Console) -> None:
    g = org.groups
    made = org.apply(g.plan_add("项目群", owner="alice", members=["bob", "carol"], admins=["bob"]))
    view = g.get("项目群")
    assert (view.kind, view.owner, view.admins, view.members, view.member_count, view.department) == \
        ("fixed", "alice", ("bob",), ("alice", "bob", "carol"), 3, None)
    assert len(view.gid) == 32 and view.space_limit == "200M"
    gid = view.gid

    org.apply(g.plan_rename(gid, "产品项目群"))
    org.apply(g.plan_members("产品项目群", add=["dave"], remove=["carol"]))
    org.apply(g.plan_admins(gid, add=["dave"], remove=["bob"]))
    view = g.get(gid)
    assert (view.name, view.members, view.admins) == ("产品项目群", ("alice", "bob", "dave"), ("dave",))
    assert [x.name for x in g.list_groups(member="dave")] == ["产品项目群"]
    assert g.list_groups(member="carol") == []
    assert [x.gid for x in g.list_groups(search="项目")] == [gid]

    org.settings.set({"chat.group_space": "custom", "chat.group_space_custom_mb": "3072"})
    assert g.get(gid).space_limit == "3G"

    deleted = org.apply(g.plan_delete(gid))
    assert g.list_groups() == []
    _undo(org, deleted)  # the group comes back whole, with its gid, members and admins
    view = g.get(gid)
    assert (view.name, view.members, view.admins, view.owner) == ("产品项目群", ("alice", "bob", "dave"), ("dave",),
                                                                   "alice")
    with pytest.raises(ConflictError):  # undoing the creation conflicts: the group changed since
        _undo(org, made)
    assert g.get(gid).name == "产品项目群"


def test_bad_input_is_coded_and_changes_nothing(org: Console) -> None:
    g = org.groups
    org.apply(g.plan_add("项目群", owner="alice", members=["bob"]))
    org.apply(g.plan_add_department("公司/产品部"))
    org.apply(org.directory.plan_resign(["carol"]))
    url = org.uow.engine.url.render_as_string(hide_password=False)
    before = snapshot(url)
    attempts: list[tuple[Any, str]] = [
        (lambda: g.plan_add("  "), "group_name_required"),
        (lambda: g.plan_add("群" * 65), "group_name_too_long"),
        (lambda: g.plan_add("坏\x07名"), "group_name_invalid"),
        (lambda: g.plan_add("新群", members=["nobody"]), "member_not_found"),
        (lambda: g.plan_add("新群", members=["carol"]), "group_member_resigned"),
        (lambda: g.plan_add("新群", members=["alice"], admins=["bob"]), "group_admin_not_member"),
        (lambda: g.plan_members("项目群", add=["bob"]), "group_member_exists"),
        (lambda: g.plan_members("项目群", add=["carol"]), "group_member_resigned"),
        (lambda: g.plan_members("项目群", remove=["dave"]), "group_not_member"),
        (lambda: g.plan_members("项目群", remove=["alice"]), "group_owner_leaves"),
        (lambda: g.plan_admins("项目群", add=["dave"]), "group_admin_not_member"),
        (lambda: g.plan_admins("项目群", remove=["bob"]), "group_not_admin"),
        (lambda: g.plan_members("产品部", add=["dave"]), "group_follows_department"),
        (lambda: g.plan_add_department("公司/产品部"), "group_dept_taken"),
        (lambda: g.plan_add_department("公司/已删除"), "dept_not_found"),
        (lambda: g.plan_rename("没有这个群", "x"), "group_not_found"),
        (lambda: g.plan_delete_department("外部", group="maybe"), "group_dept_choice_invalid"),
    ]
    for attempt, code in attempts:
        with pytest.raises(YouduError) as info:
            attempt()
        assert info.value.code == code, (code, info.value.code)
        assert info.value.message("zh_CN") != info.value.message("en")
        assert "{" not in info.value.message("en")
    assert snapshot(url) == before
    org.apply(g.plan_add("项目群", owner="bob"))
    with pytest.raises(ValidationError) as ambiguous:
        g.get("项目群")
    assert ambiguous.value.code == "group_name_ambiguous"
    assert {x.name for x in g.list_groups(search="项目")} == {"项目群"}  # names may repeat; gids do not


def test_department_group_follows_the_address_book(org: Console) -> None:
    g, d = org.groups, org.directory
    org.apply(g.plan_add_department("公司/产品部"))
    org.apply(g.plan_add_department("公司/研发部", recursive=True, name="研发全员"))
    assert g.get("产品部").department == "公司/产品部"
    assert _members(org, "产品部") == ["alice", "bob"]
    assert _members(org, "研发全员") == ["carol", "dave"]

    # add: the preview shows the join, the apply makes it, one undo reverses both
    plan = changes.complete(org.uow, d.plan_add_member("frank", name="Frank", departments=["公司/产品部"]))
    assert _group_ops(plan) == [("joined", "frank → 产品部")]
    assert [op["derived"] for op in plan.to_dict()["operations"] if op["entity"] == "group_member"] == [True]
    assert plan.summary()["added"] == 1
    added = org.apply(plan)
    assert _members(org, "产品部") == ["alice", "bob", "frank"]
    _undo(org, added)
    assert _members(org, "产品部") == ["alice", "bob"]
    with pytest.raises(NotFound):
        d.get_member("frank")

    # move out of one group and into another (a planner that never heard of groups)
    moved = org.apply(d.plan_move_members(["bob"], "公司/研发部/前端组"))
    assert _group_ops(moved) == [("joined", "bob → 研发全员"), ("left", "bob → 产品部")]
    assert (_members(org, "产品部"), _members(org, "研发全员")) == (["alice"], ["bob", "carol", "dave"])
    _undo(org, moved)
    assert (_members(org, "产品部"), _members(org, "研发全员")) == (["alice", "bob"], ["carol", "dave"])

    # resign leaves, restore rejoins; admins flags come back with an undo
    org.apply(g.plan_admins("产品部", add=["bob"]))
    resigned = org.apply(d.plan_resign(["bob"]))
    assert _group_ops(resigned) == [("left", "bob → 产品部")]
    assert _members(org, "产品部") == ["alice"]
    _undo(org, resigned)
    assert g.get("产品部").admins == ("bob",)
    org.apply(d.plan_resign(["bob"]))
    restored = org.apply(d.plan_restore(["bob"]))
    assert _group_ops(restored) == [("joined", "bob → 产品部")]
    assert _members(org, "产品部") == ["alice", "bob"]

    # delete (from the resigned list): out of every group, fixed ones too; undo brings it all back
    org.apply(g.plan_add("闲聊", owner="erin", members=["carol"]))
    org.apply(d.plan_resign(["carol"]))
    assert _members(org, "研发全员") == ["dave"] and _members(org, "闲聊") == ["carol", "erin"]
    deleted = org.apply(d.plan_delete_members(["carol"]))
    assert _group_ops(deleted) == [("left", "carol → 闲聊")]
    assert _members(org, "闲聊") == ["erin"]
    _undo(org, deleted)
    assert _members(org, "闲聊") == ["carol", "erin"]

    # a department moved under a recursive group's department brings its members in
    dept_move = org.apply(d.plan_move_department("外部", "公司/研发部"))
    assert _group_ops(dept_move) == [("joined", "erin → 研发全员")]
    _undo(org, dept_move)
    assert _members(org, "研发全员") == ["dave"]

    # renaming the department keeps the group; deleting it asks: keep (as a fixed group) or delete
    org.apply(d.plan_rename_department("公司/产品部", "产品中心"))
    assert g.get("产品部").department == "公司/产品中心"
    org.apply(d.plan_add_department("公司/空部门"))
    org.apply(g.plan_add_department("公司/空部门"))
    kept = org.apply(changes.complete(org.uow, d.plan_delete_department("公司/空部门")))
    assert (g.get("空部门").kind, g.get("空部门").department) == ("fixed", None)
    _undo(org, kept)
    assert g.get("空部门").department == "公司/空部门"
    org.apply(g.plan_delete_department("公司/空部门", group="delete"))
    with pytest.raises(NotFound):
        g.get("空部门")


def test_excel_import_moves_people_between_department_groups(org: Console, tmp_path: Path) -> None:
    org.apply(org.groups.plan_add_department("公司/产品部"))
    org.apply(org.groups.plan_add_department("公司/研发部"))
    path = write_xlsx(tmp_path / "in.xlsx", [["帐号", "姓名", "部门"], ["alice", "Alice", "公司/研发部"],
                                              ["newbie", "新人", "公司/产品部"]])
    svc = ImportService(org.uow, org.actor)
    preview = svc.plan_job("excel", path)(lambda done, total: None, lambda: False)  # as the window plans it
    assert _group_ops(preview) == [("joined", "alice → 研发部"), ("joined", "newbie → 产品部"), ("left", "alice → 产品部")]
    cs = svc.apply(preview)
    assert _group_ops(cs) == [("joined", "alice → 研发部"), ("joined", "newbie → 产品部"), ("left", "alice → 产品部")]
    assert (_members(org, "产品部"), _members(org, "研发部")) == (["bob", "newbie"], ["alice", "carol"])
    _undo(org, cs)
    assert (_members(org, "产品部"), _members(org, "研发部")) == (["alice", "bob"], ["carol"])


def test_dat_round_trip_keeps_groups_and_gids(org: Console, tmp_path: Path) -> None:
    g = org.groups
    org.apply(g.plan_add("项目群", owner="alice", members=["bob", "erin"], admins=["bob"]))
    org.apply(g.plan_add_department("公司/研发部", recursive=True))
    before = {x.gid: x.to_json() for x in g.list_groups(with_members=True)}
    backup = tmp_path / "backup.dat"
    ExportService(org.uow, org.actor).export_dat(backup)

    # into an empty database: everything comes back with the same gids
    fresh = tmp_path / "fresh.db"
    from tests.fixtures.core import bootstrap

    other = bootstrap(f"sqlite:///{fresh}")
    try:
        svc = ImportService(other.uow, other.actor)
        svc.apply(svc.plan_dat(backup))
        assert {x.gid: x.to_json() for x in other.groups.list_groups(with_members=True)} == before
        assert svc.plan_dat(backup).is_empty
    finally:
        other.uow.dispose()

    # a merge into the same database after the groups were deleted brings them back too
    for view in g.list_groups():
        org.apply(g.plan_delete(view.gid))
    svc = ImportService(org.uow, org.actor)
    svc.apply(svc.plan_dat(backup))
    assert {x.gid: x.to_json() for x in g.list_groups(with_members=True)} == before


def test_scoped_admins_manage_only_groups_inside_their_subtrees(org: Console) -> None:
    g = org.groups
    AdminService(org.uow).add(org.actor, "rd", "scoped", "Scoped#123", ["公司/研发部"])
    AdminService(org.uow).add(org.actor, "desk", "helpdesk", "Desk#12345")
    org.apply(g.plan_add("外部群", owner="erin", members=["carol"]))
    org.apply(g.plan_add_department("公司/产品部"))
    scoped = login(org.uow, "rd", "Scoped#123")
    s = scoped.groups
    made = scoped.apply(s.plan_add("研发群", owner="carol", members=["dave"]))
    scoped.apply(changes.complete(scoped.uow, s.plan_add_department("公司/研发部/前端组")))
    assert sorted(x.name for x in s.list_groups()) == ["前端组", "研发群"]
    refusals = [
        lambda: s.plan_add("越界群", owner="carol", members=["erin"]),
        lambda: s.plan_members("研发群", add=["alice"]),
        lambda: s.plan_rename("外部群", "改名"),
        lambda: s.plan_delete("产品部"),
        lambda: s.plan_add_department("公司/产品部"),
        lambda: s.get("外部群"),
    ]
    for attempt in refusals:
        with pytest.raises((PermissionDenied, ValidationError)) as info:
            attempt()
        assert info.value.code in ("permission_out_of_scope", "group_dept_taken")
    # the database-side check refuses a set a super admin planned, when the scoped admin applies it
    with pytest.raises(PermissionDenied):
        scoped.apply(g.plan_members("研发群", add=["alice"]))
    assert _members(org, "研发群") == ["carol", "dave"]
    # a scoped admin's move into its subtree joins a root-level recursive group outside its scope: allowed,
    # derived operations follow the planner's rights
    org.apply(g.plan_add_department("公司", recursive=True))
    scoped.apply(changes.complete(scoped.uow, scoped.directory.plan_move_members(["dave"], "公司/研发部")))
    assert _members(org, "公司") == ["alice", "bob", "carol", "dave"]
    scoped.apply(changes.undo(scoped.uow, scoped.actor, made.id or 0, dry_run=True))  # its own change: may undo
    assert "研发群" not in {x.name for x in g.list_groups()}

    desk = login(org.uow, "desk", "Desk#12345")
    assert sorted(x.name for x in desk.groups.list_groups()) == ["产品部", "公司", "前端组", "外部群"]
    with pytest.raises(PermissionDenied):
        desk.groups.plan_add("x", owner="alice")


def test_can_create_group_everyone_nobody_whitelist(org: Console) -> None:
    def ask(account: str, size: int | None = None) -> tuple[bool, str]:
        with org.uow.read() as conn:
            answer = can_create_group(conn, account, size=size)
        return answer.allowed, answer.reason

    assert ask("alice") == (True, "ok")
    assert ask("ghost") == (False, "no_such_account")
    org.apply(org.directory.plan_resign(["erin"]))
    assert ask("erin") == (False, "resigned")
    assert ask("alice", size=200) == (True, "ok")
    assert ask("alice", size=201) == (False, "too_many_members")
    org.settings.set({"chat.discussion_creators": "nobody"})
    assert ask("alice") == (False, "forbidden")
    org.settings.set({"chat.discussion_creators": "whitelist", "chat.discussion_whitelist_members": "bob",
                      "chat.discussion_whitelist_depts": "公司/研发部"})
    assert [ask(a) for a in ("alice", "bob", "carol", "dave")] == [
        (False, "not_whitelisted"), (True, "ok"), (True, "ok"), (True, "ok")]  # dave: a sub-department


@pytest.mark.ldap
def test_ldap_sync_moves_people_between_department_groups(any_console: Console, slapd_server: Any) -> None:
    from tests.ldap_helpers import configure, ou, person, preview_and_apply

    c = any_console
    base = slapd_server.new_base()
    sales, ops_team = ou("销售部", base), ou("运维部", base)
    slapd_server.add_many([sales, ops_team, *[person(f"s{i}", sales[0], cn=f"销售{i}") for i in range(6)],
                           person("o0", ops_team[0], cn="运维0")])
    svc = configure(c, url=slapd_server.url, bind_dn=slapd_server.reader_dn, base_dn=base,
                    password=slapd_server.reader_password)
    preview_and_apply(svc)
    c.apply(c.groups.plan_add_department("销售部"))
    c.apply(c.groups.plan_add_department("运维部"))
    assert len(_members(c, "销售部")) == 6

    for i in range(3):
        slapd_server.move(f"uid=s{i},{sales[0]}", new_superior=ops_team[0])
    slapd_server.delete(f"uid=s5,{sales[0]}")  # a resignation
    preview = svc.sync(full=True, dry_run=True)
    assert preview.status == "previewed"
    assert ("joined", "s0 → 运维部") in _group_ops(preview.changeset)
    result = svc.sync(full=True, confirm_removals=True)  # 1 of 7 synced members leaves: over the guard-rail
    assert result.status == "applied", (result.status, result.refusal)
    cs = changes.load(c.uow, result.changeset.id or 0)  # the one change set the sync journalled
    assert _group_ops(cs) == [("joined", f"s{i} → 运维部") for i in range(3)] + \
        [("left", f"s{i} → 销售部") for i in (0, 1, 2, 5)]
    assert (_members(c, "销售部"), _members(c, "运维部")) == (["s3", "s4"], ["o0", "s0", "s1", "s2"])
    changes.undo(c.uow, c.actor, cs.id or 0)
    assert (_members(c, "销售部"), _members(c, "运维部")) == ([f"s{i}" for i in range(6)], ["o0"])
