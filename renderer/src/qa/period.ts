/**
 * Reporting ranges for the QA workspace, in the centre's local time (Beijing, UTC+8, like the hub's periods), so that
 * "today" on a reviewer's machine set to another zone still means the centre's day.
 */
import { CHINA_UTC_OFFSET_MINUTES } from '../../../shared/qa/period';

export type RangePreset = 'today' | 'week' | 'custom';

export interface IsoRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

/** Midnight (local to the offset) of the day `at` falls in, as an epoch. */
function localMidnight(at: number, offsetMinutes: number): number {
  const shifted = at + offsetMinutes * 60_000;
  return shifted - (((shifted % DAY_MS) + DAY_MS) % DAY_MS) - offsetMinutes * 60_000;
}

/** Today, or this week (Monday to Monday), as a half-open range [from, to). */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, now: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): IsoRange {
  const midnight = localMidnight(now.getTime(), offsetMinutes);
  if (preset === 'today') return { from: new Date(midnight).toISOString(), to: new Date(midnight + DAY_MS).toISOString() };
  const weekday = new Date(midnight + offsetMinutes * 60_000).getUTCDay(); // 0 = Sunday
  const monday = midnight - ((weekday + 6) % 7) * DAY_MS;
  return { from: new Date(monday).toISOString(), to: new Date(monday + 7 * DAY_MS).toISOString() };
}

/** Whole local days from `firstDay` to `lastDay` inclusive ("YYYY-MM-DD"); null when a date is invalid or reversed. */
export function dayRange(firstDay: string, lastDay: string, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): IsoRange | null {
  const start = parseDay(firstDay);
  const end = parseDay(lastDay);
  if (start === null || end === null || end < start) return null;
  const offsetMs = offsetMinutes * 60_000;
  return { from: new Date(start - offsetMs).toISOString(), to: new Date(end + DAY_MS - offsetMs).toISOString() };
}

function parseDay(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  // Rejects 2025-02-30 and the like, which Date.UTC would roll over into March.
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? ms : null;
}

/** The local day ("YYYY-MM-DD") an instant falls in. */
export function localDay(at: Date, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** A fresh seed a person can read back and type again: date plus a short random part. */
export function newSeed(now: Date, random: () => number = Math.random, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const suffix = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${localDay(now, offsetMinutes)}-${suffix}`;
}

/** The local days a half-open range covers, for display and file names: "2025-03-03" or "2025-03-03 – 2025-03-09". */
export function rangeDays(range: IsoRange, offsetMinutes = CHINA_UTC_OFFSET_MINUTES): { first: string; last: string; label: string } {
  const first = localDay(new Date(range.from), offsetMinutes);
  const last = localDay(new Date(Date.parse(range.to) - 1), offsetMinutes);
  return { first, last, label: first === last ? first : `${first} – ${last}` };
}
