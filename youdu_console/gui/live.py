"""Live refresh of the window: other consoles' change sets reach the open views as they are applied.

On PostgreSQL an asyncio task LISTENs (psycopg's async connection) inside Qt's own event loop through qasync —
no thread, no timer: the socket is one more notifier of the loop, so a console waiting for news costs nothing
and the window never waits on it. On MariaDB and SQLite the same kind of task polls the journal's newest id
every `live/poll_interval_ms` (a preference, default 1 s) on a thread of its own.

What arrives (services.live.ChangeNotice) refreshes views in place when it only changed values (the member
table re-reads just those rows: selection and scroll stay), and otherwise marks panels stale (a visible one
reloads, keeping its tables' selection and scroll position); an editor open on a changed member says so
before its apply would fail. The status bar shows the connection: online, offline with N requests queued,
or reconnecting.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QTableView

from youdu_console.gui.i18n import fill, translate
from youdu_console.gui.models.rows import KEY_ROLE
from youdu_console.gui.prefs import preferences
from youdu_console.services import live
from youdu_console.services.live import ChangeNotice

if TYPE_CHECKING:
    import qasync

    from youdu_console.gui.main_window import MainWindow
    from youdu_console.gui.session import Session

log = logging.getLogger("youdu.gui.live")
ONLINE, OFFLINE, RECONNECTING = "online", "offline", "reconnecting"
POLL_INTERVAL_KEY = "live/poll_interval_ms"
THROTTLE_MS = 300
DEFAULT_POLL_MS = 1000


# ---------------------------------------------------------------------- the asyncio loop inside Qt's


def install_event_loop(app: QApplication) -> qasync.QEventLoop:
    """Make asyncio run inside the application's Qt event loop (qasync), for the window's awaits."""
    import qasync

    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


def close_event_loop(loop: qasync.QEventLoop) -> None:
    """Cancel what still runs, let the cancellations run, close the loop (else its Qt objects outlive it)."""
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    deadline = time.monotonic() + 2.0
    while any(not t.done() for t in tasks) and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    # Not loop.stop(): it calls QCoreApplication.exit(), which outside exec() leaves the thread's "quit now"
    # flag set, so every later nested QEventLoop.exec() (a modal dialog, pytest-qt's waits) returns at once.
    # The loop joined a running Qt loop (already_running=True); it leaves it the same way.
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # qasync 0.28 has no public way
    loop.close()
    asyncio.events._set_running_loop(None)  # qasync set it when it joined the running Qt loop
    asyncio.set_event_loop(None)


def running_loop() -> asyncio.AbstractEventLoop | None:
    """The qasync loop when one is installed on this thread, else None (the window then has no live refresh)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop if type(loop).__module__.startswith("qasync") else None


# ---------------------------------------------------------------------- the listener / poller


