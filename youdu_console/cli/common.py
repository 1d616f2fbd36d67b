"""Helpers shared by command handlers: applying or previewing a change set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from youdu_console.cli.context import Context
from youdu_console.domain import presentation
from youdu_console.domain.errors import YouduError
from youdu_console.domain.messages import localize
from youdu_console.services.changes import ChangeSet, complete


def add_parser(sub: Any, common: argparse.ArgumentParser, name: str, help_text: str, handler: Any,
               **kwargs: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kwargs)
    p.set_defaults(handler=handler)
    return p


def read_text(value: str | None, file: str | None, what: str) -> str:
    """A text given on the command line, or read from a file (UTF-8), or else from standard input; `what` names
    the two options for the usage error when both are given."""
    if value is not None and file:
        raise YouduError("usage", detail=f"give {what}, not both")
    if file:
        try:
            return Path(file).read_text(encoding="utf-8")
        except OSError:
            raise YouduError("file_unreadable", file=file) from None
    return str(value) if value is not None else sys.stdin.read()


def add_dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="show the change set without applying it")
    add_summary(p)


def add_summary(p: argparse.ArgumentParser) -> None:
    p.add_argument("--summary", action="store_true",
                   help="print only the counts and the errors of the change set (no operations), for scripts")


# Text output lists this many operations and errors; the rest is counted, never rendered.
SHOWN = 50


def finish(ctx: Context, cs: ChangeSet, dry_run: bool = False) -> int:
    """Apply (unless --dry-run) and print the change set: its id is null for a dry run."""
    if not cs.is_empty:
        # What it entails (department groups following a move): a preview shows it; an apply derives it
        # again inside its transaction and returns it.
        cs = complete(ctx.uow, cs) if dry_run else ctx.console.apply(cs)
    show_change_set(ctx, cs, dry_run=dry_run)
    return 0


def show_change_set(ctx: Context, cs: ChangeSet, *, dry_run: bool = False, title: str | None = None) -> None:
    """Print a change set: streamed JSON, or text that renders only the operations and errors it shows."""
    out = ctx.out
    brief = bool(getattr(ctx.args, "summary", False))
    if out.as_json:
        out.change_set(cs, "", operations=not brief)
        return
    if cs.is_empty:
        out.change_set(cs, out.t("没有需要修改的内容", "Nothing to change"))
        return
    s = cs.summary()
    head = title or (out.t("预览（未应用）", "Preview (not applied)") if dry_run
                     else out.t(f"已应用变更集 #{cs.id}", f"Applied change set #{cs.id}"))
    lines = [f"{head}: {cs.describe(out.lang)}",
             out.t(f"  新增 {s['added']}，修改 {s['updated']}，迁移 {s['moved']}，离职 {s['resigned']}，删除 {s['deleted']}，错误 {s['errors']}",
                   f"  added {s['added']}, updated {s['updated']}, moved {s['moved']}, resigned {s['resigned']}, "
                   f"deleted {s['deleted']}, errors {s['errors']}")]
    total = len(cs.operations)
    shown = [] if brief else [op.preview() for op in cs.operations[:SHOWN]]
    paths = _dept_paths(ctx, shown)
    for op in shown:
        # The manual's words, as the window's preview shows them (domain.presentation); JSON keeps the codes.
        desc = presentation.operation_detail(op, out.lang, paths) if "changes" in op or op["action"] == "deleted" \
            else ""
        lines.append(f"  {presentation.action_name(op['action'], out.lang)} "
                     f"{presentation.entity_name(op['entity'], out.lang)} "
                     f"{presentation.operation_target(op, out.lang)} {desc}".rstrip())
    for err in localize(cs.errors[:SHOWN], out.lang):
        where = err.get("row") or err.get("entry") or ""
        lines.append(f"  {out.t('错误', 'error')} {where} {err.get('field') or ''}: {err.get('message')}")
    if total > SHOWN and not brief:
        lines.append(out.t(f"  … 共 {total} 项", f"  … {total} operations in all"))
    out.change_set(cs, "\n".join(lines))


def _dept_paths(ctx: Context, operations: list[dict[str, Any]]) -> dict[int, str]:
    """Department id → path, read only when an operation names departments by id."""
    by_id = {"depts", "parent_id", "scopes", "subjects", "whitelist", "extra"}  # fields naming departments by id
    if not any(set(op.get("changes") or (op.get("values") if op["action"] == "deleted" else None) or {}) & by_id
               for op in operations):
        return {}
    directory = ctx.console.directory
    with ctx.console.uow.read() as conn:
        tree = directory.tree(conn)
        return {d: tree.path(d) for d in tree.nodes}
