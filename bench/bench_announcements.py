"""Benchmark of 通知公告 (3.5.7): sending to everyone, read receipts over the policy API, what a client shows.

Builds, through the services, an address book of N members (100,000 by default) and 50 announcements to
divisions, then prints, from one run, each figure beside the raw limit measured in the same run:

- send to everyone: `plan_send(everyone=True)` + apply (recipients resolved, journalled, audited, recipient
  rows written) against plain sqlite3 inserting the same announcement row and recipient rows;
- read receipts: a real `youdu-console serve-api` process, 8 keep-alive clients posting
  `POST /cgi/policy/announcement/read` for distinct members (reads per second, p50/p99), against
  `record_read` called in-process one after another and against raw sqlite3 inserting the same rows
  (one transaction per read, as each report is one);
- `announcements_for` (a member's client list) median in-process, against the same answer from one
  hand-written SQL statement through sqlite3;
- `read_status(unread_only=True)` of the everyone announcement after the reads.

Run: python -m bench.bench_announcements [--members N] [--reads N]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.bench_api import ORG_APP, Client, start_server
from bench.orggen import ROOT, console_with_members
from youdu_console.policy.announcements import announcements_for, record_read
from youdu_console.services.apps import app_credentials
from youdu_console.services.console import Console, login, open_uow

CLIENTS = 8
RAW_LIST = """
SELECT a.id, a.title, a.body, c.name, a.sender, a.sent_at, a.pinned, r.read_at
FROM announcement_recipients x JOIN announcements a ON a.id = x.announcement_id
LEFT JOIN announcement_categories c ON c.id = a.category_id
LEFT JOIN announcement_reads r ON r.announcement_id = a.id AND r.member_id = x.member_id
WHERE x.member_id = ? AND a.recalled = 0 ORDER BY a.pinned DESC, a.sent_at DESC, a.id DESC
"""


def _path(n: int) -> str:
    return f"总部/事业部{n % 20:02d}/部门{(n // 20) % 10}"


def build(db: Path, members: int) -> Console:
    c = console_with_members(f"sqlite:///{db}", members, _path)
    a = c.announcements
    c.apply(a.plan_add_category("通知"))
    for t in range(50):
        c.apply(a.plan_send(f"公告{t:02d}", f"第 {t} 条公告", category="通知" if t % 2 else None,
                            departments=[f"总部/事业部{t % 20:02d}"]))
    return c


def _ms(samples: list[float], q: float | None = None) -> float:
    if q is None:
        return round(statistics.median(samples) * 1000, 3)
    s = sorted(samples)
    return round(s[min(len(s) - 1, int(len(s) * q))] * 1000, 3)


def raw_send(db: Path, member_ids: list[int]) -> float:
    con = sqlite3.connect(db)
    t0 = time.perf_counter()
    with con:
        cur = con.execute(
            "INSERT INTO announcements (id, category_id, title, body, sender, audience, recipients, recipient_count,"
            " sent_at, pinned, recalled, version, created_at, updated_at) VALUES (?, NULL, 'raw', 'raw', 'root',"
            " '{\"all\": true}', ?, ?, '2026-01-01 00:00:00', 0, 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            (900_000_000, json.dumps(member_ids), len(member_ids)))
        con.executemany("INSERT INTO announcement_recipients (announcement_id, member_id) VALUES (?, ?)",
                        [(900_000_000, m) for m in member_ids])
    took = time.perf_counter() - t0
    assert cur.rowcount == 1
    with con:
        con.execute("DELETE FROM announcement_recipients WHERE announcement_id = 900000000")
        con.execute("DELETE FROM announcements WHERE id = 900000000")
    con.close()
    return took


def api_reads(base: str, key: bytes, ann: int, accounts: list[str]) -> dict[str, Any]:
    per = len(accounts) // CLIENTS
    latencies: list[float] = []
    errors: list[Any] = []
    lock = threading.Lock()

    def reader(n: int) -> None:
        c = Client(base, key)
        c.gettoken()
        mine: list[float] = []
        for account in accounts[n * per:(n + 1) * per]:
            t = time.perf_counter()
            r = c.call("/cgi/policy/announcement/read", {"account": account, "id": ann})
            mine.append(time.perf_counter() - t)
            if r["errcode"] != 0 or r["data"]["first"] is not True:
                errors.append(r)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(CLIENTS)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    assert not errors, errors[:3]
    return {"reads": per * CLIENTS, "per_s": round(per * CLIENTS / wall, 1), "p50_ms": _ms(latencies),
            "p99_ms": _ms(latencies, 0.99)}


def raw_reads(db: Path, ann: int, member_ids: list[int]) -> float:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")  # as the console's connections (WAL): a fair baseline
    t0 = time.perf_counter()
    for m in member_ids:
        con.execute("BEGIN IMMEDIATE")
        con.execute("SELECT 1 FROM announcement_recipients WHERE announcement_id = ? AND member_id = ?", (ann, m))
        con.execute("INSERT INTO announcement_reads (announcement_id, member_id, read_at) VALUES (?, ?, "
                    "'2026-01-01 00:00:00')", (ann, m))
        con.execute("COMMIT")
    took = time.perf_counter() - t0
    con.executemany("DELETE FROM announcement_reads WHERE announcement_id = ? AND member_id = ?",
                    [(ann, m) for m in member_ids])
    con.close()
    return len(member_ids) / took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--reads", type=int, default=4_000, help="read receipts over the API (and each baseline)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "notices.db"
        t0 = time.perf_counter()
        c = build(db, args.members)
        built = time.perf_counter() - t0

        t0 = time.perf_counter()
        cs = c.apply(c.announcements.plan_send("全员大会", "周一 9:00 全员大会", everyone=True))
        send_s = time.perf_counter() - t0
        everyone = int(cs.operations[0].key)
        con = sqlite3.connect(db)
        ids = dict(con.execute("SELECT account, id FROM members").fetchall())
        con.close()
        send_raw_s = raw_send(db, sorted(ids.values()))

        accounts = [f"m{i:06d}" for i in range(0, args.members, max(1, args.members // (args.reads * 3)))]
        api_accounts, direct_accounts, raw_accounts = (accounts[0::3][:args.reads], accounts[1::3][:args.reads],
                                                       accounts[2::3][:args.reads])
        t0 = time.perf_counter()
        for account in direct_accounts:
            record_read(c.uow, account, everyone, reporter=c.actor)
        direct_per_s = len(direct_accounts) / (time.perf_counter() - t0)
        raw_per_s = raw_reads(db, everyone, [ids[a] for a in raw_accounts])
        with c.uow.read() as conn:
            key = app_credentials(conn, ORG_APP)
        assert key is not None
        c.uow.dispose()
        proc, base = start_server(f"sqlite:///{db}")
        try:
            api = api_reads(base, key.aes_key, everyone, api_accounts)
        finally:
            proc.terminate()
            proc.wait(timeout=30)

        c = login(open_uow(f"sqlite:///{db}"), *ROOT)
        probe = accounts[::max(1, len(accounts) // 300)]
        ours: list[float] = []
        raw: list[float] = []
        con = sqlite3.connect(db)
        with c.uow.read() as conn:
            announcements_for(conn, probe[0])
            for account in probe:
                t = time.perf_counter()
                answer = announcements_for(conn, account)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                rows = con.execute(RAW_LIST, (ids[account],)).fetchall()
                raw.append(time.perf_counter() - t)
                assert [a["id"] for a in answer["announcements"]] == [r[0] for r in rows], account
        con.close()
        t0 = time.perf_counter()
        unread = c.announcements.read_status(everyone, unread_only=True)
        status_s = time.perf_counter() - t0
        view = c.announcements.get(everyone)
        assert view.read == len(api_accounts) + len(direct_accounts), (view.read, len(api_accounts), len(direct_accounts))
        assert len(unread) == view.unread, (len(unread), view.unread, view.recipients)
        c.uow.dispose()
    figures = {
        "members": args.members, "build_s": round(built, 1),
        "send_everyone_s": round(send_s, 2), "send_everyone_raw_sqlite_s": round(send_raw_s, 2),
        "api_reads": api, "record_read_in_process_per_s": round(direct_per_s, 1),
        "raw_sqlite_reads_per_s": round(raw_per_s, 1),
        "announcements_for_median_ms": _ms(ours), "announcements_for_p95_ms": _ms(ours, 0.95),
        "raw_sql_list_median_ms": _ms(raw), "read_status_unread_s": round(status_s, 3), "unread": len(unread),
    }
    print(json.dumps(figures, indent=2))
    print(f"通知公告 over {args.members} members: send to everyone {figures['send_everyone_s']} s "
          f"(raw sqlite3 {figures['send_everyone_raw_sqlite_s']} s); {api['per_s']} reads/s over the policy API "
          f"from {CLIENTS} clients (p99 {api['p99_ms']} ms), {figures['record_read_in_process_per_s']}/s in-process, "
          f"raw sqlite3 {figures['raw_sqlite_reads_per_s']}/s; announcements-for "
          f"{figures['announcements_for_median_ms']} ms median (raw SQL {figures['raw_sql_list_median_ms']} ms)")


if __name__ == "__main__":
    main()
