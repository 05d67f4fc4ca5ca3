import type { z } from "zod";
import {
  type AddParticipantInput,
  type Conference,
  type ConferenceInput,
  isAttachedRole,
  isFamilyRole,
  type Participant,
} from "../shared/domain";
import { QuorumError } from "../shared/errors";
import { newId } from "../shared/ids";
import { resolvePolicyProfile } from "../shared/policy";
import { hashSecret, newSecret } from "./auth/secrets";
import type { SessionService } from "./auth/sessions";
import type { ConferenceRow, InvitationRow, ParticipantRow, Store, StoreOps } from "./storage/store";

export interface JoinLink {
  participantId: string;
  name: string;
  role: Participant["role"];
  url: string;
}

type ParsedConferenceInput = z.output<typeof ConferenceInput>;

/**
 * Creating conferences and managing who is invited: the convening sheet. Each write is one
 * transaction (conference, participants, invitations, event, audit entry), so a refused or failed
 * request leaves nothing half-written.
 */
export class ConferenceService {
  /** Told after a write outside the room, so a loaded room catches up (RoomManager.changed). */
  onChanged: (conferenceId: string) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly sessions: SessionService,
    private readonly publicUrl: string,
    private readonly now: () => number = Date.now,
  ) {}

  async create(
    input: ParsedConferenceInput,
    actor: string,
  ): Promise<{ conference: Conference; participants: Participant[]; links: JoinLink[] }> {
    const at = this.now();
    const conference: Conference = {
      id: newId(),
      kind: input.kind,
      title: input.title,
      scheduledStart: input.scheduledStart,
      policyProfile: resolvePolicyProfile(input.policyProfile),
      status: "scheduled",
      children: input.children.map((c) => ({ id: newId(), ...c })),
      createdAt: at,
    };
    const idByRef = new Map<string, string>();
    const drafts = input.invitees.map((inv) => {
      const id = newId();
      if (inv.ref) idByRef.set(inv.ref, id);
      return { id, inv };
    });
    const participants: Participant[] = drafts.map(({ id, inv }) => ({
      id,
      conferenceId: conference.id,
      role: inv.role,
      name: inv.name,
      ...(inv.agency !== undefined ? { agency: inv.agency } : {}),
      directContact: inv.directContact,
      ...(inv.supports !== undefined ? { supports: idByRef.get(inv.supports) } : {}),
      inRoomOnly: false,
      createdAt: at,
    }));
    const tokens = new Map<string, string>();
    await this.store.transaction(async (tx) => {
      await tx.insertConference(toConferenceRow(conference));
      for (const p of participants) {
        await tx.insertParticipant(toParticipantRow(p));
        tokens.set(p.id, await this.issue(tx, conference.id, p.id, at));
      }
      await tx.appendEvent({
        conferenceId: conference.id,
        actorId: null,
        type: "conference.created",
        payload: { conference, participants },
        at,
      });
      await tx.appendAudit({
        conferenceId: conference.id,
        at,
        actor,
        action: "conference.create",
        target: conference.id,
        outcome: "allowed",
        detail: { invitees: participants.length },
      });
    });
    const links = participants.map((p) => this.link(p, tokens.get(p.id)!));
    return { conference, participants, links };
  }

  async get(conferenceId: string): Promise<Conference> {
    const row = await this.store.getConference(conferenceId);
    if (!row) throw new QuorumError("conference_not_found", "There is no conference with that id.");
    return fromConferenceRow(row);
  }

  async participants(conferenceId: string): Promise<Participant[]> {
    return (await this.store.listParticipants(conferenceId)).map(fromParticipantRow);
  }

  async addParticipant(
    conferenceId: string,
    input: z.output<typeof AddParticipantInput>,
    actor: string,
    opts: { inRoomOnly?: boolean } = {},
  ): Promise<{ participant: Participant; link: JoinLink | null }> {
    const conference = await this.get(conferenceId);
    const existing = await this.participants(conference.id);
    if (isAttachedRole(input.role)) {
      const target = existing.find((p) => p.id === input.supports);
      if (!target || !isFamilyRole(target.role)) {
        throw new QuorumError(
          "validation_failed",
          "A supporter, advocate, solicitor or interpreter must be with a parent, carer or young person in this conference.",
          [{ path: "supports", message: "must name a family member of this conference" }],
        );
      }
    } else if (input.supports !== undefined) {
      throw new QuorumError(
        "validation_failed",
        "Only a supporter, advocate, solicitor or interpreter is with someone.",
        [{ path: "supports", message: "only for a supporter, advocate, solicitor or interpreter" }],
      );
    }
    if (input.role === "professional" && input.agency === undefined) {
      throw new QuorumError("validation_failed", "A professional must name their agency.", [
        { path: "agency", message: "is required for a professional" },
      ]);
    }
    const at = this.now();
    const participant: Participant = {
      id: newId(),
      conferenceId: conference.id,
      role: input.role,
      name: input.name,
      ...(input.agency !== undefined ? { agency: input.agency } : {}),
      directContact: input.directContact,
      ...(input.supports !== undefined ? { supports: input.supports } : {}),
      inRoomOnly: opts.inRoomOnly ?? false,
      createdAt: at,
    };
    let token: string | null = null;
    await this.store.transaction(async (tx) => {
      await tx.insertParticipant(toParticipantRow(participant));
      if (!participant.inRoomOnly) token = await this.issue(tx, conference.id, participant.id, at);
      await tx.appendEvent({
        conferenceId: conference.id,
        actorId: actor === "admin" ? null : actor,
        type: "participant.added",
        payload: { participant },
        at,
      });
      await tx.appendAudit({
        conferenceId: conference.id,
        at,
        actor,
        action: "participant.add",
        target: participant.id,
        outcome: "allowed",
        detail: { role: participant.role },
      });
    });
    this.onChanged(conference.id);
    return { participant, link: token ? this.link(participant, token) : null };
  }

  /** A new link for one person: the old one stops working and their sessions end at once. */
  async reissueLink(conferenceId: string, participantId: string, actor: string): Promise<JoinLink> {
    const participant = await this.participantOf(conferenceId, participantId);
    const at = this.now();
    let token = "";
    const ended = await this.store.transaction(async (tx) => {
      await tx.revokeInvitations(participant.id, at);
      const ended = await tx.endSessions(participant.id, at);
      token = await this.issue(tx, conferenceId, participant.id, at);
      await tx.appendAudit({
        conferenceId,
        at,
        actor,
        action: "link.reissue",
        target: participant.id,
        outcome: "allowed",
        detail: { sessionsEnded: ended.length },
      });
      return ended;
    });
    this.sessions.announceEnded(ended, participant.id, "link_reissued");
    return this.link(participant, token);
  }

  async revokeLink(conferenceId: string, participantId: string, actor: string): Promise<number> {
    const participant = await this.participantOf(conferenceId, participantId);
    const at = this.now();
    const { revoked, ended } = await this.store.transaction(async (tx) => {
      const revoked = await tx.revokeInvitations(participant.id, at);
      const ended = await tx.endSessions(participant.id, at);
      await tx.appendAudit({
        conferenceId,
        at,
        actor,
        action: "link.revoke",
        target: participant.id,
        outcome: "allowed",
        detail: { revoked, sessionsEnded: ended.length },
      });
      return { revoked, ended };
    });
    this.sessions.announceEnded(ended, participant.id, "link_revoked");
    return revoked;
  }

  async invitations(conferenceId: string) {
    const rows = await this.store.listInvitations(conferenceId);
    return rows.map((r) => ({
      participantId: r.participantId,
      issuedAt: r.issuedAt,
      revokedAt: r.revokedAt,
      lastUsedAt: r.lastUsedAt,
      boundToDevice: r.deviceHash !== null,
    }));
  }

  private async participantOf(conferenceId: string, participantId: string): Promise<Participant> {
    await this.get(conferenceId);
    const row = await this.store.getParticipant(participantId);
    // Another conference's participant is "not found" here: ids from elsewhere reveal nothing.
    if (!row || row.conferenceId !== conferenceId) {
      throw new QuorumError("participant_not_found", "There is no such participant in this conference.");
    }
    return fromParticipantRow(row);
  }

  private async issue(
    tx: StoreOps,
    conferenceId: string,
    participantId: string,
    at: number,
  ): Promise<string> {
    const token = newSecret();
    const row: InvitationRow = {
      id: newId(),
      conferenceId,
      participantId,
      tokenHash: hashSecret(token),
      issuedAt: at,
      revokedAt: null,
      lastUsedAt: null,
      deviceHash: null,
    };
    await tx.insertInvitation(row);
    return token;
  }

  private link(p: Participant, token: string): JoinLink {
    return { participantId: p.id, name: p.name, role: p.role, url: `${this.publicUrl}/join#${token}` };
  }
}

