"""The window keeps its SQLite locks through a file dialog in the database's folder (issue #10, point 1).

POSIX advisory locks are per process: one open()/close() of the database file by the window's process (a
MIME sniff for an icon, a file-type probe) drops every lock SQLite holds, and the next CLI run deletes the
WAL under the window. These tests open the real dialog (and make a probe by hand), write from a second
process, and check /proc/locks, what the window sees and that it writes again without error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from tests.fixtures.core import ROOT
from tests.gui.support import GUI_MARKS, wait_applied, wait_for
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.panels.import_export import LAST_DIR, BackupPanel
from youdu_console.gui.prefs import preferences

pytestmark = [*GUI_MARKS, pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")]
pytest_plugins = ["tests.gui.support"]


def held_locks(folder: Path) -> set[str]:
    """Names of the files in `folder` this process holds a POSIX lock on, from /proc/locks."""
    inodes = {p.stat().st_ino: p.name for p in folder.iterdir()}
    names = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = [f for f in line.split() if f != "->"]
        pid, device = int(fields[4]), fields[5]
        inode = int(device.split(":")[2])
        if pid == os.getpid() and inode in inodes:
            names.add(inodes[inode])
    return names


def cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, YOUDU_DB=url, YOUDU_ADMIN=ROOT[0], YOUDU_ADMIN_PASSWORD=ROOT[1], YOUDU_LANG="en")
    done = subprocess.run([sys.executable, "-m", "youdu_console", *args], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def dept_paths(main_window: MainWindow) -> set[str]:
    """What the window's own connections read now."""
    return {v.path for v in main_window.session.directory.list_departments()}


def write_from_window(qtbot: Any, main_window: MainWindow, path: str) -> None:
    directory = main_window.session.directory
    wait_applied(qtbot, main_window, lambda: main_window.run_change(lambda: directory.plan_add_department(path),
                                                                    title="add", preview=False))
    assert main_window.last_error is None


def test_file_dialog_in_the_database_folder_keeps_the_locks(qtbot: Any, main_window: MainWindow,
                                                            gui_org_url: str) -> None:
    folder = Path(gui_org_url.removeprefix("sqlite:///")).parent
    (folder / "people.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "notes").write_bytes(b"no suffix: only its content tells its type")
    dept_paths(main_window)  # the window reads: its pooled connection holds its locks
    before = held_locks(folder)
    assert {"org.db", "org.db-shm"} <= before

    preferences().setValue(LAST_DIR, str(folder))
    panel = main_window.show_panel("tools/backup")
    assert isinstance(panel, BackupPanel)
    panel.import_excel()
    qtbot.waitUntil(lambda: panel.file_dialog is not None and panel.file_dialog.isVisible(), timeout=5000)
    dialog = panel.file_dialog
    assert dialog is not None
    dialog.setViewMode(QFileDialog.ViewMode.Detail)  # the 类型 column: Qt asks each file's type
    dialog.setNameFilter("*")
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    root = model.index(str(folder))
    wait_for(lambda: model.rowCount(root) >= 3)  # the folder is listed, icons and types gathered
    for name in ("people.xlsx", "notes", "org.db", "org.db-shm", "org.db-wal"):
        dialog.selectFile(str(folder / name))
        qtbot.wait(100)
    shown = {model.fileName(model.index(i, 0, root)) for i in range(model.rowCount(root))}
    qtbot.wait(500)  # the gatherer thread looks the files up after listing them
    dialog.reject()

    assert held_locks(folder) == before, "the window's SQLite locks were lost"
    listed = dialog.proxyModel()
    assert listed is not None
    visible = {listed.index(i, 0, listed.mapFromSource(root)).data() for i in
               range(listed.rowCount(listed.mapFromSource(root)))}
    assert "people.xlsx" in visible and not visible & {"org.db", "org.db-wal", "org.db-shm"}, (shown, visible)

    cli(gui_org_url, "dept", "add", "销售部")
    cli(gui_org_url, "dept", "add", "客服部")
    main_window.refresh_all()
    assert {"销售部", "客服部"} <= dept_paths(main_window)
    write_from_window(qtbot, main_window, "法务部")
    cli(gui_org_url, "dept", "add", "行政部")
    assert {"销售部", "客服部", "法务部", "行政部"} <= dept_paths(main_window)
    assert "法务部" in cli(gui_org_url, "dept", "list").stdout


def test_the_window_survives_a_probe_that_drops_its_locks(qtbot: Any, main_window: MainWindow,
                                                          gui_org_url: str) -> None:
    """Defence in depth: even when something in the process does open and close the files, no write is lost."""
    db = Path(gui_org_url.removeprefix("sqlite:///"))
    dept_paths(main_window)
    for name in (db, db.with_name(db.name + "-shm")):  # what a MIME sniff does
        with name.open("rb") as probe:
            probe.read(16)
    assert not held_locks(db.parent)  # the locks are gone, as the issue measured

    cli(gui_org_url, "dept", "add", "销售部")  # believes it is the last user: deletes the WAL and -shm
    write_from_window(qtbot, main_window, "法务部")
    cli(gui_org_url, "dept", "add", "客服部")
    assert {"销售部", "法务部", "客服部"} <= dept_paths(main_window)
    assert {"org.db", "org.db-shm"} <= held_locks(db.parent)  # a fresh connection took real locks again
    write_from_window(qtbot, main_window, "行政部")
    listed = cli(gui_org_url, "dept", "list").stdout
    assert all(name in listed for name in ("销售部", "法务部", "客服部", "行政部")), listed
