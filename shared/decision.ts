import { z } from "zod";
import { agencyOf, isProfessionalRole, type Participant } from "./domain";
import type { Result } from "./errors";
import { ChildId, ParticipantId } from "./ids";
import { CATEGORY_LABEL, Category, type PolicyProfile } from "./policy";
import { agencyKey } from "./quorum";
import { boundedText, isTooLong, tooLongError } from "./textLimits";

/**
 * The threshold decision for each subject child (DOMAIN.md "Decision", "Category"): who may give a
 * view, how views are counted, and what the chair's decision must satisfy under the conference's
 * policy profile. Pure. Every refusal is a `Result` with a stable code and a message that names the
 * rule broken (never the content of anyone's view).
 */

export type RuleError = { code: DecisionErrorCode; message: string };
export type RuleResult<T> = Result<T, RuleError>;

export const DECISION_ERROR_CODES = [
  "validation_failed",
  "not_eligible_voter",
  "not_present",
  "agency_view_given",
  "category_required",
  "category_duplicate",
  "category_exactly_one",
  "category_without_plan",
  "emotional_secondary_needs_concern",
  "emotional_concern_not_applicable",
  "override_reason_required",
  "override_not_applicable",
  "scale_out_of_range",
  "scale_reason_required",
] as const;
export type DecisionErrorCode = (typeof DECISION_ERROR_CODES)[number];

const fail = (code: DecisionErrorCode, message: string): { ok: false; error: RuleError } => ({
  ok: false,
  error: { code, message },
});

/** "Haringey's procedures", from the profile's name without its note in brackets. */
export function proceduresName(profile: Pick<PolicyProfile, "name">): string {
  const base = profile.name.replace(/\s*\([^)]*\)\s*$/, "").trim() || profile.name.trim();
  if (/\b(procedures|policy|rules|standards)$/i.test(base)) return base;
  return base.endsWith("s") ? `${base}' procedures` : `${base}'s procedures`;
}

/** The longest each free-text answer of the decision may be (characters: shared/textLimits.ts). */
export const DECISION_LIMITS = {
  viewReason: 2000,
  substantialEmotionalConcern: 2000,
  rationale: 5000,
  overrideReason: 5000,
  scaleReason: 1000,
} as const;

function text(max: number) {
  return boundedText(max).min(1, "is required");
}

// ---------------------------------------------------------------------------------------------
// Views on the threshold
// ---------------------------------------------------------------------------------------------

export const ThresholdChoice = z.enum(["plan", "no_plan", "abstain"]);
export type ThresholdChoice = z.infer<typeof ThresholdChoice>;

/** One professional's view on whether the child needs a child protection plan (`003` std 2). */
export const ThresholdView = z
  .object({
    participantId: ParticipantId,
    view: ThresholdChoice,
    /** The category the professional recommends; only with a view for a plan. */
    recommendedCategory: Category.optional(),
    reason: text(DECISION_LIMITS.viewReason),
  })
  .strict()
  .refine((v) => v.recommendedCategory === undefined || v.view === "plan", {
    path: ["recommendedCategory"],
    message: "only goes with a view that a plan is needed",
  });
export type ThresholdView = z.infer<typeof ThresholdView>;

/** Who may be asked for a view: a participant, and whether they are in the room now if known. */
export type Voter = Pick<Participant, "id" | "role" | "agency"> & { present?: boolean };

/**
 * Professionals only: social worker, team manager and other professionals (`001` 7.9.5 the chair
 * consults conference members; `003` std 2 professionals give an informed opinion). Not the chair (who
 * decides), the minute taker, observers (`001` 7.3.15 no part in discussion or decision), family members
 * (who are present for the decision but do not vote, `001` 7.9.7) or those with a family member.
 * Someone known not to be present (`present: false`) is left out.
 */
export function eligibleVoters<V extends Voter>(_profile: PolicyProfile, participants: readonly V[]): V[] {
  return participants.filter((p) => isProfessionalRole(p.role) && p.present !== false);
}

/** A view already given, with the agency it was given for (`agencyOf` of the professional). */
export interface RecordedView {
  participantId: string;
  agency: string | undefined;
}

/**
 * Whether `voter` may give a view now. A professional may change their own view: the new one replaces
 * it. Under `oneViewPerAgency` (`003` std 5) the agency chooses who speaks for it: once one of its
 * professionals has given a view, a colleague is refused (`agency_view_given`) unless they ask to speak
 * for the agency instead (`replaceAgencyView`), and then the colleague's view is replaced. A professional
 * with no agency recorded speaks only for themselves. The value lists the views the new one replaces.
 */
