"""The question an IM client's login answers: what may this member's client do, on this device, from here?

The IM server pushes one configuration to each client after its login; this is it, computed from the 我的企业
settings of chapter 5 that change a client's behaviour (and nothing else):

  chat         5.2   recall window (2 minutes … 48 hours), read status forced on, sending locations,
                     audio/video calls, chat-file retention (0: forever), group space, discussion-group size
  directory    5.3.2 the member card's fields and custom fields; the desktop list's yellow and blue slots
                     (desktop only: "仅为桌面端设置项"); 5.3.3 the fields members edit themselves;
                     5.3.4/5.3.5 name display and sort rule
  permissions  5.4.1 the 普通用户 role's permissions; 5.4.7 broadcasts and SMS only for the whitelisted
                     ("有度账号不支持发送广播消息和发送短信；需要管理员在管理后台添加成员"), a broadcast also needs
                     the role's "broadcast"; 5.4.4 creating discussion groups (the can-create-group answer)
  login        5.4.6 the device type allowed; 5.4.5 mobile login; 5.4.2 external login; 5.5 multi-device
  network      5.4.2 whether the address is external (outside access.internal_networks; none declared: all
                     internal) and, when it is, whether files and images may be downloaded; 5.4.3 the limits
  mobile       5.4.5 login, saving images, sharing files to other apps; 5.6.1 file watermark and the offline
                     security code (mobile devices only; absent for a desktop device)
  security     5.5 two-step SMS verification and the password-reset channels open to this member (e-mail:
                     switched on, an SMTP server set and the member has an address; SMS: switched on and the
                     member has a mobile); 5.5.3 device authorisation (on, with its URL); 5.6.1 watermarks
  cluster      5.7.1 whether other enterprises of the cluster see this member (all, listed departments with
                     their subtrees, or none; nothing while no center server is configured)

Without a device the answer covers both kinds (the mobile part and the desktop slots). An unknown or resigned
account is a coded `member_not_found`. `effective()` is the engine over a plain dict of settings (missing keys
take their declared defaults); `client_config()` reads the settings and the member in one read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain.errors import NotFound
from youdu_console.domain.groups import SPACE_CHOICES
from youdu_console.domain.settings import BY_KEY, EDITABLE_FIELD_CHOICES
from youdu_console.domain.settings_enterprise import CARD_FIELDS, RECALL_MINUTES, ROLE_PERMISSIONS
from youdu_console.domain.validation import fold_account, split_path
from youdu_console.policy.groups import _department_paths, can_create_group
from youdu_console.policy.login import normalize_device
from youdu_console.policy.transfer import EXTERNAL_KEYS, is_external
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

MOBILE = frozenset({"android", "ios"})
# 5.4.2's download switches (access.allow_external_*_download): the same keys `policy file-transfer` reads.
EXTERNAL_DOWNLOAD = EXTERNAL_KEYS
KEYS = (
    "chat.recall_window", "chat.read_status_forced", "chat.location_sending", "chat.av_calls",
    "chat.file_retention_days", "chat.group_space", "chat.group_space_custom_mb", "chat.discussion_max_members",
    "directory.card_fields", "directory.card_custom_fields", "directory.list_slot_yellow", "directory.list_slot_blue",
    "directory.member_editable_fields", "directory.name_display", "directory.sort_rule",
    "access.user_role_permissions", "access.broadcast_members", "access.broadcast_depts", "access.sms_members",
    "access.sms_depts", "access.allowed_devices", "access.internal_networks", "access.allow_external_login",
    *EXTERNAL_DOWNLOAD["file"], *EXTERNAL_DOWNLOAD["image"],
    "transfer.offline_max_mb", "transfer.p2p_max_mb", "transfer.interconnect_max_mb",
    "access.mobile_login", "access.mobile_save_images", "access.mobile_share_files",
    "security.sms_two_step", "security.mail_reset", "security.smtp_host", "security.sms_reset",
    "security.multi_device", "security.device_auth", "security.device_auth_url", "security.watermark",
    "security.mobile_file_watermark", "security.offline_security_code",
    "cluster.enabled", "cluster.visibility", "cluster.visible_depts",
)


@dataclass(frozen=True)
class Member:
    account: str
    name: str = ""
    departments: frozenset[str] = frozenset()  # the paths of its departments and of every ancestor
    has_mobile: bool = False
    has_email: bool = False
    can_create_group: bool = True  # policy can-create-group's answer (5.4.4)


def _listed(member: Member, accounts: list[str], paths: list[str]) -> bool:
    """On a whitelist: named by account, or in a listed department or under one."""
    if member.account in {fold_account(a) for a in accounts}:
        return True
    return bool({"/".join(split_path(p)) for p in paths} & member.departments)


def _in_order(chosen: list[str], choices: tuple[tuple[str, str, str], ...]) -> list[str]:
    return [key for key, _zh, _en in choices if key in chosen]


def effective(settings: Mapping[str, Any], member: Member, device: str | None = None,
              external: bool = False) -> dict[str, Any]:
    """The configuration pushed to `member`'s client on `device` (None: any) from an external address or not."""

    def s(key: str) -> Any:
        return settings[key] if key in settings else BY_KEY[key].default

    mobile_device = device is None or device in MOBILE
    desktop_device = device is None or device not in MOBILE
    space = s("chat.group_space")
    role = set(s("access.user_role_permissions"))
    broadcast_listed = _listed(member, s("access.broadcast_members"), s("access.broadcast_depts"))
    sms_listed = _listed(member, s("access.sms_members"), s("access.sms_depts"))
    allowed_devices = set(s("access.allowed_devices"))
    mobile_on = bool(s("access.mobile_login"))
    if device is None:  # any mobile device; the device type's own answer needs a device
        mobile_login, device_allowed = mobile_on and bool(allowed_devices & MOBILE), None
    else:
        mobile_login = mobile_on and device in allowed_devices
        device_allowed = device in allowed_devices and (device not in MOBILE or mobile_on)
    downloads = {kind: not external or all(bool(s(k)) for k in keys) for kind, keys in EXTERNAL_DOWNLOAD.items()}
    visibility = s("cluster.visibility")
    cluster_on = bool(s("cluster.enabled"))
    answer: dict[str, Any] = {
        "account": member.account, "name": member.name, "device": device,
        "chat": {
            "recall_minutes": RECALL_MINUTES[s("chat.recall_window")],
            "read_status_forced": bool(s("chat.read_status_forced")),
            "location_sending": bool(s("chat.location_sending")),
            "av_calls": bool(s("chat.av_calls")),
            "file_retention_days": int(s("chat.file_retention_days")),  # 0: kept forever
            "group_space_mb": int(s("chat.group_space_custom_mb")) if space == "custom"
            else dict(SPACE_CHOICES)[space],
            "discussion_max_members": int(s("chat.discussion_max_members")),
        },
        "directory": {
            "card_fields": _in_order(s("directory.card_fields"), CARD_FIELDS),
            "card_custom_fields": list(s("directory.card_custom_fields")),
            "display_slots": ({"yellow": None if s("directory.list_slot_yellow") == "none"
                               else s("directory.list_slot_yellow"), "blue": list(s("directory.list_slot_blue"))}
                              if desktop_device else None),
            "editable_fields": _in_order(s("directory.member_editable_fields"), EDITABLE_FIELD_CHOICES),
            "name_display": s("directory.name_display"),
            "sort_rule": s("directory.sort_rule"),
        },
        "permissions": {
            **{key: key in role for key, _zh, _en in ROLE_PERMISSIONS},
            "broadcast": "broadcast" in role and broadcast_listed,
            "sms": sms_listed,
            "create_discussion_group": member.can_create_group,
        },
        "login": {
            "device_allowed": device_allowed,
            "network_allowed": not external or bool(s("access.allow_external_login")),
            "multi_device": bool(s("security.multi_device")),
        },
        "network": {
            "external": external,
            "file_download": downloads["file"],
            "image_download": downloads["image"],
            "offline_max_mb": int(s("transfer.offline_max_mb")),
            "p2p_max_mb": int(s("transfer.p2p_max_mb")),
            "interconnect_max_mb": int(s("transfer.interconnect_max_mb")),
        },
        "mobile": ({
            "login": mobile_login,
            "save_images": bool(s("access.mobile_save_images")),
            "share_files": bool(s("access.mobile_share_files")),
            "file_watermark": bool(s("security.mobile_file_watermark")),
            "security_code": bool(s("security.offline_security_code")),
        } if mobile_device else None),
        "security": {
            "two_step_sms": bool(s("security.sms_two_step")),
            "password_reset": {
                "email": bool(s("security.mail_reset")) and bool(s("security.smtp_host")) and member.has_email,
                "sms": bool(s("security.sms_reset")) and member.has_mobile,
            },
            "watermark": {part: bool(s("security.watermark")) for part in ("address_book", "profile", "chat")},
            # 5.5.3: a new device is checked against the enterprise's URL (switched on and a URL set)
            "device_authorisation": bool(s("security.device_auth")) and bool(s("security.device_auth_url")),
        },
        "cluster": {
            "enabled": cluster_on,
            "visible": cluster_on and (visibility == "all" or (visibility == "departments" and _listed(
                member, [], s("cluster.visible_depts")))),
        },
    }
    return answer


