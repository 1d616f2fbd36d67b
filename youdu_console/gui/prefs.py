"""Per-desktop preferences (window layout, language, connection profiles): QSettings, never secrets."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "Youdu"
APPLICATION = "youdu-console"


def preferences() -> QSettings:
    """An INI file in the user's config directory (tests point QSettings.setPath at a temp dir)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)
