"""cli/quick.py reads `member show`'s command line exactly as the real parser does, and leaves the rest to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interchange_helpers import write_xlsx
from youdu_console.cli.main import build_parser
from youdu_console.cli.quick import import_excel_file, parse_member_show
from youdu_console.interchange import sheet_worker

TAKEN = [
    ["member", "show", "zhangwei"],
    ["--json", "member", "show", "zhangwei"],
    ["member", "show", "zhangwei", "--json"],
    ["member", "--json", "show", "zhangwei"],
    ["--db", "sqlite:///a.db", "member", "show", "zhangwei"],
    ["member", "show", "zhangwei", "--db=sqlite:///b.db"],
    ["--db", "sqlite:///a.db", "member", "show", "zhangwei", "--db", "sqlite:///b.db"],  # the later one wins
    ["--lang", "en", "member", "show", "张伟", "--lang=zh_CN"],
    ["--db", "member", "member", "show", "show"],  # an option's value is not a command word
    ["member", "show", "--db=", "zhangwei"],
]
LEFT = [
    ["member", "show"],
    ["member", "show", "a", "b"],
    ["member", "list"],
    ["dept", "show", "研发部"],
    ["member", "show", "-h"],
    ["--help"],
    ["member", "show", "zhangwei", "--js"],  # an abbreviation: the parser's business
    ["member", "show", "--", "-x"],
    ["member", "show", "zhangwei", "--lang", "fr"],
    ["member", "show", "zhangwei", "--db"],
    ["member", "show", "zhangwei", "--json=1"],
    ["--smoke-test"],
    [],
]


@pytest.mark.parametrize("argv", TAKEN, ids=" ".join)
def test_the_quick_reading_of_member_show_is_the_parsers(argv: list[str]) -> None:
    quick = parse_member_show(argv)
    real = build_parser(argv).parse_args(argv)
    assert quick is not None
    assert (real.command, real.member_command) == ("member", "show")
    assert quick.account == real.account
    assert quick.db == getattr(real, "db", None)
    assert quick.as_json == bool(getattr(real, "json", False))
    assert quick.lang == getattr(real, "lang", None)


@pytest.mark.parametrize("argv", LEFT, ids=" ".join)
def test_anything_else_is_left_to_the_parser(argv: list[str]) -> None:
    assert parse_member_show(argv) is None


@pytest.mark.parametrize("url", ["sqlite:///youdu.db", "sqlite:////tmp/a b/有度.db", "sqlite:///./x/y.db"])
def test_a_plain_sqlite_url_names_the_file_sqlalchemy_would_open(url: str) -> None:
    from sqlalchemy.engine import make_url

    from youdu_console.store.lite import plain_sqlite_path

    assert str(plain_sqlite_path(url)) == str(Path(make_url(url).database or ""))


@pytest.mark.parametrize("url", ["postgresql+psycopg://h/youdu", "mysql+pymysql://u:p@h/youdu", "sqlite://",
                                 "sqlite:///:memory:", "sqlite:///a%20b.db", "sqlite:///a.db?mode=ro",
                                 "sqlite+pysqlite:///a.db", "bogus://h/db", "notaurl", ""])
def test_any_other_url_is_left_to_the_full_path(url: str) -> None:
    from youdu_console.store.lite import plain_sqlite_path

    assert plain_sqlite_path(url) is None


@pytest.mark.parametrize(("argv", "file"), [
    (["import", "excel", "a.xlsx"], "a.xlsx"),
    (["--db", "sqlite:///x.db", "--json", "import", "excel", "--dept", "研发部", "a.xlsx", "--dry-run"], "a.xlsx"),
    (["import", "--lang", "en", "excel", "--create-departments", "b.xls"], "b.xls"),
    (["import", "rtx", "a.xml"], None), (["import", "excel", "--help"], None), (["member", "show", "x"], None),
])
def test_the_reader_is_started_early_only_for_import_excel(argv: list[str], file: str | None) -> None:
    assert import_excel_file(argv) == file


def test_the_reader_started_early_is_the_one_that_reads(tmp_path: Path) -> None:
    """`prestart` starts the reader before the command has loaded; the import takes that process over."""
    path = write_xlsx(tmp_path / "a.xlsx", [["帐号", "姓名"], ["lina", "李娜"]])
    sheet_worker.prestart(path)
    (proc, _receiver), = sheet_worker._PRESTARTED.values()
    with sheet_worker.open_first_visible_sheet(path) as sheet:
        rows = list(sheet.rows)
    assert sheet_worker._PRESTARTED == {}  # taken over, not started twice
    assert [list(r) for r in rows] == [["帐号", "姓名"], ["lina", "李娜"]]
    assert not proc.is_alive()  # and stopped with the block
