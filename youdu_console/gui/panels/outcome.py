"""What the pages that run long work share: how an outcome looks (the window reports applied changes: ChangeOp)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

# Mid tones that read on the light and the dark palette alike (contrast ≥ 3:1 on both; tests/gui/test_visual.py).
ERROR_STYLE = "color: #e5534b"
OK_STYLE = "color: #27964a"


def text_label(parent: QWidget, name: str, style: str = "") -> QLabel:
    """A wrapped, selectable label for an outcome or a note (people copy error messages into tickets)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label
