"""管理工具 → LDAP 集成 (manual 1.1.1, 4.5): connection settings and 验证, what to sync, 立即同步 with a preview,
the automatic sync (on / off / pause, interval) and the run history.

It replaces the settings page generated from the same declarations (settings_pages registers one for every
page): the generic form cannot verify a connection, keep a password in the keyring or preview a sync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import youdu_console.gui.panels.settings_pages as settings_pages  # registers its pages first: ours replaces one
from youdu_console.domain.errors import PermissionDenied
from youdu_console.domain.messages import render
from youdu_console.domain.settings import BY_KEY
from youdu_console.gui.i18n import current_lang, error_text, fill, translate
from youdu_console.gui.jobs import JobSignals
from youdu_console.gui.models.lists import local_time, summary_text
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.operations import ChangeOp
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.ldap_connection import LdapConnectionForm, for_the_window
from youdu_console.gui.panels.outcome import ERROR_STYLE, text_label
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session

# The LDAP client (ldap3), the sync service and its dialogs are imported when the page is built, not when the
# window starts: every panel module is imported to register it, and ldap3 alone cost start-up 0.1-0.2 s.
if TYPE_CHECKING:
    from youdu_console.gui.dialogs.ldap_picker import LdapPickerDialog
    from youdu_console.gui.dialogs.ldap_preview import SyncPreviewDialog
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.services.ldap_sync import SyncResult

PATH = "管理工具/LDAP 集成"
SLUG = "tools/ldap"
# Settings shown on the 高级 tab as the generic form shows them; the others have widgets of their own here.
ADVANCED_KEYS = ("ldap.mapping", "ldap.root_department", "ldap.removal_threshold_percent",
                 "ldap.removal_threshold_count", "ldap.full_compare_minutes", "ldap.timeout_seconds")
ENCRYPTIONS = ("none", "starttls", "ldaps")
FLAVORS = ("", "ad", "openldap")  # "" = ask the server (Active Directory announces itself in the rootDSE)
HISTORY_LIMIT = 50


def status_text(status: str) -> str:
    words = {
        "applied": QT_TRANSLATE_NOOP("LdapStatus", "Applied"),
        "nothing": QT_TRANSLATE_NOOP("LdapStatus", "Nothing to change"),
        "previewed": QT_TRANSLATE_NOOP("LdapStatus", "Previewed"),
        "needs_preview": QT_TRANSLATE_NOOP("LdapStatus", "Needs a preview"),
        "blocked": QT_TRANSLATE_NOOP("LdapStatus", "Stopped by a guard"),
        "invalid": QT_TRANSLATE_NOOP("LdapStatus", "Invalid entries"),
        "failed": QT_TRANSLATE_NOOP("LdapStatus", "Failed"),
        "cancelled": QT_TRANSLATE_NOOP("LdapStatus", "Cancelled"),
        "manual": QT_TRANSLATE_NOOP("LdapStatus", "By hand"),
        "schedule": QT_TRANSLATE_NOOP("LdapStatus", "Automatic"),
        "full": QT_TRANSLATE_NOOP("LdapStatus", "Full"),
        "incremental": QT_TRANSLATE_NOOP("LdapStatus", "Incremental"),
    }
    return translate("LdapStatus", words[status]) if status in words else status


class LdapRunsModel(RowTableModel):
    """The sync run history (LdapSyncService.history rows), newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("id", QT_TRANSLATE_NOOP("Columns", "No."), lambda r: r["id"], align_right=True),
            Column("started_at", QT_TRANSLATE_NOOP("Columns", "Started"), lambda r: local_time(r["started_at"]),
                   sort_key=lambda r: r["started_at"] or ""),
            Column("finished_at", QT_TRANSLATE_NOOP("Columns", "Finished"), lambda r: local_time(r["finished_at"]),
                   sort_key=lambda r: r["finished_at"] or ""),
            Column("trigger", QT_TRANSLATE_NOOP("Columns", "Trigger"), lambda r: status_text(r["trigger"])),
            Column("mode", QT_TRANSLATE_NOOP("Columns", "Mode"), lambda r: status_text(r["mode"])),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Result"), lambda r: status_text(r["status"])),
            Column("counts", QT_TRANSLATE_NOOP("Columns", "Changes"),
                   lambda r: summary_text(r["counts"]) if r["counts"] else ""),
            Column("change_id", QT_TRANSLATE_NOOP("Columns", "Change set"),
                   lambda r: f"#{r['change_id']}" if r["change_id"] else ""),
            Column("message", QT_TRANSLATE_NOOP("Columns", "Message"), lambda r: r["message"] or "",
                   tooltip=lambda r: r["message"] or ""),
        ], key=lambda r: r["id"], parent=parent)


