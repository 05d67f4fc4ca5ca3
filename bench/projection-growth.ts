import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { syncText } from "../server/rooms/docWriters";
import { SqliteStore } from "../server/storage/sqlite";
import { GroupCommitter } from "../server/sync/groupCommit";
import { projectedText, SharedItemRoom } from "./lib/sharedItem";

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
  const projection = new Y.Doc();
  const projected = projection.getText("text");
  const room = new SharedItemRoom("bench:view", committer);
  const shared = room.shared;
  for (let i = 0; i < edits; i++) {
    room.edit(`#Q1.${room.nextWriter}.${i}.${1_000_000 + i * 1000};`);
    // The change copied twice: plainly (`projected`), and as the server copies it (ProjectionWriter).
    projection.transact(() => syncText(projected, shared.toString()));
    room.copy();
  }
  const kept = projectedText(room.view.doc);
  return {
    edits,
    characters: projected.length,
    professionalItems: itemsOf(shared),
    projectionItems: itemsOf(projected),
    projectionStateBytes: Y.encodeStateAsUpdate(projection).length,
    professionalStateBytes: Y.encodeStateAsUpdate(room.professional).length,
    projectionToStringMicros: Math.round(timeToString(projected) * 10) / 10,
    professionalToStringMicros: Math.round(timeToString(shared) * 10) / 10,
    keptItems: itemsOf(kept),
    keptStateBytes: Y.encodeStateAsUpdate(room.view.doc).length,
    keptToStringMicros: Math.round(timeToString(kept) * 10) / 10,
  };
}

const rows = [600, 3600, 21_600].map(run);
process.stdout.write(
  "One room's shared item after N edits (6 edits/s: 600 = 100 s, 3,600 = 10 min, 21,600 = 1 h):\n",
);
console.table(rows);
await store.close();
