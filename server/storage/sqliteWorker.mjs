// @ts-check
/**
 * The SQLite writer, on its own thread (node:worker_threads). better-sqlite3 is synchronous, and
 * with `synchronous = FULL` every COMMIT waits for fsync (1-15 ms on a quiet disk, far more on a
 * busy one); on the main thread that wait would stall every socket of every room. Here it stalls
 * only this thread, so the server keeps reading, relaying what is already durable and gathering the
 * next group commit while this one reaches the disk.
 *
 * Plain JavaScript on purpose: it must load as it is wherever the server runs (node --import tsx,
 * vitest, a plain node). Requests are handled strictly one at a time, in the order they were sent;
 * the main thread (server/storage/sqlite.ts) decides what may be sent while a transaction is open.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** @type {{ file: string; synchronous: "FULL" | "NORMAL"; busyTimeoutMs: number; autoCheckpointPages?: number; syncPort: import("node:worker_threads").MessagePort; signal: SharedArrayBuffer }} */
const config = workerData;
const port = parentPort;
if (!port) throw new Error("sqliteWorker.mjs runs as a worker thread only");

/** @type {Database.Database | undefined} */
let db;
/** @type {Error | undefined} */
let openError;
try {
  db = new Database(config.file, { timeout: config.busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${config.synchronous}`);
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${config.busyTimeoutMs}`);
  // Checkpoints are sqliteCheckpointer.mjs's work, off this thread; this is only the backstop.
  if (config.autoCheckpointPages !== undefined)
    db.pragma(`wal_autocheckpoint = ${config.autoCheckpointPages}`);
} catch (err) {
  openError = err instanceof Error ? err : new Error(String(err));
}

/** @type {Map<string, Database.Statement>} */
const statements = new Map();

/** @param {string} sql */
function prepare(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = open().prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

function open() {
  if (!db) throw openError ?? new Error("storage: the SQLite database is closed");
  return db;
}

/** better-sqlite3 binds neither booleans nor plain Uint8Arrays (what arrives from another thread). */
/** @param {unknown} value */
function bind(value) {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

/** @param {unknown[]} params */
const bindAll = (params) => params.map(bind);

/** @param {{ docName: string; update: Uint8Array }[]} rows */
function insertYjs(rows) {
  const insert = prepare('INSERT INTO yjs_updates (doc_name, "update") VALUES (?, ?)');
  for (const row of rows) insert.run(row.docName, bind(row.update));
}

function commit() {
  const d = open();
  try {
    d.exec("COMMIT");
  } catch (err) {
    // A failed COMMIT (a deferred foreign key, say) leaves the transaction open; some errors
    // have already rolled it back.
    if (d.inTransaction) d.exec("ROLLBACK");
    throw err;
  }
}

/**
 * @param {{ version: number; name: string; sql: string }[]} migrations
 * @param {string} table
 */
function migrate(migrations, table) {
  const d = open();
  // IMMEDIATE: a second process migrating the same file waits, then sees what the first applied.
  d.transaction(() => {
    d.exec(table);
    const applied = new Set(d.prepare("SELECT version FROM schema_migrations").pluck().all());
    const record = d.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      d.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    }
  }).immediate();
}

/**
 * The job of a group commit that the open savepoint belongs to. Requests carry their job's number;
 * the first request of a new job releases the previous job's savepoint and opens its own, so a job
 * costs no extra round trips.
 * @type {number | undefined}
 */
let currentJob;

/** @param {number | undefined} job */
function enterJob(job) {
  if (job === undefined || job === currentJob) return;
  const d = open();
  if (currentJob !== undefined) d.exec("RELEASE quorum_job");
  currentJob = undefined;
  d.exec("SAVEPOINT quorum_job");
  currentJob = job;
}

/** @param {any} req */
function handle(req) {
  if (req.op === "all" || req.op === "run" || req.op === "insertYjs") enterJob(req.job);
  switch (req.op) {
    case "all":
      return prepare(req.sql).all(...bindAll(req.params));
    case "run":
      return prepare(req.sql).run(...bindAll(req.params)).changes;
    case "exec":
      open().exec(req.sql);
      return undefined;
    case "insertYjs":
      insertYjs(req.rows);
      return undefined;
    case "appendYjs": {
      // The group commit in one request: one transaction, one fsync, one reply.
      const d = open();
      d.exec("BEGIN IMMEDIATE");
      try {
        insertYjs(req.rows);
      } catch (err) {
        if (d.inTransaction) d.exec("ROLLBACK");
        throw err;
      }
      commit();
      return undefined;
    }
    case "begin":
      currentJob = undefined;
      open().exec("BEGIN IMMEDIATE");
      return undefined;
    case "tryBegin": {
      // BEGIN without waiting for another process's lock (a synchronous call must not wait):
      // answers false when the lock is taken, and the main thread begins asynchronously instead.
      currentJob = undefined;
      const d = open();
      d.pragma("busy_timeout = 0");
      try {
        d.exec("BEGIN IMMEDIATE");
        return true;
      } catch (err) {
        if (String(/** @type {any} */ (err).code).startsWith("SQLITE_BUSY")) return false;
        throw err;
      } finally {
        d.pragma(`busy_timeout = ${config.busyTimeoutMs}`);
      }
    }
    case "commit":
      currentJob = undefined;
      commit();
      return undefined;
    case "rollback":
      currentJob = undefined;
      if (db?.inTransaction) db.exec("ROLLBACK");
      return undefined;
    case "rollbackTo": {
      // Undo one job of a group commit. Answers whether the enclosing transaction survived: some
      // errors (a full disk, say) roll the whole transaction back, and with it the other jobs.
      const d = open();
      if (!d.inTransaction) return false;
      // A job that failed before sending a statement has no savepoint, and nothing to undo.
      if (currentJob !== req.job) return true;
      currentJob = undefined;
      try {
        d.exec("ROLLBACK TO quorum_job; RELEASE quorum_job");
        return true;
      } catch {
        if (d.inTransaction) d.exec("ROLLBACK");
        return false;
      }
    }
    case "deferredCheck":
      // What COMMIT would refuse: a supporter whose participant is missing (the one deferred key).
      return open().pragma("foreign_key_check(participants)").length === 0;
    case "migrate":
      migrate(req.migrations, req.table);
      return undefined;
    case "settings": {
      const d = open();
      /** @param {string} name */
      const get = (name) => d.pragma(name, { simple: true });
      return {
        journalMode: get("journal_mode"),
        synchronous: get("synchronous"),
        foreignKeys: get("foreign_keys"),
        busyTimeout: get("busy_timeout"),
      };
    }
    case "close":
      statements.clear();
      if (db?.open) db.close();
      db = undefined;
      return undefined;
    default:
      throw new Error(`storage: unknown SQLite worker request ${String(req.op)}`);
  }
}

/** @param {any} req */
function reply(req) {
  try {
    return { id: req.id, ok: true, result: handle(req) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      id: req.id,
      ok: false,
      error: { name: e.name, message: e.message, code: /** @type {any} */ (e).code },
    };
  }
}

// The synchronous channel (WriterThread.callSync): the main thread waits on `signal` until the
// reply is on the port, and reads it from there without a turn of its event loop.
const signal = new Int32Array(config.signal);
config.syncPort.on("message", (/** @type {any} */ req) => {
  config.syncPort.postMessage(reply(req));
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});

port.on("message", (/** @type {any} */ req) => {
  port.postMessage(reply(req));
  if (req.op === "close") {
    config.syncPort.close();
    port.close();
  }
});
