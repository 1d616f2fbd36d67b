"""Acceptance: a client written by others (the MIT Go client of the Youdu API, unchanged, built here with
Debian's Go) drives serve-api running as a real subprocess."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.core import Cli, bootstrap
from youdu_console.services import changes
from youdu_console.services.apps import app_credentials
from youdu_console.services.sysmsg import SystemMessageService

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("go_driver") / "main.go"


def go_client_dir() -> Path:
    """../shared/clients/youdu-go from the checkout (a worktree sits one level deeper)."""
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "clients" / "youdu-go"
        if (candidate / "go.mod").exists():
            return candidate
    raise AssertionError("the Go client is missing: ../shared/clients/youdu-go")


@pytest.fixture(scope="module")
def go_driver(tmp_path_factory: Any) -> Path:
    work = tmp_path_factory.mktemp("godriver")
    shutil.copy(DRIVER, work / "main.go")
    (work / "go.mod").write_text(
        "module driver\n\ngo 1.19\n\nrequire github.com/addcnos/youdu/v2 v2.0.0\n\n"
        f"replace github.com/addcnos/youdu/v2 => {go_client_dir()}\n", encoding="utf-8")
    # Offline: the client uses only the standard library. Go's build cache stays the user's (compiling the
    # standard library again costs ~15 s); the module cache goes to the temp dir.
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local",
           "GOPATH": str(work / "gopath"), "CGO_ENABLED": "0"}
    done = subprocess.run(["go", "build", "-o", str(work / "driver"), "."], cwd=work, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return work / "driver"


def system_app_keys(console: Any) -> dict[str, str]:
    """The EncodingAESKeys `db init` gave the system apps (the app registry), as the console shows them."""
    with console.uow.read() as conn:
        return {app: base64.b64encode(app_credentials(conn, app).aes_key).decode()
                for app in ("sysOrgAssistant", "sysMsgAssistant")}


@pytest.fixture
def api_process(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Any]]:
    url = f"sqlite:///{tmp_path / 'api.db'}"
    console = bootstrap(url)
    keys = system_app_keys(console)
    proc = subprocess.Popen([sys.executable, "-m", "youdu_console", "--json", "serve-api", "--port", "0"], cwd=REPO,
                            env={**os.environ, "YOUDU_DB": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        text = ""
        while not text.rstrip().endswith("}"):  # the --json object that says where it listens
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            text += line
        yield json.loads(text)["listening"], keys, console
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        console.uow.dispose()
        # Graceful shutdown on SIGTERM: the workers are closed (uvicorn then re-raises the signal it caught,
        # so the exit status is the signal's, as for any program SIGTERM ends).
        assert proc.returncode in (0, -15), err
        assert '"event":"stopped"' in err
        assert "Traceback" not in err
        assert all(k not in err for k in keys.values())  # no secret in the logs


def test_go_client_drives_the_org_api(go_driver: Path, api_process: Any) -> None:
    base, keys, console = api_process
    run = subprocess.run([str(go_driver), base, keys["sysOrgAssistant"], keys["sysMsgAssistant"]],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    got = json.loads(run.stdout)
    dept, sub = got["dept_id"], got["sub_id"]
    assert sub == 7001 and dept > 0 and got["alias_id"] == dept
    assert got["missing_parent_code"] == 300308          # 父部门不存在
    assert got["duplicate_code"] == 300224               # 用户已存在
    assert got["bad_token_code"] == 100001               # ACCESS_TOKEN 不存在
    assert got["msg_app_org_write_code"] == 3            # org writes only for sysOrgAssistant
    assert [d["name"] for d in got["dept_list"]] == ["研发部", "平台组"]
    assert got["dept_list"][1] == {"id": 7001, "name": "平台组", "parentId": dept, "sortId": 5}
    user = got["user"]
    assert (user["userId"], user["name"], user["gender"], user["mobile"]) == ("zhangsan", "张三", 1, "13800138000")
    assert sorted(user["dept"]) == sorted([dept, sub])
    assert {"deptId": sub, "position": "架构师", "weight": 50, "sortId": 0} in user["deptDetail"]
    assert [(m["userId"], m["name"], m["mobile"]) for m in got["members"]] == [("zhangsan", "张三丰", "13800138001")]
    assert got["enable_state"] == 1
    assert got["deleted_user_code"] == 300225            # 用户不存在 after delete
    for step in ("create_code", "position_code", "update_code", "state_update_code", "sysmsg_code",
                 "delete_code", "dept_delete_code"):
        assert got[step] == 0, step

    outbox = SystemMessageService(console.uow, console.actor).list()
    assert [(m.app_id, m.title, m.to_users, m.to_all) for m in outbox] == \
        [("sysMsgAssistant", "系统通知", ("zhangsan",), False)]
    assert outbox[0].body["msg"][0]["text"]["content"] == "今晚 22:00 升级"
    listed = Cli(console.uow.engine.url.render_as_string(hide_password=False))("sysmsg", "list")
    assert listed.code == 0 and [(m["title"], m["to_users"]) for m in listed.data] == [("系统通知", ["zhangsan"])]

    history = [h for h in changes.list_changes(console.uow, console.actor, 50, "en") if h["actor"] != "system"]
    assert {h["actor"] for h in history} == {"app:sysOrgAssistant"}
    assert [h["kind"] for h in reversed(history)] == [
        "dept.add", "dept.add", "dept.update", "member.add", "member.update", "member.update",
        "member.authorization", "member.delete", "dept.delete"]
