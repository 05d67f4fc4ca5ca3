import type { Outcome } from "./childState";
import { londonDate } from "./dates";
import {
  agencyOf,
  CONFERENCE_KIND_LABEL,
  isFamilyRole,
  type Participant,
  ROLE_LABEL,
  type Role,
} from "./domain";
import { CATEGORY_LABEL } from "./policy";
import { assessQuorum } from "./quorum";
import { copyChoiceOf, type ExclusionParts, type PlanTextKey, planActions } from "./record";
import { copyEligibility } from "./recordPermissions";
import type { RichBlock } from "./richText";
import { AGENDA_LABEL, type AgendaItem, EXCLUSION_GROUND_LABEL, type RoomState } from "./room";
import { everApart } from "./split";
import { conferenceDates, decisionSentence, scalesSharedWith } from "./views";
import { type ContentMeta, MAPPING_AREA_LABEL, type MappingArea, principalOf, visibleTo } from "./visibility";

/**
 * Each recipient's copy of the record (DOMAIN.md "The record"; `000` ch.4, `001` 7.11): a pure
 * function of the room state and the professional document's texts. The server renders the result
 * as JSON, PDF and Word (server/record/); the chair's copies screen shows it on screen.
 *
 * - A professional's copy (`full`) holds everything not removed.
 * - A family member's copy (`family`; also the copy of the supporter, advocate, solicitor or
 *   interpreter with them) holds only what `visibleTo` lets that family member see — so no item or
 *   minute section that is professionals-only, withheld from them, or held from them because it was
 *   made or changed while they were out of the meeting. For a person who was out of part of the
 *   meeting the chair may choose, per person (recorded), to include those held parts after all
 *   (`exclusionParts: include`); the default leaves them out. The decision, the outcome and the plan
 *   are in every copy, whatever else is left out.
 * - Never in a family copy: the professionals' views on the threshold, the reasons recorded with the
 *   decision, dissent, earlier reopened decisions, the practical chat, other people's exclusions and
 *   the chair's notes on any exclusion. They are professionals' working material; what the family is
 *   told of the reasons is in the chair's summary, which the chair shares.
 */

export const RECORD_COPY_VERSION = 1;

export interface RecordTexts {
  /** Plain text of each content item kept as a Y.Text, and of family contributions. */
  texts: Record<string, string>;
  /** Each minute section's rich text. */
  minutes: Record<string, RichBlock[]>;
  plan: Record<PlanTextKey, RichBlock[]>;
}

export interface CopyPerson {
  name: string;
  role: Role;
  roleLabel: string;
  agency: string | null;
}

export interface CopyContent {
  id: string;
  text: string;
  /** Who wrote it: "Sally Social, Social worker" in a full copy; "Social worker" in a family copy. */
  by: string;
  /** The children it is about (names); empty for the whole household. */
  children: string[];
}

export interface CopyMinuteSection {
  id: string;
  blocks: RichBlock[];
  children: string[];
}

export interface CopyChild {
  id: string;
  name: string;
  dateOfBirth: string | null;
  expectedDate: string | null;
  decision: {
    text: string;
    plan: boolean;
    categories: string[];
    at: number;
    by: string | null;
    /** Full copies only. */
    rationale: string | null;
    overrideReason: string | null;
    overrodeMajority: boolean;
    substantialEmotionalConcern: string | null;
  } | null;
  outcome:
    | {
        kind: "plan";
        keyWorker: CopyPerson | null;
        coreGroup: CopyPerson[];
        firstCoreGroupDate: string | null;
        nextReviewDate: string;
      }
    | { kind: "child_in_need"; recommendations: string[] }
    | null;
  scaling: (CopyPerson & { score: number; reason: string })[];
  /** Full copies only. */
  views: (CopyPerson & { view: string; recommendedCategory: string | null; reason: string })[];
  dissent: (CopyPerson & { reason: string; escalate: boolean })[];
  history: { text: string; reopenedAt: number; reason: string }[];
}

