"""`member show`'s common case answered without SQLAlchemy: a clean log-in and a member the administrator may see,
on a SQLite file at the schema head, read over store.lite's read-only connection.

It answers only a success, with the rules the services use (services.auth, services.member_view, services.tree,
services.passwords). Anything else returns None and the caller takes the full path, which gives the coded
error and does the auditing and failure counting: a wrong password, any failure-count or lock row of the
administrator, a hash to re-make, a member not found or out of scope, another schema revision, a URL that is
not a plain SQLite file, a missing, foreign or damaged file. So this never writes.
"""

from __future__ import annotations

import sqlite3

from youdu_console.domain import validation as v
from youdu_console.domain.model import MemberView
from youdu_console.services.auth import actor_of_row, descendants
from youdu_console.services.member_view import member_view, stored_time, visible_in_scope
from youdu_console.services.passwords import needs_rehash, verify_password
from youdu_console.services.tree import DeptNode, DeptTree
from youdu_console.store import lite


def member_show(url: str, name: str, password: str, account: str) -> MemberView | None:
    """DirectoryService.get_member(account) as administrator `name` would get it, or None: ask the full path."""
    path = lite.plain_sqlite_path(url)
    con = lite.open_read_only(path) if path is not None else None
    if con is None:
        return None
    try:
        con.execute("BEGIN")  # one snapshot for the log-in and the member
        return _member_show(con, name, password, account)
    except sqlite3.Error:  # a damaged page, a busy file: the full path decides and reports it
        return None
    finally:
        con.close()


def _member_show(con: sqlite3.Connection, name: str, password: str, account: str) -> MemberView | None:
    if lite.schema_revision(con) != lite.head_revision():
        return None
    # AdminService.login's success case: the administrator exists, has no failure or lock row (a success
    # would clear it: a write), and the password verifies against a hash made with the current parameters.
    admin_name = v.clean_text(name)
    admin = lite.admin_row(con, admin_name)
    if admin is None or lite.admin_has_login_state(con, admin_name):
        return None
    if needs_rehash(admin.password_hash) or not verify_password(admin.password_hash, password or ""):
        return None
    actor = actor_of_row(admin)
    if not actor.can("directory.read"):
        return None
    # DirectoryService.get_member.
    row = lite.member_row(con, v.fold_account(account))
    if row is None:
        return None
    positions = lite.member_positions(con, row.id)
    if actor.scoped:
        scope = frozenset(descendants(lite.department_parents(con), actor.scope))
        if not visible_in_scope((d for d, _ in positions), scope):
            return None
    tree = DeptTree([DeptNode(*r) for r in lite.department_branches(con, {d for d, _ in positions})],
                    ordered=False)
    locked = lite.member_locked(con, row.id)
    try:
        return member_view(row._replace(resigned_at=stored_time(row.resigned_at)), positions, tree.path, locked,
                           lite.member_online(con, row.account))
    except (ValueError, TypeError, AttributeError):  # a stored value the full path may refuse its own way
        return None
