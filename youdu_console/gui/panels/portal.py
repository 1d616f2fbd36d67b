"""应用门户模板 (manual 3.1) and 移动端工作台 (3.2): templates with their apps in order (drag and drop) and groups,
their audience, "see the portal as member X"; and the corporate image and name of the mobile workbench."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.apps import AppView, TemplateView
from youdu_console.gui.dialogs.department_picker import DepartmentPickerDialog
from youdu_console.gui.dialogs.files import image_dialog
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.loaders import load_departments
from youdu_console.gui.panels.apps import ICON_SIZE, app_pixmap
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.services.apps import APPS_READ, APPS_WRITE
from youdu_console.services.message_menus import MENUS_WRITE

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

APP_ROLE = Qt.ItemDataRole.UserRole
GROUP_ROLE = Qt.ItemDataRole.UserRole + 1


class PortalPanel(Panel):
    """Templates on the left; the selected template's apps (ordered by drag and drop), audience and preview."""

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.portal = self.session.console.portal
        self.apps = self.session.console.apps
        self.writable = self.session.can(APPS_WRITE)
        self.current: TemplateView | None = None
        self.creating = False
        self.catalogue: dict[str, AppView] = {}
        self.icons: dict[str, QIcon] = {}
        self.picker: DepartmentPickerDialog | None = None
        self.title = QLabel(self)
        self.title.setObjectName("portal_title")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.templates = QListWidget(self)
        self.templates.setObjectName("portal_templates")
        self.templates.currentItemChanged.connect(lambda item, _prev: self._picked(item))
        self.new_button = self._button("portal_new", self.new_template)
        self.delete_button = self._button("portal_delete", self.delete_template)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("portal_name")
        self.enabled_box = QCheckBox(self)
        self.enabled_box.setObjectName("portal_enabled")
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("portal_apps")
        self.chosen.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)  # the order is the portal's
        self.chosen.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.chosen.setIconSize(QSize(24, 24))
        self.chosen.currentItemChanged.connect(lambda item, _prev: self._show_group(item))
        self.available = QComboBox(self)
        self.available.setObjectName("portal_available_apps")
        self.group_edit = QLineEdit(self)
        self.group_edit.setObjectName("portal_app_group")
        self.group_edit.editingFinished.connect(self._set_group)
        self.add_app_button = self._button("portal_add_app", self.add_app)
        self.remove_app_button = self._button("portal_remove_app", self.remove_app)
        self.members_edit = QLineEdit(self)
        self.members_edit.setObjectName("portal_members")
        self.depts = QListWidget(self)
        self.depts.setObjectName("portal_departments")
        self.depts.setMaximumHeight(self.fontMetrics().height() * 5)
        self.add_dept_button = self._button("portal_add_department", self.add_department)
        self.remove_dept_button = self._button("portal_remove_department", self.remove_department)
        self.save_button = self._button("portal_save", self.save)
        self.preview_account = QLineEdit(self)
        self.preview_account.setObjectName("portal_preview_account")
        self.preview_account.returnPressed.connect(self.preview)
        self.preview_terminal = QComboBox(self)
        self.preview_terminal.setObjectName("portal_preview_terminal")
        self.preview_button = QPushButton(self)
        self.preview_button.setObjectName("portal_preview")
        self.preview_button.clicked.connect(self.preview)
        self.preview_status = QLabel(self)
        self.preview_status.setObjectName("portal_preview_status")
        self.preview_list = QListWidget(self)
        self.preview_list.setObjectName("portal_preview_apps")
        self.preview_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.preview_list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.preview_list.setGridSize(QSize(ICON_SIZE + 56, ICON_SIZE + 40))
        self.preview_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.preview_list.setMovement(QListWidget.Movement.Static)
        self.preview_list.setWordWrap(True)
        self.labels = [QLabel(self) for _ in range(4)]
        self.apps_group, self.audience_group, self.preview_group = QGroupBox(self), QGroupBox(self), QGroupBox(self)
        self._layout()
        self.retranslate()
        self._show(None)

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
        top.addWidget(self.delete_button)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.templates, 1)
        form = QFormLayout()
        form.addRow(self.labels[0], self.name_edit)
        form.addRow(QLabel(self), self.enabled_box)
        av = QVBoxLayout(self.apps_group)
        av.addWidget(self.chosen, 1)
        pick = QHBoxLayout()
        pick.addWidget(self.available, 1)
        pick.addWidget(self.add_app_button)
        pick.addWidget(self.remove_app_button)
        av.addLayout(pick)
        group = QHBoxLayout()
        group.addWidget(self.labels[1])
        group.addWidget(self.group_edit, 1)
        av.addLayout(group)
        audience = QFormLayout(self.audience_group)
        audience.addRow(self.labels[2], self.members_edit)
        depts = QHBoxLayout()
        depts.addWidget(self.depts, 1)
        dept_buttons = QVBoxLayout()
        dept_buttons.addWidget(self.add_dept_button)
        dept_buttons.addWidget(self.remove_dept_button)
        dept_buttons.addStretch(1)
        depts.addLayout(dept_buttons)
        audience.addRow(self.labels[3], depts)
        save = QHBoxLayout()
        save.addStretch(1)
        save.addWidget(self.save_button)
        middle = QWidget(self)
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addLayout(form)
        mv.addWidget(self.apps_group, 1)
        mv.addWidget(self.audience_group)
        mv.addLayout(save)
        pv = QVBoxLayout(self.preview_group)
        ask = QHBoxLayout()
        ask.addWidget(self.preview_account, 1)
        ask.addWidget(self.preview_terminal)
        ask.addWidget(self.preview_button)
        pv.addLayout(ask)
        pv.addWidget(self.preview_status)
        pv.addWidget(self.preview_list, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("portal_splitter")
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.preview_group)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def retranslate(self) -> None:
        self.title.setText(fill(translate("PortalPanel", "Portal templates (%1)"), self.templates.count()))
        self.new_button.setText(translate("PortalPanel", "&New template"))
        self.delete_button.setText(translate("PortalPanel", "De&lete"))
        self.labels[0].setText(translate("PortalPanel", "Template name:"))
        self.labels[1].setText(translate("PortalPanel", "Group of the selected app:"))
        self.labels[2].setText(translate("PortalPanel", "Members:"))
        self.labels[3].setText(translate("PortalPanel", "Departments:"))
        self.enabled_box.setText(translate("PortalPanel", "Enabled"))
        self.apps_group.setTitle(translate("PortalPanel", "Apps (drag to reorder)"))
        self.audience_group.setTitle(translate("PortalPanel", "Who uses this template"))
        self.preview_group.setTitle(translate("PortalPanel", "See the portal as a member"))
        self.add_app_button.setText(translate("PortalPanel", "&Add"))
        self.remove_app_button.setText(translate("PortalPanel", "&Remove"))
        self.group_edit.setPlaceholderText(translate("PortalPanel", "e.g. Office (empty: no group)"))
        self.members_edit.setPlaceholderText(translate("PortalPanel", "Accounts, comma separated"))
        self.add_dept_button.setText(translate("PortalPanel", "Add department…"))
        self.remove_dept_button.setText(translate("PortalPanel", "Remove"))
        self.depts.setToolTip(translate("PortalPanel", "A department includes its sub-departments"))
        self.save_button.setText(translate("PortalPanel", "&Save template"))
        self.preview_account.setPlaceholderText(translate("PortalPanel", "Member account"))
        self.preview_button.setText(translate("PortalPanel", "&Preview"))
        terminal = self.preview_terminal.currentData()
        self.preview_terminal.clear()
        self.preview_terminal.addItem(translate("PortalPanel", "All terminals"), None)
        self.preview_terminal.addItem(translate("PortalPanel", "Desktop"), "desktop")
        self.preview_terminal.addItem(translate("PortalPanel", "Mobile"), "mobile")
        self.preview_terminal.setCurrentIndex(max(0, self.preview_terminal.findData(terminal)))
        self._update_enabled()

    # ------------------------------------------------------------ loading
    def reload(self) -> None:
        self.catalogue = {a.app_id: a for a in self.apps.list_apps()}
        self.icons = {}
        self.available.clear()
        for app in self.catalogue.values():
            self.available.addItem(self._icon(app.app_id), app.name, app.app_id)
        keep = self.current.name if self.current else None
        self.templates.blockSignals(True)
        self.templates.clear()
        for view in self.portal.list_templates():
            item = QListWidgetItem(view.name if view.enabled else f"{view.name} ⏸", self.templates)
            item.setData(APP_ROLE, view)
        self.templates.blockSignals(False)
        self.retranslate()
        self.select_template(keep or "")
        if self.templates.currentItem() is None and self.templates.count():
            self.templates.setCurrentRow(0)

    def _icon(self, app_id: str) -> QIcon:
        if app_id not in self.icons:
            app = self.catalogue.get(app_id)
            logo = self.apps.logo(app_id) if app is not None and app.has_logo else None
            self.icons[app_id] = QIcon(app_pixmap(app.name if app else app_id, app.icon if app else "", logo))
        return self.icons[app_id]

    def select_template(self, name: str) -> None:
        for row in range(self.templates.count()):
            view = self.templates.item(row).data(APP_ROLE)
            if view.name == name:
                self.templates.setCurrentRow(row)
                return

    def _picked(self, item: QListWidgetItem | None) -> None:
        self._show(item.data(APP_ROLE) if item is not None else None)

    def _app_item(self, app_id: str, group: str) -> QListWidgetItem:
        app = self.catalogue.get(app_id)
        item = QListWidgetItem(self._icon(app_id), self._item_text(app.name if app else app_id, group))
        item.setData(APP_ROLE, app_id)
        item.setData(GROUP_ROLE, group)
        return item

    @staticmethod
    def _item_text(name: str, group: str) -> str:
        return f"{name}    [{group}]" if group else name

    def _show(self, view: TemplateView | None) -> None:
        self.creating = False
        self.current = view
        self.name_edit.setText(view.name if view else "")
        self.enabled_box.setChecked(view is None or view.enabled)
        self.chosen.clear()
        for entry in view.apps if view else ():
            self.chosen.addItem(self._app_item(entry.app_id, entry.group))
        self.members_edit.setText(", ".join(view.members) if view else "")
        self.depts.clear()
        for path in view.departments if view else ():
            self.depts.addItem(path)
        self._update_enabled()

    def _update_enabled(self) -> None:
        editing = self.writable and (self.current is not None or self.creating)
        for w in (self.name_edit, self.enabled_box, self.chosen, self.available, self.group_edit,
                  self.add_app_button, self.remove_app_button, self.members_edit, self.depts, self.add_dept_button,
                  self.remove_dept_button, self.save_button):
            w.setEnabled(editing)
        self.delete_button.setEnabled(self.writable and self.current is not None)

    # ------------------------------------------------------------ editing
    def new_template(self) -> None:
        self.templates.clearSelection()
        self._show(None)
        self.creating = True
        self._update_enabled()
        self.name_edit.setFocus()

    def add_app(self) -> None:
        app_id = self.available.currentData()
        if not app_id:
            return
        for row in range(self.chosen.count()):
            if self.chosen.item(row).data(APP_ROLE) == app_id:
                self.chosen.setCurrentRow(row)
                return
        self.chosen.addItem(self._app_item(app_id, self.group_edit.text().strip()))

    def remove_app(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))

    def _show_group(self, item: QListWidgetItem | None) -> None:
        self.group_edit.setText(item.data(GROUP_ROLE) if item is not None else "")

    def _set_group(self) -> None:
        item = self.chosen.currentItem()
        if item is None:
            return
        group = self.group_edit.text().strip()
        item.setData(GROUP_ROLE, group)
        app = self.catalogue.get(item.data(APP_ROLE))
        item.setText(self._item_text(app.name if app else item.data(APP_ROLE), group))

    def add_department(self) -> None:
        picker = DepartmentPickerDialog(load_departments(self.session), self,
                                        title=translate("PortalPanel", "Add a department to the audience"))
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.department_chosen.connect(lambda path: self.depts.addItem(path)
                                         if not self.depts.findItems(path, Qt.MatchFlag.MatchExactly) else None)
        self.picker = picker
        picker.open()

    def remove_department(self) -> None:
        for item in self.depts.selectedItems():
            self.depts.takeItem(self.depts.row(item))

    def entries(self) -> list[tuple[str, str]]:
        """The apps in the order shown (the drag-and-drop order), with their groups."""
        return [(self.chosen.item(r).data(GROUP_ROLE) or "", self.chosen.item(r).data(APP_ROLE))
                for r in range(self.chosen.count())]

    def save(self) -> None:
        portal = self.portal
        name, enabled, entries = self.name_edit.text(), self.enabled_box.isChecked(), self.entries()
        members = [a.strip() for a in self.members_edit.text().replace("，", ",").split(",") if a.strip()]
        depts = [self.depts.item(r).text() for r in range(self.depts.count())]
        if self.creating or self.current is None:
            self.host.run_change(lambda: portal.plan_add(name, apps=entries, members=members, depts=depts,
                                                         enabled=enabled),
                                 title=translate("PortalPanel", "New portal template"),
                                 on_applied=lambda _cs: self._saved(name))
            return
        old = self.current.name
        self.host.run_change(lambda: portal.plan_update(old, new_name=name, enabled=enabled, apps=entries,
                                                        members=members, depts=depts),
                             title=translate("PortalPanel", "Change portal template"),
                             on_applied=lambda _cs: self._saved(name))

    def _saved(self, name: str) -> None:
        self.creating = False
        self.refresh()
        self.select_template(name)

    def delete_template(self) -> None:
        if self.current is not None:
            portal, name = self.portal, self.current.name
            self.host.run_change(lambda: portal.plan_delete(name), title=translate("PortalPanel", "Delete template"))

    # ------------------------------------------------------------ see the portal as member X
    def preview(self) -> None:
        from youdu_console.policy.apps import apps_for
        from youdu_console.policy.asking import check_asker

        account = self.preview_account.text().strip()
        self.preview_list.clear()
        if not account:
            self.preview_status.setText("")
            return
        try:
            with self.session.uow.read() as conn:
                check_asker(conn, self.session.actor, account)
                found = apps_for(conn, account, self.preview_terminal.currentData())
        except Exception as exc:  # noqa: BLE001 - shown, coded and translated
            self.preview_status.setText(error_text(exc))
            return
        self.preview_status.setText(fill(translate("PortalPanel", "%1 sees %2 apps"), account, len(found)))
        for app in found:
            text = f"{app.name}\n[{app.group}]" if app.group else app.name
            item = QListWidgetItem(self._icon(app.app_id), text, self.preview_list)
            item.setToolTip(fill(translate("PortalPanel", "From template %1"), app.template))


