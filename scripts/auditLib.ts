import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The dependency checks behind `scripts/audit.ts` and `test/security/dependencies.test.ts`: version
 * floors read from the installed packages (works offline), the findings of an `npm audit --json`
 * report, and the exceptions docs/SECURITY.md grants. Pure functions plus file reads; no network.
 */

/** Packages on the wire-facing path with the lowest version we accept (issue "Hardening the wire"). */
export const VERSION_FLOORS: readonly { name: string; min: string }[] = [
  { name: "ws", min: "8.21.1" },
  { name: "engine.io", min: "6.6.10" },
  { name: "socket.io-parser", min: "4.2.7" },
];

/**
 * Packages that came with the record and the minutes editor, at versions with their known high
 * advisories fixed: jszip, inside docx, writes every Word copy (GHSA-36fh-84j7-cv5h, CVE-2022-48285:
 * path traversal in loadAsync before 3.8.0); linkifyjs, inside TipTap's link extension in the
 * browser (GHSA-95jq-xph2-cx9h, CVE-2025-8101: prototype pollution before 4.3.2); pdfkit, which
 * writes every PDF copy, at 0.16 or later (before 0.14 it carried crypto-js with CVE-2023-46233;
 * scanners also flag releases before 0.16). None is on the wire-facing path, so they need not be
 * loaded by the server itself.
 */
export const RECORD_FLOORS: readonly { name: string; min: string }[] = [
  { name: "pdfkit", min: "0.16.0" },
  { name: "jszip", min: "3.8.0" },
  { name: "linkifyjs", min: "4.3.2" },
];

/** -1, 0 or 1; a prerelease sorts before its release. Non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre] = v.trim().replace(/^v/, "").split("-", 2);
    return { parts: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (x.pre !== y.pre) return x.pre ? -1 : 1;
  return 0;
}

export interface InstalledCopy {
  name: string;
  version: string;
  /** Path from the project root, e.g. node_modules/engine.io/node_modules/ws. */
  location: string;
  /** Only in the development tree (package-lock `dev: true`): never loaded by the server. */
  dev: boolean;
  /** The copy the server loads: resolved from the project root or from engine.io / socket.io. */
  loadedByServer: boolean;
}

/** Every installed copy of `names` under node_modules, nested copies included. */
export function installedCopies(root: string, names: readonly string[]): InstalledCopy[] {
  const lockFile = path.join(root, "package-lock.json");
  const lock = existsSync(lockFile)
    ? (JSON.parse(readFileSync(lockFile, "utf8")) as { packages?: Record<string, { dev?: boolean }> })
    : {};
  const loaded = new Set<string>();
  for (const from of [
    "",
    "node_modules/engine.io",
    "node_modules/socket.io",
    "node_modules/socket.io-adapter",
  ]) {
    const base = path.join(root, from, "package.json");
    if (!existsSync(base)) continue;
    const req = createRequire(base);
    for (const name of names) {
      const dir = packageDirOf(req, name);
      if (dir) loaded.add(path.relative(root, dir).split(path.sep).join("/"));
    }
  }
  const out: InstalledCopy[] = [];
  const visit = (dir: string, depth: number) => {
    if (depth > 8 || !existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const packages = entry.name.startsWith("@")
        ? readdirSync(path.join(dir, entry.name), { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => `${entry.name}/${e.name}`)
        : [entry.name];
      for (const pkg of packages) {
        const pkgDir = path.join(dir, pkg);
        if (names.includes(pkg)) {
          const manifest = path.join(pkgDir, "package.json");
          if (existsSync(manifest)) {
            const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
            const location = path.relative(root, pkgDir).split(path.sep).join("/");
            out.push({
              name: pkg,
              version,
              location,
              dev: lock.packages?.[location]?.dev === true,
              loadedByServer: loaded.has(location),
            });
          }
        }
        visit(path.join(pkgDir, "node_modules"), depth + 1);
      }
    }
  };
  visit(path.join(root, "node_modules"), 0);
  return out.sort((a, b) => a.location.localeCompare(b.location));
}

/** Where `require(name)` from `req` finds the package (its `exports` may hide package.json). */
function packageDirOf(req: NodeJS.Require, name: string): string | undefined {
  let entry: string;
  try {
    entry = req.resolve(name);
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === name
    ) {
      return dir;
    }
  }
  return undefined;
}

export interface FloorResult {
  copies: (InstalledCopy & { min: string; ok: boolean })[];
  /** Production copies below their floor: these fail the check. */
  failures: string[];
  /** Development-only copies below their floor: reported, never loaded by the server. */
  warnings: string[];
}

