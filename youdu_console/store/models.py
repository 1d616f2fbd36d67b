"""ORM classes over the console's Core tables (`store.tables`), for Alembic's metadata and for tests or tools that
want them. The application itself queries with Core and does not import this module (it would load the ORM)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from youdu_console.store import tables
from youdu_console.store.tables import NAMING, Id, Timestamp  # noqa: F401  (re-exported for older imports)


class Base(DeclarativeBase):
    metadata = tables.METADATA


class Meta(Base):
    """Marks a database as ours; a SQLite file without it is refused, never overwritten."""

    __table__ = tables.META


class IdBlock(Base):
    __table__ = tables.ID_BLOCKS


class Department(Base):
    __table__ = tables.DEPARTMENTS


class Member(Base):
    __table__ = tables.MEMBERS


class MemberDepartment(Base):
    __table__ = tables.MEMBER_DEPARTMENTS


class LoginState(Base):
    __table__ = tables.LOGIN_STATE


class ChangeSetRow(Base):
    __table__ = tables.CHANGE_SETS


class AuditEntry(Base):
    __table__ = tables.AUDIT_LOG


class AuditHead(Base):
    __table__ = tables.AUDIT_HEAD


class Admin(Base):
    __table__ = tables.ADMINS


class AdminLoginState(Base):
    __table__ = tables.ADMIN_LOGIN_STATE


class SettingRow(Base):
    __table__ = tables.SETTINGS


class LoginLog(Base):
    __table__ = tables.LOGIN_LOG


class EventLog(Base):
    __table__ = tables.EVENT_LOG


class Group(Base):
    __table__ = tables.GROUPS


class GroupMember(Base):
    __table__ = tables.GROUP_MEMBERS


class LdapSyncRun(Base):
    __table__ = tables.LDAP_SYNC_RUNS


class VisibilityRule(Base):
    __table__ = tables.VISIBILITY_RULES


class SystemMessage(Base):
    __table__ = tables.SYSTEM_MESSAGES


class App(Base):
    __table__ = tables.APPS


class PortalTemplate(Base):
    __table__ = tables.PORTAL_TEMPLATES


class PortalApp(Base):
    __table__ = tables.PORTAL_APPS


class PortalAudience(Base):
    __table__ = tables.PORTAL_AUDIENCE


class MessageMenu(Base):
    __table__ = tables.MESSAGE_MENUS


class Workbench(Base):
    __table__ = tables.WORKBENCH
