"""Refusals: exit 1 and nothing changed; unreachable databases exit 3; foreign files are never overwritten."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, insert, select

from tests.fixtures.core import Cli, snapshot
from youdu_console.services.console import open_uow
from youdu_console.store import db as store_db
from youdu_console.store.models import AuditEntry, AuditHead


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    assert cli("dept", "add", "研发部/前端组", "--parents").code == 0
    assert cli("dept", "add", "市场部").code == 0
    assert cli("member", "add", "zhangwei", "--name", "张伟", "--dept", "研发部/前端组", "--mobile", "13800000001").code == 0
    return cli


REFUSALS = [
    (("member", "add", "bad account", "--name", "x", "--dept", "研发部"), "account_invalid"),
    (("member", "add", "ZhangWei", "--name", "x", "--dept", "研发部"), "account_taken"),
    (("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--mobile", "13800000001"), "mobile_taken"),
    (("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--mobile", "12ab"), "mobile_invalid"),
    (("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--email", "not-an-email"), "email_invalid"),
    (("member", "add", "lisi", "--name", "名" * 65, "--dept", "研发部"), "name_too_long"),
    (("member", "add", "lisi", "--name", "  ", "--dept", "研发部"), "name_required"),
    (("member", "add", "lisi", "--name", "李四", "--dept", "不存在"), "dept_not_found"),
    (("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--weight", "-1"), "weight_invalid"),
    (("member", "update", "nobody", "--weight", "1"), "member_not_found"),
    (("dept", "add", "研发部"), "dept_exists"),
    (("dept", "add", "财务部/会计组"), "dept_parent_missing"),
    (("dept", "move", "研发部", "研发部/前端组"), "dept_move_into_self"),
    (("dept", "move", "研发部", "研发部"), "dept_move_into_self"),
    (("dept", "delete", "研发部"), "dept_not_empty"),
    (("dept", "delete", "研发部/前端组"), "dept_not_empty"),
    (("dept", "rename", "市场部", "研发部"), "dept_name_taken"),
    (("dept", "rename", "市场部", "a/b"), "dept_name_invalid"),
    (("member", "resign", "zhangwei", "nobody"), "invalid_rows"),
    (("member", "delete", "zhangwei"), "invalid_rows"),
    (("settings", "set", "security.lockout_threshold", "0"), "setting_invalid"),
    (("settings", "set", "no.such.key", "1"), "setting_unknown"),
    (("changes", "undo", "999"), "change_not_found"),
]


@pytest.mark.parametrize(("argv", "code"), REFUSALS, ids=[r[1] + "-" + r[0][1] for r in REFUSALS])
def test_refused_commands_exit_1_and_change_nothing(seeded: Cli, argv: tuple[str, ...], code: str) -> None:
    before = snapshot(seeded.url)
    res = seeded(*argv)
    assert res.code == 1, res.out
    assert res.data["error"]["code"] == code
    assert res.data["error"]["message"]
    assert snapshot(seeded.url) == before


def test_messages_follow_the_language(seeded: Cli) -> None:
    zh = seeded("--lang", "zh_CN", "dept", "delete", "研发部")
    en = seeded("--lang", "en", "dept", "delete", "研发部")
    assert "不能删除" in zh.data["error"]["message"]
    assert "cannot be deleted" in en.data["error"]["message"]
    text = seeded("--lang", "zh_CN", "dept", "delete", "研发部", as_json=False)
    assert text.code == 1 and "不能删除" in text.err


def test_usage_error_exits_2(seeded: Cli) -> None:
    res = seeded("member", "add", "x")
    assert res.code == 2
    assert res.data["error"]["code"] == "usage"


def test_unreachable_database_exits_3_without_password(tmp_path: Path) -> None:
    cli = Cli("postgresql+psycopg://admin:TopSecret99@127.0.0.1:9/youdu")
    res = cli("member", "list")
    assert res.code == 3
    message = res.data["error"]["message"]
    assert "TopSecret99" not in res.out + res.err
    assert "127.0.0.1:9/youdu" in message and "***" in message
    res = Cli(f"sqlite:///{tmp_path}/missing-dir/x.db")("member", "list")
    assert res.code == 3


def test_foreign_and_corrupt_sqlite_files_are_refused_untouched(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        con.execute("INSERT INTO invoices VALUES (1, 9.5)")
    truncated = tmp_path / "truncated.db"
    from tests.fixtures.core import bootstrap

    bootstrap(f"sqlite:///{truncated}").uow.dispose()
    truncated.write_bytes(truncated.read_bytes()[:3000])
    for path in (garbage, foreign, truncated):
        original = path.read_bytes()
        res = Cli(f"sqlite:///{path}")("member", "list")
        assert res.code == 1, (path, res.out)
        assert res.data["error"]["code"] == "db_not_youdu"
        assert path.read_bytes() == original
        assert not list(tmp_path.glob(path.name + ".before-*"))


def test_older_sqlite_database_is_migrated_after_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = store_db.make_engine(f"sqlite:///{path}")
    with engine.connect() as conn, conn.begin():
        command.upgrade(store_db._alembic_config(conn), "0001")
        store_db._mark(conn)
    engine.dispose()
    assert store_db.head_revision() != "0001"
    res = Cli(f"sqlite:///{path}")("db", "status")
    assert res.data["revision"] == "0001" and res.data["up_to_date"] is False
    res = Cli(f"sqlite:///{path}")("db", "upgrade")
    assert res.code == 0 and res.data["migrated"] is True
    backup = Path(res.data["backup"])
    assert backup.exists()
    with sqlite3.connect(backup) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert Cli(f"sqlite:///{path}")("db", "status").data["up_to_date"] is True


def test_models_match_migrations(fresh_db_url: str) -> None:
    """The Alembic head creates exactly the schema the models describe, on every backend."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from youdu_console.store.models import Base

    engine = store_db.open_database(fresh_db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    engine.dispose()
    assert diff == []


def _audit_rows(url: str) -> list[int]:
    uow = open_uow(url)
    with uow.read() as conn:
        ids = [r[0] for r in conn.execute(select(AuditEntry.__table__.c.id).order_by(AuditEntry.__table__.c.id))]
    uow.dispose()
    return ids


def test_audit_verify_detects_deleted_and_inserted_entries(seeded: Cli) -> None:
    ids = _audit_rows(seeded.url)
    assert len(ids) >= 4
    uow = open_uow(seeded.url)
    t = AuditEntry.__table__
    with uow.write() as conn:
        row = conn.execute(select(t).where(t.c.id == 3)).one()
        conn.execute(delete(t).where(t.c.id == 3))
    res = seeded("audit", "verify")
    assert res.code == 1 and res.data["first_bad"] == 4
    with uow.write() as conn:
        conn.execute(insert(t).values(**row._mapping))
    assert seeded("audit", "verify").data["ok"] is True
    # Removing the newest entry is caught through the chain head.
    with uow.write() as conn:
        last = conn.execute(select(t).order_by(t.c.id.desc()).limit(1)).one()
        conn.execute(delete(t).where(t.c.id == last.id))
    result = seeded("audit", "verify").data
    assert {k: result[k] for k in ("ok", "entries", "first_bad")} == {"ok": False, "entries": last.id - 1,
                                                                      "first_bad": last.id}
    with uow.write() as conn:
        conn.execute(insert(t).values(**last._mapping))
        forged = dict(last._mapping)
        forged.update(id=last.id + 1, prev_hash=last.hash, hash="f" * 64, action="member.delete")
        conn.execute(insert(t).values(**forged))
        conn.execute(AuditHead.__table__.update().values(last_id=last.id + 1, last_hash="f" * 64))
    assert seeded("audit", "verify").data["first_bad"] == last.id + 1
    uow.dispose()


def test_console_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point end to end: first super admin, a department, JSON out."""
    env = {"PATH": "/usr/bin:/bin", "YOUDU_DB": f"sqlite:///{tmp_path / 'e2e.db'}", "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}
    run = [sys.executable, "-m", "youdu_console"]
    res = subprocess.run([*run, "admin", "add", "root", "--role", "super", "--password-stdin"], input="Secret#123\n",
                         capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    env.update(YOUDU_ADMIN="root", YOUDU_ADMIN_PASSWORD="Secret#123")
    res = subprocess.run([*run, "--json", "dept", "add", "研发部"], capture_output=True, text=True, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    res = subprocess.run([*run, "--json", "dept", "list"], capture_output=True, text=True, env=env, timeout=60)
    import json

    assert [d["path"] for d in json.loads(res.stdout)] == ["研发部"]


@pytest.mark.servers
def test_foreign_server_database_is_refused(server_db_url: str) -> None:
    """A shared server database that holds somebody else's tables is never migrated into."""
    from sqlalchemy import create_engine, text

    engine = create_engine(server_db_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)"))
    engine.dispose()
    res = Cli(server_db_url)("db", "init")
    assert res.code == 1 and res.data["error"]["code"] == "db_not_youdu"
    engine = create_engine(server_db_url)
    with engine.connect() as conn:
        from sqlalchemy import inspect

        assert inspect(conn).get_table_names() == ["invoices"]
    engine.dispose()


def test_row_errors_follow_the_language(seeded: Cli) -> None:
    en = seeded("--lang", "en", "member", "resign", "nobody")
    zh = seeded("--lang", "zh_CN", "member", "resign", "nobody")
    assert en.data["error"]["errors"][0]["message"] == "Account “nobody” does not exist"
    assert zh.data["error"]["errors"][0]["message"] == "帐号“nobody”不存在"
    assert "params" not in en.data["error"]["errors"][0]


def test_change_descriptions_follow_the_language(seeded: Cli) -> None:
    en = seeded("--lang", "en", "changes", "list").data
    zh = seeded("--lang", "zh_CN", "changes", "list").data
    assert en[0]["description"] == "Add member zhangwei" and zh[0]["description"] == "新增成员 zhangwei"
    assert en[1]["description"] == "Add department 市场部"
    assert seeded("--lang", "en", "changes", "show", str(en[0]["id"])).data["description"] == "Add member zhangwei"
