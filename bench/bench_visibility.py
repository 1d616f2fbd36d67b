"""Benchmark of 可见性设置: what one member of a 100,000-member organisation sees, with 200 rules (SQLite).

The organisation is bench/orggen.py's (100,000 members, 5,000 departments); the 200 rules are 120 hide rules
(departments and members, half with whitelists), 60 restrict rules on departments (with extra visible
departments and members) and 20 forbid rules. Three viewers: one restricted to its department, one whom no
restrict/forbid rule limits (it sees the whole address book minus the hidden parts), one forbidden.

Printed, medians of many runs in this process (after one warm-up), then whole processes:
- `decision`: the policy evaluation in-process — `policy.visibility.decide_for(conn, account)`: the viewer's
  departments, the tree and the parsed rules (from the snapshot kept since the last change set: two
  `max`/`count` queries check it), and the decision. `decision_uncached`: the same, reading and parsing the
  tree and the 200 rules again (a server's first question after a change). Raw limit: the same rows read with
  plain sqlite3 (`SELECT id, parent_id FROM departments`, the rules, the viewer's links).
- `api_full` — the acceptance figure, target ≤ 50 ms: `POST /cgi/policy/visible-to` (the default answer, the
  documented shape: every department path and every account the member's client may show) to a real
  `youdu-console serve-api` process over one keep-alive connection (token fetched once), the way an IM server
  asks: encryption, HTTP, the server and the client's decrypting and parsing (with orjson) included, median
  and p95 round trip; each answer checked against the in-process one. `api_full_stdlib_json_median_ms`: the
  same calls with the reply parsed by the standard json module instead (a slower asker), timed apart.
  `api_summary`: the same with `"summary": true` (the compact form).
- `full`: the default answer in-process — `visible_to(conn, account).to_json()` then orjson (as the API writes
  it); `full_first_after_change_ms`: the same with the change set's snapshot dropped first (what the first
  question after any change set costs: the tree, the rules and the active accounts read again). Raw limits: `full_raw_sql` — plain sqlite3 reading the shown departments' rows and the shown members'
  accounts (their departments given, through a temporary table) and writing them with orjson; `raw_scan` —
  `SELECT account FROM members WHERE status = 'active'` alone (every active account, no decision).
- `summary`: the compact form in-process — `compact_visible_to(conn, account).to_json()`.
- `command` / `command_summary`: `youdu-console --json policy visible-to ACCOUNT [--summary]` as a whole
  process (start-up, imports, JSON written to a file; wall and CPU milliseconds — CPU tells the truth on a
  shared machine), against a raw process: `python -c` that opens the database with sqlite3, runs the raw
  listing's queries and writes them as JSON.

Run: python -m bench.bench_visibility [--members N] [--departments N] [--runs N] [--command-runs N] [--db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

TARGET_MS = 50.0  # policy visible-to, as an IM server asks it (the policy API)
ROOT = ("root", "Secret#123")
REPO = Path(__file__).resolve().parent.parent


def build(db: Path, members: int, departments: int) -> dict[str, str]:
    """The organisation and its 200 rules; returns the three viewers' accounts."""
    from bench.orggen import generate_org
    from youdu_console.domain.model import MemberRecord
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import login, open_uow
    from youdu_console.services.visibility import Targets

    org = generate_org(members, departments)
    uow = open_uow(f"sqlite:///{db}")
    AdminService(uow).add(None, ROOT[0], "super", ROOT[1])
    c = login(uow, *ROOT)
    records = [MemberRecord(account=m["account"], name=m["name"], departments=m["departments"]) for m in org.members]
    c.apply(c.directory.plan_upsert(records, create_departments=True))
    rnd = random.Random(7)
    leaves = org.departments[220:]
    seconds = org.departments[20:220]
    accounts = [m["account"] for m in org.members]
    restricted_dept = seconds[0]
    forbidden_dept = leaves[-1]
    used = {restricted_dept, forbidden_dept}
    v = c.visibility

    def pick(pool: list[str]) -> str:
        while True:
            item = rnd.choice(pool)
            if item not in used:
                used.add(item)
                return item

    for i in range(120):
        if i % 2:
            subjects = Targets((pick(leaves),))
        else:
            subjects = Targets(members=tuple(rnd.sample(accounts, 3)))
        white = Targets((pick(leaves),), (rnd.choice(accounts),)) if i % 4 < 2 else Targets()
        c.apply(v.plan_add(f"隐藏{i:03d}", "hide", subjects, whitelist=white))
    for i in range(60):
        dept = restricted_dept if i == 0 else pick(seconds)
        c.apply(v.plan_add(f"限制{i:03d}", "restrict", Targets((dept,)),
                           whitelist=Targets(members=(rnd.choice(accounts),)),
                           extra=Targets((pick(leaves),), tuple(rnd.sample(accounts, 2)))))
    for i in range(20):
        dept = forbidden_dept if i == 0 else pick(leaves)
        c.apply(v.plan_add(f"禁止{i:03d}", "forbid", Targets((dept,))))
    by_dept: dict[str, str] = {}
    for m in org.members:
        for d in m["departments"]:
            by_dept.setdefault(d, m["account"])
    free_dept = next(d for d in leaves if d not in used and not d.startswith(restricted_dept) and d in by_dept)
    viewers = {"restricted": next(m["account"] for m in org.members if m["departments"][0].startswith(restricted_dept + "/")),
               "unrestricted": by_dept[free_dept], "forbidden": by_dept[forbidden_dept]}
    uow.dispose()
    return viewers


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _raw_connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db)
    con.execute("PRAGMA cache_size=-65536")
    return con


