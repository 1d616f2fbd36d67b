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


def col(name: str, *args: Any, **kw: Any) -> Column[Any]:
    """A column named as the ORM names one (a plain `str`, not SQLAlchemy's `quoted_name`): row mappings are
    keyed by these names, and the change journal's JSON writer (orjson) takes only plain strings as keys."""
    column: Column[Any] = Column(*args, **kw)
    column.name = column.key = name
    return column


def id_col(name: str = "id", *fk: ForeignKey, **kw: object) -> Column[int]:
    """An application-allocated id column (primary key unless told otherwise)."""
    kw.setdefault("primary_key", True)
    kw.setdefault("nullable", not kw["primary_key"])
    return col(name, Id, *fk, autoincrement="auto" if fk else False, **kw)  # type: ignore[arg-type]


def serial_col() -> Column[int]:
    return col("id", Integer, primary_key=True, autoincrement=True)


def time_col(name: str, nullable: bool = False, **kw: object) -> Column[dt.datetime]:
    return col(name, Timestamp, nullable=nullable, **kw)  # type: ignore[arg-type]


# Marks a database as ours; a SQLite file without it is refused, never overwritten.
META = Table("youdu_meta", METADATA,
             col("key", String(64), primary_key=True),
             col("value", String(255), nullable=False))

ID_BLOCKS = Table("id_blocks", METADATA,
                  col("name", String(32), primary_key=True),
                  col("next_id", BigInteger, nullable=False))

DEPARTMENTS = Table("departments", METADATA,
                    id_col(),
                    col("gid", String(32), nullable=False, unique=True),
                    col("name", String(64), nullable=False),
                    id_col("parent_id", ForeignKey("departments.id"), primary_key=False, index=True),
                    col("sort", Integer, nullable=False, default=0),
                    col("alias", String(190), unique=True),
                    col("version", Integer, nullable=False, default=1),
                    time_col("created_at"), time_col("updated_at"))

MEMBERS = Table("members", METADATA,
                id_col(),
                col("gid", String(32), nullable=False, unique=True),
                col("account", String(64), nullable=False, unique=True),
                col("name", String(64), nullable=False, index=True),
                col("name_pinyin", String(190), nullable=False, index=True),
                col("name_initials", String(64), nullable=False, index=True),
                # domain.collation.collation_key(account), set by the change engine: equal weights in natural order.
                col("account_key", String(255), nullable=False, default="", server_default=""),
                col("gender", String(8), nullable=False, default=""),
                col("mobile", String(24), unique=True),
                col("phone", String(32), nullable=False, default=""),
                col("short_number", String(16), nullable=False, default=""),
                col("email", String(128), nullable=False, default="", index=True),
                col("weight", BigInteger, nullable=False, default=0),
                col("status", String(12), nullable=False, default="active"),
                col("authorization", String(16), nullable=False, default="unauthorized"),
                col("confidential", String(32), nullable=False, default=""),
                col("attributes", Text, nullable=False, default="{}"),
                col("password_hash", String(200)),
                time_col("password_changed_at", nullable=True),
                col("must_change_password", Boolean, nullable=False, default=False),
                col("version", Integer, nullable=False, default=1),
                time_col("created_at"), time_col("updated_at"), time_col("resigned_at", nullable=True))
# No index on status or authorization: nearly every member is active (and often authorised), and an index there
# led SQLite's planner away from the selective search indexes (26 ms instead of 0.1 ms). The member order
# (larger weight first, account in natural order), covering status and authorization too: 全部部门 reads
# 100,000 ids in this order by scanning it (about 3× faster than sorting them), and the 首页 counts scan it
# instead of the table.
Index("ix_members_weight_account", MEMBERS.c.weight, MEMBERS.c.account)
Index("ix_members_order", MEMBERS.c.weight.desc(), MEMBERS.c.account_key, MEMBERS.c.account, MEMBERS.c.status,
      MEMBERS.c.authorization)

MEMBER_DEPARTMENTS = Table("member_departments", METADATA,
                           id_col("member_id", ForeignKey("members.id")),
                           id_col("dept_id", ForeignKey("departments.id")),
                           col("position", String(64), nullable=False, default=""),
                           col("seq", Integer, nullable=False, default=0),
                           Index("ix_member_departments_dept_member", "dept_id", "member_id"))

# Failure counting and lock forensics, apart from the member row so counting never bumps its version.
LOGIN_STATE = Table("login_state", METADATA,
                    id_col("member_id", ForeignKey("members.id")),
                    col("failures", Integer, nullable=False, default=0),
                    time_col("locked_at", nullable=True, index=True),
                    time_col("last_failure_at", nullable=True),
                    col("last_failure_ip", String(64), nullable=False, default=""),
                    col("last_failure_device", String(16), nullable=False, default=""),
                    time_col("last_login_at", nullable=True),
                    col("version", Integer, nullable=False, default=1))

