import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/**
 * A Yjs client that is not the app's code: y-protocols over a raw `ws` socket. It records every
 * byte it receives, so leak probes can search them, and it can send any frame at all.
 */
export class RawYClient {
  readonly doc = new Y.Doc();
  readonly received: Uint8Array[] = [];
  readonly permissionDenied: string[] = [];
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  closeCode: number | undefined;
  private syncedResolve!: () => void;
  readonly synced = new Promise<void>((r) => {
    this.syncedResolve = r;
  });
  readonly closed: Promise<number>;

  private constructor(
    readonly ws: WebSocket,
    readonly name: string,
  ) {
    this.awareness.setLocalState(null);
    this.closed = new Promise((resolve) =>
      ws.on("close", (code) => {
        this.closeCode = code;
        this.awareness.destroy();
        resolve(code);
      }),
    );
    ws.on("message", (data: Buffer) => {
      const bytes = new Uint8Array(data);
      this.received.push(bytes);
      this.handle(bytes);
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
      this.send(encoding.toUint8Array(e));
    });
  }

  /** Connect; rejects with the HTTP status when the server refuses the upgrade. */
  static connect(
    baseUrl: string,
    name: string,
    opts: { cookie?: string; origin?: string; sendStep1?: boolean } = {},
  ): Promise<RawYClient> {
    const url = `${baseUrl.replace(/^http/, "ws")}/sync/${name}`;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (opts.cookie) headers.cookie = opts.cookie;
      if (opts.origin) headers.origin = opts.origin;
      const ws = new WebSocket(url, { headers });
      ws.binaryType = "nodebuffer";
      const client = new RawYClient(ws, name);
      ws.once("unexpected-response", (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once("error", (err) => reject(err));
      ws.once("open", () => {
        if (opts.sendStep1 !== false) {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 0);
          syncProtocol.writeSyncStep1(e, client.doc);
          client.send(encoding.toUint8Array(e));
        }
        resolve(client);
      });
    });
  }

  send(bytes: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  /** Everything received, concatenated (for searching raw bytes). */
  allBytes(): Buffer {
    return Buffer.concat(this.received.map((b) => Buffer.from(b)));
  }

  /** Send a whole Yjs update as an update message. */
  sendUpdate(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, update);
    this.send(encoding.toUint8Array(e));
  }

  sendAwareness(clientId: number, clock: number, state: unknown): void {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(e));
  }

  close(): void {
    this.ws.close();
  }

  private handle(bytes: Uint8Array): void {
    try {
      const d = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(d);
      if (type === 0) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 0);
        const sub = syncProtocol.readSyncMessage(d, e, this.doc, this);
        if (encoding.length(e) > 1) this.send(encoding.toUint8Array(e));
        if (sub === syncProtocol.messageYjsSyncStep2) this.syncedResolve();
      } else if (type === 1) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), this);
      } else if (type === 2) {
        decoding.readVarUint(d);
        this.permissionDenied.push(decoding.readVarString(d));
      }
    } catch {
      // A probe records bytes even when it cannot make sense of them.
    }
  }
}

/** Wait until `predicate` holds, checking on every message event loop turn (no fixed sleeps). */
export async function until(predicate: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Like `until`, for a condition that needs to ask something asynchronously (the database). */
export async function eventually(
  predicate: () => Promise<boolean>,
  timeoutMs = 5000,
  what = "condition",
): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
