import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProposedDates } from "../../shared/dates";
import { foldEvents } from "../../shared/room";
import { type ChildEntry, childEntries, type FamilyChild } from "../../shared/views";
import { sampleConference } from "../support/fixtures";
import { type ConferenceFixture, openConference, type Person } from "../support/room";
import { startTestServer, type TestServer } from "../support/server";
import { RawYClient, until } from "../support/yclient";

/**
 * Scaling, professionals' views, the chair's decision and category per subject child, dissent and
 * what follows, through the real server: commands over socket.io, the state document and family
 * projections over Yjs. Every refusal changes nothing (no event is stored) and is audited.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
const open: { close(): void }[] = [];
afterAll(() => {
  for (const x of open) x.close();
});

const withObserver = {
  invitees: [...sampleConference().invitees!, { name: "Olly Observer", role: "observer" as const }],
};

async function fixture(overrides = {}): Promise<ConferenceFixture & { p: Record<string, Person> }> {
  const f = await openConference(server, { ...withObserver, ...overrides });
  open.push(f);
  return { ...f, p: { ...f.people, observer: f.people["Olly Observer"]! } };
}

async function connect(f: ConferenceFixture, person: Person, doc: "state" | Person): Promise<RawYClient> {
  const name = doc === "state" ? `${f.conferenceId}:state` : `${f.conferenceId}:view:${doc.participantId}`;
  const c = await RawYClient.connect(server.url, name, {
    cookie: person.browser.cookieHeader,
    origin: server.origin,
  });
  open.push(c);
  await c.synced;
  return c;
}

const childOf = (state: RawYClient, childId: string) =>
  state.doc.getMap("children").get(childId) as ChildEntry | undefined;
const familyChildOf = (view: RawYClient, childId: string) =>
  view.doc.getMap("children").get(childId) as FamilyChild | undefined;

async function ok(person: Person, command: Record<string, unknown>): Promise<void> {
  const ack = await person.cmd(command);
  expect(ack, JSON.stringify(command)).toMatchObject({ ok: true });
}

/** Refused with `code`, audited as refused, and nothing stored. */
async function refused(
  f: ConferenceFixture,
  who: Person,
  command: Record<string, unknown>,
  code: string,
): Promise<string> {
  const store = server.quorum.store;
  const before = (await store.listEvents(f.conferenceId)).length;
  const ack = await who.cmd(command);
  expect(ack.ok, JSON.stringify(command)).toBe(false);
  if (ack.ok) return "";
  expect(ack.error.code, ack.error.message).toBe(code);
  expect((await store.listEvents(f.conferenceId)).length).toBe(before);
  const audit = await store.listAudit(f.conferenceId);
  expect(
    audit.some((a) => a.action === command.type && a.outcome === "refused" && a.actor === who.participantId),
    `audited: ${command.type}`,
  ).toBe(true);
  return ack.error.message;
}

/** The state document's children equal what the stored events fold to: the same after a reload. */
async function expectRebuildable(f: ConferenceFixture, state: RawYClient): Promise<void> {
  const folded = childEntries(foldEvents(await server.quorum.store.listEvents(f.conferenceId)));
  const expected = JSON.parse(JSON.stringify(folded));
  const seen = () => state.doc.getMap("children").toJSON();
  await until(
    () => isDeepStrictEqual(seen(), expected),
    5000,
    "the state document to match the events",
  ).catch(() => undefined);
  expect(seen()).toEqual(expected);
}

