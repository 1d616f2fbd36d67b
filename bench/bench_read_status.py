"""Benchmark of 通知公告's read-status dialog (who has not read an announcement) on an "everyone" announcement.

Builds, through the services, an address book of --members members (100,000 by default), one announcement to
everyone and --read of them having read it, then opens the real dialog offscreen and prints, from one run:

- what the window used to do on its thread: `read_status(unread_only=True)` + the model filled, back to back
  (the GUI frozen for that long) — the raw figure the dialog is measured against;
- the dialog now: the time until it is open, the longest the GUI thread was held (a 5 ms timer's worst gap)
  while the recipients load on the job pool, and the time until they are shown;
- the filters over the loaded rows on the GUI thread: all recipients, unread only, a search.

Run: python -m bench.bench_read_status [--members 100000] [--read 8000]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench.orggen import console_with_members
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.panels.announcements import ReaderModel, ReadStatusDialog
from youdu_console.policy.announcements import read_receipt, record_reads
from youdu_console.services.console import Console


def build(url: str, members: int, read: int) -> tuple[Console, int]:
    c = console_with_members(url, members, lambda i: f"总部/事业部{i % 20:02d}")
    ann = int(c.apply(c.announcements.plan_send("全员大会", "周一 9:00", everyone=True)).operations[0].key)
    step = max(1, members // max(read, 1))
    accounts = [f"m{i:06d}" for i in range(0, members, step)][:read]
    for i in range(0, len(accounts), 500):
        record_reads(c.uow, [read_receipt(a, ann) for a in accounts[i:i + 500]])
    return c, ann


class Stalls:
    """The GUI thread's worst hold: a timer asks to run every 5 ms; the longest gap between two runs."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        self._tick()
        return self.worst


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--read", type=int, default=8_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the application is made
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-read-status-") as tmp:
        t = time.perf_counter()
        c, ann = build(f"sqlite:///{Path(tmp) / 'y.db'}", args.members, args.read)
        built = time.perf_counter() - t
        service = c.announcements
        view = service.get(ann)

        # the old dialog: everything on the GUI thread, back to back
        model = ReaderModel()
        old_s = timed(lambda: model.set_rows(service.read_status(ann, unread_only=True)))

        runner = JobRunner()
        stalls = Stalls()
        stalls.start()
        t = time.perf_counter()
        dialog = ReadStatusDialog(service, view, runner)
        dialog.show()
        open_s = time.perf_counter() - t
        assert dialog.loading and dialog.model.rowCount() == 0
        loop = QEventLoop()
        dialog.loaded.connect(loop.quit)
        loop.exec()
        loaded_s = time.perf_counter() - t
        worst_s = stalls.stop()
        assert dialog.model.rowCount() == view.unread, (dialog.model.rowCount(), view.unread)

        all_s = timed(lambda: dialog.unread_only.setChecked(False))
        assert dialog.model.rowCount() == view.recipients
        unread_s = timed(lambda: dialog.unread_only.setChecked(True))
        dialog.search.setText("成员9999")
        search_s = timed(dialog.apply_filter)
        found = dialog.model.rowCount()
        dialog.close()
        runner.wait_for_done()
        app.processEvents()
        c.uow.dispose()
    ms = lambda s: round(s * 1000, 1)  # noqa: E731
    figures = {"members": args.members, "read": view.read, "unread": view.unread, "build_s": round(built, 1),
               "old_gui_thread_load_ms": ms(old_s), "dialog_open_ms": ms(open_s),
               "longest_gui_stall_while_loading_ms": ms(worst_s), "rows_shown_after_ms": ms(loaded_s),
               "filter_all_ms": ms(all_s), "filter_unread_ms": ms(unread_s), "search_ms": ms(search_s),
               "search_found": found}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"read status of an everyone announcement ({args.members} members): open in {figures['dialog_open_ms']} ms, "
          f"rows after {figures['rows_shown_after_ms']} ms, GUI thread held at most "
          f"{figures['longest_gui_stall_while_loading_ms']} ms at a time, against "
          f"{figures['old_gui_thread_load_ms']} ms frozen when loaded on the GUI thread")


if __name__ == "__main__":
    main()
