"""What the window's start-up skips must still give the same answers (lazy Alembic, a fixed dummy hash)."""

from __future__ import annotations


def test_the_fast_head_revision_agrees_with_alembic() -> None:
    """store.db reads the head from the scripts without importing Alembic (start-up time); same answer."""
    from youdu_console.store import db

    assert db.head_revision() == db._alembic_head()


def test_the_dummy_password_hash_uses_the_hasher_parameters() -> None:
    """A login for an unknown account verifies against a fixed hash: it must cost what a real one costs."""
    from youdu_console.services import passwords

    assert not passwords.verify_password(None, "youdu-console timing equaliser")
    assert passwords.HASHER.verify(passwords._DUMMY_HASH, "youdu-console timing equaliser")
    assert not passwords.HASHER.check_needs_rehash(passwords._DUMMY_HASH)
