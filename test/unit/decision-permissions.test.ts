import { describe, expect, it } from "vitest";
import { checkOutcomeDates } from "../../shared/childPermissions";
import { applyChildEvent, type ChildEvent, type ChildState, median } from "../../shared/childState";
import { proposeDates } from "../../shared/dates";
import { DECISION_ERROR_CODES, tallyViews } from "../../shared/decision";
import { ERROR_CODES } from "../../shared/errors";
import { can } from "../../shared/permissions";
import { POLICY_PRESETS, type PresetName } from "../../shared/policy";
import type { Command } from "../../shared/protocol";
import { applyEvent, type RoomState } from "../../shared/room";
import { childEntries, decisionSentence, familyChildren } from "../../shared/views";
import { id, room } from "./rules-fixture";

/**
 * The rules for scaling, views, the chair's decision, dissent and what follows, per subject child
 * (shared/childPermissions.ts), and what the state document and a family member's projection show of
 * them (shared/views.ts). The room is rules-fixture's: Amy is the subject child, conference on
 * Tuesday 2026-12-01 (ICPC, Haringey unless a case says otherwise).
 */

const amy = id("amy");
const sibling = id("sib");
const ghost = id("ghost");
const at = { n: 1 };

type Step = ChildEvent extends infer E ? (E extends { childId: string } ? Omit<E, "childId"> : never) : never;

/** A room with Amy (subject), a sibling who is not a subject, a second police officer and `steps` applied. */
function state(
  steps: Step[] = [],
  preset: PresetName = "haringey",
  change?: (s: RoomState) => void,
): RoomState {
  const s = room();
  s.conference = {
    ...s.conference,
    policyProfile: structuredClone(POLICY_PRESETS[preset]) as RoomState["conference"]["policyProfile"],
    children: [
      ...s.conference.children,
      { id: sibling, name: "Sam", dateOfBirth: "2010-01-01", subject: false },
    ],
  };
  applyEvent(
    s,
    {
      type: "participant.added",
      participant: {
        id: id("police2"),
        conferenceId: id("conf"),
        role: "professional",
        name: "police2",
        agency: " police ",
        directContact: true,
        inRoomOnly: true,
        createdAt: 0,
      },
    },
    2,
    0,
  );
  // Quorate (`001` 7.3.17: children's social care and two other agencies): social care, police, and
  // a health visitor who came. The inquorate cases take her out.
  applyEvent(
    s,
    {
      type: "participant.added",
      participant: {
        id: id("health"),
        conferenceId: id("conf"),
        role: "professional",
        name: "health",
        agency: "Health visiting",
        directContact: true,
        inRoomOnly: true,
        createdAt: 0,
      },
    },
    2,
    0,
  );
  for (const step of steps) applyEvent(s, { ...step, childId: amy } as ChildEvent, 3, at.n++);
  change?.(s);
  return s;
}

const leaves = (s: RoomState, who: string) => {
  s.attendance[id(who)]!.presence = "left";
};
const scale = (who: string, score = 5): Step => ({
  type: "scale.given",
  participantId: id(who),
  score,
  reason: `reason of ${who}`,
  enteredBy: id(who),
});
const viewOf = (who: string, view: "plan" | "no_plan" | "abstain"): Step => ({
  type: "view.given",
  participantId: id(who),
  view,
  reason: "r",
  enteredBy: id(who),
  replaces: [],
});
const tally = { plan: 0, noPlan: 0, abstain: 0, majority: null, decides: "chair" } as const;
const decided = (plan = true): Step => ({
  type: "decision.recorded",
  decision: {
    plan,
    categories: plan ? ["neglect"] : [],
    rationale: "r",
    by: id("chair"),
    tally,
    overrodeMajority: false,
  },
});
const OPEN: Step = { type: "views.opened" };
const CLOSED: Step = { type: "views.closed" };
const SCALING_CLOSED: Step = { type: "scaling.closed" };
const presence = (who: string, p: "lobby" | "left") => (s: RoomState) => {
  s.attendance[id(who)]!.presence = p;
};

