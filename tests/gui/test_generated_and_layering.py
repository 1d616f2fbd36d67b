"""Generated files are up to date, and Qt stays inside gui/ (the CLI imports it only to open a window)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.gui.support import GUI_MARKS

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures
ROOT = Path(__file__).resolve().parents[2]


def test_translations_are_up_to_date_and_complete() -> None:
    """lupdate finds no string the .ts lacks, zh_CN has no untranslated string, the .qm match the .ts."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build-translations"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_qt_free_parts_of_the_window_and_the_cli_do_not_import_qt() -> None:
    code = ("import sys, youdu_console.gui.loaders, youdu_console.gui.connect, youdu_console.gui.session, "
            "youdu_console.cli.gui, youdu_console.cli.main as m; m.build_parser(); "
            "bad = sorted(n for n in sys.modules if n.startswith('PySide6')); print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
