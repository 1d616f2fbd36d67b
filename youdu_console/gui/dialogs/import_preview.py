"""Preview of a planned import: adds / updates / moves with the changed fields, and each bad row's errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from youdu_console.domain.messages import render
from youdu_console.gui.dialogs.preview import ChangeSetPreviewDialog
from youdu_console.gui.i18n import current_lang, fill, number, translate
from youdu_console.gui.models.lists import OperationsModel, operation_detail
from youdu_console.gui.models.rows import Column
from youdu_console.services.changes import ChangeSet

# The template's columns (手册 1.4.1) by the field names the planners put in their errors.
FIELD_TITLES = {
    "account": QT_TRANSLATE_NOOP("ImportFields", "Account"),
    "name": QT_TRANSLATE_NOOP("ImportFields", "Name"),
    "gender": QT_TRANSLATE_NOOP("ImportFields", "Gender"),
    "mobile": QT_TRANSLATE_NOOP("ImportFields", "Mobile"),
    "phone": QT_TRANSLATE_NOOP("ImportFields", "Phone"),
    "short_number": QT_TRANSLATE_NOOP("ImportFields", "Short number"),
    "email": QT_TRANSLATE_NOOP("ImportFields", "E-mail"),
    "department": QT_TRANSLATE_NOOP("ImportFields", "Department"),
    "departments": QT_TRANSLATE_NOOP("ImportFields", "Department"),
    "position": QT_TRANSLATE_NOOP("ImportFields", "Position"),
    "weight": QT_TRANSLATE_NOOP("ImportFields", "Weight"),
    "depts": QT_TRANSLATE_NOOP("ImportFields", "Department"),
    "status": QT_TRANSLATE_NOOP("ImportFields", "Status"),
    "authorization": QT_TRANSLATE_NOOP("ImportFields", "Login authorisation"),
}
# What every new member has anyway: not worth a word in the preview of an add.
ADD_DEFAULTS = {"status": "active", "authorization": "unauthorized"}


def field_title(field: str | None) -> str:
    """A row error's field as the sheet's column is called, in the window's language."""
    if not field:
        return ""
    source = FIELD_TITLES.get(field)
    return translate("ImportFields", source) if source else field


def localized_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Row errors with their message re-rendered in the window's language and the column's own name."""
    lang = current_lang()
    out = []
    for err in errors:
        row = dict(err)
        if row.get("code"):
            row["message"] = render(str(row["code"]), lang, row.get("params") or {})
        row["field"] = field_title(row.get("field"))
        out.append(row)
    return out


def _for_people(op: Mapping[str, Any]) -> Mapping[str, Any]:
    """A member add without the values every new member has anyway."""
    if "values" not in op:
        return op
    return {**op, "values": {k: v for k, v in op["values"].items() if ADD_DEFAULTS.get(k) != v}}


class ImportOperationsModel(OperationsModel):
    """The preview's operations; department links show positions and the departments this import creates."""

    def __init__(self, parent: Any, dept_paths: Callable[[], Mapping[int, str]], cs: ChangeSet) -> None:
        super().__init__(parent, dept_paths)
        # Departments the plan adds have placeholder (negative) ids until applied: name them by their path.
        self._new = {int(op.key): op.label for op in cs.operations
                     if op.entity == "department" and op.action == "add" and isinstance(op.key, int)}
        self._paths = dept_paths
        self.columns[3] = Column("detail", self.columns[3].title, self._detail, tooltip=self._detail)

    def _detail(self, row: Any) -> str:
        paths = {**self._paths(), **self._new}
        op = row[1]
        # The manual's words (domain.presentation): a changed position reads 职务, not 部门.
        return operation_detail(_for_people(op) if op.get("entity") == "member" else op, paths)


class RowsPreviewDialog(ChangeSetPreviewDialog):
    """A preview of rows read from elsewhere (a file, a directory): the operations in people's words, and, with
    bad rows, the explicit choice to apply only the valid ones (nothing is applied otherwise)."""

    # Class default: the base class's constructor calls retranslate() before ours has made it.
    skip_invalid: QCheckBox | None = None

    def __init__(self, cs: ChangeSet, parent: QWidget | None, dept_paths: Callable[[], Mapping[int, str]] | None,
                 *, data: dict[str, Any] | None, skip_invalid_name: str) -> None:
        super().__init__(cs, parent, dept_paths, data=data)
        rows = self.operations.rows
        self.operations = ImportOperationsModel(self, dept_paths or (lambda: {}), cs)
        self.operations.set_rows(rows)
        self.operations_view.setModel(self.operations)
        self.skip_invalid = QCheckBox(self)
        self.skip_invalid.setObjectName(skip_invalid_name)
        self.skip_invalid.setVisible(bool(cs.errors))
        self.skip_invalid.toggled.connect(lambda _on: self._update_apply())

    @property
    def apply_valid_only(self) -> bool:
        return self.skip_invalid is not None and self.skip_invalid.isChecked()

    def _update_apply(self) -> None:
        # With bad rows nothing is applied unless the administrator explicitly chooses the valid ones.
        if self.apply_button is not None:
            self.apply_button.setEnabled(bool(self.change_set.operations)
                                         and (not self.change_set.errors or self.apply_valid_only))


class ImportPreviewDialog(RowsPreviewDialog):
    """The change-set preview plus the import's one decision: with bad rows, apply the valid ones or nothing."""

    hint: QLabel | None = None  # a class default, as `skip_invalid`

    def __init__(self, cs: ChangeSet, parent: QWidget | None = None,
                 dept_paths: Callable[[], Mapping[int, str]] | None = None, *,
                 data: dict[str, Any] | None = None, missing_departments_hint: bool = False) -> None:
        super().__init__(cs, parent, dept_paths, data=data, skip_invalid_name="import_skip_invalid")
        self.setObjectName("import_preview_dialog")
        self.hint = QLabel(self)
        self.hint.setObjectName("import_hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(missing_departments_hint)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, self.hint)
        layout.insertWidget(layout.count() - 1, self.skip_invalid)
        self.resize(860, 560)
        self.retranslate()
        self._update_apply()

    def retranslate(self) -> None:
        super().retranslate()
        self.errors.set_errors(localized_errors(self.change_set.errors))
        self.errors_view.resizeColumnsToContents()
        self.setWindowTitle(translate("ImportPreview", "Review the import"))
        if self.skip_invalid is not None:
            self.skip_invalid.setText(fill(translate("ImportPreview", "Apply only the valid rows (the %1 rows with errors "
                                                "are skipped)"), number(len(self.change_set.errors))))
        if self.hint is not None:
            self.hint.setText(translate("ImportPreview", "Some departments named in the sheet do not exist. Tick "
                                        "“Create the departments named in the 部门 column” on the page and import "
                                        "again to create them."))
        if self.apply_button is not None and self.change_set.errors:
            self.apply_button.setText(translate("ImportPreview", "&Apply valid rows"))
