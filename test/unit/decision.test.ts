import { describe, expect, it } from "vitest";
import {
  ChildDecision,
  type ChildDecisionInput,
  checkDecision,
  checkScale,
  checkViewAllowed,
  eligibleVoters,
  proceduresName,
  type RecordedView,
  type Tally,
  ThresholdView,
  tallyViews,
  type Voter,
} from "../../shared/decision";
import { agencyOf, Role } from "../../shared/domain";
import { type Category, POLICY_PRESETS, type PolicyProfile, type PresetName } from "../../shared/policy";

/** A 22-character id from a short alphanumeric name. */
const id = (name: string) => name.padEnd(22, "0").slice(0, 22);
const PRESETS = Object.keys(POLICY_PRESETS) as PresetName[];
const profile = (preset: PresetName): PolicyProfile => POLICY_PRESETS[preset];

function voter(name: string, role: Role, agency?: string, present?: boolean): Voter {
  return { id: id(name), role, agency, ...(present === undefined ? {} : { present }) };
}
const recorded = (v: Voter): RecordedView => ({ participantId: v.id, agency: agencyOf(v) });

describe("eligibleVoters", () => {
  const voters: Record<Role, boolean> = {
    chair: false,
    minute_taker: false,
    social_worker: true,
    team_manager: true,
    professional: true,
    parent: false,
    carer: false,
    young_person: false,
    supporter: false,
    advocate: false,
    solicitor: false,
    interpreter: false,
    observer: false,
  };
  it.each(PRESETS.flatMap((preset) => Role.options.map((role) => [preset, role, voters[role]] as const)))(
    "%s: a %s gives a view on the threshold: %s",
    (preset, role, expected) => {
      const p = voter("p1", role, role === "professional" ? "Police" : undefined);
      expect(eligibleVoters(profile(preset), [p])).toEqual(expected ? [p] : []);
    },
  );

  it("leaves out a professional known not to be present, keeps order", () => {
    const a = voter("a", "professional", "Police", true);
    const b = voter("b", "professional", "School", false);
    const c = voter("c", "social_worker");
    const d = voter("d", "observer");
    expect(eligibleVoters(profile("haringey"), [a, b, c, d])).toEqual([a, c]);
  });
});

describe("checkViewAllowed", () => {
  const police1 = voter("police1", "professional", "Police");
  const police2 = voter("police2", "professional", "police ");
  const school = voter("school", "professional", "School");
  const social = voter("social", "social_worker");
  const manager = voter("manager", "team_manager");
  const noAgency = voter("noagency", "professional");
  const noAgency2 = voter("noagency2", "professional");

  it.each(
    PRESETS.flatMap((preset) =>
      (["chair", "minute_taker", "parent", "carer", "young_person", "advocate", "observer"] as const).map(
        (role) => [preset, role] as const,
      ),
    ),
  )("%s: a %s may not give a view", (preset, role) => {
    const r = checkViewAllowed(profile(preset), voter("x", role), []);
    expect(r).toEqual({
      ok: false,
      error: { code: "not_eligible_voter", message: expect.stringMatching(/^Only professionals/) },
    });
  });

  it("refuses a professional who is not in the conference", () => {
    const r = checkViewAllowed(profile("haringey"), voter("away", "professional", "GP", false), []);
    expect(r.ok ? null : r.error.code).toBe("not_present");
  });

  it.each([
    // preset, voter, views already given, replaceAgencyView, expected replaces | error code
    ["haringey", police1, [], false, []],
    ["haringey", police1, [police1], false, [police1.id]],
    ["haringey", police2, [police1], false, []],
    ["haringey", manager, [social], false, []],
    ["hertfordshire", police2, [police1], false, []],
    ["barnsley", police2, [police1], false, []],
    ["wakefield", police2, [police1], false, []],
    ["middlesbrough", police1, [], false, []],
    ["middlesbrough", police1, [police1], false, [police1.id]],
    ["middlesbrough", school, [police1], false, []],
    ["middlesbrough", police2, [police1], false, "agency_view_given"],
    ["middlesbrough", police2, [police1], true, [police1.id]],
    ["middlesbrough", police2, [police1, police2], true, [police2.id, police1.id]],
    ["middlesbrough", manager, [social], false, "agency_view_given"],
    ["middlesbrough", manager, [social, police1], true, [social.id]],
    ["middlesbrough", social, [manager], false, "agency_view_given"],
    ["middlesbrough", noAgency2, [noAgency], false, []],
  ] as const)("%s: %o after %o (replace: %s) → %o", (preset, v, before, replace, expected) => {
    const r = checkViewAllowed(profile(preset), v, before.map(recorded), { replaceAgencyView: replace });
    if (typeof expected === "string") {
      expect(r).toEqual({ ok: false, error: { code: expected, message: expect.any(String) } });
    } else {
      expect(r).toEqual({ ok: true, value: { replaces: [...expected] } });
    }
  });

  it("names the rule when an agency has already spoken", () => {
    const r = checkViewAllowed(profile("middlesbrough"), police2, [recorded(police1)]);
    expect(r.ok ? "" : r.error.message).toMatch(
      /^This conference follows Middlesbrough's procedures: one view per agency\./,
    );
    expect(r.ok ? "" : r.error.message).not.toContain("Police");
  });
});

