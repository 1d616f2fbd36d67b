"""Shared-server security (issue #12): every administrator's own database login, held to its role by the server.

The set-up (tests/fixtures/secured.py) is exactly the README's "Shared server" commands: `db init` and
`db secure` with the schema owner's URL, the first super admin added with it, then everyone works with a URL
naming only host, port and database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from tests.fixtures.core import snapshot
from tests.fixtures.secured import PASSWORDS, Server
from youdu_console.domain.errors import PermissionDenied, YouduError
from youdu_console.services import audit, changes
from youdu_console.services.auth import Actor
from youdu_console.services.console import connect_as, open_uow
from youdu_console.store import tables


def _refused(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> bool:
    """True when the server raises an error for the statement."""
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
    except Exception:  # noqa: BLE001 - any server error is a refusal; what matters is that nothing changed
        if hasattr(conn, "rollback"):
            try:
                conn.rollback()
            except Exception:  # noqa: BLE001
                pass
        return True
    return False


def _affected(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> int:
    cur = conn.cursor()
    cur.execute(sql, params)
    return int(cur.rowcount)


@pytest.fixture
def server(secured_server: Server) -> Server:
    return secured_server


def _member(s: Server, account: str) -> Any:
    uow = open_uow(s.owner_url)
    try:
        with uow.read() as conn:
            return conn.execute(select(tables.MEMBERS).where(tables.MEMBERS.c.account == account)).one()
    finally:
        uow.dispose()


def test_a_login_per_administrator_connects_with_a_url_naming_no_user(server: Server) -> None:
    assert make_url(server.login_url).username is None
    for role in PASSWORDS:
        res = server.cli(role)("member", "list")
        assert res.code == 0, res.out
    # Wrong password: the server refuses, named clearly, exit 1.
    bad = server.cli("scoped")
    bad.admin = (server.names["scoped"], "Wrong#Pass9")
    res = bad("member", "list")
    assert res.code == 1 and res.data["error"]["code"] == "db_login_failed"
    # No credentials at all.
    res = server.cli(None)("member", "list")
    assert res.code == 1 and res.data["error"]["code"] == "login_required"
    # A server role's name is refused for an administrator.
    for name in ("postgres", "root", "mysql.sys", "pg_monitor", "youdu_super"):
        res = server.cli("super")("admin", "add", name, "--role", "auditor", "--password-stdin", input="Some#Pass12")
        assert res.code == 1, res.out
        assert res.data["error"]["code"] in ("admin_name_reserved", "admin_name_invalid")


def test_scoped_login_raw_sql_is_refused_outside_its_subtree(server: Server) -> None:
    before = _member(server, "outside")
    conn = server.raw("scoped")
    try:
        if server.backend == "postgresql":
            # Row-level security: an out-of-scope row does not exist for this login's UPDATE or DELETE.
            assert _affected(conn, "UPDATE members SET name = 'x' WHERE account = 'outside'") == 0
            assert _affected(conn, "DELETE FROM member_departments WHERE member_id = %s", (before.id,)) == 0
            # Moving an in-scope member out of the subtree violates the policy's check: an error.
            inside = _member(server, "inside")
            assert _refused(conn, "UPDATE member_departments SET dept_id = (SELECT id FROM departments "
                                  "WHERE name = '市场部') WHERE member_id = %s", (inside.id,))
        else:
            # Triggers with the owner's rights: refused with an error.
            assert _refused(conn, "UPDATE members SET name = 'x' WHERE account = 'outside'")
            assert _refused(conn, "DELETE FROM member_departments WHERE member_id = %s", (before.id,))
            inside = _member(server, "inside")
            assert _refused(conn, "UPDATE member_departments SET dept_id = (SELECT id FROM departments "
                                  "WHERE name = '市场部') WHERE member_id = %s", (inside.id,))
        if server.backend == "postgresql":
            assert _affected(conn, "DELETE FROM members WHERE account = 'outside'") == 0
        else:
            assert _refused(conn, "DELETE FROM members WHERE account = 'outside'")
        # Other administrators' password hashes are not readable; their names and roles are.
        assert _refused(conn, "SELECT password_hash FROM admins")
        cur = conn.cursor()
        cur.execute("SELECT name, role FROM admins")
        assert {r[0] for r in cur.fetchall()} == set(server.names.values())
        # Inside its subtree, raw writes work (the server is the rule, not the client).
        assert _affected(conn, "UPDATE members SET weight = 7 WHERE account = 'inside'") == 1
        # The audit log and the journal are insert-only; admins cannot be inserted.
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log",
                    "UPDATE change_sets SET payload = payload", "DELETE FROM change_sets",
                    "UPDATE audit_head SET last_id = 0",
                    "INSERT INTO admins (id, name, role, password_hash, scopes, version, created_at, updated_at) "
                    "VALUES (999, 'evil', 'super', 'x', '[]', 1, '2026-01-01', '2026-01-01')",
                    "INSERT INTO settings (key_, value) VALUES ('x', 'y')".replace("key_", "`key`" if server.backend
                                                                                   == "mariadb" else '"key"')):
            assert _refused(conn, sql), sql
    finally:
        conn.close()
    after = _member(server, "outside")
    assert (after.name, after.version) == (before.name, before.version)
    assert _member(server, "inside").weight == 7


def test_the_server_computes_the_audit_chain(server: Server) -> None:
    conn = server.raw("scoped")
    try:
        cur = conn.cursor()
        # A client proposes a forged entry: the trigger sets id, link, hash and the real actor.
        cur.execute("INSERT INTO audit_log (id, at, actor, action, target, detail, change_id, prev_hash, hash) "
                    "VALUES (1, '2026-01-01 00:00:00', 'someone-else', 'forged', '', '{}', NULL, 'x', 'y')")
    finally:
        conn.close()
    uow = open_uow(server.owner_url)
    try:
        with uow.read() as c:
            row = c.execute(select(tables.AUDIT_LOG).order_by(tables.AUDIT_LOG.c.id.desc()).limit(1)).one()
        assert row.action == "forged" and row.actor == server.names["scoped"] and row.hash != "y"
        assert audit.verify(uow)["ok"]
    finally:
        uow.dispose()


def test_helpdesk_login_unlocks_and_resets_passwords_and_nothing_else(server: Server) -> None:
    inside = _member(server, "inside")
    uow = open_uow(server.owner_url)
    try:
        with uow.write() as c:
            c.execute(tables.LOGIN_STATE.insert().values(member_id=inside.id, failures=5, version=1,
                                                         locked_at=inside.created_at))
    finally:
        uow.dispose()
    desk = server.cli("helpdesk")
    res = desk("lock", "unlock", "inside")
    assert res.code == 0, res.out
    res = desk("member", "set-password", "outside", "--password-stdin", input="New#Pass123")
    assert res.code == 0, res.out
    # Everything else the service refuses, and the server refuses it too for raw SQL.
    res = desk("member", "update", "inside", "--name", "改名")
    assert res.code == 1
    conn = server.raw("helpdesk")
    try:
        assert _affected(conn, "UPDATE members SET must_change_password = %s WHERE account = 'inside'",
                         (True,)) == 1
        for sql in ("UPDATE members SET name = 'x'", "DELETE FROM members", "DELETE FROM member_departments",
                    "UPDATE departments SET name = 'x'", "UPDATE audit_log SET actor = 'x'",
                    "DELETE FROM change_sets", "UPDATE admins SET role = 'super'", "UPDATE settings SET value = 'x'"):
            assert _refused(conn, sql), sql
    finally:
        conn.close()
    assert _member(server, "inside").name == "内部"


def test_auditor_login_writes_nothing(server: Server) -> None:
    before = snapshot(server.owner_url)
    res = server.cli("auditor")("member", "update", "inside", "--weight", "3")
    assert res.code == 1
    conn = server.raw("auditor")
    try:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM members")
        assert cur.fetchone()[0] == 2
        for sql in ("UPDATE members SET weight = 1", "DELETE FROM login_state", "UPDATE members SET password_hash = 'x'",
                    "INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) "
                    "VALUES (1, '2026-01-01', 'a', 'b', '', '{}', 'x', 'y')",
                    "INSERT INTO change_sets (kind, actor, created_at, summary, description, payload) "
                    "VALUES ('x', 'y', '2026-01-01', '{}', '', 'x')",
                    "UPDATE id_blocks SET next_id = 1", "DELETE FROM admins"):
            assert _refused(conn, sql), sql
    finally:
        conn.close()
    assert snapshot(server.owner_url) == before


def test_a_database_refusal_is_a_coded_error_and_changes_nothing(server: Server) -> None:
    """A modified client that skips the services' checks still meets the server (exit 1, nothing changed)."""
    scoped = connect_as(server.login_url, server.names["scoped"], PASSWORDS["scoped"])
    boss = connect_as(server.login_url, server.names["super"], PASSWORDS["super"])
    try:
        before = snapshot(server.owner_url)
        planned = boss.directory.plan_update_member("outside", name="被改")
        forged_actor = Actor(server.names["scoped"], "super")  # pretends to be a super admin
        with pytest.raises(PermissionDenied) as info:
            changes.apply(scoped.uow, planned, forged_actor)
        assert info.value.code == "db_permission_denied"
        assert snapshot(server.owner_url) == before
        planned = boss.settings.plan_set({"security.lockout_threshold": "3"})
        with pytest.raises(PermissionDenied) as info:
            changes.apply(scoped.uow, planned, forged_actor)
        assert info.value.code == "db_permission_denied"
        assert "nothing was changed" in info.value.message("en")
        assert snapshot(server.owner_url) == before
    finally:
        scoped.uow.dispose()
        boss.uow.dispose()


