import { describe, expect, it } from "vitest";
import { buildDecisionSummary } from "../../shared/decisionSummary";
import { applyRecordEvent } from "../../shared/record";
import {
  audienceOf,
  buildRecordCopy,
  type CopyAudience,
  leftOutOf,
  type RecordCopy,
  type RecordTexts,
} from "../../shared/recordCopy";
import { buildExport, ConferenceExportV1 } from "../../shared/recordExport";
import { applyEvent, awayNow, type RoomState } from "../../shared/room";
import { familyChildren } from "../../shared/views";
import type { ContentMeta } from "../../shared/visibility";
import { id, item, room } from "./rules-fixture";

/**
 * Each recipient's copy (shared/recordCopy.ts), table-driven: which content and which parts of the
 * decision reach which audience, with the chair's choice about the parts a person missed.
 */

const amy = id("amy");
const ITEMS: Record<string, Partial<ContentMeta>> = {
  profOnly: {},
  shared: { audience: "family" },
  withheldMum: { audience: "family", withheldFrom: [id("mum")] },
  heldDad: { audience: "family", heldFrom: [id("dad")] },
  missedDad: { audience: "family", missedBy: [id("dad")] },
  forYoung: { audience: "family", forYoungPeople: true },
  removed: { audience: "family", removed: true },
  mumWrote: { kind: "family_contribution", area: "going_well", authorId: id("mum") },
  advocateWrote: { kind: "family_contribution", area: "going_well", authorId: id("advocate") },
  minuteShared: { kind: "minute_section", agendaItem: "worries", audience: "family" },
  minuteProf: { kind: "minute_section", agendaItem: "worries" },
  minuteHeldDad: { kind: "minute_section", agendaItem: "worries", audience: "family", heldFrom: [id("dad")] },
  summary: { kind: "minute_section", agendaItem: "chairs_summary", audience: "family" },
};

function seeded(): { state: RoomState; texts: RecordTexts } {
  const state = room();
  const texts: RecordTexts = { texts: {}, minutes: {}, plan: { contingency: [], bottomLines: [] } };
  for (const [name, overrides] of Object.entries(ITEMS)) {
    const meta = item({ id: id(name), area: "worries_future_danger", ...overrides });
    if (meta.kind !== "mapping_item") delete (meta as { area?: string }).area;
    if (overrides.area) meta.area = overrides.area;
    state.content[meta.id] = meta;
    if (meta.kind === "minute_section")
      texts.minutes[meta.id] = [{ type: "paragraph", runs: [{ text: `words of ${name}` }] }];
    else texts.texts[meta.id] = `words of ${name}`;
  }
  let seq = 10;
  const apply = (event: Parameters<typeof applyEvent>[1]) => applyEvent(state, event, ++seq, 1_000 * seq);
  apply({
    type: "scale.given",
    childId: amy,
    participantId: id("police"),
    score: 3,
    reason: "police reason",
    enteredBy: id("police"),
  });
  apply({
    type: "scale.given",
    childId: amy,
    participantId: id("mum"),
    score: 7,
    reason: "mum reason",
    enteredBy: id("mum"),
  });
  apply({
    type: "scale.given",
    childId: amy,
    participantId: id("dad"),
    score: 6,
    reason: "dad reason",
    enteredBy: id("dad"),
  });
  apply({ type: "scaling.shared", childId: amy, participantIds: [id("dad")], youngPeople: false });
  apply({
    type: "view.given",
    childId: amy,
    participantId: id("police"),
    view: "plan",
    reason: "view reason",
    enteredBy: id("police"),
    replaces: [],
  });
  apply({
    type: "decision.recorded",
    childId: amy,
    decision: {
      plan: true,
      categories: ["neglect"],
      rationale: "decision reasons",
      by: id("chair"),
      tally: { plan: 1, noPlan: 0, abstain: 0, majority: "plan", decides: "chair" },
      overrodeMajority: false,
    } as never,
  });
  apply({
    type: "dissent.recorded",
    childId: amy,
    participantId: id("police"),
    reason: "dissent reason",
    escalate: true,
    view: "plan",
    enteredBy: id("police"),
  });
  apply({
    type: "outcome.recorded",
    childId: amy,
    outcome: {
      kind: "plan",
      keyWorkerId: id("social"),
      coreGroup: [id("social"), id("mum")],
      firstCoreGroupDate: "2026-12-10",
      nextReviewDate: "2027-02-24",
      by: id("chair"),
    },
  });
  apply({
    type: "exclusion.started",
    exclusion: {
      id: id("excl"),
      participantId: id("dad"),
      ground: "confidential_information",
      note: "chair's note",
      by: id("chair"),
      startAt: 5_000,
      endAt: null,
      planned: false,
    },
  });
  apply({ type: "exclusion.ended", participantId: id("dad") });
  applyRecordEvent(
    state.record,
    {
      type: "plan.actionAdded",
      action: {
        id: id("act"),
        what: "the action",
        who: "x",
        byWhen: "ongoing",
        outcome: "o",
        children: [amy],
        position: 1,
        by: id("social"),
      },
    },
    1,
  );
  texts.plan.contingency = [{ type: "paragraph", runs: [{ text: "the contingency" }] }];
  return { state, texts };
}

