"""The window's icons: GNOME Adwaita symbolic SVGs (bundled in resources/icons/adwaita with their licence),
drawn as vectors in the palette's text colour — sharp at any scale, right on a light and a dark palette.

Icons are given by the object name of the action or button they belong to, so a panel needs no icon code
of its own: `apply_icons(window)` runs once the window is built.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QTabWidget, QToolBar, QToolButton, QWidget

from youdu_console.gui.resources import RESOURCES

ICON_DIR = RESOURCES / "icons" / "adwaita"
FILL = b"#2e3436"  # the one colour of every Adwaita symbolic icon

# object name (action, button, top-level tab slug) → Adwaita symbolic icon
BY_NAME: dict[str, str] = {
    # menus
    "action_switch_database": "network-server", "action_quit": "application-exit", "action_undo": "edit-undo",
    "action_history": "document-open-recent", "action_refresh": "view-refresh", "action_about": "help-about",
    # address book: members
    "action_add_member": "contact-new", "button_add_member": "contact-new", "action_edit_member": "document-edit",
    "action_move_members": "go-jump", "button_authorization": "channel-secure", "action_auth_grant": "channel-secure",
    "action_confidential": "view-conceal", "action_set_password": "dialog-password",
    "action_delete_members": "edit-delete", "action_resign_members": "system-log-out",
    "action_restore_members": "edit-undo", "action_bulk_import_export": "document-open",
    # address book: departments
    "action_add_department": "folder-new", "button_add_department": "folder-new",
    "action_rename_department": "document-edit", "button_rename_department": "document-edit",
    "action_delete_department": "edit-delete", "button_delete_department": "edit-delete",
    "action_move_department": "go-jump", "action_department_up": "go-up", "action_department_down": "go-down",
    # lists and desks
    "unlock_selected": "changes-allow", "unlock_all": "changes-allow", "lockout_refresh": "view-refresh",
    "access_revoke": "changes-prevent", "access_enable": "changes-allow", "access_restore": "edit-undo",
    "access_delete": "edit-delete", "history_undo": "edit-undo", "history_refresh": "view-refresh",
    # tools and settings
    "backup_import_dat": "document-open", "backup_import_rtx": "document-open", "backup_import_excel": "document-open",
    "backup_template": "document-save-as", "backup_export_dat": "document-save-as",
    "backup_export_excel": "document-save-as", "ldap_sync_now": "mail-send-receive", "ldap_save": "document-save",
    "ldap_verify": "network-server", "ldap_history_refresh": "view-refresh", "ldap_choose": "network-workgroup",
    "settings_save": "document-save", "settings_reset": "document-revert",
    # home: getting started
    "start_add_department": "folder-new", "start_import_excel": "document-open", "start_ldap_sync": "mail-send-receive",
    # the top-level menus
    "tab_home": "go-home", "tab_directory": "avatar-default", "tab_tools": "system-run",
    "tab_enterprise": "network-workgroup", "tab_groups": "system-users", "tab_apps": "view-app-grid",
}


@cache
def _svg(name: str) -> bytes:
    return (ICON_DIR / f"{name}-symbolic.svg").read_bytes()


class SymbolicIconEngine(QIconEngine):
    """Paints one symbolic SVG in the colour the palette gives the icon's mode, at the device's scale."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        palette = QGuiApplication.palette()
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Normal
        role = QPalette.ColorRole.HighlightedText if mode == QIcon.Mode.Selected else QPalette.ColorRole.WindowText
        colour = palette.color(group, role).name().encode()
        return QSvgRenderer(QByteArray(_svg(self.name).replace(FILL, colour)))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        square = QRectF(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side)
        self._renderer(mode).render(painter, square)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802 - Qt override
                     scale: float) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.paint(painter, QRect(QPoint(0, 0), pixmap.size()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return SymbolicIconEngine(self.name)

    def key(self) -> str:
        return "youdu-symbolic"


def icon(name: str) -> QIcon:
    """An Adwaita symbolic icon by its name without "-symbolic" (e.g. "folder-new")."""
    if not (ICON_DIR / f"{name}-symbolic.svg").is_file():
        raise KeyError(name)
    return QIcon(SymbolicIconEngine(name))


def icon_for(object_name: str) -> QIcon | None:
    name = BY_NAME.get(object_name)
    return icon(name) if name else None


def apply_icons(root: QWidget) -> int:
    """Give every action and button under `root` whose object name is known its icon; returns how many."""
    done = 0
    owners: list[QAction | QAbstractButton] = [*root.findChildren(QAction), *root.findChildren(QAbstractButton)]
    for obj in owners:
        found = icon_for(obj.objectName())
        if found is not None and obj.icon().isNull():
            obj.setIcon(found)
            done += 1
            if isinstance(obj, QToolButton) and obj.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                obj.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)  # the icon joins its text
    for bar in root.findChildren(QToolBar):
        if bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly:
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            side = bar.fontMetrics().height()  # icons as tall as the text beside them, not the style's 24 px
            bar.setIconSize(QSize(side, side))
    tabs = root.findChild(QTabWidget, "top_tabs")
    slugs = getattr(root, "top_slugs", None)
    if tabs is not None and callable(slugs):
        for i, slug in enumerate(slugs()):
            found = icon_for(f"tab_{slug}")
            if found is not None:
                tabs.setTabIcon(i, found)
                done += 1
    return done


def bundled() -> list[Path]:
    return sorted(ICON_DIR.glob("*.svg"))
