// @ts-check
/**
 * WAL checkpoints for the SQLite store, on a thread of their own (node:worker_threads).
 *
 * A checkpoint copies committed pages from the write-ahead log into the database file and fsyncs
 * both: on a busy disk that takes hundreds of milliseconds. SQLite's automatic checkpoint runs inside
 * the COMMIT that crosses the threshold, on the writer's connection, which is on the main thread: the
 * whole server would wait. Here a third connection runs PASSIVE checkpoints on a timer: they never
 * take the write lock and never wait for one, so commits go on while pages are copied. (The writer
 * keeps an automatic checkpoint at a much higher threshold, as a backstop should this thread fall
 * behind.)
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** @type {{ file: string; synchronous: "FULL" | "NORMAL"; intervalMs: number }} */
const config = workerData;
const port = parentPort;
if (!port) throw new Error("sqliteCheckpointer.mjs runs as a worker thread only");

/** @type {Database.Database | undefined} */
let db;
try {
  db = new Database(config.file, { timeout: 0 });
  db.pragma(`synchronous = ${config.synchronous}`);
} catch {
  // Without this thread the writer's backstop checkpoints still run.
  db = undefined;
}

const timer = setInterval(() => {
  try {
    db?.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or interrupted: the next round tries again.
  }
}, config.intervalMs);

port.on("message", (/** @type {{ op: string }} */ msg) => {
  if (msg.op !== "close") return;
  clearInterval(timer);
  try {
    if (db?.open) db.close();
  } finally {
    db = undefined;
    port.postMessage({ closed: true });
    port.close();
  }
});