class LiveRefresh(QObject):
    """Delivers other consoles' change sets (`notice_received`) and the connection's state."""

    notice_received = Signal(object)  # ChangeNotice
    state_changed = Signal(str)
    _relay = Signal(object, object)  # a read's outcome, from its thread to this object's (the GUI) thread

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = ONLINE
        self.last_id = 0
        self.last_event = 0  # the event log's newest id seen (the login policy's locks and automatic unlocks)
        self.own: set[int] = set()  # change sets this window applied: it has reloaded for them already
        self.ready = False  # listening (or polling) from a known change set on
        self._task: asyncio.Task[None] | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None  # one thread for its short reads
        self._stopped = False
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._relay.connect(self._settle)

    @property
    def backend(self) -> str:
        return self.session.uow.backend

    def poll_interval(self) -> float:
        value = preferences().value(POLL_INTERVAL_KEY, DEFAULT_POLL_MS)
        try:
            return max(50, int(value)) / 1000  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return DEFAULT_POLL_MS / 1000

    def start(self) -> bool:
        loop = running_loop()
        if loop is None:
            return False
        self._set_state(RECONNECTING)  # connecting: "online" once the first read or LISTEN succeeds
        self._task = loop.create_task(self._listen() if self.backend == "postgresql" else self._poll())
        return True

    def stop(self) -> None:
        self._stopped = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _deliver(self, notice: ChangeNotice | None) -> None:
        if notice is not None and notice.event:
            if notice.id > self.last_event:
                self.last_event = notice.id
                self.notice_received.emit(notice)
            return
        if notice is None or notice.id <= self.last_id and not notice.everything:
            return
        self.last_id = max(self.last_id, notice.id)
        if notice.id in self.own:
            self.own.discard(notice.id)
            return
        self.notice_received.emit(notice)

    async def _read(self, fn: Callable[[Any], Any]) -> Any:
        """A short read on a thread of its own: the event loop never waits on the network. The result comes
        back as a queued Qt signal (the relay lives on the GUI thread), which settles the awaited future."""
        uow = self.session.uow
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[id(future)] = future

        def run() -> None:
            try:
                with uow.read() as conn:
                    outcome: tuple[bool, Any] = (True, fn(conn))
            except Exception as exc:  # noqa: BLE001 - handed to the awaiting task
                outcome = (False, exc)
            with contextlib.suppress(RuntimeError):  # the window went meanwhile
                self._relay.emit(id(future), outcome)

        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="youdu-live")
        self._executor.submit(run)
        return await future

    def _settle(self, key: int, outcome: tuple[bool, Any]) -> None:
        future = self._pending.pop(key, None)
        if future is None or future.done():
            return
        ok, value = outcome
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    async def _catch_up(self) -> None:
        """After a (re)connection: what was applied while this console was not listening."""
        if not self.ready:
            self.last_id, self.last_event = await self._read(live.heads)
            self.ready = True
            return
        last_id, last_event = self.last_id, self.last_event
        for notice in await self._read(lambda conn: live.changes_after(conn, last_id)
                                       + live.events_after(conn, last_event)):
            self._deliver(notice)

    async def _poll(self) -> None:
        while not self._stopped:
            try:
                latest, event = await self._read(live.heads)
                if not self.ready:
                    self.last_id, self.last_event, self.ready = latest, event, True
                elif latest > self.last_id or event > self.last_event:
                    await self._catch_up()
                    self.last_event = max(self.last_event, event)  # other events (a re-hash) move it too
                self._set_state(ONLINE)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - unreachable, or refused: try again at the next tick
                log.debug("poll failed", exc_info=True)
                self._set_state(OFFLINE)
            await asyncio.sleep(self.poll_interval())

    async def _listen(self) -> None:
        import psycopg
        from psycopg.conninfo import make_conninfo

        url = self.session.uow.engine.url
        params = {"host": url.host, "port": url.port, "user": url.username, "password": url.password,
                  "dbname": url.database, "connect_timeout": 5}
        conninfo = make_conninfo("", **{k: v for k, v in params.items() if v is not None})
        delay = 0.5
        while not self._stopped:
            try:
                conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
            except psycopg.OperationalError:
                self._set_state(OFFLINE if self.state != ONLINE else RECONNECTING)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 8.0)
                continue
            try:
                await conn.execute(f"LISTEN {live.CHANNEL}")
                await self._catch_up()
                self._set_state(ONLINE)
                delay = 0.5
                async for note in conn.notifies():
                    self._deliver(ChangeNotice.from_json(note.payload))
            except (psycopg.OperationalError, OSError):
                self._set_state(RECONNECTING)
            except Exception:  # noqa: BLE001 - a read the catch-up could not do: the server went away
                log.debug("listener failed", exc_info=True)
                self._set_state(RECONNECTING)
            finally:
                with contextlib.suppress(Exception):
                    await conn.close()


# ---------------------------------------------------------------------- the views


def merge(notices: list[ChangeNotice]) -> ChangeNotice:
    """Several notices as one: every row they touched, the newest id and author."""
    keys: dict[str, set[Any]] = {}
    for n in notices:
        for entity, values in n.keys.items():
            keys.setdefault(entity, set()).update(values)
    last = notices[-1]
    return ChangeNotice(max(n.id for n in notices), last.actor, last.kind,
                        {k: tuple(v) for k, v in keys.items()}, any(n.everything for n in notices),
                        any(n.reshaped for n in notices), all(n.event for n in notices))


