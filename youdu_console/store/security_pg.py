"""PostgreSQL: group roles, grants, row-level security and server-side audit hashing for console logins.

Run once by the schema owner (`db secure`); idempotent. The owner must be able to create roles (CREATEROLE).
What it guarantees for every console login (a role named like the administrator, member of one group):

- youdu_auditor: SELECT only (of admins, every column but the password hash, as for helpdesk and scoped).
- youdu_helpdesk: SELECT (but not feedback); UPDATE of members' password columns only; writes to login_state
  (unlock); one-time verification codes (insert, count attempts, mark used: the password-reset policy);
  INSERT into the journal and the audit log.
- youdu_scoped: writes to departments, members, member_departments and login_state only where row-level
  security policies say the rows lie in its subtrees (resolved from its own admins row by session_user);
  no writes to admins, settings, the LDAP tables, sessions, feedback or approvals.
- verification_codes: the hashes are super's and helpdesk's; helpdesk and scoped logins insert codes and update
  only attempts / used_at, a scoped one for members of its subtrees only (row-level security).
- youdu_super: every table, but the journal and the audit log are insert-only for it too.
- apps' secrets (aes_key, callback_token) and app_secret_history: super only. The other groups get SELECT
  on every other column of apps; youdu_scoped inserts and deletes apps (its own, as the services check) and
  updates only the non-secret columns — it can neither read a key nor set one (docs/app-secrets.md).
- audit_log: a trigger (owner's rights) sets id, prev_hash, hash (v2, see services.audit) and the actor
  (= the login) and moves audit_head; nobody but the owner can UPDATE or DELETE entries.
"""

from __future__ import annotations

GROUPS = ("youdu_super", "youdu_scoped", "youdu_helpdesk", "youdu_auditor")
DIRECTORY = ("departments", "members", "member_departments", "login_state")
# Areas' tables a scoped administrator writes whose scope the services enforce, not the server (groups:
# a department group follows its members' moves in the same change set).
SCOPED_BY_SERVICES = ("im_groups", "im_group_members", "portal_templates", "portal_apps", "portal_audience",
                      "announcements", "announcement_recipients", "announcement_reads")
# Which table is written by which group (besides the journal/audit inserts every writer has).
WRITERS = ("youdu_super", "youdu_scoped", "youdu_helpdesk")

_CREATE_GROUPS = """
DO $$
DECLARE g text;
BEGIN
  FOREACH g IN ARRAY ARRAY['youdu_super','youdu_scoped','youdu_helpdesk','youdu_auditor'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', g);
    END IF;
  END LOOP;
END $$
"""

_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION youdu_scope_depts() RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $f$
  WITH RECURSIVE s(id) AS (
    SELECT (jsonb_array_elements_text(a.scopes::jsonb))::bigint FROM admins a
     WHERE a.name = session_user AND a.role = 'scoped'
       -- 5.4.1: without the 通讯录 permission a scoped administrator's subtrees are nobody's to change
       AND (a.permissions IS NULL OR a.permissions::jsonb ? 'directory')
    UNION
    SELECT d.id FROM departments d JOIN s ON d.parent_id = s.id)
  SELECT id FROM s
$f$;

