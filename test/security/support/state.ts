import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import Database from "better-sqlite3";
import pg from "pg";
import * as Y from "yjs";
import { SQLITE_FILE_NAME } from "../../../server/storage/sqlite";
import type { AuditRow } from "../../../server/storage/store";
import type { Person } from "../../support/room";
import type { TestServer } from "../../support/server";
import { RawYClient } from "../../support/yclient";

/**
 * What an attack must leave unchanged, read from where it lives: the database through the store,
 * and documents through fresh raw Yjs clients.
 */

export interface DbSnapshot {
  events: { type: string; payload: unknown }[];
  content: unknown[];
  participants: unknown[];
  conference: unknown;
  yjs: Record<string, string[]>;
}

/** Events, content, participants and stored Yjs updates of one conference (audit excluded). */
export async function dbSnapshot(server: TestServer, conferenceId: string): Promise<DbSnapshot> {
  const store = server.quorum.store;
  await server.quorum.rooms.committer.drain();
  const names = [`${conferenceId}:professional`, `${conferenceId}:state`];
  const yjs: Record<string, string[]> = {};
  for (const name of names) {
    yjs[name] = (await store.loadYjsUpdates(name)).map((u) => Buffer.from(u.update).toString("base64"));
  }
  const events = await store.listEvents(conferenceId);
  return {
    events: events.map((e) => ({ type: e.type, payload: e.payload })),
    content: (await store.listContent(conferenceId)).map((c) => c.meta),
    participants: await store.listParticipants(conferenceId),
    conference: await store.getConference(conferenceId),
    yjs,
  };
}

/** The snapshot without Yjs client-id bindings (refused writers' ids are remembered as tainted). */
export function withoutClientBindings(s: DbSnapshot): DbSnapshot {
  return { ...s, events: s.events.filter((e) => e.type !== "sync.client") };
}

/** A document as a fresh client sees it after a full sync: its JSON and its encoded state. */
export async function freshDoc(
  server: TestServer,
  person: Person,
  name: string,
): Promise<{ json: string; update: Uint8Array; doc: Y.Doc }> {
  const client = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  try {
    await withTimeout(client.synced, 5000, `sync of ${name}`);
    const doc = client.doc;
    const parts: Record<string, unknown> = {};
    doc.share.forEach((type, key) => {
      parts[key] = type instanceof Y.Map ? type.toJSON() : type instanceof Y.Text ? type.toString() : "?";
    });
    return { json: JSON.stringify(parts), update: Y.encodeStateAsUpdate(doc), doc };
  } finally {
    client.close();
  }
}

/** Texts of the professional document, by content id, as a fresh client sees them. */
export async function professionalTexts(
  server: TestServer,
  person: Person,
  conferenceId: string,
): Promise<Record<string, string>> {
  const { doc } = await freshDoc(server, person, `${conferenceId}:professional`);
  const out: Record<string, string> = {};
  for (const [k, v] of doc.getMap("texts")) out[k] = String(v);
  return out;
}

/** Audit entries with no conference (unknown tokens, admin attempts): straight from the database. */
export async function auditWithoutConference(server: TestServer): Promise<AuditRow[]> {
  const { databaseUrl, dataDir } = server.quorum.config;
  const map = (r: Record<string, unknown>): AuditRow => ({
    id: Number(r.id),
    conferenceId: null,
    at: Number(r.at),
    actor: (r.actor as string | null) ?? null,
    action: String(r.action),
    target: (r.target as string | null) ?? null,
    outcome: r.outcome as "allowed" | "refused",
    detail: typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail,
  });
  const sql = "SELECT * FROM audit_log WHERE conference_id IS NULL ORDER BY id";
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows.map(map);
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).all() as Record<string, unknown>[]).map(map);
  } finally {
    db.close();
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---- Memory --------------------------------------------------------------------------------------

let gcFn: (() => void) | undefined;
/** A full garbage collection, so before/after memory readings compare live data, not garbage. */
export function collectGarbage(): void {
  if (!gcFn) {
    setFlagsFromString("--expose-gc");
    gcFn = runInNewContext("gc") as () => void;
  }
  gcFn();
  gcFn();
}

export interface MemoryReading {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Memory of this process, which hosts the server under test, after a full collection. */
export function memoryNow(): MemoryReading {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

export const MiB = 1024 * 1024;
