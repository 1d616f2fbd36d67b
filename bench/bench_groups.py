"""Benchmark of 群管理 on SQLite: department groups following a bulk move, and listing a large group.

Prints, from one run on this machine:
- moving N members (10,000 by default) from one department to another through the services (plan, then apply
  in one change set), once in an address book whose two departments both have department groups and once,
  in the same run, in an identical address book without groups; the limit is 2× the run without groups;
- listing the members of a 5,000-member group (`GroupService.members`), median of many runs; the limit is 50 ms.

Run: python -m bench.bench_groups [--members N] [--group-size N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from youdu_console.domain.model import MemberRecord
from youdu_console.services import changes
from youdu_console.services.admins import AdminService
from youdu_console.services.console import Console, login, open_uow


def _console(path: Path, members: int, group_size: int, *, with_groups: bool) -> Console:
    uow = open_uow(f"sqlite:///{path}")
    AdminService(uow).add(None, "root", "super", "Secret#123")
    console = login(uow, "root", "Secret#123")
    records = [MemberRecord(account=f"m{i:06d}", name=f"成员{i}", departments=["总部/甲部门"]) for i in range(members)]
    records += [MemberRecord(account=f"g{i:06d}", name=f"群员{i}", departments=["总部/丙部门"])
                for i in range(group_size)]
    d = console.directory
    console.apply(d.plan_upsert(records, create_departments=True, extra_dept_paths=["总部/乙部门"]))
    if with_groups:
        for path in ("总部/甲部门", "总部/乙部门", "总部/丙部门"):
            console.apply(console.groups.plan_add_department(path))
    return console


def _move(console: Console, members: int) -> tuple[float, int]:
    accounts = [f"m{i:06d}" for i in range(members)]
    start = time.perf_counter()
    cs = console.apply(console.directory.plan_move_members(accounts, "总部/乙部门"))
    elapsed = time.perf_counter() - start
    return elapsed, sum(1 for op in cs.operations if op.derived)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--group-size", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain = _console(Path(tmp) / "plain.db", args.members, args.group_size, with_groups=False)
        grouped = _console(Path(tmp) / "groups.db", args.members, args.group_size, with_groups=True)
        # Same run, alternating, so both see the same machine load.
        t_plain, _ = _move(plain, args.members)
        t_groups, derived = _move(grouped, args.members)
        preview = changes.complete(grouped.uow, grouped.directory.plan_move_members(
            [f"m{i:06d}" for i in range(args.members)], "总部/甲部门"))
        assert sum(1 for op in preview.operations if op.derived) == 2 * args.members

        group = next(g for g in grouped.groups.list_groups() if g.name == "丙部门")
        assert group.member_count == args.group_size
        timings = []
        for _ in range(30):
            start = time.perf_counter()
            listed = grouped.groups.members(group.gid)
            timings.append(time.perf_counter() - start)
        assert len(listed) == args.group_size
        listing = statistics.median(timings)
        plain.uow.dispose()
        grouped.uow.dispose()
    figures = {
        "move_members": args.members,
        "move_without_groups_s": round(t_plain, 3),
        "move_with_department_groups_s": round(t_groups, 3),
        "derived_operations": derived,
        "ratio": round(t_groups / t_plain, 2),
        "ratio_limit": 2.0,
        "list_group_members": args.group_size,
        "list_median_ms": round(listing * 1000, 2),
        "list_limit_ms": 50,
    }
    print(json.dumps(figures, indent=2))
    print(f"move {args.members}: {t_plain:.2f} s without groups, {t_groups:.2f} s with department groups "
          f"({derived} group operations) = {t_groups / t_plain:.2f}× (limit 2×) "
          f"{'OK' if t_groups <= 2 * t_plain else 'OVER'}")
    print(f"list a {args.group_size}-member group: {listing * 1000:.1f} ms median (limit 50 ms) "
          f"{'OK' if listing <= 0.050 else 'OVER'}")


if __name__ == "__main__":
    main()
