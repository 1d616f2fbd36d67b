"""How change sets read to people: the manual's words for every field and value, in Chinese and English.

Previews, the change history and the status line of the window, and the CLI's text output, all render a
change set's operations through this one table, so no internal name (`depts`, `authorization`,
`password_hash`, a setting key, a role code) and no raw ISO time reaches a person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

# Fields a preview leaves out: derived from others, or bookkeeping nobody edits.
HIDDEN_FIELDS = frozenset({"name_pinyin", "name_initials", "account_key", "version", "created_at", "updated_at", "gid", "id",
                           "attributes", "member_id", "recipients"})

_FIELDS: dict[str, tuple[str, str]] = {
    "account": ("帐号", "Account"),
    "name": ("姓名", "Name"),
    "gender": ("性别", "Gender"),
    "mobile": ("手机", "Mobile"),
    "phone": ("座机", "Phone"),
    "short_number": ("短号", "Short number"),
    "email": ("邮箱", "E-mail"),
    "weight": ("权重", "Weight"),
    "status": ("状态", "Status"),
    "authorization": ("登录授权", "Login authorisation"),
    "confidential": ("保密设置", "Confidential fields"),
    "password_hash": ("密码", "Password"),
    "password_changed_at": ("密码修改时间", "Password changed"),
    "must_change_password": ("首次登录须修改密码", "Must change the password at next login"),
    "resigned_at": ("离职时间", "Resigned on"),
    "depts": ("部门", "Department"),
    "position": ("职务", "Position"),
    "parent_id": ("上级部门", "Parent department"),
    "sort": ("排序", "Sort order"),
    "alias": ("别名", "Alias"),
    "role": ("角色", "Role"),
    "scopes": ("管辖部门", "Departments managed"),
    "failures": ("连续输错密码次数", "Wrong passwords in a row"),
    "locked_at": ("锁定时间", "Locked at"),
    "last_failure_at": ("最近一次输错时间", "Last wrong password"),
    "last_failure_ip": ("最近一次输错地址", "Address of the last wrong password"),
    "last_failure_device": ("最近一次输错设备", "Device of the last wrong password"),
    "last_login_at": ("最近登录时间", "Last login"),
    "value": ("值", "Value"),
}
# Where the same column means something else per entity (a department's name is its 部门名称).
_ENTITY_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("department", "name"): ("部门名称", "Department name"),
    ("admin", "name"): ("管理员", "Administrator"),
    ("admin", "permissions"): ("权限", "Permissions"),
    ("visibility_rule", "name"): ("规则名称", "Rule name"),
    ("visibility_rule", "kind"): ("类型", "Type"),
    ("visibility_rule", "subjects"): ("部门/成员", "Departments/members"),
    ("visibility_rule", "whitelist"): ("白名单", "Whitelist"),
    ("visibility_rule", "extra"): ("额外可见", "Extra visible"),
    ("announcement", "title"): ("公告标题", "Title"),
    ("announcement", "body"): ("公告内容", "Body"),
    ("announcement", "sender"): ("发送人", "Sender"),
    ("announcement", "sent_at"): ("发送时间", "Sent"),
    ("announcement", "audience"): ("发送范围", "Audience"),
    ("announcement", "recipient_count"): ("接收人数", "Recipients"),
    ("announcement", "category_id"): ("公告分类", "Category"),
    ("announcement", "pinned"): ("置顶", "Pinned"),
    ("announcement", "recalled"): ("已撤回", "Recalled"),
    ("announcement_category", "name"): ("分类名称", "Category name"),
}
_VISIBILITY_KINDS = {"hide": ("隐藏部门/成员", "Hide departments/members"),
                     "restrict": ("限制查看外部门", "Restrict to own department"),
                     "forbid": ("禁止查看所有人", "Forbid seeing anyone")}
_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {"active": ("在职", "Active"), "resigned": ("已离职", "Resigned")},
    "authorization": {"authorized": ("已授权", "Authorised"), "unauthorized": ("未授权", "Not authorised"),
                      "disabled": ("已禁用", "Disabled")},
    "gender": {"male": ("男", "Male"), "female": ("女", "Female")},
    "role": {"super": ("超级管理员", "Super administrator"), "scoped": ("分级管理员", "Scoped administrator"),
             "helpdesk": ("服务台", "Helpdesk"), "auditor": ("审计员", "Auditor")},
    "confidential": {"mobile": ("手机", "Mobile"), "phone": ("座机", "Phone"), "email": ("邮箱", "E-mail")},
    "device": {"windows": ("Windows", "Windows"), "mac": ("macOS", "macOS"), "linux": ("Linux", "Linux"),
               "android": ("Android", "Android"), "ios": ("iOS", "iOS")},
}
_WORDS: dict[str, tuple[str, str]] = {
    "none": ("—", "—"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "on": ("开启", "on"),
    "off": ("关闭", "off"),
    "set": ("已设置", "set"),
    "top": ("（顶级）", "(top level)"),
    "never": ("永不", "never"),
    "list_sep": ("、", ", "),
    "item_sep": ("；", "; "),
    "colon": ("：", ": "),
    "position": ("职务", "position"),
}
ACTIONS: dict[str, tuple[str, str]] = {
    "added": ("新增", "Add"), "add": ("新增", "Add"), "updated": ("修改", "Update"), "update": ("修改", "Update"),
    "set": ("修改", "Update"), "moved": ("迁移", "Move"), "resigned": ("离职", "Resign"),
    "restored": ("恢复", "Restore"), "deleted": ("删除", "Delete"), "delete": ("删除", "Delete"),
}
ENTITIES: dict[str, tuple[str, str]] = {
    "member": ("成员", "Member"), "department": ("部门", "Department"), "admin": ("管理员", "Administrator"),
    "setting": ("设置", "Setting"), "login_state": ("登录状态", "Login state"),
    "visibility_rule": ("可见性规则", "Visibility rule"),
    "announcement": ("公告", "Announcement"), "announcement_category": ("公告分类", "Announcement category"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang.startswith("en") else pair[0]


def word(name: str, lang: str) -> str:
    return _pick(_WORDS[name], lang)


_ADMIN_PERMISSIONS = {"directory": ("通讯录", "address book"), "apps": ("企业应用", "enterprise apps")}


def admin_permissions_text(value: str | list[str], lang: str) -> str:
    """A scoped administrator's permission set (5.4.1): the JSON list it is stored as, or the list itself."""
    try:
        names = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if not isinstance(names, list):
        return str(value)
    parts = [_pick(_ADMIN_PERMISSIONS[n], lang) if n in _ADMIN_PERMISSIONS else str(n) for n in names]
    return word("list_sep", lang).join(parts) or ("无（只读）" if not lang.startswith("en") else "none (read only)")


