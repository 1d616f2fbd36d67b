"""The raw limit's writes, shared by the benchmarks: plain sqlite3, importing nothing of the application."""

from __future__ import annotations

from typing import Any


def raw_insert(con: Any, depts: list[tuple[Any, ...]], members: list[tuple[Any, ...]],
               links: list[tuple[Any, ...]]) -> None:
    """The raw limit's writes: plain sqlite3 `executemany` of the same rows, no transaction handling."""
    con.executemany("INSERT INTO departments (id, gid, name, parent_id, sort, alias, version, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?)", depts)
    con.executemany(
        "INSERT INTO members (id, gid, account, name, name_pinyin, name_initials, gender, mobile, phone,"
        " short_number, email, weight, status, authorization, confidential, attributes, password_hash,"
        " password_changed_at, must_change_password, version, created_at, updated_at, resigned_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", members)
    con.executemany("INSERT INTO member_departments (member_id, dept_id, position, seq) VALUES (?,?,?,?)", links)
