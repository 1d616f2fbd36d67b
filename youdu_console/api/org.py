"""Departments and users (/cgi/dept/…, /cgi/user/…): the vendor's ids and fields translated to the address
book's planners; every write is one change set with the app as actor."""

from __future__ import annotations

from typing import Any

from youdu_console.api.endpoints import CODES, Call, endpoint
from youdu_console.api.protocol import ApiError
from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.domain.model import NewMember
from youdu_console.services.org_replace import keep_ids_past
from youdu_console.services.tree import DeptTree
from youdu_console.store import tables

ROOT = 0  # the vendor's root department id; our top-level departments have no parent
GENDER_IN = {0: "male", 1: "female"}  # the vendor: 0 male, 1 female
GENDER_OUT = {"male": 0, "female": 1, "": 0}
ENABLE_OUT = {"authorized": 1, "unauthorized": 0, "disabled": -1}
ENABLE_IN = {1: "authorized", 0: "unauthorized", -1: "disabled"}

# Vendor codes for the address book's refusals, by our error code.
CODES.update({
    "member_not_found": 300225, "account_taken": 300224, "account_invalid": 300205, "account_required": 300201,
    "account_too_long": 300218, "name_required": 300202, "name_too_long": 300219, "name_invalid": 300206,
    "gender_invalid": 300207, "email_invalid": 300208, "phone_invalid": 300209, "mobile_invalid": 300210,
    "mobile_taken": 300210, "member_needs_department": 300203, "position_invalid": 300215,
    "position_too_long": 300215, "weight_invalid": 300216,
    "dept_not_found": 300114, "dept_parent_missing": 300308, "dept_not_empty": 300115,
    "dept_name_required": 300110, "dept_name_invalid": 300107, "dept_name_reserved": 300107,
    "dept_name_too_long": 300117, "dept_name_taken": 300107, "dept_exists": 300107,
    "dept_alias_taken": 300119, "dept_move_into_self": 300108, "dept_too_deep": 300108,
    "dept_tree_too_deep": 300108, "sort_invalid": 300104,
    "member_already_resigned": 300225, "member_not_resigned_restore": 300227,
})


