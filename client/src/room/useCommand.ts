import { useCallback, useState } from "react";
import type { Command, CommandAck } from "../../../shared/protocol";
import { errorWords } from "../lib/errors";
import { useRoom } from "./RoomContext";

/** Codes whose server message already names the exact rule in plain words. */
const SERVER_WORDS = new Set(["conflict", "validation_failed"]);

/**
 * Send a command from one control: busy while it is on its way, and the refusal in plain words
 * to show beside that control (GOV.UK error message).
 */
export function useCommand() {
  const { connection } = useRoom();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (command: Command): Promise<CommandAck> => {
      setBusy(true);
      setError(null);
      const ack = await connection.command(command);
      setBusy(false);
      if (!ack.ok) {
        const { code, message } = ack.error;
        setError(SERVER_WORDS.has(code) && message ? message : errorWords(code, message));
      }
      return ack;
    },
    [connection],
  );
  const clear = useCallback(() => setError(null), []);
  return { run, error, busy, clear };
}
