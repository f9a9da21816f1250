import { describe, expect, it } from 'vitest';
import { addReveal, nextExpiry, pruneReveals, secondsLeft } from './reveal';

describe('reveal timer', () => {
  const t0 = 1_700_000_000_000;

  it('shows a value for the granted time with a countdown rounded up, then masks it again', () => {
    const r = addReveal({}, 'phone', '13812348000', 30_000, t0);
    expect(r.phone).toEqual({ value: '13812348000', expiresAt: t0 + 30_000 });
    expect(secondsLeft(r.phone!, t0)).toBe(30);
    expect(secondsLeft(r.phone!, t0 + 29_001)).toBe(1);
    expect(pruneReveals(r, t0 + 29_999).phone).toBeDefined();
    expect(pruneReveals(r, t0 + 30_000).phone).toBeUndefined();
    expect(secondsLeft(r.phone!, t0 + 40_000)).toBe(0);
  });

  it('keeps fields independent: each expires on its own clock', () => {
    let r = addReveal({}, 'phone', 'p', 30_000, t0);
    r = addReveal(r, 'idNumber', 'i', 30_000, t0 + 10_000);
    expect(nextExpiry(r)).toBe(t0 + 30_000);
    const later = pruneReveals(r, t0 + 35_000);
    expect(Object.keys(later)).toEqual(['idNumber']);
    expect(nextExpiry(later)).toBe(t0 + 40_000);
    expect(nextExpiry(pruneReveals(later, t0 + 40_000))).toBeNull();
  });

  it('revealing again restarts that field only', () => {
    let r = addReveal({}, 'name', 'a', 30_000, t0);
    r = addReveal(r, 'name', 'a', 30_000, t0 + 20_000);
    expect(r.name!.expiresAt).toBe(t0 + 50_000);
  });

  it('returns the same object when nothing expired (no needless re-render)', () => {
    const r = addReveal({}, 'name', 'a', 30_000, t0);
    expect(pruneReveals(r, t0 + 1000)).toBe(r);
  });
});
