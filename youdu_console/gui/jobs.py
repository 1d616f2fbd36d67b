"""Long work off the GUI thread (DESIGN §5): Qt-free `job(progress, cancel)` callables on a thread pool.

The runner shows a progress dialog with a cancel button and delivers the result, the error or the
cancellation as signals on the GUI thread. Writes go to a pool of one thread, so SQLite sees one writer.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger("youdu.gui.jobs")

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
Job = Callable[[Progress, Cancel], Any]


class JobCancelled(Exception):
    """Raised by a job that noticed `cancel()` and stopped; the runner reports it as a cancellation."""


def is_cancellation(exc: BaseException) -> bool:
    """A job stopped because it was asked to: ours, or a Qt-free service's (`kind == "cancelled"`)."""
    return isinstance(exc, JobCancelled) or getattr(exc, "kind", "") == "cancelled"


class JobSignals(QObject):
    """One job's outcome. Lives on the GUI thread, so every slot connected to it runs there."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled
    # From the worker thread to this object's (the GUI) thread, which passes them on unless abandoned.
    _relay_progress = Signal(int, int, str)
    _relay_outcome = Signal(str, object)

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.title = title
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.abandoned = False
        self._cancel = threading.Event()
        self._late: Callable[[Any], Any] | None = None
        self._relay_progress.connect(self._pass_progress)
        self._relay_outcome.connect(self._pass_outcome)

    def cancel(self) -> None:
        self._cancel.set()

    def abandon(self, late_result: Callable[[Any], Any] | None = None) -> None:
        """Stop waiting now: `cancelled` and `finished` at once, while the job (a network wait that cannot be
        interrupted) runs out in the background; its outcome then reaches no slot but `late_result`."""
        if self.done or self.abandoned:
            return
        self._cancel.set()
        self.abandoned = True
        self._late = late_result
        self.cancelled.emit()
        self.finished.emit()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def on_success(self, slot: Callable[[Any], Any]) -> JobSignals:
        self.succeeded.connect(slot)
        return self

    def on_failure(self, slot: Callable[[Any], Any]) -> JobSignals:
        self.failed.connect(slot)
        return self

    def _pass_progress(self, done: int, total: int, text: str) -> None:
        if not self.abandoned:
            self.progressed.emit(done, total, text)

    def _pass_outcome(self, kind: str, value: Any) -> None:
        if self.abandoned:
            if kind == "succeeded" and self._late is not None:
                self._late(value)
            return
        if kind == "succeeded":
            self.succeeded.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        elif kind == "cancelled":
            self.cancelled.emit()
        else:
            self.finished.emit()


_WRITER = threading.local()


def on_writer() -> bool:
    """Is this thread running the window's one database writer right now?"""
    return bool(getattr(_WRITER, "active", False))


class _Worker(QRunnable):
    def __init__(self, job: Job, signals: JobSignals, *, writes: bool = False) -> None:
        super().__init__()
        self.job = job
        self.signals = signals
        self.writes = writes

    def run(self) -> None:
        _WRITER.active = self.writes
        try:
            self._run()
        finally:
            _WRITER.active = False

    def _run(self) -> None:
        s = self.signals
        outcome = s._relay_outcome.emit
        try:
            result = self.job(lambda done, total, text="": s._relay_progress.emit(int(done), int(total), str(text)),
                              s._cancel.is_set)
        except JobCancelled:
            outcome("cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window as a value
            if is_cancellation(exc):
                outcome("cancelled", None)  # a service's own Cancelled (kind "cancelled"): stopped as asked
                return
            if not isinstance(exc, Exception):
                log.error("job %r stopped by %r", s.title, exc)
            outcome("failed", exc)
        else:
            if s._cancel.is_set():
                outcome("cancelled", None)
            else:
                outcome("succeeded", result)
        finally:
            outcome("finished", None)


class _WriterCall(QRunnable):
    """A call handed to the writer by another thread (the LDAP schedule), its outcome in a future."""

    def __init__(self, fn: Callable[[], Any], future: concurrent.futures.Future[Any]) -> None:
        super().__init__()
        self.fn = fn
        self.future = future

    def run(self) -> None:
        _WRITER.active = True
        try:
            self.future.set_result(self.fn())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            self.future.set_exception(exc)
        finally:
            _WRITER.active = False


class JobRunner(QObject):
    """Submits jobs; keeps their signals alive until they finish; one writer thread for the database."""

    job_started = Signal(object)
    job_finished = Signal(object)

    def __init__(self, parent: QObject | None = None, *, readers: int = 2) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(readers)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._live: set[JobSignals] = set()
        self._pending: list[tuple[QThreadPool, _Worker]] = []
        self.dialog_parent: QWidget | None = None

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def submit(self, job: Job, *, title: str = "", label: str = "", writes: bool = False,
               cancellable: bool = True, show_progress: bool = True, parent: QWidget | None = None,
               abandon_on_cancel: bool = False) -> JobSignals:
        """`abandon_on_cancel`: Cancel stops the waiting at once (a read-only network wait, e.g. 验证); the
        job runs out in the background and its outcome is dropped."""
        signals = JobSignals(title)
        signals.succeeded.connect(lambda r: _remember(signals, result=r))
        signals.failed.connect(lambda e: _remember(signals, error=e))
        signals.finished.connect(lambda: self._finished(signals))
        self._live.add(signals)
        owner = parent or self.dialog_parent
        if show_progress and owner is not None:
            _attach_progress_dialog(signals, owner, title, label or title, cancellable, abandon_on_cancel)
        self.job_started.emit(signals)
        pool = self._writer if writes else self._readers
        # Started from the event loop, never here: a quick job could otherwise emit its result before
        # the caller has connected to the signals it is about to receive, and the result would be lost.
        self._pending.append((pool, _Worker(job, signals, writes=writes)))
        QTimer.singleShot(0, self, self._start_pending)
        return signals

    def _start_pending(self) -> None:
        pending, self._pending = self._pending, []
        for pool, worker in pending:
            pool.start(worker)

    def _finished(self, signals: JobSignals) -> None:
        signals.done = True
        self._live.discard(signals)
        self.job_finished.emit(signals)

    def run_on_writer(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` on the window's one writer and return its result, from any thread but the GUI's.

        The LDAP schedule plans on its own thread and hands its writes here, so no thread but the writer
        ever applies a change set (SQLite has one writer; the window's edits queue behind it, not beside it).
        """
        if on_writer():
            return fn()
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._writer.start(_WriterCall(fn, future))  # QThreadPool.start is thread-safe
        return future.result()

    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until every submitted job has run (shutdown); their signals arrive at the next event loop."""
        self._start_pending()
        return self._readers.waitForDone(msecs) and self._writer.waitForDone(msecs)


def _remember(signals: JobSignals, *, result: Any = None, error: BaseException | None = None) -> None:
    signals.result = result
    signals.error = error


def _attach_progress_dialog(signals: JobSignals, owner: QWidget, title: str, label: str, cancellable: bool,
                            abandon: bool = False) -> None:
    """A window-modal progress dialog that appears only when the job takes longer than half a second."""
    from youdu_console.gui.i18n import translate

    dialog = QProgressDialog(label, translate("Jobs", "Cancel"), 0, 0, owner)
    if not cancellable:
        dialog.setCancelButton(None)  # type: ignore[arg-type]  # an apply cannot stop half-way
    dialog.setObjectName("job_progress")
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def progressed(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            dialog.setLabelText(text)

    def closed() -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    if cancellable:
        dialog.canceled.connect(lambda: signals.abandon() if abandon else signals.cancel())
    signals.progressed.connect(progressed)
    signals.finished.connect(closed)
