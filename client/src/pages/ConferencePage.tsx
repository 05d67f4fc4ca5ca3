import { useCallback, useEffect, useState } from "react";
import { Button } from "../components/Button";
import { ApiError, api } from "../lib/api";
import { errorWords } from "../lib/errors";
import type { SessionView } from "../lib/types";
import { useTitle } from "../lib/useTitle";
import { Room } from "../room/Room";

type State =
  | { kind: "loading" }
  | { kind: "signed_in"; session: SessionView }
  | { kind: "signed_out"; justNow: boolean }
  | { kind: "failed"; words: string };

/** Refusals that simply mean "not signed in here": the way back is the personal link. */
const NOT_SIGNED_IN = new Set(["unauthenticated", "session_expired", "token_revoked"]);

/**
 * The conference for the signed-in person: checks who they are, then opens the room (the
 * confidentiality statement, the lobby, and their screen in the meeting).
 */
export function ConferencePage() {
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback((signal?: AbortSignal) => {
    setState({ kind: "loading" });
    api.get<SessionView>("/api/session", signal ? { signal } : {}).then(
      (session) => setState({ kind: "signed_in", session }),
      (err: unknown) => {
        if (signal?.aborted) return;
        if (err instanceof ApiError && NOT_SIGNED_IN.has(err.code))
          setState({ kind: "signed_out", justNow: false });
        else setState({ kind: "failed", words: describe(err) });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const title =
    state.kind === "signed_in"
      ? state.session.conference.title
      : state.kind === "signed_out"
        ? state.justNow
          ? "You have signed out"
          : "You are not signed in"
        : "Your conference";
  useTitle(title);

  if (state.kind === "loading") {
    return (
      <p role="status" className="type-body">
        Checking who you are…
      </p>
    );
  }

  if (state.kind === "failed") {
    return (
      <div className="max-w-[640px]">
        <h1 className="mb-[30px] type-l">Sorry, there is a problem</h1>
        <p role="alert" className="mb-[30px] type-body">
          {state.words}
        </p>
        <Button onClick={() => load()}>Try again</Button>
      </div>
    );
  }

  if (state.kind === "signed_out") {
    return (
      <div className="max-w-[640px]">
        <h1 className="mb-[30px] type-l">{title}</h1>
        {state.justNow ? (
          <p role="status" className="mb-5 type-body">
            Nobody can use this device to take part as you until you open your link again.
          </p>
        ) : null}
        <p className="mb-5 type-body font-bold">
          Open the personal link you were sent to join your conference.
        </p>
        <p className="type-body">
          Your link works on the device where you first opened it. If you cannot find it, ask the person who
          invited you for a new one.
        </p>
      </div>
    );
  }

  return <Room session={state.session} onSignedOut={() => setState({ kind: "signed_out", justNow: true })} />;
}

function describe(err: unknown): string {
  return err instanceof ApiError ? errorWords(err.code, err.message) : errorWords("network_error");
}
