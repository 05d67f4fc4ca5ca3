import { z } from "zod";
import { isIsoDate } from "./dates";
import { Id } from "./ids";
import { boundedText } from "./textLimits";

/**
 * The record of a conference, beside the minutes themselves (content items of kind `minute_section`,
 * rich text in the professional document): the outline plan's actions, the chair's sign-off and
 * addenda, and how each recipient's copy is given — the chair's choices per person, the parent's
 * consent for a supporter's copy, and the distribution log. Part of `RoomState` (shared/room.ts),
 * changed only by the events below through `applyRecordEvent`. Who may do what is in
 * shared/recordPermissions.ts; what each recipient's copy holds is in shared/recordCopy.ts.
 */

/** "By when": a date, or ongoing (an action that runs for the life of the plan). */
export const ByWhen = z
  .string()
  .max(10)
  .refine((v) => v === "ongoing" || isIsoDate(v), "must be a date like 2026-01-31, or ongoing");

/** The longest each part of a plan action may be (characters: shared/textLimits.ts). */
export const PLAN_LIMITS = { what: 1000, who: 200, outcome: 1000 } as const;

/** One action of the outline plan (`001` 7.8.7: what, who, by when, intended outcome). */
export const PlanActionFields = {
  what: boundedText(PLAN_LIMITS.what).min(1, "say what needs to happen"),
  who: boundedText(PLAN_LIMITS.who).min(1, "say who will do it"),
  byWhen: ByWhen,
  outcome: boundedText(PLAN_LIMITS.outcome).min(1, "say what it should achieve for the children"),
  /** The children this action is for; empty means the whole household. */
  children: z.array(Id).max(20),
};

export interface PlanAction {
  id: string;
  what: string;
  who: string;
  byWhen: string;
  outcome: string;
  children: string[];
  /** Display order (lower first). */
  position: number;
  by: string;
  at: number;
  changedAt: number;
}
export type PlanActionChanges = Partial<Pick<PlanAction, "what" | "who" | "byWhen" | "outcome" | "children">>;

/** For a family member who was out of part of the meeting: what their copy does with those parts. */
export const EXCLUSION_PARTS = ["leave_out", "include"] as const;
export type ExclusionParts = (typeof EXCLUSION_PARTS)[number];

/** The chair's choices about one person's copy; recorded, with who chose and when. */
export interface CopyChoice {
  exclusionParts: ExclusionParts;
  /** For a young person: the chair has chosen to give them a copy (`003` std 3). */
  childCopy: boolean;
  by: string;
  at: number;
}

/** The consent of the family member a supporter, advocate, solicitor or interpreter is with. */
export interface Consent {
  given: boolean;
  note: string;
  by: string;
  at: number;
}

export const RECORD_DOCUMENTS = ["record", "decision_summary"] as const;
export type RecordDocumentKind = (typeof RECORD_DOCUMENTS)[number];
export const COPY_FORMATS = ["pdf", "docx", "json"] as const;
export type CopyFormat = (typeof COPY_FORMATS)[number];
export const SEND_VIA = ["email", "secure_email", "post", "by_hand", "portal"] as const;
export type SendVia = (typeof SEND_VIA)[number];
export const SEND_VIA_LABEL: Record<SendVia, string> = {
  email: "Email",
  secure_email: "Secure email",
  post: "Post",
  by_hand: "By hand",
  portal: "Case management portal",
};

/** One line of the distribution log: a copy sent (marked by the chair) or downloaded. */
export interface DistributionEntry {
  id: string;
  recipientId: string;
  document: RecordDocumentKind;
  format: CopyFormat;
  action: "sent" | "downloaded";
  via: SendVia | null;
  by: string;
  at: number;
}

export interface Addendum {
  id: string;
  text: string;
  by: string;
  at: number;
}

export interface RecordState {
  /** The chair signed the record off: it is locked from then on (corrections are addenda). */
  signedOff: { by: string; at: number } | null;
  /** Dated corrections after sign-off, oldest first. */
  addenda: Addendum[];
  plan: {
    actions: Record<string, PlanAction>;
    /** The chair has shared the plan with the family (their view shows it from then on). */
    shared: boolean;
  };
  /** By participant id. */
  choices: Record<string, CopyChoice>;
  /** By the supporter's (advocate's, solicitor's, interpreter's) participant id. */
  consents: Record<string, Consent>;
  distribution: DistributionEntry[];
}

export type RecordEvent =
  | { type: "plan.actionAdded"; action: Omit<PlanAction, "at" | "changedAt"> }
  | { type: "plan.actionChanged"; actionId: string; changes: PlanActionChanges }
  | { type: "plan.actionRemoved"; actionId: string }
  | { type: "plan.actionMoved"; actionId: string; position: number }
  | { type: "plan.shared"; shared: boolean }
  | { type: "record.signedOff"; by: string }
  | { type: "record.addendumAdded"; addendumId: string; text: string; by: string }
  | {
      type: "record.copyChosen";
      participantId: string;
      exclusionParts?: ExclusionParts;
      childCopy?: boolean;
      by: string;
    }
  | { type: "record.consentRecorded"; participantId: string; given: boolean; note: string; by: string }
  | { type: "record.distributed"; entry: Omit<DistributionEntry, "at"> };

