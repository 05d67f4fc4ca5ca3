import { randomBytes } from "node:crypto";
import pg from "pg";

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The admin URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparseable TEST_POSTGRES_URL)";
  }
}

async function connectAdmin(adminUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Cannot reach PostgreSQL at ${redact(adminUrl)} (${reason}). The storage tests run against a real ` +
        "PostgreSQL 15+ server and are never skipped. Either install and start one on this machine " +
        "(Debian: `apt-get install -y postgresql && pg_ctlcluster 15 main start`, with trust auth for " +
        "127.0.0.1 or a password in the URL), or set TEST_POSTGRES_URL to the URL of a role that may " +
        "CREATE DATABASE, e.g. postgres://user:password@host:5432/postgres.",
      { cause: err },
    );
  }
}

/**
 * A fresh, empty database on the test server (TEST_POSTGRES_URL, or local trust auth by default).
 * `drop()` removes it even if a connection was left open.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_ADMIN_URL;
  // Hex only, so the name is safe to put in DDL, which cannot take parameters.
  const name = `quorum_test_${randomBytes(8).toString("hex")}`;
  const admin = await connectAdmin(adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = await connectAdmin(adminUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
