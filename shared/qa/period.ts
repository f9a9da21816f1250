/**
 * Reporting periods. QA counts "per agent per day/week/month" in the centre's local time (Beijing, UTC+8, by
 * default), not UTC: a chat that ended at 23:30 on Monday in Shanghai belongs to Monday.
 */
import { z } from 'zod';

export const PeriodSchema = z.enum(['day', 'week', 'month']);
export type Period = z.infer<typeof PeriodSchema>;

/** UTC+8, China Standard Time (no daylight saving, so a fixed offset is exact). */
export const CHINA_UTC_OFFSET_MINUTES = 480;

/** An ISO 8601 timestamp with its offset ("2025-03-03T09:15:00+08:00" or "...Z"). */
export const TimestampSchema = z.iso.datetime({ offset: true });

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The period an instant falls in: day "2025-03-03", ISO week "2025-W10" (weeks start on Monday; week 1 holds the
 * year's first Thursday, so 2024-12-30 is "2025-W01"), month "2025-03".
 */
export function periodKey(at: string, period: Period, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const epoch = Date.parse(at);
  if (Number.isNaN(epoch)) throw new RangeError(`not a timestamp: ${at}`);
  // Shift into local time and read it with the UTC getters, which never apply the host's own time zone.
  const local = new Date(epoch + utcOffsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  if (period === 'month') return `${year}-${pad(month)}`;
  if (period === 'day') return `${year}-${pad(month)}-${pad(local.getUTCDate())}`;
  const midnight = Date.UTC(year, local.getUTCMonth(), local.getUTCDate());
  const mondayBased = (local.getUTCDay() + 6) % 7;
  const thursday = new Date(midnight + (3 - mondayBased) * DAY_MS);
  const isoYear = thursday.getUTCFullYear();
  const ordinal = Math.round((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / DAY_MS) + 1;
  return `${isoYear}-W${pad(Math.floor((ordinal - 1) / 7) + 1)}`;
}
