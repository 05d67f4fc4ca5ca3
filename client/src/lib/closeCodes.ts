import { CLOSE, TERMINAL_CLOSE_CODES } from "../../../shared/closeCodes";

type CloseName = keyof typeof CLOSE;

/**
 * Words for every WebSocket close code the server uses (shared/closeCodes.ts), keyed by the code's
 * name so a new code in shared/ without words here fails the typecheck.
 */
const CLOSE_WORDS: Record<CloseName, string> = {
  unauthorized: "You are not signed in. Open your personal link again to come back.",
  forbidden: "You cannot open this part of the conference.",
  unknownDocument: "This part of the conference could not be found. Reload the page.",
  rightsChanged: "What you can see or do has changed. Reconnecting…",
  removed: "The chair has removed you from the conference.",
  conferenceEnded: "The conference has ended.",
  sessionEnded: "You have been signed out because your link was withdrawn or replaced.",
  protocolError: "Something went wrong with the connection. Reconnecting…",
  tooLarge: "That was too large to send. Try a shorter piece of text.",
  documentFull:
    "This conference's shared notes are full, so your last change was not saved. Tell the chair: the administrator can raise the limit.",
  rateLimited: "Too much was sent too quickly. Wait a moment; reconnecting…",
  serverRestart: "Quorum is restarting. Reconnecting in a moment…",
};

const NAME_BY_CODE = new Map<number, CloseName>(
  (Object.entries(CLOSE) as [CloseName, number][]).map(([name, code]) => [code, name]),
);

/** Words for a close code; a code we do not know reads as a dropped connection. */
export function closeWords(code: number): string {
  const name = NAME_BY_CODE.get(code);
  return name ? CLOSE_WORDS[name] : "The connection was lost. Reconnecting…";
}

/** After these, reconnecting achieves nothing until a person acts (a new link, the chair). */
export function isTerminalClose(code: number): boolean {
  return TERMINAL_CLOSE_CODES.has(code);
}
