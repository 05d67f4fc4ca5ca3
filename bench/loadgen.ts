import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { Histogram } from "./lib/histogram";
import type { RoomSpec, ToParent, ToWorker, WorkerGo, WorkerInit, WorkerResult } from "./lib/messages";

/**
 * A load-generator process: owns a slice of the rooms and plays all 15 clients of each, over raw
 * `ws` (y-protocols) and, for the chair's toggles, socket.io. Per-message work is kept small, since
 * this process shares the machine's two cores with the server:
 *
 * - writers keep a Y.Doc holding only the initial state and their own edits (they never apply
 *   other people's updates), and measure arrival by finding the edit markers in the raw bytes of
 *   each update message (strings are stored as UTF-8 in a Yjs update);
 * - family readers decode what they receive into a Y.Doc and read the edited item's text, as a
 *   family member's screen would: Quorum's their projection (the honest way: the projection's text
 *   is rewritten by the server, so a marker need not arrive in one piece), the reference's the one
 *   shared document (or, with `--reference-readers raw`, they only scan the bytes as writers do).
 *
 * Every edit carries `#Q<run>.<writer>.<seq>.<send time in µs>;`, `run` being this process's random
 * nonce (markers another process left in a document are ignored). Sender and receivers of a room are
 * in this same process, so one clock (performance.now) gives the latency.
 */

const MARK = Buffer.from("#Q");
const MARKER_RE = /#Q(\d+)\.(\d+)\.(\d+)\.(\d+);/g;
const RUN = 1 + Math.floor(Math.random() * 999_999);
const REMOTE = Symbol("remote");
const TOGGLE_REACH_TIMEOUT_MS = 5000;
/**
 * The chair's cycle: hide and show an item (unshare/share), withhold it from the parents and release
 * it, exclude a parent (with the advocate who is with her) for part of the meeting, let her back
 * (readmission), and release what was held from her while she was out.
 */
const TOGGLE_OPS = [
  "content.unshare",
  "content.share",
  "content.withhold",
  "content.release",
  "exclusion.start",
  "exclusion.end",
  "exclusion.release",
] as const;
type ToggleOp = (typeof TOGGLE_OPS)[number];
type ReaderEvent = "update" | "closed" | "synced";

let init: WorkerInit;
let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.NEGATIVE_INFINITY;
let running = false;
let stopped = false;
const timers = new Set<NodeJS.Timeout>();

const writerLatency = new Histogram();
const readerLatency = new Histogram();
const toggleAck = new Histogram();
const toggleReach = new Histogram();
const toggleByOp: Record<string, Histogram> = Object.fromEntries(
  TOGGLE_OPS.map((op) => [op, new Histogram()]),
);
const counters = {
  editsSent: 0,
  expectedDeliveries: 0,
  deliveredWriter: 0,
  deliveredReader: 0,
  skipped: 0,
  togglesSent: 0,
  toggleRefused: 0,
  reachTimeouts: 0,
  expectedReach: 0,
  permissionDenied: 0,
  messagesReceived: 0,
  bytesReceived: 0,
};
const closes: Record<string, number> = {};

const inWindow = (t: number) => t >= windowStart && t < windowEnd;

function send(msg: ToParent): void {
  process.send?.(msg);
}

function later(ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    timers.delete(t);
    fn();
  }, ms);
  timers.add(t);
}

const jitter = (mean: number) => mean * (0.5 + Math.random());

function syncMessage(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  write(e);
  return encoding.toUint8Array(e);
}

function openSocket(url: string, cookie: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { origin: init.origin };
    if (cookie) headers.cookie = cookie;
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error("connect timeout"));
    }, 30_000);
    ws.once("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`upgrade refused: ${res.statusCode}`));
    });
    ws.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once("open", () => {
      clearTimeout(timer);
      resolve(ws);
    });
  });
}

function docUrl(doc: string): string {
  const base = init.baseUrl.replace(/^http/, "ws");
  return init.target === "quorum" ? `${base}/sync/${encodeURIComponent(doc)}` : `${base}/${doc}`;
}

