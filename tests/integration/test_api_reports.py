"""What an IM server reports through the policy API, through a real serve-api: client sessions (session/start,
session/end: presence, retention, the login policy's refusals), feedback (feedback/submit and the `feedback`
commands) and org/replaceall held for approval (`api approvals`). Each answer is what the CLI shows."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from tests.api_helpers import ApiClient, new_key, running_api
from tests.fixtures.core import Cli, bootstrap
from youdu_console.services import changes
from youdu_console.services.auth import Actor
from youdu_console.services.feedback import ATTACHMENT_BYTES_MAX, LOG_BYTES_MAX, FeedbackService
from youdu_console.store.tables_api import CLIENT_SESSIONS

ORG, IM = new_key("sysOrgAssistant"), new_key("imserver")


@pytest.fixture(scope="module")
def api(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'y.db'}"
    console = bootstrap(url)
    with running_api(console.uow, [ORG, IM]) as (base, server):
        org = ApiClient(base, ORG)
        sales = org.call("/cgi/dept/create", {"name": "销售部"})["data"]["id"]
        rd = org.call("/cgi/dept/create", {"name": "研发部"})["data"]["id"]
        for account, dept, weight in (("s1", sales, 1), ("s2", sales, 9), ("r1", rd, 5), ("r2", rd, 0)):
            body = {"userId": account, "name": account.upper(), "dept": [dept],
                    "deptDetail": [{"deptId": dept, "weight": weight}]}
            assert org.call("/cgi/user/create", body)["errcode"] == 0
        cli = Cli(url)
        assert cli("auth", "grant", "s1", "s2", "r1", "r2").code == 0
        yield {"base": base, "console": console, "cli": cli, "im": ApiClient(base, IM), "url": url}
    console.uow.dispose()


def start(api: dict[str, Any], sid: str, account: str, device: str = "windows", ip: str = "10.0.0.7") -> dict[str, Any]:
    return api["im"].call("/cgi/policy/session/start", {"sessionId": sid, "account": account, "device": device,
                                                        "ip": ip})


# ---------------------------------------------------------------- sessions
def test_sessions_are_idempotent_listed_as_the_cli_lists_them_and_end_once(api: dict[str, Any]) -> None:
    cli, im = api["cli"], api["im"]
    first = start(api, "sess-1", "S1")["data"]
    assert first["ok"] is True and first["session"]["account"] == "s1" and first["session"]["online"] is True
    assert start(api, "sess-1", "s1")["data"] == first  # reported twice: one session
    listed = cli("session", "list", "--account", "s1").data
    assert listed == [first["session"]]
    assert api["console"].directory.get_member("s1").online is True
    assert start(api, "sess-1", "s2")["errcode"] == 5  # the id belongs to another member
    assert start(api, "x" * 65, "s1")["errcode"] == 5
    assert im.call("/cgi/policy/session/start", {"account": "s1", "device": "windows"})["errcode"] == 5
    assert start(api, "sess-9", "s1", device="toaster")["errcode"] == 5
    ended = im.call("/cgi/policy/session/end", {"sessionId": "sess-1"})["data"]["session"]
    assert ended["online"] is False and ended["ended_at"]
    again = im.call("/cgi/policy/session/end", {"sessionId": "sess-1"})["data"]["session"]
    assert again == ended  # the first end stands
    assert cli("session", "list", "--account", "s1").data == [ended]
    assert cli("session", "list", "--online", "--account", "s1").data == []
    assert api["console"].directory.get_member("s1").online is False
    assert im.call("/cgi/policy/session/end", {"sessionId": "nope"})["errcode"] == 5


def test_session_start_and_end_answer_what_the_cli_answers(api: dict[str, Any]) -> None:
    """spec/CLI.md's `session start ACCOUNT --device D [--ip]` / `session end ACCOUNT --device D`."""
    cli, im = api["cli"], api["im"]
    by_api = start(api, "par-1", "s1", device="linux")["data"]
    by_cli = cli("session", "start", "s1", "--device", "linux", "--ip", "10.0.0.7", "--session-id", "par-1")
    assert by_cli.code == 0 and by_cli.data == by_api
    assert cli("session", "start", "r2", "--device", "linux").data["ok"] is (
        start(api, "par-x", "r2", device="linux")["data"]["ok"])
    assert start(api, "par-2", "s1", device="linux")["data"]["ok"]
    assert cli("online", "list").data == cli("session", "list", "--online").data
    assert {"par-1", "par-2"} <= {x["session_id"] for x in cli("online", "list").data}
    ended = cli("session", "end", "s1", "--device", "linux").data["sessions"]
    assert {x["session_id"] for x in ended} == {"par-1", "par-2"} and not any(x["online"] for x in ended)
    assert start(api, "par-3", "s1", device="linux")["data"]["ok"]
    assert im.call("/cgi/policy/session/end", {"account": "s1", "device": "linux"})["data"]["sessions"] == \
        [dict(cli("session", "list", "--account", "s1").data[0])]
    refused = cli("session", "start", "ghost", "--device", "linux")
    assert refused.code == 1 and refused.data == start(api, "par-g", "ghost", device="linux")["data"]
    r2_ended = cli("session", "end", "r2", "--device", "linux").data["sessions"]  # the CLI's and par-x
    assert "par-x" in {x["session_id"] for x in r2_ended}