def role_name(role: str, lang: str) -> str:
    """超级管理员 / 分级管理员 / 服务台 / 审计员 (the role codes stay in scripts' JSON)."""
    pair = _VALUES["role"].get(role)
    return _pick(pair, lang) if pair else role


def device_name(device: str) -> str:
    pair = _VALUES["device"].get(device)
    return pair[1] if pair else device


def action_name(action: str, lang: str) -> str:
    pair = ACTIONS.get(action)
    return _pick(pair, lang) if pair else action


def entity_name(entity: str, lang: str) -> str:
    pair = ENTITIES.get(entity)
    return _pick(pair, lang) if pair else entity


def setting_label(key: str, lang: str) -> str:
    from youdu_console.domain.settings import BY_KEY

    setting = BY_KEY.get(key)
    return setting.label(lang) if setting else key


def field_label(entity: str, field: str, lang: str) -> str:
    pair = _ENTITY_FIELDS.get((entity, field)) or _FIELDS.get(field)
    return _pick(pair, lang) if pair else field


def local_time(value: Any) -> str:
    """A journal time (UTC, ISO or datetime) in this computer's time zone, to the minute."""
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _paths(ids: Any, dept_paths: Mapping[int, str]) -> list[str]:
    return [dept_paths.get(int(d), f"#{d}") for d in ids if isinstance(d, int) or str(d).lstrip("-").isdigit()]


