import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { nestsTooDeep } from "./nesting";

/**
 * Decide, before applying it, whether a Yjs update from a client can be applied to `doc` completely.
 *
 * Why: Y.applyUpdate never refuses anything. Structs whose causal dependencies are missing are parked
 * in `doc.store.pendingStructs`, deletes of unknown ranges in `doc.store.pendingDs`, and both are
 * kept, merged and re-sent to every client in sync step 2 for the life of the document. A server
 * that hosts a document for many people must not let one client park unresolvable data there, so
 * such an update is refused as a whole (the Yjs threat model: validate the message, never filter
 * its contents).
 *
 * `authors` lists the client ids whose structs (Items and GC) the update carries, in order of
 * appearance, including structs the doc already has; delete-set clients are not authors. A valid
 * empty update (`Y.encodeStateAsUpdate(new Y.Doc())`, bytes [0, 0]) is ok with no authors. Note that
 * a delete-only update also has no authors: it is still a change to apply.
 *
 * Cost: one Y.decodeUpdate (linear in bytes) plus O(n log n) over the n structs. Nothing is applied.
 */
export type UpdateCheck =
  | { ok: true; authors: number[] }
  | { ok: false; reason: "malformed" | "missing_dependencies" };

const MALFORMED: UpdateCheck = { ok: false, reason: "malformed" };
const MISSING: UpdateCheck = { ok: false, reason: "missing_dependencies" };

type Struct = Y.Item | Y.GC | Y.Skip;
/** The structs of one client: a contiguous clock range [start, end) at indices [from, to). */
interface Run {
  start: number;
  end: number;
  from: number;
  to: number;
}

export function checkUpdate(doc: Y.Doc, update: Uint8Array): UpdateCheck {
  let structs: Struct[];
  let deletes: Map<number, { clock: number; len: number }[]>;
  let groups: number;
  try {
    // V1 updates start with the number of per-client groups (see readClientsStructRefs).
    groups = decoding.readVarUint(decoding.createDecoder(update));
    const decoded = Y.decodeUpdate(update);
    structs = decoded.structs;
    deletes = decoded.ds.clients;
  } catch {
    // Truncation, unknown content or type refs, integer overflow, or a stack overflow from deeply
    // nested ContentAny values all land here.
    return MALFORMED;
  }
  const runs = readRuns(structs, groups);
  if (runs === null || !refsAreWellFormed(structs) || !deletesAreWellFormed(deletes)) return MALFORMED;
  // Quorum never uses subdocuments; applying one builds a Y.Doc per item, so a frame of tiny
  // subdocuments would cost hundreds of megabytes. Refuse them before anything is applied.
  if (structs.some((s) => s instanceof Y.Item && s.content instanceof Y.ContentDoc)) return MALFORMED;

  const store = doc.store;
  // Skip structs stand for ranges the sender did not have (merged updates); the stock client never
  // sends them, and where they leave a gap Yjs parks everything after it.
  if (structs.some((s) => s instanceof Y.Skip)) return MISSING;
  // Each client's structs must continue what the doc has (overlap is fine: Yjs skips known ranges).
  for (const [client, run] of runs) if (run.start > Y.getState(store, client)) return MISSING;
  if (!dependenciesResolve(structs, runs, store)) return MISSING;
  // Types nested deeper than any editor makes cannot even be deleted again (nesting.ts).
  if (nestsTooDeep(doc, structs)) return MALFORMED;

  // Yjs applies the delete set after the structs, against the state they leave (readUpdateV2);
  // any range reaching past that state becomes pendingDs.
  for (const [client, ranges] of deletes) {
    const known = Math.max(Y.getState(store, client), runs.get(client)?.end ?? 0);
    for (const { clock, len } of ranges) if (clock + len > known) return MISSING;
  }
  return { ok: true, authors: [...runs.keys()] };
}

/**
 * Group the structs into one run per client. Yjs reads each client's group into a map keyed by
 * client (readClientsStructRefs), so a second group for a client silently replaces the first; Yjs
 * itself never writes one. We refuse it, together with empty groups, by requiring as many groups as
 * distinct clients. Zero-length structs are never written by Yjs either and would share a clock.
 */
