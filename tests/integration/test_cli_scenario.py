"""The foundation's acceptance scenario through the CLI, on SQLite, PostgreSQL and MariaDB alike."""

from __future__ import annotations

from sqlalchemy import update

from tests.fixtures.core import Cli
from youdu_console.services.console import open_uow
from youdu_console.store.models import AuditEntry


def accounts(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.code == 0, result.out + result.err
    return [m["account"] for m in result.data]


def test_directory_scenario(any_cli: Cli) -> None:
    cli = any_cli
    # A three-level tree with Chinese names.
    assert cli("dept", "add", "研发部/平台组/数据库小组", "--parents").code == 0
    assert cli("dept", "add", "市场部").code == 0
    assert cli("dept", "add", "研发部/前端组").code == 0
    tree = cli("dept", "list", "--tree").data
    assert [d["name"] for d in tree] == ["市场部", "研发部"] or [d["name"] for d in tree] == ["研发部", "市场部"]
    rd = next(d for d in tree if d["name"] == "研发部")
    assert {c["name"] for c in rd["children"]} == {"平台组", "前端组"}
    platform = next(c for c in rd["children"] if c["name"] == "平台组")
    assert platform["children"][0]["path"] == "研发部/平台组/数据库小组"
    for key in ("id", "gid", "name", "path", "parent", "sort", "alias", "member_count", "children"):
        assert key in platform

    # Members in several departments, ordered by weight (larger first), then account.
    assert cli("member", "add", "zhangwei", "--name", "张伟", "--dept", "研发部/前端组", "--weight", "10",
               "--mobile", "13800000001", "--email", "zw@example.com").code == 0
    assert cli("member", "add", "lijianguo", "--name", "李建国", "--dept", "研发部/前端组",
               "--dept", "研发部/平台组/数据库小组", "--weight", "50").code == 0
    assert cli("member", "add", "anna", "--name", "安娜", "--dept", "研发部/前端组").code == 0
    assert cli("member", "add", "bob", "--name", "Bob", "--dept", "研发部/前端组").code == 0
    assert accounts(cli("member", "list", "--dept", "研发部/前端组")) == ["lijianguo", "zhangwei", "anna", "bob"]
    assert accounts(cli("member", "list", "--dept", "研发部", "--recursive")) == ["lijianguo", "zhangwei", "anna", "bob"]
    shown = cli("member", "show", "lijianguo").data
    assert shown["departments"] == ["研发部/前端组", "研发部/平台组/数据库小组"]
    for key in ("account", "gid", "name", "gender", "mobile", "phone", "email", "position", "weight", "departments",
                "status", "authorization", "locked", "confidential"):
        assert key in shown
    # Search: pinyin initials, full pinyin, Chinese substring, account prefix, mobile, e-mail.
    assert accounts(cli("member", "list", "--search", "zw")) == ["zhangwei"]
    assert accounts(cli("member", "list", "--search", "lijian")) == ["lijianguo"]
    assert accounts(cli("member", "list", "--search", "建国")) == ["lijianguo"]
    assert accounts(cli("member", "list", "--search", "ann")) == ["anna"]
    assert accounts(cli("member", "list", "--search", "1380000")) == ["zhangwei"]
    assert accounts(cli("member", "list", "--search", "zw@exa")) == ["zhangwei"]

    # Custom fields (5.3.2) and an update's preview.
    res = cli("member", "update", "zhangwei", "--attr", "工龄=5", "--attr", "爱好=围棋", "--position", "组长")
    assert res.code == 0 and res.data["summary"]["updated"] == 1
    shown = cli("member", "show", "zhangwei").data
    assert shown["attributes"] == {"工龄": "5", "爱好": "围棋"} and shown["position"] == "组长"
    assert cli("member", "update", "zhangwei", "--attr", "爱好=").code == 0
    assert cli("member", "show", "zhangwei").data["attributes"] == {"工龄": "5"}
    assert cli("member", "update", "zhangwei", "--weight", "10").data["operations"] == []  # nothing to change

    # Moves of members and departments.
    assert cli("member", "move", "anna", "bob", "--to", "市场部").code == 0
    assert accounts(cli("member", "list", "--dept", "市场部")) == ["anna", "bob"]
    assert cli("dept", "move", "研发部/平台组", "市场部").code == 0
    assert cli("member", "show", "lijianguo").data["departments"] == ["研发部/前端组", "市场部/平台组/数据库小组"]
    counts = {d["path"]: d["member_count"] for d in cli("dept", "list").data}
    assert counts["市场部"] == 2 and counts["研发部/前端组"] == 2

    # Resign, restore, delete (only from the resigned list).
    assert cli("member", "resign", "bob").code == 0
    assert accounts(cli("member", "list", "--status", "resigned")) == ["bob"]
    assert cli("member", "restore", "bob").code == 0
    assert cli("member", "show", "bob").data["status"] == "active"
    assert cli("member", "delete", "anna").code == 1  # not resigned: refused
    assert cli("member", "resign", "anna").code == 0
    assert cli("member", "delete", "anna").code == 0
    assert cli("member", "show", "anna").code == 1

    # Undo the last three change sets: delete anna, resign anna, restore bob.
    history = cli("changes", "list").data
    last_three = [c["id"] for c in history[:3]]
    assert [c["kind"] for c in history[:3]] == ["member.delete", "member.resign", "member.restore"]
    for change_id in last_three:
        undo = cli("changes", "undo", str(change_id))
        assert undo.code == 0, undo.out
        assert undo.data["undo_of"] == change_id
    assert cli("member", "show", "anna").data["status"] == "active"
    assert cli("member", "show", "anna").data["departments"] == ["市场部"]
    assert cli("member", "show", "bob").data["status"] == "resigned"
    shown = cli("changes", "show", str(last_three[0])).data
    assert shown["summary"]["deleted"] == 1 and shown["undone_by"] is not None

    verify = cli("audit", "verify")
    assert verify.code == 0 and verify.data["ok"] is True and verify.data["first_bad"] is None
    entries = verify.data["entries"]
    assert entries >= 15

    # Tamper with one audit row directly in the database: verify fails and names it.
    uow = open_uow(cli.url)
    with uow.write() as conn:
        conn.execute(update(AuditEntry.__table__).where(AuditEntry.__table__.c.id == 7).values(actor="mallory"))
    uow.dispose()
    bad = cli("audit", "verify")
    assert bad.code == 1
    assert bad.data == {"ok": False, "entries": 7, "first_bad": 7}


def test_dry_run_prints_change_set_with_null_id(any_cli: Cli) -> None:
    res = any_cli("dept", "add", "销售部/华南区", "--parents", "--dry-run")
    assert res.code == 0
    data = res.data
    assert data["id"] is None
    assert data["summary"]["added"] == 2
    for key in ("id", "kind", "actor", "created_at", "summary", "operations", "errors"):
        assert key in data
    assert any_cli("dept", "list").data == []
