"""企业应用 values (manual ch. 3, 3.5.9): app ids, EncodingAESKeys, the rules on names, intros, terminals and
homepages, and the views handed to front ends.

The vendor's forms, checked against its own material: an EncodingAESKey is 32 random bytes shown as standard
base64 *with* its padding — 44 characters ending in "=" (the manual's 3.5.2/3.5.3/4.1/4.7 screens show
`U7RpMNo9…B54=`, the vendor's C# SDK sample `6mW0…FOQo=`, and the Go client in shared/clients decodes the key
with `base64.StdEncoding`, which refuses the 43-character unpadded form). A self-built app's AppID is "yd"
followed by 32 upper-case hex digits (the vendor's SDK sample `ydAB2A13431F4E44509D9F146925303996`); system
apps keep the manual's ids (`sysFileAssistant`, …).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.validation import clean_text

AES_KEY_BYTES = 32
AES_KEY_CHARS = 44  # standard base64 of 32 bytes, padding included
APP_ID_RE = re.compile(r"^yd[0-9A-F]{32}$")
SYSTEM_ID_RE = re.compile(r"^sys[A-Za-z]+$")
NAME_ADVISED = 6  # 3.5.9: "建议 4 个字为宜，最长不要超过 6 个字"
NAME_MAX = 16  # beyond the advice the name is cut off in the portal; past this it is refused
INTRO_MIN, INTRO_MAX = 4, 120  # 3.5.9: "最少四个字，最长不超过 120 字"
HOMEPAGE_MAX = 1024
TERMINALS = ("desktop", "mobile")
TOKEN_MARK = "$TOKEN$"  # 3.5.9.2: replaced by the client with the member's identity token (single sign-on)
TOKEN_CHARS = 15  # the manual's 短信网关 Token `7nrpIi6Jfqxtw66`
_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

# 3.5 系统应用: one row each for the apps the manual lists, with the ids the manual shows where it shows one.
# (id, zh name, en name, intro zh, intro en, manual section)
SYSTEM_APPS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("sysFileAssistant", "文件传输助手", "File transfer", "手机和电脑互传文字、图片和文件", "Send text, pictures and files between phone and desktop", "3.5.1"),
    ("sysExmailAssistant", "企业邮箱", "Enterprise mail", "新邮件提醒、单点登录与同步组织架构", "New-mail alerts, single sign-on and organisation sync", "3.5.2"),
    ("sysOrgAssistant", "组织架构同步接口", "Organisation sync API", "通过接口来增删改查组织架构的部门和人员信息", "Add, change and remove departments and members through the API", "3.5.3"),
    ("sysReportAssistant", "工作汇报", "Work reports", "日报、周报和月报", "Daily, weekly and monthly reports", "3.5.4"),
    ("sysDiskAssistant", "网盘", "Network disk", "文件存储在本地服务器上的网盘", "A disk whose files stay on the local server", "3.5.5"),
    ("sysPunchAssistant", "打卡", "Check-in", "在手机上打卡并自动生成打卡记录", "Check in on the phone; records kept automatically", "3.5.6"),
    ("sysNoticeAssistant", "通知公告", "Notices", "政策文件、重要事件与活动的通知公告", "Notices of policies, events and activities", "3.5.7"),
    ("sysFormAssistant", "表单", "Forms", "问卷调查、活动报名与信息登记", "Surveys, sign-ups and registrations", "3.5.8"),
    ("sysRemoteAssistant", "远程协助", "Remote assistance", "远程协助其他成员的电脑", "Help another member on their computer", "3.1"),
    ("sysMsgAssistant", "系统消息", "System messages", "对全员或者在线成员发送文本通知", "Send text notices to everyone or to members online", "4.1"),
    ("sysSmsAssistant", "短信网关", "SMS gateway", "将有度短信接入企业自己的短信通道", "Route Youdu's text messages through the enterprise's own SMS channel", "4.7"),
)
SYSTEM_IDS = frozenset(a[0] for a in SYSTEM_APPS)


@dataclass(frozen=True)
class AppCredentials:
    """What the server API needs to encrypt and decrypt an app's calls."""

    app_id: str
    name: str
    aes_key: bytes  # the 32 raw bytes
    enabled: bool
    system: bool


def new_aes_key() -> str:
    """A new EncodingAESKey as shown and stored: 32 bytes from the OS's CSPRNG, standard base64 (44 characters)."""
    return base64.b64encode(secrets.token_bytes(AES_KEY_BYTES)).decode("ascii")


