/**
 * Calendar-date arithmetic for suitability checks.
 *
 * Assessment validity is a matter of calendar days, not instants, so every date is reduced to a (year, month, day)
 * triple before comparing. Date-only strings are taken exactly as written (never passed through `new Date`, which
 * would read them as UTC midnight and shift them a day in other zones). Datetimes with an explicit offset are
 * instants and are read as the calendar date in China Standard Time (UTC+8, no daylight saving), where the firm
 * operates; datetimes without an offset are wall-clock times and keep the date as written.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** China Standard Time, in minutes east of UTC. */
export const CHINA_OFFSET_MINUTES = 8 * 60;

const ISO_DATE_OR_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/** Parses an ISO date or datetime into its calendar date; anything else (or an impossible date) gives null. */
export function parseCalendarDate(value: unknown): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE_OR_DATETIME.exec(value.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (m[4] === undefined) return { year, month, day };

  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[7];
  if (zone === undefined) return { year, month, day };

  const offset = offsetMinutes(zone);
  if (Number.isNaN(offset)) return null;
  const utcMillis = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  const china = new Date(utcMillis + CHINA_OFFSET_MINUTES * 60_000);
  return { year: china.getUTCFullYear(), month: china.getUTCMonth() + 1, day: china.getUTCDate() };
}

/** Negative when a is earlier than b, 0 on the same day, positive when later. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year * 10_000 + a.month * 100 + a.day - (b.year * 10_000 + b.month * 100 + b.day);
}

/** The same month and day `years` later; 29 February falls on 28 February in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const year = date.year + years;
  const day = Math.min(date.day, daysInMonth(year, date.month));
  return { year, month: date.month, day };
}

export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/**
 * Age in whole years on `asOf` for someone born in `birthYear`, when only the year is known.
 * Counts as if the birthday had already passed: the higher of the two possible ages, so that protections for
 * elderly investors apply from the first day they could be due.
 */
export function ageFromBirthYear(birthYear: number, asOf: CalendarDate): number {
  return asOf.year - birthYear;
}
