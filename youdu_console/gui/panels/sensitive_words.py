"""我的企业 / 敏感信息保护 (manual 5.6.2): the declared settings' page, with a test box.

Type a message in the test box and see at once what a client would send: masked (显示星号) or refused
(消息拦截) — by the words and the mode as they stand on the page, before they are saved, through the same
`TextFilter` the policy engine uses (`policy filter-text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.settings import SETTINGS
from youdu_console.gui.i18n import fill, translate
from youdu_console.gui.panels import settings_pages
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.policy.textfilter import TextFilter

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

PAGE = "敏感信息保护"


class SensitiveWordsPage(settings_pages.SettingsPage):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, PAGE, [s for s in SETTINGS if s.page == PAGE], parent)
        self.words_key, self.mode_key, self.enabled_key = "sensitive.words", "sensitive.mode", "sensitive.enabled"
        self.test_group = QGroupBox(self)
        self.test_group.setObjectName("sensitive_test")
        self.test_input = QPlainTextEdit(self.test_group)
        self.test_input.setObjectName("sensitive_test_input")
        self.test_input.setTabChangesFocus(True)
        self.test_input.setFixedHeight(self.test_input.fontMetrics().lineSpacing() * 3 + 12)
        self.test_output = QLabel(self.test_group)
        self.test_output.setObjectName("sensitive_test_output")
        self.test_output.setWordWrap(True)
        box = QVBoxLayout(self.test_group)
        box.addWidget(self.test_input)
        box.addWidget(self.test_output)
        column = self.form_widget.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.count() - 1, self.test_group)
        self.test_input.textChanged.connect(self.run_test)
        words = self.editors[self.words_key]
        assert isinstance(words, QPlainTextEdit)
        words.setFixedHeight(words.fontMetrics().lineSpacing() * 8 + 12)
        words.textChanged.connect(self.run_test)
        mode, enabled = self.editors[self.mode_key], self.editors[self.enabled_key]
        assert isinstance(mode, QComboBox) and isinstance(enabled, QCheckBox)
        mode.currentIndexChanged.connect(lambda _i: self.run_test())
        enabled.toggled.connect(lambda _on: self.run_test())
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(settings_pages.page_title(PAGE))
        if hasattr(self, "test_group"):
            self.test_group.setTitle(translate("SensitiveWordsPage", "Test: type a message"))
            self.test_input.setPlaceholderText(translate("SensitiveWordsPage", "A message as a member would send it"))
            self.run_test()

    def current_filter(self) -> TextFilter:
        """The rule as the page shows it now (unsaved edits included)."""
        words = [w for w in self.value_of(self._setting(self.words_key)) or []]
        try:
            words = self._setting(self.words_key).parse(words)
        except ValidationError:
            words = [w for w in words if w.strip()]
        return TextFilter(words, str(self.value_of(self._setting(self.mode_key))),
                          bool(self.value_of(self._setting(self.enabled_key))))

    def _setting(self, key: str) -> settings_pages.Setting:
        return next(s for s in self.settings if s.key == key)

    def run_test(self) -> None:
        text = self.test_input.toPlainText()
        if not text:
            self.test_output.setText(translate("SensitiveWordsPage", "The result appears here as you type."))
            return
        rule = self.current_filter()
        if not rule.enabled:
            self.test_output.setText(fill(translate("SensitiveWordsPage", "Protection is off: sent as typed: %1"),
                                          text))
            return
        answer = rule.apply(text)
        if not answer.allowed:
            self.test_output.setText(fill(translate("SensitiveWordsPage", "Blocked: the message holds %1 and is not "
                                                                          "sent."), "、".join(answer.words)))
        elif answer.words:
            self.test_output.setText(fill(translate("SensitiveWordsPage", "Sent as: %1"), answer.text))
        else:
            self.test_output.setText(fill(translate("SensitiveWordsPage", "No sensitive word: sent as typed: %1"),
                                          text))


def _factory(host: MainWindow) -> Panel:
    return SensitiveWordsPage(host)


def _readable(session: Session) -> bool:
    return session.can("settings.read")


# Replaces the page settings_pages generated from the same declarations (imported above, so it registered first).
register(PanelSpec(f"我的企业/{PAGE}", "enterprise/sensitive", QT_TRANSLATE_NOOP("SettingsPages", "Sensitive words"),
                   602, _factory, _readable, title_fn=lambda: settings_pages.page_title(PAGE)))
