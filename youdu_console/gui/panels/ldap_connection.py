"""The connection settings of 管理工具 → LDAP 集成: server, encryption, bind account and password, base DN,
directory type, CA file, "do not verify" (warned); 验证 before saving, and saving as a previewed change set.

The bind password goes to the OS keyring through the sync service, never to the database; without a usable
keyring it is kept in memory for this window only (and the page says so).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.settings_ldap import check_server
from youdu_console.gui.dialogs.common import RetranslateMixin
from youdu_console.gui.dialogs.files import database_files, file_dialog
from youdu_console.gui.forms.ui_ldap_connection import Ui_LdapConnectionPage
from youdu_console.gui.i18n import error_text, fill, translate
from youdu_console.gui.jobs import JobSignals
from youdu_console.gui.operations import ChangeOp
from youdu_console.gui.panels.outcome import ERROR_STYLE, OK_STYLE

if TYPE_CHECKING:
    from youdu_console.gui.main_window import MainWindow
    from youdu_console.interchange.ldap.config import LdapConfig
    from youdu_console.services.ldap_sync import LdapSyncService

# Refusals whose CLI text names command-line options (--password-stdin, `ldap config`): the window's words.
WINDOW_CODES = {"ldap_password_missing": "ldap_password_needed", "ldap_not_configured": "ldap_form_incomplete"}
ENCRYPTIONS = ("none", "starttls", "ldaps")
FLAVORS = ("", "ad", "openldap")  # "" = ask the server (Active Directory announces itself in the rootDSE)


def for_the_window(exc: BaseException) -> BaseException:
    """The same refusal (field and parameters kept) in the window's words, when its CLI text would mislead."""
    if isinstance(exc, ValidationError) and exc.code in WINDOW_CODES:
        return ValidationError(WINDOW_CODES[exc.code], **exc.params)
    return exc


