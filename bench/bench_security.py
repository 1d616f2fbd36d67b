"""Benchmark of shared-server security on PostgreSQL: what the server's own enforcement costs.

On a private PostgreSQL (started like the test fixtures), secured with `db secure`, prints:
- a bulk import (plan_upsert → apply, one change set of N new members under the scoped admin's department),
  applied by the schema owner (no row-level security, server audit trigger) and by the scoped admin's own
  login (row-level security on every row), against the raw limit: the same member rows inserted with one
  psycopg executemany by the owner;
- resigning all N (an update per member) the same two ways;
- a whole `youdu-console member list` process: with the owner's URL (console password check) and with the
  administrator's own login (connect + role check).

Run: python -m bench.bench_security [--members N]     (as root or a user that may run initdb)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from bench.orggen import generate_org
from tests.fixtures import dbservers
from youdu_console.services.admins import AdminService
from youdu_console.services.console import connect_as, login, open_uow
from youdu_console.services.directory import MemberRecord
from youdu_console.store import security
from youdu_console.store.db import open_database

SCOPED = ("rd-lead", "Scope#Pass1")
BOSS = ("boss", "Boss#Pass1")


def start_postgres() -> dbservers.PostgresServer:
    bindir = dbservers._find_pg_bindir()
    assert bindir is not None, "PostgreSQL binaries not found"
    run_as = "postgres" if dbservers._is_root() else None
    server = dbservers.PostgresServer(bindir, dbservers._pg_workdir(run_as), dbservers._free_port(), run_as)
    server.initdb()
    assert server.start()
    return server


def records(members: list[dict], dept: str, offset: int) -> list[MemberRecord]:
    return [MemberRecord(account=f"{m['account']}{offset}", name=m["name"], gender=m["gender"], mobile=None,
                         email="", position=m["position"], weight=m["weight"], departments=[dept], row=i + 2)
            for i, m in enumerate(members)]


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cli_seconds(url: str, admin: tuple[str, str], runs: int = 5) -> float:
    env = {**os.environ, "YOUDU_DB": url, "YOUDU_ADMIN": admin[0], "YOUDU_ADMIN_PASSWORD": admin[1]}
    best = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "youdu_console", "--json", "member", "list", "--limit", "20"],
                       env=env, check=True, capture_output=True)
        best.append(time.perf_counter() - t)
    best.sort()
    return best[len(best) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5000)
    args = parser.parse_args()
    server = start_postgres()
    try:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        owner_url = server.create_database(name)
        open_database(owner_url).dispose()
        security.install(open_database(owner_url))
        uow = open_uow(owner_url)
        admins = AdminService(uow)
        admins.add(None, BOSS[0], "super", BOSS[1])
        owner = login(uow, *BOSS)
        owner.apply(owner.directory.plan_add_department("研发部/平台组", parents=True))
        admins.add(owner.actor, SCOPED[0], "scoped", SCOPED[1], ["研发部"])
        u = make_url(owner_url)
        login_url = URL.create(u.drivername, host=u.host, port=u.port, database=u.database).render_as_string()
        scoped = connect_as(login_url, *SCOPED)
        org = generate_org(args.members, 50)

        # The raw limit: the same rows by the owner with one executemany (no journal, audit or checks).
        conn = server.connect(name)
        rows = [(10_000_000 + i, uuid.uuid4().hex, f"raw{i}", m["name"], m["name"], "", m["weight"])
                for i, m in enumerate(org.members)]
        t = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO members (id, gid, account, name, name_pinyin, name_initials, weight, gender,"
                            " phone, short_number, email, status, \"authorization\", confidential, attributes, version,"
                            " must_change_password, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, '',"
                            " '', '', '', 'active', 'unauthorized', '', '{}', 1, false, now(), now())", rows)
        raw = time.perf_counter() - t
        conn.close()

        figures = {}
        for who, console, offset in (("owner", owner, 1), ("scoped_login", scoped, 2)):
            cs = console.directory.plan_upsert(records(org.members, "研发部/平台组", offset), kind="bench.import")
            assert not cs.errors, cs.errors[:3]
            add = timed(lambda console=console, cs=cs: console.apply(cs))
            accounts = [f"{m['account']}{offset}" for m in org.members]
            cs = console.directory.plan_resign(accounts)
            resign = timed(lambda console=console, cs=cs: console.apply(cs))
            figures[who] = {"import_s": round(add, 2), "resign_all_s": round(resign, 2)}
        figures["raw_executemany_insert_s"] = round(raw, 2)
        figures["cli_member_list_s"] = {"owner_url": round(cli_seconds(owner_url, BOSS), 2),
                                        "own_login": round(cli_seconds(login_url, SCOPED), 2)}
        print(json.dumps({"members": args.members, "postgresql": server.version, **figures}, indent=2))
        scoped.uow.dispose()
        uow.dispose()
        with server.connect() as c:
            c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for login_name in (SCOPED[0], BOSS[0]):
                c.execute(f'DROP ROLE IF EXISTS "{login_name}"')
    finally:
        server.stop()
        dbservers._rmtree(server.workdir)


if __name__ == "__main__":
    Path(tempfile.gettempdir()).mkdir(exist_ok=True)
    main()
