"""The cached department tree: kept across change sets that touch no department, reloaded after every kind of
department change — this process's, another connection's or another process's (services/tree.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.core import ROOT, bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.interchange_helpers import write_xlsx
from tests.ldap_helpers import configure, ou, person, preview_and_apply
from youdu_console.domain.model import NewMember
from youdu_console.services import changes
from youdu_console.services.console import Console, login, open_uow
from youdu_console.services.interchange import ImportService
from youdu_console.services.tree import STATS
from youdu_console.store.uow import HeldUnitOfWork


def paths(console: Console) -> list[str]:
    with console.uow.read() as conn:
        tree = console.directory.tree(conn)
    return sorted(tree.path(i) for i in tree.nodes)


def child_order(console: Console, parent: str) -> list[str]:
    with console.uow.read() as conn:
        tree = console.directory.tree(conn)
        return [tree.nodes[c].name for c in tree.nodes[tree.find(parent)].children]


def loads() -> int:
    return STATS["loads"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.servers)])
def pair(request: pytest.FixtureRequest, db_url_factory: object) -> Iterator[tuple[Console, Console]]:
    """Two consoles on one database, each with its own engine (connections): `mine` reads, `other` writes."""
    url = db_url_factory(request.param)  # type: ignore[operator]
    mine = bootstrap(url)
    other = login(open_uow(url), *ROOT)
    mine.apply(mine.directory.plan_add_department("研发部/前端组", parents=True))
    mine.apply(mine.directory.plan_add_department("市场部"))
    mine.apply(mine.directory.plan_add_member("m0", name="成员", departments=["研发部/前端组"]))
    yield mine, other
    other.uow.dispose()
    mine.uow.dispose()


def test_member_only_change_sets_keep_the_tree(pair: tuple[Console, Console]) -> None:
    mine, other = pair
    assert "研发部/前端组" in paths(mine)
    before = loads()
    d = mine.directory
    mine.apply(d.plan_add_member("m1", name="一", departments=["研发部/前端组"]))
    mine.apply(d.plan_update_member("m1", departments=["市场部"]))
    with mine.uow.write() as conn:  # the server API's group commit: several creates in one change set
        held = Console(HeldUnitOfWork(mine.uow, conn), mine.actor)
        dept = held.directory.tree(conn).find("市场部")
        cs, refusals = held.directory.plan_add_members([NewMember(f"g{i}", "组", (dept,)) for i in range(3)])
        assert not any(refusals)
        held.apply(cs)
    other.apply(other.directory.plan_add_member("m2", name="二", departments=["市场部"]))  # another connection
    mine.apply(d.plan_resign(["m2"]))
    changes.undo(mine.uow, mine.actor, changes.last_undoable(mine.uow, mine.actor) or 0)  # a member-only undo
    assert paths(mine) == ["市场部", "研发部", "研发部/前端组"]
    assert [m.account for m in d.list_members("市场部")] == ["g0", "g1", "g2", "m1", "m2"]
    assert loads() == before  # six change sets, none touching a department: the tree was not read again


def test_every_department_change_of_this_process_is_seen(pair: tuple[Console, Console]) -> None:
    mine, _ = pair
    d = mine.directory
    paths(mine)
    steps = [
        (lambda: d.plan_add_department("研发部/后端组"), ["市场部", "研发部", "研发部/前端组", "研发部/后端组"]),
        (lambda: d.plan_rename_department("研发部/后端组", "平台组"), ["市场部", "研发部", "研发部/前端组", "研发部/平台组"]),
        (lambda: d.plan_move_department("研发部/平台组", "市场部"), ["市场部", "市场部/平台组", "研发部", "研发部/前端组"]),
        (lambda: d.plan_delete_department("市场部/平台组"), ["市场部", "研发部", "研发部/前端组"]),
    ]
    for plan, expected in steps:
        before = loads()
        mine.apply(plan())
        assert paths(mine) == expected
        assert loads() == before + 1  # read again once, then cached
        assert paths(mine) == expected and loads() == before + 1
    # The undo of the delete brings the department back; the re-sort and alias show at once too.
    changes.undo(mine.uow, mine.actor, changes.last_undoable(mine.uow, mine.actor) or 0)
    assert "市场部/平台组" in paths(mine)
    mine.apply(d.plan_update_department("市场部", sort=10, alias="MKT"))
    assert child_order(mine, "研发部") == ["前端组"]
    with mine.uow.read() as conn:
        tree = d.tree(conn)
        assert tree.roots[0] == tree.find("市场部") and tree.by_alias["MKT"] == tree.find("市场部")
    mine.apply(d.plan_add_department("研发部/测试组"))
    mine.apply(d.plan_reorder_department("研发部/测试组", 0))
    assert child_order(mine, "研发部") == ["测试组", "前端组"]


def test_another_connections_department_changes_are_seen(pair: tuple[Console, Console]) -> None:
    mine, other = pair
    o = other.directory
    for plan, expected in [
        (lambda: o.plan_add_department("研发部/后端组"), ["市场部", "研发部", "研发部/前端组", "研发部/后端组"]),
        (lambda: o.plan_rename_department("研发部/后端组", "平台组"), ["市场部", "研发部", "研发部/前端组", "研发部/平台组"]),
        (lambda: o.plan_move_department("研发部/平台组", "市场部"), ["市场部", "市场部/平台组", "研发部", "研发部/前端组"]),
        (lambda: o.plan_delete_department("市场部/平台组"), ["市场部", "研发部", "研发部/前端组"]),
    ]:
        assert paths(mine) != expected  # cached before the other connection's change
        other.apply(plan())
        assert paths(mine) == expected
    changes.undo(other.uow, other.actor, changes.last_undoable(other.uow, other.actor) or 0)
    assert "市场部/平台组" in paths(mine)


def test_another_process_and_an_import_are_seen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'youdu.db'}"
    mine = bootstrap(url)
    try:
        mine.apply(mine.directory.plan_add_department("研发部"))
        assert paths(mine) == ["研发部"]
        env = {**os.environ, "YOUDU_DB": url, "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1]}
        done = subprocess.run([sys.executable, "-m", "youdu_console", "dept", "rename", "研发部", "开发部"],
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert paths(mine) == ["开发部"]
        sheet = write_xlsx(tmp_path / "a.xlsx", [["帐号", "姓名", "部门"], ["zs", "张三", "开发部/新组"]])
        svc = ImportService(mine.uow, mine.actor)
        svc.apply(svc.plan_excel(sheet, create_departments=True))
        assert paths(mine) == ["开发部", "开发部/新组"]
    finally:
        mine.uow.dispose()


@pytest.mark.ldap
def test_an_ldap_sync_is_seen(sqlite_url: str, slapd_server: SlapdServer) -> None:
    server = slapd_server
    mine = bootstrap(sqlite_url)
    try:
        assert paths(mine) == []
        base = server.new_base()
        dev = ou("研发部", base)
        server.add_many([dev, person("u1", dev[0])])
        svc = configure(mine, url=server.url, bind_dn=server.reader_dn, base_dn=base,
                        password=server.reader_password)
        preview_and_apply(svc)
        assert paths(mine) == ["研发部"]
        server.move(dev[0], new_rdn="ou=开发部")
        svc.sync()
        assert paths(mine) == ["开发部"]
    finally:
        mine.uow.dispose()


def test_two_databases_never_share_a_cached_tree(tmp_path: Path) -> None:
    """Two databases made the same way (the same number of department changes) each read their own tree, under
    any caller's cache key: the stamp starts at random and the cache is kept per database."""
    from youdu_console.services.tree import load_tree

    first, second = bootstrap(f"sqlite:///{tmp_path / 'a.db'}"), bootstrap(f"sqlite:///{tmp_path / 'b.db'}")
    first.apply(first.directory.plan_add_department("产品部"))
    second.apply(second.directory.plan_add_department("市场部"))
    for console, name in ((first, "产品部"), (second, "市场部"), (first, "产品部")):
        with console.uow.read() as conn:
            tree = load_tree(conn, "visibility")
        assert [tree.path(i) for i in tree.nodes] == [name]
    first.uow.dispose()
    second.uow.dispose()
