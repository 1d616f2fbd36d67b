"""4.7 短信网关: text messages (verification codes, 5.5) handed to the enterprise's own SMS gateway.

When `security.sms_gateway_url` is set, the server forwards every SMS to that HTTP service. The request is
the one the manual shows, after decryption:

    {"fromUser": ACCOUNT, "createTime": SECONDS, "packageId": ID, "msgType": "sms",
     "sms": {"mobiles": [MOBILE, …], "content": TEXT}}

encrypted with the sysSmsAssistant app's EncodingAESKey in the vendor's envelope (domain.app_crypto, the
same as a callback: `POST URL?timestamp=T&nonce=N&msg_signature=S` with `{"toBuin", "toApp", "encrypt"}`,
S signed with the app's Token — services.callback.signature). Any 2xx answer means the gateway took the
message; everything else is a coded error, and no text of the message (a code) is ever logged.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain import app_crypto
from youdu_console.domain.apps import decode_aes_key
from youdu_console.domain.errors import ValidationError, YouduError
from youdu_console.services.callback import signature
from youdu_console.store import tables
from youdu_console.store.settings import setting_value

SMS_APP = "sysSmsAssistant"
TIMEOUT = 5.0
CONTENT_MAX = 500


@dataclass(frozen=True)
class Gateway:
    """Where and how to send: the gateway URL and the sysSmsAssistant app's key, token and enterprise number."""

    url: str
    aes_key: bytes
    token: str
    buin: int


@dataclass(frozen=True)
class SmsSent:
    package_id: str
    mobiles: tuple[str, ...]
    status: int
    elapsed_ms: int

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "mobiles": [mask_mobile(m) for m in self.mobiles],
                "status": self.status, "elapsed_ms": self.elapsed_ms}


def mask_mobile(mobile: str) -> str:
    """135****8775, as the manual writes mobiles (an answer never shows a whole number)."""
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 8 else "****"


def gateway(conn: Connection) -> Gateway:
    """The configured gateway; coded errors when no URL is set or the sysSmsAssistant app is off."""
    url = str(setting_value(conn, "security.sms_gateway_url") or "")
    if not url:
        raise YouduError("sms_gateway_not_configured")
    a = tables.APPS
    row = conn.execute(select(a.c.aes_key, a.c.callback_token, a.c.enabled).where(a.c.app_id == SMS_APP)).first()
    if row is None or not row.enabled:
        raise YouduError("sms_gateway_disabled", app=SMS_APP)
    buin = int(setting_value(conn, "enterprise.number") or 0)
    return Gateway(url, decode_aes_key(row.aes_key), row.callback_token or "", buin)


def message(mobiles: Sequence[str], content: str, from_user: str = "") -> dict[str, Any]:
    """The decrypted request as manual 4.7 shows it."""
    numbers = tuple(dict.fromkeys(m.strip() for m in mobiles if m and m.strip()))
    if not numbers:
        raise ValidationError("sms_no_mobile", field="mobiles")
    if not content or len(content) > CONTENT_MAX:
        raise ValidationError("sms_content_length", field="content", max=CONTENT_MAX)
    return {"fromUser": from_user, "createTime": int(time.time()), "packageId": secrets.token_hex(8),
            "msgType": "sms", "sms": {"mobiles": list(numbers), "content": content}}


def send(gw: Gateway, mobiles: Sequence[str], content: str, *, from_user: str = "",
         timeout: float | None = None) -> SmsSent:
    """POST one encrypted SMS request to the gateway; a timeout, no connection or a refusal is a coded error."""
    timeout = TIMEOUT if timeout is None else timeout
    body_message = message(mobiles, content, from_user)
    encrypt = app_crypto.encrypt(gw.aes_key, SMS_APP, json.dumps(body_message, ensure_ascii=False).encode("utf-8"))
    timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
    query = urllib.parse.urlencode({"timestamp": timestamp, "nonce": nonce,
                                    "msg_signature": signature(gw.token, timestamp, nonce, encrypt)})
    target = gw.url + ("&" if urllib.parse.urlsplit(gw.url).query else "?") + query
    body = json.dumps({"toBuin": gw.buin, "toApp": SMS_APP, "encrypt": encrypt}).encode("utf-8")
    request = urllib.request.Request(target, data=body, method="POST", headers={"Content-Type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s): checked URL)
            response.read(4096)
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        raise YouduError("sms_gateway_refused", status=exc.code) from None
    except TimeoutError:
        raise YouduError("sms_gateway_timeout", seconds=f"{timeout:g}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise YouduError("sms_gateway_timeout", seconds=f"{timeout:g}") from None
        raise YouduError("sms_gateway_unreachable", reason=str(exc.reason)[:200]) from None
    except OSError as exc:
        raise YouduError("sms_gateway_unreachable", reason=f"{type(exc).__name__}: {exc}"[:200]) from None
    if not 200 <= status < 300:
        raise YouduError("sms_gateway_refused", status=status)
    numbers = tuple(body_message["sms"]["mobiles"])
    return SmsSent(body_message["packageId"], numbers, status, int((time.monotonic() - start) * 1000))
