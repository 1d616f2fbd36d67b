"""`app …` and `portal …`: the app registry and the portal templates (企业应用), per spec/CLI.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from youdu_console.cli.common import add_dry_run, add_parser, finish
from youdu_console.cli.context import Context
from youdu_console.domain.errors import ValidationError

APP_COLUMNS = [("app_id", "App ID", "App ID"), ("name", "应用名称", "Name"), ("kind", "类型", "Kind"),
               ("terminals", "显示终端", "Terminals"), ("enabled", "启用", "Enabled"), ("homepage", "应用主页", "Homepage")]
PORTAL_COLUMNS = [("name", "模板名称", "Template"), ("enabled", "启用", "Enabled"), ("apps", "应用", "Apps"),
                  ("members", "成员", "Members"), ("departments", "部门", "Departments")]


COMMANDS = ("app", "portal")  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("app", parents=[common], help="apps of the work portal (企业应用)")
    a = p.add_subparsers(dest="app_command", metavar="ACTION", required=True)
    add = add_parser(a, common, "add", "a self-built app with a new AppID and EncodingAESKey", _add)
    add.add_argument("name")
    add.add_argument("--intro", required=True, metavar="TEXT", help="4 to 120 characters")
    _app_flags(add)
    add.add_argument("--dept", metavar="PATH", help="the app's department (scoped administrators)")
    up = add_parser(a, common, "update", "change an app (only the flags given)", _update)
    up.add_argument("app", metavar="APP")
    up.add_argument("--name")
    up.add_argument("--intro", metavar="TEXT")
    _app_flags(up)
    up.add_argument("--enable", dest="enabled", action="store_const", const=True, default=None)
    up.add_argument("--disable", dest="enabled", action="store_const", const=False)
    d = add_parser(a, common, "delete", "delete a self-built app (system apps cannot be deleted)", _delete)
    d.add_argument("app", metavar="APP")
    add_dry_run(d)
    add_parser(a, common, "list", "system and self-built apps", _list)
    sh = add_parser(a, common, "show", "one app; --reveal-secret adds its EncodingAESKey (super admins, audited)",
                    _show)
    sh.add_argument("app", metavar="APP")
    sh.add_argument("--reveal-secret", action="store_true")
    rg = add_parser(a, common, "regenerate-secret", "a new EncodingAESKey (the old one stops working)", _regenerate)
    rg.add_argument("app", metavar="APP")
    add_dry_run(rg)
    sv = add_parser(a, common, "service", "service-account mode (3.5.9.4): callback, Token, auto-replies, menus",
                    _service)
    sv.add_argument("app", metavar="APP")
    sv.add_argument("--enable", dest="service_mode", action="store_const", const=True, default=None)
    sv.add_argument("--disable", dest="service_mode", action="store_const", const=False)
    sv.add_argument("--callback-url", metavar="URL")
    sv.add_argument("--new-token", action="store_true", help="generate a new callback Token (随机生成)")
    sv.add_argument("--replies", metavar="FILE.json", help="auto-replies: [{keyword, match, reply}]")
    sv.add_argument("--menus", metavar="FILE.json", help="menus: [{name, type, key|url, items: [...]}]")
    add_dry_run(sv)
    vc = add_parser(a, common, "verify-callback", "send the vendor's callback handshake to the app's URL",
                    _verify_callback)
    vc.add_argument("app", metavar="APP")
    vc.add_argument("--timeout", type=float, default=5.0, metavar="SECONDS")
    rt = add_parser(a, common, "reply-test", "which auto-reply answers TEXT (the 测试 box)", _reply_test)
    rt.add_argument("app", metavar="APP")
    rt.add_argument("text")

    p = sub.add_parser("portal", parents=[common], help="portal templates (应用门户模板)")
    t = p.add_subparsers(dest="portal_command", metavar="ACTION", required=True)
    pa = add_parser(t, common, "add", "a template: apps (GROUP:APP puts APP in a group) and its audience", _portal_add)
    pa.add_argument("name")
    _portal_flags(pa)
    pu = add_parser(t, common, "update", "change a template: each list given replaces the current one", _portal_update)
    pu.add_argument("name")
    pu.add_argument("--rename", metavar="NEW_NAME")
    pu.add_argument("--enable", dest="enabled", action="store_const", const=True, default=None)
    pu.add_argument("--disable", dest="enabled", action="store_const", const=False)
    _portal_flags(pu, replace=True)
    add_parser(t, common, "list", "templates with their apps and audience", _portal_list)
    ps = add_parser(t, common, "show", "one template", _portal_show)
    ps.add_argument("name")
    pd = add_parser(t, common, "delete", "delete a template", _portal_delete)
    pd.add_argument("name")
    add_dry_run(pd)


def _app_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--logo", metavar="PNG", help="an image file (validated, scaled to 128 px)")
    p.add_argument("--icon", metavar="NAME", help="a built-in icon instead of an uploaded logo")
    p.add_argument("--terminals", metavar="desktop,mobile")
    p.add_argument("--homepage", metavar="URL", help="http(s); $TOKEN$ is replaced by the member's identity token")
    add_dry_run(p)


def _portal_flags(p: argparse.ArgumentParser, *, replace: bool = False) -> None:
    default = None if replace else []
    p.add_argument("--app", action="append", default=default, metavar="[GROUP:]APP")
    p.add_argument("--member", action="append", default=default, metavar="ACCOUNT")
    p.add_argument("--dept", action="append", default=default, metavar="PATH",
                   help="a department and its sub-departments")
    add_dry_run(p)


def _logo(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError("app_logo_unreadable", field="logo", path=path, reason=exc.strerror or str(exc)) from None


def _warn_name(ctx: Context, name: str | None) -> None:
    from youdu_console.domain.messages import render

    if name is not None and ctx.console.apps.name_warning(name):
        print(render("app_name_long_warning", ctx.out.lang, {}), file=sys.stderr)


def _add(ctx: Context, args: argparse.Namespace) -> int:
    apps = ctx.console.apps
    cs = apps.plan_add(args.name, intro=args.intro, terminals=args.terminals or "desktop,mobile",
                       homepage=args.homepage or "", icon=args.icon or "", logo=_logo(args.logo), dept=args.dept)
    _warn_name(ctx, args.name)
    return finish(ctx, cs, args.dry_run)


def _update(ctx: Context, args: argparse.Namespace) -> int:
    fields: dict[str, Any] = {}
    for key in ("name", "intro", "terminals", "homepage", "icon", "enabled"):
        if getattr(args, key) is not None:
            fields[key] = getattr(args, key)
    if args.logo is not None:
        fields["logo"] = _logo(args.logo)
    cs = ctx.console.apps.plan_update(args.app, **fields)
    _warn_name(ctx, args.name)
    return finish(ctx, cs, args.dry_run)


def _delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.apps.plan_delete(args.app), args.dry_run)


def _regenerate(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.apps.plan_regenerate_key(args.app), args.dry_run)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = [v.to_json() for v in ctx.console.apps.list_apps()]
    if not ctx.out.as_json:
        rows = [{**r, "terminals": ",".join(r["terminals"])} for r in rows]
    ctx.out.table(rows, APP_COLUMNS)
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    apps = ctx.console.apps
    view = apps.get(args.app)
    data = view.to_json()
    t = ctx.out.t
    lines = [f"{view.name}  [{t('系统应用', 'system app') if view.kind == 'system' else t('自建应用', 'self-built app')}]",
             f"App ID: {view.app_id}", f"{t('应用介绍', 'Introduction')}: {view.intro}",
             f"{t('显示终端', 'Terminals')}: {', '.join(view.terminals)}",
             f"{t('应用主页', 'Homepage')}: {view.homepage or '-'}",
             f"{t('启用', 'Enabled')}: {t('是', 'yes') if view.enabled else t('否', 'no')}"]
    if "$TOKEN$" in view.homepage:
        lines.append(t("（$TOKEN$ 将由客户端替换为成员的有度身份认证 token，用于单点登录）",
                       "($TOKEN$ is replaced by the client with the member's Youdu identity token, for single sign-on)"))
    if args.reveal_secret:
        secret = apps.reveal_secret(view.app_id)
        data["encoding_aes_key"] = secret["encoding_aes_key"]
        lines.append(f"EncodingAESKey: {secret['encoding_aes_key']}")
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _json_file(path: str, field: str) -> Any:
    import json

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError("json_file_unreadable", field=field, path=path, reason=str(exc)[:120]) from None


def _service(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.domain.apps import new_token

    fields: dict[str, Any] = {}
    if args.service_mode is not None:
        fields["service_mode"] = args.service_mode
    if args.callback_url is not None:
        fields["callback_url"] = args.callback_url
    if args.new_token:
        fields["callback_token"] = new_token()
    if args.replies is not None:
        fields["auto_replies"] = _json_file(args.replies, "replies")
    if args.menus is not None:
        fields["menus"] = _json_file(args.menus, "menus")
    return finish(ctx, ctx.console.apps.plan_update(args.app, **fields), args.dry_run)


def _verify_callback(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.domain.messages import render
    from youdu_console.services.callback import verify_app

    result = verify_app(ctx.console.apps, args.app, timeout=args.timeout)
    ctx.out.emit(result.to_json(), render(f"callback.{result.reason}", ctx.out.lang, result.to_json()))
    return 0 if result.ok else 1


def _reply_test(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.domain.service_account import auto_reply

    rule = auto_reply(ctx.console.apps.service_config(args.app)["auto_replies"], args.text)
    ctx.out.emit(rule, rule["reply"] if rule else ctx.out.t("（没有匹配的自动回复）", "(no auto-reply matches)"))
    return 0


def _portal_add(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.portal.plan_add(args.name, apps=args.app, members=args.member, depts=args.dept)
    return finish(ctx, cs, args.dry_run)


def _portal_update(ctx: Context, args: argparse.Namespace) -> int:
    cs = ctx.console.portal.plan_update(args.name, new_name=args.rename, enabled=args.enabled, apps=args.app,
                                        members=args.member, depts=args.dept)
    return finish(ctx, cs, args.dry_run)


def _portal_delete(ctx: Context, args: argparse.Namespace) -> int:
    return finish(ctx, ctx.console.portal.plan_delete(args.name), args.dry_run)


def _portal_row(view: Any, as_json: bool) -> dict[str, Any]:
    data = view.to_json()
    if as_json:
        return data
    return {**data, "apps": ", ".join(f"{a['group']}:{a['app_id']}" if a["group"] else a["app_id"]
                                      for a in data["apps"]),
            "members": ", ".join(data["members"]), "departments": ", ".join(data["departments"])}


def _portal_list(ctx: Context, args: argparse.Namespace) -> int:
    ctx.out.table([_portal_row(v, ctx.out.as_json) for v in ctx.console.portal.list_templates()], PORTAL_COLUMNS)
    return 0


def _portal_show(ctx: Context, args: argparse.Namespace) -> int:
    view = ctx.console.portal.get(args.name)
    row = _portal_row(view, False)
    t = ctx.out.t
    text = "\n".join([view.name, f"{t('应用', 'Apps')}: {row['apps'] or '-'}",
                      f"{t('成员', 'Members')}: {row['members'] or '-'}",
                      f"{t('部门', 'Departments')}: {row['departments'] or '-'}"])
    ctx.out.emit(view.to_json(), text)
    return 0


# ---------------------------------------------------------------- export/import apps, policy apps-for
# (registered by cli/interchange.py's `export`/`import` and cli/policy.py's `policy`; handlers live here)

def export_apps(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=False)
    result = ctx.console.app_files.export(args.file, password=password)
    ctx.out.emit(result, ctx.out.t(f"已导出 {result['apps']} 个企业应用和 {result['templates']} 个模板到 {result['file']}",
                                   f"Exported {result['apps']} apps and {result['templates']} templates to {result['file']}"))
    return 0


def import_apps(ctx: Context, args: argparse.Namespace) -> int:
    password = ctx.read_password(required=False)
    return finish(ctx, ctx.console.app_files.plan_import(args.file, password=password), args.dry_run)


def apps_for(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.apps import apps_for as answer
    from youdu_console.policy.asking import check_asker

    with ctx.uow.read() as conn:
        check_asker(conn, ctx.asker, args.account)
        found = answer(conn, args.account, args.terminal)
    ctx.out.emit([a.to_json() for a in found],
                 "\n".join(f"{a.app_id}  {a.name}  [{a.group or '-'}]" for a in found) or ctx.out.t("（无）", "(none)"))
    return 0
