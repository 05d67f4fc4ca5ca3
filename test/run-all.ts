import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * `npm test`: every suite, in order, never skipping one silently. On a fresh machine it installs
 * what is missing (Debian chromium and postgresql) when it runs as root, or stops and says exactly
 * what to install. Ends with one line `tests: N passed, N failed`.
 */
const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, TZ: "UTC" };
const isRoot = process.getuid?.() === 0;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PG_ADMIN = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function run(label: string, cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): boolean {
  process.stdout.write(`\n=== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return r.status === 0;
}

function die(message: string): never {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

function sh(command: string): boolean {
  return spawnSync("bash", ["-c", command], { stdio: "inherit" }).status === 0;
}

function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (!isRoot)
    die(`Browser tests need Chromium at ${CHROMIUM}. Install it: sudo apt-get install -y chromium`);
  process.stdout.write("Installing Debian chromium for the browser tests...\n");
  if (!sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium")) {
    die("Could not install chromium with apt-get.");
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensurePostgres(): Promise<void> {
  if (await canConnect(PG_ADMIN)) return;
  if (process.env.TEST_POSTGRES_URL) die(`Cannot connect to TEST_POSTGRES_URL (${PG_ADMIN}).`);
  if (!isRoot) {
    die(
      "Integration tests need PostgreSQL on 127.0.0.1:5432 accepting user postgres without a password.\n" +
        "Install and start it (sudo apt-get install -y postgresql), or set TEST_POSTGRES_URL.",
    );
  }
  if (!existsSync("/usr/bin/pg_lsclusters")) {
    process.stdout.write("Installing Debian postgresql for the storage and integration tests...\n");
    if (!sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql")) {
      die("Could not install postgresql with apt-get.");
    }
  }
  // Test machines only: let local TCP connections in without a password, then (re)start the cluster.
  sh(
    `for f in /etc/postgresql/*/main/pg_hba.conf; do
       grep -q '^host all all 127.0.0.1/32 trust' "$f" || sed -i '1i host all all 127.0.0.1/32 trust' "$f"; done
     for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main restart || pg_ctlcluster --skip-systemctl-redirect "$v" main start; done`,
  );
  for (let i = 0; i < 20; i++) {
    if (await canConnect(PG_ADMIN)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  die("PostgreSQL was installed but does not accept connections on 127.0.0.1:5432.");
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

async function main(): Promise<void> {
  ensureChromium();
  await ensurePostgres();
  const outDir = mkdtempSync(path.join(tmpdir(), "quorum-results-"));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures: string[] = [];

  const steps: { label: string; cmd: string; args: string[]; env?: NodeJS.ProcessEnv; json?: string }[] = [
    { label: "format and lint (biome)", cmd: "npx", args: ["biome", "check", "--error-on-warnings", "."] },
    { label: "typecheck (tsc --noEmit)", cmd: "npx", args: ["tsc", "--noEmit", "-p", "tsconfig.json"] },
    { label: "build the client (vite)", cmd: "npx", args: ["vite", "build", "--logLevel", "warn"] },
  ];
  const suites: [string, string, NodeJS.ProcessEnv][] = [
    ["unit", "unit", {}],
    ["storage contract (SQLite and PostgreSQL)", "storage", {}],
    ["integration on SQLite", "integration", { QUORUM_TEST_BACKEND: "sqlite" }],
    ["integration on PostgreSQL", "integration", { QUORUM_TEST_BACKEND: "postgres" }],
    ["security", "security", {}],
    ["browser (Chromium)", "e2e", {}],
  ];
  suites.forEach(([label, project, extra], i) => {
    const json = path.join(outDir, `${i}-${project}.json`);
    steps.push({
      label,
      cmd: "npx",
      args: [
        "vitest",
        "run",
        "--project",
        project,
        "--reporter=default",
        "--reporter=json",
        `--outputFile.json=${json}`,
      ],
      env: extra,
      json,
    });
  });

  for (const step of steps) {
    const ok = run(step.label, step.cmd, step.args, step.env);
    if (step.json) {
      if (!existsSync(step.json)) {
        failed += 1;
        failures.push(`${step.label}: the runner wrote no results`);
        continue;
      }
      const r = JSON.parse(readFileSync(step.json, "utf8")) as VitestJson;
      passed += r.numPassedTests;
      failed += r.numFailedTests;
      skipped += r.numPendingTests + r.numTodoTests;
      if (r.numPassedTests + r.numFailedTests === 0) failures.push(`${step.label}: no test ran`);
    }
    if (!ok) failures.push(step.label);
  }
  rmSync(outDir, { recursive: true, force: true });
  process.stdout.write("\n");
  if (failures.length > 0) process.stdout.write(`Failed: ${[...new Set(failures)].join("; ")}\n`);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((err: unknown) => die(err instanceof Error ? (err.stack ?? err.message) : String(err)));
