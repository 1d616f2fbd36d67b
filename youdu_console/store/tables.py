"""The console's tables, declared with SQLAlchemy Core: directory, change journal, audit chain, admins, settings,
logs, 群管理 and the LDAP sync history.

Services query these with Core, never through ORM sessions, so the tables are Core `Table`s: importing the
ORM and mapping classes cost every command about 0.1 s before it did anything (`member show` measured with
`python -X importtime`). `store.models` maps ORM classes over these same tables for Alembic and for anyone
who wants them; nothing in the application imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
METADATA = MetaData(naming_convention=NAMING)

# BigInteger ids are app-allocated in blocks (store.ids) so bulk inserts need no RETURNING round trips.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Timestamp(TypeDecorator[dt.datetime]):
    """Microseconds everywhere: MySQL DATETIME drops them by default, which would break the audit hashes.

    A decorator rather than `with_variant(mysql.DATETIME(fsp=6))`: that imports the MySQL dialect and all its
    drivers (asyncio included) into every command, on SQLite too; here it is loaded only on MySQL/MariaDB.
    """

    impl = DateTime
    cache_ok = True

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[dt.datetime]:
        if dialect.name in ("mysql", "mariadb"):
            from sqlalchemy.dialects.mysql import DATETIME

            return dialect.type_descriptor(DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())


def _col(name: str, *args: Any, **kw: Any) -> Column[Any]:
    """A column named as the ORM names one (a plain `str`, not SQLAlchemy's `quoted_name`): row mappings are
    keyed by these names, and the change journal's JSON writer (orjson) takes only plain strings as keys."""
    column: Column[Any] = Column(*args, **kw)
    column.name = column.key = name
    return column


def _id(name: str = "id", *fk: ForeignKey, **kw: object) -> Column[int]:
    """An application-allocated id column (primary key unless told otherwise)."""
    kw.setdefault("primary_key", True)
    kw.setdefault("nullable", not kw["primary_key"])
    return _col(name, Id, *fk, autoincrement="auto" if fk else False, **kw)  # type: ignore[arg-type]


def _serial() -> Column[int]:
    return _col("id", Integer, primary_key=True, autoincrement=True)


def _when(name: str, nullable: bool = False, **kw: object) -> Column[dt.datetime]:
    return _col(name, Timestamp, nullable=nullable, **kw)  # type: ignore[arg-type]


# Marks a database as ours; a SQLite file without it is refused, never overwritten.
META = Table("youdu_meta", METADATA,
             _col("key", String(64), primary_key=True),
             _col("value", String(255), nullable=False))

ID_BLOCKS = Table("id_blocks", METADATA,
                  _col("name", String(32), primary_key=True),
                  _col("next_id", BigInteger, nullable=False))

DEPARTMENTS = Table("departments", METADATA,
                    _id(),
                    _col("gid", String(32), nullable=False, unique=True),
                    _col("name", String(64), nullable=False),
                    _id("parent_id", ForeignKey("departments.id"), primary_key=False, index=True),
                    _col("sort", Integer, nullable=False, default=0),
                    _col("alias", String(190), unique=True),
                    _col("version", Integer, nullable=False, default=1),
                    _when("created_at"), _when("updated_at"))

MEMBERS = Table("members", METADATA,
                _id(),
                _col("gid", String(32), nullable=False, unique=True),
                _col("account", String(64), nullable=False, unique=True),
                _col("name", String(64), nullable=False, index=True),
                _col("name_pinyin", String(190), nullable=False, index=True),
                _col("name_initials", String(64), nullable=False, index=True),
                # domain.collation.collation_key(account), set by the change engine: equal weights in natural order.
                _col("account_key", String(255), nullable=False, default="", server_default=""),
                _col("gender", String(8), nullable=False, default=""),
                _col("mobile", String(24), unique=True),
                _col("phone", String(32), nullable=False, default=""),
                _col("short_number", String(16), nullable=False, default=""),
                _col("email", String(128), nullable=False, default="", index=True),
                _col("weight", BigInteger, nullable=False, default=0),
                _col("status", String(12), nullable=False, default="active"),
                _col("authorization", String(16), nullable=False, default="unauthorized"),
                _col("confidential", String(32), nullable=False, default=""),
                _col("attributes", Text, nullable=False, default="{}"),
                _col("password_hash", String(200)),
                _when("password_changed_at", nullable=True),
                _col("must_change_password", Boolean, nullable=False, default=False),
                _col("version", Integer, nullable=False, default=1),
                _when("created_at"), _when("updated_at"), _when("resigned_at", nullable=True))
# No index on status or authorization: nearly every member is active (and often authorised), and an index there
# led SQLite's planner away from the selective search indexes (26 ms instead of 0.1 ms). The member order
# (larger weight first, account in natural order), covering status and authorization too: 全部部门 reads
# 100,000 ids in this order by scanning it (about 3× faster than sorting them), and the 首页 counts scan it
# instead of the table.
Index("ix_members_weight_account", MEMBERS.c.weight, MEMBERS.c.account)
Index("ix_members_order", MEMBERS.c.weight.desc(), MEMBERS.c.account_key, MEMBERS.c.account, MEMBERS.c.status,
      MEMBERS.c.authorization)

MEMBER_DEPARTMENTS = Table("member_departments", METADATA,
                           _id("member_id", ForeignKey("members.id")),
                           _id("dept_id", ForeignKey("departments.id")),
                           _col("position", String(64), nullable=False, default=""),
                           _col("seq", Integer, nullable=False, default=0),
                           Index("ix_member_departments_dept_member", "dept_id", "member_id"))

# Failure counting and lock forensics, apart from the member row so counting never bumps its version.
LOGIN_STATE = Table("login_state", METADATA,
                    _id("member_id", ForeignKey("members.id")),
                    _col("failures", Integer, nullable=False, default=0),
                    _when("locked_at", nullable=True, index=True),
                    _when("last_failure_at", nullable=True),
                    _col("last_failure_ip", String(64), nullable=False, default=""),
                    _col("last_failure_device", String(16), nullable=False, default=""),
                    _when("last_login_at", nullable=True),
                    _col("version", Integer, nullable=False, default=1))

CHANGE_SETS = Table("change_sets", METADATA,
                    _serial(),
                    _col("kind", String(64), nullable=False),
                    _col("actor", String(64), nullable=False),
                    _when("created_at", index=True),
                    _col("summary", Text, nullable=False),
                    _col("description", Text, nullable=False, default=""),  # in Chinese, for readers of the raw table
                    _col("subject", Text),  # what it changed: rendered into either language
                    _col("payload", LargeBinary().with_variant(LargeBinary(2**32 - 1), "mysql"), nullable=False),
                    _col("undo_of", Integer),
                    _col("undone_by", Integer))

# Append-only, hash-chained: each entry carries the hash of the previous one.
AUDIT_LOG = Table("audit_log", METADATA,
                  _id(),
                  _when("at", index=True),
                  _col("actor", String(64), nullable=False),
                  _col("action", String(64), nullable=False),
                  _col("target", String(255), nullable=False, default=""),
                  _col("detail", Text, nullable=False, default="{}"),
                  _col("change_id", Integer),
                  _col("prev_hash", String(64), nullable=False),
                  _col("hash", String(64), nullable=False))

# One row: the chain's head. Locking it serialises appends across administrators.
AUDIT_HEAD = Table("audit_head", METADATA,
                   _col("id", Integer, primary_key=True, autoincrement=False),
                   _col("last_id", BigInteger, nullable=False),
                   _col("last_hash", String(64), nullable=False))

ADMINS = Table("admins", METADATA,
               _id(),
               _col("name", String(64), nullable=False, unique=True),
               _col("role", String(16), nullable=False),
               _col("password_hash", String(200), nullable=False),
               _col("scopes", Text, nullable=False, default="[]"),  # JSON list of department ids
               _col("version", Integer, nullable=False, default=1),
               _when("created_at"), _when("updated_at"))

# Wrong console-administrator passwords, counted where the console checks them (SQLite, owner mode).
ADMIN_LOGIN_STATE = Table("admin_login_state", METADATA,
                          _col("name", String(64), primary_key=True),
                          _col("failures", Integer, nullable=False, default=0),
                          _when("locked_at", nullable=True),
                          _when("last_failure_at", nullable=True))

SETTINGS = Table("settings", METADATA,
                 _col("key", String(64), primary_key=True),
                 _col("value", Text, nullable=False),
                 _col("version", Integer, nullable=False, default=1),
                 _when("updated_at"))

# 登录流水: every login attempt and its result.
LOGIN_LOG = Table("login_log", METADATA,
                  _serial(),
                  _when("at", index=True),
                  _col("account", String(64), nullable=False, index=True),
                  _col("device", String(16), nullable=False),
                  _col("address", String(64), nullable=False),
                  _col("result", String(32), nullable=False))

# 事件日志: state changes not made by an administrator (a lock after failures, an automatic unlock).
EVENT_LOG = Table("event_log", METADATA,
                  _serial(),
                  _when("at", index=True),
                  _col("kind", String(32), nullable=False),
                  _col("account", String(64), nullable=False, index=True),
                  _col("detail", Text, nullable=False, default="{}"))

# 群管理: a fixed group (固定群) or a department group (部门群) whose members follow its department. `gid` is the
# stable global id a `.dat` backup restores by. One department group per department (unique `dept_id`; NULL for
# fixed groups, which any number may share). The table is `im_groups`: GROUPS is a reserved word in MySQL 8.
GROUPS = Table("im_groups", METADATA,
               _id(),
               _col("gid", String(32), nullable=False, unique=True),
               _col("name", String(64), nullable=False, index=True),
               _col("kind", String(12), nullable=False, default="fixed"),  # fixed | department
               _id("dept_id", ForeignKey("departments.id"), primary_key=False, unique=True),
               _col("recursive", Boolean, nullable=False, default=False),  # sub-departments' members too
               _id("owner_id", ForeignKey("members.id"), primary_key=False),
               _col("version", Integer, nullable=False, default=1),
               _when("created_at"), _when("updated_at"))

# One member of one group; `admin` marks a group administrator (who must be a member).
GROUP_MEMBERS = Table("im_group_members", METADATA,
                      _id(),
                      _id("group_id", ForeignKey("im_groups.id"), primary_key=False, nullable=False),
                      _id("member_id", ForeignKey("members.id"), primary_key=False, nullable=False),
                      _col("admin", Boolean, nullable=False, default=False),
                      _col("version", Integer, nullable=False, default=1),
                      UniqueConstraint("group_id", "member_id", name="uq_im_group_members_group_member"),
                      Index("ix_im_group_members_member", "member_id"))

# LDAP sync history: one sync attempt (applied, previewed, refused or failed) per row. The newest applied or
# "nothing to do" run with a cursor is where the next incremental sync starts; `plan_hash` tells whether a
# preview is due.
LDAP_SYNC_RUNS = Table("ldap_sync_runs", METADATA,
                       _serial(),
                       _when("started_at", index=True),
                       _when("finished_at", nullable=True),
                       _col("trigger", String(16), nullable=False),  # manual | schedule
                       _col("mode", String(16), nullable=False),  # full | incremental
                       _col("status", String(24), nullable=False, index=True),
                       _col("admin", String(64), nullable=False, default=""),
                       _col("server", String(255), nullable=False, default=""),
                       _col("server_id", String(255), nullable=False, default=""),
                       _col("plan_hash", String(64), nullable=False, default=""),
                       _col("cursor", String(64)),
                       _col("counts", Text, nullable=False, default="{}"),
                       _col("errors", Text, nullable=False, default="[]"),
                       _col("notices", Text, nullable=False, default="[]"),
                       _col("message", Text, nullable=False, default=""),
                       _col("change_id", Integer))
