import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { TEST_ADMIN_TOKEN } from "./server";

const root = path.resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The real server as a separate process (`server/main.ts`), for tests that kill it. Started inside
 * the test process and always killed by the caller (a stray child would outlive the run).
 */
export async function startServerProcess(opts: {
  port: number;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: opts.dataDir,
      PUBLIC_URL: url,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: "error",
      RATE_LIMIT_SESSION_PER_IP: "100000",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Quorum listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    child,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
