"""Benchmark of serve-api: a real `youdu-console serve-api` process driven over HTTP, printed against direct
service calls measured in the same run.

For each backend (SQLite file; PostgreSQL started like the test fixtures):
- `user/create` × --count from --clients concurrent clients (keep-alive connections, each with its own token),
  per second — target ≥ 500/s; against the same members planned and applied by direct service calls
  (`plan_add_member` + `apply`, one change set each, sequential, in this process).
- `gettoken` + `user/get` latency measured by one more client while the creators run — target p99 ≤ 20 ms.
- `org/replaceall` of --replace users (bench/orggen's organisation) end to end (JSON body built, encrypted,
  posted, job polled until done) against an Excel import of the same organisation (plan_excel + apply) into
  another fresh database — target ≤ 3×.

The clients run in this process (threads); the server in its own. Figures are wall-clock on a shared 2-core
machine: noisy, and the server and the clients compete for the same cores.

Run: python -m bench.bench_api [--count 10000] [--clients 8] [--replace 100000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

from tests.api_helpers import client_decrypt, client_encrypt
from youdu_console.services.admins import AdminService
from youdu_console.services.apps import app_credentials
from youdu_console.services.console import Console, login, open_uow

ROOT = ("root", "Secret#123")
ORG_APP = "sysOrgAssistant"
RATE_TARGET = 500.0
P99_TARGET_MS = 20.0
REPLACE_TARGET = 3.0


def fresh_console(url: str) -> Console:
    uow = open_uow(url)
    AdminService(uow).add(None, ROOT[0], "super", ROOT[1])
    return login(uow, *ROOT)


class Client:
    """One keep-alive connection speaking the vendor's protocol."""

    def __init__(self, base: str, key: bytes) -> None:
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        self.key = key
        self.token = ""

    def _post(self, path: str, body: bytes | None, query: dict[str, str]) -> dict[str, Any]:
        self.conn.request("POST" if body is not None else "GET", f"{path}?{urllib.parse.urlencode(query)}",
                          body=body, headers={"Content-Type": "application/json"})
        resp = self.conn.getresponse()
        data = resp.read()
        assert resp.status == 200, data[:200]
        return json.loads(data)  # type: ignore[no-any-return]

    def envelope(self, message: bytes) -> bytes:
        return json.dumps({"buin": 1, "appId": ORG_APP, "encrypt": client_encrypt(self.key, ORG_APP, message)}).encode()

    def gettoken(self) -> None:
        reply = self._post("/cgi/gettoken", self.envelope(str(int(time.time())).encode()), {})
        assert reply["errcode"] == 0, reply
        self.token = json.loads(client_decrypt(self.key, reply["encrypt"])[0])["accessToken"]

    def call(self, path: str, body: Any = None, *, data: bytes | None = None, **params: str) -> dict[str, Any]:
        if body is not None:
            data = self.envelope(json.dumps(body).encode())
        reply = self._post(path, data, {"accessToken": self.token, **params})
        if reply.get("encrypt"):
            reply["data"] = json.loads(client_decrypt(self.key, reply["encrypt"])[0])
        return reply


