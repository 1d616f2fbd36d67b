"""Running the API server: uvicorn with TLS when given a certificate, structured access logs, graceful
shutdown (SIGINT/SIGTERM finish the requests under way, then the workers)."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import uvicorn

from youdu_console.api.protocol import CredentialLookup, Limits
from youdu_console.api.server import ApiServer
from youdu_console.store.uow import UnitOfWork

GRACE_SECONDS = 10
SWITCH_INTERVAL = 0.001  # seconds (see serve)


class _AccessFormatter(logging.Formatter):
    """logging.Formatter's default time format, with the date and time made once per second rather than for
    every line (time.strftime was half the cost of a request's log line)."""

    _second = -1
    _text = ""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        second = int(record.created)
        if second != self._second:
            self._text, self._second = time.strftime("%Y-%m-%d %H:%M:%S", self.converter(record.created)), second
        return f"{self._text},{int(record.msecs):03d}"


def configure_logging(stream: Any = None) -> None:
    """One JSON object per request on stderr (youdu_console.api.access); uvicorn's own access log is off,
    since it would print the query string, and the query string carries the accessToken."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_AccessFormatter('{"ts":"%(asctime)s","logger":"%(name)s","level":"%(levelname)s",'
                                          '"event":%(message)s}'))
    for name in ("youdu_console.api.access",):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.INFO)
        log.propagate = False
    errors = logging.getLogger("youdu_console.api")
    if not errors.handlers:
        plain = logging.StreamHandler(stream or sys.stderr)
        plain.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        errors.addHandler(plain)
        errors.setLevel(logging.WARNING)


def build_config(server: ApiServer, host: str, port: int, *, cert: str | None = None, key: str | None = None,
                 log: bool = True) -> uvicorn.Config:
    return uvicorn.Config(server.app(), host=host, port=port, ssl_certfile=cert, ssl_keyfile=key,
                          access_log=False, log_config=None, log_level="warning" if log else "critical",
                          timeout_graceful_shutdown=GRACE_SECONDS, lifespan="on", server_header=False)


def serve(uow: UnitOfWork, credentials: CredentialLookup, *, host: str = "127.0.0.1", port: int = 7080,
          cert: str | None = None, key: str | None = None, buin: int | None = None,
          limits: Limits | None = None, ready: Any = None) -> None:
    """Serve until SIGINT/SIGTERM. `ready(port)` is called once the socket listens."""
    configure_logging()
    # The event loop, the readers and the writer share one interpreter lock; a thread that wants it waits
    # for the holder's switch interval (5 ms by default) at every hand-over, several times per request
    # (each SQLite or PostgreSQL call releases and retakes it). At 1 ms a quick read beside the busy writer
    # stays quick; bench_api on the shared machine could not tell 0.25 ms, 1 ms and 5 ms apart in creates per
    # second (the machine's load moved the figures more), and 0.25 ms cost PostgreSQL smaller group commits.
    sys.setswitchinterval(SWITCH_INTERVAL)
    # A log line names neither the thread nor the process: do not look them up for each one.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    server = ApiServer(uow, credentials, buin=buin, limits=limits)
    config = build_config(server, host, port, cert=cert, key=key)
    runner = uvicorn.Server(config)
    if ready is not None:
        original = runner.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets)
            bound = [s.getsockname()[1] for srv in runner.servers for s in srv.sockets]
            ready(bound[0] if bound else port)

        runner.startup = startup  # type: ignore[method-assign]
    runner.run()
