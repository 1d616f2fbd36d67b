"""The right side of 通讯录: the department's title and actions, the member toolbar and the member table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain import validation as v
from youdu_console.domain.model import MemberView
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.dialogs.confidential import ConfidentialDialog
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.dialogs.member_editor import MemberEditorDialog
from youdu_console.gui.dialogs.password import PasswordDialog
from youdu_console.gui.i18n import fill, translate
from youdu_console.gui.models.members import MemberTableModel
from youdu_console.gui.panels.base import list_view
from youdu_console.gui.widgets.member_columns import lay_out_member_columns
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.loaders import DepartmentSnapshot
    from youdu_console.gui.main_window import MainWindow

AUTH_ACTIONS = ("grant", "revoke", "disable", "enable")


class MemberPane(RetranslateMixin, QWidget):
    """Shows one department's members or the search results; every write is planned through a service."""

    status_filter_changed = Signal(str)
    subdepartments_toggled = Signal(bool)
    reload_requested = Signal()

    def __init__(self, host: MainWindow, snapshot: Callable[[], DepartmentSnapshot],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.session = host.session
        self._snapshot = snapshot
        self.can_write = self.session.can("directory.write")
        self.can_auth = self.session.can("auth.manage")
        self.can_password = self.session.can("member.password")
        self.department = ""
        self.search_text = ""
        self.dialog: Any = None
        self.title = QLabel(self)
        self.title.setObjectName("department_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.model = MemberTableModel(self, editable=self.can_write, draggable=self.can_write)
        self.model.weight_edited.connect(self.set_weight)
        self.model.weight_rejected.connect(self.host.report_error)
        self.view = list_view(self, "member_table")
        self.view.setModel(self.model)
        lay_out_member_columns(self.view, self.model)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("member_empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()
        if self.can_write:
            self.view.setDragEnabled(True)
            self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
            self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                      | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.activated.connect(lambda index: self.edit_member() if index.column() != 5 or not self.can_write
                                    else None)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("member_status_filter")
        for value in ("active", "resigned", "all"):
            self.status_combo.addItem("", value)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.status_filter_changed.emit(self.status_combo.currentData()))
        # The tree counts a department's members with its sub-departments': by default the list does too.
        self.subtree_box = QCheckBox(self)
        self.subtree_box.setObjectName("member_include_subdepartments")
        self.subtree_box.setChecked(True)
        self.subtree_box.toggled.connect(self.subdepartments_toggled.emit)
        self._make_actions()
        self.toolbar = self._make_toolbar()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        self.dept_buttons = QHBoxLayout()
        head.addLayout(self.dept_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        self.retranslate()
        self._update_enabled()

    # ------------------------------------------------------------------ actions and toolbar
    def _action(self, name: str, slot: Callable[[], None], visible: bool, shortcut: str | None = None,
                in_table: bool = True) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        action.setVisible(visible)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if in_table and visible:
            self.view.addAction(action)
        return action

    def _make_actions(self) -> None:
        w, a = self.can_write, self.can_auth
        self.add_action = self._action("action_add_member", self.add_member, w, "Ctrl+N", in_table=False)
        self.edit_action = self._action("action_edit_member", self.edit_member, True, "Ctrl+E")
        self.move_action = self._action("action_move_members", self.move_members, w, "Ctrl+M")
        self.auth_actions = {act: self._action(f"action_auth_{act}", lambda act=act: self.authorize(act), a)
                             for act in AUTH_ACTIONS}
        self.confidential_action = self._action("action_confidential", self.confidential, w)
        self.password_action = self._action("action_set_password", self.set_password, self.can_password)
        self.delete_action = self._action("action_delete_members", self.delete_members, w, "Del")
        self.resign_action = self._action("action_resign_members", self.resign_members, w, "Ctrl+D")
        self.restore_action = self._action("action_restore_members", self.restore_members, w)
        # 批量导入导出 (manual 1.4): the 备份和恢复 page, for this department.
        self.bulk_action = self._action("action_bulk_import_export", self.bulk_import_export,
                                        any(self.session.can(r) for r in ("import", "export", "backup")),
                                        in_table=False)

    def all_actions(self) -> list[QAction]:
        """Actions whose shortcuts may work from anywhere in the address book (Del stays the table's own:
        in the tree it deletes the department)."""
        return [a for a in (self.add_action, self.edit_action, self.move_action, self.resign_action)
                if a.isVisible()]

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setObjectName("member_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("button_add_member")
        self.add_button.setDefaultAction(self.add_action)
        self.add_menu = QMenu(self)
        self.add_menu.addAction(self.add_action)
        self.add_menu.addAction(self.move_action)
        self.add_button.setMenu(self.add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.auth_button = QToolButton(self)
        self.auth_button.setObjectName("button_authorization")
        self.auth_menu = QMenu(self)
        for action in self.auth_actions.values():
            self.auth_menu.addAction(action)
        self.auth_button.setMenu(self.auth_menu)
        self.auth_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        if self.can_write:
            bar.addWidget(self.add_button)
        if self.can_auth:
            bar.addWidget(self.auth_button)
        for action in (self.edit_action, self.confidential_action, self.password_action, self.delete_action,
                       self.resign_action, self.restore_action, self.bulk_action):
            if action.isVisible():
                bar.addAction(action)
        bar.addSeparator()
        self.status_label = QLabel(self)
        self.status_label.setBuddy(self.status_combo)
        bar.addWidget(self.status_label)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.subtree_box)
        return bar

    def retranslate(self) -> None:
        self.add_action.setText(translate("MemberPane", "&New member…"))
        self.move_action.setText(translate("MemberPane", "&Move members…"))
        self.edit_action.setText(translate("MemberPane", "&Edit…"))
        self.add_button.setAccessibleName(translate("MemberPane", "New member"))
        self.auth_button.setText(translate("MemberPane", "Login &authorisation"))
        self.auth_button.setAccessibleName(translate("MemberPane", "Login authorisation"))
        texts = {"grant": translate("MemberPane", "Add to the &authorised list"), "revoke": translate("MemberPane", "&Revoke authorisation"),
                 "disable": translate("MemberPane", "Add to the &disabled list"), "enable": translate("MemberPane", "&Enable again")}
        for act, action in self.auth_actions.items():
            action.setText(texts[act])
        self.confidential_action.setText(translate("MemberPane", "&Confidential…"))
        self.password_action.setText(translate("MemberPane", "Reset &password…"))
        self.delete_action.setText(translate("MemberPane", "De&lete"))
        self.delete_action.setToolTip(translate("MemberPane", "Delete resigned members (only resigned members can be deleted)"))
        self.resign_action.setText(translate("MemberPane", "Re&sign"))
        self.restore_action.setText(translate("MemberPane", "Res&tore"))
        self.bulk_action.setText(translate("MemberPane", "&Bulk import/export"))
        self.status_label.setText(translate("MemberPane", "S&how:"))
        for i, text in enumerate((translate("MemberPane", "Active"), translate("MemberPane", "Resigned"), translate("MemberPane", "All"))):
            self.status_combo.setItemText(i, text)
        self.status_combo.setAccessibleName(translate("MemberPane", "Which members to show"))
        self.subtree_box.setText(translate("MemberPane", "Include sub-depa&rtments"))
        self.subtree_box.setToolTip(translate("MemberPane", "Also list the members of the department's "
                                                            "sub-departments, as its count does"))
        self._update_empty_hint()
        self.view.setAccessibleName(translate("MemberPane", "Members"))
        self.toolbar.setAccessibleName(translate("MemberPane", "Member actions"))
        self.model.retranslate()

    # ------------------------------------------------------------------ rows
    def status_filter(self) -> str:
        return str(self.status_combo.currentData())

    def include_subdepartments(self) -> bool:
        return self.subtree_box.isChecked()

    def show_list(self, title: str, ids: list[int], fetch: Callable[[list[int]], list[MemberView]], *,
                  department: str = "", search: str = "") -> None:
        """A whole list by its ids (the title says how many): the first page now, the rest as the table
        scrolls."""
        self.department = department
        self.search_text = search
        self.title.setText(title)
        self.model.show_ids(ids, fetch)
        self._shown()

    def _shown(self) -> None:
        if self.model.sorted_by is None:  # the list is in the service's order again
            header = self.view.horizontalHeader()
            header.setSortIndicator(-1, header.sortIndicatorOrder())
        self._update_empty_hint()
        self._update_enabled()

    def _update_empty_hint(self) -> None:
        empty = self.model.total == 0
        if self.search_text:
            text = translate("MemberPane", "No member matches “%1”. Press Esc to clear the search.")
            text = fill(text, self.search_text)
        elif self.department:
            text = translate("MemberPane", "No members directly in this department: include its "
                                           "sub-departments to see theirs.") if not self.include_subdepartments() \
                else translate("MemberPane", "No members in this department.")
        else:
            text = translate("MemberPane", "No members yet. Choose a department and add members with "
                                           "“New member…”, or import them.")
        self.empty_hint.setText(text)
        self.empty_hint.setVisible(empty)

    def selected(self) -> list[MemberView]:
        return self.model.rows_for(self.view.selectionModel().selectedRows())

    def selected_accounts(self) -> list[str]:
        return [m.account for m in self.selected()]

    def select_accounts(self, accounts: list[str]) -> None:
        self.view.clearSelection()
        flags = self.view.selectionModel().SelectionFlag
        for m in self.model.rows:
            if m.account in accounts:
                row = self.model.row_of(m.id)
                if row is not None:
                    self.view.selectionModel().select(self.model.index(row, 0),
                                                      flags.Select | flags.Rows)
                    self.view.setCurrentIndex(self.model.index(row, 0))

    def _update_enabled(self) -> None:
        chosen = self.selected()
        some = bool(chosen)
        for action in (self.move_action, self.confidential_action, *self.auth_actions.values()):
            action.setEnabled(some)
        self.edit_action.setEnabled(len(chosen) == 1)
        self.password_action.setEnabled(len(chosen) == 1)
        self.resign_action.setEnabled(any(m.status == "active" for m in chosen))
        self.restore_action.setEnabled(any(m.status == "resigned" for m in chosen))
        self.delete_action.setEnabled(some)
        self.add_action.setEnabled(bool(self.department))
        self.auth_button.setEnabled(some)

    # ------------------------------------------------------------------ member changes
    def _run(self, title: str, plan: Callable[[], ChangeSet], *, preview: bool = True) -> None:
        self.host.run_change(plan, title=title, preview=preview)

    def add_member(self) -> None:
        self._open_editor(None)

    def edit_member(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            fresh = self.session.directory.get_member(chosen[0].account)  # the latest version, not the row's
            self._open_editor(fresh)

    def _open_editor(self, member: MemberView | None) -> None:
        def apply(cs: ChangeSet, done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
            self.host.apply_planned(cs, title=dialog.windowTitle(), preview=False, on_applied=done, on_failed=failed)

        dialog = MemberEditorDialog(self.session, self._snapshot(), apply, self, member=member,
                                    department=self.department)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.select_accounts([v.fold_account(dialog.values()["account"])]))
        self.dialog = dialog
        dialog.open()

    def move_members(self) -> None:
        accounts = self.selected_accounts()
        if not accounts:
            return
        count = len(accounts)  # (lupdate reads plain names only)
        picker = DepartmentPickerDialog(self._snapshot(), self, title=lambda: translate("MemberPane", "Move members"),
                                        prompt=lambda: translate("MemberPane", "Move %n member(s) to:", None, count))
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(lambda path: self.move_to(accounts, path))
        self.dialog = picker
        picker.open()

    def move_to(self, accounts: list[str], path: str) -> None:
        self._run(translate("MemberPane", "Move members"), lambda: self.session.directory.plan_move_members(accounts, path))

    def authorize(self, action: str) -> None:
        accounts = self.selected_accounts()
        access = self.session.access
        if accounts and access is not None:
            self._run(translate("MemberPane", "Login authorisation"), lambda: access.plan_authorization(accounts, action))

    def confidential(self) -> None:
        chosen = self.selected()
        if not chosen:
            return
        dialog = ConfidentialDialog(chosen, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        accounts = [m.account for m in chosen]
        dialog.confirmed.connect(lambda changes: self._run(
            translate("MemberPane", "Confidential fields"),
            lambda: self.session.directory.plan_confidential(accounts, changes), preview=False))
        self.dialog = dialog
        dialog.open()

    def set_password(self) -> None:
        chosen = self.selected()
        access = self.session.access
        if len(chosen) != 1 or access is None:
            return
        account = chosen[0].account
        dialog = PasswordDialog(account, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def submit(password: str, force_change: bool) -> None:
            try:
                cs = access.plan_set_password(account, password, force_change=force_change)
            except Exception as exc:  # noqa: BLE001 - the policy's refusal is shown in the dialog
                dialog.show_error(exc)
                return
            self.host.apply_planned(cs, title=dialog.windowTitle(), preview=False,
                                    on_applied=lambda _cs: dialog.accept(), on_failed=dialog.show_error)

        dialog.password_entered.connect(submit)
        self.dialog = dialog
        dialog.open()

    def delete_members(self) -> None:
        accounts = self.selected_accounts()
        if accounts:
            self._run(translate("MemberPane", "Delete members"), lambda: self.session.directory.plan_delete_members(accounts))

    def resign_members(self) -> None:
        accounts = [m.account for m in self.selected() if m.status == "active"]
        if accounts:
            self._run(translate("MemberPane", "Resign members"), lambda: self.session.directory.plan_resign(accounts))

    def restore_members(self) -> None:
        accounts = [m.account for m in self.selected() if m.status == "resigned"]
        if accounts:
            self._run(translate("MemberPane", "Restore members"), lambda: self.session.directory.plan_restore(accounts))

    def bulk_import_export(self) -> None:
        panel = self.host.show_panel("tools/backup")
        if panel is not None and hasattr(panel, "open_for_department"):
            panel.open_for_department(self.department)

    def set_weight(self, account: str, weight: int) -> None:
        def failed(exc: BaseException) -> None:
            self.host.report_error(exc)
            self.reload_requested.emit()  # the edited cell showed the new weight already: take it back

        self.host.run_change(lambda: self.session.directory.plan_update_member(account, weight=weight),
                             title=translate("MemberPane", "Weight"), preview=False, on_failed=failed)
