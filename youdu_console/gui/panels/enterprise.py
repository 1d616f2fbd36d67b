"""我的企业's actions and previews, added under their sections of the generated settings pages: the licence file
(5.1), the desktop list's preview (5.3.2), the test mail (5.5), the device-authorisation and cluster checks
(5.5, 5.7.1), the iOS push certificate (5.7.2) and the RTX connection code (5.7.3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.model import CheckResult
from youdu_console.gui.i18n import current_lang, error_text, fill, translate
from youdu_console.gui.panels.outcome import ERROR_STYLE, OK_STYLE
from youdu_console.gui.panels.settings_pages import ChoiceList, SettingsPage, extend_section

if TYPE_CHECKING:
    from youdu_console.services.enterprise import EnterpriseService

MAX_FILE = 1024 * 1024


def _read(path: str) -> bytes:
    try:
        if Path(path).stat().st_size > MAX_FILE:
            raise ValidationError("file_too_large", field="file", file=path, size=Path(path).stat().st_size,
                                  max=MAX_FILE)
        return Path(path).read_bytes()
    except OSError:
        raise ValidationError("file_unreadable", field="file", file=path) from None


class ActionBox(QWidget):
    """A row of buttons and a one-line outcome under a section; checks run as jobs (they wait on the network)."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.page = page
        self.result = QLabel(self)
        self.result.setObjectName("action_result")
        self.result.setWordWrap(True)
        self.result.setVisible(False)  # until there is an outcome to show
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 2, 0, 2)
        column.addLayout(self.row)
        column.addWidget(self.result)

    @property
    def service(self) -> EnterpriseService:
        return self.page.session.console.enterprise

    @property
    def may_write(self) -> bool:
        return self.page.session.can("settings.write") and self.page.session.actor.role == "super"

    def button(self, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        self.row.addWidget(button)
        return button

    def show_outcome(self, ok: bool, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(True)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def show_check(self, result: CheckResult) -> None:
        self.show_outcome(result.ok, result.message(current_lang()))

    def show_failure(self, exc: BaseException) -> None:
        self.show_outcome(False, error_text(exc))

    def check(self, job: Callable[[], CheckResult], title: str) -> None:
        """Run a network check off the GUI thread; the window stays responsive while it waits."""
        self.show_outcome(True, translate("EnterprisePages", "Checking…"))
        self.result.setStyleSheet("")
        signals = self.page.host.runner.submit(lambda progress, cancel: job(), title=title, label=title,
                                               abandon_on_cancel=True)
        signals.succeeded.connect(self.show_check)
        signals.failed.connect(self.show_failure)
        self.job = signals


# ---------------------------------------------------------------------------- 5.1 licence file and links


class LicenceBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.upload = self.button("licence_upload", self.choose_file)
        self.upload.setVisible(self.may_write)
        self.expand = self.button("licence_expand", lambda: self._open("licence.expansion_url"))
        self.renew = self.button("licence_renew", lambda: self._open("licence.renewal_url"))
        self.row.addStretch(1)

    def retranslate(self) -> None:
        self.upload.setText(translate("EnterprisePages", "Upload licence file…"))
        self.expand.setText(translate("EnterprisePages", "Apply for expansion"))
        self.renew.setText(translate("EnterprisePages", "Apply for renewal"))

    def _open(self, key: str) -> None:
        QDesktopServices.openUrl(QUrl(str(self.page.session.settings.get(key))))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, translate("EnterprisePages", "Licence file"), "",
                                                    translate("EnterprisePages", "Licence files (*.lic *.json);;All files (*)"))
        if path:
            self.apply_file(path)

    def apply_file(self, path: str) -> None:
        """Verify and apply a licence file: previewed, applied, undoable like every other change."""
        service, name = self.service, Path(path).name
        self.page.host.run_change(lambda: service.plan_licence(_read(path), name),
                                  title=translate("EnterprisePages", "Apply licence file"),
                                  on_applied=lambda _cs: self.page.reload(), on_failed=self.show_failure)


# ---------------------------------------------------------------------------- 5.3.2 the desktop list's preview

SAMPLE = {  # the manual's example member, 陈小研 of 销售部
    "online_status": ("[在线]", "[Online]"), "position": ("销售助理", "Sales assistant"),
    "department": ("销售部", "Sales"), "mobile": ("13800000000", "13800000000"),
    "phone": ("0756-8888888", "0756-8888888"), "short_number": ("200235", "200235"),
    "email": ("yan.chen@example.com", "yan.chen@example.com"),
    "signature": ("出差中，急事请电话联系", "Travelling, call if urgent"),
}


def _sample(slot: str, lang: str) -> str:
    zh, en = SAMPLE.get(slot, ("", ""))
    return en if lang.startswith("en") else zh


class ListPreview(QFrame):
    """预览: how the desktop list shows a member with the yellow and blue areas as chosen above (not yet saved)."""

    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.page = page
        self.setObjectName("list_preview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = QLabel(self)
        self.name = QLabel(self)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.yellow = QLabel(self)
        self.yellow.setObjectName("preview_yellow")
        # Translucent tints: the text keeps the palette's colour, so it reads on the light and the dark theme.
        self.yellow.setStyleSheet("background: rgba(255, 200, 0, 0.35); padding: 1px 6px;")
        self.blue = QLabel(self)
        self.blue.setObjectName("preview_blue")
        self.blue.setStyleSheet("background: rgba(40, 130, 255, 0.30); padding: 1px 6px;")
        grid = QGridLayout(self)
        grid.addWidget(self.caption, 0, 0, 1, 3)
        grid.addWidget(self.name, 1, 0)
        grid.addWidget(self.yellow, 1, 1)
        grid.addWidget(self.blue, 2, 0, 1, 2)
        grid.setColumnStretch(2, 1)
        yellow = page.editors.get("directory.list_slot_yellow")
        blue = page.editors.get("directory.list_slot_blue")
        if isinstance(yellow, QComboBox):
            yellow.currentIndexChanged.connect(lambda _i: self.retranslate())
        if isinstance(blue, ChoiceList):
            blue.edited.connect(self.retranslate)

    def slots(self) -> tuple[str, list[str]]:
        yellow = self.page.editors.get("directory.list_slot_yellow")
        blue = self.page.editors.get("directory.list_slot_blue")
        return (str(yellow.currentData()) if isinstance(yellow, QComboBox) else "none",
                blue.value() if isinstance(blue, ChoiceList) else [])

    def retranslate(self) -> None:
        lang = current_lang()
        yellow, blue = self.slots()
        self.caption.setText(translate("EnterprisePages", "Preview:"))
        self.name.setText("陈小研" if lang == "zh_CN" else "Chen Xiaoyan")
        self.yellow.setText(_sample(yellow, lang) if yellow != "none" else translate("EnterprisePages", "(empty)"))
        self.blue.setText(" ".join(_sample(slot, lang) for slot in blue) or translate("EnterprisePages", "(empty)"))


# ---------------------------------------------------------------------------- 5.5 the test mail


class MailBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.password = QLineEdit(self)
        self.password.setObjectName("smtp_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.keep = self.button("smtp_keep_password", self.keep_password)
        self.to = QLineEdit(self)
        self.to.setObjectName("test_mail_to")
        self.row.addWidget(self.password)
        self.row.addWidget(self.keep)
        self.row.addWidget(self.to)
        self.send = self.button("send_test_mail", self.send_test_mail)
        self.row.addStretch(1)
        self.setVisible(self.may_write)

    def retranslate(self) -> None:
        self.password.setPlaceholderText(translate("EnterprisePages", "SMTP password"))
        self.keep.setText(translate("EnterprisePages", "Keep in the keyring"))
        self.to.setPlaceholderText(translate("EnterprisePages", "Test recipient"))
        self.send.setText(translate("EnterprisePages", "Send test mail"))

    def keep_password(self) -> None:
        try:
            store = self.service.remember_smtp_password(self.password.text())
        except YouduError as exc:
            self.show_failure(exc)
            return
        self.password.clear()
        self.show_outcome(True, fill(translate("EnterprisePages", "The SMTP password is kept (%1)."), store))

    def send_test_mail(self) -> None:
        typed, to, service = self.password.text() or None, self.to.text(), self.service
        self.check(lambda: service.send_test_mail(to, typed), translate("EnterprisePages", "Send test mail"))


# ---------------------------------------------------------------------------- 5.5 and 5.7.1 connection checks


class DeviceAuthBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.verify = self.button("device_auth_verify", self.run)
        self.row.addStretch(1)

    def retranslate(self) -> None:
        self.verify.setText(translate("EnterprisePages", "Verify the URL"))

    def run(self) -> None:
        url, service = self.page.value_of_key("security.device_auth_url"), self.service
        self.check(lambda: service.verify_device_auth(url or None), translate("EnterprisePages", "Verify the URL"))


class ClusterBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.verify = self.button("cluster_verify", self.run)
        self.row.addStretch(1)

    def retranslate(self) -> None:
        self.verify.setText(translate("EnterprisePages", "Verify connection"))

    def run(self) -> None:
        """验证连接 with the values on the page, saved or not."""
        server, port = self.page.value_of_key("cluster.server"), self.page.value_of_key("cluster.port")
        service = self.service
        self.check(lambda: service.verify_cluster(server, port), translate("EnterprisePages", "Verify connection"))


# ---------------------------------------------------------------------------- 5.7.2 iOS push certificate


class PushCertificateBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.current = QLabel(self)
        self.current.setObjectName("push_current")
        self.current.setWordWrap(True)
        self.file = QLineEdit(self)
        self.file.setObjectName("push_file")
        self.browse = QPushButton(self)
        self.browse.setObjectName("push_browse")
        self.browse.clicked.connect(self.choose_file)
        self.app_id = QLineEdit(self)
        self.app_id.setObjectName("push_app_id")
        self.password = QLineEdit(self)
        self.password.setObjectName("push_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        grid = QGridLayout()
        self.labels = [QLabel(self) for _ in range(3)]
        for row, (label, widget) in enumerate(zip(self.labels, (self.file, self.app_id, self.password),
                                                  strict=True)):
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
        grid.addWidget(self.browse, 0, 2)
        self.file.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 24))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.current)
        layout.insertLayout(1, grid)
        self.save = self.button("push_save", self.save_certificate)
        self.row.addStretch(1)
        self.setEnabled(self.may_write)

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (translate("EnterprisePages", "iOS push certificate:"),
                                             translate("EnterprisePages", "AppID:"),
                                             translate("EnterprisePages", "Password:")), strict=True):
            label.setText(text)
        self.browse.setText(translate("EnterprisePages", "Browse…"))
        self.file.setPlaceholderText(translate("EnterprisePages", "A .p12 file with the certificate and its key"))
        self.save.setText(translate("EnterprisePages", "Check and save the certificate"))
        self.reload()

    def reload(self) -> None:
        info = self.service.push_certificate()
        self.current.setText(translate("EnterprisePages", "No certificate yet.") if info is None else
                             fill(translate("EnterprisePages", "Current certificate: %1 (%2), valid until %3"),
                                  info["app_id"], info["subject"], info["not_after"]))

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, translate("EnterprisePages", "iOS push certificate"), "",
                                                    translate("EnterprisePages", "PKCS#12 files (*.p12 *.pfx);;All files (*)"))
        if path:
            self.file.setText(path)

    def save_certificate(self) -> None:
        path, app_id, password, service = self.file.text(), self.app_id.text(), self.password.text(), self.service

        def kept(_cs: Any) -> None:
            store = service.remember_push_password(app_id, password)
            self.password.clear()
            self.reload()
            if store is None:
                self.show_outcome(False, translate("EnterprisePages", "The certificate is saved, but no keyring "
                                                                      "is usable here: its password was not kept."))
            else:
                self.show_outcome(True, fill(translate("EnterprisePages", "The certificate is saved; its password is kept (%1)."), store))

        self.page.host.run_change(lambda: service.plan_push_certificate(_read(path), app_id, password),
                                  title=translate("EnterprisePages", "iOS push certificate"), on_applied=kept,
                                  on_failed=self.show_failure)


