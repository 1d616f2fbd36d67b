"""Where the console keeps secrets it must reuse unattended (the LDAP bind password, an administrator's login).

Two stores, chosen per user account on each machine, explicitly by the administrator:

- `keyring` (the default): the OS credential store through the `keyring` package — Windows Credential
  Manager, macOS Keychain, Secret Service / KWallet on a Linux desktop. Without one (a headless server: the
  fail backend raises NoKeyringError) nothing is stored and the secret is asked for at every use.
- `file`: a JSON file in the user's configuration directory (`~/.config/youdu-console/secrets.json` on Linux),
  created only by `youdu-console secrets use file`, with mode 0600 in a 0700 directory. Its existence is the
  choice. It is refused — never read, never written — when its group or others may read or write it, or when
  another user owns it. The secrets in it are plain text: the permissions keep other local users out; root,
  anyone who can act as this user, and backups of the home directory can read them. POSIX only.

The console never falls back to the file by itself (notes/test-infra.md): without the administrator's
`secrets use file`, a missing keyring means "ask every time".
"""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from youdu_console.domain.errors import ValidationError, YouduError

log = logging.getLogger("youdu.secrets")

SERVICE = "youdu-console"  # the keyring service name (shared with the window's saved connection profiles)
FILE_NAME = "secrets.json"
FORMAT = "youdu-console secrets 1"
STORES = ("keyring", "file")


class SecretStoreError(YouduError):
    """The chosen secret store cannot be used as it is (unsafe permissions, damaged, not supported here)."""

    kind = "secret_store"


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("youdu-console", "Youdu"))


def secrets_path() -> Path:
    return config_dir() / FILE_NAME


def chosen_store() -> str:
    """`file` when the administrator created the secrets file for this user, else `keyring`."""
    return "file" if secrets_path().exists() else "keyring"


# ---------------------------------------------------------------------------- the OS keyring


def keyring_backend() -> tuple[str, bool]:
    """(backend name, usable). The fail backend — no keyring on this machine — is not usable."""
    try:
        import keyring
        from keyring.backends.fail import Keyring as FailKeyring

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring installation is the same as none
        return f"unavailable ({type(exc).__name__})", False
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    return name, not isinstance(backend, FailKeyring)


def _keyring_get(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        return keyring.get_password(SERVICE, name)
    except NoKeyringError:
        return None
    except KeyringError:
        log.warning("keyring read failed", exc_info=True)
        return None


def _keyring_set(name: str, value: str) -> bool:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(SERVICE, name, value)
    except NoKeyringError:
        return False
    except KeyringError:
        log.warning("keyring write failed", exc_info=True)
        return False
    return True


def _keyring_delete(name: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(SERVICE, name)
    except KeyringError:
        pass


# ---------------------------------------------------------------------------- the file


def _check_file(path: Path) -> None:
    """Refuse a secrets file others could read or replace: it would hand out the directory password."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise SecretStoreError("secret_file_unsafe", path=str(path), mode="not a regular file")
    if st.st_uid != os.getuid():
        raise SecretStoreError("secret_file_unsafe", path=str(path), mode=f"owned by uid {st.st_uid}")
    if st.st_mode & 0o077:
        raise SecretStoreError("secret_file_unsafe", path=str(path), mode=oct(stat.S_IMODE(st.st_mode)))


def _read_file(path: Path) -> dict[str, str]:
    _check_file(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise SecretStoreError("secret_file_damaged", path=str(path), reason=type(exc).__name__) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("secrets"), dict):
        raise SecretStoreError("secret_file_damaged", path=str(path), reason="not a youdu-console secrets file")
    return {str(k): str(v) for k, v in data["secrets"].items()}


def _write_file(path: Path, secrets: dict[str, str]) -> None:
    """Replace the file atomically; the new file is 0600 from its first byte (never widened, then narrowed)."""
    _check_file(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = json.dumps({"format": FORMAT, "secrets": secrets}, ensure_ascii=False, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".secrets-", dir=path.parent)  # mkstemp creates it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _require_posix() -> None:
    if os.name != "posix":
        raise SecretStoreError("secret_file_unsupported")


# ---------------------------------------------------------------------------- the store


def check_name(name: str) -> str:
    """Secret names: `ldap:<server URL>` (the bind password), `admin:<name>` (a console login),
    `smtp:<mail server>` (5.5 password reset mail) or `push:<AppID>` (5.7.2 push certificate password)."""
    kind, _, rest = name.partition(":")
    if kind not in ("ldap", "admin", "smtp", "push") or not rest.strip():
        raise ValidationError("secret_name_invalid", field="name", value=name)
    return name


def get_secret(name: str) -> str | None:
    """The stored secret, or None (the caller then asks). A chosen file that is unsafe or damaged raises."""
    path = secrets_path()
    if path.exists():
        return _read_file(path).get(name)
    return _keyring_get(name)


def set_secret(name: str, value: str) -> str | None:
    """Store it in the chosen store; returns the store's name, or None when no store is usable."""
    path = secrets_path()
    if path.exists():
        secrets = _read_file(path)
        secrets[name] = value
        _write_file(path, secrets)
        return "file"
    return "keyring" if _keyring_set(name, value) else None


def delete_secret(name: str) -> bool:
    path = secrets_path()
    if path.exists():
        secrets = _read_file(path)
        if secrets.pop(name, None) is None:
            return False
        _write_file(path, secrets)
        return True
    had = _keyring_get(name) is not None
    _keyring_delete(name)
    return had


def use_store(store: str) -> dict[str, Any]:
    """Choose where this user's secrets live on this machine.

    `file` creates the 0600 secrets file (an existing one is checked and kept). `keyring` moves the file's
    secrets into the OS keyring and removes the file; refused when no keyring is usable here.
    """
    if store not in STORES:
        raise ValidationError("setting_invalid", field="store", key="store", value=store, reason="keyring/file")
    path = secrets_path()
    if store == "file":
        _require_posix()
        if path.exists():
            _read_file(path)
        else:
            _write_file(path, {})
        return status()
    backend, usable = keyring_backend()
    if not usable:
        raise SecretStoreError("secret_keyring_unavailable", backend=backend)
    if path.exists():
        secrets = _read_file(path)
        for name, value in secrets.items():
            if not _keyring_set(name, value):
                raise SecretStoreError("secret_keyring_unavailable", backend=backend)
        path.unlink()
    return status()


def status() -> dict[str, Any]:
    """Which store is in use, where, whether it is usable, and the names (never the values) it holds."""
    backend, usable = keyring_backend()
    path = secrets_path()
    out: dict[str, Any] = {"store": chosen_store(), "file": str(path), "keyring_backend": backend,
                           "keyring_usable": usable, "names": None, "problem": None}
    if path.exists():
        try:
            out["names"] = sorted(_read_file(path))
            out["mode"] = oct(stat.S_IMODE(path.stat().st_mode))
        except SecretStoreError as exc:
            out["problem"] = exc.to_dict()
    return out
