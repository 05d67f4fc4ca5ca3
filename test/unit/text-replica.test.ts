import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { syncText } from "../../server/rooms/docWriters";
import { type DirectClient, TextReplica } from "../../server/sync/textReplica";
import { textChange } from "../../shared/textChange";
import { prng } from "../support/prng";

describe("textChange", () => {
  it.each([
    ["abc", "abc", undefined],
    ["", "abc", { start: 0, removed: 0, inserted: "abc" }],
    ["abc", "", { start: 0, removed: 3, inserted: "" }],
    ["abcdef", "abXYef", { start: 2, removed: 2, inserted: "XY" }],
    ["the cat", "the black cat", { start: 4, removed: 0, inserted: "black " }],
    ["aaaa", "aa", { start: 2, removed: 2, inserted: "" }],
    // 😀 and 😃 share their high surrogate: the change must take the whole pair.
    ["a😀b", "a😃b", { start: 1, removed: 2, inserted: "😃" }],
    // 😀 and 🙀 share their low surrogate.
    ["a😀b", "a🙀b", { start: 1, removed: 2, inserted: "🙀" }],
  ])("from %j to %j: %j", (prev, next, change) => {
    expect(textChange(prev, next)).toEqual(change);
  });

  it("keeps a surrogate pair whole when Yjs applies the change", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "x😀y");
    syncText(text, "x😃y");
    expect(text.toString()).toBe("x😃y");
  });
});

/** A server's projection-like document: a map holding an item whose `text` the replica writes. */
function projection(initial: string) {
  const server = new Y.Doc();
  const item = new Y.Map<unknown>();
  server.getMap("items").set("i", item);
  item.set("text", new Y.Text(initial));
  const text = () => (server.getMap("items").get("i") as Y.Map<unknown>).get("text") as Y.Text;
  const reader = new Y.Doc();
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
  const readerText = () => (reader.getMap("items").get("i") as Y.Map<unknown>).get("text") as Y.Text;
  return { server, text, reader, readerText };
}

/** `index`, moved back to the start of the surrogate pair it would split. */
function wholeCharacter(s: string, index: number): number {
  const code = s.charCodeAt(index);
  return index > 0 && code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

describe("TextReplica", () => {
  it.each([
    ["", "hello"],
    ["hello", ""],
    ["hello", "hello world"],
    ["hello world", "world"],
    ["abcdef", "abXYef"],
    ["abc", "Zabc"],
    ["a😀b", "a😃b"],
  ])("encodes the change from %j to %j as Yjs would apply it", (prev, next) => {
    const { server, text, reader, readerText } = projection(prev);
    const replica = TextReplica.of(text())!;
    const writer: DirectClient = { client: 7, clock: 0 };
    const update = replica.apply(textChange(prev, next)!, writer);
    Y.applyUpdate(server, update);
    Y.applyUpdate(reader, update);
    expect(text().toString()).toBe(next);
    expect(readerText().toString()).toBe(next);
    expect(writer.clock).toBe(textChange(prev, next)!.inserted.length);
  });

  it("follows a long random run of edits, mixed with edits made through Yjs, on the server and a reader", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = prng(seed);
      const { server, text, reader, readerText } = projection("start");
      server.on("update", (u: Uint8Array) => Y.applyUpdate(reader, u));
      const writer: DirectClient = { client: 424242, clock: 0 };
      let replica = TextReplica.of(text())!;
      let expected = "start";
      const alphabet = ["a", "b", "c", " ", "é", "😀", "\n"];
      for (let step = 0; step < 400; step++) {
        // Edits by whole characters, as a person's are (a text from a client never holds half a pair).
        const start = wholeCharacter(expected, rnd.int(expected.length + 1));
        const removed =
          wholeCharacter(expected, start + rnd.int(Math.min(4, expected.length - start) + 1)) - start;
        const inserted = Array.from({ length: rnd.int(4) }, () => rnd.pick(alphabet)).join("");
        const next = expected.slice(0, start) + inserted + expected.slice(start + removed);
        const change = textChange(expected, next);
        if (rnd.chance(0.15)) {
          // Written through Yjs (as the writer's slow path does): the replica is made afresh.
          syncText(text(), next, expected);
          replica = TextReplica.of(text())!;
        } else if (change) {
          const update = replica.apply(change, writer);
          Y.applyUpdate(server, update);
        }
        expected = next;
        expect(text().toString(), `seed ${seed} step ${step}`).toBe(expected);
        expect(replica.length).toBe(expected.length);
      }
      expect(readerText().toString()).toBe(expected);
      // A fresh reader syncing from the server finds the same text.
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, Y.encodeStateAsUpdate(server));
      expect((fresh.getMap("items").get("i") as Y.Map<unknown>).get("text")?.toString()).toBe(expected);
    }
  });

  it("refuses a change outside the text", () => {
    const { text } = projection("abc");
    const replica = TextReplica.of(text())!;
    expect(() => replica.apply({ start: 2, removed: 5, inserted: "" }, { client: 1, clock: 0 })).toThrow(
      RangeError,
    );
    expect(replica.length).toBe(3);
  });

  it("has no replica for a root-level text", () => {
    const doc = new Y.Doc();
    expect(TextReplica.of(doc.getText("t"))).toBeUndefined();
  });
});

describe("TextReplica against Yjs's own insertion", () => {
  it("places each insertion where Y.Text.insert would, so the text keeps as few items", () => {
    const direct = projection("");
    const viaYjs = projection("");
    const writer: DirectClient = { client: 99, clock: 0 };
    const replica = TextReplica.of(direct.text())!;
    let expected = "";
    const items = (t: Y.Text) => {
      let n = 0;
      for (let item = t._start; item; item = item.right) n++;
      return n;
    };
    for (let step = 0; step < 300; step++) {
      // The benchmark's shape: each of 12 writers replaces its own marker with a new one.
      const w = step % 12;
      const marker = `#Q1.${w}.${step};`;
      const old = new RegExp(`#Q1\\.${w}\\.\\d+;`).exec(expected);
      const next = old
        ? expected.slice(0, old.index) + marker + expected.slice(old.index + old[0].length)
        : expected + marker;
      Y.applyUpdate(direct.server, replica.apply(textChange(expected, next)!, writer));
      syncText(viaYjs.text(), next, expected);
      expected = next;
      expect(direct.text().toString()).toBe(expected);
      expect(items(direct.text())).toBe(items(viaYjs.text()));
      expect(replica.items).toBe(items(direct.text()));
    }
  });
});
