import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { dbSnapshot, freshDoc, MiB, memoryNow } from "./support/state";
import { healthz, TcpWebSocket, type WireSocket } from "./support/wire";
import { barrier, bytes, editOf, openDoc, replicaOf, syncFrame, varUint } from "./support/yframes";

/**
 * Attack 2: malformed and hostile Yjs from a person who may write. Every frame below closes the
 * connection with 4400 (or 1009 for an oversized frame) within a bound, stores nothing, leaves the
 * document as it was, and the server's memory where it was.
 */

let server: TestServer;
let f: ConferenceFixture;
let writer: Person;
let item: string;
const sockets: WireSocket[] = [];
const professional = () => `${f.conferenceId}:professional`;

beforeAll(async () => {
  server = await startTestServer();
  f = await openConference(server);
  writer = f.people.social!;
  const ack = await writer.cmd({
    type: "content.create",
    kind: "mapping_item",
    area: "worries_future_danger",
  });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  item = (ack.result as { contentId: string }).contentId;
  // Some honest text first, so "unchanged" means something.
  const { update } = await freshDoc(server, writer, professional());
  const sock = await openDoc(server, writer, professional());
  sockets.push(sock);
  sock.send(
    syncFrame(
      2,
      editOf(replicaOf(update), (d) => (d.getMap("texts").get(item) as Y.Text).insert(0, "Honest text.")),
    ),
  );
  await barrier(sock);
});
// Whatever a test did, the server is still up and answers /healthz within 1 s.
afterEach(async () => {
  await healthz(server.url);
});
afterAll(async () => {
  for (const s of sockets) s.terminate();
  f?.close();
  await server.close();
});

/** A Yjs update whose first edit is missing: everything in it would be parked as pending structs. */
async function pendingStructsUpdate(): Promise<Uint8Array> {
  const { update } = await freshDoc(server, writer, professional());
  const replica = replicaOf(update);
  editOf(replica, (d) => (d.getMap("texts").get(item) as Y.Text).insert(0, "FIRST-"));
  return editOf(replica, (d) => (d.getMap("texts").get(item) as Y.Text).insert(6, "SECOND-PENDING-"));
}

/** A delete of a range the document does not have (it would be parked in pendingDs). */
function unknownDeleteUpdate(): Uint8Array {
  // V1: no struct groups; delete set with one client (id 123456), one range clock 10 len 5.
  return bytes(0, 1, varUint(123456), 1, 10, 5);
}

/** Map value nested 100,000 arrays deep: lib0's recursive readAny would overflow the stack. */
function deeplyNestedUpdate(): Uint8Array {
  const doc = new Y.Doc();
  const plain = editOf(doc, (d) => d.getMap("texts").set("deep", [[1]]));
  // ContentAny [[1]] is written as: array(117) len 1, array(117) len 1, integer(125) 1.
  const needle = Buffer.from([117, 1, 117, 1, 125, 1]);
  const at = Buffer.from(plain).indexOf(needle);
  if (at < 0) throw new Error("could not find the nested value in the update");
  const deep = Buffer.alloc(100_000 * 2, 0);
  for (let i = 0; i < deep.length; i += 2) {
    deep[i] = 117;
    deep[i + 1] = 1;
  }
  return Buffer.concat([
    plain.subarray(0, at),
    deep,
    Buffer.from([125, 1]),
    plain.subarray(at + needle.length),
  ]);
}

const hostile: [string, () => Promise<Uint8Array> | Uint8Array][] = [
  ["garbage bytes", () => Buffer.from("\xde\xad\xbe\xef garbage", "latin1")],
  ["[200,200,200,200] (a varint that never ends)", () => bytes(200, 200, 200, 200)],
  ["an empty frame", () => new Uint8Array(0)],
  ["a sync message with nothing after its type", () => bytes(0)],
  ["an unknown sync sub-type", () => bytes(0, 9, 0)],
  ["an unknown message type", () => bytes(7, 0)],
  ["the auth message type from a client", () => bytes(2, 0, 1, 65)],
  ["a truncated length varint", () => bytes(0, 2, 0x80)],
  ["a varint longer than 5 bytes", () => bytes(0, 2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0)],
  ["a length claiming 256 MiB over 3 bytes", () => bytes(0, 2, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3)],
  ["a length claiming 4 MiB in a step 2", () => bytes(0, 1, varUint(4 * MiB), 0, 0)],
  ["trailing bytes after a valid update", () => bytes(syncFrame(2, bytes(0, 0)), 0, 0, 0)],
  ["an update that is not Yjs", () => syncFrame(2, bytes(3, 1, 2, 3))],
  ["an update with a truncated struct", () => syncFrame(2, bytes(1, 1, varUint(99), 0, 4))],
  ["a step 1 whose state vector is not one", () => syncFrame(0, bytes(5, 1))],
  ["a step 1 whose state vector claims 2^28 entries", () => syncFrame(0, bytes(varUint(2 ** 28), 1, 1))],
  [
    "an update whose earlier edits are missing (pending structs)",
    async () => syncFrame(2, await pendingStructsUpdate()),
  ],
  ["a delete of a range nobody has (pending deletes)", () => syncFrame(2, unknownDeleteUpdate())],
  ["a value nested 100,000 arrays deep", () => syncFrame(2, deeplyNestedUpdate())],
  ["an awareness message that is not one", () => bytes(1, 3, 9, 9, 9)],
];

