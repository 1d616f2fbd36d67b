"""Regression guard for PySide6 6.12.0 on Python 3.11 (notes/measured-pitfalls.md): void calls dropped a
reference to None each, and after ~5,000 of them the interpreter aborted with `none_dealloc`.

pyproject pins PySide6 < 6.12 on Python < 3.12 for this; the test makes sure the installed build is clean.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from tests.gui.support import GUI_MARKS

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures
CALLS = 20_000


def test_void_calls_do_not_leak_references_to_none(qapp: Any) -> None:
    widget = QWidget()
    holder = QObject()
    before = sys.getrefcount(None)
    for i in range(CALLS // 2):
        widget.setWindowTitle("t")  # void-returning methods: the calls that used to drop None
        holder.setObjectName(f"n{i % 7}")
    after = sys.getrefcount(None)
    # On 3.12+ None is immortal and the count is a constant; on 3.11 it must not fall by one per call.
    assert after >= before - 100, (before, after)
    widget.deleteLater()
