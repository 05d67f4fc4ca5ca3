import * as Y from "yjs";
import { familyPlanActions, PLAN_MAP, PLAN_TEXTS } from "../../shared/record";
import { recordSection } from "../../shared/recordView";
import type { RoomState } from "../../shared/room";
import { textChange } from "../../shared/textChange";
import {
  chatEntries,
  childEntries,
  conferenceSection,
  contentEntries,
  exclusionEntries,
  type FamilyItem,
  familyChildren,
  familyItems,
  familyRoom,
  participantEntries,
} from "../../shared/views";
import type { SyncDocument } from "../sync/SyncDocument";
import { TextReplica } from "../sync/textReplica";

/**
 * Writers that keep a server-owned document equal to a view of the room state. They change only
 * what differs, so each change sends a small update rather than a rebuilt document.
 */

/**
 * The JSON of each value these writers put into a document, as it was when they put it there. A
 * command rewrites every section of the state document and of each projection, and most entries are
 * unchanged: comparing against the remembered JSON stringifies only the new value. Keyed by the
 * value itself (what `Y.Map.get` hands back for a value this process set), so a value anyone else
 * set, or one read from an update, is simply stringified again.
 */
const writtenJson = new WeakMap<object, string>();

/** Plain objects and arrays; a shared type's content changes in place, so it is never remembered. */
function rememberable(value: unknown): value is object {
  return typeof value === "object" && value !== null && !(value instanceof Y.AbstractType);
}

function jsonOf(value: unknown): string | undefined {
  if (!rememberable(value)) return JSON.stringify(value);
  const known = writtenJson.get(value);
  if (known !== undefined) return known;
  const json = JSON.stringify(value);
  writtenJson.set(value, json);
  return json;
}

/** Set `map[key]` to `value` unless it holds the same JSON already. */
function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  const next = JSON.stringify(value);
  if (jsonOf(map.get(key)) === next) return;
  if (rememberable(value)) writtenJson.set(value, next);
  map.set(key, value);
}

/** Make `map` hold exactly `record`: set changed keys, delete missing ones. */
export function syncMap(map: Y.Map<unknown>, record: Record<string, unknown>): void {
  for (const key of [...map.keys()]) if (!(key in record)) map.delete(key);
  for (const [key, value] of Object.entries(record)) setIfChanged(map, key, value);
}

/**
 * Replace a Y.Text's content with `next`, touching only the differing middle (`prev`: the text's
 * content, when the caller has it already).
 */
export function syncText(text: Y.Text, next: string, prev = text.toString()): void {
  const change = textChange(prev, next);
  if (!change) return;
  if (change.removed > 0) text.delete(change.start, change.removed);
  if (change.inserted.length > 0) text.insert(change.start, change.inserted);
}

/**
 * The state document: `conference` (one key per field), `participants`, `content` and `chat` keyed
 * by id, and `children`: one ChildEntry per subject child (scaling, views, decision, dissent, outcome).
 */
export function writeStateDocument(doc: SyncDocument, state: RoomState, online: ReadonlySet<string>): void {
  doc.write((d) => {
    syncMap(d.getMap("conference"), conferenceSection(state) as unknown as Record<string, unknown>);
    syncMap(d.getMap("participants"), participantEntries(state, online));
    syncMap(d.getMap("content"), contentEntries(state));
    syncMap(d.getMap("chat"), chatEntries(state));
    syncMap(d.getMap("exclusions"), exclusionEntries(state));
    syncMap(d.getMap("children"), childEntries(state) as unknown as Record<string, unknown>);
    syncMap(d.getMap("record"), recordSection(state) as unknown as Record<string, unknown>);
  });
}

/**
 * One family member's projection: `room` (one key per field); `items`, keyed by the content's
 * opaque id, each a Y.Map of the item's fields and a `text` Y.Text (withdrawing an item deletes its
 * Y.Map, and with it the text: garbage collection leaves a fresh client lengths, never content); and
 * `children`, one FamilyChild per subject child: their own scale, the scales the chair shared, and the
 * decision in plain English, which no withholding touches.
 */
