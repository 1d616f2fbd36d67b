"""The registry of API endpoints: each is a plain function over the session object (Console), registered
with what it needs (a write, which apps may call it). Areas add theirs with `endpoint(...)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from youdu_console.api.protocol import ApiError

ORG_APP = "sysOrgAssistant"  # the vendor's rule: org writes only for the organisation assistant
MSG_APP = "sysMsgAssistant"

# Who may call: "any" app (reads), the organisation assistant ("org"), the system-message assistant ("msg").
Handler = Callable[["Call"], Any]


@dataclass
class Call:
    """One authenticated request: the app, its query parameters and its decrypted JSON body."""

    app_id: str
    params: dict[str, str]
    body: Any
    console: Any  # youdu_console.services.console.Console (the app as actor)
    extras: dict[str, Any]

    def param(self, name: str, default: str | None = None) -> str | None:
        return self.params.get(name, default)

    def field(self, name: str, default: Any = None) -> Any:
        return self.body.get(name, default) if isinstance(self.body, dict) else default


@dataclass(frozen=True)
class Endpoint:
    path: str
    handler: Handler
    write: bool = False
    who: str = "any"
    encrypt_reply: bool = True  # the reply carries an encrypted body (reads); writes answer {errcode, errmsg}
    big_body: bool = False
    # Returns an item (a NewMember, a ReadReceipt) the writer does in one transaction with others' (batch.py).
    grouped: bool = False


ENDPOINTS: dict[str, Endpoint] = {}
# The vendor's code for each of our error codes (areas add theirs); anything else is 5, "错误的请求".
CODES: dict[str, int] = {"permission_denied": 3, "permission_out_of_scope": 3}


def vendor_code(code: str) -> int:
    return CODES.get(code, 5)


def endpoint(path: str, *, write: bool = False, who: str = "any", encrypt_reply: bool = True,
             big_body: bool = False, grouped: bool = False) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ENDPOINTS[path] = Endpoint(path, fn, write, who, encrypt_reply, big_body, grouped)
        return fn

    return register


def allowed(ep: Endpoint, app_id: str) -> None:
    if ep.who == "org" and app_id != ORG_APP:
        raise ApiError(3, f"接口权限不足：仅 {ORG_APP} 可调用 / only {ORG_APP} may call {ep.path}")
    if ep.who == "msg" and app_id not in (MSG_APP, ORG_APP):
        raise ApiError(3, f"接口权限不足：仅 {MSG_APP} 可调用 / only {MSG_APP} may call {ep.path}")
