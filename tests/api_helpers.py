"""A client of the vendor's protocol written from its documentation (independently of youdu_console.api),
and an in-process serve-api on a free port for the protocol tests."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import struct
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


@dataclass(frozen=True)
class Key:
    """What the app registry hands the server (AppCredentials' fields that the server reads)."""

    app_id: str
    aes_key: bytes
    enabled: bool = True


def new_key(app_id: str) -> Key:
    return Key(app_id, os.urandom(32))


def client_encrypt(key: bytes, app_id: str, message: bytes, *, iv: bytes | None = None) -> str:
    """As the Python and Go SDKs do it: random 16-byte prefix, big-endian length, message, appId; PKCS#7 to
    32 bytes; AES-256-CBC with a random IV (the server must decrypt whatever IV was used)."""
    body = os.urandom(16) + struct.pack(">I", len(message)) + message + app_id.encode()
    n = 32 - len(body) % 32
    body += bytes([n]) * n
    enc = Cipher(algorithms.AES(key), modes.CBC(iv if iv is not None else os.urandom(16))).encryptor()
    return base64.b64encode(enc.update(body) + enc.finalize()).decode()


def client_decrypt(key: bytes, text: str) -> tuple[bytes, str]:
    raw = base64.b64decode(text)
    assert len(raw) % 32 == 0, "the vendor pads to 32 bytes"
    dec = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    body = dec.update(raw) + dec.finalize()
    n = body[-1]
    assert 1 <= n <= 32 and body[-n:] == bytes([n]) * n
    body = body[:-n]
    (length,) = struct.unpack(">I", body[16:20])
    return body[20:20 + length], body[20 + length:].decode()


class ApiClient:
    def __init__(self, base: str, key: Key, buin: int = 1, context: Any = None) -> None:
        self.base = base
        self.key = key
        self.buin = buin
        self.context = context  # an ssl.SSLContext for https
        self.token: str | None = None

    def envelope(self, message: bytes, **overrides: Any) -> bytes:
        body: dict[str, Any] = {"buin": self.buin, "appId": self.key.app_id,
                                "encrypt": client_encrypt(self.key.aes_key, self.key.app_id, message)}
        body.update(overrides)
        return json.dumps(body).encode()

    def post_raw(self, path: str, data: bytes | None, params: dict[str, str] | None = None,
                 method: str = "POST") -> dict[str, Any]:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30, context=self.context) as resp:
            assert resp.status == 200
            return json.loads(resp.read())  # type: ignore[no-any-return]

    def gettoken(self, stamp: int | None = None) -> dict[str, Any]:
        reply = self.post_raw("/cgi/gettoken", self.envelope(str(int(time.time()) if stamp is None else stamp).encode()))
        if reply["errcode"] == 0:
            self.token = json.loads(self.decrypt(reply["encrypt"]))["accessToken"]
        return reply

    def decrypt(self, text: str) -> bytes:
        message, app_id = client_decrypt(self.key.aes_key, text)
        assert app_id == self.key.app_id
        return message

    def call(self, path: str, body: Any = None, *, params: dict[str, str] | None = None,
             token: str | None = None) -> dict[str, Any]:
        """A call; an encrypted reply comes back decrypted under "data"."""
        if self.token is None and token is None:
            assert self.gettoken()["errcode"] == 0
        query = {"accessToken": token if token is not None else self.token or "", **(params or {})}
        data = self.envelope(json.dumps(body).encode()) if body is not None else None
        reply = self.post_raw(path, data, query, method="POST" if data is not None else "GET")
        if reply.get("encrypt"):
            reply["data"] = json.loads(self.decrypt(reply["encrypt"]))
        return reply


@contextlib.contextmanager
def running_api(uow: Any, keys: list[Key], *, cert: str | None = None, key: str | None = None,
                **options: Any) -> Iterator[tuple[str, Any]]:
    """serve-api in this process on a free port, with an injected credential lookup (HTTPS with cert)."""
    import uvicorn

    from youdu_console.api.serve import build_config
    from youdu_console.api.server import ApiServer

    table = {k.app_id: k for k in keys}
    server = ApiServer(uow, table.get, **options)
    runner = uvicorn.Server(build_config(server, "127.0.0.1", 0, cert=cert, key=key, log=False))
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not runner.started:
        assert time.monotonic() < deadline and thread.is_alive(), "serve-api did not start"
        time.sleep(0.02)
    port = runner.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"{'https' if cert else 'http'}://127.0.0.1:{port}", server
    finally:
        runner.should_exit = True
        thread.join(timeout=20)
