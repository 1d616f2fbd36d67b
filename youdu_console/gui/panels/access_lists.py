"""通讯录 → 授权/禁用名单: the authorised, disabled and resigned lists with their bulk actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from youdu_console.domain.model import MemberView
from youdu_console.gui.i18n import translate
from youdu_console.gui.models.members import MemberTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

KINDS = ("authorized", "disabled", "resigned")


class AccessListsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.kind = "authorized"
        self._all: list[MemberView] = []
        self._counts: dict[str, int] = {}
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
        self.filter.textChanged.connect(lambda _t: self._show_rows())
        self.model = MemberTableModel(self, editable=False, draggable=False)
        self.view = list_view(self, "access_table")
        self.view.setModel(self.model)
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
        self.title.setText(f"{names[self.kind]}({len(self._all)})")
        texts = {"revoke": translate("AccessListsPanel", "&Revoke authorisation"), "enable": translate("AccessListsPanel", "&Enable again"),
                 "restore": translate("AccessListsPanel", "Res&tore"), "delete": translate("AccessListsPanel", "&Delete")}
        for name, button in self.buttons.items():
            button.setText(texts[name])
            button.setAccessibleName(texts[name].replace("&", ""))
        self.filter.setPlaceholderText(translate("AccessListsPanel", "Account / name"))
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
        """Counts from one grouped query; the chosen list's rows as a job (it may be the whole directory)."""
        counts = self.session.directory.count_members()
        self._counts = {"authorized": counts.get("authorized", 0), "disabled": counts.get("disabled", 0),
                        "resigned": counts.get("resigned", 0)}
        access, kind = self.session.access, self.kind
        job = self.host.runner.submit(lambda progress, cancel: access.list_by_kind(kind),
                                      title=translate("AccessListsPanel", "Loading the list"))
        job.succeeded.connect(lambda rows: self._loaded(kind, rows))
        job.failed.connect(self.host.report_error)

    def _loaded(self, kind: str, rows: list[MemberView]) -> None:
        if kind != self.kind:
            return  # the user chose another list meanwhile
        self._all = rows
        self._show_rows()
        self.retranslate()

    def _show_rows(self) -> None:
        text = self.filter.text().strip().lower()
        rows = [m for m in self._all if text in m.account or text in m.name.lower()] if text else self._all
        self.model.set_rows(rows)
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
