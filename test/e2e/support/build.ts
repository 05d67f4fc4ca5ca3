import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { build } from "vite";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const OUT = path.join(ROOT, "dist/client/index.html");

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The server under test serves the built client from dist/client. Build it when it is missing or
 * older than the client's sources (or shared/, which the client imports), so a browser test never
 * runs against a stale bundle.
 */
export async function ensureClientBuilt(): Promise<void> {
  const built = existsSync(OUT) ? statSync(OUT).mtimeMs : 0;
  const sources = Math.max(
    newestChange(path.join(ROOT, "client")),
    newestChange(path.join(ROOT, "shared")),
    statSync(path.join(ROOT, "vite.config.ts")).mtimeMs,
  );
  if (built > sources) return;
  await build({ configFile: path.join(ROOT, "vite.config.ts"), logLevel: "warn" });
}
