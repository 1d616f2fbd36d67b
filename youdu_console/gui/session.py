"""The logged-in session the window works with: database, acting administrator and each area's service."""

from __future__ import annotations

from dataclasses import dataclass

from youdu_console.services.access import AccessService
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet
from youdu_console.services.console import Console
from youdu_console.services.directory import DirectoryService
from youdu_console.services.settings import SettingsService
from youdu_console.store.db import safe_url
from youdu_console.store.uow import UnitOfWork


@dataclass
class Session:
    url: str
    console: Console

    @property
    def uow(self) -> UnitOfWork:
        return self.console.uow

    @property
    def actor(self) -> Actor:
        return self.console.actor

    @property
    def directory(self) -> DirectoryService:
        return self.console.directory

    @property
    def settings(self) -> SettingsService:
        return self.console.settings

    @property
    def access(self) -> AccessService:
        """Authorisation lists and the lockout desk, for this administrator."""
        return self.console.access

    @property
    def display_url(self) -> str:
        return safe_url(self.url)

    @property
    def display_name(self) -> str:
        """The database as people name it (profile, file name or host/database), not its URL."""
        from youdu_console.gui.profiles import describe

        return describe(self.url)

    def can(self, right: str) -> bool:
        return self.actor.can(right)

    def apply(self, cs: ChangeSet) -> ChangeSet:
        return self.console.apply(cs)

    def close(self) -> None:
        self.uow.dispose()
