"""系统消息: the outbox of system messages apps send through the server API (msg/send, sysMsg), read by the
window and `sysmsg list`; each message sent is audited with the app as actor."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from youdu_console.domain import validation as v
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.sysmsg import Composed, compose
from youdu_console.services import audit
from youdu_console.services.auth import Actor, declare_right
from youdu_console.services.changes import utcnow
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

OUT = tables.SYSTEM_MESSAGES
TITLE_MAX = 190
ADMIN_APP = "sysMsgAssistant"  # 4.1: the system app an administrator's message is sent as
# 5.4.1: the system apps are the super administrators' (no other role holds this right).
SYSMSG_SEND = declare_right("sysmsg.send", ("发送系统消息", "send system messages"))


@dataclass(frozen=True)
class SystemMessageView:
    id: int
    app_id: str
    created_at: str
    to_users: tuple[str, ...]
    to_depts: tuple[int, ...]
    to_all: bool
    online_only: bool
    title: str
    body: dict[str, Any]
    status: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "app_id": self.app_id, "created_at": self.created_at, "to_users": list(self.to_users),
                "to_depts": list(self.to_depts), "to_all": self.to_all, "online_only": self.online_only,
                "title": self.title, "body": self.body, "status": self.status}


class SystemMessageService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    def send(self, app_id: str, *, to_users: Sequence[str], to_depts: Sequence[int], to_all: bool,
             online_only: bool, title: str, body: dict[str, Any]) -> int:
        """Queue one system message; unknown recipients refuse the whole message (nothing is queued)."""
        if not (to_users or to_depts or to_all):
            raise ValidationError("sysmsg_no_recipient", field="toUser")
        if len(title) > TITLE_MAX:
            raise ValidationError("sysmsg_title_too_long", field="title", max=TITLE_MAX)
        accounts = sorted({v.fold_account(a) for a in to_users})
        members, depts = tables.MEMBERS, tables.DEPARTMENTS
        with self.uow.write() as conn:
            if accounts:
                known = {r[0] for i in range(0, len(accounts), 900) for r in conn.execute(
                    select(members.c.account).where(members.c.account.in_(accounts[i:i + 900])))}
                missing = [a for a in accounts if a not in known]
                if missing:
                    raise ValidationError("sysmsg_unknown_user", field="toUser", account=missing[0])
            if to_depts:
                known_d = {r[0] for r in conn.execute(select(depts.c.id).where(depts.c.id.in_(list(to_depts))))}
                missing_d = [d for d in to_depts if d not in known_d]
                if missing_d:
                    raise ValidationError("sysmsg_unknown_dept", field="toDept", id=missing_d[0])
            now = utcnow()
            res = conn.execute(insert(OUT).values(
                app_id=app_id, created_at=now, to_users="|".join(accounts), to_depts="|".join(map(str, to_depts)),
                to_all=to_all, online_only=online_only, title=title,
                body=json.dumps(body, ensure_ascii=False, sort_keys=True), status="queued"))
            msg_id = int(res.inserted_primary_key[0])  # type: ignore[index]
            audit.append(conn, actor=self.actor.name, action="sysmsg.send", target=title or f"#{msg_id}",
                         detail={"id": msg_id, "app_id": app_id, "to_users": len(accounts),
                                 "to_depts": len(to_depts), "to_all": to_all, "online_only": online_only}, at=now)
        return msg_id

    def compose(self, title: str, content: str, *, online_only: bool, display: int | None) -> Composed:
        """Check an administrator's message (4.1) without sending it: the preview of `send_admin`."""
        self.actor.require(SYSMSG_SEND)
        return compose(title, content, online_only=online_only, display=display)

    def send_admin(self, title: str, content: str, *, online_only: bool, display: int | None) -> int:
        """管理工具 → 系统消息: a notice to everyone or to members online, queued in the outbox as the
        sysMsgAssistant app; audited with the administrator as actor. Super administrators only."""
        message = self.compose(title, content, online_only=online_only, display=display)
        return self.send(ADMIN_APP, to_users=(), to_depts=(), to_all=True, online_only=message.online_only,
                         title=message.title, body=message.body)

    def list(self, limit: int = 100) -> list[SystemMessageView]:
        self.actor.require("logs.read")
        with self.uow.read() as conn:
            rows = conn.execute(select(OUT).order_by(OUT.c.id.desc()).limit(limit)).all()
        return [SystemMessageView(
            r.id, r.app_id, r.created_at.isoformat(timespec="seconds") + "Z",
            tuple(x for x in r.to_users.split("|") if x), tuple(int(x) for x in r.to_depts.split("|") if x),
            bool(r.to_all), bool(r.online_only), r.title, json.loads(r.body), r.status) for r in rows]
