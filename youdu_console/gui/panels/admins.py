"""我的企业 → 管理员 (5.4.1 用户角色): the console's administrators — added, changed (role, departments, each
scoped administrator's own permission set: 通讯录, 企业应用), their passwords reset and leavers removed by super
administrators; the services enforce it, removals and role changes are previewed before they apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from youdu_console.gui.dialogs.admin import AdminDialog, AdminPasswordDialog, AdminValues, role_text
from youdu_console.gui.i18n import fill, number, translate
from youdu_console.gui.loaders import DepartmentSnapshot, load_departments
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.changes import ChangeSet

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

PERMISSION_NAMES = {"directory": QT_TRANSLATE_NOOP("AdminsPanel", "Address book"),
                    "apps": QT_TRANSLATE_NOOP("AdminsPanel", "Enterprise apps")}


def _permissions_text(row: dict[str, Any]) -> str:
    if row.get("permissions") is None:
        return translate("AdminsPanel", "All") if row["role"] == "super" else ""
    return "、".join(translate("AdminsPanel", PERMISSION_NAMES[p]) for p in row["permissions"]) \
        or translate("AdminsPanel", "None (read only)")


class AdminListModel(RowTableModel):
    """Administrators: name, role, departments (scoped), permissions (scoped)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([
            Column("name", QT_TRANSLATE_NOOP("Columns", "Administrator"), lambda r: r["name"]),
            Column("role", QT_TRANSLATE_NOOP("Columns", "Role"),
                   lambda r: role_text(r["role"])),
            Column("scope", QT_TRANSLATE_NOOP("Columns", "Departments"), lambda r: "、".join(r.get("scope") or ())),
            Column("permissions", QT_TRANSLATE_NOOP("Columns", "Permissions"), _permissions_text),
        ], key=lambda r: r["name"], parent=parent)


