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


# ---------------------------------------------------------------- issue #11: phone numbers and the name rule

@pytest.mark.parametrize(("raw", "stored"), [
    ("13800000000", "13800000000"), ("138 0000 0000", "13800000000"), ("+86 138-0000-0000", "13800000000"),
    ("008613800000000", "13800000000"), ("(+86) 139.0000.0001", "13900000001"), ("+85291234567", "+85291234567"),
    ("00852 9123 4567", "+85291234567"), ("+1 (415) 555-2671", "+14155552671"), ("+44 7911 123456", "+447911123456"),
])
def test_mobiles_are_stored_in_one_normal_form(raw: str, stored: str) -> None:
    assert v.normalize_mobile(raw) == stored


@pytest.mark.parametrize("raw", ["1390000", "139000000001", "12345678901", "85291234567", "+852 2345 6789",
                                 "+8610 6253 1234", "+99912345678", "138-0000-000x", "+", "１３９００００"])
def test_mobiles_that_are_not_mobile_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.normalize_mobile(raw)
    assert info.value.code == "mobile_invalid" and info.value.field == "mobile"


def test_the_fast_path_agrees_with_a_full_parse() -> None:
    import phonenumbers

    rule = v.mobile_rule("CN")
    for prefix in range(100, 200):
        number = f"{prefix}{prefix % 10}0001234"[:11]
        parsed = phonenumbers.parse(number, "CN")
        valid = phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
            phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        try:
            assert rule.normalize(number) == number and valid, number
        except ValidationError:
            assert not valid, number


def test_the_default_region_reads_numbers_without_a_country_code() -> None:
    assert v.normalize_mobile("9123 4567", "HK") == "+85291234567"
    assert v.normalize_mobile("+86 13800000000", "HK") == "13800000000"
    with pytest.raises(ValidationError):
        v.normalize_mobile("13800000000", "HK")
    region = get_setting("directory.mobile_region")
    assert region.default == v.DEFAULT_MOBILE_REGION
    for value, _zh, _en in region.choices:
        assert v.mobile_rule(value).country_code.isdigit()


@pytest.mark.parametrize("raw", ["010-12345678", "(010) 6253 1234", "010-6253 1234 转 806", "+852 2345 6789 ext. 12",
                                 "8001", "0755-88881234#123", "400 800 8888 x12"])
def test_landlines_are_accepted_loosely_as_written(raw: str) -> None:
    assert v.normalize_phone(f"  {raw}  ") == raw


@pytest.mark.parametrize("raw", ["12", "call me", "010-1234\x1b", "1" * 30, "+86+86 1234", "ext. 12"])
def test_landlines_without_a_number_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.normalize_phone(raw)
    assert info.value.code == "phone_invalid"


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x7f", "\x85", "\x0b", "\u202a", "\u202b", "\u202c", "\u202d",
                                 "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ud800"])
def test_one_rule_refuses_controls_and_bidi_overrides_in_every_name(bad: str) -> None:
    checks = [(v.normalize_name, "name_invalid"), (v.normalize_dept_name, "dept_name_invalid"),
              (v.normalize_position, "text_invalid"), (lambda x: v.normalize_attributes({x: "1"}), "text_invalid"),
              (lambda x: v.normalize_attributes({"爱好": x}), "text_invalid"),
              (lambda x: v.split_path(f"研发部/{x}"), "dept_name_invalid")]
    for fn, code in checks:
        with pytest.raises(ValidationError) as info:
            fn(f"前{bad}后")
        assert info.value.code == code
        assert bad not in info.value.message("en") and bad not in info.value.message("zh_CN")


def test_names_are_trimmed_folded_and_length_limited() -> None:
    assert v.normalize_name("  张\t三\n丰 ") == "张 三 丰"
    assert v.normalize_name("Ｏ’Ｂｒｉｅｎ") == "O’Brien"
    assert v.normalize_name("x" * v.NAME_MAX) == "x" * v.NAME_MAX
    for fn, code in ((v.normalize_name, "name_too_long"), (v.normalize_dept_name, "dept_name_too_long")):
        with pytest.raises(ValidationError) as info:
            fn("x" * 65)
        assert info.value.code == code


@pytest.mark.parametrize(("path", "code"), [("研发部//b", "dept_path_invalid"), ("a/ /b", "dept_path_invalid"),
                                            ("//", "dept_path_invalid"), (".", "dept_name_reserved"),
                                            ("研发部/..", "dept_name_reserved"), ("./a", "dept_name_reserved")])
def test_empty_and_dot_segments_are_refused(path: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.split_path(path)
    assert info.value.code == code


def test_one_leading_or_trailing_slash_is_allowed() -> None:
    assert v.split_path("/研发部/前端组/") == ["研发部", "前端组"] == v.split_path(" 研发部 / 前端组 ")
    assert v.split_path("") == [] and v.split_path("/") == []
    assert v.normalize_dept_name("...") == "..."  # only . and .. are reserved


@pytest.mark.parametrize("raw", ["2147483648", "-2147483649", "9" * 30, "1" * 5000, "1.5", "abc"])
def test_sort_values_are_bounded_to_32_bits(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.normalize_sort(raw)
    assert info.value.code == "sort_invalid" and "2147483647" in info.value.message("en")


def test_sort_bounds_are_inclusive() -> None:
    assert v.normalize_sort("2147483647") == v.SORT_MAX and v.normalize_sort("-2147483648") == v.SORT_MIN


def test_depth_limit() -> None:
    v.check_depth(32, 32, "a")
    with pytest.raises(ValidationError) as info:
        v.check_depth(33, 32, "/".join(["x"] * 33))
    assert info.value.code == "dept_too_deep" and info.value.params["max"] == 32
    assert get_setting("directory.max_depth").default == v.DEFAULT_MAX_DEPTH == 32


def test_accounts_fold_the_same_everywhere() -> None:
    assert v.fold_account(" ＺｈａｎｇＷｅｉ ") == "zhangwei" == v.normalize_account("ｚｈａｎｇｗｅｉ")


def test_restored_hash_bounds() -> None:
    from argon2 import PasswordHasher

    from youdu_console.services.passwords import hash_password, hash_problem, needs_rehash, verify_password

    good = hash_password("pw")
    assert hash_problem(good) is None and not needs_rehash(good)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("pw")
    assert hash_problem(weak) is None and needs_rehash(weak) and verify_password(weak, "pw")
    costly = "$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43
    slow = "$argon2id$v=19$m=19456,t=100000,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43
    assert "m=1048576" in (hash_problem(costly) or "") and "t=100000" in (hash_problem(slow) or "")
    assert hash_problem("$2b$12$notargon") == "not an argon2 hash"
    assert verify_password(costly, "pw") is False  # refused without spending 1 GiB


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