CHANGE_SETS = Table("change_sets", METADATA,
                    serial_col(),
                    col("kind", String(64), nullable=False),
                    col("actor", String(64), nullable=False),
                    time_col("created_at", index=True),
                    col("summary", Text, nullable=False),
                    col("description", Text, nullable=False, default=""),  # in Chinese, for readers of the raw table
                    col("subject", Text),  # what it changed: rendered into either language
                    col("payload", LargeBinary().with_variant(LargeBinary(2**32 - 1), "mysql"), nullable=False),
                    col("undo_of", Integer),
                    col("undone_by", Integer))

# Append-only, hash-chained: each entry carries the hash of the previous one.
AUDIT_LOG = Table("audit_log", METADATA,
                  id_col(),
                  time_col("at", index=True),
                  col("actor", String(64), nullable=False),
                  col("action", String(64), nullable=False),
                  col("target", String(255), nullable=False, default=""),
                  col("detail", Text, nullable=False, default="{}"),
                  col("change_id", Integer),
                  col("prev_hash", String(64), nullable=False),
                  col("hash", String(64), nullable=False))

# One row: the chain's head. Locking it serialises appends across administrators.
AUDIT_HEAD = Table("audit_head", METADATA,
                   col("id", Integer, primary_key=True, autoincrement=False),
                   col("last_id", BigInteger, nullable=False),
                   col("last_hash", String(64), nullable=False))

ADMINS = Table("admins", METADATA,
               id_col(),
               col("name", String(64), nullable=False, unique=True),
               col("role", String(16), nullable=False),
               col("password_hash", String(200), nullable=False),
               col("scopes", Text, nullable=False, default="[]"),  # JSON list of department ids
               # a scoped administrator's permissions (5.4.1), a JSON list of "directory", "apps"; NULL: both
               col("permissions", Text, nullable=True),
               col("version", Integer, nullable=False, default=1),
               time_col("created_at"), time_col("updated_at"))

# Wrong console-administrator passwords, counted where the console checks them (SQLite, owner mode).
ADMIN_LOGIN_STATE = Table("admin_login_state", METADATA,
                          col("name", String(64), primary_key=True),
                          col("failures", Integer, nullable=False, default=0),
                          time_col("locked_at", nullable=True),
                          time_col("last_failure_at", nullable=True))

SETTINGS = Table("settings", METADATA,
                 col("key", String(64), primary_key=True),
                 col("value", Text, nullable=False),
                 col("version", Integer, nullable=False, default=1),
                 time_col("updated_at"))

# 登录流水: every login attempt and its result.
LOGIN_LOG = Table("login_log", METADATA,
                  serial_col(),
                  time_col("at", index=True),
                  col("account", String(64), nullable=False, index=True),
                  col("device", String(16), nullable=False),
                  col("address", String(64), nullable=False),
                  col("result", String(32), nullable=False))

# 事件日志: state changes not made by an administrator (a lock after failures, an automatic unlock).
EVENT_LOG = Table("event_log", METADATA,
                  serial_col(),
                  time_col("at", index=True),
                  col("kind", String(32), nullable=False),
                  col("account", String(64), nullable=False, index=True),
                  col("detail", Text, nullable=False, default="{}"))

# 5.5 验证码: one-time codes for a password reset (by SMS or e-mail) and for two-step login by SMS. Only a hash
# of each code is kept; a code expires, allows a few attempts and is used once (policy/verification.py).
VERIFICATION_CODES = Table("verification_codes", METADATA,
                           serial_col(),
                           col("member_id", Integer, nullable=False, index=True),
                           col("purpose", String(16), nullable=False),  # reset | login
                           col("channel", String(16), nullable=False),  # sms | email
                           col("code_hash", String(200), nullable=False),
                           col("attempts", Integer, nullable=False, default=0),
                           time_col("created_at"), time_col("expires_at"),
                           time_col("used_at", nullable=True))

# 离线请求重放: one row per offline request applied (services.offline_queue), written in the change set's own
# transaction: the primary key makes a second replay of the same request (another desktop, the same moment) fail.
OFFLINE_REPLAYS = Table("offline_replays", METADATA,
                        col("request_id", String(32), primary_key=True),
                        col("change_id", Integer, nullable=False),
                        time_col("replayed_at"))

