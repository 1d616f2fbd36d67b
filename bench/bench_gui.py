"""Benchmark of the console window on a 100,000-member / 5,000-department SQLite database (offscreen).

Prints, from one run on this machine, each figure beside its raw limit measured in the same run:
- start-up: from launching the process to the main window shown and idle (first panel loaded), and to
  the address book shown with its tree and first department — against a bare PySide6 window started the
  same way (the floor for "import Qt, open a window");
- selecting a department of 2,000 members until its true count is in the title and its first page shows
  in the table (painted; the rest is fetched as the table scrolls), and scrolling through to its last row
  — against the raw sqlite3 query of the same member rows;
- 全部部门 (every member, paged) until the count and the first page show;
- a search, from the last keystroke to the true total in the title and the first page in the table (the
  40 ms debounce included) — against the raw sqlite3 LIKE query with LIMIT 50;
- resident memory of the window process after those steps, against the bare PySide6 window's;
- the cost of natural sorting (domain.collation): keys of every member name and department name, ordering
  100,000 members in Python over plain rows against ORDER BY the stored key column (members.account_key).

Run: python -m bench.bench_gui [--members N] [--departments N] [--db PATH (reused when it exists)]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT_ADMIN = ("root", "Secret#123")
TARGETS = {"interactive_s": 1.0, "select_department_ms": 100.0, "search_ms": 100.0}


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------- building the organisation
def build_database(path: Path, members: int, departments: int) -> dict[str, Any]:
    """The organisation through the services, as one change set (as an import would make it)."""
    from bench.orggen import generate_org
    from youdu_console.domain.model import MemberRecord
    from youdu_console.services.admins import AdminService
    from youdu_console.services.console import login, open_uow

    org = generate_org(members, departments)
    uow = open_uow(f"sqlite:///{path}")
    AdminService(uow).add(None, *ROOT_ADMIN[:1], "super", ROOT_ADMIN[1])
    console = login(uow, *ROOT_ADMIN)
    records = [MemberRecord(account=m["account"], name=m["name"], gender=m["gender"], mobile=m["mobile"],
                            email=m["email"], position=m["position"], weight=m["weight"],
                            departments=m["departments"], row=i + 2) for i, m in enumerate(org.members)]
    cs = console.directory.plan_upsert(records, kind="bench.create", create_departments=True,
                                       extra_dept_paths=org.departments)
    assert not cs.errors, cs.errors[:3]
    console.apply(cs)
    uow.dispose()
    return {"big_department": org.members[0]["departments"][0]}


def big_department(path: Path) -> str:
    """The department with the most members (orggen puts 2,000 in the first leaf)."""
    con = sqlite3.connect(path)
    try:
        dept_id, = con.execute("SELECT dept_id FROM member_departments GROUP BY dept_id "
                               "ORDER BY count(*) DESC LIMIT 1").fetchone()
        parts = []
        cur = dept_id
        while cur is not None:
            name, cur = con.execute("SELECT name, parent_id FROM departments WHERE id = ?", (cur,)).fetchone()
            parts.append(name)
        return "/".join(reversed(parts))
    finally:
        con.close()


# ---------------------------------------------------------------- raw limits (same run)
def raw_department_ms(path: Path, dept_path: str, runs: int = 20) -> tuple[float, int]:
    con = sqlite3.connect(path)
    try:
        dept_id = _dept_id(con, dept_path)
        sql = ("SELECT m.id, m.account, m.name, m.mobile, m.email, d.position, m.weight, m.status, m.authorization "
               "FROM members m JOIN member_departments d ON d.member_id = m.id WHERE d.dept_id = ? "
               "AND m.status = 'active' ORDER BY m.weight DESC, m.account")
        rows = con.execute(sql, (dept_id,)).fetchall()
        return _median(lambda: con.execute(sql, (dept_id,)).fetchall(), runs), len(rows)
    finally:
        con.close()


def raw_search_ms(path: Path, text: str, runs: int = 20) -> float:
    con = sqlite3.connect(path)
    try:
        sql = ("SELECT id, account, name, mobile, email FROM members WHERE status = 'active' AND "
               "(account >= ? AND account < ? OR name LIKE ?) ORDER BY weight DESC, account LIMIT 50")
        args = (text, text + "\uffff", f"%{text}%")
        return _median(lambda: con.execute(sql, args).fetchall(), runs)
    finally:
        con.close()


def _dept_id(con: sqlite3.Connection, path: str) -> int:
    parent = None
    for name in path.split("/"):
        if parent is None:
            row = con.execute("SELECT id FROM departments WHERE name = ? AND parent_id IS NULL", (name,)).fetchone()
        else:
            row = con.execute("SELECT id FROM departments WHERE name = ? AND parent_id = ?", (name, parent)).fetchone()
        parent = row[0]
    assert parent is not None
    return int(parent)


def _median(fn: Any, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


# ---------------------------------------------------------------- the child processes
def child_bare(launched: float) -> dict[str, Any]:
    """The floor: import Qt, show an empty main window, reach an idle event loop."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return {"interactive_s": time.time() - launched, "rss_mb": rss_mb()}


