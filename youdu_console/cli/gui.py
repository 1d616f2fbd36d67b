"""`gui [--screenshot PNG] [--panel NAME]`, and the window opened when no command is given (Qt imported lazily)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_parser(sub, common, "gui", "open the GUI; with --screenshot render the main window offscreen, save "
                                       "the PNG and exit", _gui)
    p.add_argument("--screenshot", metavar="PNG", help="render offscreen into this PNG file and exit 0")
    p.add_argument("--panel", metavar="NAME",
                   help="with --screenshot: the panel to show, e.g. directory/lockout or 锁定名单")


def _gui(ctx: Context, args: argparse.Namespace) -> int:
    return open_gui(args)


def open_gui(args: argparse.Namespace) -> int:
    """Open the window on --db / $YOUDU_DB (else the connection dialog), or render a screenshot."""
    url = getattr(args, "db", None) or os.environ.get("YOUDU_DB")
    lang = getattr(args, "lang", None)
    shot = getattr(args, "screenshot", None)
    if shot:
        # A screenshot never needs a display: render offscreen unless the caller chose a platform.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from youdu_console.gui.app import screenshot
        from youdu_console.store.db import default_url

        return screenshot(url or default_url(), shot, panel=getattr(args, "panel", None), lang=lang)
    from youdu_console.gui.app import run_gui

    return run_gui(url=url, lang=lang)
