import { chmodSync, closeSync, existsSync, fdatasync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { SqlStore } from "./base";
import { MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from "./migrations/index";
import { SqlOps, type SqlParam, type SqlRunner } from "./ops";
import type { RawRow } from "./rows";
import { TransactionScope } from "./scope";
import type { StoreOps } from "./store";

export const SQLITE_FILE_NAME = "quorum.sqlite";
/** How long a write waits for another process's write lock before it fails. */
const LOCK_WAIT_MS = 5_000;

export interface SqliteStoreOptions {
  /** The database lives at `<dataDir>/quorum.sqlite`; the directory is created if missing. */
  dataDir?: string;
  /** An explicit file instead (tests): a path, or ":memory:". Wins over dataDir. */
  path?: string;
  /**
   * Other server processes write to the same database (WORKERS > 1): a read outside a transaction may
   * see their commits before their sync, so each such read waits for a sync of the log of its own.
   */
  sharedWithOtherProcesses?: boolean;
  /**
   * "full" (the default) makes every commit durable across power loss before it is acknowledged;
   * "normal" skips that wait (a commit survives a crash of the process, not of the machine). Neither
   * can corrupt the database.
   */
  synchronous?: "full" | "normal";
}

export interface SqliteSettings {
  journalMode: unknown;
  /** The writer connection's own `synchronous` (NORMAL: the store syncs the log itself, see CommitSync). */
  synchronous: unknown;
  foreignKeys: unknown;
  /** What the store waits for before acknowledging a commit. */
  durability: "full" | "normal";
  /** How long a write waits for another process's write lock. */
  lockWaitMs: number;
}

/** better-sqlite3 binds neither booleans nor plain Uint8Arrays. */
function bind(value: SqlParam): string | number | null | Buffer {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

const isBusy = (err: unknown): boolean =>
  String((err as { code?: unknown } | null)?.code ?? "").startsWith("SQLITE_BUSY");

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry `attempt` while another connection holds the write lock, up to LOCK_WAIT_MS, without blocking. */
async function whileBusy<T>(attempt: () => T): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      return attempt();
    } catch (err) {
      if (!isBusy(err) || Date.now() >= deadline) throw err;
    }
    await sleep(wait);
  }
}

/** A connection with its prepared statements, kept by SQL text. */
class Connection {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(readonly db: Database.Database) {}

