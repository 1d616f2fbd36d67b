"""MariaDB / MySQL: roles, grants and definer-rights triggers that hold every console login to its role.

Run once by the schema owner (`db secure`); idempotent. MariaDB has no row-level security, so the scope of
a scoped administrator is enforced by BEFORE triggers (owner's rights, which no client statement skips) that
resolve the login from USER() and refuse a row outside its subtrees with SIGNAL. The rest mirrors
PostgreSQL: SELECT for everyone, column grants for the helpdesk, insert-only journal and audit log, an
audit trigger that computes the chain and moves the head.
"""

from __future__ import annotations

GROUPS = ("youdu_super", "youdu_scoped", "youdu_helpdesk", "youdu_auditor")

# The login of the session: USER() is 'name@host' (names may contain '@': cut at the last one).
_LOGIN = "SUBSTRING(USER(), 1, CHAR_LENGTH(USER()) - CHAR_LENGTH(SUBSTRING_INDEX(USER(), '@', -1)) - 1)"
_REFUSE = "SIGNAL SQLSTATE '42000' SET MYSQL_ERRNO = 1142, MESSAGE_TEXT = 'youdu: {what}'"

_ROUTINES = [
    "DROP FUNCTION IF EXISTS youdu_login",
    f"""CREATE DEFINER = CURRENT_USER FUNCTION youdu_login() RETURNS VARCHAR(128) CHARSET utf8mb4 DETERMINISTIC
        NO SQL RETURN {_LOGIN}""",
    "DROP FUNCTION IF EXISTS youdu_is_scoped",
    """CREATE DEFINER = CURRENT_USER FUNCTION youdu_is_scoped() RETURNS BOOLEAN READS SQL DATA SQL SECURITY DEFINER
        RETURN EXISTS (SELECT 1 FROM admins WHERE name = youdu_login() AND role = 'scoped')""",
    "DROP FUNCTION IF EXISTS youdu_is_console",
    """CREATE DEFINER = CURRENT_USER FUNCTION youdu_is_console() RETURNS BOOLEAN READS SQL DATA SQL SECURITY DEFINER
        RETURN EXISTS (SELECT 1 FROM admins WHERE name = youdu_login())""",
    "DROP FUNCTION IF EXISTS youdu_dept_in_scope",
    """CREATE DEFINER = CURRENT_USER FUNCTION youdu_dept_in_scope(dept BIGINT) RETURNS BOOLEAN READS SQL DATA
        SQL SECURITY DEFINER
      BEGIN
        DECLARE sc TEXT DEFAULT (SELECT scopes FROM admins WHERE name = youdu_login() AND role = 'scoped'
                                   AND (permissions IS NULL OR JSON_CONTAINS(permissions, '"directory"')));
        DECLARE cur BIGINT DEFAULT dept;
        DECLARE steps INT DEFAULT 0;
        IF sc IS NULL THEN RETURN FALSE; END IF;
        WHILE cur IS NOT NULL AND steps < 10000 DO
          IF JSON_CONTAINS(sc, CAST(cur AS CHAR)) THEN RETURN TRUE; END IF;
          SET cur = (SELECT parent_id FROM departments WHERE id = cur);
          SET steps = steps + 1;
        END WHILE;
        RETURN FALSE;
      END""",
    "DROP FUNCTION IF EXISTS youdu_member_in_scope",
    """CREATE DEFINER = CURRENT_USER FUNCTION youdu_member_in_scope(member BIGINT) RETURNS BOOLEAN READS SQL DATA
        SQL SECURITY DEFINER
        RETURN NOT EXISTS (SELECT 1 FROM member_departments md WHERE md.member_id = member
                             AND NOT youdu_dept_in_scope(md.dept_id))""",
    "DROP PROCEDURE IF EXISTS youdu_set_login",
    """CREATE DEFINER = CURRENT_USER PROCEDURE youdu_set_login(login VARCHAR(64), secret VARCHAR(255),
                                                              console_role VARCHAR(16)) SQL SECURITY DEFINER
      BEGIN
        DECLARE g VARCHAR(32);
        DECLARE i INT DEFAULT 1;
        IF console_role NOT IN ('super', 'scoped', 'helpdesk', 'auditor') THEN
          SIGNAL SQLSTATE '22023' SET MESSAGE_TEXT = 'youdu: role';
        END IF;
        IF login IN ('root', 'mysql', 'mariadb.sys', 'PUBLIC') OR login LIKE 'mysql.%' OR login LIKE 'youdu\\_%'
           OR login = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)
           OR (EXISTS (SELECT 1 FROM mysql.user u WHERE u.User = login)
               AND NOT EXISTS (SELECT 1 FROM mysql.roles_mapping r WHERE r.User = login
                                 AND r.Role LIKE 'youdu\\_%')) THEN
          SIGNAL SQLSTATE '42000' SET MYSQL_ERRNO = 1396, MESSAGE_TEXT = 'youdu: reserved login';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM mysql.user u WHERE u.User = login AND u.Host = '%') THEN
          SET @youdu_sql = CONCAT('CREATE USER ', QUOTE(login), '@''%'' IDENTIFIED BY ', QUOTE(secret));
        ELSEIF secret IS NOT NULL THEN
          SET @youdu_sql = CONCAT('ALTER USER ', QUOTE(login), '@''%'' IDENTIFIED BY ', QUOTE(secret));
        ELSE
          SET @youdu_sql = 'DO 0';
        END IF;
        PREPARE stmt FROM @youdu_sql;
        SET @youdu_sql = NULL;
        EXECUTE stmt;
        DEALLOCATE PREPARE stmt;
        WHILE i <= 4 DO
          SET g = ELT(i, 'youdu_super', 'youdu_scoped', 'youdu_helpdesk', 'youdu_auditor');
          IF g <> CONCAT('youdu_', console_role) AND EXISTS (SELECT 1 FROM mysql.roles_mapping r
                                                              WHERE r.User = login AND r.Role = g) THEN
            SET @youdu_sql = CONCAT('REVOKE ', g, ' FROM ', QUOTE(login), '@''%''');
            PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
          END IF;
          SET i = i + 1;
        END WHILE;
        SET @youdu_sql = CONCAT('GRANT youdu_', console_role, ' TO ', QUOTE(login), '@''%''');
        PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
        SET @youdu_sql = CONCAT('SET DEFAULT ROLE youdu_', console_role, ' FOR ', QUOTE(login), '@''%''');
        PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
        SET @youdu_sql = NULL;
      END""",
    "DROP FUNCTION IF EXISTS youdu_login_exists",
    """CREATE DEFINER = CURRENT_USER FUNCTION youdu_login_exists(login VARCHAR(64)) RETURNS BOOLEAN READS SQL DATA
        SQL SECURITY DEFINER
        RETURN EXISTS (SELECT 1 FROM mysql.roles_mapping r WHERE r.User = login AND r.Role LIKE 'youdu\\_%')""",
    # A removed administrator (admin remove): the account is locked, not dropped, so that undoing the removal
    # unlocks it with its own password; its open connections are killed (the owner needs CONNECTION ADMIN or
    # SUPER for that; without it they run on until they disconnect).
    "DROP PROCEDURE IF EXISTS youdu_disable_login",
    """CREATE DEFINER = CURRENT_USER PROCEDURE youdu_disable_login(login VARCHAR(64)) SQL SECURITY DEFINER
      BEGIN
        IF EXISTS (SELECT 1 FROM mysql.roles_mapping r WHERE r.User = login AND r.Role LIKE 'youdu\\_%') THEN
          SET @youdu_sql = CONCAT('ALTER USER ', QUOTE(login), '@''%'' ACCOUNT LOCK');
          PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
          BEGIN
            DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
            SET @youdu_sql = CONCAT('KILL CONNECTION USER ', QUOTE(login));
            PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
          END;
          SET @youdu_sql = NULL;
        END IF;
      END""",
    "DROP PROCEDURE IF EXISTS youdu_enable_login",
    """CREATE DEFINER = CURRENT_USER PROCEDURE youdu_enable_login(login VARCHAR(64)) SQL SECURITY DEFINER
      BEGIN
        IF EXISTS (SELECT 1 FROM mysql.roles_mapping r WHERE r.User = login AND r.Role LIKE 'youdu\\_%') THEN
          SET @youdu_sql = CONCAT('ALTER USER ', QUOTE(login), '@''%'' ACCOUNT UNLOCK');
          PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
          SET @youdu_sql = NULL;
        END IF;
      END""",
    "DROP PROCEDURE IF EXISTS youdu_drop_login",
    """CREATE DEFINER = CURRENT_USER PROCEDURE youdu_drop_login(login VARCHAR(64)) SQL SECURITY DEFINER
      BEGIN
        IF EXISTS (SELECT 1 FROM mysql.roles_mapping r WHERE r.User = login AND r.Role LIKE 'youdu\\_%') THEN
          SET @youdu_sql = CONCAT('DROP USER ', QUOTE(login), '@''%''');
          PREPARE stmt FROM @youdu_sql; EXECUTE stmt; DEALLOCATE PREPARE stmt;
          SET @youdu_sql = NULL;
        END IF;
      END""",
]

