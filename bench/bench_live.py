"""Benchmark of live refresh on PostgreSQL (issue #18): how soon another console sees a change, and what a
stream of other consoles' change sets costs a console that only watches.

On a private PostgreSQL (started like the test fixtures), with an organisation of a few hundred members:

1. Latency: an editor (its own console and engine, on a thread) applies one change set every 400 ms; a
   watcher window (offscreen, qasync, the address book showing the edited member) records when the member's
   row in its model changes. Printed: median and p95 of commit → the watcher's model, against the raw limit
   measured on the same change sets: a bare psycopg connection LISTENing on a thread (commit → received).
   Target: median ≤ 200 ms.
2. Idle cost: a watcher window in a process of its own, left alone, while other consoles apply 1,000 change
   sets a minute for SECONDS; printed: the CPU time that process spent (its own process_time) as a share of
   one core, against the raw limit: a process that only LISTENs and reads each payload. Target: ≤ 5 %.

Run: python -m bench.bench_live [--seconds 30] [--samples 60]    (as root or a user that may run initdb)
The machine may be shared: figures are noisy; rerun on a quiet machine for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

from bench.bench_security import start_postgres

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = ("root", "Secret#123")
DEPT = "研发部"
EDITED = "m0001"


def prepare(url: str, members: int = 300) -> None:
    from youdu_console.domain.model import MemberRecord
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import login, open_uow

    uow = open_uow(url)
    AdminService(uow).add(None, ROOT[0], "super", ROOT[1])
    console = login(uow, *ROOT)
    console.apply(console.directory.plan_add_department(DEPT, parents=True))
    records = [MemberRecord(account=f"m{i:04d}", name=f"成员{i}", departments=[DEPT], row=i + 1)
               for i in range(members)]
    console.apply(console.directory.plan_upsert(records, kind="seed"))
    uow.dispose()


class Editor(threading.Thread):
    """Another console: applies `count` one-member edits, `every` seconds apart; records commit times."""

    def __init__(self, url: str, count: int, every: float, accounts: list[str]) -> None:
        super().__init__(daemon=True)
        self.url, self.count, self.every, self.accounts = url, count, every, accounts
        self.committed: dict[str, float] = {}

    def run(self) -> None:
        from youdu_console.services.console import login, open_uow

        console = login(open_uow(self.url), *ROOT)
        start = time.perf_counter()
        for i in range(self.count):
            account = self.accounts[i % len(self.accounts)]
            position = f"p{i}"
            cs = console.directory.plan_update_member(account, position=position)
            console.apply(cs)
            self.committed[position] = time.perf_counter()
            time.sleep(max(0.0, start + (i + 1) * self.every - time.perf_counter()))
        console.uow.dispose()


class RawListener(threading.Thread):
    """The raw limit: a plain psycopg connection LISTENing; records when each change set's notice arrives."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.received: dict[int, float] = {}
        self.ready = threading.Event()
        self.stop = False

    def run(self) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(self.url)
        with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database,
                             autocommit=True) as conn:
            conn.execute("LISTEN youdu_changes")
            self.ready.set()
            while not self.stop:
                for note in conn.notifies(timeout=0.5):
                    self.received[json.loads(note.payload)["id"]] = time.perf_counter()


