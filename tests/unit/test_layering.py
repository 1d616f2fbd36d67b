"""The Qt-free layers never import PySide6 (DESIGN §2)."""

from __future__ import annotations

import re
import shutil
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


ROOT = PACKAGE.parent


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package under `root` with the contracts of `root`/pyproject.toml."""
    exe = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(exe), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_layer_contracts_hold() -> None:
    res = _lint_imports(ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Contracts: 2 kept, 0 broken." in res.stdout


def test_an_import_pointing_up_breaks_the_contract(tmp_path: Path) -> None:
    """A scratch copy of the package where a parser imports a service: the contract must catch it."""
    shutil.copytree(PACKAGE, tmp_path / "youdu_console", ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    common = tmp_path / "youdu_console" / "interchange" / "common.py"
    common.write_text(common.read_text() + "\nfrom youdu_console.services import directory  # noqa\n")
    res = _lint_imports(tmp_path)
    assert res.returncode != 0
    assert "youdu_console.interchange.common -> youdu_console.services.directory" in res.stdout