def test_a_misgranted_login_is_named_at_connect(server: Server) -> None:
    name = server.names["scoped"]
    uow = open_uow(server.owner_url)
    try:
        with uow.write() as c:
            if server.backend == "postgresql":
                c.exec_driver_sql(f'REVOKE youdu_scoped FROM "{name}"')
                c.exec_driver_sql(f'GRANT youdu_super TO "{name}"')
            else:
                c.exec_driver_sql(f"REVOKE youdu_scoped FROM '{name}'@'%%'")
                c.exec_driver_sql(f"GRANT youdu_super TO '{name}'@'%%'")
                c.exec_driver_sql(f"SET DEFAULT ROLE youdu_super FOR '{name}'@'%%'")
    finally:
        uow.dispose()
    res = server.cli("scoped")("member", "list")
    assert res.code == 1 and res.data["error"]["code"] == "db_login_misgranted"
    assert name in res.data["error"]["message"]


def test_recover_needs_the_owner(server: Server) -> None:
    boss = server.names["super"]
    before = snapshot(server.owner_url)
    for cli in (server.cli("super"), server.cli("scoped"), server.cli(None)):
        res = cli("admin", "reset-password", boss, "--password-stdin", "--recover", input="Took#Over99")
        assert res.code == 1 and res.data["error"]["code"] == "recover_needs_owner", res.out
    assert snapshot(server.owner_url) == before
    res = server.owner("admin", "reset-password", boss, "--password-stdin", "--recover", input="Back#Again99")
    assert res.code == 0, res.out
    # The database login follows: the new password opens the server, the old one no longer does.
    again = server.cli("super")
    again.admin = (boss, "Back#Again99")
    assert again("member", "list").code == 0
    assert server.cli("super")("member", "list").data["error"]["code"] == "db_login_failed"
    entries = again("audit", "list").data
    recovery = next(e for e in entries if e["action"] == "admin.recover")
    assert recovery["actor"].startswith("recovery:") and "@" in recovery["actor"]


