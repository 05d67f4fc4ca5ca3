import { writeFileSync } from "node:fs";
import { type CallFrame, InspectorSession, mapToSources, shortUrl } from "./lib/profile";

/**
 * Where the server allocates: attach to a running server's inspector (start the bench with
 * `BENCH_SERVER_FLAGS="--inspect=127.0.0.1:9229"`), sample every allocation for a while, the
 * objects the garbage collector has already taken included, and print the bytes by function
 * (self and inclusive), as shares of all bytes sampled. `HEAP_SAMPLE_OUT=<file>` also writes the raw
 * sampling profile there (JSON; Chrome DevTools reads it as a .heapprofile).
 *
 *   node --import tsx bench/heap-sample.ts [milliseconds=10000] [inspector port=9229]
 */

interface SampleNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SampleNode[];
}

async function main(): Promise<void> {
  const ms = Number(process.argv[2] ?? 10_000);
  const port = Number(process.argv[3] ?? 9229);
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = targets[0];
  if (!target) throw new Error(`no inspector target on port ${port}`);
  const session = await InspectorSession.open(target.webSocketDebuggerUrl);
  await session.call("HeapProfiler.enable");
  await session.call("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  const { profile } = await session.call<{ profile: { head: SampleNode } }>("HeapProfiler.stopSampling");
  // Our own files' frames are (0, column) in tsx's one-line modules: give them their TypeScript lines.
  const nodes: SampleNode[] = [];
  const collect = (node: SampleNode): void => {
    nodes.push(node);
    for (const child of node.children) collect(child);
  };
  collect(profile.head);
  await mapToSources({ nodes }, session);
  session.close();
  if (process.env.HEAP_SAMPLE_OUT) writeFileSync(process.env.HEAP_SAMPLE_OUT, JSON.stringify(profile));

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  const walk = (node: SampleNode, stack: Set<string>): number => {
    const cf = node.callFrame;
    const key = `${cf.functionName || "(anonymous)"} ${cf.url ? shortUrl(cf.url) : ""}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    const inner = new Set(stack).add(key);
    let sum = node.selfSize;
    for (const child of node.children) sum += walk(child, inner);
    if (!stack.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    return sum;
  };
  walk(profile.head, new Set());
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  console.log(
    `${(total / 1e6).toFixed(1)} MB sampled in ${ms / 1000} s\n\nself\n${top(self, 30)}\n\ninclusive\n${top(inclusive, 40)}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