const set = (score: unknown = 6, reason = "Mum is engaging", childId = amy) => ({
  type: "scaling.set",
  childId,
  score,
  reason,
});
const setFor = (who: string, score = 4) => ({
  type: "scaling.setFor",
  childId: amy,
  participantId: id(who),
  score,
  reason: "said in the room",
});
const give = (view = "plan", extra: Record<string, unknown> = {}) => ({
  type: "view.give",
  childId: amy,
  view,
  reason: "Repeated injuries",
  replaceAgencyView: false,
  ...extra,
});
const decision = (extra: Record<string, unknown> = {}) => ({
  type: "decision.record",
  childId: amy,
  plan: true,
  categories: ["neglect"],
  rationale: "Neglect over two years",
  ...extra,
});
const outcome = (extra: Record<string, unknown> = {}) => ({
  type: "outcome.set",
  childId: amy,
  keyWorkerId: id("social"),
  coreGroup: [id("mum"), id("police")],
  firstCoreGroupDate: "2026-12-15",
  nextReviewDate: "2027-03-01",
  ...extra,
});

describe("can: per subject child", () => {
  it.each([
    // ---- safety scaling: who gives one
    ["police", set(), state(), "ok"],
    ["social", set(), state(), "ok"],
    ["mum", set(), state(), "ok"],
    ["yp", set(), state(), "ok"],
    ["advocate", set(), state(), "ok"], // for mum
    ["interp", set(), state(), "ok"], // for dad
    ["chair", set(), state(), "forbidden"],
    ["minutes", set(), state(), "forbidden"],
    ["observer", set(), state(), "forbidden"],
    ["lost", set(), state(), "forbidden"], // supports no family member
    ["police", set(11), state(), "scale_out_of_range"],
    ["police", set(-1), state(), "scale_out_of_range"],
    ["police", set(5.5), state(), "scale_out_of_range"],
    ["police", set(6, "   "), state(), "scale_reason_required"],
    ["police", set(6, "x".repeat(1001)), state(), "validation_failed"],
    ["police", set(), state([SCALING_CLOSED]), "scaling_closed"],
    ["mum", set(), state([SCALING_CLOSED]), "scaling_closed"],
    ["police", set(6, "r", ghost), state(), "child_not_found"],
    ["police", set(6, "r", sibling), state(), "child_not_found"],
    ["police", set(), state([], "haringey", (s) => (s.attendance[id("police")]!.muted = true)), "muted"],
    ["police", set(), state([], "haringey", presence("police", "lobby")), "not_in_room"],
    ["police", set(), state([], "haringey", (s) => (s.conference.status = "ended")), "conference_ended"],
    // ---- a scale entered for someone in the room
    ["minutes", setFor("mum"), state(), "ok"],
    ["chair", setFor("police"), state(), "ok"],
    ["chair2", setFor("police"), state(), "forbidden"],
    ["police", setFor("mum"), state(), "forbidden"],
    ["mum", setFor("dad"), state(), "forbidden"],
    ["advocate", setFor("mum"), state(), "forbidden"],
    ["minutes", setFor("advocate"), state(), "validation_failed"],
    ["minutes", setFor("observer"), state(), "validation_failed"],
    ["minutes", setFor("chair"), state(), "validation_failed"],
    ["minutes", setFor("ghost"), state(), "participant_not_found"],
    ["minutes", setFor("mum"), state([], "haringey", presence("mum", "left")), "not_present"],
    ["minutes", setFor("mum"), state([SCALING_CLOSED]), "scaling_closed"],
    ["minutes", setFor("mum", 12), state(), "scale_out_of_range"],
    // ---- closing, reopening and sharing scaling
    ["chair", { type: "scaling.close", childId: amy }, state(), "ok"],
    ["minutes", { type: "scaling.close", childId: amy }, state(), "not_chair"],
    ["chair", { type: "scaling.close", childId: amy }, state([SCALING_CLOSED]), "scaling_closed"],
    ["chair", { type: "scaling.reopen", childId: amy }, state([SCALING_CLOSED]), "ok"],
    ["chair", { type: "scaling.reopen", childId: amy }, state(), "conflict"],
    [
      "chair",
      { type: "scaling.share", childId: amy, participantIds: "all", youngPeople: false },
      state(),
      "ok",
    ],
    [
      "chair",
      { type: "scaling.share", childId: amy, participantIds: [id("police")], youngPeople: false },
      state([scale("police")]),
      "ok",
    ],
    [
      "chair",
      { type: "scaling.share", childId: amy, participantIds: [id("mum")], youngPeople: false },
      state([scale("police")]),
      "validation_failed",
    ],
    [
      "social",
      { type: "scaling.share", childId: amy, participantIds: "all", youngPeople: false },
      state(),
      "not_chair",
    ],
    // ---- views on the threshold
    ["chair", { type: "views.open", childId: amy }, state(), "ok"],
    ["chair", { type: "views.open", childId: amy }, state([OPEN, CLOSED]), "ok"],
    ["social", { type: "views.open", childId: amy }, state(), "not_chair"],
    ["chair", { type: "views.open", childId: amy }, state([OPEN]), "conflict"],
    ["chair", { type: "views.open", childId: amy }, state([decided()]), "decision_recorded"],
    ["chair", { type: "views.open", childId: ghost }, state(), "child_not_found"],
    ["chair", { type: "views.close", childId: amy }, state([OPEN]), "ok"],
    ["chair", { type: "views.close", childId: amy }, state(), "views_not_open"],
    ["police", { type: "views.close", childId: amy }, state([OPEN]), "not_chair"],
    ["police", give(), state([OPEN]), "ok"],
    ["social", give("abstain"), state([OPEN]), "ok"],
    ["police", give("plan", { recommendedCategory: "neglect" }), state([OPEN]), "ok"],
    ["police", give("no_plan", { recommendedCategory: "neglect" }), state([OPEN]), "validation_failed"],
    ["police", give(), state([OPEN, viewOf("police", "no_plan")]), "ok"], // changes their own view
    ["police", give(), state(), "views_not_open"],
    ["police", give(), state([OPEN, CLOSED]), "views_closed"],
    ["mum", give(), state([OPEN]), "not_eligible_voter"],
    ["advocate", give(), state([OPEN]), "not_eligible_voter"],
    ["observer", give(), state([OPEN]), "not_eligible_voter"],
    ["minutes", give(), state([OPEN]), "not_eligible_voter"],
    ["chair", give(), state([OPEN]), "not_eligible_voter"],
    ["mum", give(), state(), "not_eligible_voter"], // eligibility before the state of the views
    ["police2", give(), state([OPEN, viewOf("police", "plan")]), "ok"], // Haringey: every professional
    ["police2", give(), state([OPEN, viewOf("police", "plan")], "middlesbrough"), "agency_view_given"],
    [
      "police2",
      give("plan", { replaceAgencyView: true }),
      state([OPEN, viewOf("police", "plan")], "middlesbrough"),
      "ok",
    ],
    // ---- a view entered for a professional in the room
    ["minutes", { ...give(), type: "view.giveFor", participantId: id("police2") }, state([OPEN]), "ok"],
    ["chair", { ...give(), type: "view.giveFor", participantId: id("police") }, state([OPEN]), "ok"],
    ["police", { ...give(), type: "view.giveFor", participantId: id("social") }, state([OPEN]), "forbidden"],
    [
      "chair",
      { ...give(), type: "view.giveFor", participantId: id("mum") },
      state([OPEN]),
      "not_eligible_voter",
    ],
    [
      "minutes",
      { ...give(), type: "view.giveFor", participantId: id("police") },
      state([OPEN], "haringey", presence("police", "left")),
      "not_present",
    ],
    // ---- the chair's decision
    ["chair", decision(), state(), "ok"],
    // Not quorate once the health visitor has left: no decision until the chair says why they go ahead.
    ["chair", decision(), state([], "haringey", (s) => leaves(s, "health")), "inquorate"],
    [
      "chair",
      decision(),
      state([], "haringey", (s) => {
        leaves(s, "health");
        s.inquorate = { at: 1, reason: "Health could not attend", by: id("chair") };
      }),
      "ok",
    ],
    ["chair", decision(), state([OPEN, viewOf("police", "no_plan")]), "ok"],
    ["social", decision(), state(), "not_chair"],
    ["chair2", decision(), state(), "not_chair"],
    ["mum", decision(), state(), "not_chair"],
    ["chair", decision(), state([decided()]), "decision_recorded"],
    ["chair", decision({ childId: sibling }), state(), "child_not_found"],
    ["chair", decision({ categories: [] }), state(), "category_required"],
    ["chair", decision({ categories: ["neglect", "neglect"] }), state(), "category_duplicate"],
    ["chair", decision({ plan: false }), state(), "category_without_plan"],
    ["chair", decision({ plan: false, categories: [] }), state(), "ok"],
    ["chair", decision({ categories: ["neglect", "physical"] }), state(), "category_exactly_one"],
    ["chair", decision({ categories: ["neglect", "physical"] }), state([], "hertfordshire"), "ok"],
    [
      "chair",
      decision({ categories: ["neglect", "emotional"] }),
      state([], "hertfordshire"),
      "emotional_secondary_needs_concern",
    ],
    [
      "chair",
      decision({ categories: ["neglect", "emotional"], substantialEmotionalConcern: "Daily belittling" }),
      state([], "hertfordshire"),
      "ok",
    ],
    [
      "chair",
      decision({ categories: ["neglect", "emotional"], substantialEmotionalConcern: "x" }),
      state([], "middlesbrough"),
      "emotional_concern_not_applicable",
    ],
    [
      "chair",
      decision({ plan: false, categories: [] }),
      state([OPEN, viewOf("police", "plan"), viewOf("social", "plan")], "wakefield"),
      "override_reason_required",
    ],
    [
      "chair",
      decision({ plan: false, categories: [], overrideReason: "The threshold is not met" }),
      state([OPEN, viewOf("police", "plan"), viewOf("social", "plan")], "wakefield"),
      "ok",
    ],
    [
      "chair",
      decision({ overrideReason: "no majority to override" }),
      state([OPEN, viewOf("police", "plan"), viewOf("social", "no_plan")], "wakefield"),
      "override_not_applicable",
    ],
    ["chair", decision({ overrideReason: "x" }), state(), "override_not_applicable"],
    ["chair", decision(), state([], "wakefield"), "views_not_open"], // a majority decides: ask first
    ["chair", decision(), state([], "barnsley"), "views_not_open"],
    ["chair", decision(), state([OPEN], "wakefield"), "ok"], // no views given: no majority, the chair decides
    ["chair", decision(), state([], "hertfordshire"), "ok"], // the chair decides after consensus
    ["chair", { type: "decision.reopen", childId: amy, reason: "New information" }, state([decided()]), "ok"],
    [
      "chair",
      { type: "decision.reopen", childId: amy, reason: "New information" },
      state(),
      "decision_not_recorded",
    ],
    [
      "social",
      { type: "decision.reopen", childId: amy, reason: "New information" },
      state([decided()]),
      "not_chair",
    ],
    // ---- dissent
    [
      "police",
      { type: "dissent.record", childId: amy, reason: "r", escalate: true },
      state([decided()]),
      "ok",
    ],
    [
      "social",
      { type: "dissent.record", childId: amy, reason: "r", escalate: false },
      state([decided()]),
      "ok",
    ],
    [
      "police",
      { type: "dissent.record", childId: amy, reason: "r", escalate: true },
      state(),
      "decision_not_recorded",
    ],
    [
      "mum",
      { type: "dissent.record", childId: amy, reason: "r", escalate: true },
      state([decided()]),
      "forbidden",
    ],
    [
      "observer",
      { type: "dissent.record", childId: amy, reason: "r", escalate: false },
      state([decided()]),
      "forbidden",
    ],
    [
      "chair",
      { type: "dissent.record", childId: amy, reason: "r", escalate: false },
      state([decided()]),
      "forbidden",
    ],
    [
      "chair",
      { type: "dissent.recordFor", childId: amy, participantId: id("police"), reason: "r", escalate: true },
      state([decided()]),
      "ok",
    ],
    [
      "social",
      { type: "dissent.recordFor", childId: amy, participantId: id("police"), reason: "r", escalate: true },
      state([decided()]),
      "not_chair",
    ],
    [
      "chair",
      { type: "dissent.recordFor", childId: amy, participantId: id("mum"), reason: "r", escalate: true },
      state([decided()]),
      "validation_failed",
    ],
    [
      "chair",
      { type: "dissent.recordFor", childId: amy, participantId: id("police"), reason: "r", escalate: true },
      state([decided()], "haringey", presence("police", "left")),
      "not_present",
    ],
    // ---- what follows the decision
    ["chair", outcome(), state([decided()]), "ok"],
    ["chair", outcome({ keyWorkerId: id("police") }), state([decided()]), "validation_failed"],
    ["chair", outcome({ coreGroup: [id("observer")] }), state([decided()]), "validation_failed"],
    ["chair", outcome({ coreGroup: [id("advocate")] }), state([decided()]), "validation_failed"],
    ["chair", outcome({ coreGroup: [ghost] }), state([decided()]), "participant_not_found"],
    ["chair", outcome(), state(), "decision_not_recorded"],
    ["chair", outcome(), state([decided(false)]), "outcome_not_applicable"],
    ["social", outcome(), state([decided()]), "not_chair"],
    ["chair", outcome({ firstCoreGroupDate: "2026-12-16" }), state([decided()]), "core_group_date_too_late"],
    ["chair", outcome({ nextReviewDate: "2027-03-02" }), state([decided()]), "review_date_too_late"],
    ["chair", outcome({ firstCoreGroupDate: "2026-12-12" }), state([decided()]), "date_not_working_day"],
    ["chair", outcome({ firstCoreGroupDate: "2026-11-30" }), state([decided()]), "date_before_conference"],
    ["chair", outcome({ firstCoreGroupDate: null }), state([decided()]), "validation_failed"],
    [
      "chair",
      { type: "outcome.childInNeed", childId: amy, recommendations: ["Family support worker"] },
      state([decided(false)]),
      "ok",
    ],
    [
      "chair",
      { type: "outcome.childInNeed", childId: amy, recommendations: ["Family support worker"] },
      state([decided()]),
      "outcome_not_applicable",
    ],
    [
      "chair",
      { type: "outcome.childInNeed", childId: amy, recommendations: ["Family support worker"] },
      state(),
      "decision_not_recorded",
    ],
  ] as const)("%s: %o (%#) → %s", (who, command, s, expected) => {
    const verdict = can(s, id(who), command as unknown as Command);
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(expected);
  });

  it("names the rule broken in the message", () => {
    const haringey = can(state(), id("chair"), decision({ categories: ["neglect", "physical"] }) as Command);
    expect(!haringey.ok && haringey.error.message).toMatch(
      /Haringey's procedures: choose exactly one category/,
    );
    const late = can(
      state([decided()]),
      id("chair"),
      outcome({ firstCoreGroupDate: "2026-12-16" }) as Command,
    );
    expect(!late.ok && late.error.message).toMatch(
      /within 10 working days of an initial conference, that is by Tuesday 15 December 2026/,
    );
    const holiday = can(
      state([decided()]),
      id("chair"),
      outcome({ firstCoreGroupDate: "2026-12-25" }) as Command,
    );
    expect(!holiday.ok && holiday.error.message).toMatch(/bank holiday \(Christmas Day\)/);
  });
});

