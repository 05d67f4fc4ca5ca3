import type { ConferenceStatus } from "../../shared/domain";
import {
  int,
  intOrNull,
  type RawRow,
  text,
  toAttachment,
  toAudit,
  toConference,
  toContent,
  toEvent,
  toInvitation,
  toJson,
  toParticipant,
  toSession,
  toYjsUpdate,
} from "./rows";
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
  StoreOps,
  YjsUpdateRow,
} from "./store";

export type SqlParam = string | number | boolean | null | Uint8Array;

/**
 * What a backend provides to run the shared queries below. SQL is written once with `?`
 * placeholders in the dialect both SQLite and Postgres understand; each runner binds values its
 * own way (SQLite has no booleans, Postgres numbers its placeholders).
 */
export interface SqlRunner {
  all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params: readonly SqlParam[]): Promise<number>;
  /** The group-commit path; each backend has its fastest form. */
  insertYjsUpdates(rows: readonly { docName: string; update: Uint8Array }[]): Promise<void>;
  /**
   * Called before inserting into a table whose ids readers page through (events, yjs_updates,
   * audit_log), inside the transaction that inserts. See PostgresStore for why it exists.
   */
  lockAppends(): Promise<void>;
}

export const AUDIT_DEFAULT_LIMIT = 1000;
export const AUDIT_MAX_LIMIT = 10_000;

/**
 * The store's operations as SQL, shared by both backends. Multi-statement operations
 * (appendEvent, appendYjsUpdates, compactYjsUpdates, appendAudit) assume the caller runs them
 * inside a transaction; the stores route them so.
 */
export class SqlOps implements StoreOps {
  constructor(
    private readonly runner: SqlRunner,
    /** False once the transaction these ops belong to has ended. */
    private readonly isOpen: () => boolean = () => true,
  ) {}

  private check(): void {
    if (!this.isOpen())
      throw new Error("storage: this transaction has already ended; `tx` cannot be used after it");
  }

  private async all(sql: string, params: readonly SqlParam[]): Promise<RawRow[]> {
    this.check();
    return this.runner.all(sql, params);
  }

  private async first(sql: string, params: readonly SqlParam[]): Promise<RawRow | undefined> {
    return (await this.all(sql, params))[0];
  }

  private async run(sql: string, params: readonly SqlParam[]): Promise<number> {
    this.check();
    return this.runner.run(sql, params);
  }

  async insertConference(c: ConferenceRow): Promise<void> {
    await this.run(
      `INSERT INTO conferences (id, kind, title, scheduled_start, policy_profile, children, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        c.id,
        c.kind,
        c.title,
        c.scheduledStart,
        toJson(c.policyProfile),
        toJson(c.children),
        c.status,
        c.createdAt,
      ],
    );
  }

  async getConference(id: string): Promise<ConferenceRow | undefined> {
    const row = await this.first("SELECT * FROM conferences WHERE id = ?", [id]);
    return row && toConference(row);
  }

  async listConferences(): Promise<ConferenceRow[]> {
    return (await this.all("SELECT * FROM conferences ORDER BY created_at, id", [])).map(toConference);
  }

  async setConferenceStatus(id: string, status: ConferenceStatus): Promise<void> {
    await this.run("UPDATE conferences SET status = ? WHERE id = ?", [status, id]);
  }

  async insertParticipant(p: ParticipantRow): Promise<void> {
    await this.run(
      `INSERT INTO participants (id, conference_id, role, name, agency, direct_contact, supports, in_room_only, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        p.id,
        p.conferenceId,
        p.role,
        p.name,
        p.agency,
        p.directContact,
        p.supports,
        p.inRoomOnly,
        p.createdAt,
      ],
    );
  }

  async getParticipant(id: string): Promise<ParticipantRow | undefined> {
    const row = await this.first("SELECT * FROM participants WHERE id = ?", [id]);
    return row && toParticipant(row);
  }

  async listParticipants(conferenceId: string): Promise<ParticipantRow[]> {
    const rows = await this.all(
      "SELECT * FROM participants WHERE conference_id = ? ORDER BY created_at, id",
      [conferenceId],
    );
    return rows.map(toParticipant);
  }