export function toConferenceRow(c: Conference): ConferenceRow {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    scheduledStart: c.scheduledStart,
    policyProfile: c.policyProfile,
    children: c.children,
    status: c.status,
    createdAt: c.createdAt,
  };
}

export function fromConferenceRow(r: ConferenceRow): Conference {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    scheduledStart: r.scheduledStart,
    policyProfile: r.policyProfile as Conference["policyProfile"],
    children: r.children as Conference["children"],
    status: r.status,
    createdAt: r.createdAt,
  };
}

export function toParticipantRow(p: Participant): ParticipantRow {
  return {
    id: p.id,
    conferenceId: p.conferenceId,
    role: p.role,
    name: p.name,
    agency: p.agency ?? null,
    directContact: p.directContact,
    supports: p.supports ?? null,
    inRoomOnly: p.inRoomOnly,
    createdAt: p.createdAt,
  };
}

export function fromParticipantRow(r: ParticipantRow): Participant {
  return {
    id: r.id,
    conferenceId: r.conferenceId,
    role: r.role,
    name: r.name,
    ...(r.agency !== null ? { agency: r.agency } : {}),
    directContact: r.directContact,
    ...(r.supports !== null ? { supports: r.supports } : {}),
    inRoomOnly: r.inRoomOnly,
    createdAt: r.createdAt,
  };
}
