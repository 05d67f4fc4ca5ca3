import { prng } from "../support/prng";

/** Seeded random inputs for the fuzzers: bytes, mutations of valid bytes, JSON values. */
export type Rng = ReturnType<typeof prng>;

export { prng };

/** A child seed for one iteration, so any iteration can be replayed from (seed, iteration). */
export function iterationRng(seed: number, iteration: number, stream: number): Rng {
  return prng((seed ^ Math.imul(iteration + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0);
}

export function randomBytes(rng: Rng, max = 64): Uint8Array {
  const n = rng.chance(0.5) ? rng.int(8) : rng.int(max);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    out[i] = rng.chance(0.3) ? rng.pick([0, 1, 2, 3, 0x7f, 0x80, 0xff]) : rng.int(256);
  return out;
}

/** Flip, drop, insert, duplicate or truncate bytes of a valid message. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  const bytes = [...input];
  const edits = 1 + rng.int(3);
  for (let e = 0; e < edits; e++) {
    const at = bytes.length === 0 ? 0 : rng.int(bytes.length);
    switch (rng.int(7)) {
      case 0:
        if (bytes.length) bytes[at] = bytes[at]! ^ (1 << rng.int(8));
        break;
      case 1:
        bytes[at] = rng.int(256);
        break;
      case 2:
        bytes.splice(at, 1 + rng.int(4));
        break;
      case 3:
        bytes.splice(at, 0, ...Array.from({ length: 1 + rng.int(4) }, () => rng.int(256)));
        break;
      case 4:
        bytes.length = at;
        break;
      case 5: {
        const from = rng.int(bytes.length + 1);
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + rng.int(16)));
        break;
      }
      default:
        // A length-ish field turned huge.
        bytes.splice(at, 1, 0xff, 0xff, 0xff, 0x7f);
    }
  }
  return Uint8Array.from(bytes);
}

const STRINGS = [
  "",
  " ",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "..",
  "%00",
  "\u0000",
  "\u202e",
  "😀",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "{{7*7}}",
];

export function randomString(rng: Rng, max = 40): string {
  if (rng.chance(0.3)) return rng.pick(STRINGS);
  if (rng.chance(0.05)) return "x".repeat(1000 + rng.int(3000));
  const n = rng.int(max);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.9) ? 32 + rng.int(95) : rng.int(0xd7ff));
  return s;
}

export function randomNumber(rng: Rng): number {
  return rng.pick([
    0,
    -1,
    1,
    2,
    50,
    51,
    1.5,
    -0,
    2 ** 31,
    2 ** 53 + 1,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    rng.int(100),
  ]);
}

/** Any JSON value, depth-limited; objects sometimes carry hostile keys. */
export function randomJson(rng: Rng, depth = 3): unknown {
  const kind = depth <= 0 ? rng.int(4) : rng.int(6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return randomNumber(rng);
    case 3:
      return randomString(rng);
    case 4:
      return Array.from({ length: rng.int(5) }, () => randomJson(rng, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = rng.int(5);
      for (let i = 0; i < n; i++) {
        const key = rng.chance(0.3)
          ? rng.pick(["__proto__", "constructor", "type", "participantId", "toString"])
          : randomString(rng, 10);
        // defineProperty, so "__proto__" becomes an own key (as JSON.parse makes it), not the prototype.
        Object.defineProperty(o, key, {
          value: randomJson(rng, depth - 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    }
  }
}
