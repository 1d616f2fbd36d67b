"""The automatic sync on a headless Linux server: no keyring (keyring's fail backend), passwords in the 0600
secrets file the administrator chose, `ldap schedule run` as a separate process, and a leaver resigned."""

from __future__ import annotations

import json
import os
import queue
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import pytest

from tests.fixtures.core import ROOT, bootstrap
from tests.fixtures.ldapservers import SlapdServer
from tests.ldap_helpers import directory_state, ou, person
from youdu_console.services.console import Console

pytestmark = pytest.mark.ldap
REPO = Path(__file__).resolve().parents[2]


class Headless:
    """`youdu-console` as a service account on a server without a desktop: no keyring, no admin password in
    the environment, nothing on standard input unless given."""

    def __init__(self, db_url: str, home: Path) -> None:
        self.config = home / "config"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("YOUDU_")}
        self.env.update({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "XDG_CONFIG_HOME": str(self.config),
                         "XDG_DATA_HOME": str(home / "data"), "YOUDU_DB": db_url, "YOUDU_ADMIN": ROOT[0],
                         "PYTHONUNBUFFERED": "1"})

    @property
    def secrets_file(self) -> Path:
        return self.config / "youdu-console" / "secrets.json"

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "youdu_console", "--json", *args]

    def run(self, *args: str, input: str | None = None, timeout: float = 120) -> tuple[int, Any, str]:
        proc = subprocess.run(self.argv(*args), input=input or "", capture_output=True, text=True, env=self.env,
                              cwd=REPO, timeout=timeout, check=False)
        out = proc.stdout.strip()
        return proc.returncode, json.loads(out) if out else None, proc.stderr

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.argv(*args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.env, cwd=REPO)


_READERS: dict[int, threading.Thread] = {}


def _close(proc: subprocess.Popen[str]) -> None:
    """The ended process's pipes, once their reader has seen the end (warnings are errors in this suite)."""
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            reader = _READERS.pop(id(stream), None)
            if reader is not None:
                reader.join(timeout=10)
            stream.close()


def _lines(stream: IO[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True)
    reader.start()
    _READERS[id(stream)] = reader
    return lines


@pytest.fixture
def team(slapd_server: SlapdServer) -> tuple[str, str]:
    base = slapd_server.new_base()
    unit = ou("运维部", base)
    slapd_server.add_many([unit, *[person(f"h{i}", unit[0], cn=f"运维{i}") for i in range(20)]])
    return base, unit[0]


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path, slapd_server: SlapdServer, team: tuple[str, str]) -> Headless:
    """Set up as the README says: choose the file store, keep both passwords, configure, preview, first sync."""
    bootstrap(sqlite_url).uow.dispose()
    box = Headless(sqlite_url, tmp_path / "home")
    code, st, _ = box.run("secrets", "status")
    assert code == 0 and (st["store"], st["keyring_usable"]) == ("keyring", False)  # the fail backend
    code, data, _ = box.run("ldap", "test")
    assert code == 1 and data["error"]["code"] == "login_required"  # no admin password anywhere yet
    assert box.run("secrets", "set", f"admin:{ROOT[0]}", "--password-stdin", input=ROOT[1] + "\n")[0] == 1
    assert not box.secrets_file.exists()  # no keyring, no file chosen: nothing is kept anywhere
    assert box.run("secrets", "use", "file")[0] == 0
    assert box.run("secrets", "set", f"admin:{ROOT[0]}", "--password-stdin", input=ROOT[1] + "\n")[0] == 0
    code, data, err = box.run("ldap", "config", "--server", slapd_server.url, "--bind-dn", slapd_server.reader_dn,
                              "--base-dn", team[0], "--password-store", "file", "--password-stdin",
                              input=slapd_server.reader_password + "\n")
    assert code == 0, err
    assert stat.S_IMODE(box.secrets_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(box.secrets_file.parent.stat().st_mode) == 0o700
    kept = json.loads(box.secrets_file.read_text())["secrets"]
    assert kept == {f"admin:{ROOT[0]}": ROOT[1], f"ldap:{slapd_server.url}": slapd_server.reader_password}
    assert box.run("ldap", "sync", "--dry-run")[0] == 0
    code, data, err = box.run("ldap", "sync")
    assert code == 0 and data["ldap"]["status"] == "applied" and data["summary"]["added"] == 21, err  # 20 people and their department
    return box


def test_the_schedule_runs_unattended_without_a_keyring_and_resigns_a_leaver(
        server: Headless, sqlite_url: str, slapd_server: SlapdServer, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=h3,{team[1]}")
    slapd_server.modify(f"uid=h4,{team[1]}", {"cn": "新名字"})
    proc = server.start("ldap", "schedule", "run")  # what a systemd service runs
    try:
        assert proc.stdout is not None
        lines = _lines(proc.stdout)
        run = json.loads(lines.get(timeout=120))
        assert (run["status"], run["mode"]) == ("applied", "incremental"), run
        assert (run["summary"]["resigned"], run["summary"]["updated"]) == (1, 1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _close(proc)
    console = bootstrap(sqlite_url)
    try:
        assert console.directory.get_member("h3").status == "resigned"
        assert console.directory.get_member("h4").name == "新名字"
        history = console_history(console)
        assert (history["trigger"], history["mode"], history["admin"]) == ("schedule", "incremental", ROOT[0])
    finally:
        console.uow.dispose()
    # A cron job or a systemd timer runs one scheduled sync instead.
    slapd_server.delete(f"uid=h5,{team[1]}")
    code, data, err = server.run("ldap", "schedule", "run", "--once")
    assert code == 0 and data["status"] == "applied" and data["summary"]["resigned"] == 1, err


def console_history(console: Console) -> dict[str, Any]:
    from youdu_console.services.ldap_sync import LdapSyncService

    return LdapSyncService(console.uow, console.actor).history(1)[0]


def test_a_secrets_file_others_can_read_is_refused_and_nothing_changes(
        server: Headless, sqlite_url: str, slapd_server: SlapdServer, team: tuple[str, str]) -> None:
    slapd_server.delete(f"uid=h6,{team[1]}")
    console = bootstrap(sqlite_url)
    before = directory_state(console)
    server.secrets_file.chmod(0o644)
    code, data, _ = server.run("ldap", "schedule", "run", "--once")
    assert code == 1 and data["error"]["code"] == "secret_file_unsafe"
    assert "0o644" in data["error"]["message"]
    assert directory_state(console) == before
    code, st, _ = server.run("secrets", "status")
    assert code == 0 and st["problem"]["code"] == "secret_file_unsafe" and st["names"] is None
    server.secrets_file.chmod(0o600)
    code, data, _ = server.run("ldap", "schedule", "run", "--once")
    assert code == 0 and data["summary"]["resigned"] == 1
    # Switched off (by any administrator), the schedule does not sync, even when started by cron.
    assert server.run("ldap", "schedule", "off")[0] == 0
    slapd_server.delete(f"uid=h7,{team[1]}")
    code, data, _ = server.run("ldap", "schedule", "run", "--once")
    assert code == 0 and data == {"status": "off", "ran": False}
    assert console.directory.get_member("h7").status == "active"
    console.uow.dispose()
