"""可见性设置 rules stored on SQLite, PostgreSQL and MariaDB (plan → apply → undo, coded refusals, the `.dat`
round trip), and the `policy visible-to | filter-text | file-transfer` commands against the manual's cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.core import Cli, bootstrap, snapshot
from youdu_console.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError, YouduError
from youdu_console.policy.visibility import ask, decision_of, named_members, visible_accounts
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.services.interchange import ExportService, ImportService
from youdu_console.services.visibility import Targets


def _org(c: Console) -> None:
    d = c.directory
    for path in ("公司", "公司/产品部", "公司/研发部", "公司/研发部/前端组", "公司/董事会", "外部"):
        c.apply(d.plan_add_department(path))
    for acc, dept in (("alice", "公司/产品部"), ("bob", "公司/产品部"), ("carol", "公司/研发部"),
                      ("dave", "公司/研发部/前端组"), ("erin", "外部"), ("boss", "公司/董事会")):
        c.apply(d.plan_add_member(acc, name=acc.title(), departments=[dept]))


def _seen(c: Console, account: str) -> tuple[list[str], list[str]]:
    data = ask(c.uow, account, actor=c.actor).to_json()
    return [p for p in data["departments"] if p not in data["path_only"]], data["members"]


def test_rules_are_change_sets_on_every_server(any_console: Console, tmp_path: Path) -> None:
    c = any_console
    _org(c)
    v = c.visibility
    hide = c.apply(v.plan_add("隐藏董事会", "hide", Targets(("公司/董事会",)), whitelist=Targets(members=("carol",))))
    c.apply(v.plan_add("研发只看本部门", "restrict", Targets(("公司/研发部",)), extra=Targets(members=("erin",))))
    assert [r.to_json() for r in v.rules()][0] == {
        "name": "研发只看本部门", "kind": "restrict", "subjects": {"departments": ["公司/研发部"], "members": []},
        "whitelist": {"departments": [], "members": []}, "extra": {"departments": [], "members": ["erin"]}}
    assert _seen(c, "alice") == (["公司", "公司/产品部", "公司/研发部", "公司/研发部/前端组", "外部"],
                                 ["alice", "bob", "carol", "dave", "erin"])
    assert _seen(c, "dave") == (["公司/研发部/前端组"], ["dave", "erin"])
    assert _seen(c, "carol")[1] == ["carol", "dave", "erin"]  # whitelisted for the hide rule, restricted still

    # a rename of the department keeps the rule (it names the department by id)
    c.apply(c.directory.plan_rename_department("公司/董事会", "董事局"))
    assert v.rules()[1].subjects.depts == ("公司/董事局",)

    # bad input: coded, nothing changed
    before = snapshot(c.uow.engine.url.render_as_string(hide_password=False))
    for plan, code in (
            (lambda: v.plan_add("x", "hide", Targets(("公司/没有",))), "visibility_dept_unknown"),
            (lambda: v.plan_add("x", "hide", Targets(members=("ghost",))), "visibility_member_unknown"),
            (lambda: v.plan_add("隐藏董事会", "hide", Targets(("外部",))), "visibility_rule_name_taken"),
            (lambda: v.plan_add("x", "sometimes", Targets(("外部",))), "visibility_rule_kind_invalid"),
            (lambda: v.plan_add("x", "hide", Targets()), "visibility_rule_empty"),
            (lambda: v.plan_add(" ", "hide", Targets(("外部",))), "visibility_rule_name_required"),
            (lambda: v.plan_add("x", "hide", Targets(("外部",)), extra=Targets(("外部",))), "visibility_extra_not_restrict"),
            (lambda: c.apply(c.directory.plan_delete_department("公司/董事局")), "dept_not_empty"),
    ):
        with pytest.raises(ValidationError) as info:
            plan()
        assert info.value.code == code
    # deleting what a rule names is refused inside the apply
    c.apply(c.directory.plan_resign(["erin"]))
    with pytest.raises(ValidationError) as named:
        c.apply(c.directory.plan_delete_members(["erin"]))
    assert named.value.code == "visibility_ref_missing" and named.value.params["rule"] == "研发只看本部门"
    with pytest.raises(NotFound):
        v.plan_delete(["没有这条"])

    # update, undo, delete
    update = c.apply(v.plan_update("隐藏董事会", whitelist=Targets()))
    assert v.rules()[1].whitelist == Targets()
    with pytest.raises(ConflictError):  # the rule changed since it was added: undo the update first
        changes.undo(c.uow, c.actor, hide.id or 0)
    changes.undo(c.uow, c.actor, update.id or 0)
    assert v.rules()[1].whitelist == Targets(members=("carol",))
    deleted = c.apply(v.plan_delete(["隐藏董事会"]))
    assert [r.name for r in v.rules()] == ["研发只看本部门"]
    assert "boss" in _seen(c, "alice")[1]
    changes.undo(c.uow, c.actor, deleted.id or 0)
    assert "boss" not in _seen(c, "alice")[1]
    assert before != snapshot(c.uow.engine.url.render_as_string(hide_password=False))


def test_rules_survive_a_dat_backup_by_gid(console: Console, tmp_path: Path) -> None:
    _org(console)
    v = console.visibility
    console.apply(v.plan_add("限制", "restrict", Targets(("公司/研发部",), ("alice",)),
                             whitelist=Targets(members=("carol",)), extra=Targets(("外部",), ("boss",))))
    before = [r.to_json() for r in v.rules()]
    backup = tmp_path / "backup.dat"
    ExportService(console.uow, console.actor).export_dat(backup)
    other = bootstrap(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        svc = ImportService(other.uow, other.actor)
        svc.apply(svc.plan_dat(backup))
        assert [r.to_json() for r in other.visibility.rules()] == before
        assert svc.plan_dat(backup).is_empty
    finally:
        other.uow.dispose()


def test_an_unrestricted_viewer_sees_each_change_set_at_once(console: Console) -> None:
    """The accounts an unrestricted viewer sees are kept between questions (a server answers many); every change
    set — a member added, resigned, renamed, restored, or undone — is in the next answer."""
    _org(console)
    d = console.directory
    assert _seen(console, "alice")[1] == ["alice", "bob", "boss", "carol", "dave", "erin"]
    console.apply(d.plan_add_member("frank", name="Frank", departments=["外部"]))
    resigned = console.apply(d.plan_resign(["bob"]))
    assert _seen(console, "alice")[1] == ["alice", "boss", "carol", "dave", "erin", "frank"]
    console.apply(changes.plan_undo(console.uow, console.actor, resigned.id))
    assert "bob" in _seen(console, "alice")[1]


def test_members_a_rule_names_and_hidden_departments_follow_each_change_set(console: Console) -> None:
    """The members the rules name and the members of hidden departments are kept between questions too (per
    change set); a named member who moves or resigns, and a member moved into or out of a hidden department,
    is in the next answer — the same answer the uncached listing gives."""
    _org(console)
    d, v = console.directory, console.visibility
    console.apply(v.plan_add("隐藏董事会", "hide", Targets(("公司/董事会",))))
    console.apply(v.plan_add("额外", "restrict", Targets(("外部",)), extra=Targets(members=("dave",))))
    console.apply(v.plan_add("藏鲍勃", "hide", Targets(members=("bob",))))

    def both(account: str) -> list[str]:
        with console.uow.read() as conn:
            decided = decision_of(conn, account)
            assert decided is not None
            viewer, snap, decision, named = decided
            cached = visible_accounts(conn, decision, snap.parent, named, snap)
            assert cached == visible_accounts(conn, decision, snap.parent, named_members(conn, list(named)))
        return cached

    assert both("alice") == ["alice", "carol", "dave", "erin"]
    assert both("erin") == ["dave", "erin"]
    console.apply(d.plan_update_member("dave", departments=["公司/董事会"]))  # the extra member, now hidden by a rule
    assert both("alice") == ["alice", "carol", "erin"] and both("erin") == ["erin"]
    console.apply(d.plan_move_members(["carol"], "公司/董事会"))  # into the hidden department
    assert both("alice") == ["alice", "erin"]
    console.apply(d.plan_move_members(["dave", "carol"], "公司/产品部"))  # out of it again
    assert both("alice") == ["alice", "carol", "dave", "erin"] and both("erin") == ["dave", "erin"]
    console.apply(d.plan_resign(["dave"]))  # a named member leaves
    assert both("alice") == ["alice", "carol", "erin"] and both("erin") == ["erin"]


def test_visible_to_as_a_scoped_administrator_stays_in_its_departments(console: Console) -> None:
    """A scoped administrator asks only about its own members and is answered only with its departments and
    their members; a helpdesk login (no settings.read) is refused; the super administrator sees it all."""
    from youdu_console.policy.visibility import answer_json

    _org(console)
    admins = AdminService(console.uow)
    admins.add(console.actor, "rd", "scoped", "Scoped#123", ["公司/研发部"])
    admins.add(console.actor, "desk", "helpdesk", "Helpdesk#1")
    rd, desk = login(console.uow, "rd", "Scoped#123"), login(console.uow, "desk", "Helpdesk#1")
    everything = answer_json(console.uow, "carol", actor=console.actor, details=True)
    assert everything["members"] == ["alice", "bob", "boss", "carol", "dave", "erin"]
    mine = answer_json(console.uow, "carol", actor=rd.actor, details=True, explain=True)
    assert mine["members"] == ["carol", "dave"]
    assert mine["departments"] == ["公司/研发部", "公司/研发部/前端组"] and mine["hidden_departments"] == []
    assert [m["departments"] for m in mine["member_details"]] == [["公司/研发部"], ["公司/研发部/前端组"]]
    with pytest.raises(NotFound):
        answer_json(console.uow, "alice", actor=rd.actor)  # not one of its members
    with pytest.raises(YouduError) as refused:
        answer_json(console.uow, "carol", actor=rd.actor, summary=True)
    assert refused.value.code == "usage"
    with pytest.raises(PermissionDenied):
        answer_json(console.uow, "carol", actor=desk.actor)


def test_only_writers_of_settings_change_rules(console: Console) -> None:
    _org(console)
    AdminService(console.uow).add(console.actor, "aud", "auditor", "Secret#123")
    auditor = login(console.uow, "aud", "Secret#123")
    assert auditor.visibility.rules() == []
    with pytest.raises(PermissionDenied):
        auditor.visibility.plan_add("x", "hide", Targets(("外部",)))


# ---------------------------------------------------------------- the commands

def _cli_org(cli: Cli) -> None:
    for path in ("公司/产品部", "公司/研发部/前端组", "公司/董事会", "外部"):
        assert cli("dept", "add", path, "--parents").code == 0
    for acc, dept in (("alice", "公司/产品部"), ("carol", "公司/研发部"), ("dave", "公司/研发部/前端组"),
                      ("erin", "外部"), ("boss", "公司/董事会")):
        assert cli("member", "add", acc, "--name", acc.title(), "--dept", dept).code == 0


def test_visible_to_command(cli: Cli) -> None:
    _cli_org(cli)
    assert cli("visibility", "add", "隐藏董事会", "--kind", "hide", "--dept", "公司/董事会").code == 0
    assert cli("visibility", "add", "研发只看本部门", "--kind", "restrict", "--dept", "公司/研发部",
               "--extra-member", "erin").code == 0
    seen = cli("policy", "visible-to", "dave", "--explain", "--details", admin=False)
    assert seen.code == 0, seen.out
    data = seen.data
    assert data["restricted_by"] == {"rule": "研发只看本部门", "kind": "restrict"}
    # spec/CLI.md's shape: every department path and every account the client may show
    assert data["departments"] == ["公司", "公司/研发部", "公司/研发部/前端组", "外部"]
    assert data["path_only"] == ["公司", "公司/研发部", "外部"]
    assert data["members"] == ["dave", "erin"]
    assert [(m["account"], m["departments"]) for m in data["member_details"]] == [("dave", ["公司/研发部/前端组"]),
                                                                                 ("erin", ["外部"])]
    assert {h["path"]: h["rule"] for h in data["hidden_departments"]} == {
        "公司/产品部": "研发只看本部门", "公司/董事会": "隐藏董事会"}
    assert {h["account"]: h["rule"] for h in data["hidden_members"]} == {
        "alice": "研发只看本部门", "boss": "隐藏董事会", "carol": "研发只看本部门"}
    # a scoped administrator who logs in is answered within its departments (the database's owner, without a
    # login, asks as the IM server does)
    assert cli("admin", "add", "rd", "--role", "scoped", "--scope", "公司/研发部", "--password-stdin",
               input="Scoped#123\n").code == 0
    root, cli.admin = cli.admin, ("rd", "Scoped#123")
    cut = cli("policy", "visible-to", "dave", "--explain", "--details").data
    assert cut["members"] == ["dave"] and cut["departments"] == ["公司/研发部", "公司/研发部/前端组"]
    assert cli("policy", "visible-to", "erin").data["error"]["code"] == "member_not_found"
    for question in (("can-create-group",), ("file-transfer", "--size", "1M", "--mode", "offline"),
                     ("client-config",), ("announcements-for",), ("apps-for",)):
        # the other questions about a member: its own members only (policy/asking.py)
        assert cli("policy", question[0], "erin", *question[1:]).data["error"]["code"] == "member_not_found"
        assert "error" not in (cli("policy", question[0], "dave", *question[1:]).data or {}), question
    cli.admin = root
    text = cli("--lang", "en", "policy", "visible-to", "alice", "--explain", as_json=False, admin=False)
    assert "boss  Boss  ← rule “隐藏董事会” (hide departments/members)" in text.out
    # The default answer (set-based queries) lists exactly what the member-by-member evaluation of --explain
    # lists, --members is the same answer, and --summary describes exactly those members.
    assert cli("member", "add", "gina", "--name", "Gina", "--dept", "公司/产品部", "--dept", "公司/研发部/前端组").code == 0
    assert cli("visibility", "add", "研发看公司", "--kind", "restrict", "--member", "carol", "--extra-dept", "公司").code == 0
    everyone = {m["account"]: m["departments"] for m in cli("member", "list").data}
    for viewer in ("dave", "alice", "erin", "boss", "carol", "gina"):
        full = cli("policy", "visible-to", viewer, admin=False).data
        assert set(full) >= {"departments", "members"} and full["form"] == "full"
        assert cli("policy", "visible-to", viewer, "--members", admin=False).data == full
        explained = cli("policy", "visible-to", viewer, "--explain", "--details", admin=False).data
        assert [m["account"] for m in explained["member_details"]] == full["members"] == sorted(full["members"])
        assert set(full["members"]) | {h["account"] for h in explained["hidden_members"]} == set(everyone)
        assert set(full["departments"]) | {h["path"] for h in explained["hidden_departments"]} == {
            "公司", "公司/产品部", "公司/研发部", "公司/研发部/前端组", "公司/董事会", "外部"}
        compact = cli("policy", "visible-to", viewer, "--summary", admin=False).data
        assert compact["form"] == "compact"

        def shown(depts: list[str], c: dict = compact) -> bool:
            def inside(d: str, roots: list[str]) -> bool:
                return any(d == r or d.startswith(r + "/") for r in roots)
            return any(inside(d, c["subtrees"]) and not inside(d, c["except_subtrees"]) for d in depts) \
                if depts else c["members_without_department"]
        expected = {a for a, depts in everyone.items() if a not in compact["except_members"]
                    and (shown(depts) or a in {m["account"] for m in compact["extra_members"]})}
        assert expected == set(full["members"]), viewer
    assert cli("policy", "visible-to", "carol", admin=False).data["members"] == ["alice", "carol", "dave", "erin", "gina"]
    assert cli("policy", "visible-to", "dave", "--summary", admin=False).data["extra_members"] == [
        {"account": "erin", "name": "Erin", "departments": ["外部"]}]
    text = cli("--lang", "en", "policy", "visible-to", "dave", "--summary", as_json=False, admin=False).out
    assert "Members shown besides (1):" in text and "erin  Erin  外部" in text
    text = cli("--lang", "en", "policy", "visible-to", "dave", as_json=False, admin=False).out
    assert "Members (3):" in text and "erin  Erin  外部" in text and "公司/研发部  (path only)" in text
    mixed = cli("policy", "visible-to", "dave", "--summary", "--explain", admin=False)
    assert mixed.code == 1 and mixed.data["error"]["code"] == "usage"
    assert cli("visibility", "delete", "研发看公司").code == 0
    missing = cli("policy", "visible-to", "ghost", admin=False)
    assert missing.code == 1 and missing.data["error"]["code"] == "member_not_found"
    bad = cli("visibility", "add", "x", "--kind", "hide", "--dept", "公司/没有")
    assert bad.code == 1 and bad.data["error"]["code"] == "visibility_dept_unknown"
    assert [r["name"] for r in cli("visibility", "list").data] == ["研发只看本部门", "隐藏董事会"]
    preview = cli("--lang", "en", "visibility", "update", "研发只看本部门", "--kind", "forbid", "--extra-dept", "外部",
                  "--dry-run", as_json=False)
    assert preview.code == 1 and "Only a “restrict to own department” rule" in preview.out + preview.err
    preview = cli("--lang", "en", "visibility", "update", "研发只看本部门", "--extra-dept", "外部", "--dry-run",
                  as_json=False)
    assert "Extra visible: member #" in preview.out and "→ 外部" in preview.out, preview.out
    assert cli("visibility", "delete", "隐藏董事会").code == 0


def test_filter_text_command(cli: Cli, tmp_path: Path) -> None:
    assert cli("policy", "filter-text", "工资", admin=False).data["text"] == "工资"  # off by default
    before = snapshot(cli.url)
    refused = cli("settings", "set", "sensitive.words", "工资,,奖金")
    assert refused.code == 1 and refused.data["error"]["code"] == "setting_list_empty_item"
    assert snapshot(cli.url) == before
    assert cli("settings", "set", "sensitive.words", "工资条,资条,ABC").code == 0
    assert cli("settings", "set", "sensitive.enabled", "on").code == 0
    masked = cli("policy", "filter-text", "工资条款 ａｂｃ", admin=False)
    assert masked.code == 0 and masked.data["text"] == "***款 ***"
    (tmp_path / "m.txt").write_text("xAbC", encoding="utf-8")
    assert cli("policy", "filter-text", "--file", str(tmp_path / "m.txt"), admin=False).data["text"] == "x***"
    assert cli("policy", "filter-text", input="资条", as_json=False, admin=False).out == "**\n"
    assert cli("settings", "set", "sensitive.mode", "block").code == 0
    blocked = cli("policy", "filter-text", "工资条", admin=False)
    assert blocked.code == 1 and blocked.data["allowed"] is False and blocked.data["words"] == ["工资条", "资条"]


# (case, settings, mode, size, from-ip, kind, allowed, reason) from 5.4.3, appendix 1 Q8 and 5.4.2
TRANSFER_CASES = [
    ("offline within the limit", {}, "offline", "200M", None, "file", True, "ok"),
    ("offline over the limit", {}, "offline", "201M", None, "file", False, "too_large"),
    ("P2P allows large files", {}, "p2p", "2G", None, "file", True, "ok"),
    ("interconnected enterprises have their own limit", {}, "interconnect", "101M", None, "file", False, "too_large"),
    ("a limit of 0 switches the mode off", {"transfer.p2p_max_mb": "0"}, "p2p", "1", None, "file", False, "mode_off"),
    ("no internal ranges: every address is internal", {"access.allow_external_file_download": "off"},
     "offline", "1M", "8.8.8.8", "file", True, "ok"),
    ("an external address with file downloads off",
     {"access.internal_networks": "10.0.0.0/8", "access.allow_external_file_download": "off"},
     "offline", "1M", "8.8.8.8", "file", False, "external_download_off"),
    ("an internal address with file downloads off",
     {"access.internal_networks": "10.0.0.0/8", "access.allow_external_file_download": "off"},
     "offline", "1M", "10.2.3.4", "file", True, "ok"),
    ("images have their own switch",
     {"access.internal_networks": "10.0.0.0/8", "access.allow_external_file_download": "off"},
     "offline", "1M", "8.8.8.8", "image", True, "ok"),
    ("image downloads off", {"access.internal_networks": "10.0.0.0/8", "access.allow_external_image_download": "off"},
     "interconnect", "1M", "2001:db8::1", "image", False, "external_download_off"),
    ("the size is checked before the address",
     {"access.internal_networks": "10.0.0.0/8", "access.allow_external_file_download": "off"},
     "offline", "1G", "8.8.8.8", "file", False, "too_large"),
]


DEFAULTS = {"transfer.p2p_max_mb": "2048", "access.internal_networks": "[]",
            "access.allow_external_file_download": "on", "access.allow_external_image_download": "on"}


def test_file_transfer_command(cli: Cli) -> None:
    assert cli("dept", "add", "公司").code == 0
    assert cli("member", "add", "alice", "--name", "Alice", "--dept", "公司").code == 0
    for case, settings, mode, size, ip, kind, allowed, reason in TRANSFER_CASES:
        for key, value in {**DEFAULTS, **settings}.items():
            assert cli("settings", "set", key, value).code == 0
        args = ["policy", "file-transfer", "--account", "alice", "--mode", mode, "--size", size, "--kind", kind]
        answer = cli(*args, *(["--from-ip", ip] if ip else []), admin=False)
        assert (answer.data["allowed"], answer.data["reason"]) == (allowed, reason), case
        assert answer.code == (0 if allowed else 1), case


def test_file_transfer_refusals(cli: Cli) -> None:
    assert cli("dept", "add", "公司").code == 0
    assert cli("member", "add", "alice", "--name", "Alice", "--dept", "公司").code == 0
    assert cli("policy", "file-transfer", "--account", "ghost", "--mode", "p2p", "--size", "1",
               admin=False).data["reason"] == "no_such_account"
    assert cli("auth", "disable", "alice").code == 0
    assert cli("policy", "file-transfer", "--account", "alice", "--mode", "p2p", "--size", "1",
               admin=False).data["reason"] == "disabled"
    bad = cli("policy", "file-transfer", "--account", "alice", "--mode", "p2p", "--size", "lots", admin=False)
    assert bad.code == 1 and bad.data["error"]["code"] == "file_size_invalid"
    ip = cli("policy", "file-transfer", "--account", "alice", "--mode", "p2p", "--size", "1", "--from-ip", "x",
             admin=False)
    assert ip.data["error"]["code"] == "address_invalid"
    assert cli("policy", "file-transfer", "--account", "alice", "--mode", "fax", "--size", "1",
               admin=False).code == 2
    text = cli("--lang", "en", "policy", "file-transfer", "--account", "alice", "--mode", "offline", "--size", "1",
               as_json=False, admin=False)
    assert text.out.startswith("refused: disabled — the member is disabled")
