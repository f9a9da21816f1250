/**
 * Revealed customer fields, each visible until its expiry (the hub grants 30 s), then masked again. Pure functions of
 * the current time so the countdown is testable without waiting.
 */
import type { RevealableField } from '../../../shared/protocol/hub';

export interface Reveal {
  value: string;
  /** Epoch milliseconds at which the value is masked again. */
  expiresAt: number;
}

export type Reveals = Readonly<Partial<Record<RevealableField, Reveal>>>;

export function addReveal(reveals: Reveals, field: RevealableField, value: string, expiresInMs: number, now: number): Reveals {
  return { ...pruneReveals(reveals, now), [field]: { value, expiresAt: now + Math.max(0, expiresInMs) } };
}

/** The reveals still visible at `now` (the same object when nothing expired, so React skips a render). */
export function pruneReveals(reveals: Reveals, now: number): Reveals {
  const entries = Object.entries(reveals) as [RevealableField, Reveal][];
  const live = entries.filter(([, r]) => r.expiresAt > now);
  return live.length === entries.length ? reveals : Object.fromEntries(live);
}

/** Whole seconds left, rounded up (a value with 0.2 s left still shows "1"); 0 once expired. */
export function secondsLeft(reveal: Reveal, now: number): number {
  return Math.max(0, Math.ceil((reveal.expiresAt - now) / 1000));
}

/** When the next value expires (to schedule the next tick), or null when nothing is revealed. */
export function nextExpiry(reveals: Reveals): number | null {
  const times = Object.values(reveals).map((r) => r!.expiresAt);
  return times.length ? Math.min(...times) : null;
}
