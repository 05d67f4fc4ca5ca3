import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Histogram, type LatencySummary } from "./lib/histogram";
import type { RoomSpec, ToParent, ToWorker, WorkerResult } from "./lib/messages";
import { machineCpuMs, processRssMb, processTree, processTreeCpuMs } from "./lib/procstat";
import {
  type CpuProfile,
  InspectorSession,
  mapToSources,
  type ProfileSummary,
  summarise,
} from "./lib/profile";
import { referenceRoom, setUpConference } from "./lib/quorumSetup";

/**
 * `npm run bench`: the sync core under load, against the unguarded reference server.
 *
 * Servers and load generators are separate processes on loopback. Each load level forks worker
 * processes (bench/loadgen.ts) that each play a slice of the rooms: 15 clients a room, 12 writers on
 * the shared document making 0.5 edits/s each, 3 family readers (Quorum: parents' projections).
 * Latency is measured on the receiving clients; see docs/PERFORMANCE.md.
 */

const root = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    rooms: { type: "string" },
    seconds: { type: "string" },
    warmup: { type: "string" },
    drain: { type: "string", default: "2" },
    capacity: { type: "boolean", default: true },
    "no-capacity": { type: "boolean", default: false },
    "capacity-seconds": { type: "string", default: "15" },
    step: { type: "string", default: "100" },
    "max-rooms": { type: "string", default: "1000" },
    "limit-ms": { type: "string", default: "100" },
    "wait-quiet": { type: "string" },
    retries: { type: "string", default: "2" },
    repeats: { type: "string" },
    "sqlite-synchronous": { type: "string", default: "full" },
    workers: { type: "string", default: "2" },
    "server-workers": { type: "string", default: "1" },
    "edit-interval": { type: "string", default: "2000" },
    "toggle-interval": { type: "string", default: "2000" },
    "no-toggles": { type: "boolean", default: false },
    only: { type: "string" },
    "reference-readers": { type: "string", default: "doc" },
    profile: { type: "boolean", default: false },
    "profile-toggles": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    out: { type: "string", default: path.join(root, "bench/results/latest.json") },
    help: { type: "boolean", default: false },
  },
  strict: true,
});

if (args.help) {
  process.stdout.write(`npm run bench -- [options]
  --rooms N              rooms for the head-to-head run (default 100)
  --seconds S            measurement window of the head-to-head runs (default 20)
  --warmup S             discarded warm-up before each window (default 5)
  --no-capacity          skip the capacity search
  --capacity-seconds S   measurement window of each capacity level (default 15)
  --step N               capacity levels go up by N rooms (default 100), then one bisection step
  --max-rooms N          stop the capacity search here (default 1000)
  --limit-ms MS          p99 a level must hold to count (default 100)
  --wait-quiet S         before each level, wait up to S s for other processes to leave the CPUs
                         (default 60; 0 with --quick)
  --retries N            run a level again (up to N times) when other processes took more than
                         30 % of a core, or the disk's fsync p99 passed 20 ms, during its window
                         (default 2)
  --workers N            load-generator processes (default 2)
  --server-workers N     Quorum's WORKERS: server processes the rooms are spread over (default 1)
  --toggle-interval MS   mean time between one chair's visibility toggles (default 2000)
  --no-toggles           skip the toggle (withhold/share reach) run
  --repeats N            head-to-head runs per server; the median p99 is reported (default 3)
  --only quorum|reference
  --reference-readers doc|raw   the reference's 3 family readers apply the shared document to a Y.Doc
                         and read the item's text, as Quorum's read their projections (doc, default),
                         or only scan the bytes for markers as writers do (raw: the lighter baseline
                         of the runs before the evening of 3 December 2026)
  --sqlite-synchronous normal   what-if: Quorum without an fsync per commit (not the durable default)
  --profile              also profile the Quorum server during a ${"`--rooms`"} run (V8 sampling profile)
  --profile-toggles      the same, with the chair's changes running (profiles the command path)
  --quick                --rooms 20 --seconds 10 --warmup 3 --no-capacity (a smoke run)
  --out FILE             results JSON (default bench/results/latest.json)
`);
  process.exit(0);
}

if (!["doc", "raw"].includes(args["reference-readers"] ?? "")) {
  process.stderr.write(`--reference-readers must be doc or raw, not ${args["reference-readers"]}\n`);
  process.exit(2);
}

