import { ConferenceKind, ConferenceStatus, Role } from "../../shared/domain";
import type {
  AttachmentRow,
  AuditRow,
  ConferenceRow,
  ContentRow,
  EventRow,
  InvitationRow,
  ParticipantRow,
  SessionRow,
  YjsUpdateRow,
} from "./store";

/**
 * Database rows (snake_case, as either driver returns them) to the store's row types. Both backends
 * share these mappers, so a value reads back the same whichever database holds it. Each getter
 * checks the type it expects: a schema or driver surprise (an int8 arriving as a string, say)
 * fails loudly here instead of leaking a wrong type into the domain.
 */
export type RawRow = Record<string, unknown>;

function unexpected(column: string, value: unknown): Error {
  return new Error(`storage: column ${column} holds an unexpected ${typeof value}`);
}

export function text(row: RawRow, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw unexpected(column, value);
  return value;
}

function textOrNull(row: RawRow, column: string): string | null {
  return row[column] === null ? null : text(row, column);
}

export function int(row: RawRow, column: string): number {
  const value = row[column];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw unexpected(column, value);
  return value;
}

export function intOrNull(row: RawRow, column: string): number | null {
  return row[column] === null ? null : int(row, column);
}

/** SQLite has no booleans (0/1 in an INTEGER column); Postgres returns real ones. */
function bool(row: RawRow, column: string): boolean {
  const value = row[column];
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw unexpected(column, value);
}

/** JSON is kept as TEXT on both backends; see migrations/001_schema.ts for why. */
function json(row: RawRow, column: string): unknown {
  return JSON.parse(text(row, column));
}

/** Both drivers return a Buffer; callers get a plain Uint8Array view of the same bytes. */
function bytes(row: RawRow, column: string): Uint8Array {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw unexpected(column, value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** `undefined` has no JSON form; it is stored as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function toConference(row: RawRow): ConferenceRow {
  return {
    id: text(row, "id"),
    kind: ConferenceKind.parse(row.kind),
    title: text(row, "title"),
    scheduledStart: text(row, "scheduled_start"),
    policyProfile: json(row, "policy_profile"),
    children: json(row, "children"),
    status: ConferenceStatus.parse(row.status),
    createdAt: int(row, "created_at"),
  };
}

export function toParticipant(row: RawRow): ParticipantRow {
  return {
    id: text(row, "id"),
    conferenceId: text(row, "conference_id"),
    role: Role.parse(row.role),
    name: text(row, "name"),
    agency: textOrNull(row, "agency"),
    directContact: bool(row, "direct_contact"),
    supports: textOrNull(row, "supports"),
    inRoomOnly: bool(row, "in_room_only"),
    createdAt: int(row, "created_at"),
  };
}

export function toInvitation(row: RawRow): InvitationRow {
  return {
    id: text(row, "id"),
    conferenceId: text(row, "conference_id"),
    participantId: text(row, "participant_id"),
    tokenHash: text(row, "token_hash"),
    issuedAt: int(row, "issued_at"),
    revokedAt: intOrNull(row, "revoked_at"),
    lastUsedAt: intOrNull(row, "last_used_at"),
    deviceHash: textOrNull(row, "device_hash"),
  };
}

export function toSession(row: RawRow): SessionRow {
  return {
    id: text(row, "id"),
    conferenceId: text(row, "conference_id"),
    participantId: text(row, "participant_id"),
    invitationId: text(row, "invitation_id"),
    secretHash: text(row, "secret_hash"),
    deviceHash: text(row, "device_hash"),
    createdAt: int(row, "created_at"),
    lastSeenAt: int(row, "last_seen_at"),
    endedAt: intOrNull(row, "ended_at"),
  };
}

export function toEvent(row: RawRow): EventRow {
  return {
    seq: int(row, "seq"),
    conferenceId: text(row, "conference_id"),
    actorId: textOrNull(row, "actor_id"),
    type: text(row, "type"),
    payload: json(row, "payload"),
    at: int(row, "at"),
  };
}

export function toContent(row: RawRow): ContentRow {
  return {
    id: text(row, "id"),
    conferenceId: text(row, "conference_id"),
    kind: text(row, "kind"),
    meta: json(row, "meta"),
    createdAt: int(row, "created_at"),
    changedAt: int(row, "changed_at"),
  };
}

export function toYjsUpdate(row: RawRow): YjsUpdateRow {
  return { id: int(row, "id"), docName: text(row, "doc_name"), update: bytes(row, "update") };
}

export function toAudit(row: RawRow): AuditRow {
  const outcome = text(row, "outcome");
  if (outcome !== "allowed" && outcome !== "refused") throw unexpected("outcome", outcome);
  return {
    id: int(row, "id"),
    conferenceId: textOrNull(row, "conference_id"),
    at: int(row, "at"),
    actor: textOrNull(row, "actor"),
    action: text(row, "action"),
    target: textOrNull(row, "target"),
    outcome,
    detail: json(row, "detail"),
  };
}

export function toAttachment(row: RawRow): AttachmentRow {
  return {
    contentId: text(row, "content_id"),
    conferenceId: text(row, "conference_id"),
    mime: text(row, "mime"),
    size: int(row, "size"),
    sha256: text(row, "sha256"),
    bytes: bytes(row, "bytes"),
    createdAt: int(row, "created_at"),
  };
}
