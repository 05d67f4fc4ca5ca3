import { request } from "node:http";
import WebSocket from "ws";

/**
 * Raw wire clients for the security suite: a WebSocket that records every frame and close code, and
 * the socket.io / engine.io protocol spoken by hand over it. Nothing here is the app's client code or
 * socket.io-client; every byte sent is one the test chose.
 *
 * Waiting is event-driven: `waitFor` re-checks its condition on every frame and on close, and gives
 * up after a timeout. No fixed sleeps.
 */

export interface Refusal {
  /** HTTP status of the refused upgrade; 0 when the server ended the connection without one. */
  status: number;
  body: string;
}

export class UpgradeRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(`upgrade refused: ${refusal.status} ${refusal.body.slice(0, 200)}`);
  }
}

export interface Frame {
  data: Buffer;
  binary: boolean;
  text: string;
}

export class WireSocket {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  closeReason = "";
  readonly closed: Promise<number>;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        this.wake();
        resolve(code);
      });
    });
    ws.on("message", (data: Buffer, binary) => {
      this.frames.push({ data, binary, text: binary ? "" : data.toString("utf8") });
      this.wake();
    });
    // Errors after open (a reset while we were still writing) end in `close`; nothing to add.
    ws.on("error", () => undefined);
  }

  /** Open a WebSocket; rejects with UpgradeRefused when the server answers the upgrade otherwise. */
  static open(
    url: string,
    opts: { headers?: Record<string, string>; localAddress?: string; maxPayload?: number } = {},
  ): Promise<WireSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: opts.headers ?? {},
        perMessageDeflate: false,
        maxPayload: opts.maxPayload ?? 256 * 1024 * 1024,
        handshakeTimeout: 5000,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      });
      ws.binaryType = "nodebuffer";
      const sock = new WireSocket(ws);
      let settled = false;
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (body.length < 4096) body += d;
        });
        const done = () => {
          if (settled) return;
          settled = true;
          reject(new UpgradeRefused({ status: res.statusCode ?? 0, body }));
          ws.terminate();
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      });
      ws.once("error", (err) => {
        if (settled) return;
        settled = true;
        reject(new UpgradeRefused({ status: 0, body: String(err.message) }));
      });
      ws.once("open", () => {
        settled = true;
        resolve(sock);
      });
    });
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(data: Uint8Array | string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(data, { binary: typeof data !== "string" });
  }

  /** Resolve with `find()`'s first defined value, checked now and after every frame or the close. */
  waitFor<T>(find: () => T | undefined, timeoutMs = 5000, what = "condition"): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined;
        try {
          value = find();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The close code, waiting at most `timeoutMs` (rejects if the socket stays open). */
  closedWithin(timeoutMs = 5000): Promise<number> {
    return this.waitFor(() => this.closeCode, timeoutMs, "the server to close the connection");
  }

  terminate(): void {
    this.ws.terminate();
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Status of a refused upgrade, or 101 when it was accepted (the socket is closed again at once). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const sock = await WireSocket.open(url, { headers });
    sock.terminate();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.refusal.status;
    throw err;
  }
}

export function wsUrl(base: string, path: string): string {
  return `${base.replace(/^http/, "ws")}${path}`;
}

// ---- socket.io over engine.io, by hand -------------------------------------------------------------

export type SioPacket =
  | { kind: "connect"; data: unknown }
  | { kind: "connect_error"; data: { message?: string; data?: { code?: string } } }
  | { kind: "event"; id: number | undefined; data: unknown[] }
  | { kind: "ack"; id: number; data: unknown[] }
  | { kind: "disconnect" }
  | { kind: "other"; raw: string };

/** Parse a socket.io packet (the part after engine.io's `4`), for packets the server sends us. */
export function parseSioPacket(raw: string): SioPacket {
  const type = raw[0];
  let rest = raw.slice(1);
  const idMatch = /^\d+/.exec(rest);
  const id = idMatch ? Number(idMatch[0]) : undefined;
  if (idMatch) rest = rest.slice(idMatch[0].length);
  const json = () => (rest ? JSON.parse(rest) : undefined);
  switch (type) {
    case "0":
      return { kind: "connect", data: json() };
    case "1":
      return { kind: "disconnect" };
    case "2":
      return { kind: "event", id, data: json() as unknown[] };
    case "3":
      return { kind: "ack", id: id ?? -1, data: json() as unknown[] };
    case "4":
      return { kind: "connect_error", data: json() as { message?: string } };
    default:
      return { kind: "other", raw };
  }
}

