import type { AddressInfo } from "node:net";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  encodeAwareness,
  encodeEmptyAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  framedUpdate,
  MESSAGE,
  type ParsedFrame,
  parseFrame,
  SYNC,
  webSocketFrame,
} from "../../server/sync/frames";

const MAX = 1024 * 1024;

/** mulberry32, so a failing fuzz case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Build a frame the way the stock provider does (y-websocket.js + y-protocols). */
function clientFrame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return doc;
}

/** What the stock provider does with a sync message: readSyncMessage, replying into `reply`. */
function providerReadsSync(frame: Uint8Array, doc: Y.Doc): { syncType: number; reply: Uint8Array } {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.sync);
  const reply = encoding.createEncoder();
  encoding.writeVarUint(reply, MESSAGE.sync); // as y-websocket's messageHandlers[messageSync] does
  const syncType = syncProtocol.readSyncMessage(decoder, reply, doc, "server");
  return { syncType, reply: encoding.toUint8Array(reply) };
}

describe("parseFrame: what the stock provider sends", () => {
  it("sync step 1 with the client's state vector", () => {
    const doc = docWithText("hello");
    const frame = clientFrame((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(parseFrame(frame, MAX)).toEqual({ type: "sync-step1", stateVector: Y.encodeStateVector(doc) });
  });

  it("sync step 1 from an empty doc", () => {
    const frame = clientFrame((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      syncProtocol.writeSyncStep1(e, new Y.Doc());
    });
    expect(parseFrame(frame, MAX)).toEqual({ type: "sync-step1", stateVector: new Uint8Array([0]) });
  });

  it("sync step 2 and update carry the update bytes unchanged", () => {
    const doc = docWithText("hello");
    const step2 = clientFrame((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      syncProtocol.writeSyncStep2(e, doc, new Uint8Array([0]));
    });
    expect(parseFrame(step2, MAX)).toEqual({ type: "sync-step2", update: Y.encodeStateAsUpdate(doc) });
    const update = Y.encodeStateAsUpdate(doc);
    const frame = clientFrame((e) => {
      encoding.writeVarUint(e, MESSAGE.sync);
      syncProtocol.writeUpdate(e, update);
    });
    expect(parseFrame(frame, MAX)).toEqual({ type: "sync-update", update });
  });

  it("awareness update", () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    try {
      awareness.setLocalState({ cursor: 3 });
      const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
      const frame = clientFrame((e) => {
        encoding.writeVarUint(e, MESSAGE.awareness);
        encoding.writeVarUint8Array(e, update);
      });
      expect(parseFrame(frame, MAX)).toEqual({ type: "awareness", update });
    } finally {
      awareness.destroy();
      doc.destroy();
    }
  });

  it("query awareness", () => {
    expect(parseFrame(new Uint8Array([MESSAGE.queryAwareness]), MAX)).toEqual({ type: "query-awareness" });
  });

  it("returns views into the frame, not copies", () => {
    const frame = encodeUpdate(new Uint8Array([0, 0]));
    const parsed = parseFrame(frame, MAX);
    expect(parsed.type === "sync-update" && parsed.update.buffer === frame.buffer).toBe(true);
  });
});

describe("parseFrame: refusals", () => {
  const cases: [string, number[], ParsedFrame][] = [
    ["empty frame", [], { type: "invalid", reason: "truncated" }],
    ["varint cut short", [200, 200, 200, 200], { type: "invalid", reason: "truncated" }],
    ["six-byte varint (over 2^35)", [200, 200, 200, 200, 200, 1], { type: "invalid", reason: "malformed" }],
    ["unknown message type", [7], { type: "invalid", reason: "unknown_type" }],
    ["large message type", [0xff, 0xff, 0x03], { type: "invalid", reason: "unknown_type" }],
    ["auth from a client", [MESSAGE.auth, 0, 1, 120], { type: "invalid", reason: "unknown_type" }],
    ["unknown sync type", [MESSAGE.sync, 3, 0], { type: "invalid", reason: "unknown_type" }],
    ["sync without a sub-type", [MESSAGE.sync], { type: "invalid", reason: "truncated" }],
    ["step 1 without a state vector", [MESSAGE.sync, SYNC.step1], { type: "invalid", reason: "truncated" }],
    // A length field claiming ~34 GB in a 10-byte frame: refused by comparing, never allocated.
    [
      "length claiming gigabytes",
      [MESSAGE.sync, SYNC.update, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3],
      { type: "invalid", reason: "truncated" },
    ],
    ["length one past the end", [MESSAGE.awareness, 3, 0, 0], { type: "invalid", reason: "truncated" }],
    [
      "trailing after update",
      [MESSAGE.sync, SYNC.update, 2, 0, 0, 9],
      { type: "invalid", reason: "trailing_bytes" },
    ],
    [
      "trailing after step 2",
      [MESSAGE.sync, SYNC.step2, 2, 0, 0, 0],
      { type: "invalid", reason: "trailing_bytes" },
    ],
    ["trailing after awareness", [MESSAGE.awareness, 1, 0, 0], { type: "invalid", reason: "trailing_bytes" }],
    ["trailing after query", [MESSAGE.queryAwareness, 0], { type: "invalid", reason: "trailing_bytes" }],
    [
      "trailing after step 1",
      [MESSAGE.sync, SYNC.step1, 1, 0, 0],
      { type: "invalid", reason: "trailing_bytes" },
    ],
    // The state vector itself is checked: Y.encodeStateAsUpdate must never see a bad one.
    [
      "state vector count too high",
      [MESSAGE.sync, SYNC.step1, 1, 5],
      { type: "invalid", reason: "malformed" },
    ],
    [
      "state vector pair cut short",
      [MESSAGE.sync, SYNC.step1, 3, 1, 7, 200],
      { type: "invalid", reason: "malformed" },
    ],
    [
      "state vector with trailing bytes",
      [MESSAGE.sync, SYNC.step1, 2, 0, 0],
      { type: "invalid", reason: "malformed" },
    ],
    [
      "state vector with an endless varint",
      [MESSAGE.sync, SYNC.step1, 7, 1, 200, 200, 200, 200, 200, 1],
      {
        type: "invalid",
        reason: "malformed",
      },
    ],
  ];
  it.each(cases)("%s", (_name, bytes, expected) => {
    expect(parseFrame(new Uint8Array(bytes), MAX)).toEqual(expected);
  });

  it("too large is decided before reading anything", () => {
    const frame = encodeUpdate(new Uint8Array(100));
    expect(parseFrame(frame, frame.length)).toMatchObject({ type: "sync-update" });
    expect(parseFrame(frame, frame.length - 1)).toEqual({ type: "invalid", reason: "too_large" });
    expect(parseFrame(new Uint8Array(11).fill(200), 10)).toEqual({ type: "invalid", reason: "too_large" });
  });

  it("every strict prefix of a valid frame is truncated", () => {
    const doc = docWithText("prefixes");
    const frames = [
      encodeSyncStep1(doc),
      encodeSyncStep2(doc),
      encodeUpdate(Y.encodeStateAsUpdate(doc)),
      encodeAwareness(new Uint8Array([1, 2, 3, 4])),
    ];
    for (const frame of frames) {
      expect(parseFrame(frame, MAX).type).not.toBe("invalid");
      for (let n = 0; n < frame.length; n++) {
        expect(parseFrame(frame.subarray(0, n), MAX)).toEqual({ type: "invalid", reason: "truncated" });
      }
    }
  });

  it("never throws on random bytes or on mutated valid frames (seeded)", () => {
    const reasons = new Set(["too_large", "truncated", "unknown_type", "trailing_bytes", "malformed"]);
    const valid = encodeSyncStep1(docWithText("seed"));
    for (let seed = 1; seed <= 3000; seed++) {
      const random = prng(seed);
      const bytes =
        seed % 2 === 0
          ? Uint8Array.from({ length: Math.floor(random() * 24) }, () => Math.floor(random() * 256))
          : valid.map((b) => (random() < 0.2 ? Math.floor(random() * 256) : b));
      const parsed = parseFrame(bytes, 16);
      if (parsed.type === "invalid") expect(reasons.has(parsed.reason)).toBe(true);
    }
  });
});

describe("encoders: the bytes the stock provider expects", () => {
  it("sync step 1 is answered by the provider with its step 2", () => {
    const server = docWithText("server text");
    const client = docWithText("client text");
    const { syncType, reply } = providerReadsSync(encodeSyncStep1(server), client);
    expect(syncType).toBe(syncProtocol.messageYjsSyncStep1);
    // The reply is what the provider sends back: it parses as our sync-step2 and brings the client's text.
    const parsed = parseFrame(reply, MAX);
    expect(parsed.type).toBe("sync-step2");
    if (parsed.type !== "sync-step2") return;
    Y.applyUpdate(server, parsed.update);
    expect(server.getText("t").toString()).toContain("client text");
  });

  it("sync step 2 brings the provider exactly what it lacked", () => {
    const server = docWithText("abc");
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    server.getText("t").insert(3, "def");
    const { syncType } = providerReadsSync(encodeSyncStep2(server, Y.encodeStateVector(client)), client);
    expect(syncType).toBe(syncProtocol.messageYjsSyncStep2);
    expect(client.getText("t").toString()).toBe("abcdef");
    expect(client.store.pendingStructs).toBeNull();
  });

  it("sync step 2 without a state vector is the whole document", () => {
    const client = new Y.Doc();
    providerReadsSync(encodeSyncStep2(docWithText("all of it")), client);
    expect(client.getText("t").toString()).toBe("all of it");
  });

  it("sync step 2 refuses a malformed state vector rather than passing it to Yjs", () => {
    expect(() => encodeSyncStep2(new Y.Doc(), new Uint8Array([3, 1]))).toThrow(RangeError);
  });

  it("update is applied by the provider", () => {
    const server = docWithText("x");
    const client = new Y.Doc();
    const { syncType } = providerReadsSync(encodeUpdate(Y.encodeStateAsUpdate(server)), client);
    expect(syncType).toBe(syncProtocol.messageYjsUpdate);
    expect(client.getText("t").toString()).toBe("x");
  });

  it("the encoders match y-protocols' writers byte for byte", () => {
    const doc = docWithText("same bytes");
    const sv = Y.encodeStateVector(new Y.Doc());
    const update = Y.encodeStateAsUpdate(doc);
    expect(encodeSyncStep1(doc)).toEqual(
      clientFrame((e) => {
        encoding.writeVarUint(e, MESSAGE.sync);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
    expect(encodeSyncStep2(doc, sv)).toEqual(
      clientFrame((e) => {
        encoding.writeVarUint(e, MESSAGE.sync);
        syncProtocol.writeSyncStep2(e, doc, sv);
      }),
    );
    expect(encodeUpdate(update)).toEqual(
      clientFrame((e) => {
        encoding.writeVarUint(e, MESSAGE.sync);
        syncProtocol.writeUpdate(e, update);
      }),
    );
    expect(encodePermissionDenied("read-only")).toEqual(
      clientFrame((e) => {
        encoding.writeVarUint(e, MESSAGE.auth);
        authProtocol.writePermissionDenied(e, "read-only");
      }),
    );
  });

  it("permission denied reaches the provider's handler with its reason", () => {
    const decoder = decoding.createDecoder(encodePermissionDenied("read-only: you are observing"));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE.auth);
    const reasons: string[] = [];
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
    expect(reasons).toEqual(["read-only: you are observing"]);
  });

  it("awareness and the empty keep-alive are applied by a real Awareness", () => {
    const sender = new Y.Doc();
    const receiver = new Y.Doc();
    const from = new awarenessProtocol.Awareness(sender);
    const to = new awarenessProtocol.Awareness(receiver);
    try {
      from.setLocalState({ name: "x" });
      const applyFrame = (frame: Uint8Array) => {
        const decoder = decoding.createDecoder(frame);
        expect(decoding.readVarUint(decoder)).toBe(MESSAGE.awareness);
        awarenessProtocol.applyAwarenessUpdate(to, decoding.readVarUint8Array(decoder), "server");
      };
      applyFrame(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(from, [sender.clientID])));
      expect(to.getStates().get(sender.clientID)).toEqual({ name: "x" });

      const changes: unknown[] = [];
      to.on("update", (change: unknown) => changes.push(change));
      applyFrame(encodeEmptyAwareness());
      expect(changes).toEqual([]);
      expect(to.getStates().get(sender.clientID)).toEqual({ name: "x" });
      expect(parseFrame(encodeEmptyAwareness(), MAX)).toEqual({
        type: "awareness",
        update: new Uint8Array([0]),
      });
    } finally {
      from.destroy();
      to.destroy();
      sender.destroy();
      receiver.destroy();
    }
  });

  it("every encoder's output parses back (server frames use the same grammar)", () => {
    const doc = docWithText("round trip");
    expect(parseFrame(encodeSyncStep1(doc), MAX)).toEqual({
      type: "sync-step1",
      stateVector: Y.encodeStateVector(doc),
    });
    expect(parseFrame(encodeSyncStep2(doc), MAX)).toEqual({
      type: "sync-step2",
      update: Y.encodeStateAsUpdate(doc),
    });
    expect(parseFrame(encodeAwareness(new Uint8Array([0])), MAX)).toEqual({
      type: "awareness",
      update: new Uint8Array([0]),
    });
  });
});

describe("webSocketFrame: one frame written to every connection of a broadcast", () => {
  it("builds frames a real ws client reads, at each length encoding, through the sender SyncConnection uses", async () => {
    // The lengths around each switch of RFC 6455's payload length (7 bits, 16 bits, 64 bits).
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    const messages = lengths.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff));
    const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    const port = (wss.address() as AddressInfo).port;
    try {
      const sent = new Promise<void>((resolve, reject) => {
        wss.on("connection", (ws) => {
          // What SyncConnection.sendFramed relies on in ws's internals: if an upgrade of ws moves
          // them, this fails (and sendFramed would fall back to ws.send, correct but slower).
          const sender = (ws as unknown as { _sender: { _state: unknown; sendFrame: unknown } })._sender;
          try {
            expect(sender._state).toBe(0);
            expect(typeof sender.sendFrame).toBe("function");
          } catch (err) {
            reject(err);
            return;
          }
          const send = sender.sendFrame as (list: Buffer[]) => void;
          for (const m of messages) send.call(sender, [webSocketFrame(m)]);
          resolve();
        });
      });
      const client = new WebSocket(`ws://127.0.0.1:${port}`);
      const received: Uint8Array[] = [];
      const all = new Promise<void>((resolve, reject) => {
        client.on("message", (data, isBinary) => {
          if (!isBinary) reject(new Error("a text frame"));
          received.push(new Uint8Array(data as Buffer));
          if (received.length === messages.length) resolve();
        });
        client.on("error", reject);
      });
      await sent;
      await all;
      client.close();
      expect(received.map((m) => m.byteLength)).toEqual(lengths);
      for (const [i, m] of messages.entries())
        expect(Buffer.from(received[i]!).equals(Buffer.from(m))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  it("frames a relayed update in one buffer exactly as encodeUpdate and webSocketFrame would", () => {
    // Around each switch of the update's varUint length (1, 2, 3 bytes) and of the frame's payload
    // length (125/126 and 65,535/65,536 bytes of message: 2 + length bytes + the update).
    const lengths = [0, 1, 127, 128, 122, 123, 16_383, 16_384, 65_530, 65_531, 200_000];
    for (const n of lengths) {
      const update = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff);
      const { message, wire } = framedUpdate(update);
      const expected = encodeUpdate(update);
      expect(Buffer.from(message).equals(Buffer.from(expected)), `message of a ${n}-byte update`).toBe(true);
      expect(wire.equals(webSocketFrame(expected)), `frame of a ${n}-byte update`).toBe(true);
      // The message is the frame's payload, not a copy of it.
      expect(message.buffer).toBe(wire.buffer);
      expect(message.byteOffset + message.byteLength).toBe(wire.byteOffset + wire.byteLength);
    }
  });

  it("heads a short frame with two bytes and longer ones with the extended lengths", () => {
    expect([...webSocketFrame(new Uint8Array([7, 8]))]).toEqual([0x82, 2, 7, 8]);
    expect([...webSocketFrame(new Uint8Array(126)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126]);
    expect([...webSocketFrame(new Uint8Array(65_536)).subarray(0, 10)]).toEqual([
      0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0,
    ]);
  });
});
