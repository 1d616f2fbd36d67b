"""The Excel reader and writers on real files: openpyxl and xlwt sheets, messy layouts, hostile archives."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.interchange_helpers import TEMPLATE_HEADER, read_xlsx_rows, write_xls, write_xlsx, zip_bomb
from youdu_console.domain.errors import YouduError
from youdu_console.interchange import excel
from youdu_console.interchange.common import Cancelled

MESSY_ROWS = [
    ["2024 年度通讯录（人事部提供）"],
    [],
    ["说明：手机号请填写 11 位"],
    ["Mobile", "姓名(必填)", "备注", " 账号 * ", "E-mail", "gender", "部门", "职位", "权重"],
    [13800000000, " 张 伟 ", "x", " ＺｈａｎｇＷｅｉ ", "ZW@Example.com", "男", "研发部/前端组", "工程师", 5],
    [None, None, None, None, None, None, None, None, None],
    ["１３８００００００01", "李娜", "", "lina", "", "F", "研发部/前端组；市场部", "", "3"],
    ["  ", "  ", "", "", "", "", "", "", ""],
    ["+86 138 0000 0002", "王芳", "", "wangfang", "", "M", "", "", 1.0],
]


def _check_messy(read: excel.SheetRead) -> None:
    assert read.header_row == 4
    assert set(read.columns) == {"mobile", "name", "account", "email", "gender", "department", "position", "weight"}
    assert read.ignored_headers == ["备注"]
    assert [r.row for r in read.records] == [5, 7, 9]
    zw, ln, wf = read.records
    assert (zw.account, zw.name, zw.mobile, zw.email, zw.gender) == (" ＺｈａｎｇＷｅｉ ", " 张 伟 ", "13800000000",
                                                                   "ZW@Example.com", "男")
    assert zw.departments == ["研发部/前端组"] and zw.position == "工程师" and zw.weight == "5"
    assert ln.mobile == "１３８００００００01" and ln.gender == "F"
    assert ln.departments == ["研发部/前端组", "市场部"]
    assert wf.departments is None and wf.weight == "1" and wf.gender == "M"


def test_messy_xlsx_is_read_with_sheet_row_numbers(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "messy.xlsx", MESSY_ROWS, title="成员",
                      hidden_first=[["帐号", "姓名"], ["hidden", "不应导入"]])
    read = excel.read_members(path)
    assert read.sheet == "成员"
    _check_messy(read)


def test_messy_xls_written_by_xlwt_reads_the_same(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "messy.xls", MESSY_ROWS, title="成员",
                     hidden_first=[["帐号", "姓名"], ["hidden", "不应导入"]])
    read = excel.read_members(path)
    assert read.sheet == "成员"
    _check_messy(read)


def test_header_may_sit_below_blank_area_and_columns_to_the_right(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C6"], ws["D6"] = "account", "Name"
    ws["C7"], ws["D7"] = "zs", "张三"
    ws["C9"], ws["D9"] = 10086, "李四"
    wb.save(tmp_path / "offset.xlsx")
    read = excel.read_members(tmp_path / "offset.xlsx")
    assert read.header_row == 6
    assert [(r.row, r.account, r.name) for r in read.records] == [(7, "zs", "张三"), (9, "10086", "李四")]


def test_sheet_without_required_headers_names_what_is_missing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "nohead.xlsx", [["帐号", "手机"], ["zs", "13800000000"]])
    with pytest.raises(YouduError) as info:
        excel.read_members(path)
    assert info.value.code == "excel_no_header"
    assert "姓名" in info.value.message("zh_CN") and "name" in info.value.message("en")


def test_header_beyond_the_scanned_rows_is_not_guessed(tmp_path: Path) -> None:
    rows = [[f"标题 {i}"] for i in range(excel.HEADER_SCAN_ROWS)] + [["帐号", "姓名"], ["zs", "张三"]]
    with pytest.raises(YouduError) as info:
        excel.read_members(write_xlsx(tmp_path / "deep.xlsx", rows))
    assert info.value.code == "excel_no_header"


def test_workbook_with_only_hidden_sheets_is_refused(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["帐号", "姓名"])
    wb.create_sheet("other").append(["帐号", "姓名"])
    wb.active.sheet_state = "hidden"
    wb.save(tmp_path / "hidden.xlsx")
    # openpyxl refuses to save a workbook without a visible sheet, so hide the last one in the XML itself.
    src = tmp_path / "hidden.xlsx"
    dst = tmp_path / "allhidden.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'sheetId="2" state="visible"', b'sheetId="2" state="hidden"')
            zout.writestr(item, data)
    assert b'state="visible"' not in zipfile.ZipFile(dst).read("xl/workbook.xml")
    with pytest.raises(YouduError) as info:
        excel.read_members(dst)
    assert info.value.code == "excel_no_visible_sheet"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_truncated_file_is_reported_as_damaged(tmp_path: Path, cut: float, writer: object) -> None:
    good = writer(tmp_path / "good.xlsx", [TEMPLATE_HEADER] + [[f"u{i}", "张三"] for i in range(300)])  # type: ignore[operator]
    data = good.read_bytes()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(YouduError) as info:
        excel.read_members(bad)
    assert info.value.code == "file_corrupt"
    assert "bad.xlsx" in info.value.message("en")


def test_corrupted_sheet_xml_is_reported_as_damaged(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(YouduError) as info:
        excel.read_members(bad)
    assert info.value.code == "file_corrupt"


def test_other_files_are_refused_by_their_bytes(tmp_path: Path) -> None:
    text = tmp_path / "members.xlsx"
    text.write_text("帐号,姓名\nzs,张三\n", encoding="utf-8")
    with pytest.raises(YouduError) as info:
        excel.read_members(text)
    assert info.value.code == "excel_format_unsupported"
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(YouduError) as info:
        excel.read_members(empty)
    assert info.value.code == "file_corrupt"
    with pytest.raises(YouduError) as info:
        excel.read_members(tmp_path / "missing.xlsx")
    assert info.value.code == "file_unreadable"


def test_zip_bomb_posing_as_xlsx_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(YouduError) as info:
        excel.read_members(bomb)
    assert info.value.code == "excel_zip_bomb"


def test_archive_larger_than_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real 1 GiB archive would take the test minutes to build; the limit is what is under test.
    monkeypatch.setattr(excel, "ZIP_MAX_TOTAL", 64 * 1024)
    path = write_xlsx(tmp_path / "big.xlsx", [TEMPLATE_HEADER] + [[f"u{i}", "张三" * 10] for i in range(3000)])
    with pytest.raises(YouduError) as info:
        excel.read_members(path)
    assert info.value.code == "excel_zip_bomb"


def test_understated_entry_sizes_are_caught_while_inflating(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    data = bytearray(good.read_bytes())
    # Rewrite each central-directory entry's uncompressed size to 1 byte: a lying archive.
    with zipfile.ZipFile(good) as zf:
        offsets = [(i.header_offset, i.filename) for i in zf.infolist()]
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        data[pos + 24:pos + 28] = (1).to_bytes(4, "little")
        pos = data.find(b"PK\x01\x02", pos + 4)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    assert offsets
    with pytest.raises(YouduError) as info:
        excel.read_members(liar)
    assert info.value.code == "file_corrupt"


def test_template_has_the_documented_header_and_an_instructions_sheet(tmp_path: Path) -> None:
    path = excel.write_template(tmp_path / "template.xlsx")
    rows = read_xlsx_rows(path)
    assert rows == [TEMPLATE_HEADER]
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["成员", "说明"]
    notes = [c for r in wb["说明"].iter_rows(values_only=True) for c in r if c]
    assert any("帐号、姓名必填" in str(c) for c in notes) and "zhangsan" in notes
    read = excel.read_members(path)
    assert read.records == [] and set(read.columns) == {f for f, _, _ in excel.COLUMNS}


def _export_rows() -> list[excel.ExportRow]:
    return [
        excel.ExportRow("evil", "=HYPERLINK(\"http://x\",\"y\")", "male", "+8613800000000", "-1234", "@sum(a1)",
                        ("研发部/前端组", "市场部"), "\tpos", 3),
        excel.ExportRow("plain", "张三", "female", "13800000001", "", "zs@example.com", ("研发部",), "工程师", 0),
    ]


def test_export_writes_template_columns_and_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    assert excel.write_members(path, _export_rows(), total=2) == 2
    rows = read_xlsx_rows(path)
    assert rows[0] == TEMPLATE_HEADER
    assert rows[1] == ["evil", "=HYPERLINK(\"http://x\",\"y\")", "男", "+8613800000000", "-1234", "@sum(a1)",
                       "研发部/前端组;市场部", "\tpos", 3]
    assert rows[2] == ["plain", "张三", "女", "13800000001", None, "zs@example.com", "研发部", "工程师", 0]
    import openpyxl

    ws = openpyxl.load_workbook(path).worksheets[0]
    for col in "BDEFH":
        cell = ws[f"{col}2"]
        assert cell.data_type == "s", col
        assert cell.quotePrefix, col  # Excel's typed-apostrophe style: shown as text, never evaluated
    assert not ws["B3"].quotePrefix
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def test_exported_file_reads_back_as_the_same_records(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    excel.write_members(path, _export_rows())
    read = excel.read_members(path)
    assert [(r.account, r.name, r.mobile, r.phone, r.email, r.departments, r.position, r.weight)
            for r in read.records] == [
        ("evil", "=HYPERLINK(\"http://x\",\"y\")", "+8613800000000", "-1234", "@sum(a1)", ["研发部/前端组", "市场部"],
         "\tpos", "3"),
        ("plain", "张三", "13800000001", "", "zs@example.com", ["研发部"], "工程师", "0")]


def test_cancelled_export_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    many = [excel.ExportRow(f"u{i}", "张三", "", "", "", "", ("研发部",), "", 0) for i in range(12_000)]
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))

    with pytest.raises(Cancelled):
        excel.write_members(path, many, total=len(many), progress=progress, cancel=lambda: len(calls) >= 1)
    assert calls == [(5000, 12_000)]
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_an_existing_file_only_when_complete(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        excel.write_members(path, _export_rows(), cancel=lambda: True)
    assert path.read_bytes() == b"previous"
    excel.write_members(path, _export_rows())
    assert read_xlsx_rows(path)[1][0] == "evil"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xlsx"]


def test_reading_reports_progress_and_honours_cancel(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "many.xlsx", [TEMPLATE_HEADER] + [[f"u{i}", "张三"] for i in range(12_000)])
    seen: list[tuple[int, int]] = []
    read = excel.read_members(path, progress=lambda d, t: seen.append((d, t)))
    assert len(read.records) == 12_000
    assert seen[-1] == (12_001, 12_001) and len(seen) >= 3
    with pytest.raises(Cancelled):
        excel.read_members(path, cancel=lambda: True)


def test_cells_become_text_without_float_noise() -> None:
    import datetime as dt

    assert excel.cell_text(13800000000.0) == "13800000000"
    assert excel.cell_text(3) == "3"
    assert excel.cell_text(2.5) == "2.5"
    assert excel.cell_text(True) == "1"
    assert excel.cell_text(dt.date(2024, 1, 2)) == "2024-01-02"
    assert excel.cell_text(None) == "" and excel.cell_text("") == ""
    assert excel.header_field(" 手机号码（必填） ") == "mobile"
    assert excel.header_field("E-Mail") == "email"
    assert excel.header_field("帐号*") == "account"
    assert excel.header_field("备注") is None


def _rewrite_sheet(src: Path, dst: Path, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, change(data) if item.filename.startswith("xl/worksheets/") else data)
    return dst


FAR_VALUE = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
FAR_STYLED = b'<row r="1048576"><c r="XFD1048576" s="0"/></row>'


@pytest.mark.parametrize("far_row", [FAR_VALUE, FAR_STYLED], ids=["value", "styled-empty"])
def test_a_sheet_whose_used_range_reaches_the_far_corner_is_read(tmp_path: Path, far_row: bytes) -> None:
    # calamine sizes its grid by the used range and aborts on this 2 KB file (it asks for 512 GiB); the
    # streaming reader then reads it, allocating only for cells that exist.
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三", "男", "13800000000"],
                                               ["ob", "O'Brien", "", "+85291234567"]])
    far = _rewrite_sheet(good, tmp_path / "far.xlsx", lambda d: d.replace(
        b"</row></sheetData>", b"</row>" + far_row + b"</sheetData>"))
    assert far.stat().st_size < 10_000
    read = excel.read_members(far)
    assert [(r.account, r.name, r.mobile, r.row) for r in read.records] == [
        ("zs", "张三", "13800000000", 2), ("ob", "O'Brien", "+85291234567", 3)]
    assert read.header_row == 1
    assert excel.read_members(good).records[0].account == "zs"  # and this process reads on


def test_declared_dimension_alone_is_not_trusted(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    declared = _rewrite_sheet(good, tmp_path / "declared.xlsx", lambda d: re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', d))
    assert b"XFD1048576" in zipfile.ZipFile(declared).read("xl/worksheets/sheet1.xml")
    assert [r.account for r in excel.read_members(declared).records] == ["zs"]


def test_the_streaming_reader_still_refuses_entity_declarations(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    hostile = _rewrite_sheet(good, tmp_path / "hostile.xlsx", lambda d: d.replace(
        b"</row></sheetData>", b"</row>" + FAR_VALUE + b"</sheetData>").replace(
        b"<worksheet ", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet ', 1))
    with pytest.raises(YouduError) as info:
        excel.read_members(hostile)
    assert info.value.code == "file_corrupt"


def test_a_far_corner_zip_bomb_is_still_refused_before_reading(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    padding = b"<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>" + b"x" * (20 * 1024 * 1024) + b"</t></is></c></row>"
    bomb = _rewrite_sheet(good, tmp_path / "bomb.xlsx", lambda d: d.replace(
        b"</row></sheetData>", b"</row>" + padding + FAR_VALUE + b"</sheetData>"))
    with pytest.raises(YouduError) as info:
        excel.read_members(bomb)
    assert info.value.code == "excel_zip_bomb"


@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_randomly_damaged_workbooks_fail_only_with_coded_errors(tmp_path: Path, writer: Callable[..., Path]) -> None:
    import random

    good = writer(tmp_path / "good.bin", [TEMPLATE_HEADER] + [[f"u{i}", "张三", "男", 13800000000 + i] for i in range(200)])
    data = good.read_bytes()
    rnd = random.Random(20240501)
    outcomes: set[str] = set()
    for n in range(25):
        damaged = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            damaged[rnd.randrange(len(damaged))] = rnd.randrange(256)
        path = tmp_path / f"damaged{n}.bin"
        path.write_bytes(bytes(damaged))
        try:
            excel.read_members(path)
            outcomes.add("read")
        except YouduError as exc:
            outcomes.add(exc.code)
    assert outcomes <= {"read", "file_corrupt", "excel_zip_bomb", "excel_format_unsupported", "excel_no_header",
                        "excel_no_visible_sheet", "excel_encrypted"}
    assert "file_corrupt" in outcomes
