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
from youdu_console.domain.errors import YouduError as YouduErrorType
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

    # templates: inside its subtree with its own apps only
    _apply(scoped, scoped.portal.plan_add("研发门户", apps=[mine], depts=["公司/研发部"]))
    for plan in (lambda: scoped.portal.plan_add("越界", apps=[mine], depts=["公司/产品部"]),
                 lambda: scoped.portal.plan_add("系统", apps=["sysFileAssistant"], depts=["公司/研发部"]),
                 lambda: scoped.portal.plan_add("无人", apps=[mine])):
        with pytest.raises(PermissionDenied):
            plan()
    with pytest.raises(PermissionDenied):  # planned by a super admin, refused at the scoped admin's apply
        scoped.apply(console.portal.plan_add("越界", apps=[mine], depts=["公司/产品部"]))
    _apply(console, console.portal.plan_add("全公司", apps=[mine], depts=["公司"]))
    with pytest.raises(PermissionDenied):  # its app now reaches beyond its subtree: no longer its alone
        scoped.apps.plan_update(mine, enabled=True)
    assert [t.name for t in scoped.portal.list_templates()] == ["全公司", "研发门户"]


def _org(c: Console) -> dict[str, str]:
    d = c.directory
    for path in ("公司", "公司/研发部", "公司/研发部/前端组", "公司/产品部", "外部"):
        c.apply(d.plan_add_department(path))
    for acc, dept in (("alice", "公司/产品部"), ("dave", "公司/研发部/前端组"), ("erin", "外部"),
                      ("carol", "公司/研发部")):
        c.apply(d.plan_add_member(acc, name=acc.title(), departments=[dept]))
    ids = {}
    for name, terminals in (("OA", "desktop,mobile"), ("报销", "desktop"), ("代码库", "desktop,mobile"),
                            ("移动打卡", "mobile")):
        ids[name] = _apply(c, c.apps.plan_add(name, intro=f"{name}的介绍", terminals=terminals)).operations[0].key
    return ids


def _seen(c: Console, account: str, terminal: str | None = None) -> list[str]:
    from youdu_console.policy.apps import apps_for

    with c.uow.read() as conn:
        return [a.name for a in apps_for(conn, account, terminal)]


