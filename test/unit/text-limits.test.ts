import { describe, expect, it } from "vitest";
import { tooLongWords } from "../../server/http/validate";
import { checkScale, DECISION_LIMITS } from "../../shared/decision";
import { Command, TEXT_LIMITS } from "../../shared/protocol";
import {
  countCharacters,
  countWords,
  isTooLong,
  lengthRule,
  limitHint,
  tooLongError,
} from "../../shared/textLimits";

/** The client counts as the server does: trimmed, in code points (an emoji is one character). */
describe("counting characters", () => {
  it.each([
    ["plain letters", "hello", 5],
    ["spaces either end, as the schemas trim them", "  hello \n", 5],
    ["spaces inside", "a b", 3],
    ["an emoji (two UTF-16 units)", "😀", 1],
    ["a family of emoji joined (code points, not what the eye sees)", "👨‍👩‍👧", 5],
    ["an accent written apart", "e\u0301", 2],
    ["nothing", "", 0],
  ])("%s", (_case, text, expected) => {
    expect(countCharacters(text)).toBe(expected);
  });
});

describe("the count's words", () => {
  it.each([
    ["empty", "", 2000, "You have 2,000 characters remaining"],
    ["one left", "x".repeat(1999), 2000, "You have 1 character remaining"],
    ["at the limit", "x".repeat(2000), 2000, "You have 0 characters remaining"],
    ["one over", "x".repeat(2001), 2000, "You have 1 character too many"],
    ["many over", "x".repeat(3234), 2000, "You have 1,234 characters too many"],
    ["emoji at the limit", "😀".repeat(10), 10, "You have 0 characters remaining"],
  ])("%s", (_case, text, max, expected) => {
    expect(countWords(text, max)).toBe(expected);
    expect(isTooLong(text, max)).toBe(expected.endsWith("too many"));
  });

  it.each([
    [2000, "You can enter up to 2,000 characters", "must be 2,000 characters or fewer"],
    [1, "You can enter up to 1 character", "must be 1 character or fewer"],
  ])("limit %i", (max, hint, rule) => {
    expect(limitHint(max)).toBe(hint);
    expect(lengthRule(max)).toBe(rule);
  });

  it("names the box in the error", () => {
    expect(tooLongError("Your contribution", TEXT_LIMITS.contribution)).toBe(
      "Your contribution must be 2,000 characters or fewer",
    );
  });
});

/** The schema and the count agree at the edge: what the box calls fine, the server takes. */
describe("the schemas refuse where the count says too many, in plain words", () => {
  const area = "going_well";
  it.each([
    [
      "family.contribute",
      TEXT_LIMITS.contribution,
      (text: string) => ({ type: "family.contribute", area, text }),
    ],
    ["chat.send", TEXT_LIMITS.message, (text: string) => ({ type: "chat.send", text })],
    [
      "family.viewsForChair",
      TEXT_LIMITS.viewsForChair,
      (text: string) => ({ type: "family.viewsForChair", text }),
    ],
  ])("%s", (_type, max, command) => {
    for (const unit of ["x", "😀"]) {
      expect(Command.safeParse(command(unit.repeat(max))).success).toBe(true);
      expect(Command.safeParse(command(` ${unit.repeat(max)} `)).success).toBe(true);
      const over = Command.safeParse(command(unit.repeat(max + 1)));
      expect(over.success).toBe(false);
      expect(over.error?.issues[0]?.message).toBe(lengthRule(max));
    }
  });

  it("a safety scale's reason, counted the same way", () => {
    const max = DECISION_LIMITS.scaleReason;
    expect(checkScale({ score: 5, reason: "😀".repeat(max) }).ok).toBe(true);
    const over = checkScale({ score: 5, reason: "😀".repeat(max + 1) });
    expect(over.ok ? "ok" : over.error.message).toBe(
      "The reason for a safety scale must be 1,000 characters or fewer. Nothing was sent.",
    );
  });
});

/** How the server words a refusal for a text over its limit (server/rooms/ConferenceRoom.ts). */
describe("the refusal a sender reads", () => {
  it.each([
    [
      "too long",
      { type: "family.contribute", area: "going_well", text: "x".repeat(2001) },
      "Your words must be 2,000 characters or fewer. Nothing was sent.",
    ],
    [
      "too long, a message",
      { type: "chat.send", text: "x".repeat(1001) },
      "Your words must be 1,000 characters or fewer. Nothing was sent.",
    ],
    ["not about length", { type: "chat.send", text: 5 }, null],
  ])("%s", (_case, command, expected) => {
    const parsed = Command.safeParse(command);
    expect(parsed.success).toBe(false);
    expect(parsed.error ? tooLongWords(parsed.error) : "parsed").toBe(expected);
  });
});
