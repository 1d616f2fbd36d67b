"""The Qt-free layers never import PySide6 (DESIGN §2)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "youdu_console"
QT_FREE = ("domain", "services", "store", "interchange", "policy")


def test_importing_qt_free_layers_loads_no_pyside6() -> None:
    modules = [f"youdu_console.{layer}" for layer in QT_FREE]
    # Import every module file of those layers, not only the packages' __init__.
    for layer in QT_FREE:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            rel = path.relative_to(PACKAGE.parent).with_suffix("")
            if "migrations" in rel.parts:
                continue
            modules.append(".".join(p for p in rel.parts if p != "__init__"))
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "print(','.join(bad))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"PySide6 loaded by the Qt-free layers: {res.stdout}"
    assert len(modules) > 15


def test_no_qt_import_statements_in_qt_free_layers() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|qasync)", re.M)
    offenders = [str(p) for layer in QT_FREE for p in (PACKAGE / layer).rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