const family = (who: string, exclusionParts: "leave_out" | "include" = "leave_out"): CopyAudience => ({
  kind: "family",
  principalId: id(who),
  exclusionParts,
});

function contentIds(copy: RecordCopy): string[] {
  const pieces = [
    ...copy.dangerStatements,
    ...copy.safetyGoals,
    ...copy.childsVoice,
    ...copy.familyViews,
    ...copy.mapping.flatMap((a) => a.items),
    ...copy.minutes.flatMap((m) => m.sections),
  ];
  return pieces.map((p) => Object.keys(ITEMS).find((name) => id(name) === p.id) ?? p.id).sort();
}

describe("buildRecordCopy: which content reaches which copy", () => {
  it.each([
    ["professionals", { kind: "full" } as CopyAudience, Object.keys(ITEMS).filter((n) => n !== "removed")],
    [
      "mum",
      family("mum"),
      [
        "advocateWrote",
        "forYoung",
        "heldDad",
        "minuteHeldDad",
        "minuteShared",
        "missedDad",
        "mumWrote",
        "shared",
        "summary",
      ],
    ],
    ["dad", family("dad"), ["forYoung", "minuteShared", "shared", "summary", "withheldMum"]],
    [
      "dad, parts missed included",
      family("dad", "include"),
      [
        "forYoung",
        "heldDad",
        "minuteHeldDad",
        "minuteShared",
        "missedDad",
        "shared",
        "summary",
        "withheldMum",
      ],
    ],
    ["young person", family("yp"), ["forYoung"]],
  ] as const)("%s", (_name, audience, expected) => {
    const { state, texts } = seeded();
    expect(contentIds(buildRecordCopy(state, texts, audience))).toEqual([...expected].sort());
  });

  it.each([
    ["professionals", { kind: "full" } as CopyAudience, true],
    ["mum", family("mum"), false],
    ["dad", family("dad"), false],
  ] as const)(
    "the decision, outcome and plan are in every copy; reasons, views and dissent only in full (%s)",
    (_n, audience, full) => {
      const { state, texts } = seeded();
      const copy = buildRecordCopy(state, texts, audience);
      const child = copy.children.find((c) => c.id === amy)!;
      expect(child.decision?.text).toBe(
        "The conference decided that Amy needs a child protection plan, under the category of neglect.",
      );
      expect(child.outcome).toMatchObject({ kind: "plan", nextReviewDate: "2027-02-24" });
      expect(copy.plan.actions.map((a) => a.what)).toEqual(["the action"]);
      expect(copy.plan.contingency).toHaveLength(1);
      expect(child.decision?.rationale).toBe(full ? "decision reasons" : null);
      expect(child.views.length > 0).toBe(full);
      expect(child.dissent.length > 0).toBe(full);
      expect(JSON.stringify(copy).includes("chair's note")).toBe(full);
    },
  );

  it.each([
    ["professionals", { kind: "full" } as CopyAudience, ["dad reason", "mum reason", "police reason"]],
    ["mum (own and shared)", family("mum"), ["dad reason", "mum reason"]],
    ["dad (own; his is shared)", family("dad"), ["dad reason"]],
    ["young person (not shared with young people)", family("yp"), []],
  ] as const)("scaling in the copy: %s", (_n, audience, reasons) => {
    const { state, texts } = seeded();
    const child = buildRecordCopy(state, texts, audience).children.find((c) => c.id === amy)!;
    expect(child.scaling.map((s) => s.reason).sort()).toEqual(reasons);
  });

  it("a scale given while the two sides of a split conference were apart is not in the other side's copy", () => {
    const { state, texts } = seeded();
    applyEvent(
      state,
      {
        type: "exclusion.started",
        exclusion: {
          id: id("part"),
          participantId: id("dad"),
          ground: "family_conflict",
          note: "",
          by: id("chair"),
          startAt: 100_000,
          endAt: null,
          planned: true,
        },
      },
      90,
      100_000,
    );
    applyEvent(
      state,
      {
        type: "scale.given",
        childId: amy,
        participantId: id("mum"),
        score: 2,
        reason: "mum apart reason",
        enteredBy: id("mum"),
      },
      91,
      101_000,
    );
    applyEvent(
      state,
      { type: "scaling.shared", childId: amy, participantIds: [id("mum"), id("dad")], youngPeople: false },
      92,
      102_000,
    );
    const reasons = (who: string) =>
      buildRecordCopy(state, texts, family(who))
        .children.find((c) => c.id === amy)!
        .scaling.map((s) => s.reason)
        .sort();
    expect(reasons("dad")).toEqual(["dad reason"]);
    expect(reasons("mum")).toEqual(["dad reason", "mum apart reason"]);
    // The copy shows what the person's screen showed.
    expect(familyChildren(state, id("dad"))[amy]!.scaling.shared).toEqual([]);
    // Neither side's copy says whether the other side's family group came.
    const attended = (who: string) =>
      buildRecordCopy(state, texts, family(who))
        .attendance.attended.map((a) => a.name)
        .sort();
    expect(attended("dad")).not.toContain("mum");
    expect(attended("dad")).not.toContain("advocate");
    expect(attended("dad")).toEqual(expect.arrayContaining(["dad", "interp", "police", "social"]));
    expect(attended("mum")).not.toContain("dad");
    expect(attended("mum")).not.toContain("interp");
    expect(attended("mum")).toEqual(expect.arrayContaining(["mum", "advocate", "police"]));
    // The professionals' copy lists everyone who came.
    const all = buildRecordCopy(state, texts, { kind: "full" }).attendance.attended.map((a) => a.name);
    expect(all).toEqual(expect.arrayContaining(["mum", "dad", "advocate", "interp"]));
  });

  it("a family copy of a conference that was never split lists every family member who came", () => {
    const { state, texts } = seeded();
    const names = buildRecordCopy(state, texts, family("dad")).attendance.attended.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(["mum", "dad", "advocate", "interp"]));
  });

  it.each([
    ["professionals", { kind: "full" } as CopyAudience, 1],
    ["dad (his own exclusion, without the note)", family("dad"), 1],
    ["mum (not her exclusion)", family("mum"), 0],
  ] as const)("exclusions: %s", (_n, audience, count) => {
    const { state, texts } = seeded();
    const copy = buildRecordCopy(state, texts, audience);
    expect(copy.exclusions).toHaveLength(count);
    if (audience.kind === "family" && count > 0) expect(copy.exclusions[0]!.note).toBeNull();
  });
});