describe("checkOutcomeDates", () => {
  const haringey = POLICY_PRESETS.haringey;
  const start = "2026-12-01T10:00:00Z";
  it("uses the limits proposeDates gives", () => {
    expect(proposeDates("icpc", start, haringey)).toMatchObject({
      firstCoreGroupBy: "2026-12-15",
      nextReviewBy: "2027-03-01",
    });
    expect(proposeDates("rcpc", start, haringey)).toMatchObject({
      firstCoreGroupBy: null,
      nextReviewBy: "2027-06-01",
    });
  });
  it.each([
    ["icpc", "2026-12-15", "2027-03-01", "ok"],
    ["icpc", "2026-12-01", "2027-01-05", "ok"], // the same day as the conference is allowed for a core group
    ["icpc", "2026-12-15", "2026-12-01", "date_before_conference"], // a review is after the conference
    ["pre_birth", "2026-12-16", "2027-03-01", "core_group_date_too_late"],
    ["transfer_in", "2026-12-15", "2027-03-02", "review_date_too_late"],
    ["icpc", null, "2027-03-01", "validation_failed"],
    ["icpc", "2026-12-15", "2027-02-28", "date_not_working_day"], // a Sunday
    ["icpc", "2026-02-30", "2027-03-01", "validation_failed"],
    ["rcpc", null, "2027-06-01", "ok"], // after a review the core group already meets
    ["rcpc", "2027-01-20", "2027-06-01", "ok"],
    ["rcpc", null, "2027-06-02", "review_date_too_late"],
  ] as const)("%s: core group %s, review %s → %s", (kind, firstCoreGroupDate, nextReviewDate, expected) => {
    const verdict = checkOutcomeDates(kind, start, haringey, { firstCoreGroupDate, nextReviewDate });
    expect(verdict.ok ? "ok" : verdict.error.code).toBe(expected);
  });
  it.each([
    [
      "2027-02-28",
      "The next review conference is set on a working day: Sunday 28 February 2027 is at a weekend.",
    ],
    [
      "2026-12-28",
      "The next review conference is set on a working day: Monday 28 December 2026 is a bank holiday (Boxing Day (substitute day)).",
    ],
    ["2026-11-30", "The next review conference cannot be before this conference (Tuesday 1 December 2026)."],
  ])("writes the dates in its refusals as people read them: review on %s", (nextReviewDate, message) => {
    const verdict = checkOutcomeDates("icpc", start, haringey, {
      firstCoreGroupDate: "2026-12-15",
      nextReviewDate,
    });
    expect(!verdict.ok && verdict.error.message).toBe(message);
  });
  it("says which review rule applies", () => {
    const review = checkOutcomeDates("rcpc", start, haringey, {
      firstCoreGroupDate: null,
      nextReviewDate: "2027-07-01",
    });
    expect(!review.ok && review.error.message).toMatch(
      /reviews are at most 6 months apart, so the next review is by Tuesday 1 June 2027/,
    );
  });
});

