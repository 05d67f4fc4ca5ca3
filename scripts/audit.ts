import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkVersionFloors, readAuditReport, readExceptions, unexcused } from "./auditLib";

/**
 * `npx tsx scripts/audit.ts`: the dependency gate of the test run.
 *
 * 1. `npm audit --omit=dev --audit-level=high --json`. A high or critical advisory fails the run
 *    unless docs/SECURITY.md ("Audit exceptions") holds a dated, reasoned, unlapsed exception
 *    naming its id.
 * 2. When the audit endpoint cannot be reached (from some machines the registry answers 405), it
 *    says so plainly and relies on the version floors instead; they are checked on every run anyway,
 *    from the installed packages, so this works offline.
 *
 * Exit 0 when clean, 1 on an unexcused finding or a production package below its floor.
 */
const root = path.resolve(import.meta.dirname, "..");
const today = new Date().toISOString().slice(0, 10);
let failed = false;
const say = (line = "") => process.stdout.write(`${line}\n`);

say("Dependency audit (production dependencies, high and critical)");
const npm = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], {
  cwd: root,
  encoding: "utf8",
  timeout: 120_000,
  maxBuffer: 64 * 1024 * 1024,
});
const outcome =
  npm.error !== undefined
    ? ({ reachable: false, reason: npm.error.message } as const)
    : readAuditReport(npm.stdout ?? "");

if (!outcome.reachable) {
  say(`  npm audit could not use the registry's audit endpoint: ${outcome.reason}`);
  say("  => No advisory data this run. Falling back to the version floor check below.");
} else if (outcome.findings.length === 0) {
  say("  npm audit: no high or critical advisories.");
} else {
  const securityMd = path.join(root, "docs/SECURITY.md");
  const { valid, invalid } = readExceptions(
    existsSync(securityMd) ? readFileSync(securityMd, "utf8") : "",
    today,
  );
  for (const problem of invalid) say(`  ignored exception in docs/SECURITY.md: ${problem}`);
  const open = unexcused(outcome.findings, valid);
  for (const f of outcome.findings) {
    const excused = !open.includes(f);
    say(
      `  ${excused ? "excused" : "FAIL   "} ${f.severity} ${f.id} in ${f.packageName}: ${f.title} ${f.url}`,
    );
  }
  if (open.length > 0) {
    failed = true;
    say(
      "  Upgrade, or add a row to the Audit exceptions table of docs/SECURITY.md naming the advisory id, " +
        "with the date, a review-by date and why it does not reach Quorum.",
    );
  }
}

say();
say("Version floors (installed packages)");
const floors = checkVersionFloors(root);
for (const c of floors.copies) {
  const where = c.loadedByServer ? "loaded by the server" : c.dev ? "development only" : "production tree";
  say(`  ${c.ok ? "ok  " : "LOW "} ${c.name}@${c.version} (floor ${c.min}) ${c.location} [${where}]`);
}
for (const w of floors.warnings) say(`  note: ${w}`);
for (const f of floors.failures) say(`  FAIL: ${f}`);
if (floors.failures.length > 0) failed = true;

say();
say(
  failed
    ? "audit: FAILED"
    : `audit: passed${outcome.reachable ? "" : " (version floors only: the audit endpoint was unreachable)"}`,
);
process.exit(failed ? 1 : 0);