export const RECORD_EVENT_TYPES = [
  "plan.actionAdded",
  "plan.actionChanged",
  "plan.actionRemoved",
  "plan.actionMoved",
  "plan.shared",
  "record.signedOff",
  "record.addendumAdded",
  "record.copyChosen",
  "record.consentRecorded",
  "record.distributed",
] as const satisfies readonly RecordEvent["type"][];

export function emptyRecordState(): RecordState {
  return {
    signedOff: null,
    addenda: [],
    plan: { actions: {}, shared: false },
    choices: {},
    consents: {},
    distribution: [],
  };
}

/** The choices for a person's copy: what the chair recorded, or the defaults. */
export function copyChoiceOf(record: RecordState, participantId: string): Omit<CopyChoice, "by" | "at"> {
  const c = record.choices[participantId];
  return { exclusionParts: c?.exclusionParts ?? "leave_out", childCopy: c?.childCopy ?? false };
}

/** The plan's actions in order. */
export function planActions(record: RecordState): PlanAction[] {
  return Object.values(record.plan.actions).sort((a, b) => a.position - b.position || a.at - b.at);
}

/** Fold one record event into the record state (in place). */
export function applyRecordEvent(record: RecordState, event: RecordEvent, at: number): void {
  switch (event.type) {
    case "plan.actionAdded":
      record.plan.actions[event.action.id] = { ...event.action, at, changedAt: at };
      return;
    case "plan.actionChanged": {
      const action = record.plan.actions[event.actionId];
      if (action) record.plan.actions[event.actionId] = { ...action, ...event.changes, changedAt: at };
      return;
    }
    case "plan.actionRemoved":
      delete record.plan.actions[event.actionId];
      return;
    case "plan.actionMoved": {
      const action = record.plan.actions[event.actionId];
      if (action) action.position = event.position;
      return;
    }
    case "plan.shared":
      record.plan.shared = event.shared;
      return;
    case "record.signedOff":
      record.signedOff = { by: event.by, at };
      return;
    case "record.addendumAdded":
      record.addenda.push({ id: event.addendumId, text: event.text, by: event.by, at });
      return;
    case "record.copyChosen": {
      const before = copyChoiceOf(record, event.participantId);
      record.choices[event.participantId] = {
        exclusionParts: event.exclusionParts ?? before.exclusionParts,
        childCopy: event.childCopy ?? before.childCopy,
        by: event.by,
        at,
      };
      return;
    }
    case "record.consentRecorded":
      record.consents[event.participantId] = { given: event.given, note: event.note, by: event.by, at };
      return;
    case "record.distributed":
      record.distribution.push({ ...event.entry, at });
      return;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown record event ${(unreachable as { type: string }).type}`);
    }
  }
}

/** A position just before `before` among the plan's actions (or last). */
export function actionPositionBefore(record: RecordState, actionId: string, before: string | null): number {
  const others = planActions(record).filter((a) => a.id !== actionId);
  if (before === null) return (others.at(-1)?.position ?? 0) + 1;
  const index = others.findIndex((a) => a.id === before);
  if (index < 0) return (others.at(-1)?.position ?? 0) + 1;
  const next = others[index]!.position;
  const previous = index > 0 ? others[index - 1]!.position : next - 2;
  return (previous + next) / 2;
}

/**
 * The professional document's layout for the record (docs/API.md): `minutes` maps a minute section's
 * content id to a Y.XmlFragment; `plan` holds one Y.XmlFragment per plan text below. The server
 * makes every container and restores any a writer replaces or deletes.
 */
export const MINUTES_MAP = "minutes";
export const PLAN_MAP = "plan";
export const PLAN_TEXTS = ["contingency", "bottomLines"] as const;
export type PlanTextKey = (typeof PLAN_TEXTS)[number];
export const PLAN_TEXT_LABEL: Record<PlanTextKey, string> = {
  contingency: "Contingency plan",
  bottomLines: "Bottom lines",
};

/** One action of a shared plan as a family member's projection shows it (map `plan`, key `actions`). */
export interface FamilyPlanAction {
  what: string;
  who: string;
  byWhen: string;
  outcome: string;
  /** Children's names; empty for the whole household. */
  children: string[];
}

export function familyPlanActions(
  record: RecordState,
  children: readonly { id: string; name: string }[],
): FamilyPlanAction[] {
  return planActions(record).map((a) => ({
    what: a.what,
    who: a.who,
    byWhen: a.byWhen,
    outcome: a.outcome,
    children: a.children.map((id) => children.find((c) => c.id === id)?.name ?? ""),
  }));
}