describe("leftOutOf: what a copy leaves out and why", () => {
  it.each([
    ["profOnly", family("dad"), ["professionals_only"]],
    ["withheldMum", family("mum"), ["withheld"]],
    ["heldDad", family("dad"), ["while_out"]],
    ["heldDad", family("dad", "include"), null],
    ["missedDad", family("dad"), ["after_they_left"]],
    ["missedDad", family("dad", "include"), null],
    ["missedDad", family("mum"), null],
    ["shared", family("yp"), ["not_for_young_people"]],
    ["minuteProf", family("yp"), ["professionals_only", "not_for_young_people"]],
    ["removed", family("dad"), null],
  ] as const)("%s for %o", (name, audience, reasons) => {
    const { state } = seeded();
    const found = leftOutOf(state, audience).find((x) => x.contentId === id(name));
    expect(found?.reasons ?? null).toEqual(reasons);
  });

  it("labels minute sections by agenda item", () => {
    const { state } = seeded();
    expect(leftOutOf(state, family("dad")).find((x) => x.contentId === id("minuteProf"))?.label).toBe(
      "Minutes: What are we worried about",
    );
  });
});

describe("audienceOf", () => {
  it.each([
    ["police", { kind: "full" }],
    ["dad", { kind: "family", principalId: id("dad"), exclusionParts: "leave_out" }],
    ["advocate", null],
    ["observer", null],
  ] as const)("%s", (who, expected) => {
    expect(audienceOf(seeded().state, id(who))).toEqual(expected);
  });

  it("follows the chair's choice for the person the supporter is with", () => {
    const { state } = seeded();
    applyRecordEvent(
      state.record,
      { type: "record.consentRecorded", participantId: id("interp"), given: true, note: "", by: id("chair") },
      1,
    );
    applyRecordEvent(
      state.record,
      { type: "record.copyChosen", participantId: id("dad"), exclusionParts: "include", by: id("chair") },
      2,
    );
    expect(audienceOf(state, id("interp"))).toEqual({
      kind: "family",
      principalId: id("dad"),
      exclusionParts: "include",
    });
  });
});

