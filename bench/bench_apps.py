"""Benchmark of `policy apps-for` (企业应用, manual 3.1): a member's portal over 100,000 members and 50 templates.

Builds, through the services, an address book of N members (100,000 by default) in 20 divisions × 10
departments × 2 teams, 60 self-built apps besides the system apps, and 50 portal templates whose audiences
mix whole divisions (subtrees), single departments and named members. Then prints, from one run:

- in-process: `policy.apps.apps_for` for members spread over the tree, median and p95 (target ≤ 5 ms median),
  against the raw limit measured in the same run — the same answer from one hand-written recursive SQL
  statement through plain sqlite3;
- whole command: `youdu-console --json policy apps-for ACCOUNT` as a process, median of a few runs, against a
  raw process (python running the same SQL through sqlite3);
- over the policy API, the way an IM server asks: a real `youdu-console serve-api` process, one keep-alive
  client (token fetched once), `POST /cgi/policy/apps-for` round trips for the same members, median and p95
  (encryption, HTTP and the server included), each answer checked against the in-process one.

Run: python -m bench.bench_apps [--members N] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_api import ORG_APP, Client, start_server
from bench.orggen import ROOT, console_with_members
from youdu_console.policy.apps import apps_for
from youdu_console.services.apps import app_credentials
from youdu_console.services.console import Console

RAW_SQL = """
WITH RECURSIVE up(id) AS (
  SELECT md.dept_id FROM member_departments md WHERE md.member_id = :m
  UNION SELECT d.parent_id FROM departments d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL)
SELECT a.app_id, a.name, a.terminals, pa.group_name, t.name
FROM portal_apps pa JOIN portal_templates t ON t.id = pa.template_id JOIN apps a ON a.app_id = pa.app_id
WHERE pa.template_id IN (SELECT template_id FROM portal_audience
                         WHERE member_id = :m OR dept_id IN (SELECT id FROM up))
  AND t.enabled = 1 AND a.enabled = 1
ORDER BY t.name, pa.position, pa.id
"""
RAW_PROCESS = """
import sqlite3, sys, json
con = sqlite3.connect(sys.argv[1])
m = con.execute("SELECT id FROM members WHERE account = ?", (sys.argv[2],)).fetchone()[0]
seen, out = set(), []
for app_id, name, terms, group, tpl in con.execute(sys.argv[3], {"m": m}):
    if app_id not in seen:
        seen.add(app_id); out.append({"app_id": app_id, "name": name, "group": group})
