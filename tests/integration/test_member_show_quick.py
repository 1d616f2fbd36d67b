"""`member show` without SQLAlchemy (cli/quick.py, services/quick_read.py, store/lite.py) gives exactly what the
full path gives: the same view for every member and administrator role, the full path's own coded error for
every case it does not answer, and it neither imports SQLAlchemy nor writes or creates a file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from tests.fixtures.core import ROOT, Cli, bootstrap
from youdu_console.cli import quick
from youdu_console.domain.errors import YouduError
from youdu_console.policy.login import LoginPolicy
from youdu_console.policy.sessions import start as start_session
from youdu_console.services import quick_read
from youdu_console.services.access import AccessService
from youdu_console.services.admins import AdminService
from youdu_console.services.console import login, open_uow

PASSWORD = "Admin#2026x"
ADMINS = {"root": ROOT[1], "scope1": PASSWORD, "desk": PASSWORD, "audit": PASSWORD}
# Each account as typed: folded to the stored one (full-width, spaces, capitals) as every read folds it.
ACCOUNTS = ["zhangwei", "ＺＨＡＮＧＷＥＩ", " LiSi ", "wangwu", "zhaoliu", "sunqi", "nobody"]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Members with confidential fields on and off, two departments, custom fields, resigned, locked, a
    forced password change, online; a super, a scoped (研发部), a helpdesk and an auditor administrator."""
    path = tmp_path_factory.mktemp("quick") / "youdu.db"
    c = bootstrap(f"sqlite:///{path}")
    d = c.directory
    for dept in ("研发部", "研发部/前端组", "市场部", "销售部"):
        c.apply(d.plan_add_department(dept))
    c.apply(d.plan_add_member("zhangwei", name="张伟", departments=["研发部/前端组", "市场部"], mobile="13800138000",
                              email="zw@example.com", position="工程师", weight=5, gender="male",
                              attributes={"工号": "A001", "座位": "3F-12"}))
    c.apply(d.plan_add_member("lisi", name="李四", departments=["市场部"], phone="010-12345678"))
    c.apply(d.plan_add_member("wangwu", name="王五", departments=["销售部"]))
    c.apply(d.plan_add_member("zhaoliu", name="赵六", departments=["研发部"], email="zl@example.com"))
    c.apply(d.plan_add_member("sunqi", name="孙七", departments=["市场部", "研发部"]))
    c.apply(d.plan_confidential(["zhangwei"], {"mobile": True, "email": True}))
    c.apply(d.plan_resign(["lisi"]))
    access = AccessService(c.uow, c.actor)
    c.apply(access.plan_set_password("wangwu", "Passw0rd!", force_change=False))
    c.apply(access.plan_set_password("zhaoliu", "Passw0rd!", force_change=True))
    c.apply(access.plan_authorization(["zhangwei", "zhaoliu"], "grant"))
    policy = LoginPolicy(c.uow)
    for _ in range(5):
        policy.check_login("wangwu", "wrong", "windows", "10.0.0.1")
    start_session(c.uow, "sysOrgAssistant", "s-1", "zhaoliu", "windows", "10.0.0.2", actor=c.actor)  # online: an open session
    admins = AdminService(c.uow)
    admins.add(c.actor, "scope1", "scoped", PASSWORD, ["研发部"])
    admins.add(c.actor, "desk", "helpdesk", PASSWORD)
    admins.add(c.actor, "audit", "auditor", PASSWORD)
    c.uow.dispose()
    return path


@pytest.fixture
def db(org: Path, tmp_path: Path) -> Path:
    """A private copy of the organisation (a fallback case may write: failure counting)."""
    folder = tmp_path / "db"
    folder.mkdir()
    shutil.copyfile(org, folder / "youdu.db")
    return folder / "youdu.db"


