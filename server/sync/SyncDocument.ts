import * as Y from "yjs";
import { docName, parseDocName } from "../../shared/protocol";
import { AwarenessRegistry, encodeAwarenessEntries } from "./awareness";
import { encodeAwareness, framedUpdate, webSocketFrame } from "./frames";
import type { GroupCommitter } from "./groupCommit";
import type { SyncConnection } from "./SyncConnection";

/** Transaction origins the server uses for its own writes. */
export const SERVER_ORIGIN = Symbol("server");
const LOAD_ORIGIN = Symbol("load");

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
  readonly doc = new Y.Doc({ gc: true });
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
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN || this.destroyed) return;
      if (options.persist) {
        this.storedBytes += update.byteLength;
        committer.add(name, update);
      }
      const { message, wire } = framedUpdate(update);
      committer.afterCommit(() => this.broadcast(message, origin, wire), this.durableWith);
    });
  }

  /** Apply updates read from the database (no persistence, no relay: nobody is connected yet). */
  load(updates: Uint8Array[]): void {
    for (const u of updates) this.storedBytes += u.byteLength;
    Y.transact(
      this.doc,
      () => {
        for (const u of updates) Y.applyUpdate(this.doc, u, LOAD_ORIGIN);
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
    this.doc.transact(() => fn(this.doc), SERVER_ORIGIN);
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
    this.doc.destroy();
  }
}
