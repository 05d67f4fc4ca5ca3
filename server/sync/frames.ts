import * as encoding from "lib0/encoding";
import * as Y from "yjs";

/**
 * One WebSocket frame of the y-websocket protocol, parsed without trusting a single byte of it.
 *
 * The stock decoders (lib0/decoding, y-protocols) are written for peers that trust each other: they
 * throw on short input, read varints of up to 53 bits and slice whatever length a field claims. A
 * server facing the open internet needs the opposite: every length is checked against the bytes that
 * are actually there before anything is sliced, and a bad frame is a value, not an exception.
 *
 * Wire format: [messageType: varUint, ...body]. Payloads are varUint8Array (varUint length, bytes).
 */

export const MESSAGE = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;
/** y-protocols/auth: the only auth sub-message there is. */
const AUTH_PERMISSION_DENIED = 0;

export type InvalidReason = "too_large" | "truncated" | "unknown_type" | "trailing_bytes" | "malformed";

export type ParsedFrame =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2"; update: Uint8Array }
  | { type: "sync-update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" }
  | { type: "invalid"; reason: InvalidReason };

/** Thrown by BoundedReader; never escapes the exported functions of this folder. */
export class WireError extends Error {
  constructor(readonly reason: "truncated" | "malformed") {
    super(reason);
  }
}

/**
 * A cursor over untrusted bytes. Varints are capped at 5 bytes (35 bits): every number in this
 * protocol (message types, lengths under our frame cap, Yjs client ids, which are uint32, and clocks)
 * fits, and a cap keeps a run of continuation bytes from being read as one enormous number.
 */
export class BoundedReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  varUint(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.bytes.length) throw new WireError("truncated");
      const byte = this.bytes[this.pos++]!;
      value += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) return value;
    }
    throw new WireError("malformed");
  }

  /** `length` bytes as a view (no copy). The length is checked before anything is sliced. */
  bytesOf(length: number): Uint8Array {
    if (length > this.remaining) throw new WireError("truncated");
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  varUint8Array(): Uint8Array {
    return this.bytesOf(this.varUint());
  }
}

/**
 * Parse one frame from a client. `maxBytes` is checked first, so nothing else is read from an
 * oversized frame. Views into `data` are returned, not copies.
 */
export function parseFrame(data: Uint8Array, maxBytes: number): ParsedFrame {
  if (data.length > maxBytes) return invalid("too_large");
  const reader = new BoundedReader(data);
  try {
    const frame = readBody(reader);
    if (frame.type !== "invalid" && reader.remaining > 0) return invalid("trailing_bytes");
    return frame;
  } catch (error) {
    if (error instanceof WireError) return invalid(error.reason);
    return invalid("malformed");
  }
}

function readBody(reader: BoundedReader): ParsedFrame {
  const messageType = reader.varUint();
  switch (messageType) {
    case MESSAGE.sync: {
      const syncType = reader.varUint();
      switch (syncType) {
        case SYNC.step1: {
          const stateVector = reader.varUint8Array();
          // Checked here so that answering it (Y.encodeStateAsUpdate) cannot throw later.
          return isStateVector(stateVector) ? { type: "sync-step1", stateVector } : invalid("malformed");
        }
        case SYNC.step2:
          return { type: "sync-step2", update: reader.varUint8Array() };
        case SYNC.update:
          return { type: "sync-update", update: reader.varUint8Array() };
        default:
          return invalid("unknown_type");
      }
    }
    case MESSAGE.awareness:
      return { type: "awareness", update: reader.varUint8Array() };
    case MESSAGE.queryAwareness:
      return { type: "query-awareness" };
    // MESSAGE.auth only ever flows server -> client (permission denied): from a client it is as
    // unknown as any other number.
    default:
      return invalid("unknown_type");
  }
}

