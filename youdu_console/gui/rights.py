"""What the window offers each role: every action and button that needs a right, in every view and menu.

The services decide (`Actor.refusal(right)`); this table only says which right each control exercises. A control
whose right the administrator lacks is hidden (toolbars, context menus, page buttons) or, where its absence
would puzzle (the Edit menu's undo), disabled with the services' own refusal as its tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

from youdu_console.gui.i18n import error_text

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

# objectName → the right the control exercises.
HIDE: dict[str, str] = {
    # 通讯录: the member toolbar, its menus and the table's context menu
    "action_add_member": "directory.write",
    "button_add_member": "directory.write",
    "action_edit_member": "directory.write",  # the others open the member read-only (reset password, unlock)
    "action_move_members": "directory.write",
    "action_confidential": "directory.write",
    "action_delete_members": "directory.write",
    "action_resign_members": "directory.write",
    "action_restore_members": "directory.write",
    "action_auth_grant": "auth.manage",
    "action_auth_revoke": "auth.manage",
    "action_auth_disable": "auth.manage",
    "action_auth_enable": "auth.manage",
    "button_authorization": "auth.manage",
    "action_set_password": "member.password",
    # 通讯录: the department tree
    "action_add_department": "directory.write",
    "action_rename_department": "directory.write",
    "action_delete_department": "directory.write",
    "action_move_department": "directory.write",
    "action_department_up": "directory.write",
    "action_department_down": "directory.write",
    "button_add_department": "directory.write",
    "button_rename_department": "directory.write",
    "button_delete_department": "directory.write",
    # 授权名单 / 禁用名单 / 离职名单
    "access_revoke": "auth.manage",
    "access_enable": "auth.manage",
    "access_restore": "directory.write",
    "access_delete": "directory.write",
    # 锁定名单
    "unlock_selected": "lock.unlock",
    "unlock_all": "lock.unlock",
    # 变更历史
    "history_undo": "changes.undo",
    # 备份和恢复
    "backup_import_excel": "import",
    "backup_import_rtx": "import",
    "backup_import_dat": "import",
    "backup_create_departments": "import",
    "backup_export_excel": "export",
    "backup_export_dat": "export",
    # LDAP 集成
    "ldap_verify": "ldap.manage",
    "ldap_save": "ldap.manage",
    "ldap_choose": "ldap.manage",
    "ldap_sync_now": "ldap.manage",
    "ldap_pause": "ldap.manage",
    "ldap_interval_apply": "ldap.manage",
    # 可见性设置
    "visibility_add": "settings.write",
    "visibility_edit": "settings.write",
    "visibility_delete": "settings.write",
}
DISABLE: dict[str, str] = {
    "action_undo": "changes.undo",
}


def enforce(window: MainWindow) -> None:
    """Hide or disable (with the reason) every control of `window` whose right its administrator lacks."""
    actor = window.session.actor
    controls: list[QAction | QWidget] = [*window.findChildren(QAction), *window.findChildren(QAbstractButton)]
    for control in controls:
        name = control.objectName()
        right = HIDE.get(name) or DISABLE.get(name)
        if right is None:
            continue
        refusal = actor.refusal(right)
        if refusal is None:
            continue
        if name in HIDE:
            control.setVisible(False)
        else:
            control.setEnabled(False)
        control.setToolTip(error_text(refusal))
    for menu in window.findChildren(QMenu):
        menu.setToolTipsVisible(True)  # a disabled item says why


def reason(window: MainWindow, right: str) -> str:
    """Why the administrator may not exercise `right` (the services' refusal), or "" when it may."""
    refusal = window.session.actor.refusal(right)
    return error_text(refusal) if refusal is not None else ""
