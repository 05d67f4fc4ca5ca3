import { PostgresStore } from "./postgres";
import { SqliteStore } from "./sqlite";
import type { Store } from "./store";

export type { Store, StoreOps } from "./store";

/**
 * Open the database the configuration names, schema up to date: PostgreSQL when a database URL
 * is given, otherwise SQLite at `<dataDir>/quorum.sqlite`.
 */
export async function openStore(opts: {
  databaseUrl?: string;
  dataDir: string;
  sqliteSynchronous?: "full" | "normal";
  /** Other server processes use the same database (WORKERS > 1). */
  sharedWithOtherProcesses?: boolean;
}): Promise<Store> {
  const store: Store = opts.databaseUrl
    ? new PostgresStore({ connectionString: opts.databaseUrl })
    : new SqliteStore({
        dataDir: opts.dataDir,
        synchronous: opts.sqliteSynchronous ?? "full",
        sharedWithOtherProcesses: opts.sharedWithOtherProcesses === true,
      });
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
