"""The CLI as a subprocess never crashes: bad URLs, overflowing values, damaged logs, closed pipes and secrets.

Every failure is a coded error in the documented JSON shape with the documented exit code, no traceback on
stderr, and nothing changed; a password given in any form of URL is never printed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.core import ROOT, bootstrap, snapshot
from tests.interchange_helpers import TEMPLATE_HEADER, write_xlsx

SECRET = "TopSecret99x"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def data(self) -> Any:
        return json.loads(self.out)


def run_cli(args: Sequence[str], *, url: str | None, home: Path, env: dict[str, str] | None = None,
            input: str | None = None) -> Run:
    """`python -m youdu_console ARGS` in a clean environment (the real entry point, a real process)."""
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_DATA_HOME": str(home),
            "XDG_CONFIG_HOME": str(home), "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1],
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "QT_QPA_PLATFORM": "offscreen"}
    if url is not None:
        base["YOUDU_DB"] = url
    proc = subprocess.run([sys.executable, "-m", "youdu_console", *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, input=input, timeout=120,
                          cwd=home)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def assert_coded(res: Run, code: str | tuple[str, ...], exit_code: int) -> dict[str, Any]:
    """The documented failure: exit code, one JSON document `{"error": {"code", "message"}}`, no traceback."""
    assert res.code == exit_code, (res.code, res.out, res.err)
    error = res.data["error"]
    assert error["code"] in ((code,) if isinstance(code, str) else code), error
    assert error["message"]
    assert "Traceback" not in res.err and "Traceback" not in res.out
    return dict(error)


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'youdu.db'}"
    console = bootstrap(url)
    console.uow.dispose()
    home = tmp_path / "home"
    home.mkdir()
    for args in (("dept", "add", "研发部"), ("member", "add", "zhangwei", "--name", "张伟", "--dept", "研发部")):
        assert run_cli(["--json", *args], url=url, home=home).code == 0
    return url


# ---------------------------------------------------------------- --db URLs

BAD_URLS = [
    ("bogus://h/db", "db_url_invalid", 2),
    ("notaurl", "db_url_invalid", 2),
    # A URL option the driver does not know (here with a secret in it): refused by the driver, coded here.
    (f"mysql+pymysql://u@127.0.0.1:9/db?PASSWORD={SECRET}&charset=utf8mb4", "db_url_invalid", 2),
    (f"nosuchdialect+driver://u:{SECRET}@h/db", "db_url_invalid", 2),
]


@pytest.mark.parametrize(("url", "code", "exit_code"), BAD_URLS, ids=[u[0][:14] for u in BAD_URLS])
@pytest.mark.parametrize("command", [("db", "status"), ("member", "list")], ids=" ".join)
def test_bad_database_url_is_a_coded_usage_error(tmp_path: Path, url: str, code: str, exit_code: int,
                                                 command: tuple[str, ...]) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    res = run_cli(["--json", "--db", url, *command], url=None, home=tmp_path)
    error = assert_coded(res, code, exit_code)
    assert SECRET not in res.out + res.err
    assert SECRET not in error["message"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing created, not even "notaurl"
    text = run_cli(["--db", url, *command], url=None, home=tmp_path)
    assert text.code == exit_code and text.out == ""
    assert "Traceback" not in text.err and text.err.strip() and SECRET not in text.err


# ---------------------------------------------------------------- values the database cannot hold

HUGE = "99999999999999999999999"
OVERFLOWS = [
    ("dept", "add", "新部门", "--sort", HUGE),
    ("dept", "update", "研发部", "--sort", HUGE),
    ("dept", "add", "新部门", "--sort", "-" + HUGE),
    ("member", "list", "--limit", HUGE),
    ("changes", "show", HUGE),
]


@pytest.mark.parametrize("args", OVERFLOWS, ids=lambda a: " ".join(a[:3]))
def test_overflowing_numbers_are_refused_and_change_nothing(seeded: str, tmp_path: Path, args: Sequence[str]) -> None:
    before = snapshot(seeded)
    res = run_cli(["--json", *args], url=seeded, home=tmp_path / "home")
    # The domain's own range check (sort_invalid …) or, below it, the store's: never an internal error.
    assert_coded(res, ("value_out_of_range", "sort_invalid"), 1)
    assert snapshot(seeded) == before


# ---------------------------------------------------------------- a damaged audit log and journal

DAMAGE = [
    "UPDATE audit_log SET hash = X'00FF80' WHERE id = 2",
    "UPDATE audit_log SET hash = 'not a hash' WHERE id = 2",
    "UPDATE audit_log SET at = 'garbage' WHERE id = 2",
    "UPDATE audit_log SET detail = X'00FF80' WHERE id = 2",
    "UPDATE audit_log SET prev_hash = 42 WHERE id = 2",
    "UPDATE audit_log SET change_id = 'zz' WHERE id = 2",
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.split("SET ")[1].split(" =")[0] + d[-12:])
def test_audit_verify_names_a_damaged_entry(seeded: str, tmp_path: Path, damage: str) -> None:
    path = Path(seeded.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as con:
        con.execute(damage)
    con.close()
    before = raw_dump(path)  # the damaged rows cannot be read through the models any more
    res = run_cli(["--json", "audit", "verify"], url=seeded, home=tmp_path / "home")
    assert res.code == 1, (res.out, res.err)
    # The chain's verdict; the journal cross-check may also list the change set whose entry is damaged.
    assert {k: res.data[k] for k in ("ok", "entries", "first_bad")} == {"ok": False, "entries": 2, "first_bad": 2}
    assert "Traceback" not in res.err
    text = run_cli(["--lang", "en", "audit", "verify"], url=seeded, home=tmp_path / "home")
    assert text.code == 1 and "first bad entry #2" in text.out and "Traceback" not in text.err
    assert raw_dump(path) == before


def raw_dump(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        dump = list(con.iterdump())
    con.close()
    return dump


def test_a_damaged_journal_entry_is_refused_not_a_crash(seeded: str, tmp_path: Path) -> None:
    path = Path(seeded.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as con:
        change_id = con.execute("SELECT max(id) FROM change_sets").fetchone()[0]
        con.execute("UPDATE change_sets SET payload = X'0102030405' WHERE id = ?", (change_id,))
    con.close()
    before = snapshot(seeded)
    for args in (("changes", "show", str(change_id)), ("changes", "undo", str(change_id)),
                 ("changes", "undo", str(change_id), "--dry-run")):
        res = run_cli(["--json", *args], url=seeded, home=tmp_path / "home")
        assert assert_coded(res, "change_damaged", 1)["message"].count(f"#{change_id}") == 1
    assert snapshot(seeded) == before


# ---------------------------------------------------------------- output to a closed pipe

def _many_members(url: str, tmp_path: Path, count: int = 3000) -> Path:
    rows = [TEMPLATE_HEADER] + [[f"user{i:05d}", f"用户{i}", "男", "", "", "", "研发部", "", ""] for i in range(count)]
    xlsx = write_xlsx(tmp_path / "many.xlsx", rows)
    res = run_cli(["--json", "import", "excel", str(xlsx), "--summary"], url=url, home=tmp_path / "home")
    assert res.code == 0, res.err
    return xlsx


PIPED = [
    ("member", "list"),
    ("--json", "member", "list"),
    ("--json", "import", "excel", "{xlsx}", "--dry-run"),
    ("import", "excel", "{xlsx}", "--dry-run"),
    ("--json", "changes", "show", "{last}"),
]


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_output_piped_to_head_is_quiet(seeded: str, tmp_path: Path, args: tuple[str, ...]) -> None:
    xlsx = _many_members(seeded, tmp_path)
    last = run_cli(["--json", "changes", "list"], url=seeded, home=tmp_path / "home").data[0]["id"]
    argv = [a.format(xlsx=xlsx.with_name("again.xlsx"), last=last) for a in args]
    if "{xlsx}" in args:  # a dry run of new rows, so the preview is long
        rows = [TEMPLATE_HEADER] + [[f"new{i:05d}", f"新人{i}", "女", "", "", "", "研发部", "", ""] for i in range(3000)]
        write_xlsx(xlsx.with_name("again.xlsx"), rows)
    before = snapshot(seeded)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"), "YOUDU_DB": seeded,
           "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1], "XDG_DATA_HOME": str(tmp_path / "home")}
    command = " ".join(f"'{a}'" for a in [sys.executable, "-m", "youdu_console", *argv])
    proc = subprocess.run(["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == "", proc.stderr  # no BrokenPipeError, no traceback, no message
    assert proc.returncode in (0, 141)  # 141 = 128 + SIGPIPE, as any program ended by a closed pipe
    assert snapshot(seeded) == before


def test_a_closed_pipe_exits_as_sigpipe_does(seeded: str, tmp_path: Path) -> None:
    _many_members(seeded, tmp_path)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path / "home"), "YOUDU_DB": seeded,
           "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1], "XDG_DATA_HOME": str(tmp_path / "home")}
    for args in (["member", "list"], ["--json", "member", "list"]):
        proc = subprocess.Popen([sys.executable, "-m", "youdu_console", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline()
        proc.stdout.close()  # the reader goes away after one line
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=60) == 141
        assert err == ""


# ---------------------------------------------------------------- secrets in URLs

def _url_forms(host_port: str = "127.0.0.1:9") -> list[str]:
    return [
        f"postgresql+psycopg://admin:{SECRET}@{host_port}/youdu",
        f"postgresql+psycopg://admin@{host_port}/youdu?password={SECRET}",
        f"postgresql+psycopg://admin@{host_port}/youdu?sslmode=disable&PASSWORD={SECRET}",
        f"postgresql+psycopg://admin@{host_port}/youdu?Password={SECRET}&connect_timeout=2",
        f"mysql+pymysql://admin:{SECRET}@{host_port}/youdu",
        f"mysql+pymysql://admin@{host_port}/youdu?password={SECRET}",
        f"mysql+pymysql://admin:p%40{SECRET}@{host_port}/youdu",
    ]


@pytest.mark.parametrize("url", _url_forms(), ids=lambda u: u.split("://")[0] + ("-query" if "?" in u else "-user"))
def test_no_url_form_prints_its_password(tmp_path: Path, url: str) -> None:
    runs = [(mode, command, "0") for mode in ((), ("--json",)) for command in (("db", "status"), ("member", "list"))]
    runs.append((("--json",), ("db", "init"), "1"))  # with YOUDU_DEBUG too
    for mode, command, debug in runs:
        res = run_cli([*mode, "--db", url, *command], url=None, home=tmp_path, env={"YOUDU_DEBUG": debug})
        assert res.code == 3, (res.out, res.err)
        assert SECRET not in res.out + res.err
        if mode:
            assert res.data["error"]["code"] == "db_unreachable"
            assert "127.0.0.1:9/youdu" in res.data["error"]["message"]


def test_status_of_a_real_database_masks_a_query_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'youdu.db'}"
    bootstrap(url).uow.dispose()
    # SQLite ignores the option (SQLAlchemy warns that it does, without the value); the status masks it.
    for form in (f"{url}?password={SECRET}", f"{url}?PassWord={SECRET}&mode=rw"):
        res = run_cli(["--json", "--db", form, "db", "status"], url=None, home=tmp_path)
        assert res.code == 0 and res.data["up_to_date"] is True
        assert SECRET not in res.out + res.err and "***" in res.data["url"]
        text = run_cli(["--db", form, "db", "status"], url=None, home=tmp_path)
        assert text.code == 0 and "***" in text.out and SECRET not in text.out + text.err


@pytest.mark.servers
def test_server_status_masks_the_password_in_every_form(server_db_url: str, tmp_path: Path) -> None:
    """A real server accepts the password from the userinfo or the query; `db status` prints neither."""
    from sqlalchemy.engine import make_url

    bootstrap(server_db_url).uow.dispose()
    u = make_url(server_db_url)
    password = u.password or SECRET  # PostgreSQL here trusts local logins: any password is accepted
    forms = [u.set(password=password), u.set(password=None).update_query_dict({"password": password})]
    for form in forms:
        text = form.render_as_string(hide_password=False)
        res = run_cli(["--json", "--db", text, "db", "status"], url=None, home=tmp_path)
        assert res.code == 0, (res.out, res.err)
        assert password not in res.out + res.err
        assert res.data["up_to_date"] is True and res.data["url"].startswith(u.drivername)


# ---------------------------------------------------------------- the last resort

RUNNER = """
import sys
from youdu_console.cli import main as cli_main
from youdu_console.services import directory, quick_read