CREATE OR REPLACE FUNCTION youdu_dept_in_scope(dept bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $f$
  SELECT dept IS NOT NULL AND dept IN (SELECT youdu_scope_depts())
$f$;

-- A member is in scope when none of its departments lies outside the subtrees.
CREATE OR REPLACE FUNCTION youdu_member_in_scope(member bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $f$
  SELECT NOT EXISTS (SELECT 1 FROM member_departments md WHERE md.member_id = member
                       AND md.dept_id NOT IN (SELECT youdu_scope_depts()))
$f$;

CREATE OR REPLACE FUNCTION youdu_sha(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT encode(sha256(convert_to(coalesce(t, ''), 'UTF8')), 'hex')
$f$;

-- The v2 entry hash (services.audit.entry_hash_v2 computes the same).
CREATE OR REPLACE FUNCTION youdu_audit_hash(prev text, entry_id bigint, at timestamp, actor text, action text,
                                            target text, detail text, change_id integer) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = {schema} AS $f$
  SELECT youdu_sha(concat_ws(E'\n', 'v2', prev, entry_id::text, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                             youdu_sha(actor), youdu_sha(action), youdu_sha(target), youdu_sha(detail),
                             coalesce(change_id::text, '')))
$f$;

CREATE OR REPLACE FUNCTION youdu_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
DECLARE h record;
BEGIN
  SELECT last_id, last_hash INTO h FROM audit_head WHERE id = 1 FOR UPDATE;
  NEW.id := h.last_id + 1;
  NEW.prev_hash := h.last_hash;
  IF EXISTS (SELECT 1 FROM admins a WHERE a.name = session_user) THEN
    NEW.actor := session_user;  -- a console login can only write entries in its own name
  END IF;
  NEW.hash := youdu_audit_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.actor, NEW.action, NEW.target, NEW.detail,
                               NEW.change_id);
  UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $f$;

DROP TRIGGER IF EXISTS youdu_audit_chain ON audit_log;
CREATE TRIGGER youdu_audit_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION youdu_audit_chain();

-- The journal names its real author; undone_by may be set once, never changed.
CREATE OR REPLACE FUNCTION youdu_journal_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM admins a WHERE a.name = session_user) THEN
      NEW.actor := session_user;
    END IF;
  ELSIF OLD.undone_by IS NOT NULL AND EXISTS (SELECT 1 FROM admins a WHERE a.name = session_user) THEN
    RAISE EXCEPTION 'youdu: change set % is already undone', OLD.id USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $f$;

DROP TRIGGER IF EXISTS youdu_journal_guard ON change_sets;
CREATE TRIGGER youdu_journal_guard BEFORE INSERT OR UPDATE ON change_sets
  FOR EACH ROW EXECUTE FUNCTION youdu_journal_guard();

-- A console login for an administrator: created or updated by the owner's rights, for super admins only.
CREATE OR REPLACE FUNCTION youdu_set_login(login text, secret text, console_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
DECLARE g text;
BEGIN
  IF console_role NOT IN ('super', 'scoped', 'helpdesk', 'auditor') THEN
    RAISE EXCEPTION 'youdu: role %', console_role USING ERRCODE = '22023';
  END IF;
  IF login ~ '^pg_' OR login IN ('postgres', 'public', current_user::text)
     OR login IN ('youdu_super', 'youdu_scoped', 'youdu_helpdesk', 'youdu_auditor')
     OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = login AND (r.rolsuper OR r.rolcreaterole
                OR NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles gr ON gr.oid = m.roleid
                                WHERE m.member = r.oid AND gr.rolname LIKE 'youdu\_%'))) THEN
    RAISE EXCEPTION 'youdu: reserved login %', login USING ERRCODE = '42939';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, secret);
  ELSIF secret IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I PASSWORD %L', login, secret);
  END IF;
  FOREACH g IN ARRAY ARRAY['youdu_super','youdu_scoped','youdu_helpdesk','youdu_auditor'] LOOP
    IF g = 'youdu_' || console_role THEN
      EXECUTE format('GRANT %I TO %I', g, login);
    ELSE
      EXECUTE format('REVOKE %I FROM %I', g, login);
    END IF;
  END LOOP;
END $f$;

-- A removed administrator (admin remove): its login may no longer connect, and its open sessions end (that
-- needs the owner to hold pg_signal_backend; without it the sessions run on until they disconnect). The role is
-- kept, with its group, so that undoing the removal can let it connect again with its own password.
CREATE OR REPLACE FUNCTION youdu_disable_login(login text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
DECLARE ended integer := 0; p integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                  JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = login AND g.rolname LIKE 'youdu\_%') THEN
    RETURN 0;
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', login);
  FOR p IN SELECT a.pid FROM pg_stat_activity a WHERE a.usename = login AND a.pid <> pg_backend_pid() LOOP
    BEGIN
      IF pg_terminate_backend(p) THEN
        ended := ended + 1;
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'youdu: cannot end session % of %', p, login;
    END;
  END LOOP;
  RETURN ended;
END $f$;

CREATE OR REPLACE FUNCTION youdu_enable_login(login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
              JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = login AND g.rolname LIKE 'youdu\_%') THEN
    EXECUTE format('ALTER ROLE %I LOGIN', login);
  END IF;
END $f$;

CREATE OR REPLACE FUNCTION youdu_drop_login(login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema} AS $f$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
              JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = login AND g.rolname LIKE 'youdu\_%') THEN
    EXECUTE format('DROP ROLE %I', login);
  END IF;
END $f$;
"""

_GRANTS = """
REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM PUBLIC;
GRANT USAGE ON SCHEMA {schema} TO youdu_super, youdu_scoped, youdu_helpdesk, youdu_auditor;
GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO youdu_super, youdu_scoped, youdu_helpdesk, youdu_auditor;
-- Other administrators' password hashes are for super admins (and the owner) only.
REVOKE SELECT ON admins FROM youdu_scoped, youdu_helpdesk, youdu_auditor;
GRANT SELECT (id, name, role, scopes, permissions, version, created_at, updated_at) ON admins
  TO youdu_scoped, youdu_helpdesk, youdu_auditor;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO youdu_super, youdu_scoped, youdu_helpdesk;
