import { useCallback, useState } from "react";
import { DECISION_ERROR_CODES } from "../../../../shared/decision";
import type { Command, CommandAck, CommandError } from "../../../../shared/protocol";
import { errorWords } from "../../lib/errors";
import { useRoom } from "../RoomContext";

/**
 * Codes whose server message names the rule broken in words a chair or professional reads as it
 * stands ("This conference follows Haringey's procedures: choose exactly one category."): for these
 * the server's words are shown, so the refusal says which local procedures apply.
 */
const RULE_CODES = new Set<string>([
  ...DECISION_ERROR_CODES,
  "conflict",
  "scaling_closed",
  "views_not_open",
  "views_closed",
  "decision_recorded",
  "decision_not_recorded",
  "outcome_not_applicable",
  "not_present",
  "date_before_conference",
  "date_not_working_day",
  "core_group_date_too_late",
  "review_date_too_late",
]);

export interface Refusal {
  code: string;
  /** What to show the person. */
  text: string;
  /** The server's own message (to place the refusal beside the field it is about). */
  message: string;
  issues: { path: string; message: string }[];
}

export function refusalOf(error: CommandError): Refusal {
  const text =
    RULE_CODES.has(error.code) && error.message ? error.message : errorWords(error.code, error.message);
  return { code: error.code, text, message: error.message ?? "", issues: error.issues ?? [] };
}

/**
 * Send a per-child command from one form: busy while it is on its way, and the refusal (code and
 * words) kept so that the form can show it beside the field it is about.
 */
export function useChildCommand() {
  const { connection } = useRoom();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (command: Command): Promise<CommandAck> => {
      setBusy(true);
      setRefusal(null);
      const ack = await connection.command(command);
      setBusy(false);
      if (!ack.ok) setRefusal(refusalOf(ack.error));
      return ack;
    },
    [connection],
  );
  const clear = useCallback(() => setRefusal(null), []);
  return { run, refusal, busy, clear };
}
