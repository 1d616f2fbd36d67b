"""Start-up of the window: the application, its language, then connection → login or first run → main window."""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from youdu_console import APP_NAME_ZH
from youdu_console.domain.errors import AuthenticationError, YouduError
from youdu_console.gui import resources
from youdu_console.gui.appearance import Appearance
from youdu_console.gui.connect import OpenedDatabase, open_connection
from youdu_console.gui.dialogs.common import show_error
from youdu_console.gui.dialogs.connection import ConnectionDialog
from youdu_console.gui.dialogs.login import FirstRunDialog, LoginDialog, log_in
from youdu_console.gui.i18n import Language
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.live import close_event_loop, install_event_loop
from youdu_console.gui.main_window import MainWindow
from youdu_console.gui.prefs import APPLICATION, ORGANISATION
from youdu_console.gui.session import Session

log = logging.getLogger("youdu.gui")


class UnknownPanel(YouduError):
    """--panel names no panel this administrator has: a usage error (exit 2)."""

    exit_code = 2
    kind = "usage"


def application() -> QApplication:
    """The one QApplication (created here, or the test suite's)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # High DPI: fractional screen factors (150 %) pass through unrounded, so text and the SVG icons are
        # drawn at the size the OS asks for, sharp (the icons are vectors painted at the device's scale).
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "youdu-console"])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME_ZH)  # Language sets it again in the window's language
    Appearance.of(app).apply()  # light or dark, following the OS unless the user chose
    app.setWindowIcon(QIcon(str(resources.app_icon())))
    return app


class Startup(QObject):
    """Leads from nothing to a main window: each step is a non-blocking dialog or a job."""

    window_opened = Signal(object)  # MainWindow
    finished = Signal()  # the user cancelled start-up, or closed the main window

    def __init__(self, language: Language, runner: JobRunner, *, url: str | None = None,
                 admin: str | None = None, password: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.runner = runner
        self.url = url
        self.admin = admin
        self.password = password
        self.connection_dialog: ConnectionDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self.first_run_dialog: FirstRunDialog | None = None
        self.window: MainWindow | None = None
        self._switching = False
        self.freeze_after_start = False  # the application sets it; a test process keeps its collector

    def start(self) -> None:
        if self.url:
            self.open_url(self.url)
        else:
            self.show_connection_dialog()

    def show_connection_dialog(self) -> None:
        dialog = ConnectionDialog(self.runner)
        dialog.connected.connect(self._opened)
        dialog.rejected.connect(self.finished.emit)
        self.connection_dialog = dialog
        dialog.show()

    def open_url(self, url: str) -> None:
        job = self.runner.submit(lambda progress, cancel: open_connection(url), show_progress=False)
        job.succeeded.connect(self._opened)
        job.failed.connect(self._open_failed)

    def _open_failed(self, exc: BaseException) -> None:
        self.show_connection_dialog()
        if self.connection_dialog is not None:
            show_error(self.connection_dialog, exc)

    def _opened(self, opened: OpenedDatabase) -> None:
        if opened.admins == 0:
            first = FirstRunDialog(self.runner, opened.uow, opened.url)
            first.logged_in.connect(self._logged_in)
            first.rejected.connect(self.finished.emit)
            self.first_run_dialog = first
            first.show()
            return
        dialog = LoginDialog(self.runner, opened.uow, opened.url, name=self.admin or "")
        dialog.logged_in.connect(self._logged_in)
        dialog.rejected.connect(self.finished.emit)
        self.login_dialog = dialog
        if self.admin and self.password is not None:
            # $YOUDU_ADMIN / $YOUDU_ADMIN_PASSWORD log in without asking; a refusal opens the dialog.
            dialog.password_edit.setText(self.password)
            self.password = None
            dialog.submit()
            return
        dialog.show()

    def _logged_in(self, session: Session) -> None:
        window = MainWindow(session, self.runner, self.language)
        window.switch_database_requested.connect(lambda: self.switch_database(window))
        window.closed.connect(self._window_closed)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window = window
        window.show()
        if self.freeze_after_start:
            # Everything alive now (Qt wrappers, services, the first panels) lives as long as the window:
            # keep it out of the cyclic collector's full passes, which otherwise stall big departments.
            gc.freeze()
        self.window_opened.emit(window)

    def switch_database(self, window: MainWindow) -> None:
        self._switching = True
        window.close()
        window.session.close()
        self._switching = False
        self.window = None
        self.runner.dialog_parent = None  # the old window is going; dialogs will name their own parent
        self.show_connection_dialog()

    def _window_closed(self) -> None:
        if not self._switching:
            self.window = None
            self.finished.emit()


def run_gui(url: str | None = None, lang: str | None = None) -> int:
    """The interactive window (no command given, or `youdu-console gui`)."""
    app = application()
    app.setQuitOnLastWindowClosed(False)  # between start-up dialogs no window may be visible for a moment
    language = Language(app)
    language.apply_saved(lang)
    runner = JobRunner(app)
    startup = Startup(language, runner, url=url, admin=os.environ.get("YOUDU_ADMIN"),
                      password=os.environ.get("YOUDU_ADMIN_PASSWORD"))
    startup.freeze_after_start = True
    startup.finished.connect(app.quit)
    QTimer.singleShot(0, startup.start)
    # asyncio inside Qt's loop (qasync): the window's live-refresh listener awaits its socket there.
    loop = install_event_loop(app)
    try:
        code = app.exec()
        runner.wait_for_done()
    finally:
        close_event_loop(loop)
    return int(code)


def settle(app: QApplication, runner: JobRunner, rounds: int = 4) -> None:
    """Let queued work finish: jobs complete and their signals reach the GUI thread."""
    for _ in range(rounds):
        app.processEvents()
        runner.wait_for_done()
        app.processEvents()


def screenshot(url: str, path: str, *, panel: str | None = None, lang: str | None = None) -> int:
    """`gui --screenshot PNG [--panel NAME]`: render offscreen, save, exit 0 (the first-run step on an empty DB)."""
    app = application()
    language = Language(app)
    language.apply_saved(lang)
    runner = JobRunner(app)
    opened = open_connection(url)
    target: QWidget
    try:
        if opened.admins == 0:
            dialog = FirstRunDialog(runner, opened.uow, url)
            dialog.show()
            target = dialog
        else:
            name, password = os.environ.get("YOUDU_ADMIN"), os.environ.get("YOUDU_ADMIN_PASSWORD")
            if not name or password is None:
                raise AuthenticationError("login_required")
            window = MainWindow(log_in(opened.uow, url, name, password), runner, language)
            window.remember_geometry = False
            window.resize(1280, 800)
            window.show()
            if panel and window.show_panel(panel) is None:
                raise UnknownPanel("usage", detail=f"--panel {panel}: no such panel (one of "
                                                   f"{', '.join(window.panels)})")
            target = window
        settle(app, runner)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not target.grab().save(path, "PNG"):
            raise OSError(f"cannot write {path}")
        target.close()
        settle(app, runner, rounds=1)
    finally:
        opened.uow.dispose()
    return 0