# ---------------------------------------------------------------------------- 5.7.3 RTX connection code


class RtxBox(ActionBox):
    def __init__(self, page: SettingsPage) -> None:
        super().__init__(page)
        self.code = QLabel(self)
        self.code.setObjectName("rtx_code")
        font = self.code.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.code.setFont(font)
        self.row.addWidget(self.code)
        self.regenerate = self.button("rtx_regenerate", self.run)
        self.regenerate.setVisible(self.may_write)
        self.row.addStretch(1)
        self.result.setVisible(True)  # the manual's explanation of the code

    def retranslate(self) -> None:
        self.regenerate.setText(translate("EnterprisePages", "Regenerate"))
        self.result.setText(translate("EnterprisePages", "Enter this connection code in Youdu's RTX plug-in; "
                                                         "once connected, Youdu and RTX work together."))
        self.reload()

    def reload(self) -> None:
        code = self.page.session.settings.get("rtx.connection_code")
        self.code.setText(fill(translate("EnterprisePages", "Connection code: %1"),
                               code or translate("EnterprisePages", "(none yet)")))

    def run(self) -> None:
        service = self.service
        self.page.host.run_change(service.plan_rtx_code, title=translate("EnterprisePages", "RTX connection code"),
                                  preview=False, on_applied=lambda _cs: self.reload())


extend_section("5.1", LicenceBox)
extend_section("5.3.2", ListPreview)
extend_section("5.5.1", MailBox)
extend_section("5.5.3", DeviceAuthBox)
extend_section("5.7.1", ClusterBox)
extend_section("5.7.2", PushCertificateBox)
extend_section("5.7.3", RtxBox)
