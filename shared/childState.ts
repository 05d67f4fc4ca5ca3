import type { ChildDecision, Tally, ThresholdChoice } from "./decision";
import type { Category } from "./policy";

/**
 * What the conference has said and decided about one subject child: safety scaling, professionals'
 * views on the threshold, the chair's decision and category, dissent, and what follows the decision.
 * Part of `RoomState` (shared/room.ts), changed only by the events below through `applyChildEvent`.
 * Rules on who may do what are in shared/childPermissions.ts; what each audience sees is in
 * shared/views.ts.
 */

/** One safety scale, 0-10 with a reason. Keyed by whose scale it is; `enteredBy` is who typed it. */
export interface ScaleEntry {
  participantId: string;
  score: number;
  reason: string;
  /** The person themselves, the person with a family member, or the chair or minute taker. */
  enteredBy: string;
  at: number;
}

/** One professional's view on the threshold (shared/decision.ts ThresholdView). */
export interface ViewEntry {
  participantId: string;
  view: ThresholdChoice;
  recommendedCategory?: Category;
  reason: string;
  enteredBy: string;
  at: number;
}

/** The chair's decision as recorded, with the tally it was made against. */
export type RecordedDecision = Omit<ChildDecision, "childId"> & {
  by: string;
  at: number;
  tally: Tally;
  /** The chair decided against a majority of professionals (`004`), with `overrideReason`. */
  overrodeMajority: boolean;
};

export interface DissentEntry {
  participantId: string;
  reason: string;
  /** The professional asks for the decision to be escalated (`004` "Dissent for the Conference Decision"). */
  escalate: boolean;
  /** The professional's own view on the threshold when they dissented, if they gave one. */
  view: ThresholdChoice | null;
  enteredBy: string;
  at: number;
}

export type Outcome =
  | {
      kind: "plan";
      /** A social worker (or team manager) from children's social care (`001` 7.8.6, 7.9.18). */
      keyWorkerId: string;
      /** Family members and professionals; the key worker is always one of them. */
      coreGroup: string[];
      /** Null only after a review, where the core group already meets. */
      firstCoreGroupDate: string | null;
      nextReviewDate: string;
      by: string;
      at: number;
    }
  | { kind: "child_in_need"; recommendations: string[]; by: string; at: number };

/** A decision the chair reopened, kept whole for the record with the reason for reopening. */
export interface ReopenedDecision {
  decision: RecordedDecision;
  dissent: DissentEntry[];
  outcome: Outcome | null;
  reopened: { at: number; by: string; reason: string };
}

export interface ChildState {
  scaling: {
    closed: boolean;
    entries: Record<string, ScaleEntry>;
    /** Whose scales the chair has shared with the family (participant ids with an entry). */
    shared: string[];
    /** Whether shared scales also reach a young person (`003` std 3: the chair chooses). */
    sharedWithYoungPeople: boolean;
  };
  views: { status: "not_open" | "open" | "closed"; entries: Record<string, ViewEntry> };
  decision: RecordedDecision | null;
  dissent: Record<string, DissentEntry>;
  outcome: Outcome | null;
  history: ReopenedDecision[];
}

export type ChildEvent =
  | {
      type: "scale.given";
      childId: string;
      participantId: string;
      score: number;
      reason: string;
      enteredBy: string;
    }
  | { type: "scaling.closed"; childId: string }
  | { type: "scaling.reopened"; childId: string }
  | { type: "scaling.shared"; childId: string; participantIds: string[]; youngPeople: boolean }
  | { type: "views.opened"; childId: string }
  | { type: "views.closed"; childId: string }
  | {
      type: "view.given";
      childId: string;
      participantId: string;
      view: ThresholdChoice;
      recommendedCategory?: Category;
      reason: string;
      enteredBy: string;
      /** Views this one replaces: the professional's earlier view, or a colleague's for the agency. */
      replaces: string[];
    }
  | { type: "decision.recorded"; childId: string; decision: Omit<RecordedDecision, "at"> }
  | { type: "decision.reopened"; childId: string; reason: string; by: string }
  | {
      type: "dissent.recorded";
      childId: string;
      participantId: string;
      reason: string;
      escalate: boolean;
      view: ThresholdChoice | null;
      enteredBy: string;
    }
  | { type: "outcome.recorded"; childId: string; outcome: DistributiveOmit<Outcome, "at"> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function emptyChildState(): ChildState {
  return {
    scaling: { closed: false, entries: {}, shared: [], sharedWithYoungPeople: false },
    views: { status: "not_open", entries: {} },
    decision: null,
    dissent: {},
    outcome: null,
    history: [],
  };
}

/** Fold one child event into that child's state (in place). */
export function applyChildEvent(child: ChildState, event: ChildEvent, at: number): void {
  switch (event.type) {
    case "scale.given": {
      child.scaling.entries[event.participantId] = {
        participantId: event.participantId,
        score: event.score,
        reason: event.reason,
        enteredBy: event.enteredBy,
        at,
      };
      // A changed scale is no longer what the chair chose to share: it waits to be shared again.
      child.scaling.shared = child.scaling.shared.filter((id) => id !== event.participantId);
      return;
    }
    case "scaling.closed":
      child.scaling.closed = true;
      return;
    case "scaling.reopened":
      child.scaling.closed = false;
      return;
    case "scaling.shared":
      child.scaling.shared = [...event.participantIds];
      child.scaling.sharedWithYoungPeople = event.youngPeople;
      return;
    case "views.opened":
      child.views.status = "open";
      return;
    case "views.closed":
      child.views.status = "closed";
      return;
    case "view.given": {
      for (const id of event.replaces) delete child.views.entries[id];
      child.views.entries[event.participantId] = {
        participantId: event.participantId,
        view: event.view,
        ...(event.recommendedCategory ? { recommendedCategory: event.recommendedCategory } : {}),
        reason: event.reason,
        enteredBy: event.enteredBy,
        at,
      };
      return;
    }
    case "decision.recorded":
      child.decision = { ...event.decision, at };
      return;
    case "decision.reopened": {
      if (child.decision) {
        child.history.push({
          decision: child.decision,
          dissent: Object.values(child.dissent),
          outcome: child.outcome,
          reopened: { at, by: event.by, reason: event.reason },
        });
      }
      child.decision = null;
      child.dissent = {};
      child.outcome = null;
      return;
    }
    case "dissent.recorded":
      child.dissent[event.participantId] = {
        participantId: event.participantId,
        reason: event.reason,
        escalate: event.escalate,
        view: event.view,
        enteredBy: event.enteredBy,
        at,
      };
      return;
    case "outcome.recorded":
      child.outcome = { ...event.outcome, at } as Outcome;
      return;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown child event ${(unreachable as { type: string }).type}`);
    }
  }
}

/** The median of some scores (the mean of the middle two for an even count), or null for none. */
export function median(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
