import type { WebSocket } from "ws";
import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { newId } from "../../shared/ids";
import { encodeAwarenessEntries, parseAwarenessUpdate } from "./awareness";
import {
  encodeAwareness,
  encodeEmptyAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  parseFrame,
} from "./frames";
import type { SyncDocument } from "./SyncDocument";
import { checkUpdate } from "./updateCheck";

export const SYNC_LIMITS = {
  /** Largest frame accepted (ws closes larger ones with 1009 before we see them). */
  maxFrameBytes: 1024 * 1024,
  /**
   * Messages waiting to be processed on one connection, or arriving in one burst (one read from
   * the socket), before it is closed as a flood.
   */
  maxQueued: 200,
  maxAwarenessEntries: 8,
  maxAwarenessStateBytes: 4096,
  /** The stock provider reconnects after 30 s without a message; read-only peers may get none. */
  keepAliveMs: 15_000,
};

/** What the room decides about a write from this connection. */
export type WriteVerdict = { ok: true } | { ok: false; reason: string; close?: number };

export interface WriteGate {
  /**
   * Whether an update may be applied at once, decided on the current state with nothing to store
   * (the writer's client ids are bound to them and clean). When false, `admitUpdate` decides.
   */
  admitsNow(conn: SyncConnection, authors: number[]): boolean;
  /** Decide on an update from a connection that may write; may persist a client-id binding first. */
  admitUpdate(conn: SyncConnection, authors: number[]): Promise<WriteVerdict>;
  /** A connection that may not write sent changes: remember those client ids as tainted. */
  refusedWrite(conn: SyncConnection, authors: number[]): Promise<void>;
  /** A writer's update would take the document past its budget: it is refused; log and audit it. */
  documentFull(conn: SyncConnection, bytes: number): Promise<void>;
}

/**
 * One WebSocket on one document. Messages are handled strictly in order, one at a time (a
 * client-id binding may need a database write before the update it guards is applied). A
 * connection that may not write still syncs: its sync-step-2 and update messages are dropped and
 * answered with the y-protocols permission message.
 */
