import { chmodSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SqlStore } from "./base";
import { MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from "./migrations/index";
import { SqlOps, type SqlParam, type SqlRunner } from "./ops";
import type { RawRow } from "./rows";
import { Mutex, TransactionScope } from "./scope";
import type { StoreOps } from "./store";

export const SQLITE_FILE_NAME = "quorum.sqlite";
const BUSY_TIMEOUT_MS = 5_000;

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

/** better-sqlite3 binds neither booleans nor plain Uint8Arrays. */
function bind(value: SqlParam): string | number | null | Buffer {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

class SqliteRunner implements SqlRunner {
  private readonly statements = new Map<string, Database.Statement<unknown[], unknown>>();

  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement<unknown[], unknown> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    return this.prepare(sql).all(...params.map(bind)) as RawRow[];
  }

  async run(sql: string, params: readonly SqlParam[]): Promise<number> {
    return this.prepare(sql).run(...params.map(bind)).changes;
  }

  async insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void> {
    const insert = this.prepare('INSERT INTO yjs_updates (doc_name, "update") VALUES (?, ?)');
    for (const row of rows) insert.run(row.docName, bind(row.update));
  }

  async lockAppends(): Promise<void> {
    // Nothing to do: SQLite admits one writer at a time, so ids commit in the order they are taken.
  }
}

/**
 * The embedded default. One connection; every operation and transaction goes through one mutex,
 * because an async transaction leaves the connection mid-transaction while it awaits, and any
 * statement run on it meanwhile would join (and maybe roll back with) that transaction.
 */
export class SqliteStore extends SqlStore {
  readonly kind = "sqlite" as const;
  readonly file: string;
  private readonly db: Database.Database;
  private readonly runner: SqliteRunner;
  private readonly ops: SqlOps;
  private readonly mutex = new Mutex();
  private readonly scope = new TransactionScope();

  constructor(opts: SqliteStoreOptions) {
    super();
    const file =
      opts.path ?? (opts.dataDir === undefined ? undefined : path.join(opts.dataDir, SQLITE_FILE_NAME));
    if (file === undefined) throw new Error("SqliteStore needs a dataDir or a path");
    const onDisk = file !== ":memory:";
    const created = onDisk && !existsSync(file);
    // The file holds safeguarding records: readable by this user only.
    if (onDisk) mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.file = file;
    this.db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    if (created) chmodSync(file, 0o600);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
    this.db.pragma("foreign_keys = ON");
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.runner = new SqliteRunner(this.db);
    this.ops = new SqlOps(this.runner);
  }

  /** The connection's settings, for diagnostics and tests. */
  settings(): { journalMode: unknown; synchronous: unknown; foreignKeys: unknown; busyTimeout: unknown } {
    const get = (name: string) => this.db.pragma(name, { simple: true });
    return {
      journalMode: get("journal_mode"),
      synchronous: get("synchronous"),
      foreignKeys: get("foreign_keys"),
      busyTimeout: get("busy_timeout"),
    };
  }

  async migrate(): Promise<void> {
    this.scope.assertOutside();
    await this.mutex.run(async () => {
      // IMMEDIATE: a second process migrating the same file waits, then sees what the first applied.
      this.db
        .transaction(() => {
          this.db.exec(SQLITE_MIGRATIONS_TABLE);
          const applied = new Set(this.db.prepare("SELECT version FROM schema_migrations").pluck().all());
          const record = this.db.prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
          );
          for (const m of MIGRATIONS) {
            if (applied.has(m.version)) continue;
            this.db.exec(m.sqlite);
            record.run(m.version, m.name, Date.now());
          }
        })
        .immediate();
    });
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.mutex.run(() => this.scope.run((isOpen) => this.inTransaction(fn, isOpen)));
  }

  private async inTransaction<T>(fn: (tx: StoreOps) => Promise<T>, isOpen: () => boolean): Promise<T> {
    // IMMEDIATE takes the write lock up front, so another process's writer makes us wait here
    // (busy_timeout) rather than fail halfway through fn.
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = await fn(new SqlOps(this.runner, isOpen));
      this.db.exec("COMMIT");
      return result;
    } catch (err) {
      // A failed COMMIT (a deferred foreign key, say) leaves the transaction open; some errors
      // have already rolled it back.
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  protected single<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.mutex.run(() => fn(this.ops));
  }

  protected atomic<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  async execRaw(sql: string): Promise<void> {
    this.scope.assertOutside();
    await this.mutex.run(async () => {
      this.db.exec(sql);
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (this.db.open) this.db.close();
    });
  }
}
