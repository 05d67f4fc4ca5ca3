/**
 * `node --import tsx bench/pipeline.ts`: the server's own CPU cost per edit, without sockets or disk:
 * checking a client's update (updateCheck.ts), applying it to the professional document, and copying
 * the changed text into two family members' projections (ProjectionWriter.updateTexts, the projection
 * update encoded as the frame the server would send). Load shape as in the benchmark: 12 writers,
 * each edit replaces the writer's previous marker. See docs/PERFORMANCE.md.
 */
import * as Y from "yjs";
import { ProjectionWriter } from "../server/rooms/docWriters";
import { SqliteStore } from "../server/storage/sqlite";
import { GroupCommitter } from "../server/sync/groupCommit";
import { SyncDocument } from "../server/sync/SyncDocument";
import { checkUpdate } from "../server/sync/updateCheck";

const store = new SqliteStore({ path: ":memory:" });
const committer = new GroupCommitter(store, () => {});
const prof = new SyncDocument("p", committer, { persist: false, awareness: false });
prof.doc.getMap("texts").set("item", new Y.Text());
const init = Y.encodeStateAsUpdate(prof.doc);
const writers = Array.from({ length: 12 }, () => {
  const d = new Y.Doc();
  Y.applyUpdate(d, init);
  return { d, len: 0 };
});
const shared = prof.doc.getMap("texts").get("item") as Y.Text;
const views = [0, 1].map((i) => {
  const doc = new SyncDocument(`v${i}`, committer, { persist: false, awareness: false });
  const w = new ProjectionWriter(`p${i}`, doc, () => shared.toString());
  doc.write((d) => {
    const m = new Y.Map();
    d.getMap("items").set("item", m);
    m.set("text", new Y.Text());
  });
  return w;
});
const updates: Uint8Array[] = [];
for (const w of writers) w.d.on("update", (u: Uint8Array) => updates.push(u));
const N = 20000;
let tApply = 0,
  tCheck = 0,
  tRead = 0,
  tView = 0;
for (let i = 0; i < N; i++) {
  const w = writers[i % 12]!;
  const t = w.d.getMap("texts").get("item") as Y.Text;
  const marker = `#Q1.${i % 12}.${i}.${1_000_000 + i * 1000};`;
  w.d.transact(() => {
    t.insert(w.len, marker);
    if (w.len > 0) t.delete(0, w.len);
  });
  w.len = marker.length;
  const u = updates.pop()!;
  let t0 = performance.now();
  const c = checkUpdate(prof.doc, u);
  tCheck += performance.now() - t0;
  if (!c.ok) throw new Error("check");
  t0 = performance.now();
  Y.applyUpdate(prof.doc, u, "remote");
  tApply += performance.now() - t0;
  t0 = performance.now();
  // As the server does: the changed text read once, then copied into each projection.
  const texts = new Map([["item", shared.toString()]]);
  for (const v of views) v.updateTexts(texts);
  tView += performance.now() - t0;
}
const us = (t: number) => ((t / N) * 1000).toFixed(1);
console.log(
  `per edit: checkUpdate ${us(tCheck)} µs, applyUpdate ${us(tApply)} µs, reading the text ${us(tRead)} µs, ` +
    `2 projection copies ${us(tView)} µs`,
);
await store.close();