describe("malformed and hostile Yjs", () => {
  it.each(hostile)(
    "closes the connection with 4400 for %s, stores nothing and stays up",
    async (_name, make) => {
      const frame = await make();
      const before = await dbSnapshot(server, f.conferenceId);
      const docBefore = (await freshDoc(server, writer, professional())).json;
      const sock = await openDoc(server, writer, professional());
      sockets.push(sock);
      const start = performance.now();
      sock.send(frame);
      const code = await sock.closedWithin(3000);
      expect(performance.now() - start).toBeLessThan(3000);
      expect(code).toBe(CLOSE.protocolError);
      expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
      expect((await freshDoc(server, writer, professional())).json).toBe(docBefore);
      await healthz(server.url);
    },
  );

  it("closes a text (non-binary) frame with 4400", async () => {
    const sock = await openDoc(server, writer, professional());
    sockets.push(sock);
    sock.send("[0,2,0,0]");
    expect(await sock.closedWithin(3000)).toBe(CLOSE.protocolError);
  });

  it("keeps a valid, complete update from a writer (the control case)", async () => {
    const { update } = await freshDoc(server, writer, professional());
    const sock = await openDoc(server, writer, professional());
    sockets.push(sock);
    sock.send(
      syncFrame(
        2,
        editOf(replicaOf(update), (d) => (d.getMap("texts").get(item) as Y.Text).insert(0, "OK-")),
      ),
    );
    await barrier(sock);
    expect(sock.open).toBe(true);
    const after = await freshDoc(server, writer, professional());
    expect(String(after.doc.getMap("texts").get(item))).toContain("OK-Honest text.");
  });

  it("closes a 50 MiB frame carrying a valid update with 1009, without reading it, in bounded time and memory", async () => {
    const size = 50 * MiB;
    const { prefix, suffix } = hugeTextUpdateParts();
    // The same construction at a small size is a valid Yjs update (checked, not assumed).
    const small = Buffer.concat([prefix, Buffer.from(varUint(1000)), Buffer.alloc(1000, 97), suffix]);
    const check = new Y.Doc();
    Y.applyUpdate(check, small);
    expect(check.getText("big").length).toBe(1000);

    const before = await dbSnapshot(server, f.conferenceId);
    const memBefore = memoryNow();
    const sock = await TcpWebSocket.open(server.url, `/sync/${professional()}`, {
      origin: server.origin,
      cookie: writer.browser.cookieHeader,
    });
    const lenBytes = Buffer.from(varUint(size));
    const updateLength = prefix.length + lenBytes.length + size + suffix.length;
    const head = Buffer.concat([Buffer.from([0, 2]), Buffer.from(varUint(updateLength)), prefix, lenBytes]);
    const start = performance.now();
    // [0, 2, varUint(len), update], streamed in 64 KiB chunks until the server says stop.
    await sock.write(TcpWebSocket.header(head.length + size + suffix.length));
    await sock.write(head);
    const chunk = Buffer.alloc(64 * 1024, 97);
    let sent = 0;
    while (sent < size && (await sock.write(chunk))) sent += chunk.length;
    const code = await sock.closedWithin(10_000);
    sock.destroy();
    expect(code).toBe(1009);
    expect(performance.now() - start).toBeLessThan(10_000);
    const memAfter = memoryNow();
    expect(memAfter.heapUsed - memBefore.heapUsed).toBeLessThan(16 * MiB);
    expect(memAfter.external - memBefore.external).toBeLessThan(16 * MiB);
    expect(memAfter.rss - memBefore.rss).toBeLessThan(64 * MiB);
    expect(await dbSnapshot(server, f.conferenceId)).toEqual(before);
    await healthz(server.url);
  });

  it("keeps memory flat over 200 hostile connections", async () => {
    const frames = [
      bytes(0, 2, 0xff, 0xff, 0xff, 0x7f),
      bytes(200, 200, 200, 200),
      syncFrame(2, unknownDeleteUpdate()),
    ];
    const memBefore = memoryNow();
    for (let round = 0; round < 10; round++) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const sock = await openDoc(server, writer, professional());
          sock.send(frames[(round + i) % frames.length]!);
          return sock.closedWithin(5000);
        }),
      );
      expect(new Set(batch)).toEqual(new Set([CLOSE.protocolError]));
    }
    const memAfter = memoryNow();
    expect(memAfter.heapUsed - memBefore.heapUsed).toBeLessThan(16 * MiB);
    await healthz(server.url);
  });
});

/** A Yjs update inserting one string into root text "big", split around the string's bytes. */
function hugeTextUpdateParts(): { prefix: Buffer; suffix: Buffer } {
  const doc = new Y.Doc();
  const update = Buffer.from(editOf(doc, (d) => d.getText("big").insert(0, "X")));
  // ContentString "X" is varUint(1) 'X'; then the empty delete set (0) ends the update.
  const tail = Buffer.from([1, 88, 0]);
  if (!update.subarray(-3).equals(tail)) throw new Error("unexpected update layout");
  return { prefix: update.subarray(0, -3), suffix: Buffer.from([0]) };
}
