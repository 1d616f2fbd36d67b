"""企业应用 (manual ch. 3): the app list with logos and the app editor (basic information, EncodingAESKey,
service-account mode), the portal templates with drag-and-drop ordering and "see the portal as member X",
and the mobile workbench's image and name.

Every write goes through the window's `run_change` (plan, preview, apply, undo as everywhere). Secrets are
read only through `AppService.reveal_secret` (super administrators, each reveal audited) and never kept in a
widget longer than they are shown.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.apps import TOKEN_MARK, AppView
from youdu_console.domain.service_account import MATCHES, auto_reply
from youdu_console.gui.dialogs.files import image_dialog
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.app_logos import BUILTIN_ICONS
from youdu_console.services.apps import APPS_READ, APPS_SECRET, APPS_WRITE, AppService

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

ICON_SIZE = 48
MASK = "•" * 16
MATCH_TITLES = {"exact": QT_TRANSLATE_NOOP("AppsPanel", "Exact"), "contains": QT_TRANSLATE_NOOP("AppsPanel", "Contains"),
                "regex": QT_TRANSLATE_NOOP("AppsPanel", "Regular expression")}
ICON_TITLES = {
    "app": QT_TRANSLATE_NOOP("AppsPanel", "App"), "file": QT_TRANSLATE_NOOP("AppsPanel", "File"),
    "mail": QT_TRANSLATE_NOOP("AppsPanel", "Mail"), "org": QT_TRANSLATE_NOOP("AppsPanel", "Organisation"),
    "report": QT_TRANSLATE_NOOP("AppsPanel", "Report"), "disk": QT_TRANSLATE_NOOP("AppsPanel", "Disk"),
    "clock": QT_TRANSLATE_NOOP("AppsPanel", "Clock"), "notice": QT_TRANSLATE_NOOP("AppsPanel", "Notice"),
    "form": QT_TRANSLATE_NOOP("AppsPanel", "Form"), "remote": QT_TRANSLATE_NOOP("AppsPanel", "Remote"),
    "message": QT_TRANSLATE_NOOP("AppsPanel", "Message"), "sms": QT_TRANSLATE_NOOP("AppsPanel", "SMS"),
    "web": QT_TRANSLATE_NOOP("AppsPanel", "Web"), "chart": QT_TRANSLATE_NOOP("AppsPanel", "Chart"),
    "calendar": QT_TRANSLATE_NOOP("AppsPanel", "Calendar"), "task": QT_TRANSLATE_NOOP("AppsPanel", "Task"),
}


def app_pixmap(name: str, icon: str, logo: bytes | None, size: int = ICON_SIZE) -> QPixmap:
    """An uploaded logo, or the built-in icon: a rounded tile in the icon's colour with the name's first character."""
    if logo:
        pixmap = QPixmap()
        if pixmap.loadFromData(logo):
            return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
    hue = int(hashlib.sha1((icon or "app").encode()).hexdigest()[:4], 16) % 360
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor.fromHsv(hue, 150, 210))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, size, size, size / 5, size / 5)
    font = QFont()
    font.setPixelSize(int(size * 0.5))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, (name or "?")[:1])
    painter.end()
    return pixmap


class AppListModel(QAbstractListModel):
    """The apps as the work portal shows them: logo and name; the introduction as tooltip."""

    def __init__(self, apps: AppService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.apps = apps
        self.rows: list[AppView] = []
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[AppView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._icons.clear()
        self.endResetModel()

    def retranslate(self) -> None:
        """Tooltips name the app's kind in the current language."""
        if self.rows:
            self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1), [Qt.ItemDataRole.ToolTipRole])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        app = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return app.name
        if role == Qt.ItemDataRole.DecorationRole:
            if app.app_id not in self._icons:
                logo = self.apps.logo(app.app_id) if app.has_logo else None
                self._icons[app.app_id] = QIcon(app_pixmap(app.name, app.icon, logo))
            return self._icons[app.app_id]
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = (translate("AppsPanel", "System app") if app.kind == "system"
                    else translate("AppsPanel", "Self-built app"))
            state = "" if app.enabled else translate("AppsPanel", " (disabled)")
            return f"{app.name} — {kind}{state}\n{app.intro}"
        if role == Qt.ItemDataRole.ForegroundRole and not app.enabled:
            return QColor(Qt.GlobalColor.gray)
        return None


