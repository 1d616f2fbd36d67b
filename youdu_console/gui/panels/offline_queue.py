"""通讯录 → 离线队列: the helpdesk's offline queue — look members up in the local snapshot, queue unlocks and
password resets while the shared database is unreachable, and see each request's outcome once replayed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from youdu_console.domain.messages import render
from youdu_console.gui.dialogs.password import PasswordDialog
from youdu_console.gui.i18n import current_lang, error_text, fill, number, translate
from youdu_console.gui.live import ONLINE
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.offline_queue import OfflineQueue

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

SNAPSHOT_COLUMNS = (
    Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda m: m["account"]),
    Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda m: m["name"]),
    Column("locked", QT_TRANSLATE_NOOP("Columns", "Locked at"), lambda m: m.get("locked_at") or ""),
    Column("departments", QT_TRANSLATE_NOOP("Columns", "Department"), lambda m: "、".join(m["departments"])),
)
REQUEST_COLUMNS = (
    Column("requested_at", QT_TRANSLATE_NOOP("Columns", "Queued at"), lambda r: r["requested_at"]),
    Column("kind", QT_TRANSLATE_NOOP("Columns", "Request"), lambda r: kind_text(r["kind"])),
    Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda r: r["account"]),
    Column("replayed_at", QT_TRANSLATE_NOOP("Columns", "Replayed at"), lambda r: r.get("replayed_at") or ""),
    Column("outcome", QT_TRANSLATE_NOOP("Columns", "Outcome"), lambda r: outcome_text(r)),
)


def kind_text(kind: str) -> str:
    return {"unlock": translate("OfflineQueuePanel", "Unlock"),
            "set_password": translate("OfflineQueuePanel", "Reset password")}.get(kind, kind)


def outcome_text(r: dict[str, Any]) -> str:
    """Waiting, applied (with its change set), or why it was skipped, refused or expired."""
    outcome = r.get("outcome")
    if outcome is None:
        return translate("OfflineQueuePanel", "Waiting for the database")
    if outcome == "applied":
        return fill(translate("OfflineQueuePanel", "Applied (change set #%1)"), str(r.get("change_id")))
    reason = render(str(r.get("reason")), current_lang(), r.get("params") or {})
    words = {"skipped": translate("OfflineQueuePanel", "Skipped"), "refused": translate("OfflineQueuePanel", "Refused"),
             "expired": translate("OfflineQueuePanel", "Expired")}
    return f"{words.get(str(outcome), str(outcome))}: {reason}"


class OfflineQueuePanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.queue = OfflineQueue(self.session.url, self.session.actor.name)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("offline_state")
        self.state_label.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("offline_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._show_snapshot())
        self.members = RowTableModel(SNAPSHOT_COLUMNS, key=lambda m: m["account"], parent=self)
        self.member_view = list_view(self, "offline_members", multi=True)
        self.member_view.setModel(self.members)
        self.member_view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("offline_queue_unlock")
        self.unlock_button.clicked.connect(self.queue_unlock)
        self.password_button = QPushButton(self)
        self.password_button.setObjectName("offline_queue_password")
        self.password_button.clicked.connect(self.queue_password)
        self.replay_button = QPushButton(self)
        self.replay_button.setObjectName("offline_replay")
        self.replay_button.clicked.connect(self.replay)
        self.queue_title = QLabel(self)
        self.requests = RowTableModel(REQUEST_COLUMNS, key=lambda r: r["id"], parent=self)
        self.request_view = list_view(self, "offline_requests", sortable=False)
        self.request_view.setModel(self.requests)
        self.unlock_button.setVisible(self.session.can("lock.unlock"))
        self.password_button.setVisible(self.session.can("member.password"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.unlock_button)
        bar.addWidget(self.password_button)
        bar.addWidget(self.replay_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(bar)
        layout.addWidget(self.member_view, 2)
        layout.addWidget(self.queue_title)
        layout.addWidget(self.request_view, 1)
        self.dialog: Any = None
        views = getattr(host, "live_views", None)
        if views is not None:
            self.attach_live(views)
        self.retranslate()

    def attach_live(self, views: Any) -> None:
        """Follow the window's connection: queue changes and the online / offline state."""
        views.queue_changed.connect(self.mark_stale)
        views.source.state_changed.connect(self._state_changed)

    def _state_changed(self, _state: str) -> None:
        self._update_enabled()

    @property
    def online(self) -> bool:
        live = getattr(self.host, "live", None)
        return live is None or live.state == ONLINE

    def retranslate(self) -> None:
        self.search.setPlaceholderText(translate("OfflineQueuePanel", "Account or name (from the local snapshot)"))
        self.unlock_button.setText(translate("OfflineQueuePanel", "Queue &unlock"))
        self.password_button.setText(translate("OfflineQueuePanel", "Queue password &reset…"))
        self.replay_button.setText(translate("OfflineQueuePanel", "Re&play now"))
        self.member_view.setAccessibleName(translate("OfflineQueuePanel", "Members in the local snapshot"))
        self.request_view.setAccessibleName(translate("OfflineQueuePanel", "Queued requests and outcomes"))
        self.members.retranslate()
        self.requests.retranslate()
        self._show_state()

    def reload(self) -> None:
        self._show_snapshot()
        try:
            waiting = self.queue.requests()
            done = list(reversed(self.queue.outcomes()))
        except Exception as exc:  # noqa: BLE001 - a damaged queue file: said here, nothing replayed
            self.state_label.setText(error_text(exc))
            waiting, done = [], []
        self.requests.set_rows([*waiting, *done])
        self.queue_title.setText(fill(translate("OfflineQueuePanel", "Queued requests: %1 waiting, %2 done"),
                                      number(len(waiting)), number(len(done))))
        self._show_state()
        self._update_enabled()

    def _show_snapshot(self) -> None:
        try:
            rows = self.queue.lookup(self.search.text()) if self.queue.files.has_keys() else []
        except Exception:  # noqa: BLE001 - no snapshot yet: the state line says so
            rows = []
        self.members.set_rows(rows[:500])

    def _show_state(self) -> None:
        try:
            info = self.queue.snapshot_info()
        except Exception:  # noqa: BLE001
            info = None
        if info is None:
            text = translate("OfflineQueuePanel", "No snapshot on this computer yet: it is taken at each connection.")
        else:
            minutes = int((info["age_seconds"] or 0) // 60)
            text = fill(translate("OfflineQueuePanel", "Snapshot of %1 members taken %2 (%3 min ago); read-only."),
                        number(info["members"]), str(info["taken_at"]), number(minutes))
        if not self.online:
            text = translate("OfflineQueuePanel", "The database cannot be reached: requests are queued, signed, "
                                                  "and replayed when it is back.") + " " + text
        self.state_label.setText(text)

    def _update_enabled(self) -> None:
        chosen = self.member_view.selectionModel().selectedRows()
        self.unlock_button.setEnabled(bool(chosen) and not self.online)
        self.password_button.setEnabled(len(chosen) == 1 and not self.online)
        self.replay_button.setEnabled(self.online)
        self._show_state()

    def selected_accounts(self) -> list[str]:
        return [m["account"] for m in self.members.rows_for(self.member_view.selectionModel().selectedRows())]

    def queue_unlock(self) -> None:
        accounts = self.selected_accounts()
        if accounts:
            self._queue(lambda: self.queue.queue_unlock(accounts))

    def queue_password(self) -> None:
        accounts = self.selected_accounts()
        if len(accounts) != 1:
            return
        dialog = PasswordDialog(accounts[0], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def submit(password: str, force_change: bool) -> None:
            try:
                self.queue.queue_set_password(accounts[0], password, force_change=force_change)
            except Exception as exc:  # noqa: BLE001 - the policy's refusal is shown in the dialog
                dialog.show_error(exc)
                return
            dialog.accept()
            self._queued()

        dialog.password_entered.connect(submit)
        self.dialog = dialog
        dialog.open()

    def _queue(self, action: Any) -> None:
        try:
            action()
        except Exception as exc:  # noqa: BLE001 - refused with its coded reason
            self.host.report_error(exc)
            return
        self._queued()

    def _queued(self) -> None:
        views = getattr(self.host, "live_views", None)
        if views is not None:
            views.queue_changed.emit()
        self.refresh()

    def replay(self) -> None:
        views = getattr(self.host, "live_views", None)
        if views is not None:
            views.connected()


def _available(session: Session) -> bool:
    """A shared server (SQLite has no "unreachable") and a role that unlocks or resets passwords."""
    return session.uow.backend != "sqlite" and (session.can("lock.unlock") or session.can("member.password"))


register(PanelSpec("通讯录/离线队列", "directory/offline", QT_TRANSLATE_NOOP("Panels", "Offline queue"), 35,
                   OfflineQueuePanel, _available))
