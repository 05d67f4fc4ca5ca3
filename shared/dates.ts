import Holidays from "date-holidays";
import type { ConferenceKind } from "./domain";
import type { PolicyProfile } from "./policy";

/**
 * Calendar dates and working days in England and Wales (DOMAIN.md: "Working days exclude weekends and
 * bank holidays in England and Wales"). Pure: no clock, no I/O, and no dependence on the process time
 * zone. A calendar date is an ISO string `YYYY-MM-DD`; an instant becomes a date in Europe/London.
 *
 * Counting rule, used for every deadline: "within N working days of D" means by the Nth working day
 * after D. D itself never counts, even when it is a working day, so a conference on a Friday with a
 * one-working-day deadline is due on the Monday (the Tuesday if the Monday is a bank holiday).
 * `addWorkingDays(D, 0)` is D.
 *
 * Bank holidays come from the maintained `date-holidays` package (country GB, region ENG, type
 * "public"), which includes substitute days (2022-12-27) and one-off days (2022-09-19, 2023-05-08).
 * Its rules miss some one-off days before 2013 (2011-04-29, 2012-06-04); Quorum computes present and
 * future deadlines only, and `holidayDataCoversThrough` lets a test prove the coming year is covered.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parse(date: string): Ymd {
  const match = ISO_DATE.exec(date);
  if (match) {
    const y = Number(match[1]);
    const m = Number(match[2]);
    const d = Number(match[3]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return { y, m, d };
  }
  throw new RangeError(`Not a calendar date like 2026-01-31: ${JSON.stringify(date)}`);
}

function format({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Milliseconds at UTC midnight of a date; setUTCFullYear, as Date.UTC maps years 0-99 to 1900-1999. */
function utc(y: number, monthIndex: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, monthIndex, d);
  return t.getTime();
}

function daysInMonth(y: number, m: number): number {
  return new Date(utc(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 for a calendar date: UTC arithmetic, so no time zone or DST can shift it. */
function toDayNumber(date: string): number {
  const { y, m, d } = parse(date);
  return utc(y, m - 1, d) / DAY_MS;
}

function fromDayNumber(day: number): string {
  const t = new Date(day * DAY_MS);
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** Check a string is an ISO calendar date that exists (2026-02-30 does not). */
export function isIsoDate(date: string): boolean {
  try {
    parse(date);
    return true;
  } catch {
    return false;
  }
}

/** Add (or with a negative n, subtract) calendar days. */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Days must be a whole number: ${n}`);
  return fromDayNumber(toDayNumber(date) + n);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

const londonFormatter = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in London (GMT or BST) at an instant, whatever the process time zone. */
export function londonDate(instant: Date | string): string {
  const t = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(t.getTime())) throw new RangeError(`Not an instant: ${JSON.stringify(instant)}`);
  const parts = londonFormatter.formatToParts(t);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return format({ y: part("year"), m: part("month"), d: part("day") });
}

// ---------------------------------------------------------------------------------------------
// Bank holidays
// ---------------------------------------------------------------------------------------------

const holidays = new Holidays("GB", "ENG", { types: ["public"] });
/** Year → (date → name). Computed once per year: the rules engine is slow compared with a lookup. */
const byYear = new Map<number, ReadonlyMap<string, string>>();

function bankHolidaysOf(year: number): ReadonlyMap<string, string> {
  let map = byYear.get(year);
  if (!map) {
    const entries = new Map<string, string>();
    for (const h of holidays.getHolidays(year)) {
      // `date` is "YYYY-MM-DD hh:mm:ss" in the holiday's own zone (Europe/London), not the process zone.
      // Only dates in the year asked for: the package reads years 0-99 as 1900-1999.
      const date = h.date.slice(0, 10);
      if (h.type === "public" && parse(date).y === year) entries.set(date, h.name);
    }
    map = entries;
    byYear.set(year, map);
  }
  return map;
}

/** Bank holidays in England and Wales in a year, in date order: `{ date, name }`. */
export function bankHolidays(year: number): { date: string; name: string }[] {
  return [...bankHolidaysOf(year)]
    .map(([date, name]) => ({ date, name }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The bank holiday's name ("Boxing Day (substitute day)"), or undefined on any other day. */
export function bankHolidayName(date: string): string | undefined {
  return bankHolidaysOf(parse(date).y).get(date);
}

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && bankHolidayName(date) === undefined;
}

/** The Nth working day after `date` (see the counting rule at the top). n is a whole number ≥ 0. */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0: ${n}`);
  let day = toDayNumber(date);
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day))) left -= 1;
  }
  return fromDayNumber(day);
}

