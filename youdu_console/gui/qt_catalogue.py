"""Strings of Qt's own widgets that Qt's zh_CN catalogue (qtbase_zh_CN.qm) lacks, declared here so that our
catalogue translates them: Qt asks every installed translator, its own first (see i18n.Language._load)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

# QFileDialog's form carries the mnemonic versions; Qt's catalogue has only "Look in:" and "Files of type:".
MISSING_FROM_QT = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
