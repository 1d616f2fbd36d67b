"""LDAP integration settings (manual 1.1.1 and 4.5 LDAP 集成), declared once; the bind password is never one."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from youdu_console.domain.settings import Setting

PAGE = "LDAP 集成"
SECTION = "4.5"

# Fields a mapping override may name (see interchange/ldap/mapping.py for what each one means).
MAPPING_KEYS = ("account", "name", "email", "mobile", "phone", "position", "guid", "disabled",
                "user_filter", "ou_filter")
_ATTR_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$")


def check_server(value: str) -> str:
    """`ldaps://dc1.example.com:636`, `ldap://10.0.0.5` or the manual's `192.168.0.10:389` form."""
    text = value.strip()
    if not text:
        return ""
    scheme = ""
    if "://" in text:
        scheme, _, text = text.partition("://")
        scheme = scheme.lower()
        if scheme not in ("ldap", "ldaps"):
            raise ValueError("ldap://HOST[:PORT] or ldaps://HOST[:PORT]")
    text = text.rstrip("/")
    host, port = text, ""
    if text.startswith("["):  # IPv6: [::1]:389
        end = text.find("]")
        host, rest = text[:end + 1], text[end + 1:]
        port = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, port = text.split(":")
    if not host or any(c in host for c in "/ @,") or (host.startswith("[") and not host.endswith("]")):
        raise ValueError("ldap://HOST[:PORT] or ldaps://HOST[:PORT]")
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError("port 1-65535")
    scheme = scheme or ("ldaps" if port == "636" else "ldap")
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def check_dn(value: str) -> str:
    """A distinguished name has at least one `attr=value` component (full parsing happens at sync time)."""
    text = value.strip()
    if text and ("=" not in text or text.startswith("=")):
        raise ValueError("attr=value,…  (e.g. dc=xinda,dc=im)")
    return text


def check_mapping_item(item: str) -> str:
    """`field=attr1|attr2` (first non-empty wins); `disabled=userAccountControl&2`, `=attr` (present) or `attr=value`."""
    key, sep, spec = item.partition("=")
    key = key.strip()
    spec = spec.strip()
    if not sep or key not in MAPPING_KEYS:
        raise ValueError("FIELD=ATTRIBUTE with FIELD one of " + "/".join(MAPPING_KEYS))
    if key in ("user_filter", "ou_filter"):
        if not (spec.startswith("(") and spec.endswith(")") and spec.count("(") == spec.count(")")):
            raise ValueError("an LDAP filter in parentheses")
        return f"{key}={spec}"
    if key == "disabled":
        if spec in ("", "none"):
            return "disabled=none"
        attr = re.split(r"[&=]", spec, maxsplit=1)[0]
        if not _ATTR_RE.match(attr) or ("&" in spec and not spec.split("&", 1)[1].isdigit()):
            raise ValueError("ATTRIBUTE&BIT, ATTRIBUTE=VALUE or ATTRIBUTE (present)")
        return f"disabled={spec}"
    attrs = [a.strip() for a in spec.split("|")]
    if not attrs or not all(_ATTR_RE.match(a) for a in attrs):
        raise ValueError("attribute names separated by |")
    return f"{key}={'|'.join(attrs)}"


def _check_dn_item(item: str) -> str:
    if not check_dn(item):
        raise ValueError("a distinguished name")
    return item.strip()