# 群管理: a fixed group (固定群) or a department group (部门群) whose members follow its department. `gid` is the
# stable global id a `.dat` backup restores by. One department group per department (unique `dept_id`; NULL for
# fixed groups, which any number may share). The table is `im_groups`: GROUPS is a reserved word in MySQL 8.
GROUPS = Table("im_groups", METADATA,
               id_col(),
               col("gid", String(32), nullable=False, unique=True),
               col("name", String(64), nullable=False, index=True),
               col("kind", String(12), nullable=False, default="fixed"),  # fixed | department
               id_col("dept_id", ForeignKey("departments.id"), primary_key=False, unique=True),
               col("recursive", Boolean, nullable=False, default=False),  # sub-departments' members too
               id_col("owner_id", ForeignKey("members.id"), primary_key=False),
               col("version", Integer, nullable=False, default=1),
               time_col("created_at"), time_col("updated_at"))

# One member of one group; `admin` marks a group administrator (who must be a member).
GROUP_MEMBERS = Table("im_group_members", METADATA,
                      id_col(),
                      id_col("group_id", ForeignKey("im_groups.id"), primary_key=False, nullable=False),
                      id_col("member_id", ForeignKey("members.id"), primary_key=False, nullable=False),
                      col("admin", Boolean, nullable=False, default=False),
                      col("version", Integer, nullable=False, default=1),
                      UniqueConstraint("group_id", "member_id", name="uq_im_group_members_group_member"),
                      Index("ix_im_group_members_member", "member_id"))

# LDAP sync history: one sync attempt (applied, previewed, refused or failed) per row. The newest applied or
# "nothing to do" run with a cursor is where the next incremental sync starts; `plan_hash` tells whether a
# preview is due.
LDAP_SYNC_RUNS = Table("ldap_sync_runs", METADATA,
                       serial_col(),
                       time_col("started_at", index=True),
                       time_col("finished_at", nullable=True),
                       col("trigger", String(16), nullable=False),  # manual | schedule
                       col("mode", String(16), nullable=False),  # full | incremental
                       col("status", String(24), nullable=False, index=True),
                       col("admin", String(64), nullable=False, default=""),
                       col("server", String(255), nullable=False, default=""),
                       col("server_id", String(255), nullable=False, default=""),
                       col("plan_hash", String(64), nullable=False, default=""),
                       col("cursor", String(64)),
                       col("counts", Text, nullable=False, default="{}"),
                       col("errors", Text, nullable=False, default="[]"),
                       col("notices", Text, nullable=False, default="[]"),
                       col("message", Text, nullable=False, default=""),
                       col("change_id", Integer))

# 可见性设置 (manual 5.3.1): one row per rule, `kind` hide (隐藏部门/成员) | restrict (限制查看外部门) | forbid
# (禁止查看所有人). Subjects, whitelist and extra-visible items name departments (with their sub-departments) and
# members by id, as JSON lists of "d:ID" / "m:ID": a rename or a move keeps the rule pointing at the same
# department, and a `.dat` backup carries them by gid (services/visibility.py).
VISIBILITY_RULES = Table("visibility_rules", METADATA,
                         id_col(),
                         col("name", String(64), nullable=False, unique=True),
                         col("kind", String(12), nullable=False),
                         col("subjects", Text, nullable=False, default="[]"),
                         col("whitelist", Text, nullable=False, default="[]"),
                         col("extra", Text, nullable=False, default="[]"),  # restrict only: extra visible items
                         col("version", Integer, nullable=False, default=1),
                         time_col("created_at"), time_col("updated_at"))

# The server API's system-message outbox (系统消息): what an app sent with msg/send (msgType sysMsg), waiting
# for the IM server to deliver it.
SYSTEM_MESSAGES = Table("system_messages", METADATA,
                        serial_col(),
                        col("app_id", String(64), nullable=False),
                        time_col("created_at", index=True),
                        col("to_users", Text, nullable=False, default=""),  # accounts, "|"-separated as sent
                        col("to_depts", Text, nullable=False, default=""),  # department ids, "|"-separated
                        col("to_all", Boolean, nullable=False, default=False),
                        col("online_only", Boolean, nullable=False, default=False),
                        col("title", String(190), nullable=False, default=""),
                        col("body", Text, nullable=False),  # the sysMsg object as JSON
                        col("status", String(12), nullable=False, default="queued"))