def test_a_session_starts_only_where_a_login_would_be_allowed(api: dict[str, Any]) -> None:
    cli = api["cli"]
    assert cli("auth", "disable", "r2").code == 0
    try:
        assert start(api, "sess-d", "r2")["data"] == {"ok": False, "reason": "disabled", "session": None}
        assert start(api, "sess-g", "ghost")["data"]["reason"] == "no_such_account"
        assert cli("settings", "set", "access.allowed_devices", "windows,mac").code == 0
        assert start(api, "sess-a", "r1", device="android")["data"]["reason"] == "device_forbidden"
        refused = {"sess-d", "sess-g", "sess-a"}  # nothing recorded (whatever other tests left open)
        assert not refused & {x["session_id"] for x in cli("session", "list").data}
    finally:
        assert cli("settings", "set", "access.allowed_devices", "windows,mac,linux,android,ios").code == 0
        assert cli("auth", "enable", "r2").code == 0
    assert start(api, "sess-e", "r2")["data"]["reason"] == "unauthorized"  # enabled, not yet authorised
    assert "sess-e" not in {x["session_id"] for x in cli("session", "list").data}
    assert cli("auth", "grant", "r2").code == 0


def test_online_first_orders_the_members_list_and_ended_sessions_are_pruned(api: dict[str, Any]) -> None:
    cli, console = api["cli"], api["console"]
    directory = console.directory
    by_weight = [m.account for m in directory.members_by_ids(directory.member_ids("研发部"))]
    assert by_weight == ["r1", "r2"]
    assert start(api, "sess-r2", "r2", device="mac")["data"]["ok"] is True
    assert directory.member_ids("研发部") == [directory.get_member("r1").id, directory.get_member("r2").id]
    assert cli("settings", "set", "directory.sort_rule", "online_first").code == 0
    try:
        online_first = directory.members_by_ids(directory.member_ids("研发部"))
        assert [(m.account, m.online) for m in online_first] == [("r2", True), ("r1", False)]
    finally:
        assert cli("settings", "set", "directory.sort_rule", "weight_account").code == 0
    assert api["im"].call("/cgi/policy/session/end", {"sessionId": "sess-r2"})["errcode"] == 0
    assert start(api, "sess-old", "s2")["data"]["ok"] is True
    api["im"].call("/cgi/policy/session/end", {"sessionId": "sess-old"})
    with console.uow.write() as conn:  # ended three days ago
        conn.execute(update(CLIENT_SESSIONS).where(CLIENT_SESSIONS.c.session_id == "sess-old")
                     .values(ended_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=3)))
    assert cli("settings", "set", "sessions.retention_days", "2").code == 0
    try:
        assert start(api, "sess-new", "s2")["data"]["ok"] is True
        api["im"].call("/cgi/policy/session/end", {"sessionId": "sess-new"})  # an end prunes
        assert [s["session_id"] for s in cli("session", "list", "--account", "s2").data] == ["sess-new"]
    finally:
        assert cli("settings", "set", "sessions.retention_days", "30").code == 0