print(json.dumps(out, ensure_ascii=False))
"""


def _path(n: int) -> str:
    division, dept, team = n % 20, (n // 20) % 10, (n // 200) % 2
    return f"总部/事业部{division:02d}/部门{dept}/小组{team}"


def build(db: Path, members: int) -> Console:
    c = console_with_members(f"sqlite:///{db}", members, _path)
    apps = []
    for i in range(60):
        cs = c.apply(c.apps.plan_add(f"应用{i:02d}", intro=f"第 {i} 个自建应用",
                                     terminals="desktop" if i % 3 == 0 else "desktop,mobile"))
        apps.append(cs.operations[0].key)
    apps += ["sysFileAssistant", "sysNoticeAssistant", "sysFormAssistant"]
    rnd = random.Random(7)
    for t in range(50):
        chosen = rnd.sample(apps, 8)
        entries = [f"分组{j % 3}:{a}" for j, a in enumerate(chosen)]
        if t % 5 == 0:
            depts = [f"总部/事业部{t % 20:02d}"]  # a whole division (a subtree)
        elif t % 5 == 1:
            depts = ["总部"]  # everyone
        else:
            depts = [f"总部/事业部{t % 20:02d}/部门{t % 10}"]
        people = [f"m{rnd.randrange(members):06d}" for _ in range(20)]
        c.apply(c.portal.plan_add(f"模板{t:02d}", apps=entries, depts=depts, members=people))
    return c


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _p95_ms(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7, help="whole-command runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "apps.db"
        start = time.perf_counter()
        c = build(db, args.members)
        built = time.perf_counter() - start
        accounts = [f"m{i:06d}" for i in range(0, args.members, max(1, args.members // 400))]
        ours: list[float] = []
        raw: list[float] = []
        expected: dict[str, list[str]] = {}
        con = sqlite3.connect(db)
        with c.uow.read() as conn:
            answer = apps_for(conn, accounts[0])  # warm: statement compiled, pages cached
            for account in accounts:
                t0 = time.perf_counter()
                found = apps_for(conn, account)
                ours.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                m = con.execute("SELECT id FROM members WHERE account = ?", (account,)).fetchone()[0]
                seen: set[str] = set()
                rows = [r for r in con.execute(RAW_SQL, {"m": m}) if not (r[0] in seen or seen.add(r[0]))]
                raw.append(time.perf_counter() - t0)
                assert [a.app_id for a in found] == [r[0] for r in rows], account
                expected[account] = [a.app_id for a in found]
            creds = app_credentials(conn, ORG_APP)
        assert answer and creds is not None
        c.uow.dispose()
        con.close()

        script = Path(sys.executable).with_name("youdu-console")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "youdu_console"]
        env = {**os.environ, "HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp, "YOUDU_DB": f"sqlite:///{db}",
               "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1], "QT_QPA_PLATFORM": "offscreen"}
        whole: list[float] = []
        whole_raw: list[float] = []
        for i in range(args.repeat):
            account = accounts[i * 37 % len(accounts)]
            for argv, bucket in (([*command, "--json", "policy", "apps-for", account], whole),
                                 ([sys.executable, "-c", RAW_PROCESS, str(db), account, RAW_SQL], whole_raw)):
                t0 = time.perf_counter()
                proc = subprocess.run(argv, env=env, capture_output=True, check=False)
                bucket.append(time.perf_counter() - t0)
                if proc.returncode != 0:
                    raise SystemExit(proc.stderr.decode(errors="replace"))
        api = _over_the_api(f"sqlite:///{db}", creds.aes_key, expected)
    figures = {
        "members": args.members, "templates": 50, "build_s": round(built, 1), "queries": len(ours),
        "in_process_median_ms": round(_median_ms(ours), 3), "in_process_p95_ms": round(_p95_ms(ours), 3),
        "raw_sql_median_ms": round(_median_ms(raw), 3), "limit_ms": 5.0,
        "command_median_ms": round(_median_ms(whole), 1), "raw_process_median_ms": round(_median_ms(whole_raw), 1),
        "api_round_trip_median_ms": round(_median_ms(api), 3), "api_round_trip_p95_ms": round(_p95_ms(api), 3),
    }
    print(json.dumps(figures, indent=2))
    ok = figures["in_process_median_ms"] <= 5.0
    print(f"apps-for over {args.members} members / 50 templates: {figures['in_process_median_ms']} ms median "
          f"in-process (raw SQL {figures['raw_sql_median_ms']} ms; limit 5 ms) {'OK' if ok else 'OVER'}; "
          f"whole command {figures['command_median_ms']} ms vs raw process {figures['raw_process_median_ms']} ms; "
          f"over the policy API {figures['api_round_trip_median_ms']} ms median round trip")


def _over_the_api(url: str, key: bytes, expected: dict[str, list[str]]) -> list[float]:
    """Round trips of POST /cgi/policy/apps-for to a real serve-api process, each answer checked."""
    proc, base = start_server(url)
    try:
        client = Client(base, key)
        client.gettoken()
        times: list[float] = []
        for account, app_ids in [*expected.items()][:1] + [*expected.items()]:  # the first call warms up
            t0 = time.perf_counter()
            reply = client.call("/cgi/policy/apps-for", {"account": account})
            times.append(time.perf_counter() - t0)
            assert reply["errcode"] == 0, reply
            assert [a["app_id"] for a in reply["data"]["apps"]] == app_ids, account
        return times[1:]
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
