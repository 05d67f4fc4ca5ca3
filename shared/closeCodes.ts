/**
 * WebSocket close codes the server uses (4000-4999 is the application range). The stock y-websocket
 * provider treats 4400-4499 as permanent (it stops reconnecting) and every other code as transient,
 * so "reconnect and be checked again" codes live outside that range. Defined once here;
 * the client maps each to words a person understands (client/src/lib/closeCodes.ts). After a close
 * for a rights change the client throws its local document away and reconnects, so the server
 * decides afresh what this person may read and write.
 */
export const CLOSE = {
  /** No valid session cookie on the upgrade. */
  unauthorized: 4401,
  /** Signed in, but this document is not yours to open. */
  forbidden: 4403,
  /** The document name is not one the server knows. */
  unknownDocument: 4404,
  /** Your rights changed (muted, unmuted, excluded, re-admitted, chair handed over): reconnect. */
  rightsChanged: 4001,
  /** The chair removed you from the conference. */
  removed: 4410,
  /** The conference has ended. */
  conferenceEnded: 4411,
  /** Your link was revoked or your session ended. */
  sessionEnded: 4412,
  /** You sent something the server cannot accept (malformed, too large, missing dependencies). */
  protocolError: 4400,
  /** A frame larger than the server accepts. */
  tooLarge: 4413,
  /** The conference's document has reached its size limit (MAX_DOCUMENT_MB): the change was not kept. */
  documentFull: 4507,
  /** Too many messages too quickly. */
  rateLimited: 4429,
  /** The server is shutting down; reconnect shortly. */
  serverRestart: 4503,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** Codes after which reconnecting is pointless without a person acting (a new link, the chair). */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CLOSE.unauthorized,
  CLOSE.forbidden,
  CLOSE.removed,
  CLOSE.conferenceEnded,
  CLOSE.sessionEnded,
]);
