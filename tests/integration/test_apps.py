"""企业应用 on SQLite, PostgreSQL and MariaDB: the system apps from `db init`, self-built apps planned, applied
and undone, keys regenerated (the old one stops decrypting), secrets revealed to super admins only (audited)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.core import Cli
from youdu_console.domain import app_crypto
from youdu_console.domain.apps import SYSTEM_IDS
from youdu_console.domain.changeset import ChangeSet
from youdu_console.domain.errors import PermissionDenied, ValidationError
from youdu_console.services import audit, changes
from youdu_console.services.admins import AdminService
from youdu_console.services.apps import app_credentials
from youdu_console.services.console import Console, login


def _apply(c: Console, plan: ChangeSet) -> ChangeSet:
    return c.apply(changes.complete(c.uow, plan))


def test_db_init_makes_every_system_app_with_its_own_key(sqlite_url: str) -> None:
    cli = Cli(sqlite_url)
    assert cli("db", "init", admin=False).code == 0
    from tests.fixtures.core import bootstrap

    c = bootstrap(sqlite_url)
    try:
        listed = {a.app_id: a for a in c.apps.list_apps()}
        assert SYSTEM_IDS <= listed.keys()
        assert {"sysFileAssistant", "sysExmailAssistant", "sysOrgAssistant", "sysMsgAssistant",
                "sysSmsAssistant"} <= listed.keys()
        keys = set()
        with c.uow.read() as conn:
            for app_id in SYSTEM_IDS:
                cred = app_credentials(conn, app_id)
                assert cred is not None and cred.system and len(cred.aes_key) == 32
                keys.add(cred.aes_key)
            assert app_credentials(conn, "ydNOSUCHAPP") is None
        assert len(keys) == len(SYSTEM_IDS)
        for app_id in SYSTEM_IDS:
            with pytest.raises(ValidationError) as err:
                c.apps.plan_delete(app_id)
            assert err.value.code == "app_system_undeletable"
    finally:
        c.uow.dispose()


def test_self_built_app_life_cycle_and_key_regeneration(any_console: Console) -> None:
    c = any_console
    made = _apply(c, c.apps.plan_add("报销", intro="费用报销系统", terminals="desktop",
                                     homepage="https://oa.example.com/sso?ydtoken=$TOKEN$"))
    app_id = made.operations[0].key
    assert made.to_dict()["operations"][0]["values"]["aes_key"] == "***"  # previews never show a secret
    view = c.apps.get(app_id)
    assert (view.kind, view.terminals, view.enabled) == ("custom", ("desktop",), True)
    with c.uow.read() as conn:
        old = app_credentials(conn, app_id)
    assert old is not None and not old.system
    sealed = app_crypto.encrypt(old.aes_key, app_id, b'{"toUser":"alice"}')
    assert app_crypto.decrypt(old.aes_key, sealed) == (b'{"toUser":"alice"}', app_id)

    _apply(c, c.apps.plan_regenerate_key(app_id))
    with c.uow.read() as conn:
        new = app_credentials(conn, app_id)
    assert new is not None and new.aes_key != old.aes_key
    try:  # what was sealed under the old key no longer opens as this app's message
        opened: tuple[bytes, str] | None = app_crypto.decrypt(new.aes_key, sealed)
    except app_crypto.CryptoError:
        opened = None
    assert opened != (b'{"toUser":"alice"}', app_id)

    secret = c.apps.reveal_secret(app_id)["encoding_aes_key"]
    assert len(secret) == 44 and app_crypto.decrypt(new.aes_key, app_crypto.encrypt(new.aes_key, app_id, b"x"))
    assert any(e["action"] == "app.reveal_secret" and e["target"] == app_id for e in audit.list_entries(c.uow))

    with pytest.raises(ValidationError) as err:
        c.apps.plan_add("报销", intro="重复的名字")
    assert err.value.code == "app_name_taken"
    deleted = _apply(c, c.apps.plan_delete(app_id))
    assert app_id not in {a.app_id for a in c.apps.list_apps()}
    changes.undo(c.uow, c.actor, deleted.id or 0)
    assert c.apps.get(app_id).name == "报销"


def _scoped(c: Console) -> Console:
    d = c.directory
    for path in ("公司", "公司/研发部", "公司/产品部"):
        c.apply(d.plan_add_department(path))
    AdminService(c.uow).add(c.actor, "rd", "scoped", "Scoped#123", ["公司/研发部"])
    return login(c.uow, "rd", "Scoped#123")


def test_scoped_admins_manage_only_their_own_self_built_apps(console: Console) -> None:
    scoped = _scoped(console)
    mine = _apply(scoped, scoped.apps.plan_add("研发工具", intro="研发部的工具")).operations[0].key
    _apply(scoped, scoped.apps.plan_update(mine, enabled=False))
    theirs: Any = _apply(console, console.apps.plan_add("产品工具", intro="产品部的工具", dept="公司/产品部"))
    for plan in (lambda: scoped.apps.plan_update(theirs.operations[0].key, enabled=False),
                 lambda: scoped.apps.plan_delete(theirs.operations[0].key)):
        with pytest.raises(PermissionDenied) as err:
            plan()
        assert err.value.code == "permission_out_of_scope"
    with pytest.raises(PermissionDenied):  # system apps: super admins only
        scoped.apps.plan_update("sysMsgAssistant", enabled=False)
    with pytest.raises(PermissionDenied):  # secrets: super admins only
        scoped.apps.reveal_secret(mine)
    # the apply refuses a set a super admin planned, when the scoped admin applies it
    with pytest.raises(PermissionDenied):
        scoped.apply(console.apps.plan_regenerate_key("sysOrgAssistant"))
