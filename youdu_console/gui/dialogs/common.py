"""Small shared pieces of the dialogs: live retranslation, a one-line prompt, and error boxes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.errors import ConflictError, ValidationErrors, YouduError
from youdu_console.gui.appearance import fit_title
from youdu_console.gui.i18n import error_text, translate

Texts = str | Callable[[], str]  # a text, or how to make it again in the current language


def text_of(text: Texts) -> str:
    return text() if callable(text) else text


class _FollowLanguage(QObject):
    """Sets a widget's texts again, from their factories, whenever the language changes."""

    def __init__(self, widget: QWidget, setters: dict[str, Callable[[], str]]) -> None:
        super().__init__(widget)
        self.setters = setters
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange and isinstance(obj, QWidget):
            for setter, make in self.setters.items():
                getattr(obj, setter)(make())
            if isinstance(obj, QFileDialog):
                obj.setSidebarUrls(obj.sidebarUrls())  # its "Computer" place is named once, when it is made
            if obj.isWindow() and obj.isVisible():
                fit_title(obj)
        return False


def follow_language(widget: QWidget, **setters: Texts) -> None:
    """`follow_language(box, setWindowTitle=lambda: translate(…))`: set now, and again after a language switch
    (for Qt's own dialogs and message boxes, which retranslate only their own buttons)."""
    makers = {name: text for name, text in setters.items() if callable(text)}
    for name, text in setters.items():
        getattr(widget, name)(text_of(text))
    if makers:
        _FollowLanguage(widget, makers)


class RetranslateMixin:
    """Widgets call `retranslate()` once when built and again whenever the language changes; a dialog is
    wide enough for its whole title when shown and after a switch."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if isinstance(self, QDialog) and self.isVisible():
                fit_title(self)
        super().changeEvent(event)  # type: ignore[misc]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if isinstance(self, QDialog):
            fit_title(self)
        super().showEvent(event)  # type: ignore[misc]

    def retranslate(self) -> None:
        raise NotImplementedError


def error_title(exc: BaseException) -> str:
    if isinstance(exc, ConflictError):
        return translate("Errors", "Changed by another administrator")
    if isinstance(exc, ValidationErrors):
        return translate("Errors", "Invalid entries")
    if isinstance(exc, YouduError):
        return translate("Errors", "Refused")
    return translate("Errors", "Unexpected error")


def error_details(exc: BaseException) -> str:
    if isinstance(exc, ValidationErrors):
        lines = []
        for err in exc.errors[:200]:
            where = err.get("row") or err.get("entry") or ""
            lines.append(f"{where} {err.get('field') or ''}: {err.get('message')}".strip())
        return "\n".join(lines)
    return ""


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A non-blocking message box with the coded error in the window's language."""
    box = QMessageBox(QMessageBox.Icon.Warning, "", "", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error_box")
    follow_language(box, setWindowTitle=lambda: error_title(exc), setText=lambda: error_text(exc),
                    setAccessibleName=lambda: error_title(exc))
    details = error_details(exc)
    if details:
        follow_language(box, setDetailedText=lambda: error_details(exc))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_title(box)
    box.open()
    return box


def show_info(parent: QWidget | None, title: Texts, text: Texts) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "", "", QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("info_box")
    follow_language(box, setWindowTitle=title, setText=text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_title(box)
    box.open()
    return box


class PromptDialog(RetranslateMixin, QDialog):
    """Asks for one line of text (a department name); non-blocking: listen to `text_accepted`."""

    text_accepted = Signal(str)

    def __init__(self, parent: QWidget | None, title: Texts, label: Texts, text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("prompt_dialog")
        self._title = title
        self._label_text = label
        self.edit = QLineEdit(text, self)
        self.edit.setObjectName("prompt_edit")
        self.edit.selectAll()
        self.label = QLabel(self)
        self.label.setBuddy(self.edit)
        self.error = QLabel(self)
        self.error.setObjectName("prompt_error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.label, self.edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(text_of(self._title))
        self.label.setText(text_of(self._label_text))
        self.edit.setAccessibleName(text_of(self._label_text).replace("&", ""))

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _accept(self) -> None:
        self.text_accepted.emit(self.edit.text())
