"""`changes list | show | undo` and `audit list | verify`."""

from __future__ import annotations

import argparse
import datetime as dt
import hmac
import json
import secrets
from pathlib import Path
from typing import Any

from youdu_console.cli.common import add_parser, add_summary, finish, show_change_set
from youdu_console.cli.context import KEYRING_SERVICE, Context
from youdu_console.domain.errors import YouduError
from youdu_console.services import audit, changes
from youdu_console.store import db as store_db

COMMANDS = ("changes", "audit")  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("changes", parents=[common], help="change sets: list, show, undo")
    c = p.add_subparsers(dest="changes_command", metavar="ACTION", required=True)
    ls = add_parser(c, common, "list", "recent change sets", _list)
    ls.add_argument("--limit", type=int, default=100)
    sh = add_parser(c, common, "show", "one change set with its operations", _show)
    sh.add_argument("id", type=int)
    add_summary(sh)
    u = add_parser(c, common, "undo", "undo a change set (its inverse is itself a change set)", _undo)
    u.add_argument("id", type=int)
    u.add_argument("--dry-run", action="store_true")
    add_summary(u)

    p = sub.add_parser("audit", parents=[common], help="the hash-chained audit log")
    a = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    al = add_parser(a, common, "list", "audit entries, newest first", _audit_list)
    al.add_argument("--since", metavar="ISO_TIME")
    al.add_argument("--limit", type=int, default=1000)
    av = add_parser(a, common, "verify", "check the hash chain and cross-check it with the change sets", _audit_verify)
    av.add_argument("--checkpoint", metavar="FILE", help="also check against a checkpoint written by audit checkpoint")
    ac = add_parser(a, common, "checkpoint",
                    "write the chain's head (entry count and hash), signed with a key in the keyring, to FILE "
                    "(keep a copy elsewhere: a later verify --checkpoint catches a rewritten chain)", _audit_checkpoint)
    ac.add_argument("file", metavar="FILE")


def _list(ctx: Context, args: argparse.Namespace) -> int:
    rows = changes.list_changes(ctx.uow, ctx.console.actor, args.limit, ctx.lang)
    for r in rows:
        s = r["summary"]
        r["counts"] = f"+{s['added']} ~{s['updated']} →{s['moved']} ⇢{s['resigned']} -{s['deleted']}"
    ctx.out.table(rows, [("id", "编号", "ID"), ("created_at", "时间", "Time"), ("actor", "操作人", "Actor"),
                         ("kind", "类型", "Kind"), ("counts", "变更", "Changes"), ("undone_by", "已撤销于", "Undone by"),
                         ("description", "说明", "Description")])
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    cs = changes.get(ctx.uow, ctx.console.actor, args.id)
    title = ctx.out.t(f"变更集 #{cs.id}（{cs.actor}，{cs.created_at:%Y-%m-%d %H:%M:%S}）",
                      f"Change set #{cs.id} ({cs.actor}, {cs.created_at:%Y-%m-%d %H:%M:%S})") if cs.created_at else None
    show_change_set(ctx, cs, title=title)
    return 0


def _undo(ctx: Context, args: argparse.Namespace) -> int:
    cs = changes.plan_undo(ctx.uow, ctx.console.actor, args.id)
    return finish(ctx, cs, args.dry_run)


def _audit_list(ctx: Context, args: argparse.Namespace) -> int:
    since = None
    if args.since:
        try:
            since = dt.datetime.fromisoformat(args.since.replace("Z", "+00:00"))
        except ValueError:
            raise YouduError("usage", detail=f"--since {args.since}") from None
        if since.tzinfo is not None:
            since = since.astimezone(dt.UTC).replace(tzinfo=None)
    rows = changes.list_audit(ctx.uow, ctx.console.actor, since, args.limit)
    ctx.out.table(rows, [("id", "编号", "ID"), ("at", "时间", "Time"), ("actor", "操作人", "Actor"),
                         ("action", "操作", "Action"), ("target", "对象", "Target")])
    return 0


def _audit_verify(ctx: Context, args: argparse.Namespace) -> int:
    checkpoint = _read_checkpoint(ctx, args.checkpoint) if args.checkpoint else None
    result = changes.verify_audit(ctx.uow, ctx.console.actor, checkpoint)
    if checkpoint is not None:
        result["checkpoint"]["signature"] = checkpoint["signature_status"]
    if result["ok"]:
        text = ctx.out.t(f"审计日志完整（{result['entries']} 条）", f"Audit log intact ({result['entries']} entries)")
    elif result["first_bad"] is not None:
        text = ctx.out.t(f"审计日志被篡改：第一个异常条目 #{result['first_bad']}",
                         f"Audit log tampered: first bad entry #{result['first_bad']}")
    else:
        text = ctx.out.t("审计日志与变更集或检查点不符：", "The audit log does not match the change sets or the checkpoint: ")
        text += ", ".join(p["problem"] for p in result.get("problems", []))
    ctx.out.emit(result, text)
    return 0 if result["ok"] else 1


def _database_id(ctx: Context) -> str:
    return store_db.safe_url(ctx.url).split("?")[0]


def _checkpoint_key(ctx: Context, create: bool) -> bytes | None:
    """The super admin's checkpoint key in the OS keyring (None without a usable keyring)."""
    try:
        import keyring

        stored = keyring.get_password(KEYRING_SERVICE, "audit-checkpoint-key")
        if stored is None and create:
            stored = secrets.token_hex(32)
            keyring.set_password(KEYRING_SERVICE, "audit-checkpoint-key", stored)
    except Exception:  # noqa: BLE001 - no usable keyring: the record is printed for safe keeping instead
        return None
    return bytes.fromhex(stored) if stored else None


def _audit_checkpoint(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.console.actor
    result = changes.verify_audit(ctx.uow, actor)
    if not result["ok"]:
        ctx.out.emit(result, ctx.out.t("审计日志已不完整，拒绝写检查点", "The audit log is not intact; no checkpoint written"))
        return 1
    record = {**changes.audit_head(ctx.uow, actor), "database": _database_id(ctx),
              "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "created_by": actor.name}
    key = _checkpoint_key(ctx, create=actor.role == "super")
    record["signature"] = audit.sign_checkpoint(record, key) if key else None
    Path(args.file).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = ctx.out.t(f"检查点已写入 {args.file}：第 {record['entries']} 条，哈希 {record['head_hash']}",
                     f"Checkpoint written to {args.file}: entry {record['entries']}, hash {record['head_hash']}")
    if not key:
        text += ctx.out.t("（未签名：请把这两个值另行记录）", " (unsigned: keep these two values in an external record)")
    ctx.out.emit(record, text)
    return 0


def _read_checkpoint(ctx: Context, path: str) -> dict[str, Any]:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        int(record["entries"])
        str(record["head_hash"])
    except (OSError, ValueError, KeyError, TypeError):
        raise YouduError("audit_checkpoint_invalid", path=path) from None
    status = "unsigned"
    if record.get("signature"):
        key = _checkpoint_key(ctx, create=False)
        status = "unchecked"  # no key here: the values must match an external record instead
        if key is not None:
            if not hmac.compare_digest(audit.sign_checkpoint(record, key), str(record["signature"])):
                raise YouduError("audit_checkpoint_invalid", path=path)
            status = "valid"
    return {**record, "signature_status": status}
