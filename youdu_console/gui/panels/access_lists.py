"""通讯录 → 授权/禁用名单: the authorised, disabled and resigned lists with their bulk actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from youdu_console.gui.i18n import fill, translate
from youdu_console.gui.models.members import LIST_COLUMNS, MemberTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.gui.widgets.department_pane import SEARCH_DELAY_MS
from youdu_console.gui.widgets.member_columns import lay_out_member_columns
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

KINDS = ("authorized", "disabled", "resigned")


class AccessListsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.kind = "authorized"
        self._counts: dict[str, int] = {}
        self._filtered = ""  # the filter text the shown rows answer
        self._generation = 0
        self.kinds = QListWidget(self)
        self.kinds.setObjectName("access_kinds")
        self.kinds.setMaximumWidth(180)
        for _ in KINDS:
            self.kinds.addItem("")
        self.kinds.currentRowChanged.connect(self._kind_changed)
        self.title = QLabel(self)
        self.title.setObjectName("access_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("access_filter")
        self.filter.setClearButtonEnabled(True)
        # The filter is a search on the list (account, pinyin, initials, mobile, e-mail, name) through the
        # service, after the same short pause as the address book's search.
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(SEARCH_DELAY_MS)
        self._filter_timer.timeout.connect(self._load_rows)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.model = MemberTableModel(self, columns=LIST_COLUMNS, editable=False, draggable=False)
        self.view = list_view(self, "access_table")
        self.view.setModel(self.model)
        lay_out_member_columns(self.view, self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        access = self.session.access
        can_auth = self.session.can("auth.manage")
        can_write = self.session.can("directory.write")
        self.buttons: dict[str, QPushButton] = {}
        self.plans: dict[str, tuple[set[str], Callable[[list[str]], ChangeSet]]] = {}
        if can_auth:
            self._button("revoke", {"authorized"}, lambda a: access.plan_authorization(a, "revoke"))
            self._button("enable", {"disabled"}, lambda a: access.plan_authorization(a, "enable"))
        if can_write:
            self._button("restore", {"resigned"}, self.session.directory.plan_restore)
            self._button("delete", {"resigned"}, self.session.directory.plan_delete_members)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addWidget(self.filter)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.view, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.kinds)
        layout.addLayout(right, 1)
        self.kinds.setCurrentRow(0)
        self.retranslate()

    def _button(self, name: str, kinds: set[str], plan: Callable[[list[str]], ChangeSet]) -> None:
        button = QPushButton(self)
        button.setObjectName(f"access_{name}")
        button.clicked.connect(lambda: self.run_action(name))
        self.buttons[name] = button
        self.plans[name] = (kinds, plan)

    def retranslate(self) -> None:
        names = self._kind_names()
        for i, kind in enumerate(KINDS):
            item = self.kinds.item(i)
            if item is not None:
                item.setText(f"{names[kind]}({self._counts[kind]})" if kind in self._counts else names[kind])
        if self._filtered:
            self.title.setText(fill(translate("AccessListsPanel", "%1(%2 of %3)"), names[self.kind], str(self.model.total), str(self._counts.get(self.kind, 0))))
        else:
            self.title.setText(f"{names[self.kind]}({self.model.total})")
        texts = {"revoke": translate("AccessListsPanel", "&Revoke authorisation"), "enable": translate("AccessListsPanel", "&Enable again"),
                 "restore": translate("AccessListsPanel", "Res&tore"), "delete": translate("AccessListsPanel", "&Delete")}
        for name, button in self.buttons.items():
            button.setText(texts[name])
            button.setAccessibleName(texts[name].replace("&", ""))
        self.filter.setPlaceholderText(translate("AccessListsPanel", "Account / name / pinyin / mobile / e-mail"))
        self.filter.setAccessibleName(translate("AccessListsPanel", "Filter the list"))
        self.kinds.setAccessibleName(translate("AccessListsPanel", "Lists"))
        self.view.setAccessibleName(translate("AccessListsPanel", "Members on the list"))
        self.model.retranslate()

    @staticmethod
    def _kind_names() -> dict[str, str]:
        return {"authorized": translate("AccessListsPanel", "Authorised list"), "disabled": translate("AccessListsPanel", "Disabled list"),
                "resigned": translate("AccessListsPanel", "Resigned list")}

    def _kind_changed(self, row: int) -> None:
        if 0 <= row < len(KINDS):
            self.kind = KINDS[row]
            self.mark_stale()  # loads now when shown, else the next time the panel is shown

    def reload(self) -> None:
        """Counts from one grouped query; the chosen list's ids as a job (it may be the whole directory),
        its rows a page at a time as the table scrolls."""
        counts = self.session.directory.count_members()
        self._counts = {"authorized": counts.get("authorized", 0), "disabled": counts.get("disabled", 0),
                        "resigned": counts.get("resigned", 0)}
        self._load_rows()

    def _load_rows(self) -> None:
        self._generation += 1
        access, kind, text, generation = self.session.access, self.kind, self.filter.text().strip(), self._generation
        job = self.host.runner.submit(lambda progress, cancel: access.member_ids_by_kind(kind, search=text or None),
                                      title=translate("AccessListsPanel", "Loading the list"), show_progress=False)
        job.succeeded.connect(lambda ids: self._loaded(generation, kind, text, ids))
        job.failed.connect(self.host.report_error)

    def _loaded(self, generation: int, kind: str, text: str, ids: list[int]) -> None:
        if generation != self._generation or kind != self.kind:
            return  # another list or another filter was asked for meanwhile
        self._filtered = text
        self.model.show_ids(ids, self.session.directory.members_by_ids)
        if self.model.sorted_by is None:
            header = self.view.horizontalHeader()
            header.setSortIndicator(-1, header.sortIndicatorOrder())
        self.view.setColumnHidden(LIST_COLUMNS.index(next(c for c in LIST_COLUMNS if c.key == "resigned_at")),
                                  kind != "resigned")
        self.retranslate()
        self._update_enabled()

    def _update_enabled(self) -> None:
        some = bool(self.view.selectionModel().selectedRows())
        for name, button in self.buttons.items():
            kinds, _plan = self.plans[name]
            button.setVisible(self.kind in kinds)
            button.setEnabled(some)

    def selected_accounts(self) -> list[str]:
        return [m.account for m in self.model.rows_for(self.view.selectionModel().selectedRows())]

    def select_accounts(self, accounts: list[str]) -> None:
        flags = self.view.selectionModel().SelectionFlag
        self.view.clearSelection()
        for i, m in enumerate(self.model.rows):
            if m.account in accounts:
                self.view.selectionModel().select(self.model.index(i, 0), flags.Select | flags.Rows)

    def run_action(self, name: str) -> None:
        accounts = self.selected_accounts()
        kinds, plan = self.plans[name]
        if accounts and self.kind in kinds:
            self.host.run_change(lambda: plan(accounts), title=self.buttons[name].text().replace("&", ""))


def _available(session: Session) -> bool:
    return session.can("auth.read")


register(PanelSpec("通讯录/授权/禁用名单", "directory/access", QT_TRANSLATE_NOOP("Panels", "Authorised / disabled lists"),
                   20, AccessListsPanel, _available))
