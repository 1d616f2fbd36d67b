"""我的企业 (chapter 5) beyond plain settings: licence files, the test mail, the cluster and device-authorisation
checks, iOS push certificates, the RTX code and RTX as the address book's master — through the real CLI."""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PublicFormat,
    pkcs12,
)
from cryptography.x509.oid import NameOID

from tests.fixtures.core import Cli, bootstrap, snapshot
from youdu_console.domain import licence
from youdu_console.domain.errors import YouduError
from youdu_console.services.console import Console
from youdu_console.store import secrets

TODAY = dt.date.today()


# ---------------------------------------------------------------------------- licence files


def _key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _licence(path: Path, key: Ed25519PrivateKey, number: str = "100200", seats: int = 500,
             expires: dt.date = TODAY + dt.timedelta(days=365), tamper: bool = False) -> str:
    doc = licence.sign({"format": licence.FORMAT, "enterprise_number": number, "seats": seats,
                        "expires": expires.isoformat()}, key)
    if tamper:
        doc["seats"] = seats * 10
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_licence_apply_verifies_applies_and_undoes(cli: Cli, tmp_path: Path) -> None:
    vendor = Ed25519PrivateKey.generate()
    assert cli("settings", "set", "enterprise.number", "100200").code == 0
    good = _licence(tmp_path / "ok.lic", vendor)
    assert cli("licence", "apply", good).data["error"]["code"] == "licence_no_public_key"
    assert cli("settings", "set", "licence.public_key", _key_text(vendor)).code == 0

    # each refusal is coded, translated, and changes nothing
    before = snapshot(cli.url)
    bad = {
        "licence_signature_invalid": _licence(tmp_path / "tampered.lic", vendor, tamper=True),
        "licence_other_enterprise": _licence(tmp_path / "other.lic", vendor, number="999999"),
        "licence_file_expired": _licence(tmp_path / "old.lic", vendor, expires=TODAY - dt.timedelta(days=1)),
    }
    foreign = _licence(tmp_path / "foreign.lic", Ed25519PrivateKey.generate())
    (tmp_path / "junk.lic").write_text("not a licence", encoding="utf-8")
    for code, path in [*bad.items(), ("licence_signature_invalid", foreign),
                       ("licence_unreadable", str(tmp_path / "junk.lic"))]:
        refused = cli("licence", "apply", path)
        assert refused.code == 1 and refused.data["error"]["code"] == code, (code, refused.out)
    english = cli("--lang", "en", "licence", "apply", bad["licence_other_enterprise"])
    assert english.data["error"]["message"] == ("The licence file is for enterprise number 999999; "
                                                "this enterprise is 100200")
    assert snapshot(cli.url) == before

    preview = cli("licence", "apply", good, "--dry-run")
    assert preview.data["id"] is None and len(preview.data["operations"]) == 2
    applied = cli("licence", "apply", good)
    assert applied.code == 0, applied.out
    shown = cli("licence", "show").data
    assert (shown["seat_limit"], shown["expires"]) == (500, (TODAY + dt.timedelta(days=365)).isoformat())
    assert applied.data["kind"] == "licence.apply"
    assert cli("changes", "undo", str(applied.data["id"])).code == 0
    assert cli("licence", "show").data["seat_limit"] == 100


def test_bad_settings_are_refused_and_change_nothing(cli: Cli) -> None:
    before = snapshot(cli.url)
    for key, value in (("cluster.port", "70000"), ("chat.file_retention_days", "-1"),
                       ("access.internal_networks", "10.0.0.0/33"), ("licence.public_key", "abc"),
                       ("security.device_auth_url", "ftp://x/"), ("chat.recall_window", "72h"),
                       ("directory.card_custom_fields", "_ldap")):
        refused = cli("settings", "set", key, value)
        assert refused.code == 1 and refused.data["error"]["code"] == "setting_invalid", (key, refused.out)
    assert snapshot(cli.url) == before
    assert cli("settings", "get", "chat.recall_window").data["value"] == "2m"


# ---------------------------------------------------------------------------- network checks


