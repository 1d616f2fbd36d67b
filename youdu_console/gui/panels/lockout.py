"""通讯录 → 锁定名单: the helpdesk's lockout desk — who is locked, the forensics, unlock selected or all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from youdu_console.domain.pinyin import name_pinyin
from youdu_console.gui.i18n import fill, number, translate
from youdu_console.gui.models.lists import LockListModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow


def lock_matches(row: dict[str, Any], text: str) -> bool:
    """The desk's filter: account, name, its pinyin or initials, a department, or the address."""
    q = text.strip().lower()
    if not q:
        return True
    name = row.get("name") or ""
    full, initials = name_pinyin(name)
    compact = q.replace(" ", "")
    return (q in row["account"] or q in name.lower() or full.startswith(compact) or initials.startswith(compact)
            or any(q in d.lower() for d in row.get("departments") or ()) or q in (row.get("last_failure_ip") or ""))


class LockoutPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.access = self.session.access
        self.can_unlock = self.session.can("lock.unlock")
        self.title = QLabel(self)
        self.title.setObjectName("lockout_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self._locks: list[dict[str, Any]] = []
        self.filter = QLineEdit(self)
        self.filter.setObjectName("lockout_filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self._show_rows())  # a lock list is short: filter in Python
        self.clear_filter_action = QAction(self.filter)
        self.clear_filter_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_filter_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_filter_action.triggered.connect(self.filter.clear)
        self.filter.addAction(self.clear_filter_action)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(lambda: (self.filter.setFocus(), self.filter.selectAll()))
        self.addAction(self.find_action)
        self.model = LockListModel(self)
        self.view = list_view(self, "lock_table")
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlock_selected")
        self.unlock_button.setShortcut(QKeySequence("Ctrl+U"))
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.unlock_all_button = QPushButton(self)
        self.unlock_all_button.setObjectName("unlock_all")
        self.unlock_all_button.clicked.connect(self.unlock_all)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("lockout_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        for button in (self.unlock_button, self.unlock_all_button):
            button.setVisible(self.can_unlock)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.unlock_button)
        bar.addWidget(self.unlock_all_button)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.retranslate()
        self._update_enabled()

    def retranslate(self) -> None:
        if self.filter.text().strip():
            self.title.setText(fill(translate("LockoutPanel", "Locked accounts(%1 of %2)"), number(self.model.rowCount()), number(len(self._locks))))
        else:
            self.title.setText(fill(translate("LockoutPanel", "Locked accounts(%1)"), number(self.model.rowCount())))
        self.filter.setPlaceholderText(translate("LockoutPanel", "Account / name / pinyin / department"))
        self.filter.setAccessibleName(translate("LockoutPanel", "Filter the locked accounts"))
        self.hint.setText(translate("LockoutPanel", "Accounts locked after too many wrong passwords. Unlocking resets the "
                                         "failure count; the member can log in again at once."))
        self.unlock_button.setText(translate("LockoutPanel", "&Unlock selected"))
        self.unlock_all_button.setText(translate("LockoutPanel", "Unlock &all"))
        self.refresh_button.setText(translate("LockoutPanel", "&Refresh"))
        self.view.setAccessibleName(translate("LockoutPanel", "Locked accounts"))
        self.unlock_button.setAccessibleName(translate("LockoutPanel", "Unlock the selected accounts"))
        self.unlock_all_button.setAccessibleName(translate("LockoutPanel", "Unlock every locked account"))
        self.model.retranslate()

    def reload(self) -> None:
        self._locks = self.access.lock_list()
        self._show_rows()
        self.view.resizeColumnsToContents()  # a lock list is short; the times must show whole

    def _show_rows(self) -> None:
        text = self.filter.text()
        self.model.set_rows([r for r in self._locks if lock_matches(r, text)])
        self.retranslate()
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.unlock_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.unlock_all_button.setEnabled(bool(self._locks))

    def selected_accounts(self) -> list[str]:
        return [r["account"] for r in self.model.rows_for(self.view.selectionModel().selectedRows())]

    def select_accounts(self, accounts: list[str]) -> None:
        flags = self.view.selectionModel().SelectionFlag
        self.view.clearSelection()
        for i, r in enumerate(self.model.rows):
            if r["account"] in accounts:
                self.view.selectionModel().select(self.model.index(i, 0), flags.Select | flags.Rows)

    def unlock_selected(self) -> None:
        accounts = self.selected_accounts()
        if accounts:
            access = self.access
            self.host.run_change(lambda: access.plan_unlock(accounts), title=translate("LockoutPanel", "Unlock"),
                                 preview=len(accounts) > 1)

    def unlock_all(self) -> None:
        access = self.access
        self.host.run_change(lambda: access.plan_unlock(None), title=translate("LockoutPanel", "Unlock all"))


def _available(session: Session) -> bool:
    return session.can("lock.read")


register(PanelSpec("通讯录/锁定名单", "directory/lockout", QT_TRANSLATE_NOOP("Panels", "Locked list"), 30,
                   LockoutPanel, _available))
