import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A bearer secret (join token, session cookie, device cookie): 256 random bits, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Secrets are stored only as SHA-256; a database leak yields no usable link or session. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time comparison for the admin token. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** Join tokens and cookies have one shape; anything else is refused before a hash is computed. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
