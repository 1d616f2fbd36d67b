"""管理工具 → 同步审批: org/replaceall requests the server API holds while api.replaceall_approval is on.
Preview one (its change set against the directory as it is now), then Apply in the preview approves it —
planned again and applied as one change set — or Reject discards it (services/approvals.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from youdu_console.gui.i18n import fill, translate
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.operations import ChangeOp
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services.approvals import APPROVE, READ, ApprovalService, ApprovalView

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

STATUS = {"pending": QT_TRANSLATE_NOOP("Approvals", "Awaiting approval"),
          "applying": QT_TRANSLATE_NOOP("Approvals", "Being applied"),
          "applied": QT_TRANSLATE_NOOP("Approvals", "Approved and applied"),
          "rejected": QT_TRANSLATE_NOOP("Approvals", "Rejected"),
          "failed": QT_TRANSLATE_NOOP("Approvals", "Failed")}


def _status(a: ApprovalView) -> str:
    return translate("Approvals", STATUS.get(a.status, a.status))


def _summary(a: ApprovalView) -> str:
    s = a.summary
    return fill(translate("Approvals", "%1 added, %2 updated, %3 moved, %4 resigned"), str(s.get("added", 0)),
                str(s.get("updated", 0)), str(s.get("moved", 0)), str(s.get("resigned", 0)))


class ApprovalModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("id", QT_TRANSLATE_NOOP("Columns", "No."), lambda a: a.id, align_right=True),
            Column("created_at", QT_TRANSLATE_NOOP("Columns", "Time"), lambda a: local_time(a.created_at),
                   sort_key=lambda a: a.created_at),
            Column("app", QT_TRANSLATE_NOOP("Columns", "App"), lambda a: a.app_id),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), _status),
            Column("summary", QT_TRANSLATE_NOOP("Columns", "When requested"), _summary),
            Column("decided_by", QT_TRANSLATE_NOOP("Columns", "Decided by"), lambda a: a.decided_by),
        ], key=lambda a: a.id, parent=parent)


class ApprovalsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.model = ApprovalModel(self)
        self.view = list_view(self, "approvals_table", multi=False)
        self.view.setModel(self.model)
        self.title = QLabel(self)
        self.preview_button = QPushButton(self)
        self.reject_button = QPushButton(self)
        self.preview_button.setObjectName("approvals_preview")
        self.reject_button.setObjectName("approvals_reject")
        self.preview_button.clicked.connect(self.preview_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        can_decide = self.session.can(APPROVE)
        self.preview_button.setVisible(can_decide)
        self.reject_button.setVisible(can_decide)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        self.title.setText(translate("Approvals", "Whole-organisation replaces (org/replaceall) awaiting approval"))
        self.preview_button.setText(translate("Approvals", "&Preview and approve…"))
        self.reject_button.setText(translate("Approvals", "&Reject"))
        self.view.setAccessibleName(translate("Approvals", "Requests awaiting approval"))
        self.model.retranslate()

    @property
    def service(self) -> ApprovalService:
        return ApprovalService(self.session.uow, self.session.actor)

    def reload(self) -> None:
        self.model.set_rows(self.service.list())
        self.view.resizeColumnsToContents()
        self._update_enabled()

    def selected(self) -> ApprovalView | None:
        rows = self.model.rows_for(self.view.selectionModel().selectedRows())
        return rows[0] if rows else None

    def _update_enabled(self) -> None:
        chosen = self.selected()
        pending = chosen is not None and chosen.status == "pending"
        self.preview_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)

    def preview_selected(self) -> None:
        """The change set as it would be applied now; Apply in the preview approves (planned again, applied)."""
        chosen = self.selected()
        if chosen is None:
            return
        service, approval_id = self.service, chosen.id
        ChangeOp(self.host, translate("Approvals", "Approve the whole-organisation replace"),
                 plan=lambda: service.plan(approval_id)) \
            .apply_with(lambda _value, _dialog: lambda progress, cancel: service.approve(approval_id)) \
            .success(lambda _cs: self.refresh()).failure(lambda exc: (self.host.report_error(exc), self.refresh())) \
            .run()

    def reject_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        answer = QMessageBox.question(self, translate("Approvals", "Reject"),
                                      fill(translate("Approvals", "Reject request %1? Nothing of it is applied."),
                                           str(chosen.id)))
        if answer == QMessageBox.StandardButton.Yes:
            self.reject(chosen.id)

    def reject(self, approval_id: int) -> None:
        service = self.service
        signals = self.host.runner.submit(lambda progress, cancel: service.reject(approval_id),
                                          title=translate("Approvals", "Reject"), writes=True, cancellable=False)
        signals.succeeded.connect(lambda _view: self.refresh())
        signals.failed.connect(self.host.report_error)


def _available(session: Any) -> bool:
    return bool(session.can(READ))


register(PanelSpec("管理工具/同步审批", "tools/approvals", QT_TRANSLATE_NOOP("Panels", "Sync approvals"), 210,
                   ApprovalsPanel, _available))
