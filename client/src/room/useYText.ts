import { type RefObject, useEffect, useState } from "react";
import * as Y from "yjs";
import { textChange } from "../../../shared/textChange";

/** Marks our own edits, so the observer does not write them back into the textarea. */
const LOCAL = Symbol("textarea");

/**
 * Make `text` equal `next` by replacing only the differing middle (a minimal diff whose ends never
 * split a surrogate pair: Yjs would turn both halves into U+FFFD).
 */
export function applyDiff(text: Y.Text, next: string): void {
  const change = textChange(text.toString(), next);
  if (!change) return;
  if (change.removed > 0) text.delete(change.start, change.removed);
  if (change.inserted.length > 0) text.insert(change.start, change.inserted);
}

/** Move a caret position through a remote change, so it stays beside the same character. */
export function moveThrough(delta: Y.YTextEvent["delta"], position: number): number {
  let index = 0;
  let pos = position;
  for (const op of delta) {
    if (op.retain !== undefined) index += op.retain;
    else if (typeof op.insert === "string") {
      if (index < pos) pos += op.insert.length;
      index += op.insert.length;
    } else if (op.delete !== undefined) {
      if (index < pos) pos -= Math.min(op.delete, pos - index);
    }
  }
  return pos;
}

/**
 * Bind a <textarea> to the Y.Text at `texts[key]` in `doc`. Typing applies a minimal diff to the
 * shared text; a remote change updates the value and keeps the caret where it was. The textarea is
 * uncontrolled: React never sets its value, so nothing fights the binding. Returns whether the text
 * is there yet (the server creates it with the item).
 */
export function useYText(
  ref: RefObject<HTMLTextAreaElement | null>,
  doc: Y.Doc | undefined,
  key: string,
): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!doc || !el) {
      setReady(false);
      return;
    }
    const texts = doc.getMap("texts");
    let text: Y.Text | undefined;
    const onRemote = (event: Y.YTextEvent) => {
      if (event.transaction.origin === LOCAL || !text) return;
      const focused = document.activeElement === el;
      const start = moveThrough(event.delta, el.selectionStart);
      const end = moveThrough(event.delta, el.selectionEnd);
      el.value = text.toString();
      if (focused) el.setSelectionRange(start, end);
    };
    const attach = () => {
      const found = texts.get(key);
      if (!(found instanceof Y.Text) || found === text) return;
      text?.unobserve(onRemote);
      text = found;
      text.observe(onRemote);
      el.value = text.toString();
      setReady(true);
    };
    const onInput = () => {
      const t = text;
      if (!t || el.readOnly) return;
      doc.transact(() => applyDiff(t, el.value), LOCAL);
    };
    texts.observe(attach);
    attach();
    el.addEventListener("input", onInput);
    return () => {
      texts.unobserve(attach);
      text?.unobserve(onRemote);
      el.removeEventListener("input", onInput);
    };
  }, [ref, doc, key]);
  return ready;
}
