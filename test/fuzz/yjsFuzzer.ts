import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { freshDoc } from "../security/support/state";
import { healthz, type WireSocket } from "../security/support/wire";
import {
  awarenessFrame,
  barrier,
  bytes,
  openDoc,
  permissionDenied,
  syncFrame,
} from "../security/support/yframes";
import type { Person } from "../support/room";
import type { TestServer } from "../support/server";
import { iterationRng, mutate, type Rng, randomBytes } from "./gen";

/**
 * Fuzz the Yjs message handler through a live connection. A writer sends valid edits, mutated
 * updates and garbage; a read-only participant (an observer) sends edits carrying unique markers.
 * One frame at a time, each followed by a barrier (a sync request whose answer proves the frame was
 * handled), so the fuzzer knows which frames the server accepted and keeps a mirror document of
 * exactly those. Invariants, checked every `checkEvery` frames and at the end:
 *  - the server answers every frame within 5 s and /healthz within 1 s;
 *  - a fresh client's copy equals the mirror (same state vector and delete set, same texts): the
 *    document holds only bytes a writer sent and the server accepted, and all of them, besides the
 *    server's own repairs of the layout (server/rooms/professionalLayout.ts), which it relays;
 *  - no read-only marker is in the document, its stored updates or a fresh client's bytes;
 *  - the server's document has no pending structs or deletes.
 */

export interface YjsFuzzTarget {
  server: TestServer;
  conferenceId: string;
  writer: Person;
  readOnly: Person;
  /** A full-view person for fresh copies. */
  watcher: Person;
}

export interface FuzzReport {
  iterations: number;
  accepted: number;
  refused: number;
  reconnects: number;
  checks: number;
  slowestMs: number;
  /** The most elements the minutes and the plan held at once (the rich-text edits did land). */
  richElements?: number;
}

const AUTHOR_ID = 0x51_0000;
const READER_ID = 0x52_0000;

