"""The CLI's fast paths stay correct: streamed change sets, capped text, cheap revision checks, masked URLs."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
from pathlib import Path

import pytest

from youdu_console.cli import main as cli_main
from youdu_console.cli.common import SHOWN, show_change_set
from youdu_console.cli.context import Context
from youdu_console.cli.output import Output, change_set_json
from youdu_console.domain.errors import YouduError
from youdu_console.domain.messages import localize, render
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.store import db as store_db


def _change_set(members: int, errors: int = 0) -> ChangeSet:
    cs = ChangeSet("import.excel", "root", subject="m.xlsx (Sheet1)")
    cs.operations.append(Operation("department", "add", -1, after={"id": -1, "gid": "g", "name": "研发部",
                                                                   "parent_id": None, "sort": 0, "alias": None},
                                   label="研发部", category="added"))
    for i in range(members):
        cs.operations.append(Operation("member", "add", -2 - i, after={"id": -2 - i, "account": f"u{i}",
                                                                       "name": f"用户{i}", "password_hash": "x",
                                                                       "depts": [[-1, ""]]},
                                       label=f"u{i}", category="added"))
    cs.operations.append(Operation("member", "update", 7, before={"weight": 1}, after={"weight": 10 ** 30},
                                   version=3, label="big", category="updated"))
    for i in range(errors):
        cs.errors.append({"row": i + 2, "entry": f"bad{i}", "field": "mobile", "code": "mobile_invalid",
                          "params": {"value": "12ab", "field": "mobile"}, "message": "手机号“12ab”格式不正确"})
    return cs


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_streamed_change_set_is_the_documented_document(lang: str) -> None:
    cs = _change_set(4500, errors=3)  # more than one slice, an int beyond 64 bits, coded row errors
    streamed = json.loads(b"".join(change_set_json(cs, lang)))
    assert streamed == json.loads(json.dumps(localize(cs.to_dict(lang=lang), lang)))
    assert streamed["operations"][1]["values"]["password_hash"] == "***"
    assert streamed["errors"][0]["message"] == render("mobile_invalid", lang, {"value": "12ab"})
    assert "params" not in streamed["errors"][0]
    brief = json.loads(b"".join(change_set_json(cs, lang, operations=False)))
    assert brief["operations"] == [] and brief["summary"] == cs.summary() and len(brief["errors"]) == 3


def test_streamed_empty_change_set_is_valid() -> None:
    doc = json.loads(b"".join(change_set_json(ChangeSet("member.add", "root"), "en")))
    assert doc["operations"] == [] and doc["summary"]["added"] == 0


def _text(cs: ChangeSet, *extra: str) -> str:
    args = argparse.Namespace(summary="--summary" in extra)
    ctx = Context(args, Output(False, "en"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        show_change_set(ctx, cs, dry_run=True)
    return out.getvalue()


def test_text_output_renders_only_what_it_prints() -> None:
    cs = _change_set(3000, errors=2)
    rendered: list[int] = []
    original = Operation.preview

    def counting(op: Operation) -> dict[str, object]:
        rendered.append(1)
        return original(op)

    Operation.preview = counting  # type: ignore[method-assign]
    try:
        text = _text(cs)
    finally:
        Operation.preview = original  # type: ignore[method-assign]
    assert len(rendered) == SHOWN  # 50 operations converted for 50 lines, not 3,002
    lines = text.splitlines()
    assert lines[0].startswith("Preview (not applied)")
    assert "added 3001, updated 1" in lines[1] and "errors 2" in lines[1]
    assert sum(1 for line in lines[2:] if line.lstrip().startswith("Add ")) == SHOWN  # the manual's words
    assert sum(1 for line in lines if render("mobile_invalid", "en", {"value": "12ab"}) in line) == 2
    assert lines[-1].strip() == f"… {len(cs.operations)} operations in all"
    summary = _text(cs, "--summary").splitlines()
    assert len(summary) == 2 + 2 and not any(line.lstrip().startswith("Add ") for line in summary[2:])


def test_head_revision_is_read_without_alembic_and_agrees_with_it() -> None:
    assert store_db.head_revision() == store_db._alembic_head()


def test_timing_hash_uses_the_hashers_parameters() -> None:
    from youdu_console.services import passwords

    assert not passwords.HASHER.check_needs_rehash(passwords._DUMMY_HASH)
    assert passwords.HASHER.verify(passwords._DUMMY_HASH, "youdu-console timing equaliser")


def test_each_command_is_mapped_to_the_group_that_registers_it() -> None:
    groups = cli_main.command_groups()
    # Discovered, not listed: every module of the package that declares COMMANDS, and each of CLI.md's words.
    assert {"db", "admin", "dept", "member", "changes", "audit", "settings", "auth", "lock", "login-check",
            "logs", "template", "import", "export", "ldap", "gui", "secrets", "group", "policy"} <= set(groups)
    for command, module in groups.items():
        common = argparse.ArgumentParser(add_help=False)
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub, common)
        assert command in sub.choices, (command, module)
    assert cli_main._command_word(["--json", "--db", "sqlite:///x", "--lang", "en", "member", "show"]) == "member"
    assert cli_main._command_word(["--json"]) is None


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://u:Sekr3t!@h:5432/db",
    "postgresql+psycopg://u@h/db?password=Sekr3t!",
    "postgresql+psycopg://u@h/db?sslmode=require&PASSWORD=Sekr3t!",
    "mysql+pymysql://u@h/db?charset=utf8mb4&Passwd=Sekr3t!",
    "mysql+pymysql://u:p%40Sekr3t!@h/db",
    "mssql+pyodbc://u@h/db?pwd=Sekr3t!",
])
def test_safe_url_masks_every_password_form(url: str) -> None:
    shown = store_db.safe_url(url)
    assert "Sekr3t" not in shown and "***" in shown
    assert shown.split("://")[0] == url.split("://")[0] and "@h" in shown


def test_mask_secrets_in_free_text() -> None:
    text = ('connection to "postgresql://u:p@ss@h/db" failed: password=abc; user=u PASSWORD = "two words" '
            "pwd='x y' host=h")
    masked = store_db.mask_secrets(text)
    for secret in ("p@ss", "abc", "two words", "x y"):
        assert secret not in masked
    assert "user=u" in masked and "host=h" in masked and masked.count("***") == 4


def test_a_truncated_sqlite_file_is_refused_without_a_full_check(tmp_path: Path) -> None:
    """A cut-off copy is refused by the cheap check every command makes (no quick_check, no plain open())."""
    import sqlite3

    path = tmp_path / "x.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE youdu_meta (key TEXT, value TEXT)")
        con.execute("INSERT INTO youdu_meta VALUES ('app', ?)", (store_db.APP_MARK,))
        con.execute("CREATE TABLE t (v TEXT)")
        con.executemany("INSERT INTO t VALUES (?)", [("x" * 200,) for _ in range(500)])
    con.close()
    store_db.check_sqlite_file(path)  # whole: accepted
    data = path.read_bytes()
    path.write_bytes(data[:-4096])  # whole pages missing at the end
    with pytest.raises(YouduError) as info:
        store_db.check_sqlite_file(path)
    assert info.value.code == "db_not_youdu"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]  # nothing created beside it


def test_a_refused_change_set_is_one_json_error_document() -> None:
    cs = _change_set(2500, errors=2)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        Output(True, "en").change_set_error("invalid_rows", "2 invalid rows", cs)
    doc = json.loads(out.getvalue())
    error = doc["error"]
    assert error["code"] == "invalid_rows" and error["message"] == "2 invalid rows"
    assert [e["message"] for e in error["errors"]] == [render("mobile_invalid", "en", {"value": "12ab"})] * 2
    assert len(error["change_set"]["operations"]) == len(cs.operations)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        Output(True, "en").change_set_error("invalid_rows", "2 invalid rows", cs, operations=False)
    assert json.loads(out.getvalue())["error"]["change_set"]["operations"] == []
