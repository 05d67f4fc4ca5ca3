import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import type { TextChange } from "../../shared/textChange";

/**
 * Changes to a Y.Text that only the server writes, encoded as Yjs updates directly, without a
 * transaction on the server's copy of the document.
 *
 * A Yjs transaction costs the same whatever it changes: two state vectors, its maps and sets, the
 * observer events and the update's re-encoding. A family member's projection changes on every
 * keystroke in a shared item, so those costs were most of what a projection copy cost the server
 * (bench/heap-sample.ts, 7 December 2026: the copies 47 % of the bytes allocated, the copied text a
 * fifth of it). A replica remembers the ids of the text's live characters, so it can say where an
 * insertion goes (the live characters either side of it: whatever lies between them is deleted, so
 * the insertion lands among deleted items only and the visible text is the one intended) and which
 * ids a deletion removes. The update it encodes is what `Y.Text.insert` and `delete` would have
 * produced in effect: one string item and a delete set, in the update format version 1.
 */

/**
 * Characters with consecutive clocks of one client, next to each other in the text's order, all
 * live or all deleted: about what one Yjs item holds.
 */
interface Run {
  client: number;
  clock: number;
  length: number;
  deleted: boolean;
}

/** A writer of Yjs updates under one client id of its own: the next clock is remembered here. */
export interface DirectClient {
  readonly client: number;
  clock: number;
}

export class TextReplica {
  private constructor(
    /** The id of the item holding the Y.Text (its parent, for an insertion into an empty text). */
    private readonly parent: Y.ID,
    /** The text's characters in order, deleted ones included (an insertion's origin may be one). */
    private readonly runs: Run[],
    private live: number,
  ) {}

  /**
   * The replica of `text` as it stands: undefined when the text is not inside a map or holds
   * anything but strings (then the caller writes it through Yjs).
   */
  static of(text: Y.Text): TextReplica | undefined {
    const holder = text._item;
    if (holder === null) return undefined;
    const runs: Run[] = [];
    let live = 0;
    for (let item = text._start; item !== null; item = item.right) {
      const deleted = item.deleted;
      if (!deleted && !(item.content instanceof Y.ContentString)) return undefined;
      if (!deleted) live += item.length;
      push(runs, { client: item.id.client, clock: item.id.clock, length: item.length, deleted });
    }
    return new TextReplica(holder.id, runs, live);
  }

  /** The text's length, in UTF-16 code units (as Yjs counts a string's length). */
  get length(): number {
    return this.live;
  }

  /**
   * About how many Yjs items the text holds, never more: the replica merges neighbours Yjs may keep
   * apart (in the benchmark's shape the two are equal, test/unit/text-replica.test.ts).
   */
  get items(): number {
    return this.runs.length;
  }

  /**
   * Apply `change` to the replica and return the update that makes the same change to the text,
   * its insertion written under `writer` (whose clock it advances). The insertion's neighbours are
   * those `Y.Text.insert` would choose: the item just before the first live character after the
   * change (deleted items skipped, as Yjs skips them), and that character.
   */
  apply(change: TextChange, writer: DirectClient): Uint8Array {
    const { start, removed, inserted } = change;
    if (start < 0 || removed < 0 || start + removed > this.live)
      throw new RangeError("the change lies outside the text");
    const deleted = this.remove(start, removed);
    const encoder = encoding.createEncoder();
    if (inserted.length > 0) {
      const at = this.insertionPoint(start);
      const before = this.runs[at - 1];
      const after = this.runs[at];
      const origin = before ? { client: before.client, clock: before.clock + before.length - 1 } : null;
      encoding.writeVarUint(encoder, 1); // clients with structs
      encoding.writeVarUint(encoder, 1); // structs of this client
      encoding.writeVarUint(encoder, writer.client);
      encoding.writeVarUint(encoder, writer.clock);
      // The info byte: the content's kind (4, a string), then whether an origin and a right origin follow.
      encoding.writeUint8(
        encoder,
        CONTENT_STRING | (origin ? HAS_ORIGIN : 0) | (after ? HAS_RIGHT_ORIGIN : 0),
      );
      if (origin) writeId(encoder, origin);
      if (after) writeId(encoder, after);
      if (!origin && !after) {
        encoding.writeVarUint(encoder, 0); // the parent is named by an id, not a root key
        writeId(encoder, this.parent);
      }
      encoding.writeVarString(encoder, inserted);
      const run = { client: writer.client, clock: writer.clock, length: inserted.length, deleted: false };
      if (before && continues(before, run)) before.length += run.length;
      else this.runs.splice(at, 0, run);
      this.live += inserted.length;
      writer.clock += inserted.length;
    } else {
      encoding.writeVarUint(encoder, 0);
    }
    writeDeleteSet(encoder, deleted);
    return encoding.toUint8Array(encoder);
  }

