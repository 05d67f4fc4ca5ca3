import { z } from "zod";

/**
 * Local policy profiles as data (DOMAIN.md "Rules the software must honour"). A conference carries
 * its whole profile, copied at creation, so a later change to a preset never rewrites the rules a
 * past conference was held under. Later issues enforce these rules on the server.
 */

const WorkingDays = z.number().int().min(0).max(60);

export const Category = z.enum(["physical", "emotional", "sexual", "neglect"]);
export type Category = z.infer<typeof Category>;
export const CATEGORY_LABEL: Record<Category, string> = {
  physical: "Physical abuse",
  emotional: "Emotional abuse",
  sexual: "Sexual abuse",
  neglect: "Neglect",
};

export const PolicyProfile = z
  .object({
    /** The preset this was copied from, or "custom". */
    preset: z.string().trim().min(1).max(60),
    /** Shown to the chair: whose procedures these are. */
    name: z.string().trim().min(1).max(200),
    quorum: z
      .object({
        /** Agencies with direct contact with the child, children's social care included (`001` 7.3.17). */
        minimumAgencies: z.number().int().min(1).max(20),
        requireChildrensSocialCare: z.boolean(),
      })
      .strict(),
    categories: z
      .object({
        /**
         * `exactly_one`: a single category even where harm falls in several (Haringey, `000` ch.4).
         * `each_meets_threshold`: more than one only where each reaches the threshold (Hertfordshire,
         * `001` 7.9.10-14).
         */
        mode: z.enum(["exactly_one", "each_meets_threshold"]),
        /** Emotional abuse as a secondary category only with a stated substantial concern. */
        emotionalSecondaryNeedsSubstantialConcern: z.boolean(),
      })
      .strict(),
    decisionRule: z
      .object({
        /**
         * `chair_after_consensus`: the chair seeks consensus, then decides (`000` ch.7, `001` 7.9.5).
         * `majority_of_professionals`: a simple majority of professionals decides; the chair decides
         * where there is none (Wakefield, `004`).
         */
        mode: z.enum(["chair_after_consensus", "majority_of_professionals"]),
        /** Under a majority rule: a chair decision against the majority needs a stated reason. */
        overrideNeedsReason: z.boolean(),
      })
      .strict(),
    /** One view per agency where several of its professionals attend (Middlesbrough, `003` std 5). */
    oneViewPerAgency: z.boolean(),
    /** Deadlines in working days after the conference (`001` 7.11.4-5, `003`, `004`). */
    deadlines: z
      .object({
        decisionSummary: WorkingDays,
        /** Outline plan to the family and agencies; null where the procedures set none. */
        plan: WorkingDays.nullable(),
        record: z
          .object({ icpc: WorkingDays, rcpc: WorkingDays, pre_birth: WorkingDays, transfer_in: WorkingDays })
          .strict(),
      })
      .strict(),
    /** Review and core group timescales (DOMAIN.md "Outcome"). */
    timescales: z
      .object({
        coreGroupWorkingDaysAfterIcpc: WorkingDays,
        firstReviewMonthsAfterIcpc: z.number().int().min(1).max(12),
        reviewIntervalMonths: z.number().int().min(1).max(12),
      })
      .strict(),
    /** Whether invited professionals pass the lobby without the chair admitting each one. */
    admitProfessionalsAutomatically: z.boolean(),
  })
  .strict();
export type PolicyProfile = z.infer<typeof PolicyProfile>;

/*
 * The presets, checked against the seed procedures (`/work/shared/seeds`). Every value cites its source.
 * Where a seed is silent, the value follows the national timescale in Working Together as restated in
 * Hertfordshire's chapter (`001`) and DOMAIN.md, and the comment says "silent"; an area adopting Quorum
 * should confirm those values against its own procedures.
 */