describe("the decision summary and the export", () => {
  it("summarises each subject child's decision, key worker, core group and dates", () => {
    const summary = buildDecisionSummary(seeded().state);
    expect(summary.due).toBe("2026-12-02");
    expect(summary.children[0]).toMatchObject({
      name: "Amy",
      plan: true,
      categories: ["Neglect"],
      keyWorker: { name: "social" },
      firstCoreGroupDate: "2026-12-10",
      nextReviewDate: "2027-02-24",
    });
    expect(JSON.stringify(summary)).not.toContain("decision reasons");
  });

  it("exports in the versioned schema, which refuses what it does not define", () => {
    const { state, texts } = seeded();
    const exported = buildExport(state, texts, Date.UTC(2026, 11, 2));
    expect(ConferenceExportV1.parse(exported).version).toBe(1);
    expect(ConferenceExportV1.safeParse({ ...exported, extra: 1 }).success).toBe(false);
    expect(ConferenceExportV1.safeParse({ ...exported, version: 2 }).success).toBe(false);
  });
});

describe("awayNow and the marking of what someone missed", () => {
  type Setup = (s: RoomState) => void;
  const at =
    (name: string, presence: RoomState["attendance"][string]["presence"], admitted = true): Setup =>
    (s) => {
      s.attendance[id(name)] = { ...s.attendance[id(name)]!, presence, admittedAt: admitted ? 0 : null };
    };
  it.each<[string, Setup, string[]]>([
    ["everyone in the room", () => {}, []],
    ["a parent who left", at("dad", "left"), ["dad"]],
    ["a parent who was removed", at("dad", "removed"), ["dad"]],
    ["a parent sent back to the lobby", at("mum", "lobby"), ["mum"]],
    ["a parent not yet arrived (late is not away)", at("dad", "invited", false), []],
    ["a parent waiting in the lobby for the first time", at("dad", "lobby", false), []],
    ["a professional who left (only family members miss parts)", at("police", "left"), []],
    [
      "before the meeting starts",
      (s) => {
        at("dad", "left")(s);
        s.conference = { ...s.conference, status: "scheduled" };
      },
      [],
    ],
    [
      "after the end (the record is written on)",
      (s) => {
        at("dad", "left")(s);
        s.conference = { ...s.conference, status: "ended" };
      },
      [],
    ],
  ])("%s", (_n, setup, expected) => {
    const state = room();
    setup(state);
    expect(awayNow(state).sort()).toEqual(expected.map(id).sort());
  });

  it("marks content made while a parent is away as missed by them, not by its own author's family", () => {
    const state = room();
    at("dad", "left")(state);
    const made = item({ id: id("made"), audience: "family" });
    applyEvent(state, { type: "content.created", meta: made }, 50, 50_000);
    expect(state.content[id("made")]?.missedBy).toEqual([id("dad")]);
    const own = item({ id: id("own"), kind: "family_contribution", area: "going_well", authorId: id("dad") });
    applyEvent(state, { type: "content.created", meta: own }, 51, 51_000);
    expect(state.content[id("own")]?.missedBy).toBeUndefined();
    // It changes nothing live: visibility is untouched.
    expect(state.content[id("made")]?.heldFrom).toEqual([]);
  });
});
