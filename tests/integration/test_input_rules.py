"""Input the core refuses (issue #11, points 2, 5 and 6), through the real CLI run as a subprocess.

Every refusal is checked for its code, its exit code and that nothing changed: the database's rows
(snapshot) and the files in the database's directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from tests.fixtures.core import ROOT, CliResult, bootstrap, snapshot
from tests.interchange_helpers import TEMPLATE_HEADER, rtx_xml, write_rtx, write_xls
from youdu_console.interchange import dat
from youdu_console.services.changes import utcnow
from youdu_console.services.console import open_uow
from youdu_console.services.passwords import HASHER
from youdu_console.store import tables


def run_cli(url: str | None, *args: str, input: str | None = None, admin: bool = True,
            as_json: bool = True) -> CliResult:
    """`youdu-console` as its own process, as a user or a script runs it."""
    env = dict(os.environ)
    env.pop("YOUDU_DB", None)
    if url is not None:
        env["YOUDU_DB"] = url
    if admin:
        env["YOUDU_ADMIN"], env["YOUDU_ADMIN_PASSWORD"] = ROOT
    else:
        env.pop("YOUDU_ADMIN", None)
        env.pop("YOUDU_ADMIN_PASSWORD", None)
    argv = [sys.executable, "-m", "youdu_console", *(["--json"] if as_json else []), *args]
    proc = subprocess.run(argv, input=input or "", capture_output=True, text=True, env=env, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def files_in(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


@pytest.fixture
def seeded(sqlite_url: str) -> str:
    console = bootstrap(sqlite_url)
    d = console.directory
    console.apply(d.plan_add_department("研发部/前端组", parents=True))
    console.apply(d.plan_add_department("市场部"))
    console.apply(d.plan_add_member("zhangwei", name="张伟", departments=["研发部/前端组"], mobile="13800000001",
                                    password="Passw0rd!"))
    console.apply(d.plan_add_member("obrien", name="Pat O'Brien", departments=["市场部"], weight=5))
    console.uow.dispose()
    return sqlite_url


def refused(url: str, code: str, *args: str, input: str | None = None, exit_code: int = 1) -> dict[str, Any]:
    """Run a command that must be refused: the code, the exit code, and not one row or file changed."""
    folder = Path(url.removeprefix("sqlite:///")).parent
    before, files = snapshot(url), files_in(folder)
    res = run_cli(url, *args, input=input)
    assert res.code == exit_code, (res.out, res.err)
    error = res.data["error"]
    assert error["code"] == code, error
    assert error["message"] and "\x1b" not in res.out and "\x00" not in res.out
    assert snapshot(url) == before
    assert files_in(folder) == files
    return error


DEEP = "/".join(f"d{i}" for i in range(1, 34))  # 33 levels: one more than the default limit

COMMAND_REFUSALS = [
    ("name_invalid", ("member", "add", "lisi", "--name", "李\x1b[2J四", "--dept", "研发部")),
    ("name_invalid", ("member", "add", "lisi", "--name", "evil\u202egnp.exe", "--dept", "研发部")),
    ("name_invalid", ("member", "update", "zhangwei", "--name", "张\x07伟")),
    ("text_invalid", ("member", "update", "zhangwei", "--position", "经理\x1b]0;pwned\x07")),
    ("dept_name_invalid", ("dept", "add", "财务\u2066部")),
    ("dept_name_invalid", ("dept", "rename", "市场部", "市场\x1b[31m部")),
    ("dept_name_reserved", ("dept", "add", ".")),
    ("dept_name_reserved", ("dept", "add", "研发部/..")),
    ("dept_name_reserved", ("dept", "rename", "市场部", "..")),
    ("dept_path_invalid", ("dept", "add", "研发部//b")),
    ("dept_path_invalid", ("dept", "add", "研发部/ /b", "--parents")),
    ("dept_path_invalid", ("dept", "show", "研发部//前端组")),
    ("dept_path_invalid", ("member", "move", "zhangwei", "--to", "研发部//前端组")),
    ("sort_invalid", ("dept", "add", "财务部", "--sort", "99999999999999999999999")),
    ("sort_invalid", ("dept", "update", "市场部", "--sort", "2147483648")),
    ("sort_invalid", ("dept", "update", "市场部", "--sort", "-2147483649")),
    ("weight_invalid", ("member", "update", "zhangwei", "--weight", "99999999999999999999999")),
    ("weight_invalid", ("member", "update", "zhangwei", "--weight", "1e400")),
    ("dept_too_deep", ("dept", "add", DEEP, "--parents")),
    ("mobile_invalid", ("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--mobile", "1390000")),
    ("mobile_invalid", ("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--mobile", "139000000001")),
    ("mobile_invalid", ("member", "update", "zhangwei", "--mobile", "85291234567")),  # HK number without +852
    ("mobile_taken", ("member", "add", "lisi", "--name", "李四", "--dept", "研发部", "--mobile", "+86 138-0000-0001")),
    ("phone_invalid", ("member", "update", "zhangwei", "--phone", "call me")),
]


@pytest.mark.parametrize(("code", "argv"), COMMAND_REFUSALS,
                         ids=[f"{c}-{i}" for i, (c, _) in enumerate(COMMAND_REFUSALS)])
def test_commands_refuse_bad_input_with_a_code_and_change_nothing(seeded: str, code: str,
                                                                   argv: tuple[str, ...]) -> None:
    error = refused(seeded, code, *argv)
    if code in ("name_invalid", "dept_name_invalid", "text_invalid"):
        assert "\\u" in error["message"]  # the offending character is shown escaped, never raw


def test_a_move_that_would_pass_the_depth_limit_is_refused(seeded: str) -> None:
    console = bootstrap(seeded)
    chain = "/".join(f"d{i}" for i in range(1, 32))  # 31 levels
    console.apply(console.directory.plan_add_department(chain, parents=True))
    console.apply(console.directory.plan_add_department("研发部/前端组/小组", parents=True))
    console.uow.dispose()
    refused(seeded, "dept_too_deep", "dept", "move", "研发部", chain)  # 31 + 3 levels
    ok = run_cli(seeded, "dept", "move", "研发部/前端组/小组", chain)  # 31 + 1 = 32: allowed
    assert ok.code == 0, ok.err


def test_the_depth_limit_is_a_declared_setting(seeded: str) -> None:
    assert run_cli(seeded, "settings", "set", "directory.max_depth", "3").code == 0
    refused(seeded, "dept_too_deep", "dept", "add", "研发部/前端组/小组/再小", "--parents")
    assert run_cli(seeded, "dept", "add", "研发部/前端组/小组").code == 0
    refused(seeded, "setting_invalid", "settings", "set", "directory.max_depth", "0")


def test_full_width_accounts_are_folded_for_reads_writes_and_login_check(seeded: str) -> None:
    fw = "ｚｈａｎｇｗｅｉ"
    shown = run_cli(seeded, "member", "show", fw)
    assert shown.code == 0 and shown.data["account"] == "zhangwei"
    found = run_cli(seeded, "member", "list", "--search", "ｚｈａｎｇ")
    assert [m["account"] for m in found.data] == ["zhangwei"]
    assert run_cli(seeded, "auth", "grant", fw).code == 0
    ok = run_cli(seeded, "login-check", fw, "--password-stdin", "--device", "windows", input="Passw0rd!\n")
    assert ok.data["reason"] == "ok" and ok.data["ok"] is True
    wrong = run_cli(seeded, "login-check", fw, "--password-stdin", "--device", "windows", input="nope\n")
    assert wrong.data["reason"] == "bad_password"
    assert run_cli(seeded, "member", "update", fw, "--position", "组长").code == 0
    assert run_cli(seeded, "member", "show", "zhangwei").data["position"] == "组长"


def test_latin_names_are_found_by_a_part_as_chinese_names_are(seeded: str) -> None:
    for text in ("Brien", "brien", "O'Bri", "伟"):
        res = run_cli(seeded, "member", "list", "--search", text)
        assert res.code == 0
        names = [m["name"] for m in res.data]
        assert names == (["张伟"] if text == "伟" else ["Pat O'Brien"]), (text, names)
    assert run_cli(seeded, "member", "list", "--search", "xyzzy").data == []
    # Wildcards in the text are plain characters, in the Chinese probe as in the Latin one.
    assert [m["name"] for m in run_cli(seeded, "member", "list", "--search", "张伟").data] == ["张伟"]
    assert run_cli(seeded, "member", "list", "--search", "张%").data == []
    assert run_cli(seeded, "member", "list", "--search", "_伟").data == []


def test_international_mobiles_are_stored_in_one_normal_form(seeded: str) -> None:
    assert run_cli(seeded, "member", "add", "hk", "--name", "陈大文", "--dept", "市场部",
                   "--mobile", "+852 9123 4567").code == 0
    assert run_cli(seeded, "member", "add", "us", "--name", "John", "--dept", "市场部",
                   "--mobile", "001 (415) 555-2671").code == 0
    assert run_cli(seeded, "member", "add", "cn", "--name", "李四", "--dept", "市场部",
                   "--mobile", "+86 139 0000 0002").code == 0
    mobiles = {a: run_cli(seeded, "member", "show", a).data["mobile"] for a in ("hk", "us", "cn")}
    assert mobiles == {"hk": "+85291234567", "us": "+14155552671", "cn": "13900000002"}
    assert [m["account"] for m in run_cli(seeded, "member", "list", "--search", "139").data] == ["cn"]
    assert [m["account"] for m in run_cli(seeded, "member", "list", "--search", "+852").data] == ["hk"]
    # The default region is a declared setting: Hong Kong numbers without +852, mainland ones then need +86.
    assert run_cli(seeded, "settings", "set", "directory.mobile_region", "HK").code == 0
    assert run_cli(seeded, "member", "update", "hk", "--mobile", "6123 4567").code == 0
    assert run_cli(seeded, "member", "show", "hk").data["mobile"] == "+85261234567"
    refused(seeded, "mobile_invalid", "member", "update", "cn", "--mobile", "13900000003")
    refused(seeded, "setting_invalid", "settings", "set", "directory.mobile_region", "XX")


def test_landlines_are_checked_loosely_and_keep_their_extension(seeded: str) -> None:
    for phone in ("010-6253 1234 转 806", "(0755) 8888-1234 ext. 12", "+852 2345 6789", "8001"):
        res = run_cli(seeded, "member", "update", "zhangwei", "--phone", phone)
        assert res.code == 0, (phone, res.err)
        assert run_cli(seeded, "member", "show", "zhangwei").data["phone"] == phone


def test_dept_list_tree_of_any_depth_never_recurses(seeded: str) -> None:
    # Data older than the limit (or written by SQL) may be deeper than any setting allows: it still lists.
    uow = open_uow(seeded)
    d = tables.DEPARTMENTS
    with uow.write() as conn:
        parent = conn.execute(select(d.c.id).where(d.c.name == "市场部")).scalar()
        for i in range(1, 1501):
            conn.execute(insert(d).values(id=1_000_000 + i, gid=f"{i:032x}", name=f"L{i}", parent_id=parent, sort=0,
                                          version=1, created_at=utcnow(), updated_at=utcnow()))
            parent = 1_000_000 + i
    uow.dispose()
    text = run_cli(seeded, "dept", "list", "--tree", as_json=False)
    assert text.code == 0, text.err
    lines = text.out.splitlines()
    at = lines.index("市场部(1)")
    assert lines[at + 1500] == "  " * 1500 + "L1500(0)"
    flat = run_cli(seeded, "dept", "list")
    assert flat.code == 0 and len(flat.data) == 3 + 1500
    start = next(d["path"] for d in flat.data if d["name"] == "L1401")
    tree = run_cli(seeded, "dept", "list", start, "--tree")  # 100 levels: nested JSON
    assert tree.code == 0, tree.err
    node, depth = tree.data[0], 1
    while node["children"]:
        node, depth = node["children"][0], depth + 1
    assert node["name"] == "L1500" and depth == 100
    refused(seeded, "dept_tree_too_deep", "dept", "list", "--tree")  # deeper: a coded refusal, no traceback


# ---------------------------------------------------------------- files touched that should not be

def test_db_status_on_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    res = run_cli(f"sqlite:///{folder / 'nothing.db'}", "db", "status", admin=False)
    assert res.code == 3
    assert res.data["error"]["code"] == "db_not_found"
    assert list(folder.iterdir()) == []
    text = run_cli(f"sqlite:///{folder / 'nothing.db'}", "--lang", "en", "db", "status", admin=False, as_json=False)
    assert text.code == 3 and "does not exist" in text.err and list(folder.iterdir()) == []


def _damaged_copy(seeded: str, tmp_path: Path) -> Path:
    source = Path(seeded.removeprefix("sqlite:///"))
    data = bytearray(source.read_bytes())
    assert data[18] == 2  # a WAL-mode database: opening it carelessly creates -wal and -shm files
    for i in range(8192, len(data), 7):
        data[i] = (data[i] * 31 + 7) % 256
    folder = tmp_path / "damaged"
    folder.mkdir()
    target = folder / "youdu.db"
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("argv", [("db", "status"), ("member", "show", "zhangwei"), ("dept", "list")],
                         ids=["db-status", "member-show", "dept-list"])
def test_a_damaged_sqlite_file_is_refused_without_files_beside_it(seeded: str, tmp_path: Path,
                                                                  argv: Sequence[str]) -> None:
    target = _damaged_copy(seeded, tmp_path)
    before = files_in(target.parent)
    res = run_cli(f"sqlite:///{target}", *argv)
    assert res.code == 1, res.err
    assert res.data["error"]["code"] == "db_not_youdu"
    assert files_in(target.parent) == before  # no -wal, no -shm, the file's bytes unchanged


# ---------------------------------------------------------------- importers

BAD_MOBILES = ("1390000", "139000000001")


def _import_refused(url: str, code_by_account: dict[str, str], *argv: str, input: str | None = None) -> None:
    error = refused(url, "invalid_rows", *argv, input=input)
    got = {e["entry"]: e["code"] for e in error["errors"]}
    assert got == code_by_account, got


def write_xlsx_with_controls(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """An .xlsx by xlsxwriter, which stores control characters as OOXML `_xHHHH_` escapes (openpyxl refuses them)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    ws = wb.add_worksheet("成员")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write_string(r, c, str(value))
    wb.close()
    return path