describe("tallyViews", () => {
  const v = (name: string, view: "plan" | "no_plan" | "abstain") => ({ participantId: id(name), view });
  it.each([
    [
      "3 for, 1 against",
      [v("a", "plan"), v("b", "plan"), v("c", "plan"), v("d", "no_plan")],
      3,
      1,
      0,
      "plan",
    ],
    [
      "1 for, 3 against",
      [v("a", "plan"), v("b", "no_plan"), v("c", "no_plan"), v("d", "no_plan")],
      1,
      3,
      0,
      "no_plan",
    ],
    ["a tie", [v("a", "plan"), v("b", "plan"), v("c", "no_plan"), v("d", "no_plan")], 2, 2, 0, null],
    [
      "a tie with abstentions",
      [v("a", "plan"), v("b", "no_plan"), v("c", "abstain"), v("d", "abstain")],
      1,
      1,
      2,
      null,
    ],
    [
      "abstentions do not count against",
      [
        v("a", "plan"),
        v("b", "plan"),
        v("c", "no_plan"),
        v("d", "abstain"),
        v("e", "abstain"),
        v("f", "abstain"),
      ],
      2,
      1,
      3,
      "plan",
    ],
    ["a single view", [v("a", "no_plan")], 0, 1, 0, "no_plan"],
    ["everyone abstains", [v("a", "abstain"), v("b", "abstain")], 0, 0, 2, null],
    ["no views", [], 0, 0, 0, null],
    [
      "a changed view counts once, as changed",
      [v("a", "plan"), v("b", "no_plan"), v("a", "no_plan")],
      0,
      2,
      0,
      "no_plan",
    ],
    [
      "a withdrawn view becomes an abstention",
      [v("a", "plan"), v("b", "no_plan"), v("b", "abstain")],
      1,
      0,
      1,
      "plan",
    ],
  ] as const)("%s", (_label, views, plan, noPlan, abstain, majority) => {
    for (const preset of PRESETS) {
      expect(tallyViews(profile(preset), views)).toMatchObject({ plan, noPlan, abstain, majority });
    }
  });

  it.each([
    ["wakefield", "plan", "majority"],
    ["wakefield", null, "chair"],
    ["barnsley", "no_plan", "majority"],
    ["barnsley", null, "chair"],
    ["haringey", "plan", "chair"],
    ["hertfordshire", "plan", "chair"],
    ["middlesbrough", "no_plan", "chair"],
  ] as const)("%s with majority %s: %s decides", (preset, majority, decides) => {
    const views =
      majority === null
        ? [v("a", "plan"), v("b", "no_plan")]
        : [v("a", majority), v("b", majority), v("c", majority === "plan" ? "no_plan" : "plan")];
    expect(tallyViews(profile(preset), views).decides).toBe(decides);
  });
});

