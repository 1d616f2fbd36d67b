"""我的企业 (and 管理工具) settings pages, generated from the declared settings (DESIGN §4), one per `page`.

Each widget follows the setting's type: bool → check box, int → spin box with its range, choice → combo
box, list → one item per line, date → date edit ("never" at its minimum), text → line edit. Saving plans
SettingsService.plan_set, previews it and applies it like every other change.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.settings import SETTINGS, Setting
from youdu_console.gui.i18n import current_lang, pick, translate
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

NEVER = QDate(2000, 1, 1)  # the date edit's minimum stands for "no date" (special value text)
INT_LIMIT = 2_147_483_647
# English names of the manual's settings pages (the declarations carry the Chinese page names).
PAGE_TITLES = {
    "企业信息": QT_TRANSLATE_NOOP("SettingsPages", "Enterprise information"),
    "聊天管理": QT_TRANSLATE_NOOP("SettingsPages", "Chat management"),
    "通讯录管理": QT_TRANSLATE_NOOP("SettingsPages", "Address book management"),
    "权限管理": QT_TRANSLATE_NOOP("SettingsPages", "Permissions"),
    "账号安全": QT_TRANSLATE_NOOP("SettingsPages", "Account security"),
    "信息安全": QT_TRANSLATE_NOOP("SettingsPages", "Information security"),
    "高级设置": QT_TRANSLATE_NOOP("SettingsPages", "Advanced settings"),
    "LDAP 集成": QT_TRANSLATE_NOOP("SettingsPages", "LDAP integration"),
}
MENUS = {"4": "管理工具", "5": "我的企业"}


def page_title(page: str) -> str:
    english = PAGE_TITLES.get(page)
    return pick(page, translate("SettingsPages", english) if english else page)


class SettingsPage(Panel):
    def __init__(self, host: MainWindow, page: str, settings: list[Setting], parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.page = page
        self.settings = settings
        self.writable = self.session.can("settings.write")
        self.loaded: dict[str, Any] = {}
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        # Fields keep their natural width: a seat count needs no 1,000-pixel spin box.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for s in settings:
            editor = self._editor(s)
            editor.setObjectName(f"setting_{s.key}")
            editor.setEnabled(self._may_edit(s))
            label = QLabel(self)
            label.setBuddy(editor)
            help_label = QLabel(self)
            help_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            form.addRow(label, editor)
            if s.help_zh or s.help_en:
                form.addRow("", help_label)  # the manual's explanation, under its switch
            self.editors[s.key], self.labels[s.key], self.helps[s.key] = editor, label, help_label
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.writable)
        self.reset_button = QPushButton(self)
        self.reset_button.setObjectName("settings_reset")
        self.reset_button.clicked.connect(self.refresh)
        self.reset_button.setVisible(self.writable)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setVisible(not self.writable)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note)
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        # 5.1 企业信息 shows the seats in use beside their limit ("已使用/人数上限 4/100").
        self.usage = QLabel(self)
        self.usage.setObjectName("licence_usage")
        self.usage.setVisible(any(s.key.startswith("licence.") for s in settings))
        self._usage: dict[str, Any] = {}
        layout.addWidget(self.usage)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def _may_edit(self, s: Setting) -> bool:
        return self.writable and (not s.super_only or self.session.actor.role == "super")

    def _editor(self, s: Setting) -> QWidget:
        if s.type == "bool":
            return QCheckBox(self)
        if s.type == "int":
            spin = QSpinBox(self)
            spin.setRange(s.minimum if s.minimum is not None else -INT_LIMIT,
                          min(s.maximum if s.maximum is not None else INT_LIMIT, INT_LIMIT))
            return spin
        if s.type == "choice":
            combo = QComboBox(self)
            for value, _zh, _en in s.choices:
                combo.addItem("", value)
            return combo
        if s.type == "list":
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().height() * 5 + 12)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("x" * 40))
            return edit
        if s.type == "date":
            date = QDateEdit(self)
            date.setCalendarPopup(True)
            date.setMinimumDate(NEVER)
            date.setDisplayFormat("yyyy-MM-dd")
            return date
        return QLineEdit(self)

    def retranslate(self) -> None:
        lang = current_lang()
        self.title.setText(page_title(self.page))
        for s in self.settings:
            self.labels[s.key].setText(s.label(lang) + ("：" if lang == "zh_CN" else ":"))
            self.helps[s.key].setText(s.help_en if lang.startswith("en") else s.help_zh)
            editor = self.editors[s.key]
            editor.setAccessibleName(s.label(lang))
            section = translate("SettingsPage", "manual section %1").replace("%1", s.section)
            editor.setToolTip(f"{s.key} ({section})")
            if isinstance(editor, QCheckBox):
                editor.setText(translate("SettingsPage", "On"))
            elif isinstance(editor, QComboBox):
                for i, (_value, zh, en) in enumerate(s.choices):
                    editor.setItemText(i, en if lang.startswith("en") else zh)
            elif isinstance(editor, QDateEdit):
                editor.setSpecialValueText(translate("SettingsPage", "Never"))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlaceholderText(translate("SettingsPage", "One item per line"))
        if self._usage:
            self.usage.setText(translate("SettingsPage", "Seats in use / limit: %1/%2")
                               .replace("%1", str(self._usage["used"])).replace("%2", str(self._usage["seat_limit"])))
        self.save_button.setText(translate("SettingsPage", "&Save"))
        self.reset_button.setText(translate("SettingsPage", "&Discard changes"))
        self.note.setText(translate("SettingsPage", "Your role may read these settings but not change them."))

    # ------------------------------------------------------------------ values
    def reload(self) -> None:
        values = {row["key"]: row["value"] for row in self.session.settings.list()}
        self.loaded = {s.key: values.get(s.key, s.default) for s in self.settings}
        for s in self.settings:
            self._show_value(s, self.loaded[s.key])
        if self.usage.isVisibleTo(self):
            self._usage = self.session.access.licence()
            self.retranslate()

    def _show_value(self, s: Setting, value: Any) -> None:
        editor = self.editors[s.key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("\n".join(str(v) for v in value or []))
        elif isinstance(editor, QDateEdit):
            editor.setDate(QDate.fromString(str(value), "yyyy-MM-dd") if value else NEVER)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))

    def value_of(self, s: Setting) -> Any:
        editor = self.editors[s.key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        if isinstance(editor, QDateEdit):
            date = editor.date()
            return "" if date == NEVER else dt.date(date.year(), date.month(), date.day()).isoformat()
        if isinstance(editor, QLineEdit):
            return editor.text().strip()
        return None

    def set_value(self, key: str, value: Any) -> None:
        self._show_value(next(s for s in self.settings if s.key == key), value)

    def changed(self) -> dict[str, Any]:
        return {s.key: self.value_of(s) for s in self.settings
                if self._may_edit(s) and self.value_of(s) != self.loaded.get(s.key)}

    def save(self) -> None:
        changes = self.changed()
        if not changes:
            self.host.statusBar().showMessage(translate("SettingsPage", "Nothing to change."), 5000)
            return
        settings = self.session.settings
        self.host.run_change(lambda: settings.plan_set(changes), title=page_title(self.page))


def _chapter(settings: list[Setting]) -> str:
    return Counter(s.section.split(".", 1)[0] for s in settings).most_common(1)[0][0]


def _order(settings: list[Setting], chapter: str) -> int:
    """The manual's order: 5.1 → 100, 5.3.4 → 304; a page sits where its first section is."""
    best = min(tuple(int(p) for p in s.section.split(".")[1:] if p.isdigit()) or (0,)
               for s in settings if s.section.split(".", 1)[0] == chapter)
    return best[0] * 100 + (best[1] if len(best) > 1 else 0)


def _slug(settings: list[Setting], menu: str) -> str:
    prefix = settings[0].key.split(".", 1)[0]
    return f"{'tools' if menu == '管理工具' else 'enterprise'}/{prefix}"


def _register_pages() -> None:
    pages: dict[str, list[Setting]] = {}
    for s in SETTINGS:
        pages.setdefault(s.page, []).append(s)
    for page, settings in pages.items():
        chapter = _chapter(settings)
        menu = MENUS.get(chapter, "我的企业")

        def factory(host: MainWindow, page: str = page, settings: list[Setting] = settings) -> Panel:
            return SettingsPage(host, page, settings)

        register(PanelSpec(f"{menu}/{page}", _slug(settings, menu), PAGE_TITLES.get(page, page),
                           _order(settings, chapter), factory, _readable, title_fn=lambda page=page: page_title(page)))


def _readable(session: Session) -> bool:
    return session.can("settings.read")


_register_pages()