@pytest.mark.parametrize("writer", [write_xlsx_with_controls, write_xls], ids=["xlsx", "xls"])
def test_excel_import_refuses_bad_mobiles_names_and_paths(seeded: str, tmp_path: Path, writer: Any) -> None:
    rows = [TEMPLATE_HEADER,
            ["m7", "七位", "男", BAD_MOBILES[0], "", "", "研发部"],
            ["m12", "十二位", "男", BAD_MOBILES[1], "", "", "研发部"],
            ["nul", "空\x00字符", "", "", "", "", "研发部"],
            ["esc", "\x1b[2J清屏", "", "", "", "", "研发部"],
            ["bidi", "abc\u202edef", "", "", "", "", "研发部"],
            ["gap", "空层级", "", "", "", "", "研发部//前端组"],
            ["dot", "点", "", "", "", "", "研发部/.."],
            ["deep", "太深", "", "", "", "", DEEP],
            ["okhk", "正常", "", "+85291234567", "", "", "研发部"]]
    path = writer(tmp_path / f"bad.{'xls' if writer is write_xls else 'xlsx'}", rows)
    expected = {"m7": "mobile_invalid", "m12": "mobile_invalid", "nul": "name_invalid", "esc": "name_invalid",
                "bidi": "name_invalid", "gap": "dept_path_invalid", "dot": "dept_name_reserved",
                "deep": "dept_too_deep"}
    _import_refused(seeded, expected, "import", "excel", str(path), "--dry-run")
    _import_refused(seeded, expected, "import", "excel", str(path))
    ok = run_cli(seeded, "import", "excel", str(path), "--skip-invalid")
    assert ok.code == 0 and run_cli(seeded, "member", "show", "okhk").data["mobile"] == "+85291234567"


