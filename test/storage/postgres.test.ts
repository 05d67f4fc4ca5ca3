import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../server/storage/index";
import { PostgresStore } from "../../server/storage/postgres";
import { createTestDatabase } from "../support/postgres";

describe("PostgresStore", () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("openStore picks Postgres for a database URL, migrates, and leaves pg's global int8 parser alone", async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const store = await openStore({ databaseUrl: db.url, dataDir: "/nonexistent" });
    cleanups.push(() => store.close());
    expect(store).toBeInstanceOf(PostgresStore);
    expect(store.kind).toBe("postgres");
    expect(await store.listConferences()).toEqual([]);
    expect(pg.types.getTypeParser(20)("12")).toBe("12");
  });

  it("createTestDatabase says what to do when the server cannot be reached", async () => {
    const saved = process.env.TEST_POSTGRES_URL;
    process.env.TEST_POSTGRES_URL = "postgres://postgres:secret@127.0.0.1:1/postgres";
    try {
      const attempt = createTestDatabase();
      await expect(attempt).rejects.toThrow(/install and start one.*or set TEST_POSTGRES_URL/s);
      await expect(attempt).rejects.not.toThrow(/secret/);
    } finally {
      if (saved === undefined) delete process.env.TEST_POSTGRES_URL;
      else process.env.TEST_POSTGRES_URL = saved;
    }
  });
});