# ---------------------------------------------------------------- feedback
def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_feedback_is_stored_shown_exported_deleted_as_a_change_set_and_undone(api: dict[str, Any],
                                                                             tmp_path: Any) -> None:
    cli, im = api["cli"], api["im"]
    picture = bytes(range(256)) * 4
    sent = im.call("/cgi/policy/feedback/submit", {
        "account": "s1", "category": "意见反馈", "description": "=HYPERLINK(\"http://x\")",
        "attachments": [{"name": "shot.png", "data": b64(picture)}], "clientLog": b64(b"log line\n")})
    assert sent["errcode"] == 0, sent
    fb = sent["data"]["feedback"]
    assert (fb["departments"], fb["attachments"], fb["has_log"]) == (["销售部"], [{"name": "shot.png", "size": 1024}],
                                                                     True)
    shown = cli("feedback", "show", str(fb["id"]), "--save-files", str(tmp_path / "files")).data
    assert {k: v for k, v in shown.items() if k != "saved"} == fb  # the API answers what the CLI shows
    assert (tmp_path / "files" / f"{fb['id']}-1-shot.png").read_bytes() == picture
    other = im.call("/cgi/policy/feedback/submit", {"account": "r1", "category": "bug", "description": "崩溃"})
    assert other["errcode"] == 0
    assert [f["id"] for f in cli("feedback", "list", "--department", "销售部", "--submitter", "s1").data] == [fb["id"]]
    assert fb["id"] not in [f["id"] for f in cli("feedback", "list", "--department", "研发部").data]
    assert [f["account"] for f in cli("feedback", "list", "--submitter", "R1").data] == ["r1"]
    assert cli("feedback", "list", "--since", "2000-01-01", "--until", "2000-01-02").data == []
    assert cli("feedback", "list", "--since", "yesterday").code != 0

    target = tmp_path / "feedback.xlsx"
    assert cli("feedback", "export", str(target), "--department", "销售部", "--submitter", "s1").data["count"] == 1
    import openpyxl

    sheet = openpyxl.load_workbook(target).active
    assert sheet.cell(2, 6).value == "=HYPERLINK(\"http://x\")" and sheet.cell(2, 6).data_type == "s"
    assert sheet.cell(2, 6).quotePrefix  # formula-safe: shown as typed, never run

    preview = cli("feedback", "delete", str(fb["id"]), "--dry-run").data
    assert preview["id"] is None and preview["summary"]["deleted"] == 1
    assert cli("feedback", "show", str(fb["id"])).code == 0
    applied = cli("feedback", "delete", str(fb["id"])).data
    assert cli("feedback", "show", str(fb["id"])).code != 0
    assert cli("changes", "undo", str(applied["id"])).code == 0
    assert cli("feedback", "show", str(fb["id"])).data == fb  # back, attachments and all
    assert cli("feedback", "show", str(fb["id"]), "--save-files", str(tmp_path / "again")).code == 0
    assert (tmp_path / "again" / f"{fb['id']}-1-shot.png").read_bytes() == picture


@pytest.mark.parametrize(("body", "code"), [
    ({"attachments": [{"name": f"a{i}", "data": "AA=="} for i in range(6)]}, 5),
    ({"attachments": [{"name": "big", "data": b64(b"x" * (ATTACHMENT_BYTES_MAX + 1))}]}, 5),
    ({"attachments": [{"name": "bad", "data": "not base64!"}]}, 5),
    ({"clientLog": b64(b"y" * (LOG_BYTES_MAX + 1))}, 5),
    ({"description": ""}, 5),
    ({"account": "ghost"}, 300225),
])
def test_feedback_over_its_caps_is_refused_with_a_code(api: dict[str, Any], body: dict[str, Any], code: int) -> None:
    before = len(api["cli"]("feedback", "list").data)
    reply = api["im"].call("/cgi/policy/feedback/submit",
                           {"account": "s2", "category": "bug", "description": "问题", **body})
    assert reply["errcode"] == code and "Traceback" not in reply["errmsg"]
    assert len(api["cli"]("feedback", "list").data) == before


