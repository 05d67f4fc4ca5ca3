import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { SqlStore } from "./base";
import { MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from "./migrations/index";
import { SqlOps, type SqlParam, type SqlRunner } from "./ops";
import type { RawRow } from "./rows";
import { TransactionScope } from "./scope";
import type { StoreOps } from "./store";

export const SQLITE_FILE_NAME = "quorum.sqlite";
const BUSY_TIMEOUT_MS = 5_000;
/**
 * How long the main thread waits for the writer to answer a statement inside a transaction. The
 * writer holds the write lock by then and is idle: it answers in microseconds, so reaching this
 * means the thread is gone.
 */
const SYNC_CALL_TIMEOUT_MS = 30_000;

export interface SqliteStoreOptions {
  /** The database lives at `<dataDir>/quorum.sqlite`; the directory is created if missing. */
  dataDir?: string;
  /** An explicit file instead (tests): a path, or ":memory:". Wins over dataDir. */
  path?: string;
  /**
   * FULL (the default) makes every commit durable across power loss; NORMAL in WAL mode may lose
   * the last commits on power loss (never on a process crash) but never corrupts the database.
   */
  synchronous?: "full" | "normal";
}

export interface SqliteSettings {
  journalMode: unknown;
  synchronous: unknown;
  foreignKeys: unknown;
  busyTimeout: unknown;
}

type WorkerRequest =
  | { op: "all" | "run"; sql: string; params: unknown[]; job?: number }
  | { op: "exec"; sql: string }
  | { op: "insertYjs"; rows: { docName: string; update: Uint8Array }[]; job?: number }
  | { op: "appendYjs"; rows: { docName: string; update: Uint8Array }[] }
  | { op: "rollbackTo"; job: number }
  | { op: "begin" | "tryBegin" | "commit" | "rollback" | "deferredCheck" | "settings" | "close" }
  | { op: "migrate"; migrations: { version: number; name: string; sql: string }[]; table: string };

type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: unknown } };

/**
 * Bytes cross to the worker by structured clone, which copies a view's whole backing buffer (a
 * WebSocket frame is often a slice of a larger one): send just the bytes.
 */
function compact(value: Uint8Array): Uint8Array {
  return value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
}

function forWorker(params: readonly SqlParam[]): unknown[] {
  return params.map((p) => (p instanceof Uint8Array ? compact(p) : p));
}