export class SyncConnection {
  readonly id = newId();
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Messages since the current burst began (reset once the read that brought them is handled). */
  private burst = 0;
  private lastSent = Date.now();
  private readonly keepAlive: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly document: SyncDocument,
    readonly participantId: string,
    readonly sessionId: string,
    readonly access: "read" | "write",
    private readonly identity: Record<string, unknown>,
    private readonly gate: WriteGate,
  ) {
    document.connections.add(this);
    ws.on("message", (data, isBinary) => this.enqueue(data, isBinary));
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.close(CLOSE.protocolError, "socket error"));
    this.keepAlive = setInterval(() => {
      if (Date.now() - this.lastSent >= SYNC_LIMITS.keepAliveMs) this.send(encodeEmptyAwareness());
    }, SYNC_LIMITS.keepAliveMs);
    this.keepAlive.unref();
    this.send(encodeSyncStep1(document.doc));
    const snapshot = document.awareness?.snapshot() ?? [];
    if (snapshot.length > 0) this.send(encodeAwareness(encodeAwarenessEntries(snapshot)));
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.lastSent = Date.now();
    this.ws.send(message, { binary: true });
  }

  /**
   * Send `message` already framed as `wire` (webSocketFrame): one write of bytes shared by every
   * connection a broadcast reaches, where `ws.send` would build a header per connection and write
   * header and payload as two chunks. Only while ws's sender is idle (this server never compresses,
   * so it always is between calls); otherwise `ws.send`, which keeps ws's own order of frames.
   */
  sendFramed(message: Uint8Array, wire: Buffer): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.lastSent = Date.now();
    const sender = (this.ws as unknown as WsInternals)._sender;
    if (sender !== undefined && sender._state === WS_SENDER_IDLE && typeof sender.sendFrame === "function")
      sender.sendFrame([wire]);
    else this.ws.send(message, { binary: true });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    this.ws.close(code, reason);
  }

  private enqueue(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.close(CLOSE.protocolError, "binary frames only");
      return;
    }
    if (this.burst++ === 0) queueMicrotask(() => (this.burst = 0));
    if (++this.queued > SYNC_LIMITS.maxQueued || this.burst > SYNC_LIMITS.maxQueued) {
      this.close(CLOSE.rateLimited, "too many messages");
      return;
    }
    const bytes = toBytes(data);
    if (this.queued === 1) {
      // Nothing ahead of it: handled now, and most messages (a bound writer's keystroke, presence,
      // a sync request) finish without waiting for anything, so they cost no promise chain.
      let pending: Promise<void> | undefined;
      try {
        pending = this.handle(bytes);
      } catch {
        this.close(CLOSE.protocolError, "message could not be handled");
      }
      if (pending) this.queue = this.settle(pending);
      else this.queued -= 1;
      return;
    }
    this.queue = this.settle(this.queue.then(() => (this.closed ? undefined : this.handle(bytes))));
  }

  /** The end of a message's handling that had to wait: a failure closes the connection. */
  private settle(handled: Promise<void>): Promise<void> {
    return handled
      .catch(() => this.close(CLOSE.protocolError, "message could not be handled"))
      .finally(() => {
        this.queued -= 1;
      });
  }

  /** Handles one message; returns a promise only when it has to wait (a refusal's audit, a binding). */
  private handle(bytes: Uint8Array): Promise<void> | undefined {
    const frame = parseFrame(bytes, SYNC_LIMITS.maxFrameBytes);
    const doc = this.document;
    switch (frame.type) {
      case "sync-step1": {
        let reply: Uint8Array;
        try {
          reply = encodeSyncStep2(doc.doc, frame.stateVector);
        } catch {
          this.close(CLOSE.protocolError, "malformed state vector");
          return undefined;
        }
        // Answered only once everything it could contain is durable.
        doc.afterCommit(() => this.send(reply));
        return undefined;
      }
      case "sync-step2":
      case "sync-update":
        return this.receiveUpdate(frame.update);
      case "awareness":
        return this.receiveAwareness(frame.update);
      case "query-awareness": {
        const snapshot = doc.awareness?.snapshot() ?? [];
        this.send(encodeAwareness(encodeAwarenessEntries(snapshot)));
        return undefined;
      }
      case "invalid":
        this.close(frame.reason === "too_large" ? CLOSE.tooLarge : CLOSE.protocolError, frame.reason);
        return undefined;
    }
  }

  private receiveUpdate(update: Uint8Array): Promise<void> | undefined {
    const doc = this.document.doc;
    const check = checkUpdate(doc, update);
    if (this.access !== "write") return this.refuseWrite(check.ok ? check.authors : []);
    if (!check.ok) {
      this.close(CLOSE.protocolError, check.reason);
      return undefined;
    }
    // Before the gate binds anything: an update past the document's budget leaves nothing stored.
    if (!this.document.hasRoomFor(update.byteLength)) return this.refuseFull(update.byteLength);
    // A deletion-only update carries no structs and so no authors: nothing to bind, still applied.
    if (check.authors.length === 0 || this.gate.admitsNow(this, check.authors)) {
      Y.applyUpdate(doc, update, this);
      return undefined;
    }
    return this.admitThenApply(update, check.authors);
  }

  private async refuseWrite(authors: number[]): Promise<void> {
    await this.gate.refusedWrite(this, authors);
    this.send(encodePermissionDenied("read-only"));
  }

  private async refuseFull(bytes: number): Promise<void> {
    await this.gate.documentFull(this, bytes);
    this.close(CLOSE.documentFull, "the document is full");
  }

  /** The gate must decide (and may store a client-id binding) before the update is applied. */
  private async admitThenApply(update: Uint8Array, authors: number[]): Promise<void> {
    const verdict = await this.gate.admitUpdate(this, authors);
    if (this.closed) return;
    if (!verdict.ok) {
      if (verdict.close !== undefined) return this.close(verdict.close, verdict.reason);
      this.send(encodePermissionDenied(verdict.reason));
      return;
    }
    Y.applyUpdate(this.document.doc, update, this);
  }

  private receiveAwareness(update: Uint8Array): undefined {
    const registry = this.document.awareness;
    if (!registry) return undefined;
    const parsed = parseAwarenessUpdate(update, {
      maxEntries: SYNC_LIMITS.maxAwarenessEntries,
      maxStateBytes: SYNC_LIMITS.maxAwarenessStateBytes,
    });
    if (!parsed.ok) {
      this.close(CLOSE.protocolError, "malformed awareness");
      return undefined;
    }
    // Presence is not a change to the document: a read-only connection's awareness is relayed like
    // anyone's (identity rewritten by the registry) and neither audited nor counted as a refused write.
    const { accepted } = registry.apply(this.id, parsed.entries, this.identity);
    this.document.broadcastAwareness(accepted, this);
    return undefined;
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.document.connections.delete(this);
    const removed = this.document.awareness?.remove(this.id) ?? [];
    this.document.broadcastAwareness(removed);
  }
}

/**
 * The part of ws's WebSocket (8.x, lib/sender.js) that `sendFramed` uses: its Sender, which writes
 * a list of buffers to the socket as they are (`sendFrame`) and is in state 0 (DEFAULT) unless it is
 * waiting for compression or a Blob. test/unit/sync-frames.test.ts checks both still hold.
 */
interface WsInternals {
  _sender?: { _state?: unknown; sendFrame?: (list: Buffer[]) => void };
}
const WS_SENDER_IDLE = 0;

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(0);
}
