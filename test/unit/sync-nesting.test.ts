import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MAX_TYPE_DEPTH, nestsTooDeep } from "../../server/sync/nesting";
import { checkUpdate } from "../../server/sync/updateCheck";

/**
 * The nesting check (server/sync/nesting.ts): the depth of every new type, counted from its root,
 * whether its parent is in the update or already in the document, named directly or reached through
 * the item to its left or right. The ground truth is the depth Yjs itself gives the type once the
 * update is applied.
 */

// biome-ignore lint/suspicious/noExplicitAny: any shared type, whatever its events
type AnyType = Y.AbstractType<any>;

const depthOf = (type: AnyType): number => {
  let d = 0;
  for (let t = type; t._item !== null; d++) t = t._item.parent as AnyType;
  return d;
};

/** The deepest type in a doc (iteratively: the docs here may be deep). */
function deepest(doc: Y.Doc): number {
  let max = 0;
  const stack: AnyType[] = [];
  for (const t of doc.share.values()) stack.push(t);
  while (stack.length > 0) {
    const t = stack.pop()!;
    max = Math.max(max, depthOf(t));
    for (let item = t._start; item !== null; item = item.right)
      if (item.content instanceof Y.ContentType) stack.push(item.content.type);
    for (const item of t._map.values())
      if (item.content instanceof Y.ContentType) stack.push(item.content.type);
  }
  return max;
}

/** The update `edit` makes on a copy of `base`, and the structs the check sees. */
function edited(base: Y.Doc, edit: (d: Y.Doc) => void): { update: Uint8Array; after: Y.Doc } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(copy);
  copy.transact(() => edit(copy));
  return { update: Y.encodeStateAsUpdate(copy, before), after: copy };
}

const tooDeep = (doc: Y.Doc, update: Uint8Array, max?: number) =>
  nestsTooDeep(doc, Y.decodeUpdate(update).structs, max);

/** A tower of `n` quotes in `at`, built so each new level hangs off the previous one's parent id. */
function tower(at: Y.XmlFragment, n: number): Y.XmlFragment {
  let cur = at;
  for (let i = 0; i < n; i++) {
    const q = new Y.XmlElement("blockquote");
    cur.insert(0, [q]);
    cur = q;
  }
  return cur;
}

describe("the depth of the types an update makes", () => {
  const base = () => {
    const d = new Y.Doc();
    d.getMap("minutes").set("s", new Y.XmlFragment());
    return d;
  };

  it.each([
    [
      "a paragraph of text",
      (d: Y.Doc) =>
        (d.getMap("minutes").get("s") as Y.XmlFragment).insert(0, [new Y.XmlElement("paragraph")]),
    ],
    ["a tower of 10", (d: Y.Doc) => tower(d.getMap("minutes").get("s") as Y.XmlFragment, 10)],
    [
      "a tower reaching the limit",
      (d: Y.Doc) => tower(d.getMap("minutes").get("s") as Y.XmlFragment, MAX_TYPE_DEPTH - 1),
    ],
    [
      "a tower one past it",
      (d: Y.Doc) => tower(d.getMap("minutes").get("s") as Y.XmlFragment, MAX_TYPE_DEPTH),
    ],
    [
      "maps in maps",
      (d: Y.Doc) => {
        let m = d.getMap("texts");
        for (let i = 0; i < MAX_TYPE_DEPTH + 5; i++) {
          const next = new Y.Map<unknown>();
          m.set("m", next);
          m = next as Y.Map<unknown>;
        }
      },
    ],
    [
      "text in a deep element (the text is a type too)",
      (d: Y.Doc) => {
        tower(d.getMap("minutes").get("s") as Y.XmlFragment, MAX_TYPE_DEPTH - 1).insert(0, [
          new Y.XmlText("x"),
        ]);
      },
    ],
  ])("%s: refused exactly when Yjs would nest past the limit", (_what, edit) => {
    const doc = base();
    const { update, after } = edited(doc, edit);
    expect(tooDeep(doc, update)).toBe(deepest(after) > MAX_TYPE_DEPTH);
  });

  it("counts the depth already in the document", () => {
    const doc = base();
    const first = edited(doc, (d) => tower(d.getMap("minutes").get("s") as Y.XmlFragment, 90));
    Y.applyUpdate(doc, first.update);
    expect(tooDeep(doc, first.update)).toBe(false);
    // Ten more below the deepest quote: 101 in all.
    const more = edited(doc, (d) => {
      let cur = d.getMap("minutes").get("s") as Y.XmlFragment;
      while (cur.length > 0 && cur.get(0) instanceof Y.XmlElement) cur = cur.get(0) as Y.XmlElement;
      tower(cur, 10);
    });
    expect(deepest(more.after)).toBe(MAX_TYPE_DEPTH + 1);
    expect(tooDeep(doc, more.update)).toBe(true);
    expect(checkUpdate(doc, more.update)).toEqual({ ok: false, reason: "malformed" });
  });

  it("finds the parent of items placed after a sibling (no parent written), in the update and in the doc", () => {
    const doc = base();
    // Siblings: only the first names its parent; the rest name the item to their left.
    const deepThenSiblings = edited(doc, (d) => {
      const bottom = tower(d.getMap("minutes").get("s") as Y.XmlFragment, MAX_TYPE_DEPTH - 2);
      bottom.insert(0, [new Y.XmlElement("paragraph")]);
      bottom.insert(1, [new Y.XmlElement("paragraph")]);
      bottom.insert(2, [new Y.XmlElement("paragraph")]);
    });
    expect(tooDeep(doc, deepThenSiblings.update)).toBe(false);
    Y.applyUpdate(doc, deepThenSiblings.update);
    // A sibling to the right of one in the doc, with a child: one level past the limit.
    const child = edited(doc, (d) => {
      let cur = d.getMap("minutes").get("s") as Y.XmlFragment;
      while (
        cur.length > 0 &&
        cur.get(0) instanceof Y.XmlElement &&
        (cur.get(0) as Y.XmlElement).nodeName === "blockquote"
      )
        cur = cur.get(0) as Y.XmlElement;
      const p = new Y.XmlElement("paragraph");
      cur.insert(3, [p]);
      p.insert(0, [new Y.XmlElement("span")]);
    });
    expect(deepest(child.after)).toBe(MAX_TYPE_DEPTH + 1);
    expect(tooDeep(doc, child.update)).toBe(true);
  });

  it("follows a long chain of typed characters without recursion, quickly", () => {
    const doc = base();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    const text = new Y.XmlText();
    (copy.getMap("minutes").get("s") as Y.XmlFragment).insert(0, [text]);
    // One struct per keystroke (each its own transaction, alternating ends): 20,000 origins to follow.
    for (let i = 0; i < 20_000; i++) copy.transact(() => text.insert(i % 2 ? 0 : text.length, "ab"));
    const update = Y.encodeStateAsUpdate(copy, before);
    expect(Y.decodeUpdate(update).structs.length).toBeGreaterThan(19_000);
    const started = performance.now();
    expect(tooDeep(doc, update)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses a tower of thousands (whose deletion would overflow the stack) before it is applied", () => {
    const doc = base();
    const { update } = edited(doc, (d) => tower(d.getMap("minutes").get("s") as Y.XmlFragment, 6000));
    expect(checkUpdate(doc, update)).toEqual({ ok: false, reason: "malformed" });
  });
});
