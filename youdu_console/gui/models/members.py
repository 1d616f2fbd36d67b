"""Member table (帐号, 姓名, 手机, 邮箱, 职务, 权重, 状态): id-keyed rows of MemberView, drag to move, weight editing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, QModelIndex, Qt, Signal

from youdu_console.domain.errors import ValidationError
from youdu_console.domain.model import MemberView
from youdu_console.domain.validation import normalize_weight
from youdu_console.gui.i18n import translate
from youdu_console.gui.models.rows import Column, Index, RowTableModel

MEMBERS_MIME = "application/x-youdu-members"


def status_text(m: MemberView) -> str:
    """The state words of the manual's lists: 离职, 已禁用, 已授权 / 未授权, plus 已锁定."""
    if m.status == "resigned":
        return translate("MemberStatus", "Resigned")
    words = {"authorized": translate("MemberStatus", "Authorised"), "disabled": translate("MemberStatus", "Disabled"),
             "unauthorized": translate("MemberStatus", "Not authorised")}
    text = words.get(m.authorization, m.authorization)
    if m.locked:
        text += translate("MemberStatus", ", locked")
    return text


def _weight_key(m: MemberView) -> tuple[int, str]:
    return (m.weight, m.account)


MEMBER_COLUMNS = (
    Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda m: m.account),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda m: m.name),
    Column("mobile", QT_TRANSLATE_NOOP("Columns", "Mobile"), lambda m: m.mobile),
    Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), lambda m: m.email),
    Column("position", QT_TRANSLATE_NOOP("Columns", "Position"), lambda m: m.position),
    Column("weight", QT_TRANSLATE_NOOP("Columns", "Weight"), lambda m: m.weight, sort_key=_weight_key,
           align_right=True, editable=True),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), status_text),
)


class MemberTableModel(RowTableModel):
    """Rows are MemberView DTOs. Editing a weight asks the panel to plan and apply the change."""

    weight_edited = Signal(str, int)  # account, new weight
    weight_rejected = Signal(object)  # the coded ValidationError

    def __init__(self, parent: Any = None, *, columns: Sequence[Column] = MEMBER_COLUMNS,
                 editable: bool = True, draggable: bool = True) -> None:
        cols = [c if editable or not c.editable else replace(c, editable=False) for c in columns]
        super().__init__(cols, key=lambda m: m.id, parent=parent)
        self.draggable = draggable

    def accounts_for(self, indexes: Sequence[QModelIndex]) -> list[str]:
        return [m.account for m in self.rows_for(indexes)]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.draggable:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.columns[index.column()].editable:
            return False
        member: MemberView = self.row_at(index.row())
        try:
            weight = normalize_weight(value)
        except ValidationError as exc:
            self.weight_rejected.emit(exc)
            return False
        if weight == member.weight:
            return False
        # Shown at once; the panel applies it as a change set and reloads the row either way.
        self.replace_row(replace(member, weight=weight))
        self.weight_edited.emit(member.account, weight)
        return True

    def mimeTypes(self) -> list[str]:
        return [MEMBERS_MIME, "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        accounts = self.accounts_for(indexes)
        mime = QMimeData()
        mime.setData(MEMBERS_MIME, json.dumps(accounts).encode("utf-8"))
        mime.setText("\n".join(accounts))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def accounts_from_mime(mime: QMimeData) -> list[str]:
    if not mime.hasFormat(MEMBERS_MIME):
        return []
    try:
        data = json.loads(bytes(mime.data(MEMBERS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    return [str(a) for a in data] if isinstance(data, list) else []
