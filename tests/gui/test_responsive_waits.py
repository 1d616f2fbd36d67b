"""The window stays responsive while a connection test waits on a server that never answers.

Short waits (a connection test, connecting, LDAP verify, keyring reads) run as jobs on the runner's pool
and end with a signal; the event loop never waits on the network. Measured here: the gaps between the
ticks of a 10 ms timer while a PostgreSQL connection test waits on a silent socket.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from PySide6.QtCore import QTimer

from tests.gui.support import GUI_MARKS
from youdu_console.gui.dialogs.connection import ConnectionDialog
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner

pytestmark = GUI_MARKS
pytest_plugins = ["tests.gui.support"]


def test_the_event_loop_keeps_turning_while_a_connection_test_waits(qtbot: Any, job_runner: JobRunner,
                                                                    gui_language: Language, tcp_server: Any) -> None:
    silent = tcp_server(None)  # accepts, never speaks: the client waits for its connect timeout
    dialog = ConnectionDialog(job_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fill(kind="postgresql", host="127.0.0.1", port=silent.port, database="youdu", user="u", password="p")

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    dialog.test()
    qtbot.waitUntil(lambda: len(silent.clients) > 0, timeout=5000)
    assert not dialog.test_button.isEnabled()  # the test is still waiting on the server …
    ticks.clear()
    qtbot.wait(1500)  # … for all of this second and a half
    timer.stop()
    assert job_runner.busy

    gaps_ms = sorted((b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(gaps_ms) > 50  # the timer kept firing: about 150 ticks in 1.5 s
    p95 = gaps_ms[int(len(gaps_ms) * 0.95)]
    print(f"event loop during the wait: median {statistics.median(gaps_ms):.1f} ms, p95 {p95:.1f} ms, "
          f"max {gaps_ms[-1]:.1f} ms over {len(gaps_ms)} ticks")
    assert p95 <= 50, gaps_ms[-20:]
    dialog.cancel_button.click()
    job_runner.wait_for_done()


def test_the_event_loop_keeps_turning_while_the_live_listener_waits(db_url_factory: Any, qtbot: Any,
                                                                    windows: Any) -> None:
    """The PostgreSQL LISTEN of live refresh awaits its socket inside Qt's loop (qasync): an idle console's
    window keeps turning as freely as with no listener at all."""
    from tests.fixtures.core import bootstrap

    url = db_url_factory("postgresql")
    bootstrap(url).uow.dispose()
    window = windows(url)
    qtbot.waitUntil(lambda: window.live.ready, timeout=10_000)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(1000)  # the listener waits for a notification all this time
    timer.stop()
    assert window.live._task is not None and not window.live._task.done()
    gaps_ms = sorted((b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(gaps_ms) > 30
    p95 = gaps_ms[int(len(gaps_ms) * 0.95)]
    print(f"event loop while the listener waits: median {statistics.median(gaps_ms):.1f} ms, "
          f"p95 {p95:.1f} ms over {len(gaps_ms)} ticks")
    assert p95 <= 50, gaps_ms[-20:]
