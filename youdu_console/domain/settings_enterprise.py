"""我的企业 settings of chapter 5 not declared elsewhere (企业信息, 聊天管理, 成员信息, 权限, 账号安全, 信息保护,
高级设置), declared as data; the headings of the manual's sections that group them on each page."""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from youdu_console.domain.settings import Setting

# The manual's section headings (chapter 5 and the lockout list of 1.2.3), shown above each group of a page;
# a page's own section (5.1 企业信息) needs none.
SECTION_TITLES: dict[str, tuple[str, str]] = {
    "5.2.1": ("群空间容量", "Group space capacity"),
    "5.2.2": ("聊天记录设置", "Chat history"),
    "5.2.3": ("消息撤回", "Message recall"),
    "5.2.4": ("消息阅读状态", "Read status"),
    "5.2.5": ("发送位置信息", "Sending locations"),
    "5.2.6": ("音视频通话", "Audio and video calls"),
    "5.3.1": ("可见性设置", "Visibility"),
    "5.3.2": ("成员信息设置", "Member information"),
    "5.3.3": ("成员资料编辑", "Profile editing"),
    "5.3.4": ("成员名称显示方式", "Member name display"),
    "5.3.5": ("通讯录排序规则", "Address book order"),
    "5.4.1": ("用户角色", "User roles"),
    "5.4.2": ("外网权限", "External network"),
    "5.4.3": ("文件传输权限", "File transfer"),
    "5.4.4": ("讨论组人数设置", "Discussion groups"),
    "5.4.5": ("移动端权限", "Mobile devices"),
    "5.4.6": ("登录设备权限", "Login devices"),
    "5.4.7": ("其他权限", "Other permissions"),
    "1.2.3": ("锁定名单", "Locked accounts"),
    "5.5": ("密码规则与同类型设备", "Password rules and devices"),
    "5.5.1": ("忘记密码：邮箱找回", "Forgotten password: by e-mail"),
    "5.5.2": ("忘记密码：短信找回与两步验证", "Forgotten password by SMS, two-step verification"),
    "5.5.3": ("设备授权验证", "Device authorisation"),
    "5.6.1": ("信息保护", "Information protection"),
    "5.6.2": ("敏感信息保护", "Sensitive words"),
    "5.7.1": ("企业集群", "Enterprise cluster"),
    "5.7.2": ("iOS 设备消息推送", "iOS push notifications"),
    "5.7.3": ("RTX 集成", "RTX integration"),
}

# 5.3.2: the fields the member card shows (the manual's eight, in its order).
CARD_FIELDS = (("name", "姓名", "Name"), ("department", "部门", "Department"), ("mobile", "手机", "Mobile"),
               ("phone", "座机", "Phone"), ("short_number", "短号", "Short number"), ("email", "邮箱", "E-mail"),
               ("position", "职务", "Position"), ("mail", "邮件", "Mail"))
# 5.3.2: what the desktop list shows beside the name (yellow) and under it (blue).
SLOT_CHOICES = (("online_status", "在线状态", "Online status"), ("position", "职务", "Position"),
                ("department", "部门", "Department"), ("mobile", "手机", "Mobile"), ("phone", "座机", "Phone"),
                ("short_number", "短号", "Short number"), ("email", "邮箱", "E-mail"),
                ("signature", "个性签名", "Signature"))
# 5.2.3: recall windows offered to the administrator (the manual: 2 minutes by default, at most 48 hours).
RECALL_CHOICES = (("2m", "2 分钟", "2 minutes"), ("5m", "5 分钟", "5 minutes"), ("10m", "10 分钟", "10 minutes"),
                  ("30m", "30 分钟", "30 minutes"), ("1h", "1 小时", "1 hour"), ("2h", "2 小时", "2 hours"),
                  ("6h", "6 小时", "6 hours"), ("12h", "12 小时", "12 hours"), ("24h", "24 小时", "24 hours"),
                  ("48h", "48 小时", "48 hours"))
