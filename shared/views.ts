import { givesScale, tallyOf } from "./childPermissions";
import {
  type ChildState,
  type DissentEntry,
  median,
  type Outcome,
  type RecordedDecision,
} from "./childState";
import type { VoiceEntry, VoiceFileType, VoiceForm, VoiceWish } from "./childsVoice";
import { type ProposedDates, proposeDates } from "./dates";
import { eligibleVoters, type Tally, type ThresholdChoice } from "./decision";
import { agencyOf, isFamilyRole, type Participant, ROLE_LABEL } from "./domain";
import { CATEGORY_LABEL, type Category, type PolicyProfile } from "./policy";
import { agencyKey, assessRoomQuorum } from "./quorum";
import {
  type AgendaItem,
  EXCLUSION_GROUND_LABEL,
  type Exclusion,
  excludedNow,
  type Presence,
  type RoomState,
} from "./room";
import { apartAt } from "./split";
import { type ContentMeta, MAPPING_AREA_LABEL, principalOf, visibleTo } from "./visibility";

/**
 * What the server writes into the documents, as plain data. The state document (full view) and each
 * family member's projection are kept equal to these functions of the room state; the client reads
 * the same shapes. Nothing here is sent to anyone the permission rules do not allow.
 */

// ---- The state document (full-view participants only) -------------------------------------------

export interface ConferenceSection {
  id: string;
  title: string;
  kind: string;
  status: string;
  scheduledStart: string;
  chairId: string | null;
  children: { id: string; name: string; subject: boolean; dateOfBirth?: string; expectedDate?: string }[];
  agenda: { items: AgendaItem[]; current: number };
  /** Whose procedures apply, and the category rule the chair's decision is checked against (shown beforehand). */
  policy: { preset: string; name: string; categories: PolicyProfile["categories"] };
  settings: { autoAdmitProfessionals: boolean; lateAfter: string | null };
  quorum: { quorate: boolean; count: number; minimum: number; agencies: string[]; reason: string };
  inquorate: { at: number; reason: string; by: string } | null;
  /** Deadlines and latest dates from the kind, the start and the profile (shared/dates.ts). */
  dates: ProposedDates;
}

export interface ParticipantEntry {
  id: string;
  name: string;
  role: Participant["role"];
  agency: string | null;
  directContact: boolean;
  supports: string | null;
  inRoomOnly: boolean;
  presence: Presence;
  muted: boolean;
  online: boolean;
  late: boolean;
  reportSubmitted: boolean;
  handRaisedAt: number | null;
  deviceRequestedAt: number | null;
  admittedAt: number | null;
  leftAt: number | null;
  warnings: number;
}

export type ContentEntry = ContentMeta & { position: number; text?: string; voice?: VoiceEntry };

export function conferenceSection(state: RoomState): ConferenceSection {
  const c = state.conference;
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    status: c.status,
    scheduledStart: c.scheduledStart,
    chairId: state.chairId,
    children: c.children.map((ch) => ({ ...ch })),
    agenda: { items: [...state.agenda.items], current: state.agenda.current },
    policy: {
      preset: c.policyProfile.preset,
      name: c.policyProfile.name,
      categories: { ...c.policyProfile.categories },
    },
    settings: { ...state.settings },
    quorum: (({ quorate, count, minimum, agencies, reason }) => ({
      quorate,
      count,
      minimum,
      agencies,
      reason,
    }))(assessRoomQuorum(state)),
    inquorate: state.inquorate,
    dates: conferenceDates(state),
  };
}

