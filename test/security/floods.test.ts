import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../shared/closeCodes";
import { type ConferenceFixture, openConference } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { collectGarbage, MiB, memoryNow } from "./support/state";
import { healthProbe, healthz, RawSio, rawHttp, UpgradeRefused, WireSocket, wsUrl } from "./support/wire";
import { awarenessFrame, bytes, openDoc, syncFrame } from "./support/yframes";

/**
 * Attack 8: floods, bounded and on loopback only. Each loop has a fixed count and stops by itself.
 * Throughout, /healthz answers within 1 s (probed concurrently), and over the whole file the
 * server's memory (this process hosts it) grows by less than 50 MiB.
 */

let server: TestServer;
let f: ConferenceFixture;
let memoryAtStart: ReturnType<typeof memoryNow>;
let probe: ReturnType<typeof healthProbe>;

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
  memoryAtStart = memoryNow();
  probe = healthProbe(server.url);
});
// Collect between floods, so the final reading is memory still held, not the last flood's garbage
// that V8 had not yet handed back.
afterEach(() => collectGarbage());
afterAll(async () => {
  await probe?.stop();
  f?.close();
  await server.close();
});

/** Run `count` tasks, at most `width` at a time. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

const professional = () => `${f.conferenceId}:professional`;

describe("floods", () => {
  it("survives 2,000 unauthenticated Yjs upgrades (no cookie, or a well-formed unknown one)", async () => {
    const statuses = new Map<number, number>();
    await pool(2000, 40, async (i) => {
      const headers: Record<string, string> = { origin: server.origin };
      if (i % 2) headers.cookie = `quorum_session=${randomBytes(32).toString("base64url")}`;
      try {
        const s = await WireSocket.open(wsUrl(server.url, `/sync/${professional()}`), { headers });
        s.terminate();
        statuses.set(101, (statuses.get(101) ?? 0) + 1);
      } catch (err) {
        const status = err instanceof UpgradeRefused ? err.refusal.status : -1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    expect(statuses.get(101)).toBeUndefined();
    expect((statuses.get(401) ?? 0) + (statuses.get(503) ?? 0)).toBe(2000);
    await healthz(server.url);
  });

  it("survives 2,000 unauthenticated socket.io handshakes", async () => {
    let refused = 0;
    await pool(2000, 40, async (i) => {
      const headers = i % 2 ? `quorum_session=${randomBytes(32).toString("base64url")}` : undefined;
      const sio = await RawSio.connect(server.url, {
        origin: server.origin,
        ...(headers ? { cookie: headers } : {}),
      });
      const answer = await sio.handshake();
      if (answer.kind === "connect_error" && answer.data.data?.code === "unauthenticated") refused++;
      sio.sock.terminate();
    });
    expect(refused).toBe(2000);
    await healthz(server.url);
  });

  it("survives a join/leave loop of 300 authenticated connections on one document", async () => {
    const social = f.people.social!;
    const room = await server.quorum.rooms.get(f.conferenceId);
    const baseline = room!.professional.connections.size;
    await pool(300, 10, async () => {
      const sock = await openDoc(server, social, professional());
      // Wait for the server's sync step 1 (the connection is set up), then leave.
      await sock.waitFor(() => (sock.frames.length > 0 ? true : undefined), 5000, "step 1");
      sock.close();
      await sock.closedWithin(5000);
    });
    await new Promise<void>((resolve, reject) => {
      const start = Date.now();
      const check = () => {
        if (room!.professional.connections.size === baseline) resolve();
        else if (Date.now() - start > 5000) reject(new Error("connections were not released"));
        else setImmediate(check);
      };
      check();
    });
    expect(room!.professional.awareness!.size).toBe(0);
  });

  it("answers 1,000 full sync requests in batches, and closes a burst past the queue limit with 4429", async () => {
    const sock = await openDoc(server, f.people.social!, professional());
    const step1 = syncFrame(0, bytes(0));
    for (let batch = 0; batch < 10; batch++) {
      const before = sock.frames.filter((x) => x.data[0] === 0 && x.data[1] === 1).length;
      for (let i = 0; i < 100; i++) sock.send(step1);
      await sock.waitFor(
        () =>
          sock.frames.filter((x) => x.data[0] === 0 && x.data[1] === 1).length >= before + 100
            ? true
            : undefined,
        10_000,
        "100 sync answers",
      );
    }
    expect(sock.open).toBe(true);
    sock.frames.length = 0;
    for (let i = 0; i < 1000 && sock.open; i++) sock.send(step1);
    expect(await sock.closedWithin(10_000)).toBe(CLOSE.rateLimited);
    await healthz(server.url);
  });

  it("closes a burst of 1,000 presence updates with 4429, though each is handled at once", async () => {
    // Presence and a bound writer's updates finish without queueing; the limit counts a burst.
    const sock = await openDoc(server, f.people.police!, professional());
    const frame = awarenessFrame([{ clientId: 4242, clock: 1, state: JSON.stringify({ typing: true }) }]);
    for (let i = 0; i < 1000 && sock.open; i++) sock.send(frame);
    expect(await sock.closedWithin(10_000)).toBe(CLOSE.rateLimited);
    await healthz(server.url);
  });

  it("rate limits a flood of commands, then disconnects the flooder", async () => {
    const sio = await RawSio.connect(server.url, {
      cookie: f.people.police!.browser.cookieHeader,
      origin: server.origin,
    });
    expect((await sio.handshake()).kind).toBe("connect");
    const total = 600;
    for (let i = 0; i < total; i++) sio.sendRaw(`42${i}["command",{"type":"hand.lower"}]`);
    await sio.sock.waitFor(
      () =>
        sio.packets().filter((p) => p.kind === "ack").length >= total || sio.sock.closeCode !== undefined
          ? true
          : undefined,
      20_000,
      "acks or a disconnect",
    );
    const codes = sio
      .packets()
      .filter((p) => p.kind === "ack")
      .map((p) =>
        p.kind === "ack" ? ((p.data[0] as { error?: { code: string } }).error?.code ?? "ok") : "",
      );
    const limited = codes.filter((c) => c === "rate_limited").length;
    expect(codes.length - limited).toBeLessThanOrEqual(45);
    expect(limited).toBeGreaterThanOrEqual(200);
    expect(sio.sock.closeCode).toBeDefined();
    // The honest socket of the same person is unaffected.
    expect((await f.people.police!.cmd({ type: "hand.lower" })).ok).toBe(false);
    await healthz(server.url);
  });

  it("rate limits an HTTP flood on POST /api/session with 429", async () => {
    const limited = await startTestServer({}, { RATE_LIMIT_SESSION_PER_IP: "50" });
    try {
      const statuses: number[] = [];
      await pool(500, 20, async () => {
        const res = await rawHttp(limited.url, {
          method: "POST",
          path: "/api/session",
          headers: { "content-type": "application/json", origin: limited.origin },
          body: JSON.stringify({ token: randomBytes(32).toString("base64url") }),
        });
        statuses.push(res.status);
      });
      expect(statuses.filter((s) => s === 401)).toHaveLength(50);
      expect(statuses.filter((s) => s === 429)).toHaveLength(450);
      await healthz(limited.url);
    } finally {
      await limited.close();
    }
  });

  it("kept /healthz under 1 s throughout, and memory growth under 50 MiB", async () => {
    const result = await probe.stop();
    expect(result.failures).toEqual([]);
    expect(result.probes).toBeGreaterThan(10);
    expect(result.maxMs).toBeLessThan(1000);
    const now = memoryNow();
    expect(now.heapUsed - memoryAtStart.heapUsed).toBeLessThan(50 * MiB);
    expect(now.rss - memoryAtStart.rss).toBeLessThan(50 * MiB);
  });
});
