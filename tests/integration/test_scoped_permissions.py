"""5.4.1 分级管理员: each scoped administrator's own permission set (通讯录 directory, 企业应用 apps), enforced
by the services (and, on a secured server, by the database for the address book)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.fixtures.core import Cli, snapshot
from tests.fixtures.secured import PASSWORDS, Server
from youdu_console.domain.errors import PermissionDenied, YouduError
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, connect_as, login

SETS = {"both": ["directory", "apps"], "directory": ["directory"], "apps": ["apps"], "none": []}


@pytest.fixture
def org(console: Console) -> Console:
    d = console.directory
    console.apply(d.plan_add_department("研发部/前端组", parents=True))
    console.apply(d.plan_add_member("inside", name="内部", departments=["研发部/前端组"]))
    admins = AdminService(console.uow)
    for tag, permissions in SETS.items():
        admins.add(console.actor, f"s-{tag}", "scoped", "Scoped#123", ["研发部"], permissions)
    return console


def _attempts(c: Console) -> dict[str, Callable[[], Any]]:
    d = c.directory
    return {
        "directory": lambda: c.apply(d.plan_update_member("inside", weight=7)),
        "apps": lambda: c.apply(c.apps.plan_add("研发工具", intro="研发部的工具")),
    }


@pytest.mark.parametrize("tag", list(SETS))
def test_each_permission_set_allows_exactly_its_areas(org: Console, tag: str) -> None:
    scoped = login(org.uow, f"s-{tag}", "Scoped#123")
    assert scoped.actor.permissions == frozenset(SETS[tag])
    # Reads are as for every scoped administrator.
    assert [m.account for m in scoped.directory.list_members()] == ["inside"]
    assert {a.app_id for a in scoped.apps.list_apps()} >= {"sysOrgAssistant"}
    for area, attempt in _attempts(scoped).items():
        if area in SETS[tag]:
            attempt()
            continue
        before = snapshot(_url(org))
        with pytest.raises(PermissionDenied) as info:
            attempt()
        assert info.value.code == "permission_not_assigned"
        assert info.value.params["right"] in ("directory.write", "apps.write")
        assert snapshot(_url(org)) == before
    # System apps stay with super administrators whatever the set.
    with pytest.raises(PermissionDenied):
        scoped.apply(scoped.apps.plan_update("sysOrgAssistant", intro="组织架构助手的新介绍"))
    # A change set a super admin planned is refused at apply as well.
    if "directory" not in SETS[tag]:
        with pytest.raises(PermissionDenied):
            scoped.apply(org.directory.plan_update_member("inside", weight=3))
        for refused in (lambda: scoped.access.plan_unlock(["inside"]),):
            with pytest.raises(PermissionDenied):
                refused()


def test_cli_sets_and_lists_permissions(cli: Cli) -> None:
    assert cli("dept", "add", "研发部").code == 0
    res = cli("admin", "add", "helper", "--role", "scoped", "--scope", "研发部", "--permissions", "apps",
              "--password-stdin", input="Helper#123")
    assert res.code == 0, res.out
    rows = {r["name"]: r for r in cli("admin", "list").data}
    assert rows["helper"]["permissions"] == ["apps"]
    assert rows["root"]["permissions"] is None
    before = snapshot(cli.url)
    for args in (("admin", "set", "helper", "--permissions", "directory,chat"),
                 ("admin", "set", "root", "--permissions", "apps"),
                 ("admin", "set", "nobody", "--permissions", "apps")):
        res = cli(*args)
        assert res.code != 0 and "Traceback" not in res.err
        assert snapshot(cli.url) == before
    assert cli("admin", "set", "helper", "--permissions", "directory,chat").data["error"]["code"] \
        == "admin_permission_invalid"
    # A default comes from access.scoped_admin_permissions.
    assert cli("settings", "set", "access.scoped_admin_permissions", "directory").code == 0
    res = cli("admin", "add", "helper2", "--role", "scoped", "--scope", "研发部", "--password-stdin",
              input="Helper#123")
    assert res.code == 0, res.out
    res = cli("admin", "set", "helper", "--permissions", "none")
    assert res.code == 0, res.out
    rows = {r["name"]: r for r in cli("admin", "list").data}
    assert rows["helper2"]["permissions"] == ["directory"]
    assert rows["helper"]["permissions"] == []
    # The change is journalled and undoable like any change set.
    assert cli("changes", "undo", str(res.data["id"])).code == 0
    assert {r["name"]: r for r in cli("admin", "list").data}["helper"]["permissions"] == ["apps"]
    helper = Cli(cli.url)
    helper.admin = ("helper", "Helper#123")
    res = helper("member", "add", "x1", "--name", "某", "--dept", "研发部")
    assert res.code != 0 and res.data["error"]["code"] == "permission_not_assigned"


def _raw_update(conn: Any) -> bool:
    cur = conn.cursor()
    cur.execute("UPDATE members SET weight = 5 WHERE account = 'inside'")
    return bool(cur.rowcount)


def test_secured_server_keeps_the_address_book_from_a_scoped_login_without_directory(
        secured_server: Server) -> None:
    server = secured_server
    boss = connect_as(server.login_url, server.names["super"], PASSWORDS["super"])
    name = server.names["scoped"]
    try:
        boss.apply(AdminService(boss.uow).plan_set(boss.actor, name, permissions=["apps"]))
        scoped = connect_as(server.login_url, name, PASSWORDS["scoped"])
        try:
            assert scoped.actor.permissions == frozenset({"apps"})
            with pytest.raises(PermissionDenied):
                scoped.apply(scoped.directory.plan_update_member("inside", weight=5))
        finally:
            scoped.uow.dispose()
        conn = server.raw("scoped")
        try:  # raw SQL: the row-level rules / triggers see no subtree without the permission
            try:
                changed = _raw_update(conn)
            except Exception:  # noqa: BLE001 - MariaDB's trigger refuses with an error
                changed = False
            assert not changed
        finally:
            conn.close()
        boss.apply(AdminService(boss.uow).plan_set(boss.actor, name, permissions=["directory", "apps"]))
        conn = server.raw("scoped")
        try:
            assert _raw_update(conn)
        finally:
            conn.close()
    finally:
        boss.uow.dispose()


def test_unknown_permission_is_refused_by_the_service(org: Console) -> None:
    with pytest.raises(YouduError) as info:
        AdminService(org.uow).plan_set(org.actor, "s-both", permissions=["directory", "groups"])
    assert info.value.code == "admin_permission_invalid"


def _url(c: Console) -> str:
    return c.uow.engine.url.render_as_string(hide_password=False)
