import type { ConferenceStatus } from "../../shared/domain";
import type {
  AttachmentRow,
  AuditRow,
  ConferenceRow,
  ContentRow,
  EventRow,
  InvitationRow,
  NewAudit,
  NewEvent,
  ParticipantRow,
  SessionRow,
  Store,
  StoreOps,
  YjsUpdateRow,
} from "./store";

/**
 * The store's own methods (outside a transaction), routed to the backend. Single statements go
 * through `single`; operations of several statements go through `atomic`, which runs them in one
 * transaction so they land together or not at all.
 */
export abstract class SqlStore implements Store {
  abstract readonly kind: "sqlite" | "postgres";
  abstract migrate(): Promise<void>;
  abstract transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  abstract execRaw(sql: string): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract single<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T>;
  protected abstract atomic<T>(fn: (ops: StoreOps) => Promise<T>): Promise<T>;

  insertConference(row: ConferenceRow): Promise<void> {
    return this.single((o) => o.insertConference(row));
  }
  getConference(id: string): Promise<ConferenceRow | undefined> {
    return this.single((o) => o.getConference(id));
  }
  listConferences(): Promise<ConferenceRow[]> {
    return this.single((o) => o.listConferences());
  }
  setConferenceStatus(id: string, status: ConferenceStatus): Promise<void> {
    return this.single((o) => o.setConferenceStatus(id, status));
  }

  insertParticipant(row: ParticipantRow): Promise<void> {
    return this.single((o) => o.insertParticipant(row));
  }
  getParticipant(id: string): Promise<ParticipantRow | undefined> {
    return this.single((o) => o.getParticipant(id));
  }
  listParticipants(conferenceId: string): Promise<ParticipantRow[]> {
    return this.single((o) => o.listParticipants(conferenceId));
  }

  insertInvitation(row: InvitationRow): Promise<void> {
    return this.single((o) => o.insertInvitation(row));
  }
  getInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    return this.single((o) => o.getInvitationByTokenHash(tokenHash));
  }
  listInvitations(conferenceId: string): Promise<InvitationRow[]> {
    return this.single((o) => o.listInvitations(conferenceId));
  }
  revokeInvitations(participantId: string, at: number): Promise<number> {
    return this.single((o) => o.revokeInvitations(participantId, at));
  }
  bindInvitationDevice(invitationId: string, deviceHash: string): Promise<void> {
    return this.single((o) => o.bindInvitationDevice(invitationId, deviceHash));
  }
  releaseInvitationDevice(participantId: string): Promise<number> {
    return this.single((o) => o.releaseInvitationDevice(participantId));
  }
  touchInvitation(invitationId: string, at: number): Promise<void> {
    return this.single((o) => o.touchInvitation(invitationId, at));
  }

  insertSession(row: SessionRow): Promise<void> {
    return this.single((o) => o.insertSession(row));
  }
  getSessionBySecretHash(secretHash: string): Promise<SessionRow | undefined> {
    return this.single((o) => o.getSessionBySecretHash(secretHash));
  }
  endSessions(participantId: string, at: number): Promise<string[]> {
    return this.single((o) => o.endSessions(participantId, at));
  }
  endSession(sessionId: string, at: number): Promise<void> {
    return this.single((o) => o.endSession(sessionId, at));
  }
  touchSession(sessionId: string, at: number): Promise<void> {
    return this.single((o) => o.touchSession(sessionId, at));
  }

  appendEvent(event: NewEvent): Promise<number> {
    return this.atomic((o) => o.appendEvent(event));
  }
  listEvents(conferenceId: string, afterSeq?: number): Promise<EventRow[]> {
    return this.single((o) => o.listEvents(conferenceId, afterSeq));
  }

  upsertContent(row: ContentRow): Promise<void> {
    return this.single((o) => o.upsertContent(row));
  }
  listContent(conferenceId: string): Promise<ContentRow[]> {
    return this.single((o) => o.listContent(conferenceId));
  }

  appendYjsUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
    return this.atomic((o) => o.appendYjsUpdates(rows));
  }
  loadYjsUpdates(docName: string): Promise<YjsUpdateRow[]> {
    return this.single((o) => o.loadYjsUpdates(docName));
  }
  compactYjsUpdates(docName: string, upToId: number, merged: Uint8Array): Promise<void> {
    return this.atomic((o) => o.compactYjsUpdates(docName, upToId, merged));
  }

  insertAttachment(row: AttachmentRow): Promise<void> {
    return this.single((o) => o.insertAttachment(row));
  }
  getAttachment(conferenceId: string, contentId: string): Promise<AttachmentRow | undefined> {
    return this.single((o) => o.getAttachment(conferenceId, contentId));
  }

  appendAudit(entry: NewAudit): Promise<void> {
    return this.atomic((o) => o.appendAudit(entry));
  }
  listAudit(conferenceId: string, opts?: { afterId?: number; limit?: number }): Promise<AuditRow[]> {
    return this.single((o) => o.listAudit(conferenceId, opts));
  }
}
