"""我的企业 (and 管理工具) settings pages, generated from the declared settings (DESIGN §4), one per `page`.

Each widget follows the setting's declaration: bool → check box, int → spin box with its range and unit
(a suffix; what 0 means as its special text), choice → combo box, list of choices → one check box per
choice, other lists → one item per line checked as typed, date → a date with “never”, text → line edit.
The fields sit at the top, each hint right under its field. Saving plans SettingsService.plan_set, previews
it and applies it like every other change; leaving a page with unsaved edits asks first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.settings import SETTINGS, Setting, section_title
from youdu_console.gui.appearance import fit_title
from youdu_console.gui.dialogs.common import follow_language
from youdu_console.gui.i18n import current_lang, fill, number, pick, translate
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.services.changes import ChangeSet

EARLIEST = QDate(2000, 1, 1)
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
    "文件传输权限": QT_TRANSLATE_NOOP("SettingsPages", "File transfers"),
    "敏感信息保护": QT_TRANSLATE_NOOP("SettingsPages", "Sensitive words"),
}
MENUS = {"4": "管理工具", "5": "我的企业"}
# Stable names for --panel and object names (a page's keys may share a prefix with another page's).
PAGE_SLUGS = {"企业信息": "licence", "聊天管理": "chat", "通讯录管理": "directory", "权限管理": "access",
              "账号安全": "security", "信息安全": "protection", "高级设置": "advanced"}
# Widgets an area adds under one section of a generated page — an action or a preview, never a setting's
# editor: `factory(page)` returns a widget that may have `retranslate()` and `reload()` (gui/panels/enterprise.py).
SECTION_EXTRAS: dict[str, list[Callable[[SettingsPage], QWidget]]] = {}


def extend_section(section: str, factory: Callable[[SettingsPage], QWidget]) -> None:
    SECTION_EXTRAS.setdefault(section, []).append(factory)


def _section_key(s: Setting) -> tuple[int, ...]:
    return tuple(int(p) for p in s.section.split(".") if p.isdigit())


def page_title(page: str) -> str:
    english = PAGE_TITLES.get(page)
    return pick(page, translate("SettingsPages", english) if english else page)


class ChoiceList(QWidget):
    """A list setting with declared choices: one check box per choice, never the raw identifiers to type."""

    edited = Signal()

    def __init__(self, setting: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        # One row for a handful of choices (the five devices), two balanced rows for more.
        columns = len(setting.choices) if len(setting.choices) <= 5 else (len(setting.choices) + 1) // 2
        for i, (value, _zh, _en) in enumerate(setting.choices):
            box = QCheckBox(self)
            box.setObjectName(f"choice_{value}")
            box.setProperty("choice", value)
            box.toggled.connect(lambda _on: self.edited.emit())
            grid.addWidget(box, i // columns, i % columns)
            self.boxes[value] = box

    def value(self) -> list[str]:
        return [v for v, box in self.boxes.items() if box.isChecked()]

    def set_value(self, values: Any) -> None:
        chosen = {str(v).lower() for v in values or []}
        for value, box in self.boxes.items():
            box.setChecked(value.lower() in chosen)

    def retranslate(self, lang: str) -> None:
        for value, box in self.boxes.items():
            box.setText(self.setting.choice_text(value, lang))


class DateOrNever(QWidget):
    """A date that may also be “never”: the calendar opens on the stored date or today, never on 2000-01-01."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(EARLIEST)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        self.never = QCheckBox(self)
        self.never.setObjectName("never")
        self.never.toggled.connect(self._never_toggled)
        self.date_edit.dateChanged.connect(lambda _d: self.edited.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.never)
        layout.addStretch(1)

    def _never_toggled(self, on: bool) -> None:
        self.date_edit.setEnabled(not on)
        self.edited.emit()

    def value(self) -> str:
        if self.never.isChecked():
            return ""
        date = self.date_edit.date()
        return dt.date(date.year(), date.month(), date.day()).isoformat()

    def set_value(self, value: Any) -> None:
        date = QDate.fromString(str(value), "yyyy-MM-dd") if value else QDate()
        self.date_edit.setDate(date if date.isValid() else QDate.currentDate())
        self.never.setChecked(not date.isValid())
        self.date_edit.setEnabled(date.isValid())

    def retranslate(self, lang: str) -> None:
        self.never.setText(translate("SettingsPage", "Never expires"))


