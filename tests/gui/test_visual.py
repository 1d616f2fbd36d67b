"""The visual pass of issue #10: a bundled icon set on the toolbars, sharp at 200 %, light and dark palettes
that follow the OS or the user's choice, home cards that open the list they count, and getting started."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from tests.fixtures.core import bootstrap
from tests.gui.support import GUI_MARKS
from youdu_console.gui import icons
from youdu_console.gui.appearance import Appearance, dark_palette
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.prefs import preferences

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures
GUI = Path(icons.__file__).parent
SPEC = Path(__file__).resolve().parents[2] / "packaging" / "youdu-console.spec"


def test_the_icon_set_is_bundled_with_its_licence_and_packaged() -> None:
    assert len(icons.bundled()) >= 30
    assert (icons.ICON_DIR / "COPYING-adwaita-icon-theme.txt").read_text().count("LGPL-3") >= 1
    assert set(icons.BY_NAME.values()) <= {p.name.removesuffix("-symbolic.svg") for p in icons.bundled()}
    spec = SPEC.read_text()
    assert 'tree(ROOT / "youdu_console" / "resources"' in spec and "QtSvg" not in spec.split("UNUSED_QT")[1][:2000]


def test_toolbars_and_menus_have_icons(main_window: MainWindow) -> None:
    members = main_window.panels["directory/members"].members
    for action in (members.add_action, members.edit_action, members.resign_action, members.delete_action):
        assert not action.icon().isNull(), action.objectName()
    assert members.toolbar.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonTextOnly
    for action in (main_window.undo_action, main_window.refresh_action, main_window.quit_action):
        assert not action.icon().isNull(), action.objectName()
    assert all(not main_window.tabs.tabIcon(i).isNull() for i in range(main_window.tabs.count()))
    assert not main_window.panels["enterprise/licence"].save_button.icon().isNull()


def test_icons_are_vectors_drawn_at_the_screen_scale_in_the_palette_colour(qapp: QApplication) -> None:
    icon = icons.icon("folder-new")
    sharp = icon.pixmap(QSize(16, 16), 2.0)
    assert sharp.devicePixelRatio() == 2.0 and sharp.size() == QSize(32, 32)
    image = sharp.toImage()
    inked = [image.pixelColor(x, y) for y in range(32) for x in range(32) if image.pixelColor(x, y).alpha() > 200]
    assert inked, "nothing drawn"
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert {c.rgb() for c in inked} == {text.rgb()}
    disabled = icon.pixmap(QSize(16, 16), 1.0, QIcon.Mode.Disabled).toImage()
    grey = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert any(disabled.pixelColor(x, y).rgb() == grey.rgb() and disabled.pixelColor(x, y).alpha() > 200
               for y in range(16) for x in range(16))


def test_dark_and_light_palettes_follow_the_choice(qtbot: Any, main_window: MainWindow) -> None:
    appearance = Appearance.of(QApplication.instance())
    try:
        main_window.appearance_menu.scheme_actions["dark"].trigger()
        assert preferences().value("ui/appearance") == "dark"
        palette = QApplication.palette()
        assert palette.color(QPalette.ColorRole.Window).lightness() < 80
        assert palette.color(QPalette.ColorRole.WindowText).lightness() > 180
        assert QApplication.style().name().lower() == "fusion"
        figure = main_window.show_panel("home").figures["members"]
        qtbot.wait(10)  # the palette reaches the widgets through their event queue
        assert figure.palette().color(figure.backgroundRole()).lightness() < 80
        image = icons.icon("edit-delete").pixmap(QSize(16, 16), 1.0).toImage()
        assert max(image.pixelColor(x, y).lightness() for y in range(16) for x in range(16)
                   if image.pixelColor(x, y).alpha() > 200) > 180  # a light icon on the dark window
        main_window.appearance_menu.scheme_actions["light"].trigger()
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180
        main_window.set_language("zh_CN")
        qtbot.waitUntil(lambda: main_window.appearance_menu.title() == "外观(&A)", timeout=5000)
    finally:
        appearance.use("system")


def test_the_os_dark_scheme_is_followed(qtbot: Any, main_window: MainWindow, monkeypatch: Any) -> None:
    appearance = Appearance.of(QApplication.instance())
    # The offscreen platform has no colour scheme of its own; this is what the OS answer decides.
    monkeypatch.setattr("youdu_console.gui.appearance.os_is_dark", lambda: True)
    try:
        assert appearance.use("system") is True
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    finally:
        monkeypatch.setattr("youdu_console.gui.appearance.os_is_dark", lambda: False)
        appearance.use("system")
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180


def _luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_fixed_colours_read_on_the_light_and_the_dark_palette(qapp: QApplication) -> None:
    named = re.compile(r"Qt\.GlobalColor\.(red|green|darkRed|darkGreen|yellow)|color:\s*(red|green)\b")
    hex_colour = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")
    light = QApplication.style().standardPalette().color(QPalette.ColorRole.Window)
    dark = dark_palette().color(QPalette.ColorRole.Window)
    offenders, seen = [], 0
    for p in GUI.rglob("*.py"):
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if named.search(line):
                offenders.append(f"{p.relative_to(GUI)}:{i}")
            for colour in hex_colour.findall(line):
                seen += 1
                if min(_contrast(QColor(colour), light), _contrast(QColor(colour), dark)) < 3.0:
                    offenders.append(f"{p.relative_to(GUI)}:{i} {colour}")
    assert seen and offenders == []


def test_home_cards_open_the_list_they_count(qtbot: Any, main_window: MainWindow) -> None:
    home = main_window.show_panel("home")
    expected = {"members": "directory/members", "locked": "directory/lockout", "authorized": "directory/access",
                "resigned": "directory/access"}
    for name, slug in expected.items():
        main_window.show_panel("home")
        figure = home.figures[name]
        qtbot.mouseClick(figure, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
        assert main_window.current_panel() is main_window.panels[slug], name
        if slug == "directory/access":
            assert main_window.panels[slug].kind == name
    main_window.show_panel("home")
    home.figures["locked"].setFocus()
    qtbot.keyClick(home.figures["locked"], Qt.Key.Key_Return)
    assert main_window.current_panel() is main_window.panels["directory/lockout"]
    assert not home.getting_started.isVisible()  # there are members


def test_an_empty_database_shows_getting_started(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    bootstrap(url).uow.dispose()
    main_window = make_window(url)
    home = main_window.show_panel("home")
    assert home.getting_started.isVisible()
    buttons = {b.objectName(): b for b in home.getting_started.findChildren(QPushButton) if b.isVisible()}
    assert set(buttons) == {"start_add_department", "start_import_excel", "start_ldap_sync"}
    buttons["start_add_department"].click()
    directory = main_window.panels["directory/members"]
    assert main_window.current_panel() is directory
    qtbot.waitUntil(lambda: directory.departments.prompt is not None and directory.departments.prompt.isVisible(),
                    timeout=5000)
    directory.departments.prompt.reject()
    main_window.show_panel("home")
    buttons["start_import_excel"].click()
    assert main_window.current_panel() is main_window.panels["tools/backup"]
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main_window.findChildren(QFileDialog)), timeout=5000)
    for d in main_window.findChildren(QFileDialog):
        d.reject()
    main_window.show_panel("home")
    buttons["start_ldap_sync"].click()
    assert main_window.current_panel() is main_window.panels["tools/ldap"]
