"""LDAP / Active Directory synchronisation (manual 1.1.1, 4.5): settings, 验证, preview, guarded apply, history, schedule.

A sync reads the directory (interchange.ldap), plans one change set (services.ldap_plan) and applies it in one
transaction as the "ldap-sync" actor. Every run, incremental ones included, looks for leavers (the identifier
sweep or AD's deleted-objects view, interchange.ldap.deletions). Guard-rails: a failed, partial or empty read
changes nothing; removals above the threshold wait for confirmation, on every run; the first sync and the
first after a settings change must be previewed; manual edits are reported. Every attempt is recorded in the
run history (store.tables.LDAP_SYNC_RUNS).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Table, desc, insert, select

from youdu_console.domain.errors import ValidationError, ValidationErrors, YouduError
from youdu_console.domain.messages import render
from youdu_console.domain.settings_ldap import check_server
from youdu_console.interchange.common import Cancelled
from youdu_console.interchange.ldap import dn as dnlib
from youdu_console.interchange.ldap import keyring_store
from youdu_console.interchange.ldap.config import LdapConfig
from youdu_console.interchange.ldap.connection import (
    close,
    detect_flavor,
    open_connection,
    read_root_dse,
    test_connection,
)
from youdu_console.interchange.ldap.mapping import Mapping, build_mapping
from youdu_console.interchange.ldap.reader import read_directory
from youdu_console.interchange.ldap.search import BrowseNode, Cancel, Progress, browse
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, apply, bulk_work, complete, utcnow
from youdu_console.services.ldap_plan import SyncPlan, SyncPlanner
from youdu_console.services.settings import SettingsService
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

log = logging.getLogger("youdu.ldap")

LDAP_ACTOR = Actor("ldap-sync", "super")  # every sync is journalled and audited under this name
R: Table = tables.LDAP_SYNC_RUNS
GOOD = ("applied", "nothing")  # runs after which the address book matches the directory up to their cursor
PREVIEWED = ("previewed", "applied", "nothing")
BULK_HINT = 100_000  # a full read's size is unknown until it is done
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(uow: UnitOfWork) -> threading.Lock:
    key = uow.engine.url.render_as_string(hide_password=True)
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


@dataclass
class SyncResult:
    """One sync: its change set (applied or not), why it stopped if it did, and what it saw."""

    status: str  # applied | nothing | previewed | needs_preview | blocked | invalid
    mode: str  # full | incremental
    trigger: str  # manual | schedule
    changeset: ChangeSet
    notices: list[dict[str, Any]] = field(default_factory=list)
    removals: int = 0
    removal_limit: int = 0
    synced_members: int = 0
    over_threshold: bool = False
    stats: dict[str, Any] = field(default_factory=dict)
    refusal: YouduError | None = None
    run_id: int | None = None
    plan_hash: str = ""
    cursor: str | None = None
    server_id: str = ""
    started_at: dt.datetime | None = None

    @property
    def applied(self) -> bool:
        return self.status == "applied"

    def to_dict(self, lang: str = "zh_CN") -> dict[str, Any]:
        """The documented change-set JSON plus an `ldap` block (mode, guard figures, notices, refusal)."""
        out = self.changeset.to_dict()
        out["ldap"] = {"run_id": self.run_id, "status": self.status, "mode": self.mode, "trigger": self.trigger,
                       "removals": self.removals, "removal_limit": self.removal_limit,
                       "over_threshold": self.over_threshold,
                       "synced_members": self.synced_members, "notices": self.notices, "stats": self.stats,
                       "refusal": self.refusal.to_dict(lang) if self.refusal else None}
        return out


class LdapSyncService:
    """What the window's LDAP 集成 page and `ldap …` commands call. Long work is also offered as jobs."""

    def __init__(self, uow: UnitOfWork, actor: Actor,
                 password_provider: Callable[[LdapConfig], str | None] | None = None,
                 writer: Callable[[Callable[[], Any]], Any] | None = None) -> None:
        self.uow = uow
        self.actor = actor
        self.password_provider = password_provider or (lambda cfg: keyring_store.get_password(cfg.server))
        # Where this service's writes run: inline (the CLI's one process), or the window's one writer.
        self.write: Callable[[Callable[[], Any]], Any] = writer or (lambda fn: fn())

    # ------------------------------------------------------------------ settings
    def config(self) -> LdapConfig:
        return LdapConfig.from_settings(SettingsService(self.uow, None).values())

    def mapping(self, cfg: LdapConfig | None = None) -> Mapping:
        cfg = cfg or self.config()
        return build_mapping(cfg.flavor, cfg.mapping)

    def _require(self) -> None:
        if self.actor != LDAP_ACTOR:
            self.actor.require("ldap.manage")

    def plan_config(self, *, server: str, bind_dn: str, base_dn: str, flavor: str | None = None,
                    start_tls: bool | None = None, ca_file: str | None = None, verify_tls: bool | None = None,
                    selected_ous: list[str] | None = None, selected_users: list[str] | None = None,
                    mapping: list[str] | None = None, password: str | None = None,
                    unreachable_ok: bool = False) -> ChangeSet:
        """Plan the settings change (a change set of settings). Without `flavor` the server is asked; with
        `unreachable_ok` (the window) a server that cannot be reached keeps the stored flavour instead of
        refusing, so the settings can be saved while it is down."""
        self._require()
        try:
            url = check_server(server)
        except ValueError as exc:
            raise ValidationError("setting_invalid", field="ldap.server", key="ldap.server", value=server,
                                  reason=str(exc)) from None
        if not url:
            raise ValidationError("ldap_not_configured", field="ldap.server")
        for key, dn in (("ldap.base_dn", base_dn), ("ldap.bind_dn", bind_dn)):
            if key == "ldap.base_dn" or "=" in dn:  # AD also accepts DOMAIN\user and user@domain binds
                if not dnlib.rdns(dn):
                    raise ValidationError("ldap_dn_invalid", field=key, dn=dn)
        for dn in [*(selected_ous or []), *(selected_users or [])]:
            dnlib.rdns(dn)
        changes: dict[str, Any] = {"ldap.server": url, "ldap.bind_dn": bind_dn.strip(), "ldap.base_dn": base_dn.strip()}
        optional = {"ldap.start_tls": start_tls, "ldap.ca_file": ca_file, "ldap.verify_tls": verify_tls,
                    "ldap.selected_ous": selected_ous, "ldap.selected_users": selected_users, "ldap.mapping": mapping,
                    "ldap.flavor": flavor}
        changes.update({k: val for k, val in optional.items() if val is not None})
        if flavor is None:
            current = self.config()
            candidate = replace(current, server=url, bind_dn=changes["ldap.bind_dn"], base_dn=changes["ldap.base_dn"],
                                start_tls=current.start_tls if start_tls is None else start_tls,
                                ca_file=current.ca_file if ca_file is None else ca_file,
                                verify_tls=current.verify_tls if verify_tls is None else verify_tls)
            secret = password or self.password_provider(candidate)
            try:
                changes["ldap.flavor"] = detect_flavor(candidate, secret)
            except YouduError as exc:
                if not unreachable_ok or exc.kind != "unavailable" and exc.code != "ldap_password_missing":
                    raise
        if mapping is not None:
            build_mapping(str(changes.get("ldap.flavor", self.config().flavor)), mapping)
        return SettingsService(self.uow, self.actor).plan_set(changes)

    def store_password(self, server: str, password: str) -> bool:
        """Keep the bind password in the secret store; False when none is usable (then it is asked each time)."""
        return self.keep_password(server, password) is not None

    def keep_password(self, server: str, password: str) -> str | None:
        """Keep the bind password in this user's secret store: the OS keyring, or the 0600 secrets file the
        administrator chose (`secrets use file`). Returns the store's name; None when none is usable here."""
        self._require()
        return keyring_store.store_password(check_server(server), password)

    def plan_schedule(self, enabled: bool) -> ChangeSet:
        self._require()
        return SettingsService(self.uow, self.actor).plan_set({"ldap.schedule_enabled": enabled})

    def _password(self, cfg: LdapConfig, given: str | None) -> str:
        secret = given or self.password_provider(cfg)
        if not secret:
            raise ValidationError("ldap_password_missing", field="password", server=cfg.server)
        return secret

    # ------------------------------------------------------------------ 验证 and browsing
    def test(self, password: str | None = None) -> dict[str, Any]:
        """Connect, bind and check the base DN; raises a coded error naming the reason."""
        self._require()
        cfg = self.config()
        return test_connection(cfg, self._password(cfg, password))

    def browse(self, dn: str | None = None, password: str | None = None,
               cancel: Cancel | None = None) -> list[BrowseNode]:
        """Children of `dn` (the base DN when None) for the OU / user picker, loaded one level at a time."""
        self._require()
        cfg = self.config()
        conn = open_connection(cfg, self._password(cfg, password))
        try:
            return browse(conn, cfg, self.mapping(cfg), dn, cancel=cancel)
        finally:
            close(conn)

    # ------------------------------------------------------------------ sync
    def sync(self, *, dry_run: bool = False, confirm_removals: bool = False, skip_invalid: bool = False,
             overwrite_manual: bool = False, full: bool = False, password: str | None = None,
             trigger: str = "manual", progress: Progress | None = None, cancel: Cancel | None = None) -> SyncResult:
        """Read, plan and (unless `dry_run` or a guard stops it) apply. Read failures raise, after being
        recorded; guard stops come back as a result whose `refusal` says why (nothing was changed)."""
        self._require()
        cfg = self.config()
        if not cfg.configured:
            raise ValidationError("ldap_not_configured", field="ldap.server")
        lock = _lock_for(self.uow)
        if not lock.acquire(blocking=False):
            raise YouduError("ldap_busy")
        started = utcnow()
        mode = "full"
        try:
            try:
                secret = self._password(cfg, password)
                plan, mode, cursor, server_id = self._read_and_plan(cfg, secret, full, overwrite_manual,
                                                                    progress, cancel)
                if cancel is not None and cancel():
                    raise Cancelled()
            except YouduError as exc:
                self._record_failure(cfg, started, mode, trigger, exc)
                raise
            result = SyncResult(status="previewed", mode=mode, trigger=trigger, changeset=plan.changeset,
                                notices=plan.notices, removals=plan.removals, removal_limit=plan.removal_limit,
                                synced_members=plan.synced_members, over_threshold=plan.over_threshold,
                                stats=plan.stats, plan_hash=cfg.plan_hash(),
                                cursor=cursor, server_id=server_id, started_at=started)
            return self._finish(cfg, result, plan, dry_run=dry_run, confirm_removals=confirm_removals,
                                skip_invalid=skip_invalid)
        finally:
            lock.release()

    def _read_and_plan(self, cfg: LdapConfig, secret: str, full: bool, overwrite_manual: bool,
                       progress: Progress | None, cancel: Cancel | None) -> tuple[SyncPlan, str, str | None, str]:
        mapping = self.mapping(cfg)
        conn = open_connection(cfg, secret)
        try:
            dse = read_root_dse(conn, cfg)  # before searching: AD's highestCommittedUSN is the next cursor
            since = None if full else self._incremental_cursor(cfg, dse.server_id)
            # A read may hold the whole directory as small acyclic objects: see changes.bulk_work.
            with bulk_work(BULK_HINT):
                snap = read_directory(conn, cfg, mapping, dse, since=since, progress=progress, cancel=cancel)
        finally:
            close(conn)
        if progress is not None:
            progress(len(snap.users), len(snap.users), render("ldap_progress_plan", None, {"count": len(snap.users)}))
        planner = SyncPlanner(self.uow, LDAP_ACTOR.name, removal_percent=cfg.removal_threshold_percent,
                              removal_count=cfg.removal_threshold_count, overwrite_manual=overwrite_manual)
        who = "" if self.actor == LDAP_ACTOR else f"（{self.actor.name}）"
        mode_zh = "完整比对" if snap.mode == "full" else "增量"
        with bulk_work(len(snap.users)):
            plan = planner.plan(snap, f"LDAP 同步：{mode_zh} {cfg.server} {cfg.base_dn}{who}")
        return plan, snap.mode, snap.cursor, snap.server_id

    def _finish(self, cfg: LdapConfig, result: SyncResult, plan: SyncPlan, *, dry_run: bool,
                confirm_removals: bool, skip_invalid: bool) -> SyncResult:
        cs = result.changeset
        if plan.empty_result:
            result.status = "blocked"
            result.refusal = YouduError("ldap_empty_result", synced=plan.synced_members)
        elif cs.errors and not skip_invalid:
            result.status = "invalid"
            result.refusal = ValidationErrors(cs.errors)
        elif dry_run:
            result.changeset = complete(self.uow, cs)  # the preview shows what it entails (department groups)
            result.status = "previewed"
        elif cs.is_empty:
            result.status = "nothing"  # the address book already matches: as good as a preview of these settings
        elif not self._previewed(result.plan_hash):
            result.status = "needs_preview"
            result.refusal = YouduError("ldap_preview_required")
        elif plan.over_threshold and not confirm_removals:
            result.status = "blocked"
            result.refusal = YouduError("ldap_removals_over_threshold", count=plan.removals, limit=plan.removal_limit)
        else:
            try:
                cs = self.write(lambda: apply(self.uow, cs, LDAP_ACTOR))
            except YouduError as exc:  # e.g. an administrator changed a member meanwhile: nothing was applied
                self._record_failure(cfg, result.started_at or utcnow(), result.mode, result.trigger, exc)
                raise
            result.changeset = cs
            result.status = "applied"
        result.run_id = self._record(cfg, result)
        return result

    def apply_preview(self, result: SyncResult, *, confirm_removals: bool = False,
                      skip_invalid: bool = False) -> SyncResult:
        """Apply exactly the change set a preview showed (the window's "确定" after the preview dialog)."""
        self._require()
        if result.status != "previewed":
            raise YouduError("ldap_preview_required")
        cfg = self.config()
        if cfg.plan_hash() != result.plan_hash:
            raise YouduError("ldap_preview_required")  # the settings changed since that preview
        plan = SyncPlan(changeset=result.changeset, mode=result.mode, notices=result.notices,
                        removals=result.removals, synced_members=result.synced_members,
                        removal_limit=result.removal_limit, over_threshold=result.over_threshold)
        again = replace(result, status="previewed", refusal=None, run_id=None, started_at=utcnow())
        with _lock_for(self.uow):
            return self._finish(cfg, again, plan, dry_run=False, confirm_removals=confirm_removals,
                                skip_invalid=skip_invalid)

    def sync_job(self, **kwargs: Any) -> Callable[[Progress, Cancel], SyncResult]:
        """The sync as a Qt-free job `job(progress, cancel) -> SyncResult` for the window's job runner."""

        def job(progress: Progress, cancel: Cancel) -> SyncResult:
            return self.sync(progress=progress, cancel=cancel, **kwargs)

        return job

    def apply_preview_job(self, result: SyncResult, *, confirm_removals: bool = False,
                          skip_invalid: bool = False) -> Callable[[Progress, Cancel], SyncResult]:
        """Applying a preview as a job (a big first sync writes for a while)."""

        def job(progress: Progress, cancel: Cancel) -> SyncResult:
            if cancel():
                raise Cancelled()
            return self.apply_preview(result, confirm_removals=confirm_removals, skip_invalid=skip_invalid)

        return job

    def test_job(self, password: str | None = None) -> Callable[[Progress, Cancel], dict[str, Any]]:
        def job(progress: Progress, cancel: Cancel) -> dict[str, Any]:
            return self.test(password)

        return job

    def browse_job(self, dn: str | None = None,
                   password: str | None = None) -> Callable[[Progress, Cancel], list[BrowseNode]]:
        def job(progress: Progress, cancel: Cancel) -> list[BrowseNode]:
            return self.browse(dn, password, cancel=cancel)

        return job

    # ------------------------------------------------------------------ history and cursors
    def _runs(self, *conditions: Any, limit: int = 1) -> list[Any]:
        with self.uow.read() as conn:
            return list(conn.execute(select(R).where(*conditions).order_by(desc(R.c.id)).limit(limit)).all())

    def _previewed(self, plan_hash: str) -> bool:
        """A preview is due unless the newest previewed or applied run used these same settings."""
        rows = self._runs(R.c.status.in_(PREVIEWED))
        return bool(rows) and rows[0].plan_hash == plan_hash

    def _incremental_cursor(self, cfg: LdapConfig, server_id: str) -> str | None:
        """Where an incremental read may start, or None when a full comparison is due."""
        good = self._runs(R.c.status.in_(GOOD))
        if not good or not good[0].cursor or good[0].plan_hash != cfg.plan_hash() or good[0].server_id != server_id:
            return None
        fulls = self._runs(R.c.status.in_(GOOD), R.c.mode == "full")
        if not fulls or cfg.full_compare_minutes == 0:
            return None
        if utcnow() - fulls[0].started_at >= dt.timedelta(minutes=cfg.full_compare_minutes):
            return None
        return str(good[0].cursor)

    def _record(self, cfg: LdapConfig, result: SyncResult) -> int:
        cs = result.changeset
        counts = {**cs.summary(), "removals": result.removals, "removal_limit": result.removal_limit,
                  "synced_members": result.synced_members, "users": result.stats.get("users", 0),
                  "ous": result.stats.get("ous", 0), "read_seconds": result.stats.get("seconds")}
        if result.stats.get("departures"):
            counts["departures"] = result.stats["departures"]  # how this incremental run looked for leavers
        message = result.refusal.message() if result.refusal else ""
        return self._insert_run(started=result.started_at or utcnow(), trigger=result.trigger, mode=result.mode,
                                status=result.status, server=cfg.server, server_id=result.server_id,
                                plan_hash=result.plan_hash, cursor=result.cursor, counts=counts,
                                errors=cs.errors[:200], notices=result.notices[:200], message=message,
                                change_id=cs.id if result.status == "applied" else None)

    def _record_failure(self, cfg: LdapConfig, started: dt.datetime, mode: str, trigger: str,
                        exc: YouduError) -> None:
        status = "cancelled" if isinstance(exc, Cancelled) else "failed"
        errors = getattr(exc, "errors", None) or [exc.to_dict()]
        try:
            self._insert_run(started=started, trigger=trigger, mode=mode, status=status, server=cfg.server,
                             server_id="", plan_hash=cfg.plan_hash(), cursor=None, counts={}, errors=errors[:200],
                             notices=[], message=exc.message(), change_id=None)
        except YouduError:
            log.warning("could not record the failed LDAP sync", exc_info=True)

    def _insert_run(self, *, started: dt.datetime, trigger: str, mode: str, status: str, server: str,
                    server_id: str, plan_hash: str, cursor: str | None, counts: dict[str, Any],
                    errors: list[dict[str, Any]], notices: list[dict[str, Any]], message: str,
                    change_id: int | None) -> int:
        def add_run() -> int:
            with self.uow.write() as conn:
                res = conn.execute(insert(R).values(
                    started_at=started, finished_at=utcnow(), trigger=trigger, mode=mode, status=status,
                    admin=self.actor.name[:64], server=server[:255], server_id=server_id[:255], plan_hash=plan_hash,
                    cursor=cursor, counts=json.dumps(counts, ensure_ascii=False, default=str),
                    errors=json.dumps(errors, ensure_ascii=False, default=str),
                    notices=json.dumps(notices, ensure_ascii=False, default=str), message=message,
                    change_id=change_id))
                return int(res.inserted_primary_key[0])  # type: ignore[index]

        return int(self.write(add_run))  # run history is a write too: on the same writer as the change sets

    def history(self, limit: int = 50) -> list[dict[str, Any]]:
        """Newest first: start, end, trigger, mode, status, counts, errors, notices, change set id."""
        if self.actor != LDAP_ACTOR and not (self.actor.can("ldap.manage") or self.actor.can("logs.read")):
            self.actor.deny("ldap.manage")
        return [run_to_dict(r) for r in self._runs(limit=limit)]

    def schedule_status(self) -> dict[str, Any]:
        """The automatic sync's switch, interval, last run and (estimated) next run."""
        cfg = self.config()
        last = self._runs(R.c.trigger == "schedule")
        last_any = self._runs()
        next_run = None
        if cfg.schedule_enabled and last:
            next_run = _iso(last[0].started_at + dt.timedelta(minutes=cfg.interval_minutes))
        return {"enabled": cfg.schedule_enabled, "interval_minutes": cfg.interval_minutes,
                "full_compare_minutes": cfg.full_compare_minutes, "configured": cfg.configured,
                "last_run": run_to_dict(last_any[0]) if last_any else None,
                "last_scheduled_run": run_to_dict(last[0]) if last else None, "next_run": next_run}


