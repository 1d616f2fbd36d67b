"""群管理: fixed and department groups — a filtered list with counts and kind badges, and a detail pane with the
members (added from the department tree picker or by account) and the group administrators.

Every write goes through the window's `run_change` (plan, preview, apply, undo as everywhere). The address
book's department menu gets "Create department group" from here (`department_pane.MENU_EXTENSIONS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.groups import GroupMemberView, GroupView
from youdu_console.gui.dialogs.common import PromptDialog
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.i18n import error_text, translate
from youdu_console.gui.loaders import load_departments
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.gui.widgets import department_pane
from youdu_console.services.changes import ChangeSet
from youdu_console.services.groups import GROUPS_READ, GROUPS_WRITE, GroupService

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

FILTER_DELAY_MS = 250
INFO_TITLES = (QT_TRANSLATE_NOOP("GroupsPanel", "Group gid"), QT_TRANSLATE_NOOP("GroupsPanel", "Owner"),
               QT_TRANSLATE_NOOP("GroupsPanel", "Department"), QT_TRANSLATE_NOOP("GroupsPanel", "Group space"),
               QT_TRANSLATE_NOOP("GroupsPanel", "Administrators"))


def kind_badge(kind: str) -> str:
    return (translate("GroupsPanel", "Department group") if kind == "department"
            else translate("GroupsPanel", "Fixed group"))


class GroupListModel(RowTableModel):
    """Groups (a short list: every group of the enterprise fits in memory as plain views)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("name", QT_TRANSLATE_NOOP("Columns", "Group"), lambda g: g.name),
            Column("kind", QT_TRANSLATE_NOOP("Columns", "Kind"), lambda g: kind_badge(g.kind)),
            Column("department", QT_TRANSLATE_NOOP("Columns", "Department"),
                   lambda g: (g.department or "") + (" (+)" if g.recursive else "")),
            Column("member_count", QT_TRANSLATE_NOOP("Columns", "Members"), lambda g: g.member_count,
                   align_right=True),
            Column("space_limit", QT_TRANSLATE_NOOP("Columns", "Group space"), lambda g: g.space_limit),
        ], key=lambda g: g.gid, parent=parent)


class GroupMemberModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("account", QT_TRANSLATE_NOOP("Columns", "Account"), lambda m: m.account),
            Column("name", QT_TRANSLATE_NOOP("Columns", "Name"), lambda m: m.name),
            Column("role", QT_TRANSLATE_NOOP("Columns", "Role"), _role_text),
            Column("status", QT_TRANSLATE_NOOP("Columns", "Status"),
                   lambda m: translate("GroupsPanel", "Resigned") if m.status == "resigned" else ""),
        ], key=lambda m: m.account, parent=parent)


def _role_text(m: GroupMemberView) -> str:
    if m.owner:
        return translate("GroupsPanel", "Owner")
    return translate("GroupsPanel", "Administrator") if m.admin else ""


class GroupsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.groups: GroupService = self.session.console.groups
        self.writable = self.session.can(GROUPS_WRITE)
        self.current: GroupView | None = None
        self.prompt: PromptDialog | None = None
        self.picker: DepartmentPickerDialog | None = None
        self.title = QLabel(self)
        self.title.setObjectName("groups_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("groups_filter")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.refresh)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.by_member = QCheckBox(self)
        self.by_member.setObjectName("groups_filter_by_member")
        self.by_member.toggled.connect(lambda _on: self.refresh())
        self.model = GroupListModel(self)
        self.view = list_view(self, "groups_table", multi=False)
        self.view.setModel(self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.new_button = self._button("group_new", self.new_fixed_group)
        self.new_dept_button = self._button("group_new_department", self.new_department_group)
        self.rename_button = self._button("group_rename", self.rename_group)
        self.delete_button = self._button("group_delete", self.delete_group)

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("group_detail_title")
        self.detail_title.setFont(font)
        self.badge = QLabel(self)
        self.badge.setObjectName("group_kind_badge")
        self.badge.setStyleSheet("QLabel { border: 1px solid palette(mid); border-radius: 3px; padding: 1px 6px; }")
        self.info = QFormLayout()
        self.gid_label, self.owner_label, self.dept_label, self.space_label, self.admins_label = (
            QLabel(self) for _ in range(5))
        for label in (self.gid_label, self.owner_label, self.dept_label, self.space_label, self.admins_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.gid_label.setObjectName("group_gid")
        self.owner_label.setObjectName("group_owner")
        self.dept_label.setObjectName("group_department")
        self.space_label.setObjectName("group_space")
        self.admins_label.setObjectName("group_admins")
        self.info_titles = [QLabel(self) for _ in range(5)]
        for title, value in zip(self.info_titles, (self.gid_label, self.owner_label, self.dept_label,
                                                   self.space_label, self.admins_label), strict=True):
            self.info.addRow(title, value)
        self.members_model = GroupMemberModel(self)
        self.members_view = list_view(self, "group_members_table")
        self.members_view.setModel(self.members_model)
        self.members_view.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self.add_dept_button = self._button("group_add_from_department", self.add_from_department)
        self.add_account_button = self._button("group_add_account", self.add_account)
        self.remove_button = self._button("group_remove_members", self.remove_selected)
        self.make_admin_button = self._button("group_make_admin", lambda: self.set_admin(True))
        self.unmake_admin_button = self._button("group_remove_admin", lambda: self.set_admin(False))
        self._layout()
        self.retranslate()
        self._show_current()

    def _button(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(self.writable)
        return button

    def _layout(self) -> None:
        left = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.new_dept_button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.by_member)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.rename_button)
        actions.addWidget(self.delete_button)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addLayout(filters)
        lv.addWidget(self.view, 1)
        lv.addLayout(actions)
        right = QWidget(self)
        head = QHBoxLayout()
        head.addWidget(self.detail_title)
        head.addWidget(self.badge)
        head.addStretch(1)
        member_actions = QHBoxLayout()
        for b in (self.add_dept_button, self.add_account_button, self.remove_button, self.make_admin_button,
                  self.unmake_admin_button):
            member_actions.addWidget(b)
        member_actions.addStretch(1)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(head)
        rv.addLayout(self.info)
        rv.addLayout(member_actions)
        rv.addWidget(self.members_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("groups_splitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def retranslate(self) -> None:
        self.title.setText(translate("GroupsPanel", "Groups(%1)").replace("%1", str(self.model.rowCount())))
        self.filter.setPlaceholderText(translate("GroupsPanel", "Filter by group name"))
        self.filter.setAccessibleName(translate("GroupsPanel", "Filter groups"))
        self.by_member.setText(translate("GroupsPanel", "By member account"))
        self.by_member.setToolTip(translate("GroupsPanel", "Show the groups the account typed in the filter belongs to"))
        self.new_button.setText(translate("GroupsPanel", "&New group…"))
        self.new_dept_button.setText(translate("GroupsPanel", "New &department group…"))
        self.rename_button.setText(translate("GroupsPanel", "&Rename…"))
        self.delete_button.setText(translate("GroupsPanel", "De&lete group"))
        self.add_dept_button.setText(translate("GroupsPanel", "Add from &department…"))
        self.add_account_button.setText(translate("GroupsPanel", "Add &account…"))
        self.remove_button.setText(translate("GroupsPanel", "Re&move"))
        self.make_admin_button.setText(translate("GroupsPanel", "Make a&dmin"))
        self.unmake_admin_button.setText(translate("GroupsPanel", "Remove ad&min"))
        for label, text in zip(self.info_titles, INFO_TITLES, strict=True):
            label.setText(translate("GroupsPanel", "%1:").replace("%1", translate("GroupsPanel", text)))
        self.view.setAccessibleName(translate("GroupsPanel", "Groups"))
        self.members_view.setAccessibleName(translate("GroupsPanel", "Group members"))
        self.model.retranslate()
        self.members_model.retranslate()
        self._show_details()

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        text = self.filter.text().strip()
        try:
            if self.by_member.isChecked() and text:
                views = self.groups.list_groups(member=text)
            else:
                views = self.groups.list_groups(search=text or None)
        except Exception as exc:  # noqa: BLE001 - an unknown account while typing: an empty list, said why
            self.model.set_rows([])
            self.title.setToolTip(error_text(exc))
            views = None
        if views is not None:
            self.title.setToolTip("")
            keep = self.current.gid if self.current else None
            self.model.set_rows(views)
            self.view.resizeColumnsToContents()  # a short list: kinds and paths must show whole
            row = self.model.row_of(keep) if keep else None
            if row is None and views:
                row = 0
            if row is not None:
                self.view.selectRow(row)
        self.retranslate()
        self._show_current()

    def _show_current(self) -> None:
        index = self.view.selectionModel().currentIndex() if self.view.selectionModel() else None
        self.current = self.model.row_at(index.row()) if index is not None and index.isValid() else None
        if self.current is not None:
            try:
                self.current = self.groups.get(self.current.gid)
                self.members_model.set_rows(self.groups.members(self.current.gid))
            except Exception as exc:  # noqa: BLE001 - deleted meanwhile: show nothing and say why
                self.host.report_error(exc)
                self.current = None
        if self.current is None:
            self.members_model.set_rows([])
        self._show_details()

    def _show_details(self) -> None:
        g = self.current
        self.detail_title.setText(g.name if g else translate("GroupsPanel", "No group selected"))
        self.badge.setText(kind_badge(g.kind) if g else "")
        self.badge.setVisible(g is not None)
        self.gid_label.setText(g.gid if g else "")
        self.owner_label.setText(g.owner or "—" if g else "")
        dept = ""
        if g and g.department:
            dept = g.department + (translate("GroupsPanel", " (with sub-departments)") if g.recursive else "")
        self.dept_label.setText(dept or ("—" if g else ""))
        self.space_label.setText(g.space_limit if g else "")
        self.admins_label.setText("、".join(g.admins) or "—" if g else "")
        self._update_enabled()

    def _update_enabled(self) -> None:
        g = self.current
        fixed = g is not None and g.kind == "fixed"
        selected = self.selected_accounts()
        for button in (self.rename_button, self.delete_button):
            button.setEnabled(g is not None)
        for button in (self.add_dept_button, self.add_account_button):
            button.setEnabled(fixed)
            button.setToolTip("" if fixed or g is None else
                              translate("GroupsPanel", "A department group's members follow its department"))
        self.remove_button.setEnabled(fixed and bool(selected))
        self.make_admin_button.setEnabled(g is not None and bool(selected))
        self.unmake_admin_button.setEnabled(g is not None and bool(selected))

    def selected_accounts(self) -> list[str]:
        return [m.account for m in self.members_model.rows_for(self.members_view.selectionModel().selectedRows())]

    def select_group(self, name_or_gid: str) -> None:
        for i, g in enumerate(self.model.rows):
            if name_or_gid in (g.gid, g.name):
                self.view.selectRow(i)
                return

    # ------------------------------------------------------------ writes (all through run_change)
    def _change(self, plan: Any, title: str) -> None:
        self.host.run_change(plan, title=title)

    def _ask(self, title: str, label: str, text: str, plan: Any) -> None:
        dialog = PromptDialog(self, title, label, text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.text_accepted.connect(lambda value: self._change(lambda: plan(value), title))
        self.prompt = dialog
        dialog.open()

    def new_fixed_group(self) -> None:
        groups = self.groups
        self._ask(translate("GroupsPanel", "New group"), translate("GroupsPanel", "Group &name:"), "",
                  lambda name: groups.plan_add(name))

    def new_department_group(self) -> None:
        self._pick_department(translate("GroupsPanel", "New department group"),
                              lambda path: self.create_department_group(path, recursive=False))

    def create_department_group(self, path: str, *, recursive: bool) -> None:
        groups = self.groups
        self._change(lambda: groups.plan_add_department(path, recursive=recursive),
                     translate("GroupsPanel", "New department group"))

    def rename_group(self) -> None:
        if self.current is None:
            return
        gid, groups = self.current.gid, self.groups
        self._ask(translate("GroupsPanel", "Rename group"), translate("GroupsPanel", "New &name:"), self.current.name,
                  lambda name: groups.plan_rename(gid, name))

    def delete_group(self) -> None:
        if self.current is not None:
            gid, groups = self.current.gid, self.groups
            self._change(lambda: groups.plan_delete(gid), translate("GroupsPanel", "Delete group"))

    def add_from_department(self) -> None:
        self._pick_department(translate("GroupsPanel", "Add the members of a department"), self.add_department_members)

    def add_department_members(self, path: str) -> None:
        """Everyone active directly in `path` who is not in the group yet."""
        if self.current is None:
            return
        gid, groups, directory = self.current.gid, self.groups, self.session.directory
        present = set(self.current.members)

        def plan() -> ChangeSet:
            accounts = [m.account for m in directory.list_members(path, limit=None) if m.status == "active"]
            return groups.plan_members(gid, add=[a for a in accounts if a not in present])
        self._change(plan, translate("GroupsPanel", "Add members"))

    def add_account(self) -> None:
        if self.current is None:
            return
        gid, groups = self.current.gid, self.groups
        self._ask(translate("GroupsPanel", "Add members"), translate("GroupsPanel", "&Accounts (comma separated):"), "",
                  lambda text: groups.plan_members(gid, add=[a for a in text.replace("，", ",").split(",")
                                                            if a.strip()]))

    def remove_selected(self) -> None:
        accounts = self.selected_accounts()
        if self.current is not None and accounts:
            gid, groups = self.current.gid, self.groups
            self._change(lambda: groups.plan_members(gid, remove=accounts), translate("GroupsPanel", "Remove members"))

    def set_admin(self, admin: bool) -> None:
        if self.current is None:
            return
        mine = {m.account: m.admin for m in self.members_model.rows}
        accounts = [a for a in self.selected_accounts() if mine.get(a) != admin]
        if accounts:
            gid, groups = self.current.gid, self.groups
            add, remove = (accounts, []) if admin else ([], accounts)
            self._change(lambda: groups.plan_admins(gid, add=add, remove=remove),
                         translate("GroupsPanel", "Group administrators"))

    def _pick_department(self, title: str, chosen: Any) -> None:
        picker = DepartmentPickerDialog(load_departments(self.session), self, title=title)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(chosen)
        self.picker = picker
        picker.open()


def _department_group_action(pane: department_pane.DepartmentPane) -> QAction | None:
    """通讯录's department menu: create the selected department's group (hidden where the role may not)."""
    if not pane.session.can(GROUPS_WRITE) or not pane.current_id():
        return None
    action = QAction(translate("GroupsPanel", "Create department &group"), pane)
    action.setObjectName("action_create_department_group")
    groups: GroupService = pane.session.console.groups
    path = pane.current_path()
    action.triggered.connect(lambda: pane.host.run_change(lambda: groups.plan_add_department(path),
                                                          title=translate("GroupsPanel", "New department group")))
    return action


def _delete_with_group_action(pane: department_pane.DepartmentPane) -> QAction | None:
    """Deleting a department asks what becomes of its group: the pane's own "Delete department" keeps it as a
    fixed group (the preview says so); this deletes both, in one change set."""
    if not pane.session.can(GROUPS_WRITE) or not pane.current_id():
        return None
    groups: GroupService = pane.session.console.groups
    path = pane.current_path()
    try:
        if groups.department_group(path) is None:
            return None
    except Exception:  # noqa: BLE001 - a department deleted meanwhile: no action to offer
        return None
    action = QAction(translate("GroupsPanel", "Delete department and its &group"), pane)
    action.setObjectName("action_delete_department_and_group")
    action.triggered.connect(lambda: pane.host.run_change(
        lambda: groups.plan_delete_department(path, group="delete"),
        title=translate("GroupsPanel", "Delete department and its group")))
    return action


for _extension in (_department_group_action, _delete_with_group_action):
    if _extension not in department_pane.MENU_EXTENSIONS:
        department_pane.MENU_EXTENSIONS.append(_extension)


def _available(session: Session) -> bool:
    return session.can(GROUPS_READ)


register(PanelSpec("群管理", "groups", QT_TRANSLATE_NOOP("Panels", "Groups"), 10, GroupsPanel, _available))
