import * as encoding from "lib0/encoding";
import { BoundedReader, WireError } from "./frames";

/**
 * Awareness (presence: who is here, cursors) on the server, without y-protocols' Awareness class:
 * that class starts a 3-second interval per instance and lets any peer set or remove any client's
 * state. Here every client id belongs to the connection that first used it, the `user` field is
 * always the server's identity for that connection, and nothing runs on a timer.
 *
 * Wire format (y-protocols/awareness, encodeAwarenessUpdate): varUint count, then per entry
 * varUint clientID, varUint clock, varString JSON state, where "null" removes the client.
 */

export type AwarenessState = Record<string, unknown>;
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: AwarenessState | null;
}

export type AwarenessParseError =
  | "truncated"
  | "malformed"
  | "trailing_bytes"
  | "too_many_entries"
  | "state_too_large"
  | "not_object";

export type AwarenessParse =
  | { ok: true; entries: AwarenessEntry[] }
  | { ok: false; reason: AwarenessParseError };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parse an awareness update from a client. Never throws. */
export function parseAwarenessUpdate(
  update: Uint8Array,
  limits: { maxEntries: number; maxStateBytes: number },
): AwarenessParse {
  const reader = new BoundedReader(update);
  try {
    const count = reader.varUint();
    if (count > limits.maxEntries) return { ok: false, reason: "too_many_entries" };
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = reader.varUint();
      const clock = reader.varUint();
      const length = reader.varUint();
      if (length > limits.maxStateBytes) return { ok: false, reason: "state_too_large" };
      const state: unknown = JSON.parse(utf8.decode(reader.bytesOf(length)));
      // y-protocols accepts any JSON; we accept what the stock client sends: an object, or null.
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
        return { ok: false, reason: "not_object" };
      }
      entries.push({ clientId, clock, state: state as AwarenessState | null });
    }
    if (reader.remaining > 0) return { ok: false, reason: "trailing_bytes" };
    return { ok: true, entries };
  } catch (error) {
    // WireError (short or over-long varints), TypeError (invalid UTF-8), SyntaxError (bad JSON).
    return { ok: false, reason: error instanceof WireError ? error.reason : "malformed" };
  }
}

/** The same wire format, readable by awarenessProtocol.applyAwarenessUpdate. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(e);
}

export type AwarenessRejection = {
  clientId: number;
  /**
   * owned_by_other: another connection holds this id (spoofing someone, or evicting them with null).
   * stale_clock: not newer than the last entry this connection sent for the id.
   * unknown_client: a removal for an id nobody holds. The stock client sends these when its own
   *   30-second timeout drops a peer; binding the id would lock that peer out when it reconnects.
   * too_many_ids: the connection already holds `maxClientIdsPerOwner` ids (the stock provider uses one).
   */
  reason: "owned_by_other" | "stale_clock" | "unknown_client" | "too_many_ids";
};

interface Held {
  owner: string;
  /** The last clock this owner sent for the id. */
  clientClock: number;
  /** The last clock we broadcast for the id (see `outgoingClock`). */
  clock: number;
  state: AwarenessState | null;
}

export class AwarenessRegistry {
  private readonly held = new Map<number, Held>();
  private readonly byOwner = new Map<string, Set<number>>();
  /** Last broadcast clock of ids whose connection has gone, oldest first; capped. */
  private readonly released = new Map<number, number>();
  private readonly maxClientIdsPerOwner: number;
  private readonly maxReleased: number;

  constructor(options: { maxClientIdsPerOwner?: number; maxReleased?: number } = {}) {
    this.maxClientIdsPerOwner = options.maxClientIdsPerOwner ?? 4;
    this.maxReleased = options.maxReleased ?? 10_000;
  }

  /**
   * Apply entries sent by connection `ownerId`. Accepted entries come back ready to broadcast: the
   * state is `{ ...state, user: identity }` (the client's own `user` is replaced, so nobody can
   * present themselves as someone else) and the clock is the one peers must see.
   */
  apply(
    ownerId: string,
    entries: readonly AwarenessEntry[],
    identity: Record<string, unknown>,
  ): { accepted: AwarenessEntry[]; rejected: AwarenessRejection[] } {
    const accepted: AwarenessEntry[] = [];
    const rejected: AwarenessRejection[] = [];
    for (const { clientId, clock, state } of entries) {
      let held = this.held.get(clientId);
      if (held !== undefined && held.owner !== ownerId) {
        rejected.push({ clientId, reason: "owned_by_other" });
        continue;
      }
      if (held !== undefined && clock <= held.clientClock) {
        rejected.push({ clientId, reason: "stale_clock" });
        continue;
      }
      if (held === undefined) {
        if (state === null) {
          rejected.push({ clientId, reason: "unknown_client" });
          continue;
        }
        const owned = this.byOwner.get(ownerId) ?? new Set<number>();
        if (owned.size >= this.maxClientIdsPerOwner) {
          rejected.push({ clientId, reason: "too_many_ids" });
          continue;
        }
        owned.add(clientId);
        this.byOwner.set(ownerId, owned);
        const previous = this.released.get(clientId);
        this.released.delete(clientId);
        // A fresh binding: the first clock from this connection is taken as it is.
        held = { owner: ownerId, clientClock: -1, clock: previous ?? -1, state: null };
        this.held.set(clientId, held);
      }
      held.clientClock = clock;
      held.clock = outgoingClock(clock, held.clock);
      held.state = state === null ? null : { ...state, user: { ...identity } };
      accepted.push({ clientId, clock: held.clock, state: held.state });
    }
    return { accepted, rejected };
  }

  /**
   * A connection has gone: drop its ids and return their removals to broadcast (only for ids that
   * still had a state), with clocks bumped so every peer's Awareness applies them. The ids become
   * free, so the same browser tab can claim its id again when the provider reconnects.
   */
  remove(ownerId: string): AwarenessEntry[] {
    const removals: AwarenessEntry[] = [];
    for (const clientId of this.byOwner.get(ownerId) ?? []) {
      const held = this.held.get(clientId)!;
      this.held.delete(clientId);
      const clock = held.state === null ? held.clock : held.clock + 1;
      if (held.state !== null) removals.push({ clientId, clock, state: null });
      this.released.set(clientId, clock);
      if (this.released.size > this.maxReleased) this.released.delete(this.released.keys().next().value!);
    }
    this.byOwner.delete(ownerId);
    return removals;
  }

  /** Every current state, for a new connection or a query-awareness. */
  snapshot(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, held] of this.held) {
      if (held.state !== null) entries.push({ clientId, clock: held.clock, state: held.state });
    }
    return entries;
  }

  /** How many client ids currently have a state (what `snapshot` returns). */
  get size(): number {
    let n = 0;
    for (const held of this.held.values()) if (held.state !== null) n++;
    return n;
  }
}

/**
 * Peers apply an entry only when its clock is above the last one they saw for that id
 * (applyAwarenessUpdate). When a provider reconnects it resends its state with its old clock, which
 * is below the bumped clock of the removal we broadcast when it left; peers would ignore it until
 * its next renewal 15 seconds later. So the clock we broadcast is the client's, or one past the last
 * we broadcast for the id if that is higher.
 */
function outgoingClock(clientClock: number, lastBroadcast: number): number {
  return Math.max(clientClock, lastBroadcast + 1);
}