RECALL_MINUTES = {"2m": 2, "5m": 5, "10m": 10, "30m": 30, "1h": 60, "2h": 120, "6h": 360, "12h": 720,
                  "24h": 1440, "48h": 2880}
# 5.4.1: what a role may do in the clients' admin functions; 普通用户 holds all but the address book and apps.
ROLE_PERMISSIONS = (("directory", "通讯录管理", "Address book management"),
                    ("apps", "企业应用管理", "Enterprise app management"),
                    ("groups", "群管理", "Group management"), ("system_messages", "系统消息", "System messages"),
                    ("broadcast", "发送广播", "Broadcasts"), ("usage", "使用分析", "Usage analysis"))
USER_ROLE_DEFAULT = ["groups", "system_messages", "broadcast", "usage"]
SCOPED_CHOICES = (("directory", "通讯录管理", "Address book management"),
                  ("apps", "企业应用管理（仅自建应用）", "Enterprise apps (own apps only)"))

_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}"
                   r"[A-Za-z0-9])?)*$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


def check_host(value: str) -> str:
    """A host name, an IPv4 address or a bracket-less IPv6 address."""
    text = value.strip()
    if _HOST.match(text) or (":" in text and re.fullmatch(r"[0-9A-Fa-f:.]+", text)):
        return text.lower()
    raise ValueError("host name or IP address")


def check_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("http://HOST/… or https://HOST/…")
    return value.strip()


def check_email(value: str) -> str:
    if not _EMAIL.match(value.strip()):
        raise ValueError("name@example.com")
    return value.strip()


def check_enterprise_number(value: str) -> str:
    if not re.fullmatch(r"[0-9]{4,20}", value.strip()):
        raise ValueError("4–20 digits")
    return value.strip()


def check_mobile(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9][0-9 -]{5,19}", value.strip()):
        raise ValueError("a mobile number, e.g. 13800000000 or +85291234567")
    return value.strip()


