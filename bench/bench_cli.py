"""Benchmark of the `youdu-console` command as a user types it: whole processes, timed from outside.

Printed, from one run (best of `--repeat` for the imports, median of `--show-runs` for `member show`):

- `youdu-console import excel FILE --create-departments` of N members (100,000 by default, 5,000 departments)
  into a migrated SQLite database holding only the super admin, in text mode, in `--json` mode (the whole
  change set, written to a file) and in `--json --summary` mode, against the raw limit measured in the same
  run: one `python` process that reads the same file with python-calamine and inserts the same departments,
  members and memberships with `sqlite3.executemany` into the same schema, on a connection set up like the
  application's (WAL, synchronous=NORMAL, foreign keys, 64 MiB cache). The raw process imports neither
  SQLAlchemy nor the application; the pinyin spellings it stores are computed beforehand, outside the
  timing. Target: at most 2× the raw limit, in text and in `--json` mode.
- `youdu-console member show ACCOUNT` on the imported 100,000-member database (log-in included: one
  argon2 verification). Target: median at most 0.30 s. Alternating with it, the same command with its quick
  read turned off (the full path through SQLAlchemy and the services), for comparison.

Raw and CLI runs alternate so that other load on the machine slows both alike; wall and CPU seconds
(user + system of the process and its children, the Excel reader included) are printed.

Run: python -m bench.bench_cli [--members N] [--departments N] [--repeat N] [--show-runs N] [--skip-imports]

`--skip-imports` times only `member show` (its database is made by one untimed `import excel`);
`--show-runs 0` times only the imports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.rawsql import raw_insert

IMPORT_TARGET = 2.0
SHOW_TARGET_S = 0.30
ROOT = ("root", "Secret#123")
NOW = "2026-01-01 00:00:00.000000"
REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- the raw limit (its own light process)

def raw_import(xlsx: Path, db: Path, spellings: Path) -> None:
    """calamine + sqlite3.executemany: what the import cannot beat. Imports no SQLAlchemy, no application."""
    import python_calamine as pc

    spelling = json.loads(spellings.read_text(encoding="utf-8"))
    wb = pc.CalamineWorkbook.from_path(str(xlsx))
    rows = list(wb.get_sheet_by_index(0).iter_rows())[1:]
    members, links, paths = [], [], set()
    for mid, r in enumerate(rows, start=1):
        full, initials = spelling[r[1]]
        members.append((mid, os.urandom(16).hex(), r[0], r[1], full, initials, r[2], r[3] or None, "", "", r[5],
                        int(str(r[8] or 0).split(".")[0]), "active", "unauthorized", "", "{}", None, None, 0, 1, NOW, NOW, None))
        for seq, d in enumerate(str(r[6]).split(";")):
            links.append((mid, d, r[7], seq))
            paths.add(d)
    ids: dict[str, int] = {}
    depts = []
    for p in sorted(paths):
        parts = p.split("/")
        for n in range(1, len(parts) + 1):
            sub = "/".join(parts[:n])
            if sub not in ids:
                ids[sub] = len(ids) + 1
                depts.append((ids[sub], os.urandom(16).hex(), parts[n - 1], ids.get("/".join(parts[:n - 1])),
                              0, None, 1, NOW, NOW))
    con = sqlite3.connect(db, isolation_level=None)
    # The application's connection set-up (store.db._on_sqlite_connect), repeated here so that this process
    # does not pay for importing SQLAlchemy.
    for pragma in ("foreign_keys=ON", "busy_timeout=30000", "cache_size=-65536", "journal_mode=WAL",
                   "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("BEGIN")
    raw_insert(con, depts, members, [(mid, ids[d], pos, seq) for mid, d, pos, seq in links])
    con.execute("COMMIT")
    con.close()


# ---------------------------------------------------------------- set-up (not timed)

def prepare(work: Path, members: int, departments: int) -> dict[str, Any]:
    """The Excel file, the pinyin spellings for the raw process, and two template databases."""
    from bench.orggen import generate_org
    from youdu_console.domain.pinyin import name_pinyin
    from youdu_console.interchange.excel import ExportRow, write_members
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import open_uow

    org = generate_org(members, departments)
    rows = (ExportRow(m["account"], m["name"], m["gender"], m["mobile"], m["phone"], m["email"],
                      tuple(m["departments"]), m["position"], m["weight"]) for m in org.members)
    write_members(work / "members.xlsx", rows)
    spelling = {m["name"]: name_pinyin(m["name"]) for m in org.members}
    (work / "spellings.json").write_text(json.dumps(spelling, ensure_ascii=False), encoding="utf-8")
    empty = open_uow(f"sqlite:///{work / 'empty.db'}")
    empty.dispose()
    admin = open_uow(f"sqlite:///{work / 'admin.db'}")
    AdminService(admin).add(None, ROOT[0], "super", ROOT[1])
    admin.dispose()
    return {"account": org.members[len(org.members) // 2]["account"]}


def _fresh_copy(template: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("youdu-console")
    return [str(script)] if script.exists() else [sys.executable, "-m", "youdu_console"]


def _env(work: Path, db: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work), "XDG_CONFIG_HOME": str(work),
            "YOUDU_DB": f"sqlite:///{db}", "YOUDU_ADMIN": ROOT[0], "YOUDU_ADMIN_PASSWORD": ROOT[1],
            "QT_QPA_PLATFORM": "offscreen"}


def timed(argv: list[str], env: dict[str, str], stdout: Path | None = None) -> dict[str, float]:
    """Wall and CPU seconds of one whole process (CPU: user + system of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE, check=False, cwd=REPO)
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": wall, "cpu_seconds": cpu}


