"""通知公告 (3.5.7): audiences resolved to recipients at send time, pin/unpin/recall/category edits as change sets
(previewable, undoable, audited, role-checked), and read receipts recorded as rows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from youdu_console.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from youdu_console.interchange.common import Cancelled
from youdu_console.policy.announcements import announcements_for, read_receipt, record_read, record_reads
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.store.tables_announcements import ANNOUNCEMENT_READS, ANNOUNCEMENT_RECIPIENTS


def _org(console: Console) -> None:
    """公司 → 研发部 → 前端组, 公司 → 销售部; alice and bob in 研发部's subtree, carol in 销售部, dave resigned."""
    d = console.directory
    for path in ("公司/研发部/前端组", "公司/销售部"):
        console.apply(d.plan_add_department(path, parents=True))
    for account, dept in (("alice", "公司/研发部"), ("bob", "公司/研发部/前端组"), ("carol", "公司/销售部"),
                          ("dave", "公司/研发部")):
        console.apply(d.plan_add_member(account, name=account.title(), departments=[dept]))
    console.apply(d.plan_resign(["dave"]))


def _sent(cs: Any) -> int:
    return int(next(op.key for op in cs.operations if op.entity == "announcement"))


def _shown(console: Console, account: str) -> list[tuple[str, bool, bool]]:
    with console.uow.read() as conn:
        return [(a["title"], a["pinned"], a["read"]) for a in announcements_for(conn, account)["announcements"]]


def test_send_pin_read_recall_and_undo(any_console: Console) -> None:
    console = any_console
    _org(console)
    s = console.announcements
    console.apply(s.plan_add_category("放假公告"))
    # a department covers its subtree; a resigned member is not a recipient; the count is fixed at send time
    preview = changes.complete(console.uow, s.plan_send("端午节放假通知", "6 月 22 日至 24 日放假", category="放假公告",
                                                        departments=["公司/研发部"]))
    assert [op.entity for op in preview.operations] == ["announcement"] and preview.id is None
    holiday = _sent(console.apply(preview))
    test = _sent(console.apply(s.plan_send("测试公告", "测试", members=["carol", "alice"])))
    view = s.get(holiday)
    assert (view.recipients, view.read, view.status, view.category, view.sender) == (2, 0, "none_read", "放假公告",
                                                                                      "root")
    assert view.departments == ("公司/研发部",)
    assert [v.title for v in s.list_announcements("放假公告")] == ["端午节放假通知"]

    # reads: idempotent, refused for a non-recipient
    first = record_read(console.uow, "alice", holiday, reporter=console.actor)
    again = record_read(console.uow, "ALICE", holiday, reporter=console.actor)
    assert first["first"] is True and again["first"] is False and again["read_at"] == first["read_at"]
    with pytest.raises(ValidationError) as refused:
        record_read(console.uow, "carol", holiday, reporter=console.actor)
    assert refused.value.code == "announcement_not_recipient"
    with pytest.raises(NotFound):
        record_read(console.uow, "alice", 999_999, reporter=console.actor)
    view = s.get(holiday)
    assert (view.read, view.unread, view.status) == (1, 1, "partly_read")
    assert [(r.account, r.read_at is None) for r in s.read_status(holiday)] == [("bob", True), ("alice", False)]
    assert [r.account for r in s.read_status(holiday, unread_only=True)] == ["bob"]
    reports: list[tuple[int, int]] = []  # a job's progress, and its cancel between chunks
    assert len(s.read_status(holiday, progress=lambda done, total: reports.append((done, total)))) == 2
    assert reports[0] == (0, 2) and reports[-1] == (2, 2)
    with pytest.raises(Cancelled):
        s.read_status(holiday, cancel=lambda: True)

    # pinned first on the member's client, then the newest
    assert _shown(console, "alice") == [("测试公告", False, False), ("端午节放假通知", False, True)]
    pin = console.apply(s.plan_pin(holiday))
    assert s.plan_pin(holiday).is_empty  # already pinned: nothing to change
    assert _shown(console, "alice") == [("端午节放假通知", True, True), ("测试公告", False, False)]
    assert [v.title for v in s.list_announcements()][0] == "端午节放假通知"
    changes.undo(console.uow, console.actor, pin.id or 0)
    assert s.get(holiday).pinned is False

    # recalled: gone from the client, no more reads, no more pins
    console.apply(s.plan_recall(test))
    assert _shown(console, "carol") == []
    with pytest.raises(ValidationError) as recalled:
        record_read(console.uow, "carol", test, reporter=console.actor)
    assert recalled.value.code == "announcement_recalled"
    with pytest.raises(ValidationError):
        s.plan_pin(test)
    assert s.get(test).status == "recalled"

    # a category in use cannot go; undoing a send removes its recipients and reads too
    with pytest.raises(ValidationError) as in_use:
        s.plan_delete_category("放假公告")
    assert in_use.value.code == "announcement_category_in_use"
    sends = [c for c in changes.list_changes(console.uow, console.actor) if c["kind"] == "announcement.send"]
    assert sorted(c["description"] for c in sends) == ["Send announcement 测试公告", "Send announcement 端午节放假通知"]
    with pytest.raises(ConflictError):  # pinned and unpinned since: the send's inverse would overwrite that
        changes.undo(console.uow, console.actor, min(c["id"] for c in sends))
    wrong = console.apply(s.plan_send("发错的公告", "x", category="放假公告", members=["bob"]))
    record_read(console.uow, "bob", _sent(wrong), reporter=console.actor)
    undone = changes.undo(console.uow, console.actor, wrong.id or 0)
    with pytest.raises(NotFound):
        s.get(_sent(wrong))
    with console.uow.read() as conn:
        for table in (ANNOUNCEMENT_READS, ANNOUNCEMENT_RECIPIENTS):
            left = conn.execute(select(func.count()).select_from(table)
                                .where(table.c.announcement_id == _sent(wrong))).scalar()
            assert left == 0
    assert _shown(console, "bob") == [("端午节放假通知", False, False)]
    with pytest.raises(ValidationError):
        s.plan_delete_category("放假公告")
    changes.undo(console.uow, console.actor, undone.id or 0)  # the undo undone: sent again
    assert [v.title for v in s.list_announcements("放假公告")] == ["发错的公告", "端午节放假通知"]
    assert [r.account for r in s.read_status(_sent(wrong))] == ["bob"]  # recipients back, the read gone

    # a burst of receipts in one transaction (serve-api's group commit): each its own answer, a bad one alone,
    # the same one twice recorded once
    burst = [read_receipt(a, i) for a, i in (("bob", holiday), ("ghost", holiday), ("alice", holiday),
                                             ("carol", holiday), ("BOB", holiday), ("bob", 999_999), ("carol", test))]
    bob, ghost, alice, carol, bob_again, unknown, recalled_read = record_reads(console.uow, burst)
    assert isinstance(bob, dict) and bob["first"] is True and bob_again == {**bob, "first": False}
    assert alice == {**first, "first": False}
    assert [getattr(a, "code", None) for a in (ghost, carol, unknown, recalled_read)] == [
        "member_not_found", "announcement_not_recipient", "announcement_not_found", "announcement_recalled"]
    assert (s.get(holiday).read, s.get(holiday).status) == (2, "all_read")
    with pytest.raises(ValidationError):
        read_receipt("alice", "not-a-number")


