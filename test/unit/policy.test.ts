import { describe, expect, it } from "vitest";
import {
  POLICY_PRESETS,
  PolicyProfile,
  type PolicyProfile as PolicyProfileType,
  PresetName,
  resolvePolicyProfile,
} from "../../shared/policy";

const PRESETS = Object.keys(POLICY_PRESETS) as PresetName[];

/**
 * The presets as checked against the seeds (see the comments in shared/policy.ts for each source).
 * Pinned in full so a change to a preset is a deliberate change to this table too.
 */
const EXPECTED: Record<PresetName, Omit<PolicyProfileType, "preset" | "name">> = {
  haringey: {
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    categories: { mode: "exactly_one", emotionalSecondaryNeedsSubstantialConcern: false }, // `000` ch.4
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false }, // `000` ch.7
    oneViewPerAgency: false,
    deadlines: { decisionSummary: 1, plan: 1, record: { icpc: 1, rcpc: 1, pre_birth: 1, transfer_in: 1 } }, // `000` ch.3-4
    timescales: { coreGroupWorkingDaysAfterIcpc: 10, firstReviewMonthsAfterIcpc: 3, reviewIntervalMonths: 6 },
    admitProfessionalsAutomatically: false,
  },
  hertfordshire: {
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true }, // `001` 7.3.17
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: true }, // `001` 7.9.13-14
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false }, // `001` 7.9.5
    oneViewPerAgency: false,
    deadlines: {
      decisionSummary: 1,
      plan: null,
      record: { icpc: 10, rcpc: 10, pre_birth: 10, transfer_in: 10 },
    }, // `001` 7.11.4-5
    timescales: { coreGroupWorkingDaysAfterIcpc: 10, firstReviewMonthsAfterIcpc: 3, reviewIntervalMonths: 6 }, // 7.8.6, 7.2.14
    admitProfessionalsAutomatically: false,
  },
  barnsley: {
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true }, // `002`
    categories: { mode: "exactly_one", emotionalSecondaryNeedsSubstantialConcern: false }, // `002` primary category
    decisionRule: { mode: "majority_of_professionals", overrideNeedsReason: true }, // `002` majority, else chair
    oneViewPerAgency: false,
    deadlines: {
      decisionSummary: 1,
      plan: null,
      record: { icpc: 10, rcpc: 10, pre_birth: 10, transfer_in: 10 },
    },
    timescales: { coreGroupWorkingDaysAfterIcpc: 10, firstReviewMonthsAfterIcpc: 3, reviewIntervalMonths: 6 }, // `002`
    admitProfessionalsAutomatically: false,
  },
  middlesbrough: {
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true },
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: false },
    decisionRule: { mode: "chair_after_consensus", overrideNeedsReason: false },
    oneViewPerAgency: true, // `003` std 5
    deadlines: {
      decisionSummary: 1,
      plan: null,
      record: { icpc: 10, rcpc: 20, pre_birth: 10, transfer_in: 10 },
    }, // `003` std 1
    timescales: { coreGroupWorkingDaysAfterIcpc: 10, firstReviewMonthsAfterIcpc: 3, reviewIntervalMonths: 6 },
    admitProfessionalsAutomatically: false,
  },
  wakefield: {
    quorum: { minimumAgencies: 3, requireChildrensSocialCare: true }, // `004`
    categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: false },
    decisionRule: { mode: "majority_of_professionals", overrideNeedsReason: true }, // `004` dissent
    oneViewPerAgency: false,
    deadlines: {
      decisionSummary: 1,
      plan: 2,
      record: { icpc: 15, rcpc: 15, pre_birth: 15, transfer_in: 15 },
    }, // `004`
    timescales: { coreGroupWorkingDaysAfterIcpc: 10, firstReviewMonthsAfterIcpc: 3, reviewIntervalMonths: 6 }, // `004`
    admitProfessionalsAutomatically: false,
  },
};