describe("the per-child reducer", () => {
  const child = (steps: Step[]): ChildState => state(steps).children[amy]!;
  it("replaces a changed scale and takes it back from the family until shared again", () => {
    const c = child([
      scale("police", 3),
      { type: "scaling.shared", participantIds: [id("police")], youngPeople: false },
      scale("police", 4),
    ]);
    expect(c.scaling.entries[id("police")]?.score).toBe(4);
    expect(c.scaling.shared).toEqual([]);
  });
  it("drops the views a new one replaces (own earlier view, or the agency's)", () => {
    const c = child([
      OPEN,
      viewOf("police", "plan"),
      { ...viewOf("police2", "no_plan"), replaces: [id("police")] } as Step,
    ]);
    expect(Object.keys(c.views.entries)).toEqual([id("police2")]);
  });
  it("keeps a reopened decision, its dissent and outcome in the history, with the reason", () => {
    const c = child([
      decided(),
      {
        type: "dissent.recorded",
        participantId: id("police"),
        reason: "r",
        escalate: true,
        view: "no_plan",
        enteredBy: id("police"),
      },
      { type: "decision.reopened", reason: "Police disclosure after the vote", by: id("chair") },
    ]);
    expect(c.decision).toBeNull();
    expect(c.dissent).toEqual({});
    expect(c.history).toHaveLength(1);
    expect(c.history[0]).toMatchObject({
      decision: { plan: true, categories: ["neglect"] },
      dissent: [{ participantId: id("police"), escalate: true }],
      reopened: { reason: "Police disclosure after the vote", by: id("chair") },
    });
  });
  it("ignores an event for a child that is not a subject", () => {
    const s = state();
    applyEvent(s, { type: "views.opened", childId: sibling }, 9, 9);
    expect(s.children[sibling]).toBeUndefined();
  });
  it("applies child events directly too", () => {
    const c = state().children[amy]!;
    applyChildEvent(c, { type: "scaling.closed", childId: amy }, 1);
    expect(c.scaling.closed).toBe(true);
  });
  it.each([
    [[], null],
    [[4], 4],
    [[7, 2, 9], 7],
    [[2, 3, 8, 9], 5.5],
    [[0, 10], 5],
  ])("median of %j is %s", (scores, expected) => {
    expect(median(scores)).toBe(expected);
  });
});

