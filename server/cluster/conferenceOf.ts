import { hashSecret, SECRET_PATTERN } from "../auth/secrets";
import type { Store } from "../storage/store";
import type { RequestRoute } from "./routing";

/** Sessions remembered: a session's conference never changes, so an entry never goes stale. */
const MAX_REMEMBERED = 50_000;

/**
 * The conference a request acts on, from its route: the URL's own, or the session cookie's (looked
 * up in the database, remembered). Undefined when it acts on none, or the cookie is no session.
 */
export function conferenceLookup(store: Store): (route: RequestRoute) => Promise<string | undefined> {
  const bySecretHash = new Map<string, string>();
  return async (route) => {
    if (route.kind === "conference") return route.conferenceId;
    if (route.kind !== "session" || !SECRET_PATTERN.test(route.sessionSecret)) return undefined;
    const hash = hashSecret(route.sessionSecret);
    const known = bySecretHash.get(hash);
    if (known !== undefined) return known;
    const session = await store.getSessionBySecretHash(hash);
    if (!session) return undefined;
    if (bySecretHash.size >= MAX_REMEMBERED) bySecretHash.clear();
    bySecretHash.set(hash, session.conferenceId);
    return session.conferenceId;
  };
}
