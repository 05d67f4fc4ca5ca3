import { applyChildEvent, type ChildEvent, type ChildState, emptyChildState } from "./childState";
import { applyVoiceEvent, type VoiceEntry, type VoiceEvent } from "./childsVoice";
import type { Conference, ConferenceKind, ConferenceStatus, Participant } from "./domain";
import { applyRecordEvent, emptyRecordState, type RecordEvent, type RecordState } from "./record";
import { type ContentMeta, principalOf } from "./visibility";

/**
 * The state of one conference room, rebuilt by folding its events (the database's `events` table)
 * through `applyEvent`. Pure and deterministic: the server keeps one in memory per loaded room,
 * derives the state document and every projection from it, and can rebuild it at any time.
 */

export const AGENDA_ITEMS = [
  "introductions",
  "childs_voice",
  "family_support",
  "danger_statement",
  "review_of_plan",
  "worries",
  "going_well",
  "chairs_summary",
  "decision",
  "plan",
  "next_steps",
] as const;
export type AgendaItem = (typeof AGENDA_ITEMS)[number];
export const AGENDA_LABEL: Record<AgendaItem, string> = {
  introductions: "Introductions and apologies",
  childs_voice: "The child's voice",
  family_support: "Family support and networks",
  danger_statement: "Danger statement and safety goals",
  review_of_plan: "Review of the plan's actions",
  worries: "What are we worried about",
  going_well: "What is working well",
  chairs_summary: "Chair's summary",
  decision: "Decision and recommendations",
  plan: "The plan, contingency and bottom lines",
  next_steps: "Next review date and core group",
};

/** The agenda of a conference kind (`002`): only a review looks back at the plan's actions. */
export function agendaFor(kind: ConferenceKind): AgendaItem[] {
  return AGENDA_ITEMS.filter((item) => item !== "review_of_plan" || kind === "rcpc");
}

export type Presence = "invited" | "lobby" | "in_room" | "apologies" | "left" | "removed" | "refused";

export interface Attendance {
  presence: Presence;
  acceptedConfidentialityAt: number | null;
  muted: boolean;
  /** Arrived after the time the chair set for late arrivals. */
  late: boolean;
  /** In the room without a device (hybrid), on the register by the chair or minute taker. */
  inRoomOnly: boolean;
  /** With apologies: whether a report was submitted. */
  reportSubmitted: boolean;
  /** When the hand went up (the speaking queue is ordered by it), or null. */
  handRaisedAt: number | null;
  /** Private messages from the chair in the lobby, and warnings. */
  messages: { kind: "lobby" | "warning"; text: string; at: number }[];
  /** A second device waits for the chair to let it in on this person's link. */
  deviceRequestedAt: number | null;
  /** First admitted to the room, and last left it. */
  admittedAt: number | null;
  leftAt: number | null;
}

export interface ChatMessage {
  id: string;
  authorId: string;
  text: string;
  at: number;
  inRecord: boolean;
}

export interface RoomState {
  conference: Conference;
  participants: Record<string, Participant>;
  attendance: Record<string, Attendance>;
  /** The one active chair. */
  chairId: string | null;
  agenda: { items: AgendaItem[]; current: number };
  settings: { autoAdmitProfessionals: boolean; lateAfter: string | null };
  /** The chair went on without a quorum: recorded, and an early review must follow (`001` 7.3.18-19). */
  inquorate: { at: number; reason: string; by: string } | null;
  chat: ChatMessage[];
  content: Record<string, ContentMeta>;
  /** Display order of content (fractional positions; lower first). */
  order: Record<string, number>;
  /** Text of family contributions, which arrive by command rather than through the shared document. */
  familyText: Record<string, string>;
  /**
   * Yjs client ids seen on the professional document: whose they are, and whether they were used
   * while that person could not write. A tainted id's changes are refused for good, so typing done
   * while muted never lands after unmute; an id is never accepted from anyone but its owner.
   */
  yjsClients: Record<string, { participantId: string; tainted: boolean }>;
  /**
   * Exclusion periods of family members (`001` 7.6): who, on what ground, why, from when to when.
   * While one runs, everything created or changed is held from that person until the chair releases it.
   */
  exclusions: Exclusion[];
  /**
   * Per subject child: scaling, views on the threshold, the chair's decision, dissent and what follows
   * (shared/childState.ts). Other children of the household get no decision (`001` 7.2.2, 7.9.8).
   */
  children: Record<string, ChildState>;
  /** The child's voice: words, letters and pictures, keyed by content id (shared/childsVoice.ts). */
  childsVoice: Record<string, VoiceEntry>;
  /** The plan's actions, sign-off and addenda, copy choices, consents and distribution (shared/record.ts). */
  record: RecordState;
  lastSeq: number;
}

