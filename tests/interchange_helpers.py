"""Helpers for the import/export tests: real files written by openpyxl, xlwt and by hand, and directory dumps."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from youdu_console.services.console import Console, open_uow
from youdu_console.store import tables

TEMPLATE_HEADER = ["帐号", "姓名", "性别", "手机", "座机", "邮箱", "部门", "职务", "权重"]


# ---------------------------------------------------------------- Excel files

def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title: str = "Sheet1",
               hidden_first: Sequence[Sequence[Any]] | None = None) -> Path:
    """An .xlsx written by openpyxl; `hidden_first` puts a hidden sheet with those rows before the data."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first is not None:
        ws.title = "隐藏"
        for r in hidden_first:
            ws.append(list(r))
        ws.sheet_state = "hidden"
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def write_xls(path: Path, rows: Sequence[Sequence[Any]], *, title: str = "Sheet1",
              hidden_first: Sequence[Sequence[Any]] | None = None) -> Path:
    """A legacy .xls written by xlwt (numbers stay numbers, as Excel 97 stores them)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    if hidden_first is not None:
        hidden = wb.add_sheet("隐藏")
        for i, r in enumerate(hidden_first):
            for j, value in enumerate(r):
                hidden.write(i, j, value)
        hidden.visibility = 1  # xlwt: 0 visible, 1 hidden
    ws = wb.add_sheet(title)
    for i, r in enumerate(rows):
        for j, value in enumerate(r):
            if value is not None and value != "":
                ws.write(i, j, value)
    if hidden_first is not None:
        wb.active_sheet = 1
        ws.set_selected(True)
    wb.save(str(path))
    return path


def read_xlsx_rows(path: Path) -> list[list[Any]]:
    """Every row of the first sheet as openpyxl sees it (None for empty cells)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def zip_bomb(path: Path, inflated: int = 96 * 1024 * 1024) -> Path:
    """A zip posing as .xlsx: a tiny archive whose sheet inflates to `inflated` bytes of whitespace."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b" " * (1 << 20)
            for _ in range(inflated // len(block)):
                fh.write(block)
    return path


# ---------------------------------------------------------------- RTX files

def rtx_xml(users: Sequence[dict[str, str]], depts: Sequence[dict[str, str]], memberships: Sequence[tuple[str, str]],
            details: Sequence[dict[str, str]] = (), *, encoding: str | None = "GB2312",
            root: str = "RTX2005OrLater_Exported_Data_9D373D5B-AA39-42e7-A819-BF5F7A8961FC",
            extra: str = "") -> str:
    """The text of an RTX 2005 export; Item attributes are escaped like RTX writes them."""
    from xml.sax.saxutils import quoteattr

    def items(rows: Sequence[dict[str, str]]) -> str:
        return "".join("<Item " + " ".join(f"{k}={quoteattr(v)}" for k, v in r.items()) + "/>\n" for r in rows)

    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    links = [{"DeptID": d, "UserID": u} for u, d in memberships]
    return (f"{decl}<{root}>\n<Database>\n<Sys_User>\n{items(users)}</Sys_User>\n"
            f"<RTX_UserDetail>\n{items(details)}</RTX_UserDetail>\n<RTX_Dept>\n{items(depts)}</RTX_Dept>\n"
            f"<RTX_DeptUser>\n{items(links)}</RTX_DeptUser>\n{extra}</Database>\n</{root}>\n")


def write_rtx(path: Path, text: str, codec: str = "gb18030") -> Path:
    path.write_bytes(text.encode(codec))
    return path


RTX_DEPTS = [
    {"DeptID": "1", "PDeptID": "0", "DeptName": "总公司", "SortID": "1"},
    {"DeptID": "2", "PDeptID": "1", "DeptName": "研发中心"},
    {"DeptID": "3", "PDeptID": "2", "DeptName": "前端组"},
    {"DeptID": "4", "PDeptID": "1", "DeptName": "市场部"},
    {"DeptID": "5", "PDeptID": "0", "DeptName": "分公司"},
]
RTX_USERS = [
    # 镕 and 喆 are outside GB2312: real GB2312-declared exports carry them as GBK.
    {"ID": "10", "UserName": "zhurongji", "Name": "朱镕基", "Gender": "0", "Mobile": "13800000010",
     "Email": "zrj@example.com", "Phone": "010-6666", "Pwd": "ignored", "Face": "3"},
    {"ID": "11", "UserName": "lizhe", "Name": "李喆", "Gender": "1", "Mobile": "", "Email": "", "Phone": ""},
    {"ID": "12", "UserName": "Wang.Fang", "Name": "王芳", "Gender": "1", "Mobile": "+8613800000012"},
]
RTX_MEMBERSHIPS = [("10", "3"), ("10", "4"), ("11", "2"), ("12", "5"), ("12", "3")]
RTX_DETAILS = [{"ID": "10", "Position": "总工程师", "Birthday": "1928-10-01"}, {"ID": "12", "Position": "经理"}]


# ---------------------------------------------------------------- directory dumps and seeds

def directory_state(url: str) -> dict[str, Any]:
    """The directory keyed by gid — what a restore must reproduce exactly (ids, versions and times excluded)."""
    d, m, link, s = tables.DEPARTMENTS, tables.MEMBERS, tables.MEMBER_DEPARTMENTS, tables.SETTINGS
    uow = open_uow(url)
    try:
        with uow.read() as conn:
            depts = {r.id: r for r in conn.execute(select(d))}
            gid = {i: r.gid for i, r in depts.items()}
            links: dict[int, list[tuple[str, str]]] = {}
            for r in conn.execute(select(link).order_by(link.c.member_id, link.c.seq)):
                links.setdefault(r.member_id, []).append((gid[r.dept_id], r.position))
            members = {}
            for r in conn.execute(select(m)):
                row = dict(r._mapping)
                for k in ("id", "version", "created_at", "updated_at"):
                    row.pop(k)
                row["departments"] = links.get(r.id, [])
                members[r.gid] = row
            settings = {r.key: r.value for r in conn.execute(select(s))}
    finally:
        uow.dispose()
    return {"departments": {r.gid: (r.name, gid.get(r.parent_id), r.sort, r.alias) for r in depts.values()},
            "members": members, "settings": settings}


def seed_directory(console: Console) -> None:
    """A small directory using every field a backup must keep: nested departments, aliases, sort values,
    multi-department members with positions, a resigned member, authorised and disabled members,
    confidential fields, password hashes and changed settings."""
    ds = console.directory
    for path, sort, alias in (("总部", 10, "ou=hq"), ("总部/研发部", 5, None), ("总部/研发部/前端组", 0, None),
                              ("总部/市场部", 3, "ou=mkt"), ("分部", 0, None)):
        console.apply(ds.plan_add_department(path, sort=sort, alias=alias))
    console.apply(ds.plan_add_member("zhangwei", name="张伟", departments=["总部/研发部/前端组", "总部/市场部"],
                                     mobile="13800000001", email="zw@example.com", position="工程师", weight=9,
                                     gender="male", password="Passw0rd!"))
    console.apply(ds.plan_add_member("lina", name="李娜", departments=["总部/市场部"], phone="010-1234",
                                     short_number="6601", gender="female"))
    console.apply(ds.plan_add_member("old", name="老员工", departments=["分部"]))
    console.apply(ds.plan_update_member("lina", position="经理"))
    console.apply(ds.plan_confidential(["zhangwei"], {"mobile": True, "email": True}))
    console.apply(ds.plan_resign(["old"]))
    console.apply(ds.plan_set_member_fields("auth.grant", "授权", ["zhangwei"],
                                            lambda conn, row: ({"authorization": row.authorization},
                                                               {"authorization": "authorized"}, "updated")))
    console.apply(ds.plan_set_member_fields("auth.disable", "禁用", ["lina"],
                                            lambda conn, row: ({"authorization": row.authorization},
                                                               {"authorization": "disabled"}, "updated")))
    console.settings.set({"security.lockout_threshold": 7})