def start_server(url: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen([sys.executable, "-m", "youdu_console", "--json", "serve-api", "--port", "0",
                             "--rate", "1000000"], env={**os.environ, "YOUDU_DB": url},
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    text = ""
    while not text.rstrip().endswith("}"):
        line = proc.stdout.readline()
        assert line, "serve-api did not start"
        text += line
    return proc, json.loads(text)["listening"]


def org_key(console: Console) -> bytes:
    with console.uow.read() as conn:
        creds = app_credentials(conn, ORG_APP)
    assert creds is not None
    return creds.aes_key


def direct_creates(console: Console, count: int) -> float:
    d = console.directory
    t = time.perf_counter()
    for i in range(count):
        console.apply(d.plan_add_member(f"direct{i}", name="直接", departments=["基准部"]))
    return count / (time.perf_counter() - t)


def api_creates(base: str, key: bytes, count: int, clients: int, probe_account: str) -> dict[str, Any]:
    per = count // clients
    errors: list[Any] = []
    latencies: list[float] = []
    done = threading.Event()
    dept_id = Client(base, key)
    dept_id.gettoken()
    dept = next(d["id"] for d in dept_id.call("/cgi/dept/list", id="0")["data"]["deptList"] if d["name"] == "基准部")

    def creator(n: int) -> None:
        c = Client(base, key)
        c.gettoken()
        for i in range(per):
            r = c.call("/cgi/user/create", {"userId": f"api{n}x{i}", "name": "接口", "dept": [dept]})
            if r["errcode"] != 0:
                errors.append(r)

    def probe() -> None:
        c = Client(base, key)
        while not done.is_set():
            t = time.perf_counter()
            c.gettoken()
            r = c.call("/cgi/user/get", userId=probe_account)
            latencies.append((time.perf_counter() - t) * 1000)
            assert r["errcode"] == 0, r
            time.sleep(0.005)

    threads = [threading.Thread(target=creator, args=(n,)) for n in range(clients)]
    prober = threading.Thread(target=probe)
    prober.start()
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    done.set()
    prober.join()
    assert not errors, errors[:3]
    lat = sorted(latencies)
    return {"creates": per * clients, "wall_s": round(wall, 2), "per_s": round(per * clients / wall, 1),
            "probe_pairs": len(lat), "p50_ms": round(statistics.median(lat), 2),
            "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2)}


def replace_body(org: Any) -> dict[str, Any]:
    ids = {p: i + 1000 for i, p in enumerate(org.departments)}
    depts = [{"id": ids[p], "name": p.rsplit("/", 1)[-1],
              "parentId": ids[p.rsplit("/", 1)[0]] if "/" in p else 0} for p in org.departments]
    users = [{"userId": m["account"], "name": m["name"], "gender": 0 if m["gender"] == "male" else 1,
              "mobile": m["mobile"], "phone": m["phone"], "email": m["email"], "dept": [ids[d] for d in m["departments"]],
              "deptDetail": [{"deptId": ids[m["departments"][0]], "position": m["position"], "weight": m["weight"]}]}
             for m in org.members]
    return {"deptList": depts, "userList": users}


def excel_import_seconds(url: str, xlsx: Path) -> tuple[float, int]:
    from youdu_console.services.interchange import ImportService

    console = fresh_console(url)
    svc = ImportService(console.uow, console.actor)
    t = time.perf_counter()
    cs = svc.plan_excel(xlsx, create_departments=True)
    assert not cs.errors, cs.errors[:3]
    svc.apply(cs)
    seconds = time.perf_counter() - t
    console.uow.dispose()
    return seconds, len(cs.operations)


def replaceall_seconds(url: str, org: Any) -> tuple[float, dict[str, Any]]:
    console = fresh_console(url)
    key = org_key(console)
    proc, base = start_server(url)
    try:
        t = time.perf_counter()
        c = Client(base, key)
        data = c.envelope(json.dumps(replace_body(org)).encode())
        c.gettoken()  # after the body is built: an idle keep-alive connection is closed after 5 s
        job = c.call("/cgi/org/replaceall", data=data)
        assert job["errcode"] == 0, job
        while (result := c.call("/cgi/getjobresult", jobId=job["data"]["jobId"])["data"])["status"] == "running":
            time.sleep(0.05)
        seconds = time.perf_counter() - t
        assert result["status"] == "done", result
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        console.uow.dispose()
    return seconds, result["summary"]


def run_backend(name: str, url_for: Any, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    console = fresh_console(url_for("creates"))
    console.apply(console.directory.plan_add_department("基准部"))
    console.apply(console.directory.plan_add_member("probe", name="探针", departments=["基准部"]))
    direct_n = min(args.count, 2000)
    out["direct_service_creates_per_s"] = round(direct_creates(console, direct_n), 1)
    proc, base = start_server(console.uow.engine.url.render_as_string(hide_password=False))
    try:
        out["api"] = api_creates(base, org_key(console), args.count, args.clients, "probe")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        console.uow.dispose()
    out["api_vs_direct"] = round(out["api"]["per_s"] / out["direct_service_creates_per_s"], 2)
    out["creates_target_met"] = out["api"]["per_s"] >= RATE_TARGET
    out["p99_target_met"] = out["api"]["p99_ms"] <= P99_TARGET_MS
    print(json.dumps({name: out}, ensure_ascii=False), flush=True)
    if args.replace:
        from bench.bench_import import write_inputs
        from bench.orggen import generate_org

        if not (work / "members.xlsx").exists():
            write_inputs(work, args.replace, max(10, args.replace // 20))
        org = generate_org(args.replace, max(10, args.replace // 20))
        excel_s, ops = excel_import_seconds(url_for("excel"), work / "members.xlsx")
        replace_s, summary = replaceall_seconds(url_for("replace"), org)
        out["replace"] = {"users": args.replace, "excel_import_s": round(excel_s, 2), "excel_operations": ops,
                          "replaceall_api_s": round(replace_s, 2), "replaceall_summary": summary,
                          "ratio": round(replace_s / excel_s, 2), "target_met": replace_s / excel_s <= REPLACE_TARGET}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000, help="user/create calls (default 10000)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--replace", type=int, default=100_000, help="users in the org/replaceall (0: skip)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, Any] = {"count": args.count, "clients": args.clients}
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        work = Path(tmp)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                results["sqlite"] = run_backend("sqlite", lambda tag: f"sqlite:///{work / (tag + '.db')}", args, work)
            elif backend == "postgresql":
                from bench.bench_security import start_postgres

                server = start_postgres()
                try:
                    results["postgresql"] = run_backend(
                        "postgresql", lambda tag, pg=server: pg.create_database(f"b_{tag}_{uuid.uuid4().hex[:6]}"),
                        args, work)
                finally:
                    server.stop()
            print(json.dumps({backend: results[backend]}, indent=2, ensure_ascii=False), flush=True)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