/** The grounds on which the chair may exclude a family member (`001` 7.6.3). */
export const EXCLUSION_GROUNDS = [
  "welfare_of_child",
  "interference",
  "child_request",
  "prevents_contribution",
  "confidential_information",
  "risk_information",
  "family_conflict",
] as const;
export type ExclusionGround = (typeof EXCLUSION_GROUNDS)[number];
export const EXCLUSION_GROUND_LABEL: Record<ExclusionGround, string> = {
  welfare_of_child: "Their presence may seriously prejudice the welfare of the child",
  interference:
    "They may seriously interfere with the work of the conference (violence, threats, discriminatory or oppressive behaviour, or an unfit state)",
  child_request: "The child asked that they are not present while the child is",
  prevents_contribution: "Their presence would prevent someone making their proper contribution",
  confidential_information:
    "Members need confidential information (legal advice, a criminal investigation), agreed in advance with the chair",
  risk_information:
    "Members need information that cannot be shared with them because it could put family members or professionals at risk",
  family_conflict:
    "Family members attend at separate times (a split conference, for example where there is domestic abuse)",
};

export interface Exclusion {
  id: string;
  /** The family member excluded (their supporter, advocate or interpreter goes with them). */
  participantId: string;
  ground: ExclusionGround;
  note: string;
  by: string;
  startAt: number;
  endAt: number | null;
  /** Decided before the meeting: the person is kept out of that part from the start. */
  planned: boolean;
}

/** The exclusion running now for this family member, if any. */
export function activeExclusion(state: RoomState, principalId: string): Exclusion | undefined {
  return state.exclusions.find((e) => e.participantId === principalId && e.endAt === null);
}

/** Family members excluded right now. */
export function excludedNow(state: RoomState): string[] {
  return state.exclusions.filter((e) => e.endAt === null).map((e) => e.participantId);
}

/**
 * Family members who were in the room and are not now (they left, were removed or sent back to the
 * lobby) while the meeting runs: what is made or changed meanwhile is a part of the meeting they
 * missed, for their copy of the record. A late arrival is not here: nothing is hidden from them
 * live, and they see on arrival what was shared before.
 */
export function awayNow(state: RoomState): string[] {
  const status = state.conference.status;
  if (status !== "open" && status !== "on_break") return [];
  return Object.values(state.participants)
    .filter((p) => p.role === "parent" || p.role === "carer" || p.role === "young_person")
    .filter((p) => {
      const a = state.attendance[p.id];
      return (
        a !== undefined &&
        a.admittedAt !== null &&
        (a.presence === "left" || a.presence === "removed" || a.presence === "lobby")
      );
    })
    .map((p) => p.id);
}

/** The family group that wrote this content: its own words are never held from or missed by it. */
function authorGroupOf(state: RoomState, meta: ContentMeta): string | undefined {
  const author = state.participants[meta.authorId];
  return author
    ? principalOf(
        { participantId: author.id, role: author.role, supports: author.supports },
        state.participants,
      )
    : undefined;
}

/**
 * Content made or changed now: held from everyone excluded (until the chair releases it) and marked
 * as missed by everyone away, except the group who wrote it.
 */
function markForAbsent(state: RoomState, meta: ContentMeta): ContentMeta {
  const group = authorGroupOf(state, meta);
  const hold = excludedNow(state).filter((id) => id !== group && !meta.heldFrom.includes(id));
  const missed = meta.missedBy ?? [];
  const miss = awayNow(state).filter((id) => id !== group && !missed.includes(id));
  if (hold.length === 0 && miss.length === 0) return meta;
  return {
    ...meta,
    ...(hold.length > 0 ? { heldFrom: [...meta.heldFrom, ...hold] } : {}),
    ...(miss.length > 0 ? { missedBy: [...missed, ...miss] } : {}),
  };
}

