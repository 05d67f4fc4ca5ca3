import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { syncMap, syncText } from "../../server/rooms/docWriters";

/** The keys of map `m` that `fn` sets (adds or changes) in one transaction. */
function keysSet(doc: Y.Doc, fn: () => void): string[] {
  const keys: string[] = [];
  const map = doc.getMap("m");
  const observer = (event: Y.YMapEvent<unknown>) => {
    for (const [key, change] of event.changes.keys) if (change.action !== "delete") keys.push(key);
  };
  map.observe(observer);
  doc.transact(fn);
  map.unobserve(observer);
  return keys;
}

describe("syncMap", () => {
  it("sets only the keys whose JSON differs and deletes the keys the record lacks", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>("m");
    expect(keysSet(doc, () => syncMap(map, { a: { n: 1 }, b: "x", c: [1, 2] }))).toEqual(["a", "b", "c"]);
    // Equal values in new objects: nothing is written.
    expect(keysSet(doc, () => syncMap(map, { a: { n: 1 }, b: "x", c: [1, 2] }))).toEqual([]);
    expect(keysSet(doc, () => syncMap(map, { a: { n: 2 }, b: "x" }))).toEqual(["a"]);
    expect(map.toJSON()).toEqual({ a: { n: 2 }, b: "x" });
  });

  it("compares with what was written, even when the caller changed that object afterwards", () => {
    const doc = new Y.Doc();
    const map = doc.getMap<unknown>("m");
    const entry = { messages: ["first"] };
    syncMap(map, { p: entry });
    // The view shared an array with the caller's state, which then changed in place: the document
    // still holds ["first"], so the next sync must write.
    entry.messages.push("second");
    expect(keysSet(doc, () => syncMap(map, { p: { messages: ["first", "second"] } }))).toEqual(["p"]);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(fresh.getMap("m").toJSON()).toEqual({ p: { messages: ["first", "second"] } });
  });

  it("compares values it did not write itself (read from an update) by their JSON", () => {
    const source = new Y.Doc();
    source.getMap("m").set("a", { n: 1 });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    const map = doc.getMap<unknown>("m");
    expect(keysSet(doc, () => syncMap(map, { a: { n: 1 } }))).toEqual([]);
    expect(keysSet(doc, () => syncMap(map, { a: { n: 3 } }))).toEqual(["a"]);
  });
});

describe("syncText", () => {
  it.each([
    ["", "abc"],
    ["abc", ""],
    ["abc", "abc"],
    ["abcdef", "abXYef"],
    ["the cat", "the black cat"],
    ["aaaa", "aa"],
  ])("turns %j into %j", (prev, next) => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, prev);
    syncText(text, next);
    expect(text.toString()).toBe(next);
  });
});
