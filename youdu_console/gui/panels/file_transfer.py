"""我的企业 / 文件传输权限 (manual 5.4.3, appendix 1 Q8): the three modes' size limits, and a question box.

The limits are declared settings (this page is settings_pages' page for them, with a box below that asks the
policy engine what `policy file-transfer` answers: may this member send a file this size in this mode, and
download it from this address — 外网权限's internal ranges and download switches are on 权限管理).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.settings import SETTINGS
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.panels import settings_pages
from youdu_console.gui.panels.base import Panel
from youdu_console.gui.panels.registry import PanelSpec, register
from youdu_console.gui.session import Session
from youdu_console.policy.asking import check_asker
from youdu_console.policy.transfer import MB, may_transfer

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow

PAGE = "文件传输权限"
MODES = {"offline": QT_TRANSLATE_NOOP("FileTransferPage", "Offline mode"),
         "p2p": QT_TRANSLATE_NOOP("FileTransferPage", "P2P mode (large files)"),
         "interconnect": QT_TRANSLATE_NOOP("FileTransferPage", "Interconnected enterprises")}
REASONS = {
    "ok": QT_TRANSLATE_NOOP("FileTransferPage", "Allowed"),
    "no_such_account": QT_TRANSLATE_NOOP("FileTransferPage", "Refused: no such account"),
    "resigned": QT_TRANSLATE_NOOP("FileTransferPage", "Refused: the member has resigned"),
    "disabled": QT_TRANSLATE_NOOP("FileTransferPage", "Refused: the member is disabled"),
    "mode_off": QT_TRANSLATE_NOOP("FileTransferPage", "Refused: this transfer mode is off"),
    "too_large": QT_TRANSLATE_NOOP("FileTransferPage", "Refused: larger than this mode's limit"),
    "external_download_off": QT_TRANSLATE_NOOP("FileTransferPage",
                                               "Refused: downloads from external networks are off"),
}


class FileTransferPage(settings_pages.SettingsPage):
    def __init__(self, host: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(host, PAGE, [s for s in SETTINGS if s.page == PAGE], parent)
        self.ask = QGroupBox(self)
        self.ask.setObjectName("transfer_ask")
        self.account = QLineEdit(self.ask)
        self.account.setObjectName("transfer_account")
        self.mode = QComboBox(self.ask)
        self.mode.setObjectName("transfer_mode")
        for mode in MODES:
            self.mode.addItem("", mode)
        self.size = QDoubleSpinBox(self.ask)
        self.size.setObjectName("transfer_size")
        self.size.setRange(0, 1_048_576)
        self.size.setDecimals(1)
        self.size.setValue(10)
        self.address = QLineEdit(self.ask)
        self.address.setObjectName("transfer_address")
        self.check = QPushButton(self.ask)
        self.check.setObjectName("transfer_check")
        self.check.clicked.connect(self.run_check)
        self.answer = QLabel(self.ask)
        self.answer.setObjectName("transfer_answer")
        self.answer.setWordWrap(True)
        self.ask_labels = [QLabel(self.ask) for _ in range(4)]
        form = QFormLayout(self.ask)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for label, field in zip(self.ask_labels, (self.account, self.mode, self.size, self.address), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(self.check, self.answer)
        self.account.setMinimumWidth(self.account.fontMetrics().horizontalAdvance("x" * 24))
        self.address.setMinimumWidth(self.address.fontMetrics().horizontalAdvance("x" * 24))
        column = self.form_widget.layout()
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(column.count() - 1, self.ask)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(settings_pages.page_title(PAGE))
        if not hasattr(self, "ask"):
            return
        self.ask.setTitle(translate("FileTransferPage", "Check a transfer (as saved)"))
        for label, text in zip(self.ask_labels, (translate("FileTransferPage", "Member account:"),
                                                 translate("FileTransferPage", "Transfer mode:"),
                                                 translate("FileTransferPage", "File size:"),
                                                 translate("FileTransferPage", "Downloading from address:")),
                               strict=True):
            label.setText(text)
        for i, mode in enumerate(MODES):
            self.mode.setItemText(i, translate("FileTransferPage", MODES[mode]))
        self.size.setSuffix(" MB")
        self.address.setPlaceholderText(translate("FileTransferPage", "optional, e.g. 203.0.113.9"))
        self.check.setText(translate("FileTransferPage", "&Check"))

    def run_check(self) -> None:
        account = self.account.text().strip()
        if not account:
            self.answer.setText(translate("FileTransferPage", "Enter an account."))
            return
        try:
            with self.session.uow.read() as conn:
                check_asker(conn, self.session.actor, account)
                result = may_transfer(conn, account, str(self.mode.currentData()), int(self.size.value() * MB),
                                      address=self.address.text().strip() or None)
        except Exception as exc:  # noqa: BLE001 - a coded refusal (a bad address) shown in place
            self.answer.setText(error_text(exc))
            return
        text = translate("FileTransferPage", REASONS[result.reason])
        if result.limit_mb:
            text += " " + fill(translate("FileTransferPage", "(limit %1 MB)"), result.limit_mb)
        if result.external:
            text += " " + translate("FileTransferPage", "— an external address")
        self.answer.setText(text)


def _factory(host: MainWindow) -> Panel:
    return FileTransferPage(host)


def _readable(session: Session) -> bool:
    return session.can("settings.read")


# Replaces the page settings_pages generated from the same declarations (imported above, so it registered first).
register(PanelSpec(f"我的企业/{PAGE}", "enterprise/transfer", QT_TRANSLATE_NOOP("SettingsPages", "File transfers"),
                   403, _factory, _readable, title_fn=lambda: settings_pages.page_title(PAGE)))