describe("checkDecision: categories", () => {
  const noMajority: Tally = { plan: 0, noPlan: 0, abstain: 0, majority: null, decides: "chair" };
  const decision = (plan: boolean, categories: Category[], extra: Partial<ChildDecisionInput> = {}) => ({
    childId: id("child1"),
    plan,
    categories,
    rationale: "Continuing risk of significant harm from neglect.",
    ...extra,
  });
  const concern = {
    substantialEmotionalConcern: "The children are frightened by repeated violence at home.",
  };

  type Row = readonly [PresetName, boolean, Category[], Partial<ChildDecisionInput>, string | null];
  const rows: Row[] = [
    // Every preset: a plan needs a category, none twice; no plan has none.
    ...PRESETS.flatMap((p): Row[] => [
      [p, true, ["neglect"], {}, null],
      [p, true, ["emotional"], {}, null],
      [p, true, [], {}, "category_required"],
      [p, true, ["neglect", "neglect"], {}, "category_duplicate"],
      [p, false, [], {}, null],
      [p, false, ["neglect"], {}, "category_without_plan"],
      [p, false, [], concern, "emotional_concern_not_applicable"],
      [p, true, ["neglect"], concern, "emotional_concern_not_applicable"],
      [p, true, ["emotional"], concern, "emotional_concern_not_applicable"],
    ]),
    // Haringey and Barnsley: exactly one category.
    ["haringey", true, ["neglect", "physical"], {}, "category_exactly_one"],
    ["haringey", true, ["neglect", "emotional"], concern, "category_exactly_one"],
    ["barnsley", true, ["sexual", "physical"], {}, "category_exactly_one"],
    // Hertfordshire: more than one where each meets the threshold; emotional as a second needs a concern.
    ["hertfordshire", true, ["neglect", "physical"], {}, null],
    ["hertfordshire", true, ["neglect", "physical", "sexual"], {}, null],
    ["hertfordshire", true, ["neglect", "emotional"], {}, "emotional_secondary_needs_concern"],
    ["hertfordshire", true, ["emotional", "physical"], {}, "emotional_secondary_needs_concern"],
    ["hertfordshire", true, ["neglect", "emotional"], concern, null],
    [
      "hertfordshire",
      true,
      ["neglect", "emotional"],
      { substantialEmotionalConcern: "   " },
      "validation_failed",
    ],
    // Middlesbrough and Wakefield: more than one, no extra condition on emotional abuse.
    ["middlesbrough", true, ["neglect", "emotional"], {}, null],
    ["middlesbrough", true, ["neglect", "emotional"], concern, "emotional_concern_not_applicable"],
    ["wakefield", true, ["physical", "emotional", "neglect", "sexual"], {}, null],
  ];

  it.each(rows)("%s: plan %s with %o %o → %s", (preset, plan, categories, extra, code) => {
    const r = checkDecision(profile(preset), decision(plan, categories, extra), noMajority);
    if (code === null)
      expect(r).toEqual({ ok: true, value: ChildDecision.parse(decision(plan, categories, extra)) });
    else expect(r.ok ? "ok" : r.error.code).toBe(code);
  });

  it.each([
    [
      "haringey",
      ["neglect", "physical"],
      "This conference follows Haringey's procedures: choose exactly one category.",
    ],
    [
      "barnsley",
      ["neglect", "physical"],
      "This conference follows Barnsley's procedures: choose exactly one category.",
    ],
    [
      "hertfordshire",
      ["neglect", "emotional"],
      "This conference follows Hertfordshire's procedures: emotional abuse is a second category only where the concern is substantial.",
    ],
  ] as const)("%s names the rule", (preset, categories, message) => {
    const r = checkDecision(profile(preset), decision(true, [...categories]), noMajority);
    expect(r.ok ? "" : r.error.message).toContain(message);
  });

  it.each([
    ["an empty rationale", { rationale: "  " }],
    ["a rationale over 5000 characters", { rationale: "x".repeat(5001) }],
    ["an unknown category", { categories: ["financial"] }],
    ["an unknown field", { dissent: "no" }],
    ["a bad child id", { childId: "child-1" }],
    ["plan not a boolean", { plan: "yes" }],
    ["an empty override reason", { overrideReason: "" }],
  ])("refuses %s as validation_failed", (_label, change) => {
    const r = checkDecision(
      profile("hertfordshire"),
      { ...decision(true, ["neglect"]), ...change },
      noMajority,
    );
    expect(r.ok ? "ok" : r.error.code).toBe("validation_failed");
  });

  it("trims what it keeps", () => {
    const r = checkDecision(
      profile("haringey"),
      decision(true, ["neglect"], { rationale: "  Reasons.  " }),
      noMajority,
    );
    expect(r.ok && r.value.rationale).toBe("Reasons.");
  });
});