def read_settings(conn: Connection, keys: tuple[str, ...] = KEYS) -> dict[str, Any]:
    """The stored values of `keys` in one statement (a key never stored is left out: it takes its default)."""
    t = tables.SETTINGS
    return {row.key: BY_KEY[row.key].parse(json.loads(row.value))
            for row in conn.execute(select(t.c.key, t.c.value).where(t.c.key.in_(keys)))}


def client_config(conn: Connection, account: str, device: str | None = None,
                  address: str | None = None) -> dict[str, Any]:
    device = normalize_device(device) if device else None
    settings = read_settings(conn)
    external = is_external(address, settings.get("access.internal_networks", []))
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    acc = fold_account(account)
    row = conn.execute(select(m.c.id, m.c.account, m.c.name, m.c.status, m.c.mobile, m.c.email)
                       .where(m.c.account == acc)).first()
    if row is None or row.status == "resigned":
        raise NotFound("member_not_found", account=acc)
    depts = {r[0] for r in conn.execute(select(links.c.dept_id).where(links.c.member_id == row.id))}
    member = Member(row.account, row.name, frozenset(_department_paths(conn, depts)), bool(row.mobile),
                    bool(row.email), can_create_group(conn, acc).allowed)
    answer = effective(settings, member, device, external)
    answer["address"] = address or None
    return answer


def ask(uow: UnitOfWork, account: str, device: str | None = None, address: str | None = None) -> dict[str, Any]:
    with uow.read() as conn:
        return client_config(conn, account, device, address)