class LdapPanel(Panel):
    run_reported = Signal(object)  # a scheduled run's SyncResult or exception, from the scheduler's thread

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        # Auditors and scoped administrators may read the settings and the run history, not change or sync.
        self.can_manage = self.session.can("ldap.manage")
        # Typed this session and not storable (no OS keyring): kept in memory only, never written anywhere.
        self.session_passwords: dict[str, str] = {}
        from youdu_console.services.ldap_sync import LdapSyncService, SyncScheduler

        keyring_password = LdapSyncService(self.session.uow, self.session.actor).password_provider
        self.service = LdapSyncService(self.session.uow, self.session.actor,
                                       password_provider=lambda cfg: self.session_passwords.get(cfg.server)
                                       or keyring_password(cfg),
                                       writer=host.runner.run_on_writer)  # the schedule's writes too
        self.job: JobSignals | None = None
        self.last_error: BaseException | None = None
        self.last_result: SyncResult | None = None
        self.picker: LdapPickerDialog | None = None
        self.preview_dialog: SyncPreviewDialog | None = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.intro = text_label(self, "ldap_intro")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("ldap_tabs")
        self.connection = LdapConnectionForm(host, self.service, self.session_passwords, can_manage=self.can_manage,
                                             parent=self)
        self.connection.settings_saved.connect(self.refresh)
        self.tabs.addTab(self.connection, "")
        self.tabs.addTab(self._sync_tab(), "")
        self.tabs.addTab(self._history_tab(), "")
        self.advanced = settings_pages.SettingsPage(host, "LDAP 集成", [BY_KEY[k] for k in ADVANCED_KEYS], self)
        self.advanced.setObjectName("ldap_advanced")
        self.advanced.title.hide()  # the tab says what it is
        self.tabs.addTab(self.advanced, "")
        self.read_only_note = text_label(self, "ldap_read_only")
        self.read_only_note.setVisible(not self.can_manage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.tabs, 1)
        self._limit_to_role()
        self.scheduler = SyncScheduler(self.service, on_run=self.run_reported.emit)
        self.run_reported.connect(self._scheduled_run)
        host.closed.connect(self.stop_schedule)
        self.retranslate()
        self._start_schedule()

    # ------------------------------------------------------------------ building
    def _sync_tab(self) -> QWidget:
        tab = QWidget(self)
        self.selection = text_label(tab, "ldap_selection")
        self.choose_button = QPushButton(tab)
        self.choose_button.setObjectName("ldap_choose")
        self.choose_button.clicked.connect(self.choose_scope)
        self.sync_button = QPushButton(tab)
        self.sync_button.setObjectName("ldap_sync_now")
        self.sync_button.clicked.connect(self.sync_now)
        self.full_check = QCheckBox(tab)
        self.full_check.setObjectName("ldap_full")
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.sync_button)
        row.addWidget(self.full_check)
        row.addStretch(1)
        self.sync_status = text_label(tab, "ldap_sync_status")
        self.schedule_box = QGroupBox(tab)
        self.schedule_enabled = QCheckBox(self.schedule_box)
        self.schedule_enabled.setObjectName("ldap_schedule_enabled")
        self.schedule_enabled.clicked.connect(self.set_schedule)
        self.pause_button = QPushButton(self.schedule_box)
        self.pause_button.setObjectName("ldap_pause")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self.pause_schedule)
        self.interval_label = QLabel(self.schedule_box)
        self.interval = QSpinBox(self.schedule_box)
        self.interval.setObjectName("ldap_interval")
        setting = BY_KEY["ldap.interval_minutes"]
        self.interval.setRange(setting.minimum or 1, setting.maximum or 10_080)
        self.interval_label.setBuddy(self.interval)
        self.interval_button = QPushButton(self.schedule_box)
        self.interval_button.setObjectName("ldap_interval_apply")
        self.interval_button.clicked.connect(self.set_interval)
        self.next_run = text_label(self.schedule_box, "ldap_next_run")
        line = QHBoxLayout()
        line.addWidget(self.schedule_enabled)
        line.addWidget(self.pause_button)
        line.addSpacing(24)
        line.addWidget(self.interval_label)
        line.addWidget(self.interval)
        line.addWidget(self.interval_button)
        line.addStretch(1)
        box = QVBoxLayout(self.schedule_box)
        box.addLayout(line)
        box.addWidget(self.next_run)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.selection)
        layout.addLayout(row)
        layout.addWidget(self.sync_status)
        layout.addWidget(self.schedule_box)
        layout.addStretch(1)
        return tab

    def _history_tab(self) -> QWidget:
        tab = QWidget(self)
        self.runs = LdapRunsModel(self)
        self.runs_view = list_view(tab, "ldap_history", multi=False)
        self.runs_view.setModel(self.runs)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_selected)
        self.run_details = text_label(tab, "ldap_run_details")
        self.run_details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history_refresh = QPushButton(tab)
        self.history_refresh.setObjectName("ldap_history_refresh")
        self.history_refresh.clicked.connect(self.refresh)
        splitter = QSplitter(Qt.Orientation.Vertical, tab)
        splitter.addWidget(self.runs_view)
        splitter.addWidget(self.run_details)
        splitter.setSizes([400, 150])
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.history_refresh)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        return tab

    def retranslate(self) -> None:
        self.title.setText(translate("LdapPanel", "LDAP integration"))
        self._show_intro()
        for i, text in enumerate((translate("LdapPanel", "Connection"), translate("LdapPanel", "Sync"),
                                  translate("LdapPanel", "Run history"), translate("LdapPanel", "Advanced"))):
            self.tabs.setTabText(i, text)
        self.choose_button.setText(translate("LdapPanel", "&Choose departments and people…"))
        self.sync_button.setText(translate("LdapPanel", "Sync &now…"))
        self.full_check.setText(translate("LdapPanel", "&Full comparison"))
        self.full_check.setToolTip(translate("LdapPanel", "Compare everything instead of only what changed since the "
                                             "last sync (deletions are seen only by a full comparison)."))
        self.schedule_box.setTitle(translate("LdapPanel", "Automatic sync"))
        self.schedule_enabled.setText(translate("LdapPanel", "&On"))
        self.interval_label.setText(translate("LdapPanel", "&Every"))
        self.interval.setSuffix(translate("LdapPanel", " min"))
        self.interval_button.setText(translate("LdapPanel", "Apply"))
        self.history_refresh.setText(translate("LdapPanel", "&Refresh"))
        self.read_only_note.setText(translate("LdapPanel", "Your role may read these settings and the run history "
                                              "but not change them or sync."))
        self.runs_view.setAccessibleName(translate("LdapPanel", "Sync runs"))
        self.runs.retranslate()
        self._show_pause()
        self._show_selection()
        self._show_schedule()

    def _limit_to_role(self) -> None:
        """Hide what the role may not do (the service refuses it anyway)."""
        if self.can_manage:
            return
        for field in (self.schedule_enabled, self.interval):
            field.setEnabled(False)
        for widget in (self.choose_button, self.sync_button, self.full_check, self.pause_button, self.interval_button):
            widget.setVisible(False)

    def _show_intro(self) -> None:
        self.intro.setText(fill(translate("LdapPanel", "Microsoft Active Directory (OU mode) and OpenLDAP. Fill in the "
                                     "server, verify, tick the departments and people to sync, then sync: the "
                                     "first sync, and the first after a settings change, is always previewed. "
                                     "After that it runs every %1 minutes while this window is open; for a "
                                     "server, put the command “youdu-console ldap sync” in cron or the Task Scheduler."), str(self.service.config().interval_minutes)))

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        cfg = self.service.config()
        self.connection.show_config(cfg)
        self.interval.setValue(cfg.interval_minutes)
        self.schedule_enabled.setChecked(cfg.schedule_enabled)
        self._show_intro()
        try:
            self.runs.set_rows(self.service.history(limit=HISTORY_LIMIT))
        except PermissionDenied:
            self.runs.set_rows([])  # a role that reads settings but not logs: the settings alone
        self.runs_view.resizeColumnsToContents()
        self._show_selection()
        self._show_schedule()
        self._update_enabled()
        self._start_schedule()

    def _update_enabled(self) -> None:
        configured = self.service.config().configured
        self.choose_button.setEnabled(configured)
        self.sync_button.setEnabled(configured)

    # ------------------------------------------------------------------ what to sync, and syncing
    def _show_selection(self) -> None:
        cfg = self.service.config()
        if not cfg.configured:
            text = translate("LdapPanel", "Fill in and save the connection settings first.")
        elif not cfg.selected_ous and not cfg.selected_users:
            text = fill(translate("LdapPanel", "Syncing everything under %1."), cfg.base_dn)
        else:
            ous, people = len(cfg.selected_ous), len(cfg.selected_users)  # (lupdate reads plain names only)
            text = fill(translate("LdapPanel", "Syncing %1 and %2 under %3."),
                        translate("LdapPanel", "%n OU(s)", None, ous), translate("LdapPanel", "%n person(s)", None, people),
                        cfg.base_dn)
        self.selection.setText(text)
        self.selection.setToolTip("\n".join([*cfg.selected_ous, *cfg.selected_users]))

    def choose_scope(self) -> LdapPickerDialog:
        from youdu_console.gui.dialogs.ldap_picker import LdapPickerDialog

        cfg = self.service.config()
        runner, service = self.host.runner, self.service
        picker = LdapPickerDialog(cfg.base_dn, lambda dn: runner.submit(service.browse_job(dn), show_progress=False),
                                  selected_ous=cfg.selected_ous, selected_users=cfg.selected_users, parent=self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.selection_chosen.connect(self._scope_chosen)
        picker.destroyed.connect(lambda *_: self._forget("picker", picker))
        self.picker = picker
        picker.open()
        return picker

    def _scope_chosen(self, ous: list[str], users: list[str]) -> None:
        """确定: save the ticks, then sync at once (with its preview), as the manual describes."""
        cfg = self.service.config()
        service = self.service
        op = ChangeOp(self.host, translate("LdapPanel", "LDAP settings"),
                      plan=lambda: service.plan_config(server=cfg.server, bind_dn=cfg.bind_dn, base_dn=cfg.base_dn,
                                                       flavor=cfg.flavor, selected_ous=ous, selected_users=users),
                      label=translate("LdapPanel", "Saving the selection…"))
        op.preview(False).empty(lambda _cs: self.sync_now()).success(lambda _cs: self.sync_now())
        self.job = op.failure(self._sync_failed).run().job

    def sync_now(self) -> JobSignals:
        """立即同步: read and plan as a cancellable job, then the preview; nothing is applied before it."""
        self._say(translate("LdapPanel", "Reading the directory…"))
        op = ChangeOp(self.host, translate("LdapPanel", "LDAP sync"),
                      job=self.service.sync_job(dry_run=True, skip_invalid=True, full=self.full_check.isChecked()),
                      label=translate("LdapPanel", "Reading the directory…"))
        op.change_set(lambda result: result.changeset).planned(self._planned).preview(self._preview)
        op.empty(lambda _result: self._say(translate("LdapPanel", "Nothing to change: the address book matches the "
                                                                  "directory.")),
                 when=lambda r: not r.changeset.operations and not r.changeset.errors and not r.notices)
        op.rejected(lambda: self._say(translate("LdapPanel", "Not applied; nothing was changed.")))
        op.cancelled(lambda: self._say(translate("LdapPanel", "Cancelled; nothing was changed.")))
        # One transaction: a cancel could only arrive once it had begun, so there is none to offer.
        op.apply_with(lambda result, dialog: self.service.apply_preview_job(
            result, confirm_removals=bool(getattr(dialog, "removals_confirmed", False)),
            skip_invalid=bool(getattr(dialog, "apply_valid_only", False))),
            label=translate("LdapPanel", "Applying the sync…"))
        op.applied_change_set(lambda result: result.changeset if result.refusal is None and result.applied else None)
        job = op.success(self._applied).failure(self._sync_failed).run().job
        assert job is not None  # the plan's, submitted by run()
        self.job = job
        return job

    def _forget(self, name: str, dialog: QWidget) -> None:
        """A dialog Qt deleted on close is no longer the page's open one."""
        if getattr(self, name) is dialog:
            setattr(self, name, None)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.sync_status.setText(text)
        self.sync_status.setStyleSheet(ERROR_STYLE if error else "")

    def _planned(self, result: SyncResult) -> bool:
        self.last_result = result
        self.refresh()  # the run history has the preview now
        if result.refusal is not None:
            self._refused(result.refusal)
            return False
        return True

    def _preview(self, result: SyncResult, data: dict[str, Any] | None) -> SyncPreviewDialog:
        from youdu_console.gui.dialogs.ldap_preview import SyncPreviewDialog

        dialog = SyncPreviewDialog(result, self.host, self.host.dept_paths, data=data)
        dialog.destroyed.connect(lambda *_: self._forget("preview_dialog", dialog))
        self.preview_dialog = dialog
        self._say(translate("LdapPanel", "Review the preview."))
        return dialog

    def _applied(self, result: SyncResult) -> None:
        self.last_result = result
        if result.refusal is not None:
            self._refused(result.refusal)
        elif result.applied:
            cs = result.changeset
            self._say(fill(translate("LdapPanel", "Synced: change set #%1, %2."), str(cs.id), summary_text(cs.summary())))
        else:
            self._say(translate("LdapPanel", "Nothing to change: the address book matches the directory."))
        self.refresh()

    def _refused(self, refusal: BaseException) -> None:
        """A guard-rail stopped the sync: nothing was changed, and the reason is shown where it happened."""
        refusal = for_the_window(refusal)
        self.last_error = refusal
        self._say(error_text(refusal), error=True)
        self.host.report_error(refusal)

    def _sync_failed(self, exc: BaseException) -> None:
        exc = for_the_window(exc)
        self.last_error = exc
        self._say(error_text(exc), error=True)
        self.host.report_error(exc)
        self.refresh()

    # ------------------------------------------------------------------ the schedule
    def _start_schedule(self) -> None:
        if self.can_manage and self.service.config().configured:
            self.scheduler.start()  # idempotent; it runs only while the setting is on and not paused

    def stop_schedule(self) -> None:
        self.scheduler.stop()

    def set_schedule(self, on: bool) -> None:
        self.host.run_change(lambda: self.service.plan_schedule(on), title=translate("LdapPanel", "Automatic sync"),
                             preview=False, on_failed=self._schedule_failed)

    def set_interval(self) -> None:
        minutes = self.interval.value()
        settings = self.session.settings
        self.host.run_change(lambda: settings.plan_set({"ldap.interval_minutes": minutes}),
                             title=translate("LdapPanel", "Automatic sync"), preview=False,
                             on_applied=lambda _cs: self._reschedule(), on_failed=self._schedule_failed)

    def _reschedule(self) -> None:
        """A new interval counts from now, not from when the old one was set."""
        if self.scheduler.status()["running"]:
            return  # the run in progress schedules the next one with the new interval
        self.scheduler.stop()
        self._start_schedule()
        self._show_schedule()

    def _schedule_failed(self, exc: BaseException) -> None:
        self.host.report_error(exc)
        self.refresh()

    def pause_schedule(self, paused: bool) -> None:
        if paused:
            self.scheduler.pause()
        else:
            self.scheduler.resume()
        self._show_pause()
        self._show_schedule()

    def _show_pause(self) -> None:
        self.pause_button.setText(translate("LdapPanel", "&Resume") if self.pause_button.isChecked()
                                  else translate("LdapPanel", "&Pause"))

    def _show_schedule(self) -> None:
        status = self.service.schedule_status()
        if not status["configured"]:
            text = ""
        elif not status["enabled"]:
            text = translate("LdapPanel", "Automatic sync is off.")
        elif self.pause_button.isChecked():
            text = translate("LdapPanel", "Automatic sync is paused in this window.")
        else:
            mine = self.scheduler.status()["next_run"] if self.can_manage else None  # this window's timer
            when = local_time(mine or status["next_run"]) or translate("LdapPanel", "after the interval")
            text = fill(translate("LdapPanel", "Next automatic sync: %1 (every %2 minutes, while this window is open)."), when, str(status["interval_minutes"]))
        last = status["last_run"]
        if last:
            text += "\n" + fill(translate("LdapPanel", "Last run: %1, %2."), local_time(last["started_at"]), status_text(last["status"]))
        self.next_run.setText(text.strip())

    def _scheduled_run(self, outcome: SyncResult | BaseException) -> None:
        """A run of the schedule finished (delivered on the GUI thread)."""
        if not isinstance(outcome, BaseException):
            if outcome.applied:
                self.host.changes_applied.emit(outcome.changeset)
                self.host.statusBar().showMessage(fill(translate("LdapPanel", "Automatic LDAP sync: change set #%1."), str(outcome.changeset.id)), 8000)
            elif outcome.refusal is not None:
                self._say(fill(translate("LdapPanel", "The automatic sync stopped: %1"), error_text(outcome.refusal)), error=True)
        else:
            self._say(fill(translate("LdapPanel", "The automatic sync failed: %1"), error_text(outcome)),
                      error=True)
        self.mark_stale()

    # ------------------------------------------------------------------ history
    def _run_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.run_details.clear()
            return
        run = self.runs.row_at(current.row())
        lang = current_lang()
        lines = [run["message"]] if run["message"] else []
        for notice in run["notices"][:50]:
            lines.append(render(str(notice.get("code")), lang, notice.get("params") or {}))
        for err in run["errors"][:50]:
            message = render(str(err["code"]), lang, err.get("params") or {}) if err.get("code") else err.get("message")
            lines.append(f"{err.get('entry') or ''} {err.get('field') or ''}: {message}".strip())
        self.run_details.setText("\n".join(lines) or translate("LdapPanel", "No errors or notes."))


def _available(session: Session) -> bool:
    return session.can("ldap.manage") or session.can("settings.read")


def _schedule_may_run(session: Session) -> bool:
    """Whether the page must be built at start-up: it runs the automatic sync while the window is open."""
    if not session.can("ldap.manage"):
        return False
    from youdu_console.interchange.ldap.config import LdapConfig
    from youdu_console.services.settings import SettingsService

    return LdapConfig.from_settings(SettingsService(session.uow, None).values()).configured


register(PanelSpec(PATH, SLUG, QT_TRANSLATE_NOOP("Panels", "LDAP integration"), 500, LdapPanel, _available,
                   build_at_start=_schedule_may_run))