describe("checkDecision: majority and override", () => {
  const tally = (plan: number, noPlan: number, preset: PresetName): Tally =>
    tallyViews(profile(preset), [
      ...Array.from({ length: plan }, (_, i) => ({ participantId: id(`p${i}`), view: "plan" as const })),
      ...Array.from({ length: noPlan }, (_, i) => ({ participantId: id(`n${i}`), view: "no_plan" as const })),
    ]);
  const decide = (plan: boolean, overrideReason?: string) => ({
    childId: id("child1"),
    plan,
    categories: plan ? ["neglect"] : [],
    rationale: "The chair's reasons.",
    ...(overrideReason === undefined ? {} : { overrideReason }),
  });
  const lenient: PolicyProfile = {
    ...POLICY_PRESETS.wakefield,
    preset: "custom",
    name: "Custom",
    decisionRule: { mode: "majority_of_professionals", overrideNeedsReason: false },
  };

  it.each([
    // preset, for, against, decided plan?, override reason?, expected code (null = accepted)
    ["wakefield", 3, 1, true, undefined, null],
    ["wakefield", 3, 1, false, undefined, "override_reason_required"],
    ["wakefield", 3, 1, false, "The chair judges the threshold is not met because...", null],
    ["wakefield", 3, 1, true, "Agreeing anyway", "override_not_applicable"],
    ["wakefield", 1, 3, true, undefined, "override_reason_required"],
    ["wakefield", 1, 3, true, "Continuing risk the majority underestimates", null],
    ["wakefield", 1, 3, false, undefined, null],
    ["wakefield", 2, 2, true, undefined, null],
    ["wakefield", 2, 2, false, undefined, null],
    ["wakefield", 2, 2, false, "No majority", "override_not_applicable"],
    ["wakefield", 0, 0, true, undefined, null],
    ["barnsley", 3, 1, false, undefined, "override_reason_required"],
    ["barnsley", 2, 2, false, undefined, null],
    ...(["haringey", "hertfordshire", "middlesbrough"] as const).flatMap((p) => [
      [p, 3, 1, false, undefined, null] as const,
      [p, 1, 3, true, undefined, null] as const,
      [p, 3, 1, false, "Against the views", "override_not_applicable"] as const,
    ]),
  ] as const)(
    "%s: %i for, %i against; plan %s, override %j → %s",
    (preset, forPlan, against, plan, reason, code) => {
      const r = checkDecision(profile(preset), decide(plan, reason), tally(forPlan, against, preset));
      expect(r.ok ? null : r.error.code).toBe(code);
    },
  );

  it.each([
    [3, 1, false],
    [1, 3, true],
  ])(
    "a majority profile without overrideNeedsReason: %i for, %i against, plan %s is accepted",
    (f, a, plan) => {
      expect(checkDecision(lenient, decide(plan), tally(f, a, "wakefield")).ok).toBe(true);
    },
  );

  it("names the majority rule and the majority's view", () => {
    const r = checkDecision(profile("wakefield"), decide(false), tally(3, 1, "wakefield"));
    expect(r.ok ? "" : r.error.message).toMatch(
      /^This conference follows Wakefield's procedures: a simple majority of professionals decides\. The majority was for a plan;/,
    );
  });
});

describe("ThresholdView", () => {
  const base = { participantId: id("police1"), view: "plan", reason: "Repeated injuries." };
  it.each([
    [base, true],
    [{ ...base, recommendedCategory: "physical" }, true],
    [{ ...base, view: "no_plan" }, true],
    [{ ...base, view: "abstain" }, true],
    [{ ...base, view: "no_plan", recommendedCategory: "physical" }, false],
    [{ ...base, view: "abstain", recommendedCategory: "neglect" }, false],
    [{ ...base, view: "maybe" }, false],
    [{ ...base, reason: "" }, false],
    [{ ...base, reason: "   " }, false],
    [{ ...base, reason: "x".repeat(2000) }, true],
    [{ ...base, reason: "x".repeat(2001) }, false],
    [{ ...base, participantId: "short" }, false],
    [{ ...base, extra: 1 }, false],
  ])("%o valid: %s", (input, ok) => {
    expect(ThresholdView.safeParse(input).success).toBe(ok);
  });
});

describe("checkScale", () => {
  it.each([
    [0, "Unsafe today.", null],
    [10, "Safe.", null],
    [5, "  Some safety.  ", null],
    [-1, "r", "scale_out_of_range"],
    [11, "r", "scale_out_of_range"],
    [5.5, "r", "scale_out_of_range"],
    [Number.NaN, "r", "scale_out_of_range"],
    ["5", "r", "scale_out_of_range"],
    [null, "r", "scale_out_of_range"],
    [5, "", "scale_reason_required"],
    [5, "   ", "scale_reason_required"],
    [5, undefined, "scale_reason_required"],
    [5, 7, "scale_reason_required"],
    [5, "x".repeat(1000), null],
    [5, "x".repeat(1001), "validation_failed"],
  ])("score %j, reason %j → %s", (score, reason, code) => {
    const r = checkScale({ score, reason });
    expect(r.ok ? null : r.error.code).toBe(code);
    if (r.ok) expect(r.value).toEqual({ score, reason: String(reason).trim() });
  });
});

describe("proceduresName", () => {
  it.each([
    ["Haringey (chair handbook)", "Haringey's procedures"],
    ["Hertfordshire (procedures chapter 7)", "Hertfordshire's procedures"],
    ["Wakefield", "Wakefield's procedures"],
    ["St Helens", "St Helens' procedures"],
    ["Leeds local procedures", "Leeds local procedures"],
    ["(draft)", "(draft)'s procedures"],
  ])("%j → %j", (name, expected) => {
    expect(proceduresName({ name })).toBe(expected);
  });
});
