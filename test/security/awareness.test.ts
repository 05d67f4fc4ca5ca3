import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLOSE } from "../../shared/closeCodes";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";
import { dbSnapshot } from "./support/state";
import { healthz, type WireSocket } from "./support/wire";
import { awarenessFrame, barrier, bytes, openDoc, varUint } from "./support/yframes";

/**
 * Attack 3: awareness (presence) abuse on the professional document, in raw frames. Each client id
 * belongs to the connection that first used it; `user` is always the server's identity; states are
 * objects of at most 4 KiB, at most 8 per message and 4 ids per connection.
 */

let server: TestServer;
let f: ConferenceFixture;
const open: { close(): void; terminate?(): void }[] = [];
const professional = () => `${f.conferenceId}:professional`;

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of open) (s.terminate ?? s.close).call(s);
  f?.close();
  await server.close();
});

async function watcher(person: Person): Promise<RawYClient> {
  const c = await RawYClient.connect(server.url, professional(), {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}

async function attacker(person: Person): Promise<WireSocket> {
  const s = await openDoc(server, person, professional());
  open.push(s);
  return s;
}

type State = { user?: { name?: string; role?: string; participantId?: string }; marker?: string };
const stateOf = (w: RawYClient, id: number) => w.awareness.getStates().get(id) as State | undefined;

async function waitMarker(w: RawYClient, id: number, marker: string): Promise<void> {
  const start = Date.now();
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (stateOf(w, id)?.marker === marker) {
        w.awareness.off("change", check);
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(() => {
      w.awareness.off("change", check);
      reject(new Error(`marker ${marker} not seen after ${Date.now() - start} ms`));
    }, 5000);
    w.awareness.on("change", check);
    w.awareness.on("update", check);
    check();
  });
}

async function registrySize(): Promise<number> {
  const room = await server.quorum.rooms.get(f.conferenceId);
  return room!.professional.awareness!.size;
}

describe("awareness abuse", () => {
  it("cannot speak for another client id, nor present itself as the chair", async () => {
    const watch = await watcher(f.people.health!);
    const victim = await attacker(f.people.social!);
    const bad = await attacker(f.people.police!);
    victim.send(
      awarenessFrame([{ clientId: 1111, clock: 1, state: JSON.stringify({ marker: "victim-1" }) }]),
    );
    await waitMarker(watch, 1111, "victim-1");
    // Spoof the victim's id, then claim the chair's name for our own id; a marker on our own id
    // afterwards proves the spoof was handled (frames on a connection are handled in order).
    bad.send(
      awarenessFrame([
        { clientId: 1111, clock: 50, state: JSON.stringify({ user: { name: "Chair" }, marker: "spoof" }) },
      ]),
    );
    bad.send(
      awarenessFrame([
        {
          clientId: 2222,
          clock: 1,
          state: JSON.stringify({ user: { name: "Chair", role: "chair" }, marker: "bad-1" }),
        },
      ]),
    );
    await waitMarker(watch, 2222, "bad-1");
    expect(stateOf(watch, 1111)).toMatchObject({ marker: "victim-1", user: { name: "Sally Social" } });
    expect(stateOf(watch, 2222)?.user).toMatchObject({
      name: "PC Lee",
      role: "professional",
      participantId: f.people.police!.participantId,
    });
    expect(bad.open).toBe(true);
  });

  it("cannot evict someone with an empty or null state", async () => {
    const watch = await watcher(f.people.health!);
    const victim = await attacker(f.people.social!);
    const bad = await attacker(f.people.police!);
    victim.send(awarenessFrame([{ clientId: 3333, clock: 1, state: JSON.stringify({ marker: "here" }) }]));
    await waitMarker(watch, 3333, "here");
    bad.send(awarenessFrame([{ clientId: 3333, clock: 99, state: "null" }]));
    bad.send(awarenessFrame([{ clientId: 3333, clock: 100, state: "{}" }]));
    bad.send(awarenessFrame([{ clientId: 4444, clock: 1, state: JSON.stringify({ marker: "after" }) }]));
    await waitMarker(watch, 4444, "after");
    expect(stateOf(watch, 3333)?.marker).toBe("here");
    // A fresh client's snapshot agrees.
    const fresh = await watcher(f.people.minutes!);
    await waitMarker(fresh, 3333, "here");
  });

  it("closes a connection sending a state over 4 KiB (4400), and one over the 1 MiB frame cap (1009)", async () => {
    const before = await registrySize();
    const big = await attacker(f.people.police!);
    big.send(
      awarenessFrame([{ clientId: 5555, clock: 1, state: JSON.stringify({ pad: "x".repeat(100_000) }) }]),
    );
    expect(await big.closedWithin(3000)).toBe(CLOSE.protocolError);
    const huge = await attacker(f.people.police!);
    huge.send(
      awarenessFrame([
        { clientId: 5556, clock: 1, state: JSON.stringify({ pad: "x".repeat(3 * 1024 * 1024) }) },
      ]),
    );
    expect(await huge.closedWithin(5000)).toBe(1009);
    expect(await registrySize()).toBe(before);
    await healthz(server.url);
  });

  it("closes a connection sending too many entries in one message, or entries that are not objects", async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ clientId: 7000 + i, clock: 1, state: "{}" }));
    const claimsMany = bytes(1, 4, varUint(2 ** 28 - 1), 0);
    for (const frame of [
      awarenessFrame(nine),
      claimsMany,
      awarenessFrame([{ clientId: 7100, clock: 1, state: '"a string"' }]),
      awarenessFrame([{ clientId: 7101, clock: 1, state: "[1,2,3]" }]),
      awarenessFrame([{ clientId: 7102, clock: 1, state: "{not json" }]),
      awarenessFrame([{ clientId: 7103, clock: 1, state: "\uFFFD\uD800" }]),
    ]) {
      const s = await attacker(f.people.police!);
      s.send(frame);
      expect(await s.closedWithin(3000)).toBe(CLOSE.protocolError);
    }
    await healthz(server.url);
  });

  it("holds at most 4 client ids per connection, and releases them when it closes", async () => {
    const watch = await watcher(f.people.health!);
    const before = await registrySize();
    const s = await attacker(f.people.police!);
    for (let i = 0; i < 6; i++) {
      s.send(
        awarenessFrame([{ clientId: 8000 + i, clock: 1, state: JSON.stringify({ marker: `id-${i}` }) }]),
      );
    }
    await barrier(s);
    await waitMarker(watch, 8003, "id-3");
    expect(await registrySize()).toBe(before + 4);
    expect(stateOf(watch, 8004)).toBeUndefined();
    expect(stateOf(watch, 8005)).toBeUndefined();
    s.close();
    await s.closedWithin(3000);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("ids not released")), 5000);
      const check = () => {
        if (stateOf(watch, 8000) === undefined) {
          clearTimeout(timer);
          watch.awareness.off("change", check);
          resolve();
        }
      };
      watch.awareness.on("change", check);
      check();
    });
    expect(await registrySize()).toBe(before);
  });

  it("relays nothing on documents without presence (state, projections) and stores nothing", async () => {
    const before = await dbSnapshot(server, f.conferenceId);
    const stateWatcher = await RawYClient.connect(server.url, `${f.conferenceId}:state`, {
      cookie: f.people.health!.browser.cookieHeader,
      origin: server.origin,
    });
    open.push(stateWatcher);
    await stateWatcher.synced;
    const s = await openDoc(server, f.people.police!, `${f.conferenceId}:state`);
    open.push(s);
    s.send(awarenessFrame([{ clientId: 9000, clock: 1, state: JSON.stringify({ marker: "nope" }) }]));
    await barrier(s);
    expect(stateWatcher.awareness.getStates().has(9000)).toBe(false);
    expect(s.open).toBe(true);
    const after = await dbSnapshot(server, f.conferenceId);
    expect(after.yjs).toEqual(before.yjs);
    expect(after.content).toEqual(before.content);
  });

  it("relays a read-only person's presence without auditing it as a refused document write", async () => {
    const police = f.people.police!;
    const chair = f.people.chair!;
    expect((await chair.cmd({ type: "participant.mute", participantId: police.participantId })).ok).toBe(
      true,
    );
    try {
      const watch = await watcher(f.people.health!);
      const s = await attacker(police);
      s.send(awarenessFrame([{ clientId: 4242, clock: 1, state: JSON.stringify({ cursor: null }) }]));
      await barrier(s);
      await until(() => watch.awareness.getStates().has(4242), 5000, "presence relayed");
      const audit = await server.quorum.store.listAudit(f.conferenceId, { limit: 10_000 });
      expect(audit.filter((x) => x.actor === police.participantId && x.action === "sync.update")).toEqual([]);
    } finally {
      expect((await chair.cmd({ type: "participant.unmute", participantId: police.participantId })).ok).toBe(
        true,
      );
    }
  });
});
