"""What the pages that run long work share: how an outcome looks, and telling the window a change was applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

# Mid tones that read on the light and the dark palette alike (contrast ≥ 3:1 on both; tests/gui/test_visual.py).
ERROR_STYLE = "color: #e5534b"
OK_STYLE = "color: #27964a"


def announce_applied(host: MainWindow, cs: ChangeSet) -> None:
    """The window's own bookkeeping after an apply made outside run_change (status bar, Edit ▸ Undo, reloads)."""
    host.report_applied(cs)


def announce_failed(host: MainWindow, exc: BaseException) -> None:
    """An apply made outside run_change failed: report it; after a conflict every panel reloads."""
    host.report_failed(exc)


def text_label(parent: QWidget, name: str, style: str = "") -> QLabel:
    """A wrapped, selectable label for an outcome or a note (people copy error messages into tickets)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label
