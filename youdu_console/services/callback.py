"""校验回调 (3.5.9.4 回调接口设置): the vendor's callback handshake against an app's configured URL.

The Youdu server calls an app's callback as `POST URL?timestamp=T&nonce=N&msg_signature=S` with the JSON body
`{"toBuin": BUIN, "toApp": APPID, "encrypt": CIPHERTEXT}`, where CIPHERTEXT is the message encrypted with the
app's EncodingAESKey (domain.app_crypto) and S = sha1 of the sorted concatenation of the app's Token, T, N
and CIPHERTEXT. The app checks the signature, decrypts, and answers with the message's `packageId` in plain
text: anything else is a failed callback (the vendor's PHP SDK, receivemsg.php). "Verify callback" sends one
such message — a text message from the console — and reports what came back:

  ok            the answer is the packageId
  wrong_answer  an answer, but not the packageId (or an HTTP error status)
  timeout       no answer within the time limit
  unreachable   no connection (refused, unknown host)
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from youdu_console.domain import app_crypto
from youdu_console.domain.apps import decode_aes_key, normalize_url
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.service_account import ANSWER_MAX
from youdu_console.services.apps import APPS_SECRET, APPS_WRITE, AppService

TIMEOUT = 5.0


@dataclass(frozen=True)
class CallbackResult:
    ok: bool
    reason: str  # ok | wrong_answer | timeout | unreachable
    status: int | None
    elapsed_ms: int
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "reason": self.reason, "status": self.status, "elapsed_ms": self.elapsed_ms,
                "detail": self.detail}


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypt])).encode("utf-8")).hexdigest()


def verify(url: str, *, app_id: str, aes_key: bytes, token: str, buin: int = 0,
           timeout: float = TIMEOUT) -> CallbackResult:
    """Send one signed, encrypted test message to `url` and judge the answer."""
    package_id = secrets.token_hex(8)
    message = {"fromUser": "", "createTime": int(time.time()), "packageId": package_id, "msgType": "text",
               "text": {"content": "youdu-console callback verification"}}
    encrypt = app_crypto.encrypt(aes_key, app_id, json.dumps(message, ensure_ascii=False).encode("utf-8"))
    timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
    query = urllib.parse.urlencode({"timestamp": timestamp, "nonce": nonce,
                                    "msg_signature": signature(token, timestamp, nonce, encrypt)})
    target = url + ("&" if urllib.parse.urlsplit(url).query else "?") + query
    body = json.dumps({"toBuin": buin, "toApp": app_id, "encrypt": encrypt}).encode("utf-8")
    request = urllib.request.Request(target, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    start = time.monotonic()

    def done(ok: bool, reason: str, status: int | None, detail: str) -> CallbackResult:
        return CallbackResult(ok, reason, status, int((time.monotonic() - start) * 1000), detail[:200])

    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only: checked)
            answer = response.read(ANSWER_MAX).decode("utf-8", errors="replace").strip()
            status = response.status
    except urllib.error.HTTPError as exc:
        return done(False, "wrong_answer", exc.code, f"HTTP {exc.code}")
    except TimeoutError:
        return done(False, "timeout", None, f"{timeout:g} s")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return done(False, "timeout", None, f"{timeout:g} s")
        return done(False, "unreachable", None, str(exc.reason))
    except (ConnectionError, OSError) as exc:
        return done(False, "unreachable", None, str(exc))
    if answer == package_id:
        return done(True, "ok", status, "")
    return done(False, "wrong_answer", status, answer[:80])


def verify_app(apps: AppService, app_id: str, *, timeout: float = TIMEOUT) -> CallbackResult:
    """Verify an app's configured callback (URL, Token and key from the database)."""
    from sqlalchemy import select

    from youdu_console.store import tables

    apps.actor.require(APPS_WRITE)
    apps.actor.require(APPS_SECRET)  # it reads the key and Token: super administrators only (docs/app-secrets.md)
    a = tables.APPS
    with apps.uow.read() as conn:
        row = apps._row(conn, app_id)
        if not apps._manageable(conn, row):
            from youdu_console.domain.errors import PermissionDenied

            raise PermissionDenied("permission_out_of_scope", what="企业应用", what_en="app", key=row.name)
        secret = conn.execute(select(a.c.aes_key, a.c.callback_token).where(a.c.app_id == row.app_id)).one()
    url = normalize_url(row.callback_url, field="callback_url", required=True)
    if not secret.callback_token:
        raise ValidationError("app_token_missing", field="callback_token")
    return verify(url, app_id=row.app_id, aes_key=decode_aes_key(secret.aes_key), token=secret.callback_token,
                  timeout=timeout)
