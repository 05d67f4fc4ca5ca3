import * as Y from "yjs";
import type { Person } from "../../support/room";
import type { TestServer } from "../../support/server";
import { WireSocket as Wire, type WireSocket, wsUrl } from "./wire";

/**
 * y-websocket frames written byte by byte (no y-protocols encoder), so a test can send exactly the
 * bytes it means, including ones no honest client would.
 */

export function varUint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export function bytes(...parts: (number | number[] | Uint8Array)[]): Uint8Array {
  const flat: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") flat.push(p);
    else for (const b of p) flat.push(b);
  }
  return Uint8Array.from(flat);
}

/** `[0, sub, len, ...payload]`: sync step 1 (0), step 2 (1) or update (2). */
export function syncFrame(sub: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const head = bytes(0, sub, varUint(payload.length));
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** An awareness frame `[1, len, count, (clientId, clock, len, json)*]`; `state` is sent as given. */
export function awarenessFrame(entries: { clientId: number; clock: number; state: string }[]): Uint8Array {
  const body: number[] = [...varUint(entries.length)];
  for (const e of entries) {
    const json = Buffer.from(e.state, "utf8");
    body.push(...varUint(e.clientId), ...varUint(e.clock), ...varUint(json.length));
    for (const b of json) body.push(b);
  }
  return bytes(1, varUint(body.length), body);
}

/** The reason of a y-protocols permission-denied message `[2, 0, len, reason]`, if this is one. */
export function permissionDenied(frame: Uint8Array): string | undefined {
  if (frame[0] !== 2 || frame[1] !== 0) return undefined;
  let len = 0;
  let shift = 0;
  let i = 2;
  for (; i < frame.length; i++) {
    const b = frame[i]!;
    len += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) break;
  }
  return Buffer.from(frame.subarray(i + 1, i + 1 + len)).toString("utf8");
}

/** Open a raw WebSocket on a document as `person` (their cookie, the allowed Origin). */
export function openDoc(server: TestServer, person: Person | undefined, name: string): Promise<WireSocket> {
  const headers: Record<string, string> = { origin: server.origin };
  if (person) headers.cookie = person.browser.cookieHeader;
  return Wire.open(wsUrl(server.url, `/sync/${name}`), { headers });
}

/** Wait for the permission-denied answer on a raw document socket. */
export function deniedOn(sock: WireSocket, after = 0, timeoutMs = 5000): Promise<string> {
  return sock.waitFor(
    () => {
      for (const f of sock.frames.slice(after)) {
        const reason = permissionDenied(f.data);
        if (reason !== undefined) return reason;
      }
      if (sock.closeCode !== undefined) throw new Error(`closed with ${sock.closeCode} instead of a refusal`);
      return undefined;
    },
    timeoutMs,
    "a permission-denied message",
  );
}

/**
 * Ask for the full document on a raw socket and wait for the server's step 2: proves every frame
 * sent before it was handled (messages on one connection are handled in order).
 */
export async function barrier(sock: WireSocket, timeoutMs = 5000): Promise<Uint8Array> {
  const after = sock.frames.length;
  sock.send(syncFrame(0, bytes(0)));
  const frame = await sock.waitFor(
    () => {
      const f = sock.frames.slice(after).find((x) => x.data[0] === 0 && x.data[1] === 1);
      if (f) return f.data;
      if (sock.closeCode !== undefined) throw new Error(`closed with ${sock.closeCode} before the barrier`);
      return undefined;
    },
    timeoutMs,
    "the answer to a sync step 1 (barrier)",
  );
  return frame;
}

/** A local replica of a document from the update a fresh client received. */
export function replicaOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

/** An edit made on a replica, as the update a client would send. */
export function editOf(replica: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const before = Y.encodeStateVector(replica);
  replica.transact(() => edit(replica));
  return Y.encodeStateAsUpdate(replica, before);
}
