"""The vendor's request protocol, independent of the web framework: envelopes, access tokens, limits and
the vendor's error codes."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson

from youdu_console.api import crypto

# The vendor's global status codes (docs/api/a01_00009.md of youduim/youdu-doc).
OK = 0
INTERNAL = -1
NORIGHT = 3
INVALID_REQUEST = 5
MISS_ACCESSTOKEN = 100000
ACCESSTOKEN_NOTEXIST = 100001
ACCESSTOKEN_EXPIRED = 100002
INVALID_REQUEST_FORMAT = 100003
INVALID_FORMAT_JSON = 100004
INVALID_APPID = 100005
INVALID_ENCRYPT = 100006
MISS_BUIN = 100008
INVALID_BUIN = 100009
MISS_APPID = 100010
MISS_ENCRYPT = 100011
INVALID_FORMAT_BUIN = 100012
INVALID_FORMAT_APPID = 100013
INVALID_FORMAT_ENCRYPT = 100014

TOKEN_LIFETIME = 7200  # seconds, as the vendor's server answers in expireIn


class ApiError(Exception):
    """A refusal answered as HTTP 200 {errcode, errmsg}."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(errmsg)
        self.errcode = errcode
        self.errmsg = errmsg


class AppKey(Protocol):
    """What the server needs of an app (the app registry's AppCredentials has these fields)."""

    app_id: str
    aes_key: bytes
    enabled: bool


CredentialLookup = Callable[[str], "AppKey | None"]


@dataclass
class Limits:
    max_body: int = 1 << 20  # bytes of one request; org/replaceall has its own cap
    max_replace_body: int = 256 << 20
    rate_per_app: float = 5000.0  # requests per second (token bucket), burst = one second's worth
    replay_window: int = 300  # seconds a gettoken timestamp may differ from the server's clock
    bad_token_limit: int = 20  # unknown/expired tokens from one address within bad_token_window …
    bad_token_window: float = 60.0
    bad_token_block: float = 60.0  # … block that address for this long
    tokens_per_app: int = 10_000  # live tokens kept per app (a new one per call; the oldest go first)