const quick = args.quick;
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const opts = {
  rooms: num(args.rooms, quick ? 20 : 100),
  seconds: num(args.seconds, quick ? 10 : 20),
  warmup: num(args.warmup, quick ? 3 : 5),
  drain: Number(args.drain),
  capacity: !quick && args.capacity && !args["no-capacity"],
  capacitySeconds: Number(args["capacity-seconds"]),
  step: Number(args.step),
  maxRooms: Number(args["max-rooms"]),
  limitMs: Number(args["limit-ms"]),
  waitQuiet: num(args["wait-quiet"], quick ? 0 : 60),
  retries: num(args.retries, 2),
  repeats: Math.max(1, num(args.repeats, quick ? 1 : 3)),
  sqliteSynchronous: args["sqlite-synchronous"] === "normal" ? "normal" : "full",
  serverWorkers: num(args["server-workers"], 1),
  workers: Math.max(1, Number(args.workers)),
  editIntervalMs: Number(args["edit-interval"]),
  toggleIntervalMs: Number(args["toggle-interval"]),
  toggles: !args["no-toggles"],
  only: args.only as "quorum" | "reference" | undefined,
  referenceReaders: args["reference-readers"] === "raw" ? ("raw" as const) : ("document" as const),
  profile: args.profile || args["profile-toggles"],
  profileToggles: args["profile-toggles"],
  out: path.resolve(args.out),
};

// ---- Child processes: every one is killed at the end, on error and on Ctrl-C -----------------------

const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping every child process\n`);
    killAll();
    process.exit(130);
  });
}

const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A server child process on a fixed loopback port. `restart()` gives each load level a freshly
 * started process (the same database for Quorum): levels do not inherit each other's heap, and
 * Quorum's projections are rebuilt from the database as after any restart.
 */
class ServerHandle {
  url: string;
  pid: number | undefined;
  inspectorUrl: string | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly kind: "quorum" | "reference",
    private readonly script: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly ready: RegExp,
    private readonly inspect: boolean,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const { kind } = this;
    const child = track(
      spawn(
        process.execPath,
        [
          ...(kind === "quorum" ? QUORUM_NODE_FLAGS : []),
          ...(process.env.BENCH_SERVER_FLAGS?.split(" ").filter(Boolean) ?? []),
          "--import",
          "tsx",
          ...(this.inspect ? ["--inspect=127.0.0.1:0"] : []),
          this.script,
        ],
        {
          cwd: root,
          env: {
            ...this.env,
            PORT: String(this.port),
            HOST: "127.0.0.1",
            ...(kind === "quorum" ? { PUBLIC_URL: this.url } : {}),
          },
          stdio: ["ignore", "pipe", "pipe"],
        },
      ),
    );
    this.child = child;
    this.pid = child.pid;
    this.inspectorUrl = undefined;
    this.exited = new Promise<void>((r) => child.once("exit", () => r()));
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      const text = d.toString();
      stderr += text;
      this.inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
      if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
      // The server logs errors only (LOG_LEVEL=error): show them, they may explain a result.
      for (const l of text.split("\n")) {
        if (l.trim() && !/Debugger|inspector|nodejs.org\/en\/docs/i.test(l))
          process.stderr.write(`  [${kind}] ${l}\n`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      let out: string | undefined = "";
      const timer = setTimeout(() => reject(new Error(`${kind} did not start: ${stderr}`)), 60_000);
      child.stdout?.on("data", (d: Buffer) => {
        if (process.env.BENCH_SERVER_STDOUT) appendFileSync(process.env.BENCH_SERVER_STDOUT, d);
        if (out === undefined) return;
        out += d.toString();
        if (this.ready.test(out)) {
          out = undefined; // started: what it prints from now on is not kept
          clearTimeout(timer);
          resolve();
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${kind} exited: ${stderr}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const stopped = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) child.kill("SIGKILL");
    await this.exited;
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

async function startProcess(
  kind: "quorum" | "reference",
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  inspect: boolean,
): Promise<ServerHandle> {
  const server = new ServerHandle(kind, script, env, ready, inspect, await freePort());
  await server.start();
  return server;
}

// ---- Quorum: server and conferences ------------------------------------------------------------

/**
 * Node's flags for Quorum's server, as `npm start` gives them (package.json): a young generation of
 * 64 MB semi-spaces rather than 16, so the many short-lived buffers and closures of each edit's relay
 * are collected in a quarter as many scavenges (about 4 % less server CPU an edit at 250 rooms).
 * `BENCH_SERVER_FLAGS` adds flags to whichever server a run starts, to try others, and
 * `BENCH_SERVER_STDOUT=<file>` appends the server's standard output there (`--trace-gc` writes to it).
 */
const QUORUM_NODE_FLAGS = ["--max-semi-space-size=64"];

const adminToken = randomBytes(24).toString("base64url");
let dataDir: string | undefined;

async function startQuorum(inspect: boolean): Promise<ServerHandle> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "quorum-bench-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded SQLite database with its default (durable) settings, whatever this shell says.
  delete env.DATABASE_URL;
  delete env.SQLITE_SYNCHRONOUS;
  if (opts.sqliteSynchronous === "normal") env.SQLITE_SYNCHRONOUS = "normal";
  env.WORKERS = String(opts.serverWorkers);
  return startProcess(
    "quorum",
    "server/main.ts",
    {
      ...env,
      DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: "error",
      RATE_LIMIT_SESSION_PER_IP: "1000000000",
      RATE_LIMIT_SESSION_PER_TOKEN: "1000000000",
    },
    /Quorum listening on/,
    inspect,
  );
}

const quorumRooms: RoomSpec[] = [];
async function ensureQuorumRooms(server: ServerHandle, n: number): Promise<void> {
  if (quorumRooms.length >= n) return;
  const started = Date.now();
  const from = quorumRooms.length;
  let next = from;
  const made: RoomSpec[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        made[i - from] = await setUpConference(server.url, server.url, adminToken, i + 1);
      }
    }),
  );
  quorumRooms.push(...made);
  log(`  set up ${n - from} conferences (${n} in all) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Ask the server for a trivial HTTP answer every 50 ms for `ms`: its responsiveness under load. */
