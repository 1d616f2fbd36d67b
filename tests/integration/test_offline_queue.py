"""The helpdesk's offline queue on a secured PostgreSQL server that the test stops and starts again (issue #18).

Queued while the server is down (three unlocks and a password reset), replayed with the helpdesk's own
database login when it is back: two unlocks apply, one is skipped because another console unlocked the
account meanwhile, the reset applies; the audit log shows each request's original and replay times; altered,
replayed, foreign, future-stamped and expired requests are refused with their reason, changing nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures.secured import PASSWORDS, Server, _drop_login, secure_database
from youdu_console.services.console import connect_as
from youdu_console.services.offline_queue import OfflineQueue, Replay
from youdu_console.store.offline_store import OfflineFiles

pytestmark = pytest.mark.servers
WRONG = "Wrong#Pass9"


def _lock(s: Server, account: str) -> None:
    boss = s.cli("super")
    for _ in range(5):  # the default lockout threshold: five wrong passwords
        boss("login-check", account, "--password-stdin", "--device", "windows", input=WRONG)


def _locked(s: Server) -> set[str]:
    res = s.cli("super")("lock", "list")
    assert res.code == 0, res.out
    return {r["account"] for r in res.data}


def _desk(url: str, locked: tuple[str, ...]) -> Server:
    s = secure_database(url)
    boss = s.cli("super")
    for account in ("amy", "bob", "cat", "dan", "eve"):
        res = boss("member", "add", account, "--name", account.title(), "--dept", "市场部")
        assert res.code == 0, res.out
    for account in locked:
        _lock(s, account)
    assert _locked(s) == set(locked)
    return s


@pytest.fixture
def desk(own_postgres_server: Any) -> Server:
    """On a server of the test's own: the test stops it."""
    return _desk(own_postgres_server.create_database("youdu"), ("amy", "bob", "cat", "eve"))


@pytest.fixture
def shared_desk(postgres_server: Any) -> Iterator[Server]:
    """On the session's server (nothing stops it)."""
    name = f"offline_{uuid.uuid4().hex[:8]}"
    s = _desk(postgres_server.create_database(name), ("amy", "eve"))
    yield s
    for login in s.names.values():  # logins outlive the database: dropped first, through it
        _drop_login(s, login)
    postgres_server.drop_database(name)


def test_queue_while_the_server_is_down_then_replay(desk: Server, own_postgres_server: Any) -> None:
    helpdesk, boss = desk.cli("helpdesk"), desk.cli("super")
    res = helpdesk("queue", "replay")  # a connection: the snapshot is taken and the keys made
    assert res.code == 0 and res.data == [], res.out
    snap = helpdesk("queue", "list").data["snapshot"]
    assert snap["members"] >= 5 and snap["age_seconds"] < 60

    own_postgres_server.stop()
    res = helpdesk("lock", "unlock", "amy", "bob")
    assert res.code == 3, res.out  # without the flag: cannot reach the database
    res = helpdesk("lock", "unlock", "amy", "bob", "cat", "--queue-if-offline")
    assert res.code == 0, res.out
    assert [r["account"] for r in res.data["queued"]] == ["amy", "bob", "cat"]
    res = helpdesk("member", "set-password", "dan", "--password-stdin", "--no-force-change", "--queue-if-offline",
                   input="New#Pass123\n")
    assert res.code == 0, res.out
    listed = helpdesk("queue", "list").data
    assert [(r["kind"], r["account"]) for r in listed["requests"]] == [
        ("unlock", "amy"), ("unlock", "bob"), ("unlock", "cat"), ("set_password", "dan")]
    assert listed["snapshot"]["members"] == snap["members"]  # looked up offline, from the encrypted snapshot
    raw = OfflineFiles(desk.login_url, desk.names["helpdesk"]).snapshot_path.read_bytes()
    # Encrypted at rest: a Fernet token is URL-safe base64, which can hold neither a quoted JSON string nor the
    # "$" of an argon2 hash (a bare b"amy" may occur in base64 by chance).
    assert raw.startswith(b"gAAAAA") and b'"amy"' not in raw and b"$argon2" not in raw

    own_postgres_server.start()
    assert boss("lock", "unlock", "bob").code == 0  # another console, meanwhile
    res = helpdesk("queue", "replay")
    assert res.code == 0, res.out
    outcome = {(r["kind"], r["account"]): r for r in res.data}
    assert {k: r["outcome"] for k, r in outcome.items()} == {
        ("unlock", "amy"): "applied", ("unlock", "bob"): "skipped", ("unlock", "cat"): "applied",
        ("set_password", "dan"): "applied"}
    assert outcome[("unlock", "bob")]["reason"] == "offline_request_not_locked"
    assert _locked(desk) == {"eve"}
    assert boss("auth", "grant", "dan").code == 0
    check = boss("login-check", "dan", "--password-stdin", "--device", "windows", input="New#Pass123")
    assert check.data["reason"] == "ok", check.out  # the password queued offline is dan's now
    assert helpdesk("queue", "list").data["requests"] == []

    # The audit log: each request with its original time and its replay time, as the helpdesk's login.
    entries = [e for e in boss("audit", "list").data if e["action"] == "offline.replay"]
    assert len(entries) == 4
    for e in entries:
        detail = e["detail"] if isinstance(e["detail"], dict) else json.loads(e["detail"])
        assert e["actor"] == desk.names["helpdesk"]
        assert detail["requested_at"] <= detail["replayed_at"]  # both kept (to the second)
        assert detail["outcome"] == outcome[(detail["kind"], detail["account"])]["outcome"]
    changes = boss("changes", "list").data
    assert sum(c["kind"] == "lock.unlock" and c["actor"] == desk.names["helpdesk"] for c in changes) == 2


