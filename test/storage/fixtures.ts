import type {
  ConferenceRow,
  ContentRow,
  InvitationRow,
  NewAudit,
  ParticipantRow,
  SessionRow,
} from "../../server/storage/store";
import { newId } from "../../shared/ids";

/** The latest time a JS Date can hold; far beyond 2^31 and 2^32, still an exact double. */
export const FAR_FUTURE_MS = 8_640_000_000_000_000;

export function conference(overrides: Partial<ConferenceRow> = {}): ConferenceRow {
  return {
    id: newId(),
    kind: "icpc",
    title: "Conference for the Example family",
    scheduledStart: "2026-12-01T10:00:00+00:00",
    policyProfile: {
      preset: "haringey",
      quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
      nothing: null,
      list: [1, 2.5, -3, "four", false, { five: [] }],
      // JSONB could not store this string; the store keeps JSON as text, so it must round-trip.
      tricky: 'quotes " back\\slash \u0000 nul, émoji 👶, <b>',
    },
    children: [{ id: newId(), name: "Amy", dateOfBirth: "2019-04-02", subject: true }],
    status: "scheduled",
    createdAt: 1_764_000_000_000,
    ...overrides,
  };
}

export function participant(conferenceId: string, overrides: Partial<ParticipantRow> = {}): ParticipantRow {
  return {
    id: newId(),
    conferenceId,
    role: "professional",
    name: "PC Lee",
    agency: "Police",
    directContact: true,
    supports: null,
    inRoomOnly: false,
    createdAt: 1_764_000_000_001,
    ...overrides,
  };
}

export function invitation(p: ParticipantRow, overrides: Partial<InvitationRow> = {}): InvitationRow {
  return {
    id: newId(),
    conferenceId: p.conferenceId,
    participantId: p.id,
    tokenHash: newId(),
    issuedAt: 1_764_000_000_100,
    revokedAt: null,
    lastUsedAt: null,
    deviceHash: null,
    ...overrides,
  };
}

export function session(i: InvitationRow, overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id: newId(),
    conferenceId: i.conferenceId,
    participantId: i.participantId,
    invitationId: i.id,
    secretHash: newId(),
    deviceHash: "device-a",
    createdAt: 1_764_000_000_200,
    lastSeenAt: 1_764_000_000_200,
    endedAt: null,
    ...overrides,
  };
}

export function content(conferenceId: string, overrides: Partial<ContentRow> = {}): ContentRow {
  return {
    id: newId(),
    conferenceId,
    kind: "mapping_item",
    meta: { author: "p1", audience: "everyone", withheld: false },
    createdAt: 1_764_000_000_300,
    changedAt: 1_764_000_000_300,
    ...overrides,
  };
}

export function audit(conferenceId: string | null, overrides: Partial<NewAudit> = {}): NewAudit {
  return {
    conferenceId,
    at: 1_764_000_000_400,
    actor: "admin",
    action: "conference.create",
    target: conferenceId,
    outcome: "allowed",
    detail: { ip: "127.0.0.1", fields: ["title"] },
    ...overrides,
  };
}

export function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}