export interface RecordCopy {
  version: typeof RECORD_COPY_VERSION;
  kind: "full" | "family";
  conference: {
    id: string;
    title: string;
    kind: string;
    kindLabel: string;
    date: string;
    scheduledStart: string;
    policy: string;
    chair: CopyPerson | null;
    minuteTaker: CopyPerson | null;
  };
  /** Whose copy this is; for a supporter's copy, also the family member they are with. */
  recipient: (CopyPerson & { id: string; with: CopyPerson | null }) | null;
  signedOff: { at: number; by: string | null } | null;
  notes: string[];
  attendance: {
    attended: (CopyPerson & {
      arrivedAt: number | null;
      leftAt: number | null;
      late: boolean;
      inRoom: boolean;
    })[];
    apologies: (CopyPerson & { reportSubmitted: boolean })[];
    notPresent: CopyPerson[];
  };
  quorum: {
    quorate: boolean;
    agencies: string[];
    minimum: number;
    proceededInquorate: { reason: string; at: number } | null;
    earlyReview: boolean;
  };
  exclusions: {
    who: string;
    ground: string;
    note: string | null;
    startAt: number;
    endAt: number | null;
    minutes: number | null;
    planned: boolean;
  }[];
  children: CopyChild[];
  dangerStatements: CopyContent[];
  safetyGoals: CopyContent[];
  mapping: { area: MappingArea; label: string; items: CopyContent[] }[];
  /** The child's voice (content of kind `childs_voice`). */
  childsVoice: CopyContent[];
  /** Family members' views sent to the chair while out of the meeting, and others without an area. */
  familyViews: CopyContent[];
  chairsSummary: CopyMinuteSection[];
  minutes: { agendaItem: AgendaItem; label: string; sections: CopyMinuteSection[] }[];
  plan: {
    shared: boolean;
    actions: { id: string; what: string; who: string; byWhen: string; outcome: string; children: string[] }[];
    contingency: RichBlock[];
    bottomLines: RichBlock[];
  };
  chatInRecord: { by: string; text: string; at: number }[];
  addenda: { at: number; by: string | null; text: string }[];
  dates: { decisionSummaryDue: string; planDue: string | null; recordDue: string };
}

/** Whose view a copy is made from: everything, or one family member's (with the chair's choice). */
export type CopyAudience =
  | { kind: "full" }
  | { kind: "family"; principalId: string; exclusionParts: ExclusionParts };

export const CONFIDENTIAL_NOTE =
  "This record is confidential. It is shared under data protection law so that the children can be kept safe. Do not pass it on to anyone else.";
export const FAMILY_NOTE =
  "If you think something in this record is wrong, or you are unhappy with how the conference was run or with its decision, tell the chair or the social worker. They will explain how to make a complaint.";

export function copyPersonOf(p: Participant | undefined): CopyPerson | null {
  return person(p);
}

function person(p: Participant | undefined): CopyPerson | null {
  if (!p) return null;
  return {
    name: p.name,
    role: p.role,
    roleLabel: ROLE_LABEL[p.role],
    agency: agencyOf(p) ?? p.agency ?? null,
  };
}

function personOrUnknown(p: Participant | undefined): CopyPerson {
  return person(p) ?? { name: "Someone no longer listed", role: "observer", roleLabel: "", agency: null };
}

/** The audience of a recipient's copy, from who they are and the chair's choice; null when they get none. */
export function audienceOf(state: RoomState, recipientId: string): CopyAudience | null {
  const eligible = copyEligibility(state, recipientId);
  if (!eligible.ok) return null;
  if (eligible.kind === "full") return { kind: "full" };
  return {
    kind: "family",
    principalId: eligible.principalId,
    exclusionParts: copyChoiceOf(state.record, eligible.principalId).exclusionParts,
  };
}

/** May this audience see this content item? The chair's choice may give back what was held. */
export function inCopy(state: RoomState, meta: ContentMeta, audience: CopyAudience): boolean {
  if (meta.removed) return false;
  if (audience.kind === "full") return true;
  const principal = state.participants[audience.principalId];
  if (!principal) return false;
  // By default a copy leaves out the parts of the meeting this person missed: what was held from
  // them while they were excluded, and what was made or changed after they had left. The chair may
  // choose to give them those parts too; withholding and professionals-only still apply.
  if (audience.exclusionParts === "leave_out" && meta.missedBy?.includes(audience.principalId)) return false;
  const seen =
    audience.exclusionParts === "include"
      ? { ...meta, heldFrom: meta.heldFrom.filter((id) => id !== audience.principalId) }
      : meta;
  return visibleTo(
    seen,
    { participantId: principal.id, role: principal.role, supports: principal.supports },
    state.participants,
  );
}

function ordered(state: RoomState, metas: ContentMeta[]): ContentMeta[] {
  const pos = (m: ContentMeta) => state.order[m.id] ?? m.createdAt;
  return [...metas].sort((a, b) => pos(a) - pos(b) || a.createdAt - b.createdAt);
}