def test_altered_replayed_foreign_and_stale_requests_are_refused(shared_desk: Server) -> None:
    desk = shared_desk
    helpdesk, boss = desk.cli("helpdesk"), desk.cli("super")
    assert helpdesk("queue", "replay").code == 0
    assert boss("queue", "replay").code == 0  # the super admin's own keys on this desktop
    queue = OfflineQueue(desk.login_url, desk.names["helpdesk"])
    queue.queue_unlock(["amy"])
    assert helpdesk("queue", "replay").data[0]["outcome"] == "applied"
    applied = queue.outcomes()[-1]

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    queue.queue_unlock(["bob"])  # altered afterwards: now it asks for eve
    queue.queue_unlock(["cat"], now=now + dt.timedelta(hours=3))  # a clock far ahead
    queue.queue_unlock(["eve"], now=now - dt.timedelta(days=10))  # older than the 3 days allowed
    data = queue.files.read_queue()
    data["requests"][0]["account"] = "eve"
    foreign = OfflineQueue(desk.login_url, desk.names["super"])
    foreign.queue_unlock(["cat"])
    data["requests"].append(foreign.files.read_queue()["requests"][0])  # signed with the boss's key
    stolen = dict(foreign.files.read_queue()["requests"][0], admin=desk.names["helpdesk"])
    data["requests"].append(stolen)  # … and claimed as the helpdesk's
    # The applied request copied back in (as from an old copy of the queue file).
    replayed = json.loads(json.dumps(data["requests"][0]))
    replayed.update(id=applied["id"], account="amy", requested_at=applied["requested_at"])
    old = OfflineFiles(desk.login_url, desk.names["helpdesk"])
    replayed["sig"] = old.sign(replayed)
    data["requests"].append(replayed)
    queue.files.write_queue(data)

    before = _locked(desk)
    res = helpdesk("queue", "replay")
    assert res.code == 1, res.out
    got = [(r["account"], r["outcome"], r["reason"]) for r in res.data]
    assert got == [("eve", "refused", "offline_request_tampered"),
                   ("cat", "refused", "offline_request_clock_far_off"),
                   ("eve", "expired", "offline_request_expired"),
                   ("cat", "refused", "offline_request_foreign"),
                   ("cat", "refused", "offline_request_foreign_key"),
                   ("amy", "refused", "offline_request_replayed")]
    assert all(r["message"] for r in res.data)
    assert _locked(desk) == before  # nothing changed
    reasons = [json.loads(e["detail"])["reason"] if isinstance(e["detail"], str) else e["detail"]["reason"]
               for e in boss("audit", "list").data if e["action"] == "offline.replay"]
    assert reasons.count("offline_request_replayed") == 1 and reasons.count("offline_request_tampered") == 1


def test_the_same_request_replayed_by_two_desktops_at_once_applies_once(shared_desk: Server) -> None:
    """Two desktops with a copy of the same queue replay it at the same moment: both find the request not yet
    applied and both reach the apply; the database lets one through, the other is refused as already applied."""
    desk = shared_desk
    helpdesk, name = desk.cli("helpdesk"), desk.names["helpdesk"]
    assert helpdesk("queue", "replay").code == 0  # the keys on this desktop
    queue = OfflineQueue(desk.login_url, name)
    queue.queue_unlock(["eve"])
    request = queue.files.read_queue()["requests"][0]
    consoles = [connect_as(desk.login_url, name, PASSWORDS["helpdesk"]) for _ in range(2)]
    blocker = desk.raw("super")
    try:
        results: list[dict[str, Any]] = []
        with blocker.transaction():  # holds eve's lock row: both replays plan, then wait inside their apply
            blocker.execute("SELECT 1 FROM login_state WHERE member_id = (SELECT id FROM members "
                            "WHERE account = 'eve') FOR UPDATE")
            threads = [threading.Thread(target=lambda c=c: results.append(Replay(c, desk.login_url)._one(request, 3)))
                       for c in consoles]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 20
            while blocker.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0] < 2:
                assert time.monotonic() < deadline, "the replays never reached the apply"
                time.sleep(0.05)
        for t in threads:
            t.join(30)
        assert sorted((r["outcome"], r["reason"]) for r in results) == [
            ("applied", None), ("refused", "offline_request_replayed")]
        applied = next(r for r in results if r["outcome"] == "applied")
        rows = blocker.execute("SELECT request_id, change_id FROM offline_replays").fetchall()
        assert rows == [(request["id"], applied["change_id"])]
        assert "eve" not in _locked(desk)
        assert sum(c["kind"] == "lock.unlock" and c["actor"] == name for c in desk.cli("super")("changes", "list").data) == 1
        # The key itself, with the helpdesk's own login: a second row for the request is refused, and the rows
        # are append-only for it.
        import psycopg

        own = desk.raw("helpdesk")
        with pytest.raises(psycopg.errors.UniqueViolation):
            own.execute("INSERT INTO offline_replays (request_id, change_id, replayed_at) VALUES (%s, 1, now())",
                        (request["id"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            own.execute("DELETE FROM offline_replays")
        own.close()
    finally:
        blocker.close()
        for c in consoles:
            c.uow.dispose()
