"""`policy …`: the questions an IM server asks the policy engine (no administrator login needed)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from youdu_console.cli.common import add_parser, read_text
from youdu_console.cli.context import Context
from youdu_console.cli.output import to_json_bytes, write_bytes
from youdu_console.domain.errors import YouduError
from youdu_console.domain.settings import DEVICES
from youdu_console.policy.asking import check_asker
from youdu_console.policy.groups import can_create_group

COMMANDS = ("policy",)  # the command words this group registers (cli/main.py reads them)
KIND_WORDS = {"hide": ("隐藏部门/成员", "hide departments/members"),
              "restrict": ("限制查看外部门", "restrict to own department"),
              "forbid": ("禁止查看所有人", "forbid seeing anyone")}
TRANSFER_REASONS = {
    "ok": ("允许", "allowed"),
    "no_such_account": ("帐号不存在", "no such account"),
    "resigned": ("成员已离职", "the member has resigned"),
    "disabled": ("成员已被禁用", "the member is disabled"),
    "mode_off": ("此传输模式已关闭", "this transfer mode is off"),
    "too_large": ("超过此模式的单文件大小上限", "larger than this mode's limit"),
    "external_download_off": ("外网地址不允许下载", "downloads from external networks are off"),
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("policy", parents=[common], help="ask the policy engine (as an IM server would)")
    q = p.add_subparsers(dest="policy_command", metavar="QUESTION", required=True)
    c = add_parser(q, common, "can-create-group", "may ACCOUNT create a discussion group (讨论组)?", _can_create_group)
    c.add_argument("account")
    c.add_argument("--size", type=int, metavar="N", help="also check a group of N people against the size limit")
    v = add_parser(q, common, "visible-to", "what ACCOUNT's address book shows (可见性设置, 5.3.1)", _visible_to)
    v.add_argument("account")
    v.add_argument("--explain", action="store_true", help="also list each hidden department and member with the "
                                                          "rule that hid it")
    v.add_argument("--details", action="store_true", help="also give each shown member's name and departments "
                                                          "(member_details)")
    v.add_argument("--summary", action="store_true", help="the compact form instead: department subtrees, the "
                                                          "subtrees cut out of them and the members named apart")
    v.add_argument("--members", action="store_true", help=argparse.SUPPRESS)  # the full form is the default now
    f = add_parser(q, common, "filter-text", "apply the sensitive words (5.6.2) to TEXT, --file or stdin",
                   _filter_text)
    f.add_argument("text", nargs="?", help="the message (read from --file or stdin when absent)")
    f.add_argument("--file", metavar="FILE", help="read the message from FILE (UTF-8)")
    f.add_argument("--from", dest="sender", metavar="ACCOUNT",
                   help="the sender (must exist; the word list applies to every sender alike)")
    t = add_parser(q, common, "file-transfer", "may ACCOUNT send a file this size in this mode (5.4.3)?",
                   _file_transfer)
    t.add_argument("account_arg", nargs="?", metavar="ACCOUNT", help="the member (or --account)")
    t.add_argument("--account")
    t.add_argument("--mode", required=True, choices=("offline", "p2p", "interconnect", "interconnected"),
                   help="offline (离线), p2p, interconnect(ed) (互联企业)")
    t.add_argument("--size", required=True, metavar="N", help="bytes, or with a unit: 512K, 20M, 1.5G")
    t.add_argument("--from-ip", "--ip", dest="from_ip", metavar="ADDRESS",
                   help="the client's address: outside the internal ranges the 外网权限 (5.4.2) limits apply")
    t.add_argument("--kind", choices=("file", "image"), default="file", help="what is downloaded (default: file)")
    a = add_parser(q, common, "apps-for", "the apps ACCOUNT's work portal shows (the union of its templates)",
                   _apps_for)
    a.add_argument("account")
    a.add_argument("--terminal", choices=("desktop", "mobile"))
    r = q.add_parser("password-reset", parents=[common], help="forgotten passwords by SMS or e-mail (5.5)")
    rsub = r.add_subparsers(dest="reset_command", metavar="STEP", required=True)
    rq = add_parser(rsub, common, "request", "send ACCOUNT a 6-digit code by SMS (the 4.7 gateway) or e-mail",
                    _reset_request)
    rq.add_argument("account")
    rq.add_argument("--by", required=True, choices=("sms", "email"))
    rc = add_parser(rsub, common, "confirm", "check the code and set the new password (read from stdin)",
                    _reset_confirm)
    rc.add_argument("account")
    rc.add_argument("code")
    rc.add_argument("--password-stdin", action="store_true", help="read the new password from stdin (required)")
    k = add_parser(q, common, "client-config", "the configuration ACCOUNT's client is pushed (chapter 5 settings)",
                   _client_config)
    k.add_argument("account")
    k.add_argument("--device", choices=DEVICES, help="the client's device type (default: any; desktop slots and "
                                                     "the mobile part both shown)")
    k.add_argument("--from-ip", metavar="IP", help="the client's address (外网权限, 5.4.2)")
    n = add_parser(q, common, "announcements-for", "the announcements ACCOUNT's client shows (通知公告, 3.5.7)",
                   _announcements_for)
    n.add_argument("account")
    r = add_parser(q, common, "announcement-read", "record that ACCOUNT read announcement ID (a read receipt)",
                   _announcement_read)
    r.add_argument("account")
    r.add_argument("id", type=int)


def _apps_for(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.cli.apps import apps_for

    return apps_for(ctx, args)


def _can_create_group(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.uow.read() as conn:
        check_asker(conn, ctx.asker, args.account)
        answer = can_create_group(conn, args.account, size=args.size)
    ctx.out.emit(answer.to_json(), f"{'OK' if answer.allowed else ctx.out.t('拒绝', 'refused')}: {answer.reason}")
    return 0 if answer.allowed else 1


def _visible_to(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.visibility import answer_json

    if ctx.out.as_json:  # written as it is (no coded message inside): 100,000 accounts need no walk
        data = answer_json(ctx.uow, args.account, actor=ctx.asker, summary=args.summary, explain=args.explain,
                           details=args.details)
        write_bytes([to_json_bytes(data, indent=True), b"\n"])
        return 0
    data = answer_json(ctx.uow, args.account, actor=ctx.asker, summary=args.summary, explain=args.explain,
                       details=not args.summary)
    t = ctx.out.t
    lines = [t(f"{data['account']}（{data['name']}）可见的通讯录：", f"The address book {data['account']} ({data['name']}) sees:")]
    limit = data["restricted_by"]
    if limit:
        zh, en = KIND_WORDS[limit["kind"]]
        lines.append(t(f"  受规则“{limit['rule']}”（{zh}）限制", f"  limited by rule “{limit['rule']}” ({en})"))
    if data["form"] == "compact":
        sys.stdout.write("\n".join(lines + _compact_lines(ctx, data)) + "\n")
        return 0
    path_only = set(data["path_only"])
    lines.append(t(f"部门（{len(data['departments'])}）：", f"Departments ({len(data['departments'])}):"))
    for path in data["departments"]:
        lines.append(f"  {path}" + (t("  （仅显示路径）", "  (path only)") if path in path_only else ""))
    lines.append(t(f"成员（{len(data['members'])}）：", f"Members ({len(data['members'])}):"))
    lines.extend(f"  {m['account']}  {m['name']}  {', '.join(m['departments'])}" for m in data["member_details"])
    if args.explain:
        for key, zh_head, en_head, show in (
                ("hidden_departments", "隐藏的部门", "Hidden departments", lambda h: h["path"]),
                ("hidden_members", "隐藏的成员", "Hidden members", lambda h: f"{h['account']}  {h['name']}")):
            rows = data[key]
            lines.append(t(f"{zh_head}（{len(rows)}）：", f"{en_head} ({len(rows)}):"))
            for h in rows:
                zh, en = KIND_WORDS.get(h["kind"], ("", ""))
                lines.append(f"  {show(h)}  ← " + t(f"规则“{h['rule']}”（{zh}）", f"rule “{h['rule']}” ({en})"))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _reset_request(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.verification import send_code

    sent = send_code(ctx.uow, args.account, args.by, asker=ctx.asker)
    ctx.out.emit(sent.to_json(), ctx.out.t(f"验证码已发送至 {sent.to}，{sent.expires_in // 60} 分钟内有效",
                                           f"A code was sent to {sent.to}, valid for {sent.expires_in // 60} minutes"))
    return 0


def _reset_confirm(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.verification import confirm_reset

    password = ctx.read_password() or ""
    cs = confirm_reset(ctx.uow, args.account, args.code, password)
    ctx.out.emit({"account": cs.subject, "reset": True, "change_set": cs.id},
                 ctx.out.t(f"已重置 {cs.subject} 的密码（变更集 #{cs.id}）", f"Password of {cs.subject} reset "
                                                                        f"(change set #{cs.id})"))
    return 0


def _compact_lines(ctx: Context, data: dict[str, Any]) -> list[str]:
    """The compact answer as text: the subtrees shown, what is cut out of them, the members named apart."""
    t = ctx.out.t
    lines = []
    for key, zh, en in (("subtrees", "显示的部门（含子部门）", "Departments shown (with sub-departments)"),
                        ("except_subtrees", "其中不显示的部门（含子部门）", "Except these (with sub-departments)"),
                        ("path_only", "仅显示路径的部门", "Departments drawn as a path only"),
                        ("except_members", "其中不显示的成员", "Members not shown in them")):
        lines.append(t(f"{zh}（{len(data[key])}）：", f"{en} ({len(data[key])}):"))
        lines.extend(f"  {item}" for item in data[key])
    extras = data["extra_members"]
    lines.append(t(f"另外显示的成员（{len(extras)}）：", f"Members shown besides ({len(extras)}):"))
    lines.extend(f"  {m['account']}  {m['name']}  {', '.join(m['departments'])}" for m in extras)
    if data["members_without_department"]:
        lines.append(t("未分配部门的成员也显示", "Members without a department are shown too"))
    lines.append(t("（不加 --summary 时列出每个成员）", "(without --summary every member is listed)"))
    return lines


def _filter_text(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.textfilter import filter_message

    text = read_text(args.text, args.file, "TEXT or --file")
    with ctx.uow.read() as conn:
        answer, enabled = filter_message(conn, text, args.sender)
    data = {**answer.to_json(), "enabled": enabled}
    if ctx.out.as_json:
        ctx.out.emit(data)
    elif not answer.allowed:
        ctx.out.emit(data, ctx.out.t(f"拦截：含有敏感词 {'、'.join(answer.words)}",
                                     f"blocked: holds the sensitive words {', '.join(answer.words)}"))
    else:
        sys.stdout.write(answer.text + ("" if answer.text.endswith("\n") else "\n"))
    return 0 if answer.allowed else 1


def _file_transfer(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.transfer import may_transfer

    if bool(args.account_arg) == bool(args.account):
        raise YouduError("usage", detail="give ACCOUNT or --account (one of them)")
    mode = "interconnect" if args.mode == "interconnected" else args.mode
    with ctx.uow.read() as conn:
        check_asker(conn, ctx.asker, args.account_arg or args.account)
        answer = may_transfer(conn, args.account_arg or args.account, mode, args.size, address=args.from_ip,
                              kind=args.kind)
    zh, en = TRANSFER_REASONS[answer.reason]
    limit = ctx.out.t(f"（上限 {answer.limit_mb} MB）", f" (limit {answer.limit_mb} MB)") if answer.limit_mb else ""
    head = "OK" if answer.allowed else ctx.out.t("拒绝", "refused")
    ctx.out.emit(answer.to_json(), f"{head}: {answer.reason} — {ctx.out.t(zh, en)}{limit}")
    return 0 if answer.allowed else 1


def _flag(ctx: Context, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ctx.out.t("是", "yes") if value else ctx.out.t("否", "no")
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value)


def _client_config(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.client_config import ask

    with ctx.uow.read() as conn:
        check_asker(conn, ctx.asker, args.account)
    data = ask(ctx.uow, args.account, args.device, args.from_ip)
    if ctx.out.as_json:
        ctx.out.emit(data)
        return 0
    t = ctx.out.t
    lines = [t(f"{data['account']}（{data['name']}）的客户端配置：", f"Client configuration of {data['account']} "
               f"({data['name']}):")]
    for part in ("chat", "directory", "permissions", "login", "network", "mobile", "security", "cluster"):
        values = data[part]
        if values is None:
            continue
        lines.append(f"{part}:")
        for key, value in values.items():
            if isinstance(value, dict):
                value = ", ".join(f"{k}={_flag(ctx, v)}" for k, v in value.items())
            lines.append(f"  {key}: {_flag(ctx, value)}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _announcements_for(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.announcements import announcements_for

    with ctx.uow.read() as conn:
        check_asker(conn, ctx.asker, args.account)
        data = announcements_for(conn, args.account)
    t = ctx.out.t
    lines = [t(f"{data['account']} 的通知公告（未读 {data['unread']}）：", f"Announcements of {data['account']} "
               f"({data['unread']} unread):")]
    lines += [f"  #{a['id']}  {t('【置顶】', '[pinned] ') if a['pinned'] else ''}{a['title']}  {a['sender']}  "
              f"{a['sent_at']}  {t('已读', 'read') if a['read'] else t('未读', 'unread')}" for a in data["announcements"]]
    ctx.out.emit(data, "\n".join(lines))
    return 0


def _announcement_read(ctx: Context, args: argparse.Namespace) -> int:
    from youdu_console.policy.announcements import record_read

    data = record_read(ctx.uow, args.account, args.id, reporter=ctx.asker)
    ctx.out.emit(data, ctx.out.t(f"已读：{data['account']} #{data['id']} {data['read_at']}",
                                 f"read: {data['account']} #{data['id']} {data['read_at']}"))
    return 0
