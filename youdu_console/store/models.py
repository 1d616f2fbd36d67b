"""SQLAlchemy 2 models of the console's state: directory, change journal, audit chain, admins, settings, logs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Marks a database as ours; a SQLite file without it is refused, never overwritten."""

    __tablename__ = "youdu_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class IdBlock(Base):
    __tablename__ = "id_blocks"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_id: Mapped[int] = mapped_column(BigInteger)


class Department(Base):
    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    gid: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    parent_id: Mapped[int | None] = mapped_column(Id, ForeignKey("departments.id"), index=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)
    alias: Mapped[str | None] = mapped_column(String(190), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    gid: Mapped[str] = mapped_column(String(32), unique=True)
    account: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    name_pinyin: Mapped[str] = mapped_column(String(190), index=True)
    name_initials: Mapped[str] = mapped_column(String(64), index=True)
    # domain.collation.collation_key(account), set by the change engine: equal weights in natural order.
    account_key: Mapped[str] = mapped_column(String(255), default="", server_default="")
    gender: Mapped[str] = mapped_column(String(8), default="")
    mobile: Mapped[str | None] = mapped_column(String(24), unique=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    short_number: Mapped[str] = mapped_column(String(16), default="")
    email: Mapped[str] = mapped_column(String(128), default="", index=True)
    weight: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(12), default="active")
    authorization: Mapped[str] = mapped_column(String(16), default="unauthorized")
    confidential: Mapped[str] = mapped_column(String(32), default="")
    attributes: Mapped[str] = mapped_column(Text, default="{}")
    password_hash: Mapped[str | None] = mapped_column(String(200))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    resigned_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)

    # No index on status or authorization: nearly every member is active (and often authorised), and an
    # index there led SQLite's planner away from the selective search indexes (26 ms instead of 0.1 ms).
    # The member order (larger weight first, account in natural order), covering status and authorization
    # too: 全部部门 reads 100,000 ids in this order by scanning it (about 3× faster than sorting them),
    # and the 首页 counts scan it instead of the table.
    __table_args__ = (Index("ix_members_weight_account", "weight", "account"),
                      Index("ix_members_order", weight.desc(), "account_key", "account", "status", "authorization"))


class MemberDepartment(Base):
    __tablename__ = "member_departments"
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("members.id"), primary_key=True)
    dept_id: Mapped[int] = mapped_column(Id, ForeignKey("departments.id"), primary_key=True)
    position: Mapped[str] = mapped_column(String(64), default="")
    seq: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_member_departments_dept_member", "dept_id", "member_id"),)


class LoginState(Base):
    """Failure counting and lock forensics, apart from the member row so counting never bumps its version."""

    __tablename__ = "login_state"
    member_id: Mapped[int] = mapped_column(Id, ForeignKey("members.id"), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp, index=True)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_failure_ip: Mapped[str] = mapped_column(String(64), default="")
    last_failure_device: Mapped[str] = mapped_column(String(16), default="")
    last_login_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    version: Mapped[int] = mapped_column(Integer, default=1)


class ChangeSetRow(Base):
    __tablename__ = "change_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    summary: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")  # in Chinese, for readers of the raw table
    subject: Mapped[str | None] = mapped_column(Text)  # what it changed: rendered into either language
    payload: Mapped[bytes] = mapped_column(LargeBinary().with_variant(LargeBinary(2**32 - 1), "mysql"))
    undo_of: Mapped[int | None] = mapped_column(Integer)
    undone_by: Mapped[int | None] = mapped_column(Integer)


class AuditEntry(Base):
    """Append-only, hash-chained: each entry carries the hash of the previous one."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(255), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    change_id: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the chain's head. Locking it serialises appends across administrators."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))


class Admin(Base):
    __tablename__ = "admins"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of department ids
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class AdminLoginState(Base):
    """Wrong console-administrator passwords, counted where the console checks them (SQLite, owner mode)."""

    __tablename__ = "admin_login_state"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class LoginLog(Base):
    """登录流水: every login attempt and its result."""

    __tablename__ = "login_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    account: Mapped[str] = mapped_column(String(64), index=True)
    device: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(32))


class EventLog(Base):
    """事件日志: state changes not made by an administrator (a lock after failures, an automatic unlock)."""

    __tablename__ = "event_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")


from youdu_console.store import models_api as _models_api  # noqa: E402,F401  (server API outbox: complete metadata)
from youdu_console.store import models_apps as _models_apps  # noqa: E402,F401  (企业应用: complete metadata)
from youdu_console.store import models_groups as _models_groups  # noqa: E402,F401  (群管理: complete metadata)
from youdu_console.store import models_ldap as _models_ldap  # noqa: E402,F401  (LDAP sync history: complete metadata)
from youdu_console.store import models_visibility as _models_visibility  # noqa: E402,F401  (可见性设置: complete metadata)
