"""Apps' secrets on a secured shared server (issue #16 on issue #12's model): the server itself keeps
EncodingAESKeys and callback Tokens from non-super logins — in `apps` (column privileges) and in the journal
(change_sets holds references; the values live in the super-only app_secret_history). docs/app-secrets.md."""

from __future__ import annotations

import zlib

import pytest

from tests.fixtures.secured import PASSWORDS, Server
from youdu_console.domain.errors import PermissionDenied
from youdu_console.services import changes
from youdu_console.services.apps import app_credentials
from youdu_console.services.console import Console, connect_as


def _refused(conn: object, sql: str) -> bool:
    cur = conn.cursor()  # type: ignore[attr-defined]
    try:
        cur.execute(sql)
        cur.fetchall()
    except Exception:  # noqa: BLE001 - any server error is a refusal
        return True
    return False


def _journal(server: Server, role: str) -> bytes:
    """Every journalled payload, decompressed, as the login reads it with raw SQL."""
    conn = server.raw(role)
    try:
        cur = conn.cursor()
        cur.execute("SELECT payload FROM change_sets")
        return b"".join(zlib.decompress(bytes(r[0])) for r in cur.fetchall())
    finally:
        conn.close()


def _apply(c: Console, plan: changes.ChangeSet) -> changes.ChangeSet:
    return c.apply(changes.complete(c.uow, plan))


def test_app_secrets_are_the_super_logins_alone(secured_server: Server) -> None:
    server = secured_server
    boss = connect_as(server.login_url, server.names["super"], PASSWORDS["super"])
    scoped = connect_as(server.login_url, server.names["scoped"], PASSWORDS["scoped"])
    try:
        # The scoped admin's ordinary app work goes through the services under the column grants.
        mine = _apply(scoped, scoped.apps.plan_add("研发工具", intro="研发部的工具")).operations[0].key
        _apply(scoped, scoped.apps.plan_update(mine, homepage="https://tools.example.com/?t=$TOKEN$"))
        assert {a.app_id for a in scoped.apps.list_apps()} >= {mine, "sysOrgAssistant"}
        assert scoped.apps.get(mine).homepage.startswith("https://tools.example.com/")
        _apply(scoped, scoped.portal.plan_add("研发门户", apps=[mine], depts=["研发部"]))
        with pytest.raises(PermissionDenied):  # setting a key: super only, refused before the server is asked
            scoped.apps.plan_regenerate_key(mine)

        # The super admin reveals (audited) and regenerates; the journal keeps no key in clear.
        org_key = boss.apps.reveal_secret("sysOrgAssistant")["encoding_aes_key"]
        first = boss.apps.reveal_secret(mine)["encoding_aes_key"]
        regen = _apply(boss, boss.apps.plan_regenerate_key(mine))
        second = boss.apps.reveal_secret(mine)["encoding_aes_key"]
        assert second != first
        # Undo restores the old key (read back from app_secret_history by the super login).
        _apply(boss, changes.plan_undo(boss.uow, boss.actor, regen.id))
        assert boss.apps.reveal_secret(mine)["encoding_aes_key"] == first
        tok = _apply(boss, boss.apps.plan_regenerate_token(mine))
        token = boss.apps.reveal_secret(mine)["callback_token"]
        assert len(token) >= 3

        for role in ("scoped", "helpdesk", "auditor"):
            conn = server.raw(role)
            try:
                for sql in ("SELECT aes_key FROM apps", "SELECT callback_token FROM apps", "SELECT * FROM apps",
                            "SELECT secret FROM app_secret_history"):
                    assert _refused(conn, sql), (role, sql)
                assert not _refused(conn, "SELECT app_id, name, homepage FROM apps")
            finally:
                conn.close()
        journal = _journal(server, "scoped")
        assert b"secret:" in journal  # the references are there ...
        for value in (first, second, token, org_key):  # ... the values are not
            assert value.encode() not in journal
        conn = server.raw("scoped")
        try:  # nor can the scoped login set a key with raw SQL (it would then call the API as that app)
            assert _refused(conn, "UPDATE apps SET aes_key = 'x' WHERE app_id = 'sysOrgAssistant'")
            assert _refused(conn, f"UPDATE apps SET callback_token = 'x' WHERE app_id = '{mine}'")
        finally:
            conn.close()

        _apply(boss, changes.plan_undo(boss.uow, boss.actor, tok.id))
        assert boss.apps.reveal_secret(mine)["callback_token"] == ""
        with boss.uow.read() as c:
            creds = app_credentials(c, mine)
        assert creds is not None and creds.aes_key != b""

        # The scoped admin deletes its app and undoes that: the app comes back (with a new key, as the
        # scoped login never read the old one).
        gone = _apply(scoped, scoped.apps.plan_delete(mine))
        _apply(scoped, changes.plan_undo(scoped.uow, scoped.actor, gone.id))
        assert scoped.apps.get(mine).name == "研发工具"
        assert boss.apps.reveal_secret(mine)["encoding_aes_key"] not in (first, second)
        assert first.encode() not in _journal(server, "scoped")
    finally:
        scoped.uow.dispose()
        boss.uow.dispose()