/** A Yjs state vector: varUint count, then count pairs of (client, clock), nothing after. */
export function isStateVector(bytes: Uint8Array): boolean {
  const reader = new BoundedReader(bytes);
  try {
    const count = reader.varUint();
    // Each pair takes at least two bytes: refuse an absurd count before looping over it.
    if (count > reader.remaining / 2) return false;
    for (let i = 0; i < count; i++) {
      reader.varUint();
      reader.varUint();
    }
    return reader.remaining === 0;
  } catch {
    return false;
  }
}

function invalid(reason: InvalidReason): ParsedFrame {
  return { type: "invalid", reason };
}

// --- Encoders: the exact bytes y-protocols writes, so the stock y-websocket provider reads them. ---

/** Server -> client sync step 1: our state vector, asking for what we lack. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.step1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

/**
 * Sync step 2: everything in `doc` that a peer with `stateVector` lacks (everything, if omitted).
 * Pass a state vector from `parseFrame`, which has checked it; any other malformed one is refused
 * with a RangeError rather than handed to Yjs.
 */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  if (stateVector !== undefined && !isStateVector(stateVector)) {
    throw new RangeError("malformed state vector");
  }
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.step2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.update);
    encoding.writeVarUint8Array(e, update);
  });
}

/** `update` is an awareness update (see awareness.ts, encodeAwarenessEntries). */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.awareness);
    encoding.writeVarUint8Array(e, update);
  });
}

/** y-protocols/auth permission denied; the stock provider logs the reason and stays connected. */
export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE.auth);
    encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
    encoding.writeVarString(e, reason);
  });
}

/**
 * An awareness message with zero entries. The stock provider reconnects after 30 s without any
 * message; this resets its timer and changes nothing in its Awareness.
 */
export function encodeEmptyAwareness(): Uint8Array {
  return new Uint8Array([MESSAGE.awareness, 1, 0]);
}

/**
 * `message` as one complete server-to-client WebSocket frame (RFC 6455 section 5.2: binary, final,
 * unmasked), ready to write to the socket as it is. A broadcast frames its message once, and the same
 * bytes go to every connection of the document.
 */
export function webSocketFrame(message: Uint8Array): Buffer {
  const length = message.byteLength;
  const headerBytes = frameHeaderBytes(length);
  const wire = Buffer.allocUnsafe(headerBytes + length);
  writeFrameHeader(wire, length, headerBytes);
  wire.set(message, headerBytes);
  return wire;
}

/**
 * A sync update message for `update` (what `encodeUpdate` builds) and its WebSocket frame (what
 * `webSocketFrame` would make of it), built in one buffer with no encoder: `message` is a view into
 * `wire`. Every change a document relays is one of these, so it is made once per change, not twice.
 */
export function framedUpdate(update: Uint8Array): { message: Uint8Array; wire: Buffer } {
  const updateLength = update.byteLength;
  let lengthBytes = 1;
  for (let n = updateLength; n > 0x7f; n = Math.floor(n / 128)) lengthBytes++;
  const length = 2 + lengthBytes + updateLength;
  const headerBytes = frameHeaderBytes(length);
  const wire = Buffer.allocUnsafe(headerBytes + length);
  writeFrameHeader(wire, length, headerBytes);
  let pos = headerBytes;
  wire[pos++] = MESSAGE.sync;
  wire[pos++] = SYNC.update;
  // A varUint, as lib0's writeVarUint writes it: seven bits a byte, low bits first.
  let n = updateLength;
  for (; n > 0x7f; n = Math.floor(n / 128)) wire[pos++] = 0x80 | (n & 0x7f);
  wire[pos++] = n;
  wire.set(update, pos);
  return { message: wire.subarray(headerBytes), wire };
}

function frameHeaderBytes(length: number): number {
  return length <= 125 ? 2 : length <= 0xffff ? 4 : 10;
}

function writeFrameHeader(wire: Buffer, length: number, headerBytes: number): void {
  wire[0] = 0x82; // FIN, opcode 2 (binary)
  if (headerBytes === 2) wire[1] = length;
  else if (headerBytes === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