/**
 * socket.io spoken by hand: an engine.io v4 WebSocket (`/socket.io/?EIO=4&transport=websocket`), the
 * open packet `0{...}`, pongs for pings, and socket.io packets as engine.io messages (`4...`).
 */
export class RawSio {
  private nextAck = 0;
  open: { sid: string; maxPayload: number } | undefined;

  private constructor(readonly sock: WireSocket) {
    sock.ws.on("message", (data: Buffer, binary) => {
      if (!binary && data.toString() === "2") sock.send("3");
    });
  }

  /** Open the engine.io connection and wait for its open packet. */
  static async connect(
    base: string,
    opts: { cookie?: string; origin?: string; query?: string; localAddress?: string } = {},
  ): Promise<RawSio> {
    const headers: Record<string, string> = {};
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.origin) headers.origin = opts.origin;
    const query = opts.query ?? "EIO=4&transport=websocket";
    const sock = await WireSocket.open(wsUrl(base, `/socket.io/?${query}`), {
      headers,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const sio = new RawSio(sock);
    const open = await sock.waitFor(
      () => sock.frames.find((f) => !f.binary && f.text.startsWith("0"))?.text ?? sock.closeCode?.toString(),
      5000,
      "the engine.io open packet",
    );
    if (!open.startsWith("0")) throw new Error(`engine.io closed before opening (${open})`);
    const parsed = JSON.parse(open.slice(1)) as { sid: string; maxPayload: number };
    sio.open = parsed;
    return sio;
  }

  /** Every socket.io packet received so far (engine.io messages only). */
  packets(): SioPacket[] {
    return this.sock.frames
      .filter((f) => !f.binary && f.text.startsWith("4"))
      .map((f) => {
        try {
          return parseSioPacket(f.text.slice(1));
        } catch {
          return { kind: "other", raw: f.text } as const;
        }
      });
  }

  /** Send a socket.io CONNECT for the main namespace and wait for the answer. */
  async handshake(auth: unknown = { protocolVersion: 1 }): Promise<SioPacket> {
    const before = this.packets().length;
    this.sock.send(auth === undefined ? "40" : `40${JSON.stringify(auth)}`);
    return this.sock.waitFor(
      () =>
        this.packets()
          .slice(before)
          .find((p) => p.kind === "connect" || p.kind === "connect_error"),
      5000,
      "the socket.io handshake answer",
    );
  }

  /** Raw engine.io text frame (include the `4` yourself for socket.io packets). */
  sendRaw(text: string): void {
    this.sock.send(text);
  }

  sendBinary(bytes: Uint8Array): void {
    this.sock.send(bytes);
  }

  /** Send `42<id>[event, ...args]` and resolve with the ack's arguments. */
  async emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    const id = this.nextAck++;
    this.sock.send(`42${id}${JSON.stringify([event, ...args])}`);
    return this.ackFor(id);
  }

  /** Send a raw socket.io packet body (after `4`), e.g. `2${id}["command",{...}]`, and await ack `id`. */
  async rawWithAck(id: number, packetBody: string, timeoutMs = 5000): Promise<unknown[]> {
    this.sock.send(`4${packetBody}`);
    return this.ackFor(id, timeoutMs);
  }

  ackFor(id: number, timeoutMs = 5000): Promise<unknown[]> {
    return this.sock.waitFor(
      () => {
        const ack = this.packets().find((p) => p.kind === "ack" && p.id === id);
        if (ack && ack.kind === "ack") return ack.data;
        if (this.sock.closeCode !== undefined) throw new Error(`connection closed before ack ${id}`);
        return undefined;
      },
      timeoutMs,
      `ack ${id}`,
    );
  }

  /** Use fresh ack ids from here on (after raw packets that used some). */
  reserveAckIds(n: number): number {
    const first = this.nextAck;
    this.nextAck += n;
    return first;
  }

  close(): void {
    this.sock.close();
  }
}

// ---- HTTP ------------------------------------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with node:http, so the test chooses every header, the exact path (no URL
 * normalisation) and the local loopback address it comes from.
 */
export function rawHttp(
  base: string,
  opts: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    localAddress?: string;
    timeoutMs?: number;
  },
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: opts.method ?? "GET",
        path: opts.path,
        headers: opts.headers ?? {},
        agent: false,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (d: Buffer) => {
          size += d.length;
          if (size < 1024 * 1024) chunks.push(d);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** GET /healthz within `timeoutMs`; resolves with its latency, rejects when it is late or not 200. */
export async function healthz(base: string, timeoutMs = 1000): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json()) as { ok?: boolean };
  if (res.status !== 200 || body.ok !== true) throw new Error(`/healthz answered ${res.status}`);
  return performance.now() - start;
}