  async insertInvitation(i: InvitationRow): Promise<void> {
    await this.run(
      `INSERT INTO invitations (id, conference_id, participant_id, token_hash, issued_at, revoked_at, last_used_at, device_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        i.id,
        i.conferenceId,
        i.participantId,
        i.tokenHash,
        i.issuedAt,
        i.revokedAt,
        i.lastUsedAt,
        i.deviceHash,
      ],
    );
  }

  async getInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    const row = await this.first("SELECT * FROM invitations WHERE token_hash = ?", [tokenHash]);
    return row && toInvitation(row);
  }

  async listInvitations(conferenceId: string): Promise<InvitationRow[]> {
    // Newest = latest issued; a re-issue in the same millisecond as the revoked link it replaces
    // is told apart by preferring the unrevoked one.
    const rows = await this.all(
      `SELECT i.* FROM invitations i
       WHERE i.conference_id = ? AND i.id = (
         SELECT n.id FROM invitations n WHERE n.participant_id = i.participant_id
         ORDER BY n.issued_at DESC, (n.revoked_at IS NULL) DESC, n.id DESC LIMIT 1)
       ORDER BY i.issued_at, i.participant_id`,
      [conferenceId],
    );
    return rows.map(toInvitation);
  }

  async revokeInvitations(participantId: string, at: number): Promise<number> {
    return this.run("UPDATE invitations SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL", [
      at,
      participantId,
    ]);
  }

  async bindInvitationDevice(invitationId: string, deviceHash: string): Promise<void> {
    // First device wins, decided by the database: two devices racing on one link cannot both bind.
    await this.run("UPDATE invitations SET device_hash = ? WHERE id = ? AND device_hash IS NULL", [
      deviceHash,
      invitationId,
    ]);
  }

  async releaseInvitationDevice(participantId: string): Promise<number> {
    return this.run(
      "UPDATE invitations SET device_hash = NULL WHERE participant_id = ? AND revoked_at IS NULL",
      [participantId],
    );
  }

  async touchInvitation(invitationId: string, at: number): Promise<void> {
    await this.run("UPDATE invitations SET last_used_at = ? WHERE id = ?", [at, invitationId]);
  }

  async insertSession(s: SessionRow): Promise<void> {
    await this.run(
      `INSERT INTO sessions (id, conference_id, participant_id, invitation_id, secret_hash, device_hash, created_at, last_seen_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        s.id,
        s.conferenceId,
        s.participantId,
        s.invitationId,
        s.secretHash,
        s.deviceHash,
        s.createdAt,
        s.lastSeenAt,
        s.endedAt,
      ],
    );
  }

  async getSessionBySecretHash(secretHash: string): Promise<SessionRow | undefined> {
    const row = await this.first("SELECT * FROM sessions WHERE secret_hash = ?", [secretHash]);
    return row && toSession(row);
  }

  async endSessions(participantId: string, at: number): Promise<string[]> {
    const rows = await this.all(
      "UPDATE sessions SET ended_at = ? WHERE participant_id = ? AND ended_at IS NULL RETURNING id",
      [at, participantId],
    );
    return rows.map((r) => text(r, "id"));
  }

  async endSession(sessionId: string, at: number): Promise<void> {
    // An ended session keeps the time it first ended.
    await this.run("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", [at, sessionId]);
  }

  async touchSession(sessionId: string, at: number): Promise<void> {
    await this.run("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL", [at, sessionId]);
  }

  async appendEvent(e: NewEvent): Promise<number> {
    this.check();
    await this.runner.lockAppends();
    const row = await this.first(
      "INSERT INTO events (conference_id, actor_id, type, payload, at) VALUES (?, ?, ?, ?, ?) RETURNING seq",
      [e.conferenceId, e.actorId, e.type, toJson(e.payload), e.at],
    );
    if (!row) throw new Error("storage: INSERT ... RETURNING seq returned no row");
    return int(row, "seq");
  }

  async listEvents(conferenceId: string, afterSeq = 0): Promise<EventRow[]> {
    const rows = await this.all("SELECT * FROM events WHERE conference_id = ? AND seq > ? ORDER BY seq", [
      conferenceId,
      afterSeq,
    ]);
    return rows.map(toEvent);
  }