class WorkbenchPanel(Panel):
    """移动端工作台: the image and name at the top of the mobile workbench, shown as a phone would show them."""

    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.menus = self.session.console.menus
        self.writable = self.session.can(MENUS_WRITE)
        self.image: bytes | None = None
        self.dialog: Any = None
        self.title = QLabel(self)
        self.title.setObjectName("workbench_title")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.name_label = QLabel(self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("workbench_corp_name")
        self.name_edit.textChanged.connect(lambda _t: self._paint())
        self.image_button = QPushButton(self)
        self.image_button.setObjectName("workbench_choose_image")
        self.image_button.clicked.connect(self.choose_image)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("workbench_save")
        self.save_button.clicked.connect(self.save)
        for w in (self.name_edit, self.image_button, self.save_button):
            w.setEnabled(self.writable)
        self.phone = QLabel(self)
        self.phone.setObjectName("workbench_preview")
        self.phone.setFixedSize(300, 200)
        self.phone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phone.setStyleSheet("QLabel { border: 8px solid #333; border-radius: 16px; background: palette(base); }")
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        row = QHBoxLayout()
        row.addWidget(self.image_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.phone)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("WorkbenchPanel", "Mobile workbench"))
        self.hint.setText(translate("WorkbenchPanel", "The corporate image and name shown at the top of the "
                                                      "workbench on phones."))
        self.name_label.setText(translate("WorkbenchPanel", "Enterprise name:"))
        self.image_button.setText(translate("WorkbenchPanel", "Choose &image…"))
        self.save_button.setText(translate("WorkbenchPanel", "&Save"))
        self._paint()

    def reload(self) -> None:
        name, self.image = self.menus.workbench()
        self.name_edit.blockSignals(True)
        self.name_edit.setText(name)
        self.name_edit.blockSignals(False)
        self._paint()

    def _paint(self) -> None:
        from PySide6.QtGui import QColor, QPainter

        canvas = QPixmap(284, 184)
        canvas.fill(QColor("#1d6fd1"))
        if self.image:
            banner = QPixmap()
            if banner.loadFromData(self.image):
                canvas = banner.scaled(284, 184, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                       Qt.TransformationMode.SmoothTransformation).copy(0, 0, 284, 184)
        painter = QPainter(canvas)
        painter.setPen(QColor("white"))
        font = painter.font()
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(canvas.rect().adjusted(12, 0, -12, -16), Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                         self.name_edit.text() or translate("WorkbenchPanel", "(enterprise name)"))
        painter.end()
        self.phone.setPixmap(canvas)

    def choose_image(self) -> None:
        self.dialog = image_dialog(self, translate("WorkbenchPanel", "Choose an image"), "workbench_file_dialog",
                                   self.session.url, self.load_image)

    def load_image(self, path: str) -> None:
        import base64

        from youdu_console.services.app_logos import scaled_logo
        from youdu_console.services.message_menus import WORKBENCH_IMAGE

        try:
            self.image = base64.b64decode(scaled_logo(Path(path).read_bytes(), size=WORKBENCH_IMAGE))
        except Exception as exc:  # noqa: BLE001 - coded and translated
            self.host.report_error(exc)
            return
        self._paint()

    def save(self) -> None:
        menus, name, image = self.menus, self.name_edit.text(), self.image
        self.host.run_change(lambda: menus.plan_workbench(corp_name=name, image=image),
                             title=translate("WorkbenchPanel", "Mobile workbench"))


def _available(session: Session) -> bool:
    return session.can(APPS_READ)


register(PanelSpec("企业应用/应用门户模板", "apps/portal", QT_TRANSLATE_NOOP("Panels", "Portal templates"), 20,
                   PortalPanel, _available))
register(PanelSpec("企业应用/移动端工作台", "apps/workbench", QT_TRANSLATE_NOOP("Panels", "Mobile workbench"), 30,
                   WorkbenchPanel, _available))
