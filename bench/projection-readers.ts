import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { SqliteStore } from "../server/storage/sqlite";
import { GroupCommitter } from "../server/sync/groupCommit";
import { projectedText, SharedItemRoom } from "./lib/sharedItem";

/**
 * `node --import tsx bench/projection-readers.ts [rooms]`: what a copied change costs the server
 * and three family screens when many rooms are live at once, without sockets or disk. Each room's
 * 12 writers edit one shared item as in the benchmark (a marker replacing the writer's previous
 * one); the real ProjectionWriter copies each change into a projection, and three reader Y.Docs
 * apply it and read the item's text, as the load generator's family readers do. Rooms take turns,
 * so every room's documents are cold in the CPU's caches when its turn comes, as under load: a
 * projected text's items are a linked list, and walking it is a cache miss an item.
 *
 * `bench/projection-growth.ts` measures one text over an hour's edits; this measures the cost per
 * change that the compaction bound (`ProjectionWriter.copyText`) trades against bytes sent.
 */

const ROOMS = Number(process.argv[2] ?? 300);
const WARM_ROUNDS = 100;
const ROUNDS = 300;
const MARKER_RE = /#Q(\d+)\.(\d+)\.(\d+)\.(\d+);/g;

/** Read the markers as a reader does (the result only keeps the work from being optimised away). */
function scan(s: string): number {
  let n = 0;
  MARKER_RE.lastIndex = 0;
  for (let m = MARKER_RE.exec(s); m; m = MARKER_RE.exec(s)) n += Number(m[3]);
  return n;
}

const store = new SqliteStore({ path: ":memory:" });
const committer = new GroupCommitter(store, () => {});

const rooms = Array.from({ length: ROOMS }, (_, r) => {
  const room = new SharedItemRoom(`bench:view:${r}`, committer);
  const readers = [0, 1, 2].map(() => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.view.doc));
    return doc;
  });
  return { room, readers, updates: room.relayed };
});

const totals = { serverMs: 0, readersMs: 0, bytes: 0, changes: 0, check: 0 };

function round(measure: boolean): void {
  for (const { room, readers, updates } of rooms) {
    // As long as the benchmark's markers: its run nonce, writer, sequence, send time in µs.
    room.edit(`#Q123456.${room.nextWriter}.${room.edits}.${1_700_000_000_000 + room.edits * 1000};`);
    const t0 = performance.now();
    room.copy();
    const t1 = performance.now();
    for (const reader of readers) {
      for (const u of updates) Y.applyUpdate(reader, u);
      totals.check += scan(projectedText(reader).toString());
    }
    const t2 = performance.now();
    if (measure) {
      totals.serverMs += t1 - t0;
      totals.readersMs += t2 - t1;
      totals.changes += 1;
      for (const u of updates) totals.bytes += u.length;
    }
    updates.length = 0;
  }
}

for (let k = 0; k < WARM_ROUNDS; k++) round(false);
for (let k = 0; k < ROUNDS; k++) round(true);
for (const { room, readers } of rooms)
  for (const reader of readers)
    if (projectedText(reader).toString() !== room.shared.toString())
      throw new Error("a reader's copy differs from the professional text");

const perChange = (ms: number) => Math.round((ms / totals.changes) * 10_000) / 10;
process.stdout.write(
  `${ROOMS} rooms, ${totals.changes} copied changes (after ${WARM_ROUNDS} a room of warm-up):\n`,
);
console.table([
  {
    "server copy µs": perChange(totals.serverMs),
    "3 readers µs": perChange(totals.readersMs),
    "bytes a change": Math.round(totals.bytes / totals.changes),
  },
]);
await store.close();
