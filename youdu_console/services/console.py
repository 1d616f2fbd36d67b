"""One object per session: the unit of work, the acting administrator, and each area's service."""

from __future__ import annotations

from youdu_console.services.admins import AdminService
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, apply
from youdu_console.services.directory import DirectoryService
from youdu_console.services.groups import GroupService
from youdu_console.services.settings import SettingsService
from youdu_console.store.db import open_database
from youdu_console.store.uow import UnitOfWork


class Console:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.directory = DirectoryService(uow, actor)
        self.settings = SettingsService(uow, actor)
        self.admins = AdminService(uow)
        self.groups = GroupService(uow, actor)

    def apply(self, cs: ChangeSet) -> ChangeSet:
        return apply(self.uow, cs, self.actor)


def open_uow(url: str) -> UnitOfWork:
    return UnitOfWork(open_database(url))


def login(uow: UnitOfWork, name: str, password: str) -> Console:
    return Console(uow, AdminService(uow).login(name, password))