def broken(*args, **kwargs):
    raise RuntimeError("boom while reading postgresql://u:{secret}@h/db?password={secret}")

{patched} = broken
sys.exit(cli_main.main(sys.argv[1:]))
"""


# `member show` breaks in the services (the full path, which the quick read leaves a case it does not answer
# to) or in the quick read itself (cli/quick.py): either way a coded error.
@pytest.mark.parametrize("patched", ["directory.DirectoryService.get_member", "quick_read.member_show"])
@pytest.mark.parametrize("debug", ["", "1"])
def test_an_unexpected_exception_is_a_coded_internal_error(seeded: str, tmp_path: Path, debug: str,
                                                           patched: str) -> None:
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER.replace("{secret}", SECRET).replace("{patched}", patched))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "YOUDU_DB": seeded, "YOUDU_ADMIN": ROOT[0],
           "YOUDU_ADMIN_PASSWORD": ROOT[1], "YOUDU_DEBUG": debug, "PYTHONPATH": str(Path.cwd())}
    before = snapshot(seeded)
    # An account the quick read does not find is left to the full path, whose get_member is the broken one.
    account = "nobody" if patched.startswith("directory") else "zhangwei"
    proc = subprocess.run([sys.executable, str(runner), "--json", "member", "show", account], capture_output=True,
                          text=True, env=env, timeout=60)
    res = Run(proc.returncode, proc.stdout, proc.stderr)
    assert res.code == 1
    error = res.data["error"]
    assert error["code"] == "internal" and "RuntimeError: boom" in error["message"]
    assert SECRET not in res.out + res.err
    assert ("Traceback" in res.err) is bool(debug)  # the traceback only when YOUDU_DEBUG asks for it
    assert snapshot(seeded) == before


# ---------------------------------------------------------------- what a read command loads

HEAVY = ("alembic", "PySide6", "ldap3", "openpyxl", "python_calamine", "lxml", "pypinyin", "xlrd", "keyring")
IMPORT_CHECK = """
import json, sys
from youdu_console.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads('HEAVY')))
loaded += [m for m in ("sqlalchemy.orm", "youdu_console.store.models") if m in sys.modules]  # Core is enough
print("\\nLOADED " + json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.mark.parametrize("args", [("member", "show", "zhangwei"), ("member", "list"), ("dept", "list", "--tree"),
                                  ("audit", "verify")], ids=" ".join)
def test_a_read_command_imports_no_migration_tool_no_orm_and_no_qt(seeded: str, tmp_path: Path, args: tuple[str, ...]) -> None:
    runner = tmp_path / "imports.py"
    runner.write_text(IMPORT_CHECK.replace("HEAVY", json.dumps(HEAVY)))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "YOUDU_DB": seeded, "YOUDU_ADMIN": ROOT[0],
           "YOUDU_ADMIN_PASSWORD": ROOT[1], "PYTHONPATH": str(Path.cwd())}
    proc = subprocess.run([sys.executable, str(runner), "--json", *args], capture_output=True, text=True, env=env,
                          timeout=60)
    report = json.loads(proc.stdout.rsplit("LOADED ", 1)[1])
    assert report == {"code": 0, "loaded": []}, proc.stderr
    # And the same with -X importtime on the real entry point: neither alembic nor Qt appears.
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "youdu_console", "--json", *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "youdu_console" in imported  # the check reads the real list
    # `member show` answers its common case with no SQLAlchemy at all (cli/quick.py), the others with Core.
    assert ("sqlalchemy" in imported) is (args[:2] != ("member", "show"))
    assert not imported & {"alembic", "PySide6"}


def test_an_old_schema_still_migrates_with_alembic(tmp_path: Path) -> None:
    """The cheap revision check must not hide a needed migration: an old database is upgraded on first use."""
    from alembic import command

    from youdu_console.store import db as store_db

    path = tmp_path / "old.db"
    engine = store_db.make_engine(f"sqlite:///{path}")
    with engine.connect() as conn, conn.begin():
        command.upgrade(store_db._alembic_config(conn), "0001")
        store_db._mark(conn)
    engine.dispose()
    url = f"sqlite:///{path}"
    res = run_cli(["--json", "db", "status"], url=url, home=tmp_path)
    assert res.data["revision"] == "0001" and res.data["up_to_date"] is False
    res = run_cli(["--json", "admin", "list"], url=url, home=tmp_path)  # any command migrates first
    assert res.code in (0, 1)
    assert run_cli(["--json", "db", "status"], url=url, home=tmp_path).data["up_to_date"] is True
