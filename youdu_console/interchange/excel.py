"""Excel address-book files: the import template, messy .xlsx/.xls sheets read into MemberRecords, export.

Reading uses python-calamine (7× faster than openpyxl here), in a child process (sheet_worker) because a
crafted file can make calamine abort the process that runs it. Real sheets are messy, so the reader takes the
first visible sheet, finds the header row among the first rows by its names (Chinese or English, with
aliases, any column order), skips blank rows and keeps each record's sheet row number for error reports.
Values are only made textual here (`13800000000.0` → `13800000000`); validation belongs to the planner.

Export writes the template's columns with xlsxwriter in constant-memory mode. A text cell that starts with
= + - @ TAB or CR is written as a string cell carrying Excel's *quote prefix* (the style behind a typed
leading apostrophe): Excel and LibreOffice show the text unchanged, never evaluate it, and keep treating it
as text when the cell is edited; the value itself is not altered, so an exported file imports back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from youdu_console.domain.errors import YouduError
from youdu_console.domain.model import MemberRecord
from youdu_console.domain.validation import clean_text
from youdu_console.interchange.common import CancelCheck, Progress, atomic_output, check_cancel, input_file
from youdu_console.interchange.sheet_worker import SheetStream, open_first_visible_sheet

# (field, Chinese header, English header) in template order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("account", "帐号", "account"), ("name", "姓名", "name"), ("gender", "性别", "gender"),
    ("mobile", "手机", "mobile"), ("phone", "座机", "phone"), ("email", "邮箱", "email"),
    ("department", "部门", "department"), ("position", "职务", "position"), ("weight", "权重", "weight"),
)
REQUIRED = ("account", "name")
_ALIASES: dict[str, tuple[str, ...]] = {
    "account": ("帐号", "账号", "帐户", "账户", "用户名", "用户帐号", "用户账号", "登录名", "登录帐号", "登录账号",
                "account", "username", "user", "userid", "login", "loginname"),
    "name": ("姓名", "名字", "显示名", "中文名", "name", "fullname", "displayname"),
    "gender": ("性别", "gender", "sex"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话", "mobile", "mobilephone", "cellphone", "cell"),
    "phone": ("座机", "座机号码", "电话", "办公电话", "固定电话", "固话", "phone", "telephone", "tel", "officephone"),
    "short_number": ("短号", "shortnumber"),
    "email": ("邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址", "email", "e-mail", "mail", "emailaddress"),
    "department": ("部门", "所属部门", "部门路径", "department", "dept", "departmentpath"),
    "position": ("职务", "职位", "岗位", "position", "title", "jobtitle"),
    "weight": ("权重", "排序", "weight", "order", "sort"),
}
HEADERS: dict[str, str] = {alias: fld for fld, names in _ALIASES.items() for alias in names}
HEADER_SCAN_ROWS = 20
# "部门" may name several departments: 研发部/前端组;市场部 (full-width ； folds to ; under NFKC).
DEPT_SEPARATORS = re.compile(r"[;\n]")
_HEADER_NOISE = re.compile(r"[\s*]+|\(.*?\)|\[.*?\]")

# Limits that turn hostile or broken files into clear refusals instead of exhausted memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
ZIP_MAX_TOTAL = 1024 * 1024 * 1024
ZIP_MAX_RATIO = 250  # real sheets of 100k rows compress ~10–30×; bombs 1000× and more
ZIP_RATIO_FLOOR = 8 * 1024 * 1024  # small entries (styles, shared strings) may compress well: not judged
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class SheetRead:
    """What the reader found: the sheet, where its header is, the records and the columns it ignored."""

    sheet: str
    header_row: int  # 1-based, as Excel shows it
    columns: dict[str, int]
    records: list[MemberRecord] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading

def header_field(cell: Any) -> str | None:
    """The template field a header cell names: `帐号`, ` 账号 * `, `手机(必填)`, `E-mail`, `Account`."""
    text = _HEADER_NOISE.sub("", clean_text(cell_text(cell))).lower()
    return HEADERS.get(text)


def cell_text(value: Any) -> str:
    """A cell as text: whole floats lose their `.0` (numbers typed as numbers), dates become ISO strings."""
    if type(value) is str:  # most cells: checked first, it is 900k calls per 100k rows
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def read_members(path: str | Path, *, progress: Progress | None = None,
                 cancel: CancelCheck | None = None) -> SheetRead:
    """Read the first visible sheet of an .xlsx or .xls file into MemberRecords (rows numbered as in Excel).

    The workbook is parsed in a child process (see sheet_worker): a hostile file ends that process, not ours.
    """
    p = input_file(path)
    _check_container(p)
    with open_first_visible_sheet(p) as sheet:
        return _read_sheet(sheet, p, progress, cancel)


def _corrupt(p: Path, exc: BaseException) -> YouduError:
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return YouduError("file_corrupt", file=p.name, reason=reason)


def _check_container(p: Path) -> None:
    """Recognise the file by its first bytes; vet a zip (.xlsx) before any reader inflates it."""
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YouduError("file_too_large", file=p.name, size=size, max=MAX_FILE_BYTES)
    with p.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_ZIP_MAGIC):
        check_zip(p)
        return
    if head == _OLE_MAGIC:
        return  # .xls (or an encrypted .xlsx, which calamine reports as such)
    if not head:
        raise YouduError("file_corrupt", file=p.name, reason="empty file")
    raise YouduError("excel_format_unsupported", file=p.name)


def check_zip(p: Path) -> None:
    """Refuse zip bombs: too many entries, too large or too compressed, declared or actual.

    Declared sizes are checked first (cheap); then every entry is inflated with a running budget, because a
    hostile archive can understate its sizes. zipfile stops at the declared size and checks each CRC, so an
    entry that inflates beyond what it declares fails as corrupt.
    """
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise YouduError("excel_zip_bomb", file=p.name, size=len(infos), ratio="-")
            total = sum(i.file_size for i in infos)
            if total > ZIP_MAX_TOTAL:
                raise YouduError("excel_zip_bomb", file=p.name, size=total, ratio="-")
            for info in infos:
                if info.file_size > ZIP_RATIO_FLOOR and info.file_size > max(info.compress_size, 1) * ZIP_MAX_RATIO:
                    raise YouduError("excel_zip_bomb", file=p.name, size=info.file_size,
                                     ratio=info.file_size // max(info.compress_size, 1))
            budget = ZIP_MAX_TOTAL
            for info in infos:
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise YouduError("excel_zip_bomb", file=p.name, size=ZIP_MAX_TOTAL, ratio="-")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
        raise _corrupt(p, exc) from None


def _read_sheet(sheet: SheetStream, p: Path, progress: Progress | None, cancel: CancelCheck | None) -> SheetRead:
    total = (sheet.end[0] + 1) if sheet.end else 0
    rows = sheet.rows
    head: list[list[Any]] = []
    found: tuple[int, dict[str, int], list[str]] | None = None
    best: dict[str, int] = {}
    for index, row in enumerate(rows):
        head.append(row)
        columns, ignored = _match_header(row)
        if all(f in columns for f in REQUIRED):
            found = (index, columns, ignored)
            break
        if len(columns) > len(best):
            best = columns
        if index + 1 >= HEADER_SCAN_ROWS:
            break
    if found is None:
        missing = [f for f in REQUIRED if f not in best] or list(REQUIRED)
        names = {f: (zh, en) for f, zh, en in COLUMNS}
        raise YouduError("excel_no_header", file=p.name, sheet=sheet.name, rows=HEADER_SCAN_ROWS,
                         missing="、".join(names[f][0] for f in missing),
                         missing_en=", ".join(names[f][1] for f in missing))
    header_index, columns, ignored = found
    records, count = _records(rows, header_index + 1, columns, total, progress, cancel)
    # calamine yields rows from the sheet's first row (padding the blank ones above the data); should a version
    # start at the data instead, shift every number so errors name the row Excel shows.
    seen = header_index + 1 + count
    shift = 0
    if sheet.start and sheet.end and seen != sheet.end[0] + 1 and seen == sheet.end[0] - sheet.start[0] + 1:
        shift = sheet.start[0]
    if shift:
        for r in records:
            r.row = (r.row or 0) + shift
    return SheetRead(sheet=sheet.name, header_row=header_index + 1 + shift, columns=columns, records=records,
                     ignored_headers=ignored)


def _match_header(row: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for i, cell in enumerate(row):
        fld = header_field(cell)
        if fld is None:
            text = clean_text(cell_text(cell))
            if text:
                ignored.append(text)
        elif fld not in columns:
            columns[fld] = i
    return columns, ignored


def _records(rows: Iterator[list[Any]], first_index: int, columns: dict[str, int], total: int,
             progress: Progress | None, cancel: CancelCheck | None) -> tuple[list[MemberRecord], int]:
    out: list[MemberRecord] = []
    get = [(fld, i) for fld, i in columns.items() if fld != "department"]
    dept_col = columns.get("department")
    width = max(columns.values()) + 1
    count = 0
    for index, row in enumerate(rows, start=first_index):
        count += 1
        if count % 5000 == 0:
            check_cancel(cancel)
            if progress is not None:
                progress(index + 1, total)
        if not row:
            continue  # a row absent from the file (the streaming reader yields them empty)
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        values: dict[str, Any] = {}
        for fld, i in get:
            cell = row[i]
            values[fld] = cell if type(cell) is str else cell_text(cell)
        dept_text = cell_text(row[dept_col]) if dept_col is not None else ""
        if not dept_text.strip() and not any(v.strip() for v in values.values()):
            continue  # a blank row
        departments = [d for d in (s.strip() for s in DEPT_SEPARATORS.split(clean_text(dept_text))) if d]
        out.append(MemberRecord(departments=departments or None, row=index + 1, **values))
    check_cancel(cancel)
    if progress is not None:
        progress(total, total)
    return out, count


# ---------------------------------------------------------------- writing

def _formats(wb: Any) -> dict[str, Any]:
    return {
        "header": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "num_format": "@"}),
        "text": wb.add_format({"num_format": "@"}),
        "quoted": wb.add_format({"num_format": "@", "quote_prefix": True}),
        "note": wb.add_format({"text_wrap": True, "valign": "top"}),
    }


def _header(ws: Any, fmt: dict[str, Any]) -> None:
    widths = {"account": 16, "name": 12, "gender": 6, "mobile": 15, "phone": 15, "email": 26,
              "department": 28, "position": 14, "weight": 8}
    for col, (fld, zh, _en) in enumerate(COLUMNS):
        ws.write_string(0, col, zh, fmt["header"])
        ws.set_column(col, col, widths[fld], None if fld == "weight" else fmt["text"])


def write_template(path: str | Path) -> Path:
    """Write the documented import template: a data sheet with the header row, then instructions with an example."""
    import xlsxwriter

    target = Path(path)
    with atomic_output(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp))
        fmt = _formats(wb)
        ws = wb.add_worksheet("成员")
        _header(ws, fmt)
        ws.freeze_panes(1, 0)
        ws.data_validation(1, 2, 100_000, 2, {"validate": "list", "source": ["男", "女"],
                                               "ignore_blank": True, "error_type": "warning"})
        # The example lives on the instructions sheet: an example row in the data sheet would be imported.
        notes = wb.add_worksheet("说明")
        notes.set_column(0, len(COLUMNS) - 1, 18)
        lines = [
            "帐号、姓名必填；其余可空。列的顺序可以调整，表头也可以用英文：account, name, gender, mobile, phone, "
            "email, department, position, weight。",
            "部门写从顶级开始的完整路径，如“研发部/前端组”；多个部门用分号分隔；留空则导入到所选部门（--dept）。",
            "性别填 男/女（或 M/F）；权重为整数，越大越靠前。",
            "The account and name columns are required; the others may be empty. Columns may be in any order and "
            "headers may be in English.",
            "Department: the full path from the top, e.g. 研发部/前端组, several separated by semicolons; empty "
            "means the department chosen for the import (--dept). Gender: 男/女 or M/F. Weight: a whole number, "
            "larger first.",
        ]
        for i, line in enumerate(lines):
            notes.write_string(i, 0, line)
        example = ["zhangsan", "张三", "男", "13800000000", "010-12345678", "zhangsan@example.com", "研发部/前端组",
                   "工程师", "0"]
        row = len(lines) + 1
        for col, ((_f, zh, _en), value) in enumerate(zip(COLUMNS, example, strict=True)):
            notes.write_string(row, col, zh, fmt["header"])
            notes.write_string(row + 1, col, value, fmt["text"])
        wb.close()
    return target


@dataclass(frozen=True)
class ExportRow:
    """One member as the export writes it (template columns); departments as full paths."""

    account: str
    name: str
    gender: str
    mobile: str
    phone: str
    email: str
    departments: tuple[str, ...]
    position: str
    weight: int


GENDER_LABELS = {"male": "男", "female": "女"}


def _safe_workbook(tmp: Path) -> Any:
    """A streaming xlsxwriter workbook that writes every string as text: no numbers, formulas or links guessed."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})


