"""Read receipts over the policy API (a real serve-api, the vendor's envelope and tokens), answering exactly
what the CLI's `policy announcements-for` / `policy announcement-read` answer; the `announcement …` commands."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.api_helpers import ApiClient, new_key, running_api
from tests.fixtures.core import Cli, bootstrap
from youdu_console.domain.model import MemberRecord

IM = new_key("imServer")


@pytest.fixture(scope="module")
def api(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('notices') / 'y.db'}"
    console = bootstrap(url)
    cli = Cli(url)
    assert cli("dept", "add", "公司/研发部", "--parents").code == 0
    for account, dept in (("alice", "公司/研发部"), ("bob", "公司/研发部"), ("carol", "公司")):
        assert cli("member", "add", account, "--name", account.title(), "--dept", dept).code == 0
    with running_api(console.uow, [IM], buin=1) as (base, server):
        yield {"base": base, "cli": cli, "client": ApiClient(base, IM), "server": server, "console": console}
    console.uow.dispose()


def _send(cli: Cli, *argv: str) -> int:
    done = cli("announcement", "send", *argv)
    assert done.code == 0, done.err
    return int(next(op["key"] for op in done.data["operations"] if op["entity"] == "announcement"))


def test_read_receipts_answer_what_the_cli_answers(api: dict[str, Any]) -> None:
    cli, c = api["cli"], api["client"]
    assert cli("announcement", "category", "add", "放假公告").code == 0
    holiday = _send(cli, "--title", "端午节放假通知", "--body", "放假三天", "--category", "放假公告", "--dept", "公司/研发部")
    everyone = _send(cli, "--title", "全员大会", "--body", "周一 9:00", "--all")
    assert cli("announcement", "pin", str(holiday)).code == 0

    def both(account: str) -> dict[str, Any]:
        by_api = c.call("/cgi/policy/announcement/list-for", {"account": account})
        assert by_api["errcode"] == 0, by_api
        by_cli = cli("policy", "announcements-for", account).data
        assert by_api["data"] == by_cli
        return dict(by_cli)

    alice = both("alice")
    assert [(a["title"], a["pinned"], a["read"]) for a in alice["announcements"]] == [
        ("端午节放假通知", True, False), ("全员大会", False, False)]
    assert alice["unread"] == 2 and alice["announcements"][0]["category"] == "放假公告"
    assert [a["id"] for a in both("carol")["announcements"]] == [everyone]

    read = c.call("/cgi/policy/announcement/read", {"account": "alice", "id": holiday})
    assert read["errcode"] == 0 and read["data"]["first"] is True
    again = c.call("/cgi/policy/announcement/read", {"account": "alice", "id": str(holiday)})
    assert again["data"] == {**read["data"], "first": False}  # idempotent: the first read's time
    assert cli("policy", "announcement-read", "alice", str(holiday)).data == again["data"]
    assert both("alice")["announcements"][0]["read"] is True and both("alice")["unread"] == 1

    status = cli("announcement", "read-status", str(holiday), "--unread").data
    assert (status["recipients"], status["read"], status["unread"]) == (2, 1, 1)
    assert [m["account"] for m in status["members"]] == ["bob"]
    text = cli("announcement", "list", "--lang", "zh_CN", as_json=False).out
    assert "共2人 未读1人" in text and "共3人 全部未读" in text and "【置顶】端午节放假通知" in text
    english = cli("announcement", "list", "--lang", "en", as_json=False).out
    assert "2 people, 1 unread" in english and "[pinned] 端午节放假通知" in english

    # coded refusals: not a recipient, recalled, unknown announcement or account, missing fields
    for body, code in (({"account": "carol", "id": holiday}, 610002), ({"account": "alice", "id": 987654}, 610001),
                       ({"account": "ghost", "id": holiday}, 300225), ({"account": "alice"}, 5),
                       ({"id": holiday}, 5), ({"account": "alice", "id": "x"}, 610001)):
        assert c.call("/cgi/policy/announcement/read", body)["errcode"] == code, body
    assert c.call("/cgi/policy/announcement/list-for", {"account": "ghost"})["errcode"] == 300225
    assert cli("policy", "announcement-read", "carol", str(holiday)).data["error"]["code"] == \
        "announcement_not_recipient"
    assert cli("announcement", "recall", str(everyone)).code == 0
    assert c.call("/cgi/policy/announcement/read", {"account": "carol", "id": everyone})["errcode"] == 610003
    assert both("carol")["announcements"] == []
    assert cli("announcement", "show", str(everyone)).data["status"] == "recalled"
    assert "已撤回" in cli("announcement", "list", "--lang", "zh_CN", as_json=False).out


def test_cli_writes_are_previewable_and_refuse_bad_input(api: dict[str, Any]) -> None:
    cli = api["cli"]
    before = cli("announcement", "list").data
    preview = cli("announcement", "send", "--title", "预览", "--body", "x", "--member", "bob", "--dry-run").data
    assert preview["id"] is None and preview["operations"][0]["values"]["recipient_count"] == 1
    assert len(json.loads(preview["operations"][0]["values"]["recipients"])) == 1  # resolved when planned
    refused = cli("announcement", "send", "--title", "t", "--body", "x")
    assert refused.code != 0 and refused.data["error"]["code"] == "announcement_no_audience"
    body = cli("announcement", "send", "--title", "来自标准输入", "--member", "bob", input="第一行\n第二行\n")
    assert body.code == 0
    new_id = next(op["key"] for op in body.data["operations"])
    assert cli("announcement", "show", str(new_id)).data["body"] == "第一行\n第二行"
    assert len(cli("announcement", "list").data) == len(before) + 1
    assert cli("announcement", "category", "rename", "无此分类", "x").data["error"]["code"] == \
        "announcement_category_not_found"


def test_a_burst_of_read_receipts_is_recorded_together_each_call_with_its_own_answer(api: dict[str, Any]) -> None:
    """Concurrent announcement/read calls waiting for the writer are recorded in one transaction; each gets its
    own answer, a bad one (unknown member or announcement, not a recipient) is refused alone, and the same
    read twice in the burst is recorded once."""
    cli, server, console = api["cli"], api["server"], api["console"]
    readers = [f"reader{i}" for i in range(8)]
    console.apply(console.directory.plan_upsert(
        [MemberRecord(account=a, name=a, departments=["公司/读者组"]) for a in readers], create_departments=True))
    ann = _send(cli, "--title", "成批已读", "--body", "x", "--dept", "公司/读者组")
    bodies = [{"account": a, "id": ann} for a in readers] + [
        {"account": "READER0", "id": ann}, {"account": "carol", "id": ann}, {"account": "ghost", "id": ann},
        {"account": "reader1", "id": 987654}, {"account": "reader2", "id": 2**63 + 5}]
    queued = len(bodies) - 1  # an id no database can hold is refused on its form, before the writer
    clients = [ApiClient(api["base"], IM) for _ in bodies]
    for c in clients:
        assert c.gettoken()["errcode"] == 0
    before = dict(server.batcher.read_batch_sizes)
    release = threading.Event()
    busy = server.batcher.submit(release.wait)  # the writer is busy: the calls below wait for it together
    with ThreadPoolExecutor(len(bodies)) as pool:
        futures = [pool.submit(c.call, "/cgi/policy/announcement/read", b) for c, b in zip(clients, bodies, strict=True)]
        deadline = time.monotonic() + 30
        while server.batcher.waiting() < queued:
            assert time.monotonic() < deadline, "the calls did not reach the writer"
            time.sleep(0.01)
        release.set()
        busy.result(timeout=30)
        replies = [f.result(timeout=30) for f in futures]
    assert server.batcher.read_batch_sizes[queued] == before.get(queued, 0) + 1  # one transaction

    good = replies[:8] + replies[8:9]
    assert all(r["errcode"] == 0 for r in good), good
    assert [r["data"]["account"] for r in good] == [*readers, "reader0"]
    twice = [r["data"] for r in (replies[0], replies[8])]
    assert sorted(d["first"] for d in twice) == [False, True] and twice[0]["read_at"] == twice[1]["read_at"]
    assert all(r["data"]["first"] is True for r in replies[1:8])
    assert [r["errcode"] for r in replies[9:]] == [610002, 300225, 610001, 610001]

    status = cli("announcement", "read-status", str(ann)).data
    assert (status["recipients"], status["read"], status["unread"]) == (8, 8, 0)
    # idempotent: the burst's reads again, one by one, change nothing and answer the first read's time
    again = api["client"].call("/cgi/policy/announcement/read", {"account": "reader3", "id": ann})
    assert again["data"] == {**replies[3]["data"], "first": False}
    assert cli("announcement", "read-status", str(ann)).data["read"] == 8
