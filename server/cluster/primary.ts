import { type ChildProcess, fork } from "node:child_process";
import net from "node:net";
import type { Config } from "../config";
import type { Logger } from "../log";
import { openStore } from "../storage";
import type { Store } from "../storage/store";
import { conferenceLookup } from "./conferenceOf";
import { ToPrimary, type ToWorker } from "./messages";
import { MAX_HEAD_BYTES, ownerOf, parseRequestHead, routeOf } from "./routing";

/** How long a new connection may take to send its request head (as the workers' headersTimeout). */
const HEAD_TIMEOUT_MS = 10_000;
/** A worker that exits unasked is started again after this. */
const RESTART_DELAY_MS = 1_000;

interface WorkerSlot {
  index: number;
  child: ChildProcess | undefined;
  ready: boolean;
}

export interface Primary {
  /** The base URL it listens on. */
  readonly url: string;
  readonly store: Store;
  close(): Promise<void>;
}

/**
 * The primary of a cluster (WORKERS > 1). It owns the listening socket and nothing of a room: it
 * reads each new connection's request head, picks the worker that owns the conference the request
 * acts on (`routeOf`, `ownerOf`; the session cookie looked up when the URL does not say), and hands
 * the socket and the bytes it read to that worker (node's IPC handle passing). From then on the
 * connection is the worker's alone: no byte of a conference passes through the primary. It also
 * relays the workers' `ClusterEvent`s to each other, and starts a worker again if one dies.
 */
export async function startPrimary(config: Config, workers: number, log: Logger): Promise<Primary> {
  // Opened first: the migrations run here, once, before any worker opens the database.
  const store = await openStore({
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    // Its reads only choose a worker, and nobody is shown them: they need not wait for a sync.
    sharedWithOtherProcesses: false,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  });
  const lookup = conferenceLookup(store);
  const slots: WorkerSlot[] = Array.from({ length: workers }, (_, index) => ({
    index,
    child: undefined,
    ready: false,
  }));
  let stopping = false;

  const start = (slot: WorkerSlot): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = fork(process.argv[1]!, process.argv.slice(2), {
        // The inspector's port is the primary's; the rest (tsx, the heap sizes) the workers share.
        execArgv: process.execArgv.filter((a) => !a.startsWith("--inspect")),
        env: { ...process.env, WORKER_INDEX: String(slot.index), ADMIN_TOKEN: config.adminToken },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      slot.child = child;
      slot.ready = false;
      child.on("message", (raw: unknown) => {
        const msg = ToPrimary.safeParse(raw);
        if (!msg.success) {
          log.error("a worker sent a message that does not parse; dropped", { worker: slot.index });
          return;
        }
        if (msg.data.type === "quorum:ready") {
          slot.ready = true;
          resolve();
          return;
        }
        const event: ToWorker = { type: "quorum:event", event: msg.data.event };
        for (const other of slots) {
          if (other !== slot && other.ready) other.child?.send(event);
        }
      });
      child.once("exit", (code, signal) => {
        slot.ready = false;
        slot.child = undefined;
        reject(new Error(`worker ${slot.index} exited (${signal ?? code}) before it was ready`));
        if (stopping) return;
        log.error("a worker exited; starting it again", { worker: slot.index, code, signal });
        setTimeout(() => {
          if (!stopping) start(slot).catch((err: unknown) => log.error("worker restart failed", err));
        }, RESTART_DELAY_MS).unref();
      });
    });

  /**
   * Read nothing more from the socket: what the client sends next (a request's body, a WebSocket's
   * first frames) stays in the kernel for the worker. `pause()` alone does not stop a plain socket's
   * reads (node keeps reading into the stream's buffer), and once the handle is sent its reads go
   * nowhere: a body written just after the head was lost that way, found by the cluster test.
   * Called when the head is complete (fewer reads while the route is looked up) and again at the
   * hand-off.
   */
  const stopReading = (socket: net.Socket) => {
    socket.pause();
    const handle = (socket as unknown as { _handle?: { reading?: boolean; readStop?: () => number } })
      ._handle;
    if (handle?.readStop) {
      handle.reading = false;
      handle.readStop();
    }
  };

  const handOff = (socket: net.Socket, data: Buffer, index: number) => {
    const child = slots[index]?.ready ? slots[index].child : undefined;
    if (socket.destroyed) return;
    if (!child) {
      socket.end(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n",
      );
      return;
    }
    // Stopped here, right before the handle goes: node's stream may have started reading again since
    // the head came (it reads ahead to fill its buffer, paused or not). What it read goes along;
    // `read()` starts the reads once more, so they are stopped after it, before the event loop runs.
    const buffered: Buffer[] = [data];
    for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
      buffered.push(chunk);
    }
    stopReading(socket);
    const message: ToWorker = { type: "quorum:connection", head: Buffer.concat(buffered).toString("base64") };
    child.send(message, socket, (err) => {
      if (err) socket.destroy();
    });
  };

  const accept = (socket: net.Socket) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => socket.destroy(), HEAD_TIMEOUT_MS);
    socket.on("error", () => socket.destroy());
    socket.once("close", () => clearTimeout(timer));
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const data = chunks.length === 1 ? chunk : Buffer.concat(chunks, size);
      const head = parseRequestHead(data);
      if (!head && size < MAX_HEAD_BYTES) return;
      socket.off("data", onData);
      stopReading(socket);
      clearTimeout(timer);
      // Without a conference (or a head): by the address, so one address's sign-ins meet one
      // worker's rate limit.
      const byAddress = ownerOf(socket.remoteAddress ?? "", workers);
      const route = head ? routeOf(head.url, head.cookie) : ({ kind: "any" } as const);
      lookup(route).then(
        (conferenceId) =>
          handOff(socket, data, conferenceId === undefined ? byAddress : ownerOf(conferenceId, workers)),
        (err: unknown) => {
          log.error("routing a connection failed", err);
          handOff(socket, data, byAddress);
        },
      );
    };
    socket.on("data", onData);
    socket.resume();
  };

  await Promise.all(slots.map(start));
  const server = net.createServer({ pauseOnConnect: true }, accept);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;

  return {
    url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`,
    store,
    async close() {
      if (stopping) return;
      stopping = true;
      server.close();
      await Promise.all(
        slots.map(async (slot) => {
          const child = slot.child;
          if (!child || child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise<void>((r) => child.once("exit", () => r()));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
          await exited;
          clearTimeout(timer);
        }),
      );
      await store.close();
    },
  };
}
