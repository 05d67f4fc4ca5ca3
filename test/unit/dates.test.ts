import { afterEach, describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  bankHolidayName,
  bankHolidays,
  dayOfWeek,
  holidayDataCoversThrough,
  isIsoDate,
  isWorkingDay,
  londonDate,
  missingRegularBankHolidays,
  proposeDates,
  REGULAR_BANK_HOLIDAYS,
  workingDayOnOrBefore,
  workingDaysBetween,
} from "../../shared/dates";
import type { ConferenceKind } from "../../shared/domain";
import { longDate } from "../../shared/longDate";
import { POLICY_PRESETS, type PolicyProfile, type PresetName } from "../../shared/policy";

/** The day these tests were written; the holiday data must cover the year after it. */
const WRITTEN = "2026-11-22";

describe("londonDate", () => {
  it.each([
    // The clocks go forward at 01:00 UTC on 29 March 2026.
    ["2026-03-28T23:30:00Z", "2026-03-28"],
    ["2026-03-29T00:30:00Z", "2026-03-29"],
    ["2026-03-29T23:30:00Z", "2026-03-30"],
    // Summer time: 23:30 UTC is 00:30 the next day in London.
    ["2026-06-15T23:30:00Z", "2026-06-16"],
    ["2026-06-15T22:59:59Z", "2026-06-15"],
    ["2026-06-15T23:00:00Z", "2026-06-16"],
    // The clocks go back at 01:00 UTC on 25 October 2026.
    ["2026-10-24T22:30:00Z", "2026-10-24"],
    ["2026-10-24T23:30:00Z", "2026-10-25"],
    ["2026-10-25T00:30:00Z", "2026-10-25"],
    ["2026-10-25T23:30:00Z", "2026-10-25"],
    // Winter: London is on UTC.
    ["2026-12-31T23:59:59Z", "2026-12-31"],
    ["2027-01-01T00:00:00Z", "2027-01-01"],
    // Offsets other than Z.
    ["2026-06-30T23:30:00-05:00", "2026-07-01"],
    ["2026-07-01T00:30:00+02:00", "2026-06-30"],
    ["2026-01-01T08:00:00+09:00", "2025-12-31"],
  ])("%s is %s in London", (instant, expected) => {
    expect(londonDate(instant)).toBe(expected);
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  it.each(["", "not a date", "2026-13-45T00:00:00Z"])("refuses %j", (bad) => {
    expect(() => londonDate(bad)).toThrow(RangeError);
  });
});

describe("whatever the process time zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(["America/Los_Angeles", "Pacific/Kiritimati", "Asia/Tokyo", "Europe/London", "UTC"])(
    "gives the same dates in %s",
    (tz) => {
      const instants = [
        "2026-03-29T00:30:00Z",
        "2026-06-15T23:30:00Z",
        "2026-10-25T00:30:00Z",
        "2026-12-24T16:00:00Z",
      ];
      process.env.TZ = "UTC";
      const baseline = instants.map((i) => [
        londonDate(i),
        proposeDates("icpc", i, POLICY_PRESETS.wakefield),
      ]);
      process.env.TZ = tz;
      // The zone really changed (a no-op here would make this test prove nothing).
      const offset = new Date("2026-01-15T12:00:00Z").getTimezoneOffset();
      expect(offset).toBe(
        { "America/Los_Angeles": 480, "Pacific/Kiritimati": -840, "Asia/Tokyo": -540 }[tz] ?? 0,
      );
      expect(instants.map((i) => [londonDate(i), proposeDates("icpc", i, POLICY_PRESETS.wakefield)])).toEqual(
        baseline,
      );
      expect(addWorkingDays("2026-12-24", 1)).toBe("2026-12-29");
      expect(isWorkingDay("2026-12-28")).toBe(false);
    },
  );
});