  protected prepare(sql: string): Database.Statement<unknown[], unknown> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all(sql: string, params: readonly SqlParam[]): RawRow[] {
    return this.prepare(sql).all(...params.map(bind)) as RawRow[];
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

/**
 * The writer connection, on the main thread. Every statement, BEGIN and COMMIT included, takes
 * microseconds here: the connection never waits for the disk (`synchronous = NORMAL`: a COMMIT
 * writes the log into the page cache and returns; CommitSync makes it durable off the event loop)
 * nor for another process's lock (`busy_timeout = 0`: BEGIN answers SQLITE_BUSY at once, and the
 * store retries it on a timer).
 */
class WriterConnection extends Connection {
  constructor(file: string, backstopCheckpointPages: number | undefined) {
    // timeout: the busy timeout, 0.
    super(new Database(file, { timeout: 0 }));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    // Checkpoints are the checkpointer thread's work, off the event loop; this is only the backstop.
    if (backstopCheckpointPages !== undefined)
      this.db.pragma(`wal_autocheckpoint = ${backstopCheckpointPages}`);
  }

  run(sql: string, params: readonly SqlParam[]): number {
    return this.prepare(sql).run(...params.map(bind)).changes;
  }

  insertYjs(rows: readonly { docName: string; update: Uint8Array }[]): void {
    const insert = this.prepare('INSERT INTO yjs_updates (doc_name, "update") VALUES (?, ?)');
    for (const row of rows) insert.run(row.docName, bind(row.update));
  }

  /** IMMEDIATE takes the write lock up front, so a transaction never fails halfway for want of it. */
  begin(): void {
    this.db.exec("BEGIN IMMEDIATE");
  }

  commit(): void {
    try {
      this.db.exec("COMMIT");
    } catch (err) {
      // A failed COMMIT (a deferred foreign key, say) leaves the transaction open; some errors
      // have already rolled it back.
      this.rollback();
      throw err;
    }
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  /** One job of a batch runs inside its own savepoint. */
  savepoint(): void {
    this.db.exec("SAVEPOINT quorum_job");
  }

  release(): void {
    this.db.exec("RELEASE quorum_job");
  }

  /**
   * Undo one job of a batch. Answers whether the enclosing transaction survived: some errors (a
   * full disk, say) roll the whole transaction back, and with it the other jobs.
   */
  rollbackJob(): boolean {
    if (!this.db.inTransaction) return false;
    try {
      this.db.exec("ROLLBACK TO quorum_job; RELEASE quorum_job");
      return true;
    } catch {
      this.rollback();
      return false;
    }
  }

  /** What COMMIT would refuse: a supporter whose participant is missing (the one deferred key). */
  deferredKeysHold(): boolean {
    return (this.db.pragma("foreign_key_check(participants)") as unknown[]).length === 0;
  }

  migrate(migrations: readonly { version: number; name: string; sql: string }[], table: string): void {
    const d = this.db;
    // IMMEDIATE: a second process migrating the same file waits (whileBusy), then sees what the
    // first applied.
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
}

/**
 * Durability of the writer's commits, off the event loop. COMMIT on the writer connection writes
 * the transaction's frames to the write-ahead log without waiting for the disk; here the log file is
 * then fdatasync'ed on libuv's thread pool, and a commit counts as durable once a sync that began
 * after it has returned. That is what `synchronous = FULL` does inside COMMIT, one sync per commit;
 * here one sync covers every commit made while the previous one was running (group commit), and the
 * event loop never waits for it.
 *
 * A commit is visible to other connections as soon as it is made, before it is durable. So that no
 * reader sees anything a power cut could take back, a read outside a transaction that comes while a
 * commit it could see is not yet durable waits for the sync (`whenDurable`), and runs before the
 * writer's next batch (which begins only once the previous one is durable). A commit of Yjs updates
 * alone (the group commit, most of all commits) holds back only reads of `yjs_updates`: a
 * reconnecting client's session lookup does not wait for other people's keystrokes to reach the disk.
 *
 * A failed sync leaves the log's state on disk unknown: the store refuses all work from then on, and
 * the server must be restarted (SQLite recovers the log on open).
 */
class CommitSync {
  private fd: number | undefined;
  private made = 0;
  /** The last commit that wrote anything besides `yjs_updates`. */
  private madeGeneral = 0;
  private synced = 0;
  private running = false;
  private failure: Error | undefined;
  private readonly waiters: { seq: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private caughtUp: { upTo: number; run: () => void; reject: (err: unknown) => void }[] = [];
  syncs = 0;

  /**
   * `walFile`: the log to sync; undefined when nothing is synced (in memory, or "normal").
   * `shared`: other processes commit to the same log (see `whenDurable`).
   */
  constructor(
    private readonly walFile: string | undefined,
    private readonly shared = false,
  ) {}

  get failed(): Error | undefined {
    return this.failure;
  }

  /** A COMMIT was made (`yjsOnly`: it wrote `yjs_updates` and nothing else): its number, for `durable`. */
  committed(yjsOnly: boolean): number {
    this.made += 1;
    if (!yjsOnly) this.madeGeneral = this.made;
    if (this.walFile === undefined) this.synced = this.made;
    return this.made;
  }

  /** Resolves once commit `seq` is durable (in order: never before an earlier commit's). */
  durable(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.synced) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      this.start();
    });
  }

  /**
   * Run `fn` (a read) when every commit made so far that it could see is durable (`readsYjs`: it
   * reads `yjs_updates`): at once if they are, or synchronously at the end of the sync that makes
   * them so (before the writer can commit anything else).
   */
  whenDurable(readsYjs: boolean, fn: () => void, reject: (err: unknown) => void): void {
    // With other processes on the log, what this read may see includes their commits, which this
    // process cannot count: it waits for a sync begun after it (an fdatasync of the log makes every
    // process's frames so far durable). Reads that arrive together share one sync. Before any log
    // exists there is nothing to sync.
    if (this.shared && this.walFile !== undefined && (this.fd !== undefined || existsSync(this.walFile))) {
      this.made += 1;
    }
    const upTo = this.shared ? this.made : readsYjs ? this.made : this.madeGeneral;
    if (this.failure) reject(this.failure);
    else if (this.synced >= upTo) fn();
    else {
      this.caughtUp.push({ upTo, run: fn, reject });
      this.start();
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): void {
    if (this.running || this.failure) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (this.synced < this.made) {
        const target = this.made;
        // The log exists from the first commit on, and only closing the last connection removes it.
        this.fd ??= openSync(this.walFile as string, "r");
        const fd = this.fd;
        await new Promise<void>((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
        this.syncs += 1;
        this.synced = target;
        while (this.waiters.length > 0 && this.waiters[0]!.seq <= target) this.waiters.shift()!.resolve();
        const ready = this.caughtUp.filter((c) => c.upTo <= target);
        this.caughtUp = this.caughtUp.filter((c) => c.upTo > target);
        for (const c of ready) c.run();
      }
    } catch (err) {
      this.failure = Object.assign(
        new Error(
          `storage: the disk did not confirm a commit (${err instanceof Error ? err.message : String(err)}); ` +
            "the store accepts nothing more, restart the server",
        ),
        { code: "STORAGE_SYNC_FAILED" },
      );
      for (const w of this.waiters.splice(0)) w.reject(this.failure);
      for (const c of this.caughtUp.splice(0)) c.reject(this.failure);
      return;
    } finally {
      this.running = false;
    }
  }
}

const READ = /^\s*SELECT\b/i;
/** The table the group commit writes. */
const YJS_TABLE = /\byjs_updates\b/i;
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

/** Statements on the writer connection, inside its open transaction (or, in memory, as a job). */
class WriterRunner implements SqlRunner {
  /** Set when a statement since the last reset could leave the deferred key unsatisfied. */
  touchedDeferredKey = false;

  constructor(private readonly writer: WriterConnection) {}

  private note(sql: string): void {
    if (!READ.test(sql) && DEFERRED_KEY_TABLE.test(sql)) this.touchedDeferredKey = true;
  }

  async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    this.note(sql);
    return this.writer.all(sql, params);
  }

  async run(sql: string, params: readonly SqlParam[]): Promise<number> {
    this.note(sql);
    return this.writer.run(sql, params);
  }

  async insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void> {
    this.writer.insertYjs(rows);
  }

  async lockAppends(): Promise<void> {
    // Nothing to do: SQLite admits one writer at a time, so ids commit in the order they are taken.
  }
}

/**
 * Single statements outside a transaction: reads on the reader connection (they see every durable
 * commit, never an open transaction nor a commit still waiting for its sync); writes are jobs for the
 * writer.
 */
class OutsideRunner implements SqlRunner {
  constructor(
    private readonly reader: Connection | undefined,
    private readonly sync: CommitSync,
    private readonly submit: <T>(run: (runner: WriterRunner) => Promise<T>) => Promise<T>,
  ) {}

  all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    const reader = this.reader;
    if (!reader || !READ.test(sql)) return this.submit((w) => w.all(sql, params));
    return new Promise<RawRow[]>((resolve, reject) =>
      this.sync.whenDurable(
        YJS_TABLE.test(sql),
        () => {
          try {
            resolve(reader.all(sql, params));
          } catch (err) {
            reject(err);
          }
        },
        reject,
      ),
    );
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
  /** The group commit: it writes `yjs_updates` and nothing else. */
  yjsOnly?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Jobs committed together at most (a bound on how long one batch holds the writer). */
const MAX_BATCH = 1000;

/**
 * The embedded default. The writer connection is on the main thread and never waits (see
 * WriterConnection); each commit is made durable by CommitSync, on libuv's thread pool, before any
 * job of it settles. Reads outside transactions run on a second, query-only connection (an in-memory
 * database has no second connection: there, reads are jobs for the writer too). WAL checkpoints run
 * on a third connection, on a thread of their own (sqliteCheckpointer.mjs).
 *
 * Group commit for everything that writes: transactions, single writes and the Yjs group commit are
 * jobs, run one after another (an async transaction leaves the connection mid-transaction while it
 * awaits, and any statement run on it meanwhile would join that transaction). The jobs that queue
 * up while one batch is being made durable form the next batch: one transaction, each job inside its
 * own savepoint (a job that fails is rolled back alone), one COMMIT and one sync for them all, and no
 * job's promise settles before that COMMIT is durable.
 */
export class SqliteStore extends SqlStore {
  readonly kind = "sqlite" as const;
  readonly file: string;
  private readonly writer: WriterConnection;
  private readonly sync: CommitSync;
  private readonly durability: "full" | "normal";
  private readonly checkpointer: CheckpointerThread | undefined;
  private readonly writerRunner: WriterRunner;
  /** A read-only connection: WAL lets it read while the writer has a transaction open. */
  private readonly reader: Connection | undefined;
  private readonly ops: SqlOps;
  private readonly scope = new TransactionScope();
  private jobs: Job[] = [];
  private draining = false;
  private closed = false;
  /** Jobs submitted and COMMITs made (a write outside a transaction counts as one), for tests. */
  readonly counts = { jobs: 0, commits: 0 };

  constructor(opts: SqliteStoreOptions) {
    super();
    const file =
      opts.path ?? (opts.dataDir === undefined ? undefined : path.join(opts.dataDir, SQLITE_FILE_NAME));
    if (file === undefined) throw new Error("SqliteStore needs a dataDir or a path");
    const onDisk = file !== ":memory:";
    this.file = file;
    this.durability = opts.synchronous === "normal" ? "normal" : "full";
    if (onDisk) {
      // The file holds safeguarding records: readable by this user only (SQLite gives the log and
      // shared-memory files the database file's permissions).
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      if (!existsSync(file)) {
        closeSync(openSync(file, "a", 0o600));
        chmodSync(file, 0o600);
      }
      this.writer = new WriterConnection(file, BACKSTOP_CHECKPOINT_PAGES);
      const db = new Database(file, { timeout: LOCK_WAIT_MS });
      // This connection only reads: a write sent to it by mistake fails instead of bypassing the writer.
      db.pragma("query_only = ON");
      this.reader = new Connection(db);
      this.checkpointer = new CheckpointerThread(file, this.durability === "full" ? "FULL" : "NORMAL");
    } else {
      this.writer = new WriterConnection(file, undefined);
    }
    this.sync = new CommitSync(
      onDisk && this.durability === "full" ? `${file}-wal` : undefined,
      opts.sharedWithOtherProcesses === true,
    );
    this.writerRunner = new WriterRunner(this.writer);
    this.ops = new SqlOps(new OutsideRunner(this.reader, this.sync, (run) => this.submit("tx", run)));
  }

  /** How many syncs of the log have made commits durable (each one fdatasync). */
  get syncs(): number {
    return this.sync.syncs;
  }

  /** The writer connection's settings, for diagnostics and tests. */
  async settings(): Promise<SqliteSettings> {
    const get = (name: string) => this.writer.db.pragma(name, { simple: true });
    return {
      journalMode: get("journal_mode"),
      synchronous: get("synchronous"),
      foreignKeys: get("foreign_keys"),
      durability: this.durability,
      lockWaitMs: LOCK_WAIT_MS,
    };
  }

  async migrate(): Promise<void> {
    this.scope.assertOutside();
    const migrations = MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sql: m.sqlite }));
    await this.writeOutside(() => this.writer.migrate(migrations, SQLITE_MIGRATIONS_TABLE));
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.submit("tx", (runner) => this.scope.run((isOpen) => fn(new SqlOps(runner, isOpen))));
  }

  /** The group commit of Yjs updates. */
  override appendYjsUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
    this.scope.assertOutside();
    if (rows.length === 0) return Promise.resolve();
    return this.submit("tx", (runner) => runner.insertYjsUpdates(rows), true);
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
    await this.writeOutside(() => this.writer.db.exec(sql));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // After everything already queued; nothing queued later is accepted.
    const done = this.submit("raw", async () => {
      await this.checkpointer?.close();
      this.reader?.close();
      this.sync.close();
      // The writer closes last, so its connection is the one that checkpoints the WAL.
      this.writer.close();
    });
    this.closed = true;
    await done;
  }

