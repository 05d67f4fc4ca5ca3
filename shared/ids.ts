import { z } from "zod";

/**
 * Every id the server mints is 22 characters of base64url (128 random bits). Ids from outside are
 * checked against this shape before they touch a map, a query or a document name, so hostile ids
 * such as `__proto__`, `..`, `%00` or a 10 KB string never get further than the boundary.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const Id = z.string().regex(ID_PATTERN, "must be a 22-character id");
export type Id = z.infer<typeof Id>;

export const ConferenceId = Id.describe("conference id");
export const ParticipantId = Id.describe("participant id");
export const ChildId = Id.describe("child id");
export const ContentId = Id.describe("content id");

/** Mint a fresh id: 128 bits from the platform CSPRNG, base64url without padding. */
export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