/** Build the copy of the record for an audience (and the recipient it is for, if one). */
export function buildRecordCopy(
  state: RoomState,
  texts: RecordTexts,
  audience: CopyAudience,
  recipientId: string | null = null,
): RecordCopy {
  const full = audience.kind === "full";
  const ps = state.participants;
  const c = state.conference;
  const childName = (id: string) => c.children.find((x) => x.id === id)?.name ?? "";
  const authorLabel = (id: string) => {
    const p = ps[id];
    if (!p) return "";
    const role =
      p.agency && !isFamilyRole(p.role)
        ? `${ROLE_LABEL[p.role]}, ${agencyOf(p) ?? p.agency}`
        : ROLE_LABEL[p.role];
    if (full) return `${p.name}, ${role}`;
    if (audience.kind === "family" && groupOf(state, p) === audience.principalId)
      return p.id === audience.principalId ? `${p.name} (you)` : `${p.name}, ${ROLE_LABEL[p.role]}`;
    return isFamilyRole(p.role) ? `${p.name}, ${ROLE_LABEL[p.role]}` : role;
  };
  const visible = ordered(
    state,
    Object.values(state.content).filter((m) => inCopy(state, m, audience)),
  );
  const piece = (m: ContentMeta): CopyContent => ({
    id: m.id,
    text: texts.texts[m.id] ?? "",
    by: authorLabel(m.authorId),
    children: m.children.map(childName),
  });
  const section = (m: ContentMeta): CopyMinuteSection => ({
    id: m.id,
    blocks: texts.minutes[m.id] ?? [],
    children: m.children.map(childName),
  });
  const chairId = state.chairId;
  const minuteTaker = Object.values(ps).find((p) => p.role === "minute_taker");
  const recipient = recipientId ? ps[recipientId] : undefined;
  const dates = conferenceDates(state);

  const sections = visible.filter((m) => m.kind === "minute_section");
  const minutes = state.agenda.items
    .map((item) => ({
      agendaItem: item,
      label: AGENDA_LABEL[item],
      sections: sections.filter((m) => m.agendaItem === item).map(section),
    }))
    .filter((m) => m.sections.length > 0);

  return {
    version: RECORD_COPY_VERSION,
    kind: audience.kind,
    conference: {
      id: c.id,
      title: c.title,
      kind: c.kind,
      kindLabel: CONFERENCE_KIND_LABEL[c.kind],
      date: londonDate(c.scheduledStart),
      scheduledStart: c.scheduledStart,
      policy: c.policyProfile.name,
      chair: person(chairId ? ps[chairId] : undefined),
      minuteTaker: person(minuteTaker),
    },
    recipient: recipient
      ? {
          id: recipient.id,
          ...personOrUnknown(recipient),
          with: recipient.supports ? person(ps[recipient.supports]) : null,
        }
      : null,
    signedOff: state.record.signedOff
      ? { at: state.record.signedOff.at, by: ps[state.record.signedOff.by]?.name ?? null }
      : null,
    notes: full ? [CONFIDENTIAL_NOTE] : [CONFIDENTIAL_NOTE, FAMILY_NOTE],
    attendance: attendanceOf(state, full, audience.kind === "family" ? audience.principalId : null),
    quorum: quorumOf(state),
    exclusions: state.exclusions
      .filter((e) => full || (audience.kind === "family" && e.participantId === audience.principalId))
      .map((e) => ({
        who: ps[e.participantId]?.name ?? "",
        ground: EXCLUSION_GROUND_LABEL[e.ground],
        note: full ? e.note : null,
        startAt: e.startAt,
        endAt: e.endAt,
        minutes: e.endAt === null ? null : Math.round((e.endAt - e.startAt) / 60_000),
        planned: e.planned,
      })),
    children: Object.entries(state.children).map(([childId, child]) => {
      const info = c.children.find((x) => x.id === childId);
      const name = info?.name ?? "";
      const d = child.decision;
      const principal = audience.kind === "family" ? ps[audience.principalId] : undefined;
      // The same scales as on their screen: in a split conference, none of the other side's.
      const sharedWithThem = principal ? scalesSharedWith(state, child, principal.id) : [];
      const scales = Object.values(child.scaling.entries)
        .filter((e) => full || e.participantId === principal?.id || sharedWithThem.includes(e.participantId))
        .sort((a, b) => a.at - b.at)
        .map((e) => ({ ...personOrUnknown(ps[e.participantId]), score: e.score, reason: e.reason }));
      return {
        id: childId,
        name,
        dateOfBirth: info?.dateOfBirth ?? null,
        expectedDate: info?.expectedDate ?? null,
        decision: d
          ? {
              text: decisionSentence(name, d),
              plan: d.plan,
              categories: d.categories.map((x) => CATEGORY_LABEL[x]),
              at: d.at,
              by: ps[d.by]?.name ?? null,
              rationale: full ? d.rationale : null,
              overrideReason: full ? (d.overrideReason ?? null) : null,
              overrodeMajority: full ? d.overrodeMajority : false,
              substantialEmotionalConcern: full ? (d.substantialEmotionalConcern ?? null) : null,
            }
          : null,
        outcome: outcomeOf(state, child.outcome),
        scaling: scales,
        views: full
          ? Object.values(child.views.entries)
              .sort((a, b) => a.at - b.at)
              .map((v) => ({
                ...personOrUnknown(ps[v.participantId]),
                view: v.view === "plan" ? "Plan" : v.view === "no_plan" ? "No plan" : "Abstain",
                recommendedCategory: v.recommendedCategory ? CATEGORY_LABEL[v.recommendedCategory] : null,
                reason: v.reason,
              }))
          : [],
        dissent: full
          ? Object.values(child.dissent)
              .sort((a, b) => a.at - b.at)
              .map((x) => ({
                ...personOrUnknown(ps[x.participantId]),
                reason: x.reason,
                escalate: x.escalate,
              }))
          : [],
        history: full
          ? child.history.map((h) => ({
              text: decisionSentence(name, h.decision),
              reopenedAt: h.reopened.at,
              reason: h.reopened.reason,
            }))
          : [],
      };
    }),
    dangerStatements: visible.filter((m) => m.kind === "danger_statement").map(piece),
    safetyGoals: visible.filter((m) => m.kind === "safety_goal").map(piece),
    mapping: (Object.keys(MAPPING_AREA_LABEL) as MappingArea[])
      .map((area) => ({
        area,
        label: MAPPING_AREA_LABEL[area],
        items: visible
          .filter((m) => (m.kind === "mapping_item" || m.kind === "family_contribution") && m.area === area)
          .map(piece),
      }))
      .filter((a) => a.items.length > 0),
    childsVoice: visible.filter((m) => m.kind === "childs_voice").map(piece),
    familyViews: visible.filter((m) => m.kind === "family_contribution" && !m.area).map(piece),
    chairsSummary: sections.filter((m) => m.agendaItem === "chairs_summary").map(section),
    minutes,
    plan: {
      shared: state.record.plan.shared,
      actions: planActions(state.record).map((a) => ({
        id: a.id,
        what: a.what,
        who: a.who,
        byWhen: a.byWhen,
        outcome: a.outcome,
        children: a.children.map(childName),
      })),
      contingency: texts.plan.contingency,
      bottomLines: texts.plan.bottomLines,
    },
    chatInRecord: full
      ? state.chat
          .filter((m) => m.inRecord)
          .map((m) => ({ by: ps[m.authorId]?.name ?? "", text: m.text, at: m.at }))
      : [],
    addenda: state.record.addenda.map((a) => ({ at: a.at, by: ps[a.by]?.name ?? null, text: a.text })),
    dates: {
      decisionSummaryDue: dates.decisionSummaryDue,
      planDue: dates.planDue,
      recordDue: dates.recordDue,
    },
  };
}