def setting_value_text(key: str, raw: Any, lang: str) -> str:
    """A setting's value as its page shows it: 开启/关闭, the choice's label, lists joined, dates or 永不."""
    from youdu_console.domain.settings import BY_KEY

    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        value = raw
    setting = BY_KEY.get(key)
    if isinstance(value, bool):
        return word("on" if value else "off", lang)
    if value is None or value == "" or value == []:
        return word("never", lang) if setting is not None and setting.type == "date" else word("none", lang)
    if setting is not None and setting.type == "choice":
        for code, zh, en in setting.choices:
            if code == value:
                return en if lang.startswith("en") else zh
    if isinstance(value, list):
        names = [device_name(str(v)) if str(v) in _VALUES["device"] else _confidential_name(str(v), lang)
                 for v in value]
        return word("list_sep", lang).join(names)
    return str(value)


def _confidential_name(code: str, lang: str) -> str:
    pair = _VALUES["confidential"].get(code)
    return _pick(pair, lang) if pair else code


def value_text(entity: str, field: str, value: Any, lang: str, dept_paths: Mapping[int, str] | None = None) -> str:
    """One field's value in the manual's words."""
    paths = dept_paths or {}
    if field == "password_hash":
        return word("set", lang) if value else word("none", lang)
    if entity == "visibility_rule":
        return _visibility_text(field, value, lang, paths)
    if field == "depts" and isinstance(value, list):
        sep = word("list_sep", lang)
        parts = []
        for item in value:
            d, pos = (item[0], item[1]) if isinstance(item, list | tuple) and len(item) == 2 else (item, "")
            path = paths.get(int(d), f"#{d}") if isinstance(d, int) else str(d)
            parts.append(f"{path}（{pos}）" if pos and not lang.startswith("en") else
                         f"{path} ({pos})" if pos else path)
        return sep.join(parts) if parts else word("none", lang)
    if field == "parent_id":
        if value is None:
            return word("top", lang)
        return paths.get(int(value), f"#{value}") if isinstance(value, int) else str(value)
    if field == "scopes":
        try:
            ids = json.loads(value) if isinstance(value, str) else (value or [])
        except ValueError:
            return str(value)
        return word("list_sep", lang).join(_paths(ids, paths)) or word("none", lang)
    if entity == "admin" and field == "permissions" and isinstance(value, str):
        return admin_permissions_text(value, lang)
    if value is None or value == "":
        return word("none", lang)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if field.endswith("_at"):
        return local_time(value)
    if field == "confidential":
        return word("list_sep", lang).join(_confidential_name(c, lang) for c in str(value).split(",") if c)
    if field == "last_failure_device":
        return device_name(str(value))
    table = _VALUES.get(field)
    if table and str(value) in table:
        return _pick(table[str(value)], lang)
    return str(value)


def _positions(value: Any) -> dict[Any, str]:
    return {item[0]: item[1] or "" for item in value or [] if isinstance(item, list | tuple) and len(item) == 2}


def _visibility_text(field: str, value: Any, lang: str, paths: Mapping[int, str]) -> str:
    """A visibility rule's kind in words; its lists as department paths and member numbers."""
    if field == "kind" and value in _VISIBILITY_KINDS:
        return _pick(_VISIBILITY_KINDS[value], lang)
    if field not in ("subjects", "whitelist", "extra"):
        return str(value) if value not in (None, "") else word("none", lang)
    try:
        items = json.loads(value) if isinstance(value, str) else list(value or [])
    except ValueError:
        return str(value)
    member = _pick(("成员", "member"), lang)
    parts = [paths.get(int(i[2:]), f"#{i[2:]}") if str(i).startswith("d:") else f"{member} #{str(i)[2:]}"
             for i in items]
    return word("list_sep", lang).join(parts) or word("none", lang)


