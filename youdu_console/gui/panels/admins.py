"""我的企业 → 管理员 (5.4.1 用户角色): the console's administrators, and each scoped administrator's own
permission set (通讯录, 企业应用) — edited by super administrators, enforced by the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from youdu_console.gui.i18n import fill, number, translate
from youdu_console.gui.models.rows import Column, RowTableModel
from youdu_console.gui.panels.base import Panel, list_view
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

ROLE_NAMES = {"super": QT_TRANSLATE_NOOP("AdminsPanel", "Super administrator"),
              "scoped": QT_TRANSLATE_NOOP("AdminsPanel", "Scoped administrator"),
              "helpdesk": QT_TRANSLATE_NOOP("AdminsPanel", "Helpdesk"),
              "auditor": QT_TRANSLATE_NOOP("AdminsPanel", "Auditor")}
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
                   lambda r: translate("AdminsPanel", ROLE_NAMES.get(r["role"], r["role"]))),
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
