"""What every command handler gets: parsed arguments, output, the database and the logged-in console."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from functools import cached_property

from youdu_console.cli.output import Output
from youdu_console.domain.errors import AuthenticationError, ValidationError
from youdu_console.services.auth import Actor
from youdu_console.services.console import Console, connect_as, login, open_uow
from youdu_console.store import security
from youdu_console.store.db import default_url
from youdu_console.store.uow import UnitOfWork

KEYRING_SERVICE = "youdu-console"
POLICY_ASKER = Actor("policy", "super")  # the IM server asking on an embedded database (README: policy questions)


class Context:
    def __init__(self, args: argparse.Namespace, out: Output) -> None:
        self.args = args
        self.out = out
        self.lang = out.lang

    @property
    def url(self) -> str:
        return getattr(self.args, "db", None) or default_url()

    @cached_property
    def uow(self) -> UnitOfWork:
        if security.needs_console_login(self.url):
            # A shared server: the administrator's own database login is the connection.
            return self.console.uow
        return open_uow(self.url)

    @cached_property
    def console(self) -> Console:
        name, password = self.credentials()
        if security.needs_console_login(self.url):
            return connect_as(self.url, name, password)
        return login(self.uow, name, password)

    @cached_property
    def asker(self) -> Actor:
        """Who asks a `policy …` question: the administrator when one logs in (YOUDU_ADMIN given, or a shared
        server, where the login is the connection) — its role and departments then bound the answer; else, on an
        embedded database, the IM server's own question (whoever holds the file holds all of it)."""
        if os.environ.get("YOUDU_ADMIN") or security.needs_console_login(self.url):
            return self.console.actor
        return POLICY_ASKER

    def credentials(self) -> tuple[str, str]:
        name = os.environ.get("YOUDU_ADMIN")
        password = os.environ.get("YOUDU_ADMIN_PASSWORD")
        if name and password is None:
            password = _keyring_password(name)
        if (not name or password is None) and sys.stdin.isatty():
            name = name or input(self.out.t("管理员: ", "Administrator: "))
            password = getpass.getpass(self.out.t("密码: ", "Password: "))
        if not name or password is None:
            raise AuthenticationError("login_required")
        return name, password

    def read_password(self, required: bool = True) -> str | None:
        """One line from standard input (--password-stdin); passwords are never plain arguments."""
        if not getattr(self.args, "password_stdin", False):
            if required:
                raise ValidationError("password_required", field="password")
            return None
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise ValidationError("password_required", field="password")
        return password


def _keyring_password(name: str) -> str | None:
    """The administrator's password from this user's secret store (the OS keyring, or the secrets file the
    administrator chose with `secrets use file`). A chosen file that is unsafe raises its coded error."""
    from youdu_console.store.secrets import SecretStoreError, get_secret

    try:
        return get_secret(f"admin:{name}")
    except SecretStoreError:
        raise
    except Exception:  # noqa: BLE001 - no usable keyring backend: fall back to asking
        return None