/** Scan an update message for this run's edit markers: calls back with writer, sequence and send time (µs). */
function scanMarkers(buf: Buffer, from: number, found: (w: number, seq: number, tUs: number) => void): void {
  let i = buf.indexOf(MARK, from);
  while (i !== -1) {
    let j = i + 2;
    const nums = [0, 0, 0, 0];
    let ok = true;
    for (let k = 0; k < 4; k++) {
      const start = j;
      let n = 0;
      while (j < buf.length && buf[j]! >= 48 && buf[j]! <= 57) n = n * 10 + (buf[j++]! - 48);
      const sep = k < 3 ? 46 : 59; // '.' or ';'
      if (j === start || buf[j] !== sep) {
        ok = false;
        break;
      }
      nums[k] = n;
      j++;
    }
    if (ok && nums[0] === RUN) found(nums[1]!, nums[2]!, nums[3]!);
    i = buf.indexOf(MARK, ok ? j : i + 2);
  }
}

interface Pending {
  op: ToggleOp;
  t0: number;
  counted: boolean;
  /** Readers whose screen has not shown the change yet. */
  waiting: Set<Reader>;
  /** Has this reader's screen caught up with the command, given what just happened to it? */
  satisfied: (r: Reader, event: ReaderEvent) => boolean;
  done: () => void;
}

class Room {
  readonly writers: Writer[] = [];
  readonly readers: Reader[] = [];
  pending: Pending | undefined;
  chair: Socket | undefined;
  /** The socket.io connections of the excluded family member and of the advocate with her. */
  excluded: Socket[] = [];
  constructor(readonly spec: RoomSpec) {}
  /** Receptions one edit should produce now: every other writer, and every reader that shows the item. */
  get fanout(): number {
    let live = 0;
    for (const r of this.readers) if (r.live && r.hasItem(this.spec.editItem)) live++;
    return this.writers.length - 1 + live;
  }

  /** A reader's screen changed (or its connection closed, or it synced afresh): did a toggle reach it? */
  check(reader: Reader, event: ReaderEvent, now: number): void {
    const p = this.pending;
    if (!p?.waiting.has(reader) || !p.satisfied(reader, event)) return;
    p.waiting.delete(reader);
    if (p.counted) {
      toggleReach.record(now - p.t0);
      toggleByOp[p.op]!.record(now - p.t0);
    }
    if (p.waiting.size === 0) p.done();
  }
}

let nextWriterId = 1;

function noteClose(code: number): void {
  if (!running || stopped) return;
  closes[String(code)] = (closes[String(code)] ?? 0) + 1;
}

class Writer {
  readonly w = nextWriterId++;
  readonly doc = new Y.Doc();
  ws!: WebSocket;
  private text: Y.Text | undefined;
  private seq = 0;
  private ownLength = 0;
  private syncedResolve!: () => void;
  readonly synced = new Promise<void>((r) => {
    this.syncedResolve = r;
  });
  private echoResolve: (() => void) | undefined;