def child_window(launched: float, url: str, big: str, search: str) -> dict[str, Any]:
    """The real start-up path of `youdu-console gui` (Startup: open, log in from the environment, window)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest

    from youdu_console.gui.app import Startup, application, settle
    from youdu_console.gui.i18n import Language
    from youdu_console.gui.jobs import JobRunner
    from youdu_console.gui.models.members import PAGE

    out: dict[str, Any] = {"imported_s": time.time() - launched}
    app = application()
    app.setQuitOnLastWindowClosed(False)
    language = Language(app)
    language.apply_saved("zh_CN")
    runner = JobRunner(app)
    startup = Startup(language, runner, url=url, admin=ROOT_ADMIN[0], password=ROOT_ADMIN[1])
    startup.freeze_after_start = True  # as run_gui does
    loop = QEventLoop()
    startup.window_opened.connect(lambda _w: loop.quit())
    QTimer.singleShot(0, startup.start)
    loop.exec()
    window = startup.window
    assert window is not None
    window.remember_geometry = False
    app.processEvents()  # the first paint of 首页 with its figures
    out["interactive_s"] = time.time() - launched
    panel = window.show_panel("directory/members")
    while panel.departments.loading:  # the tree and its counts load as a job
        settle(app, runner, rounds=1)
    app.processEvents()
    out["address_book_s"] = time.time() - launched
    out["rss_after_start_mb"] = rss_mb()

    departments, members = panel.departments, panel.members
    d_big = departments.snapshot.find(big)
    other = departments.snapshot.kids(departments.snapshot.views[d_big].parent_id)[-1]
    full = len(session_rows(window, big))
    times, complete = [], []
    for _ in range(11):
        for target in (other, d_big):
            t = time.perf_counter()
            departments.select_id(target)
            app.processEvents()  # the table paints its visible rows (the first page)
            if target == d_big:
                times.append((time.perf_counter() - t) * 1000)
                assert members.model.total == full and str(full) in members.title.text()
                while members.model.rowCount() < full:  # scrolled to the end: the rest, page by page
                    members.view.scrollToBottom()
                    app.processEvents()
                complete.append((time.perf_counter() - t) * 1000)
    out["select_department_ms"] = statistics.median(times)
    out["select_department_complete_ms"] = statistics.median(complete)
    out["select_department_rows"] = members.model.rowCount()
    out["select_department_first_page"] = min(full, PAGE)

    everyone = []
    for _ in range(5):
        departments.select_id(other)
        app.processEvents()
        t = time.perf_counter()
        departments.select_id(0)  # 全部部门
        app.processEvents()
        everyone.append((time.perf_counter() - t) * 1000)
    out["all_departments_ms"] = statistics.median(everyone)
    out["all_departments_total"] = members.model.total

    resets = [0]
    members.model.modelReset.connect(lambda: resets.__setitem__(0, resets[0] + 1))
    search_times = []
    for _ in range(7):
        departments.search.clear()
        while members.search_text:  # the cleared box brings the department back (after the debounce)
            app.processEvents()
        runner.wait_for_done()  # and its rows have all arrived before the user types again
        app.processEvents()
        before = resets[0]
        QTest.keyClicks(departments.search, search)
        last_key = time.perf_counter()
        while resets[0] == before or members.search_text != search:
            app.processEvents()
        app.processEvents()  # the table paints the results
        search_times.append((time.perf_counter() - last_key) * 1000)
        assert str(members.model.total) in members.title.text()  # the true total, not a capped page
    out["search_ms"] = statistics.median(search_times)
    out["search_rows"] = members.model.rowCount()
    out["search_total"] = members.model.total
    out["rss_after_use_mb"] = rss_mb()
    window.close()
    runner.wait_for_done()
    return out


def session_rows(window: Any, path: str) -> list[Any]:
    return window.session.directory.list_members(path)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- natural sort costs (in this process)
def sort_costs(path: Path) -> dict[str, float]:
    """What natural order costs on this organisation: keys in Python, and ordering 100,000 members in Python
    over plain rows against ORDER BY the stored key (what the services do)."""
    from youdu_console.domain.collation import collation_key, name_key
    from youdu_console.services.tree import DeptNode, DeptTree

    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM members")]
        dept_rows = con.execute("SELECT id, gid, name, parent_id, sort, alias, version FROM departments").fetchall()
        collation_key.cache_clear()
        t = time.perf_counter()
        keys = [name_key(n) for n in names]
        name_keys_ms = (time.perf_counter() - t) * 1000
        collation_key.cache_clear()
        t = time.perf_counter()
        DeptTree([DeptNode(*r) for r in dept_rows])
        tree_ms = (time.perf_counter() - t) * 1000
        collation_key.cache_clear()
        t = time.perf_counter()
        rows = con.execute("SELECT id, weight, account FROM members WHERE status = 'active'").fetchall()
        rows.sort(key=lambda r: (-r[1], collation_key(r[2]), r[2]))
        python_ms = (time.perf_counter() - t) * 1000
        sql = "SELECT id FROM members WHERE status = 'active' ORDER BY weight DESC, account_key, account"
        sql_ms = _median(lambda: con.execute(sql).fetchall(), 5)
        old = "SELECT id FROM members WHERE status = 'active' ORDER BY weight DESC, account"
        old_ms = _median(lambda: con.execute(old).fetchall(), 5)
    finally:
        con.close()
    return {"member_name_keys_ms": round(name_keys_ms, 1), "members": len(keys),
            "department_tree_with_natural_order_ms": round(tree_ms, 1), "departments": len(dept_rows),
            "order_100k_in_python_ms": round(python_ms, 1), "order_100k_by_stored_key_sql_ms": round(sql_ms, 1),
            "order_100k_weight_account_sql_unindexed_ms": round(old_ms, 1)}


def run_child(*args: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": tempfile.mkdtemp()}
    launched = time.time()
    done = subprocess.run([sys.executable, "-m", "bench.bench_gui", "--child", str(launched), *args],
                          capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parent.parent,
                          timeout=600)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--departments", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="database file to build (or reuse when it exists)")
    parser.add_argument("--search", default="wangj", help="the search text typed")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        launched = float(args.child)
        result = child_bare(launched) if args.rest == ["bare"] else child_window(launched, *args.rest)
        print(json.dumps(result))
        return
    path = args.db or Path(tempfile.mkdtemp(prefix="youdu-bench-gui-")) / "org.db"
    built_s = None
    if not path.exists():
        t = time.perf_counter()
        build_database(path, args.members, args.departments)
        built_s = time.perf_counter() - t
    big = big_department(path)
    raw_dept_ms, raw_dept_rows = raw_department_ms(path, big)
    raw_find_ms = raw_search_ms(path, args.search)
    bare = run_child("bare")
    gui = run_child(f"sqlite:///{path}", big, args.search)
    results = {
        "members": args.members, "departments": args.departments, "database": str(path),
        "database_built_s": round(built_s, 1) if built_s is not None else "reused",
        "startup": {
            "bare_qt_window_s": round(bare["interactive_s"], 3),
            "imports_done_s": round(gui["imported_s"], 3), "interactive_s": round(gui["interactive_s"], 3),
            "address_book_shown_s": round(gui["address_book_s"], 3),
            "target_s": TARGETS["interactive_s"], "ratio_to_bare": round(gui["interactive_s"] / bare["interactive_s"], 2),
        },
        "select_department": {
            "department": big, "rows": gui["select_department_rows"],
            "first_page_rows": gui["select_department_first_page"],
            "window_ms": round(gui["select_department_ms"], 1),
            "scrolled_to_last_row_ms": round(gui["select_department_complete_ms"], 1),
            "raw_sqlite_rows_ms": round(raw_dept_ms, 1),
            "raw_rows": raw_dept_rows, "target_ms": TARGETS["select_department_ms"],
        },
        "all_departments": {"members": gui["all_departments_total"],
                            "count_and_first_page_ms": round(gui["all_departments_ms"], 1)},
        "search": {
            "text": args.search, "first_page_rows": gui["search_rows"], "total": gui["search_total"],
            "last_keystroke_to_rows_ms": round(gui["search_ms"], 1), "debounce_ms": 40,
            "raw_sqlite_like_limit_50_ms": round(raw_find_ms, 2), "target_ms": TARGETS["search_ms"],
        },
        "memory": {
            "bare_qt_window_rss_mb": round(bare["rss_mb"], 1), "window_rss_after_start_mb": round(gui["rss_after_start_mb"], 1),
            "window_rss_after_use_mb": round(gui["rss_after_use_mb"], 1),
        },
    }
    results["within_targets"] = (gui["interactive_s"] <= TARGETS["interactive_s"]
                                 and gui["select_department_ms"] <= TARGETS["select_department_ms"]
                                 and gui["search_ms"] <= TARGETS["search_ms"])
    results["natural_sort"] = sort_costs(path)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
