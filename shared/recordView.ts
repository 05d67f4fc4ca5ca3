import type { Role } from "./domain";
import { type DistributionEntry, type ExclusionParts, type PlanAction, planActions } from "./record";
import type { LeftOutItem } from "./recordCopy";
import type { RoomState } from "./room";

/**
 * The state document's `record` map (full view only): the plan's actions, whether the plan is shared
 * with the family, the sign-off and the addenda. The minutes are in the professional document; the
 * copies and the distribution log are served to the chair over HTTP (docs/API.md).
 */
export interface RecordSection {
  signedOff: { at: number; by: string; byName: string } | null;
  addenda: { id: string; at: number; by: string; byName: string; text: string }[];
  planShared: boolean;
  /** In order. */
  actions: (PlanAction & { byName: string })[];
}

export function recordSection(state: RoomState): RecordSection {
  const name = (id: string) => state.participants[id]?.name ?? "";
  const r = state.record;
  return {
    signedOff: r.signedOff ? { ...r.signedOff, byName: name(r.signedOff.by) } : null,
    addenda: r.addenda.map((a) => ({ ...a, byName: name(a.by) })),
    planShared: r.plan.shared,
    actions: planActions(r).map((a) => ({ ...a, byName: name(a.by) })),
  };
}

/** The chair's copies screen (GET /api/record/copies). */
export interface CopiesOverview {
  ended: boolean;
  signedOff: { at: number; by: string; byName: string } | null;
  dates: { conferenceDate: string; decisionSummaryDue: string; planDue: string | null; recordDue: string };
  neverInFamilyCopies: string;
  invitees: CopiesInvitee[];
}

export interface CopiesInvitee {
  id: string;
  name: string;
  role: Role;
  roleLabel: string;
  agency: string | null;
  with: { id: string; name: string } | null;
  /** The kind of copy they would get, or null when they get none. */
  copy: "full" | "family" | null;
  /** Whether it may be given now (consent, the chair's choice). */
  eligible: boolean;
  refusal: { code: string; reason: string } | null;
  leftOut: LeftOutItem[];
  /** Items held from them because they were out of part of the meeting. */
  missedParts: number;
  choice: { exclusionParts: ExclusionParts; childCopy: boolean; byName: string; at: number } | null;
  consent: { given: boolean; note: string; by: string; byName: string; at: number } | null;
  log: (DistributionEntry & { byName: string })[];
}
