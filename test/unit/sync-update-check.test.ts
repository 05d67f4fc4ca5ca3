import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { checkUpdate } from "../../server/sync/updateCheck";

/** mulberry32, so a failing scenario can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!,
  };
}
type Random = ReturnType<typeof prng>;

function docWith(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/** Record every update a doc emits. */
function recorder(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  return updates;
}

/** The ground truth: apply to a copy of `doc` and see whether Yjs parks anything. */
function yjsLeavesPending(doc: Y.Doc, update: Uint8Array): boolean {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(scratch, update);
  const pending = scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null;
  scratch.destroy();
  return pending;
}

// --- Hand-written V1 updates, for shapes no real client produces. ---
type Id = [client: number, clock: number];
type CraftStruct =
  | { string: string; origin?: Id; root?: string }
  | { gc: number }
  | { skip: number }
  | { raw: (e: encoding.Encoder) => void };
interface CraftGroup {
  client: number;
  clock: number;
  structs: CraftStruct[];
}

/** Encode groups of structs and a delete set in the V1 format (UpdateEncoderV1, writeStructs). */
function craft(groups: CraftGroup[], deletes: [client: number, ranges: Id[]][] = []): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, groups.length);
  for (const g of groups) {
    encoding.writeVarUint(e, g.structs.length);
    encoding.writeVarUint(e, g.client);
    encoding.writeVarUint(e, g.clock);
    for (const s of g.structs) {
      if ("gc" in s) {
        encoding.writeUint8(e, 0);
        encoding.writeVarUint(e, s.gc);
      } else if ("skip" in s) {
        encoding.writeUint8(e, 10);
        encoding.writeVarUint(e, s.skip);
      } else if ("raw" in s) {
        s.raw(e);
      } else {
        // ContentString is content ref 4; BIT8 says an origin follows, else the parent is a root name.
        encoding.writeUint8(e, s.origin ? 0x84 : 0x04);
        if (s.origin) {
          encoding.writeVarUint(e, s.origin[0]);
          encoding.writeVarUint(e, s.origin[1]);
        } else {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, s.root ?? "t");
        }
        encoding.writeVarString(e, s.string);
      }
    }
  }
  encoding.writeVarUint(e, deletes.length);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, len] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

describe("checkUpdate: real edits", () => {
  it("a normal edit is ok and reports its author", () => {
    const client = docWith(11);
    const updates = recorder(client);
    client.getText("t").insert(0, "hello");
    expect(checkUpdate(new Y.Doc(), updates[0]!)).toEqual({ ok: true, authors: [11] });
  });

  it("an update carrying two clients' structs reports both", () => {
    const a = docWith(21);
    const b = docWith(22);
    a.getText("t").insert(0, "from a");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getMap("m").set("k", "from b");
    const result = checkUpdate(new Y.Doc(), Y.encodeStateAsUpdate(b));
    expect(result.ok && [...result.authors].sort()).toEqual([21, 22]);
  });

  it("the empty update of an empty doc is ok with no authors", () => {
    expect(Y.encodeStateAsUpdate(new Y.Doc())).toEqual(new Uint8Array([0, 0]));
    expect(checkUpdate(new Y.Doc(), new Uint8Array([0, 0]))).toEqual({ ok: true, authors: [] });
  });

  it("a delete-only update is ok with no authors (it is still a change)", () => {
    const client = docWith(12);
    const updates = recorder(client);
    client.getText("t").insert(0, "abc");
    client.getText("t").delete(0, 1);
    const server = new Y.Doc();
    Y.applyUpdate(server, updates[0]!);
    expect(checkUpdate(server, updates[1]!)).toEqual({ ok: true, authors: [] });
  });

  it("an update the doc already has is ok (overlap is fine)", () => {
    const client = docWith(13);
    client.getText("t").insert(0, "abc");
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    client.getText("t").insert(3, "def");
    expect(checkUpdate(server, Y.encodeStateAsUpdate(client))).toEqual({ ok: true, authors: [13] });
  });
});

