import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { applyDiff } from "../../client/src/room/useYText";

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
