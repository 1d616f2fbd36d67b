"""首页: the figures that matter (members, authorised / seats, locked, resigned) — each card opens the list
it counts — the latest changes, and on an empty database a getting-started panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.i18n import current_lang, fill, number, translate
from youdu_console.gui.models.lists import ChangeListModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services import changes

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

LATEST = 10


# Which list each card opens: (panel slug, the access list's kind or "").
OPENS = {"members": ("directory/members", ""), "authorized": ("directory/access", "authorized"),
         "locked": ("directory/lockout", ""), "resigned": ("directory/access", "resigned")}


class Figure(QFrame):
    """One figure: a large number over its caption, drawn with the palette (light or dark alike); a click,
    Enter or Space opens the list it counts."""

    clicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"figure_{name}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
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

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class GettingStarted(QGroupBox):
    """An empty address book: the three ways to fill it (manual 1.1), one click each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("getting_started")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.buttons = {name: QPushButton(self) for name in ("add_department", "import_excel", "ldap_sync")}
        row = QHBoxLayout()
        for name, button in self.buttons.items():
            button.setObjectName(f"start_{name}")
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)

    def retranslate(self) -> None:
        self.setTitle(translate("HomePanel", "Getting started"))
        self.intro.setText(translate("HomePanel", "The address book is empty. Create the departments by hand, "
                                                  "import them with their members from an Excel file, or sync "
                                                  "them from an LDAP directory (Active Directory, OpenLDAP)."))
        self.buttons["add_department"].setText(translate("HomePanel", "Add a &department…"))
        self.buttons["import_excel"].setText(translate("HomePanel", "&Import from Excel…"))
        self.buttons["ldap_sync"].setText(translate("HomePanel", "Sync from &LDAP…"))


class HomePanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.figures = {name: Figure(name, self) for name in ("members", "authorized", "locked", "resigned")}
        self._values: dict[str, Any] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        for i, (name, figure) in enumerate(self.figures.items()):
            grid.addWidget(figure, 0, i)
            figure.clicked.connect(lambda name=name: self.open_list(name))
        self.getting_started = GettingStarted(self)
        self.getting_started.setVisible(False)
        starts = self.getting_started.buttons
        starts["add_department"].clicked.connect(self._add_department)
        starts["import_excel"].clicked.connect(self._import_excel)
        starts["ldap_sync"].clicked.connect(lambda: self.host.show_panel("tools/ldap"))

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
        layout.addWidget(self.getting_started)
        layout.addWidget(self.latest_label)
        layout.addWidget(self.latest_view, 1)
        layout.setAlignment(grid, Qt.AlignmentFlag.AlignTop)
        self.retranslate()

    def retranslate(self) -> None:
        captions = {"members": translate("HomePanel", "Members"), "authorized": translate("HomePanel", "Authorised / seats"),
                    "locked": translate("HomePanel", "Locked"), "resigned": translate("HomePanel", "Resigned")}
        for name, figure in self.figures.items():
            figure.caption.setText(captions[name])
            figure.setToolTip(translate("HomePanel", "Click to open this list"))
        self.getting_started.retranslate()
        self.latest_label.setText(translate("HomePanel", "&Latest changes"))
        self.latest_view.setAccessibleName(translate("HomePanel", "Latest changes"))
        self.latest.retranslate()
        self._show()

    def reload(self) -> None:
        counts = self.session.directory.count_members()
        self._values = {"counts": counts, "licence": self.session.access.licence(),
                        "empty": sum(counts.values()) == 0 and not self.session.directory.children()}
        self.latest.set_rows(changes.list_changes(self.session.uow, self.session.actor, LATEST, current_lang()))
        self.latest_view.resizeColumnsToContents()
        self._show()

    def _show(self) -> None:
        if not self._values:
            return
        counts, licence = self._values["counts"], self._values["licence"]
        self.figures["members"].set(number(counts["active"]))
        expires = licence.get("expires")
        note = (fill(translate("HomePanel", "Licence expires %1"), str(expires)) if expires
                else translate("HomePanel", "Licence never expires"))
        self.figures["authorized"].set(f"{number(licence['used'])}/{number(licence['seat_limit'])}", note)
        self.figures["locked"].set(number(counts["locked"]))
        self.figures["resigned"].set(number(counts["resigned"]))
        self.getting_started.setVisible(self._values.get("empty", False))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # The links this administrator may follow: known once the window has built every panel.
        starts, panels = self.getting_started.buttons, self.host.panels
        starts["add_department"].setVisible("directory/members" in panels and self.session.can("directory.write"))
        starts["import_excel"].setVisible("tools/backup" in panels and self.session.can("import"))
        starts["ldap_sync"].setVisible("tools/ldap" in panels)
        super().showEvent(event)

    # ------------------------------------------------------------------ where the cards and links lead
    def open_list(self, name: str) -> None:
        slug, kind = OPENS[name]
        panel = self.host.show_panel(slug)
        if panel is not None and kind:
            from youdu_console.gui.panels.access_lists import KINDS

            panel.kinds.setCurrentRow(KINDS.index(kind))  # type: ignore[attr-defined]

    def _add_department(self) -> None:
        panel = self.host.show_panel("directory/members")
        if panel is not None:
            panel.departments.add_department()  # type: ignore[attr-defined]  # at the top level while the tree loads

    def _import_excel(self) -> None:
        panel = self.host.show_panel("tools/backup")
        if panel is not None:
            panel.buttons["import_excel"].click()  # type: ignore[attr-defined]


register(PanelSpec("首页", "home", QT_TRANSLATE_NOOP("Panels", "Home"), 0, HomePanel,
                   lambda s: s.can("directory.read") and s.can("changes.read")))