  async upsertContent(c: ContentRow): Promise<void> {
    // The WHERE keeps an id from moving content into another conference: such an upsert changes
    // nothing and is refused below.
    const changed = await this.run(
      `INSERT INTO content (id, conference_id, kind, meta, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, meta = excluded.meta, changed_at = excluded.changed_at
       WHERE content.conference_id = excluded.conference_id`,
      [c.id, c.conferenceId, c.kind, toJson(c.meta), c.createdAt, c.changedAt],
    );
    if (changed === 0) throw new Error(`storage: content ${c.id} belongs to another conference`);
  }

  async listContent(conferenceId: string): Promise<ContentRow[]> {
    const rows = await this.all("SELECT * FROM content WHERE conference_id = ? ORDER BY created_at, id", [
      conferenceId,
    ]);
    return rows.map(toContent);
  }

  async appendYjsUpdates(rows: { docName: string; update: Uint8Array }[]): Promise<void> {
    this.check();
    if (rows.length === 0) return;
    await this.runner.lockAppends();
    await this.runner.insertYjsUpdates(rows);
  }

  async loadYjsUpdates(docName: string): Promise<YjsUpdateRow[]> {
    const rows = await this.all(
      'SELECT id, doc_name, "update" FROM yjs_updates WHERE doc_name = ? ORDER BY id',
      [docName],
    );
    return rows.map(toYjsUpdate);
  }

  async compactYjsUpdates(docName: string, upToId: number, merged: Uint8Array): Promise<void> {
    // The merged row takes the id of the last row it replaces: that id came from the sequence, so
    // it can never collide with a later append, and the merged row sorts before every later one.
    const last = await this.first("SELECT MAX(id) AS id FROM yjs_updates WHERE doc_name = ? AND id <= ?", [
      docName,
      upToId,
    ]);
    const keepId = last ? intOrNull(last, "id") : null;
    if (keepId === null) {
      throw new Error(`storage: no updates of document ${docName} with id <= ${upToId} to compact`);
    }
    await this.run("DELETE FROM yjs_updates WHERE doc_name = ? AND id <= ?", [docName, upToId]);
    await this.run('INSERT INTO yjs_updates (id, doc_name, "update") VALUES (?, ?, ?)', [
      keepId,
      docName,
      merged,
    ]);
  }

  async insertAttachment(a: AttachmentRow): Promise<void> {
    // The SELECT ties the file to a content item of the same conference: anything else inserts
    // nothing and is refused below (the foreign keys alone would allow another conference's item).
    const inserted = await this.run(
      `INSERT INTO attachments (content_id, conference_id, mime, size, sha256, bytes, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM content WHERE id = ? AND conference_id = ?)`,
      [
        a.contentId,
        a.conferenceId,
        a.mime,
        a.size,
        a.sha256,
        a.bytes,
        a.createdAt,
        a.contentId,
        a.conferenceId,
      ],
    );
    if (inserted === 0) throw new Error(`storage: no content ${a.contentId} in conference ${a.conferenceId}`);
  }

  async getAttachment(conferenceId: string, contentId: string): Promise<AttachmentRow | undefined> {
    const row = await this.first("SELECT * FROM attachments WHERE content_id = ? AND conference_id = ?", [
      contentId,
      conferenceId,
    ]);
    return row && toAttachment(row);
  }

  async appendAudit(a: NewAudit): Promise<void> {
    this.check();
    await this.runner.lockAppends();
    await this.run(
      `INSERT INTO audit_log (conference_id, at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [a.conferenceId, a.at, a.actor, a.action, a.target, a.outcome, toJson(a.detail)],
    );
  }

  async listAudit(
    conferenceId: string,
    opts: { afterId?: number; limit?: number } = {},
  ): Promise<AuditRow[]> {
    const limit = opts.limit ?? AUDIT_DEFAULT_LIMIT;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError("listAudit: limit must be a positive integer");
    const rows = await this.all(
      "SELECT * FROM audit_log WHERE conference_id = ? AND id > ? ORDER BY id LIMIT ?",
      [conferenceId, opts.afterId ?? 0, Math.min(limit, AUDIT_MAX_LIMIT)],
    );
    return rows.map(toAudit);
  }
}
