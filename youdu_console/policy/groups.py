"""The question an IM client's "new discussion group" asks: may this account create one, of this size?

Discussion groups (讨论组) are not managed by the console (manual ch. 2), but their rules are (5.4.4 and
appendix 1 Q6): who may create one — everyone, nobody, or a whitelist of members and departments (a
department counts with its sub-departments) — and how many people one may hold. First that applies wins:

  1. no_such_account    the account does not exist
  2. resigned           the member is on the resigned list
  3. too_many_members   the requested size exceeds the limit (only when a size is asked about)
  4. forbidden          creating discussion groups is switched off for everyone
  5. not_whitelisted    only whitelisted members and departments may create them, and this member is neither
  6. ok
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain.validation import clean_text, split_path
from youdu_console.store import tables
from youdu_console.store.settings import setting_value

REASONS = ("ok", "no_such_account", "resigned", "too_many_members", "forbidden", "not_whitelisted")


@dataclass(frozen=True)
class GroupCreation:
    allowed: bool
    reason: str
    max_members: int

    def to_json(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "reason": self.reason, "max_members": self.max_members}


def _department_paths(conn: Connection, dept_ids: set[int]) -> set[str]:
    """The paths of these departments and of all their ancestors (a whitelisted parent covers its subtree)."""
    d = tables.DEPARTMENTS
    nodes = {r.id: (r.name, r.parent_id) for r in conn.execute(select(d.c.id, d.c.name, d.c.parent_id))}
    out: set[str] = set()
    for dept in dept_ids:
        chain: list[str] = []
        node: int | None = dept
        while node is not None and node in nodes:
            name, node = nodes[node]
            chain.insert(0, name)
        out.update("/".join(chain[:i]) for i in range(1, len(chain) + 1))
    return out


def can_create_group(conn: Connection, account: str, *, size: int | None = None) -> GroupCreation:
    m, links = tables.MEMBERS, tables.MEMBER_DEPARTMENTS
    limit = int(setting_value(conn, "chat.discussion_max_members"))
    acc = clean_text(account).lower()
    row = conn.execute(select(m.c.id, m.c.status).where(m.c.account == acc)).first()

    def answer(reason: str) -> GroupCreation:
        return GroupCreation(reason == "ok", reason, limit)

    if row is None:
        return answer("no_such_account")
    if row.status == "resigned":
        return answer("resigned")
    if size is not None and size > limit:
        return answer("too_many_members")
    who = setting_value(conn, "chat.discussion_creators")
    if who == "nobody":
        return answer("forbidden")
    if who == "whitelist":
        if acc in {clean_text(a).lower() for a in setting_value(conn, "chat.discussion_whitelist_members")}:
            return answer("ok")
        listed = {"/".join(split_path(p)) for p in setting_value(conn, "chat.discussion_whitelist_depts")}
        mine = {r[0] for r in conn.execute(select(links.c.dept_id).where(links.c.member_id == row.id))}
        if not listed & _department_paths(conn, mine):
            return answer("not_whitelisted")
    return answer("ok")
