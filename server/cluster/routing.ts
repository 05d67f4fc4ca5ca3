import { parseDocName } from "../../shared/protocol";
import { parseCookies, SESSION_COOKIE } from "../auth/cookies";

/**
 * Rooms spread over worker processes (WORKERS > 1): which process owns a conference, and how a
 * request names the conference it acts on. Pure functions, shared by the primary (which hands each
 * new connection to a worker) and the workers (which refuse what another worker owns).
 */

/** The worker (0 .. workers-1) that owns a conference: FNV-1a of its id, so every process agrees. */
export function ownerOf(conferenceId: string, workers: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < conferenceId.length; i++) {
    hash ^= conferenceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % workers;
}

/**
 * What decides where a request goes:
 * - `conference`: the URL names the conference (a Yjs document, an administrator's conference page);
 * - `session`: the request acts on the signed-in person's own conference (the conference and record
 *   APIs, socket.io), found from the session cookie;
 * - `any`: nothing of a live room (the client's files, sign-in, the administrator's lists).
 */
export type RequestRoute =
  | { kind: "conference"; conferenceId: string }
  | { kind: "session"; sessionSecret: string }
  | { kind: "any" };

const ADMIN_CONFERENCE = /^\/api\/admin\/conferences\/([A-Za-z0-9_-]{22})(?:[/?]|$)/;
const SESSION_SCOPED = /^\/(?:api\/conference|api\/record|socket\.io)(?:[/?]|$)/;

export function routeOf(url: string, cookieHeader: string | undefined): RequestRoute {
  if (url.startsWith("/sync/")) {
    let name: string;
    try {
      name = decodeURIComponent(url.slice("/sync/".length).split("?")[0] ?? "");
    } catch {
      return { kind: "any" };
    }
    const ref = parseDocName(name);
    return ref ? { kind: "conference", conferenceId: ref.conferenceId } : { kind: "any" };
  }
  const admin = ADMIN_CONFERENCE.exec(url);
  if (admin) return { kind: "conference", conferenceId: admin[1]! };
  if (SESSION_SCOPED.test(url)) {
    const secret = parseCookies(cookieHeader).get(SESSION_COOKIE);
    if (secret) return { kind: "session", sessionSecret: secret };
  }
  return { kind: "any" };
}

/**
 * Where a refused request is sent again: its own path on this host. Routed requests' paths start
 * with /api/, /sync/ or /socket.io/; anything else ("//host" or "/\\host", which a browser would take
 * for another host, or bytes a header may not hold) is sent to "/".
 */
export function sameHostLocation(url: string): string {
  return /^\/(?![/\\])[\x21-\x7e]*$/.test(url) ? url : "/";
}

export interface RequestHead {
  url: string;
  cookie: string | undefined;
}

/** Past this the head is not ours to parse: the worker's HTTP server answers 431 itself. */
export const MAX_HEAD_BYTES = 16 * 1024;

/**
 * The request line and Cookie header of an HTTP/1.1 request head, once `data` holds the whole head
 * (`\r\n\r\n`); undefined while it does not. Anything unparseable is `{ url: "" }`: routed anywhere,
 * and the worker's HTTP parser gives the answer.
 */
export function parseRequestHead(data: Buffer): RequestHead | undefined {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = data.subarray(0, end).toString("latin1").split("\r\n");
  const url = /^[A-Z]+ (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? "")?.[1] ?? "";
  let cookie: string | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === "cookie") {
      // Several Cookie headers are joined as HTTP/2 does; node's parser joins them with "; " too.
      const value = line.slice(colon + 1).trim();
      cookie = cookie === undefined ? value : `${cookie}; ${value}`;
    }
  }
  return { url, cookie };
}
