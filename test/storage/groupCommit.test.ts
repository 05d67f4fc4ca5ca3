import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../server/storage/sqlite";
import { GroupCommitter } from "../../server/sync/groupCommit";

/** The group commit over the real SQLite store (synchronous FULL): durable before relayed. */
describe("GroupCommitter", () => {
  let root: string;
  let store: SqliteStore;
  let committer: GroupCommitter;
  const failures: unknown[] = [];

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), "quorum-commit-"));
    store = new SqliteStore({ dataDir: root });
    await store.migrate();
    committer = new GroupCommitter(store, (error) => failures.push(error));
  });

  afterEach(async () => {
    await committer.drain();
    await store.close();
    rmSync(root, { recursive: true, force: true });
    expect(failures).toEqual([]);
  });

  it("writes the updates of one tick in one commit, and runs callbacks only once they are stored", async () => {
    const commits = store.counts.commits;
    const seen: number[] = [];
    for (let i = 0; i < 100; i++) {
      committer.add("doc", new Uint8Array([i]));
      committer.afterCommit(() => seen.push(i));
    }
    expect(seen).toEqual([]);
    await committer.drain();
    expect(store.counts.commits - commits).toBe(1);
    expect(seen).toEqual([...Array(100).keys()]);
    expect((await store.loadYjsUpdates("doc")).map((r) => r.update[0])).toEqual([...Array(100).keys()]);
  });

  it("sends what gathered during a commit to the disk before relaying that commit, in order", async () => {
    const order: string[] = [];
    let jobsWhenFirstRelayed = 0;
    let storedWhenFirstRelayed = -1;
    const jobs = store.counts.jobs;
    committer.add("doc", new Uint8Array([1]));
    committer.afterCommit(() => {
      order.push("first");
      jobsWhenFirstRelayed = store.counts.jobs - jobs;
    });
    // Once the first commit is on its way, queue a second batch, and a callback with no rows.
    await new Promise((r) => setImmediate(r));
    committer.add("doc", new Uint8Array([2]));
    committer.afterCommit(() => order.push("second"));
    committer.afterCommit(() => {
      order.push("third");
      void store.loadYjsUpdates("doc").then((rows) => {
        storedWhenFirstRelayed = rows.length;
      });
    });
    await committer.drain();
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["first", "second", "third"]);
    // The second batch was already submitted when the first was relayed.
    expect(jobsWhenFirstRelayed).toBe(2);
    expect(storedWhenFirstRelayed).toBe(2);
  });

  it("relays what depends on one document without waiting for another document's commit", async () => {
    const order: string[] = [];
    committer.add("a", new Uint8Array([1]));
    committer.afterCommit(() => order.push("a1"), "a");
    await new Promise((r) => setImmediate(r)); // a's commit is in flight
    committer.afterCommit(() => order.push("b"), "b");
    expect(order).toEqual(["b"]);
    committer.afterCommit(() => order.push("a2"), "a");
    committer.add("a", new Uint8Array([2]));
    committer.afterCommit(() => order.push("a3"), "a");
    expect(order).toEqual(["b"]);
    await committer.drain();
    expect(order).toEqual(["b", "a1", "a2", "a3"]);
    expect((await store.loadYjsUpdates("a")).length).toBe(2);
  });

  it("never relays what depends on a document whose commit failed, until it is forgotten", async () => {
    const broken = new SqliteStore({ dataDir: path.join(root, "broken") });
    await broken.migrate();
    await broken.close();
    const errors: string[][] = [];
    const c = new GroupCommitter(broken, (_e, docs) => errors.push(docs));
    const ran: string[] = [];
    c.add("a", new Uint8Array([1]));
    c.afterCommit(() => ran.push("queued"), "a");
    await c.drain();
    expect(errors).toEqual([["a"]]);
    c.afterCommit(() => ran.push("after the failure"), "a");
    c.afterCommit(() => ran.push("another document"), "b");
    c.forget("a");
    c.afterCommit(() => ran.push("reloaded"), "a");
    expect(ran).toEqual(["another document", "reloaded"]);
  });
});
