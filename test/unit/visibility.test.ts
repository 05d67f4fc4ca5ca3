import { describe, expect, it } from "vitest";
import { principalOf, visibleTo } from "../../shared/visibility";
import { id, item, room } from "./rules-fixture";

const state = room();
const viewer = (name: string) => {
  const p = state.participants[id(name)]!;
  return { participantId: p.id, role: p.role, supports: p.supports };
};

describe("visibleTo", () => {
  const shared = { audience: "family" as const };
  it.each([
    // [case, item, viewer, visible]
    ["a professionals-only item, to the chair", {}, "chair", true],
    ["a professionals-only item, to the minute taker", {}, "minutes", true],
    ["a professionals-only item, to the police", {}, "police", true],
    ["a professionals-only item, to an observer", {}, "observer", true],
    ["a professionals-only item, to a parent", {}, "mum", false],
    ["a professionals-only item, to a parent's advocate", {}, "advocate", false],
    ["a professionals-only item, to a young person", {}, "yp", false],
    ["a shared item, to a parent", shared, "mum", true],
    ["a shared item, to the other parent's interpreter", shared, "interp", true],
    ["a shared item, to a young person (not chosen for young people)", shared, "yp", false],
    [
      "a shared item chosen for young people, to a young person",
      { ...shared, forYoungPeople: true },
      "yp",
      true,
    ],
    [
      "a shared item chosen for young people, to the young person's advocate",
      { ...shared, forYoungPeople: true },
      "ypadv",
      true,
    ],
    ["a shared item withheld from mum, to mum", { ...shared, withheldFrom: [id("mum")] }, "mum", false],
    [
      "a shared item withheld from mum, to mum's advocate",
      { ...shared, withheldFrom: [id("mum")] },
      "advocate",
      false,
    ],
    ["a shared item withheld from mum, to dad", { ...shared, withheldFrom: [id("mum")] }, "dad", true],
    ["a shared item held from dad (exclusion), to dad", { ...shared, heldFrom: [id("dad")] }, "dad", false],
    [
      "a shared item held from dad, to dad's interpreter",
      { ...shared, heldFrom: [id("dad")] },
      "interp",
      false,
    ],
    ["a removed shared item, to a parent", { ...shared, removed: true }, "mum", false],
    ["a removed item, to the chair", { removed: true }, "chair", false],
    [
      "mum's own contribution, to mum",
      { kind: "family_contribution" as const, authorId: id("mum") },
      "mum",
      true,
    ],
    [
      "mum's own contribution, to her advocate",
      { kind: "family_contribution" as const, authorId: id("mum") },
      "advocate",
      true,
    ],
    [
      "mum's advocate's contribution, to mum",
      { kind: "family_contribution" as const, authorId: id("advocate") },
      "mum",
      true,
    ],
    [
      "mum's contribution, to dad (not shared)",
      { kind: "family_contribution" as const, authorId: id("mum") },
      "dad",
      false,
    ],
    [
      "mum's contribution, to dad's interpreter",
      { kind: "family_contribution" as const, authorId: id("mum") },
      "interp",
      false,
    ],
    [
      "mum's contribution, to the police",
      { kind: "family_contribution" as const, authorId: id("mum") },
      "police",
      true,
    ],
    [
      "mum's shared contribution, to dad",
      { kind: "family_contribution" as const, authorId: id("mum"), ...shared },
      "dad",
      true,
    ],
    ["a shared item, to a supporter attached to a professional", shared, "lost", false],
  ])("%s", (_label, overrides, who, expected) => {
    expect(visibleTo(item(overrides), viewer(who), state.participants)).toBe(expected);
  });
});

describe("principalOf", () => {
  it.each([
    ["mum", id("mum")],
    ["advocate", id("mum")],
    ["interp", id("dad")],
    ["ypadv", id("yp")],
    ["police", undefined],
    ["chair", undefined],
    ["lost", undefined],
  ])("%s → %s", (who, expected) => {
    expect(principalOf(viewer(who), state.participants)).toBe(expected);
  });
});
