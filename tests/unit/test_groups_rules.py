"""群管理's pure rules, and the engine's handling of derived operations (journalled, not counted, ordered)."""

from __future__ import annotations

from typing import Any

import pytest

from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.domain.errors import ValidationError
from youdu_console.domain.groups import normalize_group_name, space_label
from youdu_console.domain.settings import get_setting
from youdu_console.services import entities
from youdu_console.services.changes import decode_operations, encode_operations, inverse_operations


def test_group_names() -> None:
    assert normalize_group_name("  项目群 ") == "项目群"
    assert normalize_group_name("ＡＢＣ") == "ABC"  # full-width folded, as every name in the console
    for bad, code in (("", "group_name_required"), ("x" * 65, "group_name_too_long"), ("a\tb", "group_name_invalid")):
        with pytest.raises(ValidationError) as info:
            normalize_group_name(bad)
        assert info.value.code == code


def test_space_labels_and_settings() -> None:
    assert [space_label(c, 0) for c in ("200M", "5G")] == ["200M", "5G"]
    assert (space_label("custom", 3072), space_label("custom", 300)) == ("3G", "300M")
    assert [c[0] for c in get_setting("chat.group_space").choices] == ["200M", "500M", "800M", "1G", "2G", "5G",
                                                                      "custom"]
    assert get_setting("chat.discussion_creators").parse("whitelist") == "whitelist"
    with pytest.raises(ValidationError):
        get_setting("chat.discussion_creators").parse("some")
    assert get_setting("chat.discussion_whitelist_depts").parse("研发部/ 前端组 ,市场部") == ["研发部/前端组", "市场部"]


def test_derived_operations_are_journalled_shown_and_not_counted() -> None:
    primary = Operation("member", "update", 7, before={"depts": [[1, ""]]}, after={"depts": [[2, ""]]}, version=3,
                        label="bob", category="moved")
    joined = Operation("group_member", "add", -5, after={"id": -5, "group_id": 9, "member_id": 7, "admin": False},
                       label="bob → B", category="joined", derived=True)
    left = Operation("group_member", "delete", 11, before={"id": 11, "group_id": 8, "member_id": 7, "admin": True},
                     version=1, label="bob → A", category="left", derived=True)
    cs = ChangeSet("member.move", "root", [left, primary, joined])
    assert cs.summary()["moved"] == 1 and cs.summary()["added"] == 0 and cs.summary()["deleted"] == 0
    assert [op.get("derived", False) for op in cs.to_dict()["operations"]] == [True, False, True]
    decoded = decode_operations(encode_operations(cs.operations))
    assert [(o.entity, o.action, o.derived, o.category) for o in decoded] == [
        ("group_member", "delete", True, "left"), ("member", "update", False, "moved"),
        ("group_member", "add", True, "joined")]
    inverse = list(inverse_operations(decoded))
    assert [(o.entity, o.action, o.derived, o.category) for o in inverse] == [
        ("group_member", "delete", True, "left"), ("member", "update", False, "moved"),
        ("group_member", "add", True, "joined")]


def test_derive_operations_strips_stale_ones_and_orders_new_ones() -> None:
    calls: list[list[Operation]] = []

    def derive(conn: Any, ops: list[Operation]) -> list[Operation]:
        calls.append(ops)
        take = entities.placeholders_after(ops)
        return [Operation("x", "delete", 1), Operation("x", "add", take()), Operation("x", "update", 2)]

    saved = dict(entities._DERIVATIONS)
    entities._DERIVATIONS.clear()
    entities.register_derivation("test", derive)
    try:
        stale = Operation("x", "add", -9, derived=True)
        planned = Operation("y", "add", -3)
        out = entities.derive_operations(None, [stale, planned])  # type: ignore[arg-type]
    finally:
        entities._DERIVATIONS.clear()
        entities._DERIVATIONS.update(saved)
    assert calls == [[planned]]
    assert [(o.action, o.derived) for o in out] == [("delete", True), ("update", True), ("add", False), ("add", True)]
    assert out[-1].key == -4  # below every placeholder the planner used