# 企业应用: one app of the work portal, a system app (the manual's ids) or a self-built one ("yd" + 32 hex).
# `aes_key` is the EncodingAESKey as shown (base64, 44 characters): the server API process reads it to decrypt
# the app's calls. `auto_replies` and `menus` (service-account mode, 3.5.9.4) are JSON lists. `owner_dept_id`
# is the department a scoped administrator created the app under (its subtree is the app's).
APPS = Table("apps", METADATA,
             col("app_id", String(40), primary_key=True),
             col("name", String(32), nullable=False, unique=True),
             col("kind", String(8), nullable=False, default="custom"),  # system | custom
             col("intro", String(200), nullable=False, default=""),
             col("icon", String(32), nullable=False, default=""),
             col("logo", Text),  # an uploaded logo: PNG, scaled, base64
             col("terminals", String(32), nullable=False, default="desktop,mobile"),
             col("homepage", String(1024), nullable=False, default=""),
             col("enabled", Boolean, nullable=False, default=True),
             col("sort", Integer, nullable=False, default=0),
             col("aes_key", String(44), nullable=False),
             col("service_mode", Boolean, nullable=False, default=False),
             col("callback_url", String(1024), nullable=False, default=""),
             col("callback_token", String(64), nullable=False, default=""),
             col("auto_replies", Text, nullable=False, default="[]"),
             col("menus", Text, nullable=False, default="[]"),
             id_col("owner_dept_id", ForeignKey("departments.id"), primary_key=False),
             col("version", Integer, nullable=False, default=1),
             time_col("created_at"), time_col("updated_at"))

# The clear values of apps' secrets (EncodingAESKey, callback Token) a journalled change replaced: the journal
# (change_sets) holds only "secret:<ref>"; undo reads the value back here. On a secured server only super
# administrators read this table (docs/app-secrets.md); everyone who writes apps may insert into it.
APP_SECRET_HISTORY = Table("app_secret_history", METADATA,
                           col("ref", String(40), primary_key=True),
                           col("secret", String(64), nullable=False),
                           time_col("created_at"))

# 应用门户模板: a named portal; a member covered by several sees the union of their apps.
PORTAL_TEMPLATES = Table("portal_templates", METADATA,
                         id_col(),
                         col("name", String(64), nullable=False, unique=True),
                         col("enabled", Boolean, nullable=False, default=True),
                         col("version", Integer, nullable=False, default=1),
                         time_col("created_at"), time_col("updated_at"))

# One app in one template, in a group (工作台分组), at a position.
PORTAL_APPS = Table("portal_apps", METADATA,
                    id_col(),
                    id_col("template_id", ForeignKey("portal_templates.id"), primary_key=False, nullable=False),
                    col("app_id", String(40), ForeignKey("apps.app_id"), nullable=False),
                    col("group_name", String(32), nullable=False, default=""),
                    col("position", Integer, nullable=False, default=0),
                    col("version", Integer, nullable=False, default=1),
                    UniqueConstraint("template_id", "app_id", name="uq_portal_apps_template_app"))

# One member, or one department with its sub-departments, a template applies to.
PORTAL_AUDIENCE = Table("portal_audience", METADATA,
                        id_col(),
                        id_col("template_id", ForeignKey("portal_templates.id"), primary_key=False, nullable=False),
                        id_col("member_id", ForeignKey("members.id"), primary_key=False),
                        id_col("dept_id", ForeignKey("departments.id"), primary_key=False),
                        col("version", Integer, nullable=False, default=1),
                        Index("ix_portal_audience_template", "template_id"),
                        Index("ix_portal_audience_member", "member_id"),
                        Index("ix_portal_audience_dept", "dept_id"))

# 4.10 自定义菜单: an item of the client's right-click menu on conversation messages or personal info.
MESSAGE_MENUS = Table("message_menus", METADATA,
                      id_col(),
                      col("scope", String(12), nullable=False, default="message"),  # message | profile
                      col("name", String(32), nullable=False),
                      col("icon", Text, nullable=False, default=""),
                      col("types", String(64), nullable=False, default="text"),  # text,image,file
                      col("url", String(1024), nullable=False),
                      col("window", String(12), nullable=False, default="normal"),  # normal | custom
                      col("width", Integer, nullable=False, default=680),
                      col("height", Integer, nullable=False, default=560),
                      col("position", Integer, nullable=False, default=0),
                      col("version", Integer, nullable=False, default=1),
                      time_col("created_at"), time_col("updated_at"))

# 3.2 移动端工作台: the corporate image and name at the top of the mobile workbench (one row, key "mobile").
WORKBENCH = Table("workbench", METADATA,
                  col("key", String(16), primary_key=True),
                  col("corp_name", String(64), nullable=False, default=""),
                  col("image", Text),  # PNG, scaled, base64
                  col("version", Integer, nullable=False, default=1),
                  time_col("updated_at"))

# Areas' tables in their own modules (docs/adding-an-area.md), imported here so the metadata is complete.
from youdu_console.store import tables_announcements, tables_api  # noqa: E402,F401
