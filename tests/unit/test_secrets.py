"""The secret store for unattended runs: the OS keyring by default, a 0600 file only when chosen, never widened."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring

from youdu_console.domain.errors import YouduError
from youdu_console.interchange.ldap import keyring_store
from youdu_console.store import secrets


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "youdu-console" / "secrets.json"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    saved = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(saved)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    saved = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(saved)


def test_without_a_keyring_nothing_is_kept_and_no_file_appears(home: Path, no_keyring: None) -> None:
    assert secrets.keyring_backend()[1] is False
    assert keyring_store.set_password("ldap://dc1:389", "pw") is False
    assert keyring_store.get_password("ldap://dc1:389") is None
    assert not home.exists() and not home.parent.exists()
    assert secrets.status()["store"] == "keyring"


def test_the_chosen_file_is_0600_in_a_0700_directory_and_keeps_secrets(home: Path, no_keyring: None) -> None:
    os.umask(0o022)
    secrets.use_store("file")
    assert stat.S_IMODE(home.stat().st_mode) == 0o600 and stat.S_IMODE(home.parent.stat().st_mode) == 0o700
    assert keyring_store.store_password("ldap://dc1:389", "p@ss 密码") == "file"
    assert keyring_store.get_password("ldap://dc1:389") == "p@ss 密码"
    assert secrets.set_secret("admin:root", "Secret#123") == "file"
    assert stat.S_IMODE(home.stat().st_mode) == 0o600  # a rewrite never widens it
    assert json.loads(home.read_text())["secrets"] == {"ldap:ldap://dc1:389": "p@ss 密码", "admin:root": "Secret#123"}
    assert secrets.status()["names"] == ["admin:root", "ldap:ldap://dc1:389"]
    assert secrets.delete_secret("admin:root") and not secrets.delete_secret("admin:root")
    assert [p.name for p in home.parent.iterdir()] == ["secrets.json"]  # no temporary file left behind


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o666])
def test_a_file_group_or_others_may_touch_is_refused_for_reading_and_writing(home: Path, no_keyring: None,
                                                                             mode: int) -> None:
    secrets.use_store("file")
    secrets.set_secret("admin:root", "Secret#123")
    home.chmod(mode)
    for call in (lambda: secrets.get_secret("admin:root"), lambda: secrets.set_secret("admin:root", "x"),
                 lambda: secrets.use_store("file")):
        with pytest.raises(YouduError) as err:
            call()
        assert err.value.code == "secret_file_unsafe" and oct(mode) in err.value.message("en")
    assert stat.S_IMODE(home.stat().st_mode) == mode  # not "repaired" behind the administrator's back
    home.chmod(0o600)
    assert secrets.get_secret("admin:root") == "Secret#123"


def test_a_file_owned_by_someone_else_or_damaged_is_refused(home: Path, no_keyring: None) -> None:
    secrets.use_store("file")
    if os.getuid() == 0:
        os.chown(home, 65534, -1)
        with pytest.raises(YouduError) as err:
            secrets.get_secret("admin:root")
        assert err.value.code == "secret_file_unsafe" and "uid 65534" in err.value.message("en")
        os.chown(home, 0, -1)
    home.write_text("{not json")
    with pytest.raises(YouduError) as err:
        secrets.get_secret("admin:root")
    assert err.value.code == "secret_file_damaged"
    home.write_text(json.dumps({"some": "other file"}))
    with pytest.raises(YouduError) as err:
        secrets.set_secret("admin:root", "x")
    assert err.value.code == "secret_file_damaged"
    assert json.loads(home.read_text()) == {"some": "other file"}


def test_going_back_to_the_keyring_moves_the_secrets_and_removes_the_file(home: Path,
                                                                           memory_keyring: MemoryKeyring) -> None:
    secrets.use_store("file")
    secrets.set_secret("ldap:ldap://dc1:389", "pw1")
    assert memory_keyring.items == {}  # the file was chosen: the keyring is not used
    secrets.use_store("keyring")
    assert not home.exists()
    assert memory_keyring.items == {("youdu-console", "ldap:ldap://dc1:389"): "pw1"}
    assert keyring_store.get_password("ldap://dc1:389") == "pw1"


def test_going_back_to_a_keyring_that_is_not_there_is_refused(home: Path, no_keyring: None) -> None:
    secrets.use_store("file")
    secrets.set_secret("admin:root", "Secret#123")
    with pytest.raises(YouduError) as err:
        secrets.use_store("keyring")
    assert err.value.code == "secret_keyring_unavailable"
    assert secrets.get_secret("admin:root") == "Secret#123"


def test_secret_names_are_checked() -> None:
    for bad in ("root", "ldap:", "user:x", ""):
        with pytest.raises(YouduError) as err:
            secrets.check_name(bad)
        assert err.value.code == "secret_name_invalid"
    assert secrets.check_name("admin:root") == "admin:root"
