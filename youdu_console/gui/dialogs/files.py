"""File dialogs that never open the database: Qt's own dialog, an icon provider that reads no file content,
and the open SQLite database with its `-wal`, `-shm` and `-journal` files hidden.

POSIX advisory locks belong to the process: when any code in it opens and closes the database file (the
platform dialog's or Qt's MIME sniff for an icon or the "Type" column, a preview probe), every lock SQLite
holds on that file is gone. Measured with /proc/locks: opening Qt's default file dialog in the database's
folder dropped the window's READ locks on the database and its `-shm`; the next CLI run then deleted the
WAL under the window. Qt's widget dialog with the provider below opens no file in the folder at all.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QFileInfo,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QStyle, QWidget

from youdu_console.gui.i18n import fill, translate
from youdu_console.store.db import sqlite_files

_ICONS = {
    QAbstractFileIconProvider.IconType.Computer: QStyle.StandardPixmap.SP_ComputerIcon,
    QAbstractFileIconProvider.IconType.Desktop: QStyle.StandardPixmap.SP_DesktopIcon,
    QAbstractFileIconProvider.IconType.Trashcan: QStyle.StandardPixmap.SP_TrashIcon,
    QAbstractFileIconProvider.IconType.Network: QStyle.StandardPixmap.SP_DriveNetIcon,
    QAbstractFileIconProvider.IconType.Drive: QStyle.StandardPixmap.SP_DriveHDIcon,
    QAbstractFileIconProvider.IconType.Folder: QStyle.StandardPixmap.SP_DirIcon,
    QAbstractFileIconProvider.IconType.File: QStyle.StandardPixmap.SP_FileIcon,
}


class NoProbeIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file's kind and name only: Qt's providers ask the MIME database, which
    opens a file whose name does not settle its type (a `-shm`, a `-wal`) to read its first bytes."""

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        style = QApplication.style()
        if isinstance(what, QFileInfo):
            kind = (QAbstractFileIconProvider.IconType.Drive if what.isRoot() else
                    QAbstractFileIconProvider.IconType.Folder if what.isDir() else
                    QAbstractFileIconProvider.IconType.File)
        elif isinstance(what, QAbstractFileIconProvider.IconType):
            kind = what
        else:
            return QIcon()
        return style.standardIcon(_ICONS.get(kind, QStyle.StandardPixmap.SP_FileIcon))

    def type(self, info: QFileInfo) -> str:
        if info.isRoot():
            return translate("FileDialog", "Drive")
        if info.isDir():
            return translate("FileDialog", "Folder")
        suffix = info.suffix()
        return fill(translate("FileDialog", "%1 file"), suffix.upper()) if suffix else \
            translate("FileDialog", "File")


class _DialogModel(QSortFilterProxyModel):
    """Leaves out the open database and its companion files, so nobody picks them (nor opens them), and
    names each entry's type in the window's language now (the file system model keeps the words it was
    first given, so a live language switch would leave them behind)."""

    TYPE_COLUMN = 2

    def __init__(self, hidden: frozenset[str], provider: NoProbeIconProvider, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hidden = hidden
        self.provider = provider

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.hidden and isinstance(model, QFileSystemModel):
            path = model.filePath(model.index(row, 0, parent))
            if path in self.hidden:
                return False
        return True

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        model = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and index.column() == self.TYPE_COLUMN \
                and isinstance(model, QFileSystemModel):
            return self.provider.type(model.fileInfo(self.mapToSource(index)))
        return super().data(index, role)

    def retranslate(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, self.TYPE_COLUMN), self.index(rows - 1, self.TYPE_COLUMN))


class _Retranslator(QObject):
    """Tells the dialog's model when the language changes."""

    def __init__(self, model: _DialogModel, parent: QObject) -> None:
        super().__init__(parent)
        self.model = model

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.model.retranslate()
        return False


def database_files(url: str) -> frozenset[str]:
    """The paths of a SQLite database (resolved) and its `-wal`, `-shm`, `-journal`; empty for a server."""
    return frozenset(str(p) for p in sqlite_files(url))


def file_dialog(parent: QWidget | None, title: str, *, hide: frozenset[str] = frozenset()) -> QFileDialog:
    """A QFileDialog that opens no file it lists; `hide` are paths (the open database's) it leaves out."""
    dialog = QFileDialog(parent, title)
    # The platform's dialog (GTK, KDE, Windows) sniffs files in its own code, where no provider reaches.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontResolveSymlinks, True)
    provider = NoProbeIconProvider()
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # the dialog does not own it
    dialog.setIconProvider(provider)
    model = _DialogModel(hide, provider, dialog)
    dialog.setProxyModel(model)
    dialog.installEventFilter(_Retranslator(model, dialog))
    return dialog


def image_dialog(parent: QWidget, title: str, name: str, url: str, on_selected: Any) -> QFileDialog:
    """An image chooser (logos, the workbench picture) that lists no database file; opened, not run: the
    caller keeps it (`parent.dialog`) and `on_selected(path)` gets the chosen file."""
    dialog = file_dialog(parent, title, hide=database_files(url))
    dialog.setObjectName(name)
    dialog.setNameFilter(translate("AppsPanel", "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp)"))
    dialog.fileSelected.connect(on_selected)
    dialog.open()
    return dialog
