"""`youdu-console` command line (contract: spec/CLI.md): parses, dispatches, maps errors to exit codes."""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from youdu_console import __version__
from youdu_console.cli.output import Output
from youdu_console.domain.errors import ValidationErrors, YouduError
from youdu_console.domain.messages import default_lang, render

if TYPE_CHECKING:
    from youdu_console.cli.context import Context  # imported when a command runs: it loads the services

_COMMANDS_LINE = re.compile(r"^COMMANDS\s*=\s*(\([^)]*\))", re.MULTILINE)


@lru_cache(maxsize=1)
def command_groups() -> dict[str, str]:
    """Command word → the group module that registers it, discovered like the window's panels.

    A group is any module of this package with `COMMANDS = (...)` and `register(subparsers, common)`: a new
    area adds one module and nothing here. The words are read from the module's source, not by importing it,
    so a command imports only its own group (a read such as `member show` never loads the LDAP client or
    the importers); where there is no source (a frozen bundle) the modules are imported to ask them.
    """
    from youdu_console import cli

    out: dict[str, str] = {}
    for info in pkgutil.iter_modules(cli.__path__):
        name = f"{cli.__name__}.{info.name}"
        source = Path(cli.__path__[0]) / f"{info.name}.py"
        try:
            found = _COMMANDS_LINE.search(source.read_text(encoding="utf-8"))
            words = ast.literal_eval(found.group(1)) if found else ()
        except (OSError, ValueError, SyntaxError):
            words = getattr(importlib.import_module(name), "COMMANDS", ())
        for word in words:
            out[str(word)] = name
    return out


def group_modules() -> list[str]:
    """Every command group module, in a stable order (for --help, which lists them all)."""
    return sorted(set(command_groups().values()))


# Exit status of a command whose reader went away (`youdu-console … | head -1`): 128 + SIGPIPE, what a
# shell reports for any program ended by a closed pipe.
EXIT_PIPE_CLOSED = 141


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


def _command_word(argv: Sequence[str]) -> str | None:
    """The first word that is not a global option or its value."""
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--db", "--lang"):
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the arguments, only the group their command belongs to is loaded."""
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
    word = _command_word(argv) if argv is not None else None
    groups = command_groups()
    for name in [groups[word]] if word in groups else group_modules():
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; whatever happens, the caller gets a coded error and an exit code, not a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _argv[:] = argv
    try:
        code = _run(argv)
        sys.stdout.flush()  # inside the try: a reader that went away is noticed here, not at exit
        return code
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:  # before a handler runs (while starting): no message, the usual status
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: report, never a traceback
        try:
            return _internal_error(Output("--json" in argv, _lang_from_argv()), exc)
        except BrokenPipeError:
            return _pipe_closed()


def _run(argv: list[str]) -> int:
    from youdu_console.cli import quick

    answered = quick.answer(argv)  # `member show`'s common case, without loading SQLAlchemy (cli/quick.py)
    if answered is not None:
        return answered
    quick.prestart_reader(argv)  # `import excel FILE`: its reader starts while the rest loads
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", None) or default_lang()
    out = Output(bool(getattr(args, "json", False)), lang)
    if getattr(args, "smoke_test", False):
        from youdu_console.smoke import run_smoke_test

        return run_smoke_test()
    if not getattr(args, "command", None):
        from youdu_console.cli.gui import open_gui

        return open_gui(args)
    from youdu_console.cli.context import Context

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
    except (BrokenPipeError, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - known failures of the layers below first, then the last resort
        known = _known_failure(exc, ctx)
        if known is None:
            return _internal_error(out, exc)
        out.error(known.code, known.message(lang))
        return known.exit_code
    finally:
        if "uow" in ctx.__dict__:
            ctx.uow.dispose()
        elif "console" in ctx.__dict__:
            ctx.console.uow.dispose()


def _known_failure(exc: Exception, ctx: Context) -> YouduError | None:
    """Failures of the layers below that have a code: a value the database cannot hold (an overflowing
    --sort or --limit), a SQLite file whose damage a query ran into."""
    import sqlite3

    from youdu_console.store.db import mask_secrets, safe_url

    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    detail = mask_secrets(text.splitlines()[0] if text else type(exc).__name__)[:300]
    if isinstance(exc, OverflowError) or type(exc).__name__ in ("DataError", "NumericValueOutOfRange"):
        return YouduError("value_out_of_range", detail=detail)
    if isinstance(orig, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text):
        return YouduError("db_not_youdu", path=safe_url(ctx.url))
    return None


def _internal_error(out: Output, exc: BaseException) -> int:
    """An unexpected exception: a coded `internal` error (the traceback only with YOUDU_DEBUG=1)."""
    try:
        from youdu_console.store.db import mask_secrets
    except Exception:  # noqa: BLE001 - the store itself failed to load: mask nothing rather than crash
        def mask_secrets(text: str) -> str:
            return text
    detail = mask_secrets(f"{type(exc).__name__}: {exc}".strip())[:500]
    import logging  # here: a command that succeeds never needs it (start-up time, cli/quick.py)

    logging.getLogger("youdu.cli").info("internal error: %s", detail)
    if os.environ.get("YOUDU_DEBUG", "") not in ("", "0"):
        import traceback

        sys.stderr.write(mask_secrets("".join(traceback.format_exception(exc))))
    out.error("internal", render("internal", out.lang, {"detail": detail}))
    return 1


def _pipe_closed() -> int:
    """The reader of our output went away: stop quietly, as a program ended by SIGPIPE does."""
    try:
        # Python flushes stdout once more at exit; aim it at /dev/null so that flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture output in memory)
        pass
    return EXIT_PIPE_CLOSED


if __name__ == "__main__":
    raise SystemExit(main())
