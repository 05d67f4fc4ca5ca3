import { z } from "zod";
import { VoiceWish, voiceFields } from "./childsVoice";
import { ChildDecision, DECISION_LIMITS, ThresholdChoice } from "./decision";
import type { ErrorCode } from "./errors";
import { Id } from "./ids";
import { Category } from "./policy";
import { COPY_FORMATS, EXCLUSION_PARTS, PlanActionFields, RECORD_DOCUMENTS, SEND_VIA } from "./record";
import { AGENDA_ITEMS, EXCLUSION_GROUNDS } from "./room";
import { boundedText, lengthRule } from "./textLimits";
import { ContentKind, MappingArea } from "./visibility";

/**
 * The socket.io protocol: one schema per command, a union per direction, a protocol version.
 * A client sends `command` with a Command and an acknowledgement callback; the server answers
 * `{ ok: true, result }` or `{ ok: false, error: { code, message } }`. A client that announces an
 * older protocol version in its handshake (`auth.protocolVersion`) is refused with
 * `protocol_outdated` and asked to reload.
 */
export const PROTOCOL_VERSION = 1;

/**
 * The longest free text each command takes, in characters as shared/textLimits.ts counts them
 * (trimmed, Unicode code points). The client's boxes show these limits and count against them.
 */
export const TEXT_LIMITS = {
  /** Chat, a private message to someone in the lobby, a warning. */
  message: 1000,
  /** Why: proceeding without a quorum, removing someone, withholding an item, reopening a decision, dissent. */
  reason: 2000,
  /** The chair's note when excluding someone or splitting the conference. */
  note: 2000,
  /** A family member's own words for the mapping. */
  contribution: 2000,
  /** What an excluded family member sends the chair to present. */
  viewsForChair: 4000,
  /** The child's voice in written words. */
  voice: 4000,
  /** A recommendation for a child in need plan. */
  recommendation: 2000,
  /** A dated correction to the signed-off record. */
  addendum: 4000,
  /** The note with a family member's consent for a supporter's copy. */
  consentNote: 1000,
  /** A safety scale's reason as sent (the rule, DECISION_LIMITS.scaleReason, is tighter). */
  scaleReason: 2000,
  /** A name or an agency. */
  name: 200,
} as const;

const Reason = boundedText(TEXT_LIMITS.reason).min(1, "a reason is required");
const Message = boundedText(TEXT_LIMITS.message).min(1, "a message is required");
const target = { participantId: Id };
const child = { childId: Id };
/**
 * A safety scale as sent: any number and a bounded string, so that `checkScale` (shared/decision.ts)
 * can refuse an out-of-range score or a missing reason with its own code and words.
 */
const scale = {
  score: z.number(),
  reason: z.string().max(TEXT_LIMITS.scaleReason, lengthRule(TEXT_LIMITS.scaleReason)),
};
const view = {
  view: ThresholdChoice,
  recommendedCategory: Category.optional(),
  reason: boundedText(DECISION_LIMITS.viewReason).min(1, "a reason is required"),
  /** Under one view per agency: speak for the agency instead of a colleague who already has. */
  replaceAgencyView: z.boolean().default(false),
};
const dissent = { reason: Reason, escalate: z.boolean() };
const IsoDate = z.iso.date("must be a date like 2026-01-31");

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...shape }).strict();

