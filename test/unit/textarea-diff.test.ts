import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyDiff, composedChange } from "../../client/src/room/useYText";

/** What a plain-text field writes into its Y.Text as someone types: only the differing middle. */
describe("applyDiff (a textarea's edit into its Y.Text)", () => {
  it.each([
    ["", "worry", "worry"],
    ["the cat", "the black cat", "the black cat"],
    ["abcdef", "abXYef", "abXYef"],
    ["abc", "", ""],
    // Replacing an emoji by one that shares a surrogate with it: Yjs would turn a split pair into
    // two U+FFFD, so the change takes the whole pair.
    ["a😀b", "a😃b", "a😃b"],
    ["a😀b", "a🙀b", "a🙀b"],
    ["😀😀", "😀😃😀", "😀😃😀"],
  ])("from %j to %j", (prev, next, expected) => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, prev);
    applyDiff(text, next);
    expect(text.toString()).toBe(expected);
    // A peer syncing the document from scratch reads the same characters.
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    expect(peer.getText("t").toString()).toBe(expected);
  });

  it("writes nothing when the text is unchanged", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "same");
    let updates = 0;
    doc.on("update", () => updates++);
    applyDiff(text, "same");
    expect(updates).toBe(0);
  });
});

describe("composedChange (an input method's words, placed through the remote changes meanwhile)", () => {
  /** Compose `after` from `before` in the textarea while `remote` edits the shared text; the result. */
  function compose(before: string, after: string, remote: (t: Y.Text) => void): string {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, before);
    const deltas: Y.YTextEvent["delta"][] = [];
    text.observe((e) => deltas.push(e.delta));
    remote(text);
    const change = composedChange(before, after, deltas);
    if (change) {
      if (change.removed > 0) text.delete(change.start, change.removed);
      text.insert(change.start, change.inserted);
    }
    return text.toString();
  }

  it.each([
    ["nothing remote", "Mum ", "Mum 日本", () => {}, "Mum 日本"],
    ["a remote word before it", "Mum ", "Mum 日本", (t: Y.Text) => t.insert(0, "Yes. "), "Yes. Mum 日本"],
    [
      "a remote word after it",
      "Mum  said",
      "Mum 日本 said",
      (t: Y.Text) => t.insert(9, " so"),
      "Mum 日本 said so",
    ],
    ["a remote deletion before it", "Dad, Mum ", "Dad, Mum 한", (t: Y.Text) => t.delete(0, 5), "Mum 한"],
    [
      "replacing a word the other side kept",
      "a ni b",
      "a 你 b",
      (t: Y.Text) => t.insert(0, "> "),
      "> a 你 b",
    ],
  ])("%s", (_case, before, after, remote, expected) => {
    expect(compose(before, after, remote)).toBe(expected);
  });

  it("changes nothing when the composition was cancelled", () => {
    expect(composedChange("same", "same", [])).toBeUndefined();
  });
});