def full_path(url: str, admin: str, account: str) -> dict[str, Any] | str:
    """What the services answer: the member's JSON, or the error code."""
    try:
        console = login(open_uow(url), admin, ADMINS.get(admin, "x"))
    except YouduError as exc:
        return exc.code
    try:
        return console.directory.get_member(account).to_json()
    except YouduError as exc:
        return exc.code
    finally:
        console.uow.dispose()


def digest(folder: Path) -> dict[str, str]:
    """Every file in the folder and its content hash: nothing written, nothing created."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_quick_view_is_the_services_view_for_every_member_and_role(db: Path) -> None:
    url = f"sqlite:///{db}"
    answered = refused = 0
    online = set()
    for admin in ADMINS:
        for account in ACCOUNTS:
            before = digest(db.parent)
            view = quick_read.member_show(url, admin, ADMINS[admin], account)
            assert digest(db.parent) == before
            expected = full_path(url, admin, account)
            if isinstance(expected, dict):
                assert view is not None, (admin, account)
                assert view.to_json() == expected, (admin, account)
                answered += 1
                if expected["online"]:
                    online.add(expected["account"])
            else:
                assert view is None, (admin, account, expected)
                assert expected == "member_not_found"
                refused += 1
    # Every role answered for the members it may see; the scoped admin's out-of-scope ones and "nobody" not.
    assert answered == 4 * 6 - 2 and refused == 4 + 2
    assert online == {"zhaoliu"}  # presence is part of the view, on both paths
    shown = quick_read.member_show(url, "root", ROOT[1], "zhangwei")
    assert shown is not None and shown.departments == ("研发部/前端组", "市场部")
    assert shown.confidential == ("mobile", "email") and shown.attributes == {"工号": "A001", "座位": "3F-12"}
    resigned = quick_read.member_show(url, "desk", PASSWORD, "lisi")
    assert resigned is not None and resigned.status == "resigned" and resigned.resigned_at
    locked = quick_read.member_show(url, "audit", PASSWORD, "wangwu")
    assert locked is not None and locked.locked


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _sql(db: Path, *statements: str) -> None:
    con = sqlite3.connect(db, isolation_level=None)
    for s in statements:
        con.execute(s)
    con.close()


def _wrong_once(db: Path) -> None:
    assert Cli(f"sqlite:///{db}")("member", "show", "zhangwei", admin=("root", "wrong")).code == 1


def _locked(db: Path) -> None:
    for _ in range(5):
        _wrong_once(db)


def _weaker_hash(db: Path) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(ROOT[1])
    _sql(db, f"UPDATE admins SET password_hash = '{weak}' WHERE name = 'root'")


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _foreign(db: Path) -> None:
    db.write_text("not a database\n" * 100, encoding="utf-8")


# (name, prepare the copy, URL given with --db (None: the copy), admin, password, account, error code, exit)
FALLBACKS: list[tuple[str, Callable[[Path], None] | None, str | None, str, str | None, str, str | None, int]] = [
    ("wrong password", None, None, "root", "wrong", "zhangwei", "login_failed", 1),
    ("admin locked", _locked, None, "root", ROOT[1], "zhangwei", "admin_locked", 1),
    ("member not found", None, None, "root", ROOT[1], "nobody", "member_not_found", 1),
    ("out of scope", None, None, "scope1", PASSWORD, "lisi", "member_not_found", 1),
    ("schema not at head", lambda db: _sql(db, "UPDATE alembic_version SET version_num = 'ffff'"), None, "root",
     ROOT[1], "zhangwei", "db_too_new", 1),
    ("not a URL the quick read knows", None, "bogus://h/db", "root", ROOT[1], "zhangwei", "db_url_invalid", 2),
    ("missing folder", None, "sqlite:////nonexistent-youdu/dir/x.db", "root", ROOT[1], "zhangwei",
     "db_unreachable", 3),
    ("damaged file", _truncate, None, "root", ROOT[1], "zhangwei", "db_not_youdu", 1),
    ("foreign file", _foreign, None, "root", ROOT[1], "zhangwei", "db_not_youdu", 1),
    ("no password in the environment", None, None, "root", None, "zhangwei", "login_required", 1),
    # The full path succeeds where the quick read may not: it clears the failure count, re-makes nothing
    # here but would; turns the file to WAL. The quick read leaves each to it.
    ("a failure row to clear", _wrong_once, None, "root", ROOT[1], "zhangwei", None, 0),
    ("a hash with other parameters", _weaker_hash, None, "root", ROOT[1], "zhangwei", None, 0),
    ("not in WAL mode", lambda db: _sql(db, "PRAGMA journal_mode=DELETE"), None, "root", ROOT[1], "zhangwei",
     None, 0),
]


@pytest.mark.parametrize(("prepare", "url", "admin", "password", "account", "code", "exit_code"),
                         [case[1:] for case in FALLBACKS], ids=[case[0] for case in FALLBACKS])
def test_whatever_the_quick_read_does_not_answer_gets_the_full_paths_answer(
        db: Path, prepare: Callable[[Path], None] | None, url: str | None, admin: str, password: str | None,
        account: str, code: str | None, exit_code: int) -> None:
    if prepare is not None:
        prepare(db)
    argv = ["--json", "member", "show", account] + (["--db", url] if url else [])
    before = digest(db.parent)
    with environment(YOUDU_DB=f"sqlite:///{db}", YOUDU_ADMIN=admin, YOUDU_ADMIN_PASSWORD=password):
        assert quick.answer(argv) is None
    assert digest(db.parent) == before  # the quick read wrote and created nothing, even beside a bad file
    res = Cli(f"sqlite:///{db}")(*argv[1:], admin=(admin, password) if password is not None else False)
    assert res.code == exit_code, (res.out, res.err)
    if code is None:
        assert res.data == full_path(f"sqlite:///{db}", admin, account)
        with sqlite3.connect(db) as con:  # the full path did its part (here: clearing the failure count)
            assert con.execute("SELECT count(*) FROM admin_login_state").fetchone() == (0,)
    else:
        assert res.data["error"]["code"] == code


def _subprocess(args: list[str], db: Path, home: Path, password: str = ROOT[1]) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "XDG_DATA_HOME": str(home),
           "XDG_CONFIG_HOME": str(home), "YOUDU_DB": f"sqlite:///{db}", "YOUDU_ADMIN": "root",
           "YOUDU_ADMIN_PASSWORD": password, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "YOUDU_LANG": "en"}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "youdu_console", *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=home)


def _imported(stderr: str) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def test_member_show_as_a_command_imports_no_sqlalchemy_and_prints_what_the_full_path_prints(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    before = digest(db.parent)
    as_json = _subprocess(["member", "show", "zhangwei", "--json"], db, home)
    as_text = _subprocess(["member", "show", "zhangwei"], db, home)
    assert digest(db.parent) == before
    for run in (as_json, as_text):
        assert run.returncode == 0, run.stderr[-2000:]
        modules = _imported(run.stderr)
        assert "youdu_console.services.quick_read" in modules
        assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "alembic", "PySide6")}
    assert json.loads(as_json.stdout) == full_path(f"sqlite:///{db}", "root", "zhangwei")
    # The same bytes as the full CLI prints, in both forms.
    monkeypatch.setattr(quick, "answer", lambda argv: None)
    cli = Cli(f"sqlite:///{db}")
    with environment(YOUDU_LANG="en"):
        assert as_json.stdout == cli("member", "show", "zhangwei").out
        assert as_text.stdout == cli("member", "show", "zhangwei", as_json=False).out
    # The detector can fail: a case left to the full path loads SQLAlchemy.
    refused = _subprocess(["member", "show", "nobody", "--json"], db, home)
    assert refused.returncode == 1 and "sqlalchemy" in _imported(refused.stderr)
