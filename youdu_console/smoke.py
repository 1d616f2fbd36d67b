"""`youdu-console --smoke-test`: a throwaway database, every panel, one change set and its undo — frozen or not."""

from __future__ import annotations

import importlib
import os
import pkgutil
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.gui.session import Session
    from youdu_console.services.changes import ChangeSet

SMOKE_ADMIN = "smoke"
SMOKE_DEPT = "冒烟测试/研发部"
SMOKE_ACCOUNT = "smoke.zhangwei"
SMOKE_NAME = "张伟"
WAIT_SECONDS = 60.0
# Offscreen Qt says this for every top-level window: window-manager hints, not a fault of ours.
QT_NOISE = ("This plugin does not support",)
# Module trees that are not importable on their own: Alembic runs these scripts inside its own context.
NOT_IMPORTABLE = ("youdu_console.store.migrations",)
DIALECT_URLS = ("sqlite://", "postgresql+psycopg://smoke@127.0.0.1:1/smoke",
                "mysql+pymysql://smoke@127.0.0.1:1/smoke")


class SmokeFailure(Exception):
    """A check did not hold; the message is the reason printed on the result line."""


@dataclass
class Report:
    """What the run found, printed as one line at the end."""

    step: str = "start"
    modules: int = 0
    dialects: int = 0
    keyring: str = ""
    lang: str = ""
    panels: int = 0
    change_id: int | None = None
    undo_id: int | None = None
    screenshot: str | None = None
    errors: list[BaseException] = field(default_factory=list)

    def line(self) -> str:
        frozen = "yes" if getattr(sys, "frozen", False) else "no"
        text = (f"smoke-test ok: panels={self.panels} change=#{self.change_id} undone=#{self.undo_id} db=sqlite "
                f"modules={self.modules} dialects={self.dialects} keyring={self.keyring} lang={self.lang} "
                f"frozen={frozen}")
        return text + (f" screenshot={self.screenshot}" if self.screenshot else "")


def run_smoke_test() -> int:
    """Run every check; print one line (`smoke-test ok: …` or `smoke-test FAILED at STEP: reason`); 0 on success."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # must precede the QApplication
    report = Report()
    try:
        # ignore_cleanup_errors: on Windows a file still open must not turn a result into a traceback.
        with tempfile.TemporaryDirectory(prefix="youdu-smoke-", ignore_cleanup_errors=True) as tmp:
            _run(Path(tmp), report)
    except Exception as exc:  # noqa: BLE001 - any failure becomes the one-line result
        if os.environ.get("YOUDU_SMOKE_DEBUG"):
            traceback.print_exc()
        print(f"smoke-test FAILED at {report.step}: {reason(exc)}", flush=True)
        return 1
    print(report.line(), flush=True)
    return 0


def reason(exc: BaseException) -> str:
    """One line: our own checks say what failed; anything else is named by its type (coded errors translated)."""
    from youdu_console.domain.errors import YouduError
    from youdu_console.domain.messages import default_lang

    text = exc.message(default_lang()) if isinstance(exc, YouduError) else str(exc)
    line = (text.strip().splitlines() or [""])[0]
    return line if isinstance(exc, SmokeFailure) else f"{type(exc).__name__}: {line}"


def _run(tmp: Path, report: Report) -> None:
    report.step = "modules"
    report.modules = check_modules()
    report.step = "dialects"
    report.dialects = check_dialects()
    report.step = "keyring"
    report.keyring = check_keyring()
    report.step = "excel"
    check_excel(tmp)
    with _catch_unhandled(report):
        try:
            _run_window(tmp, report)
        except Exception as exc:
            if report.errors:  # a slot that raised is the likelier cause of what failed after it
                raise SmokeFailure(f"{reason(exc)} (after an unhandled {reason(report.errors[0])})") from exc
            raise
    if report.errors:
        raise SmokeFailure(f"unhandled {reason(report.errors[0])} in the window")


# ---------------------------------------------------------------- what a frozen bundle may lack

def check_modules() -> int:
    """Import every module of the package: a bundle that missed one (loaded by name at run time) fails here."""
    import youdu_console

    count = 0
    for info in pkgutil.walk_packages(youdu_console.__path__, "youdu_console."):
        if info.name.startswith(NOT_IMPORTABLE) or info.name == __name__:
            continue
        importlib.import_module(info.name)
        count += 1
    from youdu_console.cli.main import group_modules

    missing = [name for name in group_modules() if name not in sys.modules]
    if missing:
        raise SmokeFailure(f"command modules missing: {', '.join(missing)}")
    if count < 50:  # the package has ~100 modules; a handful means the walk saw an empty archive
        raise SmokeFailure(f"only {count} modules of youdu_console found")
    return count


def check_dialects() -> int:
    """The three supported databases: their SQLAlchemy dialects and drivers load (nothing connects)."""
    from youdu_console.store.db import make_engine

    for url in DIALECT_URLS:
        make_engine(url).dispose()
    return len(DIALECT_URLS)


def check_keyring() -> str:
    """keyring finds its backends through package metadata: the bundle must carry it, or secrets are never kept."""
    from importlib.metadata import entry_points

    import keyring

    if not list(entry_points(group="keyring.backends")):
        raise SmokeFailure("keyring has no backends (package metadata not bundled)")
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        # Only PYTHON_KEYRING_BACKEND naming a backend that is not installed gets here.
        raise SmokeFailure(f"keyring backend {os.environ.get('PYTHON_KEYRING_BACKEND')!r} cannot be loaded: "
                           f"{type(exc).__name__}: {exc}") from None
    return f"{type(backend).__module__.rsplit('.', 1)[-1]}.{type(backend).__name__}"


def check_excel(tmp: Path) -> None:
    """The import template is written by code (xlsxwriter) and read back the way imports read it: by calamine in
    a spawned, memory-capped child process, which a frozen build can only start when its entry point calls
    multiprocessing.freeze_support()."""
    from youdu_console.interchange.excel import read_members, write_template

    read = read_members(write_template(tmp / "template.xlsx"))
    if read.records or "account" not in read.columns:
        raise SmokeFailure(f"the written template reads back wrong: columns={sorted(read.columns)}")


# ---------------------------------------------------------------- the window

@contextmanager
def _catch_unhandled(report: Report) -> Iterator[None]:
    """Exceptions raised in Qt slots reach sys.excepthook and would otherwise only be printed."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        report.errors.append(exc)
        traceback.print_exception(kind, exc, tb, file=sys.stderr)

    def qt_messages(mode: QtMsgType, _context: Any, message: str) -> None:
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            report.errors.append(RuntimeError(f"Qt: {message}"))
        if not message.startswith(QT_NOISE):
            print(message, file=sys.stderr)

    saved = sys.excepthook
    sys.excepthook = hook
    previous = qInstallMessageHandler(qt_messages)
    try:
        yield
    finally:
        sys.excepthook = saved
        qInstallMessageHandler(previous)