def test_feedback_readers_scoped_admins_see_their_subtrees_only_super_deletes(api: dict[str, Any]) -> None:
    cli, console = api["cli"], api["console"]
    for account in ("s2", "r2"):
        assert api["im"].call("/cgi/policy/feedback/submit", {"account": account, "category": "c",
                                                              "description": "d"})["errcode"] == 0
    assert cli("admin", "add", "fb-rd", "--role", "scoped", "--scope", "研发部", "--password-stdin",
               input="Scoped#123\n").code == 0
    assert cli("admin", "add", "fb-audit", "--role", "auditor", "--password-stdin", input="Audit#1234\n").code == 0
    everyone = {f["account"] for f in cli("feedback", "list").data}
    assert {"s2", "r2"} <= everyone
    scoped = cli("feedback", "list", admin=("fb-rd", "Scoped#123")).data
    assert {f["account"] for f in scoped} <= {"r1", "r2"} and "r2" in {f["account"] for f in scoped}
    assert start(api, "sess-rd1", "r1")["data"]["ok"] is True
    assert api["im"].call("/cgi/policy/session/end", {"sessionId": "sess-rd1"})["errcode"] == 0
    seen = cli("session", "list", admin=("fb-rd", "Scoped#123")).data  # sessions too: its subtrees' members
    assert "sess-rd1" in {x["session_id"] for x in seen} and {x["account"] for x in seen} <= {"r1", "r2"}
    sales_one = next(f["id"] for f in cli("feedback", "list", "--submitter", "s2").data)
    assert cli("feedback", "show", str(sales_one), admin=("fb-rd", "Scoped#123")).code != 0
    audited = cli("feedback", "list", admin=("fb-audit", "Audit#1234")).data
    assert {f["account"] for f in audited} == everyone
    refused = cli("feedback", "delete", str(sales_one), admin=("fb-audit", "Audit#1234"))
    assert refused.code != 0 and refused.data["error"]["code"] == "permission_denied"
    helpdesk = FeedbackService(console.uow, Actor("desk", "helpdesk"))
    with pytest.raises(Exception, match="feedback|意见反馈"):
        helpdesk.list()


# ---------------------------------------------------------------- replaceall held for approval
def wait_job(c: ApiClient, job: str, *, until: tuple[str, ...] = ("done", "failed", "pending")) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while (result := c.call("/cgi/getjobresult", params={"jobId": job})["data"])["status"] not in until:
        assert time.monotonic() < deadline, result
        time.sleep(0.05)
    return dict(result)