def _change_items(entity: str, field: str, before: Any, after: Any, lang: str,
                  dept_paths: Mapping[int, str]) -> list[tuple[str, str, str]]:
    """(label, before, after) for one changed field; a position change on the same departments is 职务."""
    if field == "depts" and isinstance(before, list) and isinstance(after, list):
        old, new = _positions(before), _positions(after)
        if old.keys() == new.keys() and old != new:
            label = field_label(entity, "position", lang)
            return [(f"{label}（{dept_paths.get(int(d), f'#{d}')}）" if not lang.startswith("en") else
                     f"{label} ({dept_paths.get(int(d), f'#{d}')})",
                     old[d] or word("none", lang), new[d] or word("none", lang))
                    for d in new if old[d] != new[d] and isinstance(d, int)]
    return [(field_label(entity, field, lang), value_text(entity, field, before, lang, dept_paths),
             value_text(entity, field, after, lang, dept_paths))]


def operation_target(op: Mapping[str, Any], lang: str) -> str:
    """What the operation is about: the member's account, the department's path, a setting's label."""
    if op.get("entity") == "setting":
        return setting_label(str(op.get("label") or op.get("key") or ""), lang)
    return str(op.get("label") or "")


def operation_detail(op: Mapping[str, Any], lang: str, dept_paths: Mapping[int, str] | None = None) -> str:
    """One previewed operation (ChangeSet.to_dict()["operations"][i]) in one line: `字段：旧 → 新；…`."""
    paths = dept_paths or {}
    entity = str(op.get("entity") or "")
    colon, sep = word("colon", lang), word("item_sep", lang)
    if entity == "setting":
        key = str(op.get("label") or op.get("key") or "")
        if "changes" in op and "value" in op["changes"]:
            before, after = op["changes"]["value"]
            return f"{setting_value_text(key, before, lang)} → {setting_value_text(key, after, lang)}"
        if "values" in op and "value" in op["values"]:
            return setting_value_text(key, op["values"]["value"], lang)
    if "changes" in op:
        items = [item for k, (b, a) in op["changes"].items() if k not in HIDDEN_FIELDS
                 for item in _change_items(entity, k, b, a, lang, paths)]
        return sep.join(f"{label}{colon}{b} → {a}" for label, b, a in items)
    if "values" in op:
        values = dict(op["values"])
        links = values.get("depts")
        positions = {pos for _, pos in _positions(links).items()}
        if isinstance(links, list) and len(positions) == 1 and "position" not in values:
            # One position on every link: 部门 and 职务 as two fields, as the sheet has them.
            values["depts"] = [[d, ""] for d, _ in _positions(links).items()]
            values["position"] = positions.pop()
        return sep.join(f"{field_label(entity, k, lang)}{colon}{value_text(entity, k, v, lang, paths)}"
                        for k, v in values.items() if k not in HIDDEN_FIELDS and v not in (None, "", [], False))
    return ""


def describe_subject(kind: str, subject: str, lang: str) -> str:
    """A change set's stored subject in words: setting keys as their labels, a role code as its name."""
    if kind == "settings.set" and subject:
        return word("list_sep", lang).join(setting_label(k.strip(), lang) for k in subject.split(","))
    if kind in ("admin.add", "admin.remove", "admin.set_role") and subject.endswith(")") and " (" in subject:
        name, _, roles = subject[:-1].rpartition(" (")
        named = " → ".join(role_name(r.strip(), lang) for r in roles.split("→"))
        return f"{name}（{named}）" if not lang.startswith("en") else f"{name} ({named})"
    return subject
