import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Configuration comes from the environment, parsed once here; the rest of the server sees typed
 * values only. Every variable is documented in the README ("Configuration").
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  PUBLIC_URL: z.url().optional(),
  ALLOWED_ORIGINS: z.string().optional(),
  ADMIN_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  SQLITE_SYNCHRONOUS: z.enum(["full", "normal"]).default("full"),
  RATE_LIMIT_SESSION_PER_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_SESSION_PER_TOKEN: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  LOG_LEVEL: z.enum(["silent", "error", "info"]).default("info"),
  MAX_DOCUMENT_MB: z.coerce.number().positive().max(1024).default(64),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Set by the primary on the workers it starts; not for operators. */
  WORKER_INDEX: z.coerce.number().int().min(0).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where people reach the app; join links are built on it. */
  publicUrl: string;
  /** Origins allowed to open WebSocket/socket.io connections and to send cookie-bearing requests. */
  allowedOrigins: ReadonlySet<string>;
  adminToken: string;
  trustProxy: boolean;
  /** Cookies get `Secure` when the public URL is https. */
  secureCookies: boolean;
  sqliteSynchronous: "full" | "normal";
  rateLimit: { sessionPerIp: number; sessionPerToken: number; windowMs: number };
  logLevel: "silent" | "error" | "info";
  /**
   * What a conference's professional document may hold, counted as the Yjs updates stored for it
   * (everything ever typed, deletions included): beyond it, writes are refused with 4507.
   */
  maxDocumentBytes: number;
  /** Where the built client is served from. */
  clientDir: string;
  /**
   * Server processes the conferences are spread over. 1: one process does everything. More: a
   * primary hands each connection to the worker that owns its conference (server/cluster/).
   */
  workers: number;
  /** In a worker started by the primary: its index (0 .. workers-1); undefined elsewhere. */
  workerIndex: number | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.DATA_DIR);
  const port = overrides.port ?? e.PORT;
  const publicUrl = (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, "");
  const allowedOrigins = new Set(
    (e.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  allowedOrigins.add(new URL(publicUrl).origin);
  const base: Config = {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    allowedOrigins,
    adminToken: e.ADMIN_TOKEN ?? "",
    trustProxy: e.TRUST_PROXY === "true",
    secureCookies: publicUrl.startsWith("https:"),
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    rateLimit: {
      sessionPerIp: e.RATE_LIMIT_SESSION_PER_IP,
      sessionPerToken: e.RATE_LIMIT_SESSION_PER_TOKEN,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
    },
    logLevel: e.LOG_LEVEL,
    maxDocumentBytes: Math.round(e.MAX_DOCUMENT_MB * 1024 * 1024),
    clientDir: path.resolve(import.meta.dirname, "../dist/client"),
    workers: e.WORKERS,
    workerIndex: e.WORKER_INDEX,
  };
  const config = { ...base, ...overrides, allowedOrigins: overrides.allowedOrigins ?? allowedOrigins };
  if (config.workerIndex !== undefined && config.workerIndex >= config.workers) {
    throw new Error(`Invalid configuration:\n  WORKER_INDEX: must be below WORKERS (${config.workers})`);
  }
  if (!config.adminToken) config.adminToken = adminTokenFromDataDir(dataDir);
  return config;
}

/**
 * Without ADMIN_TOKEN the first start makes one and keeps it in DATA_DIR/admin-token (mode 600),
 * so the quick start needs no setup and the token survives restarts.
 */
function adminTokenFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, "admin-token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString("base64url");
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
