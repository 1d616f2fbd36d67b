"""`youdu-console` command line (contract: spec/CLI.md): parses, dispatches, maps errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from youdu_console import __version__
from youdu_console.cli.context import Context
from youdu_console.cli.output import Output
from youdu_console.domain.errors import ValidationErrors, YouduError
from youdu_console.domain.messages import default_lang, render

log = logging.getLogger("youdu.cli")

# Command groups, each a module with register(subparsers, common).
GROUPS = ["youdu_console.cli.db", "youdu_console.cli.admin", "youdu_console.cli.directory",
          "youdu_console.cli.history", "youdu_console.cli.settings", "youdu_console.cli.access",
          "youdu_console.cli.interchange", "youdu_console.cli.ldap", "youdu_console.cli.gui",
          "youdu_console.cli.secrets"]
GROUPS += ["youdu_console.cli.groups", "youdu_console.cli.policy"]  # 群管理 and the policy engine's questions


_argv: list[str] = []  # the arguments being parsed, so usage errors can honour --json and --lang


class Parser(argparse.ArgumentParser):
    """Usage errors exit 2 with a clear message (and a JSON error under --json)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        as_json = "--json" in _argv
        out = Output(as_json, _lang_from_argv())
        out.error("usage", render("usage", out.lang, {"detail": message}))
        if not as_json:
            self.print_usage(sys.stderr)
        raise SystemExit(2)


def _lang_from_argv() -> str:
    argv = _argv
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return default_lang()


def build_parser() -> argparse.ArgumentParser:
    import importlib

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                        help="SQLAlchemy URL (default: $YOUDU_DB, else a SQLite file in the user data directory)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON document")
    common.add_argument("--lang", choices=["zh_CN", "en"], default=argparse.SUPPRESS, help="message language")
    parser = Parser(prog="youdu-console", parents=[common],
                    description="有度管理控制台 / Youdu Console")
    parser.add_argument("--version", action="version", version=f"youdu-console {__version__}")
    parser.add_argument("--smoke-test", action="store_true", help="start offscreen, run one change set and its undo, exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in GROUPS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _argv[:] = argv
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or default_lang()
    out = Output(bool(getattr(args, "json", False)), lang)
    if getattr(args, "smoke_test", False):
        from youdu_console.smoke import run_smoke_test

        return run_smoke_test()
    if not getattr(args, "command", None):
        from youdu_console.cli.gui import open_gui

        return open_gui(args)
    ctx = Context(args, out)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([*argv, "--help"])
        return 2
    try:
        return int(handler(ctx, args) or 0)
    except ValidationErrors as exc:
        out.error(exc.code, exc.message(lang), {"errors": exc.errors})
        return 1
    except YouduError as exc:
        out.error(exc.code, exc.message(lang))
        return exc.exit_code
    except KeyboardInterrupt:
        out.error("interrupted", out.t("已中断", "Interrupted"))
        return 130
    finally:
        if "uow" in ctx.__dict__:
            ctx.uow.dispose()
        elif "console" in ctx.__dict__:
            ctx.console.uow.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