/**
 * Probe /healthz over and over while an attack runs (a fresh connection each time, 1 s deadline) and
 * report the slowest answer and any failure. The probe's pace is its own: ~20 per second.
 */
export function healthProbe(base: string): {
  stop(): Promise<{ probes: number; maxMs: number; failures: string[] }>;
} {
  let running = true;
  let probes = 0;
  let maxMs = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      try {
        const ms = await healthz(base, 1000);
        maxMs = Math.max(maxMs, ms);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
      probes += 1;
      if (running) await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { probes, maxMs, failures };
    },
  };
}

// ---- A WebSocket written over a bare TCP socket --------------------------------------------------

/**
 * The WebSocket handshake and framing done by hand over node:net, for frames `ws` would never send
 * (a header claiming 50 MiB followed by a stream of bytes). Masking uses the all-zero key, which is
 * legal and leaves the payload bytes as they are.
 */
export class TcpWebSocket {
  private buffered = Buffer.alloc(0);
  closeCode: number | undefined;
  ended = false;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: import("node:net").Socket) {
    socket.on("data", (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]).subarray(-65536);
      this.parse();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake();
    });
    socket.on("error", () => undefined);
  }

  static async open(base: string, path: string, headers: Record<string, string>): Promise<TcpWebSocket> {
    const { connect } = await import("node:net");
    const url = new URL(base);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    const head = await new Promise<Buffer>((resolve, reject) => {
      let acc = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        acc = Buffer.concat([acc, d]);
        const end = acc.indexOf("\r\n\r\n");
        if (end >= 0) {
          socket.off("data", onData);
          if (acc.length > end + 4) socket.unshift(acc.subarray(end + 4));
          resolve(acc.subarray(0, end));
        }
      };
      socket.on("data", onData);
      socket.once("close", () => reject(new Error("closed during the handshake")));
    });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head.toString("latin1"))?.[1] ?? 0);
    if (status !== 101) {
      socket.destroy();
      throw new UpgradeRefused({ status, body: "" });
    }
    return new TcpWebSocket(socket);
  }

  /** A binary frame header for `length` payload bytes, masked with the zero key. */
  static header(length: number, opcode = 0x2): Buffer {
    if (length < 126) return Buffer.from([0x80 | opcode, 0x80 | length, 0, 0, 0, 0]);
    if (length < 65536)
      return Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
    const h = Buffer.alloc(14);
    h[0] = 0x80 | opcode;
    h[1] = 0x80 | 127;
    h.writeBigUInt64BE(BigInt(length), 2);
    return h;
  }

  /** Write, resolving when the kernel took it (or the socket ended: then false). */
  write(chunk: Buffer | Uint8Array): Promise<boolean> {
    if (this.ended || this.socket.destroyed || this.closeCode !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const ok = this.socket.write(chunk, (err) => {
        if (err) resolve(false);
      });
      if (ok) resolve(true);
      else {
        const onDrain = () => {
          cleanup();
          resolve(true);
        };
        const onClose = () => {
          cleanup();
          resolve(false);
        };
        const cleanup = () => {
          this.socket.off("drain", onDrain);
          this.socket.off("close", onClose);
          this.waiters.delete(onCloseFrame);
        };
        const onCloseFrame = () => {
          if (this.closeCode !== undefined) onClose();
        };
        this.socket.once("drain", onDrain);
        this.socket.once("close", onClose);
        this.waiters.add(onCloseFrame);
      }
    });
  }

  /** The close code the server sent (or 1006 when it only dropped the connection). */
  closedWithin(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.closeCode !== undefined || this.ended) {
          finish();
          resolve(this.closeCode ?? 1006);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error("the server did not close the connection"));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parse(): void {
    // Only the close frame matters here; data frames from the server are skipped.
    for (;;) {
      const b = this.buffered;
      if (b.length < 2) return;
      const opcode = b[0]! & 0x0f;
      let len = b[1]! & 0x7f;
      let off = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        off = 10;
      }
      if (b.length < off + len) return;
      if (opcode === 0x8) {
        this.closeCode = len >= 2 ? b.readUInt16BE(off) : 1005;
        this.wake();
      }
      this.buffered = b.subarray(off + len);
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/**
 * The status line a server answers to a WebSocket upgrade whose request line is sent byte for byte
 * (no URL normalisation: `..`, `%00` and spaces arrive as written). 0 when it just hangs up.
 */
export async function rawUpgradeStatus(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  try {
    const sock = await TcpWebSocket.open(base, path, headers);
    sock.destroy();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.refusal.status;
    if (err instanceof Error && /closed during the handshake/.test(err.message)) return 0;
    throw err;
  }
}