@pytest.fixture
def listener() -> Iterator[int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cluster_verify_results(cli: Cli, listener: int) -> None:
    assert cli("cluster", "verify").data["error"]["code"] == "cluster_not_configured"
    assert cli("settings", "set", "cluster.server", "127.0.0.1").code == 0
    assert cli("settings", "set", "cluster.port", str(listener)).code == 0
    ok = cli("cluster", "verify")
    assert (ok.code, ok.data["result"]) == (0, "net_connected")
    closed = cli("--lang", "en", "cluster", "verify", "--port", str(_closed_port()))
    assert (closed.code, closed.data["result"]) == (1, "net_refused")
    assert "refused the connection" in closed.data["message"]
    assert cli("cluster", "verify", "--server", "no-such-host.invalid").data["result"] == "net_not_resolvable"


def test_cluster_verify_timeout(console: Console) -> None:
    """A listening socket whose backlog is full drops new SYNs: the connection neither opens nor is refused."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        fillers = []
        for _ in range(4):  # fill the accept queue (Linux allows backlog + 1)
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        try:
            result = console.enterprise.verify_cluster("127.0.0.1", port, timeout=0.5)
        finally:
            for s in fillers:
                s.close()
    assert result.code == "net_timeout" and not result.ok


class _Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200 if self.path == "/device/auth" else 404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_device_auth_verify(cli: Cli) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert cli("settings", "set", "security.device_auth_url", f"{base}/device/auth").code == 0
        ok = cli("device-auth", "verify")
        assert (ok.code, ok.data["result"], ok.data["status"]) == (0, "http_ok", 200)
        missing = cli("device-auth", "verify", "--url", f"{base}/nothing")
        assert (missing.code, missing.data["result"], missing.data["status"]) == (1, "http_bad_status", 404)
    finally:
        server.shutdown()
        server.server_close()
    refused = cli("device-auth", "verify", "--url", f"http://127.0.0.1:{_closed_port()}/x")
    assert refused.data["result"] == "net_refused"


# ---------------------------------------------------------------------------- the test mail


def test_test_mail_is_received_with_the_keyring_password(cli: Cli) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(envelope)
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> AuthResult:
        return AuthResult(success=auth.login == b"mailer" and auth.password == b"Mail#pw1")

    port = _closed_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    try:
        assert cli("settings", "test-mail", "a@example.com").data["error"]["code"] == "mail_not_configured"
        for key, value in (("security.smtp_host", "127.0.0.1"), ("security.smtp_port", str(port)),
                           ("security.smtp_tls", "none"), ("security.smtp_user", "mailer"),
                           ("security.smtp_sender", "it@example.com")):
            assert cli("settings", "set", key, value).code == 0
        assert cli("settings", "test-mail", "a@example.com").data["error"]["code"] == "mail_password_missing"
        assert cli("secrets", "set", "smtp:127.0.0.1", "--password-stdin", input="Mail#pw1\n").code == 0
        assert cli("settings", "set", "security.smtp_port", str(_closed_port())).code == 0
        failed = cli("--lang", "en", "settings", "test-mail", "a@example.com")
        assert failed.data["error"]["code"] == "mail_failed" and "Mail#pw1" not in failed.out
        assert failed.data["error"]["message"].startswith("The test mail was not sent: ConnectionRefusedError")
        assert cli("settings", "set", "security.smtp_port", str(port)).code == 0
        sent = cli("settings", "test-mail", "a@example.com")
        assert sent.code == 0 and sent.data["result"] == "mail_sent", sent.out
        assert cli("settings", "test-mail", "not-an-address").data["error"]["code"] == "mail_recipient_invalid"
    finally:
        controller.stop()
    assert [(e.mail_from, e.rcpt_tos) for e in received] == [("it@example.com", ["a@example.com"])]
    mail = email.message_from_bytes(received[0].content, policy=email.policy.default)
    assert mail["Subject"] == "有度管理控制台测试邮件 / Youdu Console test mail"


# ---------------------------------------------------------------------------- iOS push certificates


def _p12(path: Path, app_id: str = "com.example.youdu", password: str = "Cert#pw1", apns: bool = True,
         not_after: dt.datetime | None = None) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(x509.ObjectIdentifier("0.9.2342.19200300.100.1.1"), app_id),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"Apple Push Services: {app_id}")])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=30))
               .not_valid_after(not_after or now + dt.timedelta(days=365)))
    if apns:
        builder = builder.add_extension(x509.UnrecognizedExtension(
            x509.ObjectIdentifier("1.2.840.113635.100.6.3.2"), b"\x05\x00"), critical=False)
    cert = builder.sign(key, hashes.SHA256())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"push", key, cert, None,
                                                           BestAvailableEncryption(password.encode())))
    return str(path)


def test_push_certificate_checks_and_keyring(cli: Cli, tmp_path: Path) -> None:
    before = snapshot(cli.url)
    cases = {
        "push_cert_unreadable": (_p12(tmp_path / "a.p12"), "com.example.youdu", "wrong"),
        "push_cert_expired": (_p12(tmp_path / "b.p12", not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=1)),
                              "com.example.youdu", "Cert#pw1"),
        "push_cert_not_apns": (_p12(tmp_path / "c.p12", apns=False), "com.example.youdu", "Cert#pw1"),
        "push_cert_other_app": (_p12(tmp_path / "d.p12"), "com.other.app", "Cert#pw1"),
    }
    for code, (path, app, password) in cases.items():
        refused = cli("push-cert", "set", path, "--app-id", app, "--password-stdin", input=password + "\n")
        assert refused.code == 1 and refused.data["error"]["code"] == code, (code, refused.out)
    english = cli("--lang", "en", "push-cert", "set", cases["push_cert_unreadable"][0], "--app-id",
                  "com.example.youdu", "--password-stdin", input="wrong\n")
    assert english.data["error"]["message"].startswith("The push certificate cannot be opened with this password")
    assert snapshot(cli.url) == before
    assert secrets.get_secret("push:com.example.youdu") is None

    good = _p12(tmp_path / "good.p12")
    done = cli("push-cert", "set", good, "--app-id", "com.example.youdu", "--password-stdin", input="Cert#pw1\n")
    assert done.code == 0, done.out
    assert "Cert#pw1" not in done.out
    shown = cli("push-cert", "show").data
    assert shown["app_id"] == "com.example.youdu" and "Apple Push Services" in shown["subject"]
    assert cli("settings", "get", "push.service").data["value"] == "enterprise"
    assert secrets.get_secret("push:com.example.youdu") == "Cert#pw1"


# ---------------------------------------------------------------------------- RTX integration


def test_rtx_code_and_read_only_address_book(any_console: Console) -> None:
    console = any_console
    directory, enterprise = console.directory, console.enterprise
    console.apply(directory.plan_add_department("研发部"))
    console.apply(directory.plan_add_member("alice", name="Alice", departments=["研发部"]))
    first = console.apply(enterprise.plan_rtx_code())
    code = console.settings.get("rtx.connection_code")
    assert len(code) == 6 and code.isdigit()
    console.apply(enterprise.plan_rtx_code())
    assert console.settings.get("rtx.connection_code") != code
    assert first.kind == "rtx.code"

    console.settings.set({"rtx.enabled": True})
    for plan in (lambda: directory.plan_add_department("市场部"),
                 lambda: directory.plan_update_member("alice", name="Alice Wang"),
                 lambda: directory.plan_add_member("bob", name="Bob", departments=["研发部"])):
        with pytest.raises(YouduError) as refused:
            console.apply(plan())
        assert refused.value.code == "directory_rtx_read_only"
    assert [m.account for m in directory.list_members()] == ["alice"]
    # logging in stays the console's: authorising a member is not an address-book change
    console.apply(console.access.plan_authorization(["alice"], "grant"))
    console.settings.set({"rtx.enabled": False})
    console.apply(directory.plan_add_department("市场部"))


def test_rtx_read_only_message_in_both_languages(tmp_path: Path) -> None:
    console = bootstrap(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        console.settings.set({"rtx.enabled": True})
        with pytest.raises(YouduError) as refused:
            console.apply(console.directory.plan_add_department("部"))
        assert refused.value.message("zh_CN").startswith("RTX 集成已开启")
        assert refused.value.message("en").startswith("RTX integration is on")
    finally:
        console.uow.dispose()