  constructor(
    readonly room: Room,
    private readonly cookie: string | undefined,
    private readonly docName: string,
  ) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      this.send(syncMessage((e) => syncProtocol.writeUpdate(e, update)));
    });
  }

  async connect(): Promise<void> {
    this.ws = await openSocket(docUrl(this.docName), this.cookie);
    this.ws.on("message", (data: Buffer) => this.onMessage(data));
    this.ws.on("close", (code) => noteClose(code));
    this.ws.on("error", () => {});
    this.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, this.doc)));
    await this.synced;
  }

  send(bytes: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  private onMessage(data: Buffer): void {
    const now = performance.now();
    if (inWindow(now)) {
      counters.messagesReceived += 1;
      counters.bytesReceived += data.length;
    }
    if (data[0] === 2) counters.permissionDenied += 1;
    if (data[0] !== 0) return;
    const sub = data[1];
    if (sub === 2) {
      // An update: someone's edit (or, from the reference server, our own echoed back).
      if (this.echoResolve) {
        this.echoResolve();
        this.echoResolve = undefined;
      }
      scanMarkers(data, 2, (w, _seq, tUs) => {
        if (w === this.w) return;
        const sent = tUs / 1000;
        if (!inWindow(sent)) return;
        writerLatency.record(now - sent);
        counters.deliveredWriter += 1;
      });
      return;
    }
    // Sync step 1 (answered as the stock provider does) or step 2 (the initial state): apply.
    const d = decoding.createDecoder(data);
    decoding.readVarUint(d);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    const type = syncProtocol.readSyncMessage(d, e, this.doc, REMOTE);
    if (encoding.length(e) > 1) this.send(encoding.toUint8Array(e));
    if (type === syncProtocol.messageYjsSyncStep2) this.syncedResolve();
  }

  /** Reference server only: make the shared item's Y.Text and wait until the server echoes it. */
  async createItem(): Promise<void> {
    const texts = this.doc.getMap("texts");
    if (texts.has(this.room.spec.editItem)) return;
    const echoed = new Promise<void>((r) => {
      this.echoResolve = r;
    });
    texts.set(this.room.spec.editItem, new Y.Text());
    await echoed;
  }

  /** Quorum: give the toggled item some text once, so it reappears with content. */
  seedToggleText(itemId: string): void {
    const t = this.doc.getMap("texts").get(itemId);
    if (t instanceof Y.Text && t.length === 0)
      t.insert(0, "The family's worry about the school run, as shared by the social worker.");
  }

  /**
   * Type a new marker just after this writer's previous one and delete the previous one, like
   * someone typing at their cursor and tidying up behind it: the writer's own region stays one live
   * item and one merged tombstone, so the shared text stays small however long the run.
   */
  edit(): void {
    if (!this.text) {
      const t = this.doc.getMap("texts").get(this.room.spec.editItem);
      if (!(t instanceof Y.Text)) return;
      this.text = t;
    }
    const now = performance.now();
    const marker = `#Q${RUN}.${this.w}.${++this.seq}.${Math.round(now * 1000)};`;
    const text = this.text;
    const previous = this.ownLength;
    this.doc.transact(() => {
      text.insert(previous, marker);
      if (previous > 0) text.delete(0, previous);
    });
    this.ownLength = marker.length;
    if (inWindow(now)) {
      counters.editsSent += 1;
      counters.expectedDeliveries += this.room.fanout;
    }
  }

  schedule(): void {
    later(Math.random() * init.editIntervalMs, () => this.tick());
  }

  private tick(): void {
    if (stopped) return;
    this.edit();
    later(jitter(init.editIntervalMs), () => this.tick());
  }

  /** Remove this writer's marker, so the shared text does not grow from one run to the next. */
  cleanUp(): void {
    if (this.text && this.ownLength > 0) {
      const text = this.text;
      this.doc.transact(() => text.delete(0, this.ownLength));
      this.ownLength = 0;
    }
  }

  close(): void {
    this.ws?.close();
  }
}

class Reader {
  doc: Y.Doc | undefined;
  ws: WebSocket | undefined;
  /** Connected and synced: counted among the receivers of an edit. */
  live = false;
  connecting = false;
  /** The server is about to close this connection on purpose (the chair sent this person out). */
  expectClose = false;
  private synced = false;
  private showsEditItem = false;
  private syncedResolve: () => void = () => {};
  private readonly lastSeq = new Map<number, number>();

  constructor(
    readonly room: Room,
    private readonly cookie: string | undefined,
    readonly docName: string,
  ) {}

  /** Connect with a fresh document (as the app's client does on every reconnect) and sync. */
  async connect(): Promise<void> {
    this.connecting = true;
    try {
      this.doc = init.readerMode === "raw" ? undefined : new Y.Doc();
      this.synced = false;
      this.showsEditItem = false;
      const synced = new Promise<void>((r) => {
        this.syncedResolve = r;
      });
      const ws = await openSocket(docUrl(this.docName), this.cookie);
      this.ws = ws;
      ws.on("message", (data: Buffer) => this.onMessage(data));
      ws.on("close", (code) => this.onClose(code));
      ws.on("error", () => {});
      const probe = this.doc ?? new Y.Doc();
      this.send(syncMessage((e) => syncProtocol.writeSyncStep1(e, probe)));
      await synced;
      this.live = true;
    } finally {
      this.connecting = false;
    }
  }