def test_replaceall_waits_for_approval_then_applies_replanned_or_is_rejected(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'approve.db'}"
    console = bootstrap(url)
    cli = Cli(url)
    assert cli("settings", "set", "api.replaceall_approval", "on").code == 0
    with running_api(console.uow, [ORG]) as (base, _):
        c = ApiClient(base, ORG)
        old = c.call("/cgi/dept/create", {"name": "旧部"})["data"]["id"]
        assert c.call("/cgi/user/create", {"userId": "stay", "name": "留", "dept": [old]})["errcode"] == 0
        body = {"deptList": [{"id": 200, "name": "总部", "parentId": 0}],
                "userList": [{"userId": "n1", "name": "新一", "dept": [200]}]}
        job = c.call("/cgi/org/replaceall", body)["data"]["jobId"]
        held = wait_job(c, job)
        assert held["status"] == "pending" and held["changeSetId"] is None
        assert c.call("/cgi/org/replaceall", body)["errcode"] == 300312  # one request at a time
        assert c.call("/cgi/user/get", params={"userId": "n1"})["errcode"] == 300225  # nothing applied yet
        pending = cli("api", "approvals", "list", "--status", "pending").data
        assert [(p["id"], p["app_id"], p["summary"]["added"]) for p in pending] == [(held["approvalId"],
                                                                                    "sysOrgAssistant", 2)]
        # The directory changes meanwhile: the approval plans again, so the newcomer resigns too.
        assert c.call("/cgi/user/create", {"userId": "late", "name": "迟", "dept": [old]})["errcode"] == 0
        preview = cli("api", "approvals", "show", str(held["approvalId"])).data
        assert preview["id"] is None and preview["summary"]["resigned"] == 2
        assert cli("api", "approvals", "approve", str(held["approvalId"]),
                   admin=False).code != 0  # who approves must log in
        applied = cli("api", "approvals", "approve", str(held["approvalId"])).data
        assert applied["summary"]["resigned"] == 2 and applied["summary"]["added"] == 2
        done = wait_job(c, job, until=("done", "failed"))
        assert (done["status"], done["changeSetId"]) == ("done", applied["id"])
        assert console.directory.get_member("late").status == "resigned"
        history = changes.list_changes(console.uow, console.actor, 1, "en")
        assert (history[0]["id"], history[0]["actor"], history[0]["kind"]) == (applied["id"], "app:sysOrgAssistant",
                                                                              "org.replaceall")
        assert cli("api", "approvals", "approve", str(held["approvalId"])).data["error"]["code"] == "approval_decided"

        again = c.call("/cgi/org/replaceall", {"deptList": body["deptList"], "userList": []})["data"]["jobId"]
        second = wait_job(c, again)
        assert second["status"] == "pending"
        assert cli("api", "approvals", "reject", str(second["approvalId"])).data["status"] == "rejected"
        rejected = wait_job(c, again, until=("failed",))
        assert rejected["errors"][0]["code"] == "rejected"
        assert console.directory.get_member("n1").status == "active"  # discarded: nothing applied
        actions = [e["action"] for e in changes.list_audit(console.uow, console.actor, limit=20)]
        assert {"api.approval.hold", "api.approval.approve", "api.approval.reject"} <= set(actions)
    console.uow.dispose()


def test_the_settings_are_declared_with_their_defaults(api: dict[str, Any]) -> None:
    cli = api["cli"]
    assert {k: cli("settings", "get", k).data["default"] for k in ("api.replaceall_approval",
                                                                  "sessions.retention_days")} == \
        {"api.replaceall_approval": False, "sessions.retention_days": 30}
    refused = cli("settings", "set", "sessions.retention_days", "0")
    assert refused.code != 0 and cli("settings", "get", "sessions.retention_days").data["value"] == 30


def test_sessions_and_feedback_on_every_backend(any_console: Any) -> None:
    """The tables of 0013 on SQLite, PostgreSQL and MariaDB: a session's once-only insert, a 300 KiB
    attachment (past MariaDB's 64 KiB TEXT) deleted as a change set and brought back by undo."""
    from youdu_console.policy import sessions

    console = any_console
    console.apply(console.directory.plan_add_department("反馈部"))
    console.apply(console.directory.plan_add_member("fb1", name="反馈一", departments=["反馈部"]))
    console.apply(console.access.plan_authorization(["fb1"], "grant"))
    first = sessions.start(console.uow, "im", "s-1", "fb1", "ios", "10.1.1.1", actor=console.actor)
    assert first["ok"] and sessions.start(console.uow, "im", "s-1", "fb1", "ios", "10.1.1.1", actor=console.actor) == first
    assert sessions.end(console.uow, "s-1", actor=console.actor)["session"]["online"] is False
    service = FeedbackService(console.uow, console.actor)
    big = bytes(range(256)) * 1200
    sent = service.submit("im", "fb1", "bug", "大附件", [{"name": "dump.bin", "data": b64(big)}])
    cs = console.apply(service.plan_delete([sent.id]))
    assert service.list() == []
    changes.undo(console.uow, console.actor, cs.id)
    assert service.get(sent.id) == sent