export const Command = z.discriminatedUnion("type", [
  cmd("confidentiality.accept", {}),
  cmd("conference.start", {}),
  cmd("conference.break", {}),
  cmd("conference.resume", {}),
  cmd("conference.end", {}),
  cmd("room.settings", {
    autoAdmitProfessionals: z.boolean().optional(),
    /** After this time arrivals wait in the lobby, marked late; null clears it. */
    lateAfter: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  cmd("lobby.message", { participantId: Id, text: Message }),
  cmd("participant.warn", { participantId: Id, text: Message }),
  cmd("participant.toLobby", { participantId: Id }),
  cmd("participant.readmit", { participantId: Id }),
  cmd("device.admit", { participantId: Id }),
  cmd("attendance.inRoom", { participantId: Id }),
  cmd("attendance.apologies", { participantId: Id, reportSubmitted: z.boolean() }),
  cmd("attendance.left", { participantId: Id }),
  cmd("participant.addInRoom", {
    name: boundedText(TEXT_LIMITS.name).min(1),
    role: z.enum([
      "social_worker",
      "team_manager",
      "professional",
      "observer",
      "parent",
      "carer",
      "young_person",
    ]),
    agency: boundedText(TEXT_LIMITS.name).min(1).optional(),
    directContact: z.boolean().default(false),
  }),
  cmd("quorum.proceedInquorate", { reason: Reason }),
  cmd("hand.raise", {}),
  cmd("hand.lower", {}),
  cmd("hand.dismiss", { participantId: Id }),
  cmd("chat.send", { text: Message }),
  cmd("chat.toRecord", { messageId: Id }),
  cmd("chair.handover", { participantId: Id }),
  cmd("leave", {}),
  cmd("lobby.admit", target),
  cmd("lobby.refuse", target),
  cmd("participant.mute", target),
  cmd("participant.unmute", target),
  cmd("participant.remove", { ...target, reason: Reason }),
  cmd("agenda.move", { index: z.number().int().min(0).max(50) }),
  cmd("content.create", {
    kind: ContentKind.extract(["mapping_item", "danger_statement", "safety_goal"]),
    area: MappingArea.optional(),
    children: z.array(Id).max(20).default([]),
  }),
  cmd("content.remove", { contentId: Id }),
  /** Reorder within an area: the item goes just before `before`, or last when it is null. */
  cmd("content.move", { contentId: Id, before: Id.nullable() }),
  cmd("content.attribute", { contentId: Id, authorId: Id }),
  cmd("content.children", { contentId: Id, children: z.array(Id).max(20) }),
  cmd("content.share", { contentId: Id }),
  cmd("content.unshare", { contentId: Id }),
  cmd("content.withhold", { contentId: Id, from: z.array(Id).min(1).max(50), reason: Reason }),
  cmd("content.release", { contentId: Id, from: z.array(Id).min(1).max(50) }),
  cmd("content.youngPeople", { contentId: Id, visible: z.boolean() }),
  /** Exclude a family member (with the people with them) for part of the meeting (`001` 7.6). */
  cmd("exclusion.start", {
    participantId: Id,
    ground: z.enum(EXCLUSION_GROUNDS),
    note: boundedText(TEXT_LIMITS.note).min(1, "a note is required"),
  }),
  cmd("exclusion.end", { participantId: Id }),
  /** Release what was held from them while they were out: these items, or all of them. */
  cmd("exclusion.release", {
    participantId: Id,
    contentIds: z.union([z.array(Id).min(1).max(500), z.literal("all")]),
  }),
  /** An excluded family member sends their views for the chair to present (`001` 7.6.13). */
  cmd("family.viewsForChair", { text: boundedText(TEXT_LIMITS.viewsForChair).min(1) }),
  cmd("family.contribute", {
    area: MappingArea.extract(["going_well", "worries_future_danger", "next_steps"]),
    text: boundedText(TEXT_LIMITS.contribution).min(1),
  }),
  /**
   * A split conference (`001` 7.6.3): start a part with these family members present. Every other
   * family member goes out on the `family_conflict` ground with this note; those named come back.
   */
  cmd("split.part", {
    present: z.array(Id).min(1).max(20),
    note: boundedText(TEXT_LIMITS.note).min(1, "a note is required"),
  }),
  /** End the split: everyone out on the split-conference ground comes back. */
  cmd("split.end", {}),
  /** The child's voice in written words (a letter or picture is uploaded over HTTP, docs/API.md). */
  cmd("voice.write", { text: boundedText(TEXT_LIMITS.voice).min(1, "write the views"), ...voiceFields }),
  /** Who the young person wants to see a child's voice item; narrows at once, widens when confirmed. */
  cmd("voice.wish", { contentId: Id, wish: VoiceWish }),
  /** The chair confirms the young person's choice. */
  cmd("voice.confirm", { contentId: Id }),
  // ---- Per subject child: scaling, views, the decision, dissent, what follows (shared/childState.ts) ----
  /** Your own safety scale; from a supporter, advocate or interpreter, their family member's. */
  cmd("scaling.set", { ...child, ...scale }),
  /** The chair or minute taker enters the scale of someone in the room (hybrid, no device). */
  cmd("scaling.setFor", { ...child, ...target, ...scale }),
  cmd("scaling.close", child),
  cmd("scaling.reopen", child),
  /** Which scales the family sees: these people's, or everyone's scaled so far; replaces the choice. */
  cmd("scaling.share", {
    ...child,
    participantIds: z.union([z.literal("all"), z.array(Id).max(200)]),
    youngPeople: z.boolean().default(false),
  }),
  cmd("views.open", child),
  cmd("views.close", child),
  cmd("view.give", { ...child, ...view }),
  /** The chair or minute taker enters the view of a professional in the room without a device. */
  cmd("view.giveFor", { ...child, ...target, ...view }),
  cmd("decision.record", ChildDecision.shape),
  cmd("decision.reopen", { ...child, reason: Reason }),
  cmd("dissent.record", { ...child, ...dissent }),
  cmd("dissent.recordFor", { ...child, ...target, ...dissent }),
  cmd("outcome.set", {
    ...child,
    keyWorkerId: Id,
    coreGroup: z.array(Id).max(100),
    /** Null only after a review, where the core group already meets. */
    firstCoreGroupDate: IsoDate.nullable(),
    nextReviewDate: IsoDate,
  }),
  cmd("outcome.childInNeed", {
    ...child,
    recommendations: z.array(boundedText(TEXT_LIMITS.recommendation).min(1, "is required")).min(1).max(30),
  }),
  // ---- The record: minutes, the outline plan, sign-off and copies (shared/record.ts) ----
  /** The minutes of an agenda item: its section, made on first use (result `{ contentId }`). */
  cmd("minutes.open", { agendaItem: z.enum(AGENDA_ITEMS) }),
  /** A further part of an agenda item's minutes, to mark professionals-only or withhold on its own. */
  cmd("minutes.addPart", { agendaItem: z.enum(AGENDA_ITEMS), children: z.array(Id).max(20).default([]) }),
  cmd("plan.addAction", { ...PlanActionFields, children: PlanActionFields.children.default([]) }),
  cmd("plan.changeAction", {
    actionId: Id,
    what: PlanActionFields.what.optional(),
    who: PlanActionFields.who.optional(),
    byWhen: PlanActionFields.byWhen.optional(),
    outcome: PlanActionFields.outcome.optional(),
    children: PlanActionFields.children.optional(),
  }),
  cmd("plan.removeAction", { actionId: Id }),
  /** The action goes just before `before`, or last when it is null. */
  cmd("plan.moveAction", { actionId: Id, before: Id.nullable() }),
  cmd("plan.share", { shared: z.boolean() }),
  cmd("record.signOff", {}),
  cmd("record.addendum", { text: boundedText(TEXT_LIMITS.addendum).min(1, "write the correction") }),
  /** The chair's choices for one person's copy: the parts they missed, and a young person's copy. */
  cmd("record.copyChoice", {
    participantId: Id,
    exclusionParts: z.enum(EXCLUSION_PARTS).optional(),
    childCopy: z.boolean().optional(),
  }),
  /** The family member's consent for their supporter's (advocate's, solicitor's) copy. */
  cmd("record.consent", {
    participantId: Id,
    given: z.boolean(),
    note: boundedText(TEXT_LIMITS.consentNote).default(""),
  }),
  cmd("record.markSent", {
    participantId: Id,
    document: z.enum(RECORD_DOCUMENTS),
    format: z.enum(COPY_FORMATS),
    via: z.enum(SEND_VIA),
  }),
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export type CommandError = { code: ErrorCode; message: string; issues?: { path: string; message: string }[] };
export type CommandAck = { ok: true; result?: Record<string, unknown> } | { ok: false; error: CommandError };

/** What the server tells one person about themselves, on connect and whenever it changes. */
export interface PersonalStatus {
  participantId: string;
  presence: "invited" | "lobby" | "in_room" | "apologies" | "left" | "removed" | "refused";
  muted: boolean;
  /** Waiting after the time the chair set for late arrivals. */
  late: boolean;
  /** Private messages from the chair while in the lobby, and warnings, newest last. */
  messages: { kind: "lobby" | "warning"; text: string; at: number }[];
  /** Out of the meeting for now (an exclusion period or the other part of a split conference). */
  excluded: boolean;
  isChair: boolean;
  conferenceStatus: "scheduled" | "open" | "on_break" | "ended";
  /** The Yjs documents this person may open now, and whether they may write to each. */
  documents: { name: string; access: "read" | "write" }[];
}

export interface ServerToClientEvents {
  status: (status: PersonalStatus) => void;
  notice: (notice: { code: string; message: string }) => void;
}

export interface ClientToServerEvents {
  command: (command: unknown, ack: (ack: CommandAck) => void) => void;
}

/** Yjs document names: `<conferenceId>:professional`, `<conferenceId>:state`, `<conferenceId>:view:<participantId>`. */
export type DocRef =
  | { conferenceId: string; kind: "professional" }
  | { conferenceId: string; kind: "state" }
  | { conferenceId: string; kind: "view"; principalId: string };

const DOC_NAME = /^([A-Za-z0-9_-]{22}):(professional|state|view:([A-Za-z0-9_-]{22}))$/;

export function parseDocName(name: string): DocRef | undefined {
  const m = DOC_NAME.exec(name);
  if (!m) return undefined;
  const conferenceId = m[1]!;
  if (m[2] === "professional") return { conferenceId, kind: "professional" };
  if (m[2] === "state") return { conferenceId, kind: "state" };
  return { conferenceId, kind: "view", principalId: m[3]! };
}

export function docName(ref: DocRef): string {
  return ref.kind === "view"
    ? `${ref.conferenceId}:view:${ref.principalId}`
    : `${ref.conferenceId}:${ref.kind}`;
}