def test_rtx_import_refuses_bad_mobiles_and_names(seeded: str, tmp_path: Path) -> None:
    users = [{"ID": "1", "UserName": "m7", "Name": "七位", "Mobile": BAD_MOBILES[0]},
             {"ID": "2", "UserName": "m12", "Name": "十二位", "Mobile": BAD_MOBILES[1]},
             {"ID": "3", "UserName": "bidi", "Name": "abc\u202edef", "Mobile": ""},  # XML cannot hold ESC or NUL
             {"ID": "4", "UserName": "ok", "Name": "正常", "Mobile": "13900000004"}]
    depts = [{"DeptID": "1", "PDeptID": "0", "DeptName": "总部"}]
    path = write_rtx(tmp_path / "org.xml", rtx_xml(users, depts, [(u["ID"], "1") for u in users],
                                                 encoding="UTF-8"), codec="utf-8")
    _import_refused(seeded, {"m7": "mobile_invalid", "m12": "mobile_invalid", "bidi": "name_invalid"},
                    "import", "rtx", str(path))


def test_rtx_file_3000_levels_deep_is_refused(seeded: str, tmp_path: Path) -> None:
    depts = [{"DeptID": str(i), "PDeptID": str(i - 1), "DeptName": f"第{i}级"} for i in range(1, 3001)]
    users = [{"ID": "1", "UserName": "deep", "Name": "深", "Mobile": ""}]
    path = write_rtx(tmp_path / "deep.xml", rtx_xml(users, depts, [("1", "3000")], encoding="UTF-8"),
                     codec="utf-8")
    error = refused(seeded, "dept_too_deep", "import", "rtx", str(path))
    assert "32" in error["message"]
    assert refused(seeded, "dept_too_deep", "import", "rtx", str(path), "--dry-run")