def write_members(path: str | Path, rows: Iterable[ExportRow], *, total: int = 0,
                  progress: Progress | None = None, cancel: CancelCheck | None = None) -> int:
    """Stream members into an .xlsx in the template's layout (flat memory); returns the number written."""
    target = Path(path)
    count = 0
    with atomic_output(target) as tmp:
        wb = _safe_workbook(tmp)
        try:
            fmt = _formats(wb)
            ws = wb.add_worksheet("成员")
            _header(ws, fmt)
            ws.freeze_panes(1, 0)
            text, quoted = fmt["text"], fmt["quoted"]
            for count, row in enumerate(rows, start=1):
                if count % 5000 == 0:
                    check_cancel(cancel)
                    if progress is not None:
                        progress(count, total)
                values = (row.account, row.name, GENDER_LABELS.get(row.gender, row.gender), row.mobile, row.phone,
                          row.email, ";".join(row.departments), row.position)
                for col, value in enumerate(values):
                    if value:
                        ws.write_string(count, col, value, quoted if value.startswith(_DANGEROUS_FIRST) else text)
                ws.write_number(count, 8, row.weight)
            check_cancel(cancel)
        finally:
            wb.close()
    if progress is not None:
        progress(count, max(total, count))
    return count


def write_sheet(path: str | Path, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """A plain table into an .xlsx (a list page's export): a header row, then every value as a text cell —
    values starting with = + - @ are written quoted, so a spreadsheet never runs them as formulas."""
    target = Path(path)
    count = 0
    with atomic_output(target) as tmp:
        wb = _safe_workbook(tmp)
        try:
            fmt = _formats(wb)
            ws = wb.add_worksheet(title[:31])
            for col, head in enumerate(headers):
                ws.write_string(0, col, head, fmt["header"])
            ws.freeze_panes(1, 0)
            for count, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    text = "" if value is None else str(value)
                    if text:
                        ws.write_string(count, col, text,
                                        fmt["quoted"] if text.startswith(_DANGEROUS_FIRST) else fmt["text"])
        finally:
            wb.close()
    return count
