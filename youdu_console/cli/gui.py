"""`gui [--screenshot PNG] [--panel NAME]`, `gui --screenshots DIR`, and the window opened when no command is
given (Qt imported lazily)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from youdu_console.cli.common import add_parser
from youdu_console.cli.context import Context

COMMANDS = ("gui",)  # the command words this group registers (cli/main.py reads them)

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_parser(sub, common, "gui", "open the GUI; with --screenshot render the main window offscreen, save "
                                       "the PNG and exit", _gui)
    p.add_argument("--screenshot", metavar="PNG", help="render offscreen into this PNG file and exit 0")
    p.add_argument("--panel", metavar="NAME",
                   help="with --screenshot: the panel to show, e.g. directory/lockout or 锁定名单")
    p.add_argument("--screenshots", metavar="DIR",
                   help="render every tab and dialog in zh_CN and en, light and dark, at 1280x800 and at "
                        "1920x1080 with 200%% scale, into DIR (on a demo database unless --db/$YOUDU_DB is given); "
                        "exit 1 when English text is left in the Chinese window (DIR/english-in-zh_CN.txt)")
    p.add_argument("--variants", metavar="LIST", default="1280x800,1920x1080@2x",
                   help="with --screenshots: which sizes (default: both)")
    p.add_argument("--only", metavar="LIST", default="",
                   help="with --screenshots: only these stops (e.g. panel-home,dialog-about)")


def _gui(ctx: Context, args: argparse.Namespace) -> int:
    return open_gui(args)


def open_gui(args: argparse.Namespace) -> int:
    """Open the window on --db / $YOUDU_DB (else the connection dialog), or render a screenshot."""
    url = getattr(args, "db", None) or os.environ.get("YOUDU_DB")
    lang = getattr(args, "lang", None)
    shot = getattr(args, "screenshot", None)
    shots = getattr(args, "screenshots", None)
    if shots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from youdu_console.gui.screenshots import run

        return run(shots, url=url, admin=os.environ.get("YOUDU_ADMIN"),
                   password=os.environ.get("YOUDU_ADMIN_PASSWORD"),
                   variants=[v for v in args.variants.split(",") if v], only=[o for o in args.only.split(",") if o])
    if shot:
        # A screenshot never needs a display: render offscreen unless the caller chose a platform.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from youdu_console.gui.app import screenshot
        from youdu_console.store.db import default_url

        return screenshot(url or default_url(), shot, panel=getattr(args, "panel", None), lang=lang)
    from youdu_console.gui.app import run_gui

    return run_gui(url=url, lang=lang)
