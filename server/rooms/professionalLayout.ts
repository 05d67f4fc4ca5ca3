import * as Y from "yjs";
import { MINUTES_MAP, PLAN_MAP, PLAN_TEXTS } from "../../shared/record";
import type { RoomState } from "../../shared/room";
import type { ContentMeta } from "../../shared/visibility";
import type { SyncDocument } from "../sync/SyncDocument";

/**
 * The professional document's layout (docs/API.md), kept by the server. Writers are trusted with the
 * words, not with the shape: `texts` maps each live content id to a Y.Text, `minutes` maps each live
 * minute section to a Y.XmlFragment, and `plan` holds one Y.XmlFragment per plan text. The server
 * makes every container; after any accepted update that replaces or deletes one, it puts an empty
 * container of the right type back (server-written, persisted and relayed like any change), so every
 * item stays editable and every projection keeps a text to copy. What the writer removed is gone —
 * as if they had deleted the words, which any writer may do.
 */

type Container = "text" | "fragment";

/** The container a content item's words live in, or null when they arrive by command (family text). */
export function containerOf(state: RoomState, meta: ContentMeta): { map: string; type: Container } | null {
  if (meta.removed) return null;
  if (meta.kind === "minute_section") return { map: MINUTES_MAP, type: "fragment" };
  if (state.familyText[meta.id] !== undefined) return null;
  return { map: "texts", type: "text" };
}

function isType(value: unknown, type: Container): boolean {
  // Y.XmlText extends Y.Text and Y.XmlElement extends Y.XmlFragment: only the exact types will do.
  if (type === "text") return value instanceof Y.Text && !(value instanceof Y.XmlText);
  return value instanceof Y.XmlFragment && !(value instanceof Y.XmlElement);
}

function make(type: Container): Y.Text | Y.XmlFragment {
  return type === "text" ? new Y.Text() : new Y.XmlFragment();
}

/** Put back every missing or wrongly typed container (on load, and after a suspect update). */
export function restoreLayout(doc: SyncDocument, state: RoomState, only?: ReadonlySet<string>): number {
  const broken: { map: string; key: string; type: Container }[] = [];
  const d = doc.doc;
  const ids = only ? [...only] : Object.keys(state.content);
  for (const id of ids) {
    const meta = state.content[id];
    const where = meta ? containerOf(state, meta) : null;
    if (where && !isType(d.getMap(where.map).get(id), where.type)) broken.push({ ...where, key: id });
  }
  const plan = d.getMap(PLAN_MAP);
  for (const key of PLAN_TEXTS)
    if (!isType(plan.get(key), "fragment")) broken.push({ map: PLAN_MAP, key, type: "fragment" });
  if (broken.length > 0)
    doc.write((w) => {
      for (const b of broken) w.getMap(b.map).set(b.key, make(b.type));
    });
  return broken.length;
}

/**
 * Watch the three maps: when a change from a client touches a key whose container the server owns,
 * check and restore it at once (a new transaction, queued by Yjs after the one that broke it).
 */
export function guardLayout(
  doc: SyncDocument,
  state: () => RoomState,
  isServer: (origin: unknown) => boolean,
): void {
  for (const name of ["texts", MINUTES_MAP, PLAN_MAP]) {
    doc.doc.getMap(name).observe((event) => {
      if (isServer(event.transaction.origin)) return;
      if (name === PLAN_MAP) {
        restoreLayout(doc, state(), new Set());
        return;
      }
      restoreLayout(doc, state(), new Set(event.keysChanged));
    });
  }
}