class SettingsPage(Panel):
    def __init__(self, host: MainWindow, page: str, settings: list[Setting], parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.page = page
        # In the manual's order, grouped by section; what an action keeps (a certificate) has no editor.
        settings = sorted((s for s in settings if not s.internal), key=_section_key)
        self.settings = settings
        self.headings: dict[str, QLabel] = {}
        self.extras: list[QWidget] = []
        self.writable = self.session.can("settings.write")
        self.loaded: dict[str, Any] = {}
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.helps: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self.prompt: QMessageBox | None = None
        self.title = QLabel(self)
        self.title.setObjectName("settings_title")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.form_widget = QWidget(self)
        self.form_widget.setObjectName("settings_form")
        self.form = form = QFormLayout()
        # Fields keep their natural width: a seat count needs no 1,000-pixel spin box.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(6)
        width = self.fontMetrics().horizontalAdvance("x" * 70)
        for i, s in enumerate(settings):
            if (i == 0 or settings[i - 1].section != s.section) and section_title(s.section, "zh_CN"):
                self._heading(s.section, first=not self.headings)
            editor = self._editor(s)
            editor.setObjectName(f"setting_{s.key}")
            editor.setEnabled(self._may_edit(s))
            label = QLabel(self)
            label.setBuddy(editor.date_edit if isinstance(editor, DateOrNever) else editor)
            form.addRow(label, editor)
            error = QLabel(self)
            error.setObjectName(f"error_{s.key}")
            error.setWordWrap(True)
            error.setMaximumWidth(width)
            form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, error)
            form.setRowVisible(error, False)
            help_label = QLabel(self)
            help_label.setObjectName(f"hint_{s.key}")
            help_label.setWordWrap(True)
            help_label.setMaximumWidth(width)
            help_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            if s.help_zh or s.help_en:
                # The manual's explanation, right under its field (the row above it is the field's error).
                form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, help_label)
            else:
                help_label.setVisible(False)
            self.editors[s.key], self.labels[s.key] = editor, label
            self.helps[s.key], self.errors[s.key] = help_label, error
            if i + 1 == len(settings) or settings[i + 1].section != s.section:
                for factory in SECTION_EXTRAS.get(s.section, []):
                    extra = factory(self)
                    self.extras.append(extra)
                    form.setWidget(form.rowCount(), QFormLayout.ItemRole.FieldRole, extra)  # under the fields
        column = QVBoxLayout(self.form_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addStretch(1)  # the rows stay at the top, the empty space goes below them
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form_widget)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("settings_save")
        self.save_button.clicked.connect(lambda: self.save())
        self.save_button.setVisible(self.writable)
        self.save_button.setDefault(True)
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
        layout.addSpacing(6)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def _heading(self, section: str, first: bool) -> None:
        """The manual's section title above its settings (消息撤回, 企业集群, …)."""
        heading = QLabel(self)
        heading.setObjectName(f"section_{section}")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        if not first:
            self.form.addItem(QSpacerItem(0, heading.fontMetrics().height() // 2))
        self.form.addRow(heading)
        self.headings[section] = heading

    def _may_edit(self, s: Setting) -> bool:
        return self.writable and (not s.super_only or self.session.actor.role == "super")

    def _editor(self, s: Setting) -> QWidget:
        if s.type == "bool":
            box = QCheckBox(self)
            box.toggled.connect(lambda _on: self._edited())
            return box
        if s.type == "int":
            spin = QSpinBox(self)
            spin.setRange(s.minimum if s.minimum is not None else -INT_LIMIT,
                          min(s.maximum if s.maximum is not None else INT_LIMIT, INT_LIMIT))
            # 10,000,000 seats read better grouped; a port (7034) is a name, not a quantity.
            spin.setGroupSeparatorShown(s.maximum is None or s.maximum > 65_535)
            spin.valueChanged.connect(lambda _v: self._edited())
            return spin
        if s.type == "choice":
            combo = QComboBox(self)
            # The texts arrive in retranslate(): the width follows them (else "2 minut" in English).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            for value, _zh, _en in s.choices:
                combo.addItem("", value)
            combo.currentIndexChanged.connect(lambda _i: self._edited())
            return combo
        if s.type == "list" and s.choices:
            choices = ChoiceList(s, self)
            choices.edited.connect(self._edited)
            return choices
        if s.type == "list":
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 5 + 12)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("x" * 40))
            edit.textChanged.connect(lambda key=s.key: self._check_lines(key))
            return edit
        if s.type == "date":
            date = DateOrNever(self)
            date.edited.connect(self._edited)
            return date
        line = QLineEdit(self)
        line.setMinimumWidth(line.fontMetrics().horizontalAdvance("x" * 40))
        line.textEdited.connect(lambda _t: self._edited())
        return line

    def retranslate(self) -> None:
        lang = current_lang()
        self.title.setText(page_title(self.page))
        for section, heading in self.headings.items():
            heading.setText(section_title(section, lang))
        for extra in self.extras:
            if hasattr(extra, "retranslate"):
                extra.retranslate()
        for s in self.settings:
            self.labels[s.key].setText(s.label(lang) + ("：" if lang == "zh_CN" else ":"))
            hint = self.helps[s.key]
            hint.setText(s.help_en if lang.startswith("en") else s.help_zh)
            # A wrapped label asks for little width: give it its line, up to the form's measure.
            hint.setMinimumWidth(min(hint.maximumWidth(), hint.fontMetrics().horizontalAdvance(hint.text()) + 4))
            editor = self.editors[s.key]
            editor.setAccessibleName(s.label(lang))
            section = fill(translate("SettingsPage", "manual section %1"), s.section)
            editor.setToolTip(section)
            if isinstance(editor, QCheckBox):
                editor.setText(translate("SettingsPage", "On"))
            elif isinstance(editor, QSpinBox):
                unit = s.unit_text(lang)
                editor.setSuffix(("" if unit == "%" else " ") + unit if unit else "")
                editor.setSpecialValueText(s.zero_text(lang) if editor.minimum() == 0 else "")
            elif isinstance(editor, QComboBox):
                for i, (_value, zh, en) in enumerate(s.choices):
                    editor.setItemText(i, en if lang.startswith("en") else zh)
            elif isinstance(editor, ChoiceList | DateOrNever):
                editor.retranslate(lang)
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlaceholderText(translate("SettingsPage", "One item per line"))
                self._check_lines(s.key)
        if self._usage:
            self.usage.setText(fill(translate("SettingsPage", "Seats in use / limit: %1/%2"), number(self._usage["used"]), number(self._usage["seat_limit"])))
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
        for extra in self.extras:
            if hasattr(extra, "reload"):
                extra.reload()
        self._edited()

    def _show_value(self, s: Setting, value: Any) -> None:
        editor = self.editors[s.key]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, ChoiceList | DateOrNever):
            editor.set_value(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText("\n".join(str(v) for v in value or []))
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
        if isinstance(editor, ChoiceList | DateOrNever):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]
        if isinstance(editor, QLineEdit):
            return editor.text().strip()
        return None

    def value_of_key(self, key: str) -> Any:
        """What the page's editor for `key` holds now, saved or not (an action checks the typed values)."""
        return self.value_of(next(s for s in self.settings if s.key == key))

    def set_value(self, key: str, value: Any) -> None:
        self._show_value(next(s for s in self.settings if s.key == key), value)

    def changed(self) -> dict[str, Any]:
        if not self.loaded:
            return {}  # never shown: nothing read, nothing edited
        return {s.key: self.value_of(s) for s in self.settings
                if self._may_edit(s) and self.value_of(s) != self.loaded.get(s.key)}

    def invalid(self) -> list[str]:
        """Keys whose typed lines do not pass the declaration's check (shown under the field)."""
        return [key for key, label in self.errors.items() if label.text()]

    def _check_lines(self, key: str) -> None:
        """A list typed one item per line: each line is checked by the declaration as it is typed."""
        s = next(x for x in self.settings if x.key == key)
        editor = self.editors[key]
        assert isinstance(editor, QPlainTextEdit)
        problems = []
        for i, line in enumerate(editor.toPlainText().splitlines(), 1):
            if line.strip():
                try:
                    s.parse([line.strip()])
                except ValidationError:
                    problems.append(fill(translate("SettingsPage", "Line %1: “%2” is not valid here"), number(i), line.strip()))
        self.errors[key].setText("\n".join(problems[:5]))
        self.form.setRowVisible(self.errors[key], bool(problems))
        self._edited()

    def _edited(self) -> None:
        self.save_button.setEnabled(not self.invalid())

    def save(self, on_saved: Callable[[ChangeSet], None] | None = None) -> None:
        if self.invalid():
            return
        changes = self.changed()
        if not changes:
            self.host.statusBar().showMessage(translate("SettingsPage", "Nothing to change."), 5000)
            return
        settings = self.session.settings
        self.host.run_change(lambda: settings.plan_set(changes), title=page_title(self.page), on_applied=on_saved)

    # ------------------------------------------------------------------ leaving with unsaved edits
    def leave(self, proceed: Callable[[], None]) -> bool:
        if not self.changed() and not self.invalid():
            return True
        if self.prompt is not None and self.prompt.isVisible():
            return False
        box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Save
                          | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("unsaved_changes_box")
        follow_language(box, setWindowTitle=lambda: page_title(self.page),
                        setText=lambda: translate("SettingsPage", "The settings on this page have unsaved changes."),
                        setInformativeText=lambda: translate("SettingsPage", "Save them before leaving?"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.invalid():
            box.button(QMessageBox.StandardButton.Save).setEnabled(False)
        box.finished.connect(lambda _r: self._answered(box, proceed))
        self.prompt = box
        fit_title(box)
        box.open()
        return False

    def _answered(self, box: QMessageBox, proceed: Callable[[], None]) -> None:
        self.prompt = None
        button = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        if button == QMessageBox.StandardButton.Save:
            self.save(on_saved=lambda _cs: proceed())
        elif button == QMessageBox.StandardButton.Discard:
            for s in self.settings:
                self._show_value(s, self.loaded.get(s.key, s.default))
            proceed()


def _chapter(settings: list[Setting]) -> str:
    return Counter(s.section.split(".", 1)[0] for s in settings).most_common(1)[0][0]


def _order(settings: list[Setting], chapter: str) -> int:
    """The manual's order: 5.1 → 100, 5.3.4 → 304; a page sits where its first section is."""
    best = min(tuple(int(p) for p in s.section.split(".")[1:] if p.isdigit()) or (0,)
               for s in settings if s.section.split(".", 1)[0] == chapter)
    return best[0] * 100 + (best[1] if len(best) > 1 else 0)


def _slug(settings: list[Setting], menu: str) -> str:
    prefix = PAGE_SLUGS.get(settings[0].page) or settings[0].key.split(".", 1)[0]
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