GRANT INSERT ON audit_log, change_sets, login_log, event_log, offline_replays TO youdu_super, youdu_scoped, youdu_helpdesk;
GRANT UPDATE (undone_by) ON change_sets TO youdu_super, youdu_scoped;
GRANT UPDATE ON id_blocks TO youdu_super, youdu_scoped;
GRANT INSERT, UPDATE, DELETE ON {others} TO youdu_super;
GRANT INSERT, UPDATE, DELETE ON departments, members, member_departments, login_state TO youdu_scoped;
GRANT UPDATE (password_hash, must_change_password, password_changed_at, version, updated_at) ON members
  TO youdu_helpdesk;
GRANT INSERT, UPDATE, DELETE ON login_state TO youdu_helpdesk;
REVOKE ALL ON FUNCTION youdu_set_login(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION youdu_drop_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION youdu_set_login(text, text, text) TO youdu_super;
GRANT EXECUTE ON FUNCTION youdu_drop_login(text) TO youdu_super;
REVOKE ALL ON FUNCTION youdu_disable_login(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION youdu_enable_login(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION youdu_disable_login(text) TO youdu_super;
GRANT EXECUTE ON FUNCTION youdu_enable_login(text) TO youdu_super;
"""


def _policies() -> list[str]:
    out = []
    for table in DIRECTORY:
        out.append(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for name in ("read", "super", "helpdesk", "scoped_ins", "scoped_upd", "scoped_del"):
            out.append(f"DROP POLICY IF EXISTS youdu_{name} ON {table}")
        out.append(f"CREATE POLICY youdu_read ON {table} FOR SELECT USING (true)")
        out.append(f"CREATE POLICY youdu_super ON {table} FOR ALL TO youdu_super USING (true) WITH CHECK (true)")
    out.append("CREATE POLICY youdu_helpdesk ON members FOR UPDATE TO youdu_helpdesk USING (true) WITH CHECK (true)")
    out.append("CREATE POLICY youdu_helpdesk ON login_state FOR ALL TO youdu_helpdesk USING (true) WITH CHECK (true)")
    scoped = {
        "members": ("true", "youdu_member_in_scope(id)", "youdu_member_in_scope(id)"),
        "member_departments": ("youdu_dept_in_scope(dept_id)", "youdu_dept_in_scope(dept_id)",
                               "youdu_dept_in_scope(dept_id)"),
        # A department only where it and its parent lie in the subtrees: the scope roots stay fixed.
        "departments": ("youdu_dept_in_scope(parent_id)", "youdu_dept_in_scope(id) AND youdu_dept_in_scope(parent_id)",
                        "youdu_dept_in_scope(id) AND youdu_dept_in_scope(parent_id)"),
        "login_state": ("youdu_member_in_scope(member_id)", "youdu_member_in_scope(member_id)",
                        "youdu_member_in_scope(member_id)"),
    }
    for table, (insert_check, using, delete_using) in scoped.items():
        out.append(f"CREATE POLICY youdu_scoped_ins ON {table} FOR INSERT TO youdu_scoped WITH CHECK ({insert_check})")
        check = "youdu_dept_in_scope(parent_id)" if table == "departments" else using
        out.append(f"CREATE POLICY youdu_scoped_upd ON {table} FOR UPDATE TO youdu_scoped USING ({using}) "
                   f"WITH CHECK ({check})")
        out.append(f"CREATE POLICY youdu_scoped_del ON {table} FOR DELETE TO youdu_scoped USING ({delete_using})")
    return out


def app_secret_statements(tables: list[str], grant: str = "GRANT", revoke: str = "REVOKE") -> list[str]:
    """Column privileges on apps and the super-only app_secret_history (PostgreSQL; MariaDB adapts them)."""
    from youdu_console.store.tables import APP_SECRET_HISTORY, APPS

    if "apps" not in tables:
        return []
    secret = ("aes_key", "callback_token")
    public = ", ".join(c.name for c in APPS.c if c.name not in secret)
    writable = ", ".join(c.name for c in APPS.c if c.name not in (*secret, "app_id", "kind"))
    others = "youdu_scoped, youdu_helpdesk, youdu_auditor"
    out = [f"REVOKE SELECT ON apps FROM {others}",  # and, on PostgreSQL, its column privileges: idempotent
           f"GRANT SELECT ({public}) ON apps TO {others}",
           "GRANT INSERT, DELETE ON apps TO youdu_scoped",
           "REVOKE UPDATE ON apps FROM youdu_scoped",
           f"GRANT UPDATE ({writable}) ON apps TO youdu_scoped"]
    if APP_SECRET_HISTORY.name in tables:
        out += [f"REVOKE SELECT ON app_secret_history FROM {others}",
                "GRANT INSERT ON app_secret_history TO youdu_scoped"]
    return out


# 5.5's one-time codes: what the password-reset and two-step policy reads besides the hash.
CODE_COLUMNS = ("id", "member_id", "purpose", "channel", "attempts", "created_at", "expires_at", "used_at")


def verification_statements(tables: list[str]) -> list[str]:
    """verification_codes: super and helpdesk read the hashes (the reset policy checks codes). Helpdesk and scoped
    logins may ask for a code (policy password-reset request: the right to reset members' passwords) — insert one
    and mark older ones used or count attempts, rewriting no hash; a scoped login only for members of its subtrees
    (row-level security, as for login_state) and without reading any hash. Auditors read every column but the hash
    and write nothing. A hash a login could read, or a code it could set for any member, would reset that
    member's password through the policy."""
    if "verification_codes" not in tables:
        return []
    columns = ", ".join(CODE_COLUMNS)
    out = ["REVOKE ALL ON verification_codes FROM youdu_scoped, youdu_helpdesk, youdu_auditor",  # and column grants
           "GRANT SELECT ON verification_codes TO youdu_helpdesk",
           f"GRANT SELECT ({columns}) ON verification_codes TO youdu_scoped, youdu_auditor",
           "GRANT INSERT ON verification_codes TO youdu_scoped, youdu_helpdesk",
           "GRANT UPDATE (attempts, used_at) ON verification_codes TO youdu_scoped, youdu_helpdesk",
           "ALTER TABLE verification_codes ENABLE ROW LEVEL SECURITY"]
    for name in ("read", "super", "helpdesk", "scoped_ins", "scoped_upd"):
        out.append(f"DROP POLICY IF EXISTS youdu_{name} ON verification_codes")
    scope = "youdu_member_in_scope(member_id)"
    return out + [
        "CREATE POLICY youdu_read ON verification_codes FOR SELECT USING (true)",
        "CREATE POLICY youdu_super ON verification_codes FOR ALL TO youdu_super USING (true) WITH CHECK (true)",
        "CREATE POLICY youdu_helpdesk ON verification_codes FOR ALL TO youdu_helpdesk USING (true) WITH CHECK (true)",
        f"CREATE POLICY youdu_scoped_ins ON verification_codes FOR INSERT TO youdu_scoped WITH CHECK ({scope})",
        f"CREATE POLICY youdu_scoped_upd ON verification_codes FOR UPDATE TO youdu_scoped USING ({scope}) "
        f"WITH CHECK ({scope})"]


def install_statements(schema: str, tables: list[str]) -> list[str]:
    """Every statement of the set-up, in order (shown by `db secure --print`)."""
    others = [t for t in tables if t not in ("audit_log", "change_sets", "audit_head", "alembic_version", "offline_replays",
                                             "youdu_meta")]
    quoted = '"' + schema.replace('"', '""') + '"'
    statements = [_CREATE_GROUPS.strip()]
    statements += [s.strip() for s in _split(_FUNCTIONS.format(schema=quoted))]
    statements += [s.strip() for s in _GRANTS.format(schema=quoted, others=", ".join(others)).split(";") if s.strip()]
    scoped_areas = [t for t in SCOPED_BY_SERVICES if t in tables]
    if scoped_areas:
        statements.append(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(scoped_areas)} TO youdu_scoped")
    statements += verification_statements(tables)
    if "feedback" in tables:  # 意见反馈 (files, client logs): read by super, scoped and auditors, as the services let
        statements.append("REVOKE SELECT ON feedback FROM youdu_helpdesk")
    statements += app_secret_statements(tables)
    statements += _policies()
    return statements


def _split(script: str) -> list[str]:
    """Split on ';' at line ends outside $f$ bodies."""
    parts: list[str] = []
    buf: list[str] = []
    inside = False
    for line in script.splitlines():
        inside ^= line.count("$f$") % 2 == 1
        buf.append(line)
        if not inside and line.rstrip().endswith(";"):
            parts.append("\n".join(buf).rstrip().rstrip(";"))
            buf = []
    if "".join(buf).strip():
        parts.append("\n".join(buf))
    return [p for p in parts if p.strip() and not all(x.strip().startswith("--") or not x.strip()
                                                      for x in p.splitlines())]