  send(bytes: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(bytes);
  }

  private onClose(code: number): void {
    this.live = false;
    if (this.expectClose) {
      this.expectClose = false;
      this.room.check(this, "closed", performance.now());
    } else {
      noteClose(code);
    }
  }

  /** The item is on this person's screen (always true for a reference reader: one shared document). */
  hasItem(contentId: string): boolean {
    return this.doc && init.readerMode === "projection" ? this.doc.getMap("items").has(contentId) : true;
  }

  /** The edited item's text as this person's screen holds it. */
  private editText(): Y.Text | undefined {
    if (!this.doc) return undefined;
    const id = this.room.spec.editItem;
    if (init.readerMode === "document") {
      const text = this.doc.getMap("texts").get(id);
      return text instanceof Y.Text ? text : undefined;
    }
    const item = this.doc.getMap("items").get(id);
    const text = item instanceof Y.Map ? item.get("text") : undefined;
    return text instanceof Y.Text ? text : undefined;
  }

  private onMessage(data: Buffer): void {
    const now = performance.now();
    if (inWindow(now)) {
      counters.messagesReceived += 1;
      counters.bytesReceived += data.length;
    }
    if (data[0] === 2) counters.permissionDenied += 1;
    if (data[0] !== 0) return;
    const sub = data[1];
    if (!this.doc) {
      // Reference reader: raw scanning, like a writer.
      if (sub === 2) {
        scanMarkers(data, 2, (_w, _seq, tUs) => {
          const sent = tUs / 1000;
          if (!inWindow(sent)) return;
          readerLatency.record(now - sent);
          counters.deliveredReader += 1;
        });
      } else if (sub === 1) {
        this.syncedResolve();
      } else if (sub === 0) {
        this.send(syncMessage((e) => syncProtocol.writeSyncStep2(e, new Y.Doc())));
      }
      return;
    }
    const d = decoding.createDecoder(data);
    decoding.readVarUint(d);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    const type = syncProtocol.readSyncMessage(d, e, this.doc, REMOTE);
    if (encoding.length(e) > 1) this.send(encoding.toUint8Array(e));
    if (type === syncProtocol.messageYjsSyncStep1) return;
    const first = !this.synced;
    this.observeMarkers(now, first);
    if (first && type === syncProtocol.messageYjsSyncStep2) {
      this.synced = true;
      this.syncedResolve();
      this.room.check(this, "synced", now);
    } else {
      this.room.check(this, "update", now);
    }
  }

  private observeMarkers(now: number, first: boolean): void {
    const text = this.editText();
    if (!text) {
      this.showsEditItem = false;
      return;
    }
    // When the item (re)appears (first sync, or released after being held from this person), the
    // markers it brings were held on purpose: they set the baseline, they are not edit latencies.
    const baseline = first || !this.showsEditItem;
    this.showsEditItem = true;
    const s = text.toString();
    MARKER_RE.lastIndex = 0;
    for (let m = MARKER_RE.exec(s); m; m = MARKER_RE.exec(s)) {
      if (Number(m[1]) !== RUN) continue;
      const w = Number(m[2]);
      const seq = Number(m[3]);
      const last = this.lastSeq.get(w) ?? 0;
      if (seq <= last) continue;
      this.lastSeq.set(w, seq);
      if (baseline) continue;
      if (last > 0 && seq > last + 1) counters.skipped += seq - last - 1;
      const sent = Number(m[4]) / 1000;
      if (!inWindow(sent)) continue;
      readerLatency.record(now - sent);
      counters.deliveredReader += 1;
    }
  }

  close(): void {
    this.ws?.close();
  }
}

// ---- Toggles: the chair changes what the family sees; time until every affected screen shows it -----