def run_imports(work: Path, repeat: int) -> dict[str, list[dict[str, float]]]:
    xlsx = work / "members.xlsx"
    db = work / "target.db"
    raw = [sys.executable, "-m", "bench.bench_cli", "--raw", str(xlsx), str(db), str(work / "spellings.json")]
    cli = [*_command(), "import", "excel", str(xlsx), "--create-departments"]
    modes = {"cli_text": (cli, None), "cli_json": ([*cli, "--json"], work / "import.json"),
             "cli_json_summary": ([*cli, "--json", "--summary"], work / "summary.json")}
    runs: dict[str, list[dict[str, float]]] = {"raw": [], **{m: [] for m in modes}}
    for _ in range(repeat):
        for name, (argv, out) in modes.items():
            _fresh_copy(work / "empty.db", db)
            runs["raw"].append(timed(raw, _env(work, db)))
            _fresh_copy(work / "admin.db", db)
            result = timed(argv, _env(work, db), out)
            if out is not None:
                result["output_mb"] = out.stat().st_size / 1e6
            runs[name].append(result)
    _check_json(work / "import.json")
    shutil.copyfile(db, work / "imported.db")
    return runs


def _check_json(path: Path) -> None:
    """The --json document is one valid change set with every operation (not only fast, also complete)."""
    import orjson

    doc = orjson.loads(path.read_bytes())
    assert doc["id"] and len(doc["operations"]) == sum(v for k, v in doc["summary"].items() if k != "errors")


def import_once(work: Path) -> None:
    """The imported database for `member show` without timing the imports (--skip-imports)."""
    db = work / "target.db"
    _fresh_copy(work / "admin.db", db)
    timed([*_command(), "import", "excel", str(work / "members.xlsx"), "--create-departments"], _env(work, db))
    shutil.copyfile(db, work / "imported.db")


# The same command with its quick read (cli/quick.py) turned off: the full path, for comparison in one run.
FULL_PATH = ("from youdu_console.cli import quick; quick.answer = lambda argv: None; "
             "from youdu_console.__main__ import main; raise SystemExit(main())")


def run_show(work: Path, account: str, runs: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """`member show` as typed, and the same through the full path, alternating (other load slows both alike)."""
    db = work / "imported.db"
    argv = [*_command(), "member", "show", account]
    full = [sys.executable, "-c", FULL_PATH, "member", "show", account]
    timed(argv, _env(work, db))  # warm the page cache and the bytecode cache once
    timed(full, _env(work, db))
    shows, fulls = [], []
    for _ in range(runs):
        shows.append(timed(argv, _env(work, db)))
        fulls.append(timed(full, _env(work, db)))
    return shows, fulls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--show-runs", type=int, default=15)
    parser.add_argument("--skip-imports", action="store_true", help="time only member show")
    parser.add_argument("--raw", nargs=3, type=Path, metavar=("XLSX", "DB", "SPELLINGS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.raw:
        raw_import(*args.raw)
        return
    work = Path(tempfile.mkdtemp(prefix="youdu-bench-cli-"))
    start = time.perf_counter()
    info = prepare(work, args.members, args.departments)
    print(f"inputs: {args.members} members, {args.departments} departments, prepared in "
          f"{time.perf_counter() - start:.1f} s in {work}", file=sys.stderr)
    if args.skip_imports:
        import_once(work)
        shows, fulls = run_show(work, info["account"], args.show_runs)
        print(json.dumps(show_summary(args, shows, fulls), ensure_ascii=False, indent=2))
        return
    runs = run_imports(work, args.repeat)
    best = {name: min(found, key=lambda r: r["seconds"]) for name, found in runs.items()}
    best_cpu = {name: min(r["cpu_seconds"] for r in found) for name, found in runs.items()}
    shows, fulls = run_show(work, info["account"], args.show_runs) if args.show_runs > 0 else ([], [])

    def ratio(name: str) -> dict[str, float]:
        return {"wall": round(best[name]["seconds"] / best["raw"]["seconds"], 2),
                "cpu": round(best_cpu[name] / best_cpu["raw"], 2)}

    summary = {
        "members": args.members, "departments": args.departments, "repeat": args.repeat,
        "raw_limit_seconds": round(best["raw"]["seconds"], 2),
        "import_text_ratio": ratio("cli_text"), "import_json_ratio": ratio("cli_json"),
        "import_json_summary_ratio": ratio("cli_json_summary"), "import_target_ratio": IMPORT_TARGET,
        "json_document_mb": round(best["cli_json"].get("output_mb", 0.0), 1),
        **(show_summary(args, shows, fulls) if shows else {}),
        "best": {n: {k: round(v, 2) for k, v in r.items()} for n, r in best.items()},
        "all_wall_seconds": {n: [round(r["seconds"], 2) for r in found] for n, found in runs.items()},
        "all_cpu_seconds": {n: [round(r["cpu_seconds"], 2) for r in found] for n, found in runs.items()},
        "load_average_1min": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))


def show_summary(args: argparse.Namespace, shows: list[dict[str, float]],
                 fulls: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "members": args.members, "departments": args.departments,
        "member_show_median_s": round(statistics.median(r["seconds"] for r in shows), 3),
        "member_show_min_s": round(min(r["seconds"] for r in shows), 3),
        "member_show_median_cpu_s": round(statistics.median(r["cpu_seconds"] for r in shows), 3),
        "member_show_target_s": SHOW_TARGET_S,
        "member_show_full_path_median_s": round(statistics.median(r["seconds"] for r in fulls), 3),
        "member_show_full_path_median_cpu_s": round(statistics.median(r["cpu_seconds"] for r in fulls), 3),
        "member_show_wall_seconds": [round(r["seconds"], 3) for r in shows],
    }


if __name__ == "__main__":
    main()
