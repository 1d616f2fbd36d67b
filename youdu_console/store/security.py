"""Shared-server security (DESIGN §2): a database login per console administrator, held to its role by the server.

`install` (run by the schema owner through `db secure`) creates the group roles, grants, row rules and
triggers of the backend (security_pg / security_mariadb). Afterwards every console administrator connects
with a URL that names only host, port and database, and their own name and password; `set_login` keeps the
database login in step with the console's admins table.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Connection, Engine, event, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from youdu_console.domain.errors import AuthenticationError, PermissionDenied, ValidationError, YouduError
from youdu_console.store import security_mariadb, security_pg, tables

log = logging.getLogger("youdu.store.security")
MARK = "security"
ROLE_GROUPS = {"super": "youdu_super", "scoped": "youdu_scoped", "helpdesk": "youdu_helpdesk",
               "auditor": "youdu_auditor"}
# Names a console administrator may never take on a server: the servers' own accounts and roles.
RESERVED = frozenset({"postgres", "root", "mysql", "mariadb.sys", "public", "pg_signal_backend", *ROLE_GROUPS.values()})


def is_server(url: str | URL) -> bool:
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        return False
    return backend in ("postgresql", "mysql", "mariadb")


def needs_console_login(url: str) -> bool:
    """A server URL without a user name: the console connects with the administrator's own login."""
    try:
        u = make_url(url)
    except ArgumentError:
        return False
    return is_server(u) and not u.username


def login_url(url: str, name: str, password: str) -> str:
    """The URL with the administrator's login put in (never printed: see store.db.safe_url)."""
    return make_url(url).set(username=name, password=password).render_as_string(hide_password=False)


def _run(conn: Connection, statements: list[str]) -> None:
    # Raw driver cursor: the statements contain '%' (DATE_FORMAT) and must not be parameter-formatted.
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        for sql in statements:
            cur.execute(sql)
    finally:
        cur.close()


def statements(conn: Connection) -> list[str]:
    """The set-up statements for this database (what `db secure --print` shows)."""
    names = sorted(inspect(conn).get_table_names())
    backend = conn.dialect.name
    if backend == "postgresql":
        schema = conn.execute(select(_current_schema())).scalar() or "public"
        return security_pg.install_statements(schema, names)
    if backend in ("mysql", "mariadb"):
        database = conn.exec_driver_sql("SELECT DATABASE()").scalar() or ""
        return security_mariadb.install_statements(str(database), names)
    raise YouduError("db_secure_sqlite")


def _current_schema() -> Any:
    from sqlalchemy import func

    return func.current_schema()


def install(engine: Engine) -> dict[str, Any]:
    """Install (or refresh) the server-side rules; needs the schema owner's credentials."""
    from youdu_console.store.db import connect

    if engine.url.get_backend_name() == "sqlite":
        raise YouduError("db_secure_sqlite")
    with connect(engine) as conn:
        try:
            with conn.begin():
                todo = statements(conn)
                _run(conn, todo)
                meta = tables.META
                if conn.execute(select(meta.c.value).where(meta.c.key == MARK)).scalar() is None:
                    conn.execute(meta.insert().values(key=MARK, value="1"))
        except DBAPIError as exc:
            raise YouduError("db_secure_failed", reason=_first_line(exc)) from None
        admins = tables.ADMINS
        with conn.begin():
            names = [r[0] for r in conn.execute(select(admins.c.name).order_by(admins.c.name))]
    engine.info_secured = True  # type: ignore[attr-defined]
    without = [n for n in names if not login_exists(engine, n)]
    return {"installed": True, "statements": len(todo), "admins_without_login": without}


def installed(conn: Connection) -> bool:
    """True once `db secure` ran on this database (cached on the engine)."""
    engine = conn.engine
    cached = getattr(engine, "info_secured", None)
    if cached is None:
        if conn.dialect.name == "sqlite":
            cached = False
        else:
            meta = tables.META
            cached = conn.execute(select(meta.c.value).where(meta.c.key == MARK)).scalar() is not None
        engine.info_secured = cached  # type: ignore[attr-defined]
    return bool(cached)


def login_exists(engine: Engine, name: str) -> bool:
    from youdu_console.store.db import connect

    with connect(engine) as conn:
        if conn.dialect.name == "postgresql":
            return conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name}).first() is not None
        return bool(conn.exec_driver_sql("SELECT youdu_login_exists(%(n)s)", {"n": name}).scalar())


def check_name(name: str) -> None:
    if name.lower() in RESERVED or name.lower().startswith(("pg_", "mysql.", "youdu_")):
        raise ValidationError("admin_name_reserved", field="name", name=name)