/** better-sqlite3 binds neither booleans nor plain Uint8Arrays. */
function bind(value: SqlParam): string | number | null | Buffer {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

/**
 * The writer connection, on a worker thread (sqliteWorker.mjs): requests are answered in the order
 * sent. The worker keeps the process alive only while a request is outstanding, so a store
 * someone forgot to close never holds the process open, and a pending commit always completes.
 */
class WriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  readonly exited: Promise<void>;
  /** The synchronous channel (callSync): requests out, one reply back, read without the event loop. */
  private readonly syncPort: MessagePort;
  /** 0 while a synchronous request is outstanding; the writer sets 1 and wakes us once it replied. */
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  constructor(file: string, synchronous: "FULL" | "NORMAL", autoCheckpointPages: number | undefined) {
    const channel = new MessageChannel();
    this.syncPort = channel.port1;
    this.worker = new Worker(new URL("./sqliteWorker.mjs", import.meta.url), {
      workerData: {
        file,
        synchronous,
        busyTimeoutMs: BUSY_TIMEOUT_MS,
        autoCheckpointPages,
        syncPort: channel.port2,
        signal: this.signal.buffer,
      },
      transferList: [channel.port2],
    });
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    this.worker.on("error", (err) => this.fail(err));
    this.exited = new Promise<void>((resolve) =>
      this.worker.once("exit", () => {
        this.fail(new Error("storage: the SQLite writer thread has stopped"));
        resolve();
      }),
    );
  }

  call<T>(request: WorkerRequest): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  /**
   * A request answered before this returns, without a turn of the event loop: for the statements
   * of a transaction that is already open. The writer holds the write lock then and waits for
   * nothing (no fsync, no other process), so the wait is the statement's own few microseconds;
   * through the event loop each statement used to wait for everything else the main thread had to
   * do, 15-60 ms under load, and the whole batch with it. Never for BEGIN (it may wait for another
   * process's lock) or COMMIT (it waits for the disk): those go through `call`.
   */
  callSync<T>(request: WorkerRequest): T {
    if (this.dead) throw this.dead;
    Atomics.store(this.signal, 0, 0);
    this.syncPort.postMessage(request);
    const waited = Atomics.wait(this.signal, 0, 0, SYNC_CALL_TIMEOUT_MS);
    const received = receiveMessageOnPort(this.syncPort);
    if (!received) {
      const err = new Error(
        waited === "timed-out"
          ? `storage: the SQLite writer did not answer within ${SYNC_CALL_TIMEOUT_MS} ms`
          : "storage: the SQLite writer answered nothing",
      );
      this.fail(err);
      throw err;
    }
    const reply = received.message as WorkerReply;
    if (reply.ok) return reply.result as T;
    throw Object.assign(new Error(reply.error.message), reply.error);
  }

  /** Close the connection and wait for the thread to end (holding the process open meanwhile). */
  async close(): Promise<void> {
    this.worker.ref();
    await this.call({ op: "close" }).catch(() => undefined);
    this.worker.ref();
    await this.exited;
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

const READ = /^\s*SELECT\b/i;
/** The one deferred foreign key (participants.supports) is checked at COMMIT, not per statement. */
const DEFERRED_KEY_TABLE = /\bparticipants\b/i;

/** How often the checkpointer thread copies the write-ahead log into the database. */
const CHECKPOINT_INTERVAL_MS = 1000;
/** The writer's own automatic checkpoint, a backstop only (SQLite's default is 1000 pages). */
const BACKSTOP_CHECKPOINT_PAGES = 20_000;

/** The checkpointer thread (sqliteCheckpointer.mjs). */
class CheckpointerThread {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string, synchronous: "FULL" | "NORMAL") {
    this.worker = new Worker(new URL("./sqliteCheckpointer.mjs", import.meta.url), {
      workerData: { file, synchronous, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    // Never what keeps the process alive; a checkpoint cut short by exit is safe.
    this.worker.unref();
    this.worker.on("error", () => {});
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
  }

  async close(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage({ op: "close" });
    await this.exited;
  }
}

/** Statements sent to the writer thread (inside transactions, and writes outside them). */
class WriterRunner implements SqlRunner {
  /** Set when a statement since the last reset could leave the deferred key unsatisfied. */
  touchedDeferredKey = false;
  /** In a group commit, the job the statements belong to (the writer keeps a savepoint per job). */
  job: number | undefined;

  constructor(private readonly writer: WriterThread) {}

  private note(sql: string): void {
    if (!READ.test(sql) && DEFERRED_KEY_TABLE.test(sql)) this.touchedDeferredKey = true;
  }

  // Statements run inside the writer's open transaction (or, for an in-memory database, as the
  // writer's own job): synchronous calls, see WriterThread.callSync.

  async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    this.note(sql);
    return this.writer.callSync<RawRow[]>({ op: "all", sql, params: forWorker(params), job: this.job });
  }

  async run(sql: string, params: readonly SqlParam[]): Promise<number> {
    this.note(sql);
    return this.writer.callSync<number>({ op: "run", sql, params: forWorker(params), job: this.job });
  }

  async insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void> {
    this.writer.callSync({
      op: "insertYjs",
      rows: rows.map((r) => ({ docName: r.docName, update: compact(r.update) })),
      job: this.job,
    });
  }

  async lockAppends(): Promise<void> {
    // Nothing to do: SQLite admits one writer at a time, so ids commit in the order they are taken.
  }
}

/** A read-only connection on the main thread: WAL lets it read while the writer commits. */
class ReaderConnection {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(readonly db: Database.Database) {}

  all(sql: string, params: readonly SqlParam[]): RawRow[] {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement.all(...params.map(bind)) as RawRow[];
  }
}

/**
 * Single statements outside a transaction: reads on the main thread's reader connection, at once
 * (they see every committed transaction, never an open one); writes are jobs for the writer.
 */
class OutsideRunner implements SqlRunner {
  constructor(
    private readonly reader: ReaderConnection | undefined,
    private readonly submit: <T>(run: (runner: WriterRunner) => Promise<T>) => Promise<T>,
  ) {}

  async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    if (this.reader && READ.test(sql)) return this.reader.all(sql, params);
    return this.submit((w) => w.all(sql, params));
  }

  run(sql: string, params: readonly SqlParam[]): Promise<number> {
    return this.submit((w) => w.run(sql, params));
  }

  insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void> {
    return this.submit((w) => w.insertYjsUpdates(rows));
  }

  async lockAppends(): Promise<void> {}
}

/** Work for the writer: a transaction's body, or (raw) something that runs outside any transaction. */
interface Job {
  kind: "tx" | "raw";
  run: (runner: WriterRunner) => Promise<unknown>;
  /** The group commit's rows: alone in a batch, they go in one request. */
  yjsRows?: { docName: string; update: Uint8Array }[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Jobs committed together at most (a bound on how long one batch holds the writer). */
const MAX_BATCH = 1000;

/**
 * The embedded default. One writer connection, on a worker thread, so that no commit (and no
 * fsync) ever runs on the event loop. Reads outside transactions run on a second, query-only
 * connection on the main thread (an in-memory database has no second connection: there, reads are
 * jobs for the writer too).
 *
 * Group commit for everything that writes: transactions, single writes and the Yjs group commit are
 * jobs, run one after another (an async transaction leaves the connection mid-transaction while it
 * awaits, and any statement run on it meanwhile would join that transaction). The jobs that queue
 * up while one batch is committing form the next batch: one transaction, each job inside its own
 * savepoint (a job that fails is rolled back alone), one COMMIT and so one fsync for them all, and
 * no job's promise settles before that COMMIT is durable.
 */
export class SqliteStore extends SqlStore {
  readonly kind = "sqlite" as const;
  readonly file: string;
  private readonly writer: WriterThread;
  private readonly checkpointer: CheckpointerThread | undefined;
  private readonly writerRunner: WriterRunner;
  private readonly reader: ReaderConnection | undefined;
  private readonly ops: SqlOps;
  private readonly scope = new TransactionScope();
  private jobs: Job[] = [];
  private draining = false;
  private closed = false;
  /** Writer requests so far: jobs submitted and COMMITs (each one fsync with synchronous FULL). */
  readonly counts = { jobs: 0, commits: 0 };

  constructor(opts: SqliteStoreOptions) {
    super();
    const file =
      opts.path ?? (opts.dataDir === undefined ? undefined : path.join(opts.dataDir, SQLITE_FILE_NAME));
    if (file === undefined) throw new Error("SqliteStore needs a dataDir or a path");
    const onDisk = file !== ":memory:";
    this.file = file;
    if (onDisk) {
      const created = !existsSync(file);
      // The file holds safeguarding records: readable by this user only.
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
      if (created) chmodSync(file, 0o600);
      db.pragma("journal_mode = WAL");
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // This connection only reads: a write sent to it by mistake fails instead of bypassing the writer.
      db.pragma("query_only = ON");
      this.reader = new ReaderConnection(db);
    }
    const synchronous = opts.synchronous === "normal" ? "NORMAL" : "FULL";
    this.writer = new WriterThread(file, synchronous, onDisk ? BACKSTOP_CHECKPOINT_PAGES : undefined);
    if (onDisk) this.checkpointer = new CheckpointerThread(file, synchronous);
    this.writerRunner = new WriterRunner(this.writer);
    this.ops = new SqlOps(new OutsideRunner(this.reader, (run) => this.submit("tx", run)));
  }

  /** The writer connection's settings, for diagnostics and tests. */
  settings(): Promise<SqliteSettings> {
    return this.writer.call<SqliteSettings>({ op: "settings" });
  }

  async migrate(): Promise<void> {
    this.scope.assertOutside();
    const migrations = MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sql: m.sqlite }));
    await this.submit("raw", () =>
      this.writer.call({ op: "migrate", migrations, table: SQLITE_MIGRATIONS_TABLE }),
    );
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.submit("tx", (runner) => this.scope.run((isOpen) => fn(new SqlOps(runner, isOpen))));
  }

  /** The group commit of Yjs updates. */
  override appendYjsUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
    this.scope.assertOutside();
    if (rows.length === 0) return Promise.resolve();
    const sent = rows.map((r) => ({ docName: r.docName, update: compact(r.update) }));
    return this.submit("tx", (runner) => runner.insertYjsUpdates(sent), sent);
  }

  protected single<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return fn(this.ops);
  }

  protected atomic<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async execRaw(sql: string): Promise<void> {
    this.scope.assertOutside();
    await this.submit("raw", () => this.writer.call({ op: "exec", sql }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // After everything already queued; nothing queued later is accepted.
    const done = this.submit("raw", async () => {
      await this.checkpointer?.close();
      if (this.reader?.db.open) this.reader.db.close();
      // The writer closes last, so its connection is the one that checkpoints the WAL.
      await this.writer.close();
    });
    this.closed = true;
    await done;
  }

  // ---- The writer's queue ----------------------------------------------------------------------

  private submit<T>(
    kind: Job["kind"],
    run: (runner: WriterRunner) => Promise<T>,
    yjsRows?: Job["yjsRows"],
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage: the SQLite store is closed"));
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ kind, run, resolve: resolve as (v: unknown) => void, reject, yjsRows });
      this.counts.jobs += 1;
      if (this.draining) return;
      this.draining = true;
      // Jobs submitted in the same burst of microtasks start out together.
      queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.jobs.length > 0) {
        const first = this.jobs[0]!;
        let n = 1;
        if (first.kind === "tx") {
          const raw = this.jobs.findIndex((j) => j.kind === "raw");
          n = Math.min(raw === -1 ? this.jobs.length : raw, MAX_BATCH);
        }
        await this.runBatch(this.jobs.splice(0, n));
      }
    } finally {
      this.draining = false;
    }
  }

  /** Never throws: every job's promise settles. */
  private async runBatch(batch: Job[]): Promise<void> {
    const w = this.writer;
    if (batch.length === 1) {
      const job = batch[0]!;
      try {
        if (job.kind === "raw") job.resolve(await job.run(this.writerRunner));
        else if (job.yjsRows) {
          this.counts.commits += 1;
          job.resolve(await w.call({ op: "appendYjs", rows: job.yjsRows }));
        } else job.resolve(await this.alone(job));
      } catch (err) {
        job.reject(err);
      }
      return;
    }
    try {
      await this.begin();
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    const done: { job: Job; result: unknown }[] = [];
    const runner = this.writerRunner;
    for (const [i, job] of batch.entries()) {
      const number = i + 1;
      try {
        runner.job = number;
        runner.touchedDeferredKey = false;
        const result = await job.run(runner);
        if (runner.touchedDeferredKey && !w.callSync<boolean>({ op: "deferredCheck" })) {
          throw Object.assign(new Error("FOREIGN KEY constraint failed"), {
            code: "SQLITE_CONSTRAINT_FOREIGNKEY",
          });
        }
        done.push({ job, result });
      } catch (err) {
        job.reject(err);
        let alive = false;
        try {
          alive = w.callSync<boolean>({ op: "rollbackTo", job: number });
        } catch {
          // The writer is gone, and the transaction with it.
        }
        if (!alive) {
          // The whole transaction is gone: the jobs before this one with it. Those not yet run go
          // back to the front of the queue.
          for (const d of done) d.job.reject(err);
          this.jobs.unshift(...batch.slice(i + 1));
          runner.job = undefined;
          return;
        }
      } finally {
        runner.job = undefined;
      }
    }
    try {
      this.counts.commits += 1;
      await w.call({ op: "commit" });
    } catch (err) {
      // The writer has rolled back: nothing of this batch is stored.
      for (const d of done) d.job.reject(err);
      return;
    }
    for (const d of done) d.job.resolve(d.result);
  }

  /**
   * BEGIN IMMEDIATE: it takes the write lock up front, so another process's writer makes us wait
   * here rather than fail halfway through. The writer is idle between batches, so BEGIN is first
   * tried as a synchronous call (no turn of the event loop, which under load costs more than the
   * statement); only when another process holds the lock does it wait, asynchronously, on the
   * writer thread (busy_timeout).
   */
  private async begin(): Promise<void> {
    if (this.writer.callSync<boolean>({ op: "tryBegin" })) return;
    await this.writer.call({ op: "begin" });
  }

  /** One transaction on its own (a deferred foreign key is checked by its COMMIT). */
  private async alone(job: Job): Promise<unknown> {
    const w = this.writer;
    await this.begin();
    try {
      const result = await job.run(this.writerRunner);
      // A failed COMMIT is rolled back by the writer before it answers.
      this.counts.commits += 1;
      await w.call({ op: "commit" });
      return result;
    } catch (err) {
      await w.call({ op: "rollback" }).catch(() => undefined);
      throw err;
    }
  }
}
