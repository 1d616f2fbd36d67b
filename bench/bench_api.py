"""Benchmark of serve-api: a real `youdu-console serve-api` process driven over HTTP, printed against direct
service calls measured in the same run.

For each backend (SQLite file; PostgreSQL started like the test fixtures):
- `user/create` × --count from --clients concurrent clients (keep-alive connections, each with its own token),
  per second — target ≥ 500/s; against the same members planned and applied by direct service calls
  (`plan_add_member` + `apply`, one change set each, sequential, in this process) and against what the
  server's writer does for a burst without the protocol (`plan_add_members` of --clients + `apply`).
- `gettoken` + `user/get` latency measured by one more client while the creators run — target p99 ≤ 20 ms.
- `org/replaceall` of --replace users (bench/orggen's organisation) end to end (JSON body built, encrypted,
  posted, job polled until done) against an Excel import of the same organisation (plan_excel + apply) into
  another fresh database — target ≤ 3×.

--departments N: the organisation has N departments before the creates (基准部 and N-1 more, 50 top-level ones
with the rest spread under them), and the members are created into departments taken in turn from all of
them — the server keeps its department tree cached across change sets that touch no department, so the rate
should not fall with N (run it with 5000 and with 2 to compare).

The creating clients run in one process of their own (asyncio, one connection each; every request built and
encrypted before the clock starts, so the timed part costs the client only socket I/O), the latency probe in
another, the server in a third. The figures are wall-clock on a shared 2-core machine where the server and
the clients compete for the same cores, so the run also prints what does not depend on the machine's load:
the server's CPU seconds per 1,000 creates (/proc), the clients' CPU, the load average before and after, and
from the server's access log its own time per call and the creates per group commit.

Run: python -m bench.bench_api [--count 10000] [--clients 8] [--replace 100000] [--departments 2]
     [--backends sqlite,postgresql]
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
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import orjson

from tests.api_helpers import client_decrypt, client_encrypt
from youdu_console.domain.model import NewMember
from youdu_console.services.admins import AdminService
from youdu_console.services.apps import app_credentials
from youdu_console.services.changes import ChangeSet, Operation
from youdu_console.services.console import Console, login, open_uow
from youdu_console.services.directory import Placeholders, new_gid
from youdu_console.store.uow import HeldUnitOfWork

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
        self.conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=600)
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


def start_server(url: str, log: Path | None = None) -> tuple[subprocess.Popen[str], str]:
    """serve-api in a process of its own; its log (one JSON line per request) to `log` or nowhere."""
    with open(log or os.devnull, "w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "youdu_console", "--json", "serve-api", "--port", "0",
                                 "--rate", "1000000"], env={**os.environ, "YOUDU_DB": url},
                                stdout=subprocess.PIPE, stderr=err, text=True)
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


def add_departments(console: Console, count: int) -> None:
    """`count` departments besides 基准部, in one change set: 50 top-level ones, the rest spread under them."""
    if count <= 0:
        return
    ph = Placeholders()
    cs = ChangeSet("dept.add", console.actor.name, subject="bench")
    tops: list[int] = []
    for i in range(count):
        new_id = ph.take()
        parent = tops[i % len(tops)] if len(tops) >= min(50, count) else None
        name = f"部门{i:05d}"
        if parent is None:
            tops.append(new_id)
        cs.operations.append(Operation("department", "add", new_id, label=name, category="added", after={
            "id": new_id, "gid": new_gid(), "name": name, "parent_id": parent, "sort": 0, "alias": None}))
    console.apply(cs)


def department_paths(console: Console) -> list[str]:
    """Every department's path (in id order): members are created into them in turn."""
    with console.uow.read() as conn:
        tree = console.directory.tree(conn)
        return [tree.path(i) for i in sorted(tree.nodes)]