def raw_decision_rows(con: sqlite3.Connection, account: str) -> int:
    rows = con.execute("SELECT id, parent_id FROM departments").fetchall()
    rows += con.execute("SELECT id, name, kind, subjects, whitelist, extra FROM visibility_rules").fetchall()
    rows += con.execute("SELECT l.dept_id FROM members m JOIN member_departments l ON l.member_id = m.id "
                        "WHERE m.account = ?", (account,)).fetchall()
    return len(rows)


RAW_ANSWER = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA cache_size=-65536")
shown = json.loads(sys.argv[2])
depts = con.execute("SELECT id, name, parent_id FROM departments").fetchall()
con.execute("CREATE TEMP TABLE shown (id INTEGER PRIMARY KEY)")
con.executemany("INSERT INTO shown VALUES (?)", [(d,) for d in shown])
rows = con.execute("SELECT account FROM members WHERE status = 'active' AND id IN "
                   "(SELECT member_id FROM member_departments WHERE dept_id IN (SELECT id FROM shown))").fetchall()
sys.stdout.write(json.dumps({"departments": depts, "members": rows}, ensure_ascii=False))
"""


def raw_answer_rows(con: sqlite3.Connection, shown: list[int]) -> int:
    """The raw limit of the full answer: the shown departments' rows and the shown members' accounts, as JSON."""
    con.execute("CREATE TEMP TABLE IF NOT EXISTS shown (id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM shown")
    con.executemany("INSERT INTO shown VALUES (?)", [(d,) for d in shown])
    depts = con.execute("SELECT d.id, d.name, d.parent_id FROM departments d JOIN shown s ON s.id = d.id").fetchall()
    rows = con.execute("SELECT account FROM members WHERE status = 'active' AND id IN "
                       "(SELECT member_id FROM member_departments WHERE dept_id IN (SELECT id FROM shown))").fetchall()
    return len(orjson.dumps({"departments": depts, "members": rows}))


def raw_scan(con: sqlite3.Connection) -> int:
    return len(con.execute("SELECT account FROM members WHERE status = 'active'").fetchall())


def process_ms(argv: list[str], env: dict[str, str], out: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU (user + system) milliseconds of a whole process, after one warm-up run."""
    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with open(out, "wb") as fh:
            proc = subprocess.run(argv, env=env, stdout=fh, stderr=subprocess.PIPE, check=False, cwd=REPO)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        return wall * 1000, ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000

    once()
    found = [once() for _ in range(runs)]
    return statistics.median(w for w, _ in found), statistics.median(c for _, c in found)


