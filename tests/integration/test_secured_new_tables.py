"""Secured shared servers and the newer tables: verification codes (5.5), announcements and their reads, client
sessions, feedback, org/replaceall approvals and admins.permissions — with the scoped, helpdesk and auditor
administrators' own database logins, each allowed what the services allow its role and refused the rest by the
server (raw SQL included). One secured database per server for the module (tests/fixtures/secured.py)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from tests.fixtures.secured import PASSWORDS, Server, _drop_login, secure_database
from youdu_console.domain.errors import PermissionDenied
from youdu_console.services import approvals
from youdu_console.services.console import Console, connect_as, open_uow
from youdu_console.services.passwords import verify_password
from youdu_console.store import tables
from youdu_console.store.tables_api import API_APPROVALS, CLIENT_SESSIONS

pytestmark = pytest.mark.servers

OTHERS = ("scoped", "helpdesk", "auditor")


class Mail:
    """The enterprise's SMTP server (aiosmtpd) and SMS gateway (answers 200), keeping what they are sent."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.mails: list[str] = []
        self.sms_posts = 0
        outer = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
                outer.mails.append(mail.get_body().get_content())  # type: ignore[union-attr]
                return "250 OK"

        class Gateway(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers["Content-Length"]))
                outer.sms_posts += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.smtp_port = probe.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.smtp_port)
        self.controller.start()
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
        self.sms_url = f"http://127.0.0.1:{self.http.server_address[1]}/sms"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def code(self) -> str:
        found = re.search(r"\d{6}", self.mails[-1])
        assert found
        return found.group(0)

    def close(self) -> None:
        self.controller.stop()
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture(scope="module")
def mail() -> Iterator[Mail]:
    m = Mail()
    yield m
    m.close()


@pytest.fixture(scope="module", params=["postgresql", "mariadb"])
def server(request: pytest.FixtureRequest, mail: Mail) -> Iterator[Server]:
    """A secured database with a row in each of the newer tables, made by the super login (or, for the IM
    server's telemetry, the owner)."""
    db_server = request.getfixturevalue("postgres_server" if request.param == "postgresql" else "mariadb_server")
    name = f"t_{uuid.uuid4().hex[:16]}"
    s = secure_database(db_server.create_database(name))
    try:
        again = s.owner("db", "secure")  # re-installing (as `db upgrade` does) is idempotent
        assert again.code == 0, again.out + again.err
        boss = s.cli("super")
        for args in (("member", "update", "inside", "--mobile", "13800138000", "--email", "inside@example.com"),
                     ("member", "update", "outside", "--email", "outside@example.com"),
                     ("member", "add", "inside2", "--name", "内部二", "--dept", "研发部/前端组", "--email", "i2@example.com"),
                     ("settings", "set", "security.sms_gateway_url", mail.sms_url),
                     ("settings", "set", "security.sms_reset", "on"), ("settings", "set", "security.mail_reset", "on"),
                     ("settings", "set", "security.smtp_host", "127.0.0.1"),
                     ("settings", "set", "security.smtp_port", str(mail.smtp_port)),
                     ("settings", "set", "security.smtp_tls", "none"),
                     ("settings", "set", "security.smtp_sender", "it@example.com"),
                     ("announcement", "send", "--title", "放假通知", "--body", "五一放假", "--dept", "研发部")):
            res = boss(*args)
            assert res.code == 0, (args, res.out, res.err)
        console = connect_as(s.login_url, s.names["super"], PASSWORDS["super"])
        try:
            console.feedback.submit("sysFeedback", "inside", "问题", "客户端闪退")
            approvals.hold(console.uow, "sysOrgAssistant", "job1", {"deptList": [], "userList": []}, {"added": 0})
        finally:
            console.uow.dispose()
        owner = open_uow(s.owner_url)
        try:
            with owner.write() as conn:
                member = conn.execute(select(tables.MEMBERS.c.id).where(tables.MEMBERS.c.account == "inside")).scalar()
                outside = conn.execute(select(tables.MEMBERS.c.id).where(tables.MEMBERS.c.account == "outside")).scalar()
                for who in (member, outside):
                    conn.execute(tables.VERIFICATION_CODES.insert().values(
                        member_id=who, purpose="login", channel="sms", code_hash="$argon2id$seed", attempts=0,
                        created_at=dt_now(), expires_at=dt_now()))
                conn.execute(CLIENT_SESSIONS.insert().values(
                    session_id="s1", account="inside", device="pc", address="10.0.0.1", app_id="im",
                    started_at=dt_now(), ended_at=None))
        finally:
            owner.dispose()
        yield s
    finally:
        for login in [*s.names.values(), *s.more_logins]:
            _drop_login(s, login)
        db_server.drop_database(name)