def direct_creates(console: Console, count: int) -> float:
    d = console.directory
    depts = department_paths(console)
    t = time.perf_counter()
    for i in range(count):
        console.apply(d.plan_add_member(f"direct{i}", name="直接", departments=[depts[i % len(depts)]]))
    return count / (time.perf_counter() - t)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process and its children (PostgreSQL's postmaster and its backends)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _request(path: str, query: dict[str, str], body: bytes) -> bytes:
    head = (f"POST {path}?{urllib.parse.urlencode(query)} HTTP/1.1\r\nHost: bench\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _exchange(reader: Any, writer: Any, request: bytes) -> dict[str, Any]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head[:100]
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    return orjson.loads(await reader.readexactly(length))  # type: ignore[no-any-return]


def drive_clients(base: str, key: bytes, requests: list[list[tuple[str, bytes]]], start: Any, out: Any) -> None:
    """Clients in this process (asyncio), one keep-alive connection and token each, sending their share of
    `requests` — (path, plaintext body) pairs, all encrypted before the start (each with its own random prefix,
    as a client would send it), so the timed part costs the client only its socket writes and reading each
    answer. Puts "ready", waits for `start`, then puts the timing and the first refusals on `out`."""
    import asyncio

    async def prepare(share: list[tuple[str, bytes]]) -> tuple[Any, Any, list[bytes]]:
        c = Client(base, key)
        c.gettoken()
        u = urllib.parse.urlsplit(base)
        reader, writer = await asyncio.open_connection(u.hostname, u.port)
        bodies = [_request(path, {"accessToken": c.token}, c.envelope(body)) for path, body in share]
        return reader, writer, bodies

    async def run() -> dict[str, Any]:
        conns = [await prepare(share) for share in requests]
        errors: list[Any] = []

        async def one(reader: Any, writer: Any, bodies: list[bytes]) -> None:
            for body in bodies:
                reply = await _exchange(reader, writer, body)
                if reply["errcode"] != 0:
                    errors.append(reply)

        out.put("ready")
        start.wait()
        cpu, t = time.process_time(), time.monotonic()
        await asyncio.gather(*(one(*c) for c in conns))
        return {"t0": t, "t1": time.monotonic(), "cpu_s": time.process_time() - cpu, "errors": errors[:3],
                "failed": len(errors)}

    out.put(asyncio.run(run()))


def creators_process(base: str, key: bytes, clients: int, per: int, depts: list[int], start: Any, out: Any) -> None:
    """The creating clients: `per` user/create calls each, into departments taken in turn."""
    drive_clients(base, key, [[("/cgi/user/create", json.dumps({
        "userId": f"api{n}x{i}", "name": "接口", "dept": [depts[(n * per + i) % len(depts)]]}).encode())
        for i in range(per)] for n in range(clients)], start, out)


def probe_process(base: str, key: bytes, account: str, start: Any, stop: Any, out: Any) -> None:
    """gettoken + user/get, one pair after another (5 ms apart), in a process of its own so that its timing is
    not held up by the creators' event loop."""
    c = Client(base, key)
    c.gettoken()
    latencies: list[float] = []
    out.put("ready")
    start.wait()
    cpu = time.process_time()
    while not stop.is_set():
        t = time.perf_counter()
        c.gettoken()
        r = c.call("/cgi/user/get", userId=account)
        latencies.append((time.perf_counter() - t) * 1000)
        assert r["errcode"] == 0 and r["data"]["userId"] == account, r
        time.sleep(0.005)
    out.put({"latencies": latencies, "cpu_s": time.process_time() - cpu})


def direct_grouped_creates(console: Console, count: int, group: int) -> tuple[float, float]:
    """What the server's writer does for a burst, without the protocol: `group` new members planned together
    (plan_add_members) and applied as one change set in one transaction, sequential. (creates/s, CPU ms each)"""
    d = console.directory
    with console.uow.read() as conn:
        depts = sorted(d.tree(conn).nodes)
    t, cpu = time.perf_counter(), time.process_time()
    for i in range(0, count, group):
        with console.uow.write() as conn:
            held = Console(HeldUnitOfWork(console.uow, conn), console.actor)
            cs, refusals = held.directory.plan_add_members([NewMember(f"grouped{j}", "直接", (depts[j % len(depts)],))
                                                            for j in range(i, min(count, i + group))])
            assert not any(refusals), refusals
            held.apply(cs)
    return count / (time.perf_counter() - t), (time.process_time() - cpu) * 1000 / count


def api_creates(base: str, server_pid: int, key: bytes, count: int, clients: int,
                probe_account: str, depts: list[int], db_pid: int | None = None) -> dict[str, Any]:
    import multiprocessing

    per = count // clients
    ctx = multiprocessing.get_context("spawn")
    start, stop = ctx.Event(), ctx.Event()
    made, probed = ctx.Queue(), ctx.Queue()
    creators = ctx.Process(target=creators_process, args=(base, key, clients, per, depts, start, made))
    prober = ctx.Process(target=probe_process, args=(base, key, probe_account, start, stop, probed))
    creators.start()
    prober.start()
    assert made.get(timeout=300) == "ready" and probed.get(timeout=300) == "ready"
    server_cpu, db_cpu = _cpu_seconds(server_pid), _tree_cpu_seconds(db_pid) if db_pid else 0.0
    start.set()
    result = made.get(timeout=3600)
    server_cpu = _cpu_seconds(server_pid) - server_cpu
    db_cpu = _tree_cpu_seconds(db_pid) - db_cpu if db_pid else 0.0
    stop.set()
    probe = probed.get(timeout=60)
    creators.join()
    prober.join()
    assert not result["failed"], result["errors"]
    wall = result["t1"] - result["t0"]
    lat = sorted(probe["latencies"])
    n = per * clients
    return {"creates": n, "wall_s": round(wall, 2), "per_s": round(n / wall, 1),
            "probe_pairs": len(lat), "p50_ms": round(statistics.median(lat), 2),
            "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 2),
            "server_cpu_s_per_1000": round(server_cpu * 1000 / n, 3),
            "server_cores_busy": round(server_cpu / wall, 2),
            **({"database_server_cpu_s_per_1000": round(db_cpu * 1000 / n, 3)} if db_pid else {}),
            "creator_client_cpu_s_per_1000": round(result["cpu_s"] * 1000 / n, 3),
            "probe_client_cpu_s": round(probe["cpu_s"], 2)}


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


def server_log_figures(log: Path) -> dict[str, Any]:
    """From serve-api's access log: the server's own time (ms) per call, and the creates per group commit."""
    ms: dict[str, list[float]] = {}
    commits: dict[str, Any] = {}
    for line in log.read_text().splitlines():
        event = json.loads(line)["event"] if line.startswith("{") else None
        if isinstance(event, dict) and "path" in event:
            ms.setdefault(event["path"], []).append(event["ms"])
        elif isinstance(event, dict) and "group_commits" in event:
            commits = event
    out: dict[str, Any] = {"creates_per_group_commit": round(commits["grouped_members"] / max(1, commits["group_commits"]), 2)}
    for path in ("/cgi/user/create", "/cgi/gettoken", "/cgi/user/get"):
        lat = sorted(ms.get(path, [0.0]))
        out[f"server_ms_{path.rsplit('/', 1)[-1]}_p50_p99"] = [lat[len(lat) // 2], lat[int(len(lat) * 0.99)]]
    return out


def run_backend(name: str, url_for: Any, args: argparse.Namespace, work: Path,
                db_pid: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    console = fresh_console(url_for("creates"))
    console.apply(console.directory.plan_add_department("基准部"))
    console.apply(console.directory.plan_add_member("probe", name="探针", departments=["基准部"]))
    add_departments(console, args.departments - 1)
    out["departments"] = args.departments
    direct_n = min(args.count, 2000)
    out["direct_service_creates_per_s"] = round(direct_creates(console, direct_n), 1)
    grouped_rate, grouped_cpu = direct_grouped_creates(console, direct_n, args.clients)
    out["direct_service_grouped_per_s"] = round(grouped_rate, 1)
    out["direct_service_grouped_cpu_s_per_1000"] = round(grouped_cpu, 3)
    log = work / f"serve-api-{name}.log"
    proc, base = start_server(console.uow.engine.url.render_as_string(hide_password=False), log)
    try:
        out["load_before"] = [round(x, 2) for x in os.getloadavg()]
        with console.uow.read() as conn:
            depts = sorted(console.directory.tree(conn).nodes)
        out["api"] = api_creates(base, proc.pid, org_key(console), args.count, args.clients, "probe", depts, db_pid)
        out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        console.uow.dispose()
    out["api"].update(server_log_figures(log))
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
    parser.add_argument("--departments", type=int, default=2,
                        help="departments before the creates, members spread over them (default 2)")
    args = parser.parse_args()
    results: dict[str, Any] = {"count": args.count, "clients": args.clients, "departments": args.departments}
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
                        args, work, int((server.datadir / "postmaster.pid").read_text().split()[0]))
                finally:
                    server.stop()
            print(json.dumps({backend: results[backend]}, indent=2, ensure_ascii=False), flush=True)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