def _run_window(tmp: Path, report: Report) -> None:
    from PySide6.QtCore import QSettings

    # Geometry and language land in a throwaway folder, never in the user's own preferences.
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "config"))
    from youdu_console.gui.app import application
    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner

    app = application()
    report.step = "icon"
    if app.windowIcon().pixmap(64, 64).isNull():
        raise SmokeFailure("the application icon does not render (Qt's SVG image plugin missing?)")
    language = Language(app)
    language.apply_saved(None)
    runner = JobRunner(app)
    report.step = "database"
    session = _open_session(f"sqlite:///{tmp / 'smoke.db'}")
    try:
        window = _open_window(session, runner, language, report)
        try:
            _change_and_undo(window, report)
        finally:
            window.close()
            _settle(runner)
    finally:
        runner.wait_for_done()
        session.close()


def _open_session(url: str) -> Session:
    """Create and migrate the database, then the first super administrator, the way first run does."""
    from youdu_console.gui.connect import open_connection
    from youdu_console.gui.dialogs.login import create_first_super_admin
    from youdu_console.store.db import current_revision, head_revision

    opened = open_connection(url)
    with opened.uow.read() as conn:
        revision = current_revision(conn)
    if revision != head_revision():
        opened.uow.dispose()
        raise SmokeFailure(f"database at revision {revision}, expected {head_revision()}")
    try:
        return create_first_super_admin(opened.uow, url, SMOKE_ADMIN, secrets.token_urlsafe(16))
    except Exception:
        opened.uow.dispose()
        raise


def _open_window(session: Session, runner: JobRunner, language: Language, report: Report) -> MainWindow:
    from youdu_console.gui.main_window import MainWindow

    report.step = "window"
    window = MainWindow(session, runner, language)
    window.resize(1280, 800)
    window.show()
    _settle(runner)
    report.step = "panels"
    for slug in list(window.panels):
        report.step = f"panel {slug}"
        panel = window.show_panel(slug)
        _settle(runner)
        if panel is None or not panel.isVisible() or window.current_panel() is not panel:
            raise SmokeFailure("the panel did not become the visible one")
        _no_window_error(window)
    report.panels = len(window.panels)
    if report.panels == 0:
        raise SmokeFailure("the main window has no panels")
    report.step = "translation"
    report.lang = _check_language(window, language.current)
    return window


