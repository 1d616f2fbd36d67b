"""企业应用 → 通知公告 (3.5.7, the sysNoticeAssistant system app): categories on the left, the records with
标题/发送人/发送时间/状态 ("共51人 未读50人", "全部已读") on the right, 设为置顶/取消置顶/撤回, a send dialog with
the department picker, and who has not read an announcement yet (loaded as a job: everyone is 100,000 rows).

Every write goes through the window's change path (plan, preview, apply, undo as everywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.errors import YouduError
from youdu_console.gui.dialogs.common import PromptDialog, RetranslateMixin
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.forms.ui_announcement_form import Ui_AnnouncementForm
from youdu_console.gui.i18n import error_text, fill, number, translate
from youdu_console.gui.jobs import Cancel, JobRunner, JobSignals, Progress
from youdu_console.gui.loaders import load_departments
from youdu_console.gui.models.lists import local_time
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.services.announcements import (
    ANN_CATEGORIES,
    ANN_READ,
    ANN_WRITE,
    AnnouncementService,
    AnnouncementView,
    ReaderView,
)

if TYPE_CHECKING:
    from youdu_console.domain.changeset import ChangeSet
    from youdu_console.gui.main_window import MainWindow

CATEGORY_ROLE = Qt.ItemDataRole.UserRole


def status_text(a: AnnouncementView) -> str:
    """The manual's 状态 column."""
    if a.status == "recalled":
        return translate("AnnouncementsPanel", "Recalled")
    if a.status == "all_read":
        return translate("AnnouncementsPanel", "All read")
    if a.status == "none_read":
        return fill(translate("AnnouncementsPanel", "%1 people, none read"), number(a.recipients))
    return fill(translate("AnnouncementsPanel", "%1 people, %2 unread"), number(a.recipients), number(a.unread))


def title_text(a: AnnouncementView) -> str:
    return fill(translate("AnnouncementsPanel", "[Pinned] %1"), a.title) if a.pinned else a.title


class AnnouncementModel(RowTableModel):
    """Announcements, pinned first then the newest (AnnouncementView rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("title", QT_TRANSLATE_NOOP("Columns", "Title"), title_text, tooltip=lambda a: a.body),
            Column("category", QT_TRANSLATE_NOOP("Columns", "Category"), lambda a: a.category),
            Column("sender", QT_TRANSLATE_NOOP("Columns", "Sender"), lambda a: a.sender),
            Column("sent_at", QT_TRANSLATE_NOOP("Columns", "Sent"), lambda a: local_time(a.sent_at),
                   sort_key=lambda a: a.sent_at),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"), status_text,
                   sort_key=lambda a: (a.recalled, a.unread)),
        ], key=lambda a: a.id, parent=parent)


class ReaderModel(RowTableModel):
    """An announcement's recipients (ReaderView rows), unread first: virtual rows, as everyone is 100,000."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda r: r.account),
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda r: r.name),
            Column("read_at", QT_TRANSLATE_NOOP("Columns", "Read"),
                   lambda r: local_time(r.read_at) if r.read_at else translate("AnnouncementsPanel", "Unread"),
                   sort_key=lambda r: r.read_at or ""),
        ], key=lambda r: r.account, parent=parent)