def latency(url: str, samples: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner
    from youdu_console.gui.live import close_event_loop, install_event_loop
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.gui.session import Session
    from youdu_console.services.console import login, open_uow

    app = QApplication.instance() or QApplication([])
    loop = install_event_loop(app)  # type: ignore[arg-type]
    runner = JobRunner(app)
    language = Language(app)  # type: ignore[arg-type]
    language.apply_saved("en")
    window = MainWindow(Session(url, login(open_uow(url), *ROOT)), runner, language)
    window.remember_geometry = False
    window.resize(1280, 800)
    window.show()
    panel: Any = window.show_panel("directory/members")

    def spin(condition: Any, timeout: float) -> None:
        end = time.perf_counter() + timeout
        while not condition() and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    spin(lambda: window.live.ready and not panel.departments.loading and panel.departments.snapshot.views, 20)
    panel.departments.select_path(DEPT)
    model = panel.members.model
    seen: dict[str, float] = {}

    def changed(top: Any, _bottom: Any, *_roles: Any) -> None:
        row = model.row_at(top.row())
        if row.position not in seen:
            seen[row.position] = time.perf_counter()

    model.dataChanged.connect(changed)
    visible = [m.account for m in model.rows[:20]]
    raw = RawListener(url)
    raw.start()
    raw.ready.wait(10)
    editor = Editor(url, samples, 0.4, visible)  # apart: each notice on its own (a burst waits ≤ 300 ms)
    editor.start()
    spin(lambda: not editor.is_alive() and len(seen) >= samples, samples * 0.4 + 20)
    raw.stop = True
    ids = sorted(raw.received)
    console_ms = sorted((seen[p] - t) * 1000 for p, t in editor.committed.items() if p in seen)
    # The raw listener's notices in commit order match the editor's change sets in order.
    raw_ms = sorted((raw.received[i] - t) * 1000
                    for i, t in zip(ids[-len(editor.committed):], editor.committed.values(), strict=False))
    window.close()
    runner.wait_for_done()
    window.session.close()
    close_event_loop(loop)
    return {"samples": len(console_ms), "console_median_ms": round(statistics.median(console_ms), 1),
            "console_p95_ms": round(console_ms[int(len(console_ms) * 0.95) - 1], 1),
            "raw_median_ms": round(statistics.median(raw_ms), 1),
            "raw_p95_ms": round(raw_ms[int(len(raw_ms) * 0.95) - 1], 1)}


# ---------------------------------------------------------------------- the idle console (a process)


def idle_console(url: str, seconds: float, raw: bool) -> None:
    """Child process: a watcher left alone (or the bare listener); prints its CPU share once done."""
    if raw:
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(url)
        with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database,
                             autocommit=True) as conn:
            conn.execute("LISTEN youdu_changes")
            print("READY", flush=True)
            cpu, wall, count = time.process_time(), time.perf_counter(), 0
            end = wall + seconds
            while time.perf_counter() < end:
                for note in conn.notifies(timeout=max(0.01, end - time.perf_counter())):
                    json.loads(note.payload)
                    count += 1
            print(json.dumps({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall,
                              "notices": count}), flush=True)
        return
    from PySide6.QtWidgets import QApplication

    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner
    from youdu_console.gui.live import close_event_loop, install_event_loop
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.gui.session import Session
    from youdu_console.services.console import login, open_uow

    app = QApplication([])
    loop = install_event_loop(app)
    runner = JobRunner(app)
    language = Language(app)
    language.apply_saved("en")
    window = MainWindow(Session(url, login(open_uow(url), *ROOT)), runner, language)
    window.remember_geometry = False
    window.resize(1280, 800)
    window.show()
    panel: Any = window.show_panel("directory/members")
    end = time.perf_counter() + 30
    while not (window.live.ready and panel.departments.snapshot.views) and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)
    panel.departments.select_path(DEPT)  # the edited members in view: their rows refresh
    for _ in range(100):
        app.processEvents()
        time.sleep(0.01)
    notices = [0]
    window.live.notice_received.connect(lambda _n: notices.__setitem__(0, notices[0] + 1))
    print("READY", flush=True)
    cpu, wall = time.process_time(), time.perf_counter()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    figures = {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall, "notices": notices[0]}
    window.close()
    runner.wait_for_done()
    close_event_loop(loop)
    print(json.dumps(figures), flush=True)


def idle_cost(url: str, seconds: float, raw: bool) -> dict[str, Any]:
    child = subprocess.Popen([sys.executable, "-m", "bench.bench_live", "--idle", url, "--seconds", str(seconds)]
                             + (["--raw"] if raw else []), stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == "READY":
            break
    editor = Editor(url, int(seconds * 1000 / 60), 0.06, [f"m{i:04d}" for i in range(50)])  # 1,000 a minute
    editor.start()
    out = child.stdout.read()
    child.wait(60)
    editor.join()
    figures = json.loads(out.strip().splitlines()[-1])
    return {**figures, "change_sets": len(editor.committed),
            "cpu_percent_of_one_core": round(100 * figures["cpu_s"] / figures["wall_s"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--idle", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--raw", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.idle:
        idle_console(args.idle, args.seconds, args.raw)
        return
    server = start_postgres()
    try:
        url = server.create_database("live")
        prepare(url)
        figures = {"postgresql": server.version, "latency": latency(url, args.samples),
                   "idle_console": idle_cost(url, args.seconds, raw=False),
                   "idle_raw_listener": idle_cost(url, args.seconds, raw=True)}
        print(json.dumps(figures, indent=2))
        lat, idle = figures["latency"], figures["idle_console"]
        print(f"notification → other console's model: median {lat['console_median_ms']} ms "
              f"(target ≤ 200; raw LISTEN {lat['raw_median_ms']} ms)")
        print(f"idle console under 1,000 change sets/min: {idle['cpu_percent_of_one_core']} % of one core "
              f"(target ≤ 5; raw listener {figures['idle_raw_listener']['cpu_percent_of_one_core']} %)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