async function probeServer(url: string, ms: number): Promise<LatencySummary> {
  const h = new Histogram();
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = performance.now();
    try {
      // Quorum answers /healthz; the reference answers "okay" to any path.
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      h.record(performance.now() - t0);
    } catch {
      // a refused probe is not a latency
    }
    await sleep(50);
  }
  return h.summary();
}

/**
 * Write 4 KiB and fdatasync it every 100 ms on the database's file system for `ms`: how long a
 * durable commit waits for the disk meanwhile (other processes' I/O makes this spike).
 */
async function probeDisk(dir: string, ms: number): Promise<LatencySummary> {
  const h = new Histogram();
  const file = path.join(dir, `fsync-probe-${process.pid}.tmp`);
  const handle = await open(file, "w");
  const block = Buffer.alloc(4096, 7);
  try {
    const end = Date.now() + ms;
    for (let i = 0; Date.now() < end; i++) {
      const t0 = performance.now();
      await handle.write(block, 0, block.length, (i % 64) * 4096);
      await handle.datasync();
      h.record(performance.now() - t0);
      await sleep(100);
    }
  } finally {
    await handle.close();
    rmSync(file, { force: true });
  }
  return h.summary();
}

// ---- One load level ------------------------------------------------------------------------------

interface LevelResult {
  target: "quorum" | "reference";
  label: string;
  rooms: number;
  clients: number;
  seconds: number;
  /** p99 etc. over every reception: professional peers and family readers together. */
  all: LatencySummary;
  writers: LatencySummary;
  readers: LatencySummary;
  editsPerSecond: number;
  delivered: number;
  skipped: number;
  toggles?: {
    count: number;
    ack: LatencySummary;
    reach: LatencySummary;
    byOp: Record<string, LatencySummary>;
    refused: number;
    reachTimeouts: number;
    expectedReach: number;
  };
  cpu: {
    serverPct: number;
    serverSystemPct: number;
    loadgenPct: number;
    loadgenSystemPct: number;
    machineBusyPct: number;
    otherPct: number;
    cores: number;
    /**
     * The server's CPU time (all its threads, user and system) per edit sent in the window, in µs:
     * steadier from run to run than any latency percentile, so the figure to compare builds by. It
     * includes what the server does whatever the load (the stall probe, timers), which dominates
     * at a few rooms: compare at 100 rooms or more.
     */
    serverUsPerEdit: number;
  };
  serverRssMb: number;
  receivedPerEdit: { messages: number; bytes: number };
  /** Round trip of a plain HTTP request to the server every 50 ms: how long its event loop stalls. */
  probeRtt: LatencySummary;
  /** fdatasync of 4 KiB on the database's disk every 100 ms during the window. */
  fsync: LatencySummary;
  loadgenLoopDelayP99: number;
  connectMs: number;
  connectFailures: number;
  connectErrors: string[];
  closes: Record<string, number>;
  permissionDenied: number;
  held: boolean;
  why: string;
  /** How busy the machine was (others' processes) just before the level, and how long we waited. */
  beforeLevel?: { waitedS: number; busyPct: number };
  /** Measurements taken (more than one when others' processes disturbed the first). */
  attempts?: number;
  profile?: ProfileSummary;
}

/**
 * Other people's processes share these two cores: before a level, wait (bounded) until the machine
 * is quiet, i.e. less than a quarter of one core busy over two seconds. Returns the last busy share.
 */
