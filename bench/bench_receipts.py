"""Benchmark of 通知公告's read receipts over serve-api (POST /cgi/policy/announcement/read), group-committed.

For each backend (SQLite file; PostgreSQL started like the test fixtures) it builds, through the services, an
address book of --members members and one announcement to everyone, then prints, from one run:

- receipts per second through a real `youdu-console serve-api` process from --clients concurrent keep-alive
  clients (one process of their own, asyncio; every request built and encrypted before the clock starts), each
  receipt for a distinct member — target ≥ 500/s on SQLite;
- the direct service call rate measured in the same run: `record_read` in this process, one after another
  (one transaction each, what the server did per request before the group commit);
- what the server's writer does without the protocol: `record_reads` of --clients receipts at a time;
- from the server's log: how many transactions the receipts took (receipts per group commit);
- a check that every receipt was recorded once (the announcement's read count) and answered `first: true`.

Run: python -m bench.bench_receipts [--members 20000] [--reads 4000] [--clients 8] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_api import _cpu_seconds, drive_clients, org_key, start_server
from bench.orggen import ROOT, console_with_members
from youdu_console.policy.announcements import read_receipt, record_read, record_reads
from youdu_console.services.console import Console, login, open_uow

RATE_TARGET = 500.0
READ_PATH = "/cgi/policy/announcement/read"


def build(url: str, members: int) -> tuple[Console, int]:
    c = console_with_members(url, members, lambda i: f"总部/事业部{i % 20:02d}")
    cs = c.apply(c.announcements.plan_send("全员大会", "周一 9:00 全员大会", everyone=True))
    return c, int(cs.operations[0].key)


def readers_process(base: str, key: bytes, ann: int, shares: list[list[str]], start: Any, out: Any) -> None:
    """The IM server's reporting clients: one keep-alive connection and token each, their receipts built and
    encrypted before the start."""
    drive_clients(base, key, [[(READ_PATH, json.dumps({"account": a, "id": ann}).encode()) for a in accounts]
                              for accounts in shares], start, out)


def api_reads(base: str, server_pid: int, key: bytes, ann: int, accounts: list[str], clients: int) -> dict[str, Any]:
    per = len(accounts) // clients
    shares = [accounts[n * per:(n + 1) * per] for n in range(clients)]
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    proc = ctx.Process(target=readers_process, args=(base, key, ann, shares, start, out))
    proc.start()
    assert out.get(timeout=300) == "ready"
    cpu = _cpu_seconds(server_pid)
    start.set()
    result = out.get(timeout=3600)
    cpu = _cpu_seconds(server_pid) - cpu
    proc.join()
    assert not result["failed"], result["errors"]
    wall = result["t1"] - result["t0"]
    n = per * clients
    return {"receipts": n, "wall_s": round(wall, 2), "per_s": round(n / wall, 1),
            "server_cpu_ms_each": round(cpu * 1000 / n, 3), "client_cpu_ms_each": round(result["cpu_s"] * 1000 / n, 3)}


def _group_commits(log: Path) -> dict[str, Any]:
    """The server's closing line: how many transactions the receipts took."""
    for line in reversed(log.read_text(encoding="utf-8").splitlines()):
        if '"read_commits"' in line:
            event = json.loads(line)["event"]
            return {"read_commits": event["read_commits"], "grouped_reads": event["grouped_reads"]}
    return {}


def run_backend(url: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    t = time.perf_counter()
    c, everyone = build(url, args.members)
    built = time.perf_counter() - t
    accounts = [f"m{i:06d}" for i in range(args.members)]
    api_accounts = accounts[0::3][:args.reads]
    direct_accounts = accounts[1::3][:args.direct]
    grouped_accounts = accounts[2::3][:args.direct]
    assert len(api_accounts) == args.reads and len(direct_accounts) == args.direct, "--members too small"

    t = time.perf_counter()
    for account in direct_accounts:
        assert record_read(c.uow, account, everyone, reporter=c.actor)["first"] is True
    direct_per_s = len(direct_accounts) / (time.perf_counter() - t)
    t = time.perf_counter()
    for i in range(0, len(grouped_accounts), args.clients):
        answers = record_reads(c.uow, [read_receipt(a, everyone) for a in grouped_accounts[i:i + args.clients]])
        assert all(isinstance(a, dict) and a["first"] for a in answers), answers
    grouped_per_s = len(grouped_accounts) / (time.perf_counter() - t)
    key = org_key(c)
    c.uow.dispose()

    log = work / f"serve-{uuid.uuid4().hex[:6]}.log"
    proc, base = start_server(url, log)
    try:
        api = api_reads(base, proc.pid, key, everyone, api_accounts, args.clients)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    api.update(_group_commits(log))
    if api.get("read_commits"):
        api["receipts_per_commit"] = round(api["grouped_reads"] / api["read_commits"], 1)

    c = login(open_uow(url), *ROOT)
    view = c.announcements.get(everyone)
    c.uow.dispose()
    expected = len(api_accounts) + len(direct_accounts) + len(grouped_accounts)
    assert view.read == expected, (view.read, expected)  # each receipt recorded once
    return {"members": args.members, "build_s": round(built, 1), "api": api,
            "direct_record_read_per_s": round(direct_per_s, 1),
            f"direct_record_reads_by_{args.clients}_per_s": round(grouped_per_s, 1),
            "api_vs_direct": round(api["per_s"] / direct_per_s, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--reads", type=int, default=4_000, help="receipts over the API")
    parser.add_argument("--direct", type=int, default=1_000, help="receipts by each in-process baseline")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    results: dict[str, Any] = {"clients": args.clients, "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="bench-receipts-") as tmp:
        work = Path(tmp)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                results["sqlite"] = run_backend(f"sqlite:///{work / 'receipts.db'}", args, work)
            elif backend == "postgresql":
                from bench.bench_security import start_postgres

                server = start_postgres()
                try:
                    make: Callable[[str], str] = server.create_database
                    results["postgresql"] = run_backend(make(f"receipts_{uuid.uuid4().hex[:6]}"), args, work)
                finally:
                    server.stop()
            else:
                raise SystemExit(f"unknown backend {backend}")
            r = results[backend]
            print(f"{backend}: {r['api']['per_s']} receipts/s over serve-api from {args.clients} clients "
                  f"({r['api'].get('receipts_per_commit', '?')} per transaction; target ≥ {RATE_TARGET:.0f}/s on "
                  f"SQLite) against {r['direct_record_read_per_s']}/s by record_read in-process, one each",
                  flush=True)
    results["load_after"] = os.getloadavg()[0]
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