export async function fuzzYjs(
  target: YjsFuzzTarget,
  seed: number,
  deadline: number,
  opts: {
    checkEvery?: number;
    log?: (line: string) => void;
    /** Asked at every fifth check (and the last): a problem found outside the document, or undefined. */
    verify?: () => Promise<string | undefined>;
  } = {},
): Promise<FuzzReport> {
  const { server, conferenceId, writer, readOnly, watcher } = target;
  const name = `${conferenceId}:professional`;
  const checkEvery = opts.checkEvery ?? 250;
  const report: FuzzReport = {
    iterations: 0,
    accepted: 0,
    refused: 0,
    reconnects: 0,
    checks: 0,
    slowestMs: 0,
  };
  const mirror = new Y.Doc();
  Y.applyUpdate(mirror, (await freshDoc(server, watcher, name)).update);
  const roMarkers: string[] = [];
  const sockets = new Set<WireSocket>();
  const open = async (who: Person) => {
    const s = await openDoc(server, who, name);
    sockets.add(s);
    return s;
  };
  let writerSock = await open(writer);
  let readerSock = await open(readOnly);

  /** Send one frame and find out, through a barrier, whether the server took it. */
  const send = async (
    who: "writer" | "reader",
    frame: Uint8Array,
  ): Promise<"accepted" | "denied" | "closed"> => {
    const sock = who === "writer" ? writerSock : readerSock;
    const from = sock.frames.length;
    const start = performance.now();
    sock.send(frame);
    let outcome: "accepted" | "denied" | "closed";
    try {
      await barrier(sock, 5000);
      outcome = sock.frames.slice(from).some((f) => permissionDenied(f.data) !== undefined)
        ? "denied"
        : "accepted";
    } catch (err) {
      if (sock.closeCode === undefined) throw new Error(`no answer within 5 s (${(err as Error).message})`);
      if (sock.closeCode < 4000 && sock.closeCode !== 1009) throw new Error(`closed with ${sock.closeCode}`);
      outcome = "closed";
    }
    report.slowestMs = Math.max(report.slowestMs, performance.now() - start);
    // The only other writer is the server itself, restoring the document's layout (a content item's
    // container replaced or deleted): its updates reach the writer as relayed updates; mirror them.
    if (who === "writer") for (const f of sock.frames.slice(from)) serverWrite(f.data);
    if (outcome === "closed") {
      sockets.delete(sock);
      report.reconnects++;
      if (who === "writer") writerSock = await open(writer);
      else readerSock = await open(readOnly);
    }
    return outcome;
  };

  /** A relayed update `[0, 2, len, update]` on the writer's socket: the server's own write. */
  const serverWrite = (data: Uint8Array) => {
    if (data[0] !== 0 || data[1] !== 2) return;
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    Y.applyUpdate(mirror, decoding.readVarUint8Array(decoder));
  };

  /** A copy of the mirror to make an edit on, as client `clientId`. */
  const scratch = (clientId: number) => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(mirror));
    // Set after loading: Yjs picks a new id when an update brings structs of its own id.
    d.clientID = clientId;
    return d;
  };

  const check = async (last = false) => {
    report.checks++;
    if (opts.verify && (last || report.checks % 5 === 0)) {
      const problem = await opts.verify();
      if (problem) throw new Error(problem);
    }
    await healthz(server.url, 1000);
    const fresh = await freshDoc(server, watcher, name);
    // Sorted by key: a map's key order follows the order its entries were integrated in.
    const texts = (d: Y.Doc) =>
      JSON.stringify(
        Object.entries(d.getMap("texts").toJSON()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    if (!Y.equalSnapshots(Y.snapshot(fresh.doc), Y.snapshot(mirror)))
      throw new Error("the server's document differs from the accepted updates (state vector or delete set)");
    // The record's rich text: each fragment as XML, by key.
    const rich = (d: Y.Doc) =>
      JSON.stringify(
        ["minutes", "plan"].map((name) =>
          [...d.getMap(name).entries()]
            .map(([k, v]) => [
              k,
              v instanceof Y.AbstractType ? `${v.constructor.name}:${v.toString()}` : JSON.stringify(v),
            ])
            .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)),
        ),
      );
    if (rich(fresh.doc) !== rich(mirror))
      throw new Error("the server's minutes or plan differ from the accepted updates");
    if (texts(fresh.doc) !== texts(mirror)) {
      const a = fresh.doc.getMap("texts").toJSON();
      const b = mirror.getMap("texts").toJSON();
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
        (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
      );
      const diff = keys.map(
        (k) =>
          `${k}: server ${JSON.stringify(a[k])?.slice(0, 120)} / accepted ${JSON.stringify(b[k])?.slice(0, 120)}`,
      );
      throw new Error(`the server's texts differ from the accepted updates: ${diff.join("; ")}`);
    }
    const room = await server.quorum.rooms.get(conferenceId);
    const store = room!.professional.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null)
      throw new Error("the server's document holds pending structs or deletes");
    await server.quorum.rooms.committer.drain();
    const stored = Buffer.concat(
      (await server.quorum.store.loadYjsUpdates(name)).map((u) => Buffer.from(u.update)),
    ).toString("latin1");
    const wire = Buffer.from(fresh.update).toString("latin1");
    const keys: string[] = [];
    for (const k of fresh.doc.share.keys()) keys.push(k);
    for (const m of roMarkers) {
      if (
        wire.includes(m) ||
        stored.includes(m) ||
        keys.join("|").includes(m) ||
        texts(fresh.doc).includes(m) ||
        rich(fresh.doc).includes(m)
      )
        throw new Error(`a read-only participant's marker ${m} reached the document`);
    }
  };

  try {
    for (let i = 0; Date.now() < deadline; i++) {
      const rng = iterationRng(seed, i, 1);
      try {
        await step(rng);
      } catch (err) {
        throw new Error(`Yjs fuzz failed (seed ${seed}, iteration ${i}): ${(err as Error).message}`);
      }
      report.iterations = i + 1;
      if ((i + 1) % checkEvery === 0) {
        await check();
        opts.log?.(`yjs: ${i + 1} frames, ${report.accepted} accepted, ${report.reconnects} reconnects`);
      }
    }
    await check(true);
  } finally {
    for (const s of sockets) s.terminate();
  }
  return report;

  async function step(rng: Rng): Promise<void> {
    const roll = rng.int(100);
    if (roll < 25) {
      // A valid edit from the writer: always accepted.
      const update = edit(rng, scratch(AUTHOR_ID), lower(rng));
      const frame = syncFrame(rng.chance(0.5) ? 2 : 1, update);
      const outcome = await send("writer", frame);
      if (outcome !== "accepted") throw new Error(`a valid edit was ${outcome}`);
      Y.applyUpdate(mirror, update);
      report.richElements = Math.max(report.richElements ?? 0, richElementsOf(mirror));
      report.accepted++;
    } else if (roll < 50) {
      // A mutated edit from the writer: applied to the mirror exactly when the server took it.
      const update = mutate(rng, edit(rng, scratch(AUTHOR_ID), lower(rng)));
      const frame = syncFrame(rng.chance(0.5) ? 2 : 1, update);
      if ((await send("writer", frame)) === "accepted") {
        Y.applyUpdate(mirror, update);
        report.accepted++;
      } else report.refused++;
    } else if (roll < 60) {
      // Garbage, or a valid frame mangled as a whole: whatever the server takes must be harmless.
      const frame = rng.chance(0.5)
        ? randomBytes(rng, 96)
        : mutate(rng, syncFrame(2, edit(rng, scratch(AUTHOR_ID), lower(rng))));
      const outcome = await send("writer", frame);
      if (outcome === "accepted") applyIfUpdate(frame);
      else report.refused++;
    } else if (roll < 80) {
      // The read-only participant writes a unique marker: it must never land.
      const marker = `RO${Array.from({ length: 10 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[rng.int(32)]).join("")}`;
      roMarkers.push(marker);
      let update = edit(rng, scratch(READER_ID), marker);
      if (rng.chance(0.3)) update = mutate(rng, update);
      const outcome = await send("reader", syncFrame(rng.chance(0.5) ? 2 : 1, update));
      if (outcome === "accepted") throw new Error("a read-only connection's update got no refusal");
      report.refused++;
    } else if (roll < 90) {
      const who = rng.chance(0.5) ? "writer" : "reader";
      const frame = rng.chance(0.5)
        ? awarenessFrame(
            Array.from({ length: rng.int(10) }, () => ({
              clientId: rng.int(2 ** 32),
              clock: rng.int(100),
              state: rng.pick([
                "{}",
                "null",
                '{"user":{"name":"Chair"}}',
                "[]",
                '"x"',
                "{",
                JSON.stringify({ pad: "y".repeat(rng.int(6000)) }),
              ]),
            })),
          )
        : mutate(rng, bytes(1, 3, 1, 1, 1));
      await send(who, frame);
    } else {
      // Sync requests with odd state vectors, and other sync sub-types.
      const frame = rng.chance(0.5)
        ? syncFrame(0, rng.chance(0.5) ? Y.encodeStateVector(scratch(AUTHOR_ID)) : randomBytes(rng, 16))
        : bytes(0, rng.int(5), randomBytes(rng, 16));
      const outcome = await send("writer", frame);
      if (outcome === "accepted") applyIfUpdate(frame);
    }
  }

  /** A frame the server accepted: if it was a sync step 2 or update, the mirror takes it too. */
  function applyIfUpdate(frame: Uint8Array): void {
    const payload = updatePayload(frame);
    if (payload) {
      Y.applyUpdate(mirror, payload);
      report.accepted++;
    }
  }
}

