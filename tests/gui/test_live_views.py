"""A reload that live refresh causes keeps the table's selection (by row id) and scroll position (issue #18)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from tests.gui.support import GUI_MARKS
from youdu_console.gui.live import keep_views, merge
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import list_view
from youdu_console.services.live import ChangeNotice

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]


@dataclass(frozen=True)
class Row:
    id: int
    text: str


def test_a_reload_keeps_selection_and_scroll_position(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    model = RowTableModel([Column("text", "Text", lambda r: r.text)], parent=host)
    model.set_rows([Row(i, f"row {i}") for i in range(300)])
    view = list_view(host, "rows")
    view.setModel(model)
    host.resize(300, 200)
    view.resize(300, 200)
    host.show()
    qtbot.waitExposed(host)
    view.selectRow(150)
    view.verticalScrollBar().setValue(140)
    assert view.verticalScrollBar().value() == 140

    keep_views(host)
    model.set_rows([Row(-1, "new first"), *(Row(i, f"row {i} (changed)") for i in range(300))])  # a reset
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == 140)
    assert [model.key_at(i.row()) for i in view.selectionModel().selectedRows()] == [150]

    model.set_rows([Row(i, f"row {i}") for i in range(10)])  # the next reset is not live refresh's: left alone
    assert view.selectionModel().selectedRows() == []


def test_notices_in_a_burst_merge_into_one() -> None:
    merged = merge([ChangeNotice(7, "a", "member.update", {"member": (1, 2)}),
                    ChangeNotice(9, "b", "member.add", {"member": (3,), "department": (5,)}, reshaped=True)])
    assert merged.id == 9 and merged.actor == "b" and merged.reshaped and not merged.everything
    assert merged.touched("member") == {1, 2, 3} and merged.touched("department") == {5}
    assert ChangeNotice.from_json(merged.to_json()) == ChangeNotice(9, "b", "member.add", {
        "member": tuple(merged.keys["member"]), "department": (5,)}, reshaped=True)
    assert ChangeNotice.from_json("not json") is None