def dt_now() -> Any:
    from youdu_console.services.changes import utcnow

    return utcnow()


def allowed(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> bool:
    """True when the server runs the statement; a refusal (or any error) is rolled back and gives False."""
    cur = conn.cursor()
    try:
        cur.execute(sql, params)
        if cur.description is not None:
            cur.fetchall()
    except Exception:  # noqa: BLE001 - what matters is whether the server ran it
        try:
            conn.rollback()
        except Exception:  # noqa: BLE001
            pass
        return False
    finally:
        cur.close()
    return True


def transactional(conn: Any) -> Any:
    """The raw connection out of autocommit (psycopg: an attribute; PyMySQL: a method)."""
    if callable(getattr(conn, "autocommit", None)):
        conn.autocommit(False)
    else:
        conn.autocommit = False
    return conn


def in_transaction(s: Server, role: str, sql: str) -> bool:
    """Whether the login may run a write; it is rolled back either way (the module's rows stay as seeded)."""
    conn = transactional(s.raw(role))
    try:
        ok = allowed(conn, sql)
        conn.rollback()
        return ok
    finally:
        conn.close()


def reads(s: Server, role: str, sql: str) -> bool:
    conn = s.raw(role)
    try:
        return allowed(conn, sql)
    finally:
        conn.close()


def codes_of(s: Server, account: str) -> list[Any]:
    owner = open_uow(s.owner_url)
    try:
        with owner.read() as conn:
            m, codes = tables.MEMBERS, tables.VERIFICATION_CODES
            return list(conn.execute(select(codes.c.purpose, codes.c.attempts, codes.c.used_at, codes.c.code_hash)
                                     .join(m, m.c.id == codes.c.member_id).where(m.c.account == account)
                                     .order_by(codes.c.id)))
    finally:
        owner.dispose()


def test_verification_code_hashes_are_super_and_helpdesk_and_auditors_write_none(server: Server) -> None:
    for role in ("scoped", "auditor"):
        assert not reads(server, role, "SELECT code_hash FROM verification_codes"), role
        assert not reads(server, role, "SELECT * FROM verification_codes"), role
        assert reads(server, role, "SELECT member_id, purpose, attempts, used_at FROM verification_codes"), role
    assert reads(server, "helpdesk", "SELECT code_hash FROM verification_codes")
    for role in OTHERS:
        for sql in ("UPDATE verification_codes SET code_hash = 'x'", "UPDATE verification_codes SET member_id = 1",
                    "DELETE FROM verification_codes"):
            assert not in_transaction(server, role, sql), (role, sql)
    for sql in ("INSERT INTO verification_codes (member_id, purpose, channel, code_hash, attempts, created_at, "
                "expires_at) SELECT id, 'reset', 'sms', 'x', 0, created_at, created_at FROM members",
                "UPDATE verification_codes SET attempts = 0"):
        assert not in_transaction(server, "auditor", sql), sql
        assert in_transaction(server, "helpdesk", sql), sql


def test_helpdesk_login_resets_a_password_by_email_code(server: Server, mail: Mail) -> None:
    """The helpdesk's login runs the password-reset policy: a code sent and stored, a wrong try counted, the right
    one spent and the password set as a change set. An SMS needs the SMS app's key, which only super logins read
    (docs/app-secrets.md): refused before anything is sent."""
    desk = server.cli("helpdesk")
    res = desk("policy", "password-reset", "request", "inside", "--by", "sms")
    assert res.code == 1 and "db_permission_denied" in res.out + res.err
    assert mail.sms_posts == 0
    res = desk("policy", "password-reset", "request", "inside", "--by", "email")
    assert res.code == 0 and res.data["to"] == "i***@example.com", res.out + res.err
    wrong = "000000" if mail.code() != "000000" else "111111"
    res = desk("policy", "password-reset", "confirm", "inside", wrong, "--password-stdin", input="Reset#Pass789")
    assert res.code == 1 and "verification_code_wrong" in res.out + res.err
    res = desk("policy", "password-reset", "confirm", "inside", mail.code(), "--password-stdin", input="Reset#Pass789")
    assert res.code == 0, res.out + res.err
    owner = open_uow(server.owner_url)
    try:
        with owner.read() as conn:
            m = tables.MEMBERS
            hashed = conn.execute(select(m.c.password_hash).where(m.c.account == "inside")).scalar()
    finally:
        owner.dispose()
    assert verify_password(hashed, "Reset#Pass789")
    [*_, spent] = codes_of(server, "inside")
    assert spent.purpose == "reset" and spent.attempts == 1 and spent.used_at is not None


def test_a_scoped_login_asks_codes_for_members_of_its_subtrees_only(server: Server, mail: Mail) -> None:
    scoped = server.cli("scoped")
    res = scoped("policy", "password-reset", "request", "inside2", "--by", "email")
    assert res.code == 0, res.out + res.err
    assert [c.purpose for c in codes_of(server, "inside2")] == ["reset"]
    before = codes_of(server, "outside")
    res = scoped("policy", "password-reset", "request", "outside", "--by", "email")
    assert res.code == 1
    conn = transactional(server.raw("scoped"))
    try:
        for account in ("outside", "inside2"):
            insert = ("INSERT INTO verification_codes (member_id, purpose, channel, code_hash, attempts, created_at, "
                      "expires_at) SELECT id, 'reset', 'email', 'known', 0, created_at, created_at FROM members "
                      f"WHERE account = '{account}'")
            assert allowed(conn, insert) == (account == "inside2"), account
            conn.rollback()
        # Counting attempts reaches only its own members' codes (PostgreSQL: the others' rows are not there for
        # the UPDATE; MariaDB: the trigger refuses the statement).
        allowed(conn, "UPDATE verification_codes SET attempts = 4")
        cur = conn.cursor()
        cur.execute("SELECT v.attempts FROM verification_codes v JOIN members m ON m.id = v.member_id "
                    "WHERE m.account = 'outside'")
        assert [r[0] for r in cur.fetchall()] == [c.attempts for c in before]
        conn.rollback()
    finally:
        conn.close()
    assert codes_of(server, "outside") == before


def test_feedback_is_read_by_scoped_and_auditor_and_written_by_super_alone(server: Server) -> None:
    for role in ("scoped", "auditor"):
        res = server.cli(role)("feedback", "list")
        assert res.code == 0 and [f["description"] for f in res.data] == ["客户端闪退"], (role, res.out)
        assert reads(server, role, "SELECT description, files, client_log FROM feedback")
    desk = server.cli("helpdesk")("feedback", "list")
    assert desk.code == 1 and "feedback" in (desk.out + desk.err)
    assert not reads(server, "helpdesk", "SELECT description FROM feedback")
    for role in OTHERS:
        for sql in ("UPDATE feedback SET description = 'x'", "DELETE FROM feedback",
                    "INSERT INTO feedback (id, account, name, departments, category, description, attachments, files, "
                    "client_log, app_id, version, submitted_at) VALUES (999999, 'a', 'b', '[]', 'c', 'd', '[]', '[]', "
                    "'', 'x', 1, '2030-01-01')"):
            assert not in_transaction(server, role, sql), (role, sql)


def test_sessions_and_approvals_are_read_by_every_role_and_written_by_none_of_them(server: Server) -> None:
    for role in OTHERS:
        cli = server.cli(role)
        listed = cli("session", "list")
        assert listed.code == 0 and [r["session_id"] for r in listed.data] == ["s1"], (role, listed.out)
        held = cli("api", "approvals", "list")
        assert held.code == 0 and [r["status"] for r in held.data] == ["pending"], (role, held.out)
        refused = cli("api", "approvals", "approve", str(held.data[0]["id"]))
        assert refused.code == 1, (role, refused.out)
        for sql in ("UPDATE client_sessions SET ended_at = started_at", "DELETE FROM client_sessions",
                    "INSERT INTO client_sessions (session_id, account, device, address, app_id, started_at) "
                    "VALUES ('s2', 'inside', 'pc', '', 'x', '2030-01-01')",
                    "UPDATE api_approvals SET status = 'applied'", "DELETE FROM api_approvals",
                    "INSERT INTO api_approvals (job_id, app_id, kind, body, summary, status, result, decided_by, "
                    "created_at) VALUES ('j2', 'x', 'org.replaceall', 'x', '{}', 'pending', '{}', '', '2030-01-01')"):
            assert not in_transaction(server, role, sql), (role, sql)


def test_announcements_scoped_sends_helpdesk_and_auditor_read(server: Server) -> None:
    scoped = server.cli("scoped")
    sent = scoped("announcement", "send", "--title", "组内通知", "--body", "周会改期", "--dept", "研发部/前端组")
    assert sent.code == 0, sent.out + sent.err
    outside = scoped("announcement", "send", "--title", "越界", "--body", "x", "--dept", "市场部")
    assert outside.code == 1
    assert not in_transaction(server, "scoped", "INSERT INTO announcement_categories (id, name, position, version, "
                                                "created_at, updated_at) VALUES (999999, 'x', 9, 1, '2030-01-01', "
                                                "'2030-01-01')")
    for role in ("helpdesk", "auditor"):
        listed = server.cli(role)("announcement", "list")
        assert listed.code == 0, listed.out
        titles = sorted(a["title"] for a in listed.data)
        assert titles == ["放假通知", "组内通知"], (role, titles)
        assert server.cli(role)("announcement", "send", "--title", "t", "--body", "b", "--dept", "研发部").code == 1
        for table in ("announcements", "announcement_recipients", "announcement_reads", "announcement_categories"):
            assert reads(server, role, f"SELECT * FROM {table}"), (role, table)
            assert not in_transaction(server, role, f"DELETE FROM {table}"), (role, table)
        assert not in_transaction(server, role, "UPDATE announcements SET title = 'x'")


def test_admins_permissions_are_read_but_written_by_super_alone(server: Server) -> None:
    me = server.names["scoped"]
    for role in OTHERS:
        assert reads(server, role, "SELECT name, role, scopes, permissions FROM admins"), role
        assert not reads(server, role, "SELECT password_hash FROM admins"), role
        for sql in (f"UPDATE admins SET permissions = '[\"directory\", \"apps\"]' WHERE name = '{me}'",
                    f"UPDATE admins SET permissions = NULL WHERE name = '{me}'",
                    f"UPDATE admins SET scopes = '[]' WHERE name = '{me}'"):
            assert not in_transaction(server, role, sql), (role, sql)
    assert server.cli("scoped")("admin", "set", me, "--permissions", "directory,apps").code == 1
    boss = server.cli("super")
    res = boss("admin", "set", me, "--permissions", "directory")
    assert res.code == 0, res.out + res.err
    listed = {a["name"]: a for a in boss("admin", "list").data}
    assert listed[me]["permissions"] == ["directory"]
    res = boss("admin", "set", me, "--permissions", "directory,apps")
    assert res.code == 0, res.out + res.err


def test_a_refused_write_through_a_service_is_the_coded_error(server: Server) -> None:
    """A client that skips the services' role check meets the server: a coded refusal, nothing written."""
    auditor: Console = connect_as(server.login_url, server.names["auditor"], PASSWORDS["auditor"])
    try:
        with pytest.raises(PermissionDenied) as refused:
            approvals.hold(auditor.uow, "sysOrgAssistant", "job9", {}, {})
        assert refused.value.code == "db_permission_denied"
    finally:
        auditor.uow.dispose()
    owner = open_uow(server.owner_url)
    try:
        with owner.read() as conn:
            jobs = [r[0] for r in conn.execute(select(API_APPROVALS.c.job_id))]
    finally:
        owner.dispose()
    assert jobs == ["job1"]