export class ProjectionWriter {
  /** Changes copied into each item's text since its item count was last looked at. */
  private readonly changes = new Map<string, number>();
  /** What each item's projected text holds, as this writer last wrote it. */
  private readonly copied = new Map<string, string>();
  /** The ids of each item's projected text, for changes encoded without a transaction (`updateTexts`). */
  private readonly shown = new Map<string, { writes: number; shown: ShownText | undefined }>();

  constructor(
    readonly principalId: string,
    readonly doc: SyncDocument,
    private readonly textOf: (contentId: string) => string,
    private readonly planTextOf: (key: string) => string = () => "",
  ) {}

  /** Bring the whole projection up to date with the state (after a command). */
  refresh(state: RoomState): void {
    const visible = familyItems(state, this.principalId);
    this.doc.write((d) => {
      syncMap(d.getMap("room"), familyRoom(state, this.principalId) as unknown as Record<string, unknown>);
      syncMap(
        d.getMap("children"),
        familyChildren(state, this.principalId) as unknown as Record<string, unknown>,
      );
      const items = d.getMap<Y.Map<unknown>>("items");
      for (const id of [...items.keys()]) {
        if (visible.has(id)) continue;
        items.delete(id);
        this.changes.delete(id);
        this.copied.delete(id);
        this.shown.delete(id);
      }
      for (const [id, fields] of visible) {
        let item = items.get(id);
        if (!(item instanceof Y.Map)) {
          item = new Y.Map<unknown>();
          items.set(id, item);
          item.set("text", new Y.Text());
          this.copied.delete(id);
        }
        writeFields(item, fields);
        this.copyText(id, item);
      }
      this.writePlan(d, state);
    });
  }

  /**
   * `plan`: once the chair shares the plan, its actions (`actions`) and the contingency plan and bottom
   * lines as plain text (`contingency`, `bottomLines`: Y.Text, copied incrementally); empty before.
   */
  private writePlan(d: Y.Doc, state: RoomState): void {
    const plan = d.getMap<unknown>(PLAN_MAP);
    if (!state.record.plan.shared) {
      for (const key of [...plan.keys()]) plan.delete(key);
      return;
    }
    const actions = familyPlanActions(state.record, state.conference.children);
    setIfChanged(plan, "actions", actions);
    for (const key of PLAN_TEXTS) {
      let text = plan.get(key);
      if (!(text instanceof Y.Text)) {
        text = new Y.Text();
        plan.set(key, text);
      }
      syncText(text as Y.Text, this.planTextOf(key));
    }
  }

  /** The plan's texts changed in the professional document: copy them if the plan is shared. */
  updatePlan(state: RoomState): void {
    if (!state.record.plan.shared) return;
    this.doc.write((d) => this.writePlan(d, state));
  }

  /**
   * Items' texts changed in the professional document (`texts`: each item's text as it stands
   * now, read once for every projection): copy those this person may see. Each change is encoded by
   * the text's replica without a transaction (`SyncDocument.writeEncoded`); a text without a replica,
   * or one whose items have passed the compaction bound, is copied through Yjs, in one transaction.
   */
  updateTexts(texts: ReadonlyMap<string, string>): void {
    const slow: { id: string; item: Y.Map<unknown>; next: string; prev: string }[] = [];
    for (const [id, next] of texts) {
      const shown = this.shownText(id);
      if (!shown) continue;
      const prev = this.copied.get(id);
      if (prev === next) continue;
      const { replica } = shown;
      if (replica && prev !== undefined) {
        if (replica.items <= compactionBound(next.length)) {
          this.copied.set(id, next);
          this.doc.writeEncoded(replica.apply(textChange(prev, next)!, this.doc.directClient()));
          continue;
        }
        // Too many items: copyText counts the text's own items now, and replaces it if so.
        this.changes.set(id, PROJECTION_TEXT_CHECK_EVERY - 1);
      }
      const before = prev ?? this.copiedText(id, shown.item);
      if (before !== undefined && before !== next) slow.push({ id, item: shown.item, next, prev: before });
    }
    if (slow.length === 0) return;
    this.doc.write(() => {
      for (const { id, item, next, prev } of slow) this.copyText(id, item, next, prev);
    });
  }

