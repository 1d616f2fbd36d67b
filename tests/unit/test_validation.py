"""Field rules and their coded errors."""

from __future__ import annotations

import pytest

from youdu_console.domain import validation as v
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.pinyin import name_pinyin
from youdu_console.domain.settings import SETTINGS, get_setting


@pytest.mark.parametrize(("raw", "expected"), [("ZhangWei", "zhangwei"), (" li.si ", "li.si"), ("ｗａｎｇ５", "wang5"),
                                              ("a@b-c_d", "a@b-c_d")])
def test_accounts_are_normalised(raw: str, expected: str) -> None:
    assert v.normalize_account(raw) == expected


@pytest.mark.parametrize("raw", ["", "bad account", "-lead", "张伟", "a" * 65, "x/y"])
def test_bad_accounts_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.normalize_account(raw)
    assert info.value.code in ("account_required", "account_invalid")
    assert info.value.field == "account"


def test_mobile_accepts_spreadsheet_numbers_and_prefixes() -> None:
    assert v.normalize_mobile(13800000000.0) == "13800000000"
    assert v.normalize_mobile("+86 138-0000-0000") == "13800000000"
    assert v.normalize_mobile("１３８００００００００") == "13800000000"
    assert v.normalize_mobile("") is None
    with pytest.raises(ValidationError):
        v.normalize_mobile("138abc")


def test_gender_weight_email_and_department_names() -> None:
    assert v.normalize_gender("男") == "male" and v.normalize_gender("F") == "female" and v.normalize_gender("") == ""
    assert v.normalize_weight("12.0") == 12 and v.normalize_weight("") == 0
    for bad in ("1.5", "abc", "-3"):
        with pytest.raises(ValidationError):
            v.normalize_weight(bad)
    assert v.normalize_email(" Zw@Example.COM ") == "zw@example.com"
    with pytest.raises(ValidationError):
        v.normalize_email("zw@localhost")
    assert v.split_path(" 研发部 / 前端组/ ") == ["研发部", "前端组"]
    with pytest.raises(ValidationError):
        v.normalize_dept_name("a\x00b")


def test_pinyin_full_and_initials() -> None:
    assert name_pinyin("张伟") == ("zhangwei", "zw")
    assert name_pinyin("曾小贤") == ("zengxiaoxian", "zxx")  # surname reading, not ceng
    assert name_pinyin("Alice王") == ("alicewang", "aw")
    assert name_pinyin("李 建国") == ("lijianguo", "ljg")
    assert name_pinyin("吕绿") == ("lvlv", "ll")  # ü is written v, as in pypinyin's NORMAL style


def test_declared_settings_parse_and_refuse() -> None:
    keys = {s.key for s in SETTINGS}
    assert {"directory.name_display", "directory.sort_rule", "security.lockout_threshold"} <= keys
    assert get_setting("security.lockout_threshold").default == 5
    assert get_setting("security.lockout_threshold").parse("7") == 7
    assert get_setting("access.internal_networks").parse("10.0.0.0/8, 192.168.1.0/24") == ["10.0.0.0/8", "192.168.1.0/24"]
    assert get_setting("licence.auto_authorize").parse("开启") is True
    for key, bad in (("security.lockout_threshold", "0"), ("directory.sort_rule", "random"),
                     ("access.internal_networks", "10.0.0.0/33"), ("access.allowed_devices", "symbian"),
                     ("licence.expires", "2026-13-01")):
        with pytest.raises(ValidationError) as info:
            get_setting(key).parse(bad)
        assert info.value.code == "setting_invalid"
    with pytest.raises(ValidationError):
        get_setting("nope")
    for s in SETTINGS:
        assert s.label_zh and s.label_en and s.section
        assert s.parse(s.default) == s.default


def test_declarations_carry_what_picks_a_widget() -> None:
    """A list of choices is a set kept in the declared order; numbers name their unit and what 0 means."""
    devices = get_setting("access.allowed_devices")
    assert devices.parse("iOS, windows,Android") == ["windows", "android", "ios"]
    assert devices.choice_text("ios", "en") == "iOS"
    fields = get_setting("directory.member_editable_fields")
    assert fields.parse(["email", "mobile"]) == ["mobile", "email"]
    assert fields.choice_text("mobile", "zh_CN") == "手机"
    minutes = get_setting("security.lockout_minutes")
    assert (minutes.unit_text("zh_CN"), minutes.unit_text("en")) == ("分钟", "minutes")
    assert minutes.zero_text("zh_CN") and "（" not in minutes.label_zh
    assert get_setting("security.password_expiry_days").zero_text("en") == "never expires"
    assert all(s.unit for s in SETTINGS if s.type == "int" and s.page != "LDAP 集成")
