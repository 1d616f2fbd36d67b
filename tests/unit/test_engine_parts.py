"""The change engine's Qt-free parts without a database: journal codec, inverse, rights and registries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.domain.errors import PermissionDenied, YouduError
from youdu_console.services import auth, entities, invariants
from youdu_console.services.changes import decode_operations, encode_operations, inverse_operations

WHEN = dt.datetime(2026, 12, 1, 8, 30, 0, 123456)


def _ops() -> list[Operation]:
    return [
        Operation("department", "add", -1, after={"id": -1, "name": "研发部", "parent_id": None}, label="研发部",
                  category="added"),
        Operation("member", "add", -2, after={"id": -2, "account": "a", "depts": [[-1, "工程师"]]}, label="a",
                  category="added"),
        Operation("member", "add", -3, after={"account": "b", "id": -3}, label="b", category="added"),  # other order
        Operation("member", "update", 7, before={"status": "active", "resigned_at": None},
                  after={"status": "resigned", "resigned_at": WHEN}, version=4, label="c", category="resigned"),
        Operation("setting", "set", "security.lockout_threshold", before={"value": "5"}, after={"value": "7"},
                  version=None, label="security.lockout_threshold"),
        Operation("member", "delete", 9, before={"id": 9, "account": "d"}, version=2, label="d", category="deleted"),
    ]


def test_journal_round_trip_keeps_every_field() -> None:
    decoded = decode_operations(encode_operations(_ops()))
    # An operation without a category is journalled under its action's name.
    assert [(o.entity, o.action, o.key, o.label, o.category, o.version) for o in decoded] == \
           [(o.entity, o.action, o.key, o.label, o.category or o.action, o.version) for o in _ops()]
    # An add in the same run with other columns keeps its values by name; columns it lacks come back as None.
    assert decoded[2].after == {"id": -3, "account": "b", "depts": None}
    assert decoded[3].after == {"status": "resigned", "resigned_at": WHEN.isoformat(timespec="microseconds")}
    assert decoded[1].after == {"id": -2, "account": "a", "depts": [[-1, "工程师"]]}


def test_inverse_reverses_order_actions_and_versions() -> None:
    inverse = list(inverse_operations(_ops()))
    assert [(o.entity, o.action, o.key) for o in inverse] == [
        ("member", "add", 9), ("setting", "set", "security.lockout_threshold"), ("member", "update", 7),
        ("member", "delete", -3), ("member", "delete", -2), ("department", "delete", -1)]
    resign_undo = inverse[2]
    assert resign_undo.after == {"status": "active", "resigned_at": None}
    assert resign_undo.version == 5 and resign_undo.category == "restored"
    assert inverse[3].version == 1  # a row this set added is deleted at the version an add gives it
    assert inverse[1].after == {"value": "5"}


def test_change_set_summary_counts_categories() -> None:
    cs = ChangeSet("x", "root", _ops(), errors=[{"code": "e"}])
    assert cs.summary() == {"added": 3, "updated": 1, "moved": 0, "resigned": 1, "deleted": 1, "errors": 1}


def test_rights_an_area_declares() -> None:
    right = auth.declare_right("test.widgets", ("管理部件", "manage widgets"), roles=("scoped",))
    try:
        assert auth.Actor("s", "scoped").can(right)
        assert auth.Actor("root", "super").can(right)
        with pytest.raises(PermissionDenied) as info:
            auth.Actor("h", "helpdesk").require(right)
        assert info.value.params["action_en"] == "manage widgets"
        with pytest.raises(ValueError):
            auth.declare_right("test.bad", ("x", "x"), roles=("nobody",))
    finally:
        auth.RIGHTS["scoped"] = auth.RIGHTS["scoped"] - {right}
        auth.ACTION_LABELS.pop(right, None)


def test_entity_registry_lookups_and_rights() -> None:
    assert entities.entity("member").needed_right(Operation("member", "update", 1, after={"password_hash": "x"})) \
        == "member.password"
    assert entities.entity("member").needed_right(Operation("member", "update", 1, after={"name": "x"})) \
        == "directory.write"
    assert entities.entity("setting").key == "key"
    with pytest.raises(YouduError) as info:
        entities.entity("nothing")
    assert info.value.code == "internal"
    clash = entities.Entity("member", entities.entity("admin").table)
    with pytest.raises(ValueError):
        entities.register(clash)


def test_invariants_run_only_when_concerned() -> None:
    seen: list[int] = []

    @invariants.invariant("test.counter", lambda op: op.entity == "widget")
    def counter(conn: Any, ops: Sequence[Operation]) -> None:
        seen.append(len(ops))

    try:
        invariants.check_all(None, [Operation("widget", "add", -1, after={})])  # type: ignore[arg-type]
        invariants.check_all(None, [Operation("gadget", "add", -1, after={})])  # type: ignore[arg-type]
        assert seen == [1]
    finally:
        invariants._INVARIANTS.pop("test.counter")