describe("policy presets", () => {
  it.each(PRESETS)("%s is a valid profile named after its key", (preset) => {
    const p = POLICY_PRESETS[preset];
    expect(PolicyProfile.parse(p)).toEqual(p);
    expect(p.preset).toBe(preset);
    expect(p.name.toLowerCase()).toContain(preset);
  });

  it.each(PRESETS)("%s has the values checked against its seed", (preset) => {
    const { preset: _key, name: _name, ...rules } = POLICY_PRESETS[preset];
    expect(rules).toEqual(EXPECTED[preset]);
  });

  it("has exactly the five seed areas", () => {
    expect([...PRESETS].sort()).toEqual([
      "barnsley",
      "haringey",
      "hertfordshire",
      "middlesbrough",
      "wakefield",
    ]);
    expect([...PresetName.options].sort()).toEqual([...PRESETS].sort());
  });

  it.each(PRESETS)(
    "%s: pre-birth and transfer-in conferences are initial conferences (`001` 7.2.16, 7.2.29)",
    (preset) => {
      const { record } = POLICY_PRESETS[preset].deadlines;
      expect(record.pre_birth).toBe(record.icpc);
      expect(record.transfer_in).toBe(record.icpc);
    },
  );

  it.each(PRESETS)(
    "%s: the decision goes out no later than the plan, and the plan no later than the record",
    (preset) => {
      const { decisionSummary, plan, record } = POLICY_PRESETS[preset].deadlines;
      for (const days of Object.values(record)) {
        expect(decisionSummary).toBeLessThanOrEqual(days);
        if (plan !== null) {
          expect(decisionSummary).toBeLessThanOrEqual(plan);
          expect(plan).toBeLessThanOrEqual(days);
        }
      }
    },
  );

  it.each(PRESETS)("%s: quorum is social care and two other agencies (DOMAIN.md, `001` 7.3.17)", (preset) => {
    expect(POLICY_PRESETS[preset].quorum).toEqual({ minimumAgencies: 3, requireChildrensSocialCare: true });
  });

  it.each(PRESETS)("%s: the first review within 3 months, then at most every 6 (`001` 7.2.14)", (preset) => {
    const t = POLICY_PRESETS[preset].timescales;
    expect(t.firstReviewMonthsAfterIcpc).toBeLessThanOrEqual(3);
    expect(t.reviewIntervalMonths).toBeLessThanOrEqual(6);
  });
});

describe("resolvePolicyProfile", () => {
  it.each(PRESETS)("copies %s, so changing the copy leaves the preset alone", (preset) => {
    const copy = resolvePolicyProfile(preset);
    expect(copy).toEqual(POLICY_PRESETS[preset]);
    copy.quorum.minimumAgencies = 9;
    copy.deadlines.record.icpc = 60;
    expect(POLICY_PRESETS[preset].quorum.minimumAgencies).toBe(3);
    expect(POLICY_PRESETS[preset].deadlines.record.icpc).not.toBe(60);
  });

  it("returns a whole profile as given", () => {
    const custom: PolicyProfileType = { ...POLICY_PRESETS.hertfordshire, preset: "custom", name: "Custom" };
    expect(resolvePolicyProfile(custom)).toBe(custom);
  });
});

describe("PolicyProfile schema", () => {
  const base = (): PolicyProfileType => structuredClone(POLICY_PRESETS.hertfordshire) as PolicyProfileType;
  it.each([
    ["a minimum of 0 agencies", (p: PolicyProfileType) => (p.quorum.minimumAgencies = 0)],
    ["a minimum of 21 agencies", (p: PolicyProfileType) => (p.quorum.minimumAgencies = 21)],
    ["a fractional minimum", (p: PolicyProfileType) => (p.quorum.minimumAgencies = 2.5)],
    ["an unknown category mode", (p: PolicyProfileType) => Object.assign(p.categories, { mode: "any" })],
    ["an unknown decision rule", (p: PolicyProfileType) => Object.assign(p.decisionRule, { mode: "vote" })],
    ["a negative deadline", (p: PolicyProfileType) => (p.deadlines.decisionSummary = -1)],
    ["a deadline over 60 working days", (p: PolicyProfileType) => (p.deadlines.record.rcpc = 61)],
    [
      "a missing record deadline",
      (p: PolicyProfileType) => delete (p.deadlines.record as Partial<typeof p.deadlines.record>).transfer_in,
    ],
    ["a first review at 0 months", (p: PolicyProfileType) => (p.timescales.firstReviewMonthsAfterIcpc = 0)],
    ["a review interval of 13 months", (p: PolicyProfileType) => (p.timescales.reviewIntervalMonths = 13)],
    ["an unknown key", (p: PolicyProfileType) => Object.assign(p, { votingAge: 16 })],
    ["an unknown nested key", (p: PolicyProfileType) => Object.assign(p.quorum, { police: true })],
    ["an empty name", (p: PolicyProfileType) => (p.name = "  ")],
  ])("refuses %s", (_label, change) => {
    const p = base();
    change(p);
    expect(PolicyProfile.safeParse(p).success).toBe(false);
  });

  it.each([
    ["no plan deadline", (p: PolicyProfileType) => (p.deadlines.plan = null)],
    ["a plan deadline of 0", (p: PolicyProfileType) => (p.deadlines.plan = 0)],
    ["a minimum of 1 agency", (p: PolicyProfileType) => (p.quorum.minimumAgencies = 1)],
  ])("accepts %s", (_label, change) => {
    const p = base();
    change(p);
    expect(PolicyProfile.safeParse(p).success).toBe(true);
  });
});
