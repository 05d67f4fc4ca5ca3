import * as Y from "yjs";
import { CLOSE } from "../../shared/closeCodes";
import { newId } from "../../shared/ids";
import { type Access, accessibleDocs, can, docAccess, isActiveChair } from "../../shared/permissions";
import { Command, type CommandAck, type DocRef, docName, type PersonalStatus } from "../../shared/protocol";
import { MINUTES_MAP, PLAN_MAP } from "../../shared/record";
import type { RecordTexts } from "../../shared/recordCopy";
import { hasRecordRole } from "../../shared/recordPermissions";
import { blocksToPlainText } from "../../shared/richText";
import {
  activeExclusion,
  applyEvent,
  awayNow,
  excludedNow,
  foldEvents,
  type RoomEvent,
  type RoomState,
} from "../../shared/room";
import { hasFullView, principalOf } from "../../shared/visibility";
import { mayOpenVoiceFile } from "../../shared/voiceAccess";
import { toParticipantRow } from "../conferences";
import { tooLongWords, zodIssues } from "../http/validate";
import type { Logger } from "../log";
import { fragmentBlocks, readRecordTexts } from "../record/texts";
import type { NewAudit, Store, StoreOps } from "../storage/store";
import type { GroupCommitter } from "../sync/groupCommit";
import type { SyncConnection, WriteGate, WriteVerdict } from "../sync/SyncConnection";
import { isServerOrigin, SyncDocument } from "../sync/SyncDocument";
import { decide } from "./decide";
import { decideVoice, type VoiceDetails } from "./decideFamily";
import { ProjectionWriter, writeStateDocument } from "./docWriters";
import { guardLayout, restoreLayout } from "./professionalLayout";

/** A socket.io connection as the room sees it. */
export interface RoomMember {
  participantId: string;
  sessionId: string;
  sendStatus(status: PersonalStatus): void;
  notice(code: string, message: string): void;
  disconnect(): void;
}

export interface RoomDeps {
  store: Store;
  committer: GroupCommitter;
  log: Logger;
  now: () => number;
  /** The professional document's budget (Config.maxDocumentBytes). */
  maxDocumentBytes: number;
}

/** Letters and pictures one person may bring to one conference (each up to VOICE_MAX_BYTES). */
const MAX_FILES_PER_PERSON = 20;

/** Roles whose Yjs client ids are remembered as tainted when they send while unable to write. */
const WRITER_ROLES = new Set(["chair", "minute_taker", "social_worker", "team_manager", "professional"]);

/**
 * One conference, loaded: its state (folded from the database's events), the professional document,
 * the state document and one projection per family member who needs one. Commands run one at a
 * time through `queue`; each is authorised by `can`, turned into events by `decide`, persisted with
 * its audit entry in one transaction, folded into the state and then reflected into the documents
 * and connections.
 */
export class ConferenceRoom implements WriteGate {
  readonly id: string;
  readonly professional: SyncDocument;
  readonly stateDoc: SyncDocument;
  private readonly views = new Map<string, ProjectionWriter>();
  private readonly members = new Set<RoomMember>();
  private readonly appliedSeqs = new Set<number>();
  private readonly firstSeq: number;
  private queue: Promise<unknown> = Promise.resolve();
  private dirtyTexts = new Set<string>();
  /** Who was out or away when each text changed, not yet stored as holds and misses (`noteWhoIsOut`). */
  private readonly unmarked = new Map<string, { out: Set<string>; away: Set<string> }>();
  private textFlushScheduled = false;
  private auditedRefusals = new WeakSet<SyncConnection>();
  private destroyed = false;