class AnnouncementDialog(RetranslateMixin, QDialog):
    """发送公告: title, category, body and the audience (everyone, accounts, departments from the picker). The
    dialog plans the change set itself, so a refusal shows beside the fields and nothing typed is lost."""

    planned = Signal(object)  # the ChangeSet, planned

    def __init__(self, service: AnnouncementService, categories: list[str], departments: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcement_dialog")
        self.service = service
        self.snapshot = departments
        self.ui = Ui_AnnouncementForm()
        self.ui.setupUi(self)
        self.ui.category_combo.addItem("", None)
        for name in categories:
            self.ui.category_combo.addItem(name, name)
        self.ui.error_message.setVisible(False)
        self.ui.everyone_box.toggled.connect(self._everyone)
        self.ui.add_department_button.clicked.connect(lambda: self.pick_department())
        self.ui.remove_department_button.clicked.connect(self._remove_department)
        self.ui.buttons.accepted.connect(self.submit)
        self.ui.buttons.rejected.connect(self.reject)
        self.picker: DepartmentPickerDialog | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("AnnouncementDialog", "Send an announcement"))
        self.ui.title_label.setText(translate("AnnouncementDialog", "&Title:"))
        self.ui.category_label.setText(translate("AnnouncementDialog", "&Category:"))
        self.ui.category_combo.setItemText(0, translate("AnnouncementDialog", "(none)"))
        self.ui.body_label.setText(translate("AnnouncementDialog", "&Body:"))
        self.ui.audience_group.setTitle(translate("AnnouncementDialog", "Recipients"))
        self.ui.everyone_box.setText(translate("AnnouncementDialog", "&Everyone"))
        self.ui.members_label.setText(translate("AnnouncementDialog", "&Members:"))
        self.ui.members_edit.setPlaceholderText(translate("AnnouncementDialog", "accounts, separated by commas"))
        self.ui.departments_label.setText(translate("AnnouncementDialog", "&Departments:"))
        self.ui.departments_list.setToolTip(translate("AnnouncementDialog", "Each department with its "
                                                                            "sub-departments"))
        self.ui.add_department_button.setText(translate("AnnouncementDialog", "&Add…"))
        self.ui.remove_department_button.setText(translate("AnnouncementDialog", "Re&move"))

    def _everyone(self, on: bool) -> None:
        for w in (self.ui.members_edit, self.ui.departments_list, self.ui.add_department_button,
                  self.ui.remove_department_button):
            w.setEnabled(not on)

    def pick_department(self, path: str | None = None) -> None:
        """Add a department: `path` directly, else from the address book's department picker."""
        if path is not None:
            self.add_department(path)
            return
        picker = DepartmentPickerDialog(self.snapshot, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(self.add_department)
        self.picker = picker
        picker.open()

    def add_department(self, path: str) -> None:
        if path and not self.ui.departments_list.findItems(path, Qt.MatchFlag.MatchExactly):
            self.ui.departments_list.addItem(path)

    def _remove_department(self) -> None:
        for item in self.ui.departments_list.selectedItems():
            self.ui.departments_list.takeItem(self.ui.departments_list.row(item))

    def departments(self) -> list[str]:
        return [self.ui.departments_list.item(i).text() for i in range(self.ui.departments_list.count())]

    def members(self) -> list[str]:
        text = self.ui.members_edit.text().replace("，", ",").replace(";", ",").replace(" ", ",")
        return [a for a in (x.strip() for x in text.split(",")) if a]

    def submit(self) -> None:
        everyone = self.ui.everyone_box.isChecked()
        try:
            cs = self.service.plan_send(self.ui.title_edit.text(), self.ui.body_edit.toPlainText(),
                                        category=self.ui.category_combo.currentData(),
                                        members=[] if everyone else self.members(),
                                        departments=[] if everyone else self.departments(), everyone=everyone)
        except YouduError as exc:
            self.show_error(exc)
            return
        self.ui.error_message.setVisible(False)
        self.planned.emit(cs)
        self.accept()

    def show_error(self, exc: BaseException) -> None:
        self.ui.error_message.setText(error_text(exc))
        self.ui.error_message.setVisible(True)


class ReadStatusDialog(RetranslateMixin, QDialog):
    """Who received an announcement and who has not read it yet (未读 first).

    The recipients load as a job (everyone is 100,000 rows: about two seconds): the dialog opens at once with a
    progress bar, and closing it while they load drops the job's outcome and stops it at its next chunk. The
    filters (unread only, an account or name) are Python over the loaded rows and one model reset."""

    loaded = Signal()  # the rows arrived and are shown

    def __init__(self, service: AnnouncementService, announcement: AnnouncementView, runner: JobRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcement_read_status")
        self.service = service
        self.runner = runner
        self.announcement = announcement
        self.readers: list[ReaderView] | None = None  # every recipient, once loaded
        self.failure: BaseException | None = None
        self.job: JobSignals | None = None
        self.summary = QLabel(self)
        self.summary.setObjectName("read_status_summary")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("read_status_progress")
        self.progress.setRange(0, 0)  # busy until the first report
        self.search = QLineEdit(self)
        self.search.setObjectName("read_status_search")
        self.search.setClearButtonEnabled(True)
        self._typing = QTimer(self)  # one filter pass when typing pauses, not one per key over 100,000 rows
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.unread_only = QCheckBox(self)
        self.unread_only.setObjectName("read_status_unread_only")
        self.unread_only.setChecked(True)
        self.unread_only.toggled.connect(lambda _on: self.apply_filter())
        self.model = ReaderModel(self)
        self.list = list_view(self, "read_status_members", multi=False)
        self.list.setModel(self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.unread_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(480, 520)
        self.retranslate()
        self.reload()

    @property
    def loading(self) -> bool:
        return self.job is not None

    def retranslate(self) -> None:
        self.setWindowTitle(fill(translate("AnnouncementsPanel", "Read status: %1"), self.announcement.title))
        self.unread_only.setText(translate("AnnouncementsPanel", "Only members who have &not read it"))
        self.search.setPlaceholderText(translate("AnnouncementsPanel", "Search by account or name"))
        self.search.setAccessibleName(translate("AnnouncementsPanel", "Search by account or name"))
        self.list.setAccessibleName(translate("AnnouncementsPanel", "Recipients"))
        self.model.retranslate()
        self._show_summary()

    def _show_summary(self) -> None:
        if self.failure is not None:
            self.summary.setText(error_text(self.failure))
        elif self.loading or self.readers is None:
            self.summary.setText(translate("AnnouncementsPanel", "Loading the recipients…"))
        else:
            self.summary.setText(status_text(self.announcement))

    def reload(self) -> None:
        """Read the announcement and all its recipients again, on the job pool."""
        if self.job is not None:
            self.job.abandon()
        service, announcement_id = self.service, self.announcement.id

        def job(progress: Progress, cancel: Cancel) -> tuple[AnnouncementView, list[ReaderView]]:
            readers = service.read_status(announcement_id, progress=lambda done, total: progress(done, total, ""),
                                          cancel=cancel)
            return service.get(announcement_id), readers

        self.failure = None
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        signals = self.runner.submit(job, title=translate("AnnouncementsPanel", "Loading the recipients"),
                                     show_progress=False)
        # Slots of this dialog: Qt drops them if it is deleted first; done() abandons the job before that.
        signals.progressed.connect(self._progressed)
        signals.succeeded.connect(self._loaded)
        signals.failed.connect(self._failed)
        signals.finished.connect(self._finished)
        self.job = signals
        self._show_summary()

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _loaded(self, result: tuple[AnnouncementView, list[ReaderView]]) -> None:
        self.announcement, self.readers = result
        self.apply_filter()

    def _failed(self, exc: BaseException) -> None:
        self.failure = exc

    def _finished(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self._show_summary()
        if self.readers is not None and self.failure is None:
            self.loaded.emit()

    def apply_filter(self) -> None:
        """Unread only and the search text, over the loaded rows (kept in their order: unread first)."""
        self._typing.stop()
        if self.readers is None:
            return
        rows: list[ReaderView] = self.readers
        if self.unread_only.isChecked():
            rows = [r for r in rows if r.read_at is None]
        needle = self.search.text().strip().casefold()
        if needle:
            rows = [r for r in rows if needle in r.account or needle in r.name.casefold()]
        self.model.set_rows(rows)

    def done(self, result: int) -> None:  # Qt override
        # Closed while loading: the outcome reaches no slot (this dialog may be deleted by then) and the job
        # stops at its next chunk.
        if self.job is not None:
            job, self.job = self.job, None
            job.abandon()
        super().done(result)


class AnnouncementsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.service: AnnouncementService = self.session.console.announcements
        self.writable = self.session.can(ANN_WRITE)
        self.categories_writable = self.session.can(ANN_CATEGORIES)
        self.dialog: QDialog | None = None
        self.categories = QListWidget(self)
        self.categories.setObjectName("announcement_categories")
        self.categories.currentItemChanged.connect(lambda _item, _prev: self.reload_list())
        self.category_label = QLabel(self)
        self.add_category_button = self._button("announcement_add_category", lambda: self.add_category(),
                                                self.categories_writable)
        self.rename_category_button = self._button("announcement_rename_category", lambda: self.rename_category(),
                                                   self.categories_writable)
        self.delete_category_button = self._button("announcement_delete_category", self.delete_category,
                                                   self.categories_writable)
        self.title = QLabel(self)
        self.title.setObjectName("announcements_title")
        self.model = AnnouncementModel(self)
        self.view = list_view(self, "announcements_table", multi=False, sortable=False)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.view.doubleClicked.connect(lambda _i: self.show_read_status())
        self.send_button = self._button("announcement_send", lambda: self.send(), self.writable)
        self.pin_button = self._button("announcement_pin", self.toggle_pin, self.writable)
        self.recall_button = self._button("announcement_recall", self.recall, self.writable)
        self.status_button = self._button("announcement_read_status", lambda: self.show_read_status(), True)
        self._layout()
        self.retranslate()

    def _button(self, name: str, slot: Any, visible: bool) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(visible)
        return button

    def _layout(self) -> None:
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.category_label)
        lv.addWidget(self.categories, 1)
        row = QHBoxLayout()
        for b in (self.add_category_button, self.rename_category_button, self.delete_category_button):
            row.addWidget(b)
        lv.addLayout(row)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.send_button)
        rv.addLayout(top)
        rv.addWidget(self.view, 1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for b in (self.status_button, self.pin_button, self.recall_button):
            actions.addWidget(b)
        rv.addLayout(actions)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([180, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def retranslate(self) -> None:
        self.category_label.setText(translate("AnnouncementsPanel", "Categories"))
        self.add_category_button.setText(translate("AnnouncementsPanel", "&New"))
        self.rename_category_button.setText(translate("AnnouncementsPanel", "Re&name"))
        self.delete_category_button.setText(translate("AnnouncementsPanel", "De&lete"))
        self.send_button.setText(translate("AnnouncementsPanel", "&Send an announcement…"))
        self.recall_button.setText(translate("AnnouncementsPanel", "&Recall"))
        self.status_button.setText(translate("AnnouncementsPanel", "Read &status…"))
        self.view.setAccessibleName(translate("AnnouncementsPanel", "Announcements"))
        if self.categories.count():
            self.categories.item(0).setText(translate("AnnouncementsPanel", "All announcements"))
        self.model.retranslate()
        self._update_actions()

    # ------------------------------------------------------------ reading
    def reload(self) -> None:
        current = self.current_category()
        self.categories.blockSignals(True)
        self.categories.clear()
        everything = QListWidgetItem(translate("AnnouncementsPanel", "All announcements"))
        everything.setData(CATEGORY_ROLE, None)
        self.categories.addItem(everything)
        chosen = everything
        for c in self.service.categories():
            item = QListWidgetItem(c.name)
            item.setData(CATEGORY_ROLE, c.name)
            self.categories.addItem(item)
            if c.name == current:
                chosen = item
        self.categories.setCurrentItem(chosen)
        self.categories.blockSignals(False)
        self.reload_list()

    def reload_list(self) -> None:
        category = self.current_category()
        self.model.set_rows(self.service.list_announcements(category))
        self.view.resizeColumnsToContents()
        self.title.setText(fill(translate("AnnouncementsPanel", "Announcements (%1)"), number(self.model.rowCount())))
        self._update_actions()

    def current_category(self) -> str | None:
        item = self.categories.currentItem()
        return item.data(CATEGORY_ROLE) if item is not None else None

    def select_category(self, name: str | None) -> None:
        for i in range(self.categories.count()):
            if self.categories.item(i).data(CATEGORY_ROLE) == name:
                self.categories.setCurrentRow(i)
                return

    def selected(self) -> AnnouncementView | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.rows[rows[0].row()] if rows else None

    def select(self, announcement_id: int) -> None:
        for i, a in enumerate(self.model.rows):
            if a.id == announcement_id:
                self.view.selectRow(i)
                return

    def _update_actions(self) -> None:
        a = self.selected()
        live = a is not None and not a.recalled
        self.pin_button.setText(translate("AnnouncementsPanel", "Un&pin") if a is not None and a.pinned
                                else translate("AnnouncementsPanel", "&Pin to top"))
        self.pin_button.setEnabled(live)
        self.recall_button.setEnabled(live)
        self.status_button.setEnabled(a is not None)
        named = self.current_category() is not None
        self.rename_category_button.setEnabled(named)
        self.delete_category_button.setEnabled(named)

    # ------------------------------------------------------------ writes (through the window's change path)
    def send(self) -> AnnouncementDialog:
        cats = [c.name for c in self.service.categories()]
        dialog = AnnouncementDialog(self.service, cats, load_departments(self.session), self)
        current = self.current_category()
        if current is not None:
            dialog.ui.category_combo.setCurrentIndex(dialog.ui.category_combo.findData(current))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.planned.connect(lambda cs: self._apply(cs, translate("AnnouncementsPanel", "Send an announcement")))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, cs: ChangeSet, title: str) -> None:
        self.host.apply_planned(cs, title=title)

    def toggle_pin(self) -> None:
        a = self.selected()
        if a is None:
            return
        self.host.run_change(lambda: self.service.plan_pin(a.id, not a.pinned),
                             title=translate("AnnouncementsPanel", "Unpin") if a.pinned
                             else translate("AnnouncementsPanel", "Pin to top"))

    def recall(self) -> None:
        a = self.selected()
        if a is not None:
            self.host.run_change(lambda: self.service.plan_recall(a.id),
                                 title=translate("AnnouncementsPanel", "Recall an announcement"))

    def show_read_status(self) -> ReadStatusDialog | None:
        a = self.selected()
        if a is None:
            return None
        dialog = ReadStatusDialog(self.service, a, self.host.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_category(self, name: str | None = None) -> None:
        if name is None:
            self._prompt(translate("AnnouncementsPanel", "New category"), "", self.add_category)
            return
        self.host.run_change(lambda: self.service.plan_add_category(name),
                             title=translate("AnnouncementsPanel", "New category"))

    def rename_category(self, new_name: str | None = None) -> None:
        current = self.current_category()
        if current is None:
            return
        if new_name is None:
            self._prompt(translate("AnnouncementsPanel", "Rename category"), current, self.rename_category)
            return
        self.host.run_change(lambda: self.service.plan_rename_category(current, new_name),
                             title=translate("AnnouncementsPanel", "Rename category"))

    def delete_category(self) -> None:
        current = self.current_category()
        if current is not None:
            self.host.run_change(lambda: self.service.plan_delete_category(current),
                                 title=translate("AnnouncementsPanel", "Delete category"))

    def _prompt(self, title: str, text: str, then: Any) -> None:
        prompt = PromptDialog(self, title, translate("AnnouncementsPanel", "Category &name:"), text)
        prompt.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        prompt.text_accepted.connect(then)
        self.dialog = prompt
        prompt.open()


register(PanelSpec("企业应用/通知公告", "apps/notices", QT_TRANSLATE_NOOP("Panels", "Announcements"), 40,
                   AnnouncementsPanel, lambda s: bool(s.can(ANN_READ))))
