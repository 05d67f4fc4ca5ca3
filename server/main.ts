import { createQuorum } from "./app";
import { loadConfig } from "./config";

/** `npm start`: the server on PORT with the embedded database under DATA_DIR (or DATABASE_URL). */
async function main(): Promise<void> {
  const config = loadConfig();
  const quorum = await createQuorum(config);
  const url = await quorum.listen();
  // Machine-readable first line: test harnesses read the port from it.
  process.stdout.write(`Quorum listening on ${url}\n`);
  process.stdout.write(`Open ${config.publicUrl}/admin to prepare a conference.\n`);
  if (!process.env.ADMIN_TOKEN) {
    process.stdout.write(
      `Administrator token: see ${config.dataDir}/admin-token (set ADMIN_TOKEN to choose one).\n`,
    );
  }
  process.stdout.write(
    `Storage: ${quorum.store.kind}${quorum.store.kind === "sqlite" ? ` in ${config.dataDir}` : ""}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    quorum.log.info("shutting down", { signal });
    quorum.close().then(
      () => process.exit(0),
      (err: unknown) => {
        quorum.log.error("shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
