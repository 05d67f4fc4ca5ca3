import type { Store } from "../storage/store";

interface Batch {
  rows: { docName: string; update: Uint8Array }[];
  /** The documents with rows in this batch. */
  docs: Set<string>;
  callbacks: (() => void)[];
}

const emptyBatch = (): Batch => ({ rows: [], docs: new Set(), callbacks: [] });

/**
 * Durable before relayed, with group commit. Accepted Yjs updates are collected and written in
 * one transaction per event-loop tick (and coalesced while a commit is in flight); everything that
 * must only happen after they are durable (relaying them, replying to a sync request, sending a
 * projection derived from them) waits in `afterCommit`. Commits run strictly one after another, so a
 * callback never runs before the updates queued ahead of it are on disk. When a commit ends, what
 * gathered meanwhile is sent to the store first and the finished batch relayed second: the next
 * fsync overlaps the sending, and callbacks still run in the order they were queued.
 *
 * A callback may name the persisted document it depends on (`after`): it then waits only for the
 * batches holding that document's updates, and runs at once when none is pending or in flight, so
 * one conference's relays never wait for another conference's commits. Callbacks naming the same
 * document still run in the order they were queued.
 */
export class GroupCommitter {
  private pending: Batch = emptyBatch();
  private inFlight: Batch | undefined;
  private scheduled = false;
  private idle: (() => void)[] = [];
  /**
   * Documents whose commit failed: what they hold now may never be durable, so nothing that
   * depends on them is relayed any more, until their owner has thrown them away (`forget`).
   */
  private readonly failed = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown, docNames: string[]) => void,
  ) {}

  add(docName: string, update: Uint8Array): void {
    this.pending.rows.push({ docName, update });
    this.pending.docs.add(docName);
    this.schedule();
  }

  /**
   * Run `fn` once everything queued so far is durable, or, given `after`, once every update queued
   * so far for that document is.
   */
  afterCommit(fn: () => void, after?: string): void {
    if (after === undefined) {
      if (!this.inFlight && this.pending.rows.length === 0 && this.pending.callbacks.length === 0) {
        fn();
        return;
      }
      this.pending.callbacks.push(fn);
      this.schedule();
      return;
    }
    if (this.failed.has(after)) return;
    if (this.pending.docs.has(after)) {
      this.pending.callbacks.push(fn);
      this.schedule();
    } else if (this.inFlight?.docs.has(after)) {
      this.inFlight.callbacks.push(fn);
    } else {
      fn();
    }
  }

  /** The document's owner has unloaded it after a failed commit: a reloaded copy starts afresh. */
  forget(docName: string): void {
    this.failed.delete(docName);
  }

  /** Resolves when nothing is queued or in flight (shutdown, tests). */
  async drain(): Promise<void> {
    if (
      !this.inFlight &&
      !this.scheduled &&
      this.pending.rows.length === 0 &&
      this.pending.callbacks.length === 0
    )
      return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // A flush may have started meanwhile (see next()); it takes what is pending when it ends.
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = emptyBatch();
    this.inFlight = batch;
    try {
      // Always asynchronous, also with nothing to write: this batch's callbacks never run before
      // those of the batch that started it (see next()).
      if (batch.rows.length > 0) await this.store.appendYjsUpdates(batch.rows);
      else await Promise.resolve();
    } catch (error) {
      // Nothing of this batch is relayed: the documents concerned are unloaded by the owner and
      // rebuilt from what is durable, and their clients reconnect.
      this.inFlight = undefined;
      for (const doc of batch.docs) this.failed.add(doc);
      this.onError(error, [...batch.docs]);
      this.next();
      return;
    }
    this.inFlight = undefined;
    // What gathered during this commit starts on its way to the disk before this batch is relayed,
    // so the next fsync overlaps the sending (its callbacks still wait for its own commit).
    this.next();
    for (const cb of batch.callbacks) cb();
  }

  private next(): void {
    if (this.pending.rows.length > 0 || this.pending.callbacks.length > 0) {
      if (!this.inFlight) void this.flush();
    } else if (!this.inFlight && !this.scheduled) {
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
