"""Fixtures and helpers of the window tests: a plugin each test module names in `pytest_plugins`
(no conftest of our own; the fixtures are prefixed so they never clash with other areas').

Every fixture works on a real SQLite file through the real services; the window runs offscreen.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

from tests.fixtures.core import ROOT, bootstrap
from youdu_console.domain.errors import YouduError
from youdu_console.domain.model import MemberRecord
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.session import Session
from youdu_console.services.console import Console, login

# Offscreen Qt says this once per top-level window; it is about window-manager hints, not our code.
QT_NOISE = r"This plugin does not support"
GUI_MARKS = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING"), pytest.mark.qt_log_ignore(QT_NOISE),
             pytest.mark.usefixtures("gui_preferences")]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def gui_preferences(tmp_path: Path, qapp: QApplication) -> Iterator[Path]:
    """QSettings (profiles, language, geometry) in a temp dir, so tests never share or leak preferences."""
    folder = tmp_path / "config"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def gui_language(qapp: QApplication) -> Iterator[Language]:
    lang = Language(qapp)
    lang.apply_saved("en")
    yield lang
    lang.choose("en")


@pytest.fixture
def gui_org_url(tmp_path: Path) -> str:
    """A small organisation: 研发部/{前端组,后端组}, 产品部, 市场部 and six members."""
    url = f"sqlite:///{tmp_path / 'org.db'}"
    console = bootstrap(url)
    try:
        seed(console)
    finally:
        console.uow.dispose()
    return url


def seed(console: Console) -> None:
    d = console.directory
    for path in ("研发部/前端组", "研发部/后端组", "产品部", "市场部"):
        console.apply(d.plan_add_department(path, parents=True))
    people = [
        ("zhangwei", "张伟", "研发部/前端组", "13800000001", "zw@example.com", "工程师", 10),
        ("lina", "李娜", "研发部/前端组", "13800000002", "lina@example.com", "经理", 50),
        ("wangfang", "王芳", "研发部/后端组", "", "", "工程师", 0),
        ("liuyang", "刘洋", "产品部", "13800000004", "", "产品经理", 0),
        ("chenjing", "陈静", "产品部", "", "chen@example.com", "", 0),
        ("zhaolei", "赵磊", "市场部", "", "", "专员", 0),
    ]
    records = [MemberRecord(account=a, name=n, departments=[p], mobile=m, email=e, position=pos, weight=w, row=i)
               for i, (a, n, p, m, e, pos, w) in enumerate(people, 1)]
    cs = d.plan_upsert(records, kind="seed")
    assert not cs.errors, cs.errors
    console.apply(cs)


def open_console(url: str, name: str = ROOT[0], password: str = ROOT[1]) -> Console:
    from youdu_console.services.console import open_uow

    return login(open_uow(url), name, password)


@pytest.fixture
def job_runner(qapp: QApplication) -> Iterator[JobRunner]:
    r = JobRunner(qapp)
    yield r
    r.wait_for_done()
    qapp.processEvents()


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: Any, job_runner: JobRunner, gui_language: Language) -> Iterator[WindowFactory]:
    """make_window(url, name=, password=) → a shown MainWindow logged in as that administrator."""
    made: list[MainWindow] = []

    def make(url: str, name: str = ROOT[0], password: str = ROOT[1]) -> MainWindow:
        console = open_console(url, name, password)
        main_window = MainWindow(Session(url, console), job_runner, gui_language)
        qtbot.addWidget(main_window)
        main_window.resize(1280, 800)
        main_window.show()
        qtbot.waitExposed(main_window)
        made.append(main_window)
        return main_window

    yield make
    job_runner.wait_for_done()
    for w in made:
        w.session.close()


@pytest.fixture
def live_loop(qapp: QApplication) -> Iterator[Any]:
    """asyncio inside Qt's loop (qasync), as `run_gui` installs it: windows made now listen for live refresh."""
    from youdu_console.gui.live import close_event_loop, install_event_loop

    loop = install_event_loop(qapp)
    yield loop
    close_event_loop(loop)


