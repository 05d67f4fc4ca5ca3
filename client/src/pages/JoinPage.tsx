import { useEffect, useRef, useState } from "react";
import { Button } from "../components/Button";
import { ApiError } from "../lib/api";
import { errorWords } from "../lib/errors";
import { exchangeJoinToken, takeJoinToken } from "../lib/joinToken";
import { navigate } from "../lib/router";
import { useTitle } from "../lib/useTitle";

type State = { kind: "working" } | { kind: "no_token" } | { kind: "failed"; code: string; message: string };

/** Extra help after the plain-words error, for the refusals people meet most. */
const NEXT_STEP: Record<string, string> = {
  device_mismatch:
    "Each personal link works on one device only, so that nobody else can use it. The chair can let you in from this device, or the conference team can send you a new link.",
  token_revoked:
    "A new link replaces the old one. If you have been sent a newer link, open that one instead.",
  token_invalid:
    "Links are long. If you copied yours, make sure you copied all of it, including the part after #.",
};

/** Errors worth trying again from this page (the token is still in memory). */
const RETRYABLE = new Set(["rate_limited", "network_error", "internal", "bad_response"]);

export function JoinPage() {
  const [token] = useState(takeJoinToken);
  const [state, setState] = useState<State>(token ? { kind: "working" } : { kind: "no_token" });
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useTitle(
    state.kind === "failed" ? "Your link did not work" : "Joining your conference",
    state.kind === "failed",
  );

  useEffect(() => {
    if (!token) return;
    let live = true;
    exchangeJoinToken(token, { retry: attempt > 0 }).then(
      () => {
        if (live) navigate("/conference", { replace: true });
      },
      (err: unknown) => {
        if (!live) return;
        const e = err instanceof ApiError ? err : new ApiError("network_error", String(err), 0);
        setState({ kind: "failed", code: e.code, message: e.message });
      },
    );
    return () => {
      live = false;
    };
  }, [token, attempt]);

  useEffect(() => {
    if (state.kind === "failed") heading.current?.focus();
  }, [state.kind]);

  if (state.kind === "working") {
    return (
      <div className="max-w-[640px]">
        <h1 className="mb-[30px] type-l">Joining your conference</h1>
        <p role="status" className="type-body">
          Checking your link…
        </p>
      </div>
    );
  }

  if (state.kind === "no_token") {
    return (
      <div className="max-w-[640px]">
        <h1 className="mb-[30px] type-l">Open your personal link</h1>
        <p className="mb-5 type-body">
          This page needs the personal link you were sent. Open it from your invitation: it ends with a # and
          a long code.
        </p>
        <p className="type-body">
          If you cannot find your link, ask the person who invited you for a new one.
        </p>
      </div>
    );
  }

  return (
    <div className="max-w-[640px]">
      <h1 ref={heading} tabIndex={-1} className="mb-[30px] type-l">
        Your link did not work
      </h1>
      <div role="alert" className="mb-[30px] border-l-[5px] border-error pl-[15px]">
        <p className="type-body font-bold text-error">{errorWords(state.code, state.message)}</p>
      </div>
      {NEXT_STEP[state.code] ? <p className="mb-[30px] type-body">{NEXT_STEP[state.code]}</p> : null}
      {RETRYABLE.has(state.code) ? (
        <Button
          onClick={() => {
            setState({ kind: "working" });
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </Button>
      ) : null}
    </div>
  );
}
