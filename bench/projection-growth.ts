import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { syncText } from "../server/rooms/docWriters";

/**
 * `node --import tsx bench/projection-growth.ts`: how a family member's projection of a shared
 * text grows while professionals edit it. The server copies each change into the projection with
 * `syncText` (the differing middle is deleted and re-inserted by the server's own Yjs client), so
 * every projected change leaves its own Yjs item behind; the items of different changes never merge.
 * The professional document itself, written by the professionals' clients, stays compact.
 *
 * Load shape as in the benchmark: 12 writers, each edit replaces the writer's previous marker.
 */

function itemsOf(text: Y.Text): number {
  let n = 0;
  for (let item = text._start; item; item = item.right) n++;
  return n;
}

function timeToString(text: Y.Text): number {
  const rounds = 2000;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) text.toString();
  return ((performance.now() - t0) / rounds) * 1000;
}

function run(edits: number): Record<string, number> {
  const server = new Y.Doc();
  server.getMap("texts").set("item", new Y.Text());
  const initial = Y.encodeStateAsUpdate(server);
  const projection = new Y.Doc();
  const projected = projection.getText("text");
  const writers = Array.from({ length: 12 }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    doc.on("update", (u: Uint8Array) => Y.applyUpdate(server, u));
    return { doc, length: 0 };
  });
  const shared = server.getMap("texts").get("item") as Y.Text;
  for (let i = 0; i < edits; i++) {
    const w = writers[i % writers.length]!;
    const text = w.doc.getMap("texts").get("item") as Y.Text;
    const marker = `#Q1.${i % writers.length}.${i}.${1_000_000 + i * 1000};`;
    const previous = w.length;
    w.doc.transact(() => {
      text.insert(previous, marker);
      if (previous > 0) text.delete(0, previous);
    });
    w.length = marker.length;
    // What ProjectionWriter.updateText does after each change.
    projection.transact(() => syncText(projected, shared.toString()));
  }
  return {
    edits,
    characters: projected.length,
    professionalItems: itemsOf(shared),
    projectionItems: itemsOf(projected),
    projectionStateBytes: Y.encodeStateAsUpdate(projection).length,
    professionalStateBytes: Y.encodeStateAsUpdate(server).length,
    projectionToStringMicros: Math.round(timeToString(projected) * 10) / 10,
    professionalToStringMicros: Math.round(timeToString(shared) * 10) / 10,
  };
}

const rows = [600, 3600, 21_600].map(run);
process.stdout.write(
  "One room's shared item after N edits (6 edits/s: 600 = 100 s, 3,600 = 10 min, 21,600 = 1 h):\n",
);
console.table(rows);
