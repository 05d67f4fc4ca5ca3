import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createTestDatabase } from "../support/postgres";
import { type ServerProcess, startServerProcess } from "../support/process";
import { openConference } from "../support/room";
import { freePort, TEST_ADMIN_TOKEN, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** Enough of a TestServer for the fixtures, pointing at a server process. */
function asTestServer(p: ServerProcess): TestServer {
  return { url: p.url, origin: p.url, adminToken: TEST_ADMIN_TOKEN } as TestServer;
}

describe("durable before relayed", () => {
  it("keeps every update any client had received when the server is killed with SIGKILL mid-edit", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-kill-"));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const pg = process.env.QUORUM_TEST_BACKEND === "postgres" ? await createTestDatabase() : undefined;
    if (pg) cleanup.push(() => pg.drop());
    const env = pg ? { DATABASE_URL: pg.url } : {};
    const port = await freePort();
    const first = await startServerProcess({ port, dataDir, env });
    cleanup.push(() => first.kill("SIGKILL"));
    const server = asTestServer(first);
    const f = await openConference(server);
    cleanup.push(() => f.close());
    const ack = await f.people.social!.cmd({
      type: "content.create",
      kind: "mapping_item",
      area: "worries_past_harm",
    });
    const id = (ack as unknown as { result: { contentId: string } }).result.contentId;
    const name = `${f.conferenceId}:professional`;
    const connect = async (who: "social" | "police" | "health") => {
      const c = await RawYClient.connect(server.url, name, {
        cookie: f.people[who]!.browser.cookieHeader,
        origin: server.origin,
      });
      await c.synced;
      cleanup.push(() => c.close());
      return c;
    };
    const writerA = await connect("social");
    const writerB = await connect("police");
    const watcher = await connect("health");
    await until(() => writerA.doc.getMap("texts").has(id) && writerB.doc.getMap("texts").has(id));
    // Two writers type continuously; the server dies in the middle of it.
    let typing = true;
    const type = async (c: RawYClient, tag: string) => {
      for (let i = 0; typing && i < 2000; i++) {
        (c.doc.getMap("texts").get(id) as Y.Text).insert(0, `${tag}${i} `);
        await new Promise((r) => setImmediate(r));
      }
    };
    const loops = [type(writerA, "a"), type(writerB, "b")];
    await until(
      () => ((watcher.doc.getMap("texts").get(id) as Y.Text | undefined)?.length ?? 0) > 300,
      10_000,
      "relayed text",
    );
    await first.kill("SIGKILL");
    typing = false;
    await Promise.all(loops);
    const seenByWatcher = Y.encodeStateVector(watcher.doc);
    const seenText = (watcher.doc.getMap("texts").get(id) as Y.Text).toString();
    expect(seenText.length).toBeGreaterThan(300);

    const second = await startServerProcess({ port, dataDir, env });
    cleanup.push(() => second.kill("SIGKILL"));
    const fresh = await RawYClient.connect(server.url, name, {
      cookie: f.people.health!.browser.cookieHeader,
      origin: server.origin,
    });
    cleanup.push(() => fresh.close());
    await fresh.synced;
    // Every change the watcher had received is in the restarted server's document.
    const after = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
    for (const [client, clock] of Y.decodeStateVector(seenByWatcher)) {
      expect(after.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(clock);
    }
    const text = (fresh.doc.getMap("texts").get(id) as Y.Text).toString();
    for (const word of seenText.split(" ").filter(Boolean)) expect(text).toContain(`${word} `);
  }, 90_000);
});