def set_login(conn: Connection, name: str, password: str | None, role: str) -> None:
    """Create or update the administrator's database login and its group, with the caller's transaction.

    PostgreSQL: inside the transaction (roles are transactional). MariaDB: CREATE USER commits implicitly,
    so it runs on a connection of its own; the caller's transaction then adds the admins row.
    """
    check_name(name)
    try:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT youdu_set_login(%(n)s, %(p)s, %(r)s)", {"n": name, "p": password, "r": role})
        else:
            new = not login_exists(conn.engine, name)
            with conn.engine.connect() as own:
                own.exec_driver_sql("CALL youdu_set_login(%(n)s, %(p)s, %(r)s)", {"n": name, "p": password, "r": role})
                own.commit()
            if new:
                # Already committed: should the caller's transaction (the admins row) roll back, drop it again.
                event.listen(conn, "rollback", lambda _conn: _drop_quietly(conn.engine, name), once=True)
    except DBAPIError as exc:
        if "reserved login" in str(exc.orig):
            raise ValidationError("admin_name_reserved", field="name", name=name) from None
        raise refusal(exc) or exc from None


def _drop_quietly(engine: Engine, name: str) -> None:
    try:
        with engine.connect() as own:
            own.exec_driver_sql("CALL youdu_drop_login(%(n)s)", {"n": name})
            own.commit()
    except DBAPIError:
        log.warning("could not drop the database login of an administrator that was not added: %s", name)



def disable_login(conn: Connection, name: str) -> None:
    """A removed administrator: its login may no longer connect and its open sessions end (with the caller's
    transaction). Not dropped: undoing the removal lets the same login, with its own password, in again.

    PostgreSQL: ALTER ROLE … NOLOGIN is transactional. MariaDB: ACCOUNT LOCK commits at once, on a connection of
    its own; should the caller's transaction roll back, the account is unlocked again.
    """
    _call_login_routine(conn, "youdu_disable_login", name, undo="youdu_enable_login")


def enable_login(conn: Connection, name: str) -> None:
    """A removal undone: the administrator's login may connect again (a login never made is left alone)."""
    _call_login_routine(conn, "youdu_enable_login", name, undo="youdu_disable_login")


def _call_login_routine(conn: Connection, routine: str, name: str, *, undo: str) -> None:
    try:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT {routine}(%(n)s)", {"n": name})
            return
        with conn.engine.connect() as own:
            own.exec_driver_sql(f"CALL {routine}(%(n)s)", {"n": name})
            own.commit()
        event.listen(conn, "rollback", lambda _conn: _call_quietly(conn.engine, undo, name), once=True)
    except DBAPIError as exc:
        if _missing_routine(exc):
            raise YouduError("db_secure_outdated", routine=routine) from None
        raise refusal(exc) or exc from None


def _call_quietly(engine: Engine, routine: str, name: str) -> None:
    try:
        with engine.connect() as own:
            own.exec_driver_sql(f"CALL {routine}(%(n)s)", {"n": name})
            own.commit()
    except DBAPIError:
        log.warning("could not put back the database login of an administrator (%s after a rollback): %s",
                    routine, name)


def _missing_routine(exc: DBAPIError) -> bool:
    """The server's rules predate the routine (secured by an older version; `db upgrade` installs it)."""
    orig = exc.orig
    args = getattr(orig, "args", ())
    return getattr(orig, "sqlstate", None) == "42883" or bool(args and args[0] == 1305)


def session_login(conn: Connection) -> str:
    if conn.dialect.name == "postgresql":
        return str(conn.exec_driver_sql("SELECT session_user").scalar())
    user = str(conn.exec_driver_sql("SELECT USER()").scalar())
    return user.rsplit("@", 1)[0]


def check_login(conn: Connection, name: str, role: str) -> None:
    """At connect: the login must hold its role's group (and no other), or the server would not match."""
    want = ROLE_GROUPS.get(role)
    if conn.dialect.name == "postgresql":
        held = {r[0] for r in conn.exec_driver_sql(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = session_user AND g.rolname LIKE 'youdu%%'")}
    else:
        current = conn.exec_driver_sql("SELECT CURRENT_ROLE()").scalar()
        held = {str(current)} if current else set()
    if held != {want}:
        raise AuthenticationError("db_login_misgranted", name=name, role=role,
                                  held=", ".join(sorted(held)) or "-", group=want or "-")


def is_owner_session(conn: Connection) -> bool:
    """Connected with the schema owner's (or another non-console) login, not an administrator's own."""
    if conn.dialect.name == "sqlite" or not installed(conn):
        return True  # without db secure there are no console logins: whoever holds the URL is the owner
    login = session_login(conn)
    admins = tables.ADMINS
    return conn.execute(select(admins.c.id).where(admins.c.name == login)).first() is None


# ------------------------------------------------------------------ refusals

_PG_DENIED = {"42501", "42939"}
_MY_DENIED = {1044, 1142, 1143, 1227, 1370, 1396, 1644}


def refusal(exc: DBAPIError) -> YouduError | None:
    """The coded error for a refusal by the database (permission, row rule, trigger), else None."""
    orig = exc.orig
    code = getattr(orig, "sqlstate", None)
    if code in _PG_DENIED:
        return PermissionDenied("db_permission_denied", reason=_first_line(exc))
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MY_DENIED:
        return PermissionDenied("db_permission_denied", reason=_first_line(exc))
    if "row-level security" in str(orig):
        return PermissionDenied("db_permission_denied", reason=_first_line(exc))
    return None


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__
