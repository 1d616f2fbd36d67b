"""Integrity a client cannot bypass (issue #12): journal checks on undo, audit cross-checks and checkpoints,
administrator lockout and strong passwords where the console checks them, private SQLite files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from sqlalchemy import delete, select, update

from tests.fixtures.core import Cli, snapshot
from youdu_console.services import audit, changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login, open_uow
from youdu_console.store import tables


def test_an_edited_journal_is_not_undone(any_cli: Cli) -> None:
    cli = any_cli
    assert cli("dept", "add", "研发部").code == 0
    assert cli("member", "add", "zhangsan", "--name", "张三", "--dept", "研发部").code == 0
    assert cli("member", "add", "lisi", "--name", "李四", "--dept", "研发部").code == 0
    res = cli("member", "update", "zhangsan", "--weight", "9")
    change_id = res.data["id"]
    # Someone with raw access points the journal at another member: undo would "restore" lisi's weight.
    uow = open_uow(cli.url)
    try:
        cs = changes.load(uow, change_id)
        with uow.read() as conn:
            lisi = conn.execute(select(tables.MEMBERS.c.id).where(tables.MEMBERS.c.account == "lisi")).scalar()
        cs.operations[0].key = lisi
        with uow.write() as conn:
            conn.execute(update(tables.CHANGE_SETS).where(tables.CHANGE_SETS.c.id == change_id)
                         .values(payload=changes.encode_operations(cs.operations)))
    finally:
        uow.dispose()
    before = snapshot(cli.url)
    res = cli("changes", "undo", str(change_id))
    assert res.code == 1 and res.data["error"]["code"] == "change_journal_tampered"
    assert snapshot(cli.url) == before
    res = cli("audit", "verify")
    assert res.code == 1 and res.data["problems"] == [
        {"problem": "journal_unaudited", "change_sets": [change_id], "count": 1}]


def test_a_truncated_or_wiped_audit_log_is_reported(any_cli: Cli) -> None:
    cli = any_cli
    assert cli("dept", "add", "研发部").code == 0
    assert cli("dept", "add", "市场部").code == 0
    assert cli("audit", "verify").data["ok"] is True
    uow = open_uow(cli.url)
    try:
        with uow.write() as conn:
            # Truncated, with the head moved back so the chain itself still holds.
            last = conn.execute(select(tables.AUDIT_LOG).order_by(tables.AUDIT_LOG.c.id.desc()).limit(1)).one()
            conn.execute(delete(tables.AUDIT_LOG).where(tables.AUDIT_LOG.c.id == last.id))
            conn.execute(update(tables.AUDIT_HEAD).values(last_id=last.id - 1, last_hash=last.prev_hash))
        res = cli("audit", "verify")
        assert res.code == 1 and res.data["first_bad"] is None
        assert res.data["problems"][0]["problem"] == "journal_unaudited"
        with uow.write() as conn:
            conn.execute(delete(tables.AUDIT_LOG))
            conn.execute(update(tables.AUDIT_HEAD).values(last_id=0, last_hash=audit.GENESIS))
        res = cli("audit", "verify")
        assert res.code == 1 and res.data["entries"] == 0
        assert res.data["problems"][0]["count"] == len(cli("changes", "list").data)
    finally:
        uow.dispose()


def test_a_checkpoint_catches_a_chain_rewritten_from_scratch(cli: Cli, tmp_path: Path) -> None:
    assert cli("dept", "add", "研发部").code == 0
    cli("member", "list", admin=("root", "wrong-password"))  # an entry without a change set
    point = tmp_path / "checkpoint.json"
    res = cli("audit", "checkpoint", str(point))
    assert res.code == 0
    record = json.loads(point.read_text(encoding="utf-8"))
    assert record["signature"] and record["entries"] == res.data["entries"]
    assert cli("audit", "verify", "--checkpoint", str(point)).data["ok"] is True
    # The file's owner removes the failed-login entry and recomputes the whole chain: it verifies...
    uow = open_uow(cli.url)
    try:
        with uow.write() as conn:
            rows = conn.execute(select(tables.AUDIT_LOG).order_by(tables.AUDIT_LOG.c.id)).all()
            conn.execute(delete(tables.AUDIT_LOG))
            prev, new_id = audit.GENESIS, 0
            for r in rows:
                if r.action == "admin.login_failed":
                    continue
                new_id += 1
                h = audit.entry_hash(prev, new_id, r.at, r.actor, r.action, r.target, r.detail, r.change_id)
                conn.execute(tables.AUDIT_LOG.insert().values(id=new_id, at=r.at, actor=r.actor, action=r.action,
                                                              target=r.target, detail=r.detail, change_id=r.change_id,
                                                              prev_hash=prev, hash=h))
                prev = h
            conn.execute(update(tables.AUDIT_HEAD).values(last_id=new_id, last_hash=prev))
    finally:
        uow.dispose()
    assert cli("audit", "verify").data["ok"] is True
    # ...but not against the checkpoint.
    res = cli("audit", "verify", "--checkpoint", str(point))
    assert res.code == 1 and res.data["checkpoint"] == {"entries": record["entries"], "ok": False,
                                                        "signature": "valid"}
    # A checkpoint edited to match is refused by its signature.
    record["entries"], record["head_hash"] = 1, "0" * 64
    point.write_text(json.dumps(record), encoding="utf-8")
    res = cli("audit", "verify", "--checkpoint", str(point))
    assert res.code == 1 and res.data["error"]["code"] == "audit_checkpoint_invalid"


def test_wrong_admin_passwords_lock_the_administrator(cli: Cli) -> None:
    assert cli("settings", "set", "security.lockout_threshold", "3").code == 0
    assert cli("admin", "add", "root2", "--role", "super", "--password-stdin", input="Second#123").code == 0
    assert cli("admin", "add", "desk", "--role", "helpdesk", "--password-stdin", input="Helpdesk#1").code == 0
    for _ in range(2):
        res = cli("member", "list", admin=("desk", "nope-nope"))
        assert res.data["error"]["code"] == "login_failed"
    assert cli("member", "list", admin=("desk", "Helpdesk#1")).code == 0  # a success resets the count
    for _ in range(3):
        res = cli("member", "list", admin=("desk", "nope-nope"))
        assert res.code == 1 and res.data["error"]["code"] == "login_failed"
    res = cli("member", "list", admin=("desk", "Helpdesk#1"))  # the right password no longer opens
    assert res.code == 1 and res.data["error"]["code"] == "admin_locked"
    assert [r["name"] for r in cli("admin", "locked").data] == ["desk"]
    # Only a super admin unlocks; the helpdesk cannot unlock itself, and the unlock is audited.
    res = cli("admin", "unlock", "desk", admin=("desk", "Helpdesk#1"))
    assert res.code == 1 and res.data["error"]["code"] == "admin_locked"
    assert cli("admin", "unlock", "desk", admin=("root2", "Second#123")).code == 0
    assert cli("member", "list", admin=("desk", "Helpdesk#1")).code == 0
    actions = [e["action"] for e in cli("audit", "list").data if e["target"] == "desk"]
    assert actions.count("admin.login_failed") == 5 and "admin.locked" in actions and "admin.unlock" in actions
    assert cli("admin", "unlock", "desk").data["error"]["code"] == "admin_not_locked"
    assert cli("audit", "verify").data["ok"] is True


def test_admin_passwords_follow_the_strong_password_setting(cli: Cli) -> None:
    assert cli("admin", "add", "weak1", "--role", "auditor", "--password-stdin", input="abcdefgh1").code == 0
    assert cli("settings", "set", "security.strong_password", "true").code == 0
    res = cli("admin", "add", "weak2", "--role", "auditor", "--password-stdin", input="abcdefgh1")
    assert res.code == 1 and res.data["error"]["code"] == "password_weak"
    res = cli("admin", "reset-password", "weak1", "--password-stdin", input="alllowercase1")
    assert res.code == 1 and res.data["error"]["code"] == "password_weak"
    assert cli("admin", "add", "strong", "--role", "auditor", "--password-stdin", input="Strong#Pass1").code == 0


def test_a_new_sqlite_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    cli = Cli(f"sqlite:///{path}")
    assert cli("db", "init").code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    res = cli("admin", "add", "boss", "--role", "super", "--password-stdin", input="Secret#123", admin=False)
    assert res.code == 0
    for extra in path.parent.glob("fresh.db-*"):  # WAL and shared-memory files follow the database file
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra
    res = cli("db", "secure")
    assert res.code == 1 and res.data["error"]["code"] == "db_secure_sqlite"


def test_a_scoped_refusal_does_not_confirm_an_account_exists(cli: Cli) -> None:
    assert cli("dept", "add", "研发部").code == 0
    assert cli("dept", "add", "市场部").code == 0
    assert cli("member", "add", "outside", "--name", "外部", "--dept", "市场部").code == 0
    assert cli("admin", "add", "rd", "--role", "scoped", "--scope", "研发部", "--password-stdin",
               input="Scoped#123").code == 0
    for command in (("member", "show"), ("member", "update", "{}", "--weight", "1"), ("member", "resign"),
                    ("lock", "unlock"), ("auth", "grant"), ("member", "set-password", "{}", "--password-stdin")):
        answers = []
        for account in ("outside", "nobody-here"):
            args = [a.replace("{}", account) for a in command]
            if "{}" not in command:
                args.append(account)
            res = cli(*args, input="Some#Pass123", admin=("rd", "Scoped#123"))
            assert res.code == 1, (args, res.out)
            answers.append((res.data["error"]["code"], res.data["error"]["message"].replace(account, "X")))
        assert answers[0] == answers[1], (command, answers)


def test_a_scoped_change_list_pages_past_what_it_may_not_see(console: Console) -> None:
    d = console.directory
    console.apply(d.plan_add_department("研发部"))
    console.apply(d.plan_add_department("市场部"))
    console.apply(d.plan_add_member("inside", name="内部", departments=["研发部"]))
    console.apply(d.plan_add_member("outside", name="外部", departments=["市场部"]))
    inside_change = console.apply(d.plan_update_member("inside", weight=1)).id
    for weight in range(2, 232):  # more than two pages of change sets the scoped admin may not see
        console.apply(d.plan_update_member("outside", weight=weight))
    AdminService(console.uow).add(console.actor, "rd", "scoped", "Scoped#123", ["研发部"])
    scoped = login(console.uow, "rd", "Scoped#123")
    listed = changes.list_changes(console.uow, scoped.actor, limit=5)
    assert [c["id"] for c in listed] == [inside_change, inside_change - 2]  # the update and the add of inside
    assert len(changes.list_changes(console.uow, console.actor, limit=500)) == 237