def decode_aes_key(text: str) -> bytes:
    """The 32 raw bytes of a shown EncodingAESKey (the 43-character unpadded form is accepted too)."""
    value = clean_text(text)
    if len(value) == AES_KEY_CHARS - 1:
        value += "="
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("app_aes_key_invalid", field="encoding_aes_key") from None
    if len(raw) != AES_KEY_BYTES:
        raise ValidationError("app_aes_key_invalid", field="encoding_aes_key")
    return raw


def new_app_id() -> str:
    """A self-built app's AppID: "yd" and 128 random bits in upper-case hex, as the vendor writes them."""
    return "yd" + secrets.token_hex(16).upper()


def new_token() -> str:
    """A callback Token (随机生成): 15 letters and digits."""
    return "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(TOKEN_CHARS))


def is_system_id(app_id: str) -> bool:
    return app_id in SYSTEM_IDS or bool(SYSTEM_ID_RE.match(app_id))


def normalize_app_name(value: Any) -> tuple[str, bool]:
    """An app's name and whether it is longer than the manual advises (shown as a warning, still accepted)."""
    name = clean_text(value)
    if not name:
        raise ValidationError("app_name_required", field="name")
    if len(name) > NAME_MAX:
        raise ValidationError("app_name_too_long", field="name", max=NAME_MAX)
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValidationError("app_name_invalid", field="name", value=name)
    return name, len(name) > NAME_ADVISED


def normalize_intro(value: Any) -> str:
    intro = clean_text(value)
    if not INTRO_MIN <= len(intro) <= INTRO_MAX:
        raise ValidationError("app_intro_length", field="intro", min=INTRO_MIN, max=INTRO_MAX, length=len(intro))
    return intro


def normalize_terminals(value: Any) -> str:
    """"desktop,mobile" in that order; at least one (3.5.9 显示终端)."""
    items = value.split(",") if isinstance(value, str) else list(value or ())
    chosen = {clean_text(x).lower() for x in items if clean_text(x)}
    unknown = sorted(chosen - set(TERMINALS))
    if unknown:
        raise ValidationError("app_terminal_invalid", field="terminals", value=",".join(unknown))
    if not chosen:
        raise ValidationError("app_terminals_required", field="terminals")
    return ",".join(t for t in TERMINALS if t in chosen)


def normalize_url(value: Any, *, field: str = "homepage", required: bool = False) -> str:
    """An http(s) URL (empty allowed unless required); `$TOKEN$` may appear anywhere in it."""
    url = clean_text(value)
    if not url:
        if required:
            raise ValidationError("app_url_required", field=field)
        return ""
    if len(url) > HOMEPAGE_MAX or any(c.isspace() for c in url):
        raise ValidationError("app_url_invalid", field=field, value=url[:80])
    parts = urlsplit(url.replace(TOKEN_MARK, "TOKEN"))
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError("app_url_invalid", field=field, value=url[:80])
    return url


def uses_token(url: str) -> bool:
    return TOKEN_MARK in url


@dataclass(frozen=True)
class AppView:
    app_id: str
    name: str
    kind: str  # system | custom
    intro: str
    terminals: tuple[str, ...]
    homepage: str
    enabled: bool
    icon: str  # a built-in icon's name, or "" when the app has an uploaded logo
    has_logo: bool
    service_mode: bool
    callback_url: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"app_id": self.app_id, "name": self.name, "kind": self.kind, "intro": self.intro,
                "terminals": list(self.terminals), "homepage": self.homepage, "enabled": self.enabled}


TEMPLATE_NAME_MAX = 64
GROUP_NAME_MAX = 32


def normalize_template_name(value: Any) -> str:
    name = clean_text(value)
    if not name:
        raise ValidationError("portal_name_required", field="name")
    if len(name) > TEMPLATE_NAME_MAX or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ValidationError("portal_name_invalid", field="name", max=TEMPLATE_NAME_MAX)
    return name


def normalize_group_label(value: Any) -> str:
    """A workbench group's name (工作台分组); empty: the template's ungrouped apps."""
    name = clean_text(value)
    if len(name) > GROUP_NAME_MAX:
        raise ValidationError("portal_group_too_long", field="group", max=GROUP_NAME_MAX)
    return name


@dataclass(frozen=True)
class PortalEntry:
    """One app of a template (or of a member's portal): its group and its place."""

    app_id: str
    group: str
    position: int


@dataclass(frozen=True)
class TemplateView:
    id: int
    name: str
    enabled: bool
    apps: tuple[PortalEntry, ...]
    members: tuple[str, ...]
    departments: tuple[str, ...]
    version: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "enabled": self.enabled,
                "apps": [{"app_id": e.app_id, "group": e.group} for e in self.apps],
                "members": list(self.members), "departments": list(self.departments)}
