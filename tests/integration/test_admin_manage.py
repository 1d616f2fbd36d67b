"""我的企业 → 管理员 (5.4.1): a super administrator removes administrators and changes their roles — undoable
change sets, refused with coded errors that change nothing; on a secured server the database login follows."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.core import ROOT, Cli, snapshot
from tests.fixtures.secured import PASSWORDS, Server
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.presentation import operation_detail
from youdu_console.services import changes
from youdu_console.services.auth import Actor
from youdu_console.services.console import Console, connect_as


def _admins(console: Console) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in console.admins.list(console.actor)}


def _staff(console: Console) -> None:
    console.apply(console.directory.plan_add_department("研发部"))
    for name, role, scope in (("bob", "scoped", ["研发部"]), ("desk", "helpdesk", []), ("boss2", "super", [])):
        console.admins.add(console.actor, name, role, "Passw0rd#1", scope)


def test_remove_and_undo_on_sqlite(console: Console, sqlite_url: str) -> None:
    _staff(console)
    preview = console.admins.plan_remove(console.actor, "desk").to_dict(lang="en")["operations"]
    # the preview says what goes (the row as it is), never the password's hash
    assert preview[0]["values"]["role"] == "helpdesk" and "password_hash" not in preview[0]["values"]
    assert "Role: Helpdesk" in operation_detail(preview[0], "en")
    cs = console.admins.remove(console.actor, "desk")
    assert cs.kind == "admin.remove" and [o.action for o in cs.operations] == ["delete"]
    assert "desk" not in _admins(console)
    with pytest.raises(YouduError) as gone:
        console.admins.login("desk", "Passw0rd#1")  # a leaver cannot log in any more
    assert gone.value.code == "login_failed"
    changes.undo(console.uow, console.actor, cs.id or 0)
    assert _admins(console)["desk"]["role"] == "helpdesk"
    assert console.admins.login("desk", "Passw0rd#1").role == "helpdesk"  # with its own password, as before


def test_an_open_session_loses_what_its_administrator_lost(console: Console, sqlite_url: str) -> None:
    """A console that logged in before its administrator was removed or demoted writes nothing it may no longer
    write: every apply reads the administrator's row again (an open window, a long command)."""
    from youdu_console.domain.errors import AuthenticationError, PermissionDenied
    from youdu_console.services.console import login

    _staff(console)
    bob, boss2 = login(console.uow, "bob", "Passw0rd#1"), login(console.uow, "boss2", "Passw0rd#1")
    bob.apply(bob.directory.plan_add_member("alice", name="Alice", departments=["研发部"]))  # in its scope
    planned = bob.directory.plan_update_member("alice", weight=3)
    console.apply(console.admins.plan_set(console.actor, "bob", role="auditor"))
    with pytest.raises(PermissionDenied):
        bob.apply(planned)  # demoted to auditor since it logged in: read-only from now on
    planned = boss2.directory.plan_update_member("alice", weight=4)
    console.admins.remove(console.actor, "boss2")
    before = snapshot(sqlite_url)
    with pytest.raises(AuthenticationError) as removed:
        boss2.apply(planned)
    assert removed.value.code == "admin_removed" and snapshot(sqlite_url) == before
    assert console.directory.get_member("alice").weight == 0


def test_refusals_change_nothing(console: Console, sqlite_url: str) -> None:
    _staff(console)
    console.admins.remove(console.actor, "boss2")
    before = snapshot(sqlite_url)
    refusals = [
        (lambda: console.admins.plan_remove(console.actor, "nobody"), "admin_not_found"),
        (lambda: console.admins.plan_remove(console.actor, "root"), "admin_remove_self"),
        (lambda: console.admins.plan_set(console.actor, "root", role="auditor"), "admin_own_role"),
        (lambda: console.admins.plan_set(console.actor, "desk", role="scoped"), "admin_scope_required"),
        (lambda: console.admins.plan_set(console.actor, "desk", role="auditor", permissions=["apps"]),
         "admin_permissions_scoped_only"),
        (lambda: console.admins.plan_set(console.actor, "desk", role="auditor", scope_paths=["研发部"]),
         "admin_scope_scoped_only"),
        (lambda: console.admins.plan_set(console.actor, "desk", role="owner"), "admin_role_invalid"),
        (lambda: console.admins.plan_remove(Actor("bob", "scoped", frozenset({1})), "desk"), "permission_denied"),
    ]
    for plan, code in refusals:
        with pytest.raises(YouduError) as refused:
            plan()
        assert refused.value.code == code
    # The last super administrator: seen by another super admin, it can be neither removed nor demoted.
    other = Actor("someone-else", "super")
    for plan in (lambda: console.admins.plan_remove(other, "root"),
                 lambda: console.admins.plan_set(other, "root", role="helpdesk")):
        with pytest.raises(YouduError) as last:
            plan()
        assert last.value.code == "admin_last_super"
    assert snapshot(sqlite_url) == before


