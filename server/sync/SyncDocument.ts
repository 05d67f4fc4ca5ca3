import * as Y from "yjs";
import { docName, parseDocName } from "../../shared/protocol";
import { AwarenessRegistry, encodeAwarenessEntries } from "./awareness";
import { encodeAwareness, framedUpdate, webSocketFrame } from "./frames";
import type { GroupCommitter } from "./groupCommit";
import type { SyncConnection } from "./SyncConnection";
import type { DirectClient } from "./textReplica";

/** Transaction origins the server uses for its own writes. */
export const SERVER_ORIGIN = Symbol("server");
const LOAD_ORIGIN = Symbol("load");

/** The most self-encoded updates held before the server's copy of a document applies them. */
const MAX_PENDING = 64;

/** Whether a transaction came from the server itself (its writes, or loading from the database). */
export function isServerOrigin(origin: unknown): boolean {
  return origin === SERVER_ORIGIN || origin === LOAD_ORIGIN;
}

/**
 * One Yjs document the server hosts, with its live connections. Every change, whoever made it, is
 * queued for the group commit (when the document is persistent) and relayed only after the commit:
 * a client never receives a change that a crash could lose.
 *
 * The professional document is persistent and client-written. The state document and the
 * projections are written only by the server and are never persisted as Yjs updates: they are views
 * rebuilt from the database, and clients always sync them from scratch.
 */
export class SyncDocument {
  private readonly ydoc = new Y.Doc({ gc: true });
  /**
   * Updates the server encoded itself (`writeEncoded`) that the server's copy of the document has
   * not applied yet: they are applied together, in one transaction, before anything reads it.
   */
  private pending: Uint8Array[] = [];
  /** The client id and clock that `writeEncoded`'s updates are written under (see directClient). */
  private direct: DirectClient | undefined;
  /** How many transactions `write` has run: a replica of this document's content made at an earlier count is stale. */
  writes = 0;
  readonly connections = new Set<SyncConnection>();
  /** Presence (cursors, who is typing) is relayed only where people write together. */
  readonly awareness: AwarenessRegistry | null;
  /**
   * The persisted document whose updates this one's content may contain: itself when persistent;
   * for a conference's state document and projections, its professional document (the only one
   * persisted as Yjs updates; commands are durable before they are reflected). Relays wait for
   * that document's commits only.
   */
  readonly durableWith: string | undefined;
  /** The bytes of the Yjs updates stored for this document (persistent documents only). */
  private storedBytes = 0;
  private destroyed = false;

  constructor(
    readonly name: string,
    private readonly committer: GroupCommitter,
    readonly options: {
      persist: boolean;
      awareness: boolean;
      /** The most `storedBytes` may reach: a client's update beyond it is refused (`hasRoomFor`). */
      maxBytes?: number;
    },
  ) {
    this.awareness = options.awareness ? new AwarenessRegistry() : null;
    const ref = parseDocName(name);
    this.durableWith = options.persist
      ? name
      : ref
        ? docName({ conferenceId: ref.conferenceId, kind: "professional" })
        : undefined;
    this.ydoc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN || this.destroyed) return;
      if (options.persist) {
        this.storedBytes += update.byteLength;
        committer.add(name, update);
      }
      this.relay(update, origin);
    });
  }

  /** The document, with every update the server has encoded itself applied. */
  get doc(): Y.Doc {
    if (this.pending.length > 0) this.applyPending();
    return this.ydoc;
  }

  private relay(update: Uint8Array, origin: unknown): void {
    const { message, wire } = framedUpdate(update);
    this.committer.afterCommit(() => this.broadcast(message, origin, wire), this.durableWith);
  }

  private applyPending(): void {
    const updates = this.pending;
    this.pending = [];
    Y.transact(
      this.ydoc,
      () => {
        for (const u of updates) Y.applyUpdate(this.ydoc, u, LOAD_ORIGIN);
      },
      LOAD_ORIGIN,
    );
  }

  /**
   * The client id (and next clock) for updates the server encodes itself: one no transaction of
   * this document uses, so Yjs never takes the server's own writes for another client's.
   */
  directClient(): DirectClient {
    if (this.direct) return this.direct;
    const used = this.doc.store.clients;
    let client: number;
    do client = crypto.getRandomValues(new Uint32Array(1))[0]!;
    while (client === this.ydoc.clientID || used.has(client));
    this.direct = { client, clock: 0 };
    return this.direct;
  }

  /**
   * A change the server encoded itself (a TextReplica's, under `directClient()`), relayed like a
   * transaction's update and applied to the server's copy before anything next reads it. Only for
   * documents that are not persisted: they are views, rebuilt from the database.
   */
  writeEncoded(update: Uint8Array): void {
    if (this.options.persist) throw new Error("a persisted document is written through transactions only");
    if (this.destroyed) return;
    this.pending.push(update);
    if (this.pending.length >= MAX_PENDING) this.applyPending();
    this.relay(update, SERVER_ORIGIN);
  }

  /** Apply updates read from the database (no persistence, no relay: nobody is connected yet). */
  load(updates: Uint8Array[]): void {
    for (const u of updates) this.storedBytes += u.byteLength;
    Y.transact(
      this.ydoc,
      () => {
        for (const u of updates) Y.applyUpdate(this.ydoc, u, LOAD_ORIGIN);
      },
      LOAD_ORIGIN,
    );
  }

  /**
   * Whether a client's update of this many bytes fits the document's budget. What the server writes
   * itself (new items, layout repairs) is never refused, so the budget may be passed by those.
   */
  hasRoomFor(bytes: number): boolean {
    return this.options.maxBytes === undefined || this.storedBytes + bytes <= this.options.maxBytes;
  }

  /** A server-side change (state document, projections, new mapping items). */
  write(fn: (doc: Y.Doc) => void): void {
    const doc = this.doc;
    this.writes += 1;
    doc.transact(() => fn(doc), SERVER_ORIGIN);
  }

  /**
   * Relay to every connection but the one the change came from, framed once for all of them
   * (`wire`: `message` framed already, see framedUpdate).
   */
  broadcast(message: Uint8Array, except?: unknown, framed?: Buffer): void {
    let wire = framed;
    for (const conn of this.connections) {
      if (conn === except) continue;
      wire ??= webSocketFrame(message);
      conn.sendFramed(message, wire);
    }
  }

  broadcastAwareness(entries: Parameters<typeof encodeAwarenessEntries>[0], except?: SyncConnection): void {
    if (entries.length === 0) return;
    this.broadcast(encodeAwareness(encodeAwarenessEntries(entries)), except);
  }

  /** Run `fn` once everything this document may contain is durable. */
  afterCommit(fn: () => void): void {
    this.committer.afterCommit(fn, this.durableWith);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.options.persist) this.committer.forget(this.name);
    for (const conn of [...this.connections]) conn.close(4503, "server restart");
    this.pending = [];
    this.ydoc.destroy();
  }
}