def _dat_file(path: Path, departments: list[dict[str, Any]], members: list[dict[str, Any]]) -> Path:
    counts = {"department": len(departments), "member": len(members), "setting": 0}
    records = [{"type": "meta", "format": dat.FORMAT, "version": dat.VERSION, "created_at": "2026-01-01T00:00:00Z",
                "counts": counts}, *departments, *members, {"type": "end", "counts": counts}]
    dat.write_dat(path, records)
    return path


def _dat_member(gid: int, account: str, **fields: Any) -> dict[str, Any]:
    return {"type": "member", "gid": f"{gid:032x}", "account": account, "name": fields.pop("name", account),
            "mobile": "", "status": "active", "authorization": "authorized",
            "departments": [{"dept": "a" * 32, "position": ""}], **fields}


def test_dat_restore_refuses_bad_mobiles_names_sorts_depths_and_costly_hashes(seeded: str, tmp_path: Path) -> None:
    top = {"type": "department", "gid": "a" * 32, "name": "恢复部", "parent": None, "sort": 0}
    chain = [{"type": "department", "gid": f"{i:032x}", "name": f"层{i}", "parent": f"{i - 1:032x}" if i > 1 else "a" * 32,
              "sort": 0} for i in range(1, 33)]  # under 恢复部: levels 2 … 33
    bad_sort = {"type": "department", "gid": "b" * 32, "name": "排序", "parent": None, "sort": 2**40}
    costly = "$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43
    absurd_t = "$argon2id$v=19$m=19456,t=100000,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43
    members = [_dat_member(1001, "m7", mobile=BAD_MOBILES[0]), _dat_member(1002, "m12", mobile=BAD_MOBILES[1]),
               _dat_member(1003, "esc", name="\x1b[2J清屏"), _dat_member(1004, "nul", name="空\x00字符"),
               _dat_member(1005, "costly", password_hash=costly), _dat_member(1006, "slow", password_hash=absurd_t)]
    path = _dat_file(tmp_path / "bad.dat", [top, *chain, bad_sort], members)
    error = refused(seeded, "invalid_rows", "import", "dat", str(path))
    got = {e["entry"]: e["code"] for e in error["errors"]}
    assert {k: got[k] for k in ("m7", "m12", "esc", "nul", "costly", "slow", "排序", "层32")} == {
        "m7": "mobile_invalid", "m12": "mobile_invalid", "esc": "name_invalid", "nul": "name_invalid",
        "costly": "dat_password_hash_refused", "slow": "dat_password_hash_refused", "排序": "sort_invalid",
        "层32": "dept_too_deep"}


