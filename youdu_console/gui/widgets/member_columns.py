"""How member tables lay out their columns: starting widths by content type, e-mail elided in the middle."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from youdu_console.gui.models.rows import RowTableModel

# Starting widths in average characters; the last column (the department path) takes the spare width.
# Measuring thousands of rows to fit them would cost more than showing them.
WIDTHS = {"account": 14, "name": 9, "mobile": 13, "email": 24, "position": 10, "weight": 6, "status": 11,
          "resigned_at": 17}


class ElideMiddleDelegate(QStyledItemDelegate):
    """Shows `zhangwei…@example.com` rather than `zhangwei@exa…`: both ends of an address tell it apart."""

    def initStyleOption(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


def lay_out_member_columns(view: QTableView, model: RowTableModel) -> None:
    """Interactive columns at widths that fit their usual content, e-mail elided in the middle, the last
    column stretched (so a short column such as 状态 never takes half the table)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    char = view.fontMetrics().averageCharWidth()
    for column, col in enumerate(model.columns):
        chars = WIDTHS.get(col.key)
        if chars is not None:
            view.setColumnWidth(column, char * chars + 16)
        if col.key == "email":
            delegate = ElideMiddleDelegate(view)
            view.setItemDelegateForColumn(column, delegate)