function connectSocketIo(cookie: string): Promise<Socket> {
  const socket = io(init.baseUrl, {
    transports: ["websocket"],
    extraHeaders: { cookie, origin: init.origin },
    auth: { protocolVersion: 1 },
    reconnection: false,
    forceNew: true,
  });
  return new Promise<Socket>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket.io connect timeout")), 30_000);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function connectChair(room: Room): Promise<void> {
  const chair = room.spec.chair;
  if (!chair) return;
  room.chair = await connectSocketIo(chair.cookie);
  // The excluded people's clients: when their status lists the projection again, reconnect to it.
  for (const { reader: index, cookie } of chair.exclude.clients) {
    const reader = room.readers[index];
    const socket = await connectSocketIo(cookie);
    socket.on("status", (status: { documents: { name: string }[] }) => {
      if (!reader || reader.live || reader.connecting || stopped) return;
      if (!status.documents.some((d) => d.name === reader.docName)) return;
      reader.connect().catch(() => noteClose(0));
    });
    room.excluded.push(socket);
  }
}

function toggleLoop(room: Room, k: number): void {
  later(jitter(init.toggleIntervalMs), () => void toggleOnce(room, k));
}

function commandFor(op: ToggleOp, chair: NonNullable<RoomSpec["chair"]>): Record<string, unknown> {
  switch (op) {
    case "content.withhold":
      return { type: op, contentId: chair.toggleItem, from: chair.familyIds, reason: "Benchmark: held back" };
    case "content.release":
      return { type: op, contentId: chair.toggleItem, from: chair.familyIds };
    case "exclusion.start":
      return {
        type: op,
        participantId: chair.exclude.participantId,
        ground: "confidential_information",
        note: "Benchmark: third-party information",
      };
    case "exclusion.end":
      return { type: op, participantId: chair.exclude.participantId };
    case "exclusion.release":
      return { type: op, participantId: chair.exclude.participantId, contentIds: "all" };
    default:
      return { type: op, contentId: chair.toggleItem };
  }
}

/** What counts as "reached" for each kind of change, per reader and what just happened to it. */
function satisfiedFor(op: ToggleOp, room: Room): (r: Reader, event: ReaderEvent) => boolean {
  const chair = room.spec.chair!;
  const excluded = new Set(chair.exclude.clients.map((c) => room.readers[c.reader]));
  switch (op) {
    case "content.unshare":
    case "content.withhold":
      return (r, ev) => ev !== "closed" && !r.hasItem(chair.toggleItem);
    case "content.share":
    case "content.release":
      return (r, ev) => ev !== "closed" && r.hasItem(chair.toggleItem);
    case "exclusion.start":
      // Her screen and her advocate's: the projection is closed (the client shows she is out).
      return (r, ev) => excluded.has(r) && ev === "closed";
    case "exclusion.end":
      // Readmitted: the projection is open and synced again.
      return (r, ev) => excluded.has(r) && ev === "synced";
    case "exclusion.release":
      // What was edited while she was out reaches her screen.
      return (r, ev) => ev !== "closed" && r.hasItem(room.spec.editItem);
  }
}

