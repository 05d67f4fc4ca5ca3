import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { ProjectionWriter, syncText } from "../server/rooms/docWriters";
import { SqliteStore } from "../server/storage/sqlite";
import { GroupCommitter } from "../server/sync/groupCommit";
import { SyncDocument } from "../server/sync/SyncDocument";

/**
 * `node --import tsx bench/projection-growth.ts`: how a family member's projection of a shared
 * text grows while professionals edit it. The server copies each change into the projection with
 * `syncText` (the differing middle is deleted and re-inserted by the server's own Yjs client), so
 * every projected change leaves its own Yjs item behind; the items of different changes never merge.
 * The professional document itself, written by the professionals' clients, stays compact.
 * ProjectionWriter therefore replaces a projected text by a fresh Y.Text once its items far
 * outnumber its length (docWriters.ts): the last columns show the projection it actually keeps.
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

const store = new SqliteStore({ path: ":memory:" });
const committer = new GroupCommitter(store, () => {});

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
  // The real writer, on a real (unpersisted) projection document, with one shared item.
  const view = new SyncDocument("bench:view", committer, { persist: false, awareness: false });
  const writer = new ProjectionWriter("parent", view, () => shared.toString());
  view.write((d) => {
    const item = new Y.Map<unknown>();
    d.getMap("items").set("item", item);
    item.set("text", new Y.Text());
  });
  const keptText = () => (view.doc.getMap("items").get("item") as Y.Map<unknown>).get("text") as Y.Text;
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
    // The change copied twice: plainly (`projected`), and as the server copies it (ProjectionWriter).
    projection.transact(() => syncText(projected, shared.toString()));
    writer.updateTexts(new Map([["item", shared.toString()]]));
  }
  const kept = keptText();
  return {
    edits,
    characters: projected.length,
    professionalItems: itemsOf(shared),
    projectionItems: itemsOf(projected),
    projectionStateBytes: Y.encodeStateAsUpdate(projection).length,
    professionalStateBytes: Y.encodeStateAsUpdate(server).length,
    projectionToStringMicros: Math.round(timeToString(projected) * 10) / 10,
    professionalToStringMicros: Math.round(timeToString(shared) * 10) / 10,
    keptItems: itemsOf(kept),
    keptStateBytes: Y.encodeStateAsUpdate(view.doc).length,
    keptToStringMicros: Math.round(timeToString(kept) * 10) / 10,
  };
}

const rows = [600, 3600, 21_600].map(run);
process.stdout.write(
  "One room's shared item after N edits (6 edits/s: 600 = 100 s, 3,600 = 10 min, 21,600 = 1 h):\n",
);
console.table(rows);
await store.close();
