"""管理工具 → 系统消息 (4.1): the outbox of system messages apps sent through the server API (msg/send)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from youdu_console.gui.i18n import translate
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services.sysmsg import SystemMessageService, SystemMessageView

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow


def _recipients(m: SystemMessageView) -> str:
    if m.to_all:
        return translate("SystemMessages", "Members online") if m.online_only else translate("SystemMessages", "Everyone")
    return " ".join([*m.to_users, *(f"#{d}" for d in m.to_depts)])


def _text(m: SystemMessageView) -> str:
    parts = m.body.get("msg") or []
    texts = [p.get("text", {}).get("content", "") for p in parts if isinstance(p, dict)]
    return " ".join(t for t in texts if t)


class SystemMessageModel(RowTableModel):
    """The outbox, newest first (SystemMessageView rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("id", QT_TRANSLATE_NOOP("Columns", "No."), lambda m: m.id, align_right=True),
            Column("created_at", QT_TRANSLATE_NOOP("Columns", "Time"), lambda m: local_time(m.created_at),
                   sort_key=lambda m: m.created_at),
            Column("app", QT_TRANSLATE_NOOP("Columns", "App"), lambda m: m.app_id),
            Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), lambda m: m.title),
            Column("recipients", QT_TRANSLATE_NOOP("Columns", "Recipients"), _recipients),
            Column("text", QT_TRANSLATE_NOOP("Columns", "Content"), _text, tooltip=_text),
        ], key=lambda m: m.id, parent=parent)


class SystemMessagesPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.model = SystemMessageModel(self)
        self.view = list_view(self, "sysmsg_table", multi=False)
        self.view.setModel(self.model)
        self.title = QLabel(self)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("sysmsg_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("SystemMessages", "System messages sent by apps through the server API"))
        self.refresh_button.setText(translate("SystemMessages", "&Refresh"))
        self.view.setAccessibleName(translate("SystemMessages", "System messages"))
        self.model.retranslate()

    def reload(self) -> None:
        self.model.set_rows(SystemMessageService(self.session.uow, self.session.actor).list(500))
        self.view.resizeColumnsToContents()


def _available(session: Any) -> bool:
    return bool(session.can("logs.read"))


register(PanelSpec("管理工具/系统消息", "tools/sysmsg", QT_TRANSLATE_NOOP("Panels", "System messages"), 100,
                   SystemMessagesPanel, _available))
