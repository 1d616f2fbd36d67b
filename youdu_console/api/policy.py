"""The policy API (our extension, same envelope and tokens): POST /cgi/policy/<question> answers what the
CLI's `policy …` commands answer. Each question is one entry in QUESTIONS; an area adds its own with
`@question("name")`. Also single sign-on: the IM server asks for a $TOKEN$ for a member, an app's page
resolves it with GET /cgi/identify?token=."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from youdu_console.api.endpoints import CODES, Call, endpoint
from youdu_console.api.protocol import ApiError
from youdu_console.domain import validation as v
from youdu_console.policy.apps import apps_for
from youdu_console.policy.groups import can_create_group
from youdu_console.policy.login import LoginPolicy
from youdu_console.store import tables

SSO_LIFETIME = 300  # seconds a $TOKEN$ may be resolved, once

Answer = Callable[[Call], dict[str, Any]]
QUESTIONS: dict[str, Answer] = {}
CODES.update({"device_invalid": 5, "address_invalid": 5, "app_terminal_invalid": 5})


def question(name: str, *, write: bool = False) -> Callable[[Answer], Answer]:
    """Register a policy question at /cgi/policy/<name> (write: it records something, e.g. a login log)."""

    def register(fn: Answer) -> Answer:
        QUESTIONS[name] = fn
        endpoint(f"/cgi/policy/{name}", write=write)(fn)
        return fn

    return register


def _text(call: Call, name: str, required: bool = True) -> str:
    value = call.field(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ApiError(5, f"缺少参数 {name} / missing {name}")
    return value


@question("login", write=True)
def login_check(call: Call) -> dict[str, Any]:
    """policy login: may this account log in from this device and address with this password?"""
    result = LoginPolicy(call.console.uow).check_login(
        _text(call, "account"), _text(call, "password", False), _text(call, "device"),
        _text(call, "ip", False) or None, sms_code=_text(call, "sms_code", False) or None,
        method=_text(call, "method", False) or "password")
    return result.to_json()


@question("password-reset-request", write=True)
def password_reset_request(call: Call) -> dict[str, Any]:
    """policy password-reset request: send the member a 6-digit code by SMS or e-mail (5.5)."""
    from youdu_console.policy.verification import send_code

    return send_code(call.console.uow, _text(call, "account"), _text(call, "by"), asker=call.console.actor).to_json()


@question("password-reset-confirm", write=True)
def password_reset_confirm(call: Call) -> dict[str, Any]:
    """policy password-reset confirm: check the code and set the new password (a change set)."""
    from youdu_console.policy.verification import confirm_reset

    cs = confirm_reset(call.console.uow, _text(call, "account"), _text(call, "code"), _text(call, "password"))
    return {"account": cs.subject, "reset": True, "change_set": cs.id}


@question("can-create-group")
def can_create_group_check(call: Call) -> dict[str, Any]:
    size = call.field("size")
    with call.console.uow.read() as conn:
        return can_create_group(conn, _text(call, "account"), size=int(size) if size is not None else None).to_json()


@question("apps-for")
def apps_for_check(call: Call) -> dict[str, Any]:
    """policy apps-for: the apps the member's work portal shows."""
    terminal = call.field("terminal")
    with call.console.uow.read() as conn:
        found = apps_for(conn, _text(call, "account"), terminal if isinstance(terminal, str) else None)
    return {"apps": [a.to_json() for a in found]}


@question("visible-to")
def visible_to_check(call: Call) -> dict[str, Any]:
    """policy visible-to: what the member's client may show of the address book (可见性设置, 5.3.1) — every
    department and account (the CLI's default form); "details": true adds each shown member's name and
    departments, "explain": true why the rest is hidden, "summary": true gives the compact form instead
    ("members": true, the full form, is accepted as before)."""
    from youdu_console.policy.visibility import answer_json

    return answer_json(call.console.uow, _text(call, "account"), actor=call.console.actor, summary=bool(call.field("summary")),
                       explain=bool(call.field("explain")), details=bool(call.field("details")))


@question("filter-text")
def filter_text_check(call: Call) -> dict[str, Any]:
    """policy filter-text: the message with the sensitive words masked, or refused (敏感信息保护, 5.6)."""
    from youdu_console.policy.textfilter import filter_message

    text = _text(call, "text", False)
    sender = call.field("from")
    with call.console.uow.read() as conn:
        answer, enabled = filter_message(conn, text, sender if isinstance(sender, str) and sender else None)
    return {**answer.to_json(), "enabled": enabled}


@question("file-transfer")
def file_transfer_check(call: Call) -> dict[str, Any]:
    """policy file-transfer: may the member send a file this size in this mode (5.4.3, 5.4.2)?"""
    from youdu_console.policy.transfer import may_transfer

    size = call.field("size")
    if not isinstance(size, (int, str)) or isinstance(size, bool):
        raise ApiError(5, "缺少参数 size / missing size")
    kind = call.field("kind")
    with call.console.uow.read() as conn:
        answer = may_transfer(conn, _text(call, "account"), _text(call, "mode"), size,
                              address=_text(call, "ip", False) or None,
                              kind=kind if isinstance(kind, str) else "file")
    return answer.to_json()


@question("client-config")
def client_config_check(call: Call) -> dict[str, Any]:
    """policy client-config: the configuration the member's client is pushed (chapter 5's client settings)."""
    from youdu_console.policy.client_config import ask

    return ask(call.console.uow, _text(call, "account"), _text(call, "device", False) or None,
               _text(call, "ip", False) or None)


# ---------------------------------------------------------------- single sign-on ($TOKEN$)
@dataclass
class _Sso:
    account: str
    expires: float
    created: float


_sso_lock = threading.Lock()


@question("sso-token")
def sso_token(call: Call) -> dict[str, Any]:
    """A one-time $TOKEN$ for a member opening an app (the IM server asks; the app resolves it with identify)."""
    account = v.fold_account(_text(call, "account"))
    members = tables.MEMBERS
    with call.console.uow.read() as conn:
        row = conn.execute(select(members.c.status).where(members.c.account == account)).first()
    if row is None or row.status != "active":
        raise ApiError(300225, f"用户不存在 / no active user {account}")
    token = secrets.token_urlsafe(24)
    now = time.time()
    store = call.extras["server"].sso
    with _sso_lock:
        for k in [k for k, s in store.items() if s.expires < now]:
            del store[k]
        store[token] = _Sso(account, now + SSO_LIFETIME, now)
    return {"token": token, "expireIn": SSO_LIFETIME}


def identify(server: Any, token: str | None) -> dict[str, Any]:
    """GET /cgi/identify?token=: who opened the app (no accessToken: the vendor's call carries none)."""
    now = time.time()
    with _sso_lock:
        found = server.sso.pop(token, None) if token else None
    if found is None or found.expires < now:
        return {"status": {"code": 100001, "message": "token 无效或已过期 / unknown or expired token",
                           "createdAt": ""}, "userInfo": {}}
    members = tables.MEMBERS
    with server.uow.read() as conn:
        row = conn.execute(select(members.c.account, members.c.name, members.c.gender, members.c.mobile,
                                  members.c.phone, members.c.email).where(members.c.account == found.account)).first()
    if row is None:
        return {"status": {"code": 300225, "message": "用户不存在 / user not found", "createdAt": ""}, "userInfo": {}}
    created = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(found.created))
    return {"status": {"code": 0, "message": "ok", "createdAt": created},
            "userInfo": {"account": row.account, "chsName": row.name, "gender": 1 if row.gender == "female" else 0,
                         "mobile": row.mobile or "", "phone": row.phone, "email": row.email}}