def test_role_changes(console: Console) -> None:
    _staff(console)
    cs = console.admins.plan_set(console.actor, "desk", role="scoped", scope_paths=["研发部"], permissions=["apps"])
    assert cs.kind == "admin.set_role" and "服务台 → 分级管理员" in cs.describe("zh_CN")
    console.apply(cs)
    row = _admins(console)["desk"]
    assert (row["role"], row["scope"], row["permissions"]) == ("scoped", ["研发部"], ["apps"])
    # A scoped one made auditor loses its departments and permission set; undo puts all three back.
    cs = console.apply(console.admins.plan_set(console.actor, "bob", role="auditor"))
    assert _admins(console)["bob"] == {**_admins(console)["bob"], "role": "auditor", "scope": [], "permissions": None}
    changes.undo(console.uow, console.actor, cs.id or 0)
    row = _admins(console)["bob"]
    assert (row["role"], row["scope"], row["permissions"]) == ("scoped", ["研发部"], ["directory", "apps"])
    # A scoped admin keeps its departments when only its role is restated; permissions edits still work.
    assert console.admins.plan_set(console.actor, "bob", role="scoped").is_empty
    with pytest.raises(ValidationError):
        console.admins.plan_set(console.actor, "root", permissions=["apps"])


def test_cli_remove_and_set_role(console: Console, sqlite_url: str) -> None:
    _staff(console)
    cli = Cli(sqlite_url)
    before = snapshot(sqlite_url)
    dry = cli("admin", "remove", "desk", "--dry-run")
    assert dry.code == 0 and dry.data["id"] is None and dry.data["summary"]["deleted"] == 1
    assert snapshot(sqlite_url) == before
    refused = cli("admin", "remove", ROOT[0])
    assert refused.code == 1 and refused.data["error"]["code"] == "admin_remove_self"
    text = cli("admin", "remove", "desk", "--lang", "en", as_json=False)
    assert text.code == 0 and "Remove administrator desk (Helpdesk)" in text.out, text.out
    res = cli("admin", "set", "bob", "--role", "helpdesk")
    assert res.code == 0 and res.data["kind"] == "admin.set_role"
    res = cli("admin", "set", "boss2", "--role", "scoped", "--scope", "研发部", "--permissions", "none")
    assert res.code == 0
    rows = {r["name"]: r for r in cli("admin", "list").data}
    assert "desk" not in rows and rows["bob"]["role"] == "helpdesk"
    assert (rows["boss2"]["role"], rows["boss2"]["permissions"]) == ("scoped", [])
    listed = cli("--lang", "zh_CN", "admin", "list", as_json=False).out  # the manual's words; JSON keeps codes
    line = next(x for x in listed.splitlines() if x.startswith("boss2"))
    assert line.split() == ["boss2", "分级管理员", "研发部", "无（只读）"] and "服务台" in listed
    assert "helpdesk" not in listed and "scoped" not in listed
    # The contract's form still works.
    assert cli("admin", "set", "boss2", "--permissions", "apps").code == 0
    assert cli("admin", "set", "bob").data["error"]["code"] == "usage"


# ---------------------------------------------------------------- secured PostgreSQL and MariaDB


def _login(server: Server, name: str, password: str) -> Console:
    return connect_as(server.login_url, name, password)


def _session_open(conn: Any) -> bool:
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1")
        cur.fetchall()
        return True
    except Exception:  # noqa: BLE001 - any driver error: the server ended the session
        return False


