"""Preview of an LDAP sync before it is applied: the change set, the removal guard, notices and bad entries."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QVBoxLayout, QWidget

from youdu_console.domain.messages import render
from youdu_console.gui.dialogs.import_preview import RowsPreviewDialog, localized_errors
from youdu_console.gui.i18n import current_lang, fill, number, translate
from youdu_console.services.ldap_sync import SyncResult

WARNING_STYLE = "color: #e5534b"


class SyncPreviewDialog(RowsPreviewDialog):
    """Apply stays disabled until every guard the sync raised has an explicit answer from the administrator."""

    # Class defaults: the base class's constructor calls retranslate() before ours has made these.
    sync_result: SyncResult | None = None
    confirm_removals: QCheckBox | None = None
    heading: QLabel | None = None
    guard: QLabel | None = None
    notices_label: QLabel | None = None

    def __init__(self, result: SyncResult, parent: QWidget | None = None,
                 dept_paths: Callable[[], Mapping[int, str]] | None = None, *,
                 data: dict[str, Any] | None = None) -> None:
        self.sync_result = result
        super().__init__(result.changeset, parent, dept_paths, data=data, skip_invalid_name="ldap_skip_invalid")
        self.setObjectName("ldap_preview_dialog")
        self.heading = QLabel(self)
        self.heading.setObjectName("ldap_preview_heading")
        self.guard = QLabel(self)
        self.guard.setObjectName("ldap_preview_guard")
        self.guard.setWordWrap(True)
        self.guard.setStyleSheet(WARNING_STYLE)
        self.guard.setVisible(result.over_threshold)
        self.confirm_removals = QCheckBox(self)
        self.confirm_removals.setObjectName("ldap_confirm_removals")
        self.confirm_removals.setVisible(result.over_threshold)
        self.notices_label = QLabel(self)
        self.notices = QListWidget(self)
        self.notices.setObjectName("ldap_notices")
        self.notices_label.setVisible(bool(result.notices))
        self.notices.setVisible(bool(result.notices))
        self.notices.setMaximumHeight(self.notices.fontMetrics().height() * 6)
        self.confirm_removals.toggled.connect(lambda _on: self._update_apply())
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.heading)
        for widget in (self.notices_label, self.notices, self.guard, self.confirm_removals, self.skip_invalid):
            layout.insertWidget(layout.count() - 1, widget)
        QWidget.setTabOrder(self.confirm_removals, self.skip_invalid)  # made first, by the base class; shown after
        self.resize(880, 600)
        self.retranslate()
        self._update_apply()

    @property
    def removals_confirmed(self) -> bool:
        return self.confirm_removals is not None and self.confirm_removals.isChecked()

    def _update_apply(self) -> None:
        if self.apply_button is None or self.sync_result is None:
            return
        cs = self.sync_result.changeset
        self.apply_button.setEnabled(bool(cs.operations) and (not self.sync_result.over_threshold
                                                              or self.removals_confirmed)
                                     and (not cs.errors or self.apply_valid_only))

    def retranslate(self) -> None:
        super().retranslate()
        result = self.sync_result
        if result is None:
            return
        self.errors.set_errors(localized_errors(result.changeset.errors))
        self.setWindowTitle(translate("LdapPreview", "Review the LDAP sync"))
        if self.heading is None or self.guard is None or self.confirm_removals is None or self.skip_invalid is None:
            return
        mode = (translate("LdapPreview", "Full comparison") if result.mode == "full"
                else translate("LdapPreview", "Incremental"))
        self.heading.setText(fill(translate("LdapPreview", "%1: %2 people and %3 OUs read from the directory."), mode, str(result.stats.get("users", 0)), str(result.stats.get("ous", 0))))
        self.guard.setText(fill(translate("LdapPreview", "This sync would move %1 members to the resigned list; the "
                                     "removal guard allows %2. Check the list above before you confirm."), str(result.removals), str(result.removal_limit)))
        self.confirm_removals.setText(fill(translate("LdapPreview", "I have checked them: resign these %1 members"), str(result.removals)))
        self.skip_invalid.setText(fill(translate("LdapPreview", "Apply the valid entries only (the %1 entries with errors "
                                            "are skipped)"), number(len(result.changeset.errors))))
        if self.notices_label is not None:
            self.notices_label.setText(translate("LdapPreview", "Notes:"))
        lang = current_lang()
        self.notices.clear()
        for notice in result.notices:
            self.notices.addItem(render(str(notice.get("code")), lang, notice.get("params") or {}))
