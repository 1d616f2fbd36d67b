"""The question an IM client's work portal asks: which apps does this member see (on this terminal)?

A member sees the union of the apps of every enabled portal template whose audience names the member, or
one of the member's departments or a department above one (an audience department covers its subtree).
Disabled apps are left out, and with a terminal those not shown on it (3.5.9 显示终端). Apps come in the
order of the first template (by name) that lists them, then by their group and place in it. A resigned or
unknown account sees nothing.

One statement: the member's departments and their ancestors by a recursive CTE (SQLite, PostgreSQL and
MariaDB all have one), the templates that apply, their apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, literal, or_, select

from youdu_console.domain.apps import TERMINALS
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.validation import clean_text
from youdu_console.store import tables

A = tables.APPS
PT = tables.PORTAL_TEMPLATES
PA = tables.PORTAL_APPS
PU = tables.PORTAL_AUDIENCE
M = tables.MEMBERS
L = tables.MEMBER_DEPARTMENTS
D = tables.DEPARTMENTS


@dataclass(frozen=True)
class PortalApp:
    app_id: str
    name: str
    kind: str
    intro: str
    terminals: tuple[str, ...]
    homepage: str
    enabled: bool
    group: str
    template: str

    def to_json(self) -> dict[str, Any]:
        return {"app_id": self.app_id, "name": self.name, "kind": self.kind, "intro": self.intro,
                "terminals": list(self.terminals), "homepage": self.homepage, "enabled": self.enabled,
                "group": self.group, "template": self.template}


def _statement() -> Any:
    """Built once: constructing the Core statement per call cost more than running it (≈5 ms vs 0.3 ms)."""
    member_id: Any = bindparam("member_id")
    up = select(L.c.dept_id.label("id")).where(L.c.member_id == member_id).cte("up", recursive=True)
    up = up.union(select(D.c.parent_id).select_from(D.join(up, D.c.id == up.c.id)).where(D.c.parent_id.is_not(None)))
    applies = select(PU.c.template_id).where(or_(PU.c.member_id == member_id, PU.c.dept_id.in_(select(up.c.id))))
    return (select(A.c.app_id, A.c.name, A.c.kind, A.c.intro, A.c.terminals, A.c.homepage, PA.c.group_name,
                   PT.c.name.label("template"))
            .select_from(PA.join(PT, PT.c.id == PA.c.template_id).join(A, A.c.app_id == PA.c.app_id))
            .where(PA.c.template_id.in_(applies), PT.c.enabled == literal(True), A.c.enabled == literal(True))
            .order_by(PT.c.name, PA.c.position, PA.c.id))


_STATEMENTS: dict[str, Any] = {}


def _prepared() -> tuple[Any, Any]:
    if not _STATEMENTS:
        _STATEMENTS["apps"] = _statement()
        _STATEMENTS["member"] = select(M.c.id, M.c.status).where(M.c.account == bindparam("account"))
    return _STATEMENTS["member"], _STATEMENTS["apps"]


def apps_for(conn: Connection, account: str, terminal: str | None = None) -> list[PortalApp]:
    if terminal is not None and terminal not in TERMINALS:
        raise ValidationError("app_terminal_invalid", field="terminal", value=terminal)
    member_q, apps_q = _prepared()
    row = conn.execute(member_q, {"account": clean_text(account).lower()}).first()
    if row is None or row.status != "active":
        return []
    out: list[PortalApp] = []
    seen: set[str] = set()
    for r in conn.execute(apps_q, {"member_id": row.id}):
        if r.app_id in seen:
            continue
        terminals = tuple(t for t in r.terminals.split(",") if t)
        if terminal is not None and terminal not in terminals:
            continue
        seen.add(r.app_id)
        out.append(PortalApp(r.app_id, r.name, r.kind, r.intro, terminals, r.homepage, True, r.group_name,
                             r.template))
    return out
