"""`app …`, `portal …`, `export/import apps` and `policy apps-for` through the CLI: the JSON shapes of
spec/CLI.md, the secret shown only with --reveal-secret to a super admin, coded refusals changing nothing."""

from __future__ import annotations

from typing import Any

from tests.fixtures.core import Cli, snapshot


def test_app_and_portal_commands(cli: Cli, tmp_path: Any) -> None:
    for path in ("公司", "公司/研发部"):
        assert cli("dept", "add", path).code == 0
    assert cli("member", "add", "dave", "--name", "Dave", "--dept", "公司/研发部").code == 0

    res = cli("app", "add", "人事管理系统入口", "--intro", "人事系统的入口", "--terminals", "desktop",
              "--homepage", "https://hr.example.com/sso?ydtoken=$TOKEN$")
    assert res.code == 0, res.err
    assert "6" in res.err  # the manual's advice: names longer than 6 characters are cut off (a warning)
    app_id = res.data["operations"][0]["key"]
    assert res.data["operations"][0]["values"]["aes_key"] == "***"
    shown = cli("app", "show", app_id).data
    assert shown == {"app_id": app_id, "name": "人事管理系统入口", "kind": "custom", "intro": "人事系统的入口",
                     "terminals": ["desktop"], "homepage": "https://hr.example.com/sso?ydtoken=$TOKEN$",
                     "enabled": True}
    key = cli("app", "show", app_id, "--reveal-secret").data["encoding_aes_key"]
    assert len(key) == 44
    assert "$TOKEN$" in cli("app", "show", app_id, as_json=False).out
    assert cli("app", "regenerate-secret", app_id).code == 0
    assert cli("app", "show", app_id, "--reveal-secret").data["encoding_aes_key"] != key
    listed = cli("app", "list").data
    assert {"sysOrgAssistant", "sysMsgAssistant", app_id} <= {a["app_id"] for a in listed}

    assert cli("portal", "add", "研发门户", "--app", f"常用:{app_id}", "--app", "sysFileAssistant",
               "--dept", "公司/研发部").code == 0
    assert [t["name"] for t in cli("portal", "list").data] == ["研发门户"]
    seen = cli("policy", "apps-for", "dave").data
    assert [(a["app_id"], a["group"]) for a in seen] == [(app_id, "常用"), ("sysFileAssistant", "")]
    assert [a["app_id"] for a in cli("policy", "apps-for", "dave", "--terminal", "mobile").data] == \
        ["sysFileAssistant"]

    # bad input: coded, exit 1, nothing changed
    before = snapshot(cli.url)
    for args, code in ((("app", "add", "X", "--intro", "短"), "app_intro_length"),
                       (("app", "add", "OA", "--intro", "办公系统呀", "--homepage", "ftp://x"), "app_url_invalid"),
                       (("app", "add", "人事管理系统入口", "--intro", "重名的应用"), "app_name_taken"),
                       (("app", "delete", "sysMsgAssistant"), "app_system_undeletable"),
                       (("portal", "add", "坏模板", "--member", "ghost"), "member_not_found"),
                       (("app", "add", "图", "--intro", "没有的文件", "--logo", str(tmp_path / "none.png")),
                        "app_logo_unreadable")):
        res = cli(*args)
        assert (res.code, res.data["error"]["code"]) == (1, code), res.out
    assert snapshot(cli.url) == before

    out = tmp_path / "apps.dat"
    assert cli("export", "apps", str(out)).data["secrets"] is False
    assert cli("portal", "delete", "研发门户").code == 0
    dry = cli("import", "apps", str(out), "--dry-run").data
    assert dry["id"] is None and dry["summary"]["added"] >= 1
    assert cli("import", "apps", str(out)).code == 0
    assert [t["name"] for t in cli("portal", "list").data] == ["研发门户"]


def test_service_account_commands(cli: Cli, tmp_path: Any) -> None:
    import json
    import socket

    app_id = cli("app", "add", "服务号", "--intro", "内部服务号").data["operations"][0]["key"]
    replies = tmp_path / "replies.json"
    replies.write_text(json.dumps([{"keyword": "帮助", "match": "exact", "reply": "请输入请假或报销"},
                                   {"keyword": r"请假\d+天", "match": "regex", "reply": "已收到"}],
                                  ensure_ascii=False), encoding="utf-8")
    menus = tmp_path / "menus.json"
    menus.write_text(json.dumps([{"name": "办公", "items": [{"name": "OA", "type": "view",
                                                             "url": "https://oa.example.com/"}]}]), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = cli("app", "service", app_id, "--enable", "--callback-url", f"http://127.0.0.1:{port}/cb", "--new-token",
              "--replies", str(replies), "--menus", str(menus))
    assert res.code == 0, res.out
    changed = res.data["operations"][0]["changes"]
    assert changed["callback_token"][1] == "***"  # the Token is a secret too
    assert cli("app", "reply-test", app_id, "我要请假3天").data["reply"] == "已收到"
    assert cli("app", "reply-test", app_id, "你好").data is None
    res = cli("app", "verify-callback", app_id, "--timeout", "1")
    assert (res.code, res.data["reason"]) == (1, "unreachable")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": f"m{i}"} for i in range(4)]), encoding="utf-8")
    res = cli("app", "service", app_id, "--menus", str(bad))
    assert (res.code, res.data["error"]["code"]) == (1, "menu_too_many_top")