def check_public_key(value: str) -> str:
    """An Ed25519 public key as base64 of its 32 raw bytes (docs/licence-format.md)."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("base64 of a 32-byte Ed25519 public key") from None
    if len(raw) != 32:
        raise ValueError("base64 of a 32-byte Ed25519 public key")
    return value.strip()


def check_field_name(value: str) -> str:
    """A custom field's name as members' custom fields take it (5.3.2 添加自定义信息)."""
    from youdu_console.domain.errors import ValidationError
    from youdu_console.domain.validation import normalize_attributes

    try:
        (name,) = normalize_attributes({value: "x"})
    except ValidationError as exc:
        raise ValueError(exc.message("en")) from None
    return name


def __getattr__(name: str) -> Any:
    """`SETTINGS` is built on first use: domain.settings imports this module while it is being imported
    (as settings_ldap explains)."""
    if name == "SETTINGS":
        value = _declare()
        globals()["SETTINGS"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _declare() -> tuple[Setting, ...]:
    from youdu_console.domain.settings import Setting
    from youdu_console.domain.settings_groups import _check_account, _check_path

    def on(key: str, default: bool, zh: str, en: str, section: str, page: str, **kw: Any) -> Setting:
        return Setting(key, "bool", default, zh, en, section, page, **kw)

    info, chat, book, perm, sec, safe, adv = ("企业信息", "聊天管理", "通讯录管理", "权限管理", "账号安全",
                                              "信息安全", "高级设置")
    return (
        # 5.1 企业信息: the registration, the licence's public key and the vendor's pages
        Setting("enterprise.full_name", "text", "", "企业全称", "Full name", "5.1", info, super_only=True),
        Setting("enterprise.short_name", "text", "", "企业简称", "Short name", "5.1", info, super_only=True),
        Setting("enterprise.number", "text", "", "企业号", "Enterprise number", "5.1", info, super_only=True,
                item_check=check_enterprise_number, help_zh="授权文件中的企业号必须与此一致",
                help_en="A licence file must name this enterprise number"),
        Setting("enterprise.mobile", "text", "", "注册手机号", "Registered mobile", "5.1", info, super_only=True,
                item_check=check_mobile),
        Setting("enterprise.email", "text", "", "注册邮箱", "Registered e-mail", "5.1", info, super_only=True,
                item_check=check_email),
        Setting("licence.public_key", "text", "", "授权文件公钥（Ed25519）", "Licence public key (Ed25519)", "5.1",
                info, super_only=True, item_check=check_public_key,
                help_zh="校验授权文件签名的公钥（32 字节的 Base64），见 docs/licence-format.md",
                help_en="Checks licence files' signatures: base64 of the 32-byte key (docs/licence-format.md)"),
        Setting("licence.expansion_url", "text", "https://youdu.cn/", "申请扩容网址", "Apply-for-expansion page",
                "5.1", info, super_only=True, item_check=check_url),
        Setting("licence.renewal_url", "text", "https://youdu.cn/", "申请续期网址", "Renewal page", "5.1", info,
                super_only=True, item_check=check_url,
                help_zh="授权到期前 15 日内可在线申请续期", help_en="Renew online within 15 days of the expiry"),
        # 5.2 聊天管理
        Setting("chat.file_retention_days", "int", 0, "文件保存期限", "Keep chat files for", "5.2.2", chat,
                minimum=0, maximum=3650, unit="days", zero_zh="永久保存", zero_en="forever",
                help_zh="期限外的文件、图片和视频由服务器自动清理，释放磁盘空间",
                help_en="The server deletes older files, images and videos to free disk space"),
        Setting("chat.recall_window", "choice", "2m", "消息可撤回时间", "Messages may be recalled within", "5.2.3",
                chat, choices=RECALL_CHOICES),
        on("chat.read_status_forced", False, "强制显示消息阅读状态", "Always show read status", "5.2.4", chat,
           help_zh="开启后企业内的所有消息都可以获取对方的已读状态，客户端无法更改",
           help_en="Every message shows whether it was read; clients cannot turn it off"),
        on("chat.location_sending", True, "允许发送位置信息", "Allow sending locations", "5.2.5", chat,
           help_zh="未开启时，客户端不显示【位置】发送选项", help_en="When off, clients hide the Location button"),
        on("chat.av_calls", True, "音视频通话", "Audio and video calls", "5.2.6", chat,
           help_zh="开启后可以在移动端使用基于私有化内网的音视频通话",
           help_en="Mobile clients may call over the private network"),
        # 5.3.2 成员信息设置
        Setting("directory.card_fields", "list", [c[0] for c in CARD_FIELDS], "成员信息显示", "Member card shows",
                "5.3.2", book, choices=CARD_FIELDS, help_zh="手机端成员信息卡片（全平台同步更新）",
                help_en="The member card of every client"),
        Setting("directory.card_custom_fields", "list", [], "自定义信息", "Custom fields", "5.3.2", book,
                item_check=check_field_name, help_zh="成员的自定义信息（如工龄、爱好）中显示在卡片上的项，每行一个",
                help_en="Which of the members' custom fields (seniority, hobbies, …) the card shows, one a line"),
        Setting("directory.list_slot_yellow", "choice", "none", "黄色区域（姓名旁）", "Yellow area (beside the name)",
                "5.3.2", book, choices=(("none", "请选择（空）", "Nothing"), *SLOT_CHOICES),
                help_zh="仅为桌面端设置项，默认为空", help_en="Desktop clients only; empty by default"),
        Setting("directory.list_slot_blue", "list", ["online_status", "position"], "蓝色区域（姓名下）",
                "Blue area (under the name)", "5.3.2", book, choices=SLOT_CHOICES,
                help_zh="默认显示在线状态和职务", help_en="Online status and position by default"),
        # 5.4.1 用户角色
        Setting("access.user_role_permissions", "list", USER_ROLE_DEFAULT, "普通用户角色权限",
                "Ordinary users' rights", "5.4.1", perm, choices=ROLE_PERMISSIONS, super_only=True,
                help_zh="默认拥有除通讯录和企业应用外的所有权限", help_en="All but the address book and apps by default"),
        Setting("access.scoped_admin_permissions", "list", ["directory", "apps"], "分级管理员权限",
                "Scoped administrators' rights", "5.4.1", perm, choices=SCOPED_CHOICES, super_only=True,
                help_zh="分级管理员只能对自建应用进行权限分配，系统应用只能由超级管理员管控",
                help_en="Scoped administrators assign only their own apps; system apps stay with super administrators"),
        # 5.4.2 外网权限 (the ranges and the login switch are in domain/settings.py)
        # (its download switches, access.allow_external_*_download, are declared in settings_policy.py)
        # 5.4.5 移动端权限
        on("access.mobile_login", True, "允许移动端登录", "Allow mobile logins", "5.4.5", perm),
        on("access.mobile_save_images", True, "允许移动端保存图片", "Allow saving images on mobiles", "5.4.5", perm),
        on("access.mobile_share_files", True, "允许分享文件到第三方应用", "Allow sharing files to other apps", "5.4.5",
           perm),
        # 5.4.7 其他权限: who may send broadcasts and SMS
        Setting("access.broadcast_members", "list", [], "可发送广播的成员（帐号）", "Broadcast senders: accounts",
                "5.4.7", perm, item_check=_check_account),
        Setting("access.broadcast_depts", "list", [], "可发送广播的部门（含子部门）",
                "Broadcast senders: departments", "5.4.7", perm, item_check=_check_path,
                help_zh="广播目前支持经典版有度；新版客户端建议使用通知公告代替",
                help_en="Broadcasts work in the classic client; the new client uses notices instead"),
        Setting("access.sms_members", "list", [], "可发送短信的成员（帐号）", "SMS senders: accounts", "5.4.7", perm,
                item_check=_check_account),
        Setting("access.sms_depts", "list", [], "可发送短信的部门（含子部门）",
                "SMS senders: departments", "5.4.7", perm, item_check=_check_path),
        # 5.5 账号安全: forgotten passwords, two-step verification, device authorisation
        on("security.mail_reset", False, "通过邮箱找回密码", "Password reset by e-mail", "5.5.1", sec, super_only=True,
           help_zh="设置后，支持成员在客户端通过企业绑定邮箱找回密码",
           help_en="Members reset a forgotten password through their e-mail address"),
        Setting("security.smtp_host", "text", "", "SMTP 服务器", "SMTP server", "5.5.1", sec, super_only=True,
                item_check=check_host),
        Setting("security.smtp_port", "int", 587, "SMTP 端口", "SMTP port", "5.5.1", sec, minimum=1, maximum=65535,
                super_only=True, unit="port"),
        Setting("security.smtp_tls", "choice", "starttls", "加密方式", "Encryption", "5.5.1", sec, super_only=True,
                choices=(("starttls", "STARTTLS", "STARTTLS"), ("ssl", "SSL/TLS", "SSL/TLS"),
                         ("none", "不加密", "None"))),
        Setting("security.smtp_user", "text", "", "SMTP 帐号", "SMTP user", "5.5.1", sec, super_only=True,
                help_zh="密码只保存在系统钥匙串中（下方“保存到钥匙串”，或 youdu-console secrets set smtp:服务器）",
                help_en="Its password is kept only in the OS keyring (below, or youdu-console secrets set smtp:SERVER)"),
        Setting("security.smtp_sender", "text", "", "发件人地址", "Sender address", "5.5.1", sec, super_only=True,
                item_check=check_email),
        on("security.sms_reset", False, "通过短信找回密码", "Password reset by SMS", "5.5.2", sec, super_only=True,
           help_zh="设置后，支持成员在客户端通过短信验证找回密码",
           help_en="Members reset a forgotten password with a code sent by SMS"),
        Setting("security.sms_gateway_url", "text", "", "短信网关地址", "SMS gateway URL", "5.5.2", sec,
                super_only=True, item_check=check_url),
        on("security.sms_two_step", False, "登录短信认证（两步验证）", "Two-step verification by SMS", "5.5.2", sec,
           super_only=True, help_zh="成员选择帐号密码登录或扫码登录时，还需通过已绑定的手机号进行短信验证",
           help_en="After the password or QR code, members confirm with a code sent to their mobile"),
        on("security.device_auth", False, "设备授权验证", "Device authorisation", "5.5.3", sec, super_only=True),
        Setting("security.device_auth_url", "text", "", "设备授权验证 URL", "Device authorisation URL", "5.5.3", sec,
                super_only=True, item_check=check_url,
                help_zh="示例：http://[YOUR_SERVER]/device/auth", help_en="e.g. http://[YOUR_SERVER]/device/auth"),
        # 5.6.1 信息保护
        on("security.watermark", False, "通讯录、个人信息、聊天窗口水印", "Watermark the address book, profiles and chats",
           "5.6.1", safe),
        on("security.mobile_file_watermark", False, "移动端文件水印", "Watermark files on mobiles", "5.6.1", safe),
        on("security.offline_security_code", False, "安全码访问", "Security code when offline", "5.6.1", safe,
           help_zh="开启后，手机无法访问网络时，强制输入安全码方可继续使用，避免手机丢失时的消息泄露",
           help_en="A phone without network asks for the security code, so a lost phone does not leak messages"),
        # 5.7.1 企业集群
        on("cluster.enabled", False, "配置中心服务器", "Use a center server", "5.7.1", adv, super_only=True,
           help_zh="通过配置中心服务器来实现多家关联企业之间互联互通",
           help_en="Connects related enterprises through a center server"),
        Setting("cluster.server", "text", "", "服务器地址", "Server address", "5.7.1", adv, super_only=True,
                item_check=check_host),
        Setting("cluster.port", "int", 7034, "服务器端口", "Server port", "5.7.1", adv, minimum=1, maximum=65535,
                super_only=True, unit="port", help_zh="请确保服务器开放此端口", help_en="The server must accept this port"),
        Setting("cluster.connection_code", "text", "", "企业连接码", "Enterprise connection code", "5.7.1", adv,
                super_only=True),
        Setting("cluster.visibility", "choice", "all", "集群可见性", "Visible to the cluster", "5.7.1", adv,
                super_only=True, choices=(("all", "整个组织架构", "The whole organisation"),
                                          ("departments", "仅下列部门", "Only the departments below"),
                                          ("none", "不可见", "Nothing"))),
        Setting("cluster.visible_depts", "list", [], "可见的部门（含子部门）",
                "Visible departments (with sub-departments)", "5.7.1", adv, super_only=True,
                item_check=_check_path),
        # 5.7.2 iOS 设备消息推送 (the certificate is kept by `push-cert set`; its password in the keyring)
        Setting("push.service", "choice", "youdu", "消息推送服务", "Push service", "5.7.2", adv, super_only=True,
                choices=(("youdu", "有度推送服务", "Youdu's push service"),
                         ("enterprise", "企业推送服务", "The enterprise's own push service")),
                help_zh="企业推送服务需提供 iOS 推送证书（仅定制打包的企业需要）",
                help_en="The enterprise's own service needs an iOS push certificate (custom-built apps only)"),
        Setting("push.certificate", "text", "", "iOS 推送证书", "iOS push certificate", "5.7.2", adv,
                super_only=True, internal=True),
        # 5.7.3 RTX 集成 (the code is regenerated by `rtx regenerate-code`)
        on("rtx.enabled", False, "与 RTX 并行（RTX 为通讯录的主数据）", "Run beside RTX (RTX is the address book's master)",
           "5.7.3", adv, super_only=True,
           help_zh="开启后通讯录以 RTX 为准，控制台中的通讯录只读", help_en="While on, the console's address book is read-only"),
        Setting("rtx.connection_code", "text", "", "RTX 连接码", "RTX connection code", "5.7.3", adv,
                super_only=True, internal=True),
    )
