"""Administrators (first run, roles, password reset and recovery) and declared settings through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.core import Cli


def test_first_run_then_login_required(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'new.db'}")
    res = cli("admin", "add", "boss", "--role", "scoped", "--password-stdin", input="Secret#123\n", admin=False)
    assert res.code == 1 and res.data["error"]["code"] == "admin_role_invalid"  # the first must be super
    res = cli("admin", "add", "boss", "--role", "super", "--password-stdin", input="short\n", admin=False)
    assert res.code == 1 and res.data["error"]["code"] == "admin_password_weak"
    res = cli("admin", "add", "boss", "--role", "super", "--password-stdin", input="Secret#123\n", admin=False)
    assert res.code == 0
    # Now there is an administrator: adding another needs a login.
    res = cli("admin", "add", "eve", "--role", "super", "--password-stdin", input="Secret#123\n", admin=False)
    assert res.code == 1 and res.data["error"]["code"] == "login_required"
    cli.admin = ("boss", "Secret#123")
    assert cli("dept", "add", "研发部").code == 0
    res = cli("admin", "add", "rd", "--role", "scoped", "--password-stdin", input="Scoped#123\n")
    assert res.code == 1 and res.data["error"]["code"] == "admin_scope_required"
    assert cli("admin", "add", "rd", "--role", "scoped", "--scope", "研发部", "--password-stdin",
               input="Scoped#123\n").code == 0
    assert cli("admin", "add", "desk", "--role", "helpdesk", "--password-stdin", input="Helpdesk#1\n").code == 0
    admins = {a["name"]: a for a in cli("admin", "list").data}
    assert admins["rd"]["scope"] == ["研发部"] and admins["desk"]["role"] == "helpdesk"
    assert "password_hash" not in str(cli("admin", "list").out)
    # A helpdesk user may not manage administrators.
    cli.admin = ("desk", "Helpdesk#1")
    res = cli("admin", "add", "x", "--role", "auditor", "--password-stdin", input="Auditor#12\n")
    assert res.code == 1 and res.data["error"]["code"] == "permission_denied"


def test_password_reset_and_recovery_are_audited(cli: Cli) -> None:
    assert cli("admin", "reset-password", "root", "--password-stdin", input="NewSecret#1\n").code == 0
    res = cli("member", "list")
    assert res.code == 1 and res.data["error"]["code"] == "login_failed"
    # Nobody remembers the new password: whoever holds the database resets it, without logging in.
    res = cli("admin", "reset-password", "root", "--recover", "--password-stdin", input="Recovered#1\n", admin=False)
    assert res.code == 0
    cli.admin = ("root", "Recovered#1")
    assert cli("member", "list").code == 0
    entries = cli("audit", "list").data
    actions = [e["action"] for e in entries]
    assert "admin.recover" in actions and "admin.login_failed" in actions
    recovery = next(e for e in entries if e["action"] == "admin.recover")
    assert recovery["actor"].startswith("recovery:")
    assert cli("audit", "verify").data["ok"] is True
    # The journal never shows a password hash.
    shown = cli("changes", "show", str(cli("changes", "list").data[0]["id"])).out
    assert "argon2" not in shown and "***" in shown


def test_address_book_settings(cli: Cli) -> None:
    listed = {s["key"]: s for s in cli("settings", "list", "--section", "通讯录管理").data}
    assert listed["directory.name_display"]["value"] == "name"
    assert listed["directory.sort_rule"]["value"] == "weight_account"
    assert set(listed["directory.name_display"]["choices"]) == {"account", "name", "account_name", "name_account"}
    assert cli("settings", "set", "directory.name_display", "name_account").code == 0
    got = cli("settings", "get", "directory.name_display").data
    assert got["value"] == "name_account" and got["section"] == "5.3.4"
    res = cli("settings", "set", "directory.name_display", "nickname")
    assert res.code == 1 and res.data["error"]["code"] == "setting_invalid"
    # A settings change is a change set like any other: undo brings the old value back.
    change = cli("changes", "list").data[0]
    assert change["kind"] == "settings.set"
    assert cli("changes", "undo", str(change["id"])).code == 0
    assert cli("settings", "get", "directory.name_display").data["value"] == "name"
    text = cli("--lang", "en", "settings", "list", "--section", "5.3.5", as_json=False)
    assert "directory.sort_rule" in text.out and "Address book sort rule" in text.out


def test_the_last_super_admin_cannot_be_undone_away(cli: Cli) -> None:
    first = cli("changes", "list").data[-1]
    assert first["kind"] == "admin.add" and first["actor"] == "system"
    res = cli("changes", "undo", str(first["id"]))
    assert res.code == 1 and res.data["error"]["code"] == "admin_last_super"
    assert [a["name"] for a in cli("admin", "list").data] == ["root"]
    from youdu_console.services import changes
    from youdu_console.services.console import login, open_uow

    console = login(open_uow(cli.url), "root", "Secret#123")
    assert changes.last_undoable(console.uow, console.actor) is None  # Ctrl+Z has nothing to offer yet
    console.uow.dispose()


def test_home_figures_follow_the_scope(cli: Cli) -> None:
    assert cli("dept", "add", "研发部").code == 0
    assert cli("dept", "add", "市场部").code == 0
    for acc, dept in (("a1", "研发部"), ("a2", "市场部"), ("a3", "市场部")):
        assert cli("member", "add", acc, "--name", acc, "--dept", dept).code == 0
    assert cli("admin", "add", "rd", "--role", "scoped", "--scope", "研发部", "--password-stdin",
               input="Scoped#123\n").code == 0
    from youdu_console.services.console import login, open_uow

    uow = open_uow(cli.url)
    assert login(uow, "root", "Secret#123").directory.count_members()["active"] == 3
    assert login(uow, "rd", "Scoped#123").directory.count_members()["active"] == 1
    uow.dispose()
