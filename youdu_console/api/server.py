"""serve-api's HTTP front end: Starlette routes every call through the vendor's protocol (protocol.py) to a
registered endpoint, run on worker threads — writes on one writer thread for SQLite, on a pool for a
database server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from youdu_console.api import crypto, endpoints, protocol
from youdu_console.api import policy as policy_api
from youdu_console.api.batch import Writer
from youdu_console.api.endpoints import Call, Endpoint
from youdu_console.api.protocol import ApiError, AppKey, CredentialLookup, Guard, Limits
from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.errors import ConflictError, PermissionDenied, ValidationErrors, YouduError
from youdu_console.services.auth import Actor
from youdu_console.services.changes import apply
from youdu_console.services.console import Console
from youdu_console.store.uow import HeldUnitOfWork, UnitOfWork

ACCESS_LOG = logging.getLogger("youdu_console.api.access")
ERROR_LOG = logging.getLogger("youdu_console.api")
KEY_CACHE_SECONDS = 10.0


def _load_areas() -> None:
    """The endpoint modules register themselves on import."""
    from youdu_console.api import announcements as _announcements  # noqa: F401  (通知公告's read receipts)
    from youdu_console.api import groups, messages, org, replace, reports  # noqa: F401


@dataclass
class _CachedKey:
    key: AppKey | None
    at: float


class ApiServer:
    """One per process: the unit of work, the app-key lookup (injected), tokens and limits, the workers."""

    def __init__(self, uow: UnitOfWork, credentials: CredentialLookup, *, buin: int | None = None,
                 limits: Limits | None = None, clock: Callable[[], float] = time.time) -> None:
        _load_areas()
        self.uow = uow
        self.credentials = credentials
        self.buin = buin
        self.guard = Guard(limits or Limits(), clock)
        self.limits = self.guard.limits
        self.single_writer = uow.backend == "sqlite"
        # SQLite has one writer: every write goes through one thread (`batcher`), in arrival order; a database
        # server takes writes on a pool. Change sets of bursts (user/create) are group-committed either way.
        self.batcher = Writer(lambda console, cs: console.apply(cs),
                              lambda console, conn: Console(HeldUnitOfWork(console.uow, conn), console.actor))
        self.writer = None if self.single_writer else ThreadPoolExecutor(8, thread_name_prefix="api-write")
        self.readers = ThreadPoolExecutor(8, thread_name_prefix="api-read")
        self._keys: dict[str, _CachedKey] = {}
        self._consoles: dict[str, Console] = {}
        self.sso: dict[str, Any] = {}  # single sign-on tokens ($TOKEN$), see api/policy.py
        self.jobs: dict[str, Any] = {}  # org/replaceall jobs by jobId, see api/replace.py

    # ------------------------------------------------------------------ plumbing
    def app(self) -> Starlette:
        @contextlib.asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            yield
            # Graceful shutdown: uvicorn has stopped accepting and waited for the requests under way; the
            # workers finish what they hold (a write in its transaction) before the process ends.
            self.close()

        return Starlette(routes=[Route("/{path:path}", self.handle, methods=["GET", "POST"])], lifespan=lifespan)

    def close(self) -> None:
        self.readers.shutdown(wait=True)
        if self.writer is not None:
            self.writer.shutdown(wait=True)
        self.batcher.close()
        sizes = self.batcher.batch_sizes
        reads = self.batcher.read_batch_sizes
        ACCESS_LOG.info("%s", orjson.dumps({"group_commits": sum(sizes.values()),
                                            "grouped_members": sum(n * k for n, k in sizes.items()),
                                            "read_commits": sum(reads.values()),
                                            "grouped_reads": sum(n * k for n, k in reads.items())}).decode())
        ACCESS_LOG.info('"stopped"')

    async def _run(self, write: bool, fn: Callable[[], Any]) -> Any:
        if write and self.writer is None:
            return await asyncio.wrap_future(self.batcher.submit(fn))
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer if write else self.readers, fn)

    def apply_change(self, cs: ChangeSet) -> ChangeSet:
        """Apply a planned set from a background job: through the one writer on SQLite."""
        if self.single_writer:
            return self.batcher.submit(lambda: apply(self.uow, cs, cs_actor(cs))).result()  # type: ignore[no-any-return]
        return apply(self.uow, cs, cs_actor(cs))

    async def app_key(self, app_id: str) -> AppKey:
        now = time.monotonic()
        cached = self._keys.get(app_id)
        if cached is None or now - cached.at > KEY_CACHE_SECONDS:
            key = await self._run(False, lambda: self.credentials(app_id))
            cached = self._keys[app_id] = _CachedKey(key, now)
        if cached.key is None or not cached.key.enabled:
            raise ApiError(protocol.INVALID_APPID, "无效的 AppId / unknown or disabled appId")
        return cached.key

    async def _body(self, request: Request, cap: int) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise ApiError(protocol.INVALID_REQUEST_FORMAT, f"请求体超过 {cap} 字节 / request body over {cap} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise ApiError(protocol.INVALID_REQUEST_FORMAT, f"请求体超过 {cap} 字节 / request body over {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    # ------------------------------------------------------------------ one request
    async def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        path = "/" + request.path_params["path"]
        address = request.client.host if request.client else "-"
        seen: dict[str, str] = {"app": "-"}  # the app, once known, for the access log
        try:
            if path == "/cgi/gettoken":
                payload = await self.gettoken(request, address, seen)
            elif path == "/cgi/identify":
                payload = await self._run(False, lambda: policy_api.identify(self, request.query_params.get("token")))
            else:
                payload = await self.call(request, path, address, seen)
            errcode = 0
        except ApiError as exc:
            errcode = exc.errcode
            payload = {"errcode": exc.errcode, "errmsg": exc.errmsg}
        except Exception as exc:  # noqa: BLE001 - never a traceback to the caller
            errcode = protocol.INTERNAL
            # The type only: a driver's message can carry the statement's parameters (YOUDU_DEBUG=1 adds
            # the traceback, as for the CLI).
            ERROR_LOG.error("internal error on %s: %s", path, type(exc).__name__,
                            exc_info=exc if os.environ.get("YOUDU_DEBUG") == "1" else None)
            payload = {"errcode": protocol.INTERNAL, "errmsg": "内部错误 / internal error"}
        ACCESS_LOG.info("%s", orjson.dumps({
            "method": request.method, "path": path, "app": seen["app"], "errcode": errcode, "addr": address,
            "ms": round((time.perf_counter() - started) * 1000, 2)}).decode())
        return Response(orjson.dumps(payload), media_type="application/json")

    async def gettoken(self, request: Request, address: str, seen: dict[str, str]) -> dict[str, Any]:
        self.guard.check_address(address)
        raw = await self._body(request, self.limits.max_body)
        app_id, encrypt = protocol.parse_envelope(raw, buin=self.buin)
        seen["app"] = app_id
        try:
            key = await self.app_key(app_id)
            plain = protocol.open_message(key.aes_key, app_id, encrypt)
            self.guard.fresh_timestamp(plain, encrypt)
        except ApiError:
            self.guard.fail(address)
            raise
        self.guard.rate(app_id)
        token, lifetime = self.guard.issue(app_id)
        reply = orjson.dumps({"accessToken": token, "expireIn": lifetime})
        return {"errcode": 0, "errmsg": "ok", "encrypt": crypto.encrypt(key.aes_key, reply, app_id)}

    async def call(self, request: Request, path: str, address: str, seen: dict[str, str]) -> dict[str, Any]:
        ep = endpoints.ENDPOINTS.get(path)
        if ep is None:
            raise ApiError(protocol.INVALID_REQUEST, f"未知的接口 {path} / no such API")
        app_id = self.guard.check_token(request.query_params.get("accessToken"), address)
        seen["app"] = app_id
        self.guard.rate(app_id)
        endpoints.allowed(ep, app_id)
        key = await self.app_key(app_id)
        raw = await self._body(request, self.limits.max_replace_body if ep.big_body else self.limits.max_body)
        body: Any = None
        if raw.strip():
            claimed, encrypt = protocol.parse_envelope(raw, buin=self.buin)
            if claimed != app_id:
                raise ApiError(protocol.INVALID_APPID, "appId 与 accessToken 不符 / appId does not own the accessToken")
            body = protocol.json_message(protocol.open_message(key.aes_key, app_id, encrypt))
        call = Call(app_id, dict(request.query_params), body, self.console(app_id), {"server": self})
        if ep.grouped:
            # The handler only checks the request's form and names its item, a new member or a read receipt
            # (no database, so it runs here, on the event loop); the writer does it with the others waiting
            # beside it. Awaited here, not on a thread of its own: a request costs no thread hop besides the
            # writer's.
            item = run_endpoint(ep, call)
            try:
                result = await asyncio.wrap_future(self.batcher.add(call.console, item))
            except Exception as exc:  # noqa: BLE001 - the services' coded refusals, as the vendor's codes
                raise vendor_error(exc) from None
        else:
            result = await self._run(ep.write, lambda: run_endpoint(ep, call))
        if result is None or not ep.encrypt_reply:
            return {"errcode": 0, "errmsg": "ok"}
        return {"errcode": 0, "errmsg": "ok",
                        "encrypt": crypto.encrypt(key.aes_key, orjson.dumps(result), app_id)}

    def console(self, app_id: str) -> Console:
        # The app is the actor: its changes show in history and the audit log as "app:<appId>". One per app,
        # made once: the services hold no state of a request (the unit of work hands out connections).
        console = self._consoles.get(app_id)
        if console is None:
            console = self._consoles[app_id] = Console(self.uow, Actor(f"app:{app_id}", "super"))
        return console


def cs_actor(cs: ChangeSet) -> Actor:
    """The app a planned set belongs to (its planner's actor: "app:<appId>")."""
    return Actor(cs.actor, "super")


def run_endpoint(ep: Endpoint, call: Call) -> Any:
    """The endpoint, with the services' coded refusals turned into the vendor's codes."""
    try:
        return ep.handler(call)
    except Exception as exc:  # noqa: BLE001 - translated, or raised as it is
        raise vendor_error(exc) from None


def vendor_error(exc: Exception) -> Exception:
    """A coded refusal of the services as the vendor's {errcode, errmsg}; anything else unchanged."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ValidationErrors):
        first = exc.errors[0] if exc.errors else {}
        return ApiError(endpoints.vendor_code(str(first.get("code", ""))), str(first.get("message", exc.message())))
    if isinstance(exc, PermissionDenied):
        return ApiError(protocol.NORIGHT, exc.message())
    if isinstance(exc, ConflictError):
        return ApiError(protocol.INTERNAL, exc.message())
    if isinstance(exc, YouduError):
        return ApiError(endpoints.vendor_code(exc.code), exc.message())
    return exc