describe("checkUpdate: malformed", () => {
  const cases: [string, number[]][] = [
    ["empty array", []],
    ["garbage", [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]],
    ["truncated varint", [200, 200, 200, 200]],
    ["struct count without structs", [1, 5, 1, 0]],
    ["structs but no delete set", [0]],
    ["unknown content ref", [1, 1, 7, 0, 0x1f]],
  ];
  it.each(cases)("%s", (_name, bytes) => {
    expect(checkUpdate(new Y.Doc(), new Uint8Array(bytes))).toEqual({ ok: false, reason: "malformed" });
  });

  it("every strict prefix of a real update is malformed", () => {
    const client = docWith(14);
    client.getText("t").insert(0, "prefix");
    client.getMap("m").set("k", [1, { a: "b" }]);
    const update = Y.encodeStateAsUpdate(client);
    for (let n = 0; n < update.length; n++) {
      expect(checkUpdate(new Y.Doc(), update.subarray(0, n))).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("a second group for the same client (Yjs would silently drop the first)", () => {
    const update = craft([
      { client: 5, clock: 0, structs: [{ string: "ab" }] },
      { client: 5, clock: 2, structs: [{ string: "cd", origin: [5, 1] }] },
    ]);
    expect(yjsLeavesPending(new Y.Doc(), update)).toBe(true);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "malformed" });
  });

  it("an empty group and a zero-length struct", () => {
    expect(checkUpdate(new Y.Doc(), craft([{ client: 5, clock: 0, structs: [] }]))).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(checkUpdate(new Y.Doc(), craft([{ client: 5, clock: 0, structs: [{ gc: 0 }] }]))).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("an empty delete range (Yjs never writes one; applying it can throw mid-transaction)", () => {
    const update = craft([], [[7, [[3, 0]]]]);
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow();
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "malformed" });
  });

  it("a 2^53 clock", () => {
    const update = craft([{ client: 5, clock: 2 ** 53, structs: [{ gc: 1 }] }]);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "malformed" });
  });

  it("random bytes and mutated updates never throw (seeded)", () => {
    const client = docWith(15);
    client.getText("t").insert(0, "mutate me");
    client.getArray("a").insert(0, [1, "two", { three: 3 }]);
    const valid = Y.encodeStateAsUpdate(client);
    for (let seed = 1; seed <= 2000; seed++) {
      const random = prng(seed);
      const bytes =
        seed % 2 === 0
          ? Uint8Array.from({ length: random.int(40) }, () => random.int(256))
          : valid.map((b) => (random.chance(0.05) ? random.int(256) : b));
      const result = checkUpdate(new Y.Doc(), bytes);
      expect(typeof result.ok).toBe("boolean");
    }
  });
});

