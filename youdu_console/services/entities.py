"""The change engine's entity registry: each manual area declares its tables, keys, ids and rights once.

The engine (`services.changes`), undo, the audit log and the `.dat` backup know an entity only through its
`Entity` here. A new area registers its entities in its own service module with `register(Entity(...))`
(see docs/adding-an-area.md); this module declares the address book's and the console's own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select

from youdu_console.domain.changeset import Operation
from youdu_console.domain.collation import collation_key
from youdu_console.domain.errors import ConflictError, PermissionDenied, YouduError
from youdu_console.services.auth import Actor, scope_closure
from youdu_console.store import security, tables
from youdu_console.store.bulk import insert_tuples

# Writes dependent rows after the entity's own rows (e.g. a member's department links).
AfterInsert = Callable[[Connection, list[Operation]], None]
AfterUpdate = Callable[[Connection, Operation], None]
# Replaces the generic one-row-at-a-time delete for a run of deletes (must check versions itself).
DeleteBatch = Callable[[Connection, list[Operation]], None]
# The department ids an operation touches, for a scoped administrator's check (an empty set is refused).
# Returning None passes the operation: its scope is checked through other operations of the same change set.
DepartmentsOf = Callable[[Connection, Operation], set[Any] | None]
# A backup's portable rows (ids translated to gids) for an entity, and back: `load(conn, values, lookup)` gives
# the row's column values, `lookup(entity, gid)` the id (real, or a placeholder the same restore plans).
GidLookup = Callable[[str, str], Any]
BackupDump = Callable[[Connection], Iterator[dict[str, Any]]]
BackupLoad = Callable[[Connection, dict[str, Any], GidLookup], dict[str, Any]]
# Operations a change set entails (e.g. department groups following members): `derive(conn, ops)` reads the
# database as it is before the change set and returns new operations; they are marked `derived`.
Derive = Callable[[Connection, list[Operation]], list[Operation]]


@dataclass(frozen=True)
class Backup:
    """How a `.dat` backup carries an entity's rows that the address book records do not.

    Rows are written as `{"type": "row", "entity": name, "values": {...}}` and restored by `natural_key`:
    a row with the same natural key is updated, otherwise added. Columns in `skip` are left out.
    """

    natural_key: str
    skip: frozenset[str] = frozenset({"id", "version", "created_at", "updated_at"})
    # Rows that reference other rows by id are carried by gid: `dump` yields portable values (holding the
    # natural key), `load` turns them back into column values (raise a YouduError when a gid is unknown).
    dump: BackupDump | None = field(default=None, compare=False)
    load: BackupLoad | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Entity:
    """One kind of row the change engine writes.

    `refs` names the columns that may hold the placeholder id of a row created in the same change set;
    `rewrite` fixes placeholders inside compound values (JSON lists). `right` is what writing needs;
    `right_for` may ask for a narrower right for some operations (a password reset is not an edit).
    """

    name: str
    table: Table
    key: str = "id"
    id_block: str | None = None
    right: str = "directory.write"
    right_for: Callable[[Operation], str | None] | None = None
    refs: tuple[str, ...] = ("id",)
    rewrite: Callable[[dict[str, Any], Callable[[Any], Any]], None] | None = None
    after_insert: AfterInsert | None = None
    after_update: AfterUpdate | None = None
    delete_batch: DeleteBatch | None = None
    departments_of: DepartmentsOf | None = None
    label: tuple[str, str] = ("", "")  # zh_CN, en: what a refusal calls it
    backup: Backup | None = None
    # Follow-up once every row of the change set is written, with this entity's operations.
    after_apply: Callable[[Connection, list[Operation]], None] | None = None
    # (column, source column, function): columns kept derived from another on every insert and update.
    computed: tuple[tuple[str, str, Callable[[Any], Any]], ...] = ()
    datetime_columns: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        cols = frozenset(c.name for c in self.table.columns if c.type.python_type is dt.datetime)
        object.__setattr__(self, "datetime_columns", cols)

    def needed_right(self, op: Operation) -> str:
        narrower = self.right_for(op) if self.right_for else None
        return narrower or self.right


_REGISTRY: dict[str, Entity] = {}


def register(entity: Entity) -> Entity:
    """Declare an entity to the engine; declaring the same name twice is a programming error."""
    known = _REGISTRY.get(entity.name)
    if known is not None and known != entity:
        raise ValueError(f"entity {entity.name!r} is already registered")
    _REGISTRY[entity.name] = entity
    return entity


def unregister(name: str) -> None:
    """Forget an entity (tests that declare a throwaway one)."""
    _REGISTRY.pop(name, None)


def entity(name: str) -> Entity:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise YouduError("internal", detail=f"unknown entity {name!r}") from None


def entities() -> Iterator[Entity]:
    return iter(list(_REGISTRY.values()))


# ---------------------------------------------------------------- derived operations

_DERIVATIONS: dict[str, Derive] = {}


def register_derivation(name: str, derive: Derive) -> Derive:
    """Declare what an area's rows must follow: run on every change set (before apply and for previews)."""
    _DERIVATIONS[name] = derive
    return derive