@pytest.fixture
def windows(live_loop: Any, qtbot: Any, make_window: WindowFactory) -> Iterator[WindowFactory]:
    """make_window, with the windows deleted afterwards: a later test's language switch must not reach
    windows over a database that is gone."""
    made: list[MainWindow] = []

    def make(url: str) -> MainWindow:
        made.append(make_window(url))
        return made[-1]

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def main_window(make_window: WindowFactory, gui_org_url: str) -> MainWindow:
    return make_window(gui_org_url)


def wait_jobs(qtbot: Any, job_runner: JobRunner, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not job_runner.busy, timeout=timeout)


def apply_preview(qtbot: Any, main_window: MainWindow, timeout: int = 15000) -> Any:
    """Wait for the preview dialog of a planned change set, press Apply, wait until it is applied."""
    qtbot.waitUntil(lambda: main_window.preview_dialog is not None and main_window.preview_dialog.isVisible(),
                    timeout=timeout)
    dialog = main_window.preview_dialog
    assert dialog is not None and dialog.apply_button is not None
    with qtbot.waitSignal(main_window.changes_applied, timeout=timeout) as blocker:
        dialog.apply_button.click()
    wait_jobs(qtbot, main_window.runner)
    return blocker.args[0]


def wait_applied(qtbot: Any, main_window: MainWindow, action: Callable[[], Any], timeout: int = 15000) -> Any:
    """Run an action that applies a change set without a preview; return the applied change set."""
    with qtbot.waitSignal(main_window.changes_applied, timeout=timeout) as blocker:
        action()
    wait_jobs(qtbot, main_window.runner)
    return blocker.args[0]


def member(url: str, account: str) -> Any:
    """The member as the database has it now (read through the services, as a fresh session)."""
    console = open_console(url)
    try:
        return console.directory.get_member(account)
    finally:
        console.uow.dispose()


def member_or_none(url: str, account: str) -> Any:
    try:
        return member(url, account)
    except YouduError:
        return None


def departments(url: str) -> dict[str, Any]:
    console = open_console(url)
    try:
        return {v.path: v for v in console.directory.list_departments()}
    finally:
        console.uow.dispose()


def wait_for(condition: Callable[[], Any], timeout: float = 15.0) -> None:
    """Process Qt events until `condition()` holds (for helpers that have no qtbot)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.002)


def directory_panel(main_window: MainWindow) -> Any:
    """The address book panel, shown, with its department tree loaded (the tree loads as a job)."""
    panel = main_window.show_panel("directory/members")
    assert panel is not None
    wait_for(lambda: not panel.departments.loading and panel.departments.snapshot.views)  # type: ignore[attr-defined]
    return panel


def select_department(main_window: MainWindow, path: str) -> Any:
    panel = directory_panel(main_window)
    assert panel.departments.select_path(path), path
    return panel


def select_rows(view: Any, model: Any, predicate: Callable[[Any], bool]) -> list[Any]:
    flags = view.selectionModel().SelectionFlag
    view.clearSelection()
    chosen = []
    for i, row in enumerate(model.rows):
        if predicate(row):
            view.selectionModel().select(model.index(i, 0), flags.Select | flags.Rows)
            chosen.append(row)
    return chosen


class TcpServer:
    """Accepts connections on localhost; answers each first packet with `reply` (None: never answers)."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.clients: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)
            if self.reply is not None:
                try:
                    client.recv(4096)
                    client.sendall(self.reply)
                except OSError:
                    pass

    def close(self) -> None:
        self.stopped.set()
        self.sock.close()
        for c in self.clients:
            c.close()


@pytest.fixture
def tcp_server() -> Iterator[Any]:
    made: list[TcpServer] = []

    def make(reply: bytes | None) -> TcpServer:
        made.append(TcpServer(reply))
        return made[-1]

    yield make
    for server in made:
        server.close()
