/**
 * How a calendar date is written to people, in the interface and in the server's messages alike:
 * "Tuesday 15 December 2026" for "2026-12-15" (GOV.UK style: no comma, no ordinal). On its own, without
 * shared/dates.ts, so the client does not carry the bank holiday tables to write a date.
 */

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Anything that is not a date in the calendar (2026-02-30, "soon") comes back as it is. */
export function longDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return date;
  return `${DAY_NAMES[t.getUTCDay()]} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}
