"""Generated files are up to date, and Qt stays inside gui/ (the CLI imports it only to open a window)."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from tests.gui.support import GUI_MARKS

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures
ROOT = Path(__file__).resolve().parents[2]


def test_translations_are_up_to_date_and_complete() -> None:
    """lupdate finds no string the .ts lacks, zh_CN has no untranslated string, the .qm match the .ts."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build-translations"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_forms_are_generated_from_the_current_ui_files(tmp_path: Path) -> None:
    """scripts/build-forms --check: every ui/*.ui has its current gui/forms/ui_*.py; a changed .ui is caught."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build-forms"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.stem for p in (ROOT / "ui").glob("*.ui")) == [
        "admin_form", "announcement_form", "confidential_form", "connection", "import_export", "ldap_connection", "login_form", "member_editor",
        "password_form", "system_message_form"]
    # A scratch copy whose .ui changed (a row added) is reported as out of date.
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "ui", copy / "ui")
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    shutil.copytree(ROOT / "youdu_console" / "gui" / "forms", copy / "youdu_console" / "gui" / "forms")
    form = copy / "ui" / "login_form.ui"
    form.write_text(form.read_text().replace('name="confirm_label"', 'name="confirm_label2"'))
    stale = subprocess.run([sys.executable, str(copy / "scripts" / "build-forms"), "--check"],
                           capture_output=True, text=True, timeout=300)
    assert stale.returncode == 1 and "ui_login_form.py" in stale.stderr


@pytest.mark.parametrize("form", sorted(p.stem for p in (ROOT / "ui").glob("*.ui")))
def test_every_form_keeps_its_keyboard_order_and_its_labels_name_their_fields(qtbot: Any, form: str) -> None:
    """Tab goes through the fields in the order the .ui lists them; every field label's mnemonic has a buddy."""
    tree = ET.parse(ROOT / "ui" / f"{form}.ui").getroot()
    top = tree.find("widget")
    assert top is not None
    module = importlib.import_module(f"youdu_console.gui.forms.ui_{form}")
    ui = getattr(module, f"Ui_{tree.findtext('class')}")()
    widget = QDialog() if top.get("class") == "QDialog" else QWidget()
    qtbot.addWidget(widget)
    ui.setupUi(widget)
    stops = [getattr(ui, t.text or "") for t in tree.iter("tabstop")]
    if stops:
        chain, seen = [], widget.nextInFocusChain()
        while seen is not widget:
            if seen in stops:
                chain.append(seen)
            seen = seen.nextInFocusChain()
        assert [w.objectName() for w in chain] == [w.objectName() for w in stops]
    labels = [w for w in widget.findChildren(QLabel) if w.objectName().endswith("_label")]
    assert all(label.buddy() is not None for label in labels), [w.objectName() for w in labels if not w.buddy()]


def test_the_qt_free_parts_of_the_window_and_the_cli_do_not_import_qt() -> None:
    code = ("import sys, youdu_console.gui.loaders, youdu_console.gui.connect, youdu_console.gui.session, "
            "youdu_console.cli.gui, youdu_console.cli.main as m; m.build_parser(); "
            "bad = sorted(n for n in sys.modules if n.startswith('PySide6')); print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_window_and_its_page_registry_do_not_import_the_ldap_client() -> None:
    # ldap3 cost start-up 0.1-0.2 s; it is loaded when the LDAP page is built or a sync runs.
    code = ("import sys, youdu_console.gui.app; from youdu_console.gui.panels import registry; registry.load_all(); "
            "bad = [n for n in ('ldap3', 'sqlalchemy.orm', 'youdu_console.services.ldap_sync') if n in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
