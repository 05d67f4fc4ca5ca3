import { londonDate } from "./dates";
import { CONFERENCE_KIND_LABEL } from "./domain";
import { CATEGORY_LABEL } from "./policy";
import { type CopyPerson, copyPersonOf } from "./recordCopy";
import type { RoomState } from "./room";
import { conferenceDates, decisionSentence } from "./views";

/**
 * The decision summary: the decision and category for each subject child, the key worker, the core
 * group and the next dates — a document of its own, sent to everyone invited within one working day
 * (`001` 7.11.4), long before the full record. It is the same for every recipient: no withholding
 * or exclusion hides a decision from the family (shared/views.ts FamilyDecision).
 */

export const DECISION_SUMMARY_VERSION = 1;

export interface DecisionSummary {
  version: typeof DECISION_SUMMARY_VERSION;
  conference: { id: string; title: string; kindLabel: string; date: string; chair: CopyPerson | null };
  /** Due by (working days after the conference, from the policy profile). */
  due: string;
  children: {
    name: string;
    decision: string | null;
    plan: boolean | null;
    categories: string[];
    keyWorker: CopyPerson | null;
    coreGroup: CopyPerson[];
    firstCoreGroupDate: string | null;
    nextReviewDate: string | null;
    recommendations: string[];
  }[];
  /** Another conference must follow soon: this one went ahead without a quorum (`001` 7.3.18-19). */
  earlyReview: boolean;
}

export function buildDecisionSummary(state: RoomState): DecisionSummary {
  const c = state.conference;
  const ps = state.participants;
  return {
    version: DECISION_SUMMARY_VERSION,
    conference: {
      id: c.id,
      title: c.title,
      kindLabel: CONFERENCE_KIND_LABEL[c.kind],
      date: londonDate(c.scheduledStart),
      chair: state.chairId ? copyPersonOf(ps[state.chairId]) : null,
    },
    due: conferenceDates(state).decisionSummaryDue,
    children: Object.entries(state.children).map(([childId, child]) => {
      const name = c.children.find((x) => x.id === childId)?.name ?? "";
      const d = child.decision;
      const o = child.outcome;
      const plan = o?.kind === "plan" ? o : null;
      return {
        name,
        decision: d ? decisionSentence(name, d) : null,
        plan: d ? d.plan : null,
        categories: d ? d.categories.map((x) => CATEGORY_LABEL[x]) : [],
        keyWorker: plan ? copyPersonOf(ps[plan.keyWorkerId]) : null,
        coreGroup: plan ? plan.coreGroup.flatMap((id) => copyPersonOf(ps[id]) ?? []) : [],
        firstCoreGroupDate: plan?.firstCoreGroupDate ?? null,
        nextReviewDate: plan?.nextReviewDate ?? null,
        recommendations: o?.kind === "child_in_need" ? [...o.recommendations] : [],
      };
    }),
    earlyReview: state.inquorate !== null,
  };
}
