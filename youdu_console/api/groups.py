"""Groups (/cgi/group/…): fixed groups through the 群管理 service, as change sets with the app as actor. The
vendor's group id is our group's gid (stable across backups)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from youdu_console.api.endpoints import CODES, Call, endpoint
from youdu_console.api.protocol import ApiError
from youdu_console.store import tables

CODES.update({"group_not_found": 500004, "group_name_required": 500001, "group_name_too_long": 500003,
              "group_name_invalid": 500002, "group_name_ambiguous": 500008, "group_member_exists": 500007,
              "group_not_member": 500007, "group_member_resigned": 500007})


def _gid(call: Call) -> str:
    gid = call.param("id") or call.field("id")
    if not gid or not isinstance(gid, str):
        raise ApiError(500006, "缺少群 ID / missing id")
    return gid


def _accounts(call: Call) -> list[str]:
    users = call.field("userList")
    if not isinstance(users, list) or not users or not all(isinstance(u, str) for u in users):
        raise ApiError(500007, "userList 应为帐号列表 / userList must list accounts")
    return users


def _apply(call: Call, cs: Any) -> Any:
    return cs if cs.is_empty else call.console.apply(cs)


@endpoint("/cgi/group/create", write=True, who="org")
def group_create(call: Call) -> dict[str, Any]:
    name = call.field("name")
    if not name:
        raise ApiError(500001, "群名称为空 / missing name")
    if not isinstance(name, str):
        raise ApiError(500002, "群名称应为字符串 / name must be a string")
    done = _apply(call, call.console.groups.plan_add(name))
    group = next(op for op in done.operations if op.entity == "group")
    return {"id": group.after["gid"]}


@endpoint("/cgi/group/update", write=True, who="org", encrypt_reply=False)
def group_update(call: Call) -> None:
    name = call.field("name")
    if not name or not isinstance(name, str):
        raise ApiError(500001, "群名称为空 / missing name")
    _apply(call, call.console.groups.plan_rename(_gid(call), name))


@endpoint("/cgi/group/delete", write=True, who="org", encrypt_reply=False)
def group_delete(call: Call) -> None:
    _apply(call, call.console.groups.plan_delete(_gid(call)))


@endpoint("/cgi/group/addmember", write=True, who="org", encrypt_reply=False)
def group_addmember(call: Call) -> None:
    _apply(call, call.console.groups.plan_members(_gid(call), add=_accounts(call)))


@endpoint("/cgi/group/delmember", write=True, who="org", encrypt_reply=False)
def group_delmember(call: Call) -> None:
    _apply(call, call.console.groups.plan_members(_gid(call), remove=_accounts(call)))


@endpoint("/cgi/group/info")
def group_info(call: Call) -> dict[str, Any]:
    groups = call.console.groups
    view = groups.get(_gid(call))
    members = groups.members(view.gid)
    accounts = [m.account for m in members]
    t = tables.MEMBERS
    mobiles: dict[str, str] = {}
    with call.console.uow.read() as conn:
        for i in range(0, len(accounts), 900):
            mobiles.update((a, mobile or "") for a, mobile in conn.execute(
                select(t.c.account, t.c.mobile).where(t.c.account.in_(accounts[i:i + 900]))))
    return {"id": view.gid, "name": view.name,
            "members": [{"account": m.account, "name": m.name, "mobile": mobiles.get(m.account, "")}
                        for m in members]}


@endpoint("/cgi/group/list")
def group_list(call: Call) -> dict[str, Any]:
    user = call.param("userId") or None
    views = call.console.groups.list_groups(member=user)
    return {"groupList": [{"id": g.gid, "name": g.name} for g in views]}


@endpoint("/cgi/group/ismember")
def group_ismember(call: Call) -> dict[str, Any]:
    account = call.param("userId")
    if not account:
        raise ApiError(300201, "缺少用户 ID / missing userId")
    members = call.console.groups.members(_gid(call))
    return {"belong": any(m.account == account.strip().lower() for m in members)}
