/**
 * The smallest edit between two versions of a text, for writing a text into a Y.Text by its
 * differing middle only (the server's projections and the client's plain-text fields alike).
 */

/** The differing middle of two strings: `removed` characters at `start` are replaced by `inserted`. */
export interface TextChange {
  start: number;
  removed: number;
  inserted: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest change that turns `prev` into `next`, or undefined when they are equal. Its ends never
 * fall inside a surrogate pair: Yjs replaces both halves of a pair it splits with U+FFFD.
 */
export function textChange(prev: string, next: string): TextChange | undefined {
  if (prev === next) return undefined;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
  let endPrev = prev.length;
  let endNext = next.length;
  while (
    endPrev > start &&
    endNext > start &&
    prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)
  ) {
    endPrev--;
    endNext--;
  }
  if (endPrev < prev.length && isLowSurrogate(prev.charCodeAt(endPrev))) {
    endPrev++;
    endNext++;
  }
  return { start, removed: endPrev - start, inserted: next.slice(start, endNext) };
}

/**
 * The first `max` UTF-16 units of `text` or fewer, never ending in the first half of a surrogate
 * pair (a cut emoji shows as U+FFFD), with "…" when anything was cut.
 */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
