"""可见性设置 (manual 5.3.1): the visibility rules as an entity of the change engine, and their planners.

Rules name departments and members by id (a rename keeps the rule); a rule may not name a department or a
member that does not exist, and a department or member a rule names cannot be deleted until the rule is
changed (the invariant below, checked inside every apply). `.dat` backups carry the rules by gid.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from youdu_console.domain.errors import NotFound, ValidationError
from youdu_console.domain.validation import clean_text, fold_account
from youdu_console.domain.visibility import KINDS, parse_refs
from youdu_console.services import entities, invariants
from youdu_console.services.auth import Actor
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.directory import Placeholders
from youdu_console.services.tree import load_tree
from youdu_console.store import tables
from youdu_console.store.uow import UnitOfWork

R = tables.VISIBILITY_RULES
D = tables.DEPARTMENTS
M = tables.MEMBERS
NAME_MAX = 64
REF_COLUMNS = ("subjects", "whitelist", "extra")
CHUNK = 900  # ids per IN (…): SQLite's default limit on bound parameters is 999


@dataclass(frozen=True)
class Targets:
    """Departments (paths, with sub-departments) and members (accounts) as typed by an administrator."""

    depts: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.depts or self.members)


@dataclass(frozen=True)
class RuleView:
    name: str
    kind: str
    subjects: Targets
    whitelist: Targets
    extra: Targets
    id: int | None = None  # the rule's id (`visibility remove ID`)

    def to_json(self) -> dict[str, Any]:
        def part(t: Targets) -> dict[str, list[str]]:
            return {"departments": list(t.depts), "members": list(t.members)}

        return {"name": self.name, "kind": self.kind, "subjects": part(self.subjects),
                "whitelist": part(self.whitelist), "extra": part(self.extra)}


# ---------------------------------------------------------------- the entity

def _dump_rules(conn: Connection) -> Iterator[dict[str, Any]]:
    dept_gid = dict(conn.execute(select(D.c.id, D.c.gid)).all())
    rows = conn.execute(select(R).order_by(R.c.id)).all()
    member_ids = {int(i[2:]) for r in rows for col in REF_COLUMNS for i in json.loads(getattr(r, col))
                  if i.startswith("m:")}
    member_gid = dict(conn.execute(select(M.c.id, M.c.gid).where(M.c.id.in_(member_ids))).all()) \
        if member_ids else {}

    def portable(text: str) -> list[str]:
        out = []
        for item in json.loads(text):
            kind, ident = item[0], int(item[2:])
            out.append(f"{kind}:{(dept_gid if kind == 'd' else member_gid).get(ident, '?')}")
        return out

    for r in rows:
        yield {"id": r.id, "name": r.name, "kind": r.kind, **{col: portable(getattr(r, col)) for col in REF_COLUMNS}}


def _load_rule(conn: Connection, values: dict[str, Any], lookup: entities.GidLookup) -> dict[str, Any]:
    name = str(values.get("name") or "")

    def back(items: Any) -> str:
        out = []
        for item in items or []:
            kind, _, gid = str(item).partition(":")
            entity, what = ("department", ("部门", "department")) if kind == "d" else ("member", ("成员", "member"))
            found = lookup(entity, gid)
            if found is None:
                raise ValidationError("dat_visibility_ref_missing", field=entity, rule=name, what=what[0],
                                      what_en=what[1], gid=gid)
            out.append(f"{kind}:{found}")
        return json.dumps(out)

    kind = values.get("kind") if values.get("kind") in KINDS else "hide"
    return {"name": name, "kind": kind, **{col: back(values.get(col)) for col in REF_COLUMNS}}


def _rewrite_refs(values: dict[str, Any], real: Any) -> None:
    """Placeholders of departments or members created in the same change set (a restore) inside the lists."""
    for col in REF_COLUMNS:
        if col in values:
            items = json.loads(values[col])
            values[col] = json.dumps([f"{i[0]}:{real(int(i[2:]))}" for i in items])


VISIBILITY_RULE = entities.register(entities.Entity(
    "visibility_rule", R, id_block="directory", right="settings.write", refs=("id",), rewrite=_rewrite_refs,
    label=("可见性规则", "visibility rule"),
    backup=entities.Backup(natural_key="name", dump=_dump_rules, load=_load_rule)))


def _concerns(op: Operation) -> bool:
    return op.entity == "visibility_rule" and op.action != "delete" \
        or op.entity in ("department", "member") and op.action == "delete"


@invariants.invariant("visibility_rule_refs", _concerns)
def rule_refs_exist(conn: Connection, ops: Sequence[Operation]) -> None:
    """Every department and member a rule names exists once the change set is written."""
    rows = conn.execute(select(R.c.name, R.c.subjects, R.c.whitelist, R.c.extra)).all()
    if not rows:
        return
    depts = set(conn.execute(select(D.c.id)).scalars())
    named = {int(i[2:]) for r in rows for col in REF_COLUMNS for i in json.loads(getattr(r, col))
             if i.startswith("m:")}
    members: set[int] = set()
    ordered = sorted(named)
    for i in range(0, len(ordered), CHUNK):
        members.update(conn.execute(select(M.c.id).where(M.c.id.in_(ordered[i:i + CHUNK]))).scalars())
    labels = {(op.entity, op.key): op.label for op in ops if op.action == "delete"}
    for r in rows:
        for col in REF_COLUMNS:
            for item in json.loads(getattr(r, col)):
                ident = int(item[2:])
                if item.startswith("d:") and ident not in depts:
                    raise ValidationError("visibility_ref_missing", field="dept", rule=r.name, what="部门",
                                          what_en="department", item=labels.get(("department", ident)) or ident)
                if item.startswith("m:") and ident not in members:
                    raise ValidationError("visibility_ref_missing", field="member", rule=r.name, what="成员",
                                          what_en="member", item=labels.get(("member", ident)) or ident)


# ---------------------------------------------------------------- the service

def normalize_rule_name(name: Any) -> str:
    value = clean_text(name)
    if not value:
        raise ValidationError("visibility_rule_name_required", field="name")
    if len(value) > NAME_MAX:
        raise ValidationError("visibility_rule_name_too_long", field="name", max=NAME_MAX)
    return value


class VisibilityService:
    def __init__(self, uow: UnitOfWork, actor: Actor) -> None:
        self.uow = uow
        self.actor = actor

    # -------------------------------------------------------------- reading
    def rules(self) -> list[RuleView]:
        self.actor.require("settings.read")
        with self.uow.read() as conn:
            tree = load_tree(conn, "visibility")
            rows = conn.execute(select(R).order_by(R.c.name)).all()
            ids = {int(i[2:]) for r in rows for col in REF_COLUMNS for i in json.loads(getattr(r, col))
                   if i.startswith("m:")}
            accounts = dict(conn.execute(select(M.c.id, M.c.account).where(M.c.id.in_(ids))).all()) \
                if ids else {}

        def targets(text: str) -> Targets:
            depts, members = parse_refs(text)
            return Targets(tuple(sorted(tree.path(d) for d in depts if d in tree.nodes)),
                           tuple(sorted(accounts.get(m, f"#{m}") for m in members)))

        return [RuleView(r.name, r.kind, targets(r.subjects), targets(r.whitelist), targets(r.extra), id=r.id)
                for r in rows]

    def resolve(self, values: Sequence[str]) -> Targets:
        """Mixed `ACCOUNT|PATH` values (`--except`, `--also-visible`): a member's account when one exists, else a
        department path; a value that is neither is refused."""
        depts: list[str] = []
        members: list[str] = []
        with self.uow.read() as conn:
            tree = load_tree(conn, "visibility")
            for value in values:
                text = clean_text(value)
                acc = fold_account(text)
                if acc and conn.execute(select(M.c.id).where(M.c.account == acc)).first() is not None:
                    members.append(acc)
                elif text and tree.lookup(text) is not None:
                    depts.append(text)
                else:
                    raise ValidationError("visibility_target_unknown", field="target", value=text)
        return Targets(tuple(depts), tuple(members))

    def generated_name(self, kind: str) -> str:
        """A unique name for a rule added without one (`visibility add hide --dept …`): KIND-N."""
        prefix = f"{clean_text(kind).lower()}-"
        with self.uow.read() as conn:
            taken = {r[0] for r in conn.execute(select(R.c.name).where(R.c.name.like(f"{prefix}%")))}
        n = len(taken) + 1
        while f"{prefix}{n}" in taken:
            n += 1
        return f"{prefix}{n}"

    # -------------------------------------------------------------- planning
    def plan_add(self, name: str, kind: str, subjects: Targets, whitelist: Targets = Targets(),
                 extra: Targets = Targets()) -> ChangeSet:
        self.actor.require("settings.write")
        rule = normalize_rule_name(name)
        with self.uow.read() as conn:
            if conn.execute(select(R.c.id).where(R.c.name == rule)).first() is not None:
                raise ValidationError("visibility_rule_name_taken", field="name", rule=rule)
            values = self._values(conn, rule, kind, subjects, whitelist, extra)
        key = Placeholders().take()
        cs = ChangeSet("visibility.add", self.actor.name, subject=rule)
        cs.operations.append(Operation("visibility_rule", "add", key, after={"id": key, "name": rule, **values},
                                       label=rule, category="added"))
        return cs

    def plan_update(self, name: str, kind: str | None = None, subjects: Targets | None = None,
                    whitelist: Targets | None = None, extra: Targets | None = None,
                    new_name: str | None = None) -> ChangeSet:
        """Change a rule; what is not given stays as it is."""
        self.actor.require("settings.write")
        views = {r.name: r for r in self.rules()}
        with self.uow.read() as conn:
            row = self._row(conn, name)
            current = views[row.name]
            rule = normalize_rule_name(new_name) if new_name is not None else row.name
            if rule != row.name and conn.execute(select(R.c.id).where(R.c.name == rule)).first() is not None:
                raise ValidationError("visibility_rule_name_taken", field="name", rule=rule)
            values = self._values(conn, rule, kind or row.kind, subjects if subjects is not None else current.subjects,
                                  whitelist if whitelist is not None else current.whitelist,
                                  extra if extra is not None else current.extra)
        values["name"] = rule
        before = {k: getattr(row, k) for k in values}
        after = {k: v for k, v in values.items() if before[k] != v}
        cs = ChangeSet("visibility.update", self.actor.name, subject=row.name)
        if after:
            cs.operations.append(Operation("visibility_rule", "update", row.id,
                                           before={k: before[k] for k in after}, after=after, version=row.version,
                                           label=row.name, category="updated"))
        return cs

    def plan_delete(self, names: Sequence[str]) -> ChangeSet:
        self.actor.require("settings.write")
        cs = ChangeSet("visibility.delete", self.actor.name, subject=", ".join(names))
        with self.uow.read() as conn:
            for name in names:
                row = self._row(conn, name)
                cs.operations.append(Operation("visibility_rule", "delete", row.id,
                                               before={k: getattr(row, k) for k in ("id", "name", "kind", *REF_COLUMNS)},
                                               version=row.version, label=row.name, category="deleted"))
        return cs

    # -------------------------------------------------------------- helpers
    @staticmethod
    def _row(conn: Connection, name: str) -> Any:
        """A rule by its name, or by its id (`visibility remove ID`) when no rule has that name."""
        row = conn.execute(select(R).where(R.c.name == clean_text(name))).first()
        if row is None and clean_text(name).isdigit():
            row = conn.execute(select(R).where(R.c.id == int(clean_text(name)))).first()
        if row is None:
            raise NotFound("visibility_rule_not_found", rule=clean_text(name))
        return row

    def _values(self, conn: Connection, rule: str, kind: str, subjects: Targets, whitelist: Targets,
                extra: Targets) -> dict[str, Any]:
        kind = clean_text(kind).lower()
        if kind not in KINDS:
            raise ValidationError("visibility_rule_kind_invalid", field="kind", value=kind)
        if not subjects:
            raise ValidationError("visibility_rule_empty", field="subjects", rule=rule)
        if extra and kind != "restrict":
            raise ValidationError("visibility_extra_not_restrict", field="extra")
        tree = load_tree(conn, "visibility")

        def refs(t: Targets) -> str:
            out = []
            for path in t.depts:
                found = tree.lookup(path)
                if found is None:
                    raise ValidationError("visibility_dept_unknown", field="dept", path=path)
                out.append(f"d:{found}")
            for account in t.members:
                acc = fold_account(account)
                found_member = conn.execute(select(M.c.id).where(M.c.account == acc)).scalar()
                if found_member is None:
                    raise ValidationError("visibility_member_unknown", field="member", account=acc)
                out.append(f"m:{found_member}")
            return json.dumps(list(dict.fromkeys(out)))

        return {"kind": kind, "subjects": refs(subjects), "whitelist": refs(whitelist), "extra": refs(extra)}