def placeholders_after(ops: list[Operation]) -> Callable[[], int]:
    """Negative ids below every placeholder the planner used, for rows a derivation adds."""
    low = min((op.key for op in ops if isinstance(op.key, int) and op.key < 0), default=0)
    state = [low]

    def take() -> int:
        state[0] -= 1
        return state[0]
    return take


def derive_operations(conn: Connection, ops: list[Operation]) -> list[Operation]:
    """The planner's operations with what they entail: earlier derived operations are dropped, then each
    derivation runs on the rest. Derived deletes and updates go first (nothing may still reference a row the
    planner deletes), derived adds last (they may reference rows the planner adds)."""
    primary = [op for op in ops if not op.derived]
    if not _DERIVATIONS:
        return primary
    first: list[Operation] = []
    last: list[Operation] = []
    for derive in list(_DERIVATIONS.values()):
        for op in derive(conn, primary):
            op.derived = True
            (last if op.action == "add" else first).append(op)
    return first + primary + last if first or last else primary


# ---------------------------------------------------------------- rights, inside the apply transaction

def authorize_ops(conn: Connection, actor: Actor, ops: list[Operation]) -> None:
    """The last line of defence, inside the apply transaction: every operation within the actor's rights.

    A scoped administrator may touch a department-scoped row only when every department it touches (before
    and after) lies in its subtrees; departments the same change set creates count as inside.
    """
    if actor.role == "super":
        return
    for op in ops:
        actor.require(entity(op.entity).needed_right(op))
    if not actor.scoped:
        return
    allowed = scope_closure(conn, actor.scope)
    allowed = allowed | {op.key for op in ops if op.entity == "department" and op.action == "add"}
    for op in ops:
        spec = entity(op.entity)
        if spec.departments_of is None:
            continue
        touched = spec.departments_of(conn, op)
        if touched is None:  # this operation is checked through others of the set (a new template's audience)
            continue
        if not touched or not touched <= allowed:
            zh, en = spec.label
            raise PermissionDenied("permission_out_of_scope", what=zh, what_en=en, key=op.label or op.key)


# ---------------------------------------------------------------- the address book's own entities

LINKS = tables.MEMBER_DEPARTMENTS
_PASSWORD_FIELDS = frozenset({"password_hash", "must_change_password", "password_changed_at"})


def _member_right(op: Operation) -> str | None:
    if op.action != "update":
        return None
    fields = set(op.after or {})
    if fields <= _PASSWORD_FIELDS:
        return "member.password"
    if fields <= {"authorization"}:
        return "auth.manage"
    return None


def _member_departments(conn: Connection, op: Operation) -> set[Any]:
    depts: set[Any] = set()
    for values in (op.before, op.after):
        if values and values.get("depts") is not None:
            depts.update(d for d, _ in values["depts"])
    if op.action != "add":
        depts.update(r[0] for r in conn.execute(select(LINKS.c.dept_id).where(LINKS.c.member_id == op.key)))
    return depts


def _department_departments(conn: Connection, op: Operation) -> set[Any]:
    """A department and its parent (before and after): so a scoped admin's own roots stay fixed."""
    if op.action == "add":
        return {(op.after or {}).get("parent_id")}
    d = tables.DEPARTMENTS
    ids = {op.key, conn.execute(select(d.c.parent_id).where(d.c.id == op.key)).scalar()}
    if op.after and "parent_id" in op.after:
        ids.add(op.after["parent_id"])
    return ids


def _rewrite_member(values: dict[str, Any], fix: Callable[[Any], Any]) -> None:
    if values.get("depts"):
        values["depts"] = [[fix(d), pos] for d, pos in values["depts"]]


def _rewrite_admin(values: dict[str, Any], fix: Callable[[Any], Any]) -> None:
    if "scopes" in values and isinstance(values["scopes"], str):
        values["scopes"] = json.dumps([fix(x) for x in json.loads(values["scopes"])])


def insert_links(conn: Connection, rows: Iterable[tuple[int, list[list[Any]]]]) -> None:
    links = [(mid, d, pos or "", seq) for mid, depts in rows for seq, (d, pos) in enumerate(depts or [])]
    insert_tuples(conn, LINKS, ["member_id", "dept_id", "position", "seq"], links)


