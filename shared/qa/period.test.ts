import { describe, expect, it } from 'vitest';
import { periodKey } from './period';

describe('periodKey', () => {
  it('buckets by the centre\'s local day (UTC+8 by default), not UTC', () => {
    // 17:30 UTC on 3 March is 01:30 on 4 March in Beijing
    expect(periodKey('2025-03-03T17:30:00Z', 'day')).toBe('2025-03-04');
    expect(periodKey('2025-03-03T17:30:00Z', 'day', 0)).toBe('2025-03-03');
    expect(periodKey('2025-03-04T01:30:00+08:00', 'day')).toBe('2025-03-04');
  });

  it('uses ISO weeks (Monday first; week 1 holds the first Thursday)', () => {
    expect(periodKey('2025-03-03T09:00:00+08:00', 'week')).toBe('2025-W10'); // a Monday
    expect(periodKey('2025-03-09T23:59:00+08:00', 'week')).toBe('2025-W10'); // the Sunday after
    expect(periodKey('2025-03-10T00:00:00+08:00', 'week')).toBe('2025-W11');
    expect(periodKey('2024-12-30T12:00:00+08:00', 'week')).toBe('2025-W01'); // Monday of the week with 2 Jan 2025
    expect(periodKey('2021-01-03T12:00:00+08:00', 'week')).toBe('2020-W53'); // Sunday, still 2020's last week
  });

  it('buckets months in local time', () => {
    expect(periodKey('2025-01-31T16:30:00Z', 'month')).toBe('2025-02');
    expect(periodKey('2025-12-31T15:59:59Z', 'month')).toBe('2025-12');
  });

  it('rejects text that is not a timestamp', () => {
    expect(() => periodKey('yesterday', 'day')).toThrow(/not a timestamp/);
  });
});
