"""Password hashing: argon2id only (OWASP's m=19 MiB, t=2, p=1 — about 25 ms here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from youdu_console.domain.validation import check_password_policy

if TYPE_CHECKING:
    from sqlalchemy import Connection

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
# Verified against when an account does not exist, so a wrong password costs the same either way. A fixed
# hash with HASHER's parameters (tests/unit checks they match), not one made at import: hashing costs as much
# as a login, on every start of every command.
_DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$rCgV4xwuvMesekIAzL6/fw$qLIV5T4dclVCzvBtSku4aveGvAhBZ4XJpn5nlLIKCH8"


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def hash_new_password(conn: Connection, password: str) -> str:
    """A member's new password: the enterprise's password policy (5.5) enforced, then hashed."""
    from youdu_console.services.settings import setting_value

    settings = {k: setting_value(conn, k) for k in ("security.strong_password", "security.password_min_length")}
    check_password_policy(settings, password)
    return hash_password(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification, even without a hash."""
    try:
        return HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
