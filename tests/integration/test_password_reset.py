"""5.5 password reset by SMS / e-mail and two-step login by SMS, through the 4.7 SMS gateway: a local HTTP
gateway in the test decrypts what it is sent with the sysSmsAssistant app's key; a local SMTP server (aiosmtpd)
receives the mails."""

from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.core import Cli, snapshot
from youdu_console.domain import app_crypto
from youdu_console.domain.errors import NotFound, ValidationError, YouduError
from youdu_console.policy import verification
from youdu_console.policy.login import TWO_STEP_REASONS, LoginPolicy
from youdu_console.services import sms
from youdu_console.services.apps import app_credentials
from youdu_console.services.callback import signature
from youdu_console.services.console import Console, login
from youdu_console.store import tables

PASSWORD = "Old#Pass123"
NEW = "New#Pass456"


class Gateway:
    """The enterprise's SMS gateway: decrypts and keeps each request; answers `status` after `delay` seconds."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.delay = 0.0
        self.key = b""
        self.token = ""
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                message, app_id = app_crypto.decrypt(gateway.key, body["encrypt"])
                gateway.received.append({
                    "envelope": body, "app_id": app_id, "message": json.loads(message),
                    "signed": query["msg_signature"] == signature(gateway.token, query["timestamp"], query["nonce"],
                                                                  body["encrypt"])})
                time.sleep(gateway.delay)
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/receive/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def code(self) -> str:
        found = re.search(r"\d{6}", self.received[-1]["message"]["sms"]["content"])
        assert found
        return found.group(0)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    g = Gateway()
    yield g
    g.server.shutdown()
    g.server.server_close()


@pytest.fixture
def org(console: Console, gateway: Gateway) -> Console:
    d = console.directory
    console.apply(d.plan_add_department("研发部"))
    for account, mobile, mail in (("lina", "13800138000", "lina@example.com"), ("bo", "13900139000", ""),
                                  ("nomobile", "", "n@example.com"), ("twostep", "13700137000", "")):
        console.apply(d.plan_add_member(account, name=account, departments=["研发部"], mobile=mobile, email=mail))
        console.apply(console.access.plan_set_password(account, PASSWORD, force_change=False))
    console.apply(console.access.plan_authorization(["lina", "bo", "nomobile", "twostep"], "grant"))
    console.apply(console.settings.plan_set({"security.sms_gateway_url": gateway.url, "security.sms_reset": True}))
    with console.uow.read() as conn:
        creds = app_credentials(conn, sms.SMS_APP)
    assert creds is not None
    gateway.key = creds.aes_key
    return console


def _url(c: Console) -> str:
    return c.uow.engine.url.render_as_string(hide_password=False)


def _login(c: Console, account: str, password: str, **kw: Any) -> Any:
    return LoginPolicy(c.uow).check_login(account, password, "windows", "10.0.0.1", **kw)


def test_reset_by_sms_goes_through_the_gateway_encrypted_and_sets_the_password(org: Console,
                                                                               gateway: Gateway) -> None:
    sent = verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert sent.to == "138****8000" and sent.expires_in == 600
    [got] = gateway.received
    assert got["app_id"] == "sysSmsAssistant" and got["signed"]
    assert got["envelope"]["toApp"] == "sysSmsAssistant"
    message = got["message"]
    assert set(message) == {"fromUser", "createTime", "packageId", "msgType", "sms"}
    assert message["msgType"] == "sms" and message["fromUser"] == "lina"
    assert message["sms"]["mobiles"] == ["13800138000"] and abs(message["createTime"] - time.time()) < 60
    code = gateway.code()
    # Only a hash is kept: the code is in no stored row.
    assert code not in json.dumps(snapshot(_url(org)), default=str, ensure_ascii=False)
    # A second request at once is refused and sends nothing.
    with pytest.raises(YouduError) as soon:
        verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert soon.value.code == "verification_too_soon" and len(gateway.received) == 1
    # A wrong code and a weak password change nothing (the weak one does not spend the code).
    before = snapshot(_url(org))
    with pytest.raises(ValidationError) as weak:
        verification.confirm_reset(org.uow, "lina", code, "short")
    assert weak.value.code.startswith("password_")
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ValidationError) as bad:
        verification.confirm_reset(org.uow, "lina", wrong, NEW)
    assert bad.value.code == "verification_code_wrong" and bad.value.params["left"] == 4
    after = snapshot(_url(org))
    assert {k: v for k, v in after.items() if k != "verification_codes"} == \
        {k: v for k, v in before.items() if k != "verification_codes"}
    assert _login(org, "lina", PASSWORD).ok
    # The right code: the password is changed as a change set, journalled and audited.
    cs = verification.confirm_reset(org.uow, "lina", code, NEW)
    assert cs.kind == "member.reset_password" and cs.actor == "password-reset:lina" and cs.id
    assert _login(org, "lina", NEW).ok and not _login(org, "lina", PASSWORD).ok
    with pytest.raises(ValidationError) as used:
        verification.confirm_reset(org.uow, "lina", code, "Other#Pass789")
    assert used.value.code == "verification_code_missing"
    with org.uow.read() as conn:
        actions = [r.action for r in conn.execute(select(tables.AUDIT_LOG.c.action))]
    assert "verification.reset_code_sent" in actions


def test_wrong_codes_run_out(org: Console, gateway: Gateway) -> None:
    verification.send_code(org.uow, "bo", "sms", asker=org.actor)
    code = gateway.code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(ValidationError) as info:
            verification.confirm_reset(org.uow, "bo", wrong, NEW)
        assert info.value.params["left"] == left
    with pytest.raises(ValidationError) as info:
        verification.confirm_reset(org.uow, "bo", code, NEW)  # even the right one: too many tries
    assert info.value.code == "verification_code_exhausted"
    assert _login(org, "bo", PASSWORD).ok


def test_an_administrator_asking_for_a_code_needs_the_password_right_and_its_member(org: Console,
                                                                                 gateway: Gateway) -> None:
    """The IM server asks for any member; an administrator who asks needs the right to reset members'
    passwords (an auditor has not), and a scoped one asks only for a member of its departments."""
    from youdu_console.domain.errors import NotFound, PermissionDenied
    from youdu_console.services.admins import AdminService

    org.apply(org.directory.plan_add_department("市场部"))
    org.apply(org.directory.plan_update_member("bo", departments=["市场部"]))
    admins = AdminService(org.uow)
    admins.add(org.actor, "rd", "scoped", "Scoped#123", ["研发部"])
    admins.add(org.actor, "aud", "auditor", "Auditor#12")
    rd, aud = login(org.uow, "rd", "Scoped#123"), login(org.uow, "aud", "Auditor#12")
    with pytest.raises(PermissionDenied):
        verification.send_code(org.uow, "lina", "sms", asker=aud.actor)
    with pytest.raises(NotFound):
        verification.send_code(org.uow, "bo", "sms", asker=rd.actor)
    assert gateway.received == []  # nothing was sent for a refused request
    assert verification.send_code(org.uow, "lina", "sms", asker=rd.actor).to == "138****8000"


def test_gateway_failures_are_coded_and_store_nothing(org: Console, gateway: Gateway,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(_url(org))
    cases: list[tuple[Any, str]] = [
        (lambda: verification.send_code(org.uow, "nomobile", "sms", asker=org.actor), "verification_no_mobile"),
        (lambda: verification.send_code(org.uow, "ghost", "sms", asker=org.actor), "member_not_found"),
        (lambda: verification.send_code(org.uow, "lina", "fax", asker=org.actor), "verification_channel_invalid"),
        (lambda: verification.send_code(org.uow, "lina", "email", asker=org.actor), "password_reset_off"),
    ]
    for attempt, code in cases:
        with pytest.raises((YouduError, NotFound)) as info:
            attempt()
        assert info.value.code == code
    gateway.status = 503
    with pytest.raises(YouduError) as refused:
        verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert refused.value.code == "sms_gateway_refused" and refused.value.params["status"] == 503
    gateway.status, gateway.delay = 200, 1.0
    monkeypatch.setattr(sms, "TIMEOUT", 0.2)
    with pytest.raises(YouduError) as slow:
        verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert slow.value.code == "sms_gateway_timeout"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    org.apply(org.settings.plan_set({"security.sms_gateway_url": f"http://127.0.0.1:{closed}/sms"}))
    before = snapshot(_url(org))
    with pytest.raises(YouduError) as gone:
        verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert gone.value.code == "sms_gateway_unreachable"
    org.apply(org.settings.plan_set({"security.sms_gateway_url": ""}))
    with pytest.raises(YouduError) as unset:
        verification.send_code(org.uow, "lina", "sms", asker=org.actor)
    assert unset.value.code == "sms_gateway_not_configured"
    after = snapshot(_url(org))
    assert after["verification_codes"] == [] and after["members"] == before["members"]


def test_reset_by_email_through_smtp(org: Console) -> None:
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(envelope)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        org.apply(org.settings.plan_set({"security.mail_reset": True, "security.smtp_host": "127.0.0.1",
                                         "security.smtp_port": port, "security.smtp_tls": "none",
                                         "security.smtp_sender": "it@example.com"}))
        sent = verification.send_code(org.uow, "nomobile", "email", asker=org.actor)
    finally:
        controller.stop()
    assert sent.to == "n***@example.com"
    [envelope] = received
    assert envelope.rcpt_tos == ["n@example.com"]
    mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
    found = re.search(r"\d{6}", mail.get_body().get_content())  # type: ignore[union-attr]
    assert found
    verification.confirm_reset(org.uow, "nomobile", found.group(0), NEW)
    assert _login(org, "nomobile", NEW).ok


def test_two_step_login_needs_the_sms_code_except_a_scan_login(org: Console, gateway: Gateway) -> None:
    assert _login(org, "twostep", PASSWORD).reason == "ok"
    org.apply(org.settings.plan_set({"security.sms_two_step": True}))
    first = _login(org, "twostep", PASSWORD)
    assert (first.ok, first.reason) == (False, "needs_sms_code")
    assert first.to_json()["sms_to"] == "137****7000" and len(gateway.received) == 1
    again = _login(org, "twostep", PASSWORD)  # a moment later: still waiting, no second SMS
    assert again.reason == "needs_sms_code" and again.to_json()["sms_sent"] is False and len(gateway.received) == 1
    assert _login(org, "twostep", "wrong").reason == "bad_password"  # the password comes first
    code = gateway.code()
    wrong = "000000" if code != "000000" else "111111"
    refused = _login(org, "twostep", PASSWORD, sms_code=wrong)
    assert refused.reason == "sms_code_wrong" and refused.to_json()["attempts_left"] == 4
    assert _login(org, "twostep", PASSWORD, sms_code=code).reason == "ok"
    assert _login(org, "twostep", PASSWORD, sms_code=code).reason == "sms_code_wrong"  # used once
    assert _login(org, "twostep", "", method="qr").reason == "ok"  # 扫码登录: no SMS step
    assert _login(org, "nomobile", PASSWORD).reason == "sms_unavailable"
    with org.uow.read() as conn:
        logged = {r[0] for r in conn.execute(select(tables.LOGIN_LOG.c.result))}
    assert logged >= set(TWO_STEP_REASONS)  # every two-step answer is in the login log


def test_cli_password_reset(cli: Cli, gateway: Gateway) -> None:
    assert cli("dept", "add", "研发部").code == 0
    assert cli("member", "add", "lina", "--name", "李娜", "--dept", "研发部", "--mobile", "13800138000").code == 0
    assert cli("auth", "grant", "lina").code == 0
    for key, value in (("security.sms_gateway_url", gateway.url), ("security.sms_reset", "on")):
        assert cli("settings", "set", key, value).code == 0
    with cli_uow(cli) as conn:
        creds = app_credentials(conn, sms.SMS_APP)
    assert creds is not None
    gateway.key = creds.aes_key
    res = cli("policy", "password-reset", "request", "lina", "--by", "sms", admin=False)
    assert res.code == 0 and res.data["to"] == "138****8000", res.out
    code = gateway.code()
    bad = cli("policy", "password-reset", "confirm", "lina", code, "--password-stdin", input="weak\n", admin=False)
    assert bad.code != 0 and bad.data["error"]["code"].startswith("password_")
    ok = cli("policy", "password-reset", "confirm", "lina", code, "--password-stdin", input=NEW + "\n", admin=False)
    assert ok.code == 0 and ok.data["reset"] is True, ok.out
    check = cli("login-check", "lina", "--device", "windows", "--password-stdin", input=NEW + "\n", admin=False)
    assert check.code == 0, check.out


class cli_uow:  # noqa: N801 - a context manager named for what it gives
    def __init__(self, cli: Cli) -> None:
        from youdu_console.services.console import open_uow

        self.uow = open_uow(cli.url)

    def __enter__(self) -> Any:
        self.ctx = self.uow.read()
        return self.ctx.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.ctx.__exit__(*exc)
        self.uow.dispose()


def test_policy_api_password_reset_and_two_step(org: Console, gateway: Gateway) -> None:
    from tests.api_helpers import ApiClient, new_key, running_api

    key = new_key("portal")
    org.apply(org.settings.plan_set({"security.sms_two_step": True}))
    with running_api(org.uow, [key], buin=1) as (base, _server):
        c = ApiClient(base, key)
        sent = c.call("/cgi/policy/password-reset-request", {"account": "bo", "by": "sms"})
        assert sent["errcode"] == 0 and sent["data"]["to"] == "139****9000", sent
        assert c.call("/cgi/policy/password-reset-request", {"account": "bo", "by": "fax"})["errcode"] != 0
        done = c.call("/cgi/policy/password-reset-confirm", {"account": "bo", "code": gateway.code(),
                                                             "password": NEW})
        assert done["errcode"] == 0 and done["data"]["reset"] is True, done
        first = c.call("/cgi/policy/login", {"account": "bo", "password": NEW, "device": "windows"})["data"]
        assert first["reason"] == "needs_sms_code" and first["sms_to"] == "139****9000"
        login = c.call("/cgi/policy/login", {"account": "bo", "password": NEW, "device": "windows",
                                             "sms_code": gateway.code()})["data"]
        assert login["ok"] is True, login
        qr = c.call("/cgi/policy/login", {"account": "bo", "device": "ios", "method": "qr"})["data"]
        assert qr["ok"] is True, qr
