import { api } from "./api";
import type { SessionView } from "./types";

/**
 * The join token arrives in the fragment (`/join#<token>`), which browsers never send to a
 * server. We read it once, take it out of the address bar at once (so it is not left in history,
 * a bookmark or a shared screen), and keep it in memory only until it has been exchanged.
 */
let captured: string | undefined | null = null;

export function takeJoinToken(): string | undefined {
  if (captured === null) {
    const raw = window.location.hash.slice(1).trim();
    captured = raw === "" ? undefined : raw;
    if (window.location.hash !== "" || window.location.href.endsWith("#")) {
      window.history.replaceState(
        window.history.state,
        "",
        window.location.pathname + window.location.search,
      );
    }
  }
  return captured;
}

let pending: { token: string; promise: Promise<SessionView> } | undefined;

/**
 * Exchange the token for a session. One request per token even if a screen asks twice (React's
 * development mode runs effects twice; two racing first uses would look like two devices).
 */
export function exchangeJoinToken(token: string, opts: { retry?: boolean } = {}): Promise<SessionView> {
  if (!pending || pending.token !== token || opts.retry) {
    const promise = api.post<SessionView>("/api/session", { token });
    pending = { token, promise };
    promise.then(
      () => {
        captured = undefined;
      },
      () => {},
    );
  }
  return pending.promise;
}
