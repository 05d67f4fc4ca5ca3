import { useState } from "react";
import { Button } from "../components/Button";
import { ApiError, api } from "../lib/api";
import { errorWords } from "../lib/errors";

const NOT_SIGNED_IN = new Set(["unauthenticated", "session_expired", "token_revoked"]);

/** Sign out on this device: nobody can take part as you here until your link is opened again. */
export function SignOut({ onSignedOut }: { onSignedOut: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.delete("/api/session");
      onSignedOut();
    } catch (err) {
      if (err instanceof ApiError && NOT_SIGNED_IN.has(err.code)) onSignedOut();
      else
        setError(err instanceof ApiError ? errorWords(err.code, err.message) : errorWords("network_error"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error ? (
        <p role="alert" className="mb-5 type-body font-bold text-error">
          {error}
        </p>
      ) : null}
      <Button variant="secondary" onClick={() => void signOut()} disabled={busy}>
        Sign out
      </Button>
    </>
  );
}