async function toggleOnce(room: Room, k: number): Promise<void> {
  const chair = room.spec.chair;
  const socket = room.chair;
  if (stopped || !chair || !socket) return;
  const op = TOGGLE_OPS[k % TOGGLE_OPS.length]!;
  const satisfied = satisfiedFor(op, room);
  const excluded = chair.exclude.clients.map((c) => room.readers[c.reader]!);
  // Everyone whose screen does not show the outcome yet waits for it.
  const waiting = new Set(
    op === "exclusion.start"
      ? excluded.filter((r) => r.live)
      : op === "exclusion.end"
        ? excluded.filter((r) => !r.live)
        : room.readers.filter((r) => r.live && !satisfied(r, "update")),
  );
  if (op === "exclusion.start") for (const r of waiting) r.expectClose = true;
  const t0 = performance.now();
  const counted = inWindow(t0);
  let done!: () => void;
  const reached = new Promise<void>((r) => {
    done = r;
  });
  room.pending = { op, t0, counted, waiting, satisfied, done };
  const expected = waiting.size;
  if (expected === 0) done();
  let ack: { ok: boolean } | undefined;
  try {
    ack = (await socket.timeout(10_000).emitWithAck("command", commandFor(op, chair))) as { ok: boolean };
  } catch {
    ack = undefined;
  }
  if (counted) {
    counters.togglesSent += 1;
    toggleAck.record(performance.now() - t0);
  }
  if (!ack?.ok) {
    if (counted) counters.toggleRefused += 1;
    for (const r of excluded) r.expectClose = false;
  } else {
    if (counted) counters.expectedReach += expected;
    const timeout = new Promise<boolean>((r) => later(TOGGLE_REACH_TIMEOUT_MS, () => r(false)));
    const ok = await Promise.race([reached.then(() => true), timeout]);
    if (!ok && counted) counters.reachTimeouts += room.pending?.waiting.size ?? 0;
  }
  room.pending = undefined;
  if (!stopped) toggleLoop(room, ack?.ok ? k + 1 : k);
}

// ---- Life cycle -------------------------------------------------------------------------------------

