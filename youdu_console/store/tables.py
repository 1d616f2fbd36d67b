"""The models' Core tables, typed as `Table` (services query with Core, never through ORM sessions)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from youdu_console.store import models as m


def _t(model: type[m.Base]) -> Table:
    return cast(Table, model.__table__)


META = _t(m.Meta)
ID_BLOCKS = _t(m.IdBlock)
DEPARTMENTS = _t(m.Department)
MEMBERS = _t(m.Member)
MEMBER_DEPARTMENTS = _t(m.MemberDepartment)
LOGIN_STATE = _t(m.LoginState)
CHANGE_SETS = _t(m.ChangeSetRow)
AUDIT_LOG = _t(m.AuditEntry)
AUDIT_HEAD = _t(m.AuditHead)
ADMINS = _t(m.Admin)
ADMIN_LOGIN_STATE = _t(m.AdminLoginState)
SETTINGS = _t(m.SettingRow)
LOGIN_LOG = _t(m.LoginLog)
EVENT_LOG = _t(m.EventLog)
GROUPS = _t(m._models_groups.Group)
GROUP_MEMBERS = _t(m._models_groups.GroupMember)
VISIBILITY_RULES = _t(m._models_visibility.VisibilityRule)
SYSTEM_MESSAGES = _t(m._models_api.SystemMessage)
APPS = _t(m._models_apps.App)
PORTAL_TEMPLATES = _t(m._models_apps.PortalTemplate)
PORTAL_APPS = _t(m._models_apps.PortalApp)
PORTAL_AUDIENCE = _t(m._models_apps.PortalAudience)
MESSAGE_MENUS = _t(m._models_apps.MessageMenu)
WORKBENCH = _t(m._models_apps.Workbench)