/**
 * Working days d with from < d ≤ to: `workingDaysBetween(D, addWorkingDays(D, n)) === n`. Negative
 * when `to` is before `from`; 0 when they are the same day.
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b < a) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = a + 1; day <= b; day++) if (isWorkingDay(fromDayNumber(day))) count += 1;
  return count;
}

/** `date` if it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(date: string): string {
  let day = toDayNumber(date);
  while (!isWorkingDay(fromDayNumber(day))) day -= 1;
  return fromDayNumber(day);
}

/**
 * Add whole calendar months, keeping the day of the month and clamping it to the month's last day:
 * 2026-01-31 + 1 month = 2026-02-28; 2028-01-31 + 1 month = 2028-02-29.
 */
export function addCalendarMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number: ${months}`);
  const { y, m, d } = parse(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** The bank holidays every year has (substitute days aside), by the names `date-holidays` gives them. */
export const REGULAR_BANK_HOLIDAYS = [
  "New Year's Day",
  "Good Friday",
  "Easter Monday",
  "Early May bank holiday",
  "Spring bank holiday",
  "Summer bank holiday",
  "Christmas Day",
  "Boxing Day",
] as const;

/** Regular bank holidays the holiday data lacks for a year; empty when the year is covered. */
export function missingRegularBankHolidays(year: number): string[] {
  const names = [...bankHolidaysOf(year).values()];
  // startsWith: a moved day keeps its name with a note, as "Early May bank holiday (VE day)" in 2020.
  return REGULAR_BANK_HOLIDAYS.filter((regular) => !names.some((name) => name.startsWith(regular)));
}

/** Whether the holiday data has every regular bank holiday in each year from `from` to `through`. */
export function holidayDataCoversThrough(from: string, through: string): boolean {
  const first = parse(from).y;
  const last = parse(through).y;
  for (let year = first; year <= last; year++) if (missingRegularBankHolidays(year).length > 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dates a conference sets
// ---------------------------------------------------------------------------------------------

export interface ProposedDates {
  /** The conference's date in London. */
  conferenceDate: string;
  /** The decision (and category, key worker, core group) to those invited (`001` 7.11.4). */
  decisionSummaryDue: string;
  /** The plan to those invited, where the procedures set a time of its own (`004`); else null. */
  planDue: string | null;
  /** The full record (`001` 7.11.5, `003` std 1, `004`). */
  recordDue: string;
  /**
   * First core group meeting if a plan is made at an initial-type conference (`001` 7.8.6, `004`).
   * Null after a review: the core group already meets on the cycle set when the plan began.
   */
  firstCoreGroupBy: string | null;
  /**
   * Latest date for the next review conference if a plan is made: within three months of an initial
   * conference, then at most six months apart (`001` 7.2.14, `000` ch.3, `002`), moved back to a
   * working day when it falls on a weekend or bank holiday.
   */
  nextReviewBy: string;
}

/** The dates already proposed, by their inputs; the oldest is dropped past this many. */
const PROPOSED_CACHE_SIZE = 1024;
const proposed = new Map<string, ProposedDates>();

/**
 * The dates the chair proposes at the end of a conference, from its kind, its start (an instant, taken
 * as a London date) and its policy profile. Pre-birth and transfer-in conferences are initial
 * conferences (`001` 7.2.16, 7.2.29-30), so they take the initial timescales.
 */
export function proposeDates(
  kind: ConferenceKind,
  conferenceStart: Date | string,
  profile: Pick<PolicyProfile, "deadlines" | "timescales">,
): ProposedDates {
  const { deadlines, timescales } = profile;
  // The server recomputes a conference's dates every time it writes the state document (after every
  // command), and the time-zone and working-day arithmetic is slow beside a lookup: the same inputs
  // give the same dates, so they are computed once. Frozen, as every caller shares them.
  const instant = typeof conferenceStart === "string" ? conferenceStart : conferenceStart.getTime();
  const key = `${kind}|${instant}|${JSON.stringify(deadlines)}|${JSON.stringify(timescales)}`;
  const known = proposed.get(key);
  if (known) return known;
  const date = londonDate(conferenceStart);
  const initial = kind !== "rcpc";
  const dates: ProposedDates = Object.freeze({
    conferenceDate: date,
    decisionSummaryDue: addWorkingDays(date, deadlines.decisionSummary),
    planDue: deadlines.plan === null ? null : addWorkingDays(date, deadlines.plan),
    recordDue: addWorkingDays(date, deadlines.record[kind]),
    firstCoreGroupBy: initial ? addWorkingDays(date, timescales.coreGroupWorkingDaysAfterIcpc) : null,
    nextReviewBy: workingDayOnOrBefore(
      addCalendarMonths(
        date,
        initial ? timescales.firstReviewMonthsAfterIcpc : timescales.reviewIntervalMonths,
      ),
    ),
  });
  if (proposed.size >= PROPOSED_CACHE_SIZE) proposed.delete(proposed.keys().next().value as string);
  proposed.set(key, dates);
  return dates;
}