function readRuns(structs: Struct[], groups: number): Map<number, Run> | null {
  const runs = new Map<number, Run>();
  let current: Run | undefined;
  let currentClient: number | undefined;
  for (let i = 0; i < structs.length; i++) {
    const s = structs[i]!;
    const { client, clock } = s.id;
    if (!isSafe(client) || !isSafe(clock) || !isSafe(s.length) || s.length < 1 || !isSafe(clock + s.length)) {
      return null;
    }
    if (client !== currentClient) {
      if (runs.has(client)) return null;
      current = { start: clock, end: clock, from: i, to: i };
      currentClient = client;
      runs.set(client, current);
    }
    current!.end = clock + s.length;
    current!.to = i + 1;
  }
  return runs.size === groups ? runs : null;
}

function refsAreWellFormed(structs: Struct[]): boolean {
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    for (const ref of refsOf(s)) if (!isSafe(ref.client) || !isSafe(ref.clock)) return false;
  }
  return true;
}

function deletesAreWellFormed(deletes: Map<number, { clock: number; len: number }[]>): boolean {
  for (const [client, ranges] of deletes) {
    if (!isSafe(client)) return false;
    // Yjs never writes an empty range (UpdateEncoderV2.writeDsLen refuses one), and applying one
    // past the known clock throws inside the transaction.
    for (const { clock, len } of ranges) if (!isSafe(clock) || !isSafe(clock + len) || len < 1) return false;
  }
  return true;
}

/**
 * The ids an Item needs before Yjs can integrate it (Item.getMissing): its left and right origins
 * and, when the parent is a nested type rather than a root name, the parent type's item.
 */
function refsOf(item: Y.Item): Y.ID[] {
  const refs: Y.ID[] = [];
  if (item.origin) refs.push(item.origin);
  if (item.rightOrigin) refs.push(item.rightOrigin);
  // After Y.decodeUpdate, `parent` is an ID, a root type's name (a string) or null.
  if (item.parent instanceof Y.ID) refs.push(item.parent);
  return refs;
}

/**
 * Can every struct be integrated in some order? Each struct depends on the one before it from the
 * same client and on the structs holding its references. A reference the doc already has costs
 * nothing; one the update holds is an edge; one neither holds is missing. A cycle (impossible from a
 * real client, easy to hand-craft) leaves structs that never become ready: Yjs parks those too.
 * Kahn's algorithm: O(n) plus a binary search per cross-client reference.
 */
function dependenciesResolve(structs: Struct[], runs: Map<number, Run>, store: Y.Doc["store"]): boolean {
  const n = structs.length;
  const waiting = new Int32Array(n);
  const dependents = new Map<number, number[]>();
  for (const run of runs.values()) for (let i = run.from + 1; i < run.to; i++) waiting[i] = 1;

  for (let i = 0; i < n; i++) {
    const s = structs[i]!;
    if (!(s instanceof Y.Item)) continue;
    const { client, clock } = s.id;
    for (const ref of refsOf(s)) {
      if (ref.client === client) {
        // Yjs does not check same-client references (they are ordered by clock); one that points at
        // or after this struct cannot be satisfied and would fail inside integration.
        if (ref.clock >= Math.max(Y.getState(store, client), clock)) return false;
        continue;
      }
      if (ref.clock < Y.getState(store, ref.client)) continue;
      const run = runs.get(ref.client);
      if (run === undefined || ref.clock >= run.end) return false;
      const holder = findStruct(structs, run, ref.clock);
      waiting[i]! += 1;
      const list = dependents.get(holder);
      if (list) list.push(i);
      else dependents.set(holder, [i]);
    }
  }

  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(i);
  let integrated = 0;
  while (ready.length > 0) {
    const i = ready.pop()!;
    integrated++;
    const next = i + 1;
    if (next < n && structs[next]!.id.client === structs[i]!.id.client && --waiting[next]! === 0)
      ready.push(next);
    for (const d of dependents.get(i) ?? []) if (--waiting[d]! === 0) ready.push(d);
  }
  return integrated === n;
}

/** Index of the struct in `run` whose clock range holds `clock` (run.start <= clock < run.end). */
function findStruct(structs: Struct[], run: Run, clock: number): number {
  let lo = run.from;
  let hi = run.to - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (structs[mid]!.id.clock <= clock) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isSafe(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