export type RoomEvent =
  | { type: "conference.created"; conference: Conference; participants: Participant[] }
  | { type: "participant.added"; participant: Participant }
  | { type: "conference.status"; status: ConferenceStatus }
  | { type: "confidentiality.accepted"; participantId: string; admitted: boolean; late?: boolean }
  | { type: "room.settings"; autoAdmitProfessionals?: boolean; lateAfter?: string | null }
  | { type: "participant.messaged"; participantId: string; kind: "lobby" | "warning"; text: string }
  | { type: "participant.toLobby"; participantId: string }
  | { type: "participant.readmitted"; participantId: string }
  | { type: "device.requested"; participantId: string }
  | { type: "device.admitted"; participantId: string }
  | { type: "attendance.inRoom"; participantId: string }
  | { type: "attendance.apologies"; participantId: string; reportSubmitted: boolean }
  | { type: "quorum.proceeded"; reason: string; by: string }
  | { type: "hand.raised"; participantId: string }
  | { type: "hand.lowered"; participantId: string }
  | { type: "chat.sent"; message: ChatMessage }
  | { type: "chat.recorded"; messageId: string }
  | { type: "chair.handedOver"; from: string; to: string }
  | { type: "content.moved"; contentId: string; position: number }
  | { type: "participant.admitted"; participantId: string }
  | { type: "participant.refused"; participantId: string }
  | { type: "participant.muted"; participantId: string }
  | { type: "participant.unmuted"; participantId: string }
  | { type: "participant.removed"; participantId: string }
  | { type: "participant.left"; participantId: string }
  | { type: "agenda.moved"; index: number }
  | { type: "content.created"; meta: ContentMeta; text?: string }
  | { type: "content.changed"; contentId: string; changes: Partial<ContentMeta>; at: number }
  | { type: "sync.client"; clientId: number; participantId: string; tainted: boolean }
  | { type: "exclusion.started"; exclusion: Exclusion }
  | { type: "exclusion.ended"; participantId: string }
  /** Release held items to a family member: the listed ones, or every one (null). */
  | { type: "exclusion.released"; participantId: string; contentIds: string[] | null }
  | ChildEvent
  | VoiceEvent
  | RecordEvent;

export type RoomEventType = RoomEvent["type"];

export function emptyAttendance(): Attendance {
  return {
    presence: "invited",
    acceptedConfidentialityAt: null,
    muted: false,
    late: false,
    inRoomOnly: false,
    reportSubmitted: false,
    handRaisedAt: null,
    messages: [],
    deviceRequestedAt: null,
    admittedAt: null,
    leftAt: null,
  };
}

/** The initial state, from the conference's first event. */
export function initialState(
  created: Extract<RoomEvent, { type: "conference.created" }>,
  seq: number,
): RoomState {
  const participants: Record<string, Participant> = {};
  const attendance: Record<string, Attendance> = {};
  for (const p of created.participants) {
    participants[p.id] = p;
    attendance[p.id] = emptyAttendance();
  }
  return {
    conference: created.conference,
    participants,
    attendance,
    chairId: created.participants.find((p) => p.role === "chair")?.id ?? null,
    agenda: { items: agendaFor(created.conference.kind), current: 0 },
    settings: {
      autoAdmitProfessionals: created.conference.policyProfile.admitProfessionalsAutomatically,
      lateAfter: null,
    },
    inquorate: null,
    chat: [],
    content: {},
    order: {},
    familyText: {},
    yjsClients: {},
    exclusions: [],
    children: Object.fromEntries(
      created.conference.children.filter((c) => c.subject).map((c) => [c.id, emptyChildState()]),
    ),
    childsVoice: {},
    record: emptyRecordState(),
    lastSeq: seq,
  };
}