def _check_language(window: MainWindow, lang: str) -> str:
    """In Chinese the tabs must read in Chinese whenever compiled translations ship (a bundle that lost them)."""
    from youdu_console.gui.resources import translations_dir

    shipped = any(translations_dir().glob("*.qm"))
    titles = window.top_titles()
    if lang == "zh_CN" and shipped and not any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles):
        raise SmokeFailure(f"the Chinese translation did not load: the tabs read {', '.join(titles)}")
    return lang


def _change_and_undo(window: MainWindow, report: Report) -> None:
    from youdu_console.domain.model import MemberRecord
    from youdu_console.services import changes

    session = window.session
    report.step = "change"
    record = MemberRecord(account=SMOKE_ACCOUNT, name=SMOKE_NAME, position="工程师", departments=[SMOKE_DEPT], row=1)
    planned = session.directory.plan_upsert([record], kind="smoke", description="smoke test",
                                            create_departments=True)
    if planned.errors:
        raise SmokeFailure(f"the planned change set has errors: {planned.errors[0]}")
    applied = _apply_in_window(window, planned, "smoke test")
    report.change_id = applied.id
    if session.directory.get_member(SMOKE_ACCOUNT).name != SMOKE_NAME:
        raise SmokeFailure("the applied member reads back with another name")
    _department_exists(session, SMOKE_DEPT, expected=True)
    report.step = "screenshot"
    report.screenshot = _screenshot(window)
    report.step = "undo"
    assert applied.id is not None
    undone = _apply_in_window(window, changes.plan_undo(session.uow, session.actor, applied.id), "undo smoke test")
    report.undo_id = undone.id
    if changes.load(session.uow, applied.id).undone_by != undone.id:
        raise SmokeFailure(f"change set #{applied.id} is not marked undone by #{undone.id}")
    if any(m.account == SMOKE_ACCOUNT for m in session.directory.list_members(status=None)):
        raise SmokeFailure("the member is still there after the undo")
    _department_exists(session, SMOKE_DEPT.split("/")[0], expected=False)


def _department_exists(session: Session, path: str, *, expected: bool) -> None:
    found = any(d.path == path for d in session.directory.list_departments())
    if found != expected:
        raise SmokeFailure(f"department {path} {'missing' if expected else 'still there'}")


def _apply_in_window(window: MainWindow, cs: ChangeSet, title: str) -> ChangeSet:
    """Apply through the window's own path (writer thread, then every panel told), without the preview dialog."""
    outcome: dict[str, Any] = {}
    window.apply_planned(cs, title=title, preview=False, on_applied=lambda done: outcome.setdefault("ok", done),
                         on_failed=lambda exc: outcome.setdefault("error", exc))
    _wait(window.runner, lambda: bool(outcome), title)
    if "error" in outcome:
        raise outcome["error"]
    applied: ChangeSet = outcome["ok"]
    if applied.id is None:
        raise SmokeFailure(f"{title}: applied without a change-set id")
    _settle(window.runner)
    _no_window_error(window)
    return applied


def _screenshot(window: MainWindow) -> str | None:
    """YOUDU_SMOKE_SCREENSHOT=PNG: the address book with the smoke department selected (Chinese text on show)."""
    target = os.environ.get("YOUDU_SMOKE_SCREENSHOT")
    if not target:
        return None
    from youdu_console.gui.panels.directory import DirectoryPanel

    panel = window.show_panel("directory/members")
    if not isinstance(panel, DirectoryPanel):
        raise SmokeFailure(f"the address book panel is a {type(panel).__name__}")
    # The tree reloads as a job after the change: the department is selectable once that job has landed.
    _wait(window.runner, lambda: panel.departments.select_path(SMOKE_DEPT), f"selecting {SMOKE_DEPT}")
    _settle(window.runner)
    path = Path(target).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise SmokeFailure(f"cannot write {path}")
    return str(path)


def _no_window_error(window: MainWindow) -> None:
    if window.last_error is not None:
        exc = window.last_error
        raise SmokeFailure(f"the window reported {type(exc).__name__}: {exc}")


def _settle(runner: JobRunner, rounds: int = 4) -> None:
    from youdu_console.gui.app import application, settle

    settle(application(), runner, rounds)


def _wait(runner: JobRunner, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            raise SmokeFailure(f"{what}: no result after {WAIT_SECONDS:.0f} s")
        _settle(runner, rounds=1)
        time.sleep(0.01)
