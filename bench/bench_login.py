"""Benchmark of the policy engine: `check_login` latency on a 100,000-member SQLite database.

Prints the median and 95th percentile in-process latency of a successful login, a wrong password and an
unknown account (the last two should match: the engine spends one argon2 verification on every path),
and the argon2id parameters. Run: python -m bench.bench_login [--members N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_core import service_create
from bench.orggen import generate_org
from youdu_console.policy.login import LoginPolicy
from youdu_console.services.access import AccessService
from youdu_console.services.passwords import HASHER


def timings(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    org = generate_org(args.members, max(50, args.members // 20))
    _, _, console = service_create(Path(tempfile.mkdtemp(prefix="youdu-bench-")) / "login.db", org)
    c = console  # type: ignore[assignment]
    accounts = [m["account"] for m in org.members[:3]]
    access = AccessService(c.uow, c.actor)  # type: ignore[attr-defined]
    for a in accounts:
        c.apply(access.plan_set_password(a, "Passw0rd!", force_change=False))  # type: ignore[attr-defined]
    c.apply(access.plan_authorization(accounts, "grant"))  # type: ignore[attr-defined]
    c.settings.set({"security.lockout_threshold": "100"})  # type: ignore[attr-defined]
    policy = LoginPolicy(c.uow)  # type: ignore[attr-defined]
    ok = timings(lambda: policy.check_login(accounts[0], "Passw0rd!", "windows", "10.0.0.1"), args.runs)
    bad = timings(lambda: policy.check_login(accounts[1], "wrong", "windows", "10.0.0.1"), 60)
    unknown = timings(lambda: policy.check_login("no-such-user", "wrong", "windows", "10.0.0.1"), args.runs)
    t = time.perf_counter()
    for _ in range(20):
        HASHER.verify(HASHER.hash("x"), "x")
    argon_ms = (time.perf_counter() - t) / 40 * 1000
    print(json.dumps({
        "members": len(org.members),
        "argon2id": {"time_cost": HASHER.time_cost, "memory_cost_kib": HASHER.memory_cost,
                     "parallelism": HASHER.parallelism, "one_operation_ms": round(argon_ms, 1)},
        "check_login_ok_ms": {"median": round(ok[0], 1), "p95": round(ok[1], 1)},
        "check_login_bad_password_ms": {"median": round(bad[0], 1), "p95": round(bad[1], 1)},
        "check_login_unknown_account_ms": {"median": round(unknown[0], 1), "p95": round(unknown[1], 1)},
        "target_ms": 100,
    }, indent=2))


if __name__ == "__main__":
    main()