describe("calendar dates", () => {
  it.each([
    ["2026-01-31", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-02-30", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-1-1", false],
    ["26-01-01", false],
    ["2026-01-01T00:00:00Z", false],
    ["", false],
  ])("isIsoDate(%j) is %s", (date, ok) => {
    expect(isIsoDate(date)).toBe(ok);
  });

  it.each([
    ["2026-11-22", 0], // Sunday
    ["2026-11-23", 1],
    ["2026-11-28", 6],
    ["2026-12-25", 5],
  ])("%s is day %i of the week", (date, dow) => {
    expect(dayOfWeek(date)).toBe(dow);
  });

  it.each([
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-03-28", 2, "2026-03-30"],
    ["0050-03-01", -1, "0050-02-28"],
  ])("addCalendarDays(%s, %i) = %s", (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-08-31", 3, "2026-11-30"],
    ["2026-11-30", 3, "2027-02-28"],
    ["2026-10-15", 6, "2027-04-15"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-12-31", 12, "2027-12-31"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2026-09-30", 3, "2026-12-30"],
    ["2026-05-31", 6, "2026-11-30"],
    ["2026-11-22", 0, "2026-11-22"],
  ])("addCalendarMonths(%s, %i) = %s", (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it.each([
    () => addCalendarMonths("2026-02-30", 1),
    () => addCalendarMonths("2026-01-31", 1.5),
    () => addWorkingDays("2026-01-05", -1),
    () => addWorkingDays("2026-01-05", 1.5),
    () => addWorkingDays("5 Jan 2026", 1),
    () => isWorkingDay("2026-02-29"),
    () => workingDaysBetween("2026-01-01", "2026-1-2"),
  ])("refuses bad input (%#)", (call) => {
    expect(call).toThrow(RangeError);
  });
});

describe("longDate", () => {
  it.each([
    ["2026-12-15", "Tuesday 15 December 2026"],
    ["2027-01-01", "Friday 1 January 2027"],
    ["2028-02-29", "Tuesday 29 February 2028"],
    ["0099-03-01", "Sunday 1 March 99"],
    // Not a calendar date: as it came.
    ["2027-02-29", "2027-02-29"],
    ["2026-13-01", "2026-13-01"],
    ["soon", "soon"],
    ["", ""],
  ])("%s → %s", (date, words) => {
    expect(longDate(date)).toBe(words);
  });
});

describe("bank holidays in England and Wales", () => {
  it.each([
    ["2026-04-03", "Good Friday"],
    ["2026-04-06", "Easter Monday"],
    ["2026-12-25", "Christmas Day"],
    ["2026-12-28", "Boxing Day (substitute day)"],
    ["2027-01-01", "New Year's Day"],
    ["2021-12-27", "Christmas Day (substitute day)"],
    ["2021-12-28", "Boxing Day (substitute day)"],
    ["2022-01-03", "New Year's Day (substitute day)"],
    ["2022-12-27", "Christmas Day (substitute day)"],
    ["2022-06-02", "Spring bank holiday"],
    ["2022-06-03", "Queen’s Platinum Jubilee"],
    ["2022-09-19", "Queen Elizabeth's Funeral Day"],
    ["2023-05-08", "King Charles III's Coronation"],
    ["2020-05-08", "Early May bank holiday (VE day)"],
  ])("%s is %s", (date, name) => {
    expect(bankHolidayName(date)).toBe(name);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ["2026-04-05", "Easter Sunday is an observance, not a bank holiday"],
    ["2026-03-15", "Mother's Day is an observance"],
    ["2026-11-23", "an ordinary Monday"],
    ["2022-05-30", "the spring bank holiday moved to 2 June in 2022"],
    ["2020-05-04", "the early May bank holiday moved to 8 May in 2020"],
  ])("%s is not a bank holiday (%s)", (date) => {
    expect(bankHolidayName(date)).toBeUndefined();
  });

  it.each([
    [
      2026,
      [
        "2026-01-01",
        "2026-04-03",
        "2026-04-06",
        "2026-05-04",
        "2026-05-25",
        "2026-08-31",
        "2026-12-25",
        "2026-12-26",
        "2026-12-28",
      ],
    ],
    [
      2027,
      [
        "2027-01-01",
        "2027-03-26",
        "2027-03-29",
        "2027-05-03",
        "2027-05-31",
        "2027-08-30",
        "2027-12-25",
        "2027-12-26",
        "2027-12-27",
        "2027-12-28",
      ],
    ],
    [
      2028,
      [
        "2028-01-01",
        "2028-01-03",
        "2028-04-14",
        "2028-04-17",
        "2028-05-01",
        "2028-05-29",
        "2028-08-28",
        "2028-12-25",
        "2028-12-26",
      ],
    ],
  ])("the bank holidays of %i (weekend days and their substitutes included)", (year, dates) => {
    expect(bankHolidays(year).map((h) => h.date)).toEqual(dates);
  });

  // Written on 2026-11-22: the data must cover each of the next two calendar years.
  const nextTwoYears = [Number(WRITTEN.slice(0, 4)) + 1, Number(WRITTEN.slice(0, 4)) + 2];
  it.each(nextTwoYears.flatMap((year) => REGULAR_BANK_HOLIDAYS.map((name) => [year, name] as const)))(
    "%i has %s",
    (year, name) => {
      const found = bankHolidays(year).filter((h) => h.name === name);
      expect(found).toHaveLength(1);
      expect(found[0]!.date.startsWith(`${year}-`)).toBe(true);
    },
  );

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))(
    "the data covers the %i-month window after 2026-11-22 and after today",
    (months) => {
      expect(holidayDataCoversThrough(WRITTEN, addCalendarMonths(WRITTEN, months))).toBe(true);
      const today = londonDate(new Date());
      expect(holidayDataCoversThrough(today, addCalendarMonths(today, months))).toBe(true);
    },
  );

  it("reports a year it does not cover", () => {
    // The package answers year 1 with dates in 1901, which are not that year's: nothing is covered.
    expect(missingRegularBankHolidays(1)).toEqual([...REGULAR_BANK_HOLIDAYS]);
    expect(holidayDataCoversThrough("0001-06-01", "0002-01-01")).toBe(false);
    expect(missingRegularBankHolidays(2027)).toEqual([]);
  });
});