@dataclass
class Token:
    app_id: str
    expires: float


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class Guard:
    """Access tokens, per-app rate limits, per-address brute-force blocking and the gettoken replay cache.
    One per server process; every method is thread-safe and O(1)."""

    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.time
    _tokens: dict[str, Token] = field(default_factory=dict)
    _by_app: dict[str, deque[str]] = field(default_factory=dict)
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _blocked: dict[str, float] = field(default_factory=dict)
    _seen: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, app_id: str) -> tuple[str, int]:
        token = secrets.token_hex(16)
        with self._lock:
            self._tokens[token] = Token(app_id, self.clock() + TOKEN_LIFETIME)
            queue = self._by_app.setdefault(app_id, deque())
            queue.append(token)
            while len(queue) > self.limits.tokens_per_app:
                self._tokens.pop(queue.popleft(), None)
        return token, TOKEN_LIFETIME

    def check_token(self, token: str | None, address: str) -> str:
        """The app the token was issued to; refusals count towards blocking the address."""
        self.check_address(address)
        if not token:
            raise ApiError(MISS_ACCESSTOKEN, "空的 accessToken / missing accessToken")
        with self._lock:
            found = self._tokens.get(token)
            if found is not None and found.expires <= self.clock():
                del self._tokens[token]
                expired = True
            else:
                expired = False
        if found is None or expired:
            self._fail(address)
            if expired:
                raise ApiError(ACCESSTOKEN_EXPIRED, "accessToken 已过期 / accessToken expired")
            raise ApiError(ACCESSTOKEN_NOTEXIST, "accessToken 不存在 / unknown accessToken")
        return found.app_id

    def check_address(self, address: str) -> None:
        until = self._blocked.get(address)
        if until is not None:
            if until > self.clock():
                raise ApiError(INVALID_REQUEST_FORMAT,
                               "失败次数过多，请稍后再试 / too many failed attempts from this address, retry later")
            self._blocked.pop(address, None)

    def _fail(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            window = self._failures.setdefault(address, deque())
            window.append(now)
            while window and window[0] < now - self.limits.bad_token_window:
                window.popleft()
            if len(window) >= self.limits.bad_token_limit:
                self._blocked[address] = now + self.limits.bad_token_block
                window.clear()

    def fail(self, address: str) -> None:
        """A failed gettoken (wrong key, replayed or stale timestamp) counts like a bad token."""
        self._fail(address)

    def rate(self, app_id: str) -> None:
        now = self.clock()
        cap = self.limits.rate_per_app
        with self._lock:
            b = self._buckets.get(app_id)
            if b is None:
                b = self._buckets[app_id] = _Bucket(cap, now)
            b.tokens = min(cap, b.tokens + (now - b.at) * cap)
            b.at = now
            if b.tokens < 1:
                raise ApiError(INVALID_REQUEST_FORMAT, "请求过于频繁 / rate limit exceeded for this app")
            b.tokens -= 1

    def fresh_timestamp(self, plaintext: bytes, encrypt: str) -> None:
        """gettoken's plaintext: the client's UNIX time, within the replay window, each ciphertext once."""
        try:
            stamp = int(plaintext.decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            raise ApiError(INVALID_ENCRYPT, "encrypt 字段不是时间戳 / encrypt is not a UNIX timestamp") from None
        now = self.clock()
        window = self.limits.replay_window
        if abs(now - stamp) > window:
            raise ApiError(INVALID_REQUEST_FORMAT, "时间戳超出允许范围 / timestamp outside the replay window")
        with self._lock:
            if len(self._seen) > 100_000:
                for k in [k for k, t in self._seen.items() if t < now - window]:
                    del self._seen[k]
            if encrypt in self._seen:
                raise ApiError(INVALID_REQUEST_FORMAT, "重复的请求 / replayed gettoken request")
            self._seen[encrypt] = now


def parse_envelope(raw: bytes, *, buin: int | None) -> tuple[str, str]:
    """{buin, appId, encrypt} → (appId, encrypt), refused with the vendor's codes field by field."""
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(INVALID_FORMAT_JSON, "请求体不是 JSON / the body is not JSON") from None
    if not isinstance(body, dict):
        raise ApiError(INVALID_FORMAT_JSON, "请求体不是 JSON 对象 / the body is not a JSON object")
    if "buin" not in body:
        raise ApiError(MISS_BUIN, "缺少企业号 buin / missing buin")
    if not isinstance(body["buin"], int) or isinstance(body["buin"], bool):
        raise ApiError(INVALID_FORMAT_BUIN, "buin 应为整数 / buin must be an integer")
    if buin is not None and body["buin"] != buin:
        raise ApiError(INVALID_BUIN, "无效的企业号 / unknown buin")
    if "appId" not in body:
        raise ApiError(MISS_APPID, "缺少应用 ID appId / missing appId")
    if not isinstance(body["appId"], str):
        raise ApiError(INVALID_FORMAT_APPID, "appId 应为字符串 / appId must be a string")
    if "encrypt" not in body:
        raise ApiError(MISS_ENCRYPT, "缺少 encrypt 字段 / missing encrypt")
    if not isinstance(body["encrypt"], str):
        raise ApiError(INVALID_FORMAT_ENCRYPT, "encrypt 应为字符串 / encrypt must be a string")
    return body["appId"], body["encrypt"]


def open_message(key: bytes, app_id: str, encrypt: str) -> bytes:
    try:
        plain = crypto.decrypt(key, encrypt)
    except crypto.DecryptError:
        raise ApiError(INVALID_ENCRYPT, "encrypt 字段解密失败 / encrypt does not decrypt") from None
    if plain.app_id != app_id:
        raise ApiError(INVALID_APPID, "加密内容中的 appId 不符 / the encrypted appId does not match")
    return plain.message


def json_message(message: bytes) -> Any:
    try:
        return orjson.loads(message)
    except orjson.JSONDecodeError:
        raise ApiError(INVALID_FORMAT_JSON, "解密后的内容不是 JSON / the decrypted message is not JSON") from None