def test_roles_and_scope(console: Console) -> None:
    _org(console)
    admins = AdminService(console.uow)
    admins.add(console.actor, "rd", "scoped", "Scoped#123", ["公司/研发部"])
    admins.add(console.actor, "desk", "helpdesk", "Desk#12345")
    admins.add(console.actor, "audit", "auditor", "Audit#12345")
    scoped = login(console.uow, "rd", "Scoped#123")
    inside = _sent(scoped.apply(scoped.announcements.plan_send("研发周会", "周五", departments=["公司/研发部/前端组"],
                                                               members=["alice"])))
    assert scoped.announcements.get(inside).recipients == 2
    for plan in (lambda s: s.plan_send("全员", "x", everyone=True),
                 lambda s: s.plan_send("销售", "x", members=["carol"]),
                 lambda s: s.plan_send("公司", "x", departments=["公司"])):
        with pytest.raises(PermissionDenied) as out_of_scope:
            plan(scoped.announcements)
        assert out_of_scope.value.code == "permission_out_of_scope"
    everyone = _sent(console.apply(console.announcements.plan_send("全员大会", "周一", everyone=True)))
    assert console.announcements.get(everyone).recipients == 3  # dave resigned
    with pytest.raises(PermissionDenied):
        scoped.announcements.plan_recall(everyone)
    with pytest.raises(PermissionDenied):
        scoped.announcements.plan_add_category("研发公告")  # categories: enterprise-wide, super only
    scoped.apply(scoped.announcements.plan_pin(inside))
    for name, password in (("desk", "Desk#12345"), ("audit", "Audit#12345")):
        reader = login(console.uow, name, password)
        assert {v.id for v in reader.announcements.list_announcements()} == {inside, everyone}
        assert len(reader.announcements.read_status(everyone, unread_only=True)) == 3
        with pytest.raises(PermissionDenied):
            reader.announcements.plan_send("x", "y", everyone=True)
        with pytest.raises(PermissionDenied):
            reader.announcements.plan_pin(everyone)


BAD_SENDS: list[tuple[dict[str, Any], str]] = [
    ({"title": "", "body": "x", "everyone": True}, "announcement_title_invalid"),
    ({"title": "长" * 65, "body": "x", "everyone": True}, "announcement_title_invalid"),
    ({"title": "t", "body": "x" * 5001, "everyone": True}, "announcement_body_invalid"),
    ({"title": "t", "body": " ", "everyone": True}, "announcement_body_invalid"),
    ({"title": "t", "body": "x"}, "announcement_no_audience"),
    ({"title": "t", "body": "x", "members": ["dave"]}, "announcement_no_recipient"),
    ({"title": "t", "body": "x", "members": ["ghost"]}, "member_not_found"),
    ({"title": "t", "body": "x", "departments": ["公司/无此部门"]}, "dept_not_found"),
    ({"title": "t", "body": "x", "everyone": True, "category": "无此分类"}, "announcement_category_not_found"),
]


def test_bad_input_is_refused_with_a_code_and_changes_nothing(console: Console) -> None:
    _org(console)
    s = console.announcements
    for kwargs, code in BAD_SENDS:
        with pytest.raises((ValidationError, NotFound)) as refused:
            s.plan_send(**kwargs)
        assert refused.value.code == code, kwargs
    console.apply(s.plan_add_category("放假公告"))
    for plan, code in ((lambda: s.plan_add_category("放假公告"), "announcement_category_taken"),
                       (lambda: s.plan_add_category("所有公告"), "announcement_category_invalid"),
                       (lambda: s.plan_add_category("长" * 17), "announcement_category_invalid"),
                       (lambda: s.plan_rename_category("无此分类", "新"), "announcement_category_not_found"),
                       (lambda: s.plan_recall(424242), "announcement_not_found")):
        with pytest.raises((ValidationError, NotFound)) as refused:
            plan()
        assert refused.value.code == code
    assert s.list_announcements() == [] and [c.name for c in s.categories()] == ["放假公告"]