describe("safety scaling", () => {
  it("each gives their own, the minute taker enters one for someone in the room, the chair closes and shares", async () => {
    const f = await fixture();
    const { chair, minutes, social, police, health, mum, dad, advocate, observer } = f.p;
    const [amy, ben] = f.childIds as [string, string];
    const state = await connect(f, chair!, "state");
    const mumView = await connect(f, mum!, mum!);
    const advocateView = await connect(f, advocate!, mum!); // the advocate opens mum's projection
    const dadOwn = await connect(f, dad!, dad!);
    const scale = (score: unknown, reason = "reason", childId = amy) => ({
      type: "scaling.set",
      childId,
      score,
      reason,
    });

    await ok(police!, scale(3, "Injuries unexplained"));
    await ok(social!, scale(4, "Some engagement"));
    await ok(mum!, scale(6, "We are trying hard"));
    await ok(mum!, scale(7, "We are trying hard")); // changed while open
    // Dad is in the room without his device: the minute taker enters what he says.
    await ok(minutes!, {
      type: "scaling.setFor",
      childId: amy,
      participantId: dad!.participantId,
      score: 5,
      reason: "Said in the room",
    });
    await ok(health!, scale(2, "Missed appointments", ben));

    // Refusals: out of range, no reason, an observer, someone else's scale, an unknown child.
    await refused(f, police!, scale(11), "scale_out_of_range");
    await refused(f, police!, scale(4, "   "), "scale_reason_required");
    await refused(f, observer!, scale(5), "forbidden");
    await refused(f, minutes!, scale(5), "forbidden");
    await refused(
      f,
      police!,
      { type: "scaling.setFor", childId: amy, participantId: mum!.participantId, score: 0, reason: "x" },
      "forbidden",
    );
    await refused(f, police!, scale(5, "r", "AAAAAAAAAAAAAAAAAAAAAA"), "child_not_found");

    await until(() => childOf(state, amy)?.scaling.entries.length === 4, 5000, "four scales");
    const amyScaling = childOf(state, amy)!.scaling;
    expect(amyScaling.entries.map((e) => [e.name, e.role, e.agency, e.score, e.reason])).toEqual([
      ["PC Lee", "professional", "Police", 3, "Injuries unexplained"],
      ["Sally Social", "social_worker", "Children's social care", 4, "Some engagement"],
      ["Jo Example", "parent", null, 7, "We are trying hard"],
      ["Dan Example", "parent", null, 5, "Said in the room"],
    ]);
    expect(amyScaling.entries.find((e) => e.name === "Dan Example")?.enteredBy?.name).toBe("Mina Minutes");
    expect(amyScaling.summary.all).toEqual({ count: 4, min: 3, max: 7, median: 4.5 });
    expect(childOf(state, ben)!.scaling.summary.all).toEqual({ count: 1, min: 2, max: 2, median: 2 });

    // The family sees their own scale, nothing else, until the chair shares.
    await until(() => familyChildOf(mumView, amy)?.scaling.mine?.score === 7, 5000, "mum's own scale");
    expect(familyChildOf(mumView, amy)!.scaling.shared).toEqual([]);
    expect(familyChildOf(dadOwn, amy)!.scaling.mine).toEqual({
      score: 5,
      reason: "Said in the room",
      enteredBy: "The minute taker",
    });

    await ok(chair!, { type: "scaling.close", childId: amy });
    await refused(f, mum!, scale(9), "scaling_closed");
    await refused(f, police!, scale(9), "scaling_closed");
    await ok(chair!, {
      type: "scaling.share",
      childId: amy,
      participantIds: [police!.participantId, dad!.participantId],
    });
    await until(() => (familyChildOf(mumView, amy)?.scaling.shared.length ?? 0) === 2, 5000, "shared");
    expect(familyChildOf(mumView, amy)!.scaling).toEqual({
      open: false,
      mine: { score: 7, reason: "We are trying hard", enteredBy: "You" },
      shared: [
        { name: "PC Lee", role: "professional", agency: "Police", score: 3, reason: "Injuries unexplained" },
        { name: "Dan Example", role: "parent", agency: null, score: 5, reason: "Said in the room" },
      ],
    });
    await until(() => familyChildOf(advocateView, amy)?.scaling.shared.length === 2, 5000, "advocate's copy");
    expect(advocateView.doc.getMap("children").toJSON()).toEqual(mumView.doc.getMap("children").toJSON());
    // The social worker's scale was not shared: it is nowhere in a family member's bytes.
    expect(mumView.allBytes().includes("Some engagement")).toBe(false);
    expect(dadOwn.allBytes().includes("Some engagement")).toBe(false);
    await ok(chair!, { type: "scaling.reopen", childId: amy });
    await ok(advocate!, scale(8, "Jo says things are better")); // the advocate enters Jo's scale
    await until(() => childOf(state, amy)?.scaling.entries.find((e) => e.name === "Jo Example")?.score === 8);
    expect(childOf(state, amy)!.scaling.entries.find((e) => e.name === "Jo Example")?.enteredBy?.name).toBe(
      "Ava Advocate",
    );
    await expectRebuildable(f, state);
  });
});

