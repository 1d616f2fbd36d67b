"""Every text a person can see in a window (titles, labels, buttons, tool tips, headers, menus, tabs), and the
check that none of it is English in the Chinese window except product names and data."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Names that stay as they are in Chinese text: products, protocols, formats, platforms, keys, and the
# language menu, which is bilingual on purpose ("语言 / Language", "English").
ALLOWED = frozenset("""
    LDAP LDAPS ldap ldaps Excel RTX AD URL IP IPv4 IPv6 CIDR OU OUs DN CSV XLSX XLS xlsx xls dat DAT PEM CA TLS
    StartTLS SSL Windows Mac macOS Linux Android iOS OpenLDAP inetOrgPerson Active Directory Microsoft Youdu SQLite
    PostgreSQL MySQL MariaDB ID GID API Qt PNG JSON JPG SVG HTTP HTTPS UTF Ctrl Shift Alt Del Ins Esc Enter Tab
    PgUp PgDown Home End Backspace Space F1 F2 F5 UID objectGUID userAccountControl sAMAccountName displayName
    mail mobile cn dc ou uid Unix AM PM
    English Language xml xms cron KB MB GB TB
    EncodingAESKey App Logo Token TOKEN token JPEG GIF BMP WebP emoji OA
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
_CHUNK = re.compile(r"[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”‘’…—·、，。：；（）()]+")
_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")
_COMMAND = re.compile(r"youdu-console(\s+-{0,2}[A-Za-z][\w-]*)*")  # a command line quoted in a hint is not prose


def english_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """The English words of a text, leaving out allowed names, the given data and data-like tokens
    (addresses, paths, file names, DNs, examples with = : / @ . or digits)."""
    known = set(data)
    text = _COMMAND.sub("", _MNEMONIC.sub("", text))
    out = []
    for chunk in _CHUNK.findall(text):
        if chunk in known or any(c in chunk for c in "=/@.:\\_%#<>[]{}|") or any(c.isdigit() for c in chunk):
            continue
        out += [w for w in _WORD.findall(chunk) if w not in ALLOWED and w not in known]
    return out


def _menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    for action in menu.actions():
        if action.isVisible() and not action.isSeparator():
            yield action.text()
            if action.menu() is not None:
                yield from _menu_texts(action.menu())


def widget_texts(widget: QWidget) -> Iterator[str]:
    """The texts this one widget shows (not its children's)."""
    if widget.isWindow():
        yield widget.windowTitle()
    if widget.toolTip():
        yield widget.toolTip()
    if isinstance(widget, QLabel):
        yield widget.text()
    elif isinstance(widget, QAbstractButton):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QDateEdit) and widget.date() == widget.minimumDate():
        yield widget.specialValueText()
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        yield getattr(widget, "suffix", lambda: "")()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QTabBar):
        yield from (widget.tabText(i) for i in range(widget.count()))
    elif isinstance(widget, QMenuBar):
        for action in widget.actions():
            if action.isVisible() and action.menu() is not None:
                yield from _menu_texts(action.menu())
    elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal \
            and widget.model() is not None and not widget.isHidden():
        for column in range(widget.count()):
            header = widget.model().headerData(column, Qt.Orientation.Horizontal)
            if isinstance(header, str) and not widget.isSectionHidden(column):
                yield header
    for action in widget.actions():
        if action.isVisible() and not action.isSeparator() and not isinstance(widget, QMenuBar | QMenu):
            yield action.text()
            if action.toolTip() != action.text().replace("&", ""):
                yield action.toolTip()


def visible_widgets(root: QWidget) -> Iterator[QWidget]:
    if not root.isVisible():
        return
    yield root
    for child in root.findChildren(QWidget):
        if child.isVisible() and (child.isWindow() is False or child is root):
            yield child


def english_in(root: QWidget, data: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(where, text) for every visible text of the window that has English words (see english_words)."""
    data = set(data)
    found = []
    for widget in visible_widgets(root):
        for text in widget_texts(widget):
            if text and english_words(text, data):
                found.append((f"{type(widget).__name__}#{widget.objectName()}", text))
    return found