class _ViewKeeper(QObject):
    """Keeps a table's selection (by row id) and scroll position across the next reset of its model."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.active = True  # only the next reset: later ones (another department chosen) are not ours
        model = view.model()
        self.keys = {model.data(i, KEY_ROLE) for i in view.selectionModel().selectedRows()}
        self.scroll = (view.verticalScrollBar().value(), view.horizontalScrollBar().value())
        model.modelReset.connect(self._restore)
        QTimer.singleShot(10_000, self, self._done)  # a panel that did not reload after all

    def _restore(self) -> None:
        if not self.active:
            return
        self.active = False
        model = self.view.model()
        selection = self.view.selectionModel()
        if self.keys:
            flags = selection.SelectionFlag
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                if model.data(index, KEY_ROLE) in self.keys:
                    selection.select(index, flags.Select | flags.Rows)
        # After the layout has taken the new rows (the scroll range grows with them).
        QTimer.singleShot(0, self, self._scroll_back)

    def _scroll_back(self) -> None:
        vertical, horizontal = self.scroll
        self.view.verticalScrollBar().setValue(vertical)
        self.view.horizontalScrollBar().setValue(horizontal)
        self._done()

    def _done(self) -> None:
        self.active = False
        with contextlib.suppress(RuntimeError, TypeError):
            self.view.model().modelReset.disconnect(self._restore)
        self.deleteLater()


def keep_views(widget: QObject) -> None:
    """Hold on to the selection and scroll position of every row table in a panel across its next reload."""
    for view in widget.findChildren(QTableView):
        if view.model() is not None and view.selectionModel() is not None:
            _ViewKeeper(view)


class LiveViews(QObject):
    """Applies notices to the window's panels; on each connection, refreshes the offline snapshot and replays
    the offline queue (services.offline_queue) for an administrator who unlocks or resets passwords."""

    queue_changed = Signal()  # requests queued, replayed or refused: the queue view and the indicator follow
    replayed = Signal(object)  # the outcomes (list of dicts) of a replay

    def __init__(self, window: MainWindow, source: LiveRefresh) -> None:
        super().__init__(window)
        self.window = window
        self.source = source
        source.notice_received.connect(self.receive)
        source.state_changed.connect(self._state_changed)
        # A busy server (an import elsewhere, a thousand change sets a minute) must not keep the window
        # reloading: the first notice applies at once, those that follow within THROTTLE_MS together after it
        # (1,000 change sets a minute: about 3 refreshes a second instead of 17).
        self._waiting: list[ChangeNotice] = []
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(THROTTLE_MS)
        self._throttle.timeout.connect(self._flush)
        window.changes_applied.connect(self._own_applied)
        self.queue_changed.connect(self.show_state)
        self.last_notice: ChangeNotice | None = None
        self.last_error: BaseException | None = None
        self._syncing = False

    @property
    def helpdesk_work(self) -> bool:
        """Offline work makes sense here: a shared server, and a role that unlocks or resets passwords."""
        session = self.window.session
        return session.uow.backend != "sqlite" and (session.can("lock.unlock") or session.can("member.password"))

    def _state_changed(self, state: str) -> None:
        if state == ONLINE:
            self.connected()

    def connected(self) -> None:
        """On each connection: replay what was queued meanwhile, then take a fresh snapshot (a background job)."""
        if not self.helpdesk_work or self._syncing:
            return
        from youdu_console.services.offline_queue import Replay, refresh_snapshot

        session = self.window.session
        self._syncing = True

        def sync(progress: object, cancel: object) -> list[dict[str, Any]]:
            outcomes = Replay(session.console, session.url).run()
            refresh_snapshot(session.console, session.url)
            return outcomes

        job = self.window.runner.submit(sync, writes=True, show_progress=False)
        job.succeeded.connect(self._synced)
        job.failed.connect(self._sync_failed)

    def _synced(self, outcomes: list[dict[str, Any]]) -> None:
        self._syncing = False
        if any(o["outcome"] == "applied" for o in outcomes):
            self.window.refresh_all()
        self.replayed.emit(outcomes)
        self.queue_changed.emit()

    def _sync_failed(self, exc: BaseException) -> None:
        self._syncing = False
        self.last_error = exc
        log.info("offline queue sync failed: %s", exc)
        self.queue_changed.emit()

    def show_state(self, *_args: Any) -> None:
        """The status bar's connection indicator, in the window's language."""
        state = self.source.state
        label = self.window.status_connection
        label.setText(connection_text(state, _queued(self.window) if state != ONLINE else 0))
        label.setProperty("connection", state)

    def _own_applied(self, cs: Any) -> None:
        if cs is not None and cs.id is not None:
            self.source.own.add(int(cs.id))

    def receive(self, notice: ChangeNotice) -> None:
        if self._throttle.isActive():
            self._waiting.append(notice)
            return
        self.apply(notice)
        self._throttle.start()

    def _flush(self) -> None:
        if self._waiting:
            waiting, self._waiting = self._waiting, []
            self.apply(merge(waiting))
            self._throttle.start()

    def apply(self, notice: ChangeNotice) -> None:
        self.last_notice = notice
        window = self.window
        if notice.everything or "department" in notice.keys:
            window.refresh_all()
        for slug, panel in window.panels.built_items():  # a page built later reads everything then
            if slug == "directory/members" and self._members_in_place(panel, notice):
                continue
            if panel.isVisible():
                keep_views(panel)
            panel.mark_stale()

    def _members_in_place(self, panel: Any, notice: ChangeNotice) -> bool:
        """Values of members shown changed (not who is listed): re-read those rows only. True when done."""
        pane = getattr(panel, "members", None)
        if pane is None:
            return False
        changed = notice.touched("member") | notice.touched("login_state")
        if not notice.event:  # a lock leaves the member's version alone: an open edit still applies
            self._warn_editor(pane, changed, notice)
        if notice.everything or notice.reshaped or set(notice.keys) - {"member", "login_state"}:
            return False
        shown = [i for i in changed if pane.model.row_of(i) is not None]
        if shown:
            for row in self.window.session.directory.members_by_ids(shown):
                pane.model.replace_row(row)
            pane._update_enabled()
        return True

    def _warn_editor(self, pane: Any, changed: set[Any], notice: ChangeNotice) -> None:
        dialog = pane.dialog
        member = getattr(dialog, "member", None)
        if member is None or member.id not in changed or not hasattr(dialog, "show_field_error"):
            return
        with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
            if dialog.isVisible():
                dialog.show_field_error("form", fill(translate(
                    "LiveViews", "%1 changed this member meanwhile (change set #%2): applying your edits will "
                                 "fail; close and open the member again."), notice.actor, str(notice.id)))


# ---------------------------------------------------------------------- the status bar


def connection_text(state: str, queued: int) -> str:
    if state == ONLINE:
        return translate("LiveViews", "● Online")
    if state == RECONNECTING:
        return translate("LiveViews", "◌ Reconnecting…")
    return translate("LiveViews", "○ Offline, %n request(s) queued", None, queued)


def attach(window: MainWindow) -> LiveRefresh:
    """Hook the window up: listener or poller, the views it refreshes, the status bar's indicator."""
    source = LiveRefresh(window.session, window)
    views = LiveViews(window, source)
    window.live_views = views  # type: ignore[attr-defined]
    for panel in window.panels.built():  # panels made before the hook-up (made later, they find it)
        if hasattr(panel, "attach_live"):
            panel.attach_live(views)
    source.state_changed.connect(views.show_state)
    window.language.changed.connect(views.show_state)  # bound slots: gone with the window
    views.show_state()
    source.start()
    return source


def _queued(window: MainWindow) -> int:
    """Requests in this administrator's offline queue on this desktop."""
    from youdu_console.services.offline_queue import OfflineQueue

    try:
        return len(OfflineQueue(window.session.url, window.session.actor.name).requests())
    except Exception:  # noqa: BLE001 - a damaged queue file is reported in the queue view, not here
        return 0