def __getattr__(name: str) -> Any:
    """`SETTINGS` is built on first use: domain.settings imports this module while it is itself being
    imported, so importing `Setting` at the top would fail whenever this module is imported first."""
    if name == "SETTINGS":
        value = _declare()
        globals()["SETTINGS"] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _declare() -> tuple[Setting, ...]:
    from youdu_console.domain.settings import Setting

    def _text(key: str, zh: str, en: str, **kw: Any) -> Setting:
        return Setting(key, "text", "", zh, en, SECTION, PAGE, super_only=True, **kw)

    return (
        _text("ldap.server", "LDAP 服务器地址", "LDAP server",
              help_zh="ldap://主机:389 或 ldaps://主机:636（也可写作 IP 地址:端口）",
              help_en="ldap://HOST:389 or ldaps://HOST:636 (IP:PORT also accepted)"),
        _text("ldap.bind_dn", "管理员帐号", "Bind account",
              help_zh="有权限读取 AD 数据的帐号，如 CN=Administrator,CN=Users,DC=xinda,DC=im 或 XINDA\\admin；密码只保存在系统钥匙串中",
              help_en="An account allowed to read the directory; its password is kept only in the OS keyring"),
        _text("ldap.base_dn", "域名（同步起点）", "Base DN",
              help_zh="AD 域 xinda.im 应填写 dc=xinda,dc=im；从子目录开始可填写 ou=xx,dc=xinda,dc=im",
              help_en="dc=xinda,dc=im for the domain xinda.im; ou=xx,dc=xinda,dc=im to start lower"),
        Setting("ldap.flavor", "choice", "ad", "目录类型", "Directory type", SECTION, PAGE, super_only=True,
                choices=(("ad", "微软 Active Directory（OU 模式）", "Microsoft Active Directory (OU mode)"),
                         ("openldap", "OpenLDAP（inetOrgPerson）", "OpenLDAP (inetOrgPerson)"))),
        Setting("ldap.start_tls", "bool", False, "使用 StartTLS", "Use StartTLS", SECTION, PAGE, super_only=True,
                help_zh="在 389 端口上升级为加密连接；636 端口（ldaps://）始终加密",
                help_en="Upgrade a port-389 connection to TLS; ldaps:// (636) is always encrypted"),
        _text("ldap.ca_file", "CA 证书文件（PEM）", "CA certificate file (PEM)",
              help_zh="留空则使用系统信任的证书", help_en="Empty: the system's trusted certificates"),
        Setting("ldap.verify_tls", "bool", True, "校验服务器证书", "Verify the server certificate", SECTION, PAGE,
                super_only=True,
                help_zh="警告：关闭后连接可被冒充，密码可能泄露。仅在测试环境中关闭",
                help_en="Warning: without verification anyone can impersonate the server and read the password. "
                        "Turn off only for testing"),
        Setting("ldap.selected_ous", "list", [], "同步的组织单位（OU）", "Organisational units to sync", SECTION, PAGE,
                super_only=True, item_check=_check_dn_item,
                help_zh="勾选的 OU 及其下级全部同步；与“同步的人员”都为空时同步整个域",
                help_en="Each OU is synced with everything below it; when this and the user list are empty, "
                        "everything under the base DN is synced"),
        Setting("ldap.selected_users", "list", [], "单独同步的人员", "Individual users to sync", SECTION, PAGE,
                super_only=True, item_check=_check_dn_item),
        Setting("ldap.mapping", "list", [], "字段映射（覆盖默认）", "Attribute mapping (overrides)", SECTION, PAGE,
                super_only=True, item_check=check_mapping_item,
                help_zh="例如 name=displayName|cn、mobile=mobile、disabled=userAccountControl&2",
                help_en="e.g. name=displayName|cn, mobile=mobile, disabled=userAccountControl&2"),
        _text("ldap.root_department", "域根下人员所在部门", "Department for people directly under the base",
              help_zh="不在任何 OU 中的人员放入此部门；留空则用域名的第一段（如 xinda）",
              help_en="People outside every OU go here; empty: the base DN's first value (e.g. xinda)"),
        Setting("ldap.removal_threshold_percent", "int", 10, "离职保护：比例上限（%）", "Removal guard: share of synced members (%)",
                SECTION, PAGE, minimum=0, maximum=100, super_only=True,
                help_zh="一次同步要把超过此比例的已同步成员转入离职名单时，停止同步直到管理员确认",
                help_en="A sync that would resign more than this share of synced members stops until an administrator confirms"),
        Setting("ldap.removal_threshold_count", "int", 100, "离职保护：人数上限", "Removal guard: number of members",
                SECTION, PAGE, minimum=0, maximum=10_000_000, super_only=True,
                help_zh="一次同步要转入离职名单的人数超过此数时，停止同步直到管理员确认",
                help_en="A sync that would resign more members than this stops until an administrator confirms"),
        Setting("ldap.schedule_enabled", "bool", True, "自动同步", "Automatic sync", SECTION, PAGE, super_only=True,
                help_zh="首次同步（预览并确认）之后，按间隔自动同步", help_en="After the first (previewed) sync, sync at every interval"),
        Setting("ldap.interval_minutes", "int", 10, "自动同步间隔（分钟）", "Sync interval (minutes)", SECTION, PAGE,
                minimum=1, maximum=10_080, super_only=True),
        Setting("ldap.full_compare_minutes", "int", 360, "完整比对间隔（分钟）", "Full comparison every (minutes)",
                SECTION, PAGE, minimum=0, maximum=100_800, super_only=True,
                help_zh="增量同步看不到已删除的人员；每隔这么久做一次完整比对（0 表示每次都完整比对）",
                help_en="Incremental syncs cannot see deletions; compare everything this often (0: every time)"),
        Setting("ldap.timeout_seconds", "int", 10, "连接超时（秒）", "Connection timeout (seconds)", SECTION, PAGE,
                minimum=1, maximum=300, super_only=True,
                help_zh="验证和连接时最多等待服务器应答的秒数", help_en="How long verifying and connecting wait for the server to answer"),
    )
