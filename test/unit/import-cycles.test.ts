import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * No import cycles between our modules (STYLE.md practice 10). Only runtime imports count:
 * `import type` and imports whose every name is `type` vanish when compiled.
 */
const root = path.resolve(import.meta.dirname, "../..");
const SOURCES = ["shared", "server", "client/src"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?([^'"]*?)\s*from\s*["'](\.[^"']+)["']/gm;

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    if (m[2]) continue;
    const names = m[3] ?? "";
    const braces = /\{([^}]*)\}/.exec(names);
    const outsideBraces = names
      .replace(/\{[^}]*\}/, "")
      .replace(/,/g, "")
      .trim();
    if (braces && !outsideBraces) {
      const specs = braces[1]!
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (specs.length > 0 && specs.every((s) => s.startsWith("type "))) continue;
    }
    const base = path.resolve(path.dirname(file), m[4]!);
    const target = [".ts", ".tsx", "/index.ts", "/index.tsx"]
      .map((ext) => base + ext)
      .find((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });
    if (target) out.push(target);
  }
  return out;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "visiting") return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}

describe("module graph", () => {
  it("has no runtime import cycles", () => {
    const graph = new Map<string, string[]>();
    for (const dir of SOURCES) for (const f of files(path.join(root, dir))) graph.set(f, runtimeImports(f));
    expect(graph.size).toBeGreaterThan(50);
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => path.relative(root, f)).join(" → ") ?? null).toBeNull();
  });

  it("finds a cycle when there is one (the check itself works)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
    ]);
    expect(findCycle(graph)).toEqual(["a", "b", "c", "a"]);
  });
});
