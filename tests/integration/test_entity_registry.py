"""An entity declared only in the registry is written, undone, scoped and backed up like the built-in ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select

from youdu_console.domain.changeset import ChangeSet, Operation
from youdu_console.domain.errors import ConflictError, PermissionDenied, YouduError
from youdu_console.services import changes, entities
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login
from youdu_console.services.interchange import ExportService, ImportService

NOTICES = Table(
    "test_notice", MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", String(100), nullable=False, unique=True),
    Column("body", String(500), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
)


@pytest.fixture
def notices(any_console: Console) -> Iterator[Console]:
    """A throwaway area: one table, declared to the engine and nowhere else."""
    NOTICES.create(any_console.uow.engine)
    entities.register(entities.Entity("test_notice", NOTICES, id_block="directory", right="settings.write",
                                      label=("通知", "notice"), backup=entities.Backup(natural_key="title")))
    try:
        yield any_console
    finally:
        entities.unregister("test_notice")
        NOTICES.drop(any_console.uow.engine)


def _rows(console: Console) -> dict[str, str]:
    with console.uow.read() as conn:
        return dict(conn.execute(select(NOTICES.c.title, NOTICES.c.body)).all())


def _add(title: str, body: str) -> ChangeSet:
    return ChangeSet("test.notice", "root", [Operation("test_notice", "add", -1, after={"id": -1, "title": title,
                                                                                         "body": body},
                                                       label=title, category="added")])


def test_apply_undo_and_rights(notices: Console) -> None:
    console = notices
    applied = console.apply(_add("停电通知", "周六 9:00"))
    assert _rows(console) == {"停电通知": "周六 9:00"}
    with console.uow.read() as conn:
        new_id = conn.execute(select(NOTICES.c.id)).scalar()
    assert new_id is not None and new_id > 0  # the placeholder got an id from the entity's id block

    edit = ChangeSet("test.notice", "root", [Operation("test_notice", "update", new_id, before={"body": "周六 9:00"},
                                                       after={"body": "周日 9:00"}, version=1, label="停电通知")])
    console.apply(edit)
    assert _rows(console) == {"停电通知": "周日 9:00"}
    stale = ChangeSet("test.notice", "root", [Operation("test_notice", "update", new_id, after={"body": "x"},
                                                        version=1, label="停电通知")])
    with pytest.raises(ConflictError):
        console.apply(stale)

    changes.undo(console.uow, console.actor, changes.last_undoable(console.uow, console.actor) or 0)
    assert _rows(console) == {"停电通知": "周六 9:00"}
    # The add's inverse deletes the row it made; the row has changed since (edited, edit undone): a conflict.
    with pytest.raises(ConflictError):
        changes.undo(console.uow, console.actor, applied.id or 0)

    second = console.apply(_add("放假通知", "十一"))
    changes.undo(console.uow, console.actor, second.id or 0)
    assert _rows(console) == {"停电通知": "周六 9:00"}

    # The entity's declared right is enforced inside the apply, for any role that lacks it.
    AdminService(console.uow).add(console.actor, "desk", "helpdesk", "Desk#12345")
    helpdesk = login(console.uow, "desk", "Desk#12345")
    with pytest.raises(PermissionDenied):
        helpdesk.apply(_add("x", "y"))
    assert _rows(console) == {"停电通知": "周六 9:00"}


def test_dat_backup_carries_the_entity(notices: Console, tmp_path: Path) -> None:
    console = notices
    console.apply(_add("停电通知", "周六 9:00"))
    console.apply(_add("=cmd|' /C calc'!A0", "a title that looks like a formula"))
    backup = tmp_path / "backup.dat"
    result = ExportService(console.uow, console.actor).export_dat(backup)
    assert result["rows"] == 2

    for change_id in sorted(c["id"] for c in changes.list_changes(console.uow, console.actor)
                            if c["kind"] == "test.notice"):
        changes.undo(console.uow, console.actor, change_id)
    assert _rows(console) == {}

    svc = ImportService(console.uow, console.actor)
    cs = svc.plan_dat(backup)
    assert [op.label for op in cs.operations if op.entity == "test_notice"] == ["停电通知", "=cmd|' /C calc'!A0"]
    svc.apply(cs)
    assert _rows(console) == {"停电通知": "周六 9:00", "=cmd|' /C calc'!A0": "a title that looks like a formula"}
    assert svc.plan_dat(backup).is_empty  # restoring again changes nothing

    # An entity a newer version declares is skipped by a reader that does not know it, like unknown settings.
    entities.unregister("test_notice")
    try:
        assert ImportService(console.uow, console.actor).plan_dat(backup).is_empty
    finally:
        entities.register(entities.Entity("test_notice", NOTICES, id_block="directory", right="settings.write",
                                          label=("通知", "notice"), backup=entities.Backup(natural_key="title")))


def test_unknown_entity_is_a_coded_error(console: Console) -> None:
    bogus = ChangeSet("x", "root", [Operation("no_such_entity", "add", -1, after={"id": -1})])
    with pytest.raises(YouduError) as info:
        console.apply(bogus)
    assert info.value.code == "internal"
