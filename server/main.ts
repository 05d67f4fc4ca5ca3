import { createQuorum } from "./app";
import { startPrimary } from "./cluster/primary";
import { ipcMembership, serveHandedConnections } from "./cluster/worker";
import { type Config, loadConfig } from "./config";
import { createLogger } from "./log";

/**
 * `npm start`: the server on PORT with the embedded database under DATA_DIR (or DATABASE_URL). With
 * WORKERS > 1 this process is the primary and forks the workers, which run this file again with
 * WORKER_INDEX set.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.workerIndex !== undefined) return worker(config, config.workerIndex);
  let url: string;
  let kind: string;
  let close: () => Promise<void>;
  const log = createLogger(config.logLevel);
  if (config.workers > 1) {
    const primary = await startPrimary(config, config.workers, log);
    ({ url } = primary);
    kind = `${primary.store.kind}, ${config.workers} worker processes`;
    close = () => primary.close();
  } else {
    const quorum = await createQuorum(config);
    url = await quorum.listen();
    kind = quorum.store.kind;
    close = () => quorum.close();
  }
  // Machine-readable first line: test harnesses read the port from it.
  process.stdout.write(`Quorum listening on ${url}\n`);
  process.stdout.write(`Open ${config.publicUrl}/admin to prepare a conference.\n`);
  if (!process.env.ADMIN_TOKEN) {
    process.stdout.write(
      `Administrator token: see ${config.dataDir}/admin-token (set ADMIN_TOKEN to choose one).\n`,
    );
  }
  process.stdout.write(`Storage: ${kind}${config.databaseUrl ? "" : ` in ${config.dataDir}`}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error("shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/** A worker of the primary: serves the connections it is handed; ends when the primary does. */
async function worker(config: Config, index: number): Promise<void> {
  // The primary gone (even killed, even while this worker starts): end at once, as one process would.
  process.on("disconnect", () => process.exit(1));
  const quorum = await createQuorum(config, { cluster: ipcMembership(index, config.workers) });
  const { log } = quorum;
  if (!process.connected) process.exit(1);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    quorum.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error("shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  serveHandedConnections(quorum.http, log);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
