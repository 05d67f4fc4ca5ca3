import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkVersionFloors,
  compareVersions,
  RECORD_FLOORS,
  readAuditReport,
  readExceptions,
  unexcused,
  VERSION_FLOORS,
} from "../../scripts/auditLib";

/**
 * Attack 10, the supply side: `npm audit` cannot reach the registry's audit endpoint from this
 * machine (it answers 405), so the versions on the wire-facing path are checked from the installed
 * packages themselves: ws >= 8.21.1, engine.io >= 6.6.10, socket.io-parser >= 4.2.7; and those that
 * came with the record and the minutes editor: jszip >= 3.8.0 (docx), linkifyjs >= 4.3.2 (TipTap). The audit gate
 * (scripts/audit.ts) is tested here on recorded reports.
 */

const root = path.resolve(import.meta.dirname, "../..");

describe("installed versions on the wire-facing path", () => {
  const result = checkVersionFloors(root);

  it("reports every installed copy", () => {
    const table = result.copies.map(
      (c) =>
        `${c.ok ? "ok " : "LOW"} ${c.name}@${c.version} >= ${c.min} ${c.location}${c.loadedByServer ? " (server)" : c.dev ? " (dev)" : ""}`,
    );
    process.stdout.write(`${table.join("\n")}\n`);
    for (const { name } of VERSION_FLOORS)
      expect(
        result.copies.some((c) => c.name === name),
        name,
      ).toBe(true);
  });

  it.each([...VERSION_FLOORS, ...RECORD_FLOORS].map((f) => [f.name, f.min]))(
    "every production copy of %s is at least %s",
    (name) => {
      const production = result.copies.filter((c) => c.name === name && !c.dev);
      expect(production.length).toBeGreaterThan(0);
      for (const c of production) expect(c.ok, `${c.location} ${c.version}`).toBe(true);
    },
  );

  it("the copies the server loads are among them", () => {
    for (const { name } of VERSION_FLOORS) {
      const loaded = result.copies.filter((c) => c.name === name && c.loadedByServer);
      expect(loaded.length, name).toBeGreaterThan(0);
      expect(loaded.every((c) => c.ok && !c.dev)).toBe(true);
    }
    expect(result.failures).toEqual([]);
  });
});

describe("version comparison", () => {
  it.each([
    ["8.21.1", "8.21.1", 0],
    ["8.21.0", "8.21.1", -1],
    ["8.23.0", "8.21.1", 1],
    ["6.2.7", "8.21.1", -1],
    ["10.0.0", "8.21.1", 1],
    ["8.21.1-beta.1", "8.21.1", -1],
    ["v4.2.7", "4.2.7", 0],
  ])("%s vs %s is %i", (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});

describe("the audit gate (scripts/audit.ts)", () => {
  const unreachable = JSON.stringify({
    message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    statusCode: 405,
    error: { summary: "", detail: "" },
  });
  const report = JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {
      ws: {
        name: "ws",
        severity: "high",
        via: [
          {
            source: 1098392,
            name: "ws",
            title: "ws affected by a DoS when handling a request with many HTTP headers",
            url: "https://github.com/advisories/GHSA-3h5v-q93c-6h6q",
            severity: "high",
            range: ">=8.0.0 <8.17.1",
          },
        ],
      },
      "engine.io": { name: "engine.io", severity: "high", via: ["ws"] },
      cookie: {
        name: "cookie",
        severity: "low",
        via: [
          {
            source: 1,
            name: "cookie",
            title: "low one",
            url: "https://github.com/advisories/GHSA-pxg6-pf52-xh8x",
            severity: "low",
          },
        ],
      },
    },
    metadata: {},
  });

  it("recognises an unreachable endpoint", () => {
    expect(readAuditReport(unreachable)).toMatchObject({
      reachable: false,
      reason: expect.stringContaining("405"),
    });
    expect(readAuditReport("npm ERR! network")).toMatchObject({ reachable: false });
    expect(readAuditReport(JSON.stringify({ error: { code: "ENOTFOUND" } }))).toMatchObject({
      reachable: false,
      reason: "ENOTFOUND",
    });
  });

  it("reads high and critical findings by advisory id, once each", () => {
    const outcome = readAuditReport(report);
    expect(outcome.reachable).toBe(true);
    if (!outcome.reachable) return;
    expect(outcome.findings.map((f) => f.id)).toEqual(["GHSA-3h5v-q93c-6h6q"]);
    expect(outcome.findings[0]).toMatchObject({ packageName: "ws", severity: "high" });
  });

  const md = (rows: string) =>
    `# Security\n\n## Audit exceptions\n\n| Advisory | Package | Accepted | Review by | Reason |\n|---|---|---|---|---|\n${rows}\n\n## Next\n`;

  it("excuses a finding only with a dated, reasoned, unlapsed exception naming its id", () => {
    const outcome = readAuditReport(report);
    if (!outcome.reachable) throw new Error("unreachable");
    const reason = "Only the HTTP header parser path, behind our reverse proxy's header limit.";
    const good = readExceptions(
      md(`| GHSA-3h5v-q93c-6h6q | ws | 2026-11-01 | 2027-01-31 | ${reason} |`),
      "2026-11-22",
    );
    expect(good.invalid).toEqual([]);
    expect(unexcused(outcome.findings, good.valid)).toEqual([]);

    for (const [row, problem] of [
      [`| GHSA-3h5v-q93c-6h6q | ws | 2026-11-01 | 2026-11-10 | ${reason} |`, "lapsed"],
      [`| GHSA-3h5v-q93c-6h6q | ws | someday | 2027-01-31 | ${reason} |`, "accepted date"],
      [`| GHSA-3h5v-q93c-6h6q | ws | 2026-12-01 | 2027-01-31 | ${reason} |`, "future"],
      ["| GHSA-3h5v-q93c-6h6q | ws | 2026-11-01 | 2027-01-31 | ok |", "reason"],
    ] as const) {
      const parsed = readExceptions(md(row), "2026-11-22");
      expect(parsed.valid).toEqual([]);
      expect(parsed.invalid.join()).toContain(problem);
      expect(unexcused(outcome.findings, parsed.valid)).toHaveLength(1);
    }
    const otherId = readExceptions(
      md(`| GHSA-aaaa-bbbb-cccc | ws | 2026-11-01 | 2027-01-31 | ${reason} |`),
      "2026-11-22",
    );
    expect(unexcused(outcome.findings, otherId.valid)).toHaveLength(1);
    // A row outside the Audit exceptions section does not count.
    const elsewhere = readExceptions(
      `## Notes\n| GHSA-3h5v-q93c-6h6q | ws | 2026-11-01 | 2027-01-31 | ${reason} |\n`,
      "2026-11-22",
    );
    expect(elsewhere.valid).toEqual([]);
  });

  it("reads the Audit exceptions table of docs/SECURITY.md without an invalid row", () => {
    const markdown = readFileSync(path.join(root, "docs/SECURITY.md"), "utf8");
    expect(markdown).toMatch(/^## Audit exceptions$/m);
    expect(readExceptions(markdown, new Date().toISOString().slice(0, 10)).invalid).toEqual([]);
  });
});
