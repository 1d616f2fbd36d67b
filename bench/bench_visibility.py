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
- `compact`: the default answer in-process — `compact_visible_to(conn, account).to_json()`: the decision, the
  named members' rows and the paths of the subtrees and exceptions (no member list is read).
- `api_compact` — the acceptance figure, target ≤ 50 ms: `POST /cgi/policy/visible-to` to a real
  `youdu-console serve-api` process over one keep-alive connection (token fetched once), the way an IM server
  asks: encryption, HTTP and the server included, median and p95 round trip; each answer checked against the
  in-process one. `api_members`: the same with `"members": true` (every shown member listed).
- `members`: the full listing in-process — `visible_to(conn, account).to_json()` (all 100,000 members for the
  unrestricted viewer, read as raw rows). Raw limit: plain sqlite3 reading the same member rows.
- `command` / `command_members`: `youdu-console --json policy visible-to ACCOUNT [--members]` as a whole
  process (start-up, imports, JSON written to a file; wall and CPU milliseconds — CPU tells the truth on a
  shared machine), against a raw process: `python -c` that opens the database with sqlite3, runs the raw
  listing's queries and writes them as JSON.

Run: python -m bench.bench_visibility [--members N] [--departments N] [--runs N]
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
rows = con.execute("SELECT m.id, m.account, m.name, l.dept_id FROM members m JOIN member_departments l "
                   "ON l.member_id = m.id WHERE m.status = 'active' AND m.id IN "
                   "(SELECT member_id FROM member_departments WHERE dept_id IN (SELECT id FROM shown))").fetchall()
sys.stdout.write(json.dumps({"departments": depts, "members": rows}, ensure_ascii=False))
"""


def raw_answer_rows(con: sqlite3.Connection, shown: list[int]) -> int:
    con.execute("CREATE TEMP TABLE IF NOT EXISTS shown (id INTEGER PRIMARY KEY)")
    con.execute("DELETE FROM shown")
    con.executemany("INSERT INTO shown VALUES (?)", [(d,) for d in shown])
    depts = con.execute("SELECT id, name, parent_id FROM departments").fetchall()
    rows = con.execute("SELECT m.id, m.account, m.name, l.dept_id FROM members m JOIN member_departments l "
                       "ON l.member_id = m.id WHERE m.status = 'active' AND m.id IN "
                       "(SELECT member_id FROM member_departments WHERE dept_id IN (SELECT id FROM shown))").fetchall()
    return len(depts) + len(rows)


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


def _over_the_api(url: str, key: bytes, expected: dict[str, tuple[dict[str, Any], int]],
                  runs: int) -> dict[str, dict[str, float]]:
    """Round trips of POST /cgi/policy/visible-to (compact, and with members) to a real serve-api process."""
    from bench.bench_api import Client, start_server

    proc, base = start_server(url)
    try:
        client = Client(base, key)
        client.gettoken()
        out: dict[str, dict[str, float]] = {}
        for account, (compact, listed) in expected.items():
            times: dict[str, list[float]] = {"compact": [], "members": []}
            for form, n in (("compact", runs), ("members", max(3, runs // 5))):
                body = {"account": account, **({"members": True} if form == "members" else {})}
                for i in range(n + 1):  # the first call warms up
                    t0 = time.perf_counter()
                    reply = client.call("/cgi/policy/visible-to", body)
                    if i:
                        times[form].append(time.perf_counter() - t0)
                    assert reply["errcode"] == 0, reply
                    if form == "compact":
                        assert reply["data"] == compact, account
                    else:
                        assert len(reply["data"]["members"]) == listed, account
            out[account] = {f"{form}_median_ms": round(statistics.median(t) * 1000, 2) for form, t in times.items()}
            out[account]["compact_p95_ms"] = round(sorted(times["compact"])[int(len(times["compact"]) * 0.95) - 1]
                                                   * 1000, 2)
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
    from youdu_console.policy.visibility import compact_visible_to, decide_for, visible_to
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
    expected: dict[str, tuple[dict[str, Any], int]] = {}
    for label, account in viewers.items():
        with uow.read() as conn:
            answer = visible_to(conn, account)
            assert answer is not None
            shown = sorted(answer.decision.shown)
            listed = len(answer.to_json()["members"])
            compact = compact_visible_to(conn, account)
            assert compact is not None
            expected[account] = (compact.to_json(), listed)
            decision_ms = median_ms(lambda conn=conn, account=account: decide_for(conn, account), args.runs)
            cold_ms = median_ms(lambda conn=conn, account=account: decide_for(conn, account, cached=False), args.runs)
            compact_ms = median_ms(lambda conn=conn, account=account: compact_visible_to(conn, account).to_json(),
                                   args.runs)
            members_ms = median_ms(lambda conn=conn, account=account: visible_to(conn, account).to_json(),
                                   max(3, args.runs // 5))
        raw_decision = median_ms(lambda account=account: raw_decision_rows(raw, account), args.runs)
        raw_answer = median_ms(lambda shown=shown: raw_answer_rows(raw, shown), max(3, args.runs // 5))
        cmd_ms = process_ms([*command, "--json", "policy", "visible-to", account], env, work / "out.json",
                            args.command_runs)
        assert json.loads((work / "out.json").read_text(encoding="utf-8")) == expected[account][0]
        cmd_members_ms = process_ms([*command, "--json", "policy", "visible-to", account, "--members"], env,
                                    work / "out.json", args.command_runs)
        shown_members = len(json.loads((work / "out.json").read_text(encoding="utf-8"))["members"])
        raw_cmd_ms = process_ms([sys.executable, "-c", RAW_ANSWER, str(db), json.dumps(shown)], env,
                                work / "raw.json", args.command_runs)
        figures[label] = {
            "account": account, "departments_shown": len(shown), "members_shown": shown_members,
            "compact_answer_bytes": len(json.dumps(expected[account][0], ensure_ascii=False).encode()),
            "decision_ms": round(decision_ms, 2), "decision_uncached_ms": round(cold_ms, 2),
            "decision_raw_sql_ms": round(raw_decision, 2), "compact_ms": round(compact_ms, 2),
            "members_ms": round(members_ms, 1), "members_raw_sql_ms": round(raw_answer, 1),
            "command_ms": round(cmd_ms[0]), "command_cpu_ms": round(cmd_ms[1]),
            "command_members_ms": round(cmd_members_ms[0]), "command_members_cpu_ms": round(cmd_members_ms[1]),
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
        f["api_compact_within_target"] = f["api_compact_median_ms"] <= TARGET_MS
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    for label, f in figures.items():
        print(f"{label}: policy API {f['api_compact_median_ms']} ms median (p95 {f['api_compact_p95_ms']}; "
              f"target {TARGET_MS:.0f} ms) {'OK' if f['api_compact_within_target'] else 'OVER'} — in-process "
              f"decision {f['decision_ms']} ms, compact answer {f['compact_ms']} ms; with every member: API "
              f"{f['api_members_median_ms']} ms, in-process {f['members_ms']} ms (raw SQL {f['members_raw_sql_ms']} "
              f"ms); command {f['command_ms']} ms, --members {f['command_members_ms']} ms")


if __name__ == "__main__":
    main()