/** Fold one event into the state (in place: the server owns the only copy). */
export function applyEvent(state: RoomState, event: RoomEvent, seq: number, at: number): void {
  state.lastSeq = seq;
  const attendance = (id: string): Attendance => {
    let a = state.attendance[id];
    if (!a) {
      a = emptyAttendance();
      state.attendance[id] = a;
    }
    return a;
  };
  switch (event.type) {
    case "conference.created":
      return;
    case "participant.added": {
      state.participants[event.participant.id] = event.participant;
      const a = attendance(event.participant.id);
      if (event.participant.inRoomOnly) {
        a.presence = "in_room";
        a.inRoomOnly = true;
        a.admittedAt = at;
      }
      return;
    }
    case "conference.status":
      state.conference = { ...state.conference, status: event.status };
      return;
    case "confidentiality.accepted": {
      const a = attendance(event.participantId);
      a.acceptedConfidentialityAt = at;
      a.presence = event.admitted ? "in_room" : "lobby";
      a.late = event.late ?? false;
      if (event.admitted) a.admittedAt ??= at;
      return;
    }
    case "participant.admitted": {
      const a = attendance(event.participantId);
      a.presence = "in_room";
      a.admittedAt ??= at;
      a.messages = [];
      return;
    }
    case "room.settings":
      state.settings = {
        autoAdmitProfessionals: event.autoAdmitProfessionals ?? state.settings.autoAdmitProfessionals,
        lateAfter: event.lateAfter === undefined ? state.settings.lateAfter : event.lateAfter,
      };
      return;
    case "participant.messaged":
      attendance(event.participantId).messages.push({ kind: event.kind, text: event.text, at });
      return;
    case "participant.toLobby": {
      const a = attendance(event.participantId);
      a.presence = "lobby";
      a.handRaisedAt = null;
      return;
    }
    case "participant.readmitted": {
      const a = attendance(event.participantId);
      a.presence = "invited";
      a.acceptedConfidentialityAt = null;
      return;
    }
    case "device.requested":
      attendance(event.participantId).deviceRequestedAt = at;
      return;
    case "device.admitted":
      attendance(event.participantId).deviceRequestedAt = null;
      return;
    case "attendance.inRoom": {
      const a = attendance(event.participantId);
      a.presence = "in_room";
      a.inRoomOnly = true;
      a.admittedAt ??= at;
      return;
    }
    case "attendance.apologies": {
      const a = attendance(event.participantId);
      a.presence = "apologies";
      a.reportSubmitted = event.reportSubmitted;
      return;
    }
    case "quorum.proceeded":
      state.inquorate = { at, reason: event.reason, by: event.by };
      return;
    case "hand.raised":
      attendance(event.participantId).handRaisedAt = at;
      return;
    case "hand.lowered":
      attendance(event.participantId).handRaisedAt = null;
      return;
    case "chat.sent":
      state.chat.push(event.message);
      return;
    case "chat.recorded": {
      const m = state.chat.find((x) => x.id === event.messageId);
      if (m) m.inRecord = true;
      return;
    }
    case "chair.handedOver":
      state.chairId = event.to;
      return;
    case "content.moved":
      state.order[event.contentId] = event.position;
      return;
    case "participant.refused":
      attendance(event.participantId).presence = "refused";
      return;
    case "participant.muted":
      attendance(event.participantId).muted = true;
      return;
    case "participant.unmuted":
      attendance(event.participantId).muted = false;
      return;
    case "participant.removed": {
      const a = attendance(event.participantId);
      a.presence = "removed";
      a.muted = false;
      a.handRaisedAt = null;
      a.leftAt = at;
      return;
    }
    case "participant.left": {
      const a = attendance(event.participantId);
      a.presence = "left";
      a.handRaisedAt = null;
      a.leftAt = at;
      return;
    }
    case "agenda.moved":
      state.agenda = { ...state.agenda, current: event.index };
      return;
    case "content.created":
      state.content[event.meta.id] = markForAbsent(state, event.meta);
      state.order[event.meta.id] = at;
      if (event.text !== undefined) state.familyText[event.meta.id] = event.text;
      return;
    case "content.changed": {
      const meta = state.content[event.contentId];
      if (!meta) return;
      const changed = { ...meta, ...event.changes, changedAt: event.at };
      // A change made while someone is out is held from (or missed by) them too; a release, or the
      // server marking text edited while they were out, names heldFrom or missedBy itself.
      state.content[event.contentId] =
        event.changes.heldFrom === undefined && event.changes.missedBy === undefined
          ? markForAbsent(state, changed)
          : changed;
      return;
    }
    case "exclusion.started":
      state.exclusions.push(event.exclusion);
      attendance(event.exclusion.participantId).handRaisedAt = null;
      return;
    case "exclusion.ended": {
      const running = activeExclusion(state, event.participantId);
      if (running) running.endAt = at;
      return;
    }
    case "exclusion.released":
      for (const meta of Object.values(state.content)) {
        if (!meta.heldFrom.includes(event.participantId)) continue;
        if (event.contentIds !== null && !event.contentIds.includes(meta.id)) continue;
        state.content[meta.id] = {
          ...meta,
          heldFrom: meta.heldFrom.filter((id) => id !== event.participantId),
        };
      }
      return;
    case "sync.client":
      state.yjsClients[String(event.clientId)] = {
        participantId: event.participantId,
        tainted: event.tainted,
      };
      return;
    case "scale.given":
    case "scaling.closed":
    case "scaling.reopened":
    case "scaling.shared":
    case "views.opened":
    case "views.closed":
    case "view.given":
    case "decision.recorded":
    case "decision.reopened":
    case "dissent.recorded":
    case "outcome.recorded": {
      const child = state.children[event.childId];
      if (child) applyChildEvent(child, event, at);
      return;
    }
    case "voice.added":
    case "voice.wished":
    case "voice.confirmed":
      applyVoiceEvent(state.childsVoice, event, at);
      return;
    case "plan.actionAdded":
    case "plan.actionChanged":
    case "plan.actionRemoved":
    case "plan.actionMoved":
    case "plan.shared":
    case "record.signedOff":
    case "record.addendumAdded":
    case "record.copyChosen":
    case "record.consentRecorded":
    case "record.distributed":
      applyRecordEvent(state.record, event, at);
      return;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${(unreachable as { type: string }).type}`);
    }
  }
}

/** Rebuild a room from its stored events. */
export function foldEvents(events: { seq: number; type: string; payload: unknown; at: number }[]): RoomState {
  const [first, ...rest] = events;
  if (first?.type !== "conference.created")
    throw new Error("a room's first event must be conference.created");
  const state = initialState(first.payload as Extract<RoomEvent, { type: "conference.created" }>, first.seq);
  for (const e of rest)
    applyEvent(state, { ...(e.payload as object), type: e.type } as RoomEvent, e.seq, e.at);
  return state;
}
