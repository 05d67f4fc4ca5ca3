import { z } from "zod";

/**
 * How long a free-text answer may be, measured as the server measures it: the text trimmed (as
 * every schema's `.trim()` does), then counted in Unicode code points (as zod's `.max()` counts
 * strings), so an emoji is one character, not two. HTML's `maxLength` counts UTF-16 units and cuts
 * pasted text short, so no box uses it: the box takes everything, counts it (GOV.UK character
 * count) and the form refuses to send while it is over. The limits themselves sit beside the
 * schemas that use them (TEXT_LIMITS in shared/protocol.ts, DECISION_LIMITS in shared/decision.ts,
 * PLAN_LIMITS in shared/record.ts).
 */
export function countCharacters(text: string): number {
  return [...text.trim()].length;
}

export function isTooLong(text: string, max: number): boolean {
  return countCharacters(text) > max;
}

const NUMBER = new Intl.NumberFormat("en-GB");

/** 2000 as "2,000". */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

function characters(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "character" : "characters"}`;
}

/** The hint under the label: "You can enter up to 2,000 characters". */
export function limitHint(max: number): string {
  return `You can enter up to ${characters(max)}`;
}

/** The live count: "You have 12 characters remaining", or "You have 1 character too many". */
export function countWords(text: string, max: number): string {
  const left = max - countCharacters(text);
  return left >= 0 ? `You have ${characters(left)} remaining` : `You have ${characters(-left)} too many`;
}

/** The rule, as a schema's message: "must be 2,000 characters or fewer". */
export function lengthRule(max: number): string {
  return `must be ${characters(max)} or fewer`;
}

/** The error message for a box over its limit: "Your contribution must be 2,000 characters or fewer". */
export function tooLongError(subject: string, max: number): string {
  return `${subject} ${lengthRule(max)}`;
}

/** A trimmed string of at most `max` characters, refused in plain words. */
export function boundedText(max: number) {
  return z.string().trim().max(max, lengthRule(max));
}