  private constructor(
    public state: RoomState,
    private readonly deps: RoomDeps,
    seqs: number[],
  ) {
    this.id = state.conference.id;
    for (const s of seqs) this.appliedSeqs.add(s);
    this.firstSeq = Math.min(...seqs);
    this.professional = new SyncDocument(
      docName({ conferenceId: this.id, kind: "professional" }),
      deps.committer,
      {
        persist: true,
        awareness: true,
        maxBytes: deps.maxDocumentBytes,
      },
    );
    this.stateDoc = new SyncDocument(docName({ conferenceId: this.id, kind: "state" }), deps.committer, {
      persist: false,
      awareness: false,
    });
    for (const map of ["texts", MINUTES_MAP]) {
      this.professional.doc.getMap(map).observeDeep((events) => {
        for (const event of events) {
          if (event.path.length > 0) this.markTextDirty(String(event.path[0]));
          else for (const key of event.keys.keys()) this.markTextDirty(key);
        }
      });
    }
    // The plan's contingency and bottom lines reach the projections of a shared plan.
    this.professional.doc.getMap(PLAN_MAP).observeDeep(() => this.markPlanDirty());
    guardLayout(this.professional, () => this.state, isServerOrigin);
  }

  static async load(conferenceId: string, deps: RoomDeps): Promise<ConferenceRoom | undefined> {
    const events = await deps.store.listEvents(conferenceId);
    if (events.length === 0) return undefined;
    const room = new ConferenceRoom(
      foldEvents(events),
      deps,
      events.map((e) => e.seq),
    );
    const name = room.professional.name;
    const updates = await deps.store.loadYjsUpdates(name);
    room.professional.load(updates.map((u) => u.update));
    // Make the record's containers, and put back any an earlier writer broke.
    restoreLayout(room.professional, room.state);
    // Keep loading fast: fold a long update log into one row (the documents' state is unchanged).
    const last = updates.at(-1);
    if (updates.length > 500 && last) {
      await deps.store.compactYjsUpdates(name, last.id, Y.encodeStateAsUpdate(room.professional.doc));
    }
    room.writeState();
    return room;
  }

  // ---- Documents ---------------------------------------------------------------------------------

  /** The document behind a reference, if this participant may open it now, and how. */
  openDocument(
    ref: DocRef,
    participantId: string,
  ): { document: SyncDocument; access: Exclude<Access, "none"> } | undefined {
    const access = docAccess(this.state, participantId, ref);
    if (access === "none" || this.destroyed) return undefined;
    switch (ref.kind) {
      case "professional":
        return { document: this.professional, access };
      case "state":
        return { document: this.stateDoc, access };
      case "view":
        return { document: this.projection(ref.principalId).doc, access };
    }
  }

  /** The projection of one family member, created on first use and kept up to date from then on. */
  projection(principalId: string): ProjectionWriter {
    let writer = this.views.get(principalId);
    if (!writer) {
      const doc = new SyncDocument(
        docName({ conferenceId: this.id, kind: "view", principalId }),
        this.deps.committer,
        {
          persist: false,
          awareness: false,
        },
      );
      writer = new ProjectionWriter(
        principalId,
        doc,
        (id) => this.textOf(id),
        (key) => this.planTextOf(key),
      );
      this.views.set(principalId, writer);
      writer.refresh(this.state);
    }
    return writer;
  }

  identityOf(participantId: string): Record<string, unknown> {
    const p = this.state.participants[participantId];
    return { participantId, name: p?.name ?? "", role: p?.role ?? "", agency: p?.agency ?? null };
  }

  private textOf(contentId: string): string {
    const family = this.state.familyText[contentId];
    if (family !== undefined) return family;
    if (this.state.content[contentId]?.kind === "minute_section") {
      const fragment = this.professional.doc.getMap(MINUTES_MAP).get(contentId);
      return fragment instanceof Y.XmlFragment ? blocksToPlainText(fragmentBlocks(fragment)) : "";
    }
    const text = this.professional.doc.getMap("texts").get(contentId);
    return text instanceof Y.Text ? text.toString() : "";
  }

  private planTextOf(key: string): string {
    const fragment = this.professional.doc.getMap(PLAN_MAP).get(key);
    return fragment instanceof Y.XmlFragment ? blocksToPlainText(fragmentBlocks(fragment)) : "";
  }

  private planFlushScheduled = false;
  private markPlanDirty(): void {
    if (this.planFlushScheduled || !this.state.record.plan.shared) return;
    this.planFlushScheduled = true;
    setImmediate(() => {
      this.planFlushScheduled = false;
      if (this.destroyed) return;
      const out = new Set(excludedNow(this.state));
      for (const [principalId, writer] of this.views)
        if (!out.has(principalId)) writer.updatePlan(this.state);
    });
  }