export function checkVersionFloors(root: string): FloorResult {
  const floors = [...VERSION_FLOORS, ...RECORD_FLOORS];
  const names = floors.map((f) => f.name);
  const copies = installedCopies(root, names).map((c) => {
    const min = floors.find((f) => f.name === c.name)!.min;
    return { ...c, min, ok: compareVersions(c.version, min) >= 0 };
  });
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const name of names) {
    if (!copies.some((c) => c.name === name)) failures.push(`${name} is not installed (run npm ci)`);
  }
  for (const c of copies) {
    if (c.ok) continue;
    const line = `${c.location} is ${c.version}, below the floor ${c.min}`;
    if (c.dev) warnings.push(`${line} (development only: never loaded by the server)`);
    else failures.push(line);
  }
  return { copies, failures, warnings };
}

// ---- npm audit --------------------------------------------------------------------------------------

export interface Finding {
  /** GHSA id when the report links one, else the npm advisory number, else the package name. */
  id: string;
  packageName: string;
  severity: string;
  title: string;
  url: string;
}

export type AuditOutcome = { reachable: true; findings: Finding[] } | { reachable: false; reason: string };

const SEVERE = new Set(["high", "critical"]);

/**
 * Read the JSON npm audit prints (report version 2). Anything else (the registry's error answer,
 * no JSON at all) means the audit endpoint could not be used.
 */
export function readAuditReport(stdout: string): AuditOutcome {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { reachable: false, reason: "npm audit printed no JSON report" };
  }
  const r = report as {
    auditReportVersion?: number;
    vulnerabilities?: Record<string, { via?: unknown[]; severity?: string }>;
    message?: string;
    statusCode?: number;
    error?: { code?: string; summary?: string };
  };
  if (r.auditReportVersion !== 2 || typeof r.vulnerabilities !== "object") {
    const why =
      r.message ?? r.error?.summary ?? r.error?.code ?? (r.statusCode ? `HTTP ${r.statusCode}` : "");
    return { reachable: false, reason: why || "npm audit returned no report" };
  }
  const findings = new Map<string, Finding>();
  for (const [name, vuln] of Object.entries(r.vulnerabilities ?? {})) {
    for (const via of vuln.via ?? []) {
      // Strings in `via` name another vulnerable package; its own entry carries the advisory.
      if (typeof via !== "object" || via === null) continue;
      const v = via as { source?: number; name?: string; title?: string; url?: string; severity?: string };
      const severity = v.severity ?? vuln.severity ?? "unknown";
      if (!SEVERE.has(severity)) continue;
      const ghsa = /GHSA(-[0-9a-z]{4}){3}/i.exec(v.url ?? "")?.[0];
      const id = ghsa ?? (v.source !== undefined ? String(v.source) : (v.name ?? name));
      findings.set(id, {
        id,
        packageName: v.name ?? name,
        severity,
        title: v.title ?? "",
        url: v.url ?? "",
      });
    }
  }
  return { reachable: true, findings: [...findings.values()] };
}

export interface AuditException {
  id: string;
  packageName: string;
  accepted: string;
  reviewBy: string;
  reason: string;
}

/**
 * Exceptions from the "Audit exceptions" table of docs/SECURITY.md:
 * `| advisory id | package | accepted (YYYY-MM-DD) | review by (YYYY-MM-DD) | reason |`.
 * A row counts only if both dates are real dates, it was accepted on or before `today`, its review
 * date has not passed, and the reason says something (at least 20 characters).
 */
export function readExceptions(
  markdown: string,
  today: string,
): { valid: AuditException[]; invalid: string[] } {
  const section = /^##\s+Audit exceptions\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(markdown)?.[1] ?? "";
  const valid: AuditException[] = [];
  const invalid: string[] = [];
  const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
  for (const line of section.split("\n")) {
    if (!line.trim().startsWith("|")) continue;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
    const [id = "", packageName = "", accepted = "", reviewBy = "", reason = ""] = cells;
    if (/^-+$/.test(id.replace(/:/g, "")) || /^advisory/i.test(id) || id === "") continue;
    const problems: string[] = [];
    if (!isDate(accepted)) problems.push("the accepted date is not YYYY-MM-DD");
    else if (accepted > today) problems.push("it is accepted in the future");
    if (!isDate(reviewBy)) problems.push("the review-by date is not YYYY-MM-DD");
    else if (reviewBy < today) problems.push(`it lapsed on ${reviewBy}`);
    if (reason.length < 20) problems.push("it gives no reason");
    if (problems.length > 0) invalid.push(`${id}: ${problems.join("; ")}`);
    else valid.push({ id, packageName, accepted, reviewBy, reason });
  }
  return { valid, invalid };
}

/** Findings no valid exception covers (matched by advisory id, case-insensitively). */
export function unexcused(findings: readonly Finding[], exceptions: readonly AuditException[]): Finding[] {
  const ids = new Set(exceptions.map((e) => e.id.toLowerCase()));
  return findings.filter((f) => !ids.has(f.id.toLowerCase()));
}
