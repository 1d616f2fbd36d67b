"""我的企业 → 管理员 (5.4.1): add an administrator, change one's role, departments and permission set, reset
its password. The dialogs plan through AdminService (a refusal is shown in the dialog, coded and translated)
and hand the change set to the window's apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from youdu_console.domain import presentation
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.dialogs.password import PasswordDialog
from youdu_console.gui.forms.ui_admin_form import Ui_AdminForm
from youdu_console.gui.i18n import current_lang, error_text, fill, translate
from youdu_console.gui.loaders import DepartmentSnapshot
from youdu_console.services.auth import ROLES
from youdu_console.services.changes import ChangeSet


def role_text(role: str) -> str:
    """The role in the manual's words, in the window's language (domain.presentation names them once)."""
    return presentation.role_name(role, current_lang())


@dataclass(frozen=True)
class AdminValues:
    """What the form holds: the service's arguments (a password only when adding)."""

    name: str
    role: str
    password: str = ""
    departments: list[str] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)


# (values) → the planned change set; raises the service's coded refusal.
PlanFn = Callable[[AdminValues], ChangeSet]
# (planned, on applied, on failed): the window's apply (with a preview when the change is destructive).
ApplyFn = Callable[[ChangeSet, Callable[[Any], None], Callable[[BaseException], None]], None]


class AdminDialog(RetranslateMixin, QDialog):
    """添加管理员 (row None) or 修改 an administrator (its row from AdminService.list)."""

    def __init__(self, snapshot: Callable[[], DepartmentSnapshot], plan: PlanFn, apply: ApplyFn,
                 parent: QWidget | None = None, *, row: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_dialog")
        self.snapshot = snapshot
        self.plan_fn, self.apply_fn = plan, apply
        self.row = row
        self.picker: DepartmentPickerDialog | None = None
        self.ui = Ui_AdminForm()
        self.ui.setupUi(self)
        ui = self.ui
        for role in ROLES:
            ui.role_combo.addItem("", role)
        ui.role_combo.currentIndexChanged.connect(lambda _i: self._role_changed())
        ui.department_add.clicked.connect(self.choose_department)
        ui.department_remove.clicked.connect(self.remove_department)
        ui.departments_list.itemSelectionChanged.connect(self._role_changed)
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        if row is None:
            ui.role_combo.setCurrentIndex(ROLES.index("scoped"))
            ui.directory_check.setChecked(True)
            ui.apps_check.setChecked(True)
        else:
            ui.name_edit.setText(row["name"])
            ui.name_edit.setReadOnly(True)
            for widget in (ui.password_label, ui.password_edit, ui.repeat_label, ui.repeat_edit):
                ui.form.removeWidget(widget)
                widget.hide()
            ui.role_combo.setCurrentIndex(ROLES.index(row["role"]))
            for path in row.get("scope") or ():
                ui.departments_list.addItem(path)
            chosen = row.get("permissions")
            chosen = ["directory", "apps"] if chosen is None else chosen  # a new scoped role: both, changeable
            ui.directory_check.setChecked("directory" in chosen)
            ui.apps_check.setChecked("apps" in chosen)
        self._role_changed()
        self.retranslate()
        self.resize(480, self.sizeHint().height())

    def retranslate(self) -> None:
        ui = self.ui
        self.setWindowTitle(translate("AdminDialog", "Add administrator") if self.row is None
                            else fill(translate("AdminDialog", "Change administrator %1"), self.row["name"]))
        ui.intro.setText(translate("AdminDialog", "A scoped administrator manages only its departments, with the "
                                                  "permissions ticked here; the other roles have neither."))
        ui.name_label.setText(translate("AdminDialog", "&Name:"))
        ui.role_label.setText(translate("AdminDialog", "R&ole:"))
        ui.password_label.setText(translate("AdminDialog", "&Password:"))
        ui.repeat_label.setText(translate("AdminDialog", "Rep&eat:"))
        ui.departments_label.setText(translate("AdminDialog", "&Departments:"))
        ui.permissions_label.setText(translate("AdminDialog", "Per&missions:"))
        ui.directory_check.setText(translate("AdminsPanel", "Address book"))
        ui.apps_check.setText(translate("AdminsPanel", "Enterprise apps"))
        ui.department_add.setText(translate("AdminDialog", "&Add…"))
        ui.department_remove.setText(translate("AdminDialog", "Remo&ve"))
        for i, role in enumerate(ROLES):
            ui.role_combo.setItemText(i, role_text(role))
        ui.name_edit.setAccessibleName(translate("AdminDialog", "Administrator name"))
        ui.password_edit.setAccessibleName(translate("AdminDialog", "Password"))
        ui.repeat_edit.setAccessibleName(translate("AdminDialog", "Repeat the password"))
        ui.departments_list.setAccessibleName(translate("AdminDialog", "Departments managed"))
        ui.password_edit.setPlaceholderText(translate("AdminDialog", "At least 8 characters"))

    def role(self) -> str:
        return str(self.ui.role_combo.currentData())

    def _role_changed(self) -> None:
        scoped = self.role() == "scoped"
        ui = self.ui
        for widget in (ui.departments_list, ui.department_add, ui.directory_check, ui.apps_check):
            widget.setEnabled(scoped)
        ui.department_remove.setEnabled(scoped and bool(ui.departments_list.selectedItems()))

    def values(self) -> AdminValues:
        ui = self.ui
        scoped = self.role() == "scoped"
        paths = [ui.departments_list.item(i).text() for i in range(ui.departments_list.count())]
        chosen = [p for p, box in (("directory", ui.directory_check), ("apps", ui.apps_check)) if box.isChecked()]
        return AdminValues(ui.name_edit.text().strip(), self.role(), ui.password_edit.text(),
                           paths if scoped else [], chosen if scoped else [])

    def choose_department(self) -> None:
        picker = DepartmentPickerDialog(self.snapshot(), self,
                                        title=lambda: translate("AdminDialog", "Departments managed"))
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(self.add_department)
        self.picker = picker
        picker.open()

    def add_department(self, path: str) -> None:
        paths = [self.ui.departments_list.item(i).text() for i in range(self.ui.departments_list.count())]
        if path and path not in paths:
            self.ui.departments_list.addItem(path)

    def remove_department(self) -> None:
        for item in self.ui.departments_list.selectedItems():
            self.ui.departments_list.takeItem(self.ui.departments_list.row(item))
        self._role_changed()

    def save(self) -> None:
        if self.row is None and self.ui.password_edit.text() != self.ui.repeat_edit.text():
            self.ui.error.setText(translate("AdminDialog", "The two passwords differ."))
            return
        try:
            cs = self.plan_fn(self.values())
        except Exception as exc:  # noqa: BLE001 - the service's coded refusal, shown beside the fields
            self.show_error(exc)
            return
        if cs.is_empty:
            self.reject()  # nothing changed: no empty change set
            return
        self.ui.error.clear()
        self.apply_fn(cs, lambda _cs: self.accept(), self.show_error)

    def show_error(self, exc: BaseException) -> None:
        self.ui.error.setText(error_text(exc))


class AdminPasswordDialog(PasswordDialog):
    """重置密码 of an administrator: the password form without "must change" (administrators have no such flag)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, parent)
        self.setObjectName("admin_password_dialog")
        self.force_check.setChecked(False)
        self.ui.form.removeWidget(self.force_check)
        self.force_check.hide()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(fill(translate("AdminDialog", "Reset the password of administrator %1"), self.account))
