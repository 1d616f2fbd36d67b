"""Bulk import and export end to end: real files, real databases, the CLI contract, undo and cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.fixtures.core import Cli, bootstrap, snapshot
from tests.interchange_helpers import (
    RTX_DEPTS,
    RTX_DETAILS,
    RTX_MEMBERSHIPS,
    RTX_USERS,
    TEMPLATE_HEADER,
    directory_state,
    read_xlsx_rows,
    rtx_xml,
    seed_directory,
    write_rtx,
    write_xls,
    write_xlsx,
    zip_bomb,
)
from youdu_console.domain.errors import ConflictError, PermissionDenied, ValidationErrors
from youdu_console.interchange.common import Cancelled
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.services.interchange import ExportService, ImportService

CHANGE_SET_KEYS = {"id", "kind", "actor", "created_at", "summary", "operations", "errors"}
SUMMARY_KEYS = {"added", "updated", "moved", "resigned", "deleted", "errors"}


def _url(console: Console) -> str:
    return console.uow.engine.url.render_as_string(hide_password=False)


def _member(console: Console, account: str) -> Any:
    return console.directory.get_member(account)


# ---------------------------------------------------------------- Excel

def test_template_fill_import_export_round_trip(cli: Cli, tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    assert cli("template", "excel", str(template)).code == 0
    import openpyxl

    wb = openpyxl.load_workbook(template)
    ws = wb["成员"]
    filled = [
        ["zhangwei", "张伟", "男", 13800000001, "010-88886666", "zw@example.com", "研发部/前端组", "工程师", 20],
        ["lina", "李娜", "女", "13800000002", "", "", "研发部/前端组;市场部", "经理", 5],
        ["wangfang", "王芳", "", "", "", "wf@example.com", "", "", ""],
        ["=cmd|' /c calc'!A0", "x", "", "", "", "", "", "", ""],
    ]
    for row in filled[:3]:
        ws.append(row)
    wb.save(tmp_path / "filled.xlsx")

    result = cli("import", "excel", str(tmp_path / "filled.xlsx"), "--dept", "市场部", "--create-departments")
    assert result.code == 0, result.out
    data = result.data
    assert set(data) >= CHANGE_SET_KEYS and set(data["summary"]) >= SUMMARY_KEYS
    assert isinstance(data["id"], int) and data["kind"] == "import.excel"
    assert data["summary"]["added"] == 3 + 3 and data["errors"] == []  # 3 departments, 3 members

    assert cli("export", "excel", str(tmp_path / "export.xlsx")).code == 0
    rows = read_xlsx_rows(tmp_path / "export.xlsx")
    assert rows[0] == TEMPLATE_HEADER
    assert rows[1:] == [
        ["zhangwei", "张伟", "男", "13800000001", "010-88886666", "zw@example.com", "研发部/前端组", "工程师", 20],
        ["lina", "李娜", "女", "13800000002", None, None, "研发部/前端组;市场部", "经理", 5],
        ["wangfang", "王芳", None, None, None, "wf@example.com", "市场部", None, 0],
    ]
    # The export is itself importable: re-importing it changes nothing.
    again = cli("import", "excel", str(tmp_path / "export.xlsx"))
    assert again.code == 0 and again.data["operations"] == [] and again.data["id"] is None


MESSY = [
    ["2024 年度通讯录（人事部提供）"],
    [],
    ["Mobile", "姓名(必填)", "备注", " 账号 * ", "E-mail", "gender", "部门", "职位", "权重"],
    [13800000000, "  张伟  ", "x", " ＺｈａｎｇＷｅｉ ", "ZW@Example.com", "男", "研发部/前端组", "工程师", 5],
    [None, None, None, None, None, None, None, None, None],
    ["１３８００００００01", "李娜", "", "lina", "", "F", "研发部/前端组；市场部", "", "3"],
    ["+86 138 0000 0002", "王芳", "", "wangfang", "", "M", "", "", 1.0],
]


@pytest.mark.parametrize("writer", [write_xlsx, write_xls], ids=["xlsx-openpyxl", "xls-xlwt"])
def test_messy_sheet_imports_correctly(console: Console, tmp_path: Path, writer: Callable[..., Path]) -> None:
    suffix = ".xls" if writer is write_xls else ".xlsx"
    path = writer(tmp_path / f"messy{suffix}", MESSY, title="成员", hidden_first=[["帐号", "姓名"], ["ghost", "幽灵"]])
    svc = ImportService(console.uow, console.actor)
    cs = svc.plan_excel(path, dept="人事部", create_departments=True)
    assert cs.errors == []
    svc.apply(cs)
    zw, ln, wf = (_member(console, a) for a in ("zhangwei", "lina", "wangfang"))
    assert (zw.name, zw.mobile, zw.email, zw.gender, zw.position, zw.weight, zw.departments) == (
        "张伟", "13800000000", "zw@example.com", "male", "工程师", 5, ("研发部/前端组",))
    assert (ln.mobile, ln.gender, ln.weight, ln.departments) == ("13800000001", "female", 3, ("研发部/前端组", "市场部"))
    assert (wf.mobile, wf.gender, wf.weight, wf.departments) == ("13800000002", "male", 1, ("人事部",))
    assert [m.account for m in console.directory.list_members(search="ghost")] == []


BAD_ROWS = [
    ["公司通讯录"],
    ["帐号", "姓名", "性别", "手机", "座机", "邮箱", "部门", "职务", "权重"],
    ["good1", "张一", "男", "13900000001", "", "", "", "", ""],       # row 3
    ["bad account", "张二", "", "", "", "", "", "", ""],               # row 4: account
    ["bad2", "张三", "", "139abc", "", "", "", "", ""],                # row 5: mobile
    ["bad3", "张四", "不详", "", "", "", "", "", ""],                  # row 6: gender
    ["bad4", "", "", "", "", "", "", "", ""],                          # row 7: name
    ["good1", "张一重复", "", "", "", "", "", "", ""],                 # row 8: account (duplicate)
    ["bad5", "张五", "", "", "", "not-mail", "", "", ""],              # row 9: email
    ["bad6", "张六", "", "", "", "", "不存在的部门", "", ""],          # row 10: department
    ["bad7", "张七", "", "", "", "", "", "", "-3"],                    # row 11: weight
    ["good2", "张八", "", "", "", "", "", "", ""],                     # row 12
]
EXPECTED_ERRORS = [(4, "account", "account_invalid"), (5, "mobile", "mobile_invalid"), (6, "gender", "gender_invalid"),
                   (7, "name", "name_required"), (8, "account", "account_taken"), (9, "email", "email_invalid"),
                   (10, "department", "dept_not_found"), (11, "weight", "weight_invalid")]


def test_invalid_rows_refuse_the_whole_import_naming_row_and_field(cli: Cli, tmp_path: Path) -> None:
    assert cli("dept", "add", "研发部").code == 0
    path = write_xlsx(tmp_path / "bad.xlsx", BAD_ROWS)
    before = snapshot(cli.url)
    result = cli("import", "excel", str(path), "--dept", "研发部")
    assert result.code == 1
    err = result.data["error"]
    assert err["code"] == "invalid_rows"
    assert [(e["row"], e["field"], e["code"]) for e in err["errors"]] == EXPECTED_ERRORS
    assert all(e["message"] for e in err["errors"])
    assert "--create-departments" in err["message"]
    assert snapshot(cli.url) == before

    text = cli("import", "excel", str(path), "--dept", "研发部", as_json=False)
    assert text.code == 1 and text.out == ""
    assert [line.split()[:2] for line in text.err.splitlines()[1:]] == [
        [str(r), f + ":"] for r, f, _ in EXPECTED_ERRORS]

    dry = cli("import", "excel", str(path), "--dept", "研发部", "--skip-invalid", "--dry-run")
    assert dry.code == 0 and dry.data["id"] is None and dry.data["summary"]["added"] == 2
    assert dry.data["summary"]["errors"] == len(EXPECTED_ERRORS)
    assert snapshot(cli.url) == before

    applied = cli("import", "excel", str(path), "--dept", "研发部", "--skip-invalid")
    assert applied.code == 0 and isinstance(applied.data["id"], int)
    assert [(e["row"], e["field"]) for e in applied.data["errors"]] == [(r, f) for r, f, _ in EXPECTED_ERRORS]
    listed = cli("member", "list", "--dept", "研发部").data
    assert sorted(m["account"] for m in listed) == ["good1", "good2"]


def test_reimport_lists_changed_fields_and_moves(console: Console, tmp_path: Path) -> None:
    header = ["帐号", "姓名", "手机", "部门", "职务"]
    first = write_xlsx(tmp_path / "a.xlsx", [header, ["zs", "张三", "13800000001", "研发部", "工程师"],
                                             ["ls", "李四", "13800000002", "研发部", ""]])
    svc = ImportService(console.uow, console.actor)
    svc.apply(svc.plan_excel(first, create_departments=True))
    second = write_xlsx(tmp_path / "b.xlsx", [header, ["zs", "张三", "13900000001", "研发部", "工程师"],
                                              ["ls", "李四", "13800000002", "市场部", ""]])
    cs = svc.plan_excel(second, create_departments=True)
    ops = {op["label"]: op for op in cs.to_dict()["operations"]}
    assert ops["zs"]["action"] == "updated" and ops["zs"]["changes"] == {"mobile": ["13800000001", "13900000001"]}
    assert ops["ls"]["action"] == "moved" and set(ops["ls"]["changes"]) == {"depts"}
    assert ops["市场部"]["action"] == "added"
    svc.apply(cs)
    assert _member(console, "ls").departments == ("市场部",)


def test_import_is_undone_in_one_step(any_console: Console, tmp_path: Path) -> None:
    console = any_console
    seed_directory(console)
    before = directory_state(_url(console))
    path = write_xlsx(tmp_path / "changes.xlsx", [
        ["帐号", "姓名", "手机", "部门", "权重"],
        ["zhangwei", "张伟", "13700000001", "", "1"],       # update of a seeded member
        ["lina", "李娜", "", "新部门/一组", ""],             # move into departments the import creates
    ] + [[f"new{i}", "新人", "", "总部/研发部", ""] for i in range(1200)])  # adds, more than one delete batch
    svc = ImportService(console.uow, console.actor)
    done = svc.apply(svc.plan_excel(path, create_departments=True))
    assert directory_state(_url(console)) != before
    undo = changes.undo(console.uow, console.actor, done.id)
    assert undo.undo_of == done.id
    assert directory_state(_url(console)) == before


def test_undo_of_an_import_is_refused_after_a_member_changed(console: Console, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "in.xlsx", [["帐号", "姓名", "部门"]] + [[f"u{i}", "张三", "研发部"] for i in range(700)])
    svc = ImportService(console.uow, console.actor)
    done = svc.apply(svc.plan_excel(path, create_departments=True))
    console.apply(console.directory.plan_update_member("u650", weight=3))
    before = snapshot(_url(console))
    with pytest.raises(ConflictError):
        changes.undo(console.uow, console.actor, done.id)
    assert snapshot(_url(console)) == before


# ---------------------------------------------------------------- RTX

def test_rtx_gb2312_export_imports_nested_departments_and_multi_membership(cli: Cli, tmp_path: Path) -> None:
    path = write_rtx(tmp_path / "rtx.xml", rtx_xml(RTX_USERS, RTX_DEPTS, RTX_MEMBERSHIPS, RTX_DETAILS))
    dry = cli("import", "rtx", str(path), "--dry-run")
    assert dry.code == 0 and dry.data["id"] is None and dry.data["summary"]["added"] == 5 + 3
    result = cli("import", "rtx", str(path))
    assert result.code == 0 and result.data["kind"] == "import.rtx"
    tree = cli("dept", "list", "--tree").data
    assert [(d["name"], [c["name"] for c in d["children"]]) for d in tree] == [
        ("分公司", []), ("总公司", ["市场部", "研发中心"])]
    assert cli("dept", "show", "总公司/研发中心/前端组").code == 0
    zrj = cli("member", "show", "zhurongji").data
    assert (zrj["name"], zrj["gender"], zrj["position"], zrj["mobile"]) == ("朱镕基", "male", "总工程师", "13800000010")
    assert zrj["departments"] == ["总公司/研发中心/前端组", "总公司/市场部"]
    wf = cli("member", "show", "wang.fang").data
    assert wf["departments"] == ["分公司", "总公司/研发中心/前端组"] and wf["mobile"] == "13800000012"
    assert cli("member", "show", "lizhe").data["name"] == "李喆"
    again = cli("import", "rtx", str(path))
    assert again.code == 0 and again.data["operations"] == []


def test_rtx_with_broken_departments_is_refused_unless_skipping(cli: Cli, tmp_path: Path) -> None:
    depts = RTX_DEPTS + [{"DeptID": "30", "PDeptID": "99", "DeptName": "无上级"}]
    users = RTX_USERS + [{"ID": "52", "UserName": "ghost", "Name": "幽灵"}]
    path = write_rtx(tmp_path / "rtx.xml", rtx_xml(users, depts, RTX_MEMBERSHIPS + [("52", "30")]))
    before = snapshot(cli.url)
    refused = cli("import", "rtx", str(path))
    assert refused.code == 1
    assert {e["code"] for e in refused.data["error"]["errors"]} == {"rtx_dept_parent_missing", "rtx_user_dept_missing"}
    assert snapshot(cli.url) == before
    skipped = cli("import", "rtx", str(path), "--skip-invalid")
    assert skipped.code == 0 and skipped.data["summary"]["errors"] == 2
    assert cli("member", "show", "ghost").code == 1


# ---------------------------------------------------------------- .dat

def _second_db(url: str, db_url_factory: Callable[[str], str], tmp_path: Path) -> str:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        # db_url_factory and fresh_db_url each number their SQLite files from 1 in the same tmp_path.
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return db_url_factory({"mysql": "mariadb"}.get(backend, backend))


def test_dat_backup_restores_exactly_into_an_empty_database(fresh_db_url: str, db_url_factory: Callable[[str], str],
                                                            tmp_path: Path) -> None:
    source = bootstrap(fresh_db_url)
    target_url = _second_db(fresh_db_url, db_url_factory, tmp_path)
    target = bootstrap(target_url)
    try:
        seed_directory(source)
        backup = tmp_path / "backup.dat"
        result = ExportService(source.uow, source.actor).export_dat(backup, password="备份口令 pw")
        assert (result["departments"], result["members"], result["settings"]) == (5, 3, 1)
        svc = ImportService(target.uow, target.actor)
        cs = svc.plan_dat(backup, password="备份口令 pw")
        assert cs.errors == [] and cs.summary()["added"] == 5 + 3 and cs.describe("zh_CN").startswith("恢复")
        svc.apply(cs)
        restored = directory_state(target_url)
        assert restored == directory_state(fresh_db_url)
        assert len(restored["members"]) == 3 and any(m["password_hash"] for m in restored["members"].values())
        assert {m["status"] for m in restored["members"].values()} == {"active", "resigned"}
        # A second restore of the same backup is a merge with nothing to do.
        assert svc.plan_dat(backup, password="备份口令 pw").is_empty
    finally:
        source.uow.dispose()
        target.uow.dispose()


def test_dat_into_a_non_empty_directory_is_a_previewed_merge_by_gid(console: Console, tmp_path: Path) -> None:
    seed_directory(console)
    url = _url(console)
    backup = tmp_path / "backup.dat"
    ExportService(console.uow, console.actor).export_dat(backup)
    at_backup = directory_state(url)
    ds = console.directory
    console.apply(ds.plan_update_member("zhangwei", mobile="13911112222", departments=["分部"]))
    console.apply(ds.plan_rename_department("总部/市场部", "营销部"))
    console.apply(ds.plan_restore(["old"]))
    console.apply(ds.plan_add_member("later", name="后来者", departments=["分部"]))
    console.settings.set({"security.lockout_threshold": 9})

    svc = ImportService(console.uow, console.actor)
    cs = svc.plan_dat(backup)
    assert cs.errors == [] and cs.describe("zh_CN").startswith("合并")
    preview = {(op["entity"], op["label"]): op for op in cs.to_dict()["operations"]}
    assert preview[("member", "zhangwei")]["changes"]["mobile"] == ["13911112222", "13800000001"]
    assert preview[("department", "总部/营销部")]["changes"]["name"] == ["营销部", "市场部"]
    assert preview[("member", "old")]["action"] == "resigned"
    assert preview[("setting", "security.lockout_threshold")]["changes"]["value"] == ["9", "7"]
    svc.apply(cs)
    merged = directory_state(url)
    later_gid = _member(console, "later").gid
    assert merged["members"].pop(later_gid)["account"] == "later"  # members added since are kept
    assert merged == at_backup


def test_dat_merge_refuses_an_account_held_by_another_gid(console: Console, tmp_path: Path) -> None:
    seed_directory(console)
    backup = tmp_path / "backup.dat"
    ExportService(console.uow, console.actor).export_dat(backup)
    ds = console.directory
    console.apply(ds.plan_resign(["lina"]))
    console.apply(ds.plan_delete_members(["lina"]))
    console.apply(ds.plan_add_member("lina", name="另一个李娜", departments=["分部"]))
    before = snapshot(_url(console))
    cs = ImportService(console.uow, console.actor).plan_dat(backup)
    assert [(e["entry"], e["field"], e["code"]) for e in cs.errors] == [("lina", "account", "dat_account_conflict")]
    assert isinstance(cs.errors[0]["row"], int)
    with pytest.raises(ValidationErrors):
        ImportService(console.uow, console.actor).apply(cs)
    assert snapshot(_url(console)) == before


def test_dat_cli_passwords_and_damage(cli: Cli, tmp_path: Path) -> None:
    assert cli("dept", "add", "研发部").code == 0
    assert cli("member", "add", "zs", "--name", "张三", "--dept", "研发部").code == 0
    backup = tmp_path / "b.dat"
    exported = cli("export", "dat", str(backup), "--password-stdin", input="pw-1\n")
    assert exported.code == 0 and exported.data["encrypted"] is True and exported.data["members"] == 1
    before = snapshot(cli.url)
    assert cli("import", "dat", str(backup)).data["error"]["code"] == "dat_password_required"
    wrong = cli("import", "dat", str(backup), "--password-stdin", input="nope\n")
    assert wrong.code == 1 and wrong.data["error"]["code"] == "dat_wrong_password"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped = tmp_path / "flipped.dat"
    flipped.write_bytes(bytes(data))
    bad = cli("import", "dat", str(flipped), "--password-stdin", input="pw-1\n")
    assert bad.code == 1 and bad.data["error"]["code"] == "dat_corrupt"
    assert snapshot(cli.url) == before
    same = cli("import", "dat", str(backup), "--password-stdin", input="pw-1\n")
    assert same.code == 0 and same.data["operations"] == []


# ---------------------------------------------------------------- bad files through the CLI

def test_bad_files_are_refused_with_codes_and_change_nothing(cli: Cli, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [TEMPLATE_HEADER, ["zs", "张三"]])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:300])
    entity_bomb = write_rtx(tmp_path / "bomb.xml", (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<RTX2005OrLater_Exported_Data_X><Database><Sys_User><Item ID="1" UserName="x" Name="&b;"/></Sys_User>'
        '</Database></RTX2005OrLater_Exported_Data_X>'), "utf-8")
    cases = [
        (("import", "excel", str(zip_bomb(tmp_path / "bomb.xlsx")), "--dept", "x"), "excel_zip_bomb"),
        (("import", "excel", str(truncated)), "file_corrupt"),
        (("import", "excel", str(write_xlsx(tmp_path / "nohead.xlsx", [["a", "b"], ["zs", "张三"]]))), "excel_no_header"),
        (("import", "excel", str(tmp_path / "missing.xlsx")), "file_unreadable"),
        (("import", "rtx", str(entity_bomb)), "xml_dtd_refused"),
        (("import", "rtx", str(good)), "file_corrupt"),  # a zip is not XML at all
        (("import", "dat", str(good)), "dat_not_dat"),
        (("export", "excel", str(tmp_path / "no" / "such" / "dir.xlsx")), "file_write_failed"),
    ]
    before = snapshot(cli.url)
    for args, code in cases:
        result = cli(*args)
        assert result.code == 1, args
        assert result.data["error"]["code"] == code, args
        assert result.data["error"]["message"]
    assert snapshot(cli.url) == before
    assert not (tmp_path / "no").exists()


# ---------------------------------------------------------------- jobs: progress and cancel

def test_cancelled_import_changes_nothing(console: Console, tmp_path: Path) -> None:
    seed_directory(console)
    url = _url(console)
    rows = [TEMPLATE_HEADER] + [[f"user{i}", "张三", "", "", "", "", "总部", "", ""] for i in range(12_000)]
    path = write_xlsx(tmp_path / "many.xlsx", rows)
    svc = ImportService(console.uow, console.actor)
    before = snapshot(url)
    calls: list[tuple[int, int]] = []
    job = svc.plan_job("excel", path)
    with pytest.raises(Cancelled):
        job(lambda d, t: calls.append((d, t)), lambda: len(calls) >= 1)
    assert calls and snapshot(url) == before

    cs = svc.plan_job("excel", path)(lambda d, t: None, lambda: False)
    assert cs.summary()["added"] == 12_000
    with pytest.raises(Cancelled):
        svc.apply_job(cs)(lambda d, t: None, lambda: True)
    assert snapshot(url) == before
    done = svc.apply_job(cs)(lambda d, t: None, lambda: False)
    assert done.id is not None and len(console.directory.list_members("总部")) == 12_000


def test_cancelled_exports_leave_no_file(console: Console, tmp_path: Path) -> None:
    seed_directory(console)
    svc = ExportService(console.uow, console.actor)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        svc.dat_job(out / "b.dat")(lambda d, t: None, lambda: True)
    with pytest.raises(Cancelled):
        svc.excel_job(out / "e.xlsx")(lambda d, t: None, lambda: True)
    assert list(out.iterdir()) == []
    result = svc.excel_job(out / "e.xlsx")(lambda d, t: None, lambda: False)
    assert result["members"] == 2  # active members only: the resigned one is not in the address book


# ---------------------------------------------------------------- roles and confidential fields

def _as(console: Console, name: str, role: str, scope: tuple[str, ...] = ()) -> Console:
    AdminService(console.uow).add(console.actor, name, role, "Passw0rd!x", scope)
    return login(console.uow, name, "Passw0rd!x")


def test_export_masks_confidential_fields_by_role_or_request(console: Console, tmp_path: Path) -> None:
    seed_directory(console)  # zhangwei hides mobile and e-mail
    super_rows = {r[0]: r for r in _export(console, tmp_path / "s.xlsx")}
    assert super_rows["zhangwei"][3] == "13800000001" and super_rows["zhangwei"][5] == "zw@example.com"
    masked = {r[0]: r for r in _export(console, tmp_path / "m.xlsx", mask_confidential=True)}
    assert masked["zhangwei"][3] is None and masked["zhangwei"][5] is None and masked["lina"][4] == "010-1234"
    auditor = _as(console, "audit1", "auditor")
    assert {r[0]: r for r in _export(auditor, tmp_path / "a.xlsx")}["zhangwei"][3] == "13800000001"
    helpdesk = _as(console, "help1", "helpdesk")
    with pytest.raises(PermissionDenied):
        ExportService(helpdesk.uow, helpdesk.actor).export_excel(tmp_path / "h.xlsx")
    assert not (tmp_path / "h.xlsx").exists()


def _export(console: Console, path: Path, **options: Any) -> list[list[Any]]:
    ExportService(console.uow, console.actor).export_excel(path, **options)
    return read_xlsx_rows(path)[1:]


def test_scoped_administrator_imports_and_exports_only_its_departments(console: Console, tmp_path: Path) -> None:
    seed_directory(console)
    scoped = _as(console, "scoped1", "scoped", ("总部/市场部",))
    rows = _export(scoped, tmp_path / "scoped.xlsx")
    assert sorted(r[0] for r in rows) == ["lina", "zhangwei"]
    assert {r[0]: r[6] for r in rows}["zhangwei"] == "总部/市场部"  # departments outside the scope are not shown
    path = write_xlsx(tmp_path / "in.xlsx", [["帐号", "姓名", "部门"], ["inside", "内", "总部/市场部"],
                                             ["outside", "外", "分部"]])
    cs = ImportService(scoped.uow, scoped.actor).plan_excel(path)
    assert [(e["row"], e["code"]) for e in cs.errors] == [(3, "permission_out_of_scope")]
    with pytest.raises(PermissionDenied):
        ExportService(scoped.uow, scoped.actor).export_dat(tmp_path / "x.dat")
    backup = tmp_path / "b.dat"
    ExportService(console.uow, console.actor).export_dat(backup)
    with pytest.raises(PermissionDenied):
        ImportService(scoped.uow, scoped.actor).plan_dat(backup)
    auditor = _as(console, "audit2", "auditor")
    with pytest.raises(PermissionDenied):
        ImportService(auditor.uow, auditor.actor).plan_excel(path)


def test_template_needs_no_login(cli: Cli, tmp_path: Path) -> None:
    result = cli("template", "excel", str(tmp_path / "t.xlsx"), admin=False)
    assert result.code == 0 and read_xlsx_rows(tmp_path / "t.xlsx") == [TEMPLATE_HEADER]