export const POLICY_PRESETS = {
  haringey: {
    preset: "haringey",
    name: "Haringey (chair handbook)",
    // `000` is silent on quoracy: the national minimum, social care plus two agencies (`001` 7.3.17).
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    // `000` ch.4 "Threshold": "a single category is chosen ... even where ... two or more categories".
    categories: { mode: "exactly_one", emotionalSecondaryNeedsSubstantialConcern: false },
    // `000` ch.4 "must seek consensus"; ch.7 "The chair will take the final decision ... and the category".
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false },
    // `000` is silent: every professional gives a view.
    oneViewPerAgency: false,
    deadlines: {
      // `000` ch.3 "Administration": "The summary and decisions ... should be distributed within one working day."
      decisionSummary: 1,
      // `000` ch.3: the summary and decisions are the child protection plan, so it goes out with them.
      plan: 1,
      // `000` ch.4 "The conference outcome and record": the record (summary and plan, agency reports,
      // contribution forms) is "distributed within one working day".
      record: { icpc: 1, rcpc: 1, pre_birth: 1, transfer_in: 1 },
    },
    timescales: {
      // `000` is silent on the first core group: the national 10 working days (`001` 7.8.6).
      coreGroupWorkingDaysAfterIcpc: 10,
      // `000` ch.3 "The review child protection conference": no later than three months after the ICPC,
      // then at intervals of no more than six months.
      firstReviewMonthsAfterIcpc: 3,
      reviewIntervalMonths: 6,
    },
    // `000` ch.13: "The chair will take the final decision about conference attendance."
    admitProfessionalsAutomatically: false,
  },
  hertfordshire: {
    preset: "hertfordshire",
    name: "Hertfordshire (procedures chapter 7)",
    // `001` 7.3.17: the social work team and at least two other agencies with direct contact.
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    // `001` 7.9.13 more than one category only if each reaches the threshold; 7.9.14 emotional abuse as a
    // secondary category only if substantial concern is indicated.
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: true },
    // `001` 7.9.5 and 7.10.1: the chair consults, aims for consensus, decides and notes dissent.
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false },
    // `001` is silent: every professional gives a view.
    oneViewPerAgency: false,
    deadlines: {
      // `001` 7.11.4: decision, category, key worker and core group circulated within 1 working day.
      decisionSummary: 1,
      // `001` sets no separate time for the outline plan: it is part of the record (7.11.3).
      plan: null,
      // `001` 7.11.5: the written record within ten working days (pre-birth and transfer conferences are
      // initial conferences, 7.2.16 and 7.2.29).
      record: { icpc: 10, rcpc: 10, pre_birth: 10, transfer_in: 10 },
    },
    timescales: {
      // `001` 7.8.6: first core group within ten working days of the initial conference.
      coreGroupWorkingDaysAfterIcpc: 10,
      // `001` 7.2.14 (also 7.2.26 pre-birth, 7.2.30 transfer): first review within three months, then at
      // intervals of not more than six months.
      firstReviewMonthsAfterIcpc: 3,
      reviewIntervalMonths: 6,
    },
    // `001` 7.6.10 and 7.3.15: the chair controls attendance; observers are agreed in advance.
    admitProfessionalsAutomatically: false,
  },
  barnsley: {
    preset: "barnsley",
    name: "Barnsley",
    // `002` "What is a Child Protection Conference?": the social worker and 2 other professionals from
    // different agencies.
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    // `002` "Why does the Category Matter?" and "What Happens if all the Professional do not agree?": the
    // report gives "the category of harm that is the primary risk" and the chair decides "the primary
    // category of harm that should be recorded": one category.
    categories: { mode: "exactly_one", emotionalSecondaryNeedsSubstantialConcern: false },
    // `002` "What Happens if all the Professional do not agree?": "If the decision is split or if a majority
    // decision cannot be reached; The Chairperson will make the decision ... and give a clear rationale."
    // A majority decides; the chair decides where there is none and gives a rationale when differing.
    decisionRule: { mode: "majority_of_professionals", overrideNeedsReason: true },
    // `002` is silent: every professional gives a view.
    oneViewPerAgency: false,
    deadlines: {
      // `002` is silent: the national 1 working day (`001` 7.11.4).
      decisionSummary: 1,
      // `002` is silent.
      plan: null,
      // `002` is silent: the shortest timescale in the seeds, 10 working days (`001` 7.11.5, `003` std 1).
      record: { icpc: 10, rcpc: 10, pre_birth: 10, transfer_in: 10 },
    },
    timescales: {
      // `002` lists the core group on the agenda without a timescale: the national 10 working days
      // (`001` 7.8.6).
      coreGroupWorkingDaysAfterIcpc: 10,
      // `002` "Timescales": first RCPC within three months of the ICPC, then every six months.
      firstReviewMonthsAfterIcpc: 3,
      reviewIntervalMonths: 6,
    },
    // `002` is silent: the chair admits each professional, as in `000` ch.13.
    admitProfessionalsAutomatically: false,
  },
  middlesbrough: {
    preset: "middlesbrough",
    name: "Middlesbrough (core standards)",
    // `003` is silent on quoracy: the national minimum (`001` 7.3.17).
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    // `003` is silent on categories: national practice as in `001` 7.9.13.
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: false },
    // `003` std 2 professionals "give an informed opinion"; the decision rule is not stated: the chair
    // decides after consensus, as in `001` 7.9.5.
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false },
    // `003` std 5: where several professionals come from one agency, one represents the agency's views.
    oneViewPerAgency: true,
    deadlines: {
      // `003` std 1 (administrators): notifications of the outcome within 1 day of the conference.
      decisionSummary: 1,
      // `003` std 1: the protection plan goes out with the minutes, so the record deadlines cover it.
      plan: null,
      // `003` std 1: plan and minutes within 10 working days of an ICPC, 20 after a review. Pre-birth and
      // transfer conferences are initial conferences (`001` 7.2.16, 7.2.29).
      record: { icpc: 10, rcpc: 20, pre_birth: 10, transfer_in: 10 },
    },
    timescales: {
      // `003` std 2 asks chairs to challenge core groups outside "the required timescale" without a number:
      // the national 10 working days (`001` 7.8.6).
      coreGroupWorkingDaysAfterIcpc: 10,
      // `003` is silent: the national three months, then six (`001` 7.2.14).
      firstReviewMonthsAfterIcpc: 3,
      reviewIntervalMonths: 6,
    },
    // `003` std 1: late arrivals may be refused access once the conference is underway.
    admitProfessionalsAutomatically: false,
  },
  wakefield: {
    preset: "wakefield",
    name: "Wakefield",
    // `004` "a minimum of three different agency representatives"; children's social care is required as in
    // `001` 7.3.17 and `002` (the social worker presents the report and plan).
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    // `004` is silent on categories: national practice as in `001` 7.9.13.
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: false },
    // `004` "Dissent for the Conference Decision": a simple majority, the chair where none; a chair using
    // final decision-making powers against the majority has the reasons minuted.
    decisionRule: { mode: "majority_of_professionals", overrideNeedsReason: true },
    // `004` is silent: every professional gives a view.
    oneViewPerAgency: false,
    deadlines: {
      // `004` "Record of Conference": the record system is updated within one working day; the decision
      // itself goes out in the national 1 working day (`001` 7.11.4).
      decisionSummary: 1,
      // `004` "Record of Conference": the plan is circulated within 2 working days.
      plan: 2,
      // `004` "Record of Conference": the record within 15 working days.
      record: { icpc: 15, rcpc: 15, pre_birth: 15, transfer_in: 15 },
    },
    timescales: {
      // `004` "Record of Conference": a core group within 10 working days of the ICPC.
      coreGroupWorkingDaysAfterIcpc: 10,
      // `004` defers to the West Yorkshire procedures: the national three months, then six (`001` 7.2.14).
      firstReviewMonthsAfterIcpc: 3,
      reviewIntervalMonths: 6,
    },
    // `004` is silent: the chair admits each professional, as in `000` ch.13.
    admitProfessionalsAutomatically: false,
  },
} as const satisfies Record<string, PolicyProfile>;

export type PresetName = keyof typeof POLICY_PRESETS;
export const PresetName = z.enum(Object.keys(POLICY_PRESETS) as [PresetName, ...PresetName[]]);

/** A preset name or a whole profile, as submitted, to the profile the conference keeps. */
export function resolvePolicyProfile(input: PresetName | PolicyProfile): PolicyProfile {
  if (typeof input === "string") return structuredClone(POLICY_PRESETS[input]) as PolicyProfile;
  return input;
}