  /** The texts of the record as they stand now (for the copies). */
  recordTexts(): RecordTexts {
    return readRecordTexts(this.professional.doc, this.state.familyText);
  }

  /** The JSON export was taken (by the chair, or "admin"). */
  async auditExport(actor: string): Promise<void> {
    await this.deps.store.appendAudit({
      conferenceId: this.id,
      at: this.deps.now(),
      actor,
      action: "record.export",
      target: null,
      outcome: "allowed",
      detail: {},
    });
  }

  /** A copy was downloaded: the distribution log and the audit log say who took whose copy, when. */
  async recordDownload(
    actorId: string,
    entry: { recipientId: string; document: "record" | "decision_summary"; format: "pdf" | "docx" | "json" },
  ): Promise<void> {
    await this.enqueue(async () => {
      const at = this.deps.now();
      const event: RoomEvent = {
        type: "record.distributed",
        entry: { id: newId(), ...entry, action: "downloaded", via: null, by: actorId },
      };
      await this.persist(actorId, [event], {
        conferenceId: this.id,
        at,
        actor: actorId,
        action: "record.download",
        target: entry.recipientId,
        outcome: "allowed",
        detail: { document: entry.document, format: entry.format },
      });
    });
  }

  private markTextDirty(contentId: string): void {
    if (!this.state.content[contentId]) return;
    this.noteWhoIsOut(contentId);
    this.dirtyTexts.add(contentId);
    if (this.textFlushScheduled) return;
    this.textFlushScheduled = true;
    // Coalesce a burst of keystrokes into one projection update per tick.
    setImmediate(() => {
      this.textFlushScheduled = false;
      if (this.destroyed) return;
      const ids = [...this.dirtyTexts];
      this.dirtyTexts.clear();
      const out = new Set(excludedNow(this.state));
      // A family member out of the meeting receives nothing new: their projection stands still,
      // and what changed while they were out is held from them until the chair releases it. Out
      // when the change arrived counts too: they may be back by now, the hold not yet recorded.
      let texts: Map<string, string> | undefined;
      for (const [principalId, writer] of this.views) {
        if (out.has(principalId)) continue;
        // Each text is read once, however many projections it is copied into.
        texts ??= new Map(ids.map((id) => [id, this.textOf(id)]));
        const heldNow =
          this.unmarked.size === 0 ? [] : ids.filter((id) => this.unmarked.get(id)?.out.has(principalId));
        if (heldNow.length === 0) writer.updateTexts(texts);
        else writer.updateTexts(new Map([...texts].filter(([id]) => !heldNow.includes(id))));
      }
      if (this.unmarked.size > 0) void this.markChangedTexts();
    });
  }

  /**
   * Who is excluded (the change is held from them) or away (they missed it) at the moment a text
   * changes, noted at once: the marks are stored later, in the queue, when that may no longer be so.
   */
  private noteWhoIsOut(contentId: string): void {
    const { out, away } = this.whoIsOut();
    if (out.length === 0 && away.length === 0) return;
    let noted = this.unmarked.get(contentId);
    if (!noted) {
      noted = { out: new Set(), away: new Set() };
      this.unmarked.set(contentId, noted);
    }
    for (const p of out) noted.out.add(p);
    for (const p of away) noted.away.add(p);
  }

  /**
   * Who is excluded and who is away, as of the last event folded into the state: computed once per
   * event, not per keystroke (every text change asks).
   */
  private whoIsOut(): { out: string[]; away: string[] } {
    if (this.outAsOf.seq !== this.state.lastSeq)
      this.outAsOf = { seq: this.state.lastSeq, out: excludedNow(this.state), away: awayNow(this.state) };
    return this.outAsOf;
  }
  private outAsOf = { seq: -1, out: [] as string[], away: [] as string[] };

  /** Store the holds and misses noted since the last time (`noteWhoIsOut`), before anything else in the queue. */
  private async markChangedTexts(): Promise<void> {
    await this.enqueue(() => this.storeNotedMarks()).catch((err: unknown) =>
      this.deps.log.error("could not mark changed text", err),
    );
  }

