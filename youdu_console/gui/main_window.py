"""The console window: the manual's top-level menus as tabs, built from the panel registry, plus the
change-set plumbing every panel uses (plan as a job → preview → apply as a job → everyone reloads)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from youdu_console import APP_NAME_EN, APP_NAME_ZH, __version__
from youdu_console.gui import live, operations, resources, rights
from youdu_console.gui.appearance import Appearance, AppearanceMenu
from youdu_console.gui.dialogs.common import RetranslateMixin, show_error, show_info
from youdu_console.gui.dialogs.preview import ChangeSetPreviewDialog
from youdu_console.gui.i18n import LANGUAGES, SYSTEM, Language, fill, pick, translate
from youdu_console.gui.icons import apply_icons
from youdu_console.gui.jobs import JobRunner
from youdu_console.gui.loaders import department_paths
from youdu_console.gui.operations import ChangeOp
from youdu_console.gui.panels import registry
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.prefs import preferences
from youdu_console.gui.profiles import location
from youdu_console.gui.session import Session
from youdu_console.services import changes
from youdu_console.services.changes import ChangeSet

log = logging.getLogger("youdu.gui")
SIDEBAR_MENUS = ("tools", "enterprise")  # the manual shows these as a list of pages on the left


def role_text(role: str) -> str:
    texts = {"super": translate("MainWindow", "Super administrator"), "scoped": translate("MainWindow", "Scoped administrator"),
             "helpdesk": translate("MainWindow", "Helpdesk"), "auditor": translate("MainWindow", "Auditor")}
    return texts.get(role, role)


class _PanelSlot(QWidget):
    """Where a panel goes until it is first shown (or asked for): building all thirteen pages at log-in cost the
    window about a third of its start-up, for pages most sessions never open."""

    def __init__(self, build: Callable[[registry.PanelSpec, QWidget], Panel], spec: registry.PanelSpec,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.spec = spec
        self.panel: Panel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> Panel:
        if self.panel is None:
            self.panel = self._build(self.spec, self)
            self.layout().addWidget(self.panel)
            if self.isVisible():
                self.panel.show()
        return self.panel

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.build()  # whatever route showed the page (a tab, a page list, a shortcut)
        super().showEvent(event)


class _Panels(Mapping[str, Panel]):
    """The session's panels by slug: every available one is listed, each is built when first asked for."""

    def __init__(self) -> None:
        self.slots: dict[str, _PanelSlot] = {}

    def __getitem__(self, slug: str) -> Panel:
        return self.slots[slug].build()

    def __contains__(self, slug: object) -> bool:  # without building it
        return slug in self.slots

    def __iter__(self) -> Iterator[str]:
        return iter(self.slots)

    def __len__(self) -> int:
        return len(self.slots)

    def built(self) -> list[Panel]:
        return [panel for _slug, panel in self.built_items()]

    def built_items(self) -> list[tuple[str, Panel]]:
        """(slug, panel) of the panels built so far: walking `items()` would build every page."""
        return [(slug, slot.panel) for slug, slot in self.slots.items() if slot.panel is not None]


def _page(widget: QWidget | None) -> Panel | None:
    """The panel a page shows, if it has been built."""
    if isinstance(widget, _PanelSlot):
        return widget.panel
    return widget if isinstance(widget, Panel) else None


