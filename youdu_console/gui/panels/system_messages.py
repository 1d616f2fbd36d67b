"""管理工具 → 系统消息 (4.1): the outbox of system messages (the administrators' and those apps sent through the
server API, msg/send), and 发送系统消息: a notice to everyone or to members online, with a preview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.errors import YouduError
from youdu_console.domain.sysmsg import Composed
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.forms.ui_system_message_form import Ui_SystemMessageForm
from youdu_console.gui.i18n import current_lang, error_text, translate
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services.sysmsg import SYSMSG_SEND, SystemMessageService, SystemMessageView

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


class SendSystemMessageDialog(RetranslateMixin, QDialog):
    """发送系统消息: what is typed is checked as it is typed (domain.sysmsg), the preview shows the message as it
    will be sent, and OK hands the checked message to the panel (nothing is sent while a field is wrong)."""

    composed = Signal(object)  # the checked message (domain.sysmsg.Composed)

    def __init__(self, service: SystemMessageService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sysmsg_send_dialog")
        self.service = service
        self.ui = Ui_SystemMessageForm()
        self.ui.setupUi(self)
        # four radio buttons, two choices: each pair is its own group
        self.recipients = QButtonGroup(self)
        self.recipients.addButton(self.ui.everyone_radio)
        self.recipients.addButton(self.ui.online_radio)
        self.stay = QButtonGroup(self)
        self.stay.addButton(self.ui.persistent_radio)
        self.stay.addButton(self.ui.timed_radio)
        self.ui.error_message.setVisible(False)
        self.ui.timed_radio.toggled.connect(self.ui.seconds_spin.setEnabled)
        for signal in (self.ui.title_edit.textChanged, self.ui.content_edit.textChanged,
                       self.ui.online_radio.toggled, self.ui.timed_radio.toggled, self.ui.seconds_spin.valueChanged):
            signal.connect(self.update_preview)
        self.ui.buttons.accepted.connect(self.submit)
        self.ui.buttons.rejected.connect(self.reject)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("SystemMessages", "Send a system message"))
        self.ui.intro.setText(translate("SystemMessages", "A text notice to everyone or to the members online, sent "
                                                          "as sysMsgAssistant. Implicit links: [title|URL|ACTION], "
                                                          "ACTION 1 when the client must add its identity token, "
                                                          "0 when not."))
        self.ui.title_label.setText(translate("SystemMessages", "&Title:"))
        self.ui.content_label.setText(translate("SystemMessages", "Co&ntent:"))
        self.ui.recipients_label.setText(translate("SystemMessages", "Recipients:"))
        self.ui.everyone_radio.setText(translate("SystemMessages", "&All users"))
        self.ui.online_radio.setText(translate("SystemMessages", "&Online users"))
        self.ui.display_label.setText(translate("SystemMessages", "Window stays:"))
        self.ui.persistent_radio.setText(translate("SystemMessages", "&Until closed"))
        self.ui.timed_radio.setText(translate("SystemMessages", "&Custom time"))
        self.ui.seconds_spin.setSuffix(translate("SystemMessages", " s"))
        self.ui.seconds_spin.setAccessibleName(translate("SystemMessages", "Seconds (6 to 3600)"))
        self.ui.preview_label.setText(translate("SystemMessages", "&Preview:"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("SystemMessages", "&Send"))
        self.update_preview()

    def message(self) -> Composed:
        """The typed message, checked; a coded error when something is wrong."""
        return self.service.compose(self.ui.title_edit.text(), self.ui.content_edit.toPlainText(),
                                    online_only=self.ui.online_radio.isChecked(),
                                    display=self.ui.seconds_spin.value() if self.ui.timed_radio.isChecked() else None)

    def update_preview(self) -> None:
        try:
            message = self.message()
        except YouduError as exc:
            self.ui.preview_text.setPlainText("")
            typed = bool(self.ui.title_edit.text() or self.ui.content_edit.toPlainText())
            self.ui.error_message.setText(error_text(exc))
            self.ui.error_message.setVisible(typed)
            return
        self.ui.error_message.setVisible(False)
        self.ui.preview_text.setPlainText(message.preview(current_lang()))

    def submit(self) -> None:
        try:
            message = self.message()
        except YouduError as exc:
            self.ui.error_message.setText(error_text(exc))
            self.ui.error_message.setVisible(True)
            return
        self.composed.emit(message)
        self.accept()


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
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sysmsg_send")
        self.send_button.clicked.connect(self.send)
        self.send_button.setVisible(bool(self.session.can(SYSMSG_SEND)))
        self.dialog: SendSystemMessageDialog | None = None
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.send_button)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("SystemMessages", "System messages: sent by administrators and by apps "
                                                       "through the server API"))
        self.send_button.setText(translate("SystemMessages", "Send a system &message…"))
        self.refresh_button.setText(translate("SystemMessages", "&Refresh"))
        self.view.setAccessibleName(translate("SystemMessages", "System messages"))
        self.model.retranslate()

    def send(self) -> SendSystemMessageDialog:
        """发送系统消息: the dialog; its checked message is sent on the writer thread."""
        service = SystemMessageService(self.session.uow, self.session.actor)
        dialog = SendSystemMessageDialog(service, self)
        dialog.composed.connect(lambda message: self._send(service, message))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _send(self, service: SystemMessageService, message: Composed) -> None:
        display = message.display or None
        signals = self.host.runner.submit(
            lambda progress, cancel: service.send_admin(message.title, message.content,
                                                        online_only=message.online_only, display=display),
            title=translate("SystemMessages", "Send a system message"), writes=True, cancellable=False)
        signals.succeeded.connect(lambda _id: self.refresh())
        signals.failed.connect(self.host.report_error)

    def reload(self) -> None:
        self.model.set_rows(SystemMessageService(self.session.uow, self.session.actor).list(500))
        self.view.resizeColumnsToContents()


def _available(session: Any) -> bool:
    return bool(session.can("logs.read"))


register(PanelSpec("管理工具/系统消息", "tools/sysmsg", QT_TRANSLATE_NOOP("Panels", "System messages"), 100,
                   SystemMessagesPanel, _available))
