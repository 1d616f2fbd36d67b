"""Message catalogue for coded errors and CLI text: Simplified Chinese first, English second."""

from __future__ import annotations

import os
from typing import Any

# code -> (zh_CN, en). Parameters are str.format fields.
CATALOG: dict[str, tuple[str, str]] = {
    "invalid_rows": ("有 {count} 行数据无效，未做任何修改", "{count} invalid rows; nothing was changed"),
    "account_required": ("帐号不能为空", "The account is required"),
    "account_invalid": (
        "帐号“{value}”无效：只能包含字母、数字和 . _ - @，长度 1–64，且以字母或数字开头",
        "Account “{value}” is invalid: letters, digits and . _ - @ only, 1–64 characters, starting with a letter or digit",
    ),
    "account_taken": ("帐号“{value}”已存在", "Account “{value}” already exists"),
    "name_required": ("姓名不能为空", "The name is required"),
    "name_too_long": ("姓名过长（最多 {max} 个字符）", "The name is too long (at most {max} characters)"),
    "mobile_invalid": ("手机号“{value}”格式不正确", "Mobile number “{value}” is not valid"),
    "mobile_taken": ("手机号“{value}”已被帐号 {owner} 使用", "Mobile number “{value}” is already used by {owner}"),
    "phone_invalid": ("座机号“{value}”格式不正确", "Phone number “{value}” is not valid"),
    "short_number_invalid": ("短号“{value}”格式不正确", "Short number “{value}” is not valid"),
    "email_invalid": ("邮箱“{value}”格式不正确", "E-mail address “{value}” is not valid"),
    "gender_invalid": ("性别“{value}”无效（男/女）", "Gender “{value}” is not valid (male/female)"),
    "weight_invalid": ("权重“{value}”必须是 0–{max} 的整数", "Weight “{value}” must be a whole number from 0 to {max}"),
    "sort_invalid": ("排序值“{value}”必须是整数", "Sort value “{value}” must be a whole number"),
    "position_too_long": ("职务过长（最多 {max} 个字符）", "The position is too long (at most {max} characters)"),
    "field_too_long": ("“{field}”过长（最多 {max} 个字符）", "“{field}” is too long (at most {max} characters)"),
    "attribute_invalid": ("自定义信息名称“{value}”无效（1–{max} 个字符）", "Custom field name “{value}” is not valid (1–{max} characters)"),
    "attributes_too_many": ("自定义信息最多 {max} 项", "At most {max} custom fields"),
    "dept_name_required": ("部门名称不能为空", "The department name is required"),
    "dept_name_invalid": ("部门名称“{value}”不能包含 / 或控制字符", "Department name “{value}” may not contain / or control characters"),
    "dept_name_too_long": ("部门名称过长（最多 {max} 个字符）", "The department name is too long (at most {max} characters)"),
    "dept_name_taken": ("同级已有名为“{value}”的部门", "A sibling department named “{value}” already exists"),
    "dept_alias_taken": ("部门别名“{value}”已被使用", "Department alias “{value}” is already in use"),
    "dept_not_found": ("部门“{path}”不存在", "Department “{path}” does not exist"),
    "dept_parent_missing": ("上级部门“{path}”不存在（可加 --parents 自动创建）", "Parent department “{path}” does not exist (use --parents to create it)"),
    "dept_not_empty": ("部门“{path}”下还有子部门或成员，不能删除", "Department “{path}” still has sub-departments or members and cannot be deleted"),
    "dept_move_into_self": ("不能把部门“{path}”移到它自己或它的子部门下", "Department “{path}” cannot be moved under itself or its own sub-department"),
    "dept_exists": ("部门“{path}”已存在", "Department “{path}” already exists"),
    "member_not_found": ("帐号“{account}”不存在", "Account “{account}” does not exist"),
    "member_needs_department": ("成员至少要属于一个部门", "A member must belong to at least one department"),
    "member_not_resigned": ("帐号“{account}”不在离职名单中，只能删除离职成员", "Account “{account}” is not resigned; only resigned members can be deleted"),
    "member_already_resigned": ("帐号“{account}”已离职", "Account “{account}” has already resigned"),
    "member_resigned": ("帐号“{account}”已离职，请先恢复", "Account “{account}” has resigned; restore it first"),
    "member_not_resigned_restore": ("帐号“{account}”未离职，无需恢复", "Account “{account}” has not resigned; nothing to restore"),
    "confidential_field_invalid": ("保密字段“{value}”无效（mobile/phone/email）", "Confidential field “{value}” is not valid (mobile/phone/email)"),
    "conflict": (
        "{entity}“{key}”已被其他管理员修改，请刷新后重试；未做任何修改",
        "{entity} “{key}” was changed by another administrator; reload and try again. Nothing was changed",
    ),
    "change_not_found": ("变更集 {id} 不存在", "Change set {id} does not exist"),
    "change_already_undone": ("变更集 {id} 已撤销", "Change set {id} has already been undone"),
    "change_empty": ("没有需要修改的内容", "There is nothing to change"),
    "permission_denied": ("当前管理员（{role}）无权执行：{action}", "The current administrator ({role}) may not {action_en}"),
    "permission_out_of_scope": ("分级管理员无权管理其管辖范围以外的{what}“{key}”", "A scoped administrator may not manage {what_en} “{key}” outside its departments"),
    "login_required": ("需要管理员登录（设置 YOUDU_ADMIN 和 YOUDU_ADMIN_PASSWORD）", "An administrator must log in (set YOUDU_ADMIN and YOUDU_ADMIN_PASSWORD)"),
    "login_failed": ("管理员帐号或密码错误", "Wrong administrator name or password"),
    "admin_exists": ("管理员“{name}”已存在", "Administrator “{name}” already exists"),
    "admin_not_found": ("管理员“{name}”不存在", "Administrator “{name}” does not exist"),
    "admin_name_invalid": ("管理员名“{value}”无效", "Administrator name “{value}” is not valid"),
    "admin_role_invalid": ("角色“{value}”无效（super/scoped/helpdesk/auditor）", "Role “{value}” is not valid (super/scoped/helpdesk/auditor)"),
    "admin_scope_required": ("分级管理员至少需要一个管辖部门（--scope）", "A scoped administrator needs at least one department (--scope)"),
    "admin_last_super": ("不能删除或降级最后一个超级管理员", "The last super administrator cannot be removed or demoted"),
    "admin_password_weak": ("管理员密码至少 8 位", "An administrator password needs at least 8 characters"),
    "password_required": ("需要密码（--password-stdin）", "A password is required (--password-stdin)"),
    "password_weak": (
        "密码不符合高强度密码规则：8–16 位，必须包含大写字母、小写字母、数字和特殊字符",
        "The password breaks the strong-password rule: 8–16 characters with upper- and lower-case letters, a digit and a special character",
    ),
    "password_too_short": ("密码至少 {min} 位", "The password needs at least {min} characters"),
    "recover_not_needed": ("仍有可登录的超级管理员，无需恢复；请以超级管理员身份重置", "A super administrator can still log in; reset the password as that administrator instead"),
    "setting_unknown": ("未知设置项“{key}”", "Unknown setting “{key}”"),
    "setting_invalid": ("设置项“{key}”的值“{value}”无效：{reason}", "Value “{value}” is not valid for setting “{key}”: {reason}"),
    "db_unreachable": ("无法连接数据库 {url}：{reason}", "Cannot reach the database {url}: {reason}"),
    "db_not_youdu": ("{path} 不是有度管理控制台的数据库（或已损坏），已拒绝打开，文件未改动", "{path} is not a Youdu Console database (or it is damaged); refused, the file was not touched"),
    "db_too_new": ("数据库版本 {version} 比本程序新，请升级程序", "The database schema {version} is newer than this program; upgrade the program"),
    "db_needs_upgrade": ("数据库需要升级（运行 db upgrade）", "The database needs an upgrade (run db upgrade)"),
    "member_disabled": ("帐号“{account}”在禁用名单中，请先取消禁用", "Account “{account}” is disabled; enable it first"),
    "member_not_locked": ("帐号“{account}”未被锁定", "Account “{account}” is not locked"),
    "licence_exhausted": ("授权人数已满：需要 {used} 个，上限 {limit} 个", "Licence seats exhausted: {used} needed, {limit} available"),
    "licence_expired": ("授权已于 {date} 到期", "The licence expired on {date}"),
    "device_invalid": ("设备类型“{value}”无效（windows/mac/linux/android/ios）", "Device “{value}” is not valid (windows/mac/linux/android/ios)"),
    "address_invalid": ("地址“{value}”不是有效的 IP 地址", "Address “{value}” is not a valid IP address"),
    "usage": ("用法错误：{detail}", "Usage error: {detail}"),
    "internal": ("内部错误：{detail}", "Internal error: {detail}"),
}


def default_lang() -> str:
    """The language of the locale: zh_CN unless it clearly asks for English."""
    for var in ("YOUDU_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "en" if value.lower().startswith("en") else "zh_CN"
    return "zh_CN"


def render(code: str, lang: str | None, params: dict[str, Any]) -> str:
    zh, en = CATALOG.get(code, (code, code))
    template = en if (lang or default_lang()).startswith("en") else zh
    safe = {k: ("" if v is None else v) for k, v in params.items()}
    try:
        return template.format(**safe)
    except (KeyError, IndexError, ValueError):
        return template
