"""Static checks in the test run: ruff on the project, mypy (untyped defs refused) on the Qt-free layers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed in this environment (pip install -e '.[test]')"
    return found


def test_ruff_is_clean() -> None:
    res = subprocess.run([_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_is_clean_on_the_qt_free_layers() -> None:
    layers = [f"youdu_console/{name}" for name in ("domain", "services", "store", "policy", "interchange", "api")]
    res = subprocess.run([_tool("mypy"), "--no-incremental", *layers], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
