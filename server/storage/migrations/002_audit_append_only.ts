import type { Migration } from "./types";

/**
 * The audit log is append-only in the database itself, not only in the code that writes it, so a
 * bug, a hand-typed query or a later feature cannot quietly rewrite who did what. (Anyone who can
 * drop a trigger can still get round this; that needs a separate database role, not a trigger.)
 */
export const auditAppendOnly: Migration = {
  version: 2,
  name: "audit_append_only",
  // SQLite skips its DELETE-everything shortcut when a table has triggers, so a bare
  // `DELETE FROM audit_log` is refused too.
  sqlite: `
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
`,
  // TRUNCATE fires no row triggers, hence the separate statement-level one.
  postgres: `
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
`,
};