export function participantEntries(
  state: RoomState,
  online: ReadonlySet<string>,
): Record<string, ParticipantEntry> {
  const out: Record<string, ParticipantEntry> = {};
  for (const p of Object.values(state.participants)) {
    const a = state.attendance[p.id];
    out[p.id] = {
      id: p.id,
      name: p.name,
      role: p.role,
      agency: agencyOf(p) ?? p.agency ?? null,
      directContact: p.directContact,
      supports: p.supports ?? null,
      inRoomOnly: p.inRoomOnly,
      presence: a?.presence ?? "invited",
      muted: a?.muted ?? false,
      online: online.has(p.id),
      late: a?.late ?? false,
      reportSubmitted: a?.reportSubmitted ?? false,
      handRaisedAt: a?.handRaisedAt ?? null,
      deviceRequestedAt: a?.deviceRequestedAt ?? null,
      admittedAt: a?.admittedAt ?? null,
      leftAt: a?.leftAt ?? null,
      warnings: (a?.messages ?? []).filter((m) => m.kind === "warning").length,
    };
  }
  return out;
}

export function contentEntries(state: RoomState): Record<string, ContentEntry> {
  const out: Record<string, ContentEntry> = {};
  for (const meta of Object.values(state.content)) {
    const text = state.familyText[meta.id];
    const position = state.order[meta.id] ?? meta.createdAt;
    const entry: ContentEntry = text === undefined ? { ...meta, position } : { ...meta, position, text };
    const voice = state.childsVoice[meta.id];
    out[meta.id] = voice ? { ...entry, voice } : entry;
  }
  return out;
}

/** The practical chat (full view only; not part of the record unless the chair adds a message). */
export function chatEntries(state: RoomState): Record<string, RoomState["chat"][number]> {
  return Object.fromEntries(state.chat.slice(-200).map((m) => [m.id, m]));
}

// ---- A family member's projection -----------------------------------------------------------------

export interface FamilyRoom {
  title: string;
  kind: string;
  status: string;
  scheduledStart: string;
  agenda: { items: AgendaItem[]; current: number };
  /** The family member this view is for. */
  principal: { name: string; role: Participant["role"] };
  /** Who is in the room: professionals by role and agency. */
  present: { name: string; role: Participant["role"]; agency: string | null }[];
  /**
   * For a young person only: the parents and carers invited, so they can choose who does not see
   * their views (the child's voice). Absent from every other projection.
   */
  family?: { id: string; name: string; role: Participant["role"] }[];
}

/** The fields of one projected item besides its text. */
export interface FamilyItem {
  kind: ContentMeta["kind"];
  area: string | null;
  areaLabel: string | null;
  children: string[];
  /** Written by this family member or the person with them. */
  mine: boolean;
  /** Who wrote it, as the family should see it ("Police", "Social worker", "You"). */
  by: string;
  /** Display order (lower first): the item's rank among those this family member sees. */
  position: number;
  /** A child's voice item: its form and title, and its file's type (fetched from the file endpoint). */
  voice?: FamilyVoice;
}

export interface FamilyVoice {
  form: VoiceForm;
  title: string;
  file: { mime: VoiceFileType; size: number } | null;
  /** Whose views: "You", or the young person's or child's first name. */
  whose: string;
  /** Only in the projection of the young person whose views these are: their choice and whether the chair agreed. */
  wish?: VoiceWish;
  confirmed?: boolean;
}

export function familyRoom(state: RoomState, principalId: string): FamilyRoom {
  const c = state.conference;
  const principal = state.participants[principalId];
  // Someone out of the meeting is not "here" (in a split conference, not even that they came).
  const out = new Set(excludedNow(state));
  const present = Object.values(state.participants)
    .filter((p) => state.attendance[p.id]?.presence === "in_room")
    .filter((p) => {
      const group = principalOf(
        { participantId: p.id, role: p.role, supports: p.supports },
        state.participants,
      );
      return group === undefined || !out.has(group);
    })
    .map((p) => ({ name: p.name, role: p.role, agency: agencyOf(p) ?? null }));
  return {
    title: c.title,
    kind: c.kind,
    status: c.status,
    scheduledStart: c.scheduledStart,
    agenda: { items: [...state.agenda.items], current: state.agenda.current },
    principal: { name: principal?.name ?? "", role: principal?.role ?? "parent" },
    present,
    ...(principal?.role === "young_person"
      ? {
          family: Object.values(state.participants)
            .filter((p) => p.role === "parent" || p.role === "carer")
            .map((p) => ({ id: p.id, name: p.name, role: p.role })),
        }
      : {}),
  };
}

