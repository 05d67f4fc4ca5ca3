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
  /** Messages waiting to be processed on one connection before it is closed as a flood. */
  maxQueued: 200,
  maxAwarenessEntries: 8,
  maxAwarenessStateBytes: 4096,
  /** The stock provider reconnects after 30 s without a message; read-only peers may get none. */
  keepAliveMs: 15_000,
};

/** What the room decides about a write from this connection. */
export type WriteVerdict = { ok: true } | { ok: false; reason: string; close?: number };

export interface WriteGate {
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
    if (++this.queued > SYNC_LIMITS.maxQueued) {
      this.close(CLOSE.rateLimited, "too many messages");
      return;
    }
    const bytes = toBytes(data);
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.handle(bytes)))
      .catch(() => this.close(CLOSE.protocolError, "message could not be handled"))
      .finally(() => {
        this.queued -= 1;
      });
  }

  private async handle(bytes: Uint8Array): Promise<void> {
    const frame = parseFrame(bytes, SYNC_LIMITS.maxFrameBytes);
    const doc = this.document;
    switch (frame.type) {
      case "sync-step1": {
        let reply: Uint8Array;
        try {
          reply = encodeSyncStep2(doc.doc, frame.stateVector);
        } catch {
          return this.close(CLOSE.protocolError, "malformed state vector");
        }
        // Answered only once everything it could contain is durable.
        doc.afterCommit(() => this.send(reply));
        return;
      }
      case "sync-step2":
      case "sync-update":
        return this.receiveUpdate(frame.update);
      case "awareness":
        return this.receiveAwareness(frame.update);
      case "query-awareness": {
        const snapshot = doc.awareness?.snapshot() ?? [];
        this.send(encodeAwareness(encodeAwarenessEntries(snapshot)));
        return;
      }
      case "invalid":
        return this.close(frame.reason === "too_large" ? CLOSE.tooLarge : CLOSE.protocolError, frame.reason);
    }
  }

  private async receiveUpdate(update: Uint8Array): Promise<void> {
    const doc = this.document.doc;
    const check = checkUpdate(doc, update);
    if (this.access !== "write") {
      await this.gate.refusedWrite(this, check.ok ? check.authors : []);
      this.send(encodePermissionDenied("read-only"));
      return;
    }
    if (!check.ok) return this.close(CLOSE.protocolError, check.reason);
    // Before the gate binds anything: an update past the document's budget leaves nothing stored.
    if (!this.document.hasRoomFor(update.byteLength)) {
      await this.gate.documentFull(this, update.byteLength);
      return this.close(CLOSE.documentFull, "the document is full");
    }
    // A deletion-only update carries no structs and so no authors: nothing to bind, still applied.
    const verdict: WriteVerdict =
      check.authors.length === 0 ? { ok: true } : await this.gate.admitUpdate(this, check.authors);
    if (this.closed) return;
    if (!verdict.ok) {
      if (verdict.close !== undefined) return this.close(verdict.close, verdict.reason);
      this.send(encodePermissionDenied(verdict.reason));
      return;
    }
    Y.applyUpdate(doc, update, this);
  }

  private async receiveAwareness(update: Uint8Array): Promise<void> {
    const registry = this.document.awareness;
    if (!registry) return;
    const parsed = parseAwarenessUpdate(update, {
      maxEntries: SYNC_LIMITS.maxAwarenessEntries,
      maxStateBytes: SYNC_LIMITS.maxAwarenessStateBytes,
    });
    if (!parsed.ok) return this.close(CLOSE.protocolError, "malformed awareness");
    // Presence is not a change to the document: a read-only connection's awareness is relayed like
    // anyone's (identity rewritten by the registry) and neither audited nor counted as a refused write.
    const { accepted } = registry.apply(this.id, parsed.entries, this.identity);
    this.document.broadcastAwareness(accepted, this);
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

function toBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data as Buffer[]));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(0);
}