  /** Where a character inserted at live index `index` goes: before the first live run from there on. */
  private insertionPoint(index: number): number {
    let at = index;
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i]!;
      if (run.deleted) continue;
      if (at === 0) return i;
      if (at < run.length) return this.splitAt(i, at);
      at -= run.length;
    }
    return this.runs.length;
  }

  /** Split run `i` after `offset` characters; the index of its second part. */
  private splitAt(i: number, offset: number): number {
    const run = this.runs[i]!;
    this.runs.splice(i + 1, 0, {
      client: run.client,
      clock: run.clock + offset,
      length: run.length - offset,
      deleted: run.deleted,
    });
    run.length = offset;
    return i + 1;
  }

  /** Mark `count` live characters from live index `index` on as deleted; the ids they had. */
  private remove(index: number, count: number): Run[] {
    const removed: Run[] = [];
    if (count === 0) return removed;
    let at = index;
    let left = count;
    for (let i = 0; i < this.runs.length && left > 0; i++) {
      let run = this.runs[i]!;
      if (run.deleted) continue;
      if (at >= run.length) {
        at -= run.length;
        continue;
      }
      if (at > 0) {
        i = this.splitAt(i, at);
        run = this.runs[i]!;
        at = 0;
      }
      if (run.length > left) this.splitAt(i, left);
      run.deleted = true;
      left -= run.length;
      removed.push({ ...run });
    }
    this.live -= count;
    this.mergeNeighbours();
    return removed;
  }

  /** Merge neighbouring runs whose clocks continue and whose state is the same, as Yjs merges items. */
  private mergeNeighbours(): void {
    const runs = this.runs;
    let kept = 0;
    for (const run of runs) {
      const last = kept > 0 ? runs[kept - 1]! : undefined;
      if (last && continues(last, run)) last.length += run.length;
      else runs[kept++] = run;
    }
    runs.length = kept;
  }
}

/** Append `run`, merged into the last run when it continues it (same client, clock and state). */
function push(runs: Run[], run: Run): void {
  const last = runs[runs.length - 1];
  if (last && continues(last, run)) last.length += run.length;
  else runs.push(run);
}

/** Whether `run` continues `last`: the same client and state, and the next clock. */
function continues(last: Run, run: Run): boolean {
  return last.client === run.client && last.deleted === run.deleted && last.clock + last.length === run.clock;
}

const CONTENT_STRING = 4;
const HAS_ORIGIN = 0b1000_0000;
const HAS_RIGHT_ORIGIN = 0b0100_0000;

function writeId(encoder: encoding.Encoder, id: { client: number; clock: number }): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}

/** The delete set of version 1: by client, each client's ranges in the order of their clocks. */
function writeDeleteSet(encoder: encoding.Encoder, removed: readonly Run[]): void {
  const byClient = new Map<number, { clock: number; length: number }[]>();
  for (const run of removed) {
    const ranges = byClient.get(run.client);
    if (ranges) ranges.push(run);
    else byClient.set(run.client, [run]);
  }
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, ranges] of byClient) {
    ranges.sort((a, b) => a.clock - b.clock);
    const merged: { clock: number; length: number }[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && last.clock + last.length === r.clock) last.length += r.length;
      else merged.push({ clock: r.clock, length: r.length });
    }
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, merged.length);
    for (const r of merged) {
      encoding.writeVarUint(encoder, r.clock);
      encoding.writeVarUint(encoder, r.length);
    }
  }
}