/** The content this family member may see, with what their projection shows of each. */
export function familyItems(state: RoomState, principalId: string): Map<string, FamilyItem> {
  const principal = state.participants[principalId];
  const out = new Map<string, FamilyItem>();
  if (!principal) return out;
  const viewer = { participantId: principal.id, role: principal.role, supports: principal.supports };
  for (const meta of Object.values(state.content)) {
    if (!visibleTo(meta, viewer, state.participants)) continue;
    const author = state.participants[meta.authorId];
    const mine =
      author !== undefined &&
      principalOf(
        { participantId: author.id, role: author.role, supports: author.supports },
        state.participants,
      ) === principalId;
    out.set(meta.id, {
      kind: meta.kind,
      area: meta.area ?? null,
      areaLabel: meta.area ? MAPPING_AREA_LABEL[meta.area] : null,
      children: [...meta.children],
      mine,
      by: mine ? "You" : author ? authorLabel(author) : "",
      position: state.order[meta.id] ?? meta.createdAt,
      ...(meta.kind === "childs_voice" ? familyVoice(state, meta, principalId) : {}),
    });
  }
  // Ranks among what they may see, not the positions themselves: those are creation times, or
  // midpoints between neighbours that may be hidden from them, so would tell that a hidden item is
  // there and when it was made.
  [...out.values()]
    .sort((a, b) => a.position - b.position)
    .forEach((item, rank) => {
      item.position = rank;
    });
  return out;
}

function familyVoice(state: RoomState, meta: ContentMeta, principalId: string): { voice?: FamilyVoice } {
  const entry = state.childsVoice[meta.id];
  if (!entry) return {};
  const own = entry.youngPersonId === principalId;
  const child = state.conference.children.find((c) => meta.children.includes(c.id));
  const whose = own
    ? "You"
    : firstName(state.participants[entry.youngPersonId ?? ""]?.name ?? child?.name ?? "");
  return {
    voice: {
      form: entry.form,
      title: entry.title,
      file: entry.file,
      whose,
      ...(own ? { wish: entry.wish, confirmed: entry.confirmed !== null } : {}),
    },
  };
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? "";
}

function authorLabel(p: Participant): string {
  const agency = agencyOf(p);
  return agency ? `${ROLE_LABEL[p.role]}, ${agency}` : ROLE_LABEL[p.role];
}

// ---- Per subject child: scaling, views, the decision and what follows --------------------------------

/** A person as the record names them. */
export interface PersonRef {
  id: string;
  name: string;
  role: Participant["role"];
  agency: string | null;
}

export interface ScaleSummary {
  count: number;
  min: number;
  max: number;
  median: number;
}

export interface ScaleRow extends PersonRef {
  score: number;
  reason: string;
  /** Who entered it, when not the person themselves (the chair, minute taker or a supporter). */
  enteredBy: PersonRef | null;
  at: number;
  /** The chair has shared this scale with the family. */
  shared: boolean;
}

export interface ViewRow extends PersonRef {
  view: ThresholdChoice;
  recommendedCategory: Category | null;
  reason: string;
  enteredBy: PersonRef | null;
  at: number;
}

export interface DecisionEntry {
  plan: boolean;
  categories: Category[];
  categoryLabels: string[];
  substantialEmotionalConcern: string | null;
  rationale: string;
  overrideReason: string | null;
  overrodeMajority: boolean;
  /** The tally of views when the chair decided. */
  tally: Tally;
  by: PersonRef | null;
  at: number;
  /** The words the family sees (FamilyDecision.text). */
  familyText: string;
}

export interface DissentRow extends PersonRef {
  reason: string;
  escalate: boolean;
  view: ThresholdChoice | null;
  enteredBy: PersonRef | null;
  at: number;
}

