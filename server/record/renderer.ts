import { type ChildProcess, fork } from "node:child_process";
import { QuorumError } from "../../shared/errors";
import type { RenderDoc } from "./document";

/**
 * Making a copy's file off the event loop, with bounds. The renderers (pdf.ts, docx.ts) run in one
 * child process (renderProcess.mjs), one file at a time; the server only queues and waits. A record
 * written to be hostile — megabytes of minutes, tens of thousands of paragraphs — costs that process,
 * never the meeting: a file that takes longer than `timeoutMs` or needs more than `memoryMb` ends the
 * process (a new one starts for the next file) and is refused with `record_too_large`; more than
 * `maxWaiting` files waiting is `rate_limited`. (It was a worker thread until 4 December 2026:
 * terminating a thread while pdfkit's zlib handle was being set up aborted the whole server.)
 */

export interface RendererOptions {
  timeoutMs: number;
  memoryMb: number;
  maxWaiting: number;
}

export const RENDERER_DEFAULTS: RendererOptions = { timeoutMs: 20_000, memoryMb: 256, maxWaiting: 8 };

interface Job {
  id: number;
  format: "pdf" | "docx";
  doc: RenderDoc;
  resolve(file: Buffer): void;
  reject(err: Error): void;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; bytes: Uint8Array }
  | { id: number; ok: false; message: string };

const tooLarge = () =>
  new QuorumError(
    "record_too_large",
    "This record is too long to make into a file. Read it on screen, or ask the chair for the export.",
  );

/** How long a renderer process may take to start before the file waiting for it fails. */
const WORKER_START_MS = 30_000;

export class RecordRenderer {
  private worker: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly waiting: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: RendererOptions = RENDERER_DEFAULTS) {}

  /** The file, made in the renderer process. */
  render(format: "pdf" | "docx", doc: RenderDoc): Promise<Buffer> {
    if (this.closed) return Promise.reject(new QuorumError("internal", "The server is shutting down."));
    if (this.waiting.length >= this.opts.maxWaiting)
      return Promise.reject(
        new QuorumError("rate_limited", "Many copies are being made at the moment. Try again in a minute."),
      );
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, format, doc, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0))
      job.reject(new QuorumError("internal", "The server is shutting down."));
    if (this.current) this.finish(new QuorumError("internal", "The server is shutting down."));
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await stopProcess(worker);
  }

  private start(): Promise<void> {
    const worker = fork(new URL("./renderProcess.mjs", import.meta.url), [], {
      // The memory bound; the process loads the TypeScript renderers itself (tsx's API) and takes
      // none of the server's own flags.
      execArgv: [`--max-old-space-size=${this.opts.memoryMb}`, "--max-semi-space-size=16"],
      // Structured clone over the channel: the document in, the file's bytes out.
      serialization: "advanced",
      // None of the server's secrets (admin token, database address): it needs none of them.
      env: pick(process.env, ["PATH", "TZ", "LANG", "TMPDIR"]),
      // stderr is read for the one thing it tells: that the process ran out of memory.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.worker = worker;
    let stderr = "";
    worker.stderr?.setEncoding("utf8");
    worker.stderr?.on("data", (chunk: string) => {
      // V8 names an out-of-memory death before its stack trace: the start is what counts.
      if (stderr.length < 8192) stderr = (stderr + chunk).slice(0, 8192);
    });
    // The server may exit with a renderer running (it ends when its channel closes).
    worker.unref();
    worker.channel?.unref();
    (worker.stderr as { unref?: () => void } | null)?.unref?.();
    const ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (reply: Reply) => {
        if ("ready" in reply) {
          resolve();
          return;
        }
        if (!this.current || this.current.job.id !== reply.id) return;
        if (reply.ok)
          this.finish(null, Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
        else this.finish(new QuorumError("internal", "The file could not be made. Nothing was changed."));
      });
      worker.on("error", (err) => {
        reject(err);
        this.lost(worker, err);
      });
      worker.on("exit", (code, signal) => {
        const err = new Error(`the renderer stopped (${signal ?? code}): ${stderr}`);
        reject(err);
        this.lost(worker, err);
      });
    });
    ready.catch(() => undefined);
    return ready;
  }

  /** The process died (out of memory, a crash, or killed): the current file fails; start afresh. */
  private lost(worker: ChildProcess, err: Error): void {
    // Only the worker in use matters: one stopped for being too slow has already failed its file.
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ready = undefined;
    if (this.current) {
      const outOfMemory = /out of memory|heap limit/i.test(err.message);
      this.finish(
        outOfMemory
          ? tooLarge()
          : new QuorumError("internal", "The file could not be made. Nothing was changed."),
      );
    }
  }

  private finish(err: Error | null, file?: Buffer): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if (err) current.job.reject(err);
    else current.job.resolve(file!);
    this.pump();
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const job = this.waiting.shift();
    if (!job) return;
    const stop = (err: QuorumError): void => {
      // Too slow: end the process (mid-file, or still starting); the next file gets a fresh one.
      const worker = this.worker;
      this.worker = undefined;
      this.ready = undefined;
      this.finish(err);
      if (worker) void stopProcess(worker);
    };
    const tooSlow = () => stop(tooLarge());
    // Starting a worker (loading the renderers, seconds on a busy machine) is not the file's time:
    // the file's own clock starts when it is handed over; the start has a bound of its own, and a
    // start that never ends is the server's trouble, not a record too long.
    const current = {
      job,
      timer: setTimeout(
        () => stop(new QuorumError("internal", "The file could not be made. Nothing was changed.")),
        WORKER_START_MS,
      ),
    };
    this.current = current;
    if (!this.worker) this.ready = this.start();
    const worker = this.worker!;
    void this.ready!.then(
      () => {
        if (this.current !== current || this.worker !== worker) return;
        clearTimeout(current.timer);
        current.timer = setTimeout(tooSlow, this.opts.timeoutMs);
        worker.send({ id: job.id, format: job.format, doc: job.doc });
      },
      () => {
        if (this.current?.job === job)
          this.finish(new QuorumError("internal", "The file could not be made. Nothing was changed."));
      },
    );
  }
}

/** Kill a renderer process and wait until it is gone. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Held until it is gone, so that closing the renderer resolves even when nothing else runs.
  child.ref();
  child.kill("SIGKILL");
  return gone;
}

function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const name of names) if (env[name] !== undefined) out[name] = env[name];
  return out;
}
