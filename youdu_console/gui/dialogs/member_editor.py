"""Member editor (新增成员 / 修改): the fields of the manual's form, each with its validation message beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QWidget

from youdu_console.domain import validation as v
from youdu_console.domain.errors import ValidationError, ValidationErrors, YouduError
from youdu_console.domain.model import MemberView
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.dialogs.password import PasswordDialog
from youdu_console.gui.forms.ui_member_editor import Ui_MemberEditorForm
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.loaders import DepartmentSnapshot
from youdu_console.gui.session import Session
from youdu_console.services.changes import ChangeSet

TEXT_FIELDS = ("account", "name", "mobile", "phone", "short_number", "email", "position")
# The domain's own rules, checked as the user leaves a field (the service checks again when planning).
CHECKS: dict[str, Callable[[Any], Any]] = {
    "account": v.normalize_account, "name": v.normalize_name, "mobile": v.normalize_mobile,
    "phone": v.normalize_phone, "short_number": v.normalize_short_number, "email": v.normalize_email,
    "position": v.normalize_position, "weight": v.normalize_weight,
}
ApplyFn = Callable[[ChangeSet, Callable[[Any], None], Callable[[BaseException], None]], None]


class MemberEditorDialog(RetranslateMixin, QDialog):
    """Plans `member.add` or `member.update` through DirectoryService and hands the change set to `apply`."""

    reset_password_button: QPushButton | None = None
    unlock_button: QPushButton | None = None

    def __init__(self, session: Session, snapshot: DepartmentSnapshot, apply: ApplyFn,
                 parent: QWidget | None = None, *, member: MemberView | None = None,
                 department: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("member_editor")
        self.session = session
        self.snapshot = snapshot
        self.apply_fn = apply
        self.member = member
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}
        self._picker: DepartmentPickerDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        # Without the right to change members (helpdesk, auditor) the member is shown, not edited: the
        # services' refusal says why, and the helpdesk's own work (reset password, unlock) is offered.
        self.refusal = session.actor.refusal("directory.write") if member is not None else None
        self._rules: dict[str, Callable[[Any], Any]] | None = None
        self._build()
        self._load(member, department)
        if self.refusal is not None:
            self._read_only()
        self.retranslate()

    # ------------------------------------------------------------------ layout (ui/member_editor.ui)
    def _build(self) -> None:
        self.ui = Ui_MemberEditorForm()
        self.ui.setupUi(self)
        ui = self.ui
        self.gender_combo, self.weight_spin, self.dept_list = ui.field_gender, ui.field_weight, ui.field_departments
        self.dept_add, self.dept_remove = ui.department_add, ui.department_remove
        self.form_error, self.buttons = ui.form_error, ui.buttons
        self.password_edit: QLineEdit | None = ui.field_password
        fields = [*TEXT_FIELDS, "gender", "weight", "departments", "password"]
        if self.member is not None:  # an existing member's password is not edited here
            fields.remove("password")
            for widget in (ui.password_label, ui.field_password, ui.error_password):
                ui.grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
            self.password_edit = None
        for field in fields:
            self.labels[field] = getattr(ui, f"{field}_label")
            self.errors[field] = getattr(ui, f"error_{field}")
        for field in TEXT_FIELDS:
            self.edits[field] = getattr(ui, f"field_{field}")
            self.edits[field].editingFinished.connect(lambda f=field: self._check_field(f))
        for value in ("", "male", "female"):
            self.gender_combo.addItem("", value)
        self.weight_spin.setRange(0, v.WEIGHT_MAX)
        self.dept_add.clicked.connect(self._choose_department)
        self.dept_remove.clicked.connect(self._remove_department)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("member_save")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, self.sizeHint().height())  # no taller than its fields: 600 px overflow a 200 % 1080p screen

    def _read_only(self) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(True)
        for widget in (self.gender_combo, self.weight_spin, self.dept_add, self.dept_remove):
            widget.setEnabled(False)
        self.save_button.setVisible(False)
        self.form_error.setText(error_text(self.refusal) if self.refusal is not None else "")
        self.form_error.setVisible(True)
        actor = self.session.actor
        if actor.can("member.password"):
            self.reset_password_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.reset_password_button.setObjectName("member_reset_password")
            self.reset_password_button.clicked.connect(self.reset_password)
        if actor.can("lock.unlock") and self.member is not None and self.member.locked:
            self.unlock_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.unlock_button.setObjectName("member_unlock")
            self.unlock_button.clicked.connect(self.unlock)

    def reset_password(self) -> None:
        """The helpdesk's path: a new password for this member (the services check the right and policy)."""
        assert self.member is not None
        account = self.member.account
        dialog = PasswordDialog(account, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        access = self.session.access

        def submit(password: str, force_change: bool) -> None:
            try:
                cs = access.plan_set_password(account, password, force_change=force_change)
            except YouduError as exc:
                dialog.show_error(exc)
                return
            self.apply_fn(cs, lambda _cs: dialog.accept(), dialog.show_error)

        dialog.password_entered.connect(submit)
        self.password_dialog = dialog
        dialog.open()

    def unlock(self) -> None:
        assert self.member is not None
        try:
            cs = self.session.access.plan_unlock([self.member.account])
        except YouduError as exc:
            self.show_error(exc)
            return
        self.apply_fn(cs, lambda _cs: self._unlocked(), self.show_error)

    def _unlocked(self) -> None:
        if self.unlock_button is not None:
            self.unlock_button.setEnabled(False)
        self.form_error.setText(fill(translate("MemberEditor", "Unlocked: %1 can log in again."), self.member.account if self.member else ""))

    def retranslate(self) -> None:
        editing = self.member is not None
        self.setWindowTitle(fill(translate("MemberEditor", "Edit member %1"), self.member.account) if self.member
                            else translate("MemberEditor", "New member"))
        if self.refusal is not None and self.member is not None:
            self.setWindowTitle(fill(translate("MemberEditor", "Member %1"), self.member.account))
            self.form_error.setText(error_text(self.refusal))
            if self.reset_password_button is not None:
                self.reset_password_button.setText(translate("MemberEditor", "&Reset password…"))
            if self.unlock_button is not None:
                self.unlock_button.setText(translate("MemberEditor", "&Unlock"))
        texts = {
            "account": translate("MemberEditor", "&Account:"), "name": translate("MemberEditor", "&Name:"),
            "gender": translate("MemberEditor", "&Gender:"), "mobile": translate("MemberEditor", "&Mobile:"),
            "phone": translate("MemberEditor", "&Phone:"), "short_number": translate("MemberEditor", "&Short number:"),
            "email": translate("MemberEditor", "&E-mail:"), "position": translate("MemberEditor", "P&osition:"),
            "weight": translate("MemberEditor", "&Weight:"), "departments": translate("MemberEditor", "&Departments:"),
            "password": translate("MemberEditor", "Initial pass&word:"),
        }
        for field, label in self.labels.items():
            label.setText(texts[field])
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(texts[field].replace("&", "").rstrip(":："))
            self.errors[field].setAccessibleName(translate("MemberEditor", "Problem with this field"))
        for i, text in enumerate((translate("MemberEditor", "Not given"), translate("MemberEditor", "Male"), translate("MemberEditor", "Female"))):
            self.gender_combo.setItemText(i, text)
        self.weight_spin.setToolTip(translate("MemberEditor", "A larger weight sorts first in the address book"))
        self.dept_add.setText(translate("MemberEditor", "A&dd…"))
        self.dept_remove.setText(translate("MemberEditor", "&Remove"))
        self.save_button.setText(translate("MemberEditor", "&Save"))
        self.cancel_button.setText(translate("MemberEditor", "Close") if self.refusal is not None
                                   else translate("MemberEditor", "Cancel"))
        if self.password_edit is not None:
            self.password_edit.setPlaceholderText(translate("MemberEditor", "Optional; the password policy applies"))
        if editing:
            self.edits["account"].setToolTip(translate("MemberEditor", "An account cannot be renamed"))

    # ------------------------------------------------------------------ values
    def _load(self, member: MemberView | None, department: str) -> None:
        if member is None:
            if department:
                self.dept_list.addItem(department)
            return
        for field in TEXT_FIELDS:
            self.edits[field].setText(str(getattr(member, field) or ""))
        self.edits["account"].setReadOnly(True)
        self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(member.gender)))
        self.weight_spin.setValue(member.weight)
        for path in member.departments:
            self.dept_list.addItem(path)

    def departments(self) -> list[str]:
        return [self.dept_list.item(i).text() for i in range(self.dept_list.count())]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {f: self.edits[f].text() for f in TEXT_FIELDS}
        out["gender"] = self.gender_combo.currentData() or ""
        out["weight"] = self.weight_spin.value()
        return out

    def set_field(self, field: str, value: Any) -> None:
        if field in self.edits:
            self.edits[field].setText(str(value))
            self._check_field(field)
        elif field == "weight":
            self.weight_spin.setValue(int(value))
        elif field == "gender":
            self.gender_combo.setCurrentIndex(max(0, self.gender_combo.findData(value)))

    def _choose_department(self) -> None:
        self._picker = DepartmentPickerDialog(self.snapshot, self, current=self.departments()[0]
                                              if self.departments() else "")
        self._picker.department_chosen.connect(self.add_department)
        self._picker.open()

    def add_department(self, path: str) -> None:
        if path and path not in self.departments():
            self.dept_list.addItem(path)
            self.show_field_error("departments", "")

    def _remove_department(self) -> None:
        row = self.dept_list.currentRow()
        if row >= 0:
            self.dept_list.takeItem(row)

    # ------------------------------------------------------------------ validation and saving
    def show_field_error(self, field: str, message: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.form_error.setText(message)
            self.form_error.setVisible(bool(message))
            return
        label.setText(message)
        label.setVisible(bool(message))

    def field_error(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and label.isVisible() else ""

    def _check_field(self, field: str) -> bool:
        raw = self.values().get(field)
        if field != "account" and field != "name" and (raw is None or raw == ""):
            self.show_field_error(field, "")
            return True
        try:
            self._checks()[field](raw)
        except ValidationError as exc:
            self.show_field_error(field, error_text(exc))
            return False
        self.show_field_error(field, "")
        return True

    def _checks(self) -> dict[str, Callable[[Any], Any]]:
        """The services' field rules, with the enterprise's default mobile region (read once per dialog)."""
        if self._rules is None:
            directory = self.session.directory
            self._rules = {**CHECKS, **{k: fn for k, fn in directory.normalizers(directory.rules()[0]).items()
                                        if k in CHECKS}}
        return self._rules

    def check_all(self) -> bool:
        ok = True
        for field in CHECKS:
            if field == "account" and self.member is not None:
                continue
            ok = self._check_field(field) and ok
        if not self.departments():
            self.show_field_error("departments", error_text(ValidationError("member_needs_department",
                                                                            field="departments")))
            ok = False
        return ok

    def plan(self) -> ChangeSet:
        values = self.values()
        directory = self.session.directory
        fields = {k: values[k] for k in ("gender", "mobile", "phone", "short_number", "email", "position", "weight")}
        if self.member is None:
            password = self.password_edit.text() if self.password_edit is not None else ""
            return directory.plan_add_member(values["account"], name=values["name"],
                                             departments=self.departments(), password=password or None, **fields)
        return directory.plan_update_member(self.member.account, departments=self.departments(),
                                            name=values["name"], **fields)

    def save(self) -> None:
        self.show_field_error("form", "")
        if not self.check_all():
            return
        try:
            cs = self.plan()
        except YouduError as exc:
            self.show_error(exc)
            return
        if cs.is_empty:
            self.accept()
            return
        self.save_button.setEnabled(False)
        self.apply_fn(cs, self._applied, self.show_error)

    def _applied(self, _cs: Any) -> None:
        self.save_button.setEnabled(True)
        self.accept()

    def show_error(self, exc: BaseException) -> None:
        """A refusal from the service goes next to its field when it names one, else under the form."""
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            for err in exc.errors:
                self.show_field_error(str(err.get("field") or "form"), str(err.get("message")))
            return
        field = getattr(exc, "field", None)
        if field == "department":
            field = "departments"
        self.show_field_error(field if field in self.errors else "form", error_text(exc))