  /**
   * Text edited while someone was excluded or away: recorded as held from them, or as missed by
   * them (durable, by event). Runs in the queue, and before every other write there (`persist`), so
   * that no command — the end of that person's exclusion above all — is applied before the marks of
   * the changes that came ahead of it.
   */
  private async storeNotedMarks(): Promise<void> {
    if (this.unmarked.size === 0) return;
    const noted = [...this.unmarked];
    this.unmarked.clear();
    const events: RoomEvent[] = [];
    for (const [id, { out, away }] of noted) {
      const meta = this.state.content[id];
      if (!meta) continue;
      const hold = [...out].filter((p) => !meta.heldFrom.includes(p));
      const missedBy = meta.missedBy ?? [];
      const miss = [...away].filter((p) => !missedBy.includes(p));
      if (hold.length === 0 && miss.length === 0) continue;
      events.push({
        type: "content.changed",
        contentId: id,
        changes: {
          ...(hold.length > 0 ? { heldFrom: [...meta.heldFrom, ...hold] } : {}),
          ...(miss.length > 0 ? { missedBy: [...missedBy, ...miss] } : {}),
        },
        at: this.deps.now(),
      });
    }
    if (events.length === 0) return;
    try {
      await this.persistNow("system", events, null);
    } catch (err) {
      // Not stored: noted again, so a later write in the queue tries once more.
      for (const [id, marks] of noted) {
        const later = this.unmarked.get(id);
        this.unmarked.set(id, marks);
        for (const p of later?.out ?? []) marks.out.add(p);
        for (const p of later?.away ?? []) marks.away.add(p);
      }
      throw err;
    }
  }

  // ---- The write gate for the professional document ------------------------------------------

  /**
   * The common case, decided at once on the current state: a writer sending changes under client
   * ids already bound to them and never used while they could not write. It needs nothing stored,
   * so it does not wait behind a command in flight (a chair's change would otherwise delay every
   * keystroke in the room by a commit). A connection's messages are handled one at a time, so its
   * updates still apply in order; rights that change meanwhile close the connection before apply.
   */
  admitsNow(conn: SyncConnection, authors: number[]): boolean {
    if (this.destroyed) return false;
    const ref: DocRef = { conferenceId: this.id, kind: "professional" };
    if (docAccess(this.state, conn.participantId, ref) !== "write") return false;
    return authors.every((clientId) => {
      const known = this.state.yjsClients[String(clientId)];
      return known !== undefined && !known.tainted && known.participantId === conn.participantId;
    });
  }

  /** Everything `admitsNow` does not admit: decided in the room's queue, a new binding stored first. */
  async admitUpdate(conn: SyncConnection, authors: number[]): Promise<WriteVerdict> {
    return this.enqueue(async () => {
      const ref: DocRef = { conferenceId: this.id, kind: "professional" };
      if (docAccess(this.state, conn.participantId, ref) !== "write") {
        return { ok: false, reason: "read-only", close: CLOSE.rightsChanged };
      }
      const fresh: RoomEvent[] = [];
      for (const clientId of authors) {
        const known = this.state.yjsClients[String(clientId)];
        if (known?.tainted)
          return { ok: false, reason: "changes made while you could not write are not accepted" };
        if (known && known.participantId !== conn.participantId) {
          await this.auditRefusal(conn, "sync.update", {
            reason: "client id belongs to someone else",
            clientId,
          });
          return { ok: false, reason: "not your changes", close: CLOSE.protocolError };
        }
        if (!known)
          fresh.push({ type: "sync.client", clientId, participantId: conn.participantId, tainted: false });
      }
      if (fresh.length > 0) await this.persist(conn.participantId, fresh, null);
      return { ok: true };
    });
  }

  async refusedWrite(conn: SyncConnection, authors: number[]): Promise<void> {
    await this.enqueue(async () => {
      const p = this.state.participants[conn.participantId];
      const taints: RoomEvent[] = [];
      if (p && WRITER_ROLES.has(p.role) && conn.document === this.professional) {
        for (const clientId of new Set(authors)) {
          const known = this.state.yjsClients[String(clientId)];
          if (known?.tainted || (known && known.participantId !== p.id)) continue;
          taints.push({ type: "sync.client", clientId, participantId: p.id, tainted: true });
        }
      }
      if (taints.length > 0) await this.persist(conn.participantId, taints, null);
      await this.auditRefusal(conn, "sync.update", { reason: "read-only", document: conn.document.name });
    });
  }

