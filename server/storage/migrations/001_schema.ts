import type { Migration } from "./types";

/**
 * The first schema. Both versions hold the same tables and columns; only the types differ:
 * times are BIGINT milliseconds, booleans are 0/1 INTEGERs in SQLite and BOOLEAN in Postgres.
 *
 * JSON columns are TEXT on both backends. JSONB would reorder keys, refuse "\u0000" in strings and
 * normalise numbers, so a value could read back differently (or not save at all) on Postgres only;
 * the store never queries inside these values, so TEXT loses nothing.
 *
 * events.actor_id and audit_log.conference_id have no foreign key on purpose: an actor may be
 * "admin" or "system", and the audit log records refused requests naming conferences that do not
 * exist.
 */
export const schema: Migration = {
  version: 1,
  name: "schema",
  sqlite: `
CREATE TABLE conferences (
  id TEXT NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  scheduled_start TEXT NOT NULL,
  policy_profile TEXT NOT NULL,
  children TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE participants (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  agency TEXT,
  direct_contact INTEGER NOT NULL CHECK (direct_contact IN (0, 1)),
  -- Deferred: a convening sheet may list a supporter before the person they support.
  supports TEXT REFERENCES participants (id) DEFERRABLE INITIALLY DEFERRED,
  in_room_only INTEGER NOT NULL CHECK (in_room_only IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX participants_conference ON participants (conference_id);

CREATE TABLE invitations (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  participant_id TEXT NOT NULL REFERENCES participants (id),
  token_hash TEXT NOT NULL UNIQUE,
  issued_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER,
  device_hash TEXT
) STRICT;
CREATE INDEX invitations_participant ON invitations (participant_id, issued_at);
CREATE INDEX invitations_conference ON invitations (conference_id);

CREATE TABLE sessions (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  participant_id TEXT NOT NULL REFERENCES participants (id),
  invitation_id TEXT NOT NULL REFERENCES invitations (id),
  secret_hash TEXT NOT NULL UNIQUE,
  device_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
) STRICT;
CREATE INDEX sessions_participant ON sessions (participant_id);

-- AUTOINCREMENT: a seq is never reused, even after the newest row is gone.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  actor_id TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_conference ON events (conference_id, seq);

CREATE TABLE content (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  kind TEXT NOT NULL,
  meta TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  changed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX content_conference ON content (conference_id);

CREATE TABLE yjs_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_name TEXT NOT NULL,
  "update" BLOB NOT NULL
) STRICT;
CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  conference_id TEXT,
  at INTEGER NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_conference ON audit_log (conference_id, id);
`,
  postgres: `
CREATE TABLE conferences (
  id TEXT NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  scheduled_start TEXT NOT NULL,
  policy_profile TEXT NOT NULL,
  children TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE participants (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  agency TEXT,
  direct_contact BOOLEAN NOT NULL,
  -- Deferred: a convening sheet may list a supporter before the person they support.
  supports TEXT REFERENCES participants (id) DEFERRABLE INITIALLY DEFERRED,
  in_room_only BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX participants_conference ON participants (conference_id);

CREATE TABLE invitations (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  participant_id TEXT NOT NULL REFERENCES participants (id),
  token_hash TEXT NOT NULL UNIQUE,
  issued_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_used_at BIGINT,
  device_hash TEXT
);
CREATE INDEX invitations_participant ON invitations (participant_id, issued_at);
CREATE INDEX invitations_conference ON invitations (conference_id);

CREATE TABLE sessions (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  participant_id TEXT NOT NULL REFERENCES participants (id),
  invitation_id TEXT NOT NULL REFERENCES invitations (id),
  secret_hash TEXT NOT NULL UNIQUE,
  device_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX sessions_participant ON sessions (participant_id);

CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  actor_id TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX events_conference ON events (conference_id, seq);

CREATE TABLE content (
  id TEXT NOT NULL PRIMARY KEY,
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  kind TEXT NOT NULL,
  meta TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  changed_at BIGINT NOT NULL
);
CREATE INDEX content_conference ON content (conference_id);

CREATE TABLE yjs_updates (
  id BIGSERIAL PRIMARY KEY,
  doc_name TEXT NOT NULL,
  "update" BYTEA NOT NULL
);
CREATE INDEX yjs_updates_doc ON yjs_updates (doc_name, id);

CREATE TABLE audit_log (
  id BIGSERIAL PRIMARY KEY,
  conference_id TEXT,
  at BIGINT NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_conference ON audit_log (conference_id, id);
`,
};