def _int(value: Any, code: int, what: str) -> int:
    if isinstance(value, bool):
        raise ApiError(code, f"{what} 应为整数 / {what} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(code, f"{what} 应为整数 / {what} must be an integer") from None


def _tree(call: Call) -> DeptTree:
    d = call.console.directory
    with d.uow.read() as conn:
        return d.tree(conn)  # type: ignore[no-any-return]


def _path(tree: DeptTree, dept_id: int, code: int = 300114) -> str:
    if dept_id not in tree.nodes:
        raise ApiError(code, f"部门 {dept_id} 不存在 / department {dept_id} does not exist")
    return tree.path(dept_id)


def _dept_json(tree: DeptTree, dept_id: int) -> dict[str, Any]:
    node = tree.nodes[dept_id]
    return {"id": dept_id, "name": node.name, "parentId": node.parent_id if node.parent_id is not None else ROOT,
            "sortId": node.sort, "alias": node.alias or ""}


def _merge(kind: str, actor: str, subject: str, sets: list[ChangeSet]) -> ChangeSet:
    """One change set from several planned against the same rows: updates of one row become one operation
    (each planner read the same version)."""
    out = ChangeSet(kind, actor, subject=subject)
    by_key: dict[tuple[str, Any], Operation] = {}
    for cs in sets:
        for op in cs.operations:
            same = by_key.get((op.entity, op.key))
            if same is not None and op.action == same.action == "update":
                same.before = {**(op.before or {}), **(same.before or {})}
                same.after = {**(same.after or {}), **(op.after or {})}
                if op.category == "moved":
                    same.category = "moved"
                continue
            by_key[(op.entity, op.key)] = op
            out.operations.append(op)
    return out


def _apply(call: Call, cs: ChangeSet) -> ChangeSet:
    if cs.is_empty:
        return cs
    return call.console.apply(cs)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- departments
@endpoint("/cgi/dept/create", write=True, who="org")
def dept_create(call: Call) -> dict[str, Any]:
    name = call.field("name")
    if name is None or name == "":
        raise ApiError(300110, "缺少部门名 / missing name")
    if not isinstance(name, str):
        raise ApiError(300103, "部门名应为字符串 / name must be a string")
    parent = _int(call.field("parentId", ROOT), 300105, "parentId")
    sort = _int(call.field("sortId", 0), 300104, "sortId")
    wanted = _int(call.field("id", 0), 300102, "id")
    alias = call.field("alias") or None
    tree = _tree(call)
    if "/" in name:
        raise ApiError(300107, "部门名不能包含 / / a department name may not contain /")
    parent_path = "" if parent == ROOT else _path(tree, parent, 300308)
    if wanted > 0 and wanted in tree.nodes:
        raise ApiError(300112, f"部门 ID {wanted} 已存在 / department id {wanted} exists")
    if wanted < 0:
        raise ApiError(300106, "无效的部门 ID / invalid department id")
    cs = call.console.directory.plan_add_department(f"{parent_path}/{name}" if parent_path else name,
                                                    sort=sort, alias=alias)
    if wanted > 0:
        _use_id(cs, wanted)
    cs.kind, cs.subject = "dept.add", cs.subject
    done = _apply(call, cs)
    return {"id": done.operations[-1].key}


def _use_id(cs: ChangeSet, wanted: int) -> None:
    """The caller's own department id (the vendor lets an HR system keep its ids): the row takes it, and the
    id block moves past it inside the same transaction so no later row is given it."""
    op = cs.operations[-1]
    placeholder = op.key
    op.key = wanted
    assert op.after is not None
    op.after["id"] = wanted
    for other in cs.operations:
        if other.after and other.after.get("parent_id") == placeholder:
            other.after["parent_id"] = wanted
    keep_ids_past(cs, wanted)


@endpoint("/cgi/dept/update", write=True, who="org", encrypt_reply=False)
def dept_update(call: Call) -> None:
    dept_id = _int(call.field("id"), 300102, "id")
    if dept_id == ROOT:
        raise ApiError(300101, "不能操作根部门 / the root department cannot be changed")
    tree = _tree(call)
    path = _path(tree, dept_id)
    d = call.console.directory
    sets: list[ChangeSet] = []
    # An empty alias is "not given": clients that serialise every field (the Go client) send "" for it.
    alias = call.field("alias") or None
    if call.field("sortId") is not None or alias is not None:
        sort = _int(call.field("sortId"), 300104, "sortId") if call.field("sortId") is not None else None
        sets.append(d.plan_update_department(path, sort=sort, alias=alias))
    parent = call.field("parentId")
    if parent is not None:
        parent_id = _int(parent, 300105, "parentId")
        current = tree.nodes[dept_id].parent_id
        if parent_id != (current if current is not None else ROOT):
            target = None if parent_id == ROOT else _path(tree, parent_id, 300308)
            sets.append(d.plan_move_department(path, target))
    name = call.field("name")
    if name:
        sets.append(d.plan_rename_department(path, name))
    _apply(call, _merge("dept.update", call.console.actor.name, path, sets))


@endpoint("/cgi/dept/delete", write=True, who="org", encrypt_reply=False)
def dept_delete(call: Call) -> None:
    dept_id = _int(call.param("id"), 300102, "id")
    if dept_id == ROOT:
        raise ApiError(300101, "不能操作根部门 / the root department cannot be deleted")
    tree = _tree(call)
    path = _path(tree, dept_id)
    if tree.nodes[dept_id].children:
        raise ApiError(300115, "部门下存在子部门 / the department has sub-departments")
    members = tables.MEMBER_DEPARTMENTS
    with call.console.uow.read() as conn:
        if conn.execute(members.select().where(members.c.dept_id == dept_id).limit(1)).first() is not None:
            raise ApiError(300116, "部门下存在用户 / the department has members")
    _apply(call, call.console.directory.plan_delete_department(path))


def _dept_id_param(call: Call) -> int:
    return _int(call.param("id", "0"), 300102, "id")


@endpoint("/cgi/dept/get")
def dept_get(call: Call) -> dict[str, Any]:
    tree = _tree(call)
    dept_id = _dept_id_param(call)
    _path(tree, dept_id)
    return _dept_json(tree, dept_id)


@endpoint("/cgi/dept/list")
def dept_list(call: Call) -> dict[str, Any]:
    """The department and its direct sub-departments (id 0: the top level)."""
    tree = _tree(call)
    dept_id = _dept_id_param(call)
    if dept_id == ROOT:
        return {"deptList": [_dept_json(tree, c) for c in tree.roots]}
    _path(tree, dept_id)
    return {"deptList": [_dept_json(tree, dept_id)] + [_dept_json(tree, c) for c in tree.nodes[dept_id].children]}


@endpoint("/cgi/dept/listchildren")
def dept_listchildren(call: Call) -> dict[str, Any]:
    tree = _tree(call)
    dept_id = _dept_id_param(call)
    if dept_id != ROOT:
        _path(tree, dept_id)
    children = tree.roots if dept_id == ROOT else tree.nodes[dept_id].children
    return {"deptList": [_dept_json(tree, c) for c in children]}


@endpoint("/cgi/dept/alllistchildren")
def dept_alllistchildren(call: Call) -> dict[str, Any]:
    tree = _tree(call)
    dept_id = _dept_id_param(call)
    if dept_id == ROOT:
        ids = [d for r in tree.roots for d in tree.subtree(r)]
    else:
        _path(tree, dept_id)
        ids = tree.subtree(dept_id)[1:]
    return {"deptList": [_dept_json(tree, d) for d in ids]}


@endpoint("/cgi/dept/getid")
def dept_getid(call: Call) -> dict[str, Any]:
    tree = _tree(call)
    alias = call.param("alias")
    if alias is None:
        return {"aliasList": [{"id": d, "alias": a} for a, d in sorted(tree.by_alias.items())]}
    if alias not in tree.by_alias:
        raise ApiError(300119, f"无效的部门索引 {alias} / no department has alias {alias}")
    return {"id": tree.by_alias[alias]}


# ---------------------------------------------------------------- users
def _user_id(call: Call, value: Any) -> str:
    if value is None or value == "":
        raise ApiError(300201, "缺少用户 ID / missing userId")
    if not isinstance(value, str):
        raise ApiError(300205, "userId 应为字符串 / userId must be a string")
    return value


def _dept_paths(call: Call, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApiError(300211, "dept 应为部门 ID 列表 / dept must be a list of department ids")
    tree = _tree(call)
    return [_path(tree, _int(d, 300211, "dept")) for d in value]


def _member_fields(call: Call) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if call.field("gender") is not None:
        out["gender"] = GENDER_IN.get(_int(call.field("gender"), 300207, "gender"), "")
    for ours, theirs in (("mobile", "mobile"), ("phone", "phone"), ("email", "email"),
                         ("short_number", "shortCode")):
        if call.field(theirs) is not None:
            out[ours] = call.field(theirs)
    return out


@endpoint("/cgi/user/create", write=True, who="org", encrypt_reply=False, grouped=True)
def user_create(call: Call) -> NewMember:
    """The new member, checked for form only: the writer plans and applies it together with other calls' new
    members waiting with it (group commit, api/batch.py)."""
    account = _user_id(call, call.field("userId"))
    name = call.field("name")
    if not name:
        raise ApiError(300202, "缺少用户名 / missing name")
    depts = call.field("dept")
    if not isinstance(depts, list) or not depts:
        raise ApiError(300203, "用户没有指定部门 / the user has no department")
    ids = tuple(_int(d, 300211, "dept") for d in depts)
    state = call.field("enableState")
    new = NewMember(account, name, ids, _member_fields(call), password=call.field("password") or None,
                    authorization=ENABLE_IN.get(state) if isinstance(state, int) else None)
    return new


@endpoint("/cgi/user/update", write=True, who="org", encrypt_reply=False)
def user_update(call: Call) -> None:
    account = _user_id(call, call.field("userId"))
    fields = _member_fields(call)
    if call.field("name"):
        fields["name"] = call.field("name")
    depts = _dept_paths(call, call.field("dept")) or None
    _apply(call, call.console.directory.plan_update_member(account, departments=depts, **fields))


@endpoint("/cgi/user/positionupdate", write=True, who="org", encrypt_reply=False)
def user_positionupdate(call: Call) -> None:
    """The position in one department and the member's weight (sortId: the department's order of its
    members is by weight in this console, so it is accepted and not stored)."""
    account = _user_id(call, call.field("userId"))
    dept_id = _int(call.field("deptId"), 300102, "deptId")
    d = call.console.directory
    member = d.get_member(account)
    tree = _tree(call)
    path = _path(tree, dept_id)
    if path not in member.departments:
        raise ApiError(300227, "用户不属于该部门 / the user is not in that department")
    position = call.field("position")
    weight = call.field("weight")
    with d.uow.read() as conn:
        row, links = d._full_member(conn, account)
    new_links = [[dept, position if dept == dept_id and position is not None else pos] for dept, pos in links]
    values: dict[str, Any] = {}
    if weight is not None:
        values["weight"] = _int(weight, 300216, "weight")
    cs = ChangeSet("member.update", call.console.actor.name, subject=row.account)
    op = d._update_op(row, values, [], [list(x) for x in links])
    before = dict(op.before or {}) if op else {}
    after = dict(op.after or {}) if op else {}
    if new_links != [list(x) for x in links]:
        before["depts"], after["depts"] = [list(x) for x in links], new_links
    if after:
        cs.operations.append(Operation("member", "update", row.id, before=before, after=after, version=row.version,
                                       label=row.account, category="updated"))
    _apply(call, cs)


@endpoint("/cgi/user/delete", write=True, who="org", encrypt_reply=False)
def user_delete(call: Call) -> None:
    account = _user_id(call, call.param("userId") or call.field("userId"))
    _apply(call, call.console.directory.plan_delete_members([account], resigned_only=False))


@endpoint("/cgi/user/batchdelete", write=True, who="org", encrypt_reply=False)
def user_batchdelete(call: Call) -> None:
    accounts = call.field("delList")
    if not isinstance(accounts, list) or not accounts:
        raise ApiError(300204, "缺少用户列表 / missing delList")
    _apply(call, call.console.directory.plan_delete_members([_user_id(call, a) for a in accounts],
                                                            resigned_only=False))


def _user_json(view: Any, links: list[list[Any]], *, detail: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"userId": view.account, "name": view.name, "gender": GENDER_OUT.get(view.gender, 0),
                           "mobile": view.mobile or "", "phone": view.phone, "email": view.email,
                           "dept": [d for d, _ in links], "enableState": ENABLE_OUT.get(view.authorization, 0)}
    if detail:
        out["deptDetail"] = [{"deptId": d, "position": p, "weight": view.weight, "sortId": 0} for d, p in links]
    return out


@endpoint("/cgi/user/get")
def user_get(call: Call) -> dict[str, Any]:
    account = _user_id(call, call.param("userId"))
    d = call.console.directory
    d.actor.require("directory.read")
    # The member's row and positions in one read: two statements, not get_member's eight (its departments'
    # paths, lock state and the tree are not in the vendor's answer). An IM server asks this one often.
    with d.uow.read() as conn:
        row = d._member_row(conn, account)
        links = d._positions(conn, [row.id]).get(row.id, [])
    return _user_json(row, [list(x) for x in links])


def _dept_members(call: Call, *, detail: bool) -> dict[str, Any]:
    dept_id = _int(call.param("deptId"), 300102, "deptId")
    tree = _tree(call)
    d = call.console.directory
    views = d.list_members(_path(tree, dept_id))
    with d.uow.read() as conn:
        links = d._positions(conn, [v.id for v in views])
    if not detail:
        return {"userList": [{"userId": v.account, "name": v.name, "gender": GENDER_OUT.get(v.gender, 0),
                              "dept": [x for x, _ in links.get(v.id, [])]} for v in views]}
    return {"userList": [_user_json(v, [list(x) for x in links.get(v.id, [])]) for v in views]}


@endpoint("/cgi/user/list")
def user_list(call: Call) -> dict[str, Any]:
    return _dept_members(call, detail=True)


@endpoint("/cgi/user/simplelist")
def user_simplelist(call: Call) -> dict[str, Any]:
    return _dept_members(call, detail=False)


@endpoint("/cgi/user/search")
def user_search(call: Call) -> dict[str, Any]:
    text = call.param("key") or call.field("key") or ""
    views = call.console.directory.search(str(text))
    return {"userList": [{"userId": v.account, "name": v.name, "gender": GENDER_OUT.get(v.gender, 0)}
                         for v in views]}


@endpoint("/cgi/user/enable/state")
def user_enable_state(call: Call) -> dict[str, Any]:
    view = call.console.directory.get_member(_user_id(call, call.param("userId")))
    return {"enableState": ENABLE_OUT.get(view.authorization, 0)}


def _set_authorization(call: Call, accounts: list[str], wanted: str) -> None:
    def decide(conn: Any, row: Any) -> Any:
        if row.authorization == wanted:
            return None
        return {"authorization": row.authorization}, {"authorization": wanted}, "updated"

    _apply(call, call.console.directory.plan_set_member_fields("member.authorization", None, accounts, decide))


@endpoint("/cgi/user/enable/stateupdate", write=True, who="org", encrypt_reply=False)
def user_enable_stateupdate(call: Call) -> None:
    accounts = call.field("userIdList")
    if not isinstance(accounts, list) or not accounts:
        raise ApiError(300204, "缺少用户列表 / missing userIdList")
    state = _int(call.field("enableState"), 5, "enableState")
    if state not in ENABLE_IN:
        raise ApiError(5, "enableState 只能是 1、0、-1 / enableState is 1, 0 or -1")
    _set_authorization(call, [_user_id(call, a) for a in accounts], ENABLE_IN[state])


@endpoint("/cgi/user/setauth", write=True, who="org", encrypt_reply=False)
def user_setauth(call: Call) -> None:
    """Authentication of one account: a password (authType 0) is hashed under the password policy; other
    types (LDAP, third-party) are the LDAP area's and are refused here."""
    account = _user_id(call, call.field("userId"))
    auth_type = _int(call.field("authType", 0), 300214, "authType")
    if auth_type != 0:
        raise ApiError(300214, "仅支持密码认证（authType 0）/ only password authentication (authType 0)")
    password = call.field("passwd") or call.field("password")
    if not password or not isinstance(password, str):
        raise ApiError(300213, "无效的 password 格式 / invalid password")
    from youdu_console.services.passwords import hash_new_password

    d = call.console.directory
    with d.uow.read() as conn:
        hashed = hash_new_password(conn, password)

    members = tables.MEMBERS

    def decide(conn: Any, row: Any) -> Any:
        old = conn.execute(members.select().with_only_columns(members.c.password_hash)
                           .where(members.c.id == row.id)).scalar()
        return {"password_hash": old}, {"password_hash": hashed}, "updated"

    _apply(call, d.plan_set_member_fields("member.set_password", account, [account], decide))


@endpoint("/cgi/user/quit", write=True, who="org", encrypt_reply=False)
def user_quit(call: Call) -> None:
    _apply(call, call.console.directory.plan_resign([_user_id(call, call.field("userId") or call.param("userId"))]))


@endpoint("/cgi/user/restore", write=True, who="org", encrypt_reply=False)
def user_restore(call: Call) -> None:
    _apply(call, call.console.directory.plan_restore([_user_id(call, call.field("userId") or call.param("userId"))]))