/** A valid local edit on `doc` (a copy of the mirror), as the update a client would send. */
function edit(rng: Rng, doc: Y.Doc, text: string): Uint8Array {
  const roll = rng.int(100);
  if (roll < 35) return editRich(rng, doc, text, "minutes");
  if (roll < 50) return editRich(rng, doc, text, "plan");
  const before = Y.encodeStateVector(doc);
  const texts = doc.getMap("texts");
  const keys = [...texts.keys()].filter((k) => texts.get(k) instanceof Y.Text);
  doc.transact(() => {
    const roll = rng.int(10);
    if (keys.length === 0 || roll < 2) {
      texts.set(`k${rng.int(20)}`, new Y.Text(text));
    } else if (roll < 7) {
      const t = texts.get(rng.pick(keys)) as Y.Text;
      t.insert(rng.int(t.length + 1), text);
    } else if (roll < 9) {
      const t = texts.get(rng.pick(keys)) as Y.Text;
      if (t.length > 0) {
        const at = rng.int(t.length);
        t.delete(at, 1 + rng.int(Math.min(8, t.length - at)));
      } else t.insert(0, text);
    } else {
      // Deleting a whole entry is within a writer's power too; keep it rare.
      if (rng.chance(0.2)) texts.delete(rng.pick(keys));
      else (texts.get(rng.pick(keys)) as Y.Text).insert(0, text);
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

/**
 * An edit of the record's rich text as an editor (or a hostile writer) makes it: a minute section's
 * Y.XmlFragment or the plan's contingency and bottom lines — paragraphs, lists, headings, marks
 * (links with `javascript:` addresses among them), attributes with odd values, deletions, and now
 * and then a container replaced by the wrong type (which the server puts back).
 */
function editRich(rng: Rng, doc: Y.Doc, text: string, mapName: "minutes" | "plan"): Uint8Array {
  const before = Y.encodeStateVector(doc);
  const map = doc.getMap(mapName);
  const keys = [...map.keys()].filter((k) => {
    const v = map.get(k);
    return v instanceof Y.XmlFragment && !(v instanceof Y.XmlElement);
  });
  doc.transact(() => {
    if (keys.length === 0 || rng.chance(0.03)) {
      // A container replaced or added under a key of the writer's choosing.
      const key = keys.length > 0 && rng.chance(0.7) ? rng.pick(keys) : `r${rng.int(5)}`;
      map.set(
        key,
        rng.pick([() => new Y.Text(text), () => new Y.XmlFragment(), () => new Y.XmlElement("p")])(),
      );
      return;
    }
    const root = map.get(rng.pick(keys)) as Y.XmlFragment;
    // Every element and text in the fragment, a few levels down (iteratively; the fuzzer keeps it shallow).
    const elements: Y.XmlFragment[] = [root];
    const texts: Y.XmlText[] = [];
    for (let i = 0; i < elements.length && elements.length < 200; i++) {
      for (const child of elements[i]!.toArray()) {
        if (child instanceof Y.XmlText) texts.push(child);
        else if (child instanceof Y.XmlElement) elements.push(child);
      }
    }
    const shallow = elements.filter((e) => depthIn(e, root) < 8);
    const at = rng.pick(shallow);
    const marks = () =>
      rng.pick([
        {},
        { bold: true },
        { italic: true },
        { bold: true, italic: true },
        { link: { href: "javascript:alert(1)", target: "_blank" } },
        { strike: true, code: {} },
      ]);
    switch (rng.int(8)) {
      case 0:
      case 1: {
        const p = new Y.XmlElement(rng.pick(["paragraph", "heading", "blockquote", "codeBlock", "script"]));
        const t = new Y.XmlText();
        t.insert(0, text, marks());
        p.insert(0, [t]);
        at.insert(rng.int(at.length + 1), [p]);
        break;
      }
      case 2: {
        const list = new Y.XmlElement(rng.chance(0.5) ? "bulletList" : "orderedList");
        const item = new Y.XmlElement("listItem");
        const p = new Y.XmlElement("paragraph");
        p.insert(0, [new Y.XmlText(text)]);
        item.insert(0, [p]);
        list.insert(0, [item]);
        at.insert(rng.int(at.length + 1), [list]);
        break;
      }
      case 3:
      case 4: {
        if (texts.length === 0) break;
        const t = rng.pick(texts);
        t.insert(rng.int(t.length + 1), text, marks());
        break;
      }
      case 5: {
        if (texts.length === 0) break;
        const t = rng.pick(texts);
        if (t.length > 0) {
          const from = rng.int(t.length);
          t.format(from, 1 + rng.int(t.length - from), marks());
        }
        break;
      }
      case 6: {
        if (at.length > 0) at.delete(rng.int(at.length), 1);
        break;
      }
      default: {
        const el = shallow.filter((e): e is Y.XmlElement => e instanceof Y.XmlElement);
        if (el.length === 0) break;
        rng
          .pick(el)
          .setAttribute(
            rng.pick(["level", "start", "href", "onclick"]),
            rng.pick([2, "3", -1, 1e9, "<script>", [[1]], { a: 1 }, null]) as unknown as string,
          );
      }
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

/** Elements and texts in every fragment of the minutes and the plan. */
function richElementsOf(doc: Y.Doc): number {
  let n = 0;
  for (const map of ["minutes", "plan"])
    for (const value of doc.getMap(map).values())
      if (value instanceof Y.XmlFragment) for (const _ of value.createTreeWalker(() => true)) n++;
  return n;
}

function depthIn(el: Y.XmlFragment, root: Y.XmlFragment): number {
  let d = 0;
  // biome-ignore lint/suspicious/noExplicitAny: any shared type, whatever its events
  for (let t: Y.AbstractType<any> = el; t !== root && t._item !== null; d++)
    // biome-ignore lint/suspicious/noExplicitAny: any shared type, whatever its events
    t = t._item.parent as Y.AbstractType<any>;
  return d;
}

function lower(rng: Rng): string {
  return Array.from({ length: 1 + rng.int(12) }, () => "abcdefghij klmnopqrstuvwxyz"[rng.int(27)]).join("");
}

/** The payload of `[0, 1|2, varUint(len), payload]` exactly as framed, else undefined. */
function updatePayload(frame: Uint8Array): Uint8Array | undefined {
  if (frame[0] !== 0 || (frame[1] !== 1 && frame[1] !== 2)) return undefined;
  let len = 0;
  let i = 2;
  for (let shift = 0; i < frame.length && shift < 35; shift += 7) {
    const b = frame[i++]!;
    len += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  return frame.subarray(i, i + len);
}