function groupOf(state: RoomState, p: Participant): string | undefined {
  return principalOf({ participantId: p.id, role: p.role, supports: p.supports }, state.participants);
}

function outcomeOf(state: RoomState, o: Outcome | null): CopyChild["outcome"] {
  if (!o) return null;
  if (o.kind === "child_in_need") return { kind: o.kind, recommendations: [...o.recommendations] };
  return {
    kind: "plan",
    keyWorker: person(state.participants[o.keyWorkerId]),
    coreGroup: o.coreGroup.map((id) => personOrUnknown(state.participants[id])),
    firstCoreGroupDate: o.firstCoreGroupDate,
    nextReviewDate: o.nextReviewDate,
  };
}

/** Who attended (was in the room at some point), who sent apologies, who was invited and did not come. */
/**
 * Who attended, sent apologies or did not come. In the copy of a family member of a split
 * conference, nothing of the other side's family groups (whether they came, or sent apologies): as
 * in the room, where the other side is never shown as here.
 */
function attendanceOf(state: RoomState, full: boolean, familyOf: string | null): RecordCopy["attendance"] {
  const out: RecordCopy["attendance"] = { attended: [], apologies: [], notPresent: [] };
  const otherSide = (p: RoomState["participants"][string]) => {
    if (familyOf === null) return false;
    const group = principalOf(
      { participantId: p.id, role: p.role, supports: p.supports },
      state.participants,
    );
    return group !== undefined && group !== familyOf && everApart(state, group, familyOf);
  };
  const people = Object.values(state.participants)
    .filter((p) => !otherSide(p))
    .sort((a, b) => a.createdAt - b.createdAt);
  for (const p of people) {
    const a = state.attendance[p.id];
    const me = personOrUnknown(p);
    if (a?.presence === "apologies") out.apologies.push({ ...me, reportSubmitted: a.reportSubmitted });
    else if (a && a.admittedAt !== null)
      out.attended.push({
        ...me,
        arrivedAt: full ? a.admittedAt : null,
        leftAt: full ? a.leftAt : null,
        late: full ? a.late : false,
        inRoom: a.inRoomOnly,
      });
    else out.notPresent.push(me);
  }
  return out;
}

