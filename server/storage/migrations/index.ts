import { schema } from "./001_schema";
import { auditAppendOnly } from "./002_audit_append_only";
import { attachments } from "./003_attachments";
import type { Migration } from "./types";

export type { Migration } from "./types";

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [schema, auditAppendOnly, attachments];

export const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

export const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;
