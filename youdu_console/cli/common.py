"""Helpers shared by command handlers: applying or previewing a change set."""

from __future__ import annotations

import argparse
from typing import Any

from youdu_console.cli.context import Context
from youdu_console.domain import presentation
from youdu_console.domain.messages import localize
from youdu_console.services.changes import ChangeSet, complete


def add_parser(sub: Any, common: argparse.ArgumentParser, name: str, help_text: str, handler: Any,
               **kwargs: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(name, parents=[common], help=help_text, description=help_text, **kwargs)
    p.set_defaults(handler=handler)
    return p


def add_dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="show the change set without applying it")


def finish(ctx: Context, cs: ChangeSet, dry_run: bool = False) -> int:
    """Apply (unless --dry-run) and print the change set: its id is null for a dry run."""
    out = ctx.out
    if cs.is_empty:
        out.emit(cs.to_dict(lang=out.lang), out.t("没有需要修改的内容", "Nothing to change"))
        return 0
    cs = complete(ctx.uow, cs)  # what it entails (department groups following a move) shows in the preview
    if not dry_run:
        cs = ctx.console.apply(cs)
    data = localize(cs.to_dict(lang=out.lang), out.lang)
    s = data["summary"]
    head = (out.t("预览（未应用）", "Preview (not applied)") if dry_run
            else out.t(f"已应用变更集 #{cs.id}", f"Applied change set #{cs.id}"))
    lines = [f"{head}: {cs.describe(out.lang)}",
             out.t(f"  新增 {s['added']}，修改 {s['updated']}，迁移 {s['moved']}，离职 {s['resigned']}，删除 {s['deleted']}，错误 {s['errors']}",
                   f"  added {s['added']}, updated {s['updated']}, moved {s['moved']}, resigned {s['resigned']}, "
                   f"deleted {s['deleted']}, errors {s['errors']}")]
    paths = _dept_paths(ctx, data["operations"][:50])
    for op in data["operations"][:50]:
        # The manual's words, as the window's preview shows them (domain.presentation); JSON keeps the codes.
        desc = presentation.operation_detail(op, out.lang, paths) if "changes" in op else ""
        lines.append(f"  {presentation.action_name(op['action'], out.lang)} "
                     f"{presentation.entity_name(op['entity'], out.lang)} "
                     f"{presentation.operation_target(op, out.lang)} {desc}".rstrip())
    for err in data["errors"][:50]:
        where = err.get("row") or err.get("entry") or ""
        lines.append(f"  {out.t('错误', 'error')} {where} {err.get('field') or ''}: {err.get('message')}")
    if len(data["operations"]) > 50:
        lines.append(out.t(f"  … 共 {len(data['operations'])} 项", f"  … {len(data['operations'])} operations in all"))
    out.emit(data, "\n".join(lines))
    return 0


def _dept_paths(ctx: Context, operations: list[dict[str, Any]]) -> dict[int, str]:
    """Department id → path, read only when an operation names departments by id."""
    if not any(set(op.get("changes") or {}) & {"depts", "parent_id", "scopes"} for op in operations):
        return {}
    directory = ctx.console.directory
    with ctx.console.uow.read() as conn:
        tree = directory.tree(conn)
        return {d: tree.path(d) for d in tree.nodes}
