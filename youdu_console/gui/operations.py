"""The window's change operation, in the spirit of Anki's `CollectionOp`: plan on the job pool → preview →
apply on the one writer → report and refresh, as one expression:

    ChangeOp(window, translate("LockoutPanel", "Unlock"), plan=lambda: access.plan_unlock(accounts))
        .preview(len(accounts) > 1).success(lambda cs: …).run()

Planning reads (a bulk plan reads a lot) and runs on the pool, never on the GUI thread; the apply is one
transaction on the runner's writer, so no other thread writes; after it the status bar names what was done,
Edit ▸ Undo knows it and every view reloads (`changes_applied`). A refusal arrives as a coded error value.
Imports and the LDAP sync plan with their own cancellable job, preview in their own dialog and apply with their
own job — the same op, with `job=`, `.preview(factory)` and `.apply_with(…)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from youdu_console.domain.errors import ConflictError, YouduError
from youdu_console.gui.dialogs.preview import ChangeSetPreviewDialog
from youdu_console.gui.i18n import current_lang, fill, translate
from youdu_console.gui.jobs import Job, JobSignals
from youdu_console.gui.models.lists import summary_text
from youdu_console.services.changes import ChangeSet, complete

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

log = logging.getLogger("youdu.gui")

Slot = Callable[[Any], Any]
PreviewFactory = Callable[[Any, "dict[str, Any] | None"], QDialog]  # (planned, its rows) → a dialog to open
ApplyFactory = Callable[[Any, "QDialog | None"], Job]  # (planned, the accepted preview) → the writer's job
_UNSET = object()


def report_applied(window: MainWindow, cs: ChangeSet) -> None:
    """A change set was applied: the status bar says what (in words, then how much), the views reload."""
    window.last_applied = cs
    # What was done, in words ("取消授权 zhangwei"), then how much: never just "修改 1".
    window.statusBar().showMessage(fill(translate("MainWindow", "Applied change set #%1: %2 (%3)"), str(cs.id),
                                        cs.describe(current_lang()), summary_text(cs.summary())), 8000)
    window.changes_applied.emit(cs)


def report_failed(window: MainWindow, exc: BaseException, on_failed: Slot | None = None) -> None:
    """A plan or an apply failed: the caller's handler, else a message box; after a conflict every view reloads."""
    window.last_error = exc
    if not isinstance(exc, YouduError):
        log.error("unexpected failure", exc_info=exc)
    if isinstance(exc, ConflictError):
        # Another administrator changed a row we read: say so, and show the current state.
        window.changes_applied.emit(None)
    if on_failed is not None:
        on_failed(exc)
    else:
        window.report_error(exc)