def _over_the_api(url: str, key: bytes, expected: dict[str, dict[str, dict[str, Any]]],
                  runs: int) -> dict[str, dict[str, float]]:
    """Round trips of POST /cgi/policy/visible-to (the full answer, and the summary) to a real serve-api.

    Each call is timed from building the encrypted request to holding the parsed answer. The reply is parsed
    twice, each timed apart: with orjson (the asker's fastest reader: the figure against the target) and with
    the standard json module (a slower asker: printed beside it). Both totals are per call, HTTP included."""
    from bench.bench_api import Client, client_decrypt, start_server

    proc, base = start_server(url)
    try:
        client = Client(base, key)
        client.gettoken()
        out: dict[str, dict[str, float]] = {}
        for account, answers in expected.items():
            for form in ("full", "summary"):
                body = {"account": account, **({"summary": True} if form == "summary" else {})}
                fast: list[float] = []
                slow: list[float] = []
                for i in range(runs + 1):  # the first call warms up
                    t0 = time.perf_counter()
                    query = urllib.parse.urlencode({"accessToken": client.token})
                    client.conn.request("POST", f"/cgi/policy/visible-to?{query}",
                                        body=client.envelope(orjson.dumps(body)),
                                        headers={"Content-Type": "application/json"})
                    response = client.conn.getresponse()
                    raw = response.read()
                    t1 = time.perf_counter()
                    envelope = orjson.loads(raw)
                    data = orjson.loads(client_decrypt(key, envelope["encrypt"])[0])
                    t2 = time.perf_counter()
                    data_json = json.loads(client_decrypt(key, json.loads(raw)["encrypt"])[0])
                    t3 = time.perf_counter()
                    assert response.status == 200 and envelope["errcode"] == 0, raw[:200]
                    assert data == answers[form] and data_json == data, (account, form)
                    if i:
                        fast.append(t2 - t0)
                        slow.append((t1 - t0) + (t3 - t2))
                row = out.setdefault(account, {})
                row[f"{form}_median_ms"] = round(statistics.median(fast) * 1000, 2)
                row[f"{form}_p95_ms"] = round(sorted(fast)[max(0, int(len(fast) * 0.95) - 1)] * 1000, 2)
                row[f"{form}_stdlib_json_median_ms"] = round(statistics.median(slow) * 1000, 2)
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--command-runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse (or build once into) this database file")
    args = parser.parse_args()
    from youdu_console.policy.visibility import compact_visible_to, decide_for, drop_snapshots, visible_to
    from youdu_console.services.apps import app_credentials
    from youdu_console.services.console import open_uow

    work = Path(tempfile.mkdtemp(prefix="youdu-bench-visibility-"))
    db = args.db or work / "org.db"
    start = time.perf_counter()
    viewers_file = db.with_suffix(".viewers.json")
    if db.exists() and viewers_file.exists():
        viewers = json.loads(viewers_file.read_text(encoding="utf-8"))
    else:
        viewers = build(db, args.members, args.departments)
        viewers_file.write_text(json.dumps(viewers), encoding="utf-8")
    print(f"organisation: {args.members} members, {args.departments} departments, 200 rules, ready in "
          f"{time.perf_counter() - start:.0f} s ({db})", file=sys.stderr)
    uow = open_uow(f"sqlite:///{db}")
    raw = _raw_connect(db)
    script = Path(sys.executable).with_name("youdu-console")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "youdu_console"]
    env = {**os.environ, "YOUDU_DB": f"sqlite:///{db}", "HOME": str(work), "XDG_DATA_HOME": str(work),
           "XDG_CONFIG_HOME": str(work)}
    figures: dict[str, Any] = {}
    expected: dict[str, dict[str, dict[str, Any]]] = {}
    for label, account in viewers.items():
        with uow.read() as conn:
            answer = visible_to(conn, account)
            assert answer is not None
            shown = sorted(answer.decision.shown)
            compact = compact_visible_to(conn, account)
            assert compact is not None
            expected[account] = {"full": answer.to_json(), "summary": compact.to_json()}
            decision_ms = median_ms(lambda conn=conn, account=account: decide_for(conn, account), args.runs)
            cold_ms = median_ms(lambda conn=conn, account=account: decide_for(conn, account, cached=False), args.runs)
            summary_ms = median_ms(lambda conn=conn, account=account: compact_visible_to(conn, account).to_json(),
                                   args.runs)
            full_ms = median_ms(lambda conn=conn, account=account: orjson.dumps(visible_to(conn, account).to_json()),
                                args.runs)

            def after_change(conn: Any = conn, account: str = account) -> bytes:
                drop_snapshots()  # as after a change set: the tree, rules and accounts are read again
                return orjson.dumps(visible_to(conn, account).to_json())

            first_ms = median_ms(after_change, max(5, args.runs // 3))
        raw_decision = median_ms(lambda account=account: raw_decision_rows(raw, account), args.runs)
        raw_answer = median_ms(lambda shown=shown: raw_answer_rows(raw, shown), args.runs)
        raw_scan_ms = median_ms(lambda: raw_scan(raw), args.runs)
        cmd_ms = process_ms([*command, "--json", "policy", "visible-to", account], env, work / "out.json",
                            args.command_runs)
        assert json.loads((work / "out.json").read_text(encoding="utf-8")) == expected[account]["full"]
        cmd_summary_ms = process_ms([*command, "--json", "policy", "visible-to", account, "--summary"], env,
                                    work / "out.json", args.command_runs)
        assert json.loads((work / "out.json").read_text(encoding="utf-8")) == expected[account]["summary"]
        raw_cmd_ms = process_ms([sys.executable, "-c", RAW_ANSWER, str(db), json.dumps(shown)], env,
                                work / "raw.json", args.command_runs)
        full = expected[account]["full"]
        figures[label] = {
            "account": account, "departments_shown": len(full["departments"]), "members_shown": len(full["members"]),
            "full_answer_bytes": len(orjson.dumps(full)),
            "summary_answer_bytes": len(orjson.dumps(expected[account]["summary"])),
            "decision_ms": round(decision_ms, 2), "decision_uncached_ms": round(cold_ms, 2),
            "decision_raw_sql_ms": round(raw_decision, 2), "summary_ms": round(summary_ms, 2),
            "full_ms": round(full_ms, 2), "full_first_after_change_ms": round(first_ms, 2), "full_raw_sql_ms": round(raw_answer, 2), "raw_scan_ms": round(raw_scan_ms, 2),
            "command_ms": round(cmd_ms[0]), "command_cpu_ms": round(cmd_ms[1]),
            "command_summary_ms": round(cmd_summary_ms[0]), "command_summary_cpu_ms": round(cmd_summary_ms[1]),
            "command_raw_process_ms": round(raw_cmd_ms[0]), "command_raw_process_cpu_ms": round(raw_cmd_ms[1]),
        }
    with uow.read() as conn:
        creds = app_credentials(conn, "sysOrgAssistant")
    assert creds is not None
    uow.dispose()
    api = _over_the_api(f"sqlite:///{db}", creds.aes_key, expected, args.runs)
    for label, account in viewers.items():
        f = figures[label]
        f.update({f"api_{k}": v for k, v in api[account].items()})
        f["api_target_ms"] = TARGET_MS
        f["api_full_within_target"] = f["api_full_median_ms"] <= TARGET_MS
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    for label, f in figures.items():
        print(f"{label} ({f['members_shown']} members shown): policy API {f['api_full_median_ms']} ms median (p95 "
              f"{f['api_full_p95_ms']}; target {TARGET_MS:.0f} ms) {'OK' if f['api_full_within_target'] else 'OVER'}"
              f" (parsed with the json module instead: {f['api_full_stdlib_json_median_ms']} ms), summary "
              f"{f['api_summary_median_ms']} ms — in-process {f['full_ms']} ms (first after a change set "
              f"{f['full_first_after_change_ms']} ms; raw SQL "
              f"{f['full_raw_sql_ms']} ms, bare scan of every account {f['raw_scan_ms']} ms), decision "
              f"{f['decision_ms']} ms, summary {f['summary_ms']} ms; command {f['command_ms']} ms "
              f"(CPU {f['command_cpu_ms']}), --summary {f['command_summary_ms']} ms, raw process "
              f"{f['command_raw_process_ms']} ms")


if __name__ == "__main__":
    main()
