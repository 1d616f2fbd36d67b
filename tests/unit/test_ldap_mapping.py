"""LDAP reading without a server: DNs with escapes, GUIDs, the AD / OpenLDAP mappings, settings and cursors."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from ldap3.utils.ciDict import CaseInsensitiveDict

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.settings import get_setting
from youdu_console.domain.settings_ldap import check_mapping_item, check_server
from youdu_console.interchange.ldap import dn as dnlib
from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import RootDse, peer_name_matches
from youdu_console.interchange.ldap.mapping import (
    PRESETS,
    DisabledRule,
    build_mapping,
    format_guid,
    map_ou,
    map_user,
)
from youdu_console.interchange.ldap.reader import next_cursor


def entry(dn: str, **attrs: Any) -> dict[str, Any]:
    raw = CaseInsensitiveDict()
    for k, v in attrs.items():
        values = v if isinstance(v, list) else [v]
        raw[k] = [x if isinstance(x, bytes) else str(x).encode("utf-8") for x in values]
    return {"dn": dn, "raw_attributes": raw, "type": "searchResEntry"}


# ---------------------------------------------------------------- DNs


def test_escaped_comma_and_plus_sign_split_correctly() -> None:
    dn = r"cn=Zhang\, Wei+uid=zw,ou=R\2CD,OU=研发部,dc=example,dc=test"
    assert dnlib.rdns(dn)[0] == (("cn", "Zhang, Wei"), ("uid", "zw"))
    assert dnlib.rdns(dn)[1] == (("ou", "R,D"),)
    assert dnlib.first_value(dn) == "Zhang, Wei"
    assert dnlib.dn_key(dnlib.parent_dn(dn)) == dnlib.dn_key(r"ou=R\,D,ou=研发部,dc=example,dc=test")


def test_dn_keys_ignore_case_escape_style_and_multivalue_order() -> None:
    a = dnlib.dn_key(r"cn=Zhang\, Wei+uid=zw,OU=R\,D,DC=Example,DC=Test")
    b = dnlib.dn_key(r"UID=ZW+CN=zhang\2c wei,ou=r\2cd,dc=example,dc=test")
    assert a == b
    assert dnlib.dn_key(r"ou=\E7\A0\94\E5\8F\91,dc=x") == dnlib.dn_key("OU=研发,DC=x")


def test_is_within_does_not_split_an_escaped_comma() -> None:
    base = dnlib.dn_key("dc=test")
    assert dnlib.is_within(dnlib.dn_key("ou=a,dc=test"), base)
    assert not dnlib.is_within(dnlib.dn_key(r"ou=a\,dc=test"), base)  # one RDN whose value is "a,dc=test"
    assert dnlib.is_within(dnlib.dn_key("ou=a\\\\,dc=test"), base)  # value "a\" then a real comma
    assert list(dnlib.ancestors(dnlib.dn_key(r"uid=x,ou=b\,c,ou=a,dc=test"), base)) == [
        dnlib.dn_key(r"ou=b\,c,ou=a,dc=test"), dnlib.dn_key("ou=a,dc=test")]


def test_an_equals_sign_inside_a_value_is_allowed() -> None:
    assert dnlib.rdns("cn=a=b,dc=x")[0] == (("cn", "a=b"),)


@pytest.mark.parametrize("bad", ["cn", "cn=a,", ",dc=x", "cn=a\\", "=x,dc=y"])
def test_malformed_dns_are_refused_with_a_code(bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        dnlib.rdns(bad)
    assert err.value.code == "ldap_dn_invalid"


# ---------------------------------------------------------------- GUIDs and mapping


def test_object_guid_bytes_and_entry_uuid_text_give_the_same_form() -> None:
    g = uuid.UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    assert format_guid(g.bytes_le) == str(g)
    assert format_guid(b"3F2504E0-4F89-11D3-9A0C-0305E82C3301") == str(g)


def test_ad_mapping_reads_sam_account_display_name_and_disabled_bit() -> None:
    ad = PRESETS["ad"]
    guid = uuid.uuid4()
    e = entry("CN=张伟,OU=研发部,DC=x", sAMAccountName="ZhangWei", displayName="张伟", cn="zw", mail="ZW@X.CN",
              mobile="13800000000", telephoneNumber="010-1", title="工程师", objectGUID=guid.bytes_le,
              userAccountControl="514", uSNChanged="4711")
    u = map_user(e, ad)
    assert (u.account, u.name, u.email, u.mobile, u.phone, u.position) == ("ZhangWei", "张伟", "ZW@X.CN",
                                                                          "13800000000", "010-1", "工程师")
    assert u.guid == str(guid) and u.disabled
    assert not map_user(entry("CN=a,DC=x", sAMAccountName="a", cn="a", objectGUID=guid.bytes_le,
                              userAccountControl="512"), ad).disabled


def test_empty_display_name_falls_back_to_cn() -> None:
    u = map_user(entry("uid=a,dc=x", uid="a", displayName="   ", cn="王😀", entryUUID=str(uuid.uuid4())),
                 PRESETS["openldap"])
    assert u.name == "王😀"


def test_openldap_mapping_uses_uid_entry_uuid_and_ppolicy_lock() -> None:
    m = PRESETS["openldap"]
    u = map_user(entry("uid=li,ou=a,dc=x", uid="li", cn="李雷", entryUUID=str(uuid.uuid4()),
                       pwdAccountLockedTime="000001010000Z", modifyTimestamp="20260101000000Z"), m)
    assert u.account == "li" and u.disabled
    temporary = map_user(entry("uid=li,dc=x", uid="li", cn="x", pwdAccountLockedTime="20260101000000Z"), m)
    assert not temporary.disabled  # a lockout after wrong passwords is not "disabled by an administrator"


def test_ou_name_and_guid() -> None:
    o = map_ou(entry(r"ou=R\,D,dc=x", ou="R,D", entryUUID="A" * 8 + "-aaaa-aaaa-aaaa-" + "a" * 12),
               PRESETS["openldap"])
    assert o.name == "R,D" and o.guid == "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"
    assert o.key == dnlib.dn_key(r"OU=r\2cd,DC=X")


def test_mapping_overrides_are_applied_and_checked() -> None:
    m = build_mapping("openldap", ["name=displayName|sn", "mobile=telephoneNumber", "disabled=employeeType=off",
                                   "user_filter=(objectClass=person)"])
    assert m.name == ("displayName", "sn") and m.mobile == ("telephoneNumber",)
    assert m.user_filter == "(objectClass=person)"
    assert m.disabled.test(CaseInsensitiveDict({"employeeType": [b"OFF"]}))
    assert "telephoneNumber" in m.user_attributes()
    with pytest.raises(ValidationError) as err:
        build_mapping("ad", ["colour=favouriteColour"])
    assert err.value.code == "ldap_mapping_invalid"
    with pytest.raises(ValidationError):
        build_mapping("novell")


@pytest.mark.parametrize(("spec", "raw", "expected"), [
    ("userAccountControl&2", {"userAccountControl": [b"66050"]}, True),  # 0x10202: disabled, no expiry
    ("userAccountControl&2", {"userAccountControl": [b"66048"]}, False),
    ("pwdAccountLockedTime", {"pwdAccountLockedTime": [b"20260101000000Z"]}, True),
    ("pwdAccountLockedTime", {}, False),
    ("none", {"userAccountControl": [b"514"]}, False),
])
def test_disabled_rules(spec: str, raw: dict[str, list[bytes]], expected: bool) -> None:
    rule = DisabledRule.parse(spec)
    assert rule.test(CaseInsensitiveDict(raw)) is expected
    assert DisabledRule.parse(rule.spec()) == rule


# ---------------------------------------------------------------- settings and configuration


@pytest.mark.parametrize(("given", "expected"), [
    ("192.168.0.10:389", "ldap://192.168.0.10:389"),  # the manual's IP:PORT form
    ("10.0.0.5:636", "ldaps://10.0.0.5:636"),
    ("LDAPS://dc1.xinda.im/", "ldaps://dc1.xinda.im"),
    ("ldap://[::1]:389", "ldap://[::1]:389"),
])
def test_server_addresses_are_normalised(given: str, expected: str) -> None:
    assert check_server(given) == expected


@pytest.mark.parametrize("bad", ["http://dc1", "dc 1:389", "dc1:0", "dc1:70000", "ldap://a/b"])
def test_bad_server_addresses_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        check_server(bad)


def test_mapping_setting_validates_each_item() -> None:
    setting = get_setting("ldap.mapping")
    assert setting.parse(["name = displayName | cn", "disabled=userAccountControl&2"]) == [
        "name=displayName|cn", "disabled=userAccountControl&2"]
    with pytest.raises(ValidationError):
        setting.parse(["disabled=userAccountControl&x"])
    with pytest.raises(ValueError):
        check_mapping_item("user_filter=objectClass=user")


def test_ldap_settings_are_declared_with_their_defaults() -> None:
    assert get_setting("ldap.removal_threshold_percent").default == 10
    assert get_setting("ldap.removal_threshold_count").default == 100
    assert get_setting("ldap.interval_minutes").default == 10
    assert get_setting("ldap.verify_tls").default is True
    assert get_setting("ldap.flavor").parse("openldap") == "openldap"
    with pytest.raises(ValidationError):
        get_setting("ldap.interval_minutes").parse("0")


def test_config_ports_keyring_entry_and_plan_hash() -> None:
    cfg = LdapConfig(server="ldaps://dc1.xinda.im", bind_dn="cn=a", base_dn="dc=xinda,dc=im")
    assert (cfg.host, cfg.port, cfg.use_ssl) == ("dc1.xinda.im", 636, True)
    assert cfg.keyring_user == "ldap:ldaps://dc1.xinda.im"
    assert LdapConfig(server="ldap://[::1]", bind_dn="", base_dn="dc=x").port == 389
    other = LdapConfig(server=cfg.server, bind_dn=cfg.bind_dn, base_dn=cfg.base_dn, selected_ous=("ou=a,dc=xinda,dc=im",))
    assert cfg.plan_hash() != other.plan_hash()
    same = LdapConfig(server=cfg.server, bind_dn=cfg.bind_dn, base_dn=cfg.base_dn, interval_minutes=3)
    assert cfg.plan_hash() == same.plan_hash()  # the schedule does not change what a sync plans


def _dse(usn: int | None) -> RootDse:
    return RootDse("ad" if usn else "openldap", "", (), "", usn, "dc1", True)


def test_next_cursor_ad_uses_highest_committed_usn_read_before_the_search() -> None:
    assert next_cursor(PRESETS["ad"], _dse(1000), dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) == "1001"


def test_next_cursor_openldap_is_the_read_start_a_little_early() -> None:
    started = dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC)
    assert next_cursor(PRESETS["openldap"], _dse(None), started) == "20260301075955Z"
    beijing = started.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert next_cursor(PRESETS["openldap"], _dse(None), beijing) == "20260301075955Z"


# ---------------------------------------------------------------- TLS peer names


CERT = {"subject": ((("commonName", "dc1.xinda.im"),),),
        "subjectAltName": (("DNS", "dc1.xinda.im"), ("DNS", "*.ad.xinda.im"), ("IP Address", "192.168.0.10"),
                           ("IP Address", "0:0:0:0:0:0:0:1\n"))}


@pytest.mark.parametrize(("host", "ok"), [
    ("dc1.xinda.im", True), ("DC1.XINDA.IM.", True), ("dc2.ad.xinda.im", True), ("a.b.ad.xinda.im", False),
    ("ad.xinda.im", False), ("192.168.0.10", True), ("192.168.0.11", False), ("[::1]", True),
    ("evil.im", False), ("dc1.xinda.im.evil.im", False),
])
def test_certificate_names_are_matched_like_browsers_do(host: str, ok: bool) -> None:
    assert peer_name_matches(CERT, host) is ok


def test_common_name_counts_only_without_dns_names() -> None:
    assert peer_name_matches({"subject": ((("commonName", "dc1.xinda.im"),),)}, "dc1.xinda.im")
    assert not peer_name_matches({"subject": ((("commonName", "dc1.xinda.im"),),),
                                  "subjectAltName": (("DNS", "other.xinda.im"),)}, "dc1.xinda.im")
    assert not peer_name_matches({"subject": ((("commonName", "*"),),)}, "dc1.xinda.im")
