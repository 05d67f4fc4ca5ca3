import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { ownerOf } from "../../server/cluster/routing";
import { CLOSE } from "../../shared/closeCodes";
import { createTestDatabase } from "../support/postgres";
import { type ServerProcess, startServerProcess } from "../support/process";
import { type ConferenceFixture, openConference, resultOf } from "../support/room";
import { freePort, TEST_ADMIN_TOKEN, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

/**
 * WORKERS=2: conferences spread over two worker processes behind a primary. The real server
 * process; every client here connects to the primary's port and never knows which worker serves it.
 */
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const WORKERS = 2;
/** Where the primary sends a connection that names no conference: by its address, 127.0.0.1 here. */
const byAddress = ownerOf("127.0.0.1", WORKERS);

let server: ServerProcess;
let dataDir: string;
let port: number;
let env: NodeJS.ProcessEnv;
let test: TestServer;
/** One conference on each worker: [the one 127.0.0.1's plain connections reach, the other]. */
let sameWorker: ConferenceFixture;
let otherWorker: ConferenceFixture;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "quorum-cluster-"));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  port = await freePort();
  // On the PostgreSQL run of the suite, the workers share a PostgreSQL database instead.
  const pg = process.env.QUORUM_TEST_BACKEND === "postgres" ? await createTestDatabase() : undefined;
  if (pg) cleanup.push(() => pg.drop());
  env = { WORKERS: String(WORKERS), ...(pg ? { DATABASE_URL: pg.url } : {}) };
  server = await startServerProcess({ port, dataDir, env });
  cleanup.push(() => server.kill("SIGKILL"));
  test = { url: server.url, origin: server.url, adminToken: TEST_ADMIN_TOKEN } as TestServer;
  const found = new Map<number, ConferenceFixture>();
  for (let i = 0; i < 12 && found.size < WORKERS; i++) {
    const f = await openConference(test);
    cleanup.push(() => f.close());
    const owner = ownerOf(f.conferenceId, WORKERS);
    if (!found.has(owner)) found.set(owner, f);
  }
  expect(found.size).toBe(WORKERS);
  sameWorker = found.get(byAddress)!;
  otherWorker = found.get(1 - byAddress)!;
}, 120_000);

async function professional(f: ConferenceFixture, who: string): Promise<RawYClient> {
  const c = await RawYClient.connect(test.url, `${f.conferenceId}:professional`, {
    cookie: f.people[who]!.browser.cookieHeader,
    origin: test.origin,
  });
  cleanup.push(() => c.close());
  await c.synced;
  return c;
}

/** The workers: the primary's children, from /proc. */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