def test_weak_restored_hash_is_accepted_and_rehashed_at_the_next_login(seeded: str, tmp_path: Path) -> None:
    from argon2 import PasswordHasher, extract_parameters

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("Weak#pass1")
    top = {"type": "department", "gid": "a" * 32, "name": "恢复部", "parent": None, "sort": 0}
    path = _dat_file(tmp_path / "weak.dat", [top], [_dat_member(2001, "weakling", password_hash=weak)])
    res = run_cli(seeded, "import", "dat", str(path))
    assert res.code == 0, res.err
    uow = open_uow(seeded)
    m = tables.MEMBERS

    def stored() -> str:
        with uow.read() as conn:
            return conn.execute(select(m.c.password_hash).where(m.c.account == "weakling")).scalar()

    assert stored() == weak
    bad = run_cli(seeded, "login-check", "weakling", "--password-stdin", "--device", "mac", input="wrong\n")
    assert bad.data["reason"] == "bad_password" and stored() == weak  # only a successful login re-hashes
    ok = run_cli(seeded, "login-check", "weakling", "--password-stdin", "--device", "mac", input="Weak#pass1\n")
    assert ok.data == {**ok.data, "ok": True, "reason": "ok"}
    params = extract_parameters(stored())
    assert (params.memory_cost, params.time_cost) == (HASHER.memory_cost, HASHER.time_cost)
    again = run_cli(seeded, "login-check", "weakling", "--password-stdin", "--device", "mac", input="Weak#pass1\n")
    assert again.data["ok"] is True
    events = run_cli(seeded, "logs", "events", "--account", "weakling")
    assert [e["kind"] for e in events.data].count("password_rehashed") == 1
    uow.dispose()


def test_a_costly_hash_already_stored_is_never_verified(seeded: str) -> None:
    # Written before the bound existed: the login is refused quickly instead of spending 1 GiB.
    costly = "$argon2id$v=19$m=1048576,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + "A" * 43
    uow = open_uow(seeded)
    with uow.write() as conn:
        conn.execute(tables.MEMBERS.update().where(tables.MEMBERS.c.account == "zhangwei")
                     .values(password_hash=costly))
    uow.dispose()
    res = run_cli(seeded, "login-check", "zhangwei", "--password-stdin", "--device", "mac", input="Passw0rd!\n")
    assert res.code in (0, 1) and res.data["ok"] is False and res.data["reason"] == "bad_password"


def test_settings_declare_the_new_rules(seeded: str) -> None:
    res = run_cli(seeded, "settings", "get", "directory.max_depth")
    assert res.code == 0 and json.dumps(res.data).find("32") >= 0
    res = run_cli(seeded, "settings", "get", "directory.mobile_region")
    assert res.code == 0 and "CN" in json.dumps(res.data)