describe("working days", () => {
  it.each([
    // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
    ["2026-04-02", true],
    ["2026-04-03", false],
    ["2026-04-04", false],
    ["2026-04-05", false],
    ["2026-04-06", false],
    ["2026-04-07", true],
    // Christmas 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute.
    ["2026-12-24", true],
    ["2026-12-25", false],
    ["2026-12-26", false],
    ["2026-12-27", false],
    ["2026-12-28", false],
    ["2026-12-29", true],
    ["2026-12-31", true],
    ["2027-01-01", false],
    ["2027-01-04", true],
    // 2022: Christmas Day a Sunday, Boxing Day the Monday, the Tuesday the substitute.
    ["2022-12-26", false],
    ["2022-12-27", false],
    ["2022-12-28", true],
    ["2022-09-19", false],
    ["2023-05-08", false],
    ["2023-05-09", true],
    ["2026-11-20", true],
    ["2026-11-21", false],
    ["2026-11-22", false],
  ])("%s is a working day: %s", (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ["2026-11-22", 0, "2026-11-22", "day 0 is the date itself, even on a Sunday"],
    ["2026-11-23", 0, "2026-11-23", "day 0 is the date itself"],
    ["2026-11-23", 1, "2026-11-24", "the day after"],
    ["2026-11-20", 1, "2026-11-23", "Friday to Monday"],
    ["2026-11-21", 1, "2026-11-23", "from a Saturday"],
    ["2026-11-23", 5, "2026-11-30", "a week"],
    ["2026-04-02", 1, "2026-04-07", "over Easter"],
    ["2026-04-01", 2, "2026-04-07", "over Easter"],
    ["2026-03-27", 10, "2026-04-14", "ten working days over Easter"],
    ["2026-12-24", 1, "2026-12-29", "over Christmas and the substitute day"],
    ["2026-12-23", 3, "2026-12-30", "over Christmas"],
    ["2026-12-30", 2, "2027-01-04", "over New Year's Day"],
    ["2026-12-31", 1, "2027-01-04", "from New Year's Eve"],
    ["2026-12-22", 10, "2027-01-08", "ten working days over Christmas and New Year"],
    ["2026-12-17", 15, "2027-01-12", "fifteen working days over Christmas and New Year"],
    ["2026-12-17", 20, "2027-01-19", "twenty working days over Christmas and New Year"],
    ["2022-06-01", 1, "2022-06-06", "over the Platinum Jubilee"],
    ["2022-09-16", 1, "2022-09-20", "over the Queen's funeral"],
    ["2023-05-05", 1, "2023-05-09", "over the coronation"],
    ["2021-12-24", 1, "2021-12-29", "over two substitute days"],
    ["2022-12-23", 1, "2022-12-28", "over Boxing Day and the substitute"],
  ])("addWorkingDays(%s, %i) = %s (%s)", (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it.each([
    ["2026-04-02", "2026-04-07", 1],
    ["2026-04-02", "2026-04-02", 0],
    ["2026-04-07", "2026-04-02", -1],
    ["2026-12-24", "2027-01-04", 4],
    ["2026-12-25", "2026-12-28", 0],
    ["2026-11-20", "2026-11-27", 5],
    ["2026-01-01", "2026-12-31", 253],
  ])("workingDaysBetween(%s, %s) = %i", (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it.each([1, 2, 10, 15, 20])(
    "addWorkingDays(d, %i) lands on a working day n working days later, for every day of 2026 and 2027",
    (n) => {
      for (let d = "2026-01-01"; d <= "2027-12-31"; d = addCalendarDays(d, 1)) {
        const due = addWorkingDays(d, n);
        expect(isWorkingDay(due), `${d} + ${n}`).toBe(true);
        expect(workingDaysBetween(d, due), `${d} + ${n}`).toBe(n);
        expect(workingDaysBetween(d, addCalendarDays(due, -1)), `${d} + ${n}`).toBe(n - 1);
      }
    },
  );

  it.each([
    ["2026-11-23", "2026-11-23"],
    ["2026-11-22", "2026-11-20"],
    ["2026-12-28", "2026-12-24"],
    ["2026-04-06", "2026-04-02"],
    ["2027-01-03", "2026-12-31"],
  ])("workingDayOnOrBefore(%s) = %s", (date, expected) => {
    expect(workingDayOnOrBefore(date)).toBe(expected);
  });
});

describe("proposeDates", () => {
  // Working days after Thursday 17 December 2026, counted by hand from the 2026-27 bank holidays.
  const after17Dec: Record<number, string> = {
    1: "2026-12-18",
    2: "2026-12-21",
    10: "2027-01-05",
    15: "2027-01-12",
    20: "2027-01-19",
  };
  const start = "2026-12-17T10:00:00Z";
  const kinds: ConferenceKind[] = ["icpc", "rcpc", "pre_birth", "transfer_in"];
  const rows = (Object.keys(POLICY_PRESETS) as PresetName[]).flatMap((preset) =>
    kinds.map((kind) => [preset, kind] as const),
  );

  it.each(rows)("%s %s on 17 December 2026", (preset, kind) => {
    const profile: PolicyProfile = POLICY_PRESETS[preset];
    const dates = proposeDates(kind, start, profile);
    const wd = (n: number) => after17Dec[n] ?? `no hand-counted date for ${n}`;
    expect(dates).toEqual({
      conferenceDate: "2026-12-17",
      decisionSummaryDue: wd(profile.deadlines.decisionSummary),
      planDue: profile.deadlines.plan === null ? null : wd(profile.deadlines.plan),
      recordDue: wd(profile.deadlines.record[kind]),
      firstCoreGroupBy: kind === "rcpc" ? null : "2027-01-05",
      nextReviewBy: kind === "rcpc" ? "2027-06-17" : "2027-03-17",
    });
  });

  it.each([
    ["wakefield", "icpc", "2026-12-17T10:00:00Z", { planDue: "2026-12-21", recordDue: "2027-01-12" }],
    ["middlesbrough", "rcpc", "2026-12-17T10:00:00Z", { recordDue: "2027-01-19", firstCoreGroupBy: null }],
    ["haringey", "icpc", "2026-12-17T10:00:00Z", { planDue: "2026-12-18", recordDue: "2026-12-18" }],
    ["hertfordshire", "icpc", "2026-12-17T10:00:00Z", { planDue: null, recordDue: "2027-01-05" }],
    // 30 Nov + 3 months is clamped to Sunday 28 Feb 2027, then moved back to Friday 26 Feb.
    ["hertfordshire", "icpc", "2026-11-30T10:00:00Z", { nextReviewBy: "2027-02-26" }],
    // 25 June + 6 months is Christmas Day 2026: the review is due by Thursday 24 December.
    ["hertfordshire", "rcpc", "2026-06-25T10:00:00Z", { nextReviewBy: "2026-12-24" }],
    // 23:30 UTC on 15 June is 16 June in London: the deadlines count from the London date.
    [
      "wakefield",
      "icpc",
      "2026-06-15T23:30:00Z",
      { conferenceDate: "2026-06-16", decisionSummaryDue: "2026-06-17" },
    ],
    ["hertfordshire", "pre_birth", "2026-04-02T09:00:00+01:00", { decisionSummaryDue: "2026-04-07" }],
  ] as const)("%s %s at %s", (preset, kind, instant, expected) => {
    expect(proposeDates(kind, instant, POLICY_PRESETS[preset])).toMatchObject(expected);
  });
  it("answers again from what it was given, not from an earlier answer", () => {
    const start = "2026-12-17T10:00:00Z";
    const base = POLICY_PRESETS.wakefield;
    const first = proposeDates("icpc", start, base);
    // The same inputs give the very same (frozen) answer; a changed deadline, start or kind does not.
    expect(proposeDates("icpc", start, base)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const longer = { ...base, deadlines: { ...base.deadlines, decisionSummary: 5 } };
    expect(proposeDates("icpc", start, longer).decisionSummaryDue).toBe("2026-12-24");
    expect(proposeDates("icpc", start, base).decisionSummaryDue).toBe(first.decisionSummaryDue);
    expect(proposeDates("icpc", new Date("2026-12-18T10:00:00Z"), base).conferenceDate).toBe("2026-12-18");
    expect(proposeDates("rcpc", start, base).firstCoreGroupBy).toBeNull();
    expect(() => proposeDates("icpc", "not a date", base)).toThrow(RangeError);
    expect(() => proposeDates("icpc", new Date(Number.NaN), base)).toThrow(RangeError);
  });
});