  /**
   * The item's entry on the projection and a replica of its text, made afresh after any transaction
   * on the projection (`SyncDocument.writes`), so that it always holds the ids the text holds.
   * Undefined when the item is not on the projection; no replica when its text cannot have one.
   */
  private shownText(id: string): ShownText | undefined {
    const known = this.shown.get(id);
    if (known && known.writes === this.doc.writes) return known.shown;
    const item = this.doc.doc.getMap<Y.Map<unknown>>("items").get(id);
    let shown: ShownText | undefined;
    if (item instanceof Y.Map) {
      const text = item.get("text");
      shown = { item, replica: text instanceof Y.Text ? TextReplica.of(text) : undefined };
    }
    this.shown.set(id, { writes: this.doc.writes, shown });
    return shown;
  }

  /**
   * What the item's projected text holds: remembered from the last copy (only this writer writes
   * the projection), so a keystroke does not read the whole text back out of the Y.Text.
   */
  private copiedText(id: string, item: Y.Map<unknown>): string | undefined {
    const known = this.copied.get(id);
    if (known !== undefined) return known;
    const text = item.get("text");
    return text instanceof Y.Text ? text.toString() : undefined;
  }

  /**
   * Copy the changed middle of the text. Each copied change leaves Yjs items behind that never
   * merge with the next change's (bench/projection-growth.ts: 21,000 items after an hour's typing in
   * one item, for a text of 250 characters), and reading or syncing the text costs time in proportion
   * to its items. So once the items far outnumber what the text needs, the text is replaced by a fresh
   * Y.Text: the old one is deleted whole and garbage-collected, family screens get the text once,
   * and a text's items stay in proportion to its length, however long the meeting.
   *
   * The bound trades two costs. Every family screen walks the text's items on each change it shows
   * (with many projections live, as on a server or in the benchmark's readers, a cache miss an
   * item), so fewer items are cheaper; but each replacement leaves a few bytes behind for good (the
   * old text's tombstones and the map entry it held), so a fresh sync grows with the replacements.
   * `node --import tsx bench/projection-readers.ts` and `bench/projection-growth.ts`, 12 writers:
   * every 32 changes past 64 + length/8 (before 7 December 2026): three readers 87 µs a change, 4 kB
   * to sync after an hour; every 16 past 32 + length/8: 78 µs, 7 kB; every 8 past
   * 16 + length/16: 69 µs, 18 kB. Since 8 December 2026 a text with a replica is checked at every
   * change (the replica counts its runs, which in the benchmark's shape are exactly Yjs's items), past
   * 32 + length/8: 9 kB to sync after an hour.
   */
  private copyText(id: string, item: Y.Map<unknown>, next = this.textOf(id), prev?: string): void {
    const text = item.get("text");
    const before = text instanceof Y.Text ? (prev ?? this.copiedText(id, item)) : undefined;
    this.copied.set(id, next);
    if (!(text instanceof Y.Text)) {
      item.set("text", new Y.Text(next));
      return;
    }
    if (before === next) return;
    const n = (this.changes.get(id) ?? 0) + 1;
    if (n < PROJECTION_TEXT_CHECK_EVERY) {
      this.changes.set(id, n);
      syncText(text, next, before);
      return;
    }
    this.changes.set(id, 0);
    if (itemCount(text) > compactionBound(next.length)) item.set("text", new Y.Text(next));
    else syncText(text, next, before);
  }
}

/** An item on a projection, and the replica of its text when it can have one. */
interface ShownText {
  item: Y.Map<unknown>;
  replica: TextReplica | undefined;
}

/** The most items a projected text of this length keeps before it is replaced (copyText). */
const compactionBound = (length: number) => 32 + length / 8;

/**
 * Count a text's items (live and deleted) once in this many changes copied through Yjs (those
 * encoded directly are counted by the text's replica at every change).
 */
export const PROJECTION_TEXT_CHECK_EVERY = 16;

function itemCount(text: Y.Text): number {
  let n = 0;
  for (let item = text._start; item; item = item.right) n++;
  return n;
}

function writeFields(item: Y.Map<unknown>, fields: FamilyItem): void {
  for (const [key, value] of Object.entries(fields)) setIfChanged(item, key, value);
}