def _member_links_added(conn: Connection, batch: list[Operation]) -> None:
    insert_links(conn, ((o.key, (o.after or {}).get("depts") or []) for o in batch))


def _member_links_updated(conn: Connection, op: Operation) -> None:
    if "depts" in (op.after or {}):
        conn.execute(delete(LINKS).where(LINKS.c.member_id == op.key))
        insert_links(conn, [(op.key, (op.after or {})["depts"])])


def _delete_members(conn: Connection, batch: list[Operation]) -> None:
    """Delete members 500 at a time: versions checked under a row lock, then links, login state and rows.

    One DELETE per member (plus one per link table) made undoing a 100k-member import take 59 s here.
    Departments are still deleted one by one: InnoDB checks the self-referencing parent key row by row.
    """
    members = tables.MEMBERS
    for start in range(0, len(batch), 500):
        chunk = batch[start:start + 500]
        ids = [op.key for op in chunk]
        found = dict(conn.execute(select(members.c.id, members.c.version).where(members.c.id.in_(ids))
                                  .with_for_update()).all())
        for op in chunk:
            if found.get(op.key) != op.version:
                raise ConflictError("conflict", entity="member", key=op.label or op.key)
        conn.execute(delete(LINKS).where(LINKS.c.member_id.in_(ids)))
        conn.execute(delete(tables.LOGIN_STATE).where(tables.LOGIN_STATE.c.member_id.in_(ids)))
        conn.execute(delete(members).where(members.c.id.in_(ids)))


DEPARTMENT = register(Entity(
    "department", tables.DEPARTMENTS, id_block="directory", refs=("id", "parent_id"),
    departments_of=_department_departments, label=("部门", "department")))
MEMBER = register(Entity(
    "member", tables.MEMBERS, id_block="directory", right_for=_member_right, rewrite=_rewrite_member,
    after_insert=_member_links_added, after_update=_member_links_updated, delete_batch=_delete_members,
    departments_of=_member_departments, label=("成员", "member"),
    computed=(("account_key", "account", collation_key),)))
def _admin_logins(conn: Connection, ops: list[Operation]) -> None:
    """On a secured server a removed administrator's database login is disabled (its sessions end), a restored
    one's enabled again, a new role's group granted. Disabled rather than dropped: the password is only a hash
    here, so an undo could not make the login again (docs/administrators.md)."""
    if not security.installed(conn):
        return
    for op in ops:
        if op.action == "delete":
            security.disable_login(conn, str((op.before or {}).get("name") or op.label))
        elif op.action == "add":
            security.enable_login(conn, str((op.after or {}).get("name") or op.label))
        elif op.action == "update" and "role" in (op.after or {}):
            security.set_login(conn, op.label, None, str((op.after or {})["role"]))


ADMIN = register(Entity("admin", tables.ADMINS, id_block="admin", right="admin.manage", rewrite=_rewrite_admin,
                        label=("管理员", "administrator"), after_apply=_admin_logins))
SETTING = register(Entity("setting", tables.SETTINGS, key="key", right="settings.write", refs=(),
                          label=("设置", "setting")))
LOGIN_STATE = register(Entity(
    "login_state", tables.LOGIN_STATE, key="member_id", right="lock.unlock", refs=("member_id",),
    departments_of=lambda conn, op: _member_departments(conn, Operation("member", op.action, op.key)),
    label=("成员", "member")))


# ---------------------------------------------------------------- rows a .dat backup carries generically

def _portable(value: Any) -> Any:
    return value.isoformat(timespec="microseconds") if isinstance(value, dt.datetime) else value


def backed_up() -> list[Entity]:
    return [e for e in entities() if e.backup is not None]


def count_backup_rows(conn: Connection) -> int:
    return sum(int(conn.execute(select(func.count()).select_from(e.table)).scalar() or 0) for e in backed_up())


def backup_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """`{"type": "row", "entity": …, "values": {…}}` for every row of every entity declared with `backup`."""
    for spec in backed_up():
        assert spec.backup is not None
        if spec.backup.dump is not None:
            skip = spec.backup.skip
            for values in spec.backup.dump(conn):
                yield {"type": "row", "entity": spec.name,
                       "values": {k: _portable(v) for k, v in values.items() if k not in skip}}
            continue
        cols = [c for c in spec.table.c if c.name not in spec.backup.skip]
        for row in conn.execution_options(yield_per=5000).execute(select(*cols).order_by(spec.table.c[spec.key])):
            yield {"type": "row", "entity": spec.name,
                   "values": {c.name: _portable(v) for c, v in zip(cols, row, strict=True)}}


