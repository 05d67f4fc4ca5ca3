import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  type AwarenessEntry,
  AwarenessRegistry,
  encodeAwarenessEntries,
  parseAwarenessUpdate,
} from "../../server/sync/awareness";

const LIMITS = { maxEntries: 8, maxStateBytes: 4096 };
const CHAIR = { participantId: "p-chair", name: "Chair", role: "chair" };
const POLICE = { participantId: "p-police", name: "DC Shah", role: "police" };

/** Real Awareness instances start an interval each: destroy every one a test makes. */
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});
function realAwareness(): awarenessProtocol.Awareness {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  cleanup.push(() => {
    awareness.destroy();
    doc.destroy();
  });
  return awareness;
}

/** Bytes of an awareness update written by hand: [clientId, clock, raw JSON text]. */
function rawUpdate(entries: [number, number, string][], count = entries.length): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, count);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, json);
  }
  return encoding.toUint8Array(e);
}

function entry(clientId: number, clock: number, state: Record<string, unknown> | null): AwarenessEntry {
  return { clientId, clock, state };
}

describe("parseAwarenessUpdate", () => {
  it("reads what the stock client's Awareness encodes", () => {
    const client = realAwareness();
    client.setLocalState({ cursor: { anchor: 4, head: 9 }, user: { name: "I am the chair" } });
    const update = awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]);
    expect(parseAwarenessUpdate(update, LIMITS)).toEqual({
      ok: true,
      entries: [
        entry(client.clientID, 1, { cursor: { anchor: 4, head: 9 }, user: { name: "I am the chair" } }),
      ],
    });
  });

  it("reads a removal (null state) and an empty update", () => {
    expect(parseAwarenessUpdate(rawUpdate([[7, 3, "null"]]), LIMITS)).toEqual({
      ok: true,
      entries: [entry(7, 3, null)],
    });
    expect(parseAwarenessUpdate(new Uint8Array([0]), LIMITS)).toEqual({ ok: true, entries: [] });
  });

  const refusals: [string, Uint8Array, string][] = [
    ["empty bytes", new Uint8Array([]), "truncated"],
    ["a varint cut short", new Uint8Array([200, 200, 200, 200]), "truncated"],
    ["a six-byte varint", new Uint8Array([1, 200, 200, 200, 200, 200, 1, 0, 0]), "malformed"],
    ["an entry missing", rawUpdate([[1, 1, "{}"]], 2), "truncated"],
    ["a state length past the end", new Uint8Array([1, 1, 1, 50, 123, 125]), "truncated"],
    ["trailing bytes", new Uint8Array([...rawUpdate([[1, 1, "{}"]]), 0]), "trailing_bytes"],
    ["invalid JSON", rawUpdate([[1, 1, "{nope"]]), "malformed"],
    ["invalid UTF-8", new Uint8Array([1, 1, 1, 4, 0x22, 0xff, 0xfe, 0x22]), "malformed"],
    ["a number", rawUpdate([[1, 1, "42"]]), "not_object"],
    ["a string", rawUpdate([[1, 1, '"hi"']]), "not_object"],
    ["an array", rawUpdate([[1, 1, "[1,2]"]]), "not_object"],
    ["true", rawUpdate([[1, 1, "true"]]), "not_object"],
  ];
  it.each(refusals)("refuses %s", (_name, bytes, reason) => {
    expect(parseAwarenessUpdate(bytes, LIMITS)).toEqual({ ok: false, reason });
  });

  it("refuses a state over maxStateBytes before decoding it", () => {
    const big = JSON.stringify({ pad: "x".repeat(5000) });
    expect(parseAwarenessUpdate(rawUpdate([[1, 1, big]]), LIMITS)).toEqual({
      ok: false,
      reason: "state_too_large",
    });
    const exact = JSON.stringify({ pad: "x".repeat(4096 - 10) });
    expect(exact.length).toBe(4096);
    expect(parseAwarenessUpdate(rawUpdate([[1, 1, exact]]), LIMITS).ok).toBe(true);
  });

  it("refuses more entries than maxEntries, by the count alone", () => {
    const nine = rawUpdate(Array.from({ length: 9 }, (_, i): [number, number, string] => [i + 1, 1, "{}"]));
    expect(parseAwarenessUpdate(nine, LIMITS)).toEqual({ ok: false, reason: "too_many_entries" });
    // A count claiming millions with no entries behind it is refused without looping.
    expect(parseAwarenessUpdate(new Uint8Array([0xff, 0xff, 0xff, 0x7f]), LIMITS)).toEqual({
      ok: false,
      reason: "too_many_entries",
    });
  });

  it("never throws on random bytes (seeded)", () => {
    let a = 12345;
    const random = () => {
      a = (Math.imul(a, 1103515245) + 12345) >>> 0;
      return a / 4294967296;
    };
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 20) }, () => Math.floor(random() * 256));
      expect(typeof parseAwarenessUpdate(bytes, LIMITS).ok).toBe("boolean");
    }
  });
});