class AdminsPanel(Panel):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.can_manage = self.session.can("admin.manage")
        self.title = QLabel(self)
        self.title.setObjectName("admins_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.model = AdminListModel(self)
        self.view = list_view(self, "admin_table", multi=False)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        self.boxes = {p: QCheckBox(self) for p in PERMISSION_NAMES}
        for p, box in self.boxes.items():
            box.setObjectName(f"permission_{p}")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_permissions")
        self.save_button.clicked.connect(self.save_permissions)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("admins_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.dialog: QDialog | None = None
        # The toolbar: only for roles that may manage administrators (the services refuse the others anyway).
        self.add_button = self._tool("admin_add", self.add_admin)
        self.edit_button = self._tool("admin_edit", self.edit_admin)
        self.password_button = self._tool("admin_password", self.reset_password)
        self.remove_button = self._tool("admin_remove", self.remove_admin)
        editor = QHBoxLayout()
        self.editor_label = QLabel(self)
        editor.addWidget(self.editor_label)
        for box in self.boxes.values():
            editor.addWidget(box)
        editor.addWidget(self.save_button)
        editor.addStretch(1)
        for widget in (self.editor_label, *self.boxes.values(), self.save_button):
            widget.setVisible(self.can_manage)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        for button in (self.add_button, self.edit_button, self.password_button, self.remove_button):
            bar.addWidget(button)
            button.setVisible(self.can_manage)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(editor)
        self.retranslate()
        self._selected_changed()

    def retranslate(self) -> None:
        self.title.setText(fill(translate("AdminsPanel", "Administrators (%1)"), number(self.model.rowCount())))
        self.hint.setText(translate("AdminsPanel", "A scoped administrator manages only its departments, and "
                                                   "only with the permissions given to it here: the address book, "
                                                   "enterprise apps (its own apps only; system apps stay with super "
                                                   "administrators), or neither (read only)."))
        self.editor_label.setText(translate("AdminsPanel", "Permissions of the selected scoped administrator:"))
        for p, box in self.boxes.items():
            box.setText(translate("AdminsPanel", PERMISSION_NAMES[p]))
        self.save_button.setText(translate("AdminsPanel", "&Save permissions"))
        self.add_button.setText(translate("AdminsPanel", "&Add administrator…"))
        self.edit_button.setText(translate("AdminsPanel", "&Change…"))
        self.password_button.setText(translate("AdminsPanel", "Reset pass&word…"))
        self.remove_button.setText(translate("AdminsPanel", "&Delete"))
        self.refresh_button.setText(translate("AdminsPanel", "&Refresh"))
        self.view.setAccessibleName(translate("AdminsPanel", "Administrators"))
        self.model.retranslate()

    def reload(self) -> None:
        self.model.set_rows(self.session.console.admins.list(self.session.actor))
        self.view.resizeColumnsToContents()
        self.retranslate()
        self._selected_changed()

    def selected(self) -> dict[str, Any] | None:
        rows = self.model.rows_for(self.view.selectionModel().selectedRows())
        return rows[0] if rows else None

    def select_admin(self, name: str) -> None:
        flags = self.view.selectionModel().SelectionFlag
        self.view.clearSelection()
        for i, r in enumerate(self.model.rows):
            if r["name"] == name:
                self.view.selectionModel().select(self.model.index(i, 0), flags.Select | flags.Rows)

    def _selected_changed(self) -> None:
        row = self.selected()
        scoped = row is not None and row["role"] == "scoped"
        for p, box in self.boxes.items():
            box.setEnabled(scoped)
            box.setChecked(scoped and p in (row or {}).get("permissions", []))
        self.save_button.setEnabled(scoped)
        some = row is not None
        self.edit_button.setEnabled(some)
        self.password_button.setEnabled(some)
        # Not yourself (another super administrator removes you): the service refuses it too.
        self.remove_button.setEnabled(some and (row or {}).get("name") != self.session.actor.name)

    def _tool(self, name: str, slot: Any) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _snapshot(self) -> DepartmentSnapshot:
        return load_departments(self.session)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _apply(self, title: str, *, preview: bool) -> Any:
        def apply(cs: ChangeSet, done: Any, failed: Any) -> None:
            def applied(applied_cs: ChangeSet) -> None:
                done(applied_cs)
                self.refresh()

            self.host.apply_planned(cs, title=title, preview=preview, on_applied=applied, on_failed=failed)

        return apply

    def add_admin(self) -> None:
        admins, actor = self.session.console.admins, self.session.actor

        def plan(values: AdminValues) -> ChangeSet:
            return admins.plan_add(actor, values.name, values.role, values.password, values.departments,
                                   values.permissions if values.role == "scoped" else None)

        title = translate("AdminsPanel", "Add administrator")
        self._open(AdminDialog(self._snapshot, plan, self._apply(title, preview=False), self))

    def edit_admin(self) -> None:
        row = self.selected()
        if row is None:
            return
        admins, actor, name = self.session.console.admins, self.session.actor, row["name"]

        def plan(values: AdminValues) -> ChangeSet:
            scoped = values.role == "scoped"
            return admins.plan_set(actor, name, role=values.role, scope_paths=values.departments if scoped else None,
                                   permissions=values.permissions if scoped else None)

        # A new role is previewed before it applies (it changes what the administrator, and its login, may do).
        def apply(cs: ChangeSet, done: Any, failed: Any) -> None:
            role_change = cs.kind == "admin.set_role"
            self._apply(translate("AdminsPanel", "Change administrator"), preview=role_change)(cs, done, failed)

        self._open(AdminDialog(self._snapshot, plan, apply, self, row=row))

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        admins, actor, name = self.session.console.admins, self.session.actor, row["name"]
        dialog = AdminPasswordDialog(name, self)
        apply = self._apply(translate("AdminsPanel", "Reset administrator password"), preview=False)

        def submit(password: str, _force_change: bool) -> None:
            try:
                cs = admins.plan_reset_password(actor, name, password)
            except Exception as exc:  # noqa: BLE001 - the service's coded refusal, shown in the dialog
                dialog.show_error(exc)
                return
            apply(cs, lambda _cs: dialog.accept(), dialog.show_error)

        dialog.password_entered.connect(submit)
        self._open(dialog)

    def remove_admin(self) -> None:
        """A leaver: previewed (what goes, and on a secured server its login), then removed; Ctrl+Z undoes it."""
        row = self.selected()
        if row is None:
            return
        admins, actor, name = self.session.console.admins, self.session.actor, row["name"]
        self.host.run_change(lambda: admins.plan_remove(actor, name), title=translate("AdminsPanel", "Delete administrator"),
                             preview=True, on_applied=lambda _cs: self.refresh())

    def save_permissions(self) -> None:
        row = self.selected()
        if row is None or row["role"] != "scoped":
            return
        admins, actor, name = self.session.console.admins, self.session.actor, row["name"]
        chosen = [p for p, box in self.boxes.items() if box.isChecked()]
        self.host.run_change(lambda: admins.plan_set(actor, name, permissions=chosen),
                             title=translate("AdminsPanel", "Administrator permissions"), preview=False,
                             on_applied=lambda _cs: self.refresh())


def _available(session: Session) -> bool:
    return session.can("admin.read")


register(PanelSpec("我的企业/管理员", "enterprise/admins", QT_TRANSLATE_NOOP("Panels", "Administrators"), 402,
                   AdminsPanel, _available))