export function checkViewAllowed(
  profile: PolicyProfile,
  voter: Voter,
  existingViews: readonly RecordedView[],
  options: { replaceAgencyView?: boolean } = {},
): RuleResult<{ replaces: string[] }> {
  if (!isProfessionalRole(voter.role)) {
    return fail(
      "not_eligible_voter",
      "Only professionals give a view on the threshold. The chair makes the decision; family members, " +
        "supporters, observers and the minute taker do not vote.",
    );
  }
  if (voter.present === false) {
    return fail("not_present", "Only professionals who are in the conference give a view on the threshold.");
  }
  const replaces = existingViews.filter((v) => v.participantId === voter.id).map((v) => v.participantId);
  const agency = agencyOf(voter);
  if (profile.oneViewPerAgency && agency !== undefined) {
    const mine = agencyKey(agency);
    const colleagues = existingViews.filter(
      (v) => v.participantId !== voter.id && v.agency !== undefined && agencyKey(v.agency) === mine,
    );
    if (colleagues.length > 0 && !options.replaceAgencyView) {
      return fail(
        "agency_view_given",
        `This conference follows ${proceduresName(profile)}: one view per agency. Your agency has already ` +
          "given its view. Agree with your colleague who speaks for the agency, or replace the agency's view.",
      );
    }
    replaces.push(...colleagues.map((v) => v.participantId));
  }
  return { ok: true, value: { replaces } };
}

export interface Tally {
  plan: number;
  noPlan: number;
  abstain: number;
  /** The simple majority of views for or against a plan; null on a tie or with no such views. */
  majority: "plan" | "no_plan" | null;
  /** Who decides under the profile: the majority where there is one and the profile says so, else the chair. */
  decides: "majority" | "chair";
}

/**
 * Count the views. One view per participant: a later view replaces an earlier one. The majority is a
 * simple majority of those who expressed a view for or against a plan: abstentions are not counted,
 * and a tie (or no such view) is no majority, so the chair decides (`004` "Dissent for the Conference
 * Decision": "a simple majority ... Where a majority decision cannot be reached, the Conference Chair
 * will make the decision"; `002` "if the decision is split"). Under `chair_after_consensus` the tally
 * only informs the chair (`001` 7.9.5).
 */
export function tallyViews(
  profile: PolicyProfile,
  views: readonly Pick<ThresholdView, "participantId" | "view">[],
): Tally {
  const last = new Map<string, ThresholdChoice>();
  for (const v of views) last.set(v.participantId, v.view);
  let plan = 0;
  let noPlan = 0;
  let abstain = 0;
  for (const view of last.values()) {
    if (view === "plan") plan += 1;
    else if (view === "no_plan") noPlan += 1;
    else abstain += 1;
  }
  const majority = plan > noPlan ? "plan" : noPlan > plan ? "no_plan" : null;
  const decides =
    profile.decisionRule.mode === "majority_of_professionals" && majority ? "majority" : "chair";
  return { plan, noPlan, abstain, majority, decides };
}

// ---------------------------------------------------------------------------------------------
// The chair's decision per child
// ---------------------------------------------------------------------------------------------

export const ChildDecision = z
  .object({
    childId: ChildId,
    /** Whether the child needs a child protection plan (`001` 7.9.1-8, one decision per child). */
    plan: z.boolean(),
    /** Categories of abuse or neglect; empty when there is no plan. */
    categories: z.array(Category).max(8),
    /** The substantial concern that justifies emotional abuse as a secondary category (`001` 7.9.14). */
    substantialEmotionalConcern: text(DECISION_LIMITS.substantialEmotionalConcern).optional(),
    /** The chair's reasons (`002`: "give a clear rationale"). */
    rationale: text(DECISION_LIMITS.rationale),
    /** Why the chair decided against the majority of professionals (`004`). */
    overrideReason: text(DECISION_LIMITS.overrideReason).optional(),
  })
  .strict();
export type ChildDecision = z.infer<typeof ChildDecision>;
export type ChildDecisionInput = z.input<typeof ChildDecision>;

/**
 * Check the chair's decision for one child against the profile and the tally of views.
 * - With a plan: at least one category, none twice (`001` 7.9.10, `002` "every child who has a CP plan
 *   must have a category"); `exactly_one`: one category (`000` ch.4, `002`); `each_meets_threshold`:
 *   one or more (`001` 7.9.13), and with `emotionalSecondaryNeedsSubstantialConcern`, emotional abuse
 *   beside another category needs the substantial concern stated (`001` 7.9.14).
 * - Without a plan: no category and no emotional concern.
 * - `majority_of_professionals` (`004`): a decision against a majority needs `overrideReason` when the
 *   profile says so; where there is no majority the chair decides freely. An override reason is refused
 *   where nothing is overridden, so the record never shows an override that did not happen.
 */
