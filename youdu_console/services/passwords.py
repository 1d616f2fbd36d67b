"""Password hashing: argon2id only (OWASP's m=19 MiB, t=2, p=1 — about 25 ms here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from youdu_console.domain.validation import check_password_policy

if TYPE_CHECKING:
    from sqlalchemy import Connection

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
# The most a stored hash may ask of one verification. A hash from elsewhere (a .dat restore) above these is
# refused: one with m=1 GiB made a single login take 8 s and 1.1 GB. Weaker hashes are accepted and replaced
# with the console's parameters at the member's next successful login (needs_rehash).
MAX_MEMORY_KIB = 64 * 1024
MAX_TIME_COST = 10
MAX_PARALLELISM = 8
MAX_HASH_LEN = 64
# Verified against when an account does not exist, so a wrong password costs the same either way. A fixed
# hash made with HASHER's parameters: hashing it at import cost every start-up 50-100 ms of argon2.
_DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$E71nU3qNaM3qQbH5dFh/HA$jSs612CBI68p+9IzPWiJa7oAXeF/mF5SfpwGRKMIZ8s"


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def hash_new_password(conn: Connection, password: str) -> str:
    """A member's new password: the enterprise's password policy (5.5) enforced, then hashed."""
    from youdu_console.store.settings import setting_value  # here: a login's check needs no SQLAlchemy

    settings = {k: setting_value(conn, k) for k in ("security.strong_password", "security.password_min_length")}
    check_password_policy(settings, password)
    return hash_password(password)


def hash_problem(stored_hash: str) -> str | None:
    """Why a stored hash may not be used (not argon2, unreadable, costlier than the console allows), or None."""
    try:
        params = extract_parameters(stored_hash)
    except (InvalidHashError, ValueError):
        return "not an argon2 hash"
    if params.type not in (Type.ID, Type.I):
        return "argon2d is not accepted"
    if params.memory_cost > MAX_MEMORY_KIB:
        return f"m={params.memory_cost} KiB > {MAX_MEMORY_KIB}"
    if params.time_cost > MAX_TIME_COST:
        return f"t={params.time_cost} > {MAX_TIME_COST}"
    if params.parallelism > MAX_PARALLELISM:
        return f"p={params.parallelism} > {MAX_PARALLELISM}"
    if params.hash_len > MAX_HASH_LEN:
        return f"hash length {params.hash_len} > {MAX_HASH_LEN}"
    return None


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash is not made with the console's current parameters (a weaker restored one)."""
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return True


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification, even without a hash.

    A hash beyond the console's bounds is never verified (it could cost seconds and gigabytes): the dummy
    hash is verified instead and the password counts as wrong.
    """
    usable = stored_hash is not None and hash_problem(stored_hash) is None
    try:
        return HASHER.verify(stored_hash if usable and stored_hash else _DUMMY_HASH, password) and usable
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
