"""Enterprise settings declared once, as data (DESIGN §4): storage, pages, CLI and policy all read this."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from youdu_console.domain.errors import ValidationError

DEVICES = ("windows", "mac", "linux", "android", "ios")
# Units a number is counted in: shown beside its field (a suffix), never part of the label.
UNITS: dict[str, tuple[str, str]] = {
    "minutes": ("分钟", "minutes"), "days": ("天", "days"), "times": ("次", "times"),
    "seats": ("人", "seats"), "characters": ("位", "characters"), "percent": ("%", "%"),
    "levels": ("级", "levels"), "members": ("人", "members"), "megabytes": ("MB", "MB"),
    "port": ("TCP", "TCP"),  # a port number says which protocol it is
}


@dataclass(frozen=True)
class Setting:
    key: str
    type: str  # bool | int | choice | text | list | date  (a list with `choices` is a set of those values)
    default: Any
    label_zh: str
    label_en: str
    section: str  # manual section, e.g. "5.3.4"
    page: str  # manual page path under 我的企业, e.g. "通讯录管理"
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, zh, en)
    minimum: int | None = None
    maximum: int | None = None
    item_check: Callable[[str], str] | None = field(default=None, compare=False)
    help_zh: str = ""
    help_en: str = ""
    super_only: bool = False
    unit: str = ""  # a key of UNITS: what an int counts
    zero_zh: str = ""  # what the value 0 means, when it means something else than none ("人工解锁")
    zero_en: str = ""
    internal: bool = False  # kept by an action (a licence file, a certificate), never an editor on a page
    empty_items: bool = True  # a list's empty items are dropped; False: refused (a word list's ",,")

    def label(self, lang: str) -> str:
        return self.label_en if lang.startswith("en") else self.label_zh

    def unit_text(self, lang: str) -> str:
        zh, en = UNITS.get(self.unit, ("", ""))
        return en if lang.startswith("en") else zh

    def zero_text(self, lang: str) -> str:
        return self.zero_en if lang.startswith("en") else self.zero_zh

    def choice_text(self, value: str, lang: str) -> str:
        for v, zh, en in self.choices:
            if v == value:
                return en if lang.startswith("en") else zh
        return value

    def parse(self, raw: Any) -> Any:
        """Turn a stored or typed value (CLI text, JSON) into the typed value, or raise a coded error."""
        try:
            return self._parse(raw)
        except ValidationError:
            raise
        except (TypeError, ValueError) as exc:
            raise ValidationError("setting_invalid", field=self.key, key=self.key, value=raw, reason=str(exc)) from None

    def _bad(self, raw: Any, reason: str) -> ValidationError:
        return ValidationError("setting_invalid", field=self.key, key=self.key, value=raw, reason=reason)

    def _parse(self, raw: Any) -> Any:
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "on", "yes", "开启", "是"):
                return True
            if text in ("0", "false", "off", "no", "关闭", "否"):
                return False
            raise self._bad(raw, "on/off")
        if self.type == "int":
            if isinstance(raw, bool):
                raise self._bad(raw, "integer")
            value = int(str(raw).strip())
            if self.minimum is not None and value < self.minimum:
                raise self._bad(raw, f">= {self.minimum}")
            if self.maximum is not None and value > self.maximum:
                raise self._bad(raw, f"<= {self.maximum}")
            return value
        if self.type == "choice":
            text = str(raw).strip()
            allowed = [c[0] for c in self.choices]
            if text not in allowed:
                raise self._bad(raw, "/".join(allowed))
            return text
        if self.type == "text":
            text = str(raw).strip()
            return self.item_check(text) if self.item_check and text else text
        if self.type == "date":
            text = str(raw).strip()
            if text in ("", "none", "never"):
                return ""
            return dt.date.fromisoformat(text).isoformat()
        if self.type == "list":
            if isinstance(raw, list | tuple):
                items = [str(x) for x in raw]
            else:
                text = str(raw).strip()
                if text.startswith("["):
                    items = [str(x) for x in json.loads(text)]
                else:
                    items = [p for p in text.replace("，", ",").replace("\n", ",").split(",")]
            if not self.empty_items:
                for index, item in enumerate(items, 1):
                    if not item.strip():
                        raise ValidationError("setting_list_empty_item", field=self.key, key=self.key, index=index)
            items = [i.strip() for i in items if i.strip()]
            if self.choices:
                allowed = [c[0] for c in self.choices]
                lowered = {a.lower(): a for a in allowed}
                unknown = [i for i in items if i.lower() not in lowered]
                if unknown:
                    raise self._bad(unknown[0], "/".join(allowed))
                # A set of choices keeps the declaration's order, whatever order it was typed in.
                chosen = {lowered[i.lower()] for i in items}
                return [a for a in allowed if a in chosen]
            if self.item_check:
                checked = []
                for item in items:
                    try:
                        checked.append(self.item_check(item))
                    except ValueError as exc:
                        raise self._bad(item, str(exc)) from None
                items = checked
            return list(dict.fromkeys(items))
        raise self._bad(raw, "unknown type")


def _check_cidr(item: str) -> str:
    return str(ipaddress.ip_network(item, strict=False))


DEVICE_CHOICES = (("windows", "Windows", "Windows"), ("mac", "Mac", "Mac"), ("linux", "Linux", "Linux"),
                  ("android", "Android", "Android"), ("ios", "iOS", "iOS"))
EDITABLE_FIELDS = ("name", "gender", "mobile", "phone", "short_number", "email", "position")
EDITABLE_FIELD_CHOICES = (("name", "姓名", "Name"), ("gender", "性别", "Gender"), ("mobile", "手机", "Mobile"),
                          ("phone", "电话", "Phone"), ("short_number", "短号", "Short number"),
                          ("email", "邮箱", "Email"), ("position", "职务", "Position"))


SETTINGS: tuple[Setting, ...] = (
    # 5.3.4 成员名称显示方式
    Setting("directory.name_display", "choice", "name", "成员名称显示方式", "Member name display", "5.3.4", "通讯录管理",
            choices=(("account", "帐号", "Account"), ("name", "姓名", "Name"),
                     ("account_name", "帐号（姓名）", "Account (name)"), ("name_account", "姓名（帐号）", "Name (account)")),
            help_zh="更改后客户端需重新启动才会以新的方式显示", help_en="Clients show the new form after a restart"),
    # 5.3.5 通讯录排序规则
    Setting("directory.sort_rule", "choice", "weight_account", "通讯录排序规则", "Address book sort rule", "5.3.5", "通讯录管理",
            choices=(("weight_account", "按照权重和帐号名排序", "By weight, then account"),
                     ("online_first", "按在线状态排序（在线相同时按权重和帐号名）", "Online first, then by weight and account"))),
    # 5.3.2 / 5.3.3 成员信息与资料编辑
    Setting("directory.member_editable_fields", "list", ["mobile", "phone", "email"], "客户端可自行修改的资料", "Fields members may edit themselves",
            "5.3.3", "通讯录管理", choices=EDITABLE_FIELD_CHOICES),
    # Input rules of the address book (not in the manual: limits that keep the data usable)
    Setting("directory.mobile_region", "choice", "CN", "手机号默认地区", "Default region for mobile numbers", "5.3.2",
            "通讯录管理",
            choices=(("CN", "中国大陆（+86）", "Mainland China (+86)"), ("HK", "中国香港（+852）", "Hong Kong (+852)"),
                     ("MO", "中国澳门（+853）", "Macao (+853)"), ("TW", "中国台湾（+886）", "Taiwan (+886)"),
                     ("SG", "新加坡（+65）", "Singapore (+65)"), ("MY", "马来西亚（+60）", "Malaysia (+60)"),
                     ("JP", "日本（+81）", "Japan (+81)"), ("KR", "韩国（+82）", "Korea (+82)"),
                     ("US", "美国（+1）", "United States (+1)"), ("GB", "英国（+44）", "United Kingdom (+44)"),
                     ("DE", "德国（+49）", "Germany (+49)"), ("AU", "澳大利亚（+61）", "Australia (+61)")),
            help_zh="不带国家代码的手机号按此地区校验；其他国家的号码请带 +国家代码。中国大陆号码保存为 11 位，其他保存为 E.164（如 +85291234567）",
            help_en="Numbers without a country code are checked for this region; others need +country code. "
                    "Mainland numbers are stored as 11 digits, others in E.164 (e.g. +85291234567)"),
    Setting("directory.max_depth", "int", 32, "部门最大层级", "Maximum department depth", "5.3", "通讯录管理",
            minimum=1, maximum=100, unit="levels",
            help_zh="顶级部门为第 1 级；新建、迁移和导入都不能超过此层级", help_en="Top-level departments are level 1; "
            "adding, moving and importing departments never goes deeper"),
    # 5.1 企业信息: licence
    Setting("licence.auto_authorize", "bool", False, "客户端自动授权", "Authorise clients automatically", "5.1", "企业信息",
            help_zh="开启后，默认授权给用户进行登录", help_en="New accounts are authorised at their first login", super_only=True),
    Setting("licence.seat_limit", "int", 100, "授权人数上限", "Licence seats", "5.1", "企业信息", minimum=0, maximum=10_000_000, super_only=True,
            unit="seats"),
    Setting("licence.expires", "date", "", "授权到期时间", "Licence expiry date", "5.1", "企业信息", super_only=True,
            help_zh="选择“永不过期”则授权一直有效", help_en="Choose “never” for a licence without an end"),
    # 5.5 账号安全 + 1.2.3 锁定
    Setting("security.lockout_threshold", "int", 5, "密码错误锁定次数", "Wrong passwords before lock", "1.2.3", "账号安全", minimum=1, maximum=100,
            unit="times"),
    Setting("security.lockout_minutes", "int", 0, "自动解锁时间", "Automatic unlock after", "1.2.3", "账号安全", minimum=0, maximum=525600,
            unit="minutes", zero_zh="不自动解锁（人工解锁）", zero_en="never (unlocked by an administrator)"),
    Setting("security.strong_password", "bool", False, "高强度密码", "Strong passwords", "5.5", "账号安全",
            help_zh="开启后，密码强度要求为8-16位，必须包含大小写字母、数字及特殊字符",
            help_en="8–16 characters with upper- and lower-case letters, digits and special characters"),
    Setting("security.password_min_length", "int", 6, "密码最短长度", "Minimum password length", "5.5", "账号安全", minimum=1, maximum=64,
            unit="characters"),
    Setting("security.password_expiry_days", "int", 0, "密码有效期", "Password expiry", "5.5", "账号安全", minimum=0, maximum=3650,
            unit="days", zero_zh="永不过期", zero_en="never expires"),
    Setting("security.multi_device", "bool", False, "同类型设备管理（允许同时登录多台同类型设备）", "Allow several devices of one type at once", "5.5", "账号安全"),
    # 5.4.6 登录设备权限 / 5.4.5 移动端权限
    Setting("access.allowed_devices", "list", list(DEVICES), "允许登录的设备", "Devices allowed to log in", "5.4.6", "权限管理", choices=DEVICE_CHOICES),
    # 5.4.2 外网权限
    Setting("access.internal_networks", "list", [], "内网地址范围（CIDR）", "Internal address ranges (CIDR)", "5.4.2", "权限管理", item_check=_check_cidr,
            help_zh="不在此范围内的地址都会被识别为外网；留空表示全部为内网", help_en="Addresses outside these ranges are external; empty means all are internal"),
    Setting("access.allow_external_login", "bool", True, "允许外网登录", "Allow logins from external networks", "5.4.2", "权限管理"),
)



def _extension_settings() -> tuple[Setting, ...]:
    """Settings declared by other areas (LDAP sync, …) in their own modules, gathered here once."""
    import importlib

    out: tuple[Setting, ...] = ()
    for name in (
        "youdu_console.domain.settings_ldap",
        "youdu_console.domain.settings_groups",
        "youdu_console.domain.settings_enterprise",
        "youdu_console.domain.settings_offline",
        "youdu_console.domain.settings_policy",
        "youdu_console.domain.settings_api",
    ):
        try:
            out += importlib.import_module(name).SETTINGS
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return out


SETTINGS = SETTINGS + _extension_settings()
BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


def get_setting(key: str) -> Setting:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValidationError("setting_unknown", field="key", key=key) from None


def section_title(section: str, lang: str) -> str:
    """The manual's heading of a section ("5.2.3" → 消息撤回), as the areas declare them; "" when none is."""
    import importlib

    for name in ("youdu_console.domain.settings_enterprise",):
        try:
            titles = getattr(importlib.import_module(name), "SECTION_TITLES", {})
        except ModuleNotFoundError:
            continue
        if section in titles:
            zh, en = titles[section]
            return en if lang.startswith("en") else zh
    return ""


def sections() -> list[str]:
    return list(dict.fromkeys(s.page for s in SETTINGS))
