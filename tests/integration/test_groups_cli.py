"""`group …` and `policy can-create-group` through the real command line: the JSON shapes of spec/CLI.md."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.core import Cli
from tests.interchange_helpers import read_xlsx_rows


def _org(cli: Cli) -> None:
    for path in ("产品部", "研发部"):
        assert cli("dept", "add", path).code == 0
    for acc, dept in (("alice", "产品部"), ("bob", "产品部"), ("carol", "研发部")):
        assert cli("member", "add", acc, "--name", acc.title(), "--dept", dept).code == 0


def test_group_commands_and_shapes(cli: Cli, tmp_path: Path) -> None:
    _org(cli)
    preview = cli("group", "add", "项目群", "--owner", "alice", "--member", "carol", "--admin", "carol", "--dry-run")
    assert preview.code == 0 and preview.data["id"] is None
    assert cli("group", "list").data == []
    made = cli("group", "add", "项目群", "--owner", "alice", "--member", "carol", "--admin", "carol")
    assert made.code == 0 and (made.data["summary"]["added"], made.data["summary"]["updated"]) == (1, 2)
    shown = cli("group", "show", "项目群").data
    assert {k: shown[k] for k in ("name", "kind", "department", "owner", "admins", "members", "member_count")} == {
        "name": "项目群", "kind": "fixed", "department": None, "owner": "alice", "admins": ["carol"],
        "members": ["alice", "carol"], "member_count": 2}
    gid = shown["gid"]
    assert cli("group", "add", "产品部群", "--dept", "产品部").code == 0
    assert cli("group", "show", "产品部群").data["members"] == ["alice", "bob"]

    # a move previewed from the address book's own command shows the group operations it entails
    moved = cli("member", "move", "bob", "--to", "研发部", "--dry-run")
    assert moved.code == 0, moved.out + moved.err
    group_ops = [(op["action"], op["label"], op.get("derived")) for op in moved.data["operations"]
                 if op["entity"] == "group_member"]
    assert group_ops == [("left", "bob → 产品部群", True)]
    assert moved.data["summary"]["moved"] == 1

    assert cli("group", "members", gid, "--add", "bob").code == 0
    assert cli("group", "admins", gid, "--remove", "carol").code == 0
    assert cli("group", "rename", gid, "新项目群").code == 0
    assert [g["name"] for g in cli("group", "list", "--member", "bob").data] == ["产品部群", "新项目群"]
    members = cli("group", "members", gid).data
    assert [(m["account"], m["owner"]) for m in members] == [("alice", True), ("bob", False), ("carol", False)]
    exported = cli("group", "export", gid, str(tmp_path / "g.xlsx"))
    assert exported.code == 0 and exported.data["members"] == 3
    assert [r[0] for r in read_xlsx_rows(tmp_path / "g.xlsx")[1:]] == ["alice", "bob", "carol"]

    refused = cli("group", "members", gid, "--add", "ghost")
    assert refused.code == 1 and refused.data["error"]["code"] == "member_not_found"
    english = cli("--lang", "en", "group", "add", "", "--member", "alice")
    assert english.code == 1 and english.data["error"]["message"] == "The group name is required"
    assert cli("group", "delete", gid).code == 0
    assert cli("group", "show", gid).data["error"]["code"] == "group_not_found"
    assert cli("dept", "delete", "研发部", "--group", "maybe").code == 2


def test_policy_can_create_group(cli: Cli) -> None:
    _org(cli)
    assert cli("policy", "can-create-group", "alice", admin=False).data == {"allowed": True, "reason": "ok",
                                                                            "max_members": 200}
    assert cli("settings", "set", "chat.discussion_creators", "nobody").code == 0
    answer = cli("policy", "can-create-group", "alice", admin=False)
    assert answer.code == 1 and answer.data["reason"] == "forbidden"
    assert cli("settings", "set", "chat.discussion_creators", "whitelist").code == 0
    assert cli("settings", "set", "chat.discussion_whitelist_depts", "研发部").code == 0
    assert [cli("policy", "can-create-group", a, admin=False).data["allowed"] for a in ("alice", "carol")] == [
        False, True]
    assert cli("policy", "can-create-group", "nobody-here", admin=False).data["reason"] == "no_such_account"
    assert cli("settings", "set", "chat.discussion_max_members", "50").code == 0
    assert cli("policy", "can-create-group", "carol", "--size", "51", admin=False).data["reason"] == "too_many_members"