describe("encodeAwarenessEntries", () => {
  it("round-trips through parseAwarenessUpdate and into a real Awareness", () => {
    const entries = [entry(5, 2, { a: 1 }), entry(6, 9, null)];
    expect(parseAwarenessUpdate(encodeAwarenessEntries(entries), LIMITS)).toEqual({ ok: true, entries });
    const peer = realAwareness();
    awarenessProtocol.applyAwarenessUpdate(peer, encodeAwarenessEntries([entry(5, 2, { a: 1 })]), "server");
    expect(peer.getStates().get(5)).toEqual({ a: 1 });
  });
});

describe("AwarenessRegistry", () => {
  it("binds a client id to the first connection and overwrites `user` with the server's identity", () => {
    const registry = new AwarenessRegistry();
    const { accepted, rejected } = registry.apply(
      "conn-police",
      [entry(100, 1, { cursor: 3, user: { name: "Chair" } })],
      POLICE,
    );
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([entry(100, 1, { cursor: 3, user: POLICE })]);
    expect(registry.snapshot()).toEqual(accepted);
    expect(registry.size).toBe(1);
  });

  it("refuses another connection's client id (spoofing someone as the chair)", () => {
    const registry = new AwarenessRegistry();
    registry.apply("conn-chair", [entry(1, 1, { cursor: 0 })], CHAIR);
    const { accepted, rejected } = registry.apply("conn-police", [entry(1, 2, { name: "Chair" })], POLICE);
    expect(accepted).toEqual([]);
    expect(rejected).toEqual([{ clientId: 1, reason: "owned_by_other" }]);
    expect(registry.snapshot()).toEqual([entry(1, 1, { cursor: 0, user: CHAIR })]);
  });

  it("refuses a null state for another connection's id (evicting someone)", () => {
    const registry = new AwarenessRegistry();
    registry.apply("conn-chair", [entry(1, 5, { cursor: 0 })], CHAIR);
    const { rejected } = registry.apply("conn-police", [entry(1, 5, null), entry(1, 6, null)], POLICE);
    expect(rejected).toEqual([
      { clientId: 1, reason: "owned_by_other" },
      { clientId: 1, reason: "owned_by_other" },
    ]);
    expect(registry.size).toBe(1);
  });

  it("refuses a removal for an id nobody holds, without binding it", () => {
    // The stock client sends these when its 30-second timeout drops a peer that has gone.
    const registry = new AwarenessRegistry();
    expect(registry.apply("conn-police", [entry(1, 5, null)], POLICE).rejected).toEqual([
      { clientId: 1, reason: "unknown_client" },
    ]);
    expect(registry.apply("conn-chair", [entry(1, 1, { cursor: 0 })], CHAIR).accepted).toHaveLength(1);
  });

  it("requires clocks to increase", () => {
    const registry = new AwarenessRegistry();
    registry.apply("c", [entry(1, 5, { v: 1 })], POLICE);
    const { accepted, rejected } = registry.apply(
      "c",
      [entry(1, 5, { v: 2 }), entry(1, 4, { v: 3 })],
      POLICE,
    );
    expect(accepted).toEqual([]);
    expect(rejected).toEqual([
      { clientId: 1, reason: "stale_clock" },
      { clientId: 1, reason: "stale_clock" },
    ]);
    expect(registry.apply("c", [entry(1, 6, { v: 4 })], POLICE).accepted).toEqual([
      entry(1, 6, { v: 4, user: POLICE }),
    ]);
  });

  it("lets the owner set its own state to null and back", () => {
    const registry = new AwarenessRegistry();
    registry.apply("c", [entry(1, 1, { v: 1 })], POLICE);
    expect(registry.apply("c", [entry(1, 2, null)], POLICE).accepted).toEqual([entry(1, 2, null)]);
    expect(registry.size).toBe(0);
    expect(registry.snapshot()).toEqual([]);
    expect(registry.apply("c", [entry(1, 3, { v: 2 })], POLICE).accepted).toEqual([
      entry(1, 3, { v: 2, user: POLICE }),
    ]);
  });

  it("caps the client ids one connection may hold", () => {
    const registry = new AwarenessRegistry({ maxClientIdsPerOwner: 2 });
    const { accepted, rejected } = registry.apply(
      "c",
      [entry(1, 1, {}), entry(2, 1, {}), entry(3, 1, {}), entry(1, 2, {})],
      POLICE,
    );
    expect(accepted.map((e) => e.clientId)).toEqual([1, 2, 1]);
    expect(rejected).toEqual([{ clientId: 3, reason: "too_many_ids" }]);
  });

  it("remove() returns bumped removals for the connection's live ids and frees them", () => {
    const registry = new AwarenessRegistry();
    registry.apply("conn-chair", [entry(1, 4, { a: 1 }), entry(2, 7, { b: 1 })], CHAIR);
    registry.apply("conn-chair", [entry(2, 8, null)], CHAIR);
    registry.apply("conn-police", [entry(3, 1, { c: 1 })], POLICE);
    expect(registry.remove("conn-chair")).toEqual([entry(1, 5, null)]);
    expect(registry.snapshot()).toEqual([entry(3, 1, { c: 1, user: POLICE })]);
    expect(registry.remove("conn-chair")).toEqual([]);
    // Freed: the id can be bound again (the same tab, reconnecting).
    expect(registry.apply("conn-chair-2", [entry(1, 4, { a: 1 })], CHAIR).rejected).toEqual([]);
  });

  it("a reconnecting tab reappears at once for peers (its old clock is lifted past the removal)", () => {
    const registry = new AwarenessRegistry();
    const client = realAwareness();
    const peer = realAwareness();
    const relay = (entries: AwarenessEntry[]) =>
      awarenessProtocol.applyAwarenessUpdate(peer, encodeAwarenessEntries(entries), "server");

    client.setLocalState({ cursor: 1 });
    const sent = () => {
      const parsed = parseAwarenessUpdate(
        awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]),
        LIMITS,
      );
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.entries;
    };
    relay(registry.apply("conn-1", sent(), CHAIR).accepted);
    expect(peer.getStates().get(client.clientID)).toEqual({ cursor: 1, user: CHAIR });

    relay(registry.remove("conn-1"));
    expect(peer.getStates().has(client.clientID)).toBe(false);

    // y-websocket resends the local state with its unchanged clock on reconnect.
    relay(registry.apply("conn-2", sent(), CHAIR).accepted);
    expect(peer.getStates().get(client.clientID)).toEqual({ cursor: 1, user: CHAIR });

    // And its next renewal still goes through.
    client.setLocalState({ cursor: 2 });
    relay(registry.apply("conn-2", sent(), CHAIR).accepted);
    expect(peer.getStates().get(client.clientID)).toEqual({ cursor: 2, user: CHAIR });
  });

  it("round trip: stock client -> registry -> a real Awareness shows the rewritten states", () => {
    const registry = new AwarenessRegistry();
    const chairTab = realAwareness();
    const policeTab = realAwareness();
    const observer = realAwareness();
    chairTab.setLocalState({ cursor: 5, user: { name: "Chair" } });
    policeTab.setLocalState({ cursor: 9, user: { name: "Chair" } }); // claims to be the chair

    for (const [conn, tab, identity] of [
      ["conn-chair", chairTab, CHAIR],
      ["conn-police", policeTab, POLICE],
    ] as const) {
      const parsed = parseAwarenessUpdate(
        awarenessProtocol.encodeAwarenessUpdate(tab, [tab.clientID]),
        LIMITS,
      );
      if (!parsed.ok) throw new Error(parsed.reason);
      registry.apply(conn, parsed.entries, identity);
    }
    // The police tab also tries to remove the chair, as its own timeout would.
    registry.apply("conn-police", [entry(chairTab.clientID, 1, null)], POLICE);

    // A new connection gets the snapshot.
    awarenessProtocol.applyAwarenessUpdate(observer, encodeAwarenessEntries(registry.snapshot()), "server");
    expect(observer.getStates().get(chairTab.clientID)).toEqual({ cursor: 5, user: CHAIR });
    expect(observer.getStates().get(policeTab.clientID)).toEqual({ cursor: 9, user: POLICE });

    awarenessProtocol.applyAwarenessUpdate(
      observer,
      encodeAwarenessEntries(registry.remove("conn-police")),
      "server",
    );
    expect(observer.getStates().has(policeTab.clientID)).toBe(false);
    expect(observer.getStates().get(chairTab.clientID)).toEqual({ cursor: 5, user: CHAIR });
  });

  it("forgets released clocks beyond maxReleased, oldest first", () => {
    const registry = new AwarenessRegistry({ maxReleased: 2 });
    for (const id of [1, 2, 3]) {
      registry.apply(`c${id}`, [entry(id, 10, {})], POLICE);
      registry.remove(`c${id}`);
    }
    // 1 was forgotten: its first clock is taken as sent; 3 is remembered and lifted past 11.
    expect(registry.apply("d1", [entry(1, 1, {})], POLICE).accepted[0]!.clock).toBe(1);
    expect(registry.apply("d3", [entry(3, 1, {})], POLICE).accepted[0]!.clock).toBe(12);
  });

  it("keeps the server's identity object apart from later changes to it", () => {
    const registry = new AwarenessRegistry();
    const identity: Record<string, unknown> = { name: "Chair" };
    registry.apply("c", [entry(1, 1, {})], identity);
    identity.name = "changed";
    expect(registry.snapshot()[0]!.state).toEqual({ user: { name: "Chair" } });
  });
});
