import pg from "pg";
import { SqlStore } from "./base";
import { MIGRATIONS, POSTGRES_MIGRATIONS_TABLE } from "./migrations/index";
import { SqlOps, type SqlParam, type SqlRunner } from "./ops";
import type { RawRow } from "./rows";
import { Mutex, TransactionScope } from "./scope";
import type { StoreOps } from "./store";

export interface PostgresStoreOptions {
  connectionString: string;
  /** Pool size. Small: transactions are serialised anyway, and Postgres pays per connection. */
  maxConnections?: number;
}

/** Advisory lock keys: (class, key) pairs, the class spelling "Quor" so other users of the database do not collide. */
const LOCK_CLASS = 0x51756f72;
const APPEND_LOCK = 1;
const MIGRATE_LOCK = 2;

const INT8_OID = 20;

/** Ids and millisecond times fit a double exactly; anything that does not is an error, not a rounding. */
function int8AsNumber(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`storage: BIGINT ${value} does not fit a JavaScript number`);
  return n;
}

/** Per pool, so nothing else in the process that uses `pg` sees its int8 parsing change. */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? int8AsNumber : pg.types.getTypeParser(oid, format),
};

/** The shared SQL uses `?`; Postgres numbers its placeholders. (None of our SQL has a literal `?`.) */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function bind(value: SqlParam): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

class PgRunner implements SqlRunner {
  constructor(
    private readonly db: pg.Pool | pg.PoolClient,
    private readonly inTransaction: boolean,
  ) {}

  private query(sql: string, params: readonly SqlParam[]): Promise<pg.QueryResult<RawRow>> {
    return this.db.query<RawRow>(numberPlaceholders(sql), params.map(bind));
  }

  async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    return (await this.query(sql, params)).rows;
  }

  async run(sql: string, params: readonly SqlParam[]): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  async insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void> {
    // One statement with two array parameters, whatever the batch size (VALUES lists run into the
    // 65535-parameter limit). ORDER BY n hands rows to the sequence in the order given.
    await this.db.query(
      `INSERT INTO yjs_updates (doc_name, "update")
       SELECT d, u FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS t (d, u, n) ORDER BY n`,
      [rows.map((r) => r.docName), rows.map((r) => bind(r.update))],
    );
  }

  async lockAppends(): Promise<void> {
    if (!this.inTransaction) throw new Error("storage: appends must run inside a transaction");
    await this.db.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_CLASS, APPEND_LOCK]);
  }
}

/**
 * PostgreSQL behind DATABASE_URL. Single statements run on the pool; Postgres isolates them from
 * open transactions. Transactions each get a dedicated client (BEGIN/COMMIT/ROLLBACK) and are
 * serialised per store: the simplest correct choice, since our transactions are short and this
 * rules out one request's transaction seeing, or deadlocking with, another's.
 *
 * Appends to events, yjs_updates and audit_log take one advisory lock until commit. A sequence
 * hands out ids before commit, so without the lock id 7 could become visible after id 8, and a
 * reader paging "after 8" (listEvents, listAudit, Yjs compaction up to an id) would miss it for
 * good. With it, ids become visible in order, across processes too. So do not await, inside a
 * transaction, other work that itself appends through the store.
 */
export class PostgresStore extends SqlStore {
  readonly kind = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly ops: SqlOps;
  private readonly mutex = new Mutex();
  private readonly scope = new TransactionScope();

  constructor(opts: PostgresStoreOptions) {
    super();
    this.pool = new pg.Pool({
      connectionString: opts.connectionString,
      max: opts.maxConnections ?? 10,
      types,
      application_name: "quorum",
    });
    // An idle client can fail (a server restart); the pool drops it and reconnects on next use.
    // Without a listener the 'error' event would end the process.
    this.pool.on("error", (err) =>
      console.error(`storage: idle PostgreSQL connection failed: ${err.message}`),
    );
    this.ops = new SqlOps(new PgRunner(this.pool, false));
  }

  async migrate(): Promise<void> {
    this.scope.assertOutside();
    await this.withTransaction(async (client) => {
      // Processes starting together take turns; DDL is transactional, so a failure leaves nothing.
      await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_CLASS, MIGRATE_LOCK]);
      await client.query(POSTGRES_MIGRATIONS_TABLE);
      const applied = new Set(
        (await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
          (r) => r.version,
        ),
      );
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await client.query(m.postgres);
        await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          m.version,
          m.name,
          Date.now(),
        ]);
      }
    });
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.mutex.run(() =>
      this.scope.run((isOpen) =>
        this.withTransaction((client) => fn(new SqlOps(new PgRunner(client, true), isOpen))),
      ),
    );
  }

  protected single<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return fn(this.ops);
  }

  /** Not through the mutex: these run no caller code, so cannot interleave with anything. */
  protected atomic<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T> {
    this.scope.assertOutside();
    return this.withTransaction((client) => fn(new SqlOps(new PgRunner(client, true))));
  }

  private async withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (err) {
      // A client whose ROLLBACK fails is in an unknown state: destroy it rather than pool it.
      const rollbackError = await client.query("ROLLBACK").then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      client.release(rollbackError);
      throw err;
    }
  }

  async execRaw(sql: string): Promise<void> {
    this.scope.assertOutside();
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (!this.pool.ended) await this.pool.end();
    });
  }
}
