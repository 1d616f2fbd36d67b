"""Who asks a question the IM server asks (`policy …`): the IM server itself — the API's app, or the CLI on an
embedded database without a login — may ask about any member. An administrator who asks needs to read the
address book, and a scoped one asks only about members of its departments (the read rule: one department among
its own), as every other read of a member. `policy visible-to` and `password-reset request` have rules of their
own (policy/visibility.py, policy/verification.py)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from youdu_console.domain.errors import NotFound
from youdu_console.domain.validation import fold_account
from youdu_console.services.auth import Actor, scope_closure
from youdu_console.store import tables


def check_asker(conn: Connection, asker: Actor, account: str, *, right: str = "directory.read",
                whole: bool = False) -> None:
    """Refuse `asker` a question about `account` it may not ask: without `right`, PermissionDenied; out of a
    scoped administrator's departments, the coded `member_not_found`, as a scoped read says. In scope means
    one of the member's departments is its own — or, with `whole` (a question that acts on the member, as a
    write would), all of them. An unknown account passes: the question answers it."""
    if asker.role == "super":
        return
    asker.require(right)
    if not asker.scoped:
        return
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    row = conn.execute(select(m.c.id).where(m.c.account == fold_account(account))).first()
    if row is None:
        return
    depts = {r[0] for r in conn.execute(select(links.c.dept_id).where(links.c.member_id == row.id))}
    scope = scope_closure(conn, asker.scope)
    if (not depts or not depts <= scope) if whole else depts.isdisjoint(scope):
        raise NotFound("member_not_found", account=fold_account(account))
