import type { Store } from "../storage/store";

interface Batch {
  rows: { docName: string; update: Uint8Array }[];
  callbacks: (() => void)[];
}

/**
 * Durable before relayed, with group commit. Accepted Yjs updates are collected and written in
 * one transaction per event-loop tick (and coalesced while a commit is in flight); everything that
 * must only happen after they are durable (relaying them, replying to a sync request, sending a
 * projection derived from them) waits in `afterCommit`. Commits run strictly one after another, so a
 * callback never runs before the updates queued ahead of it are on disk. When a commit ends, what
 * gathered meanwhile is sent to the store first and the finished batch relayed second: the next
 * fsync overlaps the sending, and callbacks still run in the order they were queued.
 */
export class GroupCommitter {
  private pending: Batch = { rows: [], callbacks: [] };
  private scheduled = false;
  private inFlight = false;
  private idle: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown, docNames: string[]) => void,
  ) {}

  add(docName: string, update: Uint8Array): void {
    this.pending.rows.push({ docName, update });
    this.schedule();
  }

  /** Run `fn` once everything queued so far is durable. */
  afterCommit(fn: () => void): void {
    if (!this.inFlight && this.pending.rows.length === 0 && this.pending.callbacks.length === 0) {
      fn();
      return;
    }
    this.pending.callbacks.push(fn);
    this.schedule();
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
    this.pending = { rows: [], callbacks: [] };
    this.inFlight = true;
    try {
      // Always asynchronous, also with nothing to write: this batch's callbacks never run before
      // those of the batch that started it (see next()).
      if (batch.rows.length > 0) await this.store.appendYjsUpdates(batch.rows);
      else await Promise.resolve();
    } catch (error) {
      // Nothing of this batch is relayed: the documents concerned are unloaded by the owner and
      // rebuilt from what is durable, and their clients reconnect.
      this.inFlight = false;
      this.onError(error, [...new Set(batch.rows.map((r) => r.docName))]);
      this.next();
      return;
    }
    this.inFlight = false;
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