def test_scoped_login_reads_only_its_subtree(server: Server, tmp_path: Path) -> None:
    boss, scoped = server.cli("super"), server.cli("scoped")
    res = boss("member", "update", "outside", "--weight", "5")
    assert res.code == 0
    outside_change = res.data["id"]
    assert scoped("member", "update", "inside", "--weight", "6").code == 0
    shown = scoped("changes", "list").data
    assert outside_change not in {c["id"] for c in shown}
    assert all("outside" not in repr(c) and "市场部" not in repr(c) for c in shown)
    res = scoped("changes", "show", str(outside_change))
    assert res.code == 1 and res.data["error"]["code"] == "change_not_found"
    assert scoped("changes", "show", "999999").data["error"]["code"] == "change_not_found"  # same answer
    entries = scoped("audit", "list").data
    assert entries and all(e["change_id"] != outside_change for e in entries)
    assert all("outside" not in repr(e) and "市场部" not in repr(e) for e in entries)
    assert [m["account"] for m in scoped("member", "list", "--search", "外").data] == []
    out = tmp_path / "scoped.xlsx"
    assert scoped("export", "excel", str(out)).code == 0
    from openpyxl import load_workbook

    cells = {str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value is not None}
    assert "inside" in cells and "outside" not in cells and not any("市场部" in c for c in cells)
    # A refusal does not confirm that an out-of-scope account exists.
    a = scoped("member", "update", "outside", "--weight", "1").data["error"]
    b = scoped("member", "update", "no-such-account", "--weight", "1").data["error"]
    assert a["code"] == b["code"] == "member_not_found"