  // ---- The writer's queue ----------------------------------------------------------------------

  private submit<T>(
    kind: Job["kind"],
    run: (runner: WriterRunner) => Promise<T>,
    yjsOnly = false,
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error("storage: the SQLite store is closed"));
    const failed = this.sync.failed;
    if (failed) return Promise.reject(failed);
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ kind, run, yjsOnly, resolve: resolve as (v: unknown) => void, reject });
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

  /**
   * A COMMIT (or a write outside a transaction) was just made: its number for `durable`. Called in
   * the same synchronous step as the COMMIT, so no read can see the commit before CommitSync knows it.
   */
  private committed(yjsOnly = false): number {
    this.counts.commits += 1;
    return this.sync.committed(yjsOnly);
  }

  private durable(seq: number): Promise<void> {
    return this.sync.durable(seq);
  }

  /** A job that writes outside any transaction (its own, or autocommit), then waits until it is durable. */
  private writeOutside(write: () => void): Promise<void> {
    return this.submit("raw", async () => {
      const seq = await whileBusy(() => {
        write();
        return this.committed();
      });
      await this.durable(seq);
    });
  }

  /** Never throws: every job's promise settles. */
  private async runBatch(batch: Job[]): Promise<void> {
    const w = this.writer;
    const runner = this.writerRunner;
    if (batch.length === 1 && batch[0]!.kind === "raw") {
      const job = batch[0]!;
      try {
        job.resolve(await job.run(runner));
      } catch (err) {
        job.reject(err);
      }
      return;
    }
    try {
      await whileBusy(() => w.begin());
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    const alone = batch.length === 1;
    const done: { job: Job; result: unknown }[] = [];
    for (const [i, job] of batch.entries()) {
      try {
        // Alone, the job is the transaction (COMMIT checks the deferred key); in a batch, each job
        // has its savepoint and its own check of the deferred key.
        if (!alone) w.savepoint();
        runner.touchedDeferredKey = false;
        const result = await job.run(runner);
        if (!alone) {
          if (runner.touchedDeferredKey && !w.deferredKeysHold()) {
            throw Object.assign(new Error("FOREIGN KEY constraint failed"), {
              code: "SQLITE_CONSTRAINT_FOREIGNKEY",
            });
          }
          w.release();
        }
        done.push({ job, result });
      } catch (err) {
        job.reject(err);
        if (alone) w.rollback();
        if (alone || !w.rollbackJob()) {
          // The whole transaction is gone: the jobs before this one with it. Those not yet run go
          // back to the front of the queue.
          for (const d of done) d.job.reject(err);
          this.jobs.unshift(...batch.slice(i + 1));
          return;
        }
      }
    }
    let seq: number;
    try {
      w.commit();
      seq = this.committed(done.every((d) => d.job.yjsOnly));
    } catch (err) {
      // The writer has rolled back: nothing of this batch is stored.
      for (const d of done) d.job.reject(err);
      return;
    }
    try {
      await this.durable(seq);
    } catch (err) {
      for (const d of done) d.job.reject(err);
      return;
    }
    for (const d of done) d.job.resolve(d.result);
  }
}
