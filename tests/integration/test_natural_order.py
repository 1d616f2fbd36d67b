"""Natural member order through the services on every backend: the stored key, its upkeep, the id lists."""

from __future__ import annotations

from sqlalchemy import select, text

from tests.fixtures.core import bootstrap
from youdu_console.domain.collation import collation_key
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.services.directory import MemberRecord
from youdu_console.store import db as store_db
from youdu_console.store import tables

ACCOUNTS = ["user10", "user2", "user1", "zhang3", "li4", "a9"]


def _org(url: str) -> Console:
    console = bootstrap(url)
    d = console.directory
    for path in ("三部/第10组", "三部/第2组", "七部"):
        console.apply(d.plan_add_department(path, parents=True))
    records = [MemberRecord(account=a, name=f"成员{i}", departments=["三部/第10组" if i % 2 else "三部/第2组"], row=i)
               for i, a in enumerate(ACCOUNTS)]
    records.append(MemberRecord(account="zz", name="重要", departments=["七部"], weight=5, row=99))
    console.apply(d.plan_upsert(records, kind="test"))
    return console


def _keys(console: Console) -> dict[str, str]:
    m = tables.MEMBERS
    with console.uow.read() as conn:
        return dict(conn.execute(select(m.c.account, m.c.account_key)).all())


def test_member_order_and_the_key_upkeep(fresh_db_url: str) -> None:
    console = _org(fresh_db_url)
    try:
        d = console.directory
        # Larger weight first, then the account in natural order (the manual's rule, 5.3.5).
        everyone = d.members_by_ids(d.member_ids())
        assert [m.account for m in everyone] == ["zz", "a9", "li4", "user1", "user2", "user10", "zhang3"]
        assert [m.account for m in d.list_members("三部", recursive=True)] == [m.account for m in everyone[1:]]
        assert [m.account for m in d.list_members(limit=3)] == ["zz", "a9", "li4"]
        assert d.member_ids("三部") == []  # no direct members; the sub-departments have them
        # Departments of equal sort: 三部 before 七部, 第2组 before 第10组.
        assert [v.path for v in d.list_departments()] == ["三部", "三部/第2组", "三部/第10组", "七部"]
        assert _keys(console) == {a: collation_key(a) for a in [*ACCOUNTS, "zz"]}
        # A deleted member brought back by undo keeps its key; a weight change moves it in the order.
        console.apply(d.plan_resign(["user2"]))
        deleted = console.apply(d.plan_delete_members(["user2"]))
        assert "user2" not in _keys(console)
        console.apply(changes.plan_undo(console.uow, console.actor, deleted.id))
        assert _keys(console)["user2"] == collation_key("user2")
        console.apply(d.plan_update_member("user10", weight=9))
        assert d.members_by_ids(d.member_ids())[0].account == "user10"
        # Search: every match (no cap), in the member order.
        assert [m.account for m in d.members_by_ids(d.member_ids(search="user"))] == ["user10", "user1"]
        everyone_named_user = d.member_ids(search="user", status=None)  # user2 is resigned again
        assert [m.account for m in d.members_by_ids(everyone_named_user)] == ["user10", "user1", "user2"]
    finally:
        console.uow.dispose()


def test_ids_and_pages_respect_a_scoped_administrator(sqlite_url: str) -> None:
    console = _org(sqlite_url)
    try:
        AdminService(console.uow).add(console.actor, "scoped7", "scoped", "Scoped#123", ["七部"])
        everyone = console.directory.member_ids()
        scoped = login(console.uow, "scoped7", "Scoped#123").directory
        assert [m.account for m in scoped.members_by_ids(scoped.member_ids())] == ["zz"]
        # Ids from elsewhere (another administrator's list) are left out, not shown.
        assert [m.account for m in scoped.members_by_ids(everyone)] == ["zz"]
    finally:
        console.uow.dispose()


def test_upgrading_from_0004_fills_the_keys(sqlite_url: str) -> None:
    console = _org(sqlite_url)
    expected = _keys(console)
    engine = console.uow.engine
    with engine.connect() as conn, conn.begin():
        from alembic import command

        command.downgrade(store_db._alembic_config(conn), "0004")
    with engine.connect() as conn:
        assert store_db.current_revision(conn) == "0004"
        assert "account_key" not in {c["name"] for c in store_db.inspect(conn).get_columns("members")}
    console.uow.dispose()
    upgraded = bootstrap(sqlite_url)  # opening migrates (after copying the file aside)
    try:
        assert _keys(upgraded) == expected
        with upgraded.uow.read() as conn:
            plan = conn.execute(text("EXPLAIN QUERY PLAN SELECT id FROM members WHERE status = 'active' "
                                     "ORDER BY weight DESC, account_key, account")).all()
        assert "ix_members_order" in str(plan)
    finally:
        upgraded.uow.dispose()
