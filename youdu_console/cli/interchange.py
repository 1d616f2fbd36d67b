"""`template excel`, `import excel|rtx|dat` and `export excel|dat`: bulk import and export from the shell."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from youdu_console.cli.common import add_parser, add_summary, finish, show_change_set
from youdu_console.cli.context import Context
from youdu_console.services.changes import ChangeSet
from youdu_console.services.interchange import ExportService, ImportService

COMMANDS = ("template", "import", "export")  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("template", parents=[common], help="write the Excel import template")
    t = p.add_subparsers(dest="template_command", metavar="KIND", required=True)
    te = add_parser(t, common, "excel", "write the Excel import template to FILE", _template_excel)
    te.add_argument("file", metavar="FILE")

    p = sub.add_parser("import", parents=[common], help="import members from Excel, RTX or a .dat backup")
    i = p.add_subparsers(dest="import_command", metavar="KIND", required=True)
    ie = add_parser(i, common, "excel", "import members from an .xlsx or .xls file", _import_excel)
    ie.add_argument("file", metavar="FILE")
    ie.add_argument("--dept", metavar="PATH", help="department for rows whose 部门 column is empty")
    ie.add_argument("--create-departments", action="store_true",
                    help="create the departments named in the 部门 column when they do not exist")
    _import_flags(ie)
    ir = add_parser(i, common, "rtx", "import the organisation exported by Tencent RTX (.xml / .xms)", _import_rtx)
    ir.add_argument("file", metavar="FILE")
    ir.add_argument("--dept", metavar="PATH", help="department for users that belong to none")
    _import_flags(ir)
    idat = add_parser(i, common, "dat", "restore a .dat backup (merged by gid into a non-empty directory)",
                      _import_dat)
    idat.add_argument("file", metavar="FILE")
    idat.add_argument("--password-stdin", action="store_true", help="the backup's password, from standard input")
    _import_flags(idat)
    ia = add_parser(i, common, "apps", "import an apps file (企业应用导入): previewed with --dry-run, undoable",
                    _import_apps)
    ia.add_argument("file", metavar="FILE")
    ia.add_argument("--password-stdin", action="store_true", help="the file's password, from standard input")
    ia.add_argument("--dry-run", action="store_true", help="show the change set without applying it")

    p = sub.add_parser("export", parents=[common], help="export the directory to Excel or a .dat backup")
    e = p.add_subparsers(dest="export_command", metavar="KIND", required=True)
    ee = add_parser(e, common, "excel", "export members (a department, recursively, or all) to .xlsx", _export_excel)
    ee.add_argument("file", metavar="FILE")
    ee.add_argument("--dept", metavar="PATH")
    ee.add_argument("--mask-confidential", action="store_true",
                    help="blank the fields members marked confidential even when your role may see them")
    ed = add_parser(e, common, "dat", "write a .dat backup (gids, states, password hashes, settings)", _export_dat)
    ed.add_argument("file", metavar="FILE")
    ed.add_argument("--password-stdin", action="store_true", help="encrypt with a password read from standard input")
    ea = add_parser(e, common, "apps", "write the apps and portal templates (企业应用导出); secrets only when encrypted",
                    _export_apps)
    ea.add_argument("file", metavar="FILE")
    ea.add_argument("--password-stdin", action="store_true", help="encrypt with a password read from standard input")


def _export_apps(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.cli.apps import export_apps

    return export_apps(ctx, args)


def _import_apps(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.cli.apps import import_apps

    return import_apps(ctx, args)


def _import_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="show the change set without applying it")
    p.add_argument("--skip-invalid", action="store_true", help="apply the valid rows and report the others")
    add_summary(p)


# ---------------------------------------------------------------- template and imports

def _template_excel(ctx: Context, args: argparse.Namespace) -> int:
    path = ExportService.write_template(args.file)
    ctx.out.emit({"file": str(path)}, ctx.out.t(f"已写入导入模板 {path}", f"Import template written to {path}"))
    return 0


def _importer(ctx: Context) -> ImportService:
    return ctx.console.imports


def _import_excel(ctx: Context, args: argparse.Namespace) -> int:
    cs = _importer(ctx).plan_excel(args.file, dept=args.dept, create_departments=args.create_departments)
    return _finish_import(ctx, cs, args)


def _import_rtx(ctx: Context, args: argparse.Namespace) -> int:
    return _finish_import(ctx, _importer(ctx).plan_rtx(args.file, dept=args.dept), args)


def _import_dat(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=False)
    return _finish_import(ctx, _importer(ctx).plan_dat(args.file, password=password), args)


def _finish_import(ctx: Context, cs: ChangeSet, args: argparse.Namespace) -> int:
    """Refuse (exit 1, listing every error) unless the plan is clean or --skip-invalid; then preview or apply."""
    out = ctx.out
    if cs.errors and not args.skip_invalid:
        summary = out.t(f"有 {len(cs.errors)} 行数据无效，未做任何修改（可加 --skip-invalid 只导入有效行）",
                        f"{len(cs.errors)} invalid rows; nothing was changed (--skip-invalid imports the valid rows)")
        if getattr(args, "create_departments", None) is False and any(e.get("code") == "dept_not_found"
                                                                      for e in cs.errors):
            summary += out.t("；不存在的部门可加 --create-departments 自动创建",
                             "; --create-departments creates the missing departments")
        out.change_set_error("invalid_rows", summary, cs, operations=not args.summary)
        return 1
    if cs.is_empty:
        show_change_set(ctx, cs)
        _print_errors(ctx, cs)
        return 0
    code = finish(ctx, cs, args.dry_run)
    _print_errors(ctx, cs)
    return code


def _print_errors(ctx: Context, cs: ChangeSet) -> None:
    if ctx.out.as_json or not cs.errors:
        return
    print(ctx.out.t(f"跳过 {len(cs.errors)} 行无效数据：", f"Skipped {len(cs.errors)} invalid rows:"), file=sys.stderr)
    for err in cs.errors[:200]:
        where = err.get("row") or ""
        print(f"  {where} {err.get('entry') or ''} {err.get('field') or ''}: {err.get('message')}".rstrip(),
              file=sys.stderr)


# ---------------------------------------------------------------- exports

def _export_excel(ctx: Context, args: argparse.Namespace) -> int:
    svc = ctx.console.exports
    result = svc.export_excel(args.file, dept=args.dept, mask_confidential=True if args.mask_confidential else None)
    ctx.out.emit(result, ctx.out.t(f"已导出 {result['members']} 名成员到 {result['file']}",
                                   f"Exported {result['members']} members to {result['file']}"))
    return 0


def _export_dat(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=False)
    svc = ctx.console.exports
    result = svc.export_dat(args.file, password=password)
    ctx.out.emit(result, ctx.out.t(
        f"已备份 {result['departments']} 个部门、{result['members']} 名成员、{result['settings']} 项设置到 {result['file']}"
        + ("（已加密）" if result["encrypted"] else "（未加密：含密码哈希，请妥善保管）"),
        f"Backed up {result['departments']} departments, {result['members']} members and {result['settings']} "
        f"settings to {result['file']}" + (" (encrypted)" if result["encrypted"]
                                          else " (not encrypted: it holds password hashes, keep it safe)")))
    return 0