/** The quorum as the meeting had it: the agencies of everyone who attended at some point. */
export function quorumOf(state: RoomState): RecordCopy["quorum"] {
  const assessed = assessQuorum(
    state.conference.policyProfile,
    Object.values(state.participants).map((p) => ({
      role: p.role,
      agency: p.agency,
      directContact: p.directContact,
      present: (state.attendance[p.id]?.admittedAt ?? null) !== null,
    })),
  );
  return {
    quorate: assessed.quorate,
    agencies: assessed.agencies,
    minimum: assessed.minimum,
    proceededInquorate: state.inquorate ? { reason: state.inquorate.reason, at: state.inquorate.at } : null,
    earlyReview: state.inquorate !== null,
  };
}

// ---- What a copy leaves out, and why (the chair's copies screen) -----------------------------------

export type LeftOutReason =
  | "professionals_only"
  | "withheld"
  | "while_out"
  | "after_they_left"
  | "not_for_young_people";
export const LEFT_OUT_WORDS: Record<LeftOutReason, string> = {
  professionals_only: "Professionals only",
  withheld: "Withheld from this family member",
  while_out: "Made or changed while they were out of the meeting",
  after_they_left: "Made or changed after they had left the meeting",
  not_for_young_people: "Not chosen for young people",
};
/** What no family copy holds, whatever is shared (said on the copies screen). */
export const NEVER_IN_FAMILY_COPIES =
  "The professionals' views on the decision, the reasons recorded with it, dissent, earlier decisions that were reopened, the chat, and other people's exclusions are in professionals' copies only.";

export interface LeftOutItem {
  contentId: string;
  /** "Minutes: Introductions and apologies", "Danger statement", "Worries: future danger". */
  label: string;
  reasons: LeftOutReason[];
}

const KIND_LABEL: Record<string, string> = {
  danger_statement: "Danger statement",
  safety_goal: "Safety goal",
  family_contribution: "A family member's views",
  childs_voice: "The child's voice",
};

export function contentLabel(meta: ContentMeta): string {
  if (meta.kind === "minute_section") {
    const item = meta.agendaItem as AgendaItem | undefined;
    return `Minutes: ${item && item in AGENDA_LABEL ? AGENDA_LABEL[item] : "a section"}`;
  }
  if (meta.area) return MAPPING_AREA_LABEL[meta.area];
  return KIND_LABEL[meta.kind] ?? "An item";
}

/** For one family audience: each item their copy leaves out, with every reason that applies. */
export function leftOutOf(state: RoomState, audience: CopyAudience): LeftOutItem[] {
  if (audience.kind === "full") return [];
  const principal = state.participants[audience.principalId];
  if (!principal) return [];
  const out: LeftOutItem[] = [];
  for (const meta of ordered(state, Object.values(state.content))) {
    if (meta.removed || inCopy(state, meta, audience)) continue;
    const reasons: LeftOutReason[] = [];
    if (meta.audience === "professionals") reasons.push("professionals_only");
    if (meta.withheldFrom.includes(principal.id)) reasons.push("withheld");
    if (meta.heldFrom.includes(principal.id) && audience.exclusionParts === "leave_out")
      reasons.push("while_out");
    if (meta.missedBy?.includes(principal.id) && audience.exclusionParts === "leave_out")
      reasons.push("after_they_left");
    if (principal.role === "young_person" && !meta.forYoungPeople) reasons.push("not_for_young_people");
    if (reasons.length > 0) out.push({ contentId: meta.id, label: contentLabel(meta), reasons });
  }
  return out;
}

/** Whether this person's copy would differ if the chair included the parts they missed. */
export function missedParts(state: RoomState, principalId: string): number {
  return Object.values(state.content).filter(
    (m) => !m.removed && (m.heldFrom.includes(principalId) || m.missedBy?.includes(principalId)),
  ).length;
}
