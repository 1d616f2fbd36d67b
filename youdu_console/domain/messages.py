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
    "name_invalid": (
        "姓名“{value}”包含控制字符或文字方向控制符，已拒绝",
        "Name “{value}” contains control characters or text-direction overrides; refused",
    ),
    "text_invalid": (
        "“{field}”的值“{value}”包含控制字符或文字方向控制符，已拒绝",
        "The value “{value}” of “{field}” contains control characters or text-direction overrides; refused",
    ),
    "mobile_region_invalid": ("手机号默认地区“{value}”无效", "The default region “{value}” for mobile numbers is not valid"),
    "name_too_long": ("姓名过长（最多 {max} 个字符）", "The name is too long (at most {max} characters)"),
    "mobile_invalid": (
        "手机号“{value}”不是有效的手机号码（国际号码请带国家代码，如 +852…）",
        "Mobile number “{value}” is not a valid mobile number (give international numbers with their country code, e.g. +852…)",
    ),
    "mobile_taken": ("手机号“{value}”已被帐号 {owner} 使用", "Mobile number “{value}” is already used by {owner}"),
    "phone_invalid": ("座机号“{value}”格式不正确", "Phone number “{value}” is not valid"),
    "short_number_invalid": ("短号“{value}”格式不正确", "Short number “{value}” is not valid"),
    "email_invalid": ("邮箱“{value}”格式不正确", "E-mail address “{value}” is not valid"),
    "gender_invalid": ("性别“{value}”无效（男/女）", "Gender “{value}” is not valid (male/female)"),
    "weight_invalid": ("权重“{value}”必须是 0–{max} 的整数", "Weight “{value}” must be a whole number from 0 to {max}"),
    "sort_invalid": ("排序值“{value}”必须是 {min} 到 {max} 之间的整数", "Sort value “{value}” must be a whole number from {min} to {max}"),
    "position_too_long": ("职务过长（最多 {max} 个字符）", "The position is too long (at most {max} characters)"),
    "field_too_long": ("“{field}”过长（最多 {max} 个字符）", "“{field}” is too long (at most {max} characters)"),
    "attribute_invalid": ("自定义信息名称“{value}”无效（1–{max} 个字符）", "Custom field name “{value}” is not valid (1–{max} characters)"),
    "attributes_too_many": ("自定义信息最多 {max} 项", "At most {max} custom fields"),
    "dept_name_required": ("部门名称不能为空", "The department name is required"),
    "dept_name_invalid": ("部门名称“{value}”不能包含 / 或控制字符", "Department name “{value}” may not contain / or control characters"),
    "dept_name_reserved": ("“{value}”不能用作部门名称", "“{value}” cannot be used as a department name"),
    "dept_path_invalid": (
        "部门路径“{path}”中有空的层级（如 a//b），请写出每一级部门名称",
        "Department path “{path}” has an empty level (as in a//b); name every level",
    ),
    "dept_too_deep": (
        "部门“{path}”有 {depth} 级，超过上限 {max} 级（设置项 directory.max_depth）；未做任何修改",
        "Department “{path}” is {depth} levels deep, more than the limit of {max} (setting directory.max_depth); nothing was changed",
    ),
    "dept_tree_too_deep": (
        "部门树有 {depth} 级，超过 JSON 嵌套输出的上限 {max} 级；请用不带 --tree 的 dept list（每个部门带完整路径）",
        "The department tree is {depth} levels deep, more than nested JSON output allows ({max}); use dept list "
        "without --tree (every department with its full path)",
    ),
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
    "admin_name_reserved": ("“{name}”是数据库服务器自己的帐号或角色名，不能用作管理员名", "“{name}” is a name of the database server's own accounts or roles and cannot be an administrator's name"),
    "admin_locked": ("管理员“{name}”因密码错误次数过多已被锁定，请超级管理员解锁", "Administrator “{name}” is locked after too many wrong passwords; a super administrator must unlock it"),
    "admin_not_locked": ("管理员“{name}”未被锁定", "Administrator “{name}” is not locked"),
    "recover_needs_owner": ("恢复需要数据库所有者的凭据（服务器）或对数据库文件的写权限（SQLite），不能以控制台管理员登录执行；未做任何修改", "Recovery needs the database owner's credentials (server) or write access to the database file (SQLite), and cannot run as a console administrator's login; nothing was changed"),
    "db_permission_denied": ("数据库拒绝了此操作：当前数据库登录没有这项权限；未做任何修改（{reason}）", "The database refused this operation: this database login lacks the right; nothing was changed ({reason})"),
    "db_login_misgranted": ("数据库登录“{name}”的数据库角色不对：应只属于 {group}（控制台角色 {role}），实际为 {held}；请超级管理员重新保存该管理员或运行 db secure", "Database login “{name}” has the wrong database roles: it should hold only {group} (console role {role}) but holds {held}; a super administrator must save the administrator again or run db secure"),
    "db_login_not_admin": ("数据库登录“{name}”不是本控制台的管理员", "Database login “{name}” is not an administrator of this console"),
    "db_login_failed": ("数据库拒绝了登录“{name}”：密码错误，或该管理员没有数据库登录（请超级管理员重置其密码以创建登录）", "The database refused the login “{name}”: wrong password, or the administrator has no database login (a super administrator resets its password to create one)"),
    "db_not_secured": ("数据库尚未安装服务器端权限（由数据库所有者运行 db secure）", "The database has no server-side rights installed yet (the database owner runs db secure)"),
    "db_secure_sqlite": ("SQLite 是单用户嵌入模式：由文件权限保护（0600），没有数据库登录", "SQLite is the single-user embedded mode: file permissions (0600) protect it, it has no database logins"),
    "db_secure_failed": ("安装服务器端权限失败（需要数据库所有者的凭据）：{reason}", "Installing the server-side rights failed (the database owner's credentials are needed): {reason}"),
    "change_journal_tampered": ("变更集 {id} 的日志与其审计记录不符（已被改动），拒绝撤销；未做任何修改", "The journal of change set {id} does not match its audit entry (it was altered); undo refused, nothing was changed"),
    "audit_checkpoint_invalid": ("审计检查点文件 {path} 无效或签名不符", "Audit checkpoint file {path} is not valid or its signature does not match"),
    "recover_not_needed": ("仍有可登录的超级管理员，无需恢复；请以超级管理员身份重置", "A super administrator can still log in; reset the password as that administrator instead"),
    "setting_unknown": ("未知设置项“{key}”", "Unknown setting “{key}”"),
    "setting_invalid": ("设置项“{key}”的值“{value}”无效：{reason}", "Value “{value}” is not valid for setting “{key}”: {reason}"),
    "db_unreachable": ("无法连接数据库 {url}：{reason}", "Cannot reach the database {url}: {reason}"),
    "db_not_youdu": ("{path} 不是有度管理控制台的数据库（或已损坏），已拒绝打开，文件未改动", "{path} is not a Youdu Console database (or it is damaged); refused, the file was not touched"),
    "db_not_found": (
        "数据库文件 {path} 不存在（用 db init 创建）；未创建任何文件",
        "The database file {path} does not exist (create it with db init); no file was created",
    ),
    "db_too_new": ("数据库版本 {version} 比本程序新，请升级程序", "The database schema {version} is newer than this program; upgrade the program"),
    "db_needs_upgrade": ("数据库需要升级（运行 db upgrade）", "The database needs an upgrade (run db upgrade)"),
    "member_disabled": ("帐号“{account}”在禁用名单中，请先取消禁用", "Account “{account}” is disabled; enable it first"),
    "member_not_locked": ("帐号“{account}”未被锁定", "Account “{account}” is not locked"),
    "licence_exhausted": ("授权人数已满：需要 {used} 个，上限 {limit} 个", "Licence seats exhausted: {used} needed, {limit} available"),
    "licence_expired": ("授权已于 {date} 到期", "The licence expired on {date}"),
    "device_invalid": ("设备类型“{value}”无效（windows/mac/linux/android/ios）", "Device “{value}” is not valid (windows/mac/linux/android/ios)"),
    "address_invalid": ("地址“{value}”不是有效的 IP 地址", "Address “{value}” is not a valid IP address"),
    # Change-set descriptions: "change.<kind>" with {subject}; ".all" when the subject is empty.
    "change.dept.add": ("添加部门 {subject}", "Add department {subject}"),
    "change.dept.rename": ("部门改名 {subject}", "Rename department {subject}"),
    "change.dept.update": ("修改部门 {subject}", "Change department {subject}"),
    "change.dept.move": ("迁移部门 {subject}", "Move department {subject}"),
    "change.dept.delete": ("删除部门 {subject}", "Delete department {subject}"),
    "change.dept.reorder": ("调整部门顺序 {subject}", "Reorder departments at {subject}"),
    "change.member.add": ("新增成员 {subject}", "Add member {subject}"),
    "change.member.update": ("修改成员 {subject}", "Change member {subject}"),
    "change.member.move": ("迁移成员 {subject}", "Move members {subject}"),
    "change.member.resign": ("成员离职 {subject}", "Resign {subject}"),
    "change.member.restore": ("恢复离职成员 {subject}", "Restore {subject}"),
    "change.member.delete": ("删除成员 {subject}", "Delete members {subject}"),
    "change.member.confidential": ("保密设置 {subject}", "Confidential fields of {subject}"),
    "change.member.set_password": ("重置密码 {subject}", "Reset the password of {subject}"),
    "change.auth.grant": ("加入授权名单 {subject}", "Authorise {subject}"),
    "change.auth.revoke": ("取消授权 {subject}", "Revoke authorisation of {subject}"),
    "change.auth.disable": ("加入禁用名单 {subject}", "Disable {subject}"),
    "change.auth.enable": ("取消禁用 {subject}", "Enable {subject}"),
    "change.auth.auto_grant": ("客户端自动授权 {subject}", "Authorised at first login: {subject}"),
    "change.lock.unlock": ("解锁帐号 {subject}", "Unlock {subject}"),
    "change.lock.unlock.all": ("全部解锁", "Unlock all"),
    "change.admin.add": ("添加管理员 {subject}", "Add administrator {subject}"),
    "change.admin.reset_password": ("重置管理员密码 {subject}", "Reset the password of administrator {subject}"),
    "change.admin.recover": ("恢复超级管理员 {subject} 的密码", "Recover the password of super administrator {subject}"),
    "change.settings.set": ("修改设置 {subject}", "Change settings {subject}"),
    "change.undo": ("撤销变更集 {subject}", "Undo change set {subject}"),
    "change.import.excel": ("导入 Excel {subject}", "Import Excel {subject}"),
    "change.import.rtx": ("导入 RTX 组织架构 {subject}", "Import RTX organisation {subject}"),
    "change.import.dat": ("恢复 .dat 备份 {subject}", "Restore .dat backup {subject}"),
    "change.import.dat.merge": ("合并 .dat 备份 {subject}", "Merge .dat backup {subject}"),
    "usage": ("用法错误：{detail}", "Usage error: {detail}"),
    "internal": ("内部错误：{detail}", "Internal error: {detail}"),
    "db_url_invalid": ("数据库地址 {url} 无效：{reason}", "Database URL {url} is not valid: {reason}"),
    "value_out_of_range": ("数值超出数据库可保存的范围：{detail}", "A value is outside the range the database can store: {detail}"),
    "change_damaged": ("变更集 #{id} 的记录已损坏，无法读取", "The record of change set #{id} is damaged and cannot be read"),
    # LDAP synchronisation (manual 4.5 LDAP 集成)
    "ldap_not_configured": ("LDAP 尚未配置（运行 ldap config）", "LDAP is not configured yet (run ldap config)"),
    "ldap_password_missing": (
        "没有 {server} 的 LDAP 帐号密码：系统钥匙串（或 secrets use file 选定的密钥文件）中没有保存；请用 --password-stdin 提供",
        "No LDAP password for {server}: none is stored in the OS keyring (or the secrets file chosen with "
        "secrets use file); give it with --password-stdin",
    ),
    "ldap_keyring_unavailable": (
        "系统钥匙串不可用，LDAP 密码未保存；每次测试或同步都需用 --password-stdin 提供",
        "No OS keyring is available, so the LDAP password was not stored; give it with --password-stdin at every test or sync",
    ),
    "ldap_unreachable": ("无法连接 LDAP 服务器 {server}：{reason}", "Cannot reach the LDAP server {server}: {reason}"),
    "ldap_tls_failed": (
        "与 LDAP 服务器 {server} 建立加密连接失败（证书或 TLS 问题）：{reason}",
        "TLS with the LDAP server {server} failed (certificate or TLS problem): {reason}",
    ),
    # Causes of ldap_unreachable / ldap_tls_failed: `cause=` names one, rendered as the message's {reason}.
    "cause.timeout": ("{seconds} 秒内没有应答", "no answer within {seconds} seconds"),
    "cause.refused": ("连接被拒绝，该端口上没有服务在监听", "the connection was refused: nothing listens on that port"),
    "cause.host_unknown": ("找不到该主机（名称无法解析）", "no such host (the name does not resolve)"),
    "cause.no_route": ("网络不可达", "the network cannot reach it"),
    "cause.closed": ("服务器断开了连接：该地址可能不是 LDAP 服务，或要求加密连接",
                     "the server closed the connection: it may not be an LDAP service, or it requires encryption"),
    "cause.not_ldap": ("对方没有按 LDAP 协议应答，请检查地址和端口（LDAP 389，LDAPS 636）",
                       "it did not answer in LDAP; check the address and the port (LDAP 389, LDAPS 636)"),
    "cause.network": ("网络错误", "a network error"),
    "cause.tls_untrusted": ("服务器证书不受信任，请指定签发它的 CA 证书", "the server certificate is not trusted; give the CA certificate that issued it"),
    "cause.tls_wrong_name": ("证书不是签发给 {host} 的", "the certificate is not for {host}"),
    "cause.tls_handshake": ("TLS 握手失败", "the TLS handshake failed"),
    "ldap_ca_file_missing": ("CA 证书文件“{path}”不存在", "The CA certificate file “{path}” does not exist"),
    "ldap_bad_credentials": ("LDAP 帐号或密码错误（{bind_dn}）", "Wrong LDAP account or password ({bind_dn})"),
    "ldap_needs_tls": (
        "LDAP 服务器 {server} 要求加密连接：请使用 ldaps:// 或 --start-tls（{reason}）",
        "The LDAP server {server} requires an encrypted connection: use ldaps:// or --start-tls ({reason})",
    ),
    "ldap_bind_failed": ("LDAP 服务器拒绝了帐号 {bind_dn} 的登录：{reason}", "The LDAP server refused the bind as {bind_dn}: {reason}"),
    "ldap_base_not_found": ("域名（同步起点）“{base_dn}”在 LDAP 服务器上不存在", "The base DN “{base_dn}” does not exist on the LDAP server"),
    "ldap_dn_invalid": ("“{dn}”不是有效的 DN", "“{dn}” is not a valid distinguished name"),
    "ldap_mapping_invalid": ("字段映射“{value}”无效：{reason}", "The mapping “{value}” is not valid: {reason}"),
    "ldap_selection_missing": (
        "勾选同步的“{dn}”在 LDAP 服务器上已不存在；同步已停止，未做任何修改",
        "“{dn}”, selected for sync, no longer exists on the LDAP server; the sync stopped and nothing was changed",
    ),
    "ldap_search_failed": ("LDAP 查询失败：{reason}；未做任何修改", "The LDAP search failed: {reason}; nothing was changed"),
    "ldap_search_interrupted": (
        "读取 LDAP 服务器 {server} 时连接中断：{reason}；未做任何修改",
        "The connection to the LDAP server {server} broke during the search: {reason}; nothing was changed",
    ),
    "ldap_search_incomplete": (
        "LDAP 查询结果不完整（{reason}，{base}）；为安全起见未做任何修改",
        "The LDAP search returned a partial result ({reason}, {base}); to be safe nothing was changed",
    ),
    "ldap_empty_result": (
        "LDAP 查询没有返回任何人员，而已同步的成员有 {synced} 人；为安全起见未做任何修改",
        "The LDAP search returned nobody while {synced} members are synced; to be safe nothing was changed",
    ),
    "ldap_removals_over_threshold": (
        "本次同步会把 {count} 名成员转入离职名单，超过保护上限（{limit}）；未做任何修改。确认无误后用 --confirm-removals 再同步",
        "This sync would resign {count} members, more than the guard allows ({limit}); nothing was changed. "
        "If that is right, sync again with --confirm-removals",
    ),
    "ldap_preview_required": (
        "首次同步或修改 LDAP 设置后，需要先预览（ldap sync --dry-run）再同步；未做任何修改",
        "The first sync, and the first after a change of the LDAP settings, needs a preview first "
        "(ldap sync --dry-run); nothing was changed",
    ),
    "ldap_busy": ("另一次 LDAP 同步正在进行", "Another LDAP sync is running"),
    "ldap_guid_missing": (
        "“{dn}”没有唯一标识属性（{attr}），无法同步",
        "“{dn}” has no unique identifier ({attr}) and cannot be synced",
    ),
    "ldap_account_duplicate": (
        "帐号“{value}”在 LDAP 中出现多次（大小写不同也算同一帐号）：{other}",
        "Account “{value}” appears more than once in LDAP (accounts differing only in case are the same): {other}",
    ),
    "ldap_mobile_duplicate": (
        "手机号“{value}”在 LDAP 中被多人使用：{other}",
        "Mobile number “{value}” is used by several people in LDAP: {other}",
    ),
    "ldap_dept_name_conflict": (
        "OU“{name}”与已有部门“{path}”重名（该部门不是由 LDAP 同步的），无法同步为部门",
        "OU “{name}” has the same name as the existing department “{path}” (not created by LDAP sync) and cannot be synced",
    ),
    "ldap_manual_edit": (
        "成员 {account} 的{field}已在控制台手工修改为“{console}”，LDAP 中为“{directory}”：保留手工修改",
        "Member {account}: {field_en} was edited in the console to “{console}”, LDAP has “{directory}”: the manual edit is kept",
    ),
    "ldap_manual_edit_overwritten": (
        "成员 {account} 的{field}曾在控制台手工修改为“{console}”，已按 LDAP 改为“{directory}”",
        "Member {account}: {field_en} had been edited in the console to “{console}”; replaced with LDAP's “{directory}”",
    ),
    "ldap_resigned_manually": (
        "成员 {account} 已在控制台办理离职，但 LDAP 中仍存在：保持离职",
        "Member {account} was resigned in the console but is still in LDAP: kept resigned",
    ),
    "ldap_schedule_is_off": (
        "自动同步已关闭（ldap schedule on 可开启），本次未同步",
        "The automatic sync is off (turn it on with ldap schedule on); nothing was synced",
    ),
    # the secret store for unattended runs (store/secrets.py)
    "secret_file_unsafe": (
        "密钥文件 {path} 不安全（{mode}）：只能由本用户拥有和读写（chmod 600）；未使用该文件",
        "The secrets file {path} is not private ({mode}): it must belong to this user and be readable and "
        "writable by it alone (chmod 600); it was not used",
    ),
    "secret_file_damaged": (
        "密钥文件 {path} 已损坏（{reason}）；未使用该文件",
        "The secrets file {path} is damaged ({reason}); it was not used",
    ),
    "secret_file_unsupported": (
        "此系统不支持密钥文件（仅限 Linux、macOS 等 POSIX 系统）；请使用系统凭据管理器（secrets use keyring）",
        "A secrets file is not supported on this system (POSIX only: Linux, macOS); use the system's "
        "credential store (secrets use keyring)",
    ),
    "secret_keyring_unavailable": (
        "系统钥匙串不可用（{backend}）；无人值守的服务器请改用密钥文件：secrets use file",
        "No OS keyring is usable here ({backend}); on an unattended server use the secrets file: secrets use file",
    ),
    "secret_name_invalid": (
        "密钥名称“{value}”无效：应为 ldap:服务器地址、admin:管理员名、smtp:邮件服务器 或 push:AppID",
        "The secret name “{value}” is not valid: ldap:SERVER-URL, admin:NAME, smtp:MAIL-SERVER or push:APPID",
    ),
    "secret_not_found": ("没有保存名为“{value}”的密钥", "No secret named “{value}” is stored"),
    "ldap_progress_read": ("正在读取 LDAP 目录：已读 {count} 条", "Reading the directory: {count} entries read"),
    "ldap_progress_plan": ("正在比对 {count} 名人员", "Comparing {count} people"),
    "ldap_dept_kept": (
        "OU 已从 LDAP 删除，但部门“{path}”中仍有成员或子部门，已保留",
        "The OU is gone from LDAP but department “{path}” still has members or sub-departments; it was kept",
    ),
    # bulk import and export (interchange)
    "job_cancelled": ("已取消，未做任何修改", "Cancelled; nothing was changed"),
    "file_unreadable": ("无法读取文件“{file}”", "Cannot read the file “{file}”"),
    "file_write_failed": ("无法写入文件“{file}”：{reason}", "Cannot write the file “{file}”: {reason}"),
    "file_corrupt": ("文件“{file}”已损坏或不完整：{reason}", "The file “{file}” is damaged or incomplete: {reason}"),
    "file_too_large": ("文件“{file}”过大（{size} 字节，最多 {max} 字节）", "The file “{file}” is too large ({size} bytes, at most {max})"),
    "excel_format_unsupported": ("“{file}”不是 Excel 文件（.xlsx 或 .xls）", "“{file}” is not an Excel file (.xlsx or .xls)"),
    "excel_encrypted": ("Excel 文件“{file}”设有打开密码，请先取消密码再导入", "The Excel file “{file}” is password-protected; remove the password before importing"),
    "excel_zip_bomb": (
        "文件“{file}”解压后过大（{size}，压缩比 {ratio}），疑似压缩炸弹，已拒绝",
        "The file “{file}” expands too much ({size}, ratio {ratio}); refused as a possible zip bomb",
    ),
    "excel_no_visible_sheet": ("Excel 文件“{file}”没有可见的工作表", "The Excel file “{file}” has no visible worksheet"),
    "excel_no_header": (
        "工作表“{sheet}”的前 {rows} 行中没有找到表头（缺少 {missing} 列）",
        "Sheet “{sheet}” has no header row in its first {rows} rows (missing: {missing_en})",
    ),
    "xml_dtd_refused": (
        "XML 文件“{file}”包含 DTD 或实体声明（可能是实体炸弹或外部实体），已拒绝",
        "The XML file “{file}” contains a DTD or entity declarations (a possible entity bomb or external entity); refused",
    ),
    "rtx_not_rtx": (
        "“{file}”不是 RTX 2005 及以上版本导出的组织架构文件（根元素“{root}”）",
        "“{file}” is not an organisation export of RTX 2005 or later (root element “{root}”)",
    ),
    "rtx_no_users": ("RTX 文件“{file}”中没有 Sys_User 用户表", "The RTX file “{file}” has no Sys_User table"),
    "rtx_dept_cycle": ("RTX 部门的上级关系形成循环（部门 {id}）", "The parents of RTX departments form a cycle (department {id})"),
    "rtx_dept_parent_missing": ("RTX 部门的上级部门 {id} 不存在", "The parent RTX department {id} does not exist"),
    "rtx_user_dept_missing": ("成员所在的 RTX 部门 {id} 不存在或无效", "The member's RTX department {id} does not exist or is invalid"),
    "dat_not_dat": ("“{file}”不是有度管理控制台的 .dat 备份文件", "“{file}” is not a Youdu Console .dat backup"),
    "dat_version_unsupported": ("备份文件的格式版本 {version} 比本程序新，请升级程序", "The backup's format version {version} is newer than this program; upgrade the program"),
    "dat_corrupt": ("备份文件“{file}”已损坏或被改动（{reason}），未做任何修改", "The backup “{file}” is damaged or was altered ({reason}); nothing was changed"),
    "dat_password_required": ("备份文件已加密，需要密码（--password-stdin）", "The backup is encrypted; a password is required (--password-stdin)"),
    "dat_wrong_password": ("备份文件的密码不正确", "Wrong password for the backup"),
    "dat_account_conflict": (
        "帐号“{account}”已属于另一个成员（gid 不同），不能按 gid 合并",
        "Account “{account}” already belongs to another member (a different gid); it cannot be merged by gid",
    ),
    "dat_parent_missing": ("备份中部门“{name}”的上级部门（gid {gid}）不存在", "The parent (gid {gid}) of department “{name}” is missing from the backup"),
    "dat_member_dept_missing": ("备份中成员所在的部门（gid {gid}）不存在", "The member's department (gid {gid}) is missing from the backup"),
    "dat_password_hash_refused": (
        "备份中帐号“{account}”的密码哈希参数超出本控制台的上限（{reason}），已拒绝",
        "The password hash of account “{account}” in the backup exceeds this console's limits ({reason}); refused",
    ),
    "dat_record_invalid": ("备份文件中的记录无效：{reason}", "Invalid record in the backup: {reason}"),
    # 群管理
    "group_name_required": ("群名称不能为空", "The group name is required"),
    "group_name_too_long": ("群名称过长（最多 {max} 个字符）", "The group name is too long (at most {max} characters)"),
    "group_name_invalid": ("群名称“{value}”不能包含控制字符", "Group name “{value}” may not contain control characters"),
    "group_not_found": ("群“{group}”不存在", "Group “{group}” does not exist"),
    "group_name_ambiguous": ("有 {count} 个群名为“{group}”，请用群 gid 指定", "{count} groups are named “{group}”; name the group by its gid"),
    "group_dept_taken": ("部门“{path}”已有部门群“{group}”", "Department “{path}” already has the department group “{group}”"),
    "group_member_exists": ("{account} 已是群“{group}”的成员", "{account} is already a member of group “{group}”"),
    "group_not_member": ("{account} 不是群“{group}”的成员", "{account} is not a member of group “{group}”"),
    "group_member_resigned": ("{account} 已离职，不能加入群", "{account} has resigned and cannot join a group"),
    "group_admin_not_member": ("群管理员 {account} 必须是群“{group}”的成员", "Group administrator {account} must be a member of group “{group}”"),
    "group_admin_exists": ("{account} 已是群“{group}”的管理员", "{account} is already an administrator of group “{group}”"),
    "group_not_admin": ("{account} 不是群“{group}”的管理员", "{account} is not an administrator of group “{group}”"),
    # 服务端 API (serve-api)
    "sysmsg_no_recipient": ("系统消息没有接收人（toUser、toDept 或 toAll）", "The system message has no recipient (toUser, toDept or toAll)"),
    "sysmsg_title_too_long": ("系统消息标题过长（最多 {max} 个字符）", "The system message title is too long (at most {max} characters)"),
    "sysmsg_unknown_user": ("接收人帐号“{account}”不存在", "Recipient account “{account}” does not exist"),
    "sysmsg_unknown_dept": ("接收部门 {id} 不存在", "Recipient department {id} does not exist"),
    "change.member.authorization": ("登录授权 {subject}", "Login authorisation of {subject}"),
    "change.org.replaceall": ("全量同步组织架构 {subject}", "Replace the whole organisation {subject}"),
    "api_tls_incomplete": ("--cert 与 --key 必须同时给出", "--cert and --key must be given together"),
    "group_owner_leaves": ("{account} 是群“{group}”的群主，不能移出群", "{account} owns group “{group}” and cannot be removed from it"),
    "group_follows_department": (
        "部门群“{group}”的成员随部门自动变化，不能手工增删",
        "The members of department group “{group}” follow its department and cannot be added or removed by hand",
    ),
    "group_too_many_members": ("群“{group}”最多 {max} 人", "Group “{group}” may have at most {max} members"),
    "group_dept_choice_invalid": ("部门群的去向“{value}”无效（keep/delete）", "What becomes of the department group: “{value}” is not valid (keep/delete)"),
    "dat_group_ref_missing": ("备份中的群成员引用了不存在的{what}（gid {gid}）", "A group row in the backup references a missing {what_en} (gid {gid})"),
    "change.group.add": ("新建群 {subject}", "Create group {subject}"),
    "change.group.add_department": ("新建部门群 {subject}", "Create department group {subject}"),
    "change.group.rename": ("群改名 {subject}", "Rename group {subject}"),
    "change.group.delete": ("删除群 {subject}", "Delete group {subject}"),
    "change.group.members": ("修改群成员 {subject}", "Change the members of group {subject}"),
    "change.group.admins": ("修改群管理员 {subject}", "Change the administrators of group {subject}"),
    # 可见性设置 (5.3.1), sensitive words (5.6.2), file transfers (5.4.3)
    "visibility_rule_name_required": ("可见性规则名称不能为空", "The visibility rule needs a name"),
    "visibility_rule_name_too_long": ("可见性规则名称过长（最多 {max} 个字符）", "The visibility rule name is too long (at most {max} characters)"),
    "visibility_rule_name_taken": ("可见性规则“{rule}”已存在", "A visibility rule named “{rule}” already exists"),
    "visibility_rule_not_found": ("可见性规则“{rule}”不存在", "There is no visibility rule named “{rule}”"),
    "visibility_rule_kind_invalid": (
        "可见性规则类型“{value}”无效（hide 隐藏部门/成员、restrict 限制查看外部门、forbid 禁止查看所有人）",
        "Visibility rule type “{value}” is not valid (hide, restrict or forbid)",
    ),
    "visibility_rule_empty": ("可见性规则“{rule}”没有指定任何部门或成员", "Visibility rule “{rule}” names no department or member"),
    "visibility_extra_not_restrict": (
        "只有“限制查看外部门”规则可以设置额外可见的部门或成员",
        "Only a “restrict to own department” rule has extra visible departments or members",
    ),
    "visibility_dept_unknown": ("可见性规则引用的部门“{path}”不存在", "The visibility rule names department “{path}”, which does not exist"),
    "visibility_member_unknown": ("可见性规则引用的成员“{account}”不存在", "The visibility rule names member “{account}”, which does not exist"),
    "visibility_ref_missing": (
        "可见性规则“{rule}”引用的{what}“{item}”将不存在；请先修改或删除该规则",
        "Visibility rule “{rule}” names the {what_en} “{item}”, which would no longer exist; change or delete the rule first",
    ),
    "dat_visibility_ref_missing": ("备份中的可见性规则“{rule}”引用了不存在的{what}（gid {gid}）", "Visibility rule “{rule}” in the backup names a missing {what_en} (gid {gid})"),
    "change.visibility.add": ("新增可见性规则 {subject}", "Add visibility rule {subject}"),
    "change.visibility.update": ("修改可见性规则 {subject}", "Change visibility rule {subject}"),
    "change.visibility.delete": ("删除可见性规则 {subject}", "Delete visibility rule {subject}"),
    "setting_list_empty_item": (
        "设置项“{key}”的第 {index} 项为空；多个词用逗号隔开，不能留空",
        "Item {index} of setting “{key}” is empty; separate the words with commas and leave none empty",
    ),
    "sensitive_word_too_long": ("敏感词“{value}”过长（最多 {max} 个字符）", "Sensitive word “{value}” is too long (at most {max} characters)"),
    "transfer_mode_invalid": ("文件传输模式“{value}”无效（offline 离线、p2p、interconnect 互联企业）", "File-transfer mode “{value}” is not valid (offline, p2p or interconnect)"),
    "file_size_invalid": ("文件大小“{value}”无效（字节数，可带 K/M/G 单位）", "File size “{value}” is not valid (bytes, optionally with K/M/G)"),
    # 企业应用 (manual ch. 3, 4.3.2, 4.10)
    "app_not_found": ("企业应用“{app}”不存在", "App “{app}” does not exist"),
    "app_name_required": ("应用名称不能为空", "The app name is required"),
    "app_name_too_long": ("应用名称过长（最多 {max} 个字，建议不超过 6 个字）", "The app name is too long (at most {max} characters; 6 or fewer advised)"),
    "app_name_invalid": ("应用名称“{value}”不能包含控制字符", "App name “{value}” may not contain control characters"),
    "app_name_taken": ("已有名为“{name}”的企业应用", "An app named “{name}” already exists"),
    "app_name_long_warning": ("应用名称超过 6 个字，在工作门户中会显示不完整", "App names longer than 6 characters are cut off in the work portal"),
    "app_intro_length": ("应用介绍需 {min} 至 {max} 个字（现为 {length} 个字）", "The introduction must be {min} to {max} characters (it has {length})"),
    "app_terminal_invalid": ("显示终端“{value}”无效（desktop/mobile）", "Terminal “{value}” is not valid (desktop/mobile)"),
    "app_terminals_required": ("请至少选择一个显示终端", "Choose at least one terminal"),
    "app_url_required": ("请填写 URL", "A URL is required"),
    "app_url_invalid": ("“{value}”不是 http 或 https 地址", "“{value}” is not an http or https address"),
    "app_aes_key_invalid": ("EncodingAESKey 无效（应为 32 字节的 base64，44 个字符）", "The EncodingAESKey is not valid (32 bytes in base64, 44 characters)"),
    "app_system_undeletable": ("系统应用“{name}”（{app}）不能删除", "System app “{name}” ({app}) cannot be deleted"),
    "app_dept_required": ("请指定应用所属部门（须在您的管辖范围内）", "Name the app's department (inside your departments)"),
    "app_icon_unknown": ("内置图标“{value}”不存在（可选：{known}）", "There is no built-in icon “{value}” (choose from: {known})"),
    "app_logo_too_large": ("应用 Logo 文件过大（最大 {max_kb} KB）", "The logo file is too large (at most {max_kb} KB)"),
    "app_logo_not_image": ("应用 Logo 不是可识别的图片（PNG、JPEG、GIF、BMP、WebP）", "The logo is not a readable image (PNG, JPEG, GIF, BMP, WebP)"),
    "app_logo_bomb": ("应用 Logo 的尺寸异常（{width}×{height}），已拒绝", "The logo declares an abnormal size ({width}×{height}) and was refused"),
    "app_logo_unreadable": ("无法读取 Logo 文件 {path}：{reason}", "Cannot read the logo file {path}: {reason}"),
    "app_token_invalid": ("Token 只能由 3 至 32 个英文字母或数字组成", "The Token must be 3 to 32 letters or digits"),
    "reply_keyword_invalid": ("第 {row} 条自动回复的关键词为空或超过 {max} 个字", "Auto-reply {row}: the keyword is empty or longer than {max} characters"),
    "reply_match_invalid": ("第 {row} 条自动回复的匹配方式“{value}”无效（exact/contains/regex）", "Auto-reply {row}: match “{value}” is not valid (exact/contains/regex)"),
    "reply_regex_invalid": ("第 {row} 条自动回复的正则表达式无效：{reason}", "Auto-reply {row}: the regular expression is not valid: {reason}"),
    "reply_text_invalid": ("第 {row} 条自动回复的内容为空或超过 {max} 个字", "Auto-reply {row}: the reply is empty or longer than {max} characters"),
    "reply_too_many": ("自动回复最多 {max} 条", "At most {max} auto-replies"),
    "menu_name_invalid": ("菜单“{where}”的名称为空或超过 {max} 个字", "Menu “{where}”: the name is empty or longer than {max} characters"),
    "menu_too_many_top": ("自定义菜单最多 {max} 个一级菜单", "At most {max} top-level menu items"),
    "menu_too_many_items": ("菜单“{where}”最多 {max} 个子菜单", "Menu “{where}” may have at most {max} items"),
    "menu_too_deep": ("菜单“{where}”：自定义菜单最多两级", "Menu “{where}”: menus have at most two levels"),
    "menu_type_invalid": ("菜单“{where}”的类型“{value}”无效（click/view）", "Menu “{where}”: type “{value}” is not valid (click/view)"),
    "menu_key_invalid": ("菜单“{where}”的 key 过长", "Menu “{where}”: the key is too long"),
    "portal_not_found": ("应用门户模板“{template}”不存在", "Portal template “{template}” does not exist"),
    "portal_name_required": ("模板名称不能为空", "The template name is required"),
    "portal_name_invalid": ("模板名称无效（最多 {max} 个字，不能含控制字符）", "The template name is not valid (at most {max} characters, no control characters)"),
    "portal_name_taken": ("已有名为“{name}”的应用门户模板", "A portal template named “{name}” already exists"),
    "portal_group_too_long": ("分组名称最多 {max} 个字", "A group name has at most {max} characters"),
    "portal_app_twice": ("应用“{app}”在模板中出现了两次", "App “{app}” appears twice in the template"),
    "change.portal.add": ("新建应用门户模板 {subject}", "Create portal template {subject}"),
    "change.portal.update": ("修改应用门户模板 {subject}", "Change portal template {subject}"),
    "change.portal.delete": ("删除应用门户模板 {subject}", "Delete portal template {subject}"),
    "apps_file_foreign": ("“{file}”不是本程序导出的企业应用文件（来自 {product}）", "“{file}” is not an apps file exported by this program (it comes from {product})"),
    "apps_file_wrong_kind": ("“{file}”不是企业应用文件（其内容为 {kind}）", "“{file}” is not an apps file (it holds {kind})"),
    "apps_file_version_unsupported": ("企业应用文件的格式版本 {version} 比本程序支持的 {supported} 新，请升级程序", "The apps file's format version {version} is newer than this program's {supported}; upgrade the program"),
    "apps_file_bad_app": ("企业应用文件中的应用 ID“{app}”无效", "The apps file holds an app with an invalid id “{app}”"),
    "change.app.import": ("导入企业应用 {subject}", "Import apps {subject}"),
    "app_token_missing": ("请先填写或随机生成回调 Token", "Fill in or generate the callback Token first"),
    "callback.ok": ("回调验证通过（{elapsed_ms} ms）", "The callback answered correctly ({elapsed_ms} ms)"),
    "callback.wrong_answer": ("回调地址的应答不正确：{detail}", "The callback answered wrongly: {detail}"),
    "callback.timeout": ("回调地址在 {detail} 内没有应答", "The callback did not answer within {detail}"),
    "callback.unreachable": ("无法连接回调地址：{detail}", "Cannot connect to the callback: {detail}"),
    "json_file_unreadable": ("无法读取 JSON 文件 {path}：{reason}", "Cannot read the JSON file {path}: {reason}"),
    "msgmenu_scope_invalid": ("菜单位置“{value}”无效（message/profile）", "Menu place “{value}” is not valid (message/profile)"),
    "msgmenu_name_invalid": ("菜单名称为空或超过 {max} 个字", "The menu name is empty or longer than {max} characters"),
    "msgmenu_types_invalid": ("菜单点击项“{value}”无效（text/image/file）", "Menu content type “{value}” is not valid (text/image/file)"),
    "msgmenu_types_required": ("会话消息菜单请至少选择一种菜单点击项", "Choose at least one content type for a conversation message menu"),
    "msgmenu_window_invalid": ("窗口大小“{value}”无效（normal/custom）", "Window size “{value}” is not valid (normal/custom)"),
    "msgmenu_size_invalid": ("自定义窗口尺寸 {width}×{height} 超出范围（宽 200–1920，高 200–1200 px）", "Custom window size {width}×{height} is out of range (width 200–1920, height 200–1200 px)"),
    "msgmenu_not_found": ("自定义菜单 {id} 不存在", "Custom menu {id} does not exist"),
    "workbench_name_too_long": ("企业名称最多 {max} 个字", "The enterprise name has at most {max} characters"),
    "change.menu.add": ("添加自定义菜单 {subject}", "Add custom menu {subject}"),
    "change.menu.update": ("修改自定义菜单 {subject}", "Change custom menu {subject}"),
    "change.menu.delete": ("删除自定义菜单 {subject}", "Delete custom menu {subject}"),
    "change.workbench.update": ("修改移动端工作台 {subject}", "Change the mobile workbench {subject}"),
    "change.app.add": ("添加企业应用 {subject}", "Add app {subject}"),
    "change.app.update": ("修改企业应用 {subject}", "Change app {subject}"),
    "change.app.regenerate_key": ("重新生成 EncodingAESKey {subject}", "New EncodingAESKey for {subject}"),
    "change.app.delete": ("删除企业应用 {subject}", "Delete app {subject}"),
    # The window's words for refusals whose CLI text names command-line options
    "ldap_form_incomplete": ("请填写 LDAP 服务器地址和域名", "Fill in the LDAP server address and the base DN"),
    "ldap_password_needed": (
        "请填写 {server} 的管理员密码（系统钥匙串中没有保存）",
        "Enter the administrator password for {server} (none is stored in the OS keyring)",
    ),
    # 我的企业 (chapter 5): licence files, push certificates, mail, network checks, RTX
    "licence_no_public_key": ("尚未设置授权文件公钥（企业信息 › 授权文件公钥）", "No licence public key is set (Enterprise information › Licence public key)"),
    "licence_no_enterprise_number": ("尚未设置企业号，无法核对授权文件", "The enterprise number is not set, so a licence file cannot be checked"),
    "licence_unreadable": ("不是有效的授权文件：{reason}", "Not a valid licence file: {reason}"),
    "licence_too_large": ("文件超过 64 KiB", "the file is larger than 64 KiB"),
    "licence_not_json": ("不是 UTF-8 编码的 JSON", "not UTF-8 JSON"),
    "licence_wrong_format": ("format 不是“{format}”", "its format is not “{format}”"),
    "licence_bad_fields": ("应恰好包含 format、enterprise_number、seats、expires 和 signature",
                           "it must hold exactly format, enterprise_number, seats, expires and signature"),
    "licence_bad_values": ("授权人数应为 1–10000000，到期时间应为 YYYY-MM-DD",
                           "seats must be 1–10000000 and expires a YYYY-MM-DD date"),
    "licence_signature_invalid": ("授权文件签名无效：文件被修改过，或不是用已配置的公钥对应的私钥签发的", "The licence file's signature is not valid: the file was changed, or it was not signed for the configured public key"),
    "licence_other_enterprise": ("授权文件属于企业号 {number}，本企业为 {ours}", "The licence file is for enterprise number {number}; this enterprise is {ours}"),
    "licence_file_expired": ("授权文件已于 {date} 到期，未应用", "The licence file expired on {date}; it was not applied"),
    "change.licence.apply": ("应用授权文件 {subject}", "Apply licence file {subject}"),
    "push_app_id_invalid": ("AppID“{value}”无效", "AppID “{value}” is not valid"),
    "push_cert_unreadable": ("无法用此密码打开推送证书（密码错误，或不是 PKCS#12/.p12 文件）", "The push certificate cannot be opened with this password (wrong password, or not a PKCS#12/.p12 file)"),
    "push_cert_incomplete": ("推送证书文件中缺少证书或私钥", "The push certificate file lacks the certificate or its private key"),
    "push_cert_expired": ("推送证书已于 {date} 过期", "The push certificate expired on {date}"),
    "push_cert_not_yet_valid": ("推送证书自 {date} 起才生效", "The push certificate is valid only from {date}"),
    "push_cert_not_apns": ("不是 Apple 推送（APNs）证书：{subject}", "Not an Apple push (APNs) certificate: {subject}"),
    "push_cert_other_app": ("推送证书属于 {topic}，不是 AppID {value}", "The push certificate is for {topic}, not for AppID {value}"),
    "change.push.certificate": ("设置 iOS 推送证书 {subject}", "Set the iOS push certificate {subject}"),
    "change.rtx.code": ("重新生成 RTX 连接码", "Regenerate the RTX connection code"),
    "directory_rtx_read_only": ("RTX 集成已开启：通讯录以 RTX 为准，请在 RTX 服务器中维护（附录 2 问题 1）", "RTX integration is on: RTX is the address book's master, change it on the RTX server (appendix 2, question 1)"),
    "mail_not_configured": ("尚未设置 SMTP 服务器和发件人地址", "The SMTP server and the sender address are not set"),
    "mail_recipient_invalid": ("收件人地址“{value}”无效", "Recipient address “{value}” is not valid"),
    "mail_password_missing": ("系统钥匙串中没有 SMTP 帐号 {user} 的密码（secrets set smtp:{server}）", "No password for the SMTP user {user} in the OS keyring (secrets set smtp:{server})"),
    "mail_sent": ("测试邮件已通过 {server} 发送给 {to}", "The test mail was sent to {to} through {server}"),
    "mail_failed": ("发送测试邮件失败：{reason}", "The test mail was not sent: {reason}"),
    "device_auth_not_configured": ("尚未设置设备授权验证 URL", "No device authorisation URL is set"),
    "cluster_not_configured": ("尚未设置中心服务器地址", "No center server address is set"),
    "net_connected": ("已连接 {host}:{port}", "Connected to {host}:{port}"),
    "net_refused": ("{host}:{port} 拒绝连接（端口未开放）", "{host}:{port} refused the connection (nothing listens on the port)"),
    "net_timeout": ("连接 {host}:{port} 超时（{seconds} 秒内无应答，可能被防火墙拦截）", "Connecting to {host}:{port} timed out (no answer in {seconds} s; a firewall may drop it)"),
    "net_not_resolvable": ("无法解析服务器地址 {host}", "The server address {host} cannot be resolved"),
    "net_unreachable": ("无法连接 {host}:{port}：{reason}", "Cannot reach {host}:{port}: {reason}"),
    "http_ok": ("{url} 应答 HTTP {status}", "{url} answered HTTP {status}"),
    "http_bad_status": ("{url} 应答 HTTP {status}，不是成功状态", "{url} answered HTTP {status}, not a success"),
    # The helpdesk's offline queue (services/offline_queue.py)
    "offline_no_keyring": ("没有可用的系统钥匙串，无法保存离线队列的密钥", "No OS keyring is usable here, so the offline queue's keys cannot be kept"),
    "offline_not_prepared": (
        "管理员 {admin} 尚未在本机联网登录过，不能离线排队请求",
        "Administrator {admin} has not logged in online on this computer yet, so no request can be queued offline",
    ),
    "offline_file_damaged": ("离线文件 {path} 已损坏或被篡改", "The offline file {path} is damaged or was altered"),
    "offline_no_snapshot": ("本机还没有通讯录快照（请先联网登录一次）", "There is no address book snapshot on this computer yet (log in online once)"),
    "offline_request_tampered": ("请求已被篡改（签名不符），未执行", "The request was altered (its signature does not match); not applied"),
    "offline_request_foreign": ("请求由其他管理员（{admin}）排队，未执行", "The request was queued by another administrator ({admin}); not applied"),
    "offline_request_foreign_key": ("请求由其他密钥签名，未执行", "The request is signed with another key; not applied"),
    "offline_request_replayed": ("请求此前已执行过，不再重复执行", "The request was applied before; it is not applied twice"),
    "offline_request_account_deleted": ("帐号“{account}”已不存在，未执行", "Account “{account}” no longer exists; not applied"),
    "offline_request_clock_far_off": (
        "请求时间 {time} 晚于当前时间（时钟偏差过大），未执行",
        "The request is stamped {time}, later than now (a clock far off); not applied",
    ),
    "offline_request_expired": ("请求已超过 {days} 天有效期，未执行", "The request is older than {days} days and expired; not applied"),
    "offline_request_not_locked": ("帐号“{account}”已被解锁（其他人已处理），跳过", "Account “{account}” is no longer locked (someone else unlocked it); skipped"),
    "offline_request_reset_since": ("帐号“{account}”的密码在排队后已被他人重置，跳过", "The password of “{account}” was reset by someone else since; skipped"),
    "offline_request_changed_since": ("帐号“{account}”在此期间已被修改，跳过", "Account “{account}” was changed meanwhile; skipped"),
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
    if isinstance(params.get("role"), str):  # a role code in a sentence: its name in the sentence's language
        from youdu_console.domain.presentation import role_name

        safe["role"] = role_name(params["role"], lang or default_lang())
    cause = params.get("cause")
    if isinstance(cause, str) and cause in CATALOG:  # a coded cause replaces a library's English reason
        safe["reason"] = render(cause, lang, {k: v for k, v in params.items() if k != "cause"})
    try:
        return template.format(**safe)
    except (KeyError, IndexError, ValueError):
        return template


def localize(data: Any, lang: str) -> Any:
    """Re-render coded row errors (`{"code", "params", "message"}`) in the output's language."""
    if isinstance(data, dict):
        out = {k: localize(v, lang) for k, v in data.items()}
        if "code" in out and isinstance(out.get("params"), dict) and "message" in out:
            out["message"] = render(out["code"], lang, out["params"])
            del out["params"]
        return out
    if isinstance(data, list):
        return [localize(v, lang) for v in data]
    return data
