"""首页: the figures that matter (members, authorised / seats, locked, resigned) and the latest changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from youdu_console.gui.i18n import current_lang, translate
from youdu_console.gui.models.lists import ChangeListModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services import changes

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

LATEST = 10


class Figure(QFrame):
    """One figure: a large number over its caption, drawn with the palette (light or dark alike)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"figure_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.value = QLabel("—", self)
        self.value.setObjectName(f"figure_{name}_value")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(self)
        self.note = QLabel(self)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        self.setMinimumWidth(180)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(f"{self.caption.text()}: {value} {note}".strip())


class HomePanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.figures = {name: Figure(name, self) for name in ("members", "authorized", "locked", "resigned")}
        self._values: dict[str, Any] = {}
        grid = QGridLayout()
        for i, figure in enumerate(self.figures.values()):
            grid.addWidget(figure, 0, i)
        self.latest_label = QLabel(self)
        self.latest_label.setObjectName("latest_changes_label")
        font = self.latest_label.font()
        font.setBold(True)
        self.latest_label.setFont(font)
        self.latest = ChangeListModel(self)
        self.latest_view = list_view(self, "latest_changes", sortable=False, multi=False)
        self.latest_view.setModel(self.latest)
        self.latest_label.setBuddy(self.latest_view)
        self.latest_view.doubleClicked.connect(lambda _i: self.host.show_panel("tools/history"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addSpacing(12)
        layout.addWidget(self.latest_label)
        layout.addWidget(self.latest_view, 1)
        layout.setAlignment(grid, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        captions = {"members": translate("HomePanel", "Members"), "authorized": translate("HomePanel", "Authorised / seats"),
                    "locked": translate("HomePanel", "Locked"), "resigned": translate("HomePanel", "Resigned")}
        for name, figure in self.figures.items():
            figure.caption.setText(captions[name])
        self.latest_label.setText(translate("HomePanel", "&Latest changes"))
        self.latest_view.setAccessibleName(translate("HomePanel", "Latest changes"))
        self.latest.retranslate()
        self._show()

    def reload(self) -> None:
        counts = self.session.directory.count_members()
        self._values = {"counts": counts, "licence": self.session.access.licence()}
        self.latest.set_rows(changes.list_changes(self.session.uow, self.session.actor, LATEST, current_lang()))
        self.latest_view.resizeColumnsToContents()
        self._show()

    def _show(self) -> None:
        if not self._values:
            return
        counts, licence = self._values["counts"], self._values["licence"]
        self.figures["members"].set(str(counts["active"]))
        expires = licence.get("expires")
        note = (translate("HomePanel", "Licence expires %1").replace("%1", str(expires)) if expires
                else translate("HomePanel", "Licence never expires"))
        self.figures["authorized"].set(f"{licence['used']}/{licence['seat_limit']}", note)
        self.figures["locked"].set(str(counts["locked"]))
        self.figures["resigned"].set(str(counts["resigned"]))


register(PanelSpec("首页", "home", QT_TRANSLATE_NOOP("Panels", "Home"), 0, HomePanel,
                   lambda s: s.can("directory.read") and s.can("changes.read")))