export function checkDecision(
  profile: PolicyProfile,
  decision: unknown,
  tally: Tally,
): RuleResult<ChildDecision> {
  const parsed = ChildDecision.safeParse(decision);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "decision";
    return fail(
      "validation_failed",
      `The decision is not complete: ${where} ${issue?.message ?? "is not valid"}.`,
    );
  }
  const d = parsed.data;
  const rules = proceduresName(profile);

  if (!d.plan) {
    if (d.categories.length > 0) {
      return fail(
        "category_without_plan",
        "A category is recorded only with a child protection plan. Without a plan, clear the categories.",
      );
    }
    if (d.substantialEmotionalConcern !== undefined) {
      return fail(
        "emotional_concern_not_applicable",
        "A substantial emotional concern is recorded only with emotional abuse as a second category.",
      );
    }
  } else {
    if (d.categories.length === 0) {
      return fail("category_required", "A child protection plan needs a category of abuse or neglect.");
    }
    const dup = d.categories.find((c, i) => d.categories.indexOf(c) !== i);
    if (dup)
      return fail("category_duplicate", `Each category is chosen once: ${CATEGORY_LABEL[dup]} is twice.`);
    if (profile.categories.mode === "exactly_one" && d.categories.length !== 1) {
      return fail("category_exactly_one", `This conference follows ${rules}: choose exactly one category.`);
    }
    const emotionalSecondary = d.categories.length > 1 && d.categories.includes("emotional");
    const concernNeeded = emotionalSecondary && profile.categories.emotionalSecondaryNeedsSubstantialConcern;
    if (concernNeeded && d.substantialEmotionalConcern === undefined) {
      return fail(
        "emotional_secondary_needs_concern",
        `This conference follows ${rules}: emotional abuse is a second category only where the concern is ` +
          "substantial. State the substantial concern, or remove emotional abuse.",
      );
    }
    if (!concernNeeded && d.substantialEmotionalConcern !== undefined) {
      return fail(
        "emotional_concern_not_applicable",
        "A substantial emotional concern is recorded only with emotional abuse as a second category.",
      );
    }
  }

  const decided = d.plan ? "plan" : "no_plan";
  const overriding =
    profile.decisionRule.mode === "majority_of_professionals" &&
    tally.majority !== null &&
    tally.majority !== decided;
  if (overriding && profile.decisionRule.overrideNeedsReason && d.overrideReason === undefined) {
    const majority = tally.majority === "plan" ? "for a plan" : "against a plan";
    return fail(
      "override_reason_required",
      `This conference follows ${rules}: a simple majority of professionals decides. The majority was ` +
        `${majority}; to decide otherwise, record why you are using the chair's power to decide.`,
    );
  }
  if (!overriding && d.overrideReason !== undefined) {
    return fail(
      "override_not_applicable",
      profile.decisionRule.mode === "majority_of_professionals"
        ? "This decision goes with the majority, or there is no majority, so there is nothing to override. " +
            "Put your reasons in the rationale."
        : `This conference follows ${rules}: the chair decides after seeking consensus, so there is no ` +
            "majority to override. Put your reasons in the rationale.",
    );
  }
  return { ok: true, value: d };
}

// ---------------------------------------------------------------------------------------------
// Safety scaling
// ---------------------------------------------------------------------------------------------

/** "How safe are the children today", 0 to 10, with a reason (`000` ch.4, `002` agenda). */
export const SafetyScale = z
  .object({
    score: z.number().int().min(0).max(10),
    reason: text(DECISION_LIMITS.scaleReason),
  })
  .strict();
export type SafetyScale = z.infer<typeof SafetyScale>;

export function checkScale(input: { score: unknown; reason: unknown }): RuleResult<SafetyScale> {
  const { score, reason } = input;
  if (typeof score !== "number" || !Number.isInteger(score) || score < 0 || score > 10) {
    return fail("scale_out_of_range", "A safety scale is a whole number from 0 to 10.");
  }
  const trimmed = typeof reason === "string" ? reason.trim() : "";
  if (trimmed.length === 0) return fail("scale_reason_required", "Give a reason for your safety scale.");
  if (isTooLong(trimmed, DECISION_LIMITS.scaleReason)) {
    return fail(
      "validation_failed",
      `${tooLongError("The reason for a safety scale", DECISION_LIMITS.scaleReason)}. Nothing was sent.`,
    );
  }
  return { ok: true, value: { score, reason: trimmed } };
}