export type OutcomeEntry =
  | {
      kind: "plan";
      keyWorker: PersonRef | null;
      coreGroup: PersonRef[];
      firstCoreGroupDate: string | null;
      nextReviewDate: string;
      by: PersonRef | null;
      at: number;
    }
  | { kind: "child_in_need"; recommendations: string[]; by: PersonRef | null; at: number };

/** One subject child in the state document (map `children`, keyed by child id). */
export interface ChildEntry {
  id: string;
  name: string;
  scaling: {
    status: "open" | "closed";
    /** Oldest first. */
    entries: ScaleRow[];
    summary: { all: ScaleSummary | null; professionals: ScaleSummary | null; family: ScaleSummary | null };
    sharedWithYoungPeople: boolean;
    /** In the room, able to give a scale, and not given one yet. */
    waitingFor: PersonRef[];
  };
  views: {
    status: "not_open" | "open" | "closed";
    rule: {
      mode: PolicyProfile["decisionRule"]["mode"];
      overrideNeedsReason: boolean;
      oneViewPerAgency: boolean;
    };
    /** Oldest first. */
    entries: ViewRow[];
    tally: Tally;
    /** Professionals in the room whose view (or whose agency's view) is not in yet. */
    waitingFor: PersonRef[];
  };
  decision: DecisionEntry | null;
  dissent: DissentRow[];
  outcome: OutcomeEntry | null;
  /** With a plan: what the app proposes, and the latest dates the profile allows. */
  proposed: {
    keyWorkerId: string | null;
    coreGroup: string[];
    firstCoreGroupDate: string | null;
    nextReviewDate: string;
    firstCoreGroupBy: string | null;
    nextReviewBy: string;
    /** The conference went ahead inquorate: an early review must follow (`001` 7.3.18-19). */
    earlyReview: boolean;
  } | null;
  /** Decisions the chair reopened, oldest first, each with its reason. */
  history: {
    decision: DecisionEntry;
    dissent: DissentRow[];
    outcome: OutcomeEntry | null;
    reopened: { at: number; by: PersonRef | null; reason: string };
  }[];
}

function personRef(state: RoomState, id: string): PersonRef | null {
  const p = state.participants[id];
  return p ? { id: p.id, name: p.name, role: p.role, agency: agencyOf(p) ?? p.agency ?? null } : null;
}

function personRefOrUnknown(state: RoomState, id: string): PersonRef {
  return personRef(state, id) ?? { id, name: "", role: "observer", agency: null };
}

function summarise(scores: number[]): ScaleSummary | null {
  const mid = median(scores);
  if (mid === null) return null;
  return { count: scores.length, min: Math.min(...scores), max: Math.max(...scores), median: mid };
}

const inRoom = (state: RoomState, id: string) => state.attendance[id]?.presence === "in_room";
const byTime = <T extends { at: number }>(rows: T[]): T[] => rows.sort((a, b) => a.at - b.at);
const enteredByOther = (state: RoomState, entry: { participantId: string; enteredBy: string }) =>
  entry.enteredBy === entry.participantId ? null : personRef(state, entry.enteredBy);

function childName(state: RoomState, childId: string): string {
  return state.conference.children.find((c) => c.id === childId)?.name ?? "";
}