class _Sidebar(QWidget):
    """A list of pages on the left and the chosen page on the right (我的企业, 管理工具)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setMaximumWidth(200)
        self.list.setSpacing(3)
        self.stack = QStackedWidget(self)
        self.list.currentRowChanged.connect(self._row_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)

    def add(self, widget: QWidget, title: str) -> None:
        self.stack.addWidget(widget)
        self.list.addItem(title)
        if self.list.count() == 1:
            self.list.setCurrentRow(0)

    def _row_changed(self, row: int) -> None:
        page = _page(self.stack.currentWidget())
        if page is not None and row != self.stack.currentIndex() and not page.leave(lambda: self.show_index(row)):
            self.list.blockSignals(True)  # stay on the page with unsaved edits; it asked what to do
            self.list.setCurrentRow(self.stack.currentIndex())
            self.list.blockSignals(False)
            return
        self.stack.setCurrentIndex(row)

    def set_title(self, i: int, title: str) -> None:
        item = self.list.item(i)
        if item is not None:
            item.setText(title)

    def show_index(self, i: int) -> None:
        self.list.setCurrentRow(i)

    def current_widget(self) -> QWidget:
        return self.stack.currentWidget()


class MainWindow(RetranslateMixin, QMainWindow):
    changes_applied = Signal(object)  # the applied ChangeSet, or None after a conflict (reload everything)
    switch_database_requested = Signal()
    closed = Signal()

    def __init__(self, session: Session, runner: JobRunner, language: Language,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.session = session
        self.runner = runner
        self.runner.dialog_parent = self
        self.language = language
        self.panels = _Panels()
        self.specs: dict[str, registry.PanelSpec] = {}
        self._containers: dict[str, tuple[QWidget, list[registry.PanelSpec]]] = {}
        self._dept_paths: dict[int, str] | None = None
        self.preview_dialog: ChangeSetPreviewDialog | None = None
        self.last_error: BaseException | None = None
        self.last_applied: ChangeSet | None = None
        self.remember_geometry = True  # off for screenshots: rendering must leave no preferences behind
        self.setWindowIcon(QIcon(str(resources.app_icon())))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("top_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_index = 0
        self.setCentralWidget(self.tabs)
        self._build_panels()
        self._build_menus()
        self.appearance = Appearance.of(QApplication.instance())  # type: ignore[arg-type]
        self.appearance.apply()
        self.appearance_menu = AppearanceMenu(self.appearance, self)
        self.view_menu.insertMenu(self.view_menu.actions()[1], self.appearance_menu)  # after 刷新
        apply_icons(self)
        self.status_user = QLabel(self)
        self.status_user.setObjectName("status_user")
        self.statusBar().addPermanentWidget(self.status_user)
        self.status_connection = QLabel(self)  # online / offline with N queued / reconnecting (gui/live.py)
        self.status_connection.setObjectName("status_connection")
        self.statusBar().addPermanentWidget(self.status_connection)
        self.changes_applied.connect(lambda _cs: self._forget_paths())
        # Rows carry words from the services (change descriptions, statuses): read again in the new language.
        language.changed.connect(self._language_changed)  # a bound slot: disconnected when the window goes
        self.retranslate()
        self._restore_geometry()
        self.live = live.attach(self)  # other consoles' change sets refresh the open views
        if session.actor.role == "helpdesk":
            self.show_panel("directory/lockout")  # the helpdesk's daily work is unlocking accounts
        self._closed = False
        QTimer.singleShot(0, self, self._build_background_panels)  # once it shows, not in its way

    # ------------------------------------------------------------------ building
    def _build_panels(self) -> None:
        for (path, slug, _title), specs in registry.panels_for(self.session):
            if len(specs) == 1 and specs[0].path == path:
                container: QWidget = self._make_panel(specs[0])
            elif slug in SIDEBAR_MENUS:
                sidebar = _Sidebar(self.tabs)
                sidebar.list.setObjectName(f"{slug}_pages")
                sidebar.stack.currentChanged.connect(lambda _i: self._current_panel_fresh())
                for spec in specs:
                    sidebar.add(self._make_panel(spec), spec.display_title())
                container = sidebar
            else:
                sub = QTabWidget(self.tabs)
                sub.setObjectName(f"{slug}_tabs")
                sub.currentChanged.connect(lambda _i: self._current_panel_fresh())
                for spec in specs:
                    sub.addTab(self._make_panel(spec), spec.display_title())
                container = sub
            container.setObjectName(container.objectName() or f"{slug}_container")
            self.tabs.addTab(container, "")
            self._containers[slug] = (container, specs)

    def _make_panel(self, spec: registry.PanelSpec) -> _PanelSlot:
        slot = _PanelSlot(self._build_panel, spec, self)
        slot.setObjectName(f"slot_{spec.slug.replace('/', '_')}")
        self.panels.slots[spec.slug] = slot
        self.specs[spec.slug] = spec
        return slot

    def _build_panel(self, spec: registry.PanelSpec, slot: QWidget) -> Panel:
        panel = spec.factory(self)
        panel.setParent(slot)
        panel.setObjectName(f"panel_{spec.slug.replace('/', '_')}")
        apply_icons(panel)
        rights.enforce(self)  # the new page's controls too
        return panel

    def _build_background_panels(self) -> None:
        """Pages with work of their own while the window is open (the LDAP schedule), built once it shows."""
        if self._closed:
            return  # closed at once (a screenshot, a test): nothing may start a schedule nobody stops
        for slug, spec in self.specs.items():
            if spec.build_at_start is not None and spec.build_at_start(self.session):
                self.panels[slug]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.switch_action = QAction(self)
        self.switch_action.setObjectName("action_switch_database")
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.switch_action.triggered.connect(self.switch_database_requested.emit)
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("action_quit")
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.switch_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("")
        self.undo_action = QAction(self)
        self.undo_action.setObjectName("action_undo")
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.triggered.connect(self.undo_last)
        self.undo_action.setEnabled(self.session.can("changes.undo"))
        self.history_action = QAction(self)
        self.history_action.setObjectName("action_history")
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(lambda: self.show_panel("tools/history"))
        self.history_action.setVisible("tools/history" in self.panels)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.history_action)

        self.view_menu = bar.addMenu("")
        self.refresh_action = QAction(self)
        self.refresh_action.setObjectName("action_refresh")
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self.refresh_all)
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.goto_actions: list[QAction] = []
        for i in range(self.tabs.count()):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, i=i: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self.goto_actions.append(action)

        # Always bilingual, so a user can find it whichever language is showing.
        self.language_menu = bar.addMenu("语言 / &Language")
        self.language_menu.setObjectName("menu_language")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for choice, text in ((SYSTEM, ""), ("zh_CN", "简体中文"), ("en", "English")):
            action = QAction(text, self)
            action.setObjectName(f"action_language_{choice}")
            action.setCheckable(True)
            action.setChecked(self.language.choice == choice)
            action.triggered.connect(lambda _c=False, choice=choice: self.set_language(choice))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[choice] = action

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self)
        self.about_action.setObjectName("action_about")
        self.about_action.triggered.connect(self.about)
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        # The product name is the application's display name, which the platform adds to the title.
        self.setWindowTitle(f"{self.session.actor.name} @ {self.session.display_name}")
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.switch_action.setText(translate("MainWindow", "&Switch database…"))
        self.quit_action.setText(translate("MainWindow", "&Quit"))
        self.edit_menu.setTitle(translate("MainWindow", "&Edit"))
        self.undo_action.setText(translate("MainWindow", "&Undo last change"))
        self.history_action.setText(translate("MainWindow", "Change &history"))
        self.view_menu.setTitle(translate("MainWindow", "&View"))
        self.refresh_action.setText(translate("MainWindow", "&Refresh"))
        self.language_actions[SYSTEM].setText(translate("MainWindow", "Follow the &system"))
        self.help_menu.setTitle(translate("MainWindow", "&Help"))
        self.about_action.setText(translate("MainWindow", "&About"))
        for i, slug in enumerate(self._containers):
            title = registry.top_title(slug)
            self.tabs.setTabText(i, title)
            self.goto_actions[i].setText(fill(translate("MainWindow", "Go to %1"), title))
            container, specs = self._containers[slug]
            for j, spec in enumerate(specs):
                if isinstance(container, QTabWidget):
                    container.setTabText(j, spec.display_title())
                elif isinstance(container, _Sidebar):
                    container.set_title(j, spec.display_title())
            container.setAccessibleName(title)
        self.tabs.setAccessibleName(translate("MainWindow", "Main menu"))
        self.status_user.setText(fill(translate("MainWindow", "%1 (%2) · %3"), self.session.actor.name, role_text(self.session.actor.role), self.session.display_name))
        self.status_user.setToolTip(location(self.session.url))
        rights.enforce(self)  # what this role may not do is hidden, or disabled saying why (in this language)

    # ------------------------------------------------------------------ navigation
    def top_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def top_slugs(self) -> list[str]:
        return list(self._containers)

    def show_panel(self, slug: str) -> Panel | None:
        spec = registry.find(slug, list(self.specs.values()))
        if spec is None:
            return None
        panel = self.panels[spec.slug]
        for i, (container, specs) in enumerate(self._containers.values()):
            if spec in specs:
                self.tabs.setCurrentIndex(i)
                j = specs.index(spec)
                if isinstance(container, QTabWidget):
                    container.setCurrentIndex(j)
                elif isinstance(container, _Sidebar):
                    container.show_index(j)
                break
        panel.ensure_fresh()
        return panel

    def current_panel(self) -> Panel | None:
        return self._panel_in(self.tabs.currentWidget())

    def _tab_changed(self, i: int) -> None:
        previous = self._panel_in(self.tabs.widget(self._tab_index), build=False)
        if previous is not None and i != self._tab_index and not previous.leave(lambda: self.tabs.setCurrentIndex(i)):
            self.tabs.blockSignals(True)  # stay on the panel with unsaved edits; it asked what to do
            self.tabs.setCurrentIndex(self._tab_index)
            self.tabs.blockSignals(False)
            return
        self._tab_index = i
        self._current_panel_fresh()

    @staticmethod
    def _panel_in(widget: QWidget | None, build: bool = True) -> Panel | None:
        if isinstance(widget, QTabWidget):
            widget = widget.currentWidget()
        elif isinstance(widget, _Sidebar):
            widget = widget.current_widget()
        if build and isinstance(widget, _PanelSlot):
            return widget.build()
        return _page(widget)

    def _current_panel_fresh(self) -> None:
        panel = self.current_panel()
        if panel is not None:
            panel.ensure_fresh()

    def refresh_all(self) -> None:
        self._forget_paths()
        for panel in self.panels.built():  # the others read everything when they are built
            panel.mark_stale()

    # ------------------------------------------------------------------ change sets
    def dept_paths(self) -> Mapping[int, str]:
        if self._dept_paths is None:
            self._dept_paths = department_paths(self.session)
        return self._dept_paths

    def _forget_paths(self) -> None:
        self._dept_paths = None

    def run_change(self, plan: Callable[[], ChangeSet], *, title: str, preview: bool = True,
                   on_applied: Callable[[ChangeSet], None] | None = None,
                   on_failed: Callable[[BaseException], None] | None = None) -> ChangeOp:
        """Plan on the job pool (bulk plans read a lot), then preview and apply: a ChangeOp."""
        return ChangeOp(self, title, plan=plan).preview(preview).success(on_applied).failure(on_failed).run()

    def apply_planned(self, cs: ChangeSet, *, title: str, preview: bool = True,
                      on_applied: Callable[[ChangeSet], None] | None = None,
                      on_failed: Callable[[BaseException], None] | None = None) -> ChangeOp:
        """A change set planned already (a dialog planned it to show its refusals beside the fields)."""
        return ChangeOp(self, title, planned=cs).preview(preview).success(on_applied).failure(on_failed).run()

    def report_error(self, exc: BaseException) -> None:
        self.last_error = exc
        show_error(self, exc)

    def report_applied(self, cs: ChangeSet) -> None:
        """A change set applied outside a ChangeOp: status line, views reload."""
        operations.report_applied(self, cs)

    def report_failed(self, exc: BaseException) -> None:
        """An apply that failed outside a ChangeOp: the same handling (a conflict reloads the views)."""
        operations.report_failed(self, exc)

    def undo_last(self) -> None:
        if not self.session.can("changes.undo"):
            return
        change_id = changes.last_undoable(self.session.uow, self.session.actor)
        if change_id is None:
            self.statusBar().showMessage(translate("MainWindow", "Nothing to undo."), 5000)
            return
        self.undo_change(change_id)

    def undo_change(self, change_id: int) -> None:
        uow, actor = self.session.uow, self.session.actor
        self.run_change(lambda: changes.plan_undo(uow, actor, change_id),
                        title=fill(translate("MainWindow", "Undo change set #%1"), str(change_id)))

    # ------------------------------------------------------------------ language, about, closing
    def _language_changed(self, _lang: str) -> None:
        self.statusBar().clearMessage()  # a passing message in the old language would stay for seconds
        self.refresh_all()

    def set_language(self, choice: str) -> None:
        self.language.choose(choice)
        action = self.language_actions.get(choice if choice in LANGUAGES else SYSTEM)
        if action is not None:
            action.setChecked(True)

    def about(self) -> None:
        show_info(self, lambda: translate("MainWindow", "About"),
                  lambda: f"{pick(APP_NAME_ZH, APP_NAME_EN)} {__version__}\n"
                  + translate("MainWindow", "Administration console of a Youdu-style enterprise IM deployment."))

    def _restore_geometry(self) -> None:
        geometry = preferences().value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not all(panel.leave(self.close) for panel in self.panels.built()):
            event.ignore()  # a panel with unsaved edits asked; it closes the window once they are dealt with
            return
        if self.remember_geometry:
            preferences().setValue("window/geometry", self.saveGeometry())
        self.live.stop()
        # A write in flight finishes before the window goes: never a half-applied change set.
        self.runner.wait_for_done()
        super().closeEvent(event)
        self._closed = True
        self.closed.emit()
