"""自定义菜单 (manual 4.10): items of the client's right-click menu on conversation messages and on personal
information, with the manual's preview — the menu as the client shows it under the built-in entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from youdu_console.gui.i18n import translate
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.apps import APPS_READ
from youdu_console.services.message_menus import MENUS_WRITE, NORMAL_SIZE, MessageMenuView

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

TYPE_TITLES = {"text": QT_TRANSLATE_NOOP("MessageMenusPanel", "Text/emoji"),
               "image": QT_TRANSLATE_NOOP("MessageMenusPanel", "Image/rich text"),
               "file": QT_TRANSLATE_NOOP("MessageMenusPanel", "File")}
BUILT_IN = {"message": (QT_TRANSLATE_NOOP("MessageMenusPanel", "Copy"), QT_TRANSLATE_NOOP("MessageMenusPanel", "Forward"),
                        QT_TRANSLATE_NOOP("MessageMenusPanel", "Recall")),
            "profile": (QT_TRANSLATE_NOOP("MessageMenusPanel", "Send message"),
                        QT_TRANSLATE_NOOP("MessageMenusPanel", "View profile"))}


def types_text(types: tuple[str, ...]) -> str:
    return "+".join(translate("MessageMenusPanel", TYPE_TITLES[t]) for t in types if t in TYPE_TITLES)


class MenuModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("name", QT_TRANSLATE_NOOP("Columns", "Menu name"), lambda m: m.name),
            Column("types", QT_TRANSLATE_NOOP("Columns", "Content types"), lambda m: types_text(m.types)),
            Column("url", QT_TRANSLATE_NOOP("Columns", "URL"), lambda m: m.url),
            Column("window", QT_TRANSLATE_NOOP("Columns", "Window"), lambda m: f"{m.width}×{m.height}"),
        ], key=lambda m: m.id, parent=parent)


class MessageMenusPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.menus = self.session.console.menus
        self.writable = self.session.can(MENUS_WRITE)
        self.current: MessageMenuView | None = None
        self.title = QLabel(self)
        self.title.setObjectName("menus_title")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.scopes = QTabBar(self)
        self.scopes.setObjectName("menus_scope")
        self.scopes.addTab("")
        self.scopes.addTab("")
        self.scopes.currentChanged.connect(lambda _i: self.refresh())
        self.model = MenuModel(self)
        self.view = list_view(self, "menus_table", multi=False)
        self.view.setModel(self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._picked())
        self.new_button = self._button("menu_new", self.new_menu)
        self.delete_button = self._button("menu_delete", self.delete_menu)
        self.editor = QGroupBox(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("menu_name")
        self.name_edit.textChanged.connect(lambda _t: self._paint_preview())
        self.type_boxes = {t: QCheckBox(self) for t in TYPE_TITLES}
        for t, box in self.type_boxes.items():
            box.setObjectName(f"menu_type_{t}")
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("menu_url")
        self.window_combo = QComboBox(self)
        self.window_combo.setObjectName("menu_window")
        self.window_combo.currentIndexChanged.connect(lambda _i: self._size_enabled())
        self.width_spin, self.height_spin = QSpinBox(self), QSpinBox(self)
        self.width_spin.setRange(200, 1920)
        self.height_spin.setRange(200, 1200)
        self.save_button = self._button("menu_save", self.save)
        self.labels = [QLabel(self) for _ in range(4)]
        self.preview_group = QGroupBox(self)
        self.preview = QFrame(self)
        self.preview.setObjectName("menu_preview")
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("QFrame#menu_preview { background: palette(base); }")
        self.preview_layout = QVBoxLayout(self.preview)
        self._layout()
        self.retranslate()
        self._show(None)

    def _button(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(self.writable)
        return button

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        form = QFormLayout(self.editor)
        types = QHBoxLayout()
        for box in self.type_boxes.values():
            types.addWidget(box)
        types.addStretch(1)
        size = QHBoxLayout()
        size.addWidget(self.window_combo)
        size.addWidget(self.width_spin)
        size.addWidget(QLabel("×", self))
        size.addWidget(self.height_spin)
        size.addStretch(1)
        for label, field in zip(self.labels, (self.name_edit, types, self.url_edit, size), strict=True):
            form.addRow(label, field)
        save = QHBoxLayout()
        save.addStretch(1)
        save.addWidget(self.save_button)
        form.addRow(save)
        pv = QVBoxLayout(self.preview_group)
        pv.addWidget(self.preview)
        pv.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.editor, 3)
        bottom.addWidget(self.preview_group, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.scopes)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def scope(self) -> str:
        return "profile" if self.scopes.currentIndex() == 1 else "message"

    def retranslate(self) -> None:
        self.title.setText(translate("MessageMenusPanel", "Custom menus"))
        self.hint.setText(translate("MessageMenusPanel", "Items added to the client's right-click menu: the selected "
                                                         "content is sent to the URL, the result shown in a window."))
        self.scopes.setTabText(0, translate("MessageMenusPanel", "Conversation messages"))
        self.scopes.setTabText(1, translate("MessageMenusPanel", "Personal information"))
        self.new_button.setText(translate("MessageMenusPanel", "&Add menu"))
        self.delete_button.setText(translate("MessageMenusPanel", "De&lete"))
        self.editor.setTitle(translate("MessageMenusPanel", "Menu item"))
        for label, text in zip(self.labels, (translate("MessageMenusPanel", "Menu name:"),
                                             translate("MessageMenusPanel", "Offered for:"),
                                             translate("MessageMenusPanel", "URL:"),
                                             translate("MessageMenusPanel", "Window size:")), strict=True):
            label.setText(text)
        for t, box in self.type_boxes.items():
            box.setText(translate("MessageMenusPanel", TYPE_TITLES[t]))
        self.url_edit.setPlaceholderText(translate("MessageMenusPanel", "The address the menu item opens"))
        index = self.window_combo.currentIndex()
        self.window_combo.blockSignals(True)
        self.window_combo.clear()
        self.window_combo.addItem(translate("MessageMenusPanel", "Normal (680×560 px)"), "normal")
        self.window_combo.addItem(translate("MessageMenusPanel", "Custom"), "custom")
        self.window_combo.setCurrentIndex(max(0, index))
        self.window_combo.blockSignals(False)
        self.save_button.setText(translate("MessageMenusPanel", "&Save"))
        self.preview_group.setTitle(translate("MessageMenusPanel", "Preview"))
        self.model.retranslate()
        self._paint_preview()

    def reload(self) -> None:
        keep = self.current.id if self.current else None
        self.model.set_rows(self.menus.list_menus(self.scope()))
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.selectRow(row)
        else:
            self._show(None)
        for box in self.type_boxes.values():
            box.setVisible(self.scope() == "message")
        self.labels[1].setVisible(self.scope() == "message")
        self._paint_preview()

    def _picked(self) -> None:
        index = self.view.selectionModel().currentIndex()
        self._show(self.model.row_at(index.row()) if index.isValid() else None)

    def _show(self, menu: MessageMenuView | None) -> None:
        self.current = menu
        self.name_edit.setText(menu.name if menu else "")
        for t, box in self.type_boxes.items():
            box.setChecked(menu is None or t in menu.types)
        self.url_edit.setText(menu.url if menu else "")
        self.window_combo.setCurrentIndex(1 if menu and menu.window == "custom" else 0)
        self.width_spin.setValue(menu.width if menu else NORMAL_SIZE[0])
        self.height_spin.setValue(menu.height if menu else NORMAL_SIZE[1])
        self._size_enabled()
        self.delete_button.setEnabled(self.writable and menu is not None)
        for w in (self.name_edit, self.url_edit, self.window_combo, *self.type_boxes.values()):
            w.setEnabled(self.writable)
        self._paint_preview()

    def _size_enabled(self) -> None:
        custom = self.window_combo.currentData() == "custom"
        self.width_spin.setEnabled(self.writable and custom)
        self.height_spin.setEnabled(self.writable and custom)

    def _paint_preview(self) -> None:
        """The client's menu: its own entries, a separator, then the custom items (the one being edited marked)."""
        while self.preview_layout.count():
            item = self.preview_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # deleted later: hidden and out of the preview now, so nothing shows through
                widget.setParent(None)
                widget.deleteLater()
        for text in BUILT_IN[self.scope()]:
            self.preview_layout.addWidget(QLabel(translate("MessageMenusPanel", text), self.preview))
        line = QFrame(self.preview)
        line.setFrameShape(QFrame.Shape.HLine)
        self.preview_layout.addWidget(line)
        names = [m.name for m in self.model.rows]
        editing = self.name_edit.text().strip()
        if self.current is None and editing:
            names.append(editing)
        for name in names:
            label = QLabel(name, self.preview)
            if name == editing:
                label.setStyleSheet("QLabel { background: palette(highlight); color: palette(highlighted-text); }")
            self.preview_layout.addWidget(label)

    def new_menu(self) -> None:
        self.view.clearSelection()
        self._show(None)
        self.name_edit.setFocus()

    def save(self) -> None:
        menus, scope = self.menus, self.scope()
        name, url = self.name_edit.text(), self.url_edit.text()
        types = [t for t, box in self.type_boxes.items() if box.isChecked()]
        window = str(self.window_combo.currentData())
        width, height = self.width_spin.value(), self.height_spin.value()
        if self.current is None:
            self.host.run_change(lambda: menus.plan_add(scope, name, url=url, types=types, window=window,
                                                        width=width, height=height),
                                 title=translate("MessageMenusPanel", "Add menu"))
        else:
            menu_id = self.current.id
            self.host.run_change(lambda: menus.plan_update(menu_id, name=name, url=url, types=types, window=window,
                                                           width=width, height=height),
                                 title=translate("MessageMenusPanel", "Change menu"))

    def delete_menu(self) -> None:
        if self.current is not None:
            menus, menu_id = self.menus, self.current.id
            self.host.run_change(lambda: menus.plan_delete(menu_id), title=translate("MessageMenusPanel", "Delete menu"))


def _available(session: Session) -> bool:
    return session.can(APPS_READ)


register(PanelSpec("管理工具/自定义菜单", "tools/menus", QT_TRANSLATE_NOOP("Panels", "Custom menus"), 1000,
                   MessageMenusPanel, _available))
