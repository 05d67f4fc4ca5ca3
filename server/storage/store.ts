import type { ConferenceKind, ConferenceStatus, Role } from "../../shared/domain";

/**
 * The storage interface. The database is the source of truth: conferences, participants,
 * invitations, sessions (hashes only), every accepted command as an event, content metadata,
 * Yjs updates and the append-only audit log. Two real implementations stand behind it:
 * SQLite (better-sqlite3, the embedded default under DATA_DIR) and PostgreSQL (DATABASE_URL).
 * Both run the same contract suite (test/storage/contract.test.ts).
 *
 * Times are milliseconds since the epoch (numbers). JSON columns hold values the caller has
 * already validated; the store does not interpret them.
 */

export interface ConferenceRow {
  id: string;
  kind: ConferenceKind;
  title: string;
  scheduledStart: string;
  /** The whole policy profile, as JSON-serialisable data. */
  policyProfile: unknown;
  /** The children, as JSON-serialisable data (shared/domain.ts Child[]). */
  children: unknown;
  status: ConferenceStatus;
  createdAt: number;
}

export interface ParticipantRow {
  id: string;
  conferenceId: string;
  role: Role;
  name: string;
  agency: string | null;
  directContact: boolean;
  supports: string | null;
  inRoomOnly: boolean;
  createdAt: number;
}

export interface InvitationRow {
  id: string;
  conferenceId: string;
  participantId: string;
  /** SHA-256 of the join token, hex. The token itself is never stored. */
  tokenHash: string;
  issuedAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
  /** SHA-256 of the device cookie of the first device that used the link, hex. */
  deviceHash: string | null;
}

export interface SessionRow {
  id: string;
  conferenceId: string;
  participantId: string;
  invitationId: string;
  /** SHA-256 of the session cookie value, hex. */
  secretHash: string;
  deviceHash: string;
  createdAt: number;
  lastSeenAt: number;
  endedAt: number | null;
}

export interface EventRow {
  /** Assigned by the store, strictly increasing across the whole database. */
  seq: number;
  conferenceId: string;
  actorId: string | null;
  type: string;
  payload: unknown;
  at: number;
}

export interface ContentRow {
  id: string;
  conferenceId: string;
  /** mapping_item, danger_statement, safety_goal, family_contribution, childs_voice, minute_section... */
  kind: string;
  /** Everything else the visibility model keeps about the content (author, audience, withheld...). */
  meta: unknown;
  createdAt: number;
  changedAt: number;
}

export interface AuditRow {
  id: number;
  conferenceId: string | null;
  at: number;
  /** Participant id, "admin", "system", or null for an unauthenticated caller. */
  actor: string | null;
  action: string;
  target: string | null;
  outcome: "allowed" | "refused";
  detail: unknown;
}

export type NewAudit = Omit<AuditRow, "id">;

/** A file of one content item (a child's letter or picture). Written once; never changed. */
export interface AttachmentRow {
  contentId: string;
  conferenceId: string;
  mime: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  bytes: Uint8Array;
  createdAt: number;
}
export type NewEvent = Omit<EventRow, "seq">;

export interface YjsUpdateRow {
  id: number;
  docName: string;
  update: Uint8Array;
}

/** Operations available inside a transaction (and, one statement at a time, outside one). */
export interface StoreOps {
  insertConference(row: ConferenceRow): Promise<void>;
  getConference(id: string): Promise<ConferenceRow | undefined>;
  listConferences(): Promise<ConferenceRow[]>;
  setConferenceStatus(id: string, status: ConferenceStatus): Promise<void>;

  insertParticipant(row: ParticipantRow): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRow | undefined>;
  listParticipants(conferenceId: string): Promise<ParticipantRow[]>;

  insertInvitation(row: InvitationRow): Promise<void>;
  getInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | undefined>;
  /** The newest invitation of each participant of the conference. */
  listInvitations(conferenceId: string): Promise<InvitationRow[]>;
  /** Revoke every unrevoked invitation of the participant; returns how many were revoked. */
  revokeInvitations(participantId: string, at: number): Promise<number>;
  /** Bind the link to a device if none is bound yet (first device wins). */
  bindInvitationDevice(invitationId: string, deviceHash: string): Promise<void>;
  /** Unbind the participant's live link from its device (the chair admits a second device). */
  releaseInvitationDevice(participantId: string): Promise<number>;
  touchInvitation(invitationId: string, at: number): Promise<void>;

  insertSession(row: SessionRow): Promise<void>;
  getSessionBySecretHash(secretHash: string): Promise<SessionRow | undefined>;
  /** End every open session of the participant; returns the ids ended. */
  endSessions(participantId: string, at: number): Promise<string[]>;
  endSession(sessionId: string, at: number): Promise<void>;
  touchSession(sessionId: string, at: number): Promise<void>;

  appendEvent(event: NewEvent): Promise<number>;
  listEvents(conferenceId: string, afterSeq?: number): Promise<EventRow[]>;

  upsertContent(row: ContentRow): Promise<void>;
  listContent(conferenceId: string): Promise<ContentRow[]>;

  /** Append Yjs updates (any documents) in order. Called once per event-loop tick (group commit). */
  appendYjsUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void>;
  loadYjsUpdates(docName: string): Promise<YjsUpdateRow[]>;
  /** Replace updates with id <= upToId of one document by a single merged update (compaction). */
  compactYjsUpdates(docName: string, upToId: number, merged: Uint8Array): Promise<void>;

  /** Store a content item's file; the content row must exist in the same conference. */
  insertAttachment(row: AttachmentRow): Promise<void>;
  /** A content item's file, only when it belongs to this conference. */
  getAttachment(conferenceId: string, contentId: string): Promise<AttachmentRow | undefined>;

  appendAudit(entry: NewAudit): Promise<void>;
  listAudit(conferenceId: string, opts?: { afterId?: number; limit?: number }): Promise<AuditRow[]>;
}

export interface Store extends StoreOps {
  readonly kind: "sqlite" | "postgres";
  /** Create or upgrade the schema. Idempotent. */
  migrate(): Promise<void>;
  /**
   * Run `fn` in one transaction: every write in it lands, or none does. Transactions are
   * serialised per store, so callers never see each other's half-done work.
   */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /** Run raw SQL (migrations and the contract suite's tamper checks only). */
  execRaw(sql: string): Promise<void>;
  close(): Promise<void>;
}
