import type { Migration } from "./types";

/**
 * Files brought into a conference: the letters and pictures of the child's voice. One file per
 * content item (the item's visibility metadata is in `content`; the file is served only to someone
 * that metadata allows). Rows are written once and never changed. `sha256` (hex) lets the record
 * and an export say which file they mean without carrying it.
 */
export const attachments: Migration = {
  version: 3,
  name: "attachments",
  sqlite: `
CREATE TABLE attachments (
  content_id TEXT NOT NULL PRIMARY KEY REFERENCES content (id),
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  mime TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX attachments_conference ON attachments (conference_id);
`,
  postgres: `
CREATE TABLE attachments (
  content_id TEXT NOT NULL PRIMARY KEY REFERENCES content (id),
  conference_id TEXT NOT NULL REFERENCES conferences (id),
  mime TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  bytes BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX attachments_conference ON attachments (conference_id);
`,
};