class RowRestorer:
    """Plans a backup's generic rows back: matched by the entity's natural key, updated; otherwise added.

    `planned_gids(entity, gid)` gives the id of a department or member the same restore plans (a placeholder
    for a new one); rows restored here with a `gid` are known to later rows' `load` hooks the same way.
    """

    def __init__(self, conn: Connection, new_id: Callable[[], int],
                 planned_gids: GidLookup | None = None) -> None:
        self.conn = conn
        self.new_id = new_id
        self.planned_gids = planned_gids
        self._existing: dict[str, dict[Any, Any]] = {}
        self._restored: dict[tuple[str, str], Any] = {}
        self._by_gid: dict[str, dict[str, Any]] = {}

    def _rows(self, spec: Entity) -> dict[Any, Any]:
        if spec.name not in self._existing:
            assert spec.backup is not None
            nk = spec.backup.natural_key
            self._existing[spec.name] = {r._mapping[nk]: r for r in self.conn.execute(select(spec.table))}
        return self._existing[spec.name]

    def lookup(self, name: str, gid: str) -> Any:
        """The id of the row of entity `name` with this gid: restored by this plan, planned, or in the database."""
        if (name, gid) in self._restored:
            return self._restored[(name, gid)]
        found = self.planned_gids(name, gid) if self.planned_gids is not None else None
        if found is not None:
            return found
        if name not in self._by_gid:
            spec = entity(name)
            self._by_gid[name] = dict(self.conn.execute(select(spec.table.c.gid, spec.table.c[spec.key])).all())
        return self._by_gid[name].get(gid)

    def _plan_portable(self, spec: Entity, record: dict[str, Any]) -> Operation | None:
        assert spec.backup is not None and spec.backup.dump is not None and spec.backup.load is not None
        nk = spec.backup.natural_key
        if spec.name not in self._existing:
            current_rows = {}
            for values in spec.backup.dump(self.conn):
                current_rows[values[nk]] = {k: _portable(v) for k, v in values.items()}
            self._existing[spec.name] = current_rows
        portable = dict(record["values"])
        natural = portable.get(nk)
        if natural is None:
            raise ValueError(f"{spec.name} row without {nk}")
        values = spec.backup.load(self.conn, portable, self.lookup)
        current = self._existing[spec.name].get(natural)
        if current is None:
            key = self.new_id() if spec.id_block else values.get(spec.key)
            if "gid" in values:
                self._restored[(spec.name, values["gid"])] = key
            return Operation(spec.name, "add", key, after={spec.key: key, **values}, label=str(natural),
                             category="added")
        row = self.conn.execute(select(spec.table).where(spec.table.c[spec.key] == current[spec.key])).one()
        now = {k: _portable(row._mapping[k]) for k in values}
        changed = {k: v for k, v in values.items() if now[k] != _portable(v)}
        if not changed:
            return None
        return Operation(spec.name, "update", row._mapping[spec.key], before={k: now[k] for k in changed},
                         after=changed, version=row._mapping["version"], label=str(natural), category="updated")

    def plan(self, record: dict[str, Any]) -> Operation | None:
        """The operation restoring one row record; None when it is already as backed up or not ours to know."""
        spec = _REGISTRY.get(str(record["entity"]))
        if spec is None or spec.backup is None:
            return None  # an entity this version does not know (a newer backup): skipped, like unknown settings
        if spec.backup.dump is not None:
            return self._plan_portable(spec, record)
        known = {c.name for c in spec.table.c} - spec.backup.skip
        values = {k: v for k, v in dict(record["values"]).items() if k in known}
        for k in spec.datetime_columns & values.keys():
            if isinstance(values[k], str):
                values[k] = dt.datetime.fromisoformat(values[k]).isoformat(timespec="microseconds")
        natural = values.get(spec.backup.natural_key)
        if natural is None:
            raise ValueError(f"{spec.name} row without {spec.backup.natural_key}")
        label = str(natural)
        current = self._rows(spec).get(natural)
        if current is None:
            key = self.new_id() if spec.id_block else values.get(spec.key)
            after = {spec.key: key, **values} if spec.key not in values else values
            return Operation(spec.name, "add", key, after=after, label=label, category="added")
        now = {k: _portable(current._mapping[k]) for k in values}
        changed = {k: v for k, v in values.items() if now[k] != v}
        if not changed:
            return None
        return Operation(spec.name, "update", current._mapping[spec.key], before={k: now[k] for k in changed},
                         after=changed, version=current._mapping["version"], label=label, category="updated")