class ChangeOp:
    """One change, from plan to report. Give exactly one of `plan` (a short call returning a ChangeSet, run on
    the pool and completed with what it entails), `job` (a cancellable `job(progress, cancel)` returning what
    `.change_set()` turns into a ChangeSet) or `planned` (a value planned already)."""

    def __init__(self, window: MainWindow, title: str, *, plan: Callable[[], ChangeSet] | None = None,
                 job: Job | None = None, planned: Any = _UNSET, label: str = "",
                 abandon_on_cancel: bool = False) -> None:
        if sum((plan is not None, job is not None, planned is not _UNSET)) != 1:
            raise TypeError("ChangeOp needs exactly one of plan=, job= or planned=")
        self.window = window
        self.title = title
        self._plan = plan
        self._job = job
        self._planned = planned
        self._label = label
        self._abandon = abandon_on_cancel
        self._preview: bool | PreviewFactory = True
        self._apply_job: ApplyFactory | None = None
        self._apply_label = ""
        self._apply_title = ""
        self._change_set_of: Callable[[Any], ChangeSet] = lambda value: value
        self._applied_of: Callable[[Any], ChangeSet | None] = lambda result: result
        self._is_empty: Callable[[Any], bool] | None = None
        self._on_planned: Callable[[Any], bool] | None = None
        self._on_success: Slot | None = None
        self._on_failure: Slot | None = None
        self._on_empty: Slot | None = None
        self._on_rejected: Callable[[], Any] | None = None
        self._on_cancelled: Callable[[], Any] | None = None
        self.job: JobSignals | None = None  # the job running now (the plan's, then the apply's)
        self.dialog: QDialog | None = None  # the preview, while it is open

    # ------------------------------------------------------------------ building
    def preview(self, show: bool | PreviewFactory = True) -> ChangeOp:
        """Preview before applying (the default); a change set with per-row errors is always previewed. A
        factory makes the area's own preview dialog from the planned value and its rows."""
        self._preview = show
        return self

    def apply_with(self, factory: ApplyFactory, *, label: str = "", title: str = "") -> ChangeOp:
        """The writer's job for an accepted plan (an import applies only its valid rows, when asked)."""
        self._apply_job = factory
        self._apply_label = label
        self._apply_title = title
        return self

    def change_set(self, of: Callable[[Any], ChangeSet]) -> ChangeOp:
        """Where the ChangeSet is in what the plan job returns (a sync's result carries one)."""
        self._change_set_of = of
        return self

    def applied_change_set(self, of: Callable[[Any], ChangeSet | None]) -> ChangeOp:
        """Where the applied ChangeSet is in what the apply job returns; None: nothing was applied."""
        self._applied_of = of
        return self

    def planned(self, slot: Callable[[Any], bool]) -> ChangeOp:
        """Called with the planned value before anything is shown; return False to stop there."""
        self._on_planned = slot
        return self

    def empty(self, slot: Slot, *, when: Callable[[Any], bool] | None = None) -> ChangeOp:
        """Nothing to change (`when` says what counts as nothing): this instead of the status bar's words."""
        self._on_empty = slot
        if when is not None:
            self._is_empty = when
        return self

    def success(self, slot: Slot | None) -> ChangeOp:
        """After the window has reported the apply, with what the apply returned."""
        self._on_success = slot
        return self

    def failure(self, slot: Slot | None) -> ChangeOp:
        """A coded refusal of the plan or the apply, instead of the message box."""
        self._on_failure = slot
        return self

    def rejected(self, slot: Callable[[], Any]) -> ChangeOp:
        """The preview was closed without applying, instead of the status bar's "Not applied"."""
        self._on_rejected = slot
        return self

    def cancelled(self, slot: Callable[[], Any]) -> ChangeOp:
        """The plan job was cancelled (nothing was changed)."""
        self._on_cancelled = slot
        return self

    # ------------------------------------------------------------------ running
    def run(self) -> ChangeOp:
        if self._planned is not _UNSET:
            self._show(self._planned, None)
            return self
        wants_rows = self._preview is not False
        plan, job, uow, rows_of = self._plan, self._job, self.window.session.uow, self._change_set_of

        def planned(progress: Any, cancel: Any) -> tuple[Any, dict[str, Any] | None]:
            if job is not None:
                value = job(progress, cancel)
            else:
                assert plan is not None
                value = complete(uow, plan())  # with what it entails (department groups following a move)
            return value, (rows_of(value).to_dict() if wants_rows else None)  # the preview's rows, off the GUI

        signals = self.window.runner.submit(planned, title=self.title, abandon_on_cancel=self._abandon,
                                            label=self._label or translate("MainWindow", "Preparing the changes…"))
        # Lambdas, not bound methods: PySide holds a bound method of a plain object weakly, and nothing else
        # keeps an op alive while its jobs and dialogs run.
        signals.succeeded.connect(lambda out: self._show(*out))
        signals.failed.connect(lambda exc: self._failed(exc))
        if self._on_cancelled is not None:
            signals.cancelled.connect(self._on_cancelled)
        self.job = signals
        return self

    def _show(self, value: Any, rows: dict[str, Any] | None) -> None:
        if self._on_planned is not None and not self._on_planned(value):
            return
        cs = self._change_set_of(value)
        if self._is_empty(value) if self._is_empty is not None else (cs.is_empty and not cs.errors):
            if self._on_empty is not None:
                self._on_empty(value)
            else:
                self.window.statusBar().showMessage(translate("MainWindow", "Nothing to change."), 5000)
            return
        if self._preview is False and not cs.errors:
            self._apply(value, None)
            return
        window = self.window
        if callable(self._preview):
            dialog = self._preview(value, rows)
        else:
            dialog = ChangeSetPreviewDialog(cs, window, window.dept_paths, data=rows)
            window.preview_dialog = dialog
            dialog.destroyed.connect(lambda *_: _forget_preview(window, dialog))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply(value, dialog))
        dialog.rejected.connect(lambda: self._rejected())
        self.dialog = dialog
        dialog.open()

    def _rejected(self) -> None:
        self.dialog = None
        if self._on_rejected is not None:
            self._on_rejected()
        else:
            self.window.statusBar().showMessage(translate("MainWindow", "Not applied."), 5000)

    def _apply(self, value: Any, dialog: QDialog | None) -> None:
        self.dialog = None
        if self._apply_job is not None:
            job = self._apply_job(value, dialog)
        else:
            session, cs = self.window.session, self._change_set_of(value)

            def job(progress: Any, cancel: Any) -> ChangeSet:
                return session.apply(cs)

        # Not cancellable: the apply is one transaction, and a cancel could only arrive once it had begun.
        signals = self.window.runner.submit(job, title=self._apply_title or self.title, writes=True, cancellable=False,
                                            label=self._apply_label or translate("MainWindow",
                                                                                 "Applying the changes…"))
        signals.succeeded.connect(lambda result: self._applied(result))
        signals.failed.connect(lambda exc: self._failed(exc))
        self.job = signals

    def _applied(self, result: Any) -> None:
        cs = self._applied_of(result)
        if cs is not None:
            report_applied(self.window, cs)
        if self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        report_failed(self.window, exc, self._on_failure)


def _forget_preview(window: MainWindow, dialog: QDialog) -> None:
    if window.preview_dialog is dialog:
        window.preview_dialog = None