_HASH = """SHA2(CONCAT_WS(CHAR(10), 'v2', NEW.prev_hash, CAST(NEW.id AS CHAR),
                     DATE_FORMAT(NEW.at, '%Y-%m-%dT%H:%i:%s.%f'),
                     SHA2(IFNULL(NEW.actor, ''), 256), SHA2(IFNULL(NEW.action, ''), 256),
                     SHA2(IFNULL(NEW.target, ''), 256), SHA2(IFNULL(NEW.detail, ''), 256),
                     IFNULL(CAST(NEW.change_id AS CHAR), '')), 256)"""


def _trigger(name: str, timing: str, table: str, body: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE DEFINER = CURRENT_USER TRIGGER {name} {timing} ON {table} FOR EACH ROW BEGIN {body} END"]


def _scope_triggers() -> list[str]:
    out: list[str] = []

    def guard(cond: str, what: str) -> str:
        return f"IF youdu_is_scoped() AND NOT ({cond}) THEN {_REFUSE.format(what=what)}; END IF;"

    dept_row = "youdu_dept_in_scope(OLD.id) AND youdu_dept_in_scope(OLD.parent_id)"
    out += _trigger("youdu_departments_ins", "BEFORE INSERT", "departments",
                    guard("youdu_dept_in_scope(NEW.parent_id)", "department outside the scope"))
    out += _trigger("youdu_departments_upd", "BEFORE UPDATE", "departments",
                    guard(f"{dept_row} AND youdu_dept_in_scope(NEW.parent_id)", "department outside the scope"))
    out += _trigger("youdu_departments_del", "BEFORE DELETE", "departments",
                    guard(dept_row, "department outside the scope"))
    out += _trigger("youdu_members_upd", "BEFORE UPDATE", "members",
                    guard("youdu_member_in_scope(OLD.id)", "member outside the scope"))
    out += _trigger("youdu_members_del", "BEFORE DELETE", "members",
                    guard("youdu_member_in_scope(OLD.id)", "member outside the scope"))
    out += _trigger("youdu_links_ins", "BEFORE INSERT", "member_departments",
                    guard("youdu_dept_in_scope(NEW.dept_id)", "member outside the scope"))
    out += _trigger("youdu_links_upd", "BEFORE UPDATE", "member_departments",
                    guard("youdu_dept_in_scope(OLD.dept_id) AND youdu_dept_in_scope(NEW.dept_id)",
                          "member outside the scope"))
    out += _trigger("youdu_links_del", "BEFORE DELETE", "member_departments",
                    guard("youdu_dept_in_scope(OLD.dept_id)", "member outside the scope"))
    for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        out += _trigger(f"youdu_login_state_{event[:3].lower()}", f"BEFORE {event}", "login_state",
                        guard(f"youdu_member_in_scope({row}.member_id)", "member outside the scope"))
    return out


def _audit_triggers() -> list[str]:
    chain = f"""
        DECLARE lid BIGINT; DECLARE lh VARCHAR(64);
        SELECT last_id, last_hash INTO lid, lh FROM audit_head WHERE id = 1 FOR UPDATE;
        SET NEW.id = lid + 1;
        SET NEW.prev_hash = lh;
        IF youdu_is_console() THEN SET NEW.actor = youdu_login(); END IF;
        SET NEW.hash = {_HASH};
        UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;"""
    journal_ins = "IF youdu_is_console() THEN SET NEW.actor = youdu_login(); END IF;"
    journal_upd = (f"IF youdu_is_console() AND OLD.undone_by IS NOT NULL THEN "
                   f"{_REFUSE.format(what='change set already undone')}; END IF;")
    return (_trigger("youdu_audit_chain", "BEFORE INSERT", "audit_log", chain)
            + _trigger("youdu_journal_ins", "BEFORE INSERT", "change_sets", journal_ins)
            + _trigger("youdu_journal_upd", "BEFORE UPDATE", "change_sets", journal_upd))


# 企业应用: a scoped admin's self-built apps and templates; the services check the subtrees.
APP_TABLES = ("apps", "portal_templates", "portal_apps", "portal_audience")
# 通知公告: a scoped admin's announcements (audiences inside its subtrees, as the services check); an undone send
# takes its recipients and reads with it.
ANNOUNCEMENT_TABLES = ("announcements", "announcement_recipients", "announcement_reads")


def _app_secret_statements(db: str, tables: list[str]) -> list[str]:
    """apps' secrets (aes_key, callback_token) and app_secret_history: super only (docs/app-secrets.md).
    Non-super groups read apps' other columns; youdu_scoped updates only the non-secret ones. MariaDB refuses
    to REVOKE a grant that does not exist: each REVOKE follows the GRANT it takes back (idempotent)."""
    from youdu_console.store.tables import APPS

    if "apps" not in tables:
        return []
    secret = ("aes_key", "callback_token")
    public = ", ".join(c.name for c in APPS.c if c.name not in secret)
    writable = ", ".join(c.name for c in APPS.c if c.name not in (*secret, "app_id", "kind"))
    others = "youdu_scoped, youdu_helpdesk, youdu_auditor"
    out = [f"GRANT SELECT ON {db}.apps TO {others}", f"REVOKE SELECT ON {db}.apps FROM {others}",
           f"GRANT SELECT ({public}) ON {db}.apps TO {others}",
           f"REVOKE UPDATE ON {db}.apps FROM youdu_scoped",
           f"GRANT UPDATE ({writable}) ON {db}.apps TO youdu_scoped"]
    if "app_secret_history" in tables:
        out += [f"GRANT SELECT ON {db}.app_secret_history TO {others}",
                f"REVOKE SELECT ON {db}.app_secret_history FROM {others}",
                f"GRANT INSERT ON {db}.app_secret_history TO youdu_scoped"]
    return out


def _verification_statements(db: str, tables: list[str]) -> list[str]:
    """verification_codes as on PostgreSQL (security_pg.verification_statements): hashes for super and helpdesk;
    helpdesk and scoped logins insert codes and update only attempts and used_at, a scoped one for members of its
    subtrees only (BEFORE triggers); auditors read the other columns and write nothing. Each REVOKE follows a GRANT
    of what it takes back (MariaDB refuses to revoke a grant that does not exist), so a re-install also takes back
    what an older version granted."""
    from youdu_console.store.security_pg import CODE_COLUMNS

    if "verification_codes" not in tables:
        return []
    table = f"{db}.verification_codes"

    def guard(row: str) -> str:
        refuse = _REFUSE.format(what="member outside the scope")
        return f"IF youdu_is_scoped() AND NOT youdu_member_in_scope({row}.member_id) THEN {refuse}; END IF;"

    return [f"REVOKE SELECT ON {table} FROM youdu_scoped, youdu_auditor",  # after the loop's GRANT SELECT
            f"GRANT SELECT ({', '.join(CODE_COLUMNS)}) ON {table} TO youdu_scoped, youdu_auditor",
            f"GRANT INSERT, UPDATE ON {table} TO youdu_scoped, youdu_helpdesk",
            f"REVOKE UPDATE ON {table} FROM youdu_scoped, youdu_helpdesk",
            f"GRANT UPDATE (attempts, used_at) ON {table} TO youdu_scoped, youdu_helpdesk",
            *_trigger("youdu_codes_ins", "BEFORE INSERT", "verification_codes", guard("NEW")),
            *_trigger("youdu_codes_upd", "BEFORE UPDATE", "verification_codes", guard("OLD"))]


def install_statements(database: str, tables: list[str]) -> list[str]:
    db = "`" + database.replace("`", "``") + "`"
    everyone = ", ".join(GROUPS)
    writers = "youdu_super, youdu_scoped, youdu_helpdesk"
    others = [t for t in tables if t not in ("audit_log", "change_sets", "audit_head", "alembic_version", "offline_replays",
                                             "youdu_meta")]
    out = [f"CREATE ROLE IF NOT EXISTS {g}" for g in GROUPS]
    out += _ROUTINES + _audit_triggers() + _scope_triggers()
    for table in tables:
        if table != "admins":
            out.append(f"GRANT SELECT ON {db}.{table} TO {everyone}")
    # Other administrators' password hashes are for super admins (and the owner) only.
    out.append(f"GRANT SELECT ON {db}.admins TO youdu_super")
    out.append(f"GRANT SELECT (id, name, role, scopes, permissions, version, created_at, updated_at) ON {db}.admins "
               f"TO youdu_scoped, youdu_helpdesk, youdu_auditor")
    for table in ("audit_log", "change_sets", "login_log", "event_log", "offline_replays"):
        out.append(f"GRANT INSERT ON {db}.{table} TO {writers}")
    out.append(f"GRANT UPDATE (undone_by) ON {db}.change_sets TO youdu_super, youdu_scoped")
    out.append(f"GRANT UPDATE ON {db}.id_blocks TO youdu_super, youdu_scoped")
    for table in others:
        out.append(f"GRANT INSERT, UPDATE, DELETE ON {db}.{table} TO youdu_super")
    # Groups' tables: their scope is the services' (a department group follows its members' moves).
    for table in ("departments", "members", "member_departments", "login_state", "im_groups", "im_group_members",
                  *APP_TABLES, *ANNOUNCEMENT_TABLES):
        if table in tables:
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {db}.{table} TO youdu_scoped")
    out += _app_secret_statements(db, tables)
    out.append(f"GRANT UPDATE (password_hash, must_change_password, password_changed_at, version, updated_at) "
               f"ON {db}.members TO youdu_helpdesk")
    out.append(f"GRANT INSERT, UPDATE, DELETE ON {db}.login_state TO youdu_helpdesk")
    out += _verification_statements(db, tables)
    if "feedback" in tables:  # 意见反馈 (files, client logs): read by super, scoped and auditors, as the services let
        out.append(f"REVOKE SELECT ON {db}.feedback FROM youdu_helpdesk")  # follows the loop's GRANT
    out.append(f"GRANT EXECUTE ON PROCEDURE {db}.youdu_set_login TO youdu_super")
    out.append(f"GRANT EXECUTE ON PROCEDURE {db}.youdu_drop_login TO youdu_super")
    out.append(f"GRANT EXECUTE ON PROCEDURE {db}.youdu_disable_login TO youdu_super")
    out.append(f"GRANT EXECUTE ON PROCEDURE {db}.youdu_enable_login TO youdu_super")
    out.append(f"GRANT EXECUTE ON FUNCTION {db}.youdu_login_exists TO youdu_super")
    return out