describe("what the state document and a family member's projection show", () => {
  const scaled = state([
    scale("police", 2),
    scale("social", 3),
    scale("mum", 8),
    { ...scale("dad", 6), enteredBy: id("minutes") } as Step,
    { type: "scaling.shared", participantIds: [id("police"), id("dad")], youngPeople: false },
  ]);

  it("state document: every scale with name, role and agency, spread and median", () => {
    const entry = childEntries(scaled)[amy]!;
    expect(entry.scaling.entries.map((e) => [e.name, e.role, e.agency, e.score])).toEqual([
      ["police", "professional", "Police", 2],
      ["social", "social_worker", "Children's social care", 3],
      ["mum", "parent", null, 8],
      ["dad", "parent", null, 6],
    ]);
    expect(entry.scaling.entries.find((e) => e.name === "dad")?.enteredBy?.role).toBe("minute_taker");
    expect(entry.scaling.summary.all).toEqual({ count: 4, min: 2, max: 8, median: 4.5 });
    expect(entry.scaling.summary.professionals).toEqual({ count: 2, min: 2, max: 3, median: 2.5 });
    expect(entry.scaling.summary.family).toEqual({ count: 2, min: 6, max: 8, median: 7 });
    expect(entry.scaling.waitingFor.map((p) => p.name).sort()).toEqual(["health", "police2", "yp"]);
    expect(childEntries(scaled)[sibling]).toBeUndefined();
  });

  it("family projection: own scale and only the shared ones; a young person only when the chair says", () => {
    const mum = familyChildren(scaled, id("mum"))[amy]!;
    expect(mum.scaling.mine).toEqual({ score: 8, reason: "reason of mum", enteredBy: "You" });
    expect(mum.scaling.shared.map((s) => [s.name, s.agency, s.score])).toEqual([
      ["police", "Police", 2],
      ["dad", null, 6],
    ]);
    const dad = familyChildren(scaled, id("dad"))[amy]!;
    expect(dad.scaling.mine?.enteredBy).toBe("The minute taker");
    expect(dad.scaling.shared.map((s) => s.name)).toEqual(["police"]);
    expect(familyChildren(scaled, id("yp"))[amy]!.scaling.shared).toEqual([]);
    const forYoungPeople = state([
      scale("police", 2),
      { type: "scaling.shared", participantIds: [id("police")], youngPeople: true },
    ]);
    expect(familyChildren(forYoungPeople, id("yp"))[amy]!.scaling.shared).toHaveLength(1);
    expect(JSON.stringify(familyChildren(scaled, id("mum")))).not.toContain("reason of social");
  });

  it("the tally is live in the state document; views never reach a family projection", () => {
    const s = state(
      [OPEN, viewOf("police", "plan"), viewOf("social", "no_plan"), viewOf("police2", "plan")],
      "wakefield",
    );
    const entry = childEntries(s)[amy]!;
    expect(entry.views.tally).toEqual(
      tallyViews(s.conference.policyProfile, Object.values(s.children[amy]!.views.entries)),
    );
    expect(entry.views.tally).toMatchObject({ plan: 2, noPlan: 1, majority: "plan", decides: "majority" });
    expect(entry.views.rule.mode).toBe("majority_of_professionals");
    expect(Object.keys(familyChildren(s, id("mum"))[amy]!)).toEqual([
      "name",
      "scaling",
      "decision",
      "reconsidering",
    ]);
  });

  it("under one view per agency, an agency that has spoken is not waited for", () => {
    const s = state([OPEN, viewOf("police", "plan")], "middlesbrough");
    expect(childEntries(s)[amy]!.views.waitingFor.map((p) => p.name)).toEqual(["social", "health"]);
  });

  it("the decision in plain English, with what follows", () => {
    expect(decisionSentence("Amy", { plan: true, categories: ["neglect"] })).toBe(
      "The conference decided that Amy needs a child protection plan, under the category of neglect.",
    );
    expect(decisionSentence("Amy", { plan: true, categories: ["neglect", "emotional", "physical"] })).toBe(
      "The conference decided that Amy needs a child protection plan, under the categories of neglect, emotional abuse and physical abuse.",
    );
    expect(decisionSentence("Amy", { plan: false, categories: [] })).toBe(
      "The conference decided that Amy does not need a child protection plan.",
    );
    const s = state([
      decided(),
      {
        type: "outcome.recorded",
        outcome: {
          kind: "plan",
          keyWorkerId: id("social"),
          coreGroup: [id("social"), id("mum")],
          firstCoreGroupDate: "2026-12-15",
          nextReviewDate: "2027-03-01",
          by: id("chair"),
        },
      },
    ]);
    const family = familyChildren(s, id("mum"))[amy]!.decision!;
    expect(family).toMatchObject({
      plan: true,
      categories: ["neglect"],
      text: "The conference decided that Amy needs a child protection plan, under the category of neglect.",
      keyWorker: { name: "social", role: "social_worker" },
      firstCoreGroupDate: "2026-12-15",
      nextReviewDate: "2027-03-01",
    });
    expect(family.coreGroup.map((p) => p.name)).toEqual(["social", "mum"]);
    expect(JSON.stringify(family)).not.toContain("rationale");
    const entry = childEntries(s)[amy]!;
    expect(entry.decision?.familyText).toBe(family.text);
    expect(entry.proposed).toMatchObject({
      keyWorkerId: id("social"),
      firstCoreGroupBy: "2026-12-15",
      nextReviewBy: "2027-03-01",
      earlyReview: false,
    });
    const reopened = state([decided(), { type: "decision.reopened", reason: "r", by: id("chair") }]);
    expect(familyChildren(reopened, id("mum"))[amy]).toMatchObject({ decision: null, reconsidering: true });
  });
});

describe("error codes", () => {
  it("every rule of shared/decision.ts has an error code with an HTTP status", () => {
    for (const code of DECISION_ERROR_CODES) expect(ERROR_CODES[code]).toBeGreaterThanOrEqual(400);
  });
});
