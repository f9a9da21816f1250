import { describe, expect, it } from 'vitest';
import { dayRange, localDay, newSeed, presetRange, rangeDays } from './period';

describe('QA ranges in the centre\'s local time (UTC+8)', () => {
  it('today is the Beijing day, even late in the UTC evening', () => {
    // 2025-03-04 17:30 UTC is 01:30 on the 5th in Beijing.
    expect(presetRange('today', new Date('2025-03-04T17:30:00Z'))).toEqual({ from: '2025-03-04T16:00:00.000Z', to: '2025-03-05T16:00:00.000Z' });
    expect(presetRange('today', new Date('2025-03-04T15:59:59Z'))).toEqual({ from: '2025-03-03T16:00:00.000Z', to: '2025-03-04T16:00:00.000Z' });
  });

  it('this week runs Monday to Monday, also on a Sunday', () => {
    // Sunday 2025-03-09 in Beijing belongs to the week of Monday 2025-03-03.
    expect(presetRange('week', new Date('2025-03-09T10:00:00+08:00'))).toEqual({ from: '2025-03-02T16:00:00.000Z', to: '2025-03-09T16:00:00.000Z' });
    expect(presetRange('week', new Date('2025-03-10T00:00:00+08:00')).from).toBe('2025-03-09T16:00:00.000Z');
  });

  it('a custom range covers whole days, both ends included, and refuses bad or reversed dates', () => {
    expect(dayRange('2025-03-01', '2025-03-02')).toEqual({ from: '2025-02-28T16:00:00.000Z', to: '2025-03-02T16:00:00.000Z' });
    expect(dayRange('2025-03-02', '2025-03-01')).toBeNull();
    expect(dayRange('2025-02-30', '2025-03-01')).toBeNull();
    expect(dayRange('2025/03/01', '2025-03-01')).toBeNull();
  });

  it('seeds are readable, dated in local time, and differ with the random part', () => {
    expect(localDay(new Date('2025-03-04T17:30:00Z'))).toBe('2025-03-05');
    expect(newSeed(new Date('2025-03-04T17:30:00Z'), () => 0)).toBe('2025-03-05-0000');
    expect(newSeed(new Date('2025-03-04T17:30:00Z'), () => 0.5)).not.toBe(newSeed(new Date('2025-03-04T17:30:00Z'), () => 0.25));
  });

  it('names a range by its local days, the end being exclusive', () => {
    expect(rangeDays(presetRange('today', new Date('2025-03-04T17:30:00Z'))).label).toBe('2025-03-05');
    expect(rangeDays(presetRange('week', new Date('2025-03-09T10:00:00+08:00'))).label).toBe('2025-03-03 – 2025-03-09');
    expect(rangeDays(dayRange('2025-03-01', '2025-03-02')!)).toMatchObject({ first: '2025-03-01', last: '2025-03-02' });
  });
});
