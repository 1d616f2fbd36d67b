"""Benchmark of the directory core on a 100,000-member / 5,000-department organisation (SQLite).

Prints, from one run on this machine:
- creating the organisation through the services as one change set (plan + apply, journal and audit
  included) against a raw `sqlite3.executemany` of the same rows into the same schema;
- search latency (2-character Chinese substring, pinyin initials, account prefix), median of many runs;
- children and members of a department, median of many runs.

Run: python -m bench.bench_core [--members N] [--departments N]
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.orggen import Org, generate_org
from bench.rawsql import raw_insert as insert_rows
from youdu_console.domain.model import MemberRecord
from youdu_console.domain.pinyin import name_pinyin
from youdu_console.services.admins import AdminService
from youdu_console.services.console import login, open_uow
from youdu_console.services.directory import new_gid


def raw_insert(path: Path, org: Org) -> float:
    """The raw limit: the same rows, pre-built, with sqlite3.executemany in one transaction."""
    open_uow(f"sqlite:///{path}").dispose()  # same schema and indexes, created by the migrations
    dept_ids = {p: i + 1 for i, p in enumerate(org.departments)}
    now = "2026-01-01 00:00:00.000000"
    depts = [(dept_ids[p], new_gid(), p.rsplit("/", 1)[-1], dept_ids.get(p.rsplit("/", 1)[0]) if "/" in p else None,
              0, None, 1, now, now) for p in org.departments]
    members = []
    links = []
    for i, m in enumerate(org.members):
        mid = 10_000 + i
        full, initials = name_pinyin(m["name"])
        members.append((mid, new_gid(), m["account"], m["name"], full, initials, m["gender"], m["mobile"], "", "",
                        m["email"], m["weight"], "active", "unauthorized", "", "{}", None, None, 0, 1, now, now, None))
        for seq, d in enumerate(m["departments"]):
            links.append((mid, dept_ids[d], m["position"], seq))
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA cache_size=-65536")  # as the console's own connections (store.db)
    start = time.perf_counter()
    with con:
        insert_rows(con, depts, members, links)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def service_create(path: Path, org: Org) -> tuple[float, float, object]:
    uow = open_uow(f"sqlite:///{path}")
    AdminService(uow).add(None, "root", "super", "Secret#123")
    console = login(uow, "root", "Secret#123")
    records = [MemberRecord(account=m["account"], name=m["name"], gender=m["gender"], mobile=m["mobile"],
                            email=m["email"], position=m["position"], weight=m["weight"], departments=m["departments"],
                            row=i + 2) for i, m in enumerate(org.members)]
    gc.collect()
    start = time.perf_counter()
    cs = console.directory.plan_upsert(records, kind="bench.create", create_departments=True,
                                       extra_dept_paths=org.departments)
    planned = time.perf_counter()
    assert not cs.errors, cs.errors[:3]
    console.apply(cs)
    done = time.perf_counter()
    return planned - start, done - planned, console


def median_ms(fn, runs: int = 50) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=5_000)
    args = parser.parse_args()
    org = generate_org(args.members, args.departments)
    tmp = Path(tempfile.mkdtemp(prefix="youdu-bench-"))
    raw = raw_insert(tmp / "raw.db", org)
    plan, apply_, console = service_create(tmp / "svc.db", org)
    total = plan + apply_
    d = console.directory  # type: ignore[attr-defined]
    big = org.departments[len(org.departments) - 1]
    leaf = org.members[0]["departments"][0]
    results = {
        "members": len(org.members), "departments": len(org.departments),
        "raw_executemany_s": round(raw, 3), "service_plan_s": round(plan, 3), "service_apply_s": round(apply_, 3),
        "service_total_s": round(total, 3), "ratio_to_raw": round(total / raw, 2), "target_ratio": 2.5,
        "search_chinese_2char_ms": round(median_ms(lambda: d.list_members(search="建国")), 2),
        "search_pinyin_initials_ms": round(median_ms(lambda: d.list_members(search="zw")), 2),
        "search_account_prefix_ms": round(median_ms(lambda: d.list_members(search="wangj")), 2),
        # A Latin name part (issue #11: `Brien` finds `O'Brien`): scans every name, like the Chinese substring.
        "search_latin_substring_ms": round(median_ms(lambda: d.list_members(search="Brien")), 2),
        "search_target_ms": 20,
        "children_of_department_ms": round(median_ms(lambda: d.children("研发中心")), 2),
        "members_of_department_ms": round(median_ms(lambda: d.list_members(big)), 2),
        "members_of_department_count": len(d.list_members(big)),
        "members_of_2000_member_department_ms": round(median_ms(lambda: d.list_members(leaf), runs=10), 2),
        "department_target_ms": 5,
    }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
