"""How the window looks: light or dark following the OS (or the user's choice in 视图/外观), and small
dialogs wide enough for their whole title."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QGridLayout, QMenu, QMessageBox, QSizePolicy, QSpacerItem, QWidget

from youdu_console.gui.i18n import translate
from youdu_console.gui.prefs import preferences

SCHEMES = ("system", "light", "dark")
TITLE_CHROME = 120  # the title bar's icon and its buttons (close, maximise, minimise) beside the text


def saved_scheme() -> str:
    choice = str(preferences().value("ui/appearance", "system"))
    return choice if choice in SCHEMES else "system"


def os_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style; every role a widget may ask for is set (no light leftovers)."""
    p = QPalette()
    window, base, alt, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(40, 40, 43), QColor(230, 230, 230)
    disabled = QColor(130, 130, 130)
    highlight = QColor(42, 130, 218)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        off = group == QPalette.ColorGroup.Disabled
        p.setColor(group, QPalette.ColorRole.Window, window)
        p.setColor(group, QPalette.ColorRole.WindowText, disabled if off else text)
        p.setColor(group, QPalette.ColorRole.Base, base)
        p.setColor(group, QPalette.ColorRole.AlternateBase, alt)
        p.setColor(group, QPalette.ColorRole.ToolTipBase, QColor(60, 60, 64))
        p.setColor(group, QPalette.ColorRole.ToolTipText, text)
        p.setColor(group, QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))
        p.setColor(group, QPalette.ColorRole.Text, disabled if off else text)
        p.setColor(group, QPalette.ColorRole.Button, QColor(55, 55, 58))
        p.setColor(group, QPalette.ColorRole.ButtonText, disabled if off else text)
        p.setColor(group, QPalette.ColorRole.BrightText, QColor(255, 90, 90))
        p.setColor(group, QPalette.ColorRole.Light, QColor(75, 75, 78))
        p.setColor(group, QPalette.ColorRole.Midlight, QColor(62, 62, 65))
        p.setColor(group, QPalette.ColorRole.Mid, QColor(40, 40, 42))
        p.setColor(group, QPalette.ColorRole.Dark, QColor(25, 25, 27))
        p.setColor(group, QPalette.ColorRole.Shadow, QColor(0, 0, 0))
        p.setColor(group, QPalette.ColorRole.Highlight, QColor(80, 80, 80) if off else highlight)
        p.setColor(group, QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
        p.setColor(group, QPalette.ColorRole.Link, QColor(100, 170, 255))
        p.setColor(group, QPalette.ColorRole.LinkVisited, QColor(170, 140, 255))
    return p


class Appearance(QObject):
    """Applies the palette: dark (Fusion with a dark palette) when chosen, or when following an OS that is
    dark; otherwise the platform's own style and palette. Follows the OS when it switches."""

    _instance: Appearance | None = None

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.native_style = app.style().name()
        self.choice = saved_scheme()
        self.dark = False
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply())

    @classmethod
    def of(cls, app: QApplication) -> Appearance:
        if cls._instance is None or cls._instance.app is not app:
            cls._instance = cls(app)
        return cls._instance

    def choose(self, choice: str) -> None:
        self.choice = choice if choice in SCHEMES else "system"
        preferences().setValue("ui/appearance", self.choice)
        self.apply()

    def use(self, choice: str) -> bool:
        """This palette now, without remembering it (screenshots, tests)."""
        self.choice = choice if choice in SCHEMES else "system"
        return self.apply()

    def apply(self) -> bool:
        dark = self.choice == "dark" or (self.choice == "system" and os_is_dark())
        if dark:
            if self.app.style().name().lower() != "fusion":
                self.app.setStyle("Fusion")
            self.app.setPalette(dark_palette())
        elif self.dark or self.choice == "light":
            if self.app.style().name() != self.native_style:
                self.app.setStyle(self.native_style)
            self.app.setPalette(self.app.style().standardPalette())
        self.dark = dark
        return dark


class AppearanceMenu(QMenu):
    """视图/外观: follow the system, light, dark — remembered, applied at once, retranslated live."""

    def __init__(self, appearance: Appearance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("menu_appearance")
        self.appearance = appearance
        group = QActionGroup(self)
        self.scheme_actions: dict[str, QAction] = {}
        for choice in SCHEMES:
            action = QAction(self)
            action.setObjectName(f"action_appearance_{choice}")
            action.setCheckable(True)
            action.setChecked(appearance.choice == choice)
            action.triggered.connect(lambda _c=False, choice=choice: appearance.choose(choice))
            group.addAction(action)
            self.addAction(action)
            self.scheme_actions[choice] = action
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(translate("Appearance", "&Appearance"))
        texts = {"system": translate("Appearance", "Follow the &system"), "light": translate("Appearance", "&Light"),
                 "dark": translate("Appearance", "&Dark")}
        for choice, action in self.scheme_actions.items():
            action.setText(texts[choice])

    def changeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        if isinstance(event, QEvent) and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- whole titles on small dialogs
def title_width(widget: QWidget) -> int:
    """The width a window needs to show its whole title in the title bar (bold, as most platforms draw it)."""
    font = QFont(widget.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(widget.windowTitle()) + TITLE_CHROME


def fit_title(window: QWidget) -> None:
    """Widen a dialog (never narrow it) so the title bar does not cut its title off."""
    if not window.windowTitle():
        return
    need = title_width(window)
    if isinstance(window, QMessageBox):
        # A message box sizes itself when shown: a spacer in its grid is what its size calculation honours.
        layout = window.layout()
        old = window.property("title_spacer")
        if isinstance(old, int) and old == need:
            return
        if isinstance(layout, QGridLayout):
            spacer = QSpacerItem(need, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
            layout.addItem(spacer, layout.rowCount(), 0, 1, max(1, layout.columnCount()))
            window.setProperty("title_spacer", need)
        return
    if window.minimumWidth() < need:
        window.setMinimumWidth(need)
    if window.width() < need:
        window.resize(need, window.height())
