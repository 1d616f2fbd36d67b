"""我的企业's actions beyond plain settings: the licence file, the test mail, the device-authorisation and cluster
checks, the iOS push certificate, the RTX connection code — and RTX as the address book's master."""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets as csprng
import smtplib
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Connection

from youdu_console.domain import licence as licence_file
from youdu_console.domain import push_certificate
from youdu_console.domain.changeset import Operation
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.domain.model import CheckResult
from youdu_console.domain.settings_enterprise import check_email
from youdu_console.services import invariants
from youdu_console.services.access import AccessService
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet
from youdu_console.services.settings import SettingsService
from youdu_console.store import secrets
from youdu_console.store.settings import setting_value
from youdu_console.store.uow import UnitOfWork

TIMEOUT_SECONDS = 5.0
# Member columns RTX does not own: logging in, passwords and locks stay the console's while RTX is the master.
_NOT_RTX_FIELDS = {"authorization", "password_hash", "must_change_password", "version", "updated_at"}


class EnterpriseService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor
        self.settings = SettingsService(uow, actor)

    # ---------------------------------------------------------------- 5.1 licence file
    def licence(self) -> dict[str, Any]:
        """企业信息's licence: seats in use / limit and expiry, for an administrator who may read the settings."""
        self.actor.require("settings.read")
        return AccessService(self.uow, self.actor).licence()

    def plan_licence(self, data: bytes, file_name: str = "", today: dt.date | None = None) -> ChangeSet:
        """Verify a licence file; its seats and expiry as one change set of settings (nothing when refused)."""
        self.actor.require("settings.write")
        values = self.settings.values()
        found = licence_file.verify(data, values["licence.public_key"], values["enterprise.number"],
                                    today or dt.date.today())
        cs = self.settings.plan_set({"licence.seat_limit": found.seats, "licence.expires": found.expires})
        cs.kind, cs.subject = "licence.apply", file_name or found.enterprise_number
        return cs

    # ---------------------------------------------------------------- 5.5 forgotten passwords by e-mail
    def send_test_mail(self, to: str, password: str | None = None) -> CheckResult:
        """Send one mail through the configured SMTP server; the password comes from the keyring unless given."""
        self.actor.require("settings.write")
        try:
            recipient = check_email(to)
        except ValueError:
            raise ValidationError("mail_recipient_invalid", field="to", value=to) from None
        server = send_mail(self.settings.values(), recipient, "有度管理控制台测试邮件 / Youdu Console test mail",
                           "这是一封测试邮件：成员可通过此邮箱服务找回密码。\n"
                           "This is a test mail: members can reset forgotten passwords through this mail service.\n",
                           password)
        return CheckResult(True, "mail_sent", {"to": recipient, "server": server})

    def remember_smtp_password(self, password: str) -> str:
        """Keep the SMTP user's password for the configured server in the OS keyring (or the secrets file)."""
        self.actor.require("settings.write")
        host = self.settings.get("security.smtp_host")
        if not host:
            raise YouduError("mail_not_configured")
        if not password:
            raise ValidationError("password_required", field="password")
        store = secrets.set_secret(f"smtp:{host}", password)
        if store is None:
            raise secrets.SecretStoreError("secret_keyring_unavailable", backend=secrets.keyring_backend()[0])
        return store

    # ---------------------------------------------------------------- 5.5 device authorisation URL
    def verify_device_auth(self, url: str | None = None) -> CheckResult:
        """GET the configured (or given) URL: a 2xx answer means the IM server will reach it."""
        self.actor.require("settings.read")
        target = url or self.settings.get("security.device_auth_url")
        if not target:
            raise YouduError("device_auth_not_configured")
        target = self.settings_parse("security.device_auth_url", target)
        request = urllib.request.Request(target, method="GET", headers={"User-Agent": "youdu-console"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - http(s) only
                status = int(answer.status)
        except urllib.error.HTTPError as exc:
            return CheckResult(False, "http_bad_status", {"url": target, "status": exc.code})
        except (urllib.error.URLError, OSError) as exc:
            parts = urllib.parse.urlsplit(target)
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            failure = reason if isinstance(reason, OSError) else OSError(str(reason))
            return _network_failure(failure, parts.hostname or "",
                                    parts.port or (443 if parts.scheme == "https" else 80))
        ok = 200 <= status < 300
        return CheckResult(ok, "http_ok" if ok else "http_bad_status", {"url": target, "status": status})

    def settings_parse(self, key: str, raw: Any) -> Any:
        from youdu_console.domain.settings import get_setting

        return get_setting(key).parse(raw)

    # ---------------------------------------------------------------- 5.7.1 enterprise cluster
    def verify_cluster(self, host: str | None = None, port: int | None = None,
                       timeout: float = TIMEOUT_SECONDS) -> CheckResult:
        """验证连接: open a TCP connection to the center server; connected / refused / timeout / not resolvable."""
        self.actor.require("settings.read")
        server = self.settings_parse("cluster.server", host if host is not None else self.settings.get("cluster.server"))
        number = self.settings_parse("cluster.port", port if port is not None else self.settings.get("cluster.port"))
        if not server:
            raise YouduError("cluster_not_configured")
        return check_tcp(server, number, timeout)

    # ---------------------------------------------------------------- 5.7.2 iOS push certificate
    def plan_push_certificate(self, data: bytes, app_id: str, password: str,
                              now: dt.datetime | None = None) -> ChangeSet:
        """Check the PKCS#12 file and keep it (with its AppID and facts) as one settings change set.
        The password is not part of it: the front end keeps it with `remember_push_password` once applied."""
        self.actor.require("settings.write")
        facts = push_certificate.check(data, password, app_id, now or dt.datetime.now(dt.UTC))
        record = {"app_id": facts.app_id, "subject": facts.subject, "not_after": facts.not_after,
                  "sha256": facts.sha256, "p12": base64.b64encode(data).decode("ascii")}
        cs = self.settings.plan_set({"push.certificate": json.dumps(record, sort_keys=True),
                                     "push.service": "enterprise"})
        cs.kind, cs.subject = "push.certificate", facts.app_id
        return cs

    def push_certificate(self) -> dict[str, Any] | None:
        """The kept certificate's facts (never the file), or None."""
        self.actor.require("settings.read")
        raw = self.settings.get("push.certificate")
        if not raw:
            return None
        record = json.loads(raw)
        return {k: record[k] for k in ("app_id", "subject", "not_after", "sha256")}

    @staticmethod
    def remember_push_password(app_id: str, password: str) -> str | None:
        """Keep the certificate's password in the OS keyring (or the chosen secrets file); None when neither."""
        return secrets.set_secret(secrets.check_name(f"push:{app_id.strip()}"), password)

    # ---------------------------------------------------------------- 5.7.3 RTX integration
    def plan_rtx_code(self) -> ChangeSet:
        """A new six-digit connection code (the manual's form, 544692), drawn from the OS's CSPRNG."""
        self.actor.require("settings.write")
        current = self.settings.get("rtx.connection_code")
        code = current
        while code == current:
            code = f"{csprng.randbelow(1_000_000):06d}"
        cs = self.settings.plan_set({"rtx.connection_code": code})
        cs.kind, cs.subject = "rtx.code", ""
        return cs


def send_mail(values: Mapping[str, Any], recipient: str, subject: str, text: str, password: str | None = None,
              *, failure: str = "mail_failed") -> str:
    """One mail through the configured SMTP server (5.5); the password comes from the keyring unless given.
    Returns "host:port"; a failure is the coded error `failure`, naming the library's complaint, never the
    password or the text (a reset mail holds a code)."""
    host, port, tls, user = values["security.smtp_host"], values["security.smtp_port"], values["security.smtp_tls"], \
        values["security.smtp_user"]
    if not host or not values["security.smtp_sender"]:
        raise YouduError("mail_not_configured")
    if user and password is None:
        password = secrets.get_secret(f"smtp:{host}")
        if password is None:
            raise YouduError("mail_password_missing", user=user, server=host)
    msg = EmailMessage()
    msg["From"], msg["To"] = values["security.smtp_sender"], recipient
    msg["Subject"] = subject
    msg.set_content(text)
    try:
        context = ssl.create_default_context()
        smtp_class = smtplib.SMTP_SSL if tls == "ssl" else smtplib.SMTP
        kwargs: dict[str, Any] = {"context": context} if tls == "ssl" else {}
        with smtp_class(host, port, timeout=TIMEOUT_SECONDS, **kwargs) as smtp:
            if tls == "starttls":
                smtp.starttls(context=context)
            if user:
                smtp.login(user, password or "")
            smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise YouduError(failure, reason=f"{type(exc).__name__}: {exc}"[:300]) from None
    return f"{host}:{port}"


def check_tcp(host: str, port: int, timeout: float) -> CheckResult:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return CheckResult(False, "net_not_resolvable", {"host": host, "port": port})
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(address)
        except OSError as exc:
            return _network_failure(exc, host, port, timeout)
    return CheckResult(True, "net_connected", {"host": host, "port": port})


def _network_failure(exc: OSError, host: str, port: int, timeout: float = TIMEOUT_SECONDS) -> CheckResult:
    params: dict[str, Any] = {"host": host, "port": port}
    if isinstance(exc, ConnectionRefusedError):
        return CheckResult(False, "net_refused", params)
    if isinstance(exc, TimeoutError | socket.timeout):
        return CheckResult(False, "net_timeout", {**params, "seconds": f"{timeout:g}"})
    if isinstance(exc, socket.gaierror):
        return CheckResult(False, "net_not_resolvable", params)
    return CheckResult(False, "net_unreachable", {**params, "reason": exc.strerror or str(exc)})


# ---------------------------------------------------------------- RTX is the address book's master


def _rtx_owned(op: Operation) -> bool:
    if op.entity == "department":
        return True
    if op.entity != "member":
        return False
    if op.action != "update":
        return True
    return bool(set(op.after or {}) - _NOT_RTX_FIELDS)


@invariants.invariant("rtx_read_only", _rtx_owned)
def rtx_is_master(conn: Connection, ops: Sequence[Operation]) -> None:
    """While RTX integration is on, departments and members' data come from RTX: every front end is refused."""
    if setting_value(conn, "rtx.enabled"):
        raise YouduError("directory_rtx_read_only")