  async documentFull(conn: SyncConnection, bytes: number): Promise<void> {
    this.deps.log.error(
      `conference ${this.id}: the professional document is full (MAX_DOCUMENT_MB); an update of ${bytes} bytes refused`,
    );
    await this.enqueue(() =>
      this.auditRefusal(conn, "sync.update", {
        reason: "document full",
        document: conn.document.name,
        bytes,
      }),
    );
  }

  /** One audit entry per connection for refused writes: a muted person's typing is not a flood of rows. */
  private async auditRefusal(
    conn: SyncConnection,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    if (this.auditedRefusals.has(conn)) return;
    this.auditedRefusals.add(conn);
    await this.deps.store.appendAudit({
      conferenceId: this.id,
      at: this.deps.now(),
      actor: conn.participantId,
      action,
      target: conn.document.name,
      outcome: "refused",
      detail,
    });
  }

  // ---- Commands ----------------------------------------------------------------------------------

  async execute(member: { participantId: string }, raw: unknown): Promise<CommandAck> {
    const parsed = Command.safeParse(raw);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const unknownType = parsed.error.issues.some(
        (i) => i.code === "invalid_union" && i.path.length === 1 && i.path[0] === "type",
      );
      return {
        ok: false,
        error: {
          code: unknownType ? "unknown_command" : "validation_failed",
          message:
            (unknownType ? null : tooLongWords(parsed.error)) ??
            `The command is not valid (${issues[0]?.path || "command"}: ${issues[0]?.message ?? "invalid"}).`,
          issues,
        },
      };
    }
    const command = parsed.data;
    return this.enqueue(async () => {
      const verdict = can(this.state, member.participantId, command);
      const at = this.deps.now();
      if (!verdict.ok) {
        await this.deps.store.appendAudit({
          conferenceId: this.id,
          at,
          actor: member.participantId,
          action: command.type,
          target:
            "participantId" in command
              ? command.participantId
              : "contentId" in command
                ? command.contentId
                : "childId" in command
                  ? command.childId
                  : null,
          outcome: "refused",
          detail: { code: verdict.error.code },
        });
        return { ok: false, error: verdict.error };
      }
      const decision = decide(this.state, member.participantId, command, at);
      await this.persist(member.participantId, decision.events, {
        conferenceId: this.id,
        at,
        actor: member.participantId,
        action: command.type,
        target: decision.audit.target,
        outcome: "allowed",
        detail: decision.audit.detail,
      });
      return decision.result ? { ok: true, result: decision.result } : { ok: true };
    });
  }

  /**
   * Pick up events written outside the room (the administrator adding someone): read what this
   * room has not applied yet, in order, and reflect it.
   */
  async catchUp(): Promise<void> {
    await this.enqueue(async () => {
      const events = await this.deps.store.listEvents(this.id, this.firstSeq);
      const fresh = events.filter((e) => !this.appliedSeqs.has(e.seq));
      if (fresh.length === 0) return;
      const applied: RoomEvent[] = [];
      for (const e of fresh) {
        const event = { ...(e.payload as object), type: e.type } as RoomEvent;
        applyEvent(this.state, event, e.seq, e.at);
        this.appliedSeqs.add(e.seq);
        applied.push(event);
      }
      this.reflect(applied);
    });
  }

  /**
   * May this participant upload a letter or picture with these details now? Asked before the body is
   * read, so a file nobody may send is never buffered; a refusal is audited. `addVoiceFile` asks again
   * once the file has arrived (the room may have changed meanwhile).
   */
  async voiceUploadRefusal(
    participantId: string,
    fields: Omit<VoiceDetails, "text" | "form" | "file">,
  ): Promise<CommandAck | null> {
    return this.enqueue(() => this.refuseVoiceFile(participantId, fields, this.deps.now()));
  }

  /** The refusal of a file upload (audited), or null when it may go ahead. Runs inside the queue. */
  private async refuseVoiceFile(
    participantId: string,
    fields: Omit<VoiceDetails, "text" | "form" | "file">,
    at: number,
  ): Promise<CommandAck | null> {
    const verdict = can(this.state, participantId, { type: "voice.write", text: "(a file)", ...fields });
    const files = Object.values(this.state.childsVoice).filter(
      (v) =>
        v.file &&
        this.state.content[v.contentId]?.authorId === participantId &&
        !this.state.content[v.contentId]?.removed,
    ).length;
    const refusal: CommandAck | null = !verdict.ok
      ? { ok: false, error: verdict.error }
      : files >= MAX_FILES_PER_PERSON
        ? {
            ok: false,
            error: {
              code: "conflict",
              message: `You have added ${MAX_FILES_PER_PERSON} files to this conference, the most there can be. Ask the chair to remove one first.`,
            },
          }
        : null;
    if (refusal && !refusal.ok) {
      await this.deps.store.appendAudit({
        conferenceId: this.id,
        at,
        actor: participantId,
        action: "voice.upload",
        target: null,
        outcome: "refused",
        detail: { code: refusal.error.code },
      });
    }
    return refusal;
  }

  /**
   * A letter or picture for the child's voice (the upload endpoint): authorised exactly like written
   * words (`voice.write`), then the content, its entry, the file and the audit entry in one transaction.
   */
  async addVoiceFile(
    participantId: string,
    details: Omit<VoiceDetails, "text">,
    file: { bytes: Uint8Array; sha256: string },
  ): Promise<CommandAck> {
    return this.enqueue(async () => {
      const { form: _form, file: _file, ...fields } = details;
      const at = this.deps.now();
      const refusal = await this.refuseVoiceFile(participantId, fields, at);
      if (refusal) return refusal;
      const decision = decideVoice(this.state, participantId, { ...details, text: "" }, at);
      const contentId = String(decision.result?.contentId);
      const size = file.bytes.byteLength;
      await this.persist(
        participantId,
        decision.events,
        {
          conferenceId: this.id,
          at,
          actor: participantId,
          action: "voice.upload",
          target: decision.audit.target,
          outcome: "allowed",
          detail: { ...decision.audit.detail, sha256: file.sha256 },
        },
        (tx) =>
          tx.insertAttachment({
            contentId,
            conferenceId: this.id,
            mime: details.file?.mime ?? "application/octet-stream",
            size,
            sha256: file.sha256,
            bytes: file.bytes,
            createdAt: at,
          }),
      );
      return { ok: true, result: { contentId } };
    });
  }

  /** May this participant fetch this child's voice file now (shared/voiceAccess.ts)? */
  mayOpenVoiceFile(participantId: string, contentId: string): boolean {
    return !this.destroyed && mayOpenVoiceFile(this.state, participantId, contentId);
  }

  /** Store events (in the queue), the holds and misses noted before them first (`storeNotedMarks`). */
  private async persist(
    actorId: string,
    events: RoomEvent[],
    audit: NewAudit | null,
    /** More writes in the same transaction, after the events and content rows (a file). */
    also?: (tx: StoreOps) => Promise<void>,
  ): Promise<void> {
    await this.storeNotedMarks();
    await this.persistNow(actorId, events, audit, also);
  }

  /** Events and their audit entry in one transaction; then fold and reflect. */
  private async persistNow(
    actorId: string,
    events: RoomEvent[],
    audit: NewAudit | null,
    also?: (tx: StoreOps) => Promise<void>,
  ): Promise<void> {
    const at = audit?.at ?? this.deps.now();
    const endedSessions: string[] = [];
    const seqs = await this.deps.store.transaction(async (tx) => {
      const out: number[] = [];
      for (const event of events) {
        const { type, ...payload } = event;
        out.push(await tx.appendEvent({ conferenceId: this.id, actorId, type, payload, at }));
        if (event.type === "participant.added")
          await tx.insertParticipant(toParticipantRow(event.participant));
        if (event.type === "device.admitted") {
          // Let the second device in: the link is unbound and the first device is signed out.
          await tx.releaseInvitationDevice(event.participantId);
          endedSessions.push(...(await tx.endSessions(event.participantId, at)));
        }
        const meta =
          event.type === "content.created"
            ? event.meta
            : event.type === "content.changed" && this.state.content[event.contentId]
              ? { ...this.state.content[event.contentId]!, ...event.changes, changedAt: at }
              : undefined;
        if (meta) {
          await tx.upsertContent({
            id: meta.id,
            conferenceId: this.id,
            kind: meta.kind,
            meta,
            createdAt: meta.createdAt,
            changedAt: meta.changedAt,
          });
        }
      }
      if (also) await also(tx);
      if (audit) await tx.appendAudit(audit);
      return out;
    });
    events.forEach((event, i) => {
      applyEvent(this.state, event, seqs[i]!, at);
      this.appliedSeqs.add(seqs[i]!);
    });
    if (endedSessions.length > 0) this.endSessions(new Set(endedSessions));
    this.reflect(events);
  }

  /** A second device presented someone's link: the chair sees it waiting and may let it in. */
  async deviceRequested(participantId: string): Promise<void> {
    await this.enqueue(async () => {
      if (!this.state.participants[participantId]) return;
      await this.persist(participantId, [{ type: "device.requested", participantId }], null);
    });
  }

  /** Bring documents and connections in line with state after events were applied. */
  private reflect(events: RoomEvent[]): void {
    if (this.destroyed) return;
    const rightsChanged = new Map<string, number>();
    let stateChanged = false;
    for (const event of events) {
      switch (event.type) {
        case "sync.client":
          continue;
        case "content.created":
          if (event.meta.kind === "minute_section") {
            this.professional.write((d) => d.getMap(MINUTES_MAP).set(event.meta.id, new Y.XmlFragment()));
          } else if (event.text === undefined) {
            this.professional.write((d) => d.getMap("texts").set(event.meta.id, new Y.Text()));
          }
          break;
        case "content.changed":
          if (event.changes.removed)
            this.professional.write((d) => {
              d.getMap("texts").delete(event.contentId);
              d.getMap(MINUTES_MAP).delete(event.contentId);
            });
          break;
        case "record.signedOff":
          // The record is locked: the chair and minute taker reconnect read-only.
          for (const id of Object.keys(this.state.participants))
            if (hasRecordRole(this.state, id)) rightsChanged.set(id, CLOSE.rightsChanged);
          break;
        case "participant.muted":
        case "participant.unmuted":
        case "participant.admitted":
        case "participant.refused":
        case "confidentiality.accepted":
          rightsChanged.set(event.participantId, CLOSE.rightsChanged);
          break;
        case "participant.toLobby":
        case "participant.left":
        case "participant.readmitted":
        case "attendance.inRoom":
        case "participant.messaged":
        case "device.requested":
        case "device.admitted":
          rightsChanged.set(event.participantId, CLOSE.rightsChanged);
          break;
        case "exclusion.started":
          rightsChanged.set(event.exclusion.participantId, CLOSE.rightsChanged);
          break;
        case "exclusion.ended":
        case "exclusion.released":
          rightsChanged.set(event.participantId, CLOSE.rightsChanged);
          break;
        case "chair.handedOver":
          rightsChanged.set(event.from, CLOSE.rightsChanged);
          rightsChanged.set(event.to, CLOSE.rightsChanged);
          break;
        case "participant.removed":
          rightsChanged.set(event.participantId, CLOSE.removed);
          break;
        case "conference.status":
          for (const id of Object.keys(this.state.participants)) {
            // The chair and the minute taker stay on to finish the record; everyone else is done.
            const done = event.status === "ended" && !hasRecordRole(this.state, id);
            rightsChanged.set(id, done ? CLOSE.conferenceEnded : CLOSE.rightsChanged);
          }
          break;
        default:
          break;
      }
      stateChanged = true;
    }
    if (!stateChanged) return;
    this.writeState();
    const out = new Set(excludedNow(this.state));
    for (const [principalId, writer] of this.views) if (!out.has(principalId)) writer.refresh(this.state);
    for (const [participantId, code] of rightsChanged) this.rightsChangedFor(participantId, code);
  }

  /**
   * Rights changed: close that person's document connections with a named code, so the client
   * throws its documents away and reconnects at the new level, and tell their socket.
   */
  private rightsChangedFor(participantId: string, code: number): void {
    for (const doc of this.allDocuments()) {
      for (const conn of [...doc.connections]) {
        if (conn.participantId !== participantId && !this.attachedTo(conn.participantId, participantId))
          continue;
        // A connection whose access is unchanged is left alone (admission does not touch others).
        const ref = this.refOf(doc);
        const now = ref ? docAccess(this.state, conn.participantId, ref) : "none";
        if (now === conn.access && code === CLOSE.rightsChanged) continue;
        conn.close(code, "rights changed");
      }
    }
    for (const member of this.members) {
      if (member.participantId !== participantId && !this.attachedTo(member.participantId, participantId))
        continue;
      member.sendStatus(this.statusFor(member.participantId));
      if (code === CLOSE.removed && member.participantId === participantId) {
        member.notice("removed", "The chair has asked you to leave the conference.");
        member.disconnect();
      }
      if (code === CLOSE.conferenceEnded)
        member.notice("conference_ended", "The chair has ended the conference.");
    }
  }

  private isExcluded(participantId: string): boolean {
    const p = this.state.participants[participantId];
    if (!p) return false;
    const group = principalOf(
      { participantId: p.id, role: p.role, supports: p.supports },
      this.state.participants,
    );
    return group !== undefined && activeExclusion(this.state, group) !== undefined;
  }

  /** A supporter, advocate or interpreter moves with the family member they are with. */
  private attachedTo(participantId: string, principalId: string): boolean {
    return this.state.participants[participantId]?.supports === principalId;
  }

  private refOf(doc: SyncDocument): DocRef | undefined {
    if (doc === this.professional) return { conferenceId: this.id, kind: "professional" };
    if (doc === this.stateDoc) return { conferenceId: this.id, kind: "state" };
    for (const [principalId, writer] of this.views) {
      if (writer.doc === doc) return { conferenceId: this.id, kind: "view", principalId };
    }
    return undefined;
  }

  private *allDocuments(): Iterable<SyncDocument> {
    yield this.professional;
    yield this.stateDoc;
    for (const w of this.views.values()) yield w.doc;
  }

  // ---- Members (socket.io) -------------------------------------------------------------------------

  statusFor(participantId: string): PersonalStatus {
    const a = this.state.attendance[participantId];
    return {
      participantId,
      presence: a?.presence ?? "invited",
      muted: a?.muted ?? false,
      late: a?.late ?? false,
      excluded: this.isExcluded(participantId),
      messages: (a?.messages ?? []).slice(-20),
      isChair: isActiveChair(this.state, participantId),
      conferenceStatus: this.state.conference.status,
      documents: accessibleDocs(this.state, participantId).map((d) => ({
        name: docName(d.ref),
        access: d.access === "write" ? "write" : "read",
      })),
    };
  }

  join(member: RoomMember): void {
    this.members.add(member);
    member.sendStatus(this.statusFor(member.participantId));
    this.writeState();
  }

  leave(member: RoomMember): void {
    this.members.delete(member);
    if (!this.destroyed) this.writeState();
  }

  /** Sessions ended (link revoked or re-issued, signed out): close everything they hold. */
  endSessions(sessionIds: ReadonlySet<string>): void {
    for (const doc of this.allDocuments()) {
      for (const conn of [...doc.connections])
        if (sessionIds.has(conn.sessionId)) conn.close(CLOSE.sessionEnded, "session ended");
    }
    for (const member of [...this.members]) {
      if (!sessionIds.has(member.sessionId)) continue;
      member.notice("session_ended", "Your session has ended.");
      member.disconnect();
    }
  }

  get connectionCount(): number {
    let n = this.members.size;
    for (const doc of this.allDocuments()) n += doc.connections.size;
    return n;
  }

  private online(): Set<string> {
    return new Set([...this.members].map((m) => m.participantId));
  }

  private writeState(): void {
    writeStateDocument(this.stateDoc, this.state, this.online());
  }

  /** Who may see the full state: used by tests and the audit screen. */
  hasFullView(participantId: string): boolean {
    const p = this.state.participants[participantId];
    return p !== undefined && hasFullView(p.role);
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Wait for queued commands (shutdown). */
  async settle(): Promise<void> {
    await this.queue;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const doc of [...this.allDocuments()]) doc.destroy();
    for (const member of [...this.members]) member.disconnect();
    this.members.clear();
  }
}
