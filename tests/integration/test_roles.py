"""Each role's refusals come from the services, not the window."""

from __future__ import annotations

import pytest

from tests.fixtures.core import Cli, snapshot
from youdu_console.domain.errors import PermissionDenied
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login


@pytest.fixture
def org(console: Console) -> Console:
    d = console.directory
    console.apply(d.plan_add_department("研发部/前端组", parents=True))
    console.apply(d.plan_add_department("市场部"))
    console.apply(d.plan_add_member("inside", name="内部", departments=["研发部/前端组"]))
    console.apply(d.plan_add_member("outside", name="外部", departments=["市场部"]))
    admins = AdminService(console.uow)
    admins.add(console.actor, "scoped1", "scoped", "Scoped#123", ["研发部"])
    admins.add(console.actor, "desk", "helpdesk", "Helpdesk#1")
    admins.add(console.actor, "audit1", "auditor", "Auditor#12")
    return console


def as_(console: Console, name: str, password: str) -> Console:
    return login(console.uow, name, password)


def test_scoped_admin_is_confined_to_its_subtree(org: Console) -> None:
    scoped = as_(org, "scoped1", "Scoped#123")
    d = scoped.directory
    # Reads are filtered to the subtree.
    assert [m.account for m in d.list_members()] == ["inside"]
    assert [x.path for x in d.list_departments()] == ["研发部", "研发部/前端组"]
    with pytest.raises(Exception) as info:
        d.get_member("outside")
    assert getattr(info.value, "code", "") == "member_not_found"
    # Writes inside work.
    scoped.apply(d.plan_add_department("研发部/后端组"))
    scoped.apply(d.plan_add_member("newbie", name="新人", departments=["研发部/后端组"]))
    scoped.apply(d.plan_update_member("inside", weight=9))
    # Writes outside are refused.
    for attempt in (
        lambda: d.plan_add_department("市场部/华东"),
        lambda: d.plan_add_department("财务部"),
        lambda: d.plan_move_members(["inside"], "市场部"),
        lambda: d.plan_rename_department("市场部", "销售部"),
        lambda: d.plan_add_member("x1", name="某", departments=["市场部"]),
        lambda: d.plan_rename_department("研发部", "研发中心"),  # its own scope root is fixed
    ):
        with pytest.raises((PermissionDenied, Exception)) as info:
            scoped.apply(attempt())
        assert info.value.code in ("permission_out_of_scope", "member_not_found", "dept_not_found")
    # Even a change set planned by a super admin is refused when a scoped admin applies it.
    planned = org.directory.plan_update_member("outside", weight=1)
    with pytest.raises(PermissionDenied):
        scoped.apply(planned)
    assert org.directory.get_member("outside").weight == 0
    # Settings and administrators are for super admins.
    with pytest.raises(PermissionDenied):
        scoped.settings.plan_set({"directory.sort_rule": "online_first"})
    with pytest.raises(PermissionDenied):
        AdminService(org.uow).add(scoped.actor, "sneaky", "super", "Sneaky#123")


def test_helpdesk_and_auditor_refusals(org: Console) -> None:
    desk = as_(org, "desk", "Helpdesk#1")
    auditor = as_(org, "audit1", "Auditor#12")
    assert [m.account for m in desk.directory.list_members()] == ["inside", "outside"]
    for who in (desk, auditor):
        with pytest.raises(PermissionDenied):
            who.directory.plan_add_department("客服部")
        with pytest.raises(PermissionDenied):
            who.directory.plan_resign(["inside"])
        with pytest.raises(PermissionDenied):
            who.settings.plan_set({"security.lockout_threshold": 3})
    # A change set planned by someone else is refused at apply time too.
    planned = org.directory.plan_update_member("inside", weight=4)
    for who in (desk, auditor):
        with pytest.raises(PermissionDenied):
            who.apply(planned)
    from youdu_console.services import audit

    assert audit.verify(auditor.uow)["ok"]


def test_reads_and_reports_are_refused_by_the_services(org: Console) -> None:
    """The checks a command needs before it reads (the audit log, settings, the licence, client sessions) are
    the services' own: calling them directly as a role without the right is refused the same way."""
    from youdu_console.policy import sessions
    from youdu_console.policy.announcements import record_read
    from youdu_console.policy.login import LoginPolicy, event_log, login_log
    from youdu_console.services import changes

    desk = as_(org, "desk", "Helpdesk#1")
    auditor = as_(org, "audit1", "Auditor#12")
    for call in (lambda: changes.verify_audit(desk.uow, desk.actor), lambda: changes.audit_head(desk.uow, desk.actor),
                 lambda: desk.settings.read("security.lockout_threshold"), lambda: desk.enterprise.licence(),
                 lambda: sessions.start(auditor.uow, "cli", "s-1", "inside", "windows", None, actor=auditor.actor),
                 lambda: sessions.end(desk.uow, "s-1", actor=desk.actor),
                 lambda: sessions.end_device(desk.uow, "inside", "windows", actor=desk.actor),
                 lambda: record_read(auditor.uow, "inside", 1, reporter=auditor.actor)):
        with pytest.raises(PermissionDenied):
            call()
    assert changes.verify_audit(auditor.uow, auditor.actor)["ok"] and auditor.enterprise.licence()["seat_limit"] > 0
    assert desk.access.licence() == org.access.licence()  # seats: every role reads them (the home page)
    org.apply(org.access.plan_authorization(["inside"], "grant"))
    assert sessions.start(org.uow, "cli", "s-1", "inside", "windows", None, actor=org.actor)["ok"]
    assert not LoginPolicy(org.uow).check_login("inside", "wrong", "windows", "10.0.0.9").ok
    assert [(r["account"], r["ip"]) for r in login_log(desk.uow, actor=desk.actor)] == [("inside", "10.0.0.9")]
    assert event_log(auditor.uow, "inside", actor=auditor.actor) == []  # one failure locks nobody


def test_cli_refusals_change_nothing(org: Console, cli: Cli) -> None:
    before = snapshot(cli.url)
    cli.admin = ("scoped1", "Scoped#123")
    res = cli("member", "update", "outside", "--weight", "3")
    assert res.code == 1 and res.data["error"]["code"] in ("member_not_found", "permission_out_of_scope")
    res = cli("dept", "delete", "市场部")
    assert res.code == 1 and res.data["error"]["code"] == "permission_out_of_scope"
    cli.admin = ("audit1", "Auditor#12")
    res = cli("member", "resign", "inside")
    assert res.code == 1 and res.data["error"]["code"] == "permission_denied"
    assert "auditor" in res.data["error"]["message"].lower()  # the role by its name (Auditor / 审计员)
    cli.admin = ("root", "wrong-password")
    res = cli("member", "list")
    assert res.code == 1 and res.data["error"]["code"] == "login_failed"
    after = snapshot(cli.url)
    # Only the failed-login audit entry was added.
    assert {k: v for k, v in after.items() if k not in ("audit_log", "audit_head")} == \
        {k: v for k, v in before.items() if k not in ("audit_log", "audit_head")}
