"""The job runner: results, errors and cancellation arrive as signals on the GUI thread; progress is shown."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from tests.gui.support import GUI_MARKS
from youdu_console.domain.errors import ValidationError
from youdu_console.gui.jobs import JobCancelled, JobRunner

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]  # the window fixtures


def test_result_arrives_on_the_gui_thread(qtbot: Any, job_runner: JobRunner) -> None:
    seen: dict[str, Any] = {}

    def job(progress: Any, cancel: Any) -> int:
        seen["worker"] = threading.get_ident()
        return 6 * 7

    signals = job_runner.submit(job, title="answer")
    signals.succeeded.connect(lambda r: seen.update(result=r, thread=threading.get_ident()))
    with qtbot.waitSignal(signals.finished, timeout=5000):
        pass
    assert seen["result"] == 42 and signals.result == 42
    assert seen["thread"] == threading.get_ident()  # delivered to the GUI thread (this one)
    assert seen["worker"] != threading.get_ident()  # computed elsewhere
    assert not job_runner.busy


def test_a_coded_error_is_delivered_as_a_value(qtbot: Any, job_runner: JobRunner) -> None:
    def job(progress: Any, cancel: Any) -> None:
        raise ValidationError("name_required", field="name")

    signals = job_runner.submit(job)
    with qtbot.waitSignal(signals.failed, timeout=5000) as blocker:
        pass
    assert blocker.args[0].code == "name_required" and signals.error is blocker.args[0]


def test_progress_dialog_and_cancel(qtbot: Any, job_runner: JobRunner) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    steps: list[int] = []

    def job(progress: Any, cancel: Any) -> None:
        for i in range(400):
            if cancel():
                raise JobCancelled
            progress(i, 400, f"row {i}")
            steps.append(i)
            time.sleep(0.01)

    signals = job_runner.submit(job, title="Import", parent=owner)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in owner.findChildren(QProgressDialog)), timeout=5000)
    dialog = next(d for d in owner.findChildren(QProgressDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    assert dialog.maximum() == 400 and dialog.labelText().startswith("row ")
    with qtbot.waitSignal(signals.cancelled, timeout=5000):
        dialog.findChild(QPushButton).click()  # the dialog's own Cancel button
    assert len(steps) < 400
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in owner.findChildren(QProgressDialog)), timeout=5000)


def test_writes_run_one_at_a_time(qtbot: Any, job_runner: JobRunner) -> None:
    active, overlaps = [0], [0]
    lock = threading.Lock()

    def write(progress: Any, cancel: Any) -> None:
        with lock:
            active[0] += 1
            overlaps[0] = max(overlaps[0], active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1

    jobs = [job_runner.submit(write, writes=True, show_progress=False) for _ in range(4)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=10000)
    assert overlaps[0] == 1
