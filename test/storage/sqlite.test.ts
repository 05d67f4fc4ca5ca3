import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../server/storage/index";
import { SQLITE_FILE_NAME, SqliteStore } from "../../server/storage/sqlite";
import type { Store } from "../../server/storage/store";
import { conference } from "./fixtures";

describe("SqliteStore", () => {
  let root: string;
  const opened: Store[] = [];
  const track = <S extends Store>(store: S): S => {
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "quorum-sqlite-"));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("creates <dataDir>/quorum.sqlite, making the directory, readable by its owner only", () => {
    const dataDir = path.join(root, "a", "b");
    const store = track(new SqliteStore({ dataDir }));
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    expect(store.file).toBe(file);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("uses WAL, FULL sync by default, foreign keys and a busy timeout", () => {
    const store = track(new SqliteStore({ dataDir: root }));
    expect(store.settings()).toEqual({
      journalMode: "wal",
      synchronous: 2,
      foreignKeys: 1,
      busyTimeout: 5_000,
    });
  });

  it("can use NORMAL sync", () => {
    const store = track(new SqliteStore({ dataDir: root, synchronous: "normal" }));
    expect(store.settings().synchronous).toBe(1);
  });

  it("runs in memory for tests", async () => {
    const store = track(new SqliteStore({ path: ":memory:" }));
    await store.migrate();
    const c = conference();
    await store.insertConference(c);
    expect(await store.getConference(c.id)).toEqual(c);
  });

  it("needs a dataDir or a path", () => {
    expect(() => new SqliteStore({})).toThrow(/dataDir or a path/);
  });

  it("openStore picks SQLite without a database URL and migrates", async () => {
    const store = track(await openStore({ dataDir: root, sqliteSynchronous: "normal" }));
    expect(store.kind).toBe("sqlite");
    expect(store).toBeInstanceOf(SqliteStore);
    expect((store as SqliteStore).settings().synchronous).toBe(1);
    expect(await store.listConferences()).toEqual([]);
  });
});