const rooms: Room[] = [];

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) {
      const item = items[i++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

async function connectAll(): Promise<void> {
  const started = performance.now();
  const errors: string[] = [];
  let connected = 0;
  let failed = 0;
  const attempt = async (c: Writer | Reader) => {
    try {
      await c.connect();
      connected += 1;
    } catch (err) {
      failed += 1;
      if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
    }
  };
  for (const spec of init.rooms) {
    const room = new Room(spec);
    for (const w of spec.writers) room.writers.push(new Writer(room, w.cookie, w.doc));
    for (const r of spec.readers) room.readers.push(new Reader(room, r.cookie, r.doc));
    rooms.push(room);
  }
  if (init.target === "quorum") await restoreBeforeLevel();
  if (init.target === "reference") {
    // The first writer of each room makes the shared item before anyone else joins.
    await pool(rooms, init.connectConcurrency, async (room) => {
      const first = room.writers[0]!;
      await attempt(first);
      await first.createItem();
    });
  }
  const clients = rooms.flatMap((room) => [
    ...room.writers.filter((w) => init.target !== "reference" || w !== room.writers[0]),
    ...room.readers,
  ]);
  await pool(clients, init.connectConcurrency, attempt);
  if (init.toggleIntervalMs > 0) {
    await pool(rooms, init.connectConcurrency, async (room) => {
      try {
        await connectChair(room);
      } catch (err) {
        failed += 1;
        if (errors.length < 5)
          errors.push(`chair socket: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  }
  for (const room of rooms) if (room.spec.chair) room.writers[0]?.seedToggleText(room.spec.chair.toggleItem);
  send({ type: "ready", connected, failed, errors, connectMs: Math.round(performance.now() - started) });
}

function go(msg: WorkerGo): void {
  running = true;
  const now = performance.now();
  windowStart = now + msg.warmupMs;
  windowEnd = windowStart + msg.measureMs;
  for (const room of rooms) {
    for (const w of room.writers) w.schedule();
    if (room.chair && init.toggleIntervalMs > 0) toggleLoop(room, 0);
  }
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let cpu0: NodeJS.CpuUsage;
  // BENCH_LOADGEN_PROFILE=<dir>: profile this load generator over the window (is it the bottleneck?).
  const profileDir = process.env.BENCH_LOADGEN_PROFILE;
  const session = profileDir ? new Session() : undefined;
  later(msg.warmupMs, () => {
    cpu0 = process.cpuUsage();
    loop.enable();
    if (session) {
      session.connect();
      session.post("Profiler.enable", () => session.post("Profiler.start"));
    }
  });
  later(msg.warmupMs + msg.measureMs, () => {
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    session?.post("Profiler.stop", (err, res) => {
      if (!err) writeFileSync(`${profileDir}/loadgen-${process.pid}.cpuprofile`, JSON.stringify(res.profile));
      session.disconnect();
    });
    const loopDelay = {
      p50: Math.round(loop.percentile(50) / 1e4) / 100,
      p99: Math.round(loop.percentile(99) / 1e4) / 100,
      max: Math.round(loop.max / 1e4) / 100,
    };
    later(msg.drainMs, () => {
      const result: WorkerResult = {
        writerLatency: writerLatency.toJSON(),
        readerLatency: readerLatency.toJSON(),
        editsSent: counters.editsSent,
        expectedDeliveries: counters.expectedDeliveries,
        deliveredWriter: counters.deliveredWriter,
        deliveredReader: counters.deliveredReader,
        skipped: counters.skipped,
        toggles: {
          sent: counters.togglesSent,
          ack: toggleAck.toJSON(),
          reach: toggleReach.toJSON(),
          byOp: Object.fromEntries(Object.entries(toggleByOp).map(([k, h]) => [k, h.toJSON()])),
          refused: counters.toggleRefused,
          reachTimeouts: counters.reachTimeouts,
          expectedReach: counters.expectedReach,
        },
        closes,
        permissionDenied: counters.permissionDenied,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuSystemMs: cpu.system / 1000,
        windowMs: msg.measureMs,
        loopDelay,
        messagesReceived: counters.messagesReceived,
        bytesReceived: counters.bytesReceived,
      };
      send({ type: "result", result });
    });
  });
}

/**
 * Put a room back as it was set up: nobody excluded, nothing held or withheld, the toggled item
 * shared. Commands on one socket run in order, so these come after any toggle still in flight;
 * refusals ("not excluded", ...) are expected and ignored.
 */
async function restoreRoom(spec: RoomSpec, socket: Socket): Promise<void> {
  const chair = spec.chair;
  if (!chair) return;
  const restore = [
    { type: "exclusion.end", participantId: chair.exclude.participantId },
    { type: "exclusion.release", participantId: chair.exclude.participantId, contentIds: "all" },
    { type: "content.share", contentId: chair.toggleItem },
    { type: "content.release", contentId: chair.toggleItem, from: chair.familyIds },
  ];
  for (const command of restore)
    await socket
      .timeout(10_000)
      .emitWithAck("command", command)
      .catch(() => {});
}

/**
 * Before anyone connects: the previous level's toggles may have been cut short (a parent left
 * excluded would be refused her projection, and the level would fail for the wrong reason).
 */
async function restoreBeforeLevel(): Promise<void> {
  await pool(
    rooms.filter((r) => r.spec.chair),
    init.connectConcurrency,
    async (room) => {
      const socket = await connectSocketIo(room.spec.chair!.cookie);
      try {
        await restoreRoom(room.spec, socket);
      } finally {
        socket.disconnect();
      }
    },
  );
}

async function stop(): Promise<void> {
  if (stopped) return;
  stopped = true;
  for (const t of timers) clearTimeout(t);
  timers.clear();
  for (const room of rooms) for (const w of room.writers) w.cleanUp();
  // Leave every room as it was set up for the next level (it is restored again before the next
  // level starts, in case this is cut short).
  await pool(rooms, init.connectConcurrency, async (room) => {
    if (room.chair) await restoreRoom(room.spec, room.chair);
  });
  // Let the clean-up edits reach the server before the sockets close.
  await new Promise((r) => setTimeout(r, 300));
  for (const room of rooms) {
    for (const w of room.writers) w.close();
    for (const r of room.readers) r.close();
    room.chair?.disconnect();
    for (const socket of room.excluded) socket.disconnect();
  }
  await new Promise((r) => setTimeout(r, 200));
  process.exit(0);
}

process.on("message", (msg: ToWorker) => {
  if (msg.type === "init") {
    init = msg;
    connectAll().catch((err: unknown) => {
      send({ type: "fatal", error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    });
  } else if (msg.type === "go") {
    go(msg);
  } else if (msg.type === "stop") {
    void stop();
  }
});
// The orchestrator went away: never outlive it.
process.on("disconnect", () => process.exit(0));
