"""serve-api's protocol, checked with a client written from the vendor's documentation (tests/api_helpers):
padding, any-IV decryption, envelopes, tokens, limits and every error code the server returns."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api_helpers import ApiClient, Key, client_decrypt, client_encrypt, new_key, running_api
from tests.fixtures.core import bootstrap
from youdu_console.api import crypto, endpoints
from youdu_console.api.protocol import Limits
from youdu_console.services import changes

ORG, MSG, OTHER = new_key("sysOrgAssistant"), new_key("sysMsgAssistant"), new_key("portal")


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def api(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'y.db'}"
    console = bootstrap(url)
    clock = Clock()
    with running_api(console.uow, [ORG, MSG, OTHER, Key("disabled", os.urandom(32), enabled=False)], buin=1,
                     limits=Limits(max_body=64 * 1024), clock=clock) as (base, server):
        yield {"base": base, "console": console, "clock": clock, "server": server}
    console.uow.dispose()


def org(api: dict[str, Any]) -> ApiClient:
    return ApiClient(api["base"], ORG)


# ---------------------------------------------------------------- the cipher
@pytest.mark.parametrize("length", [0, 1, 11, 12, 13, 31, 32, 43, 44, 45, 76])
def test_padding_is_to_32_bytes_aligned_or_not(length: int) -> None:
    key, message = os.urandom(32), os.urandom(length)
    body = 16 + 4 + length + len("app")
    raw = __import__("base64").b64decode(crypto.encrypt(key, message, "app"))
    expected = body + (32 - body % 32)  # an aligned body gets a whole block of padding
    assert len(raw) == expected and len(raw) % 32 == 0
    assert client_decrypt(key, crypto.encrypt(key, message, "app")) == (message, "app")
    assert crypto.pad(b"x" * 32)[-32:] == bytes([32]) * 32
    assert crypto.decrypt(key, client_encrypt(key, "app", message)).message == message


def test_decrypt_tolerates_any_iv_and_checks_the_rest() -> None:
    key = os.urandom(32)
    for iv in (os.urandom(16), key[:16], bytes(16)):
        assert crypto.decrypt(key, client_encrypt(key, "app", b"hello", iv=iv)).message == b"hello"
    for bad in ("", "not base64!", __import__("base64").b64encode(os.urandom(48)).decode(),
                client_encrypt(os.urandom(32), "app", b"hello")):
        with pytest.raises(crypto.DecryptError):
            crypto.decrypt(key, bad)


# ---------------------------------------------------------------- gettoken and tokens
def test_gettoken_issues_a_new_token_per_call_valid_7200_s(api: dict[str, Any]) -> None:
    c = org(api)
    first = c.gettoken()
    assert first["errcode"] == 0
    reply = json.loads(c.decrypt(first["encrypt"]))
    assert reply["expireIn"] == 7200
    token1 = c.token
    c.gettoken()
    assert c.token != token1
    for token in (token1, c.token):  # the earlier token stays valid until it expires
        assert c.call("/cgi/dept/list", params={"id": "0"}, token=token)["errcode"] == 0


@pytest.mark.parametrize("stamp_offset, code", [(-3600, 100003), (3600, 100003)])
def test_gettoken_refuses_timestamps_outside_the_replay_window(api: dict[str, Any], stamp_offset: int,
                                                                code: int) -> None:
    c = org(api)
    assert c.gettoken(int(api["clock"].now) + stamp_offset)["errcode"] == code


def test_gettoken_refuses_a_replayed_request_and_a_plaintext_that_is_not_a_time(api: dict[str, Any]) -> None:
    c = org(api)
    body = c.envelope(str(int(api["clock"].now)).encode())
    assert c.post_raw("/cgi/gettoken", body)["errcode"] == 0
    assert c.post_raw("/cgi/gettoken", body)["errcode"] == 100003
    assert c.post_raw("/cgi/gettoken", c.envelope(b"yesterday"))["errcode"] == 100006


def test_tokens_missing_unknown_and_expired(api: dict[str, Any]) -> None:
    c = org(api)
    c.gettoken()
    assert c.post_raw("/cgi/dept/list", None, {"id": "0"}, method="GET")["errcode"] == 100000
    assert c.call("/cgi/dept/list", params={"id": "0"}, token="f" * 32)["errcode"] == 100001
    clock = api["clock"]
    clock.now += 7201
    try:
        assert c.call("/cgi/dept/list", params={"id": "0"})["errcode"] == 100002
    finally:
        clock.now -= 7201


# ---------------------------------------------------------------- envelopes
@pytest.mark.parametrize("overrides, code", [
    ({"buin": None}, 100008), ({"buin": 2}, 100009), ({"buin": "1"}, 100012),
    ({"appId": None}, 100010), ({"appId": 7}, 100013), ({"appId": "nobody"}, 100005),
    ({"appId": "disabled"}, 100005), ({"encrypt": None}, 100011), ({"encrypt": 12}, 100014),
    ({"encrypt": "AAAA"}, 100006),
])
def test_gettoken_envelope_fields(api: dict[str, Any], overrides: dict[str, Any], code: int) -> None:
    c = org(api)
    body = json.loads(c.envelope(str(int(time.time())).encode()))
    for k, val in overrides.items():
        if val is None:
            del body[k]
        else:
            body[k] = val
    assert c.post_raw("/cgi/gettoken", json.dumps(body).encode())["errcode"] == code


def test_call_envelopes_wrong_app_id_and_bad_json(api: dict[str, Any]) -> None:
    c = org(api)
    c.gettoken()
    q = {"accessToken": c.token or ""}
    # The envelope names another app than the token's.
    other = ApiClient(api["base"], OTHER).envelope(b"{}")
    assert c.post_raw("/cgi/dept/create", other, q)["errcode"] == 100005
    # The ciphertext carries another appId than the envelope's.
    forged = json.dumps({"buin": 1, "appId": ORG.app_id,
                         "encrypt": client_encrypt(ORG.aes_key, "portal", b"{}")}).encode()
    assert c.post_raw("/cgi/dept/create", forged, q)["errcode"] == 100005
    assert c.post_raw("/cgi/dept/create", b"{not json", q)["errcode"] == 100004
    assert c.post_raw("/cgi/dept/create", c.envelope(b"not json"), q)["errcode"] == 100004
    assert c.call("/cgi/no/such/api")["errcode"] == 5


@pytest.mark.parametrize("name_length", [1, 4, 5, 6, 16, 17])  # bodies around 32-byte boundaries
def test_requests_of_aligned_and_unaligned_lengths(api: dict[str, Any], name_length: int) -> None:
    c = org(api)
    name = "d" * name_length
    reply = c.call("/cgi/dept/create", {"name": f"{name}-{name_length}"})
    assert reply["errcode"] == 0, reply
    got = c.call("/cgi/dept/get", params={"id": str(reply["data"]["id"])})
    assert got["data"]["name"] == f"{name}-{name_length}"


def test_oversized_body_is_refused_before_decryption(api: dict[str, Any]) -> None:
    c = org(api)
    c.gettoken()
    big = c.envelope(json.dumps({"name": "x" * 70_000}).encode())
    assert c.post_raw("/cgi/dept/create", big, {"accessToken": c.token or ""})["errcode"] == 100003
    assert c.post_raw("/cgi/gettoken", b" " * 70_000)["errcode"] == 100003


# ---------------------------------------------------------------- which app may call what
def test_reads_for_every_app_org_writes_only_for_the_org_assistant(api: dict[str, Any]) -> None:
    portal = ApiClient(api["base"], OTHER)
    assert portal.call("/cgi/dept/list", params={"id": "0"})["errcode"] == 0
    assert portal.call("/cgi/dept/create", {"name": "x"})["errcode"] == 3
    assert portal.call("/cgi/msg/send", {"msgType": "sysMsg", "toUser": "root", "sysMsg": {}})["errcode"] == 3


# ---------------------------------------------------------------- the org codes
def test_org_error_codes(api: dict[str, Any]) -> None:
    c = org(api)
    top = c.call("/cgi/dept/create", {"name": "错误码", "alias": "codes"})["data"]["id"]
    child = c.call("/cgi/dept/create", {"name": "子", "parentId": top, "id": 880001})["data"]["id"]
    assert child == 880001
    cases = [
        ("/cgi/dept/create", {"name": "又一个", "id": 880001}, 300112),
        ("/cgi/dept/create", {"name": "子", "parentId": top}, 300107),
        ("/cgi/dept/create", {"parentId": top}, 300110),
        ("/cgi/dept/create", {"name": "孤", "parentId": 424242}, 300308),
        ("/cgi/dept/create", {"name": "别名", "alias": "codes"}, 300119),
        ("/cgi/dept/update", {"id": 0, "name": "根"}, 300101),
        ("/cgi/dept/update", {"id": 424242, "name": "无"}, 300114),
        ("/cgi/user/create", {"name": "无名", "dept": [top]}, 300201),
        ("/cgi/user/create", {"userId": "u1", "dept": [top]}, 300202),
        ("/cgi/user/create", {"userId": "u1", "name": "一"}, 300203),
        ("/cgi/user/create", {"userId": "u1", "name": "一", "dept": [424242]}, 300114),
        ("/cgi/user/create", {"userId": "u1", "name": "一", "dept": [top], "email": "nope"}, 300208),
        ("/cgi/user/create", {"userId": "u1", "name": "一", "dept": [child]}, 0),
        ("/cgi/user/create", {"userId": "U1", "name": "一", "dept": [child]}, 300224),
        ("/cgi/user/update", {"userId": "ghost", "name": "鬼"}, 300225),
        ("/cgi/user/positionupdate", {"userId": "u1", "deptId": top, "position": "x"}, 300227),
        ("/cgi/user/batchdelete", {"delList": []}, 300204),
    ]
    for path, body, code in cases:
        assert c.call(path, body)["errcode"] == code, (path, body)
    assert c.call("/cgi/dept/delete", params={"id": str(top)})["errcode"] == 300115
    assert c.call("/cgi/dept/delete", params={"id": str(child)})["errcode"] == 300116
    assert c.call("/cgi/dept/getid", params={"alias": "nope"})["errcode"] == 300119
    assert c.call("/cgi/user/get", params={"userId": "ghost"})["errcode"] == 300225
    m = ApiClient(api["base"], MSG)
    sysmsg = {"msgType": "sysMsg", "sysMsg": {"title": "t", "msg": []}}
    assert m.call("/cgi/msg/send", {**sysmsg, "toUser": "ghost"})["errcode"] == 200007
    assert m.call("/cgi/msg/send", {**sysmsg, "toDept": "424242"})["errcode"] == 300307
    assert m.call("/cgi/msg/send", {**sysmsg, "msgType": "text"})["errcode"] == 5


def test_internal_errors_carry_no_stack_trace(api: dict[str, Any]) -> None:
    def boom(call: Any) -> None:
        raise RuntimeError("secret detail /srv/path.py line 3")

    endpoints.endpoint("/cgi/test/boom")(boom)
    try:
        reply = org(api).call("/cgi/test/boom")
    finally:
        del endpoints.ENDPOINTS["/cgi/test/boom"]
    assert reply == {"errcode": -1, "errmsg": "内部错误 / internal error"}


# ---------------------------------------------------------------- limits
def test_rate_limit_per_app_and_token_brute_force_blocking(tmp_path: Any) -> None:
    console = bootstrap(f"sqlite:///{tmp_path / 'limits.db'}")
    limits = Limits(rate_per_app=5, bad_token_limit=5)
    with running_api(console.uow, [ORG, OTHER], limits=limits) as (base, _):
        c = ApiClient(base, ORG)
        codes = [c.call("/cgi/dept/list", params={"id": "0"})["errcode"] for _ in range(8)]
        assert codes[:4] == [0] * 4 and codes[-1] == 100003  # the bucket holds 5 (gettoken took one)
        assert ApiClient(base, OTHER).call("/cgi/dept/list", params={"id": "0"})["errcode"] == 0  # per app
        guesser = ApiClient(base, OTHER)
        guesser.gettoken()
        good = guesser.token
        assert [guesser.call("/cgi/dept/list", token=os.urandom(16).hex())["errcode"] for _ in range(5)] == \
            [100001] * 5
        # Blocked: even a valid token is refused from this address for a while.
        assert guesser.call("/cgi/dept/list", params={"id": "0"}, token=good)["errcode"] == 100003
    console.uow.dispose()


# ---------------------------------------------------------------- history
def test_api_changes_are_change_sets_in_history_and_undo(api: dict[str, Any]) -> None:
    c = org(api)
    dept = c.call("/cgi/dept/create", {"name": "撤销部"})["data"]["id"]
    assert c.call("/cgi/user/create", {"userId": "undo1", "name": "撤一", "dept": [dept]})["errcode"] == 0
    console = api["console"]
    recent = changes.list_changes(console.uow, console.actor, 2, "zh_CN")
    assert [(h["actor"], h["kind"]) for h in recent] == [("app:sysOrgAssistant", "member.add"),
                                                         ("app:sysOrgAssistant", "dept.add")]
    entries = changes.list_audit(console.uow, console.actor, limit=5)
    assert any(e["actor"] == "app:sysOrgAssistant" and e["action"] == "member.add" for e in entries)
    changes.undo(console.uow, console.actor, recent[0]["id"])
    assert c.call("/cgi/user/get", params={"userId": "undo1"})["errcode"] == 300225
    changes.undo(console.uow, console.actor, recent[1]["id"])
    assert c.call("/cgi/dept/get", params={"id": str(dept)})["errcode"] == 300114


def test_identify_resolves_a_single_sign_on_token_once(api: dict[str, Any]) -> None:
    c = org(api)
    dept = c.call("/cgi/dept/create", {"name": "单点"})["data"]["id"]
    c.call("/cgi/user/create", {"userId": "sso1", "name": "单点一", "gender": 1, "dept": [dept]})
    token = ApiClient(api["base"], OTHER).call("/cgi/policy/sso-token", {"account": "sso1"})["data"]["token"]
    url = f"{api['base']}/cgi/identify?token={token}"
    with urllib.request.urlopen(url) as resp:
        first = json.loads(resp.read())
    assert first["status"]["code"] == 0
    assert (first["userInfo"]["account"], first["userInfo"]["chsName"], first["userInfo"]["gender"]) == \
        ("sso1", "单点一", 1)
    with urllib.request.urlopen(url) as resp:
        assert json.loads(resp.read())["status"]["code"] == 100001  # once only


def test_replaceall_is_one_change_set_that_undoes(tmp_path: Any) -> None:
    console = bootstrap(f"sqlite:///{tmp_path / 'replace.db'}")
    with running_api(console.uow, [ORG]) as (base, _):
        c = ApiClient(base, ORG)
        old_dept = c.call("/cgi/dept/create", {"name": "旧部"})["data"]["id"]
        assert c.call("/cgi/user/create", {"userId": "leaver", "name": "走人", "dept": [old_dept]})["errcode"] == 0
        body = {"deptList": [{"id": 100, "name": "总部", "parentId": 0}, {"id": 101, "name": "研发", "parentId": 100}],
                "userList": [{"userId": "a1", "name": "甲", "gender": 1, "dept": [101],
                              "deptDetail": [{"deptId": 101, "position": "工程师", "weight": 3}]},
                             {"userId": "a2", "name": "乙", "dept": [100, 101]}]}
        job = c.call("/cgi/org/replaceall", body)["data"]["jobId"]
        deadline = time.monotonic() + 30
        while (result := c.call("/cgi/getjobresult", params={"jobId": job})["data"])["status"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert result["status"] == "done", result
        replaced = result["changeSetId"]
        assert result["summary"]["added"] == 4 and result["summary"]["resigned"] == 1
        assert c.call("/cgi/user/get", params={"userId": "a1"})["data"]["deptDetail"] == \
            [{"deptId": 101, "position": "工程师", "weight": 3, "sortId": 0}]  # the HR system's ids kept
        assert console.directory.get_member("leaver").status == "resigned"
        assert c.call("/cgi/getjobresult", params={"jobId": "nope"})["errcode"] == 300311
        bad = {"deptList": [{"id": 5, "name": "孤", "parentId": 9}], "userList": []}
        job = c.call("/cgi/org/replaceall", bad)["data"]["jobId"]
        while (result := c.call("/cgi/getjobresult", params={"jobId": job})["data"])["status"] == "running":
            time.sleep(0.05)
        assert result["status"] == "failed" and result["errors"][0]["code"] == 300308
        changes.undo(console.uow, console.actor, replaced)  # the whole replace, as one change set
        assert c.call("/cgi/user/get", params={"userId": "a1"})["errcode"] == 300225
        assert console.directory.get_member("leaver").status == "active"
    console.uow.dispose()


def test_concurrent_creates_are_group_committed_each_with_its_own_answer(api: dict[str, Any]) -> None:
    """Bursts of user/create are planned and applied together; a refused one is refused alone."""
    from concurrent.futures import ThreadPoolExecutor

    c = org(api)
    dept = c.call("/cgi/dept/create", {"name": "并发部"})["data"]["id"]
    c.call("/cgi/user/create", {"userId": "burst-taken", "name": "已有", "dept": [dept]})

    def create(i: int) -> int:
        client = ApiClient(api["base"], ORG)
        account = "burst-taken" if i % 10 == 0 else f"burst{i}"
        dept_ids = [424242] if i % 10 == 5 else [dept]
        return int(client.call("/cgi/user/create", {"userId": account, "name": "并发", "dept": dept_ids,
                                                     "mobile": "13900000000" if i in (3, 4) else ""})["errcode"])

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(create, range(40)))
    assert [i for i, code in enumerate(codes) if code == 300224] == list(range(0, 40, 10))
    assert [i for i, code in enumerate(codes) if code == 300114] == list(range(5, 40, 10))
    assert sorted(codes[3:5]) == [0, 300210]  # one mobile, two members: the second is refused
    listed = {u["userId"] for u in c.call("/cgi/user/list", params={"deptId": str(dept)})["data"]["userList"]}
    assert listed == {"burst-taken"} | {f"burst{i}" for i, code in enumerate(codes) if code == 0}
    assert len(listed) == 1 + codes.count(0)


def test_a_burst_waiting_together_is_one_change_set_each_call_with_its_own_answer(api: dict[str, Any]) -> None:
    """Calls queued while the writer is busy are planned and applied together, in one transaction: one change
    set in history (the app as actor) that undoes as one; a duplicate and a missing department fail alone."""
    import threading

    from youdu_console.domain.errors import YouduError
    from youdu_console.domain.model import NewMember

    c, server = org(api), api["server"]
    dept = c.call("/cgi/dept/create", {"name": "成批部"})["data"]["id"]
    c.call("/cgi/user/create", {"userId": "batch-taken", "name": "已有", "dept": [dept]})
    app = server.console("sysOrgAssistant")
    release = threading.Event()
    busy = server.batcher.submit(release.wait)  # the writer is busy: the burst below waits together
    accounts = ["batch1", "batch-taken", "batch2", "batch3", "batch4"]
    futures = [server.batcher.add_member(app, NewMember(a, "成批", (dept,))) for a in accounts]
    futures.append(server.batcher.add_member(app, NewMember("batch5", "成批", (424242,))))
    before = dict(server.batcher.batch_sizes)
    release.set()
    busy.result(timeout=30)
    with pytest.raises(YouduError) as taken:
        futures[1].result(timeout=30)
    assert taken.value.code == "account_taken"
    with pytest.raises(YouduError) as missing:
        futures[5].result(timeout=30)
    assert missing.value.code == "dept_not_found"
    done = {futures[i].result(timeout=30).id for i in (0, 2, 3, 4)}
    assert len(done) == 1 and server.batcher.batch_sizes[6] == before.get(6, 0) + 1
    console = api["console"]
    burst = changes.load(console.uow, done.pop())
    assert burst.actor == "app:sysOrgAssistant"
    assert sorted(op.label for op in burst.operations if op.entity == "member") == [
        "batch1", "batch2", "batch3", "batch4"]
    changes.undo(console.uow, console.actor, burst.id)
    listed = {u["userId"] for u in c.call("/cgi/user/list", params={"deptId": str(dept)})["data"]["userList"]}
    assert listed == {"batch-taken"}


def test_groups_through_the_group_service(api: dict[str, Any]) -> None:
    c = org(api)
    dept = c.call("/cgi/dept/create", {"name": "群测试"})["data"]["id"]
    for account in ("g1", "g2"):
        assert c.call("/cgi/user/create", {"userId": account, "name": account, "dept": [dept],
                                           "mobile": ""})["errcode"] == 0
    gid = c.call("/cgi/group/create", {"name": "项目群"})["data"]["id"]
    assert c.call("/cgi/group/addmember", {"id": gid, "userList": ["g1", "g2"]})["errcode"] == 0
    assert c.call("/cgi/group/update", {"id": gid, "name": "项目群二"})["errcode"] == 0
    info = c.call("/cgi/group/info", params={"id": gid})["data"]
    assert (info["name"], sorted(m["account"] for m in info["members"])) == ("项目群二", ["g1", "g2"])
    assert c.call("/cgi/group/delmember", {"id": gid, "userList": ["g2"]})["errcode"] == 0
    assert c.call("/cgi/group/ismember", params={"id": gid, "userId": "g2"})["data"] == {"belong": False}
    assert c.call("/cgi/group/ismember", params={"id": gid, "userId": "g1"})["data"] == {"belong": True}
    assert [g["id"] for g in c.call("/cgi/group/list", params={"userId": "g1"})["data"]["groupList"]] == [gid]
    assert c.call("/cgi/group/create", {"name": ""})["errcode"] == 500001
    assert c.call("/cgi/group/delete", params={"id": gid})["errcode"] == 0
    assert c.call("/cgi/group/info", params={"id": gid})["errcode"] == 500004


def test_policy_api_answers_what_the_cli_answers(api: dict[str, Any]) -> None:
    from tests.fixtures.core import Cli

    c = ApiClient(api["base"], OTHER)
    dept = org(api).call("/cgi/dept/create", {"name": "策略"})["data"]["id"]
    org(api).call("/cgi/user/create", {"userId": "pol1", "name": "策略一", "dept": [dept]})
    cli = Cli(api["console"].uow.engine.url.render_as_string(hide_password=False))
    assert cli("settings", "set", "sensitive.enabled", "on").code == 0
    assert cli("settings", "set", "sensitive.words", "工资,ABC").code == 0
    for question, body, argv in (
            ("can-create-group", {"account": "pol1", "size": 5}, ["can-create-group", "pol1", "--size", "5"]),
            ("apps-for", {"account": "pol1"}, ["apps-for", "pol1"]),
            ("visible-to", {"account": "pol1", "explain": True}, ["visible-to", "pol1", "--explain"]),
            ("visible-to", {"account": "pol1"}, ["visible-to", "pol1"]),
            ("visible-to", {"account": "pol1", "members": True}, ["visible-to", "pol1", "--members"]),
            ("visible-to", {"account": "pol1", "summary": True}, ["visible-to", "pol1", "--summary"]),
            ("visible-to", {"account": "pol1", "details": True}, ["visible-to", "pol1", "--details"]),
            ("filter-text", {"text": "本月ＡＢＣ工资条"}, ["filter-text", "本月ＡＢＣ工资条"]),
            ("file-transfer", {"account": "pol1", "mode": "offline", "size": "20M", "ip": "203.0.113.9"},
             ["file-transfer", "--account", "pol1", "--mode", "offline", "--size", "20M", "--from-ip", "203.0.113.9"])):
        answer = c.call(f"/cgi/policy/{question}", body)["data"]
        expected = cli("policy", *argv).data
        assert answer == (expected if question != "apps-for" else {"apps": expected}), question
    login = c.call("/cgi/policy/login", {"account": "pol1", "password": "wrong", "device": "windows"})["data"]
    assert login["ok"] is False and login["failures"] == 1
    masked = c.call("/cgi/policy/filter-text", {"text": "本月ＡＢＣ工资条"})["data"]
    assert "工资" not in masked["text"] and "ＡＢＣ" not in masked["text"]
    assert c.call("/cgi/policy/file-transfer", {"account": "pol1", "mode": "fax", "size": 1})["errcode"] == 5
    assert c.call("/cgi/policy/login", {"account": "pol1", "device": "toaster"})["errcode"] == 5


def test_client_config_follows_the_settings_through_cli_and_api(api: dict[str, Any]) -> None:
    """Settings changed with `settings set` (whitelists included) change `policy client-config`, and the API
    answers exactly what the CLI answers; 5.4.5's mobile switch also refuses the login itself."""
    from tests.fixtures.core import Cli

    c = ApiClient(api["base"], OTHER)
    sales = org(api).call("/cgi/dept/create", {"name": "客户端部"})["data"]["id"]
    org(api).call("/cgi/user/create", {"userId": "cfg1", "name": "配置一", "dept": [sales]})
    cli = Cli(api["console"].uow.engine.url.render_as_string(hide_password=False))

    def both(account: str, device: str, ip: str) -> dict[str, Any]:
        by_api = c.call("/cgi/policy/client-config", {"account": account, "device": device, "ip": ip})["data"]
        by_cli = cli("policy", "client-config", account, "--device", device, "--from-ip", ip).data
        assert by_api == by_cli
        return dict(by_cli)

    before = both("cfg1", "android", "203.0.113.9")
    assert (before["chat"]["recall_minutes"], before["permissions"]["broadcast"], before["permissions"]["sms"],
            before["network"]["external"], before["mobile"]["login"]) == (2, False, False, False, True)
    for key, value in (("chat.recall_window", "24h"), ("access.broadcast_depts", "客户端部"),
                       ("access.sms_members", "cfg1"), ("access.internal_networks", "10.0.0.0/8"),
                       ("access.allow_external_image_download", "off"), ("access.mobile_login", "off"),
                       ("security.offline_security_code", "on"), ("directory.member_editable_fields", "email")):
        assert cli("settings", "set", key, value).code == 0, key
    after = both("cfg1", "android", "203.0.113.9")
    assert after["chat"]["recall_minutes"] == 1440
    assert after["permissions"]["broadcast"] is True and after["permissions"]["sms"] is True
    assert after["network"] == {**before["network"], "external": True, "image_download": False}
    assert after["mobile"]["login"] is False and after["mobile"]["security_code"] is True
    assert after["directory"]["editable_fields"] == ["email"]
    assert both("cfg1", "windows", "10.1.2.3")["network"]["external"] is False
    login = c.call("/cgi/policy/login", {"account": "cfg1", "password": "x", "device": "android"})["data"]
    assert login["reason"] == "device_forbidden"
    assert cli("policy", "client-config", "ghost").code != 0
    assert c.call("/cgi/policy/client-config", {"account": "ghost"})["errcode"] == 300225
    assert c.call("/cgi/policy/client-config", {"account": "cfg1", "device": "toaster"})["errcode"] == 5
    assert c.call("/cgi/policy/client-config", {"account": "cfg1", "ip": "nope"})["errcode"] == 5


def test_tls_when_given_a_certificate(tmp_path: Any) -> None:
    import datetime as dt
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False).sign(private, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    console = bootstrap(f"sqlite:///{tmp_path / 'tls.db'}")
    with running_api(console.uow, [ORG], cert=str(cert_file), key=str(key_file)) as (base, _):
        assert base.startswith("https://")
        context = ssl.create_default_context(cafile=str(cert_file))
        assert ApiClient(base, ORG, context=context).call("/cgi/dept/list", params={"id": "0"})["errcode"] == 0
        with pytest.raises((urllib.error.URLError, ConnectionError)):  # not served in clear text
            ApiClient(base.replace("https", "http"), ORG).gettoken()
    console.uow.dispose()
