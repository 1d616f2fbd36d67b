"""A table model over a plain Python list of rows, keyed by id; sorting is Python over the list + reset.

Measured here: QSortFilterProxyModel over 100k rows costs 6 s per sort; sorting the list and resetting
the model costs ~33 ms (notes/measured-pitfalls.md), so views never get a proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's id, for selections that survive a reset
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself
COLUMN_CONTEXT = "Columns"
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset({_DISPLAY, _EDIT, _TOOLTIP, _ALIGN, int(KEY_ROLE), int(ROW_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    """One column: an English source title (translated in the "Columns" context) and how to show a row."""

    key: str
    title: str
    value: Callable[[Any], Any]
    sort_key: Callable[[Any], Any] | None = None
    align_right: bool = False
    editable: bool = False
    tooltip: Callable[[Any], str] | None = None

    def heading(self) -> str:
        return QCoreApplication.translate(COLUMN_CONTEXT, self.title)


def _natural(value: Any) -> tuple[int, Any]:
    """Sort numbers as numbers and everything else as text; empty values last."""
    if value is None or value == "":
        return (2, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, int | float):
        return (0, value)
    return (1, str(value).casefold())


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Any] = lambda r: r.id,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Any] = []
        self._row_of: dict[Any, int] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------------ our API
    @property
    def rows(self) -> list[Any]:
        return self._rows

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace every row (a reset: cheap, and the view asks only for the visible cells)."""
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self._reindex()
        self.endResetModel()

    def append_rows(self, rows: Sequence[Any]) -> None:
        """More rows after the ones shown (a page shown first, the rest when it arrives)."""
        if not rows:
            return
        if self._sort is not None:
            self.set_rows([*self._rows, *rows])  # a sorted table: the newcomers belong anywhere
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        for i, r in enumerate(rows, first):
            self._row_of[self._key(r)] = i
        self.endInsertRows()

    def key_at(self, row: int) -> Any:
        return self._key(self._rows[row])

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, key: Any) -> int | None:
        return self._row_of.get(key)

    def rows_for(self, indexes: Iterable[QModelIndex]) -> list[Any]:
        """The distinct rows behind a selection, in table order."""
        seen = sorted({i.row() for i in indexes if i.isValid() and 0 <= i.row() < len(self._rows)})
        return [self._rows[r] for r in seen]

    def replace_row(self, row_value: Any) -> bool:
        r = self._row_of.get(self._key(row_value))
        if r is None:
            return False
        self._rows[r] = row_value
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))
        return True

    def retranslate(self) -> None:
        """Headings and translated cells (status words) follow a language switch."""
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def _reindex(self) -> None:
        self._row_of = {self._key(r): i for i, r in enumerate(self._rows)}

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        col = self.columns[column]
        fn = col.sort_key or (lambda r: _natural(col.value(r)))
        self._rows.sort(key=fn, reverse=order == Qt.SortOrder.DescendingOrder)

    # ------------------------------------------------------------------ Qt overrides
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per visible cell on every paint; most are unused: leave early.
        if role not in _ROLES:
            return None
        r = index.row()
        if not (0 <= r < len(self._rows)) or not index.isValid():
            return None
        row = self._rows[r]
        if role == KEY_ROLE:
            return self._key(row)
        if role == ROW_ROLE:
            return row
        col = self.columns[index.column()]
        if role == _DISPLAY or role == _EDIT:
            value = col.value(row)
            if role == _EDIT and col.editable:
                return value
            return "" if value is None else str(value)
        if role == _TOOLTIP:
            return col.tooltip(row) if col.tooltip is not None else None
        if role == _ALIGN and col.align_right:
            return _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].heading() if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.columns[index.column()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)):
            return
        self._sort = (column, order)
        self.beginResetModel()
        self._sort_rows(column, order)
        self._reindex()
        self.endResetModel()