describe("conferences spread over worker processes (WORKERS=2)", () => {
  it("runs a primary and two workers", () => {
    expect(childrenOf(server.child.pid!).length).toBe(WORKERS);
  });

  it("serves each conference whole on its own worker: commands, edits, the family's projection", async () => {
    for (const f of [sameWorker, otherWorker]) {
      const created = resultOf<{ contentId: string }>(
        await f.people.social!.cmd({
          type: "content.create",
          kind: "mapping_item",
          area: "worries_past_harm",
        }),
      );
      const a = await professional(f, "social");
      const b = await professional(f, "police");
      await until(
        () => a.doc.getMap("texts").has(created.contentId) && b.doc.getMap("texts").has(created.contentId),
      );
      (a.doc.getMap("texts").get(created.contentId) as Y.Text).insert(0, `typed in ${f.conferenceId}`);
      await until(
        () =>
          (b.doc.getMap("texts").get(created.contentId) as Y.Text).toString() ===
          `typed in ${f.conferenceId}`,
        5000,
        "the edit relayed",
      );
      // The family's projection, written by the same worker once the chair shares the item.
      resultOf(await f.people.chair!.cmd({ type: "content.share", contentId: created.contentId }));
      const mum = await RawYClient.connect(
        test.url,
        `${f.conferenceId}:view:${f.people.mum!.participantId}`,
        {
          cookie: f.people.mum!.browser.cookieHeader,
          origin: test.origin,
        },
      );
      cleanup.push(() => mum.close());
      await mum.synced;
      // What reached the parent's screen, as bytes (the projection's map keys are opaque ids).
      const heard = () => Buffer.concat(mum.received).toString("latin1");
      await until(() => heard().includes(`typed in ${f.conferenceId}`), 5000, "the projection");
      // Refusals are the worker's as before: a parent never opens the professional document.
      await expect(
        RawYClient.connect(test.url, `${f.conferenceId}:professional`, {
          cookie: f.people.mum!.browser.cookieHeader,
          origin: test.origin,
        }),
      ).rejects.toThrow(/403/);
    }
  }, 60_000);

  it("sends a request on a connection placed before its session existed to the owner (307, Connection: close)", async () => {
    // One keep-alive connection: the sign-in (no cookie yet, so placed by the address) and then a
    // request for the conference of the other worker, which that worker refuses to serve.
    const f = otherWorker;
    const browser = f.people.chair!.browser;
    const raw = net.connect(Number(new URL(test.url).port), "127.0.0.1");
    cleanup.push(() => void raw.destroy());
    await new Promise<void>((r) => raw.once("connect", () => r()));
    let received = "";
    raw.on("data", (d: Buffer) => {
      received += d.toString("latin1");
    });
    raw.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await until(() => /\r\n\r\n/.test(received), 5000, "first answer");
    received = "";
    raw.write(
      `GET /api/conference/audit HTTP/1.1\r\nHost: x\r\nOrigin: ${test.origin}\r\nCookie: ${browser.cookieHeader}\r\n\r\n`,
    );
    await until(() => /\r\n\r\n/.test(received), 5000, "second answer");
    expect(received).toMatch(/^HTTP\/1\.1 307 /);
    expect(received).toMatch(/\r\nLocation: \/api\/conference\/audit\r\n/i);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    // On a new connection the primary finds the session's conference and the owner answers.
    const again = await browser.request("GET", "/api/conference/audit");
    expect(again.status).toBe(200);
  }, 30_000);

  it("loses no byte a client sends while its connection is handed over", async () => {
    // The head first, the body a moment later (as fetch writes them): the primary has read the head
    // and may be passing the socket on when the body arrives. Every request must be answered.
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const raw = net.connect(port, "127.0.0.1");
        try {
          await new Promise<void>((r) => raw.once("connect", () => r()));
          let received = "";
          raw.on("data", (d: Buffer) => {
            received += d.toString("latin1");
          });
          const body = JSON.stringify({ token: "x".repeat(43) });
          raw.write(
            `POST /api/session HTTP/1.1\r\nHost: x\r\nOrigin: ${test.origin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
          );
          await new Promise((r) => (i % 2 === 0 ? setImmediate(r) : setTimeout(r, i % 7)));
          raw.write(body);
          await until(() => received.includes("\r\n\r\n"), 5000, `answer ${i}`);
          return received.split("\r\n")[0];
        } finally {
          raw.destroy();
        }
      }),
    );
    for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 4\d\d /);
  }, 30_000);

  it("ends a session on the worker that has its connections when the sign-out is served by another", async () => {
    // The sign-out names no conference: on a new connection it reaches 127.0.0.1's worker, which
    // does not have this conference.
    const f = otherWorker;
    const police = await professional(f, "police");
    const answer = await rawExchange(
      `DELETE /api/session HTTP/1.1\r\nHost: x\r\nOrigin: ${test.origin}\r\nCookie: ${f.people.police!.browser.cookieHeader}\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 20\d /);
    expect(await police.closed).toBe(CLOSE.sessionEnded);
  }, 30_000);

  it("stops the workers with the primary, even when it is killed, and keeps what was accepted", async () => {
    const f = sameWorker;
    const created = resultOf<{ contentId: string }>(
      await f.people.health!.cmd({ type: "content.create", kind: "mapping_item", area: "going_well" }),
    );
    const writer = await professional(f, "health");
    await until(() => writer.doc.getMap("texts").has(created.contentId));
    (writer.doc.getMap("texts").get(created.contentId) as Y.Text).insert(0, "kept across the kill");
    const watcher = await professional(f, "social");
    await until(
      () =>
        (watcher.doc.getMap("texts").get(created.contentId) as Y.Text | undefined)?.toString() ===
        "kept across the kill",
      5000,
      "relayed",
    );
    const workers = childrenOf(server.child.pid!);
    await server.kill("SIGKILL");
    await until(() => workers.every((pid) => !alive(pid)), 10_000, "the workers to exit");

    const restarted = await startServerProcess({ port, dataDir, env });
    cleanup.push(() => restarted.kill("SIGKILL"));
    const fresh = await professional(f, "social");
    expect((fresh.doc.getMap("texts").get(created.contentId) as Y.Text).toString()).toBe(
      "kept across the kill",
    );
  }, 60_000);
});

/** One request on a new connection of its own; resolves with the answer's head. */
async function rawExchange(request: string): Promise<string> {
  const raw = net.connect(port, "127.0.0.1");
  try {
    let received = "";
    raw.on("data", (d: Buffer) => {
      received += d.toString("latin1");
    });
    raw.write(request);
    await until(() => received.includes("\r\n\r\n"), 5000, "an answer");
    return received;
  } finally {
    raw.destroy();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
