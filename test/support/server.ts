import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createQuorum, type Quorum } from "../../server/app";
import { type Config, loadConfig } from "../../server/config";
import { createTestDatabase } from "./postgres";

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

export interface TestServer {
  url: string;
  /** The Origin a browser on this server sends; raw clients must send it too. */
  origin: string;
  adminToken: string;
  quorum: Quorum;
  backend: "sqlite" | "postgres";
  /** Stop the server and start a new one on the same port and database (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A free loopback port, so the public URL (and allowed origin) is known before the server starts. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The real server, in this process, on an ephemeral loopback port, with a fresh database:
 * SQLite in a temp dir, or a fresh PostgreSQL database when QUORUM_TEST_BACKEND=postgres.
 */
export async function startTestServer(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<TestServer> {
  const backend = process.env.QUORUM_TEST_BACKEND === "postgres" ? "postgres" : "sqlite";
  const dataDir = mkdtempSync(path.join(tmpdir(), "quorum-test-"));
  const pg = backend === "postgres" ? await createTestDatabase() : undefined;
  const port = overrides.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: "error",
      // Every test signs many people in from one address; rate-limit tests set their own limits.
      RATE_LIMIT_SESSION_PER_IP: "100000",
      RATE_LIMIT_SESSION_PER_TOKEN: "1000",
      ...(pg ? { DATABASE_URL: pg.url } : {}),
      ...env,
    },
    { port, host: "127.0.0.1", dataDir, publicUrl: url, ...overrides },
  );
  const server: TestServer = {
    url,
    origin: url,
    adminToken: config.adminToken,
    quorum: await createQuorum(config),
    backend,
    async restart() {
      await server.quorum.close();
      server.quorum = await createQuorum(config);
      await server.quorum.listen();
    },
    async close() {
      await server.quorum.close();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await server.quorum.listen();
  return server;
}

/** Admin API call helper for tests. */
export async function adminFetch(server: TestServer, method: string, pathname: string, body?: unknown) {
  const res = await fetch(`${server.url}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${server.adminToken}`,
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  return { status: res.status, body: (await res.json()) as any };
}
