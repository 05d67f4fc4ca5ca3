/**
 * Times in Quorum are shown and entered in UK time (Europe/London), whatever the device's own
 * time zone, because a conference happens in England.
 */
export const LONDON = "Europe/London";

const dateTimeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

const longDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});

/** The wall-clock fields in London at an instant. */
function londonFields(ms: number) {
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(dateTimeParts.formatToParts(ms).find((p) => p.type === type)?.value ?? "0");
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
export function londonOffsetMinutes(ms: number): number {
  const f = londonFields(ms);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** "10am", "2:30pm": the GOV.UK style for times. */
function clock(hour: number, minute: number): string {
  const suffix = hour < 12 ? "am" : "pm";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  if (hour === 12 && minute === 0) return "midday";
  if (hour === 0 && minute === 0) return "midnight";
  return minute === 0 ? `${h}${suffix}` : `${h}:${String(minute).padStart(2, "0")}${suffix}`;
}

/** "Tuesday 1 December 2026 at 10am" in UK time. */
export function formatDateTime(value: string | number): string {
  const ms = typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  const f = londonFields(ms);
  const parts = longDate.formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("year")} at ${clock(f.hour, f.minute)}`;
}

/** "1 December 2026" for a calendar date such as a date of birth (no time zone involved). */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(ms);
}

/**
 * A date ("2026-12-01") and a time ("10:00") as read on a clock in London, to ISO 8601 with the
 * offset in force then ("2026-12-01T10:00:00+00:00", "2026-06-01T10:00:00+01:00"). Returns
 * undefined when either part is missing or malformed. A time that does not exist (the hour skipped
 * when the clocks go forward) resolves to the instant an hour later, as a clock would show it.
 */
export function londonLocalToIso(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day) return undefined; // 30 February and the like
  // The offset at the wall time read as UTC is right except within hours of a change; one more
  // step with the offset found at that first guess settles it.
  const instant = wall - londonOffsetMinutes(wall - londonOffsetMinutes(wall) * 60_000) * 60_000;
  const offset = londonOffsetMinutes(instant);
  const f = londonFields(instant);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
