"""`policy client-config`'s engine against a table of cases written from the manual's wording (chapter 5)."""

from __future__ import annotations

from typing import Any

import pytest

from youdu_console.domain.settings import BY_KEY
from youdu_console.policy.client_config import KEYS, Member, effective

LINA = Member("lina", "李娜", frozenset({"公司", "公司/销售部"}), has_mobile=True, has_email=False)


def _get(answer: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        answer = answer[part]
    return answer


CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, Any]] = [
    # (why, settings, call options, answer path, expected)
    ("5.2.3 可撤回时间默认 2 分钟", {}, {}, "chat.recall_minutes", 2),
    ("5.2.3 最长 48 小时", {"chat.recall_window": "48h"}, {}, "chat.recall_minutes", 2880),
    ("5.2.4 强制显示阅读状态，客户端无法更改", {"chat.read_status_forced": True}, {}, "chat.read_status_forced", True),
    ("5.2.5 未开启时客户端不显示【位置】", {"chat.location_sending": False}, {}, "chat.location_sending", False),
    ("5.2.6 音视频通话", {"chat.av_calls": False}, {}, "chat.av_calls", False),
    ("5.2.2 文件保存期限 0 为永久", {}, {}, "chat.file_retention_days", 0),
    ("5.2.2 期限外文件由服务器清理", {"chat.file_retention_days": 30}, {}, "chat.file_retention_days", 30),
    ("5.2.1 群空间自定义", {"chat.group_space": "custom", "chat.group_space_custom_mb": 300}, {},
     "chat.group_space_mb", 300),
    ("5.3.2 卡片字段按手册顺序", {"directory.card_fields": ["mail", "name", "mobile"]}, {},
     "directory.card_fields", ["name", "mobile", "mail"]),
    ("5.3.2 自定义信息", {"directory.card_custom_fields": ["工龄"]}, {}, "directory.card_custom_fields", ["工龄"]),
    ("5.3.2 黄色区域默认为空、蓝色默认在线状态和职务", {}, {"device": "windows"}, "directory.display_slots",
     {"yellow": None, "blue": ["online_status", "position"]}),
    ("5.3.2 黄色区域", {"directory.list_slot_yellow": "department"}, {"device": "mac"},
     "directory.display_slots.yellow", "department"),
    ("5.3.2 仅为桌面端设置项", {"directory.list_slot_yellow": "department"}, {"device": "ios"},
     "directory.display_slots", None),
    ("5.3.3 只有勾选的字段员工可以修改", {"directory.member_editable_fields": ["email", "name"]}, {},
     "directory.editable_fields", ["name", "email"]),
    ("5.3.3 未勾选的只能由管理员修改", {"directory.member_editable_fields": []}, {}, "directory.editable_fields", []),
    ("5.4.1 普通用户默认无通讯录权限", {}, {}, "permissions.directory", False),
    ("5.4.1 普通用户默认无企业应用权限", {}, {}, "permissions.apps", False),
    ("5.4.1 普通用户默认拥有其他权限", {}, {}, "permissions.groups", True),
    ("5.4.1 可以根据需要自行设置", {"access.user_role_permissions": ["apps"]}, {}, "permissions.apps", True),
    ("5.4.7 有度帐号默认不能发送广播", {}, {}, "permissions.broadcast", False),
    ("5.4.7 添加成员后可发送广播", {"access.broadcast_members": ["LINA"]}, {}, "permissions.broadcast", True),
    ("5.4.7 部门含子部门", {"access.broadcast_depts": ["公司"]}, {}, "permissions.broadcast", True),
    ("5.4.7 别的部门不算", {"access.broadcast_depts": ["公司/研发部"]}, {}, "permissions.broadcast", False),
    ("5.4.1 + 5.4.7 角色无广播权限时白名单也不行",
     {"access.broadcast_members": ["lina"], "access.user_role_permissions": ["groups"]}, {},
     "permissions.broadcast", False),
    ("5.4.7 有度帐号默认不能发送短信", {}, {}, "permissions.sms", False),
    ("5.4.7 添加成员后可发送短信", {"access.sms_depts": ["公司/销售部"]}, {}, "permissions.sms", True),
    ("5.4.2 内网地址", {"access.allow_external_file_download": False}, {"external": False},
     "network.file_download", True),
    ("5.4.2 外网文件下载限制", {"access.allow_external_file_download": False}, {"external": True},
     "network.file_download", False),
    ("5.4.2 外网图片下载限制", {"access.allow_external_image_download": False}, {"external": True},
     "network.image_download", False),
    ("5.4.2 外网登录限制", {"access.allow_external_login": False}, {"external": True}, "login.network_allowed",
     False),
    ("5.4.5 移动端不允许登录", {"access.mobile_login": False}, {"device": "android"}, "mobile.login", False),
    ("5.4.5 移动端不允许登录：设备也被拒绝", {"access.mobile_login": False}, {"device": "ios"},
     "login.device_allowed", False),
    ("5.4.5 桌面端不受移动端登录影响", {"access.mobile_login": False}, {"device": "linux"}, "login.device_allowed",
     True),
    ("5.4.5 桌面端没有移动端部分", {}, {"device": "windows"}, "mobile", None),
    ("5.4.5 保存图片", {"access.mobile_save_images": False}, {"device": "android"}, "mobile.save_images", False),
    ("5.4.5 分享文件到第三方应用", {"access.mobile_share_files": False}, {}, "mobile.share_files", False),
    ("5.4.6 不允许 ios 登录", {"access.allowed_devices": ["windows", "android"]}, {"device": "ios"}, "mobile.login",
     False),
    ("5.5 两步验证", {"security.sms_two_step": True}, {}, "security.two_step_sms", True),
    ("5.5 短信找回需绑定手机", {"security.sms_reset": True}, {}, "security.password_reset.sms", True),
    ("5.5 邮箱找回需绑定邮箱", {"security.mail_reset": True, "security.smtp_host": "mail.example"}, {},
     "security.password_reset.email", False),
    ("5.5.3 设备授权验证需配置 URL", {"security.device_auth": True}, {}, "security.device_authorisation", False),
    ("5.5.3 设备授权验证", {"security.device_auth": True, "security.device_auth_url": "http://auth.example/device/auth"},
     {}, "security.device_authorisation", True),
    ("5.5 同类型设备管理", {"security.multi_device": True}, {}, "login.multi_device", True),
    ("5.6.1 通讯录、个人信息、聊天窗口水印", {"security.watermark": True}, {}, "security.watermark",
     {"address_book": True, "profile": True, "chat": True}),
    ("5.6.1 移动端文件水印", {"security.mobile_file_watermark": True}, {"device": "ios"}, "mobile.file_watermark",
     True),
    ("5.6.1 安全码访问", {"security.offline_security_code": True}, {"device": "android"}, "mobile.security_code",
     True),
    ("5.7.1 未配置中心服务器时不可见", {"cluster.visibility": "all"}, {}, "cluster.visible", False),
    ("5.7.1 整个组织架构可见", {"cluster.enabled": True}, {}, "cluster.visible", True),
    ("5.7.1 仅下列部门（含子部门）", {"cluster.enabled": True, "cluster.visibility": "departments",
                              "cluster.visible_depts": ["公司"]}, {}, "cluster.visible", True),
    ("5.7.1 不在所列部门", {"cluster.enabled": True, "cluster.visibility": "departments",
                       "cluster.visible_depts": ["外部"]}, {}, "cluster.visible", False),
    ("5.7.1 不可见", {"cluster.enabled": True, "cluster.visibility": "none"}, {}, "cluster.visible", False),
]


@pytest.mark.parametrize(("why", "settings", "options", "path", "expected"), CASES, ids=[c[0] for c in CASES])
def test_manual_cases(why: str, settings: dict[str, Any], options: dict[str, Any], path: str, expected: Any) -> None:
    assert _get(effective(settings, LINA, **options), path) == expected, why


def test_every_key_read_is_declared_and_every_case_key_is_read() -> None:
    assert all(key in BY_KEY for key in KEYS)
    assert {key for _w, settings, *_ in CASES for key in settings} <= set(KEYS)