describe("checkUpdate: missing dependencies", () => {
  it("the second of two sequential updates, alone", () => {
    const client = docWith(31);
    const updates = recorder(client);
    client.getText("t").insert(0, "one");
    client.getText("t").insert(3, "two");
    expect(checkUpdate(new Y.Doc(), updates[1]!)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("an item whose origin is another client's unknown item", () => {
    const a = docWith(32);
    const b = docWith(33);
    a.getText("t").insert(0, "ab");
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates = recorder(b);
    b.getText("t").insert(1, "X");
    expect(Y.decodeUpdate(updates[0]!).structs[0]).toMatchObject({ origin: { client: 32 } });
    expect(checkUpdate(new Y.Doc(), updates[0]!)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("an item inside another client's unknown nested type (parent id)", () => {
    const a = docWith(34);
    const b = docWith(35);
    a.getMap("m").set("list", new Y.Array());
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const updates = recorder(b);
    (b.getMap("m").get("list") as Y.Array<number>).insert(0, [1]);
    expect(checkUpdate(new Y.Doc(), updates[0]!)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("a delete of unknown items", () => {
    const client = docWith(36);
    const updates = recorder(client);
    client.getText("t").insert(0, "abc");
    client.getText("t").delete(1, 1);
    expect(checkUpdate(new Y.Doc(), updates[1]!)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("a delete range past the known clock", () => {
    const update = craft([], [[7, [[3, 2]]]]);
    expect(yjsLeavesPending(new Y.Doc(), update)).toBe(true);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("a Skip struct from merging non-adjacent updates", () => {
    const client = docWith(37);
    const updates = recorder(client);
    for (const word of ["one", "two", "three"]) client.getText("t").insert(0, word);
    const merged = Y.mergeUpdates([updates[0]!, updates[2]!]);
    expect(Y.decodeUpdate(merged).structs.some((s) => s instanceof Y.Skip)).toBe(true);
    expect(yjsLeavesPending(new Y.Doc(), merged)).toBe(true);
    expect(checkUpdate(new Y.Doc(), merged)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("a dependency cycle between two clients (hand-crafted; Yjs parks both)", () => {
    const update = craft([
      { client: 9, clock: 0, structs: [{ string: "a", origin: [8, 0] }] },
      { client: 8, clock: 0, structs: [{ string: "b", origin: [9, 0] }] },
    ]);
    expect(yjsLeavesPending(new Y.Doc(), update)).toBe(true);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("a same-client reference to itself", () => {
    const update = craft([{ client: 9, clock: 0, structs: [{ string: "a", origin: [9, 0] }] }]);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "missing_dependencies" });
  });

  it("references between clients in the same update resolve in any encoding order", () => {
    // 8's item hangs off 9's item; groups are written 8 first, as a hostile client might.
    const update = craft([
      { client: 8, clock: 0, structs: [{ string: "b", origin: [9, 0] }] },
      { client: 9, clock: 0, structs: [{ string: "a" }] },
    ]);
    expect(yjsLeavesPending(new Y.Doc(), update)).toBe(false);
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: true, authors: [8, 9] });
  });
});

describe("checkUpdate: size and time", () => {
  it("a 50 MiB string insert is checked in a few seconds", () => {
    const client = docWith(41);
    client.getText("t").insert(0, "x".repeat(50 * 1024 * 1024));
    const update = Y.encodeStateAsUpdate(client);
    client.destroy();
    expect(update.length).toBeGreaterThan(50 * 1024 * 1024);
    const started = performance.now();
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: true, authors: [41] });
    expect(performance.now() - started).toBeLessThan(5000);
  }, 30_000);

  it("1 MiB of nested arrays in one ContentAny is malformed, not a crash", () => {
    const depth = 500_000;
    const update = craft([
      {
        client: 42,
        clock: 0,
        structs: [
          {
            raw: (e) => {
              encoding.writeUint8(e, 8); // ContentAny, parent is a root name
              encoding.writeVarUint(e, 1);
              encoding.writeVarString(e, "t");
              encoding.writeVarUint(e, 1); // one value...
              for (let i = 0; i < depth; i++) encoding.writeUint8Array(e, new Uint8Array([117, 1])); // [[[...
              encoding.writeUint8(e, 127); // undefined
            },
          },
        ],
      },
    ]);
    const started = performance.now();
    expect(checkUpdate(new Y.Doc(), update)).toEqual({ ok: false, reason: "malformed" });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("1 MiB of tiny structs from many clients, with cross references", () => {
    const groups: CraftGroup[] = [];
    for (let client = 1; client <= 20_000; client++) {
      const structs: CraftStruct[] = [{ string: "a" }];
      for (let k = 1; k < 8; k++)
        structs.push({ string: "b", origin: client > 1 ? [client - 1, k] : [client, k - 1] });
      groups.push({ client, clock: 0, structs });
    }
    const update = craft(groups);
    const started = performance.now();
    expect(checkUpdate(new Y.Doc(), update)).toMatchObject({ ok: true });
    // About as long as Y.applyUpdate takes for the same bytes (~0.6 s); generous for loaded machines.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);
});

// --- Cross-check against Yjs itself over random scenarios. ---

/** One random edit (or sync with a peer) by one of three docs. */
function randomStep(random: Random, docs: Y.Doc[]): void {
  const doc = random.pick(docs);
  const text = doc.getText("t");
  const list = doc.getArray<unknown>("a");
  const map = doc.getMap<unknown>("m");
  const word = () => random.pick(["a", "bc", "def", "ghij", "ü", "😀"]);
  switch (random.int(10)) {
    case 0:
    case 1:
      text.insert(random.int(text.length + 1), word());
      break;
    case 2:
      if (text.length > 0) {
        const at = random.int(text.length);
        text.delete(at, 1 + random.int(Math.min(4, text.length - at)));
      }
      break;
    case 3:
      if (text.length > 0)
        text.format(random.int(text.length), 1 + random.int(3), { bold: random.chance(0.5) || null });
      break;
    case 4:
      list.insert(
        random.int(list.length + 1),
        random.chance(0.3) ? [new Y.Map()] : [random.int(100), word()],
      );
      break;
    case 5:
      if (list.length > 0) list.delete(random.int(list.length), 1);
      break;
    case 6: {
      const key = random.pick(["k1", "k2", "k3"]);
      if (random.chance(0.2)) map.delete(key);
      else map.set(key, random.chance(0.3) ? new Y.Text(word()) : word());
      break;
    }
    case 7: {
      // Edit inside a nested type, which may belong to another client: a parent-id dependency.
      const nested = [...list.toArray(), ...map.values()].filter((v) => v instanceof Y.AbstractType);
      if (nested.length === 0) break;
      const target = random.pick(nested);
      if (target instanceof Y.Map) target.set(random.pick(["x", "y"]), word());
      else if (target instanceof Y.Text) target.insert(random.int(target.length + 1), word());
      break;
    }
    default: {
      // Sync from a peer, so later edits depend on another client's items.
      const peer = random.pick(docs);
      if (peer !== doc) Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)), "peer");
    }
  }
}

interface ScenarioResult {
  ok: number;
  missing: number;
  mismatches: string[];
}

/**
 * Three docs edit at random; their updates (and some step-2 style diffs) reach a server doc as a
 * random subset in random order, with retries. For every delivery checkUpdate must say ok exactly
 * when Yjs would apply the update without parking anything. Like the real server, the server doc
 * only applies what checkUpdate accepts, so it never has pending state itself.
 */
function crossCheck(seed: number): ScenarioResult {
  const random = prng(seed);
  const docs = [1, 2, 3].map((i) => docWith(seed * 10 + i));
  const updates = docs.map((d) => recorder(d));
  const steps = 10 + random.int(50);
  const diffs: Uint8Array[] = [];
  for (let i = 0; i < steps; i++) {
    randomStep(random, docs);
    if (random.chance(0.1)) {
      // A step 2 answering an old state vector of the server's.
      const from = random.pick(docs);
      const sv = Y.encodeStateVector(random.pick(docs));
      diffs.push(Y.encodeStateAsUpdate(from, random.chance(0.5) ? sv : undefined));
    }
  }
  let pool = [...updates.flat(), ...diffs].filter(() => random.chance(0.8));
  const server = new Y.Doc();
  const result: ScenarioResult = { ok: 0, missing: 0, mismatches: [] };
  for (let round = 0; round < 3 && pool.length > 0; round++) {
    const refused: Uint8Array[] = [];
    for (const update of shuffle(random, pool)) {
      const verdict = checkUpdate(server, update);
      const pending = yjsLeavesPending(server, update);
      if (verdict.ok === pending) result.mismatches.push(`seed ${seed} round ${round}: ok=${verdict.ok}`);
      if (verdict.ok) {
        result.ok++;
        Y.applyUpdate(server, update);
      } else {
        expect(verdict.reason).toBe("missing_dependencies");
        result.missing++;
        refused.push(update);
      }
    }
    pool = refused;
  }
  expect(server.store.pendingStructs).toBeNull();
  expect(server.store.pendingDs).toBeNull();
  for (const d of [...docs, server]) d.destroy();
  return result;
}

function shuffle<T>(random: Random, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Seeds that once disagreed with Yjs, kept by name. None so far over seeds 1..4000 of these
 * scenarios (and 20,000 of the hand-crafted ones below). The one surprise found while writing this
 * (an empty delete range makes Yjs throw rather than park it) is the named test above.
 */
const REGRESSION_SEEDS: Record<string, number> = {};

describe("checkUpdate agrees with Yjs on random scenarios", () => {
  it.each(Object.entries(REGRESSION_SEEDS))("regression: %s", (_name, seed) => {
    expect(crossCheck(seed).mismatches).toEqual([]);
  });

  it("seeds 1..120", () => {
    const totals = { ok: 0, missing: 0 };
    for (let seed = 1; seed <= 120; seed++) {
      const { ok, missing, mismatches } = crossCheck(seed);
      expect(mismatches).toEqual([]);
      totals.ok += ok;
      totals.missing += missing;
    }
    // Not vacuous: both verdicts occur often.
    expect(totals.ok).toBeGreaterThan(1000);
    expect(totals.missing).toBeGreaterThan(800);
  }, 60_000);

  it("merged updates (which may hold Skips): ok is never wrong, seeds 1..100", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const random = prng(seed);
      const docs = [1, 2, 3].map((i) => docWith(seed * 10 + i));
      const updates = docs.map((d) => recorder(d));
      for (let i = 0; i < 30; i++) randomStep(random, docs);
      const all = updates.flat();
      const server = new Y.Doc();
      for (let k = 0; k < 20; k++) {
        const merged = Y.mergeUpdates(all.filter(() => random.chance(0.5)));
        const verdict = checkUpdate(server, merged);
        if (verdict.ok) {
          expect(yjsLeavesPending(server, merged), `seed ${seed} merge ${k}`).toBe(false);
          Y.applyUpdate(server, merged);
        }
      }
    }
  }, 60_000);
});

describe("checkUpdate: ok means Yjs can apply it", () => {
  it("mutated real updates: when ok, Y.applyUpdate neither throws nor parks anything (seeds 1..300)", () => {
    const failures: string[] = [];
    let accepted = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed);
      const docs = [1, 2, 3].map((i) => docWith(seed * 10 + i));
      const updates = docs.map((d) => recorder(d));
      for (let i = 0; i < 25; i++) randomStep(random, docs);
      const all = updates.flat();
      const server = new Y.Doc();
      for (const u of all.slice(0, random.int(all.length)))
        if (checkUpdate(server, u).ok) Y.applyUpdate(server, u);
      for (let k = 0; k < 30; k++) {
        const mutated = random.pick(all).map((b) => (random.chance(0.03) ? random.int(256) : b));
        if (!checkUpdate(server, mutated).ok) continue;
        accepted++;
        try {
          if (yjsLeavesPending(server, mutated)) failures.push(`seed ${seed} mutation ${k}: pending`);
        } catch (error) {
          failures.push(`seed ${seed} mutation ${k}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(1000); // many mutations hit content bytes and stay valid
  }, 60_000);
});

/**
 * Shapes no real client writes: groups in any order, starting anywhere near the known clock, GC and
 * string structs with random origins and right origins (forward, self, cyclic, unknown), random
 * deletes. Yjs is the oracle: "clean" (applied, nothing parked), "pending", or "throw".
 */
function craftedScenario(seed: number): { verdict: string; yjs: "clean" | "pending" | "throw" } {
  const random = prng(seed);
  const server = new Y.Doc();
  for (const client of [1, 2]) {
    const d = docWith(client);
    Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
    d.getText("t").insert(0, "abc".slice(0, 1 + random.int(3)));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(d));
  }
  const id = (): Id => [1 + random.int(4), random.int(6)];
  const groups: CraftGroup[] = shuffle(random, [1, 2, 3, 4])
    .filter(() => random.chance(0.5))
    .map((client) => ({
      client,
      clock: random.int(5),
      structs: Array.from({ length: 1 + random.int(3) }, (): CraftStruct => {
        if (random.chance(0.25)) return { gc: 1 + random.int(2) };
        const origin = random.chance(0.6) ? id() : undefined;
        const right = random.chance(0.3) ? id() : undefined;
        return {
          raw: (e) => {
            encoding.writeUint8(e, 4 | (origin ? 0x80 : 0) | (right ? 0x40 : 0));
            for (const ref of [origin, right]) {
              if (!ref) continue;
              encoding.writeVarUint(e, ref[0]);
              encoding.writeVarUint(e, ref[1]);
            }
            if (!origin && !right) {
              encoding.writeVarUint(e, 1);
              encoding.writeVarString(e, "t");
            }
            encoding.writeVarString(e, "xy".slice(0, 1 + random.int(2)));
          },
        };
      }),
    }));
  const deletes = [1, 2, 3, 4]
    .filter(() => random.chance(0.3))
    .map((client): [number, Id[]] => [client, [[random.int(6), 1 + random.int(3)]]]);
  const update = craft(groups, deletes);
  const verdict = checkUpdate(server, update);
  let yjs: "clean" | "pending" | "throw";
  try {
    yjs = yjsLeavesPending(server, update) ? "pending" : "clean";
  } catch {
    yjs = "throw";
  }
  return { verdict: verdict.ok ? "ok" : verdict.reason, yjs };
}

describe("checkUpdate agrees with Yjs on hand-crafted shapes", () => {
  it("seeds 1..2000: ok exactly when Yjs applies cleanly", () => {
    const seen = new Map<string, number>();
    for (let seed = 1; seed <= 2000; seed++) {
      const { verdict, yjs } = craftedScenario(seed);
      expect(verdict === "ok", `seed ${seed}: ${verdict} but Yjs ${yjs}`).toBe(yjs === "clean");
      seen.set(`${verdict}/${yjs}`, (seen.get(`${verdict}/${yjs}`) ?? 0) + 1);
    }
    // Every outcome occurs, including updates that make Yjs itself throw (refused here first).
    expect([...seen.keys()].sort()).toEqual([
      "missing_dependencies/pending",
      "missing_dependencies/throw",
      "ok/clean",
    ]);
  }, 60_000);
});

describe("subdocuments", () => {
  it("refuses an update that carries a subdocument (never used; each would become a Y.Doc)", () => {
    const sender = new Y.Doc();
    sender.getMap("texts").set("sub", new Y.Doc());
    const server = new Y.Doc();
    expect(checkUpdate(server, Y.encodeStateAsUpdate(sender))).toEqual({ ok: false, reason: "malformed" });
  });
});
