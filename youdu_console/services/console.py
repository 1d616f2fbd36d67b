"""One object per session, for the window and the CLI alike: the unit of work, the acting administrator,
and each area's service."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import select

from youdu_console.domain.errors import AuthenticationError, DatabaseUnavailable
from youdu_console.services.admins import AdminService
from youdu_console.services.announcements import AnnouncementService
from youdu_console.services.apps import AppService
from youdu_console.services.auth import Actor, actor_of_row
from youdu_console.services.changes import ChangeSet, apply
from youdu_console.services.directory import DirectoryService
from youdu_console.services.enterprise import EnterpriseService
from youdu_console.services.feedback import FeedbackService
from youdu_console.services.groups import GroupService
from youdu_console.services.message_menus import MessageMenuService
from youdu_console.services.portal import PortalService
from youdu_console.services.settings import SettingsService
from youdu_console.services.visibility import VisibilityService
from youdu_console.store import security, tables
from youdu_console.store.db import open_database
from youdu_console.store.uow import UnitOfWork

if TYPE_CHECKING:
    from youdu_console.services.access import AccessService
    from youdu_console.services.app_files import AppFileService
    from youdu_console.services.interchange import ExportService, ImportService
    from youdu_console.services.ldap_sync import LdapSyncService


class Console:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.directory = DirectoryService(uow, actor)
        self.settings = SettingsService(uow, actor)
        self.admins = AdminService(uow)
        # Importing the groups area also registers its entities and the department-group derivation, which
        # every apply of a member change needs: the session object is where the areas are put together.
        self.groups = GroupService(uow, actor)
        # 我的企业's actions; importing it registers the rule that RTX, when on, is the address book's master.
        self.enterprise = EnterpriseService(uow, actor)
        # 可见性设置: its rules are an entity (and an invariant on deleting what they name) every apply needs.
        self.visibility = VisibilityService(uow, actor)
        # 企业应用: its entities (apps, portal templates) registered for every apply, as the groups' are.
        self.apps = AppService(uow, actor)
        self.portal = PortalService(uow, actor)  # and the audiences' derivation (they follow the address book)
        self.menus = MessageMenuService(uow, actor)
        # 意见反馈: deleting feedback is a change set (the entity is registered on import), undoable from history.
        self.feedback = FeedbackService(uow, actor)
        self.announcements = AnnouncementService(uow, actor)  # 通知公告 (3.5.7)

    # The other areas' services, made on first use: a read command never imports the importers or ldap3.
    @cached_property
    def app_files(self) -> AppFileService:
        from youdu_console.services.app_files import AppFileService

        return AppFileService(self.uow, self.actor)

    @cached_property
    def access(self) -> AccessService:
        from youdu_console.services.access import AccessService

        return AccessService(self.uow, self.actor)

    @cached_property
    def imports(self) -> ImportService:
        from youdu_console.services.interchange import ImportService

        return ImportService(self.uow, self.actor)

    @cached_property
    def exports(self) -> ExportService:
        from youdu_console.services.interchange import ExportService

        return ExportService(self.uow, self.actor)

    @cached_property
    def ldap(self) -> LdapSyncService:
        from youdu_console.services.ldap_sync import LdapSyncService

        return LdapSyncService(self.uow, self.actor)

    def apply(self, cs: ChangeSet) -> ChangeSet:
        return apply(self.uow, cs, self.actor)


def open_uow(url: str) -> UnitOfWork:
    return UnitOfWork(open_database(url))


def login(uow: UnitOfWork, name: str, password: str) -> Console:
    """The console's password check; on a shared server's URL without a user, the administrator's own login."""
    url = uow.engine.url.render_as_string(hide_password=False)
    if security.needs_console_login(url):
        console = connect_as(url, name, password)
        uow.dispose()
        return console
    return Console(uow, AdminService(uow).login(name, password))


def connect_as(url: str, name: str, password: str) -> Console:
    """Log in: with the administrator's own database login on a server URL that names no user, else by the
    console's password check (SQLite, or a URL carrying the owner's credentials)."""
    if not security.needs_console_login(url):
        return login(open_uow(url), name, password)
    try:
        uow = UnitOfWork(open_database(security.login_url(url, name, password), migrate=False))
    except DatabaseUnavailable as exc:
        reason = str(exc.params.get("reason", ""))
        if _login_disabled(reason):
            raise AuthenticationError("db_login_disabled", name=name) from None
        if _login_refused(reason):
            raise AuthenticationError("db_login_failed", name=name) from None
        raise
    try:
        return Console(uow, actor_of_login(uow, name))
    except Exception:
        uow.dispose()
        raise


def _login_disabled(reason: str) -> bool:
    """The login of a removed administrator (PostgreSQL NOLOGIN, MariaDB ACCOUNT LOCK)."""
    text = reason.lower()
    return "not permitted to log in" in text or "account is locked" in text


def _login_refused(reason: str) -> bool:
    text = reason.lower()
    return "password authentication failed" in text or "access denied" in text or "(1045" in text \
        or "role" in text and "does not exist" in text


def actor_of_login(uow: UnitOfWork, name: str) -> Actor:
    """The administrator the server authenticated: its admins row, and the login must hold that role's group."""
    admins = tables.ADMINS
    with uow.read() as conn:
        if not security.installed(conn):
            raise AuthenticationError("db_not_secured")
        row = conn.execute(select(admins.c.name, admins.c.role, admins.c.scopes, admins.c.permissions)
                           .where(admins.c.name == security.session_login(conn))).first()
        if row is None:
            raise AuthenticationError("db_login_not_admin", name=name)
        security.check_login(conn, row.name, row.role)
    return actor_of_row(row)
