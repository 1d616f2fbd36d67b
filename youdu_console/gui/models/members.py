"""Member table (帐号, 姓名, 手机, 邮箱, 职务, 权重, 状态, 部门): id-keyed rows of MemberView, fetched page by page,
drag to move, weight editing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMimeData, QModelIndex, Qt, Signal

from youdu_console.domain.collation import collation_key, name_key
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.model import MemberView
from youdu_console.domain.validation import normalize_weight
from youdu_console.gui.i18n import translate
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, Index, RowTableModel

MEMBERS_MIME = "application/x-youdu-members"
PAGE = 100  # rows fetched at a time: more than a screen holds (even at 1920×1080), 4 ms to read
SORT_LOAD_LIMIT = 5_000  # a header sort over more rows than this is dropped when a new list arrives


def status_text(m: MemberView) -> str:
    """The state words of the manual's lists: 离职, 已禁用, 已授权 / 未授权, plus 已锁定."""
    if m.status == "resigned":
        return translate("MemberStatus", "Resigned")
    words = {"authorized": translate("MemberStatus", "Authorised"), "disabled": translate("MemberStatus", "Disabled"),
             "unauthorized": translate("MemberStatus", "Not authorised")}
    text = words.get(m.authorization, m.authorization)
    if m.locked:
        text += translate("MemberStatus", ", locked")
    if m.online:  # an open client session the IM server reported (policy/sessions.py)
        text += translate("MemberStatus", ", online")
    return text


def _weight_key(m: MemberView) -> tuple[int, str, str]:
    return (m.weight, collation_key(m.account), m.account)


def departments_text(m: MemberView) -> str:
    """Every department of the member by its path (研发部/前端组), to tell namesakes apart."""
    return "、".join(m.departments)


MEMBER_COLUMNS = (
    Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda m: m.account,
           sort_key=lambda m: (collation_key(m.account), m.account)),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda m: m.name, sort_key=lambda m: (name_key(m.name), m.name)),
    Column("mobile", QT_TRANSLATE_NOOP("Columns", "Mobile"), lambda m: m.mobile),
    Column("email", QT_TRANSLATE_NOOP("Columns", "E-mail"), lambda m: m.email),
    Column("position", QT_TRANSLATE_NOOP("Columns", "Position"), lambda m: m.position),
    Column("weight", QT_TRANSLATE_NOOP("Columns", "Weight"), lambda m: m.weight, sort_key=_weight_key,
           align_right=True, editable=True),
    Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), status_text),
    # Last, so it takes the spare width (paths are the longest text); added after the others so that
    # column numbers stay what they were.
    Column("departments", QT_TRANSLATE_NOOP("Columns", "Department"), departments_text,
           sort_key=lambda m: tuple(collation_key(p) for p in m.departments), tooltip=departments_text),
)
# The authorised / disabled / resigned lists: the member columns and the resignation time (shown on the
# resigned list only).
LIST_COLUMNS = (
    *MEMBER_COLUMNS[:7],
    Column("resigned_at", QT_TRANSLATE_NOOP("Columns", "Resigned on"), lambda m: local_time(m.resigned_at),
           sort_key=lambda m: m.resigned_at or ""),
    MEMBER_COLUMNS[7],
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
        self._ids: list[int] | None = None  # the whole list's ids when rows are fetched page by page
        self._next = 0  # how many of them have been fetched
        self._fetch: Callable[[list[int]], list[MemberView]] | None = None

    # ------------------------------------------------------------------ page by page
    def show_ids(self, ids: Sequence[int], fetch: Callable[[list[int]], list[MemberView]],
                 first: Sequence[MemberView] | None = None) -> None:
        """Show the list `ids` (in its order): the first page now (`first`, or fetched), the rest as the
        view scrolls (fetchMore). A header sort survives when the list is small enough to read whole."""
        self.beginResetModel()
        self._ids, self._fetch = list(ids), fetch
        self._next = min(PAGE, len(self._ids))
        self._rows = list(first) if first is not None else fetch(self._ids[:self._next])
        if self._sort is not None:
            if len(self._ids) <= SORT_LOAD_LIMIT:
                self._load_rest()
                self._sort_rows(*self._sort)
            else:
                self._sort = None
        self._reindex()
        self.endResetModel()

    def set_rows(self, rows: Any) -> None:
        self._ids, self._fetch, self._next = None, None, 0
        super().set_rows(rows)

    @property
    def total(self) -> int:
        """Members in the list, fetched or not (the count a title shows)."""
        return len(self._ids) if self._ids is not None else len(self._rows)

    @property
    def sorted_by(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

    def _load_rest(self) -> None:
        if self._ids is None or self._fetch is None or self._next >= len(self._ids):
            return
        self._rows.extend(self._fetch(self._ids[self._next:]))
        self._next = len(self._ids)

    def load_all(self) -> None:
        """Fetch every row not fetched yet (before a select-all or a sort of the whole list)."""
        if self.canFetchMore(QModelIndex()):
            first = len(self._rows)
            rest = self._fetch(self._ids[self._next:]) if self._fetch and self._ids else []
            self._next = len(self._ids or [])
            if rest:
                self.beginInsertRows(QModelIndex(), first, first + len(rest) - 1)
                self._rows.extend(rest)
                self._reindex()
                self.endInsertRows()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._ids is not None and self._next < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._fetch is None or self._ids is None:
            return
        chunk = self._ids[self._next:self._next + PAGE]
        self._next += len(chunk)
        rows = self._fetch(chunk)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            for i, r in enumerate(rows, first):
                self._row_of[r.id] = i
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns):
            self.load_all()  # a sort of the first page only would be a lie
        super().sort(column, order)

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