/** Lower-case category words for a sentence: "neglect", "emotional abuse". */
function categoryWords(categories: readonly Category[]): string[] {
  return categories.map((c) => CATEGORY_LABEL[c].toLowerCase());
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** The decision in plain English, as the family reads it. */
export function decisionSentence(name: string, decision: { plan: boolean; categories: Category[] }): string {
  if (!decision.plan) return `The conference decided that ${name} does not need a child protection plan.`;
  const words = categoryWords(decision.categories);
  const under = words.length === 1 ? "the category of" : "the categories of";
  return `The conference decided that ${name} needs a child protection plan, under ${under} ${listWords(words)}.`;
}

function decisionEntry(state: RoomState, childId: string, d: RecordedDecision): DecisionEntry {
  return {
    plan: d.plan,
    categories: [...d.categories],
    categoryLabels: d.categories.map((c) => CATEGORY_LABEL[c]),
    substantialEmotionalConcern: d.substantialEmotionalConcern ?? null,
    rationale: d.rationale,
    overrideReason: d.overrideReason ?? null,
    overrodeMajority: d.overrodeMajority,
    tally: { ...d.tally },
    by: personRef(state, d.by),
    at: d.at,
    familyText: decisionSentence(childName(state, childId), d),
  };
}

function dissentRows(state: RoomState, dissent: readonly DissentEntry[]): DissentRow[] {
  return byTime(
    dissent.map((x) => ({
      ...personRefOrUnknown(state, x.participantId),
      reason: x.reason,
      escalate: x.escalate,
      view: x.view,
      enteredBy: enteredByOther(state, x),
      at: x.at,
    })),
  );
}

function outcomeEntry(state: RoomState, o: Outcome | null): OutcomeEntry | null {
  if (!o) return null;
  if (o.kind === "child_in_need")
    return { kind: o.kind, recommendations: [...o.recommendations], by: personRef(state, o.by), at: o.at };
  return {
    kind: o.kind,
    keyWorker: personRef(state, o.keyWorkerId),
    coreGroup: o.coreGroup.map((id) => personRefOrUnknown(state, id)),
    firstCoreGroupDate: o.firstCoreGroupDate,
    nextReviewDate: o.nextReviewDate,
    by: personRef(state, o.by),
    at: o.at,
  };
}

/** The dates this conference proposes and the limits it sets (shared/dates.ts proposeDates). */
export function conferenceDates(state: RoomState): ProposedDates {
  const c = state.conference;
  return proposeDates(c.kind, c.scheduledStart, c.policyProfile);
}

/** The app's proposal after a plan: the social worker as key worker, those most involved as core group. */
function proposal(state: RoomState): NonNullable<ChildEntry["proposed"]> {
  const dates = conferenceDates(state);
  const people = Object.values(state.participants);
  const keyWorker =
    people.find((p) => p.role === "social_worker" && inRoom(state, p.id)) ??
    people.find((p) => p.role === "social_worker") ??
    people.find((p) => p.role === "team_manager");
  const coreGroup = people
    .filter(
      (p) =>
        p.role === "social_worker" ||
        p.role === "parent" ||
        p.role === "carer" ||
        p.role === "young_person" ||
        (p.role === "professional" && p.directContact),
    )
    .map((p) => p.id);
  return {
    keyWorkerId: keyWorker?.id ?? null,
    coreGroup,
    firstCoreGroupDate: dates.firstCoreGroupBy,
    nextReviewDate: dates.nextReviewBy,
    firstCoreGroupBy: dates.firstCoreGroupBy,
    nextReviewBy: dates.nextReviewBy,
    earlyReview: state.inquorate !== null,
  };
}

function childEntry(state: RoomState, childId: string, child: ChildState): ChildEntry {
  const profile = state.conference.policyProfile;
  const scales = byTime(
    Object.values(child.scaling.entries).map((e) => ({
      ...personRefOrUnknown(state, e.participantId),
      score: e.score,
      reason: e.reason,
      enteredBy: enteredByOther(state, e),
      at: e.at,
      shared: child.scaling.shared.includes(e.participantId),
    })),
  );
  const scoresOf = (family: boolean) =>
    scales.filter((s) => isFamilyRole(s.role) === family).map((s) => s.score);
  const present = Object.values(state.participants).filter((p) => inRoom(state, p.id));
  const views = byTime(
    Object.values(child.views.entries).map((v) => ({
      ...personRefOrUnknown(state, v.participantId),
      view: v.view,
      recommendedCategory: v.recommendedCategory ?? null,
      reason: v.reason,
      enteredBy: enteredByOther(state, v),
      at: v.at,
    })),
  );
  const agenciesHeard = new Set(views.map((v) => (v.agency ? agencyKey(v.agency) : v.id)));
  const viewsAwaited = eligibleVoters(profile, present).filter((p) => {
    if (child.views.entries[p.id]) return false;
    const agency = agencyOf(p);
    return !(profile.oneViewPerAgency && agency && agenciesHeard.has(agencyKey(agency)));
  });
  return {
    id: childId,
    name: childName(state, childId),
    scaling: {
      status: child.scaling.closed ? "closed" : "open",
      entries: scales,
      summary: {
        all: summarise(scales.map((s) => s.score)),
        professionals: summarise(scoresOf(false)),
        family: summarise(scoresOf(true)),
      },
      sharedWithYoungPeople: child.scaling.sharedWithYoungPeople,
      waitingFor: present
        .filter((p) => givesScale(p.role) && !child.scaling.entries[p.id])
        .map((p) => personRefOrUnknown(state, p.id)),
    },
    views: {
      status: child.views.status,
      rule: {
        mode: profile.decisionRule.mode,
        overrideNeedsReason: profile.decisionRule.overrideNeedsReason,
        oneViewPerAgency: profile.oneViewPerAgency,
      },
      entries: views,
      tally: tallyOf(state, child),
      waitingFor: viewsAwaited.map((p) => personRefOrUnknown(state, p.id)),
    },
    decision: child.decision ? decisionEntry(state, childId, child.decision) : null,
    dissent: dissentRows(state, Object.values(child.dissent)),
    outcome: outcomeEntry(state, child.outcome),
    proposed: child.decision?.plan ? proposal(state) : null,
    history: child.history.map((h) => ({
      decision: decisionEntry(state, childId, h.decision),
      dissent: dissentRows(state, h.dissent),
      outcome: outcomeEntry(state, h.outcome),
      reopened: { at: h.reopened.at, by: personRef(state, h.reopened.by), reason: h.reopened.reason },
    })),
  };
}

/** The state document's `children` map: one entry per subject child. */
export function childEntries(state: RoomState): Record<string, ChildEntry> {
  const out: Record<string, ChildEntry> = {};
  for (const [childId, child] of Object.entries(state.children))
    out[childId] = childEntry(state, childId, child);
  return out;
}

// ---- Per subject child, as a family member sees it ------------------------------------------------

export interface FamilyDecision {
  plan: boolean;
  /** Plain words: "neglect", "emotional abuse". */
  categories: string[];
  /** "The conference decided that Amy needs a child protection plan, under the category of neglect." */
  text: string;
  /** One or two sentences on what that means, without jargon. */
  explanation: string;
  /** How to disagree (`001` 7.13, `004`). */
  disagree: string;
  keyWorker: { name: string; role: Participant["role"] } | null;
  coreGroup: { name: string; role: Participant["role"]; agency: string | null }[];
  firstCoreGroupDate: string | null;
  nextReviewDate: string | null;
  at: number;
}

/** One subject child in a family member's projection (map `children`, keyed by child id). */
export interface FamilyChild {
  name: string;
  scaling: {
    open: boolean;
    /** This family member's own scale, whoever entered it. */
    mine: { score: number; reason: string; enteredBy: string } | null;
    /** The scales the chair chose to share. */
    shared: {
      name: string;
      role: Participant["role"];
      agency: string | null;
      score: number;
      reason: string;
    }[];
  };
  /** Always shown once made: no exclusion or withholding hides the decision from the family. */
  decision: FamilyDecision | null;
  /** The chair reopened the decision and has not recorded it again yet. */
  reconsidering: boolean;
}

const DISAGREE =
  "If you do not agree with the decision, tell the chair. They will explain how you can challenge it or make a complaint.";

function familyDecision(state: RoomState, childId: string, child: ChildState): FamilyDecision | null {
  const d = child.decision;
  if (!d) return null;
  const name = childName(state, childId);
  const o = child.outcome;
  const plan = o?.kind === "plan" ? o : null;
  const explanation = d.plan
    ? "A child protection plan sets out what the family and the professionals will do to keep a child safe. " +
      "The category is the main kind of harm the plan is about."
    : "A child protection plan is made only when a child is at continuing risk of serious harm." +
      (o?.kind === "child_in_need"
        ? ` The conference has recommended help and support for ${name} through a child in need plan. The social worker will go through it with you.`
        : "");
  const keyWorker = plan ? state.participants[plan.keyWorkerId] : undefined;
  return {
    plan: d.plan,
    categories: categoryWords(d.categories),
    text: decisionSentence(name, d),
    explanation,
    disagree: DISAGREE,
    keyWorker: keyWorker ? { name: keyWorker.name, role: keyWorker.role } : null,
    coreGroup: (plan?.coreGroup ?? []).flatMap((id) => {
      const p = state.participants[id];
      return p ? [{ name: p.name, role: p.role, agency: agencyOf(p) ?? null }] : [];
    }),
    firstCoreGroupDate: plan?.firstCoreGroupDate ?? null,
    nextReviewDate: plan?.nextReviewDate ?? null,
    at: d.at,
  };
}

function enteredByLabel(state: RoomState, principalId: string, enteredBy: string): string {
  const p = state.participants[enteredBy];
  if (!p) return "";
  const group = principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants);
  if (group === principalId) return "You";
  return p.role === "chair"
    ? "The chair"
    : p.role === "minute_taker"
      ? "The minute taker"
      : ROLE_LABEL[p.role];
}

