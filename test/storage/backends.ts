import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PostgresStore } from "../../server/storage/postgres";
import { SqliteStore } from "../../server/storage/sqlite";
import type { Store } from "../../server/storage/store";
import { createTestDatabase } from "../support/postgres";

/** One empty database; `open()` can be called again to reopen the same data with a new store. */
export interface TestDatabase {
  open(): Store;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: "sqlite" | "postgres";
  create(): Promise<TestDatabase>;
}

/** Closes every store it opened before removing the database. */
function tracked(open: () => Store, remove: () => Promise<void>): TestDatabase {
  const opened: Store[] = [];
  return {
    open() {
      const store = open();
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      await remove();
    },
  };
}

export const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    async create() {
      const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-storage-"));
      return tracked(
        () => new SqliteStore({ dataDir }),
        async () => rmSync(dataDir, { recursive: true, force: true }),
      );
    },
  },
  {
    name: "postgres",
    async create() {
      const db = await createTestDatabase();
      return tracked(
        () => new PostgresStore({ connectionString: db.url }),
        () => db.drop(),
      );
    },
  },
];