def test_a_member_sees_the_union_of_the_templates_that_apply(any_console: Console) -> None:
    c = any_console
    ids = _org(c)
    p = c.portal
    # everyone in 公司 (a subtree audience), the 研发部 subtree, and one member named outright
    _apply(c, p.plan_add("全员", apps=[f"办公:{ids['OA']}", f"办公:{ids['报销']}"], depts=["公司"]))
    _apply(c, p.plan_add("研发", apps=[f"研发:{ids['代码库']}", f"办公:{ids['OA']}"], depts=["公司/研发部"]))
    _apply(c, p.plan_add("外协", apps=[ids["移动打卡"], ids["代码库"]], members=["erin", "alice"]))

    assert _seen(c, "dave") == ["OA", "报销", "代码库"]  # 前端组 lies under 研发部 and 公司: no repeats
    assert _seen(c, "alice") == ["OA", "报销", "移动打卡", "代码库"]
    assert _seen(c, "erin") == ["移动打卡", "代码库"]  # 外部 is outside 公司: only the member template
    assert _seen(c, "dave", "mobile") == ["OA", "代码库"]
    assert _seen(c, "alice", "desktop") == ["OA", "报销", "代码库"]
    assert _seen(c, "nobody") == []

    _apply(c, c.apps.plan_update(ids["报销"], enabled=False))  # a disabled app shows nowhere
    _apply(c, p.plan_update("研发", enabled=False))
    assert _seen(c, "dave") == ["OA"]
    view = p.get("外协")
    assert view.members == ("alice", "erin") and [e.app_id for e in view.apps] == [ids["移动打卡"], ids["代码库"]]
    reordered = _apply(c, p.plan_update("外协", apps=[ids["代码库"], ids["移动打卡"]], members=["erin"]))
    assert _seen(c, "erin") == ["代码库", "移动打卡"] and "移动打卡" not in _seen(c, "alice")
    changes.undo(c.uow, c.actor, reordered.id or 0)
    assert _seen(c, "erin") == ["移动打卡", "代码库"]

    with pytest.raises(Exception) as err:  # a template with an unknown member: coded, nothing changed
        p.plan_add("坏模板", members=["ghost"])
    assert getattr(err.value, "code", "") == "member_not_found"
    assert [t.name for t in p.list_templates()] == ["全员", "外协", "研发"]

    # deleting a member (from the resigned list) drops it from every audience in the same change set
    c.apply(c.directory.plan_resign(["erin"]))
    _apply(c, c.directory.plan_delete_members(["erin"]))
    assert p.get("外协").members == ("alice",)


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _png_bomb() -> bytes:
    """A valid PNG declaring 30000×30000 pixels of zeros: 900 Mpx (2.7 GB decoded) in under a megabyte."""
    import struct
    import zlib

    width = height = 30000

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * (width // 8 + 1)
    z = zlib.compressobj(9)
    body = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_logos_are_checked_and_scaled_and_bombs_refused(console: Console, tmp_path: Any) -> None:
    import base64
    import io

    from PIL import Image

    c = console
    made = _apply(c, c.apps.plan_add("相册", intro="带图标的应用", logo=_png(600, 300)))
    logo = c.apps.logo(made.operations[0].key)
    assert logo is not None and Image.open(io.BytesIO(logo)).size == (128, 64)  # scaled, aspect kept
    bomb = _png_bomb()
    assert len(bomb) < 1_000_000
    before = [a.app_id for a in c.apps.list_apps()]
    for data, code in ((bomb, "app_logo_bomb"), (b"GIF89a not really", "app_logo_not_image"),
                       (b"%PDF-1.4\n", "app_logo_not_image"), (b"\x89PNG" + b"\0" * (3 << 20), "app_logo_too_large")):
        with pytest.raises(ValidationError) as err:
            c.apps.plan_add("坏图标", intro="不该被添加", logo=data)
        assert err.value.code == code
    assert [a.app_id for a in c.apps.list_apps()] == before  # nothing changed
    # the CLI refuses it the same way, coded, exit 1
    (tmp_path / "bomb.png").write_bytes(bomb)
    cli = Cli(str(c.uow.engine.url.render_as_string(hide_password=False)))
    res = cli("app", "add", "坏图标", "--intro", "不该被添加", "--logo", str(tmp_path / "bomb.png"))
    assert res.code == 1 and res.data["error"]["code"] == "app_logo_bomb"
    assert base64.b64decode(c.apps.reveal_secret(made.operations[0].key)["encoding_aes_key"])


def test_apps_file_round_trip_encrypted_and_not_with_undo(console: Console, tmp_path: Any) -> None:
    from youdu_console.interchange.dat import write_dat

    c = console
    ids = _org(c)
    _apply(c, c.apps.plan_update(ids["OA"], auto_replies=[{"keyword": "帮助", "match": "exact", "reply": "你好"}]))
    _apply(c, c.portal.plan_add("全员", apps=[f"办公:{ids['OA']}", ids["代码库"]], depts=["公司"], members=["erin"]))
    with c.uow.read() as conn:
        keys = {a: app_credentials(conn, a).aes_key for a in ids.values()}  # type: ignore[union-attr]
    plain, sealed = tmp_path / "apps.dat", tmp_path / "apps-secret.dat"
    assert c.app_files.export(plain)["secrets"] is False
    assert c.app_files.export(sealed, password="Backup#2024")["secrets"] is True
    from youdu_console.interchange.dat import read_dat

    def app_rows(path: Any, password: str | None = None) -> list[dict[str, Any]]:
        return [r["values"] for r in read_dat(path, password=password) if r.get("entity") == "app"]

    assert not any("aes_key" in v for v in app_rows(plain))  # secrets only in an encrypted file
    assert all(len(v["aes_key"]) == 44 for v in app_rows(sealed, "Backup#2024"))
    # wipe: delete the template and two apps, then import the plain file: apps back with new keys
    _apply(c, c.portal.plan_delete("全员"))
    _apply(c, c.apps.plan_delete(ids["OA"]))
    _apply(c, c.apps.plan_delete(ids["代码库"]))
    preview = c.app_files.plan_import(plain)
    assert {op.key for op in preview.operations if op.entity == "app" and op.action == "add"} == \
        {ids["OA"], ids["代码库"]}
    assert c.portal.list_templates() == []  # a preview writes nothing
    imported = _apply(c, preview)
    view = c.portal.get("全员")
    assert view.members == ("erin",) and view.departments == ("公司",)
    assert [(e.group, e.app_id) for e in view.apps] == [("办公", ids["OA"]), ("", ids["代码库"])]
    assert c.apps.service_config(ids["OA"])["auto_replies"][0]["reply"] == "你好"
    with c.uow.read() as conn:
        assert app_credentials(conn, ids["OA"]).aes_key != keys[ids["OA"]]  # type: ignore[union-attr]
    changes.undo(c.uow, c.actor, imported.id or 0)
    assert c.portal.list_templates() == [] and ids["OA"] not in {a.app_id for a in c.apps.list_apps()}

    # the encrypted file carries the keys: after a regeneration, importing it puts the old key back
    _apply(c, c.apps.plan_regenerate_key(ids["报销"]))
    with pytest.raises(YouduErrorType) as err:
        c.app_files.plan_import(sealed)
    assert err.value.code == "dat_password_required"
    _apply(c, c.app_files.plan_import(sealed, password="Backup#2024"))
    with c.uow.read() as conn:
        for app_id, key in keys.items():
            assert app_credentials(conn, app_id).aes_key == key  # type: ignore[union-attr]

    # another product's file, the address book's .dat, a newer version: refused, nothing changed
    before = len(c.apps.list_apps())
    foreign, newer, book = tmp_path / "foreign.dat", tmp_path / "newer.dat", tmp_path / "book.dat"
    end = {"type": "end", "counts": {"department": 0, "member": 0, "setting": 0}}
    write_dat(foreign, [{"type": "meta", "format": "youdu-console-apps", "version": 1}, end], app="other-im")
    write_dat(newer, [{"type": "meta", "format": "youdu-console-apps", "version": 9}, end])
    c.exports.export_dat(book)
    for path, code in ((foreign, "apps_file_foreign"), (newer, "apps_file_version_unsupported"),
                       (book, "apps_file_wrong_kind")):
        with pytest.raises(YouduErrorType) as err:
            c.app_files.plan_import(path)
        assert err.value.code == code
    assert len(c.apps.list_apps()) == before


class _CallbackServer:
    """A local app server: answers the vendor's callback correctly (decrypts, checks the signature, echoes the
    packageId), wrongly ("ok" without decrypting), or not at all (holds the connection without answering)."""

    def __init__(self, mode: str, token: str, key: bytes, app_id: str) -> None:
        import http.server
        import threading

        outer = self
        self.mode, self.received = mode, []  # type: ignore[var-annotated]

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                import json
                import time
                from urllib.parse import parse_qs, urlsplit

                from youdu_console.services.callback import signature

                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                q = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                outer.received.append(body)
                if outer.mode == "silent":
                    time.sleep(3)
                    return
                if outer.mode == "correct":  # as the vendor's SDK does: check, decrypt, echo the packageId
                    answer = b"signature or key mismatch"
                    if q["msg_signature"] == signature(token, q["timestamp"], q["nonce"], body["encrypt"]):
                        try:
                            text, to = app_crypto.decrypt(key, body["encrypt"])
                            if to == app_id == body["toApp"]:
                                answer = json.loads(text)["packageId"].encode()
                        except (app_crypto.CryptoError, ValueError):
                            pass
                else:
                    answer = b"ok"
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/youdu/callback"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_verify_callback_against_servers_that_answer_correctly_wrongly_and_not_at_all(console: Console) -> None:
    import socket

    from youdu_console.services.callback import verify_app

    c = console
    app_id = _apply(c, c.apps.plan_add("服务号", intro="内部服务号")).operations[0].key
    _apply(c, c.apps.plan_regenerate_token(app_id))
    token = c.apps.reveal_secret(app_id)["callback_token"]
    with c.uow.read() as conn:
        key = app_credentials(conn, app_id).aes_key  # type: ignore[union-attr]
    results = {}
    for mode in ("correct", "wrong", "silent"):
        server = _CallbackServer(mode, token, key, app_id)
        try:
            _apply(c, c.apps.plan_update(app_id, service_mode=True, callback_url=server.url))
            results[mode] = verify_app(c.apps, app_id, timeout=1.0)
            assert len(server.received) == 1 and server.received[0]["toApp"] == app_id
        finally:
            server.close()
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    _apply(c, c.apps.plan_update(app_id, callback_url=f"http://127.0.0.1:{closed}/cb"))
    results["closed"] = verify_app(c.apps, app_id, timeout=1.0)
    assert {m: (r.ok, r.reason) for m, r in results.items()} == {
        "correct": (True, "ok"), "wrong": (False, "wrong_answer"), "silent": (False, "timeout"),
        "closed": (False, "unreachable")}
    # an old key no longer passes: the server still decrypts with the key it was given
    _apply(c, c.apps.plan_regenerate_key(app_id))
    server = _CallbackServer("correct", token, key, app_id)
    try:
        _apply(c, c.apps.plan_update(app_id, callback_url=server.url))
        assert (verify_app(c.apps, app_id, timeout=1.0).reason) == "wrong_answer"
    finally:
        server.close()


def test_message_menus_and_the_mobile_workbench(console: Console) -> None:
    import io

    from PIL import Image

    c = console
    made = _apply(c, c.menus.plan_add("message", "转发到 OA", url="https://oa.example.com/share", types=["text", "file"]))
    _apply(c, c.menus.plan_add("profile", "查看档案", url="https://hr.example.com/p", window="custom", width=900,
                               height=700))
    menus = c.menus.list_menus()
    assert [(m.scope, m.name, m.types, (m.width, m.height)) for m in menus] == [
        ("message", "转发到 OA", ("text", "file"), (680, 560)), ("profile", "查看档案", (), (900, 700))]
    for kwargs, code in (({"window": "custom", "width": 100, "height": 700}, "msgmenu_size_invalid"),
                         ({"types": []}, "msgmenu_types_required"), ({"url": "mailto:a@b"}, "app_url_invalid")):
        args = {"url": "https://oa.example.com/", **kwargs}
        with pytest.raises(ValidationError) as err:
            c.menus.plan_add("message", "坏菜单", **args)
        assert err.value.code == code
    changes.undo(c.uow, c.actor, made.id or 0)
    assert [m.name for m in c.menus.list_menus()] == ["查看档案"]

    _apply(c, c.menus.plan_workbench(corp_name="有度科技", image=_png(1500, 300)))
    name, image = c.menus.workbench()
    assert name == "有度科技" and image is not None and Image.open(io.BytesIO(image)).size == (750, 150)
    scoped = _scoped(c)
    with pytest.raises(PermissionDenied):
        scoped.menus.plan_workbench(corp_name="别人的公司")
