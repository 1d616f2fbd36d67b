"""The bind password in the OS keyring (service "youdu-console", user "ldap:<server>") — never in the DB or a file."""

from __future__ import annotations

import logging

log = logging.getLogger("youdu.ldap")
SERVICE = "youdu-console"


def _user(server: str) -> str:
    return f"ldap:{server}"


def get_password(server: str) -> str | None:
    """The stored password, or None when there is none or no usable keyring (the caller then asks)."""
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:  # pragma: no cover - keyring is a declared dependency
        return None
    try:
        return keyring.get_password(SERVICE, _user(server))
    except NoKeyringError:
        return None
    except KeyringError:
        log.warning("keyring read failed", exc_info=True)
        return None


def set_password(server: str, password: str) -> bool:
    """Store the password; False when no keyring backend is usable (it must then be given at every sync)."""
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(SERVICE, _user(server), password)
    except NoKeyringError:
        return False
    except KeyringError:
        log.warning("keyring write failed", exc_info=True)
        return False
    return True


def delete_password(server: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _user(server))
    except (PasswordDeleteError, KeyringError):
        pass
