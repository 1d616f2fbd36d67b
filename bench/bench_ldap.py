"""Benchmark of the LDAP sync against slapd with 100,000 users (AD's 1,000-entry page cap), one run, this machine.

Prints:
- the raw limit: a bare ldap3 paged search of the same OUs and users (same attributes, same bind, pages of
  1,000) plus writing the resulting rows with `sqlite3.executemany` into the same schema in one transaction,
  with the garbage collector paused like the sync pauses it (changes.bulk_work), best of two runs;
- the full sync (read, plan, apply as one change set with journal and audit), and its ratio to the raw
  limit (target ≤ 1.5×);
- an incremental sync after 1 % of the entries changed (renames, moves, disabled, new people) and its
  ratio to the full sync (target ≤ 10 %); it includes the deletion sweep below;
- the deletion sweep every incremental sync makes (an identifier-only paged search of the selected OUs:
  entryUUID alone), timed on its own, next to a bare ldap3 search of the same, and its ratio to the full
  sync (target ≤ 25 %); then an incremental sync after 0.05 % of the people were deleted (they are resigned).

Run: python -m bench.bench_ldap [--users N | --count N] [--ous N]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import ldap3

from bench.orggen import generate_org
from tests.fixtures.core import bootstrap
from tests.fixtures.ldapservers import SlapdServer, ldif_entry, start_slapd
from youdu_console.domain.pinyin import name_pinyin
from youdu_console.interchange.ldap.connection import close, open_connection
from youdu_console.interchange.ldap.deletions import sweep
from youdu_console.interchange.ldap.mapping import PRESETS
from youdu_console.interchange.ldap.reader import CLOCK_MARGIN
from youdu_console.services.changes import bulk_work
from youdu_console.services.console import open_uow
from youdu_console.services.directory import new_gid
from youdu_console.services.ldap_sync import LdapSyncService

BASE = "ou=bench,dc=example,dc=test"


def ou_dn(path: str) -> str:
    from ldap3.utils.dn import escape_rdn

    return ",".join(f"ou={escape_rdn(p)}" for p in reversed(path.split("/"))) + f",{BASE}"


def write_ldif(path: Path, users: int, ous: int) -> dict[str, Any]:
    org = generate_org(members=users, departments=ous, big_department=min(2000, users // 10))
    with path.open("w", encoding="utf-8") as fh:
        fh.write(ldif_entry(BASE, {"objectClass": ["organizationalUnit"], "ou": "bench"}))
        for p in org.departments:
            fh.write(ldif_entry(ou_dn(p), {"objectClass": ["organizationalUnit"], "ou": p.rsplit("/", 1)[-1]}))
        for m in org.members:
            fh.write(ldif_entry(f"uid={m['account']},{ou_dn(m['departments'][0])}", {
                "objectClass": ["inetOrgPerson"], "uid": m["account"], "cn": m["name"], "sn": m["name"][:1],
                "displayName": m["name"], "mail": m["email"], "mobile": m["mobile"], "title": m["position"]}))
    return {"departments": org.departments, "members": org.members}


def raw_limit(server: SlapdServer, db: Path) -> dict[str, float]:
    """Bare ldap3 paged search of the same entries + the rows they become, written with executemany."""
    open_uow(f"sqlite:///{db}").dispose()  # the same schema and indexes, made by the migrations
    mapping = PRESETS["openldap"]
    gc.collect()
    with bulk_work(1_000_000):  # the same collector pause the sync uses, so only the work is compared
        return _raw_limit(server, db, mapping)


def _raw_limit(server: SlapdServer, db: Path, mapping: Any) -> dict[str, float]:
    t0 = time.perf_counter()
    conn = ldap3.Connection(ldap3.Server(server.host, server.port, get_info=ldap3.NONE), server.reader_dn,
                            server.reader_password, auto_bind=True, read_only=True)
    found: dict[str, list[dict[str, Any]]] = {}
    for key, filt, attrs in (("ous", mapping.ou_filter, mapping.ou_attributes()),
                             ("users", mapping.user_filter, mapping.user_attributes())):
        entries = found.setdefault(key, [])
        cookie = None
        while True:
            conn.search(BASE, filt, ldap3.SUBTREE, attributes=attrs, paged_size=1000, paged_cookie=cookie)
            entries.extend(e for e in conn.response if e["type"] == "searchResEntry")
            cookie = conn.result["controls"]["1.2.840.113556.1.4.319"]["value"]["cookie"]
            if not cookie:
                break
    conn.unbind()
    t1 = time.perf_counter()
    now = "2026-01-01 00:00:00.000000"
    dept_id = {}
    depts = []
    for i, e in enumerate(sorted(found["ous"], key=lambda e: e["dn"].count(","))):
        dn = e["dn"].lower()
        dept_id[dn] = i + 1
        parent = dept_id.get(dn.split(",", 1)[1])
        name = e["raw_attributes"]["ou"][0].decode()
        depts.append((i + 1, new_gid(), name, parent, 0, e["raw_attributes"]["entryUUID"][0].decode(), 1, now, now))
    members = []
    links = []
    for i, e in enumerate(found["users"]):
        raw = e["raw_attributes"]
        mid = 1_000_000 + i
        name = raw["displayName"][0].decode()
        full, initials = name_pinyin(name)
        members.append((mid, new_gid(), raw["uid"][0].decode(), name, full, initials, "", raw["mobile"][0].decode(),
                        "", "", raw["mail"][0].decode(), 0, "active", "unauthorized", "", "{}", None, None, 0, 1,
                        now, now, None))
        links.append((mid, dept_id[e["dn"].lower().split(",", 1)[1]], raw["title"][0].decode(), 0))
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    with con:
        con.executemany("INSERT INTO departments (id, gid, name, parent_id, sort, alias, version, created_at, updated_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?)", depts)
        con.executemany(
            "INSERT INTO members (id, gid, account, name, name_pinyin, name_initials, gender, mobile, phone,"
            " short_number, email, weight, status, authorization, confidential, attributes, password_hash,"
            " password_changed_at, must_change_password, version, created_at, updated_at, resigned_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", members)
        con.executemany("INSERT INTO member_departments (member_id, dept_id, position, seq) VALUES (?,?,?,?)", links)
    con.close()
    t2 = time.perf_counter()
    return {"search": t1 - t0, "write": t2 - t1, "total": t2 - t0, "users": len(found["users"]),
            "ous": len(found["ous"])}


def change_one_percent(server: SlapdServer, org: dict[str, Any]) -> dict[str, int]:
    """1 % of the users: 70 % renamed, 10 % moved to another OU, 10 % disabled, 10 % new people."""
    n = max(10, len(org["members"]) // 100)
    members = org["members"]
    step = len(members) // n
    picked = [members[i * step] for i in range(n)]
    counts = {"renamed": 0, "moved": 0, "disabled": 0, "added": 0}
    conn = server.admin_connection()
    for k, m in enumerate(picked):
        dn = f"uid={m['account']},{ou_dn(m['departments'][0])}"
        kind = ("renamed",) * 7 + ("moved", "disabled", "added")
        what = kind[k % 10]
        if what == "renamed":
            conn.modify(dn, {"displayName": [(ldap3.MODIFY_REPLACE, [m["name"] + "新"])]})
        elif what == "moved":
            target = org["departments"][(k * 7919) % len(org["departments"])]
            conn.modify_dn(dn, f"uid={m['account']}", new_superior=ou_dn(target))
        elif what == "disabled":
            conn.modify(dn, {"pwdAccountLockedTime": [(ldap3.MODIFY_REPLACE, ["000001010000Z"])]})
        else:
            conn.add(f"uid=new{k},{ou_dn(m['departments'][0])}", attributes={
                "objectClass": ["inetOrgPerson"], "uid": f"new{k}", "cn": f"新人{k}", "sn": "新"})
        assert conn.result["result"] == 0, conn.result
        counts[what] += 1
    conn.unbind()
    return counts


def raw_sweep(server: SlapdServer) -> tuple[float, int]:
    """The bare identifier-only search: ldap3 paged search of the people, entryUUID alone."""
    mapping = PRESETS["openldap"]
    t = time.perf_counter()
    conn = ldap3.Connection(ldap3.Server(server.host, server.port, get_info=ldap3.NONE), server.reader_dn,
                            server.reader_password, auto_bind=True, read_only=True)
    n = 0
    cookie = None
    while True:
        conn.search(BASE, mapping.user_filter, ldap3.SUBTREE, attributes=["entryUUID"], paged_size=1000,
                    paged_cookie=cookie)
        n += sum(1 for e in conn.response if e["type"] == "searchResEntry")
        cookie = conn.result["controls"]["1.2.840.113556.1.4.319"]["value"]["cookie"]
        if not cookie:
            break
    conn.unbind()
    return time.perf_counter() - t, n


def timed_sweep(svc: LdapSyncService, server: SlapdServer) -> tuple[float, int]:
    """The sweep as an incremental sync runs it: connect, bind, one identifier-only paged search."""
    cfg = svc.config()
    t = time.perf_counter()
    conn = open_connection(cfg, server.reader_password)
    try:
        found = sweep(conn, cfg, svc.mapping(cfg), [BASE], [])
    finally:
        close(conn)
    return time.perf_counter() - t, found.entries


def delete_some(server: SlapdServer, org: dict[str, Any], count: int) -> list[str]:
    members = org["members"]
    step = max(1, len(members) // count)
    gone = [members[i * step + 1] for i in range(count)]
    conn = server.admin_connection()
    for m in gone:
        conn.delete(f"uid={m['account']},{ou_dn(m['departments'][0])}")
        if conn.result["result"] != 0:  # a mover of change_one_percent: find it where it is now
            conn.search(BASE, f"(uid={m['account']})", attributes=["uid"])
            conn.delete(conn.response[0]["dn"])
        assert conn.result["result"] == 0, conn.result
    conn.unbind()
    return sorted(m["account"] for m in gone)


def full_sync(server: SlapdServer, db: Path) -> dict[str, Any]:
    """Preview (the first sync must be previewed), then the timed sync: read, plan, apply, journal, audit."""
    console = bootstrap(f"sqlite:///{db}")
    svc = LdapSyncService(console.uow, console.actor, password_provider=lambda cfg: server.reader_password)
    console.settings.set({"ldap.server": server.url, "ldap.bind_dn": server.reader_dn, "ldap.base_dn": BASE,
                          "ldap.flavor": "openldap"})
    gc.collect()
    t = time.perf_counter()
    preview = svc.sync(dry_run=True)
    t_preview = time.perf_counter() - t
    assert preview.status == "previewed", (preview.status, preview.changeset.errors[:3])
    preview_read = preview.stats["seconds"]
    del preview  # a window applies the previewed change set itself; here the sync plans it again
    gc.collect()
    t = time.perf_counter()
    full = svc.sync()
    t_full = time.perf_counter() - t
    assert full.status == "applied", (full.status, full.refusal)
    return {"console": console, "svc": svc, "preview": t_preview, "preview_read": preview_read, "full": t_full,
            "read": full.stats["seconds"], "summary": full.changeset.summary()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--users", "--count", type=int, default=100_000, help="people in the directory")
    ap.add_argument("--ous", type=int, default=1_000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="youdu-bench-ldap-"))
    t = time.perf_counter()
    org = write_ldif(work / "org.ldif", args.users, args.ous)
    server = start_slapd(work / "slapd", extra_ldif=work / "org.ldif")
    loaded = time.monotonic()
    print(f"slapd with {args.users:,} users in {len(org['departments']):,} OUs loaded in {time.perf_counter() - t:.1f} s "
          f"(page cap 1,000 for the sync's bind)")
    try:
        raws = [raw_limit(server, work / f"raw{i}.db") for i in range(2)]
        raw = min(raws, key=lambda r: r["total"])
        print(f"raw limit:   ldap3 paged search {raw['search']:.2f} s ({raw['users']:,} users, {raw['ous']:,} OUs) "
              f"+ sqlite3.executemany {raw['write']:.2f} s = {raw['total']:.2f} s "
              f"(best of {' and '.join(str(round(r['total'], 2)) for r in raws)} s)")
        # An OpenLDAP cursor starts CLOCK_MARGIN before the read: entries loaded just before the full sync
        # would be read again by the incremental one (only a small --users run is that quick).
        time.sleep(max(0.0, loaded + CLOCK_MARGIN.total_seconds() - time.monotonic()))
        runs = [full_sync(server, work / f"sync{i}.db") for i in range(2)]
        best = min(runs, key=lambda r: r["full"])
        for r in runs:
            if r is not best:
                r["console"].uow.dispose()
        console, svc, t_full = best["console"], best["svc"], best["full"]
        s = best["summary"]
        print(f"preview:     {best['preview']:.2f} s (read {best['preview_read']:.2f} s + plan)")
        tries = ", ".join(f"{r['full']:.2f}" for r in runs)
        print(f"full sync:   {t_full:.2f} s (read {best['read']:.2f} s, {s['added']:,} added; best of {tries} s) "
              f"= {t_full / raw['total']:.2f}× the raw limit (target ≤ 1.5×)")
        changed = change_one_percent(server, org)
        gc.collect()
        t = time.perf_counter()
        inc = svc.sync()
        t_inc = time.perf_counter() - t
        assert inc.status == "applied" and inc.mode == "incremental", (inc.status, inc.mode, inc.refusal)
        si = inc.changeset.summary()
        print(f"incremental: {t_inc:.2f} s after {sum(changed.values()):,} changes {changed} → "
              f"added {si['added']}, updated {si['updated']}, moved {si['moved']}; "
              f"= {t_inc / t_full:.1%} of the full sync (target ≤ 10 %)")
        sweeps = [timed_sweep(svc, server) for _ in range(2)]
        t_sweep, swept = min(sweeps)
        t_raw_sweep, raw_swept = min(raw_sweep(server) for _ in range(2))
        assert swept == raw_swept, (swept, raw_swept)
        print(f"deletion sweep: {t_sweep:.2f} s over {swept:,} entries (entryUUID only; best of "
              f"{' and '.join(f'{x:.2f}' for x, _ in sweeps)} s; bare ldap3 search {t_raw_sweep:.2f} s) "
              f"= {t_sweep / t_full:.1%} of the full sync (target ≤ 25 %)")
        gone = delete_some(server, org, max(1, args.users // 2000))
        gc.collect()
        t = time.perf_counter()
        left = svc.sync()
        t_left = time.perf_counter() - t
        resigned = sorted(op.label for op in left.changeset.operations if op.category == "resigned")
        assert left.mode == "incremental" and left.status == "applied" and resigned == gone, (left.status, resigned)
        dep = left.stats["departures"]
        print(f"incremental with {len(gone)} people deleted: {t_left:.2f} s, {len(resigned)} resigned "
              f"(its sweep {dep['seconds']:.2f} s) = {t_left / t_full:.1%} of the full sync")
        t = time.perf_counter()
        again = svc.sync(full=True)
        print(f"full comparison with nothing to do: {time.perf_counter() - t:.2f} s ({again.status})")
        console.uow.dispose()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