def run_to_dict(row: Any) -> dict[str, Any]:
    return {"id": row.id, "started_at": _iso(row.started_at), "finished_at": _iso(row.finished_at),
            "trigger": row.trigger, "mode": row.mode, "status": row.status, "admin": row.admin,
            "server": row.server, "counts": json.loads(row.counts or "{}"), "errors": json.loads(row.errors or "[]"),
            "notices": json.loads(row.notices or "[]"), "message": row.message, "change_id": row.change_id}


# ---------------------------------------------------------------------------- schedule


class SyncScheduler:
    """Runs `service.sync(trigger="schedule")` every interval on a background thread (Qt-free).

    On/off is the ldap.schedule_enabled setting (shared by every administrator); pause/resume is this
    window's own; `sync_now()` runs at once even while paused or off. `on_run` receives each SyncResult
    or exception (on the scheduler's thread: a window re-emits it as a signal).
    """

    def __init__(self, service: LdapSyncService, *, interval_seconds: float | None = None,
                 on_run: Callable[[SyncResult | BaseException], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.service = service
        self.interval_override = interval_seconds
        self.on_run = on_run
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._now_requested = False
        self._paused = False
        self._running = False
        self._thread: threading.Thread | None = None
        self._next_at: float | None = None
        self._next_wall: dt.datetime | None = None
        self.last_result: SyncResult | BaseException | None = None
        self.runs = 0

    def interval(self) -> float:
        return self.interval_override if self.interval_override is not None else self.service.config().interval_minutes * 60

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._schedule_next()
        self._thread = threading.Thread(target=self._loop, name="ldap-sync-schedule", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        self._wake.set()

    def sync_now(self) -> None:
        self._now_requested = True
        self._wake.set()

    def status(self) -> dict[str, Any]:
        enabled = self.service.config().schedule_enabled
        return {"enabled": enabled, "paused": self._paused, "running": self._running, "runs": self.runs,
                "interval_seconds": self.interval(),
                "next_run": _iso(self._next_wall) if enabled and not self._paused else None,
                "history": self.service.history(limit=20)}

    def _schedule_next(self) -> None:
        delay = self.interval()
        self._next_at = self.clock() + delay
        self._next_wall = utcnow() + dt.timedelta(seconds=delay)

    def _loop(self) -> None:
        while not self._stop.is_set():
            wait = max(0.0, (self._next_at or 0) - self.clock())
            self._wake.wait(timeout=min(wait, 1.0) if wait else 0.05)
            self._wake.clear()
            if self._stop.is_set():
                return
            due = self._next_at is not None and self.clock() >= self._next_at
            if self._now_requested:
                self._now_requested = False
                self._run_once()
                self._schedule_next()
            elif due:
                if not self._paused and self._enabled():
                    self._run_once()
                self._schedule_next()

    def _enabled(self) -> bool:
        try:
            cfg = self.service.config()
        except YouduError:
            return False
        return cfg.schedule_enabled and cfg.configured

    def _run_once(self) -> None:
        self._running = True
        result: SyncResult | BaseException
        try:
            result = self.service.sync(trigger="schedule")
        except BaseException as exc:  # noqa: BLE001 - a failed run is recorded and reported, the schedule goes on
            result = exc
            log.warning("scheduled LDAP sync failed: %s", exc)
        finally:
            self._running = False
        self.runs += 1
        self.last_result = result
        if self.on_run is not None:
            try:
                self.on_run(result)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the schedule
                log.exception("on_run listener failed")