def _scrolled(page: QWidget) -> QScrollArea:
    """An editor page that scrolls rather than making the whole window taller (the 200 % scale fits 960×540)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


def icon_list(parent: QWidget, name: str) -> QListView:
    view = QListView(parent)
    view.setObjectName(name)
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
    view.setGridSize(QSize(ICON_SIZE + 56, ICON_SIZE + 40))
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setWordWrap(True)
    view.setUniformItemSizes(True)
    return view


class AppsPanel(Panel):
    """应用管理: system and self-built apps (logos), and the editor of the selected one."""

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.apps: AppService = self.session.console.apps
        self.writable = self.session.can(APPS_WRITE)
        self.current: AppView | None = None
        self.creating = False
        self.logo_bytes: bytes | None = None
        self.dialog: Any = None
        self.title = QLabel(self)
        self.title.setObjectName("apps_title")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.system_label, self.custom_label = QLabel(self), QLabel(self)
        self.system_model, self.custom_model = AppListModel(self.apps, self), AppListModel(self.apps, self)
        self.system_view = icon_list(self, "apps_system_list")
        self.custom_view = icon_list(self, "apps_custom_list")
        self.system_view.setModel(self.system_model)
        self.custom_view.setModel(self.custom_model)
        for view, other in ((self.system_view, self.custom_view), (self.custom_view, self.system_view)):
            view.selectionModel().currentChanged.connect(
                lambda index, _prev, view=view, other=other: self._picked(view, other, index))
        self.add_button = self._button("app_add", self.new_app)
        self.delete_button = self._button("app_delete", self.delete_app)
        self._build_editor()
        self._layout()
        self.retranslate()
        self._show(None)

    # ------------------------------------------------------------ building
    def _button(self, name: str, slot: Any, *, write: bool = True) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        if write:
            button.setVisible(self.writable)
        return button

    def _build_editor(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("app_editor_tabs")
        basic = QWidget(self)
        self.head_icon = QLabel(basic)
        self.head_icon.setObjectName("app_head_icon")
        self.head_title = QLabel(basic)
        self.head_title.setObjectName("app_head_title")
        font = self.head_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.head_title.setFont(font)
        self.name_edit = QLineEdit(basic)
        self.name_edit.setObjectName("app_name")
        self.name_edit.textChanged.connect(self._name_changed)
        self.name_warning = QLabel(basic)
        self.name_warning.setObjectName("app_name_warning")
        self.name_warning.setStyleSheet("QLabel { color: #b26a00; }")
        self.intro_edit = QPlainTextEdit(basic)
        self.intro_edit.setObjectName("app_intro")
        self.intro_edit.setFixedHeight(self.fontMetrics().height() * 4)
        self.desktop_box, self.mobile_box = QCheckBox(basic), QCheckBox(basic)
        self.desktop_box.setObjectName("app_terminal_desktop")
        self.mobile_box.setObjectName("app_terminal_mobile")
        self.homepage_edit = QLineEdit(basic)
        self.homepage_edit.setObjectName("app_homepage")
        self.token_hint = QLabel(basic)
        self.token_hint.setObjectName("app_token_hint")
        self.token_hint.setWordWrap(True)
        self.enabled_box = QCheckBox(basic)
        self.enabled_box.setObjectName("app_enabled")
        self.icon_combo = QComboBox(basic)
        self.icon_combo.setObjectName("app_icon")
        self.icon_combo.currentIndexChanged.connect(lambda _i: self._logo_changed(None))
        self.logo_button = QPushButton(basic)
        self.logo_button.setObjectName("app_upload_logo")
        self.logo_button.clicked.connect(self.choose_logo)
        self.app_id_label = QLabel(basic)
        self.app_id_label.setObjectName("app_id")
        self.app_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label = QLabel(basic)
        self.key_label.setObjectName("app_aes_key")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = self._button("app_reveal_key", self.reveal_key, write=False)
        self.copy_button = self._button("app_copy_key", self.copy_key, write=False)
        self.regenerate_button = self._button("app_regenerate_key", self.regenerate_key)
        for b in (self.reveal_button, self.copy_button):
            b.setVisible(self.session.can(APPS_SECRET))
        self.save_button = self._button("app_save", self.save)
        self.basic_labels = [QLabel(basic) for _ in range(8)]
        form = QFormLayout()
        terminals = QHBoxLayout()
        terminals.addWidget(self.desktop_box)
        terminals.addWidget(self.mobile_box)
        terminals.addStretch(1)
        logo = QHBoxLayout()
        logo.addWidget(self.icon_combo)
        logo.addWidget(self.logo_button)
        logo.addStretch(1)
        key = QHBoxLayout()
        key.addWidget(self.key_label, 1)
        for b in (self.reveal_button, self.copy_button, self.regenerate_button):
            key.addWidget(b)
        name = QVBoxLayout()
        name.addWidget(self.name_edit)
        name.addWidget(self.name_warning)
        homepage = QVBoxLayout()
        homepage.addWidget(self.homepage_edit)
        homepage.addWidget(self.token_hint)
        rows: list[Any] = [name, logo, self.intro_edit, terminals, homepage, self.enabled_box, self.app_id_label, key]
        for label, field in zip(self.basic_labels, rows, strict=True):
            form.addRow(label, field)
        head = QHBoxLayout()
        head.addWidget(self.head_icon)
        head.addWidget(self.head_title, 1)
        save = QHBoxLayout()
        save.addStretch(1)
        save.addWidget(self.save_button)
        bv = QVBoxLayout(basic)
        bv.addLayout(head)
        bv.addLayout(form)
        bv.addStretch(1)
        bv.addLayout(save)
        self.tabs.addTab(_scrolled(basic), "")
        self._build_service_tab()

    def _build_service_tab(self) -> None:
        page = QWidget(self)
        self.service_box = QCheckBox(page)
        self.service_box.setObjectName("app_service_mode")
        self.callback_edit = QLineEdit(page)
        self.callback_edit.setObjectName("app_callback_url")
        self.callback_token_label = QLabel(MASK, page)
        self.callback_token_label.setObjectName("app_callback_token")
        self.new_token_button = self._button("app_new_token", self.new_token)
        self.verify_button = self._button("app_verify_callback", self.verify_callback)
        self.verify_result = QLabel(page)
        self.verify_result.setObjectName("app_verify_result")
        self.verify_result.setWordWrap(True)
        self.replies = QTableWidget(0, 3, page)
        self.replies.setObjectName("app_replies")
        self.replies.horizontalHeader().setStretchLastSection(True)
        self.replies.verticalHeader().setVisible(False)
        self.add_reply_button = self._button("app_add_reply", self.add_reply)
        self.remove_reply_button = self._button("app_remove_reply", self.remove_reply)
        self.test_edit = QLineEdit(page)
        self.test_edit.setObjectName("app_reply_test")
        self.test_edit.textChanged.connect(self._test_reply)
        self.test_result = QLabel(page)
        self.test_result.setObjectName("app_reply_test_result")
        self.save_service_button = self._button("app_save_service", self.save_service)
        self.service_labels = [QLabel(page) for _ in range(3)]
        self.replies_group = QGroupBox(page)
        self.menus_group = QGroupBox(page)
        self.menu_tree = QTreeWidget(page)
        self.menu_tree.setObjectName("app_service_menus")
        self.menu_tree.setColumnCount(3)
        self.menu_tree.itemChanged.connect(lambda *_: self._paint_menu_bar())
        self.add_top_button = self._button("app_menu_add_top", self.add_top_menu)
        self.add_sub_button = self._button("app_menu_add_sub", self.add_sub_menu)
        self.remove_menu_button = self._button("app_menu_remove", self.remove_menu)
        self.menu_bar = QLabel(page)  # the preview: the conversation's bottom bar as members see it
        self.menu_bar.setObjectName("app_menu_preview")
        self.menu_bar.setStyleSheet("QLabel { border-top: 1px solid palette(mid); padding: 6px; }")
        self.menu_bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        mv = QVBoxLayout(self.menus_group)
        mv.addWidget(self.menu_tree, 1)
        menu_buttons = QHBoxLayout()
        for b in (self.add_top_button, self.add_sub_button, self.remove_menu_button):
            menu_buttons.addWidget(b)
        menu_buttons.addStretch(1)
        mv.addLayout(menu_buttons)
        mv.addWidget(self.menu_bar)
        form = QFormLayout()
        token = QHBoxLayout()
        token.addWidget(self.callback_token_label, 1)
        token.addWidget(self.new_token_button)
        verify = QHBoxLayout()
        verify.addWidget(self.verify_button)
        verify.addWidget(self.verify_result, 1)
        for label, field in zip(self.service_labels, (self.callback_edit, token, verify), strict=True):
            form.addRow(label, field)
        rv = QVBoxLayout(self.replies_group)
        rv.addWidget(self.replies)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_reply_button)
        buttons.addWidget(self.remove_reply_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        test = QHBoxLayout()
        test.addWidget(self.test_edit, 1)
        test.addWidget(self.test_result, 1)
        rv.addLayout(test)
        save = QHBoxLayout()
        save.addStretch(1)
        save.addWidget(self.save_service_button)
        v = QVBoxLayout(page)
        v.addWidget(self.service_box)
        v.addLayout(form)
        v.addWidget(self.replies_group, 1)
        v.addWidget(self.menus_group, 1)
        v.addLayout(save)
        self.tabs.addTab(_scrolled(page), "")

    def _layout(self) -> None:
        left = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.delete_button)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.system_label)
        lv.addWidget(self.system_view, 3)
        lv.addWidget(self.custom_label)
        lv.addWidget(self.custom_view, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("apps_splitter")
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def retranslate(self) -> None:
        self.title.setText(fill(translate("AppsPanel", "Apps (%1)"),
                                self.system_model.rowCount() + self.custom_model.rowCount()))
        self.system_label.setText(translate("AppsPanel", "System apps"))
        self.custom_label.setText(translate("AppsPanel", "Self-built apps"))
        self.add_button.setText(translate("AppsPanel", "&Add app…"))
        self.delete_button.setText(translate("AppsPanel", "De&lete app"))
        self.tabs.setTabText(0, translate("AppsPanel", "Basic information"))
        self.tabs.setTabText(1, translate("AppsPanel", "Service account"))
        titles = (translate("AppsPanel", "App name:"), translate("AppsPanel", "App logo:"),
                  translate("AppsPanel", "Introduction:"), translate("AppsPanel", "Terminals:"),
                  translate("AppsPanel", "Homepage:"), translate("AppsPanel", "Status:"),
                  translate("AppsPanel", "App ID:"), translate("AppsPanel", "EncodingAESKey:"))
        for label, text in zip(self.basic_labels, titles, strict=True):
            label.setText(text)
        self.name_edit.setPlaceholderText(translate("AppsPanel", "4 characters suit the portal best; at most 6 advised"))
        self.intro_edit.setPlaceholderText(translate("AppsPanel", "4 to 120 characters"))
        self.desktop_box.setText(translate("AppsPanel", "Desktop"))
        self.mobile_box.setText(translate("AppsPanel", "Mobile"))
        self.homepage_edit.setPlaceholderText("https://oa.example.com/sso?ydtoken=$TOKEN$")
        self.token_hint.setText(fill(translate(
            "AppsPanel", "%1 in the address is replaced by the member's Youdu identity token (single sign-on)."),
            TOKEN_MARK))
        self.enabled_box.setText(translate("AppsPanel", "Enabled"))
        self.logo_button.setText(translate("AppsPanel", "&Upload logo…"))
        self.logo_button.setToolTip(translate("AppsPanel", "PNG, JPEG, GIF, BMP or WebP; scaled to 128 px"))
        self.reveal_button.setText(translate("AppsPanel", "&Show"))
        self.reveal_button.setToolTip(translate("AppsPanel", "Shows the key; every reveal is recorded in the audit log"))
        self.copy_button.setText(translate("AppsPanel", "&Copy"))
        self.regenerate_button.setText(translate("AppsPanel", "&Regenerate"))
        self.regenerate_button.setToolTip(translate("AppsPanel", "A new key; the old one stops working"))
        self.save_button.setText(translate("AppsPanel", "&Save"))
        current = self.icon_combo.currentData()
        self.icon_combo.blockSignals(True)
        self.icon_combo.clear()
        for name in BUILTIN_ICONS:
            self.icon_combo.addItem(translate("AppsPanel", ICON_TITLES[name]), name)
        if current:
            self.icon_combo.setCurrentIndex(max(0, self.icon_combo.findData(current)))
        self.icon_combo.blockSignals(False)
        self.service_box.setText(translate("AppsPanel", "Service account mode"))
        service_titles = (translate("AppsPanel", "Callback URL:"), translate("AppsPanel", "Token:"),
                          translate("AppsPanel", "Check:"))
        for label, text in zip(self.service_labels, service_titles, strict=True):
            label.setText(text)
        self.new_token_button.setText(translate("AppsPanel", "&Generate"))
        self.verify_button.setText(translate("AppsPanel", "&Verify callback"))
        self.replies_group.setTitle(translate("AppsPanel", "Auto-replies"))
        self.replies.setHorizontalHeaderLabels([translate("AppsPanel", "Keyword"), translate("AppsPanel", "Match"),
                                                translate("AppsPanel", "Reply")])
        self.add_reply_button.setText(translate("AppsPanel", "Add &reply"))
        self.remove_reply_button.setText(translate("AppsPanel", "Remove reply"))
        self.test_edit.setPlaceholderText(translate("AppsPanel", "Test: type a member's message"))
        self.save_service_button.setText(translate("AppsPanel", "Save service settings"))
        self.menus_group.setTitle(translate("AppsPanel", "Custom menus (at most 3 × 5)"))
        self.menu_tree.setHeaderLabels([translate("AppsPanel", "Menu name"), translate("AppsPanel", "Type (click/view)"),
                                        translate("AppsPanel", "Key or URL")])
        self.add_top_button.setText(translate("AppsPanel", "Add &menu"))
        self.add_sub_button.setText(translate("AppsPanel", "Add &item"))
        self.remove_menu_button.setText(translate("AppsPanel", "Remove menu"))
        self.system_model.retranslate()
        self.custom_model.retranslate()
        self._name_changed(self.name_edit.text())
        self._test_reply()

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        keep = self.current.app_id if self.current else None
        views = self.apps.list_apps()
        self.system_model.set_rows([a for a in views if a.kind == "system"])
        self.custom_model.set_rows([a for a in views if a.kind != "system"])
        self.retranslate()
        self.select_app(keep or (views[0].app_id if views else ""))

    def select_app(self, app_id: str) -> None:
        for view, model in ((self.system_view, self.system_model), (self.custom_view, self.custom_model)):
            for row, app in enumerate(model.rows):
                if app_id in (app.app_id, app.name):
                    view.setCurrentIndex(model.index(row))
                    return

    def _picked(self, view: QListView, other: QListView, index: QModelIndex) -> None:
        if not index.isValid():
            return
        other.selectionModel().clearSelection()
        model = view.model()
        assert isinstance(model, AppListModel)
        self._show(model.rows[index.row()])

    def _show(self, app: AppView | None) -> None:
        self.creating = False
        self.current = app
        self.logo_bytes = None
        self.key_label.setText(MASK if app else "")
        self.callback_token_label.setText(MASK if app else "")
        self.verify_result.setText("")
        self.name_edit.setText(app.name if app else "")
        self.intro_edit.setPlainText(app.intro if app else "")
        self.desktop_box.setChecked(app is None or "desktop" in app.terminals)
        self.mobile_box.setChecked(app is None or "mobile" in app.terminals)
        self.homepage_edit.setText(app.homepage if app else "")
        self.enabled_box.setChecked(app is None or app.enabled)
        self.app_id_label.setText(app.app_id if app else "")
        self.icon_combo.blockSignals(True)
        self.icon_combo.setCurrentIndex(max(0, self.icon_combo.findData(app.icon if app and app.icon else "app")))
        self.icon_combo.blockSignals(False)
        config = self.apps.service_config(app.app_id) if app else {}
        self.service_box.setChecked(bool(config.get("service_mode")))
        self.callback_edit.setText(config.get("callback_url", ""))
        self.replies.setRowCount(0)
        for rule in config.get("auto_replies", []):
            self._add_reply_row(rule["keyword"], rule["match"], rule["reply"])
        self._load_menus(config.get("menus", []))
        self._refresh_head()
        self._update_enabled()

    def _refresh_head(self) -> None:
        app = self.current
        name = self.name_edit.text() or (app.name if app else "")
        logo = self.logo_bytes
        if logo is None and app is not None and app.has_logo and self.icon_combo.currentData() == (app.icon or "app"):
            logo = self.apps.logo(app.app_id)
        self.head_icon.setPixmap(app_pixmap(name, str(self.icon_combo.currentData() or "app"), logo, 64))
        if self.creating:
            self.head_title.setText(translate("AppsPanel", "New app"))
        elif app is not None:
            kind = translate("AppsPanel", "System app") if app.kind == "system" else translate("AppsPanel", "Self-built app")
            self.head_title.setText(f"{app.name}  ·  {kind}")
        else:
            self.head_title.setText(translate("AppsPanel", "No app selected"))

    def _manageable(self) -> bool:
        if self.creating:
            return self.writable
        if self.current is None or not self.writable:
            return False
        try:
            return self.apps.manageable(self.current.app_id)
        except Exception:  # noqa: BLE001 - deleted meanwhile
            return False

    def _update_enabled(self) -> None:
        editable = self._manageable()
        for w in (self.name_edit, self.intro_edit, self.desktop_box, self.mobile_box, self.homepage_edit,
                  self.enabled_box, self.icon_combo, self.logo_button, self.save_button, self.service_box,
                  self.callback_edit, self.new_token_button, self.verify_button, self.replies,
                  self.add_reply_button, self.remove_reply_button, self.save_service_button, self.menu_tree,
                  self.add_top_button, self.add_sub_button, self.remove_menu_button):
            w.setEnabled(editable)
        for w in (self.new_token_button, self.verify_button):  # they set or read secrets: super only
            w.setEnabled(editable and self.session.can(APPS_SECRET))
        existing = self.current is not None and not self.creating
        self.regenerate_button.setEnabled(editable and existing)
        self.reveal_button.setEnabled(existing)
        self.copy_button.setEnabled(existing)
        self.delete_button.setEnabled(editable and existing and self.current is not None
                                      and self.current.kind != "system")
        self.delete_button.setToolTip(translate("AppsPanel", "System apps cannot be deleted")
                                      if self.current is not None and self.current.kind == "system" else "")
        self.tabs.setTabEnabled(1, existing)

    def _name_changed(self, text: str) -> None:
        long = len(text.strip()) > 6
        self.name_warning.setText(translate("AppsPanel", "Names longer than 6 characters are cut off in the portal")
                                  if long else "")
        self.name_warning.setVisible(long)

    # ------------------------------------------------------------ editing
    def new_app(self) -> None:
        self._show(None)
        self.creating = True
        self.system_view.selectionModel().clearSelection()
        self.custom_view.selectionModel().clearSelection()
        self.tabs.setCurrentIndex(0)
        self._refresh_head()
        self._update_enabled()
        self.name_edit.setFocus()

    def _terminals(self) -> list[str]:
        return [t for t, box in (("desktop", self.desktop_box), ("mobile", self.mobile_box)) if box.isChecked()]

    def save(self) -> None:
        apps = self.apps
        name, intro = self.name_edit.text(), self.intro_edit.toPlainText()
        terminals, homepage, enabled = self._terminals(), self.homepage_edit.text(), self.enabled_box.isChecked()
        icon, logo = str(self.icon_combo.currentData() or "app"), self.logo_bytes
        if self.creating:
            self.host.run_change(lambda: apps.plan_add(name, intro=intro, terminals=terminals, homepage=homepage,
                                                       icon=icon, logo=logo, enabled=enabled),
                                 title=translate("AppsPanel", "Add app"), on_applied=self._added)
            return
        if self.current is None:
            return
        app_id = self.current.app_id
        extra: dict[str, Any] = {"logo": logo} if logo is not None else {}
        if logo is None and icon != (self.current.icon or "app"):
            extra["icon"] = icon
        self.host.run_change(lambda: apps.plan_update(app_id, name=name, intro=intro, terminals=terminals,
                                                      homepage=homepage, enabled=enabled, **extra),
                             title=translate("AppsPanel", "Change app"))

    def _added(self, cs: Any) -> None:
        self.creating = False
        if cs.operations:
            self.current = None
            self.refresh()
            self.select_app(cs.operations[0].key)

    def delete_app(self) -> None:
        if self.current is not None:
            apps, app_id = self.apps, self.current.app_id
            self.host.run_change(lambda: apps.plan_delete(app_id), title=translate("AppsPanel", "Delete app"))

    def choose_logo(self) -> None:
        self.dialog = image_dialog(self, translate("AppsPanel", "Choose a logo"), "app_logo_file_dialog",
                                   self.session.url, self.load_logo)

    def load_logo(self, path: str) -> None:
        """Checked and scaled by the service (a bomb or a non-image is refused, said why)."""
        import base64

        from youdu_console.services.app_logos import scaled_logo

        try:
            data = Path(path).read_bytes()
            self.logo_bytes = base64.b64decode(scaled_logo(data))
        except Exception as exc:  # noqa: BLE001 - shown to the user, coded and translated
            self.host.report_error(exc)
            return
        self._logo_changed(self.logo_bytes)

    def _logo_changed(self, logo: bytes | None) -> None:
        if logo is None:
            self.logo_bytes = None
        self._refresh_head()

    def reveal_key(self) -> None:
        if self.current is None:
            return
        try:
            secret = self.apps.reveal_secret(self.current.app_id)
        except Exception as exc:  # noqa: BLE001
            self.host.report_error(exc)
            return
        self.key_label.setText(secret["encoding_aes_key"])
        self.callback_token_label.setText(secret["callback_token"] or "—")

    def copy_key(self) -> None:
        if self.current is None:
            return
        try:
            secret = self.apps.reveal_secret(self.current.app_id)
        except Exception as exc:  # noqa: BLE001
            self.host.report_error(exc)
            return
        QGuiApplication.clipboard().setText(secret["encoding_aes_key"])
        self.host.statusBar().showMessage(translate("AppsPanel", "EncodingAESKey copied"), 4000)

    def regenerate_key(self) -> None:
        if self.current is not None:
            apps, app_id = self.apps, self.current.app_id
            self.host.run_change(lambda: apps.plan_regenerate_key(app_id),
                                 title=translate("AppsPanel", "Regenerate EncodingAESKey"))

    # ------------------------------------------------------------ service account
    def _add_reply_row(self, keyword: str = "", match: str = "exact", reply: str = "") -> None:
        row = self.replies.rowCount()
        self.replies.insertRow(row)
        self.replies.setItem(row, 0, QTableWidgetItem(keyword))
        combo = QComboBox(self.replies)
        for value in MATCHES:
            combo.addItem(translate("AppsPanel", MATCH_TITLES[value]), value)
        combo.setCurrentIndex(max(0, combo.findData(match)))
        self.replies.setCellWidget(row, 1, combo)
        self.replies.setItem(row, 2, QTableWidgetItem(reply))

    def add_reply(self) -> None:
        self._add_reply_row()

    def remove_reply(self) -> None:
        rows = sorted({i.row() for i in self.replies.selectedIndexes()}, reverse=True)
        for row in rows:
            self.replies.removeRow(row)

    def reply_rules(self) -> list[dict[str, str]]:
        out = []
        for row in range(self.replies.rowCount()):
            keyword, reply = self.replies.item(row, 0), self.replies.item(row, 2)
            combo = self.replies.cellWidget(row, 1)
            out.append({"keyword": keyword.text() if keyword else "", "reply": reply.text() if reply else "",
                        "match": combo.currentData() if isinstance(combo, QComboBox) else "exact"})
        return out

    def _test_reply(self, *_args: Any) -> None:
        text = self.test_edit.text()
        if not text:
            self.test_result.setText("")
            return
        try:
            from youdu_console.domain.service_account import normalize_replies

            rule = auto_reply(normalize_replies(self.reply_rules()), text)
        except Exception as exc:  # noqa: BLE001 - a rule being typed: say why it cannot answer yet
            self.test_result.setText(error_text(exc))
            return
        self.test_result.setText(fill(translate("AppsPanel", "Replies: %1"), rule["reply"]) if rule
                                 else translate("AppsPanel", "No auto-reply matches"))

    # the conversation's custom menus: two levels; a column holds the key (click) or the URL (view)
    def _menu_item(self, parent: Any, name: str, kind: str, target: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [name, kind, target])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def _load_menus(self, menus: list[dict[str, Any]]) -> None:
        self.menu_tree.blockSignals(True)
        self.menu_tree.clear()
        for top in menus:
            item = self._menu_item(self.menu_tree, top["name"], top.get("type", ""),
                                   top.get("url") or top.get("key") or "")
            for sub in top.get("items", []):
                self._menu_item(item, sub["name"], sub["type"], sub.get("url") or sub.get("key") or "")
        self.menu_tree.expandAll()
        self.menu_tree.blockSignals(False)
        self._paint_menu_bar()

    def menu_items(self) -> list[dict[str, Any]]:
        def one(item: QTreeWidgetItem) -> dict[str, Any]:
            kind = item.text(1).strip().lower() or "click"
            out: dict[str, Any] = {"name": item.text(0), "type": kind}
            out["url" if kind == "view" else "key"] = item.text(2)
            return out

        menus = []
        for i in range(self.menu_tree.topLevelItemCount()):
            top = self.menu_tree.topLevelItem(i)
            subs = [one(top.child(j)) for j in range(top.childCount())]
            menus.append({"name": top.text(0), "items": subs} if subs else one(top))
        return menus

    def add_top_menu(self) -> None:
        self._menu_item(self.menu_tree, translate("AppsPanel", "Menu"), "click", "")
        self._paint_menu_bar()

    def add_sub_menu(self) -> None:
        current = self.menu_tree.currentItem()
        if current is None:
            return
        top = current.parent() or current
        self._menu_item(top, translate("AppsPanel", "Item"), "view", "https://")
        top.setExpanded(True)

    def remove_menu(self) -> None:
        current = self.menu_tree.currentItem()
        if current is not None:
            (current.parent() or self.menu_tree.invisibleRootItem()).removeChild(current)
            self._paint_menu_bar()

    def _paint_menu_bar(self) -> None:
        tops = [self.menu_tree.topLevelItem(i).text(0) for i in range(self.menu_tree.topLevelItemCount())]
        self.menu_bar.setText("   |   ".join(f"☰ {t}" if self.menu_tree.topLevelItem(i).childCount() else t
                                             for i, t in enumerate(tops)) or "—")

    def save_service(self) -> None:
        if self.current is None:
            return
        apps, app_id = self.apps, self.current.app_id
        mode, url, rules = self.service_box.isChecked(), self.callback_edit.text(), self.reply_rules()
        menus = self.menu_items()
        self.host.run_change(lambda: apps.plan_update(app_id, service_mode=mode, callback_url=url, auto_replies=rules,
                                                      menus=menus),
                             title=translate("AppsPanel", "Service account"))

    def new_token(self) -> None:
        if self.current is not None:
            apps, app_id = self.apps, self.current.app_id
            self.host.run_change(lambda: apps.plan_regenerate_token(app_id), title=translate("AppsPanel", "Token"))

    def verify_callback(self) -> None:
        """The handshake waits on the network: it runs on the job pool, the window keeps turning."""
        if self.current is None:
            return
        from youdu_console.domain.messages import render
        from youdu_console.gui.i18n import current_lang
        from youdu_console.services.callback import verify_app

        apps, app_id = self.apps, self.current.app_id
        self.verify_result.setText(translate("AppsPanel", "Verifying…"))
        job = self.host.runner.submit(lambda progress, cancel: verify_app(apps, app_id),
                                      title=translate("AppsPanel", "Verify callback"))
        job.succeeded.connect(lambda r: self.verify_result.setText(
            ("✔ " if r.ok else "✘ ") + render(f"callback.{r.reason}", current_lang(), r.to_json())))
        job.failed.connect(lambda exc: self.verify_result.setText(error_text(exc)))


def _available(session: Session) -> bool:
    return session.can(APPS_READ)


register(PanelSpec("企业应用/应用管理", "apps/apps", QT_TRANSLATE_NOOP("Panels", "Apps"), 10, AppsPanel, _available))
