import { type FormEvent, useState } from "react";
import { Button } from "../../components/Button";
import { ErrorSummary } from "../../components/ErrorSummary";
import { TextInput } from "../../components/TextInput";
import { ApiError, request } from "../../lib/api";
import { errorWords } from "../../lib/errors";
import { useTitle } from "../../lib/useTitle";

/**
 * The administrator token: checked against the server before it is kept, so a typo is caught
 * here and not on the first real action.
 */
export function AdminSignIn({
  reason,
  onSignedIn,
}: {
  reason: string | null;
  onSignedIn: (token: string) => void;
}) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(reason);
  const [busy, setBusy] = useState(false);
  useTitle("Sign in to administration", error !== null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError("Enter the administrator token");
      return;
    }
    setBusy(true);
    try {
      await request("GET", "/api/admin/conferences", { bearer: value });
      onSignedIn(value);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === "admin_token_required"
          ? "The administrator token is not right. Check it and enter it again"
          : err instanceof ApiError
            ? errorWords(err.code, err.message)
            : errorWords("network_error"),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="max-w-[640px]">
      {error ? <ErrorSummary errors={[{ fieldId: "admin-token", text: error }]} /> : null}
      <form onSubmit={submit} noValidate>
        <h1 className="mb-[30px] type-l">Sign in to administration</h1>
        <p className="mb-5 type-body">
          Administrators prepare conferences and send each person their own link. You need the administrator
          token for this Quorum.
        </p>
        <TextInput
          id="admin-token"
          label="Administrator token"
          hint="Whoever runs Quorum has it. It is kept in this browser tab only, until you close it or sign out."
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          width="30"
          value={token}
          onChange={setToken}
          error={error}
        />
        <Button type="submit" disabled={busy}>
          Continue
        </Button>
      </form>
    </div>
  );
}