def test_secured_server_remove_disables_the_login_and_undo_restores_it(secured_server: Server) -> None:
    server = secured_server
    boss_name, desk = server.names["super"], server.names["helpdesk"]
    raw = server.raw("helpdesk")  # the leaver's open session, e.g. a SQL client
    assert _session_open(raw)
    boss = _login(server, boss_name, PASSWORDS["super"])
    try:
        # Refusals change nothing: removing yourself, and (seen by another super admin) the last super admin.
        before = snapshot(server.owner_url)
        for plan, code in ((lambda: boss.admins.plan_remove(boss.actor, boss_name), "admin_remove_self"),
                           (lambda: boss.admins.plan_remove(Actor("other", "super"), boss_name), "admin_last_super"),
                           (lambda: boss.admins.plan_set(Actor("other", "super"), boss_name, role="auditor"),
                            "admin_last_super")):
            with pytest.raises(YouduError) as refused:
                plan()
            assert refused.value.code == code
        assert snapshot(server.owner_url) == before
        assert _login(server, boss_name, PASSWORDS["super"]).uow.dispose() is None  # still logs in

        cs = boss.apply(boss.admins.plan_remove(boss.actor, desk))
        with pytest.raises(YouduError) as gone:
            _login(server, desk, PASSWORDS["helpdesk"])
        assert gone.value.code == "db_login_disabled"
        assert not _session_open(raw)  # its open session was ended with the removal
        helpdesk = server.cli("helpdesk")("lock", "list")
        assert helpdesk.code == 1 and helpdesk.data["error"]["code"] == "db_login_disabled"

        changes.undo(boss.uow, boss.actor, cs.id or 0)
        back = _login(server, desk, PASSWORDS["helpdesk"])  # its own password still works
        assert back.actor.role == "helpdesk"
        back.uow.dispose()
    finally:
        boss.uow.dispose()
        try:
            raw.close()
        except Exception:  # noqa: BLE001 - already closed by the server
            pass


def test_secured_server_role_change_moves_the_login_to_its_group(secured_server: Server) -> None:
    server = secured_server
    auditor = server.names["auditor"]
    boss = _login(server, server.names["super"], PASSWORDS["super"])
    try:
        boss.apply(boss.admins.plan_set(boss.actor, auditor, role="scoped", scope_paths=["研发部"]))
        # The login now holds youdu_scoped alone (checked at connect) and may write inside its subtree.
        cli = server.cli("auditor")
        assert cli("member", "update", "inside", "--position", "组长").code == 0
        refused = cli("member", "update", "outside", "--position", "组长")
        assert refused.code == 1
        cs = boss.apply(boss.admins.plan_set(boss.actor, auditor, role="helpdesk"))
        assert cli("member", "update", "inside", "--position", "x").code == 1
        assert cli("lock", "list").code == 0
        changes.undo(boss.uow, boss.actor, cs.id or 0)
        assert cli("member", "update", "inside", "--position", "组员").code == 0  # scoped again
    finally:
        boss.uow.dispose()


@pytest.mark.servers
@pytest.mark.parametrize("backend", ["postgresql", "mariadb"])
def test_the_last_two_super_administrators_removing_each_other_at_once_leave_one(backend: str,
                                                                                 db_url_factory: Any) -> None:
    """Two super administrators remove each other at the same moment (both rows deleted before either counts):
    the locking count makes one of them fail, so the console keeps a super administrator."""
    import threading

    from tests.fixtures.core import bootstrap
    from youdu_console.services.console import login, open_uow

    url = db_url_factory(backend)
    root = bootstrap(url)
    root.admins.add(root.actor, "boss2", "super", "Passw0rd#1")
    boss2 = login(open_uow(url), "boss2", "Passw0rd#1")
    plans = [(root, root.admins.plan_remove(root.actor, "boss2")), (boss2, boss2.admins.plan_remove(boss2.actor, "root"))]
    both_deleted = threading.Barrier(2, timeout=20)
    outcomes: list[Any] = [None, None]

    def run(i: int) -> None:
        console, cs = plans[i]
        cs.checks.append(lambda _conn: both_deleted.wait())  # runs after the delete, before the invariants
        try:
            outcomes[i] = console.apply(cs)
        except Exception as exc:  # noqa: BLE001 - the refusal is the outcome looked at
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1, outcomes
    assert getattr(refused[0], "code", None) in ("conflict", "admin_last_super"), refused  # coded, nothing applied
    supers = [a["name"] for a in root.admins.list(Actor("check", "super")) if a["role"] == "super"]
    assert len(supers) == 1
    for console in (root, boss2):
        console.uow.dispose()