class LdapConnectionForm(RetranslateMixin, QWidget):
    """The 连接设置 tab. `settings_saved` after a save was applied (the page then reloads)."""

    settings_saved = Signal()

    def __init__(self, host: MainWindow, service: LdapSyncService, session_passwords: dict[str, str], *,
                 can_manage: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ldap_connection")
        self.host = host
        self.service = service
        self.session_passwords = session_passwords  # shared with the page's service's password provider
        self.can_manage = can_manage
        self.loaded: dict[str, Any] = {}
        self.job: JobSignals | None = None
        self.last_error: BaseException | None = None
        self.file_dialog: QFileDialog | None = None
        self.ui = Ui_LdapConnectionPage()  # the layout: ui/ldap_connection.ui
        self.ui.setupUi(self)
        ui = self.ui
        self.server, self.encryption, self.bind_dn = ui.ldap_server, ui.ldap_encryption, ui.ldap_bind_dn
        self.password, self.base_dn, self.flavor = ui.ldap_password, ui.ldap_base_dn, ui.ldap_flavor
        self.ca_file, self.ca_browse, self.no_verify = ui.ldap_ca_file, ui.ldap_ca_browse, ui.ldap_no_verify
        self.verify_warning, self.base_hint = ui.ldap_verify_warning, ui.ldap_base_hint
        self.verify_button, self.save_button, self.verify_result = ui.ldap_verify, ui.ldap_save, ui.ldap_verify_result
        self.form_labels: dict[str, QLabel] = {name: getattr(ui, f"{name}_label") for name in (
            "server", "encryption", "bind_dn", "password", "base_dn", "flavor", "ca_file")}
        for value in ENCRYPTIONS:
            self.encryption.addItem("", value)
        for value in FLAVORS:
            self.flavor.addItem("", value)
        self.verify_warning.setStyleSheet(ERROR_STYLE)
        self.base_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.server.editingFinished.connect(self._server_edited)
        self.ca_browse.clicked.connect(self._browse_ca)
        self.no_verify.toggled.connect(self.verify_warning.setVisible)
        self.verify_button.clicked.connect(self.verify)
        self.save_button.clicked.connect(self.save_settings)
        self._limit_to_role()
        self.retranslate()

    def retranslate(self) -> None:
        texts = {"server": translate("LdapPanel", "&Server address:"),
                 "encryption": translate("LdapPanel", "&Encryption:"),
                 "bind_dn": translate("LdapPanel", "Administrator &account:"),
                 "password": translate("LdapPanel", "Administrator &password:"),
                 "base_dn": translate("LdapPanel", "&Domain (base DN):"),
                 "flavor": translate("LdapPanel", "Directory &type:"),
                 "ca_file": translate("LdapPanel", "&CA certificate (PEM):")}
        for name, text in texts.items():
            self.form_labels[name].setText(text)
        self.server.setPlaceholderText(translate("LdapPanel", "192.168.0.10:389 (SSL port: 636)"))
        self.bind_dn.setPlaceholderText(translate("LdapPanel", "CN=Administrator,CN=Users,DC=xinda,DC=im or XINDA\\admin"))
        self.base_dn.setPlaceholderText("dc=xinda,dc=im")
        self.ca_file.setPlaceholderText(translate("LdapPanel", "Empty: the system's trusted certificates"))
        for i, text in enumerate((translate("LdapPanel", "None"), translate("LdapPanel", "StartTLS (port 389)"),
                                  translate("LdapPanel", "LDAPS (SSL, port 636)"))):
            self.encryption.setItemText(i, text)
        for i, text in enumerate((translate("LdapPanel", "Ask the server"),
                                  translate("LdapPanel", "Microsoft Active Directory (OU mode)"),
                                  translate("LdapPanel", "OpenLDAP (inetOrgPerson)"))):
            self.flavor.setItemText(i, text)
        self.ca_browse.setText(translate("LdapPanel", "&Browse…"))
        self.no_verify.setText(translate("LdapPanel", "Do &not verify the server certificate (insecure)"))
        self.verify_warning.setText(translate("LdapPanel", "Warning: without verification anyone on the network can "
                                              "pose as the directory server\nand read the administrator password. "
                                              "Use this only for testing."))
        self.base_hint.setText(translate("LdapPanel", "AD domain xinda.im: dc=xinda,dc=im; to start from a "
                                         "sub-directory: ou=xx,dc=xinda,dc=im"))
        self.verify_button.setText(translate("LdapPanel", "&Verify"))
        self.save_button.setText(translate("LdapPanel", "&Save"))

    def _limit_to_role(self) -> None:
        """Read-only for a role that may not manage LDAP (the service refuses it anyway)."""
        if self.can_manage:
            return
        for field in (self.server, self.encryption, self.bind_dn, self.base_dn, self.flavor, self.ca_file,
                      self.ca_browse, self.no_verify):
            field.setEnabled(False)
        for widget in (self.password, self.form_labels["password"], self.verify_button, self.save_button):
            widget.setVisible(False)

    # ------------------------------------------------------------------ the form
    def show_config(self, cfg: LdapConfig) -> None:
        """Show the saved settings, unless the administrator has typed something not saved yet."""
        if not self.loaded or self._form() == self.loaded:
            self._show_form(cfg)

    def _show_form(self, cfg: LdapConfig) -> None:
        scheme, _, rest = cfg.server.partition("://")
        self.server.setText(rest or cfg.server)
        encryption = "ldaps" if scheme == "ldaps" else ("starttls" if cfg.start_tls else "none")
        self.encryption.setCurrentIndex(ENCRYPTIONS.index(encryption))
        self.bind_dn.setText(cfg.bind_dn)
        self.base_dn.setText(cfg.base_dn)
        # Not configured yet: the declared default ("ad") is a guess, so ask the server instead.
        self.flavor.setCurrentIndex(FLAVORS.index(cfg.flavor) if cfg.configured and cfg.flavor in FLAVORS else 0)
        self.ca_file.setText(cfg.ca_file)
        self.no_verify.setChecked(not cfg.verify_tls)
        self.password.clear()
        stored = self.can_manage and bool(cfg.server) and bool(self.service.password_provider(cfg))
        self.password.setPlaceholderText(translate("LdapPanel", "(kept in the system keyring; type to replace it)")
                                         if stored else "")
        self.loaded = self._form()

    def _form(self) -> dict[str, Any]:
        """The connection form as plan_config's arguments (the password apart)."""
        text = self.server.text().strip()
        host = text.split("://", 1)[1] if "://" in text else text
        encryption = str(self.encryption.currentData())
        server = f"{'ldaps' if encryption == 'ldaps' else 'ldap'}://{host}" if host else ""
        return {"server": server, "bind_dn": self.bind_dn.text().strip(), "base_dn": self.base_dn.text().strip(),
                "flavor": str(self.flavor.currentData()) or None, "start_tls": encryption == "starttls",
                "ca_file": self.ca_file.text().strip(), "verify_tls": not self.no_verify.isChecked()}

    def _server_edited(self) -> None:
        """`ldaps://host` or `host:636` typed into the address: the encryption follows (manual: 636 is SSL)."""
        text = self.server.text().strip()
        scheme = text.split("://", 1)[0].lower() if "://" in text else ""
        if scheme:
            self.server.setText(text.split("://", 1)[1])
        if scheme == "ldaps" or (not scheme and text.endswith(":636")):
            self.encryption.setCurrentIndex(ENCRYPTIONS.index("ldaps"))
        elif scheme == "ldap" and self.encryption.currentData() == "ldaps":
            self.encryption.setCurrentIndex(ENCRYPTIONS.index("none"))

    def _browse_ca(self) -> None:
        dialog = file_dialog(self, translate("LdapPanel", "CA certificate"), hide=database_files(self.host.session.url))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(translate("LdapPanel", "Certificates (*.pem *.crt *.cer);;All files (*)"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.ca_file.setText)
        self.file_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ 验证 and saving
    def candidate(self) -> LdapConfig:
        """The settings as the form has them now (verified before they are saved, as the manual does)."""
        values = self._form()
        if not values["server"] or not values["base_dn"]:
            raise ValidationError("ldap_form_incomplete", field="ldap.server")
        try:
            server = check_server(values["server"])
        except ValueError as exc:
            raise ValidationError("setting_invalid", field="ldap.server", key="ldap.server", value=values["server"],
                                  reason=str(exc)) from None
        current = self.service.config()
        return replace(current, server=server, bind_dn=values["bind_dn"], base_dn=values["base_dn"],
                       flavor=values["flavor"] or current.flavor, start_tls=values["start_tls"],
                       ca_file=values["ca_file"], verify_tls=values["verify_tls"])

    def verify(self) -> JobSignals | None:
        """验证: connect, bind and find the base DN with the form's values, as a job; the reason on failure."""
        typed = self.password.text()
        try:
            cfg = self.candidate()
        except YouduError as exc:
            self._verified_failed(exc)
            return None
        service = self.service

        def job(progress: Any, cancel: Any) -> dict[str, Any]:
            from youdu_console.interchange.ldap.connection import test_connection  # ldap3: only when used

            secret = typed or service.password_provider(cfg)
            if not secret:
                raise ValidationError("ldap_password_needed", field="password", server=cfg.server)
            return test_connection(cfg, secret)

        self.verify_result.setText(translate("LdapPanel", "Verifying…"))
        self.verify_result.setStyleSheet("")
        # Cancel stops the waiting at once; the worker's socket wait (≤ the timeout) ends in the background.
        signals = self.host.runner.submit(job, title=translate("LdapPanel", "Verify"),
                                          label=fill(translate("LdapPanel", "Connecting to %1…"), cfg.server),
                                          abandon_on_cancel=True)
        signals.succeeded.connect(self._verified)
        signals.failed.connect(self._verified_failed)
        signals.cancelled.connect(lambda: self.verify_result.setText(translate("LdapPanel", "Cancelled.")))
        self.job = signals
        return signals

    def _verified(self, info: dict[str, Any]) -> None:
        self.last_error = None
        tls = {"ldaps": "LDAPS", "starttls": "StartTLS"}.get(str(info.get("tls")), translate("LdapPanel", "no TLS"))
        self.verify_result.setText(fill(translate("LdapPanel", "Verified: %1 (%2, %3); the base DN %4 exists."), str(info["server"]), str(info["flavor"]), tls, str(info["base_dn"])))
        self.verify_result.setStyleSheet(OK_STYLE)
        self.verify_result.setToolTip("")
        if not self.flavor.currentData():
            self.flavor.setCurrentIndex(FLAVORS.index(str(info["flavor"])) if info["flavor"] in FLAVORS else 0)

    def _verified_failed(self, exc: BaseException) -> None:
        exc = for_the_window(exc)
        self.last_error = exc
        self.verify_result.setText(error_text(exc))
        self.verify_result.setStyleSheet(ERROR_STYLE)
        self.verify_result.setToolTip(getattr(exc, "code", type(exc).__name__))

    def save_settings(self) -> JobSignals:
        """Plan the settings (a change set, previewed), and keep a typed password in the OS keyring."""
        values = self._form()
        password = self.password.text()
        service = self.service
        op = ChangeOp(self.host, translate("LdapPanel", "LDAP settings"),
                      plan=lambda: service.plan_config(**values, password=password or None, unreachable_ok=True),
                      label=translate("LdapPanel", "Checking the settings…"), abandon_on_cancel=True)
        op.cancelled(lambda: self.verify_result.setText(translate("LdapPanel", "Cancelled.")))
        op.empty(lambda _cs: self._settings_unchanged(values["server"], password))
        op.success(lambda _cs: self._settings_saved(values["server"], password)).failure(self._save_failed)
        job = op.run().job
        assert job is not None  # the plan's, submitted by run()
        self.job = job
        return job

    def _settings_unchanged(self, server: str, password: str) -> None:
        self.verify_result.setText(translate("LdapPanel", "The settings are unchanged."))
        self.verify_result.setStyleSheet("")
        self._keep_password(server, password)  # a new password alone is still kept (and said so)

    def _settings_saved(self, server: str, password: str) -> None:
        self._keep_password(server, password)
        self.loaded = {}  # show what was saved
        self.settings_saved.emit()

    def _keep_password(self, server: str, password: str) -> None:
        if not password:
            return
        url = check_server(server)
        if self.service.store_password(url, password):
            self.session_passwords.pop(url, None)
            text = translate("LdapPanel", "Saved. The password is kept in the system keyring.")
        else:
            self.session_passwords[url] = password
            text = translate("LdapPanel", "Saved. No system keyring is available: the password is kept only while "
                                          "this window is open, and the automatic sync of other machines needs it "
                                          "given each time.")
        self.password.clear()
        self.verify_result.setText(text)
        self.verify_result.setStyleSheet(OK_STYLE)

    def _save_failed(self, exc: BaseException) -> None:
        self._verified_failed(exc)
        self.host.report_error(for_the_window(exc))
