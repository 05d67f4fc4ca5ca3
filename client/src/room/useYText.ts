import { type RefObject, useEffect, useState } from "react";
import * as Y from "yjs";
import { type TextChange, textChange } from "../../../shared/textChange";

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
 * What a finished composition (an input method's: Chinese, Japanese, Korean, or a phone's keyboard
 * suggestions) changes in the shared text: the textarea went from `before` to `after` while the
 * shared text took the remote changes `remote` (in order), so the local change is placed where those
 * moved it. Undefined when nothing changed locally.
 */
export function composedChange(
  before: string,
  after: string,
  remote: readonly Y.YTextEvent["delta"][],
): TextChange | undefined {
  const change = textChange(before, after);
  if (!change) return undefined;
  let start = change.start;
  let end = change.start + change.removed;
  for (const delta of remote) {
    start = moveThrough(delta, start);
    end = moveThrough(delta, end);
  }
  return { start, removed: Math.max(0, end - start), inserted: change.inserted };
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
    // While an input method composes, nothing half-typed is written to the shared text, and the
    // textarea is left alone (setting its value would cancel or commit the composition): remote
    // changes meanwhile are kept, and the composed words placed through them when it ends.
    let composing: { before: string; remote: Y.YTextEvent["delta"][] } | null = null;
    const onRemote = (event: Y.YTextEvent) => {
      if (event.transaction.origin === LOCAL || !text) return;
      if (composing) {
        composing.remote.push(event.delta);
        return;
      }
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
    const onInput = (event: Event) => {
      const t = text;
      if (!t || el.readOnly || composing || (event as InputEvent).isComposing) return;
      doc.transact(() => applyDiff(t, el.value), LOCAL);
    };
    const onCompositionStart = () => {
      composing = { before: el.value, remote: [] };
    };
    const onCompositionEnd = () => {
      const t = text;
      const ended = composing;
      composing = null;
      if (!t || !ended) return;
      const change = el.readOnly ? undefined : composedChange(ended.before, el.value, ended.remote);
      if (change)
        doc.transact(() => {
          if (change.removed > 0) t.delete(change.start, change.removed);
          if (change.inserted.length > 0) t.insert(change.start, change.inserted);
        }, LOCAL);
      if (ended.remote.length === 0 && change) return;
      // Remote changes came meanwhile (or the box is read-only): show the shared text as it is.
      const caret = change ? change.start + change.inserted.length : el.selectionStart;
      el.value = t.toString();
      if (document.activeElement === el) el.setSelectionRange(caret, caret);
    };
    texts.observe(attach);
    attach();
    el.addEventListener("input", onInput);
    el.addEventListener("compositionstart", onCompositionStart);
    el.addEventListener("compositionend", onCompositionEnd);
    return () => {
      texts.unobserve(attach);
      text?.unobserve(onRemote);
      el.removeEventListener("input", onInput);
      el.removeEventListener("compositionstart", onCompositionStart);
      el.removeEventListener("compositionend", onCompositionEnd);
    };
  }, [ref, doc, key]);
  return ready;
}
