"""企业应用's pure rules: AppID and EncodingAESKey forms, names, intros, terminals, URLs, replies and menus."""

from __future__ import annotations

import base64

import pytest

from youdu_console.domain import apps as rules
from youdu_console.domain import service_account as sa
from youdu_console.domain.errors import ValidationError


def test_app_ids_and_keys_have_the_vendors_forms_and_do_not_repeat() -> None:
    ids = {rules.new_app_id() for _ in range(500)}
    keys = {rules.new_aes_key() for _ in range(500)}
    assert len(ids) == len(keys) == 500
    assert all(rules.APP_ID_RE.match(i) for i in ids)
    for key in keys:  # standard base64 with its padding, as the manual shows it: 44 characters ending in "="
        assert len(key) == 44 and key.endswith("=") and len(base64.b64decode(key, validate=True)) == 32
        assert rules.decode_aes_key(key) == rules.decode_aes_key(key[:-1]) == base64.b64decode(key)
    with pytest.raises(ValidationError, match="EncodingAESKey"):
        rules.decode_aes_key("c2hvcnQ=")
    assert rules.is_system_id("sysMsgAssistant") and not rules.is_system_id(next(iter(ids)))


def test_names_intros_terminals_and_urls() -> None:
    assert rules.normalize_app_name("人事系统") == ("人事系统", False)
    assert rules.normalize_app_name("人事管理系统入口") == ("人事管理系统入口", True)  # > 6: warned, kept
    for bad, code in (("", "app_name_required"), ("长" * 17, "app_name_too_long")):
        with pytest.raises(ValidationError) as err:
            rules.normalize_app_name(bad)
        assert err.value.code == code
    assert rules.normalize_intro("四个字呀") == "四个字呀"
    for bad in ("三个字", "长" * 121):
        with pytest.raises(ValidationError) as err:
            rules.normalize_intro(bad)
        assert err.value.code == "app_intro_length"
    assert rules.normalize_terminals("mobile, desktop") == "desktop,mobile"
    assert rules.normalize_terminals(["mobile"]) == "mobile"
    for bad in ("", "watch"):
        with pytest.raises(ValidationError):
            rules.normalize_terminals(bad)
    url = "https://oa.example.com/sso?ydtoken=$TOKEN$"
    assert rules.normalize_url(url) == url and rules.uses_token(url)
    for bad in ("ftp://example.com/", "javascript:alert(1)", "http://", "https://exa mple.com"):
        with pytest.raises(ValidationError) as err:
            rules.normalize_url(bad)
        assert err.value.code == "app_url_invalid"


def test_auto_replies_exact_contains_and_regex() -> None:
    replies = sa.normalize_replies([
        {"keyword": "帮助", "match": "exact", "reply": "请输入：请假、报销"},
        {"keyword": "报销", "match": "contains", "reply": "报销流程见 OA"},
        {"keyword": r"^请假\d+天$", "match": "regex", "reply": "请假申请已收到"},
    ])
    assert sa.auto_reply(replies, "帮助")["reply"].startswith("请输入")  # type: ignore[index]
    assert sa.auto_reply(replies, "需要帮助") is None  # exact means exact
    assert sa.auto_reply(replies, "我要报销差旅")["keyword"] == "报销"  # type: ignore[index]
    assert sa.auto_reply(replies, "请假3天")["match"] == "regex"  # type: ignore[index]
    assert sa.auto_reply(replies, "请假三天") is None
    with pytest.raises(ValidationError) as err:
        sa.normalize_replies([{"keyword": "([", "match": "regex", "reply": "x"}])
    assert err.value.code == "reply_regex_invalid"


def test_menus_have_two_levels_and_the_vendors_limits() -> None:
    menus = sa.normalize_menus([
        {"name": "办公", "items": [{"name": "请假", "type": "click", "key": "LEAVE"},
                                   {"name": "OA", "type": "view", "url": "https://oa.example.com/"}]},
        {"name": "帮助", "type": "click"}])
    assert menus[0]["items"][1] == {"name": "OA", "type": "view", "url": "https://oa.example.com/"}
    assert menus[1] == {"name": "帮助", "type": "click", "key": "帮助"}
    cases = [
        ([{"name": f"m{i}"} for i in range(4)], "menu_too_many_top"),
        ([{"name": "办公", "items": [{"name": f"s{i}"} for i in range(6)]}], "menu_too_many_items"),
        ([{"name": "办公", "items": [{"name": "s", "items": [{"name": "x"}]}]}], "menu_too_deep"),
        ([{"name": "一二三四五六七八九"}], "menu_name_invalid"),
        ([{"name": "OA", "type": "view", "url": "file:///etc/passwd"}], "app_url_invalid"),
    ]
    for menu, code in cases:
        with pytest.raises(ValidationError) as err:
            sa.normalize_menus(menu)
        assert err.value.code == code