describe("views and the chair's decision", () => {
  it("Haringey: views only from professionals, a live tally, one category, read-only until reopened", async () => {
    const f = await fixture();
    const { chair, minutes, social, police, health, mum, advocate, observer } = f.p;
    const [amy, ben] = f.childIds as [string, string];
    const state = await connect(f, chair!, "state");
    const mumView = await connect(f, mum!, mum!);
    const view = (v: string, extra: Record<string, unknown> = {}) => ({
      type: "view.give",
      childId: amy,
      view: v,
      reason: "Pattern of neglect",
      ...extra,
    });

    await refused(f, police!, view("plan"), "views_not_open");
    await refused(f, social!, { type: "views.open", childId: amy }, "not_chair");
    await ok(chair!, { type: "views.open", childId: amy });
    await refused(f, mum!, view("no_plan"), "not_eligible_voter");
    await refused(f, advocate!, view("no_plan"), "not_eligible_voter");
    await refused(f, observer!, view("plan"), "not_eligible_voter");
    await refused(f, minutes!, view("plan"), "not_eligible_voter");
    // A view is one's own: naming someone else is not part of view.give.
    const onBehalf = await police!.cmd({ ...view("plan"), participantId: social!.participantId });
    expect(onBehalf).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    await refused(
      f,
      police!,
      { ...view("plan"), type: "view.giveFor", participantId: social!.participantId },
      "forbidden",
    );
    await ok(police!, view("no_plan"));
    await ok(police!, view("plan", { recommendedCategory: "neglect" })); // changed before closing
    await ok(social!, view("plan", { recommendedCategory: "neglect" }));
    await ok(health!, view("no_plan", { reason: "Health needs are met" }));
    await until(() => childOf(state, amy)?.views.entries.length === 3, 5000, "three views");
    expect(childOf(state, amy)!.views.tally).toEqual({
      plan: 2,
      noPlan: 1,
      abstain: 0,
      majority: "plan",
      decides: "chair",
    });
    expect(childOf(state, amy)!.views.entries.map((v) => [v.name, v.agency, v.view])).toEqual([
      ["PC Lee", "Police", "plan"],
      ["Sally Social", "Children's social care", "plan"],
      ["Hana Health", "Health visiting", "no_plan"],
    ]);
    await ok(chair!, { type: "views.close", childId: amy });
    await refused(f, police!, view("no_plan"), "views_closed");

    const decision = (extra: Record<string, unknown> = {}) => ({
      type: "decision.record",
      childId: amy,
      plan: true,
      categories: ["neglect"],
      rationale: "Neglect over two years; no sustained change",
      ...extra,
    });
    await refused(f, social!, decision(), "not_chair");
    const message = await refused(
      f,
      chair!,
      decision({ categories: ["neglect", "physical"] }),
      "category_exactly_one",
    );
    expect(message).toMatch(/Haringey's procedures: choose exactly one category/);
    await refused(f, chair!, decision({ childId: "AAAAAAAAAAAAAAAAAAAAAA" }), "child_not_found");
    expect(childOf(state, amy)!.decision).toBeNull();
    await ok(chair!, decision());
    await until(() => childOf(state, amy)?.decision !== null, 5000, "decision in the state document");
    expect(childOf(state, amy)!.decision).toMatchObject({
      plan: true,
      categories: ["neglect"],
      categoryLabels: ["Neglect"],
      rationale: "Neglect over two years; no sustained change",
      overrodeMajority: false,
      by: { name: "Chris Chair", role: "chair" },
    });
    await until(() => familyChildOf(mumView, amy)?.decision !== null, 5000, "decision in the projection");
    expect(familyChildOf(mumView, amy)!.decision!.text).toBe(
      "The conference decided that Amy Example needs a child protection plan, under the category of neglect.",
    );
    expect(familyChildOf(mumView, ben)!.decision).toBeNull();
    // Views and the rationale never reach a family member.
    for (const secret of ["Pattern of neglect", "Health needs are met", "no sustained change"]) {
      expect(mumView.allBytes().includes(secret), secret).toBe(false);
    }

    // Read-only: a second decision is refused until the chair reopens it, with a reason, audited.
    await refused(f, chair!, decision({ categories: ["physical"] }), "decision_recorded");
    await refused(f, social!, { type: "decision.reopen", childId: amy, reason: "x" }, "not_chair");
    await ok(chair!, {
      type: "decision.reopen",
      childId: amy,
      reason: "The police disclosed new information",
    });
    const audit = await server.quorum.store.listAudit(f.conferenceId);
    expect(audit.find((a) => a.action === "decision.reopen" && a.outcome === "allowed")).toMatchObject({
      actor: chair!.participantId,
      target: amy,
      detail: { reason: "The police disclosed new information" },
    });
    await until(() => familyChildOf(mumView, amy)?.reconsidering === true, 5000, "reconsidering");
    await ok(chair!, decision({ categories: ["physical"] }));
    await until(() => childOf(state, amy)?.decision?.categories[0] === "physical");
    expect(childOf(state, amy)!.history).toHaveLength(1);
    expect(childOf(state, amy)!.history[0]).toMatchObject({
      decision: { categories: ["neglect"] },
      reopened: { reason: "The police disclosed new information", by: { name: "Chris Chair" } },
    });
    await until(() => familyChildOf(mumView, amy)?.decision?.categories[0] === "physical abuse");
    await expectRebuildable(f, state);
  });

  it("Hertfordshire: emotional abuse as a second category needs the substantial concern stated", async () => {
    const f = await fixture({ policyProfile: "hertfordshire" });
    const { chair } = f.p;
    const [amy] = f.childIds as [string];
    const decision = (extra: Record<string, unknown> = {}) => ({
      type: "decision.record",
      childId: amy,
      plan: true,
      categories: ["neglect", "emotional"],
      rationale: "Both reach the threshold",
      ...extra,
    });
    const message = await refused(f, chair!, decision(), "emotional_secondary_needs_concern");
    expect(message).toMatch(/Hertfordshire' procedures|Hertfordshire's procedures/);
    await ok(chair!, decision({ substantialEmotionalConcern: "Daily belittling witnessed at school" }));
  });

  it("Wakefield: the majority decides; the chair overrides it only with a reason; dissent is recorded", async () => {
    const f = await fixture({ policyProfile: "wakefield" });
    const { chair, social, police, health, mum } = f.p;
    const [amy] = f.childIds as [string];
    const state = await connect(f, chair!, "state");
    const mumView = await connect(f, mum!, mum!);
    await ok(chair!, { type: "views.open", childId: amy });
    for (const who of [social!, police!]) {
      await ok(who, { type: "view.give", childId: amy, view: "plan", reason: "Risk remains high" });
    }
    await ok(health!, { type: "view.give", childId: amy, view: "no_plan", reason: "Engaging with services" });
    await until(() => childOf(state, amy)?.views.tally.decides === "majority", 5000, "majority");
    const noPlan = {
      type: "decision.record",
      childId: amy,
      plan: false,
      categories: [],
      rationale: "Support is in place",
    };
    const message = await refused(f, chair!, noPlan, "override_reason_required");
    expect(message).toMatch(/Wakefield's procedures: a simple majority of professionals decides/);
    expect(childOf(state, amy)!.views.status).toBe("open");
    await ok(chair!, { ...noPlan, overrideReason: "The threshold of significant harm is not met" });
    await until(() => childOf(state, amy)?.decision !== null);
    expect(childOf(state, amy)!.decision).toMatchObject({ plan: false, overrodeMajority: true });
    expect(childOf(state, amy)!.views.status).toBe("closed"); // the tally decided against is final

    // Dissent: by the professional, or by the chair for one in the room; never from a parent.
    await ok(police!, {
      type: "dissent.record",
      childId: amy,
      reason: "Disclosure of violence makes harm likely",
      escalate: true,
    });
    await ok(chair!, {
      type: "dissent.recordFor",
      childId: amy,
      participantId: social!.participantId,
      reason: "Neglect is ongoing",
      escalate: false,
    });
    await refused(
      f,
      mum!,
      { type: "dissent.record", childId: amy, reason: "I disagree", escalate: false },
      "forbidden",
    );
    await refused(
      f,
      police!,
      {
        type: "dissent.recordFor",
        childId: amy,
        participantId: social!.participantId,
        reason: "x",
        escalate: false,
      },
      "not_chair",
    );
    await until(() => childOf(state, amy)?.dissent.length === 2, 5000, "dissent");
    expect(
      childOf(state, amy)!.dissent.map((d) => [
        d.name,
        d.agency,
        d.view,
        d.escalate,
        d.enteredBy?.name ?? null,
      ]),
    ).toEqual([
      ["PC Lee", "Police", "plan", true, null],
      ["Sally Social", "Children's social care", "plan", false, "Chris Chair"],
    ]);
    await until(() => familyChildOf(mumView, amy)?.decision?.plan === false, 5000, "family decision");
    expect(familyChildOf(mumView, amy)!.decision!.text).toBe(
      "The conference decided that Amy Example does not need a child protection plan.",
    );
    for (const secret of ["Disclosure of violence", "Neglect is ongoing", "threshold of significant harm"]) {
      expect(mumView.allBytes().includes(secret), secret).toBe(false);
    }
    await ok(chair!, {
      type: "outcome.childInNeed",
      childId: amy,
      recommendations: ["Family support worker weekly"],
    });
    await until(() => childOf(state, amy)?.outcome?.kind === "child_in_need");
    await until(() => /child in need plan/.test(familyChildOf(mumView, amy)?.decision?.explanation ?? ""));
    expect(mumView.allBytes().includes("Family support worker weekly")).toBe(false);
    await expectRebuildable(f, state);
  });
});

describe("what follows the decision", () => {
  it("proposes the dates, sets key worker, core group and dates within the profile's limits", async () => {
    const f = await fixture({ policyProfile: "wakefield" });
    const { chair, social, police, mum, dad, observer } = f.p;
    const [amy, ben] = f.childIds as [string, string];
    const state = await connect(f, chair!, "state");
    const dadView = await connect(f, dad!, dad!);
    const dates = state.doc.getMap("conference").get("dates") as ProposedDates;
    // 2026-12-01 (ICPC), Wakefield: decisions in 1 working day, plan in 2, record in 15.
    expect(dates).toEqual({
      conferenceDate: "2026-12-01",
      decisionSummaryDue: "2026-12-02",
      planDue: "2026-12-03",
      recordDue: "2026-12-22",
      firstCoreGroupBy: "2026-12-15",
      nextReviewBy: "2027-03-01",
    });
    const outcome = (extra: Record<string, unknown> = {}) => ({
      type: "outcome.set",
      childId: amy,
      keyWorkerId: social!.participantId,
      coreGroup: [mum!.participantId, dad!.participantId, police!.participantId],
      firstCoreGroupDate: "2026-12-10",
      nextReviewDate: "2027-02-24",
      ...extra,
    });
    await refused(f, chair!, outcome(), "decision_not_recorded");
    const noViews = await refused(
      f,
      chair!,
      { type: "decision.record", childId: amy, plan: true, categories: ["neglect"], rationale: "r" },
      "views_not_open",
    );
    expect(noViews).toMatch(/Ask for the professionals' views/);
    await ok(chair!, { type: "views.open", childId: amy });
    await ok(chair!, { type: "views.open", childId: ben });
    await ok(chair!, {
      type: "decision.record",
      childId: amy,
      plan: true,
      categories: ["neglect"],
      rationale: "r",
    });
    await ok(chair!, { type: "decision.record", childId: ben, plan: false, categories: [], rationale: "r" });
    await until(() => childOf(state, amy)?.proposed !== null, 5000, "proposal");
    expect(childOf(state, amy)!.proposed).toMatchObject({
      keyWorkerId: social!.participantId,
      firstCoreGroupDate: "2026-12-15",
      nextReviewDate: "2027-03-01",
      earlyReview: false,
    });
    expect(childOf(state, ben)!.proposed).toBeNull();

    const late = await refused(
      f,
      chair!,
      outcome({ firstCoreGroupDate: "2026-12-16" }),
      "core_group_date_too_late",
    );
    expect(late).toMatch(
      /within 10 working days of an initial conference, that is by Tuesday 15 December 2026/,
    );
    const review = await refused(
      f,
      chair!,
      outcome({ nextReviewDate: "2027-03-02" }),
      "review_date_too_late",
    );
    expect(review).toMatch(
      /first review is within 3 months of an initial conference, that is by Monday 1 March 2027/,
    );
    await refused(f, chair!, outcome({ firstCoreGroupDate: "2026-12-25" }), "date_not_working_day");
    await refused(f, chair!, outcome({ keyWorkerId: police!.participantId }), "validation_failed");
    await refused(f, chair!, outcome({ coreGroup: [observer!.participantId] }), "validation_failed");
    await refused(f, chair!, outcome({ childId: ben }), "outcome_not_applicable");
    await refused(f, social!, outcome(), "not_chair");
    await ok(chair!, outcome());
    await until(() => childOf(state, amy)?.outcome !== null, 5000, "outcome");
    const set = childOf(state, amy)!.outcome;
    expect(set).toMatchObject({
      kind: "plan",
      keyWorker: { name: "Sally Social", role: "social_worker" },
      firstCoreGroupDate: "2026-12-10",
      nextReviewDate: "2027-02-24",
    });
    // The key worker is always in the core group.
    expect(set?.kind === "plan" && set.coreGroup.map((p) => p.name)).toEqual([
      "Sally Social",
      "Jo Example",
      "Dan Example",
      "PC Lee",
    ]);
    await until(() => familyChildOf(dadView, amy)?.decision?.keyWorker !== null, 5000, "family outcome");
    expect(familyChildOf(dadView, amy)!.decision).toMatchObject({
      keyWorker: { name: "Sally Social", role: "social_worker" },
      firstCoreGroupDate: "2026-12-10",
      nextReviewDate: "2027-02-24",
    });
    await refused(
      f,
      chair!,
      { type: "outcome.childInNeed", childId: amy, recommendations: ["x"] },
      "outcome_not_applicable",
    );
    await expectRebuildable(f, state);
  });
});

describe("bad input: refused with a code naming the rule, nothing changes", () => {
  // Hertfordshire (more than one category allowed), with a third child who is not a subject.
  let f: ConferenceFixture & { p: Record<string, Person> };
  let amy: string;
  let cara: string;
  beforeAll(async () => {
    f = await fixture({
      policyProfile: "hertfordshire",
      children: [
        ...sampleConference().children,
        { name: "Cara Example", dateOfBirth: "2010-05-05", subject: false },
      ],
    });
    [amy, , cara] = f.childIds as [string, string, string];
    await ok(f.p.chair!, { type: "views.open", childId: amy });
  });
  const UNKNOWN = "AAAAAAAAAAAAAAAAAAAAAA";
  const plan = (extra: Record<string, unknown> = {}) => ({
    type: "decision.record",
    plan: true,
    categories: ["neglect"],
    rationale: "r",
    ...extra,
  });
  /** [what, who, command (childId filled in unless given), code, audited (false: refused by the schema)] */
  const cases: [string, string, Record<string, unknown>, string, boolean][] = [
    [
      "a scale below 0",
      "police",
      { type: "scaling.set", score: -1, reason: "r" },
      "scale_out_of_range",
      true,
    ],
    [
      "a scale above 10",
      "police",
      { type: "scaling.set", score: 11, reason: "r" },
      "scale_out_of_range",
      true,
    ],
    [
      "a scale that is not whole",
      "police",
      { type: "scaling.set", score: 4.5, reason: "r" },
      "scale_out_of_range",
      true,
    ],
    [
      "a scale sent as text",
      "police",
      { type: "scaling.set", score: "7", reason: "r" },
      "validation_failed",
      false,
    ],
    [
      "a scale without a reason",
      "mum",
      { type: "scaling.set", score: 5, reason: " " },
      "scale_reason_required",
      true,
    ],
    [
      "a reason over 1000 characters",
      "mum",
      { type: "scaling.set", score: 5, reason: "x".repeat(1001) },
      "validation_failed",
      true,
    ],
    [
      "a scale for an unknown child",
      "police",
      { type: "scaling.set", childId: UNKNOWN, score: 5, reason: "r" },
      "child_not_found",
      true,
    ],
    [
      "a scale for a child who is not a subject",
      "police",
      { type: "scaling.set", childId: "cara", score: 5, reason: "r" },
      "child_not_found",
      true,
    ],
    [
      "one's own scale naming someone else",
      "police",
      { type: "scaling.set", participantId: "social", score: 5, reason: "r" },
      "validation_failed",
      false,
    ],
    [
      "a scale entered for someone else by a parent",
      "mum",
      { type: "scaling.setFor", participantId: "dad", score: 5, reason: "r" },
      "forbidden",
      true,
    ],
    [
      "a scale entered for an observer",
      "minutes",
      { type: "scaling.setFor", participantId: "observer", score: 5, reason: "r" },
      "validation_failed",
      true,
    ],
    [
      "a scale entered for an advocate (theirs is their family member's)",
      "minutes",
      { type: "scaling.setFor", participantId: "advocate", score: 5, reason: "r" },
      "validation_failed",
      true,
    ],
    [
      "a view recommending an unknown category",
      "police",
      { type: "view.give", view: "plan", recommendedCategory: "financial", reason: "r" },
      "validation_failed",
      false,
    ],
    [
      "a recommended category with a view against a plan",
      "police",
      { type: "view.give", view: "no_plan", recommendedCategory: "neglect", reason: "r" },
      "validation_failed",
      true,
    ],
    [
      "a view for an unknown child",
      "police",
      { type: "view.give", childId: UNKNOWN, view: "plan", reason: "r" },
      "child_not_found",
      true,
    ],
    [
      "a view entered by a professional for a colleague",
      "police",
      { type: "view.giveFor", participantId: "health", view: "plan", reason: "r" },
      "forbidden",
      true,
    ],
    [
      "a view from a parent",
      "dad",
      { type: "view.give", view: "no_plan", reason: "r" },
      "not_eligible_voter",
      true,
    ],
    [
      "a view from an observer",
      "observer",
      { type: "view.give", view: "plan", reason: "r" },
      "not_eligible_voter",
      true,
    ],
    ["a decision by the minute taker", "minutes", plan(), "not_chair", true],
    [
      "a decision with an unknown category",
      "chair",
      plan({ categories: ["financial"] }),
      "validation_failed",
      false,
    ],
    ["a plan without a category", "chair", plan({ categories: [] }), "category_required", true],
    ["a category twice", "chair", plan({ categories: ["neglect", "neglect"] }), "category_duplicate", true],
    [
      "a category without a plan",
      "chair",
      plan({ plan: false, categories: ["neglect"] }),
      "category_without_plan",
      true,
    ],
    [
      "emotional abuse second without the substantial concern",
      "chair",
      plan({ categories: ["neglect", "emotional"] }),
      "emotional_secondary_needs_concern",
      true,
    ],
    [
      "a substantial concern without emotional abuse second",
      "chair",
      plan({ substantialEmotionalConcern: "c" }),
      "emotional_concern_not_applicable",
      true,
    ],
    [
      "an override where no majority rule applies",
      "chair",
      plan({ overrideReason: "because" }),
      "override_not_applicable",
      true,
    ],
    ["a decision without a rationale", "chair", plan({ rationale: " " }), "validation_failed", false],
    ["a decision for an unknown child", "chair", plan({ childId: UNKNOWN }), "child_not_found", true],
    [
      "dissent before the decision",
      "police",
      { type: "dissent.record", reason: "r", escalate: false },
      "decision_not_recorded",
      true,
    ],
    [
      "dissent recorded by the chair for a parent",
      "chair",
      { type: "dissent.recordFor", participantId: "mum", reason: "r", escalate: false },
      "validation_failed",
      true,
    ],
    [
      "an outcome before the decision",
      "chair",
      {
        type: "outcome.set",
        keyWorkerId: "social",
        coreGroup: [],
        firstCoreGroupDate: "2026-12-10",
        nextReviewDate: "2027-02-24",
      },
      "decision_not_recorded",
      true,
    ],
  ];
  it.each(cases)("%s", async (_what, who, raw, code, audited) => {
    // Names of people stand for their ids; "cara" for the child who is not a subject.
    const ids = (v: unknown): unknown =>
      typeof v === "string" && f.p[v] ? f.p[v]!.participantId : v === "cara" ? cara : v;
    const command: Record<string, unknown> = { childId: amy };
    for (const [k, v] of Object.entries(raw))
      command[k] = Array.isArray(v) ? v.map(ids) : k === "type" || k === "reason" ? v : ids(v);
    if (audited) {
      await refused(f, f.p[who]!, command, code);
      return;
    }
    const before = (await server.quorum.store.listEvents(f.conferenceId)).length;
    const ack = await f.p[who]!.cmd(command);
    expect(ack.ok ? "ok" : ack.error.code).toBe(code);
    if (!ack.ok) expect(ack.error.message).toMatch(/^The command is not valid \(\w+/);
    expect((await server.quorum.store.listEvents(f.conferenceId)).length).toBe(before);
  });

  it("left every child as it was", async () => {
    const state = await connect(f, f.p.chair!, "state");
    await until(() => childOf(state, amy) !== undefined, 5000, "the state document");
    const entry = childOf(state, amy)!;
    expect(entry.scaling.entries).toEqual([]);
    expect(entry.views.entries).toEqual([]);
    expect(entry.decision).toBeNull();
    expect(entry.dissent).toEqual([]);
    expect(entry.outcome).toBeNull();
    expect(childOf(state, cara)).toBeUndefined();
    // The category rule is in the state document, so the chair reads it before deciding.
    expect(state.doc.getMap("conference").get("policy")).toEqual({
      preset: "hertfordshire",
      name: "Hertfordshire (procedures chapter 7)",
      categories: { mode: "each_meets_threshold", emotionalSecondaryNeedsSubstantialConcern: true },
    });
  });
});