/**
 * Whose scales for this child a family member sees beside their own: those the chair shared, none
 * for a young person unless shared with young people too, and in a split conference none given by
 * the other side while the two were apart. Their projection and their copy of the record both ask here.
 */
export function scalesSharedWith(
  state: RoomState,
  child: RoomState["children"][string],
  principalId: string,
): string[] {
  const principal = state.participants[principalId];
  if (!principal) return [];
  if (principal.role === "young_person" && !child.scaling.sharedWithYoungPeople) return [];
  return child.scaling.shared.filter(
    (id) => id !== principalId && !apartAt(state, id, principalId, child.scaling.entries[id]?.at ?? 0),
  );
}

/** A family member's `children` map: their own scale, the scales shared with them, and the decision. */
export function familyChildren(state: RoomState, principalId: string): Record<string, FamilyChild> {
  const principal = state.participants[principalId];
  const out: Record<string, FamilyChild> = {};
  if (!principal) return out;
  for (const [childId, child] of Object.entries(state.children)) {
    const own = child.scaling.entries[principalId];
    const shared = byTime(
      scalesSharedWith(state, child, principalId).flatMap((id) => {
        const e = child.scaling.entries[id];
        const p = state.participants[id];
        return e && p
          ? [
              {
                name: p.name,
                role: p.role,
                agency: agencyOf(p) ?? null,
                score: e.score,
                reason: e.reason,
                at: e.at,
              },
            ]
          : [];
      }),
    ).map(({ at: _at, ...row }) => row);
    out[childId] = {
      name: childName(state, childId),
      scaling: {
        open: !child.scaling.closed,
        mine: own
          ? {
              score: own.score,
              reason: own.reason,
              enteredBy: enteredByLabel(state, principalId, own.enteredBy),
            }
          : null,
        shared,
      },
      decision: familyDecision(state, childId, child),
      reconsidering: child.decision === null && child.history.length > 0,
    };
  }
  return out;
}

/** Exclusion periods, for the full view: who, on what ground, why, from when to when. */
export function exclusionEntries(
  state: RoomState,
): Record<string, Exclusion & { groundLabel: string; minutes: number | null }> {
  return Object.fromEntries(
    state.exclusions.map((e) => [
      e.id,
      {
        ...e,
        groundLabel: EXCLUSION_GROUND_LABEL[e.ground],
        minutes: e.endAt === null ? null : Math.round((e.endAt - e.startAt) / 60_000),
      },
    ]),
  );
}