def test_edited_journal_and_wiped_audit_log(server: Server) -> None:
    boss = server.cli("super")
    assert boss("member", "update", "inside", "--weight", "4").code == 0
    change_id = boss("changes", "list").data[0]["id"]
    assert boss("audit", "verify").data["ok"] is True
    # The owner (or anyone with raw access) edits the stored journal to point at another member.
    uow = open_uow(server.owner_url)
    try:
        cs = changes.load(uow, change_id)
        outside = _member(server, "outside")
        cs.operations[0].key = outside.id
        with uow.write() as c:
            c.execute(update(tables.CHANGE_SETS).where(tables.CHANGE_SETS.c.id == change_id)
                      .values(payload=changes.encode_operations(cs.operations)))
        before = snapshot(server.owner_url)
        res = boss("changes", "undo", str(change_id))
        assert res.code == 1 and res.data["error"]["code"] == "change_journal_tampered"
        assert snapshot(server.owner_url) == before
        result = boss("audit", "verify")
        assert result.code == 1 and result.data["problems"][0]["problem"] == "journal_unaudited"
        # Wiping the log (only the owner can) leaves change sets without entries: caught.
        with uow.write() as c:
            c.execute(tables.AUDIT_LOG.delete())
            c.execute(update(tables.AUDIT_HEAD).values(last_id=0, last_hash="0" * 64))
        result = boss("audit", "verify")
        assert result.code == 1 and result.data["entries"] == 0
        assert any(p["problem"] == "journal_unaudited" for p in result.data["problems"])
    finally:
        uow.dispose()


def test_logins_follow_the_admins_table(server: Server) -> None:
    boss = server.cli("super")
    temp = f"tmp{server.names['auditor']}"
    server.more_logins += [temp, f"x{temp}", f"y{temp}"]
    res = boss("admin", "add", temp, "--role", "auditor", "--password-stdin", input="Temp#Pass12")
    assert res.code == 0
    cli = server.cli("auditor")
    cli.admin = (temp, "Temp#Pass12")
    assert cli("member", "list").code == 0
    # A password reset moves the database login's password with it.
    assert boss("admin", "reset-password", temp, "--password-stdin", input="Temp#Pass34").code == 0
    assert cli("member", "list").data["error"]["code"] == "db_login_failed"
    cli.admin = (temp, "Temp#Pass34")
    assert cli("member", "list").code == 0
    # An admin add that fails after its login was made leaves no login behind (MariaDB commits CREATE USER
    # at once; PostgreSQL rolls the role back with the transaction).
    other = f"x{temp}"
    console = connect_as(server.login_url, server.names["super"], PASSWORDS["super"])
    try:
        cs = console.admins.plan_add(console.actor, other, "auditor", "Temp#Pass12")

        def fail_late(conn: Any) -> None:
            raise YouduError("internal", detail="a later rule refused the change set")

        cs.checks.append(fail_late)
        with pytest.raises(YouduError):
            console.apply(cs)
    finally:
        console.uow.dispose()
    cli.admin = (other, "Temp#Pass12")
    assert cli("member", "list").data["error"]["code"] == "db_login_failed"
    # Undoing an add removes the administrator and its login.
    gone = f"y{temp}"
    assert boss("admin", "add", gone, "--role", "helpdesk", "--password-stdin", input="Temp#Pass12").code == 0
    cli.admin = (gone, "Temp#Pass12")
    assert cli("member", "list").code == 0
    assert boss("changes", "undo", str(res_id(boss, gone))).code == 0
    assert cli("member", "list").data["error"]["code"] == "db_login_disabled"


def res_id(cli: Any, name: str) -> int:
    return next(c["id"] for c in cli("changes", "list").data if c["kind"] == "admin.add" and name in c["description"])


def test_a_missing_login_is_named_at_connect(server: Server) -> None:
    name = server.names["helpdesk"]
    uow = open_uow(server.owner_url)
    try:
        with uow.write() as c:
            if server.backend == "postgresql":
                c.exec_driver_sql(f'DROP ROLE "{name}"')
            else:
                c.exec_driver_sql(f"DROP USER '{name}'@'%%'")
    finally:
        uow.dispose()
    res = server.cli("helpdesk")("lock", "list")
    assert res.code == 1 and res.data["error"]["code"] == "db_login_failed"
    assert name in res.data["error"]["message"] and "no database login" in res.data["error"]["message"]
    # A super admin's password reset makes the login again.
    assert server.cli("super")("admin", "reset-password", name, "--password-stdin", input="Desk#Pass2").code == 0
    again = server.cli("helpdesk")
    again.admin = (name, "Desk#Pass2")
    assert again("lock", "list").code == 0
