"""Optimistic concurrency: a second administrator's stale edit is refused, nothing is lost."""

from __future__ import annotations

import pytest

from tests.fixtures.core import bootstrap
from youdu_console.domain.errors import ConflictError
from youdu_console.services.admins import AdminService
from youdu_console.services.console import login


def test_concurrent_edit_of_one_member_conflicts(fresh_db_url: str) -> None:
    root = bootstrap(fresh_db_url)
    root.apply(root.directory.plan_add_department("研发部"))
    root.apply(root.directory.plan_add_member("zhangwei", name="张伟", departments=["研发部"]))
    AdminService(root.uow).add(root.actor, "alice", "super", "Alice#123")
    # A second administrator on its own connection pool, as on another desktop.
    other = login(bootstrap(fresh_db_url).uow, "alice", "Alice#123")

    first = root.directory.plan_update_member("zhangwei", weight=5)
    second = other.directory.plan_update_member("zhangwei", position="经理", weight=7)
    root.apply(first)
    with pytest.raises(ConflictError) as info:
        other.apply(second)
    assert info.value.code == "conflict"

    member = root.directory.get_member("zhangwei")
    assert member.weight == 5 and member.position == ""  # the first edit kept, the second not half-applied
    assert member.version == 2
    # The refused apply left no journal entry and no audit entry.
    from youdu_console.services import audit, changes

    assert [c["kind"] for c in changes.list_changes(root.uow, root.actor)][:1] == ["member.update"]
    assert audit.verify(root.uow)["ok"]
    # Re-planned on fresh data, the second administrator's edit goes through.
    other.apply(other.directory.plan_update_member("zhangwei", position="经理", weight=7))
    assert root.directory.get_member("zhangwei").weight == 7
    other.uow.dispose()
    root.uow.dispose()


def test_undo_after_a_later_edit_is_a_conflict(console) -> None:  # type: ignore[no-untyped-def]
    d = console.directory
    console.apply(d.plan_add_department("研发部"))
    added = console.apply(d.plan_add_member("lisi", name="李四", departments=["研发部"]))
    console.apply(d.plan_update_member("lisi", weight=3))
    from youdu_console.services import changes

    with pytest.raises(ConflictError):
        changes.undo(console.uow, console.actor, added.id)
    assert d.get_member("lisi").weight == 3