async function waitQuiet(): Promise<{ waitedS: number; busyPct: number }> {
  const started = Date.now();
  let busyPct = Number.NaN;
  for (let i = 0; ; i++) {
    const a = machineCpuMs();
    await sleep(2000);
    const b = machineCpuMs();
    busyPct = Math.round(((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length * 1000) / 10;
    if (busyPct < 25 || Date.now() - started >= opts.waitQuiet * 1000) break;
    if (i === 0)
      log(`  waiting up to ${opts.waitQuiet} s for a quieter machine (${busyPct} % of a core busy)`);
  }
  const waitedS = Math.round((Date.now() - started) / 1000);
  if (busyPct >= 25) log(`  machine still ${busyPct} % busy after ${waitedS} s: measuring anyway`);
  return { waitedS, busyPct };
}

/**
 * A level, measured again (bounded) when other people's processes took a real share of the CPUs
 * during its window: their load is not ours to report. The least disturbed attempt is kept.
 */
async function runLevel(
  server: ServerHandle,
  rooms: RoomSpec[],
  o: { label: string; seconds: number; toggles: boolean; profile?: boolean },
): Promise<LevelResult> {
  let best: LevelResult | undefined;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    const r = await runLevelOnce(server, rooms, o);
    r.attempts = attempt + 1;
    const disturbance = disturbed(r);
    if (!best || disturbance < disturbed(best)) best = r;
    if (disturbance === 0) break;
    if (attempt < opts.retries)
      log(
        `  (${r.target} ${r.rooms} rooms disturbed: others used ${r.cpu.otherPct} % of a core, ` +
          `disk fsync p99 ${r.fsync.p99} ms; measuring again)`,
      );
  }
  return best!;
}

/**
 * How much other people's work disturbed a level: their CPU beyond 30 % of a core, and a disk whose
 * fsync p99 exceeded 20 ms (a quiet disk here answers in well under 1 ms). 0 = undisturbed.
 */
function disturbed(r: LevelResult): number {
  return Math.max(0, r.cpu.otherPct - 30) + Math.max(0, r.fsync.p99 - 20);
}

async function runLevelOnce(
  server: ServerHandle,
  rooms: RoomSpec[],
  o: { label: string; seconds: number; toggles: boolean; profile?: boolean },
): Promise<LevelResult> {
  await server.restart();
  const quiet = opts.waitQuiet > 0 ? await waitQuiet() : undefined;
  const nWorkers = Math.min(opts.workers, rooms.length);
  const slices: RoomSpec[][] = Array.from({ length: nWorkers }, () => []);
  for (const [i, r] of rooms.entries()) slices[i % nWorkers]!.push(r);
  const workers = slices.map(() =>
    track(
      fork(path.join(root, "bench/loadgen.ts"), [], {
        cwd: root,
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    ),
  );
  const inbox = workers.map(() => [] as ToParent[]);
  const wake = new Set<() => void>();
  for (const [i, w] of workers.entries()) {
    w.on("message", (m: ToParent) => {
      inbox[i]!.push(m);
      for (const f of wake) f();
    });
  }
  const exits = workers.map((w) => new Promise<void>((r) => w.once("exit", () => r())));
  const waitAll = async <T extends ToParent["type"]>(type: T, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fatal = inbox.flat().find((m) => m.type === "fatal");
      if (fatal && fatal.type === "fatal") throw new Error(`load generator failed: ${fatal.error}`);
      const got = inbox.map((box) => box.find((m) => m.type === type));
      if (got.every(Boolean)) return got as Extract<ToParent, { type: T }>[];
      if (workers.some((w) => w.exitCode !== null)) throw new Error("a load generator exited early");
      if (Date.now() > deadline) throw new Error(`timed out waiting for workers: ${type}`);
      await new Promise<void>((r) => {
        const f = () => {
          wake.delete(f);
          r();
        };
        wake.add(f);
        setTimeout(f, 500);
      });
    }
  };
  const tell = (w: ChildProcess, m: ToWorker) => {
    if (w.connected) w.send(m);
  };
  try {
    for (const [i, w] of workers.entries()) {
      tell(w, {
        type: "init",
        target: server.kind,
        baseUrl: server.url,
        origin: server.url,
        rooms: slices[i]!,
        editIntervalMs: opts.editIntervalMs,
        toggleIntervalMs: o.toggles ? opts.toggleIntervalMs : 0,
        readerMode: server.kind === "quorum" ? "projection" : opts.referenceReaders,
        connectConcurrency: 32,
      });
    }
    const ready = await waitAll("ready", 120_000 + rooms.length * 200);
    const warmupMs = opts.warmup * 1000;
    const measureMs = o.seconds * 1000;
    for (const w of workers) tell(w, { type: "go", warmupMs, measureMs, drainMs: opts.drain * 1000 });
    await sleep(warmupMs);
    let inspector: InspectorSession | undefined;
    if (o.profile && server.inspectorUrl) {
      inspector = await InspectorSession.open(server.inspectorUrl);
      await inspector.call("Profiler.enable");
      await inspector.call("Profiler.setSamplingInterval", { interval: 500 });
      await inspector.call("Profiler.start");
    }
    // The server's process and its children (with WORKERS > 1 the workers do the work).
    const s0 = processTreeCpuMs(server.pid);
    const m0 = machineCpuMs();
    const o0 = process.cpuUsage();
    const probe = probeServer(server.url, measureMs);
    const disk = probeDisk(dataDir ?? os.tmpdir(), measureMs);
    await sleep(measureMs);
    const probeRtt = await probe;
    const fsync = await disk;
    const s1 = processTreeCpuMs(server.pid);
    const m1 = machineCpuMs();
    const o1 = process.cpuUsage(o0);
    const rss = processTree(server.pid).reduce((sum, pid) => sum + processRssMb(pid), 0);
    let profile: ProfileSummary | undefined;
    if (inspector) {
      const { profile: p } = await inspector.call<{ profile: CpuProfile }>("Profiler.stop");
      await mapToSources(p, inspector);
      profile = summarise(p);
      writeFileSync(path.join(path.dirname(opts.out), "quorum-server.cpuprofile.tmp"), JSON.stringify(p));
      inspector.close();
    }
    const results = (await waitAll("result", opts.drain * 1000 + 30_000)).map((m) => m.result);
    const level = summariseLevel(server, rooms, o, results, ready, {
      serverMs: s1.total - s0.total,
      serverSystemMs: s1.system - s0.system,
      machineBusyMs: m1.busy - m0.busy,
      machineTotalMs: m1.total - m0.total,
      orchestratorMs: (o1.user + o1.system) / 1000,
      rss,
      measureMs,
      probeRtt,
      fsync,
      ...(profile ? { profile } : {}),
    });
    if (quiet) level.beforeLevel = quiet;
    return level;
  } finally {
    for (const w of workers) tell(w, { type: "stop" });
    await Promise.race([Promise.all(exits), sleep(10_000)]);
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  }
}

function summariseLevel(
  server: ServerHandle,
  rooms: RoomSpec[],
  o: { label: string; seconds: number; toggles: boolean },
  results: WorkerResult[],
  ready: Extract<ToParent, { type: "ready" }>[],
  m: {
    serverMs: number;
    serverSystemMs: number;
    machineBusyMs: number;
    machineTotalMs: number;
    orchestratorMs: number;
    rss: number;
    measureMs: number;
    probeRtt: LatencySummary;
    fsync: LatencySummary;
    profile?: ProfileSummary;
  },
): LevelResult {
  const writers = Histogram.merge(results.map((r) => r.writerLatency));
  const readers = Histogram.merge(results.map((r) => r.readerLatency));
  const all = Histogram.merge([writers.toJSON(), readers.toJSON()]);
  const sum = (f: (r: WorkerResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const expected = sum((r) => r.expectedDeliveries);
  const delivered = expected > 0 ? sum((r) => r.deliveredWriter + r.deliveredReader) / expected : 0;
  const cores = os.cpus().length;
  const wall = m.measureMs;
  const loadgenMs = sum((r) => r.cpuMs);
  const pct = (ms: number) => Math.round((ms / wall) * 1000) / 10;
  const machineBusyPct = Math.round((m.machineBusyMs / m.machineTotalMs) * cores * 1000) / 10;
  const closes: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.closes)) closes[k] = (closes[k] ?? 0) + v;
  const connectFailures = ready.reduce((a, r) => a + r.failed, 0);
  const connectErrors = ready.flatMap((r) => r.errors).slice(0, 5);
  let toggles: LevelResult["toggles"];
  if (o.toggles) {
    const byOp: Record<string, LatencySummary> = {};
    for (const op of Object.keys(results[0]?.toggles.byOp ?? {})) {
      byOp[op] = Histogram.merge(results.map((r) => r.toggles.byOp[op]!)).summary();
    }
    toggles = {
      count: sum((r) => r.toggles.sent),
      ack: Histogram.merge(results.map((r) => r.toggles.ack)).summary(),
      reach: Histogram.merge(results.map((r) => r.toggles.reach)).summary(),
      byOp,
      refused: sum((r) => r.toggles.refused),
      reachTimeouts: sum((r) => r.toggles.reachTimeouts),
      expectedReach: sum((r) => r.toggles.expectedReach),
    };
  }
  const summary = all.summary();
  const readerSummary = readers.summary();
  const editsSent = sum((r) => r.editsSent);
  const reasons: string[] = [];
  if (!(summary.p99 <= opts.limitMs)) reasons.push(`p99 ${summary.p99} ms > ${opts.limitMs} ms`);
  if (readers.count > 0 && !(readerSummary.p99 <= opts.limitMs))
    reasons.push(`projection p99 ${readerSummary.p99} ms > ${opts.limitMs} ms`);
  if (delivered < 0.99) reasons.push(`only ${(delivered * 100).toFixed(1)} % of edits arrived in time`);
  if (connectFailures > 0) reasons.push(`${connectFailures} clients could not connect`);
  const closed = Object.values(closes).reduce((a, b) => a + b, 0);
  if (closed > 0) reasons.push(`${closed} connections closed during the run`);
  return {
    target: server.kind,
    label: o.label,
    rooms: rooms.length,
    clients: rooms.reduce((a, r) => a + r.writers.length + r.readers.length, 0),
    seconds: o.seconds,
    all: summary,
    writers: writers.summary(),
    readers: readerSummary,
    editsPerSecond: Math.round(editsSent / o.seconds),
    delivered: Math.round(delivered * 10000) / 10000,
    skipped: sum((r) => r.skipped),
    ...(toggles ? { toggles } : {}),
    cpu: {
      serverPct: pct(m.serverMs),
      serverSystemPct: pct(m.serverSystemMs),
      loadgenPct: pct(loadgenMs),
      loadgenSystemPct: pct(sum((r) => r.cpuSystemMs)),
      machineBusyPct,
      otherPct:
        Math.round((machineBusyPct - pct(m.serverMs) - pct(loadgenMs) - pct(m.orchestratorMs)) * 10) / 10,
      cores,
      serverUsPerEdit: editsSent > 0 ? Math.round((m.serverMs * 1000) / editsSent) : 0,
    },
    serverRssMb: m.rss,
    // What the clients received in the window, per edit sent in it (relays, projections, the rest).
    receivedPerEdit: {
      messages: editsSent > 0 ? Math.round((sum((r) => r.messagesReceived) / editsSent) * 100) / 100 : 0,
      bytes: editsSent > 0 ? Math.round(sum((r) => r.bytesReceived) / editsSent) : 0,
    },
    probeRtt: m.probeRtt,
    fsync: m.fsync,
    loadgenLoopDelayP99: Math.max(...results.map((r) => r.loopDelay.p99)),
    connectMs: Math.max(...ready.map((r) => r.connectMs)),
    connectFailures,
    connectErrors,
    closes,
    permissionDenied: sum((r) => r.permissionDenied),
    held: reasons.length === 0,
    why: reasons.join("; "),
    ...(m.profile ? { profile: m.profile } : {}),
  };
}

function line(r: LevelResult): string {
  const t = r.toggles
    ? `  toggle reach p99 ${r.toggles.reach.p99} ms (n=${r.toggles.reach.count}), ack p99 ${r.toggles.ack.p99} ms`
    : "";
  return (
    `  ${r.target.padEnd(9)} ${String(r.rooms).padStart(4)} rooms: p50 ${r.all.p50} p95 ${r.all.p95} ` +
    `p99 ${r.all.p99} max ${r.all.max} ms (peers p99 ${r.writers.p99}, readers p99 ${r.readers.p99}), ` +
    `${r.editsPerSecond} edits/s, delivered ${(r.delivered * 100).toFixed(2)} %, ` +
    `cpu server ${r.cpu.serverPct} % (${r.cpu.serverUsPerEdit} µs an edit) loadgen ${r.cpu.loadgenPct} % other ${r.cpu.otherPct} %, ` +
    `server stall probe p99 ${r.probeRtt.p99} ms, fsync p99 ${r.fsync.p99} ms, ` +
    `loadgen loop delay p99 ${r.loadgenLoopDelayP99} ms` +
    `${t}${r.held ? "" : `  NOT HELD: ${r.why}`}` +
    `${r.connectErrors.length > 0 ? ` (connect errors: ${r.connectErrors.join("; ")})` : ""}`
  );
}

// ---- Capacity: step up until a level is not held, then one bisection step --------------------------

async function capacity(
  run: (rooms: number) => Promise<LevelResult>,
  first: LevelResult,
): Promise<{ held: number; levels: LevelResult[] }> {
  const levels: LevelResult[] = [first];
  let held = first.held ? first.rooms : 0;
  let failed = first.held ? undefined : first.rooms;
  let n = first.rooms;
  while (failed === undefined && n + opts.step <= opts.maxRooms) {
    n += opts.step;
    const r = await run(n);
    levels.push(r);
    if (r.held) held = n;
    else failed = n;
  }
  // One bisection step between the last level held and the first one not held.
  if (failed !== undefined) {
    const mid = Math.round((held + failed) / 2 / 10) * 10;
    if (mid > held && mid < failed) {
      const r = await run(mid);
      levels.push(r);
      if (r.held) held = mid;
    }
  }
  return { held, levels };
}

// ---- The run ---------------------------------------------------------------------------------------

function versions(): Record<string, string> {
  const v = (name: string) => {
    try {
      return (
        JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as {
          version: string;
        }
      ).version;
    } catch {
      return "?";
    }
  };
  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    // not a git checkout
  }
  return {
    node: process.version,
    yjs: v("yjs"),
    "y-protocols": v("y-protocols"),
    ws: v("ws"),
    "socket.io": v("socket.io"),
    "better-sqlite3": v("better-sqlite3"),
    "@y/websocket-server": v("@y/websocket-server"),
    commit,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(path.dirname(opts.out), { recursive: true });
  const machine = {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "?",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  log(`Quorum sync benchmark: ${opts.rooms} rooms x 15 clients, 0.5 edits/s per writer`);
  log(
    `  machine: ${machine.cpus} cores (${machine.model}), load average ${machine.loadavgAtStart.join(" ")}`,
  );
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine,
    versions: versions(),
    options: opts,
  };
  const save = () => writeFileSync(opts.out, `${JSON.stringify(out, null, 2)}\n`);
  const levels: LevelResult[] = [];
  let quorum: ServerHandle | undefined;
  let reference: ServerHandle | undefined;
  let refRun = 0;
  try {
    let q100: LevelResult | undefined;
    let r100: LevelResult | undefined;
    if (opts.only !== "reference") {
      quorum = await startQuorum(opts.profile);
      log(`Quorum server on ${quorum.url} (pid ${quorum.pid}, SQLite in ${dataDir})`);
      await ensureQuorumRooms(quorum, opts.rooms);
      const qRuns: LevelResult[] = [];
      for (let i = 0; i < opts.repeats; i++) {
        const r = await runLevel(quorum, quorumRooms.slice(0, opts.rooms), {
          label: "quorum",
          seconds: opts.seconds,
          toggles: false,
        });
        log(line(r));
        qRuns.push(r);
      }
      q100 = median(qRuns);
      levels.push(q100);
      out.quorum = q100;
      out.quorumRepeats = qRuns.map(brief);
      save();
      if (opts.toggles) {
        const qt = await runLevel(quorum, quorumRooms.slice(0, opts.rooms), {
          label: "quorum+toggles",
          seconds: opts.seconds,
          toggles: true,
        });
        levels.push(qt);
        log(line(qt));
        out.quorumToggles = qt;
        save();
      }
      if (opts.profile) {
        const qp = await runLevel(quorum, quorumRooms.slice(0, opts.rooms), {
          label: opts.profileToggles ? "quorum+toggles (profiled)" : "quorum (profiled)",
          seconds: opts.seconds,
          toggles: opts.profileToggles,
          profile: true,
        });
        log(line(qp));
        out.profile = { level: { ...qp, profile: undefined }, summary: qp.profile };
        printProfile(qp.profile);
        save();
      }
    }
    if (opts.only !== "quorum") {
      reference = await startProcess(
        "reference",
        "bench/reference-server.ts",
        { ...process.env },
        /reference listening/,
        false,
      );
      log(`reference server (@y/websocket-server) on ${reference.url} (pid ${reference.pid})`);
      const refRooms = (n: number) =>
        Array.from({ length: n }, (_, i) => referenceRoom(`bench-${refRun}-room-${i}`));
      refRun += 1;
      const rRuns: LevelResult[] = [];
      for (let i = 0; i < opts.repeats; i++) {
        const r = await runLevel(reference, refRooms(opts.rooms), {
          label: "reference",
          seconds: opts.seconds,
          toggles: false,
        });
        refRun += 1;
        log(line(r));
        rRuns.push(r);
      }
      r100 = median(rRuns);
      levels.push(r100);
      out.reference = r100;
      out.referenceRepeats = rRuns.map(brief);
      save();
      if (q100) {
        out.ratioP99 = Math.round((q100.all.p99 / r100.all.p99) * 100) / 100;
        log(`  p99 ratio Quorum / reference at ${opts.rooms} rooms: ${String(out.ratioP99)}`);
      }
      if (opts.capacity) {
        log(`Capacity (reference): levels held at p99 <= ${opts.limitMs} ms`);
        const cap = await capacity(async (n) => {
          refRun += 1;
          const rooms = Array.from({ length: n }, (_, i) => referenceRoom(`bench-${refRun}-room-${i}`));
          const r = await runLevel(reference!, rooms, {
            label: "reference",
            seconds: opts.capacitySeconds,
            toggles: false,
          });
          log(line(r));
          return r;
        }, r100);
        out.referenceCapacity = { held: cap.held, levels: cap.levels.map(brief) };
        save();
      }
      await reference.stop();
      reference = undefined;
    }
    if (opts.capacity && quorum && q100) {
      log(`Capacity (Quorum): levels held at p99 <= ${opts.limitMs} ms`);
      const cap = await capacity(async (n) => {
        await ensureQuorumRooms(quorum!, n);
        const r = await runLevel(quorum!, quorumRooms.slice(0, n), {
          label: "quorum",
          seconds: opts.capacitySeconds,
          toggles: false,
        });
        log(line(r));
        return r;
      }, q100);
      out.quorumCapacity = { held: cap.held, levels: cap.levels.map(brief) };
      save();
    }
    const qc = out.quorumCapacity as { held: number } | undefined;
    const rc = out.referenceCapacity as { held: number } | undefined;
    if (qc && rc) out.capacityRatio = rc.held > 0 ? Math.round((qc.held / rc.held) * 100) / 100 : null;
    out.elapsedSeconds = Math.round((Date.now() - started) / 1000);
    save();
    printSummary(out);
  } finally {
    await reference?.stop();
    await quorum?.stop();
    if (dataDir && !process.env.BENCH_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The run with the median p99 (repeated runs of one level vary: the machine is shared). */
function median(runs: LevelResult[]): LevelResult {
  const sorted = [...runs].sort((a, b) => a.all.p99 - b.all.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function brief(r: LevelResult) {
  return {
    rooms: r.rooms,
    p50: r.all.p50,
    p99: r.all.p99,
    readersP99: r.readers.p99,
    max: r.all.max,
    delivered: r.delivered,
    serverCpuPct: r.cpu.serverPct,
    loadgenCpuPct: r.cpu.loadgenPct,
    otherCpuPct: r.cpu.otherPct,
    serverRssMb: r.serverRssMb,
    loadgenLoopDelayP99: r.loadgenLoopDelayP99,
    stallProbeP99: r.probeRtt.p99,
    fsyncP99: r.fsync.p99,
    attempts: r.attempts,
    held: r.held,
    why: r.why,
    connectErrors: r.connectErrors,
  };
}

function printProfile(p: ProfileSummary | undefined): void {
  if (!p) return;
  log(`  server profile over ${p.sampledMs} ms sampled:`);
  for (const c of p.byCategory.slice(0, 15)) log(`    ${String(c.pct).padStart(5)} %  ${c.category}`);
  log("  top self time:");
  for (const f of p.topSelf.slice(0, 15)) log(`    ${String(f.pct).padStart(5)} %  ${f.fn}`);
  log("  top inclusive (server/shared code):");
  for (const f of p.topInclusive.slice(0, 15)) log(`    ${String(f.pct).padStart(5)} %  ${f.fn}`);
}

function printSummary(out: Record<string, unknown>): void {
  const q = out.quorum as LevelResult | undefined;
  const r = out.reference as LevelResult | undefined;
  const qt = out.quorumToggles as LevelResult | undefined;
  const qc = out.quorumCapacity as { held: number } | undefined;
  const rc = out.referenceCapacity as { held: number } | undefined;
  log("");
  log("Results");
  log("| measure | Quorum | reference | target |");
  log("|---|---|---|---|");
  if (q || r)
    log(
      `| p99 edit latency at ${opts.rooms} rooms | ${q?.all.p99 ?? "-"} ms | ${r?.all.p99 ?? "-"} ms | Quorum <= 25 ms |`,
    );
  if (q) log(`| p99 on parents' projections | ${q.readers.p99} ms | - | |`);
  if (q && r) log(`| p99 ratio Quorum / reference | ${String(out.ratioP99)} | | |`);
  if (q || r)
    log(
      `| server CPU per edit at ${opts.rooms} rooms | ${q?.cpu.serverUsPerEdit ?? "-"} µs | ${r?.cpu.serverUsPerEdit ?? "-"} µs | |`,
    );
  if (qc || rc)
    log(
      `| most rooms held at p99 <= ${opts.limitMs} ms | ${qc?.held ?? "-"} | ${rc?.held ?? "-"} | Quorum >= 80 % of reference |`,
    );
  if (qc && rc) log(`| capacity ratio | ${String(out.capacityRatio)} | | >= 0.8 |`);
  if (qt?.toggles) {
    log(
      `| chair's change reaches the family screens, p99 at ${opts.rooms} rooms (all kinds) | ` +
        `${qt.toggles.reach.p99} ms (n=${qt.toggles.reach.count}) | - | <= 100 ms |`,
    );
    for (const [op, h] of Object.entries(qt.toggles.byOp))
      log(`| - ${op} | p99 ${h.p99} ms, max ${h.max} ms (n=${h.count}) | | |`);
    log(`| chair command round trip p99 | ${qt.toggles.ack.p99} ms | - | |`);
    log(`| edit p99 during the chair's changes | ${qt.all.p99} ms | - | |`);
  }
  log(`\nWritten to ${path.relative(root, opts.out)} (${String(out.elapsedSeconds)} s).`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  killAll();
  process.exit(1);
});
