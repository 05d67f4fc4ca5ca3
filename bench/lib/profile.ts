import WebSocket from "ws";

/**
 * Sampling CPU profile of the server during the measurement window only, through the V8 inspector
 * (the server is started with `--inspect=127.0.0.1:0`; set-up and warm-up stay out of the profile).
 */

export interface CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export class InspectorSession {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  /** Scripts the inspector announced (Debugger.scriptParsed): id → url and source map URL. */
  readonly scripts = new Map<string, { url: string; sourceMapURL: string }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as {
        id?: number;
        method?: string;
        params?: { scriptId: string; url: string; sourceMapURL?: string };
        result?: unknown;
        error?: unknown;
      };
      if (msg.method === "Debugger.scriptParsed" && msg.params) {
        const { scriptId, url, sourceMapURL } = msg.params;
        this.scripts.set(scriptId, { url, sourceMapURL: sourceMapURL ?? "" });
      }
      if (msg.id === undefined) return;
      const resolve = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      resolve?.(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result);
    });
  }

  static async open(url: string): Promise<InspectorSession> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new InspectorSession(ws);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, resolve as (r: unknown) => void);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * tsx hands V8 each module as one line with an inline source map, so profile positions are
 * (0, column). Map the call frames of our own files back to their TypeScript lines.
 */
export async function mapToSources(
  profile: { nodes: readonly { callFrame: CallFrame }[] },
  inspector: InspectorSession,
): Promise<void> {
  await inspector.call("Debugger.enable");
  const maps = new Map<string, ((line: number, column: number) => number | undefined) | null>();
  for (const node of profile.nodes) {
    const cf = node.callFrame;
    if (!/\/(server|shared)\//.test(cf.url) || cf.url.includes("node_modules")) continue;
    if (!maps.has(cf.scriptId)) {
      const script = inspector.scripts.get(cf.scriptId);
      maps.set(cf.scriptId, script ? decodeInlineMap(script.sourceMapURL) : null);
    }
    const line = maps.get(cf.scriptId)?.(cf.lineNumber, cf.columnNumber);
    if (line !== undefined) cf.lineNumber = line;
  }
  await inspector.call("Debugger.disable");
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeInlineMap(url: string): ((line: number, column: number) => number | undefined) | null {
  const m = /^data:application\/json;(?:charset=utf-8;)?base64,(.+)$/.exec(url);
  if (!m) return null;
  const map = JSON.parse(Buffer.from(m[1]!, "base64").toString("utf8")) as { mappings: string };
  // Per generated line: [generated column, original line] pairs, in column order.
  const lines: [number, number][][] = [];
  let srcLine = 0;
  for (const text of map.mappings.split(";")) {
    const segs: [number, number][] = [];
    let col = 0;
    for (const seg of text.split(",")) {
      if (!seg) continue;
      const v: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          v.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += v[0] ?? 0;
      if (v.length >= 4) {
        srcLine += v[2]!;
        segs.push([col, srcLine]);
      }
    }
    lines.push(segs);
  }
  return (line, column) => {
    const segs = lines[line];
    if (!segs || segs.length === 0) return undefined;
    let best: number | undefined;
    for (const [c, l] of segs) {
      if (c > column) break;
      best = l;
    }
    return best ?? segs[0]![1];
  };
}

export interface ProfileSummary {
  sampledMs: number;
  /** Self time by category (our server code by file, libraries by package, V8/Node buckets). */
  byCategory: { category: string; ms: number; pct: number }[];
  /** Functions with the most self time. */
  topSelf: { fn: string; ms: number; pct: number }[];
  /** Server functions with the most inclusive time (time spent in them and what they call). */
  topInclusive: { fn: string; ms: number; pct: number }[];
}

function category(url: string, functionName: string): string {
  if (!url) {
    if (functionName.startsWith("(")) return functionName; // (garbage collector), (idle), (program)
    return "native / builtins";
  }
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node core";
  const m = /\/(server|shared)\/(.+)$/.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  return url;
}

function label(cf: CallFrame): string {
  const where = cf.url ? ` ${shortUrl(cf.url)}:${cf.lineNumber + 1}` : "";
  return `${cf.functionName || "(anonymous)"}${where}`;
}

export function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  const m = /\/((server|shared)\/.+)$/.exec(url);
  if (m) return m[1]!;
  return url.replace(/^file:\/\//, "");
}

export function summarise(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  // Self time from samples and deltas (more exact than hitCount × interval).
  if (profile.samples && profile.timeDeltas) {
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i]!;
      const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
      selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
    }
  }
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const pct = (ms: number) => Math.round((ms / total) * 1000) / 10;
  const cats = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const n = byId.get(id);
    if (!n) continue;
    const c = category(n.callFrame.url, n.callFrame.functionName);
    cats.set(c, (cats.get(c) ?? 0) + ms);
    const l = label(n.callFrame);
    selfByFn.set(l, (selfByFn.get(l) ?? 0) + ms);
  }
  // Inclusive time: walk the tree, counting each function once per stack (no double counting of recursion).
  const inclusive = new Map<string, number>();
  const subtree = new Map<number, number>();
  const sumSubtree = (id: number): number => {
    const cached = subtree.get(id);
    if (cached !== undefined) return cached;
    const n = byId.get(id)!;
    let s = selfMs.get(id) ?? 0;
    for (const c of n.children ?? []) s += sumSubtree(c);
    subtree.set(id, s);
    return s;
  };
  const root = profile.nodes[0];
  if (root) sumSubtree(root.id);
  const walk = (id: number, onStack: Set<string>) => {
    const n = byId.get(id)!;
    const l = label(n.callFrame);
    const fresh = !onStack.has(l);
    if (fresh && n.callFrame.url && /\/(server|shared)\//.test(n.callFrame.url)) {
      inclusive.set(l, (inclusive.get(l) ?? 0) + (subtree.get(id) ?? 0));
    }
    if (fresh) onStack.add(l);
    for (const c of n.children ?? []) walk(c, onStack);
    if (fresh) onStack.delete(l);
  };
  if (root) walk(root.id, new Set());
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, ms]) => ({ ms: Math.round(ms), pct: pct(ms), key: k }));
  return {
    sampledMs: Math.round(total),
    byCategory: sorted(cats).map(({ key, ms, pct }) => ({ category: key, ms, pct })),
    topSelf: sorted(selfByFn).map(({ key, ms, pct }) => ({ fn: key, ms, pct })),
    topInclusive: sorted(inclusive).map(({ key, ms, pct }) => ({ fn: key, ms, pct })),
  };
}
