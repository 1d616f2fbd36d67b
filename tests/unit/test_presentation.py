"""domain.presentation: a change set's operations in the manual's words, in Chinese and English."""

from __future__ import annotations

import datetime as dt

import pytest

from youdu_console.domain import presentation as p
from youdu_console.domain.errors import PermissionDenied, YouduError
from youdu_console.domain.settings import BY_KEY
from youdu_console.services.changes import describe

PATHS = {1: "研发部/前端组", 2: "产品部"}


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh_CN", "登录授权：已授权 → 未授权；密码：— → 已设置；首次登录须修改密码：否 → 是"),
    ("en", "Login authorisation: Authorised → Not authorised; Password: — → set; "
           "Must change the password at next login: no → yes"),
])
def test_member_fields_and_values(lang: str, expected: str) -> None:
    op = {"entity": "member", "action": "updated", "label": "lina",
          "changes": {"authorization": ["authorized", "unauthorized"], "password_hash": [None, "***"],
                      "must_change_password": [False, True], "name_pinyin": ["a", "b"]}}
    assert p.operation_detail(op, lang, PATHS) == expected


def test_a_position_change_is_a_position_and_a_move_names_departments() -> None:
    position = {"entity": "member", "changes": {"depts": [[[1, "工程师"]], [[1, "经理"]]]}}
    assert p.operation_detail(position, "zh_CN", PATHS) == "职务（研发部/前端组）：工程师 → 经理"
    move = {"entity": "member", "changes": {"depts": [[[1, ""]], [[2, ""]]]}}
    assert p.operation_detail(move, "en", PATHS) == "Department: 研发部/前端组 → 产品部"
    add = {"entity": "member", "values": {"account": "x", "depts": [[2, "专员"]], "status": "active"}}
    assert p.operation_detail(add, "zh_CN", PATHS) == "帐号：x；部门：产品部；状态：在职；职务：专员"


def test_times_are_local_and_to_the_minute() -> None:
    stamp = dt.datetime(2026, 11, 30, 23, 27, 43, 811356)
    local = stamp.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    op = {"entity": "login_state", "changes": {"failures": [5, 0], "locked_at": [stamp.isoformat(), None]}}
    assert p.operation_detail(op, "zh_CN") == f"连续输错密码次数：5 → 0；锁定时间：{local} → —"


def test_settings_by_their_declared_label_and_value() -> None:
    op = {"entity": "setting", "label": "security.strong_password", "changes": {"value": ["false", "true"]}}
    assert p.operation_target(op, "zh_CN") == BY_KEY["security.strong_password"].label_zh
    assert p.operation_detail(op, "zh_CN") == "关闭 → 开启"
    assert p.operation_detail(op, "en") == "off → on"
    assert "security." not in describe("settings.set", "security.strong_password, security.lockout_threshold", "",
                                       "zh_CN")


def test_roles_by_their_names() -> None:
    assert describe("admin.add", "helper (helpdesk)", "", "zh_CN") == "添加管理员 helper（服务台）"
    assert describe("admin.add", "helper (helpdesk)", "", "en") == "Add administrator helper (Helpdesk)"
    refusal = PermissionDenied("permission_denied", role="auditor", action="修改通讯录",
                               action_en="change the address book")
    assert refusal.message("zh_CN") == "当前管理员（审计员）无权执行：修改通讯录"


def test_a_coded_cause_replaces_a_librarys_reason() -> None:
    err = YouduError("ldap_unreachable", server="ldap://h", cause="cause.refused", reason="[Errno 111] refused")
    assert "Errno" not in err.message("zh_CN") and "连接被拒绝" in err.message("zh_CN")
