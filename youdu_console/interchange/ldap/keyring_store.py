"""The bind password in the user's secret store (store.secrets: the OS keyring, or the administrator's 0600
file), under the name "ldap:<server>" — never in the database."""

from __future__ import annotations

from youdu_console.store import secrets


def secret_name(server: str) -> str:
    return f"ldap:{server}"


def get_password(server: str) -> str | None:
    """The stored password, or None when there is none or no usable store (the caller then asks).
    A chosen secrets file that is unsafe or damaged raises its coded error instead."""
    return secrets.get_secret(secret_name(server))


def store_password(server: str, password: str) -> str | None:
    """Store the password; the store's name (`keyring` or `file`), or None when none is usable here."""
    return secrets.set_secret(secret_name(server), password)


def set_password(server: str, password: str) -> bool:
    return store_password(server, password) is not None


def delete_password(server: str) -> None:
    secrets.delete_secret(secret_name(server))
