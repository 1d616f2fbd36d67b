"""What every panel is: a widget over the session that reloads when shown after a change, and retranslates."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from youdu_console.gui.dialogs.common import RetranslateMixin

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow


class Panel(RetranslateMixin, QWidget):
    """Panels never talk to each other: an applied change set marks them all stale; a visible one reloads."""

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.session = host.session
        self._stale = True
        host.changes_applied.connect(self._on_changes_applied)

    def reload(self) -> None:
        """Read again from the services (cheap queries; long ones go through the job runner)."""

    def _on_changes_applied(self, _cs: Any) -> None:
        self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.reload()

    def ensure_fresh(self) -> None:
        if self._stale:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.ensure_fresh()

    def retranslate(self) -> None:
        """Set every visible text again (called at build and on LanguageChange)."""

    def leave(self, proceed: Callable[[], None]) -> bool:
        """May the window leave this panel (another page, closing) now? A panel with unsaved edits returns
        False after asking the user, and calls `proceed` once they are saved or discarded."""
        return True


def list_view(parent: QWidget, name: str, *, sortable: bool = True, multi: bool = True) -> QTableView:
    """A table for directory-sized lists: fixed row height (virtual scrolling stays cheap), rows selected."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if sortable:
        # No sort indicator at first: rows arrive in the service's order (larger weight first).
        view.horizontalHeader().setSortIndicator(-1, view.horizontalHeader().sortIndicatorOrder())
        view.setSortingEnabled(True)
    return view
