import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../server/storage/index";
import { SQLITE_FILE_NAME, SqliteStore } from "../../server/storage/sqlite";
import type { Store } from "../../server/storage/store";
import { conference, participant } from "./fixtures";

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

  it("gives the write-ahead log and its index the database's permissions", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    await store.appendYjsUpdates([{ docName: "d", update: new Uint8Array([1]) }]);
    const file = path.join(root, SQLITE_FILE_NAME);
    for (const f of [`${file}-wal`, `${file}-shm`]) expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it("uses WAL, foreign keys, full durability by default and waits for another process's lock", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    expect(await store.settings()).toEqual({
      journalMode: "wal",
      // The connection's COMMIT does not wait for the disk; the store syncs the log itself.
      synchronous: 1,
      foreignKeys: 1,
      durability: "full",
      lockWaitMs: 5_000,
    });
  });

  it("syncs the log once for every commit, once for a batch of transactions, never with normal durability", async () => {
    for (const synchronous of ["full", "normal"] as const) {
      const dataDir = path.join(root, synchronous);
      const store = track(new SqliteStore({ dataDir, synchronous }));
      await store.migrate();
      const before = store.syncs;
      await store.appendYjsUpdates([{ docName: "d", update: new Uint8Array([1]) }]);
      await Promise.all(
        [2, 3, 4].map((i) =>
          store.transaction((tx) => tx.appendYjsUpdates([{ docName: "d", update: new Uint8Array([i]) }])),
        ),
      );
      expect(store.syncs - before).toBe(synchronous === "full" ? 2 : 0);
      expect((await store.loadYjsUpdates("d")).map((r) => r.update[0])).toEqual([1, 2, 3, 4]);
    }
  });

  it("lets no read outside a transaction see a commit before the disk has it", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    let seenEarly = 0;
    let seen = 0;
    for (let round = 0; round < 20; round++) {
      const c = conference();
      const syncsBefore = store.syncs;
      let written = false;
      const write = store.insertConference(c).then(() => {
        written = true;
      });
      // Read over and over while the write is committed and synced.
      while (!written) {
        const row = await store.getConference(c.id);
        if (row) {
          seen += 1;
          if (store.syncs === syncsBefore) seenEarly += 1;
        }
        await new Promise((r) => setImmediate(r));
      }
      await write;
    }
    expect(seenEarly).toBe(0);
    // The reads did overlap the writes (each write's row was seen before its promise settled).
    expect(seen).toBeGreaterThan(0);
  });

  // The group commit alone goes in one request; a transaction begins with a synchronous BEGIN
  // that must not wait for the lock (it falls back to waiting on the writer thread); several
  // transactions together begin once for the batch.
  const writes: [string, (store: SqliteStore) => Promise<unknown>][] = [
    [
      "the group commit",
      (store) => store.appendYjsUpdates([{ docName: "d", update: new Uint8Array([1, 2]) }]),
    ],
    [
      "a transaction",
      (store) =>
        store.transaction((tx) => tx.appendYjsUpdates([{ docName: "d", update: new Uint8Array([1, 2]) }])),
    ],
    [
      "transactions batched together",
      (store) =>
        Promise.all([
          store.transaction((tx) => tx.appendYjsUpdates([{ docName: "d", update: new Uint8Array([1, 2]) }])),
          store.transaction((tx) => tx.appendYjsUpdates([{ docName: "e", update: new Uint8Array([3]) }])),
        ]),
    ],
  ];

  it.each(writes)(
    "never blocks the event loop on a write (%s): one waiting for the lock leaves reads and timers running",
    async (_name, writeTo) => {
      const store = track(new SqliteStore({ dataDir: root }));
      await store.migrate();
      // Another process holds the write lock; the store's write waits for it (busy timeout).
      const other = new Database(path.join(root, SQLITE_FILE_NAME));
      other.exec("BEGIN IMMEDIATE");
      let written = false;
      const write = writeTo(store).then(() => {
        written = true;
      });
      // The event loop keeps turning and reads answer from what is committed, while the write waits.
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(await store.loadYjsUpdates("d")).toEqual([]);
      expect(written).toBe(false);
      other.exec("COMMIT");
      other.close();
      await write;
      expect((await store.loadYjsUpdates("d")).map((r) => [...r.update])).toEqual([[1, 2]]);
    },
  );

  it("commits transactions that queue up together with one COMMIT, each standing or falling alone", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    const [a, b, c, d] = [conference(), conference(), conference(), conference()];
    const commitsBefore = store.counts.commits;
    const results = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.insertConference(a);
        return "a";
      }),
      // Fails before sending a statement: nothing to undo, and the job before it stands.
      store.transaction(async () => {
        throw new Error("nothing to do");
      }),
      // A supporter of nobody: the deferred key COMMIT would refuse, refused for this job alone.
      store.transaction(async (tx) => {
        await tx.insertConference(b);
        await tx.insertParticipant(participant(b.id, { role: "advocate", supports: "nobody" }));
      }),
      store.transaction(async (tx) => {
        await tx.insertConference(c);
        throw new Error("changed my mind");
      }),
      store.transaction(async (tx) => {
        await tx.insertConference(d);
        return "d";
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect(results[2]).toMatchObject({ reason: { message: "FOREIGN KEY constraint failed" } });
    expect(results[3]).toMatchObject({ reason: { message: "changed my mind" } });
    expect(store.counts.commits - commitsBefore).toBe(1);
    expect((await store.listConferences()).map((x) => x.id).sort()).toEqual([a.id, d.id].sort());
  });

  it("runs a transaction's statements without waiting for the event loop between them", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    const c = conference();
    await store.insertConference(c);
    // A busy server: every turn of the event loop costs time. Statements that each waited for a
    // turn would take one turn apiece; only BEGIN and COMMIT (lock and disk) may wait for one.
    let turns = 0;
    let running = true;
    const spin = (): void => {
      if (!running) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    let during = -1;
    await store.transaction(async (tx) => {
      // From the first statement (which follows BEGIN) to the last: no turn needed.
      await tx.appendEvent({ conferenceId: c.id, actorId: "a", type: "x", payload: { i: 0 }, at: 0 });
      const first = turns;
      for (let i = 1; i < 40; i++)
        await tx.appendEvent({ conferenceId: c.id, actorId: "a", type: "x", payload: { i }, at: i });
      during = turns - first;
    });
    running = false;
    expect(during).toBe(0);
    expect((await store.listEvents(c.id)).map((e) => e.payload)).toEqual(
      Array.from({ length: 40 }, (_, i) => ({ i })),
    );
  });

  it("copies the write-ahead log into the database on its own thread", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    const file = path.join(root, SQLITE_FILE_NAME);
    const before = statSync(file).size;
    // About 2 MB through the log, far below the writer's own (backstop) checkpoint threshold.
    const update = new Uint8Array(4000).fill(7);
    for (let i = 0; i < 10; i++) {
      await store.appendYjsUpdates(Array.from({ length: 50 }, () => ({ docName: "d", update })));
    }
    // Nothing written meanwhile: only the checkpointer's round (once a second) grows the file.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < before + 1_000_000) {
      if (Date.now() > deadline) throw new Error("the log was not checkpointed into the database");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await store.loadYjsUpdates("d")).length).toBe(500);
  });

  it("holds back only reads of Yjs updates while a commit of Yjs updates alone waits for the disk", async () => {
    const store = track(new SqliteStore({ dataDir: root }));
    await store.migrate();
    const c = conference();
    await store.insertConference(c);
    let otherServedEarly = 0;
    let yjsServedEarly = 0;
    let overlapped = 0;
    for (let round = 0; round < 20; round++) {
      let appended = false;
      const append = store.appendYjsUpdates([{ docName: "d", update: new Uint8Array([round]) }]).then(() => {
        appended = true;
      });
      // The batch is committed within the turn; its sync takes longer.
      await new Promise((r) => setImmediate(r));
      if (appended) {
        await append;
        continue;
      }
      overlapped += 1;
      const syncs = store.syncs;
      const reads = [
        store.getConference(c.id).then(() => {
          if (store.syncs === syncs) otherServedEarly += 1;
        }),
        store.loadYjsUpdates("d").then(() => {
          if (store.syncs === syncs) yjsServedEarly += 1;
        }),
      ];
      await Promise.all([append, ...reads]);
    }
    expect(overlapped).toBeGreaterThan(0);
    expect(otherServedEarly).toBe(overlapped);
    expect(yjsServedEarly).toBe(0);
  });

  it("with other processes on the database (WORKERS > 1), reads what another wrote only after a sync of its own", async () => {
    // Two stores on one file stand for two processes: the other's commit is visible to this one's
    // reader before the other's sync, so each read here waits for a sync begun after it.
    const other = track(new SqliteStore({ dataDir: root }));
    await other.migrate();
    const c = conference();
    await other.insertConference(c);
    const here = track(new SqliteStore({ dataDir: root, sharedWithOtherProcesses: true }));
    const alone = track(new SqliteStore({ dataDir: root }));
    const syncs = { here: here.syncs, alone: alone.syncs };
    expect((await here.getConference(c.id))?.id).toBe(c.id);
    expect((await alone.getConference(c.id))?.id).toBe(c.id);
    expect(here.syncs - syncs.here).toBe(1);
    expect(alone.syncs - syncs.alone).toBe(0);
    // Reads that come together share one sync.
    await Promise.all(Array.from({ length: 10 }, () => here.getConference(c.id)));
    expect(here.syncs - syncs.here).toBeLessThanOrEqual(3);
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
    expect((await (store as SqliteStore).settings()).durability).toBe("normal");
    expect(await store.listConferences()).toEqual([]);
  });
});
