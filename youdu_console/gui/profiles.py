"""Saved connection profiles: the non-secret parts in QSettings, the server password in the OS keyring."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from youdu_console.gui.prefs import preferences
from youdu_console.store.db import default_url

log = logging.getLogger("youdu.gui.profiles")

KEYRING_SERVICE = "youdu-console"
KINDS = ("sqlite", "postgresql", "mysql")
DRIVERS = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql"}
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
CONNECT_TIMEOUT = "10"  # seconds: an unreachable server must not leave the window waiting for minutes


def default_sqlite_path() -> str:
    """The zero-set-up local database (store.db.default_url), or the user data file when that is a server."""
    url = default_url()
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a malformed $YOUDU_DB: fall back to the data directory
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database:
        return parsed.database
    import platformdirs

    return str(Path(platformdirs.user_data_dir("youdu-console", "Youdu")) / "youdu-console.db")


@dataclass
class Profile:
    name: str
    kind: str = "sqlite"
    path: str = ""
    host: str = ""
    port: int = 0
    database: str = ""
    user: str = ""

    @property
    def needs_password(self) -> bool:
        return self.kind != "sqlite"

    def url(self, password: str | None = None) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"
        query = {"connect_timeout": CONNECT_TIMEOUT}
        if self.kind == "mysql":
            query["charset"] = "utf8mb4"
        url = URL.create(DRIVERS[self.kind], username=self.user or None, password=password or None,
                         host=self.host or None, port=self.port or DEFAULT_PORTS[self.kind],
                         database=self.database or None, query=query)
        return url.render_as_string(hide_password=False)

    def secret_name(self) -> str:
        """The keyring entry's user name: the server and account, never the profile's display name alone."""
        port = self.port or DEFAULT_PORTS.get(self.kind, 0)
        return f"db:{self.kind}://{self.user}@{self.host}:{port}/{self.database}"


def default_profile() -> Profile:
    return Profile(name="", kind="sqlite", path=default_sqlite_path())


class ProfileStore:
    """Profiles in the per-desktop preferences; the last one used is offered first."""

    GROUP = "connections"

    def load(self) -> list[Profile]:
        s = preferences()
        size = s.beginReadArray(self.GROUP)
        out = []
        for i in range(size):
            s.setArrayIndex(i)
            kind = str(s.value("kind", "sqlite"))
            out.append(Profile(name=str(s.value("name", "")), kind=kind if kind in KINDS else "sqlite",
                               path=str(s.value("path", "")), host=str(s.value("host", "")),
                               port=int(s.value("port", 0) or 0), database=str(s.value("database", "")),
                               user=str(s.value("user", ""))))
        s.endArray()
        return out

    def save(self, profiles: list[Profile]) -> None:
        s = preferences()
        s.remove(self.GROUP)
        s.beginWriteArray(self.GROUP, len(profiles))
        for i, p in enumerate(profiles):
            s.setArrayIndex(i)
            for key, value in asdict(p).items():
                s.setValue(key, value)
        s.endArray()
        s.sync()

    def upsert(self, profile: Profile) -> None:
        profiles = [p for p in self.load() if p.name != profile.name]
        profiles.insert(0, profile)
        self.save(profiles)
        self.set_last(profile.name)

    def remove(self, name: str) -> None:
        self.save([p for p in self.load() if p.name != name])

    def last(self) -> str:
        return str(preferences().value("connections_last", ""))

    def set_last(self, name: str) -> None:
        preferences().setValue("connections_last", name)


class Secrets:
    """Server passwords in the OS keyring. Without a usable backend, `available` is False: ask every time."""

    def __init__(self) -> None:
        self.available = self._probe()

    @staticmethod
    def _probe() -> bool:
        try:
            import keyring
            from keyring.backends.fail import Keyring as FailKeyring

            return not isinstance(keyring.get_keyring(), FailKeyring)
        except Exception:  # noqa: BLE001 - a broken keyring installation is the same as none
            return False

    def get(self, profile: Profile) -> str | None:
        if not self.available:
            return None
        import keyring
        from keyring.errors import KeyringError, NoKeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, profile.secret_name())
        except NoKeyringError:
            self.available = False
            return None
        except KeyringError as exc:
            log.warning("keyring read failed: %s", exc)
            return None

    def set(self, profile: Profile, password: str) -> bool:
        if not self.available:
            return False
        import keyring
        from keyring.errors import KeyringError, NoKeyringError, PasswordSetError

        try:
            keyring.set_password(KEYRING_SERVICE, profile.secret_name(), password)
            return True
        except NoKeyringError:
            self.available = False
            return False
        except (PasswordSetError, KeyringError) as exc:
            log.warning("keyring write failed: %s", exc)
            return False

    def delete(self, profile: Profile) -> None:
        if not self.available:
            return
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, profile.secret_name())
        except (PasswordDeleteError, KeyringError):
            pass  # nothing stored: nothing to forget


def location(url: str) -> str:
    """Where a database is, for people: the file's path, or user@host:port/database (never a password)."""
    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001 - not a URL: show nothing of it
        return ""
    if u.get_backend_name() == "sqlite":
        return u.database or ""
    port = f":{u.port}" if u.port else ""
    return f"{u.username + '@' if u.username else ''}{u.host or ''}{port}/{u.database or ''}"


def describe(url: str) -> str:
    """The name a person knows a database by: its saved profile's name, else the file name (SQLite) or
    host/database (a server) — never the raw sqlite:////… URL."""
    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001
        return ""
    kind = u.get_backend_name()
    for p in ProfileStore().load():
        if not p.name or p.kind != kind:
            continue
        if kind == "sqlite" and u.database and Path(p.path) == Path(u.database):
            return p.name
        if kind != "sqlite" and (p.host, p.database) == (u.host or "", u.database or "") \
                and (p.port or DEFAULT_PORTS.get(kind)) == (u.port or DEFAULT_PORTS.get(kind)):
            return p.name
    if kind == "sqlite":
        return Path(u.database).name if u.database else ""
    return f"{u.host or ''}/{u.database or ''}"
